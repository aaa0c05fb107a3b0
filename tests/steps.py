"""Drive agreements through the procedure in tests: a lawful day and details for every step.

``lawful_step`` answers "if someone were to take this step now, on what day and with what details
would the law let them?", so tests can reach any state by the table's own paths and then probe
one step at a time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from bargain import Agreement, Event, Role, Status, Trigger
from bargain.domain.calendar import DateRange, FixedClock
from bargain.domain.lifecycle import Lifecycle, Step
from bargain.domain.parties import Recorder
from bargain.domain.procedure import AmendmentGround
from bargain.law.procedure import lifecycle as law_lifecycle
from tests.factories import an_agreement

START = dt.date(2019, 11, 4)
"""The first day of the tests' procedure (a Monday)."""

U, E = Role.UNION_CHIEF, Role.EMPLOYER_CHIEF

DETAILS: dict[Trigger, dict[str, Any]] = {
    Trigger.SEND_OFFER: {"topics": ("劳动报酬", "劳动保护")},
    Trigger.REFUSE_OFFER: {"reason": "企业经营困难"},
    Trigger.START_NEGOTIATION: {"place": "市总工会会议室"},
    Trigger.REQUEST_COORDINATION: {"reason": "劳动报酬分歧较大"},
    Trigger.HOLD_CONGRESS_VOTE: {"members": 180, "present": 150, "in_favour": 120},
    Trigger.OBJECT: {"opinion": "第三条劳动报酬低于最低工资", "items": ("pay",)},
    Trigger.AMEND: {"ground": AmendmentGround.BY_AGREEMENT},
    Trigger.TERMINATE: {"ground": AmendmentGround.FORCE_MAJEURE},
}

PATHS: dict[Status, tuple[tuple[Trigger, Role], ...]] = {}
"""For each state, the steps (trigger, role) that lead there from drafting."""


def _path(status: Status, before: Status | None, *steps: tuple[Trigger, Role]) -> None:
    PATHS[status] = (*(PATHS[before] if before else ()), *steps)


_path(Status.DRAFTING, None)
_path(Status.OFFER_SENT, Status.DRAFTING, (Trigger.SEND_OFFER, U))
_path(Status.PREPARING, Status.OFFER_SENT, (Trigger.ACCEPT_OFFER, E))
_path(Status.NEGOTIATING, Status.PREPARING, (Trigger.START_NEGOTIATION, U))
_path(Status.SUSPENDED, Status.NEGOTIATING, (Trigger.SUSPEND, E))
_path(Status.IN_COORDINATION, Status.NEGOTIATING, (Trigger.REQUEST_COORDINATION, U))
_path(Status.DRAFT_AGREED, Status.NEGOTIATING, (Trigger.AGREE_DRAFT, U))
_path(Status.BEFORE_CONGRESS, Status.DRAFT_AGREED, (Trigger.SUBMIT_TO_CONGRESS, U))
_path(Status.ADOPTED, Status.BEFORE_CONGRESS, (Trigger.HOLD_CONGRESS_VOTE, Role.CONGRESS))
_path(Status.SIGNED, Status.ADOPTED, (Trigger.SIGN, U))
_path(Status.UNDER_REVIEW, Status.SIGNED, (Trigger.FILE, E))
_path(Status.OBJECTED, Status.UNDER_REVIEW, (Trigger.OBJECT, Role.LABOUR_BUREAU))
_path(Status.EFFECTIVE, Status.UNDER_REVIEW, (Trigger.TAKE_EFFECT, Role.LABOUR_BUREAU))
_path(Status.PUBLISHED, Status.EFFECTIVE, (Trigger.PUBLISH, E))
_path(Status.TERMINATED, Status.EFFECTIVE, (Trigger.TERMINATE, U))
_path(Status.EXPIRED, Status.EFFECTIVE, (Trigger.EXPIRE, Role.CLOCK))


def procedure_agreement(**overrides: Any) -> Agreement:
    """A lawful sector agreement ready to go through the procedure (term 2020 to 2022)."""
    fields: dict[str, Any] = {
        "recorder": Recorder(name="记录员"),
        "term": DateRange(start=dt.date(2020, 1, 1), end=dt.date(2022, 12, 31)),
    }
    fields.update(overrides)
    return an_agreement(**fields)


def lawful_step(agreement: Agreement, trigger: Trigger, *, delay: int = 1) -> tuple[dt.date, dict]:
    """The day (``delay`` days after the last step, or later where the law needs) and details."""
    procedure = agreement.procedure
    day = max(procedure.last_on or START, START) + dt.timedelta(days=delay)
    details = dict(DETAILS.get(trigger, {}))
    term = agreement.term
    if trigger is Trigger.TAKE_EFFECT and procedure.filing is not None:
        day = max(day, procedure.filing.review_ends.due + dt.timedelta(days=1))
    elif trigger is Trigger.OBJECT and procedure.filing is not None:
        day = min(day, procedure.filing.review_ends.due)
        day = max(day, procedure.last_on or day)
    elif trigger is Trigger.EXPIRE and term is not None:
        day = max(day, term.end + dt.timedelta(days=1))
    elif trigger is Trigger.REQUEST_RENEWAL and term is not None:
        day = max(day, term.end - dt.timedelta(days=30))
    elif (
        trigger is Trigger.REQUEST_COORDINATION
        and agreement.status is Status.OFFER_SENT
        and procedure.offer is not None
    ):
        day = max(day, procedure.offer.reply_due.due + dt.timedelta(days=1))
    if trigger is Trigger.SUSPEND:
        details["resume_on"] = day + dt.timedelta(days=7)
    return day, details


def take(
    lifecycle: Lifecycle, agreement: Agreement, trigger: Trigger, role: Role, *, delay: int = 1
) -> Step:
    """Take one step on its lawful day."""
    day, details = lawful_step(agreement, trigger, delay=delay)
    at = FixedClock(day).now()
    return lifecycle.fire(agreement, trigger, role, at=at, **details)


def walk(
    lifecycle: Lifecycle, agreement: Agreement, steps: Iterable[tuple[Trigger, Role]]
) -> tuple[Agreement, list[Event]]:
    """Take the steps in order; the agreement after them and their events."""
    events = []
    for trigger, role in steps:
        step = take(lifecycle, agreement, trigger, role)
        agreement = step.agreement
        events.append(step.event)
    return agreement, events


def default_lifecycle() -> Lifecycle:
    """The lifecycle on the shipped law."""
    return law_lifecycle()
