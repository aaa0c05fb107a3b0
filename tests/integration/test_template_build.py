"""The built-in templates: in step with the script that built them, in official style, documented.

The .docx files are what staff edit; ``tools/build_templates.py`` wrote them. When either changes
without the other, the first test names the template and the part that differs: run
``python tools/build_templates.py`` after changing the script, or carry a Word edit into it.
"""

from __future__ import annotations

import importlib
import io
import re
import zipfile
from types import ModuleType
from typing import Any

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Length, Pt
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from bargain.render.context import PAPERS
from bargain.render.filters import FILTERS
from tests.conftest import ROOT

TEMPLATES = ROOT / "templates"


def _script() -> ModuleType:
    # imported as tools.build_templates, so that it finds its helper tools/_docx_style.py
    return importlib.import_module("tools.build_templates")


BUILD = _script()


def test_the_script_builds_exactly_the_declared_papers() -> None:
    assert list(BUILD.PAPERS) == list(PAPERS)
    assert sorted(p.stem for p in TEMPLATES.glob("*.docx")) == sorted(PAPERS)


@pytest.mark.parametrize("name", list(PAPERS))
def test_the_committed_template_is_what_the_script_builds(name: str) -> None:
    built = zipfile.ZipFile(io.BytesIO(BUILD.build(name)))
    committed = zipfile.ZipFile(TEMPLATES / f"{name}.docx")
    assert sorted(built.namelist()) == sorted(committed.namelist()), name
    differ = [part for part in built.namelist() if built.read(part) != committed.read(part)]
    assert differ == [], f"templates/{name}.docx differs from tools/build_templates.py in {differ}"


@pytest.mark.parametrize("name", list(PAPERS))
def test_the_page_follows_gb_t_9704(name: str) -> None:
    document = Document(str(TEMPLATES / f"{name}.docx"))
    section = document.sections[0]
    width, height = section.page_width, section.page_height
    top, left = section.top_margin, section.left_margin
    right, bottom = section.right_margin, section.bottom_margin
    mm = [round(Length(x).mm, 1) for x in (width, height, top, left, right, bottom)]
    assert mm[:4] == [210, 297, 37, 28]  # A4; 天头 37 mm; 订口 28 mm
    assert [mm[0] - mm[3] - mm[4], mm[1] - mm[2] - mm[5]] == [156, 225]  # the type area
    normal = document.styles["Normal"]
    assert normal.font.size == Pt(16)
    assert normal.paragraph_format.first_line_indent == Pt(32)
    title = document.styles["Title"]
    assert title.font.size == Pt(22)
    fonts = title.element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    assert normal.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert (
        document.styles["Heading 1"].element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))
        == "黑体"
    )


@pytest.mark.parametrize("name", list(PAPERS))
def test_every_style_and_run_names_its_east_asian_font(name: str) -> None:
    with zipfile.ZipFile(TEMPLATES / f"{name}.docx") as docx:
        parts = [
            p
            for p in docx.namelist()
            if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", p)
        ]
        for part in parts:
            xml = docx.read(part).decode()
            runs = re.findall(r"<w:r>.*?</w:r>", xml)
            assert runs, part
            bare = [r for r in runs if 'w:eastAsia="' not in r]
            assert bare == [], f"{name}: {part} has runs without w:eastAsia"
        styles = docx.read("word/styles.xml").decode()
    for style in re.findall(r"<w:style .*?</w:style>", styles, flags=re.S):
        if 'w:type="numbering"' not in style:
            assert 'w:eastAsia="' in style, style[:120]


def _footers(name: str) -> tuple[Any, Any]:
    section = Document(str(TEMPLATES / f"{name}.docx")).sections[0]
    return section.footer, section.even_page_footer


@pytest.mark.parametrize("name", list(PAPERS))
def test_page_numbers_sit_at_the_outer_side_of_odd_and_even_pages(name: str) -> None:
    document = Document(str(TEMPLATES / f"{name}.docx"))
    assert document.settings.odd_and_even_pages_header_footer  # w:evenAndOddHeaders
    odd, even = _footers(name)
    assert not odd.is_linked_to_previous
    assert not even.is_linked_to_previous
    for footer, alignment in ((odd, WD_ALIGN_PARAGRAPH.RIGHT), (even, WD_ALIGN_PARAGRAPH.LEFT)):
        number = footer.paragraphs[0]
        assert number.text == "— 1 —"
        assert " PAGE " in [t.text for t in number._p.iter(qn("w:instrText"))]
        assert number.runs[0].font.size == Pt(14)
        assert number.alignment == alignment
    # 空一字: one character of 4号 in from the edge, on the outer side
    assert odd.paragraphs[0].paragraph_format.right_indent == Pt(14)
    assert even.paragraphs[0].paragraph_format.left_indent == Pt(14)


