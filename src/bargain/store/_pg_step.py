"""PostgreSQL: a step's writes in one statement (decision 11, point 9).

On PostgreSQL each statement is a round trip to the server, and a step's writes were five of
them before the commit: the advisory lock that orders event positions, the UPDATE of the
agreement's row with the version check, the INSERT of its events, and the DELETE and INSERT of its
time limits. Here they are one statement of data-modifying CTEs:

- ``locked`` takes the advisory lock; the UPDATE depends on it through an uncorrelated
  ``EXISTS``, which PostgreSQL evaluates once, before it touches a row (a one-time filter), so the
  lock is always taken before the row's, in the same order as every other writer;
- ``updated`` is the UPDATE with the version check; every other write selects ``FROM updated``, so
  when the version does not match nothing at all is written, and the statement returns 0;
- ``added`` inserts the events in order (``WITH ORDINALITY``), so positions follow sequences;
- ``dropped`` deletes the time limits whose kind no longer stands and ``kept`` upserts those that
  do, touching a row only when it changed (a DELETE and an INSERT of the same key in one statement
  would collide, since all the CTEs see the same snapshot);
- ``met`` adds the meetings recorded since the last write.

The rows travel as bound values, each cast to its column's type (``VALUES``), JSON as text cast
to ``jsonb`` (arrays would cost psycopg an escaping pass over every JSON body). The statement is
built once for each shape (the columns assigned and how many rows of each kind), and psycopg
prepares it on the server after a few executions.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from typing import Any

import sqlalchemy as sa

from bargain.ports import Standing

__all__ = ["LARGEST", "applies", "statement", "values"]

EVENT_COLUMNS = (
    ("sequence", "integer"),
    ("type", "text"),
    ("actor_role", "text"),
    ("actor_name", "text"),
    ("at", "timestamptz"),
    ("on", "date"),
    ("body", "jsonb"),
    ("text_fingerprint", "text"),
    ("scheme", "text"),
    ("previous_hash", "text"),
    ("hash", "text"),
)
"""The events' columns after ``agreement_id``, with the SQL type of their array."""
DEADLINE_COLUMNS = (
    ("kind", "text"),
    ("due", "date"),
    ("start", "date"),
    ("days", "integer"),
    ("convention", "text"),
    ("approximate", "boolean"),
)
"""The time limits' columns after ``agreement_id``."""
MEETING_COLUMNS = (("number", "integer"), ("body", "jsonb"))
"""The meetings' columns after ``agreement_id``."""
JSON_COLUMNS = frozenset({"state"})
"""The agreement's columns written as JSON."""


LARGEST = 16
"""The most events, time limits or meetings one statement takes (more go one statement each)."""


def _rows(prefix: str, columns: Sequence[tuple[str, str]], count: int, alias: str) -> str:
    """``count`` rows of bound values, each cast to its type, as ``(VALUES ...) AS alias(...)``."""
    rows = ", ".join(
        "(" + ", ".join(f"CAST(:{prefix}{n}_{name} AS {kind})" for name, kind in columns) + ")"
        for n in range(count)
    )
    names = ", ".join(f'"{name}"' for name, _ in columns)
    return f"(VALUES {rows}) AS {alias}({names})"


def applies(
    events: Sequence[object],
    deadlines: Sequence[object] | None,
    added: Sequence[object],
    stored: int,
    meetings: Sequence[object],
) -> bool:
    """Whether a step's writes go as one statement: it has events (so it takes the lock), a few
    rows of each kind, and drops no meeting (``stored`` before, ``meetings`` now)."""
    largest = max(len(events), len(deadlines or ()), len(added))
    return bool(events) and largest <= LARGEST and len(meetings) >= stored


