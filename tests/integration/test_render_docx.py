"""The DOCX engine: same text as docxtpl, strict, sandboxed, lists restart in loops, a valid zip."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.document import Document as DocumentObject
from docxtpl import DocxTemplate, InlineImage
from lxml import etree

from bargain.domain.language import Lang
from bargain.errors import MissingVariable, UnsafeTemplate, UnsupportedTemplateFeature
from bargain.render.docx import PreparedTemplate, render_docx, render_many
from bargain.render.templates import environment
from tests.docx_fixtures import build_template, tiny_template

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HOSTILE = [
    "<w:p>",
    "a & b",
    "]]>",
    "{{ 7*7 }}",
    "{% for x in y %}",
    "{%p endfor %}",
    "'\"",
    "bell\x07 nul\x00 esc\x1b form\x0c vt\x0b del\x7f",
    "line\nbreak\tand tab",
    "\u202eright-to-left\u202c",
    "c1\x85 lone\ud800",
]


def _agreement_like(document: DocumentObject) -> None:
    document.core_properties.identifier = "{{ fingerprint }}"
    document.add_paragraph("{{ title }}")
    document.add_paragraph("{%p for chapter in chapters %}")
    document.add_paragraph("{{ chapter.number|chapter_number }} {{ chapter.title }}")
    document.add_paragraph("{%p for article in chapter.articles %}")
    document.add_paragraph("{{ article.number|article_number }} {{ article.text }}")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p endfor %}")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "甲方：{{ union }}"
    table.cell(1, 1).text = "{% if signed %}已签字{% else %}未签字{% endif %}"
    document.sections[0].header.paragraphs[0].text = "{{ title }}"
    document.sections[0].footer.paragraphs[0].text = "指纹 {{ fingerprint }}"


@pytest.fixture(scope="module")
def agreement_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_template(tmp_path_factory.mktemp("tpl") / "final.docx", _agreement_like)


def _context(texts: list[str], title: str = "蚌埠市网约送餐行业集体合同") -> dict[str, Any]:
    articles = [{"number": n, "text": t} for n, t in enumerate(texts, 1)]
    return {
        "title": title,
        "chapters": [
            {"number": 1, "title": "总则", "articles": articles[:3]},
            {"number": 2, "title": "劳动报酬", "articles": articles[3:]},
        ],
        "union": "蚌埠市网约送餐行业工会联合会 & <骑手>",
        "signed": True,
        "fingerprint": "ab" * 32,
    }


CONTEXTS = [
    _context(["平等协商", "基础配送单价每单4.5元"]),
    _context(HOSTILE),
    _context([*HOSTILE[::-1], "更多"], title="<标题> & ]]> {{ title }}"),
    _context([], title="no articles"),
]


def _member(document: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(document)) as archive:
        return archive.read(name)


def _docxtpl(template: Path, context: dict[str, Any]) -> bytes:
    plain = DocxTemplate(template)
    plain.render(context, jinja_env=environment(), autoescape=True)
    out = io.BytesIO()
    plain.save(out)
    return out.getvalue()


def _text(xml: bytes) -> list[str]:
    root = etree.fromstring(xml)
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in root.iter(f"{W}p")]


@pytest.mark.parametrize("context", CONTEXTS, ids=["plain", "hostile", "reversed", "empty"])
def test_document_xml_has_the_text_a_plain_docxtpl_loop_writes(
    agreement_template: Path, context: dict[str, Any]
) -> None:
    ours = PreparedTemplate.load(agreement_template).render(context)
    theirs = _docxtpl(agreement_template, context)
    for part in ("word/document.xml", "word/header1.xml", "word/footer1.xml"):
        mine, plain = _member(ours, part), _member(theirs, part)
        assert _text(mine) == _text(plain), part
        # stronger than the text: the same XML, up to how characters are escaped
        assert etree.canonicalize(mine.decode()) == etree.canonicalize(plain.decode()), part


def test_hostile_clause_text_renders_literally_and_control_characters_visibly(
    agreement_template: Path,
) -> None:
    document = PreparedTemplate.load(agreement_template).render(CONTEXTS[1])
    paragraphs = [p.text for p in Document(io.BytesIO(document)).paragraphs]
    assert "第一条 <w:p>" in paragraphs
    assert "第四条 {{ 7*7 }}" in paragraphs  # not 49: data is never a template
    assert "第五条 {% for x in y %}" in paragraphs
    assert "第三条 ]]>" in paragraphs
    assert "第八条 bell␇ nul␀ esc␛ form␌ vt␋ del␡" in paragraphs
    assert "第九条 line\nbreak\tand tab" in paragraphs  # docxtpl's line break and tab
    assert "第十一条 c1\ufffd lone\ufffd" in paragraphs
    for name in zipfile.ZipFile(io.BytesIO(document)).namelist():
        if name.endswith(".xml"):
            etree.fromstring(_member(document, name))  # every part is well-formed XML 1.0


def test_members_the_rendering_does_not_change_are_copied_byte_for_byte(
    agreement_template: Path,
) -> None:
    document = PreparedTemplate.load(agreement_template).render(CONTEXTS[0])
    original = zipfile.ZipFile(agreement_template)
    rendered = zipfile.ZipFile(io.BytesIO(document))
    assert rendered.testzip() is None
    assert rendered.namelist() == original.namelist()
    changed = {"word/document.xml", "word/header1.xml", "word/footer1.xml", "docProps/core.xml"}
    for info in original.infolist():
        if info.filename not in changed:
            assert rendered.read(info.filename) == original.read(info.filename)
            assert rendered.getinfo(info.filename).CRC == info.CRC


def test_templated_document_properties_are_rendered(agreement_template: Path) -> None:
    document = PreparedTemplate.load(agreement_template).render(CONTEXTS[0])
    assert Document(io.BytesIO(document)).core_properties.identifier == "ab" * 32


@pytest.mark.parametrize(
    ("context", "variable", "where_zh", "where_en"),
    [
        ({"chapters": []}, "title", "第1段", "paragraph 1"),
        (
            {"title": "t", "chapters": [{"number": 1, "articles": []}]},
            "chapter.title",
            "第3段",
            "paragraph 3",
        ),
        (
            {"title": "t", "chapters": [], "signed": False},
            "union",
            "表1第1行第1格",
            "table 1, row 1, cell 1",
        ),
        (
            {"title": "t", "chapters": [], "union": "u"},
            "signed",
            "表1第2行第2格",
            "table 1, row 2, cell 2",
        ),
        (
            {"title": "t", "chapters": [], "union": "u", "signed": True},
            "fingerprint",
            "页眉",
            "footer",
        ),
    ],
)
def test_a_missing_variable_is_an_error_naming_the_template_variable_and_place(
    agreement_template: Path, context: dict[str, Any], variable: str, where_zh: str, where_en: str
) -> None:
    with pytest.raises(MissingVariable) as raised:
        PreparedTemplate.load(agreement_template).render(context)
    error = raised.value
    assert error.variable == variable
    assert error.template == "final.docx"
    assert error.where is not None
    if variable == "fingerprint":  # the footer and the properties use it too; the header is first
        assert error.where.zh.startswith(("页眉", "页脚"))
    else:
        assert error.where.zh == where_zh
        assert error.where.en == where_en
    assert f"“{variable}”" in error.message(Lang.ZH)
    assert "final.docx" in error.message(Lang.EN)


@pytest.mark.parametrize(
    "tag",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ cycler.__init__.__globals__.os }}",
        "{{ lipsum.__globals__['os'] }}",
        "{{ title.__class__ }}",
        "{{ title|attr('__class__') }}",
        "{{ title|attr(name) }}",
        "{{ title['__class__'] }}",
        "{{ self._TemplateReference__context }}",
        "{{ '{0.__class__}'.format(title) }}",
        "{{ '%s'.format_map(title) }}",
        "{% for x in ().__class__.__base__.__subclasses__() %}{{ x }}{% endfor %}",
    ],
)
def test_a_template_reaching_for_python_internals_is_refused_before_it_runs(
    tmp_path: Path, tag: str
) -> None:
    calls: list[str] = []

    class Spy:
        def hit(self) -> str:
            calls.append("ran")
            return ""

    def fill(document: DocumentObject) -> None:
        document.add_paragraph("{{ spy.hit() }}")
        document.add_paragraph(tag)

    template = build_template(tmp_path / "evil.docx", fill)
    with pytest.raises(UnsafeTemplate) as raised:
        render_docx(template, {"spy": Spy(), "title": "t", "name": "x"}, tmp_path / "out.docx")
    assert calls == []  # nothing of the template ran
    assert not (tmp_path / "out.docx").exists()
    assert raised.value.template == "evil.docx"
    assert raised.value.where is not None
    assert raised.value.where.zh == "第2段"
    assert "拒绝" in raised.value.message(Lang.ZH)
    assert "refused" in raised.value.message(Lang.EN)


def test_the_sandbox_refuses_at_run_time_an_attribute_named_by_the_data(tmp_path: Path) -> None:
    # the name is not in the template, so only the sandbox can refuse it, while rendering
    def fill(document: DocumentObject) -> None:
        document.add_paragraph("标题")
        document.add_paragraph("{{ title[name] }}")

    template = build_template(tmp_path / "computed.docx", fill)
    with pytest.raises(UnsafeTemplate) as raised:
        PreparedTemplate.load(template).render({"title": "t", "name": "__class__"})
    assert raised.value.where is not None
    assert raised.value.where.zh == "第2段"


def test_an_inline_image_is_an_unsupported_feature(tmp_path: Path) -> None:
    template = tiny_template(tmp_path)
    image = InlineImage(None, "seal.png")
    with pytest.raises(UnsupportedTemplateFeature) as raised:
        PreparedTemplate.load(template).render({"title": image, "clauses": []})
    assert raised.value.template == "tiny.docx"
    assert "InlineImage" in raised.value.message(Lang.EN)


def _numbered_in_loop(document: DocumentObject) -> None:
    document.add_paragraph("{%p for meeting in meetings %}")
    document.add_paragraph("第{{ loop.index }}次会议")
    document.add_paragraph("{%p for item in meeting.topics %}")
    document.add_paragraph("{{ item }}", style="List Number")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("会后事项", style="List Number")


def test_numbered_lists_restart_at_one_on_each_pass_of_a_loop(tmp_path: Path) -> None:
    template = build_template(tmp_path / "minutes.docx", _numbered_in_loop)
    context = {"meetings": [{"topics": ["工资", "工时"]}, {"topics": ["休息", "保险", "安全"]}]}
    document = Document(io.BytesIO(PreparedTemplate.load(template).render(context)))
    numbering = document.part.numbering_part.element
    abstract = {
        num.get(f"{W}numId"): num.find(f"{W}abstractNumId").get(f"{W}val")
        for num in numbering.iter(f"{W}num")
    }
    items: dict[str, list[str]] = {}
    for paragraph in document.paragraphs:
        num_id = paragraph._p.find(f"{W}pPr/{W}numPr/{W}numId")
        if paragraph.text in {"工资", "工时", "休息", "保险", "安全"}:
            assert num_id is not None, paragraph.text
            items.setdefault(num_id.get(f"{W}val"), []).append(paragraph.text)
    assert list(items.values()) == [["工资", "工时"], ["休息", "保险", "安全"]]
    for num_id in items:
        num = next(n for n in numbering.iter(f"{W}num") if n.get(f"{W}numId") == num_id)
        start = num.find(f"{W}lvlOverride[@{W}ilvl='0']/{W}startOverride")
        assert start is not None
        assert start.get(f"{W}val") == "1"
    # both passes number from the same list definition as the template's own list
    style_num = document.styles["List Number"].element.find(f"{W}pPr/{W}numPr/{W}numId")
    assert {abstract[n] for n in items} == {abstract[style_num.get(f"{W}val")]}
    after = next(p for p in document.paragraphs if p.text == "会后事项")
    assert after._p.find(f"{W}pPr/{W}numPr") is None  # outside the loop: the style's own list
    ours = _member(PreparedTemplate.load(template).render(context), "word/document.xml")
    assert _text(ours) == _text(_member(_docxtpl(template, context), "word/document.xml"))


def test_render_many_prepares_once_and_reports_progress(tmp_path: Path) -> None:
    template = tiny_template(tmp_path)
    seen: list[int] = []
    contexts = [(f"doc-{n}", {"title": f"标题{n}", "clauses": ["条款"] * n}) for n in range(3)]
    written = render_many(template, contexts, tmp_path / "out", progress=seen.append)
    assert [p.name for p in written] == ["doc-0.docx", "doc-1.docx", "doc-2.docx"]
    assert seen == [1, 2, 3]
    assert Document(str(written[2])).paragraphs[0].text == "标题2"
    with pytest.raises(ValueError, match="stem"):
        render_many(template, [("../escape", {"title": "", "clauses": []})], tmp_path)
