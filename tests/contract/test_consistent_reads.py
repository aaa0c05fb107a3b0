"""A read of several rows sees one committed version, even when a writer commits in between.

Under READ COMMITTED (PostgreSQL's default) and outside a write on SQLite, each statement of a
unit of work sees what was committed when it began. Here a second writer records a meeting
exactly between two statements of a read (a hook on the reading engine runs it just before the
named statement), and the read must still give one version: the agreement as it stood at some
version, a verification that passes, an export that verifies.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import sqlalchemy as sa

from bargain import FixedClock, Role, Status, TransitionNotAllowed, Trigger, Workflow
from bargain.domain.lifecycle import replay
from bargain.exchange import verify_export
from bargain.store.sqlalchemy import SqlStore
from tests.steps import PATHS, procedure_agreement, walk
from tests.store_workers import KEY, LIFECYCLE, meet_once, next_chair


@pytest.fixture
def store(engine: sa.Engine) -> Iterator[SqlStore]:
    """A store holding one agreement in negotiation, with three meetings recorded."""
    sql = SqlStore(engine.url.render_as_string(hide_password=False))
    agreement, events = walk(LIFECYCLE, procedure_agreement(id=KEY), PATHS[Status.NEGOTIATING])
    with sql.unit_of_work() as uow:
        uow.agreements.add(procedure_agreement(id=KEY))
        uow.agreements.record(agreement, events)
        uow.commit()
    for _ in range(3):
        meet_once(sql)
    sql.clear_cache()
    try:
        yield sql
    finally:
        sql.dispose()


@contextmanager
def a_writer_commits_before(store: SqlStore, marker: str) -> Iterator[list[str]]:
    """Record a meeting, on another connection, just before the first statement naming
    ``marker`` runs; yields the statements it came before (one, once it has happened)."""
    before: list[str] = []

    def hook(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if not before and marker in statement:
            before.append(statement)
            meet_once(store)

    sa.event.listen(store.engine, "before_cursor_execute", hook)
    try:
        yield before
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", hook)


def version(store: SqlStore) -> int:
    with store.unit_of_work() as uow:
        return uow.agreements.get(KEY).procedure.version


def test_verify_passes_when_a_step_is_committed_between_its_reads(store: SqlStore) -> None:
    start = version(store)
    marker = "events.body, events.previous_hash"  # the events, read after the row
    with a_writer_commits_before(store, marker) as before, store.unit_of_work() as uow:
        (verification,) = uow.agreements.verify(KEY)
    assert before, "the writer never came in between: the test tested nothing"
    assert verification.ok, verification.text()
    assert verification.events == start + 1 == version(store)


def test_get_gives_the_agreement_at_one_version_when_a_step_is_committed_between_its_reads(
    store: SqlStore,
) -> None:
    start = version(store)
    store.clear_cache()  # read from the rows, not from what version() parsed
    with a_writer_commits_before(store, "meetings.body") as before, store.unit_of_work() as uow:
        agreement = uow.agreements.get(KEY)
    assert before, "the writer never came in between: the test tested nothing"
    assert agreement.procedure.version == start  # as read: the meeting came later
    with store.unit_of_work() as uow:
        opening, history = uow.agreements.opening(KEY), uow.agreements.history(KEY)
    assert len(history) == start + 1
    assert agreement == replay(opening, history[:start])


@pytest.mark.parametrize(
    "marker",
    [
        "agreements.head_hash, agreements.text_fingerprint",  # the agreement's head
        "agreements.opening_state",  # the agreement as opened
        "SELECT events.body",  # the history
        "agreements.root_hash",  # the chain's root and head
        "SELECT events.previous_hash",  # the chain's links
    ],
)
def test_an_export_verifies_when_a_step_is_committed_between_its_reads(
    store: SqlStore, marker: str
) -> None:
    workflow = Workflow(store.unit_of_work, lifecycle=LIFECYCLE)
    start = version(store)
    with a_writer_commits_before(store, marker) as before:
        export = workflow.export(KEY)
    assert before, "the writer never came in between: the test tested nothing"
    assert verify_export(export).ok, verify_export(export).text()
    read = export.agreement.procedure.version
    assert len(export.events) == read == len(export.chain.links)  # one version, whichever
    assert read in (start, start + 1)


# ------------------------------------------------- steps from what this process knew


@pytest.fixture
def other(store: SqlStore) -> Iterator[SqlStore]:
    """A second store on the same database: another process, as far as caches go."""
    second = SqlStore(store.engine.url.render_as_string(hide_password=False), create=False)
    try:
        yield second
    finally:
        second.dispose()


def workflow_on(store: SqlStore) -> Workflow:
    return Workflow(store.unit_of_work, lifecycle=LIFECYCLE, clock=FixedClock(dt.date(2019, 12, 1)))


def test_a_step_from_a_stale_cache_is_taken_again_from_a_fresh_read(
    store: SqlStore, other: SqlStore
) -> None:
    mine, theirs = workflow_on(store), workflow_on(other)
    start = mine.get(KEY).procedure.version  # this store now knows the agreement at start
    theirs.fire(KEY, Trigger.RECORD_MEETING, next_chair(theirs.get(KEY)))
    statements: list[str] = []
    sa.event.listen(store.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    step = mine.fire(KEY, Trigger.RECORD_MEETING, next_chair(other_view(other)))
    assert step.event.sequence == start + 2  # after their meeting, not over it
    assert any(s.startswith("SELECT agreements.version") for s in statements), "no fresh read"
    with store.unit_of_work() as uow:
        (verification,) = uow.agreements.verify(KEY)
    assert verification.ok, verification.text()


def test_a_step_allowed_on_a_stale_cache_is_refused_as_the_fresh_state_decides(
    store: SqlStore, other: SqlStore
) -> None:
    mine, theirs = workflow_on(store), workflow_on(other)
    start = mine.get(KEY).procedure.version  # known here in negotiation
    theirs.fire(KEY, Trigger.AGREE_DRAFT, Role.UNION_CHIEF)
    with pytest.raises(TransitionNotAllowed) as refused:
        mine.fire(KEY, Trigger.RECORD_MEETING, Role.UNION_CHIEF)
    assert refused.value.state is Status.DRAFT_AGREED  # the state stored, not the one cached
    assert mine.get(KEY).procedure.version == start + 1  # nothing of the refused step written


def other_view(other: SqlStore) -> Any:
    """The agreement as stored now, read through the other store (not the one stepping)."""
    with other.unit_of_work() as uow:
        return uow.agreements.get(KEY)
