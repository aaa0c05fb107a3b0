"""Every paper renders from the Bengbu examples and from the history the procedure example writes.

Rendering is bargain's own (``render_docx``: the template prepared once, sandboxed, strict,
autoescaped, with FILTERS); each output is opened with python-docx and the expected values are
looked for where they belong.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.document import Document as DocumentType
from docx.oxml.ns import qn
from lxml import etree

from bargain import FixedClock, MemoryStore, Role, SqlStore, Workflow, load_agreement, open_workflow
from bargain.commands import (
    AcceptOffer,
    AgreeDraft,
    ConcludeCoordination,
    File,
    HoldCongressVote,
    Object,
    RefuseOffer,
    SendOffer,
    Sign,
    StartNegotiation,
    SubmitToCongress,
)
from bargain.domain.agreement import Agreement
from bargain.domain.events import Event, EventType
from bargain.render.context import PAPERS, Paper, papers, sample_context
from bargain.render.docx import render_docx
from tests.conftest import EXAMPLES, ROOT, SECTOR_AGREEMENT, SPRING_FESTIVAL

TEMPLATES = ROOT / "templates"


def render(name: str, context: Mapping[str, Any], out: Path) -> DocumentType:
    render_docx(TEMPLATES / f"{name}.docx", context, out)
    return Document(str(out))


def body(document: DocumentType) -> list[str]:
    return [p.text for p in document.paragraphs]


def cells(document: DocumentType) -> list[list[str]]:
    return [[c.text for c in row.cells] for t in document.tables for row in t.rows]


def footer(document: DocumentType) -> list[str]:
    return [p.text for p in document.sections[0].footer.paragraphs]


@pytest.fixture(scope="module")
def procedure(tmp_path_factory: pytest.TempPathFactory) -> tuple[Agreement, list[Event]]:
    """The agreement and history that examples/bengbu_procedure.py writes to an SQLite file."""
    db = tmp_path_factory.mktemp("procedure") / "demo.db"
    subprocess.run(
        [sys.executable, str(EXAMPLES / "bengbu_procedure.py"), "--db", str(db)],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    store = SqlStore(db)
    try:
        workflow = open_workflow(store)
        key = "bengbu-delivery-sector-agreement"
        return workflow.get(key), list(workflow.history(key))
    finally:
        store.dispose()


@pytest.fixture(scope="module")
def rendered(
    procedure: tuple[Agreement, list[Event]], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, tuple[Paper, DocumentType]]:
    agreement, history = procedure
    out = tmp_path_factory.mktemp("papers")
    return {
        paper.stem: (paper, render(paper.kind.name, paper.context, out / f"{paper.stem}.docx"))
        for paper in papers(agreement, history)
    }


def test_the_history_calls_for_exactly_its_papers(
    rendered: dict[str, tuple[Paper, DocumentType]],
) -> None:
    assert list(rendered) == [
        "offer",
        "reply",
        "minutes-1",
        "minutes-2",
        "draft",
        "congress_resolution",
        "final_text",
        "final_text_en",
        "filing_letter",
        "publication_notice",
    ]


def test_the_offer_lists_its_topics_and_the_twentieth_day(
    rendered: dict[str, tuple[Paper, DocumentType]],
) -> None:
    paragraphs = body(rendered["offer"][1])
    assert paragraphs[0] == "集体协商要约书"
    assert paragraphs[1].startswith("六安儒鑫配送物流公司蚌埠分公司")  # addressed to the employers
    assert paragraphs[3:6] == ["一、劳动报酬", "二、劳动保护", "三、算法规则"]
    assert "起二十日内，即于2019年11月26日前书面回应" in paragraphs[6]
    assert paragraphs[-1] == "2019年11月6日"


def test_the_reply_accepts(rendered: dict[str, tuple[Paper, DocumentType]]) -> None:
    paragraphs = body(rendered["reply"][1])
    assert any(p.startswith("经研究，我方同意") for p in paragraphs)
    assert not any("理由如下" in p for p in paragraphs)
    assert paragraphs[-1] == "2019年11月27日"


def test_each_meeting_has_its_minutes(rendered: dict[str, tuple[Paper, DocumentType]]) -> None:
    first, second = cells(rendered["minutes-1"][1]), cells(rendered["minutes-2"][1])
    assert first[0] == ["会议时间", "2019年11月29日"]
    assert first[1] == ["会议地点", "蚌埠市总工会"]
    assert first[2] == ["主持人", "职工方（工会）首席代表杜诚"]
    assert second[2] == ["主持人", "企业方首席代表王强"]
    assert first[3] == ["记录员", "周敏"]
    assert first[6] == ["协商议题", "劳动报酬、劳动保护、算法规则"]
    assert second[6] == ["协商议题", "配送单价、保底收入、恶劣天气和高温补贴"]
    assert "（第二次会议）" in body(rendered["minutes-2"][1])
    for minutes in ("minutes-1", "minutes-2"):
        paragraphs = body(rendered[minutes][1])
        summary = paragraphs[paragraphs.index("协商情况和结果") + 1]
        assert summary.startswith(("双方首席代表说明了", "就配送单价、保底收入达成一致"))
        signatures = cells(rendered[minutes][1])[-2:]
        assert signatures == [
            ["职工方首席代表（签字）：", "企业方首席代表（签字）："],
            ["记录员（签字）：", ""],
        ]


def test_minutes_of_a_meeting_that_recorded_nothing_show_the_agenda_and_lines_to_write_on(
    tmp_path: Path,
) -> None:
    clock = FixedClock(dt.date(2019, 11, 6))
    workflow = Workflow(MemoryStore().unit_of_work, clock=clock)
    key = workflow.open(load_agreement(SECTOR_AGREEMENT)).id
    workflow.handle(key, SendOffer(topics=("劳动报酬", "劳动保护")), Role.UNION_CHIEF)
    clock.set(dt.date(2019, 11, 20))
    workflow.handle(key, AcceptOffer(), Role.EMPLOYER_CHIEF)
    clock.set(dt.date(2019, 11, 29))
    workflow.handle(key, StartNegotiation(place="蚌埠市总工会"), Role.UNION_CHIEF)
    agreement, history = workflow.get(key), list(workflow.history(key))
    [paper] = [p for p in papers(agreement, history) if p.kind.name == "minutes"]
    assert paper.context["meeting"]["topics"] == []
    assert paper.context["meeting"]["summary"] is None
    assert paper.context["offer"]["topics"] == ["劳动报酬", "劳动保护"]
    document = render("minutes", paper.context, tmp_path / "minutes.docx")
    assert cells(document)[6] == ["协商议题", "劳动报酬、劳动保护（要约议题）"]
    # the section is ruled lines to write on (a table of empty rows, a rule under each), no gap
    paragraphs = body(document)
    assert paragraphs[paragraphs.index("协商情况和结果") + 1] == "签字"
    [ruled] = [t for t in document.tables if len(t.columns) == 1]
    assert len(ruled.rows) >= 6
    assert all(c.text == "" for c in ruled.column_cells(0))
    borders = ruled._tbl.tblPr.find(qn("w:tblBorders"))
    assert {e.tag.split("}")[1]: e.get(qn("w:val")) for e in borders} == {
        "top": "nil",
        "left": "nil",
        "right": "nil",
        "insideV": "nil",
        "bottom": "single",
        "insideH": "single",
    }
    # with a summary, no ruled lines
    filled = dict(paper.context, meeting=dict(paper.context["meeting"], summary="议定事项"))
    document = render("minutes", filled, tmp_path / "filled.docx")
    assert not [t for t in document.tables if len(t.columns) == 1]
    assert "议定事项" in body(document)


def test_the_draft_is_marked_on_every_page(rendered: dict[str, tuple[Paper, DocumentType]]) -> None:
    document = rendered["draft"][1]
    assert [p.text for p in document.sections[0].header.paragraphs] == ["草案"]
    assert body(document)[0] == "蚌埠市网约送餐行业集体合同（草案）"
    assert any("于2019年12月5日协商形成" in p for p in body(document))


def test_the_resolution_tables_the_congress_counts(
    rendered: dict[str, tuple[Paper, DocumentType]],
) -> None:
    document = rendered["congress_resolution"][1]
    assert cells(document) == [
        ["应到人数", "实到人数", "赞成", "反对", "弃权"],
        ["180", "150", "132", "10", "8"],
    ]
    assert body(document)[0] == "行业职工代表大会决议"
    assert any(p.startswith("会议决定：通过") for p in body(document))


def test_the_final_text_numbers_articles_and_prints_the_signed_fingerprint(
    rendered: dict[str, tuple[Paper, DocumentType]],
    procedure: tuple[Agreement, list[Event]],
) -> None:
    _paper, document = rendered["final_text"]
    paragraphs = body(document)
    chapter = paragraphs.index("第一章　劳动报酬")
    assert paragraphs[chapter + 1].startswith("第一条　企业按照“多劳多得、优劳优酬”")
    assert paragraphs[chapter + 2].startswith("第二条　不完全符合确立劳动关系情形的骑手")
    assert "第二章　工作时间" in paragraphs
    assert any(p.startswith("第十七条　") for p in paragraphs)
    assert "本合同期限自2020年1月1日起至2022年12月31日止。" in paragraphs
    [signed] = [e for e in procedure[1] if e.type is EventType.SIGNED]
    fingerprint = signed.facts["signed_fingerprint"]
    assert footer(document) == ["— 1 —", f"文本指纹（SHA-256）：{fingerprint}"]
    even = [p.text for p in document.sections[0].even_page_footer.paragraphs]
    assert even == ["— 1 —", f"文本指纹（SHA-256）：{fingerprint}"]
    assert document.core_properties.identifier == fingerprint
    table = cells(document)
    assert table[2] == ["首席代表（签字）：杜诚", "首席代表（签字）：王强"]
    assert table[3] == ["2019年12月11日", "2019年12月11日"]


def test_the_english_final_text(rendered: dict[str, tuple[Paper, DocumentType]]) -> None:
    document = rendered["final_text_en"][1]
    paragraphs = body(document)
    assert paragraphs[0] == "Bengbu food-delivery sector collective agreement"
    assert "Chapter 1  Pay" in paragraphs
    assert any(p.startswith("Article 1  Pay follows the work done") for p in paragraphs)
    assert footer(document)[1].startswith("Text fingerprint (SHA-256): ")


def test_the_filing_letter(rendered: dict[str, tuple[Paper, DocumentType]]) -> None:
    paragraphs = body(rendered["filing_letter"][1])
    assert paragraphs[1] == "蚌埠市人力资源和社会保障局："
    assert "一式三份报送你局审查" in paragraphs[2]
    assert "起十日内，即于2019年12月23日前报送" in paragraphs[3]
    assert "1．《蚌埠市网约送餐行业集体合同》文本一式三份" in paragraphs
    assert "3．集体协商会议记录二份" in paragraphs
    assert paragraphs[-1] == "2019年12月12日"


def test_the_publication_notice(rendered: dict[str, tuple[Paper, DocumentType]]) -> None:
    paragraphs = body(rendered["publication_notice"][1])
    [effect] = [p for p in paragraphs if "生效" in p]
    assert "已于2019年12月28日生效" in effect
    assert paragraphs[-1] == "2020年1月3日"


def test_the_objection_and_the_coordination_render_from_their_history(tmp_path: Path) -> None:
    clock = FixedClock(dt.date(2019, 11, 6))
    workflow = Workflow(MemoryStore().unit_of_work, clock=clock)
    key = workflow.open(load_agreement(SECTOR_AGREEMENT)).id
    workflow.handle(key, SendOffer(topics=("劳动报酬",)), Role.UNION_CHIEF)
    clock.set(dt.date(2019, 11, 12))
    workflow.handle(key, RefuseOffer(reason="企业经营困难"), Role.EMPLOYER_CHIEF)
    clock.set(dt.date(2019, 11, 30))
    workflow.handle(key, ConcludeCoordination(outstanding=("超时扣款",)), Role.COORDINATOR)
    agreement, history = workflow.get(key), list(workflow.history(key))
    stems = [p.stem for p in papers(agreement, history)]
    assert stems == ["offer", "reply", "coordination_agreement"]
    [reply, coordination] = [p for p in papers(agreement, history) if p.stem != "offer"]
    paragraphs = body(render("reply", reply.context, tmp_path / "reply.docx"))
    assert "经研究，我方不同意进行集体协商，理由如下：企业经营困难" in paragraphs
    document = render("coordination_agreement", coordination.context, tmp_path / "c.docx")
    paragraphs = body(document)
    assert "一、超时扣款" in paragraphs
    assert paragraphs[-1] == "2019年11月30日"


def test_the_review_opinion_renders_from_an_objection(tmp_path: Path) -> None:
    # The procedure of examples/bengbu_procedure.py, in process, up to filing; then the bureau objects.
    clock = FixedClock(dt.date(2019, 11, 6))
    workflow = Workflow(MemoryStore().unit_of_work, clock=clock)
    key = workflow.open(load_agreement(SECTOR_AGREEMENT)).id
    u, e = Role.UNION_CHIEF, Role.EMPLOYER_CHIEF
    steps = [
        ("2019-11-06", SendOffer(topics=("劳动报酬",)), u),
        ("2019-11-20", AcceptOffer(), e),
        ("2019-11-29", StartNegotiation(place="蚌埠市总工会"), u),
        ("2019-12-05", AgreeDraft(), u),
        ("2019-12-06", SubmitToCongress(), u),
        ("2019-12-10", HoldCongressVote(members=180, present=150, in_favour=132), Role.CONGRESS),
        ("2019-12-11", Sign(), u),
        ("2019-12-12", File(), u),
        (
            "2019-12-20",
            Object(opinion="加班时间的约定须写明计算办法", items=("hours",)),
            Role.LABOUR_BUREAU,
        ),
    ]
    for day, command, role in steps:
        clock.set(dt.date.fromisoformat(day))
        workflow.handle(key, command, role)
    agreement, history = workflow.get(key), list(workflow.history(key))
    [paper] = [p for p in papers(agreement, history) if p.kind.name == "review_opinion"]
    paragraphs = body(render("review_opinion", paper.context, tmp_path / "r.docx"))
    assert "蚌埠市网约送餐行业工会联合会（地址：未载明）" in paragraphs
    assert paragraphs[paragraphs.index("二、收到集体合同文本的时间") + 1] == "2019年12月12日"
    assert "加班时间的约定须写明计算办法" in paragraphs
    assert "涉及条款或事项：第三条（工作时间）" in paragraphs
    assert paragraphs[-2:] == ["蚌埠市人力资源和社会保障局（盖章）", "2019年12月20日"]


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def _footer_parts(docx: Path) -> dict[str, etree._Element]:
    """The rendered document's footers by type (default: odd pages; even), read from its XML."""
    with zipfile.ZipFile(docx) as package:
        settings = etree.fromstring(package.read("word/settings.xml"))
        assert settings.find(f"{_W}evenAndOddHeaders") is not None
        rels = etree.fromstring(package.read("word/_rels/document.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in rels}
        sect = etree.fromstring(package.read("word/document.xml")).find(f"{_W}body/{_W}sectPr")
        return {
            ref.get(f"{_W}type"): etree.fromstring(
                package.read(f"word/{targets[ref.get(f'{_R}id')]}")
            )
            for ref in sect.iter(f"{_W}footerReference")
        }


def test_a_final_text_of_several_pages_numbers_odd_pages_right_and_even_pages_left(
    rendered: dict[str, tuple[Paper, DocumentType]], tmp_path: Path
) -> None:
    paper, _document = rendered["final_text"]
    out = render_docx(TEMPLATES / "final_text.docx", paper.context, tmp_path / "final_text.docx")
    assert paper.context["clause_count"] >= 17  # several pages, so even pages are printed
    footers = _footer_parts(out)
    assert set(footers) == {"default", "even"}
    fingerprint = paper.context["fingerprint"]
    for kind, side, indent in (("default", "right", "w:right"), ("even", "left", "w:left")):
        number, line = footers[kind].findall(f"{_W}p")
        assert number.find(f"{_W}pPr/{_W}jc").get(f"{_W}val") == side
        ind = number.find(f"{_W}pPr/{_W}ind")
        assert ind.get(qn(indent)) == "280"  # 空一字: one 14 pt character
        assert [t.text.strip() for t in number.iter(f"{_W}instrText")] == ["PAGE"]
        assert "".join(t.text or "" for t in line.iter(f"{_W}t")).endswith(fingerprint)


def test_the_draft_is_marked_on_odd_and_even_pages(
    rendered: dict[str, tuple[Paper, DocumentType]],
) -> None:
    section = rendered["draft"][1].sections[0]
    for header in (section.header, section.even_page_header):
        assert [p.text for p in header.paragraphs] == ["草案"]


@pytest.mark.parametrize("path", [SECTOR_AGREEMENT, SPRING_FESTIVAL], ids=lambda p: p.stem)
def test_an_agreement_file_renders_its_draft_and_final_text(path: Path, tmp_path: Path) -> None:
    agreement = load_agreement(path)
    for paper in papers(agreement):
        document = render(paper.kind.name, paper.context, tmp_path / f"{paper.stem}.docx")
        paragraphs = body(document)
        assert any(p.startswith("第一条　" + agreement.clauses[0].text[:10]) for p in paragraphs)
    if agreement.supplements is not None:
        assert "本协议是《蚌埠市网约送餐行业集体合同》的补充协议，与其具有同等效力。" in paragraphs


@pytest.mark.parametrize("name", list(PAPERS))
def test_every_template_renders_its_sample_context(name: str, tmp_path: Path) -> None:
    document = render(name, sample_context(name), tmp_path / f"{name}.docx")
    text = "\n".join(body(document) + [c for row in cells(document) for c in row])
    assert "{{" not in text
    assert "{%" not in text
    assert footer(document)[0] == "— 1 —"
