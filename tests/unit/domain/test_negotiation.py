"""Negotiation clause by clause: the rules of the exchange, the statuses, the agreed text."""

from __future__ import annotations

import re
from typing import Any

import pytest
from pydantic import ValidationError

from bargain import load_agreement
from bargain.domain.clauses import Clause, parse_clause
from bargain.domain.negotiation import (
    Action,
    Answer,
    ClauseStatus,
    Negotiation,
    Offer,
    Position,
    Response,
    agreed_clauses,
    apply_offer,
    exchange,
    inverse,
    open_clauses,
)
from bargain.domain.parties import Side
from bargain.errors import InvalidDocument
from tests.conftest import SECTOR_AGREEMENT

UNION, EMPLOYER = Side.UNION, Side.EMPLOYER
CLAUSES: tuple[Clause, ...] = load_agreement(SECTOR_AGREEMENT).clauses
IDS = [c.id for c in CLAUSES]


def change(key: str, **changes: Any) -> Position:
    return Position(clause_id=key, changes=changes)


def offer(side: Side, *positions: Position, anyway: bool = False) -> Offer:
    return Offer(side=side, positions=positions, anyway=anyway)


def accept(side: Side, key: str) -> Answer:
    return Answer(side=side, clause_id=key, response=Response.ACCEPT)


def station(**extra: Any) -> Clause:
    data = {"kind": "INS", "id": "stations", "heading": "骑手驿站", "text": "设立骑手驿站。"}
    return parse_clause({**data, **extra})


def the_error(raised: pytest.ExceptionInfo[InvalidDocument]) -> tuple[str, str]:
    (problem,) = raised.value.problems
    return problem.path, problem.expected.en


def rate(clauses: tuple[Clause, ...], key: str) -> str:
    clause = next(c for c in clauses if c.id == key)
    return str(clause.piece_rate.format())


# ------------------------------------------------------------------ the models


@pytest.mark.parametrize(
    ("data", "said"),
    [
        ({"clause_id": "x", "action": "add"}, "an added clause needs `clause`"),
        ({"clause_id": "x", "action": "change"}, "a change needs `changes`"),
        ({"clause_id": "x", "changes": {"kind": "HOURS"}}, "a change cannot set kind"),
        ({"clause_id": "x", "action": "withdraw", "changes": {"text": "a"}}, "takes no"),
        ({"clause_id": "x", "changes": {"text": "a"}, "before": "y"}, "only an added clause"),
    ],
)
def test_a_position_fits_its_action(data: dict[str, Any], said: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(said)):
        Position.model_validate(data)


def test_an_offer_names_each_clause_once() -> None:
    with pytest.raises(ValidationError, match="appears twice"):
        offer(UNION, change("pay-levels", payment_day=10), change("pay-levels", payment_day=12))


# ------------------------------------------------------------------ applying an offer


def test_an_offer_changes_adds_and_withdraws_clauses() -> None:
    made = offer(
        UNION,
        change("pay-levels", piece_rate="5.5/order"),
        Position(clause_id="stations", action=Action.ADD, clause=station(), before="hours"),
        Position(clause_id="rest", action=Action.WITHDRAW),
    )
    after = apply_offer(CLAUSES, made)
    assert rate(after, "pay-levels") == "5.50元/单"
    ids = [c.id for c in after]
    assert ids.index("stations") == ids.index("hours") - 1
    assert "rest" not in ids
    assert len(after) == len(CLAUSES)


@pytest.mark.parametrize(
    ("position", "path", "expected"),
    [
        (change("no-such-clause", text="x"), "offer.positions[0].clause_id", "existing clause"),
        (
            Position(clause_id="hours", action=Action.ADD, clause=station(id="hours")),
            "offer.positions[0].clause_id",
            "not yet used",
        ),
        (Position(clause_id="nope", action=Action.WITHDRAW), "offer.positions[0].clause_id", ""),
        (change("pay-levels", piece_rate="5/month"), "offer.positions[0].changes.piece_rate", ""),
        (change("pay-levels", no_such_field=1), "offer.positions[0].changes.no_such_field", ""),
        (
            Position(clause_id="stations", action=Action.ADD, clause=station(), before="nope"),
            "offer.positions[0].before",
            "existing clause",
        ),
    ],
)
def test_a_position_on_a_clause_that_cannot_take_it_names_the_field(
    position: Position, path: str, expected: str
) -> None:
    with pytest.raises(InvalidDocument) as raised:
        apply_offer(CLAUSES, offer(UNION, position))
    found_path, found_expected = the_error(raised)
    assert found_path == path
    assert expected in found_expected


# ------------------------------------------------------------------ the exchange


def test_the_side_that_sent_the_written_offer_offers_first_and_then_the_sides_alternate() -> None:
    with pytest.raises(InvalidDocument) as raised:
        exchange(CLAUSES, None, [offer(EMPLOYER, change("pay-levels", payment_day=10))], [],
                 meeting=1, first=UNION)  # fmt: skip
    assert the_error(raised) == (
        "offers[0].side",
        "the sides offer in turn: the union side offers now",
    )
    twice = [
        offer(UNION, change("pay-levels", payment_day=10)),
        offer(UNION, change("hours", text="x")),
    ]
    with pytest.raises(InvalidDocument) as raised:
        exchange(CLAUSES, None, twice, [], meeting=1, first=UNION)
    assert the_error(raised)[0] == "offers[1].side"


