"""The SQL store's prebuilt statements and its caches (used by :mod:`bargain.store._sql_repository`).

Each statement is built once, at import: an execution only binds its values.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from threading import Lock
from typing import Generic, TypeVar

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from bargain.domain.agreement import Agreement
from bargain.ports import Standing
from bargain.store._tables import AgreementRow, Base, DeadlineRow, EventRow, MeetingRow, TextRow

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Lru(Generic[K, V]):
    """A bounded, thread-safe map that forgets what was used least recently."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict[K, V] = OrderedDict()
        self._lock = Lock()

    def clear(self) -> None:
        """Forget everything."""
        with self._lock:
            self._items.clear()

    def get(self, key: K) -> V | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: K, value: V) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)


@dataclass(frozen=True, slots=True)
class Known:
    """An agreement's row as a unit of work read or wrote it: its version, the head of its chain,
    its text by fingerprint, how many meetings it has, and (once parsed or written) the agreement
    and its open time limits (``None`` when not known: read from the row alone)."""

    version: int
    head: str
    text: str
    meetings: int
    agreement: Agreement | None = None
    deadlines: tuple[Standing, ...] | None = None


AGREEMENTS = Base.metadata.tables[AgreementRow.__tablename__]
EVENTS = Base.metadata.tables[EventRow.__tablename__]
TEXTS = Base.metadata.tables[TextRow.__tablename__]
MEETINGS = Base.metadata.tables[MeetingRow.__tablename__]
DEADLINES = Base.metadata.tables[DeadlineRow.__tablename__]
KEY: sa.BindParameter[str] = sa.bindparam("key")
UPTO: sa.BindParameter[int] = sa.bindparam("upto")
"""The last version (or meeting) a read takes: the one its agreement's row was read at.

Under READ COMMITTED (PostgreSQL's default, and SQLite's reads outside a write), each statement
sees what was committed when it began, so a writer may commit between two statements of one
read. The rows a committed version names never change, so reading them up to the version the
agreement's row was read at gives one consistent view.
"""
# Statements built once: each execution only binds its values.
HEAD = sa.select(
    AGREEMENTS.c.version,
    AGREEMENTS.c.head_hash,
    AGREEMENTS.c.text_fingerprint,
    AGREEMENTS.c.meetings,
).where(AGREEMENTS.c.id == KEY)
TAKEN = sa.select(AGREEMENTS.c.version).where(AGREEMENTS.c.id == KEY)
STATE = sa.select(
    AGREEMENTS.c.state,
    AGREEMENTS.c.version,
    AGREEMENTS.c.head_hash,
    AGREEMENTS.c.text_fingerprint,
    AGREEMENTS.c.meetings,
).where(AGREEMENTS.c.id == KEY)
OPENING = sa.select(AGREEMENTS.c.opening_state, AGREEMENTS.c.opening_fingerprint).where(
    AGREEMENTS.c.id == KEY
)
OPENING_TEXT = sa.select(AGREEMENTS.c.opening_fingerprint).where(AGREEMENTS.c.id == KEY)
TEXT = sa.select(TEXTS.c.body).where(TEXTS.c.fingerprint == KEY)
ALL_MEETING_BODIES = (
    sa.select(MEETINGS.c.body).where(MEETINGS.c.agreement_id == KEY).order_by(MEETINGS.c.number)
)
MEETING_BODIES = ALL_MEETING_BODIES.where(MEETINGS.c.number <= UPTO)
IDS = sa.select(AGREEMENTS.c.id).order_by(AGREEMENTS.c.id)
HISTORY = sa.select(EVENTS.c.body).where(EVENTS.c.agreement_id == KEY).order_by(EVENTS.c.sequence)
STORED = (
    sa.select(EVENTS.c.body, EVENTS.c.previous_hash, EVENTS.c.hash, EVENTS.c.scheme)
    .where(EVENTS.c.agreement_id == KEY)
    .order_by(EVENTS.c.sequence)
)
LINKS = (
    sa.select(EVENTS.c.previous_hash, EVENTS.c.hash, EVENTS.c.scheme)
    .where(EVENTS.c.agreement_id == KEY, EVENTS.c.sequence <= UPTO)
    .order_by(EVENTS.c.sequence)
)
ROOT = sa.select(
    AGREEMENTS.c.root_hash, AGREEMENTS.c.scheme, AGREEMENTS.c.head_hash, AGREEMENTS.c.version
).where(AGREEMENTS.c.id == KEY)
TEXT_CHANGES = (
    sa.select(EVENTS.c.sequence, EVENTS.c.on, EVENTS.c.text_fingerprint)
    .where(EVENTS.c.agreement_id == KEY, EVENTS.c.text_fingerprint.is_not(None))
    .order_by(EVENTS.c.sequence)
)
WHOLE = sa.select(
    AGREEMENTS.c.opening_state,
    AGREEMENTS.c.opening_fingerprint,
    AGREEMENTS.c.root_hash,
    AGREEMENTS.c.scheme,
    AGREEMENTS.c.state,
    AGREEMENTS.c.text_fingerprint,
    AGREEMENTS.c.head_hash,
    AGREEMENTS.c.version,
    AGREEMENTS.c.meetings,
).where(AGREEMENTS.c.id == KEY)
EVENTS_AFTER = (
    sa.select(EVENTS.c.position, EVENTS.c.body)
    .where(EVENTS.c.position > sa.bindparam("position"))
    .order_by(EVENTS.c.position)
    .limit(sa.bindparam("limit"))
)
STEP_COLUMNS = (
    "version",
    "status",
    "text_fingerprint",
    "state",
    "meetings",
    "next_due",
    "next_due_kind",
    "head_hash",
    "updated_at",
)
"""The agreement's columns that a step writes."""
LISTED_COLUMNS = (
    "title",
    "title_en",
    "kind",
    "sector",
    "sector_name",
    "region",
    "term_start",
    "term_end",
)
"""The columns that listing reads and only an amendment of these fields changes."""


