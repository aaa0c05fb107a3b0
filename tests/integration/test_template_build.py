"""The built-in templates: in step with the script that built them, in official style, documented.

The .docx files are what staff edit; ``tools/build_templates.py`` wrote them. When either changes
without the other, the first test names the template and the part that differs: run
``python tools/build_templates.py`` after changing the script, or carry a Word edit into it.
"""

from __future__ import annotations

import importlib.util
import io
import re
import zipfile
from types import ModuleType

import pytest
from docx import Document
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
    spec = importlib.util.spec_from_file_location(
        "build_templates", ROOT / "tools" / "build_templates.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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


@pytest.mark.parametrize("name", list(PAPERS))
def test_pages_are_numbered_by_a_page_field_between_dashes(name: str) -> None:
    document = Document(str(TEMPLATES / f"{name}.docx"))
    footer = document.sections[0].footer.paragraphs[0]
    assert footer.text == "— 1 —"
    assert " PAGE " in [t.text for t in footer._p.iter(qn("w:instrText"))]
    assert footer.runs[0].font.size == Pt(14)


def test_the_draft_says_draft_on_every_page() -> None:
    header = Document(str(TEMPLATES / "draft.docx")).sections[0].header
    assert [p.text for p in header.paragraphs] == ["草案"]


@pytest.mark.parametrize("name", ["final_text", "final_text_en"])
def test_the_final_text_puts_the_fingerprint_in_its_footer_and_properties(name: str) -> None:
    document = Document(str(TEMPLATES / f"{name}.docx"))
    assert "{{ fingerprint }}" in document.sections[0].footer.paragraphs[1].text
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
