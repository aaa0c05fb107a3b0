"""Any sequence of steps, lawful or not, leaves a reachable state and a history that replays."""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import event, given, settings
from hypothesis import strategies as st

from bargain import (
    Agreement,
    Event,
    InvalidDocument,
    ProcedureError,
    Role,
    Status,
    Trigger,
)
from bargain.domain.calendar import FixedClock
from bargain.domain.lifecycle import machine, reachable_states, transition
from bargain.law.procedure import lifecycle as law_lifecycle
from tests.steps import lawful_step, procedure_agreement

LIFECYCLE = law_lifecycle()
REACHABLE = reachable_states()

attempts = st.lists(
    st.tuples(
        st.booleans(),  # pick among the steps allowed now, or anything at all
        st.integers(min_value=0, max_value=1000),  # which trigger
        st.integers(min_value=0, max_value=1000),  # which role
        st.integers(min_value=0, max_value=40),  # days after the last step
    ),
    max_size=60,
)


def choose(agreement: Agreement, pick_allowed: bool, which: int, who: int) -> tuple[Trigger, Role]:
    """Mostly steps the table allows now (so runs go deep), sometimes anything at all."""
    allowed = LIFECYCLE.allowed(agreement)
    if pick_allowed and allowed:
        trigger = allowed[which % len(allowed)]
        roles = sorted(transition(trigger).who.roles(agreement))
        return trigger, roles[who % len(roles)]
    triggers, roles = list(Trigger), list(Role)
    return triggers[which % len(triggers)], roles[who % len(roles)]


@settings(max_examples=150)
@given(attempts)
def test_random_steps_keep_the_agreement_lawful_and_replayable(
    sequence: list[tuple[bool, int, int, int]],
) -> None:
    opening = procedure_agreement()
    agreement = opening
    events = []
    for pick_allowed, which, who, delay in sequence:
        trigger, role = choose(agreement, pick_allowed, which, who)
        day, details = lawful_step(agreement, trigger, delay=delay)
        try:
            step = LIFECYCLE.fire(agreement, trigger, role, at=FixedClock(day).now(), **details)
        except (ProcedureError, InvalidDocument):
            continue  # refused: the agreement is unchanged, and the next step starts from it
        row = transition(trigger)
        assert agreement.status in row.sources
        assert step.agreement.status in machine.destinations(agreement.status, row.trigger)
        agreement = step.agreement
        events.append(step.event)
        # The engine assembles events without validating them again: they must be valid.
        assert Event.model_validate(step.event.model_dump(mode="json")) == step.event
    assert agreement.status in REACHABLE
    event(f"ends {agreement.status.value}")  # shown by --hypothesis-show-statistics
    assert [e.sequence for e in events] == list(range(1, len(events) + 1))
    assert all(a.on <= b.on for a, b in itertools.pairwise(events))
    assert LIFECYCLE.replay(opening, events) == agreement
    if events:
        assert events[-1].target is agreement.status
    else:
        assert agreement.status is Status.DRAFTING


@settings(max_examples=50)
@given(st.integers(min_value=0, max_value=3000))
def test_a_late_reply_is_late_by_the_days_past_the_deadline(delay: int) -> None:
    agreement = procedure_agreement()
    sent = LIFECYCLE.fire(
        agreement,
        Trigger.SEND_OFFER,
        Role.UNION_CHIEF,
        at=FixedClock(dt.date(2019, 11, 6)).now(),
        topics=["劳动报酬"],
    )
    due = sent.agreement.procedure.offer.reply_due
    day = dt.date(2019, 11, 6) + dt.timedelta(days=delay)
    reply = LIFECYCLE.fire(
        sent.agreement, Trigger.ACCEPT_OFFER, Role.EMPLOYER_CHIEF, at=FixedClock(day).now()
    )
    assert reply.event.late_days == max(0, (day - due.due).days)
    assert reply.event.late is (day > due.due)
