"""Negotiation through ``Workflow`` with the shipped law: offers judged, recorded, stored."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bargain import FixedClock, GuardFailed, Lang, MemoryStore, Workflow, load_agreement
from bargain.errors import InvalidDocument
from tests.conftest import SECTOR_AGREEMENT

KEY = "bengbu-delivery-sector-agreement"


@pytest.fixture
def negotiating() -> tuple[Workflow, FixedClock]:
    clock = FixedClock(dt.date(2019, 11, 6))
    workflow = Workflow(MemoryStore().unit_of_work, clock=clock)
    workflow.open(load_agreement(SECTOR_AGREEMENT))
    workflow.fire(KEY, "send_offer", "union_chief", topics=["劳动报酬"])
    clock.set(dt.date(2019, 11, 20))
    workflow.fire(KEY, "accept_offer", "employer_chief")
    clock.set(dt.date(2019, 11, 29))
    return workflow, clock


def floor(side: str, amount: str, *, anyway: bool = False) -> dict[str, Any]:
    position = {"clause_id": "pay-levels", "changes": {"monthly_floor": amount}}
    return {"side": side, "positions": [position], "anyway": anyway}


def test_an_offer_that_breaks_the_law_is_refused_with_the_findings(
    negotiating: tuple[Workflow, FixedClock],
) -> None:
    workflow, _ = negotiating
    with pytest.raises(GuardFailed) as refused:
        workflow.fire(
            KEY, "start_negotiation", "union_chief", offers=[floor("union", "1000/month")]
        )
    assert "anyway" in refused.value.message(Lang.EN)
    assert "PAY-MIN-WAGE" in refused.value.message(Lang.ZH)
    assert workflow.get(KEY).procedure.meetings == ()  # nothing stored


def test_a_side_may_send_it_anyway_and_the_event_says_so(
    negotiating: tuple[Workflow, FixedClock],
) -> None:
    workflow, _ = negotiating
    step = workflow.fire(
        KEY, "start_negotiation", "union_chief", offers=[floor("union", "1000/month", anyway=True)]
    )
    (note,) = step.event.notes
    assert "坚持发出" in note.zh
    meeting = workflow.get(KEY).procedure.meetings[-1]
    assert meeting.exchange is not None
    assert meeting.exchange.offers[0].anyway


def test_each_offer_makes_a_text_version_and_a_meeting_without_offers_does_not(
    negotiating: tuple[Workflow, FixedClock],
) -> None:
    workflow, clock = negotiating
    workflow.fire(KEY, "start_negotiation", "union_chief", offers=[floor("union", "2300/month")])
    clock.set(dt.date(2019, 12, 3))
    workflow.fire(
        KEY, "record_meeting", "employer_chief", statements=[{"side": "employer", "text": "再议"}]
    )
    clock.set(dt.date(2019, 12, 5))
    workflow.fire(KEY, "record_meeting", "union_chief", offers=[floor("employer", "2200/month")])
    versions = workflow.text_versions(KEY)
    assert [v.sequence for v in versions] == [0, 3, 5]
    assert workflow.text_at(KEY, 3).clauses[0].monthly_floor.amount == 2300  # type: ignore[union-attr]
    assert workflow.verify(KEY)[0].ok


def test_the_draft_waits_for_open_clauses_and_nothing_is_stored_on_bad_input(
    negotiating: tuple[Workflow, FixedClock],
) -> None:
    workflow, clock = negotiating
    workflow.fire(KEY, "start_negotiation", "union_chief", offers=[floor("union", "2300/month")])
    clock.set(dt.date(2019, 12, 3))
    with pytest.raises(GuardFailed, match="pay-levels"):
        workflow.fire(KEY, "agree_draft", "union_chief")
    with pytest.raises(InvalidDocument) as bad:
        workflow.fire(KEY, "agree_draft", "union_chief", left_for_later=["pay-levels", "hours"])
    assert bad.value.problems[0].path == "left_for_later"
    with pytest.raises(InvalidDocument) as bad:
        workflow.fire(
            KEY,
            "record_meeting",
            "employer_chief",
            answers=[{"side": "employer", "clause_id": "no-such", "response": "accept"}],
        )
    assert bad.value.problems[0].path == "answers[0].clause_id"
    assert len(workflow.history(KEY)) == 3
    workflow.fire(KEY, "agree_draft", "union_chief", left_for_later=["pay-levels"])
    agreement = workflow.get(KEY)
    assert agreement.clause("pay-levels") == load_agreement(SECTOR_AGREEMENT).clause("pay-levels")
    assert agreement.procedure.negotiation is not None
    assert agreement.procedure.negotiation.left_for_later == ("pay-levels",)