def test_a_position_is_agreed_when_the_other_side_accepts_it() -> None:
    first = exchange(
        CLAUSES, None, [offer(UNION, change("pay-levels", piece_rate="5.5/order"))], [],
        meeting=1, first=UNION,
    )  # fmt: skip
    (record,) = first.negotiation.clauses
    assert record.status is ClauseStatus.OPEN
    assert record.proposed_by is UNION
    assert record.before == next(c for c in CLAUSES if c.id == "pay-levels")
    assert open_clauses(first.negotiation) == ("pay-levels",)
    # the employer counters: its position replaces the union's on the table; the union accepts
    second = exchange(
        first.clauses, first.negotiation,
        [offer(EMPLOYER, change("pay-levels", piece_rate="5/order"))], [accept(UNION, "pay-levels")],
        meeting=2, first=UNION,
    )  # fmt: skip
    (record,) = second.negotiation.clauses
    assert record.status is ClauseStatus.AGREED
    assert record.union is not None
    assert record.union.meeting == 1
    assert record.employer is not None
    assert record.employer.meeting == 2
    assert rate(second.clauses, "pay-levels") == "5.00元/单"
    assert [(o.clause_id, o.status) for o in second.outcomes] == [
        ("pay-levels", ClauseStatus.AGREED)
    ]
    assert second.negotiation.offers == 2
    assert second.negotiation.last_offer_by is EMPLOYER


def test_a_side_answers_only_the_other_sides_open_position() -> None:
    made = exchange(
        CLAUSES, None, [offer(UNION, change("pay-levels", payment_day=10))], [],
        meeting=1, first=UNION,
    )  # fmt: skip
    with pytest.raises(InvalidDocument) as raised:
        exchange(
            made.clauses,
            made.negotiation,
            [],
            [accept(UNION, "pay-levels")],
            meeting=2,
            first=UNION,
        )
    assert the_error(raised)[0] == "answers[0].side"
    with pytest.raises(InvalidDocument) as raised:
        exchange(
            made.clauses, made.negotiation, [], [accept(EMPLOYER, "hours")], meeting=2, first=UNION
        )
    assert the_error(raised) == ("answers[0].clause_id", "the id of an open clause: pay-levels")
    rejected = exchange(
        made.clauses, made.negotiation, [],
        [Answer(side=EMPLOYER, clause_id="pay-levels", response=Response.REJECT, reason="成本")],
        meeting=2, first=UNION,
    )  # fmt: skip
    assert open_clauses(rejected.negotiation) == ("pay-levels",)


def test_withdrawing_ones_own_new_clause_takes_it_off_the_table_at_once() -> None:
    added = Position(clause_id="stations", action=Action.ADD, clause=station())
    first = exchange(CLAUSES, None, [offer(UNION, added)], [], meeting=1, first=UNION)
    assert first.clauses[-1].id == "stations"
    gone = Position(clause_id="stations", action=Action.WITHDRAW)
    second = exchange(
        first.clauses, first.negotiation,
        [offer(EMPLOYER, change("hours", text="改。")), offer(UNION, gone)], [],
        meeting=2, first=UNION,
    )  # fmt: skip
    assert second.negotiation.record("stations").status is ClauseStatus.WITHDRAWN  # type: ignore[union-attr]
    assert "stations" not in [c.id for c in second.clauses]
    assert open_clauses(second.negotiation) == ("hours",)


def test_dropping_a_clause_of_the_text_needs_the_other_sides_acceptance() -> None:
    drop = Position(clause_id="rest", action=Action.WITHDRAW)
    first = exchange(CLAUSES, None, [offer(UNION, drop)], [], meeting=1, first=UNION)
    assert open_clauses(first.negotiation) == ("rest",)
    second = exchange(
        first.clauses, first.negotiation, [], [accept(EMPLOYER, "rest")], meeting=2, first=UNION
    )
    assert second.negotiation.record("rest").status is ClauseStatus.WITHDRAWN  # type: ignore[union-attr]
    assert agreed_clauses(second.clauses, second.negotiation) == tuple(
        c for c in CLAUSES if c.id != "rest"
    )


# ------------------------------------------------------------------ the agreed text


def test_the_agreed_text_puts_clauses_left_for_later_back_as_they_were() -> None:
    made = exchange(
        CLAUSES, None,
        [offer(UNION, change("pay-levels", piece_rate="6/order"), Position(clause_id="rest", action=Action.WITHDRAW),
               Position(clause_id="stations", action=Action.ADD, clause=station()))],
        [], meeting=1, first=UNION,
    )  # fmt: skip
    assert set(open_clauses(made.negotiation)) == {"pay-levels", "rest", "stations"}
    with pytest.raises(InvalidDocument) as raised:
        agreed_clauses(made.clauses, made.negotiation, ["hours"])
    assert the_error(raised)[0] == "left_for_later"
    agreed = agreed_clauses(made.clauses, made.negotiation, ["pay-levels", "rest", "stations"])
    assert agreed == CLAUSES  # each back where it stood; the new one out


def test_without_a_negotiation_the_agreed_text_is_the_text() -> None:
    assert agreed_clauses(CLAUSES, None) == CLAUSES
    assert open_clauses(Negotiation()) == ()


# ------------------------------------------------------------------ the inverse


def test_an_offer_and_its_inverse_give_back_the_text() -> None:
    made = offer(
        UNION,
        change("pay-levels", piece_rate="6/order", text="新的条文。"),
        Position(clause_id="rest", action=Action.WITHDRAW),
        Position(clause_id="hours", action=Action.WITHDRAW),
        Position(clause_id="stations", action=Action.ADD, clause=station(), before="safety"),
    )
    after = apply_offer(CLAUSES, made)
    undo = inverse(CLAUSES, made)
    assert undo.side is EMPLOYER
    assert apply_offer(after, undo) == CLAUSES
