"""Redlines: clauses matched by id, the fields that changed, and character diffs of Chinese text."""

from __future__ import annotations

import datetime as dt
import difflib
import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bargain import load_agreement
from bargain.domain.agreement import Agreement
from bargain.domain.calendar import DateRange
from bargain.domain.clauses import OtherClause
from bargain.domain.language import Lang
from bargain.domain.money import Rate
from bargain.domain.redline import ChangeKind, Op, Segment, char_diff, compare
from bargain.render.redline_view import DELETED, INSERTED, render_redline
from tests.conftest import SECTOR_AGREEMENT


@pytest.fixture(scope="module")
def sector() -> Agreement:
    return load_agreement(SECTOR_AGREEMENT)


def _raised(agreement: Agreement) -> Agreement:
    """The union's offer: 5 yuan an order instead of 4.5, in the field and in the text."""
    pay = agreement.clause("pay-levels")
    return agreement.with_clause(
        pay.changed(piece_rate="5/order", text=pay.text.replace("每单4.5元", "每单5元"))
    )


def _joined(segments: tuple[Segment, ...], keep: Op) -> str:
    return "".join(s.text for s in segments if s.op in (Op.EQUAL, keep))


# --- clauses --------------------------------------------------------------------------------------


def test_a_text_against_itself_has_no_change(sector: Agreement) -> None:
    redline = compare(sector.text, sector.text)
    assert redline.is_empty
    assert redline.counts() == {
        "added": 0,
        "removed": 0,
        "changed": 0,
        "unchanged": len(sector.clauses),
    }


def test_a_changed_piece_rate_is_one_changed_clause_with_its_old_and_new_value(
    sector: Agreement,
) -> None:
    redline = compare(sector.text, _raised(sector).text)
    [change] = redline.changes
    assert (change.clause_id, change.kind, change.number_before, change.number_after) == (
        "pay-levels",
        ChangeKind.CHANGED,
        1,
        1,
    )
    assert [f.name for f in change.fields] == ["text", "piece_rate"]
    text, rate = change.fields
    assert (rate.before, rate.after) == (Rate.parse("4.5/order"), Rate.parse("5/order"))
    assert (rate.label.zh, rate.label.en) == ("计件单价", "pay per order")
    assert rate.segments is None
    assert [(s.op, s.text) for s in text.segments or () if s.op is not Op.EQUAL] == [
        (Op.DELETE, "4.5"),
        (Op.INSERT, "5"),
    ]


def test_added_and_removed_clauses_keep_their_places(sector: Agreement) -> None:
    festival = OtherClause(id="festival-care", heading="节日关爱", text="春节期间发放慰问品。")
    clauses = [c for c in sector.clauses if c.id != "hours"]
    clauses.insert(1, festival)
    after = sector.changed(clauses=clauses)
    redline = compare(sector.text, after.text)
    order = [(c.clause_id, c.kind.value) for c in redline.clauses[:5]]
    assert order == [
        ("pay-levels", "unchanged"),
        ("festival-care", "added"),
        ("pay-hourly", "unchanged"),
        ("hours", "removed"),  # where it stood: after the clause that came before it
        ("rest", "unchanged"),
    ]
    added, removed = redline.of(ChangeKind.ADDED)[0], redline.of(ChangeKind.REMOVED)[0]
    assert (added.number_before, added.number_after, added.before) == (None, 2, None)
    assert (removed.number_before, removed.number_after, removed.after) == (3, None, None)
    assert removed.before == sector.clause("hours")
    assert redline.counts()["unchanged"] == len(sector.clauses) - 1


def test_a_removed_first_clause_comes_first(sector: Agreement) -> None:
    after = sector.changed(clauses=sector.clauses[1:])
    assert [c.clause_id for c in compare(sector.text, after.text).clauses[:2]] == [
        "pay-levels",
        "pay-hourly",
    ]


def test_a_clause_whose_kind_changed_lists_the_fields_of_both_kinds(sector: Agreement) -> None:
    pay = sector.clause("pay-hourly")
    other = OtherClause(id=pay.id, heading=pay.heading, text=pay.text)
    after = sector.with_clause(other)
    [change] = compare(sector.text, after.text).changes
    names = {f.name for f in change.fields}
    assert {"kind", "hourly_floor", "pay_cycle_days", "heading_en", "text_en"} <= names
    assert "text" not in names


def test_changes_outside_the_clauses_are_reported(sector: Agreement) -> None:
    term = DateRange(start=dt.date(2020, 1, 1), end=dt.date(2023, 12, 31))
    redline = compare(sector.text, sector.changed(term=term).text)
    assert redline.changes == ()
    [change] = redline.outside_clauses
    assert (change.name, change.label.zh, change.after) == ("term", "合同期限", term)
    assert not redline.is_empty


def test_the_json_form_is_plain_data(sector: Agreement) -> None:
    data = compare(sector.text, _raised(sector).text).as_json()
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    [pay] = [c for c in data["clauses"] if c["change"] == "changed"]
    assert pay["fields"][1] == {
        "field": "piece_rate",
        "label": {"zh": "计件单价", "en": "pay per order"},
        "before": {"amount": "4.5", "per": "order"},  # as the agreement's JSON writes it
        "after": {"amount": "5", "per": "order"},
    }
    assert {"op": "-", "text": "4.5"} in pay["fields"][0]["diff"]
    assert data["counts"]["changed"] == 1


