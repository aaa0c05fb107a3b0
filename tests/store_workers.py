"""Work done in child processes by the fault tests: conflicting writers and a writer to be killed.

Each function opens its own store from a URL (nothing is shared with the parent but the
database) and reports through a queue.
"""

from __future__ import annotations

import datetime as dt
from multiprocessing.queues import Queue
from typing import Any

from bargain import ConcurrencyError, FixedClock, Role, Status, Trigger
from bargain.domain.lifecycle import Lifecycle, ProcedurePolicy
from bargain.domain.parties import Side
from bargain.store.sqlalchemy import SqlStore

KEY = "test-agreement"
LIFECYCLE = Lifecycle(ProcedurePolicy.national(), validator=None)


def next_chair(agreement: Any) -> Role:
    meetings = agreement.procedure.meetings
    last = meetings[-1].chair if meetings else Side.UNION
    return Role.EMPLOYER_CHIEF if last is Side.UNION else Role.UNION_CHIEF


def hold_meetings(url: str, attempts: int, start: Any, results: Queue[Any]) -> None:
    """Try to record ``attempts`` meetings, all processes at once; count wins and losses.

    A loss (``ConcurrencyError``) is retried on a fresh read until it wins, so every attempt
    ends as exactly one stored meeting.
    """
    store = SqlStore(url, create=False)
    at = FixedClock(dt.date(2019, 12, 1)).now()
    start.wait()
    wins = losses = 0
    for _ in range(attempts):
        while True:
            with store.unit_of_work() as uow:
                agreement = uow.agreements.get(KEY)
                step = LIFECYCLE.fire(
                    agreement, Trigger.RECORD_MEETING, next_chair(agreement), at=at
                )
                try:
                    uow.agreements.record(step.agreement, [step.event])
                    uow.commit()
                except ConcurrencyError:
                    losses += 1
                    continue
                wins += 1
                break
    store.dispose()
    results.put((wins, losses))


def meet_once(store: SqlStore) -> None:
    """Record one more meeting of the agreement, in a unit of work of its own."""
    at = FixedClock(dt.date(2019, 12, 1)).now()
    with store.unit_of_work() as uow:
        agreement = uow.agreements.get(KEY)
        step = LIFECYCLE.fire(agreement, Trigger.RECORD_MEETING, next_chair(agreement), at=at)
        uow.agreements.record(step.agreement, [step.event])
        uow.commit()


def meet_forever(url: str, started: Any) -> None:
    """Record meetings one after another until killed.

    ``started`` is set once the worker is connected and reading, not before: on a loaded machine
    connecting can take longer than the parent waits before the kill, and a kill that always
    lands before the first write tests nothing.
    """
    store = SqlStore(url, create=False)
    at = FixedClock(dt.date(2019, 12, 1)).now()
    while True:
        with store.unit_of_work() as uow:
            agreement = uow.agreements.get(KEY)
            started.set()
            assert agreement.status is Status.NEGOTIATING
            step = LIFECYCLE.fire(agreement, Trigger.RECORD_MEETING, next_chair(agreement), at=at)
            uow.agreements.record(step.agreement, [step.event])
            uow.commit()
