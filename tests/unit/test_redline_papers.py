"""The comparison table (协商对照表) and the exchange in the minutes, rendered and read back."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment
from tools.build_templates import build

from bargain import load_agreement
from bargain.domain.agreement import Agreement
from bargain.domain.language import Lang
from bargain.render._sample import sample_history
from bargain.render.comparison import (
    OWN_VARIABLES,
    ComparisonRow,
    comparison_context,
    comparison_rows,
)
from bargain.render.context import COMMON_VARIABLES, context_for, sample_context
from bargain.render.docx import render_docx
from bargain.render.filters import FILTERS
from tests.conftest import ROOT, SECTOR_AGREEMENT

TEMPLATES = ROOT / "templates"

ROWS = (
    ComparisonRow(
        "pay-levels",
        "劳动报酬",
        union="基础配送单价每单5元。",
        employer="基础配送单价每单4.5元。",
        agreed=None,
        status="open",
    ),
    ComparisonRow(
        "hours",
        "工作时间",
        union="连续接单4小时后强制休息20分钟。",
        employer="连续接单4小时后强制休息15分钟。",
        agreed="连续接单4小时后强制休息20分钟。",
        status="agreed",
    ),
    ComparisonRow(
        "festival-care",
        "节日关爱",
        union="春节期间发放慰问品。",
        employer=None,
        agreed=None,
        status="withdrawn",
    ),
)


@pytest.fixture(scope="module")
def sector() -> Agreement:
    return load_agreement(SECTOR_AGREEMENT)


def _cells(path: Path, table: int) -> list[list[str]]:
    document = Document(str(path))
    return [[cell.text for cell in row.cells] for row in document.tables[table].rows]


def _text(path: Path) -> str:
    return "\n".join(p.text for p in Document(str(path)).paragraphs)


# --- the comparison table -------------------------------------------------------------------------


def test_rows_are_numbered_as_in_the_agreement_and_say_where_each_clause_stands(
    sector: Agreement,
) -> None:
    rows = comparison_rows(sector, ROWS)
    assert [r["clause"] for r in rows] == ["第一条　劳动报酬", "第三条　工作时间", "节日关爱"]
    assert [r["agreed"] for r in rows] == [
        "未达成一致",
        "连续接单4小时后强制休息20分钟。",
        "已撤回",
    ]
    assert rows[2]["employer"] == "—"
    english = comparison_rows(sector, ROWS, Lang.EN)
    assert [r["agreed"] for r in english][::2] == ["not agreed", "withdrawn"]
    assert english[0]["clause"] == "Article 1  劳动报酬"


def test_a_row_with_an_unknown_status_or_an_agreed_row_without_text_is_refused() -> None:
    with pytest.raises(ValueError, match="status: expected one of open, agreed, withdrawn"):
        ComparisonRow("pay", "劳动报酬", None, None, None, "pending")
    with pytest.raises(ValueError, match="an agreed clause needs its text"):
        ComparisonRow("pay", "劳动报酬", "a", "b", None, "agreed")


def test_the_context_has_the_common_names_the_rows_and_the_tally(sector: Agreement) -> None:
    context = comparison_context(sector, ROWS)
    assert set(context) == COMMON_VARIABLES | OWN_VARIABLES
    assert context["paper_title"] == "集体协商对照表"
    assert context["tally"] == {"total": 3, "open": 1, "agreed": 1, "withdrawn": 1}


def test_the_committed_comparison_table_is_what_the_script_builds() -> None:
    built = zipfile.ZipFile(io.BytesIO(build("comparison_table")))
    committed = zipfile.ZipFile(TEMPLATES / "comparison_table.docx")
    assert sorted(built.namelist()) == sorted(committed.namelist())
    assert [p for p in built.namelist() if built.read(p) != committed.read(p)] == []


def test_the_comparison_table_uses_only_what_its_context_provides() -> None:
    env = SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)
    env.filters.update(FILTERS)
    used = DocxTemplate(TEMPLATES / "comparison_table.docx").get_undeclared_template_variables(env)
    assert used == {"agreement", "rows", "tally"}
    assert used <= COMMON_VARIABLES | OWN_VARIABLES


def test_the_comparison_table_renders_a_row_per_clause(sector: Agreement, tmp_path: Path) -> None:
    out = render_docx(
        TEMPLATES / "comparison_table.docx",
        comparison_context(sector, ROWS),
        tmp_path / "table.docx",
    )
    rows = _cells(out, 0)
    assert rows[0] == ["条款", "职工方意见", "企业方意见", "协商结果"]
    assert rows[1:] == [
        ["第一条　劳动报酬", "基础配送单价每单5元。", "基础配送单价每单4.5元。", "未达成一致"],
        [
            "第三条　工作时间",
            "连续接单4小时后强制休息20分钟。",
            "连续接单4小时后强制休息15分钟。",
            "连续接单4小时后强制休息20分钟。",
        ],
        ["节日关爱", "春节期间发放慰问品。", "—", "已撤回"],
    ]
    text = _text(out)
    assert "集体协商对照表" in text
    assert f"《{sector.title}》" in text
    assert "共三条：已达成一致一条，未达成一致一条，撤回一条。" in text
    signatures = _cells(out, 1)
    assert signatures[0] == ["职工方首席代表（签字）：", "企业方首席代表（签字）："]


def test_a_table_with_no_rows_still_renders(sector: Agreement, tmp_path: Path) -> None:
    out = render_docx(
        TEMPLATES / "comparison_table.docx", comparison_context(sector, ()), tmp_path / "t.docx"
    )
    assert _cells(out, 0) == [["条款", "职工方意见", "企业方意见", "协商结果"]]
    assert "共零条" in _text(out)


# --- the exchange in the minutes ------------------------------------------------------------------

EXCHANGE: dict[str, Any] = {
    "statements": [
        {"side": "职工方", "text": "骑手收入三年未涨，要求提高配送单价。"},
        {"side": "企业方", "text": "平台成本上升，单价调整需分步进行。"},
    ],
    "positions": [
        {
            "side": "职工方",
            "clause": "第一条（劳动报酬）",
            "action": "提出修改",
            "summary": "基础配送单价由每单4.5元提高到每单5元",
            "reason": "物价上涨",
        },
        {
            "side": "企业方",
            "clause": "第三条（工作时间）",
            "action": "提出修改",
            "summary": "强制休息由20分钟改为15分钟",
            "reason": "",
        },
    ],
    "answers": [
        {"side": "企业方", "clause": "第一条（劳动报酬）", "answer": "不同意", "reason": "成本"},
        {"side": "职工方", "clause": "第三条（工作时间）", "answer": "同意", "reason": ""},
    ],
    "outcomes": [
        {"clause": "第一条（劳动报酬）", "status": "未达成一致"},
        {"clause": "第三条（工作时间）", "status": "已达成一致"},
    ],
}


def test_the_minutes_show_the_meetings_exchange(tmp_path: Path) -> None:
    context = sample_context("minutes")
    context["meeting"] = {**context["meeting"], "exchange": EXCHANGE}
    out = render_docx(TEMPLATES / "minutes.docx", context, tmp_path / "minutes.docx")
    text = _text(out)
    for line in (
        "一、双方陈述",
        "职工方：骑手收入三年未涨，要求提高配送单价。",
        "企业方：平台成本上升，单价调整需分步进行。",
        "1．职工方就第一条（劳动报酬）提出修改：基础配送单价由每单4.5元提高到每单5元（理由：物价上涨）",
        "2．企业方就第三条（工作时间）提出修改：强制休息由20分钟改为15分钟",
        "1．企业方对第一条（劳动报酬）：不同意（理由：成本）",
        "2．职工方对第三条（工作时间）：同意",
    ):
        assert line in text.splitlines(), line
    assert "理由：）" not in text  # an empty reason prints nothing
    outcomes = [t for t in Document(str(out)).tables if t.cell(0, 0).text == "条款"]
    [table] = outcomes
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["条款", "结果"],
        ["第一条（劳动报酬）", "未达成一致"],
        ["第三条（工作时间）", "已达成一致"],
    ]


def test_the_sample_minutes_show_the_exchange_of_the_second_meeting(tmp_path: Path) -> None:
    context = sample_context("minutes")
    text = _text(render_docx(TEMPLATES / "minutes.docx", context, tmp_path / "m.docx"))
    assert "骑手收入增长慢于物价，要求提高配送单价。" in text
    assert "修改“劳动报酬”（计件单价：5.50元/单；条文修改）" in text
    assert "撤回条款“骑手驿站”" in text


def test_empty_parts_of_an_exchange_say_none(tmp_path: Path) -> None:
    context = sample_context("minutes")
    empty = {"statements": [], "positions": [], "answers": [], "outcomes": []}
    context["meeting"] = {**context["meeting"], "exchange": empty}
    text = _text(render_docx(TEMPLATES / "minutes.docx", context, tmp_path / "m.docx"))
    assert text.splitlines().count("无。") == 3
    assert "四、各条款协商结果" in text


def test_minutes_without_an_exchange_have_no_exchange_section(tmp_path: Path) -> None:
    context = context_for("minutes", *sample_history(), which=0)  # the first meeting: no exchange
    assert context["meeting"]["exchange"] is None
    text = _text(render_docx(TEMPLATES / "minutes.docx", context, tmp_path / "m.docx"))
    assert "双方陈述" not in text
    assert "协商情况和结果" in text
