"""A side's playbook: positions typed by their clause field, the direction they imply, and a text
measured against them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from bargain.domain.agreement import Text
from bargain.domain.clauses import ClauseKind, TrainingClause
from bargain.domain.language import Lang
from bargain.domain.money import Rate
from bargain.domain.parties import Side
from bargain.domain.playbook import (
    Direction,
    Playbook,
    PlaybookEntry,
    Verdict,
    assess,
    negotiable_fields,
)
from bargain.errors import InvalidDocument
from tests.factories import a_pay_clause, an_agreement


def entry(**overrides: Any) -> PlaybookEntry:
    fields: dict[str, Any] = {
        "clause_id": "pay",
        "kind": "PAY",
        "field": "piece_rate",
        "opening": "6/order",
        "target": "5.5/order",
        "walk_away": "5/order",
        "priority": 1,
    }
    fields.update(overrides)
    return PlaybookEntry.model_validate(fields)


def text_with(**pay: Any) -> Text:
    return an_agreement(clauses=(a_pay_clause(**pay),)).text


def messages(error: pytest.ExceptionInfo[Exception]) -> str:
    return str(error.value)


# ------------------------------------------------------------------------------ the entries


def test_positions_are_read_with_the_type_of_their_field() -> None:
    made = entry()
    assert made.opening == Rate.parse("6/order")
    hours = entry(
        kind="HOURS", field="daily_hours", opening="7", target="8", walk_away=Decimal("8.5")
    )
    assert hours.walk_away == Decimal("8.5")


def test_an_opening_above_the_walk_away_means_more_is_better() -> None:
    assert entry().direction is Direction.MORE_IS_BETTER
    employer = entry(opening="4.5/order", target="5/order", walk_away="5.5/order")
    assert employer.direction is Direction.LESS_IS_BETTER


def test_a_position_in_another_unit_than_the_field_is_refused() -> None:
    with pytest.raises(ValueError, match="expected a rate per order, not per day"):
        entry(opening="6/day")


def test_a_field_that_holds_no_amount_or_number_cannot_have_positions() -> None:
    assert "time_estimation" not in negotiable_fields(ClauseKind.ALGO)
    assert "commission_cap" in negotiable_fields(ClauseKind.ALGO)
    with pytest.raises(ValueError, match="holding an amount or a number: piece_rate, "):
        entry(field="allowances")


def test_the_opening_and_the_walk_away_must_differ() -> None:
    with pytest.raises(ValueError, match="the opening and the walk-away must differ"):
        entry(walk_away="6/order", target="6/order")


def test_the_target_lies_between_the_opening_and_the_walk_away() -> None:
    entry(target="6/order")  # at the opening
    entry(target="5/order")  # at the walk-away
    with pytest.raises(ValueError, match="the target must lie between"):
        entry(target="6.5/order")


def test_positions_of_a_rate_field_of_any_unit_must_share_one() -> None:
    with pytest.raises(ValueError, match="must share a unit"):
        entry(
            kind="TRAIN",
            field="funding",
            opening="100/month",
            target="80/month",
            walk_away="500/once",
        )


def test_a_playbook_has_one_entry_per_clause_field_and_comes_back_from_json() -> None:
    playbook = Playbook(agreement_id="test-agreement", side=Side.UNION, entries=(entry(),))
    assert Playbook.model_validate_json(playbook.model_dump_json()) == playbook
    with pytest.raises(ValueError, match=r"pay\.piece_rate \(pay per order\) appears twice"):
        Playbook(agreement_id="test-agreement", side=Side.UNION, entries=(entry(), entry()))
    with pytest.raises(InvalidDocument, match="entries"):
        playbook.changed(entries=())


# ------------------------------------------------------------------------------ assessing


def union_playbook(*entries: PlaybookEntry) -> Playbook:
    return Playbook(agreement_id="test-agreement", side=Side.UNION, entries=entries)


def test_a_text_below_the_unions_walk_away_crosses_it_by_the_difference() -> None:
    result = assess(union_playbook(entry()), text_with(piece_rate="4.5/order"))
    [item] = result.items
    assert item.verdict is Verdict.PAST_WALK_AWAY
    assert item.crosses_walk_away
    assert item.past_walk_away == Rate.parse("0.5/order")
    assert item.short_of_target == Rate.parse("1/order")
    assert result.crossed == (item,)


def test_a_text_between_walk_away_and_target_is_short_of_the_target() -> None:
    [item] = assess(union_playbook(entry()), text_with(piece_rate="5.2/order")).items
    assert item.verdict is Verdict.SHORT_OF_TARGET
    assert item.short_of_target == Rate.parse("0.3/order")
    assert item.past_walk_away is None


def test_at_the_walk_away_the_line_is_not_crossed() -> None:
    [item] = assess(union_playbook(entry()), text_with(piece_rate="5/order")).items
    assert item.verdict is Verdict.SHORT_OF_TARGET


def test_for_the_employer_less_is_better() -> None:
    employer = Playbook(
        agreement_id="test-agreement",
        side=Side.EMPLOYER,
        entries=(entry(opening="4.5/order", target="5/order", walk_away="5.5/order"),),
    )
    [met] = assess(employer, text_with(piece_rate="4.8/order")).items
    assert met.verdict is Verdict.TARGET_MET
    assert met.short_of_target == Rate.parse("0/order")
    [past] = assess(employer, text_with(piece_rate="6/order")).items
    assert past.verdict is Verdict.PAST_WALK_AWAY
    assert past.past_walk_away == Rate.parse("0.5/order")


def test_an_entry_the_text_does_not_have_is_absent() -> None:
    other_clause = entry(clause_id="festival-pay")
    unset_field = entry(
        field="daily_floor", opening="250/day", target="220/day", walk_away="200/day"
    )
    result = assess(union_playbook(other_clause, unset_field), text_with(piece_rate="5/order"))
    assert [i.verdict for i in result.items] == [Verdict.ABSENT, Verdict.ABSENT]
    assert result.crossed == ()


def test_a_value_in_another_unit_cannot_be_compared() -> None:
    funding = entry(
        kind="TRAIN",
        clause_id="training",
        field="funding",
        opening="100/month",
        target="80/month",
        walk_away="50/month",
    )
    clause = TrainingClause(id="training", heading="培训", text="……", funding="2000/once")
    text = an_agreement(clauses=(a_pay_clause(), clause)).text
    [item] = assess(union_playbook(funding), text).items
    assert item.verdict is Verdict.OTHER_UNIT


def test_the_assessment_lists_the_most_important_first_in_both_languages() -> None:
    hours = entry(
        field="daily_floor", opening="250/day", target="220/day", walk_away="200/day", priority=2
    )
    result = assess(
        union_playbook(hours, entry(priority=1)),
        text_with(piece_rate="4.5/order", daily_floor="230/day"),
    )
    assert [i.entry.field for i in result.items] == ["piece_rate", "daily_floor"]
    assert result.lines(Lang.ZH) == [
        "test-agreement（职工方（工会））：2项，1项越过底线",
        "[1] 计件单价（pay.piece_rate）：文本 4.50元/单（目标 5.50元/单，底线 5.00元/单）："
        "越过底线 0.50元/单，距目标 1.00元/单",
        "[2] 日保底收入（pay.daily_floor）：文本 230.00元/日（目标 220.00元/日，底线 200.00元/日）："
        "达到目标",
    ]
    assert result.lines(Lang.EN)[1].startswith(
        "[1] pay.piece_rate (pay per order): text CNY 4.50 per order (target CNY 5.50 per "
        "order, walk-away CNY 5.00 per order): past the walk-away by CNY 0.50 per order"
    )
    data = result.as_json()
    assert data["crossed"] == 1
    assert data["items"][0]["past_walk_away"] == {"amount": "0.5", "per": "order"}