# --- characters -----------------------------------------------------------------------------------


def test_a_chinese_change_is_a_deletion_and_an_insertion_each_place() -> None:
    before = "工资于每月15日以货币形式足额支付"
    after = "工资于每月10日以银行转账形式足额支付"
    assert [(s.op.value, s.text) for s in char_diff(before, after)] == [
        ("=", "工资于每月"),
        ("-", "15"),
        ("+", "10"),
        ("=", "日以"),
        ("-", "货币"),
        ("+", "银行转账"),
        ("=", "形式足额支付"),
    ]


# Two wordings of the late-delivery rule: the plain character diff of difflib matches the
# characters the two happen to share (超, 时, 的, 不), so the rewritten phrase comes out as
# a string of one-character pieces; diff-match-patch's semantic clean-up gives it as one
# deletion and one insertion (docs/redlines.md).
REWORDED = (
    "因恶劣天气等原因超时的订单，不予扣款。",
    "遇到暴雨、冰雪等超出骑手控制的情形造成的超时，企业不得处罚。",
)


def test_semantic_clean_up_gives_whole_pieces_where_difflib_scatters_them() -> None:
    before, after = REWORDED
    ours = char_diff(before, after)
    theirs = difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes()
    assert [before[i:j] for tag, i, j, _, _ in theirs if tag == "equal"] == [
        "等",
        "超时",
        "，",
        "不",
        "。",
    ]
    assert [s.op for s in ours] == [Op.DELETE, Op.INSERT, Op.EQUAL]
    assert ours[-1].text == "。"


def test_a_number_changes_whole() -> None:
    assert [(s.op.value, s.text) for s in char_diff("每单4.5元", "每单5元")] == [
        ("=", "每单"),
        ("-", "4.5"),
        ("+", "5"),
        ("=", "元"),
    ]
    assert [(s.op.value, s.text) for s in char_diff("第1日", "第15日")] == [
        ("=", "第"),
        ("-", "1"),
        ("+", "15"),
        ("=", "日"),
    ]
    assert [(s.op.value, s.text) for s in char_diff("2,100 yuan", "2,400 yuan")] == [
        ("-", "2,100"),
        ("+", "2,400"),
        ("=", " yuan"),
    ]


@given(st.text(alphabet="每单元骑手配送4.5,1日，。的", max_size=30), st.text(max_size=30))
def test_the_segments_give_back_both_texts(before: str, after: str) -> None:
    segments = char_diff(before, after)
    assert _joined(segments, Op.DELETE) == before
    assert _joined(segments, Op.INSERT) == after
    assert all(s.text for s in segments)


# --- the terminal view ----------------------------------------------------------------------------


def test_without_colour_the_view_marks_deletions_and_insertions(sector: Agreement) -> None:
    shown = render_redline(compare(sector.text, _raised(sector).text), Lang.ZH, color=False)
    text = shown.plain
    assert text.splitlines()[0] == "修改对照：新增0条，删除0条，修改1条，未变16条"
    assert "第一条  劳动报酬  [pay-levels]  修改" in text
    assert "基础配送单价每单[-4.5-]{+5+}元" in text
    assert "计件单价：[-4.50元/单-] → {+5.00元/单+}" in text
    assert not shown.spans


def test_with_colour_deletions_are_red_struck_and_insertions_green_underlined(
    sector: Agreement,
) -> None:
    shown = render_redline(compare(sector.text, _raised(sector).text), Lang.EN, color=True)
    styled = {(shown.plain[span.start : span.end], str(span.style)) for span in shown.spans}
    assert ("4.5", DELETED) in styled
    assert ("5", INSERTED) in styled
    assert "[-" not in shown.plain
    assert "Article 1  Pay  [pay-levels]  changed" in shown.plain
    assert "pay per order: " not in shown.plain  # labels end with the Chinese colon in both
    assert "pay per order：" in shown.plain


def test_the_view_of_two_equal_texts_says_so(sector: Agreement) -> None:
    shown = render_redline(compare(sector.text, sector.text), Lang.EN, color=False)
    assert shown.plain.splitlines()[1] == "The two texts are the same."


def test_an_added_clause_is_shown_whole_as_inserted(sector: Agreement) -> None:
    festival = OtherClause(id="festival-care", heading="节日关爱", text="春节期间发放慰问品。")
    after = sector.changed(clauses=[*sector.clauses, festival])
    shown = render_redline(compare(sector.text, after.text), Lang.ZH, color=False).plain
    assert "[festival-care]  新增" in shown
    assert "{+春节期间发放慰问品。+}" in shown


def test_a_field_cleared_shows_none() -> None:
    agreement = load_agreement(SECTOR_AGREEMENT)
    pay = agreement.clause("pay-levels")
    after = agreement.with_clause(pay.changed(annual_increase=None))
    [field] = compare(agreement.text, after.text).changes[0].fields
    assert (field.before, field.after) == (Decimal(5), None)
    shown = render_redline(compare(agreement.text, after.text), Lang.ZH, color=False).plain
    assert "年度增幅：[-5-] → {+（无）+}" in shown