@lru_cache(maxsize=128)
def statement(
    assigned: tuple[str, ...], events: int, deadlines: int | None, meetings: int
) -> sa.TextClause:
    """The step's statement, assigning the agreement's columns ``assigned`` (bound as
    ``new_NAME``), adding ``events`` events and ``meetings`` meetings, and replacing its time
    limits by ``deadlines`` (``None``: left as they are)."""
    sets = ", ".join(
        f'"{name}" = CAST(:new_{name} AS jsonb)'
        if name in JSON_COLUMNS
        else f'"{name}" = :new_{name}'
        for name in assigned
    )
    names = ", ".join(f'"{name}"' for name, _ in EVENT_COLUMNS)
    chosen = ", ".join(f'e."{name}"' for name, _ in EVENT_COLUMNS)
    parts = [
        "locked AS (SELECT pg_advisory_xact_lock(CAST(:lock AS integer), "
        "hashtext(current_schema())))",
        f"updated AS (UPDATE agreements SET {sets} "
        "WHERE id = :key AND version = :expected AND EXISTS (SELECT FROM locked) RETURNING id)",
        f"added AS (INSERT INTO events (agreement_id, {names}) SELECT updated.id, {chosen} "
        f"FROM updated, {_rows('e', EVENT_COLUMNS, events, 'e')} ORDER BY e.sequence)",
    ]
    if deadlines is not None:
        standing = ", ".join(f"CAST(:d{n}_kind AS text)" for n in range(deadlines))
        parts.append(
            "dropped AS (DELETE FROM deadlines WHERE agreement_id IN (SELECT id FROM updated)"
            + (f" AND kind NOT IN ({standing})" if deadlines else "")
            + ")"
        )
    if deadlines:
        names = ", ".join(f'"{name}"' for name, _ in DEADLINE_COLUMNS)
        chosen = ", ".join(f'd."{name}"' for name, _ in DEADLINE_COLUMNS)
        changed = ", ".join(f'"{name}" = excluded."{name}"' for name, _ in DEADLINE_COLUMNS[1:])
        stored = ", ".join(f'deadlines."{name}"' for name, _ in DEADLINE_COLUMNS[1:])
        fresh = ", ".join(f'excluded."{name}"' for name, _ in DEADLINE_COLUMNS[1:])
        parts.append(
            f"kept AS (INSERT INTO deadlines (agreement_id, {names}) SELECT updated.id, {chosen} "
            f"FROM updated, {_rows('d', DEADLINE_COLUMNS, deadlines, 'd')} "
            f"ON CONFLICT (agreement_id, kind) DO UPDATE SET {changed} "
            f"WHERE ({stored}) IS DISTINCT FROM ({fresh}))"
        )
    if meetings:
        parts.append(
            "met AS (INSERT INTO meetings (agreement_id, number, body) "
            "SELECT updated.id, m.number, m.body FROM updated, "
            f"{_rows('m', MEETING_COLUMNS, meetings, 'm')})"
        )
    return sa.text(f"WITH {', '.join(parts)} SELECT count(*) FROM updated")


def values(
    assignments: Mapping[str, Any],
    events: Sequence[Mapping[str, Any]],
    standing: tuple[Standing, ...] | None,
    meetings: Sequence[tuple[int, str]],
    *,
    json: Callable[[Any], str],
) -> dict[str, Any]:
    """The values the statement binds: ``assignments`` (``key``, ``expected``, ``lock`` and the
    ``new_NAME`` columns), the event rows, the time limits standing now (``None``: unchanged) and
    the meetings to add (number, JSON text); ``json`` writes JSON as text."""
    bound = dict(assignments)
    for name in JSON_COLUMNS:
        if f"new_{name}" in bound:
            bound[f"new_{name}"] = json(bound[f"new_{name}"])
    for n, row in enumerate(events):
        for name, _ in EVENT_COLUMNS:
            bound[f"e{n}_{name}"] = json(row[name]) if name == "body" else row[name]
    for n, (kind, deadline) in enumerate(standing or ()):
        bound[f"d{n}_kind"] = kind.value
        for name, _ in DEADLINE_COLUMNS[1:]:
            bound[f"d{n}_{name}"] = getattr(deadline, name)
    for n, (number, body) in enumerate(meetings):
        bound[f"m{n}_number"] = number
        bound[f"m{n}_body"] = body
    return bound
