"""Finding templates by name, the sandboxed environment, and checking a template."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx.document import Document as DocumentObject
from jinja2.exceptions import UndefinedError

from bargain.domain.language import Lang
from bargain.errors import TemplateNotFound
from bargain.render.templates import (
    TemplateSet,
    builtin_templates_dir,
    check_template,
    environment,
    visible_controls,
)
from tests.docx_fixtures import build_template, tiny_template


def test_a_user_folder_is_searched_before_the_built_in_one(tmp_path: Path) -> None:
    first, second = tmp_path / "mine", tmp_path / "office"
    tiny_template(first).rename(first / "offer.docx")
    tiny_template(second).rename(second / "offer.docx")
    tiny_template(second).rename(second / "minutes.docx")
    (second / "~$offer.docx").write_bytes(b"Word's lock file")
    templates = TemplateSet(first, second, builtin=False)
    assert templates.find("offer") == first / "offer.docx"
    assert templates.find("minutes.docx") == second / "minutes.docx"
    assert templates.names() == ["minutes", "offer"]
    assert TemplateSet(first).folders[-1] == builtin_templates_dir()


@pytest.mark.parametrize("name", ["reply", "../offer", "", "sub/offer"])
def test_a_name_no_folder_holds_is_template_not_found_listing_the_known(
    tmp_path: Path, name: str
) -> None:
    tiny_template(tmp_path).rename(tmp_path / "offer.docx")
    with pytest.raises(TemplateNotFound) as raised:
        TemplateSet(tmp_path, builtin=False).find(name)
    assert raised.value.known == ("offer",)
    assert str(tmp_path) in raised.value.message(Lang.ZH)
    assert "known templates: offer" in raised.value.message(Lang.EN)


def test_the_environment_escapes_is_strict_and_shows_control_characters() -> None:
    env = environment()
    rendered = env.from_string("{{ a }}|{{ b }}").render(a="<x> & ]]>", b="\x00\x1b\x7f\t")
    assert rendered == "&lt;x&gt; &amp; ]]&gt;|␀␛␡\t"
    with pytest.raises(UndefinedError):
        env.from_string("{{ missing }}").render()
    with pytest.raises(UndefinedError):
        env.from_string("{% if missing %}x{% endif %}").render()
    assert set(env.globals) == {"range", "namespace"}  # no cycler, joiner or lipsum to climb


def test_the_filters_are_registered_and_remember_nothing_wrong() -> None:
    env = environment()
    assert env.from_string("{{ 12|article_number }}").render() == "第十二条"
    assert env.from_string("{{ 3|chapter_number }}").render() == "第三章"
    assert env.from_string("{{ 12|article_number }}").render() == "第十二条"  # remembered
    with pytest.raises(ValueError, match="from 1"):
        env.from_string("{{ 0|article_number }}").render()


def test_visible_controls_keeps_tabs_and_newlines() -> None:
    assert visible_controls("a\tb\nc\rd\x07") == "a\tb\nc\rd␇"
    assert visible_controls("\x07\x0c", keep_listing=True) == "\x07\x0c"
    assert visible_controls("\ufffe\ud800\x9f") == "\ufffd\ufffd\ufffd"


def _broken(document: DocumentObject) -> None:
    document.add_paragraph("{{ title }}")
    table = document.add_table(rows=2, cols=2)
    table.cell(1, 0).text = "{% if signed %}已签字"


def _evil(document: DocumentObject) -> None:
    document.add_paragraph("{{ title }}")
    document.sections[0].footer.paragraphs[0].text = "{{ title.__class__.__mro__ }}"


def _uses(document: DocumentObject) -> None:
    document.add_paragraph("{{ title }}")
    document.add_paragraph("{%p for c in clauses %}")
    document.add_paragraph("{{ c.heading }}")
    document.add_paragraph("{%p endfor %}")
    table = document.add_table(rows=2, cols=2)
    table.cell(1, 0).text = "{{ union.chief }}"
    document.sections[0].header.paragraphs[0].text = "{{ fingerprint }}"


def test_check_reports_a_syntax_error_with_the_template_and_the_table_cell(
    tmp_path: Path,
) -> None:
    (problem,) = check_template(build_template(tmp_path / "broken.docx", _broken))
    assert problem.kind == "syntax"
    assert problem.template == "broken.docx"
    assert problem.where is not None
    assert problem.where.zh == "表1第2行第1格"
    assert "broken.docx" in problem.render(Lang.EN)
    assert "模板语法错误" in problem.render()


@pytest.mark.parametrize(
    ("texts", "where"),
    [
        (["标题", "甲方：{{ union.name", "乙方", "丙"], "第2段"),  # a {{ never closed
        (["标题", "{# a note", "乙方"], "第2段"),  # a comment never closed
        (["标题", "正文", "{%p for c in clauses %}", "{{ c }}", "结尾"], "第3段"),  # a loop
        (["{%p if a %}", "{%p for c in b %}", "{%p endfor %}", "结尾"], "第1段"),  # the if
    ],
)
def test_check_places_a_tag_or_block_left_open_where_it_starts(
    tmp_path: Path, texts: list[str], where: str
) -> None:
    def fill(document: DocumentObject) -> None:
        for text in texts:
            document.add_paragraph(text)

    (problem,) = check_template(build_template(tmp_path / "open.docx", fill))
    assert problem.kind == "syntax"
    assert problem.where is not None
    assert problem.where.zh == where
    assert where in problem.render()
    assert problem.where.en == f"paragraph {where[1:-1]}"


def test_a_tag_left_open_in_the_footer_names_the_footer(tmp_path: Path) -> None:
    def fill(document: DocumentObject) -> None:
        document.add_paragraph("{{ title }}")
        document.sections[0].footer.paragraphs[0].text = "— {{ page"
        document.sections[0].footer.add_paragraph("指纹")

    (problem,) = check_template(build_template(tmp_path / "foot.docx", fill))
    assert problem.where is not None
    assert problem.where.zh == "页脚（footer1.xml）第1段"


def test_check_reports_an_unsafe_construct_in_the_footer(tmp_path: Path) -> None:
    problems = check_template(build_template(tmp_path / "evil.docx", _evil), {"title": "t"})
    assert {p.kind for p in problems} == {"unsafe"}
    assert all(p.where is not None and p.where.zh.startswith("页脚") for p in problems)


def test_check_lists_the_variables_the_sample_context_lacks_with_their_places(
    tmp_path: Path,
) -> None:
    template = build_template(tmp_path / "uses.docx", _uses)
    assert check_template(template) == []  # no sample: syntax and safety only
    problems = check_template(template, {"title": "t"})
    assert [(p.kind, p.variable, p.where.zh if p.where else None) for p in problems] == [
        ("missing", "clauses", "第2段"),
        ("missing", "union", "表1第2行第1格"),
        ("missing", "fingerprint", "页眉（header1.xml）第1段"),
    ]
    nested = check_template(
        template,
        {"title": "t", "clauses": [{}], "union": {"chief": "杜诚"}, "fingerprint": "f"},
    )
    assert [(p.variable, p.where.en if p.where else None) for p in nested] == [
        ("c.heading", "paragraph 3")
    ]
    sample = {"title": "t", "clauses": [], "union": {"chief": "杜诚"}, "fingerprint": "f"}
    assert check_template(template, sample) == []