@pytest.mark.parametrize("name", list(PAPERS))
def test_the_page_holds_22_lines_of_28_characters(name: str) -> None:
    document = Document(str(TEMPLATES / f"{name}.docx"))
    section = document.sections[0]
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "lines"
    line_pitch = int(grid.get(qn("w:linePitch")))
    type_width = section.page_width - section.left_margin - section.right_margin
    type_height = section.page_height - section.top_margin - section.bottom_margin
    # 22 lines fill the type area and a 23rd does not fit; the body's lines are the grid's
    assert 22 * line_pitch <= Length(type_height).twips < 23 * line_pitch
    normal = document.styles["Normal"]
    assert normal.paragraph_format.line_spacing.twips == line_pitch
    # a body character is 16 pt plus the spacing (in twentieths of a point): 28 fit, 29 do not
    spacing = normal.element.rPr.find(qn("w:spacing"))
    pitch = 16 + int(spacing.get(qn("w:val"))) / 20
    assert 28 * pitch <= Length(type_width).pt < 29 * pitch


def _borderless(table: Any) -> bool:
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    return (
        table._tbl.tblPr.find(qn("w:tblStyle")) is None
        and borders is not None
        and all(edge.get(qn("w:val")) == "nil" for edge in borders)
    )


@pytest.mark.parametrize(
    ("name", "left", "right"),
    [
        ("minutes", "职工方首席代表（签字）：", "企业方首席代表（签字）："),
        ("draft", "职工方首席代表（签字）：", "企业方首席代表（签字）："),
        ("final_text", "职工方（盖章）", "企业方（盖章）"),
        ("final_text_en", "Union side (seal)", "Employer side (seal)"),
        ("coordination_agreement", "职工方（盖章）", "企业方（盖章）"),
        (
            "publication_notice",
            "{{ union.name }}",
            "{%p for organisation in employer.organisations %}",
        ),
    ],
)
def test_signatures_and_seals_sit_in_a_borderless_table_one_side_a_column(
    name: str, left: str, right: str
) -> None:
    document = Document(str(TEMPLATES / f"{name}.docx"))
    [table] = [t for t in document.tables if _borderless(t)]
    assert len(table.columns) == 2
    assert [table.cell(0, 0).paragraphs[0].text, table.cell(0, 1).paragraphs[0].text] == [
        left,
        right,
    ]
    assert all(Length(c.width).mm == pytest.approx(78, abs=0.1) for c in table.row_cells(0))
    # no signature label is left in a body paragraph to wrap across the line
    assert not any("（签字）：　" in p.text for p in document.paragraphs)


def test_the_draft_says_draft_on_every_page() -> None:
    section = Document(str(TEMPLATES / "draft.docx")).sections[0]
    for header in (section.header, section.even_page_header):
        assert not header.is_linked_to_previous
        assert [p.text for p in header.paragraphs] == ["草案"]


@pytest.mark.parametrize("name", ["final_text", "final_text_en"])
def test_the_final_text_puts_the_fingerprint_in_its_footer_and_properties(name: str) -> None:
    document = Document(str(TEMPLATES / f"{name}.docx"))
    for footer in _footers(name):
        assert "{{ fingerprint }}" in footer.paragraphs[1].text
    assert document.core_properties.identifier == "{{ fingerprint }}"


def _environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)
    env.filters.update(FILTERS)
    return env


@pytest.mark.parametrize("name", list(PAPERS))
def test_a_template_uses_only_what_its_paper_provides(name: str) -> None:
    used = DocxTemplate(TEMPLATES / f"{name}.docx").get_undeclared_template_variables(
        _environment()
    )
    assert used, name
    assert used <= PAPERS[name].variables, used - PAPERS[name].variables


def _readme_variables() -> dict[str, set[str]]:
    text = (TEMPLATES / "README.md").read_text(encoding="utf-8")
    found: dict[str, set[str]] = {}
    for match in re.finditer(r"^### `(\w+)\.docx`.*?^Variables: (.+?)$", text, flags=re.M | re.S):
        found[match.group(1)] = set(re.findall(r"`(\w+)`", match.group(2)))
    return found


def test_the_readme_lists_every_template_and_exactly_its_variables() -> None:
    listed = _readme_variables()
    assert list(listed) == list(PAPERS)
    for name, variables in listed.items():
        assert variables == PAPERS[name].variables, name
