"""A stand-in for the final text (集体合同文本) template, and contexts from the Bengbu example.

Used by ``bench/render.py`` (and the engine's tests) until the built-in ``final_text.docx`` is
there: an A4 page with the margins of GB/T 9704, 仿宋_GB2312 body with the East-Asian font set,
a 方正小标宋简体 title, 黑体 chapter headings, chapters and articles looping over the clauses,
a signature table, the fingerprint in a header, the footer and the document properties.
"""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from bargain import load_agreement

EXAMPLE = (
    Path(__file__).resolve().parent.parent / "examples" / "bengbu-delivery-sector-agreement.yaml"
)


def _fonts(style: Any, latin: str, east_asian: str, size: float, bold: bool = False) -> None:
    style.font.name = latin
    style.font.size = Pt(size)
    style.font.bold = bold
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asian)


def build_final_text(path: Path) -> Path:
    """Write the stand-in final-text template to ``path``."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.left_margin = Mm(37), Mm(28)
    section.bottom_margin, section.right_margin = Mm(35), Mm(26)
    _fonts(document.styles["Normal"], "FangSong", "仿宋_GB2312", 16)
    document.styles["Normal"].paragraph_format.first_line_indent = Pt(32)
    _fonts(document.styles["Title"], "SimSun", "方正小标宋简体", 22)
    _fonts(document.styles["Heading 1"], "SimHei", "黑体", 16)
    document.core_properties.title = "{{ title }}"
    document.core_properties.identifier = "{{ fingerprint }}"
    title = document.add_paragraph("{{ title }}", style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph("甲方（职工方）：{{ union.name }}")
    document.add_paragraph("乙方（企业方）：{{ employer.name }}")
    document.add_paragraph("{%p for chapter in chapters %}")
    heading = document.add_paragraph(
        "{{ chapter.number|chapter_number }}　{{ chapter.title }}", style="Heading 1"
    )
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph("{%p for article in chapter.articles %}")
    article = document.add_paragraph()
    article.add_run("{{ article.number|article_number }}").bold = True
    article.add_run("　{{ article.text }}")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("本合同期限自{{ term.start }}起至{{ term.end }}止。")
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text = "甲方（盖章）：{{ union.name }}"
    table.cell(0, 1).text = "乙方（盖章）：{{ employer.name }}"
    table.cell(1, 0).text = "首席代表（签字）：{{ union.chief }}"
    table.cell(1, 1).text = "首席代表（签字）：{{ employer.chief }}"
    table.cell(2, 0).text = "{{ signed_on }}"
    table.cell(2, 1).text = "{{ signed_on }}"
    section.header.paragraphs[0].text = "{{ title }}"
    section.footer.paragraphs[0].text = "文本指纹：{{ fingerprint }}"
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def final_text_context() -> dict[str, Any]:
    """The final text's context for the Bengbu sector agreement: ~30 articles in 5 chapters."""
    agreement = load_agreement(EXAMPLE)
    chief = {
        side: next((p.name for p in party.delegation.representatives if p.chief), "")
        for side, party in (("union", agreement.union), ("employer", agreement.employer))
    }
    general = [
        f"为维护{agreement.scope.region_name or agreement.scope.region}网约送餐行业职工的合法权益，"
        "根据《中华人民共和国劳动法》《中华人民共和国工会法》和《集体合同规定》，经平等协商，订立本合同。",
        f"本合同适用于{'、'.join(agreement.scope.enterprises) or '本行业企业'}及其全体骑手。",
        "双方应当全面履行本合同，任何一方不得擅自变更或者解除。",
        "本合同所称骑手，包括专送骑手、众包骑手和非全日制骑手。",
    ]
    final = [
        "本合同履行中发生争议，双方协商解决；协商不成的，可以向劳动保障行政部门申请协调处理。",
        "本合同经职工代表大会审议通过，双方首席代表签字后，报送劳动保障行政部门审查。",
        "劳动保障行政部门自收到文本之日起15日内未提出异议的，本合同即行生效。",
        "本合同生效后，由双方以适当形式向全体职工公布。",
        "本合同期满前3个月内，任何一方均可以向对方提出重新签订或者续订的要求。",
        "本合同一式三份，双方各执一份，报劳动保障行政部门一份。",
        "本合同未尽事宜，由双方另行协商，签订补充协议。",
        "补充协议与本合同具有同等效力。",
        "本合同由双方负责解释。",
    ]
    chapters: list[dict[str, Any]] = [{"title": "总则", "texts": general}]
    by_kind: dict[str, list[str]] = {}
    for clause in agreement.clauses:
        by_kind.setdefault(clause.heading or "", []).append(clause.text)
    groups = list(by_kind.items())
    middle = [groups[: len(groups) // 3], groups[len(groups) // 3 : 2 * len(groups) // 3]]
    middle.append(groups[2 * len(groups) // 3 :])
    for title, group in zip(("劳动报酬", "劳动条件", "保险福利与其他"), middle, strict=True):
        chapters.append({"title": title, "texts": [t for _, texts in group for t in texts]})
    chapters.append({"title": "附则", "texts": final})
    number = 0
    for index, chapter in enumerate(chapters, 1):
        chapter["number"] = index
        chapter["articles"] = []
        for text in chapter.pop("texts"):
            number += 1
            chapter["articles"].append({"number": number, "text": text})
    context: dict[str, Any] = {
        "title": agreement.title,
        "union": {"name": agreement.union.organisations[0].name, "chief": chief["union"]},
        "employer": {"name": agreement.employer.organisations[0].name, "chief": chief["employer"]},
        "chapters": chapters,
        "term": {
            "start": f"{agreement.term.start.year}年{agreement.term.start.month}月{agreement.term.start.day}日"
            if agreement.term
            else "",
            "end": f"{agreement.term.end.year}年{agreement.term.end.month}月{agreement.term.end.day}日"
            if agreement.term
            else "",
        },
        "signed_on": "2019年12月11日",
        "lang": "zh",
    }
    context["fingerprint"] = _fingerprint(context)
    return context


def _fingerprint(context: dict[str, Any]) -> str:
    return hashlib.sha256(
        json.dumps(context, ensure_ascii=False, sort_keys=True).encode()
    ).hexdigest()


def varied_contexts(count: int) -> list[tuple[str, dict[str, Any]]]:
    """``count`` different final texts: the example with its articles and amounts varied."""
    base = final_text_context()
    contexts = []
    for n in range(count):
        context = copy.deepcopy(base)
        context["title"] = f"{base['title']}（第{n + 1}号）"
        for chapter in context["chapters"]:
            for article in chapter["articles"]:
                article["text"] = article["text"].replace("4.5元", f"{4.5 + n / 100:.2f}元")
        context["fingerprint"] = _fingerprint(context)
        contexts.append((f"final-text-{n + 1}", context))
    return contexts
