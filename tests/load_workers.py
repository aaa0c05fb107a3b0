"""Work done in child processes by the load test: many writers on many agreements at once.

Each worker opens its own store from a URL and takes steps on agreements chosen at random until
its time is up, counting the steps that reported success; nothing is shared with the parent but
the database and a queue.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from multiprocessing.queues import Queue
from typing import Any

from bargain import ConcurrencyError, FixedClock, Status, Workflow
from bargain.domain.parties import Side
from bargain.errors import GuardFailed, NotAuthorised, TransitionNotAllowed
from bargain.store.sqlalchemy import SqlStore

DAY = dt.date(2019, 11, 6)
# The next step by state, with its actor and details (the Bengbu sector agreement's path);
# a negotiation records a few meetings before the draft.
NEXT: dict[Status, tuple[str, str, dict[str, Any]]] = {
    Status.DRAFTING: ("send_offer", "union_chief", {"topics": ["劳动报酬"]}),
    Status.OFFER_SENT: ("accept_offer", "employer_chief", {}),
    Status.PREPARING: ("start_negotiation", "union_chief", {"place": "蚌埠市总工会"}),
    Status.NEGOTIATING: ("record_meeting", "employer_chief", {}),
    Status.DRAFT_AGREED: ("submit_to_congress", "union_chief", {}),
    Status.BEFORE_CONGRESS: (
        "hold_congress_vote",
        "congress",
        {"members": 180, "present": 150, "in_favour": 120},
    ),
    Status.ADOPTED: ("sign", "union_chief", {}),
    Status.SIGNED: ("file", "employer_chief", {}),
}


def take_steps(url: str, keys: list[str], seconds: float, seed: int, results: Queue[Any]) -> None:
    """Take steps on random agreements for ``seconds``; report (succeeded, conflicts)."""
    chance = random.Random(seed)
    store = SqlStore(url, create=False)
    workflow = Workflow(store.unit_of_work, clock=FixedClock(DAY))
    succeeded = conflicts = 0
    ends = time.monotonic() + seconds
    while time.monotonic() < ends:
        key = chance.choice(keys)
        agreement = workflow.get(key)
        if agreement.status not in NEXT:
            continue
        trigger, role, details = NEXT[agreement.status]
        meetings = agreement.procedure.meetings
        if agreement.status is Status.NEGOTIATING:
            if len(meetings) >= 3:
                trigger, role, details = "agree_draft", "union_chief", {}
            elif meetings and meetings[-1].chair is Side.EMPLOYER:
                role = "union_chief"  # the chiefs chair in turn (Art 34)
        try:
            workflow.fire(key, trigger, role, **details)
        except ConcurrencyError:
            conflicts += 1  # another writer stored a step since this one read
            continue
        except (TransitionNotAllowed, NotAuthorised, GuardFailed):
            conflicts += 1  # the agreement moved on since it was read: the step no longer fits
            continue
        succeeded += 1
    store.dispose()
    results.put((succeeded, conflicts))