def _update(columns: tuple[str, ...]) -> sa.Update:
    return (
        AGREEMENTS.update()
        .where(AGREEMENTS.c.id == KEY, AGREEMENTS.c.version == sa.bindparam("expected"))
        .values({name: sa.bindparam(f"new_{name}") for name in columns})
    )


UPDATE = _update(STEP_COLUMNS + LISTED_COLUMNS)
UPDATE_STEP = _update(STEP_COLUMNS)
"""A step's UPDATE when the listed columns stay as they are: their indexes are left alone
(SQLite rewrites an index entry whenever a SET names its column, even to the same value)."""
INSERT_AGREEMENT = AGREEMENTS.insert()
INSERT_EVENTS = EVENTS.insert()
INSERT_MEETINGS = MEETINGS.insert()
INSERT_DEADLINES = DEADLINES.insert()
DROP_MEETINGS = MEETINGS.delete().where(
    MEETINGS.c.agreement_id == KEY, MEETINGS.c.number > sa.bindparam("count")
)
DROP_DEADLINES = DEADLINES.delete().where(DEADLINES.c.agreement_id == KEY)
INSERT_TEXT = {  # a text already stored is left as it is: its fingerprint names its content
    "postgresql": postgresql.insert(TEXTS).on_conflict_do_nothing(index_elements=["fingerprint"]),
    "sqlite": sqlite.insert(TEXTS).on_conflict_do_nothing(index_elements=["fingerprint"]),
}
SUMMARY = sa.select(
    AGREEMENTS.c.id,
    AGREEMENTS.c.title,
    AGREEMENTS.c.title_en,
    AGREEMENTS.c.status,
    AGREEMENTS.c.kind,
    AGREEMENTS.c.sector,
    AGREEMENTS.c.sector_name,
    AGREEMENTS.c.region,
    AGREEMENTS.c.term_start,
    AGREEMENTS.c.term_end,
    AGREEMENTS.c.version,
    AGREEMENTS.c.next_due,
    AGREEMENTS.c.next_due_kind,
).order_by(AGREEMENTS.c.id)
DUE = sa.select(
    DEADLINES.c.agreement_id,
    DEADLINES.c.kind,
    DEADLINES.c.due,
    DEADLINES.c.start,
    DEADLINES.c.days,
    DEADLINES.c.convention,
    DEADLINES.c.approximate,
).order_by(DEADLINES.c.due, DEADLINES.c.agreement_id, DEADLINES.c.kind)
LOCK_EVENTS = sa.text(
    "SELECT pg_advisory_xact_lock(CAST(:key AS integer), hashtext(current_schema()))"
)
