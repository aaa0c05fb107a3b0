"""Properties of offers: an offer and its inverse give back the text, whatever the offer."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from bargain import load_agreement
from bargain.domain.clauses import Clause, parse_clause
from bargain.domain.negotiation import Action, Offer, Position, apply_offer, inverse
from bargain.domain.parties import Side
from tests.conftest import SECTOR_AGREEMENT

CLAUSES: tuple[Clause, ...] = load_agreement(SECTOR_AGREEMENT).clauses
IDS = [c.id for c in CLAUSES]
WORDS = st.text(alphabet="骑手单价保底收入休息驿站企业工会协商。，", min_size=1, max_size=30)


@st.composite
def offers(draw: st.DrawFn) -> Offer:
    """An offer of changed wordings and rates, withdrawals and added clauses, any mix."""
    chosen = draw(st.lists(st.sampled_from(IDS), unique=True, max_size=6))
    withdrawn = set(draw(st.lists(st.sampled_from(chosen), unique=True))) if chosen else set()
    positions: list[Position] = []
    for key in chosen:
        if key in withdrawn:
            positions.append(Position(clause_id=key, action=Action.WITHDRAW))
            continue
        changes: dict[str, Any] = {"text": draw(WORDS)}
        if key == "pay-levels":
            cents = draw(st.integers(min_value=1, max_value=5000))
            changes["piece_rate"] = f"{cents / 100:.2f}/order"
        positions.append(Position(clause_id=key, changes=changes))
    staying = [key for key in IDS if key not in withdrawn]
    for number in range(draw(st.integers(min_value=0, max_value=2))):
        clause = parse_clause(
            {"kind": "OTHER", "id": f"new-{number}", "heading": "新增", "text": draw(WORDS)}
        )
        before = draw(st.sampled_from([None, *staying]))
        positions.append(
            Position(clause_id=clause.id, action=Action.ADD, clause=clause, before=before)
        )
    if not positions:
        positions.append(Position(clause_id=IDS[0], changes={"text": draw(WORDS)}))
    return Offer(side=draw(st.sampled_from(list(Side))), positions=tuple(positions))


@settings(max_examples=60, deadline=None)
@given(offers())
def test_an_offer_then_its_exact_inverse_gives_back_the_text(offer: Offer) -> None:
    after = apply_offer(CLAUSES, offer)
    undo = inverse(CLAUSES, offer)
    assert undo.side is offer.side.other
    assert apply_offer(after, undo) == CLAUSES


@settings(max_examples=30, deadline=None)
@given(offers())
def test_an_offer_touches_only_the_clauses_it_names(offer: Offer) -> None:
    named = {p.clause_id for p in offer.positions}
    after = {c.id: c for c in apply_offer(CLAUSES, offer)}
    for clause in CLAUSES:
        if clause.id not in named:
            assert after[clause.id] == clause
