"""One contract for every store: in memory, SQLite and PostgreSQL behave the same.

The PostgreSQL run reads ``BARGAIN_TEST_DATABASE_URL`` (it is required in CI, skipped with a
reason elsewhere).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from bargain import (
    Agreement,
    ConcurrencyError,
    DuplicateAgreement,
    Event,
    FixedClock,
    MemoryStore,
    Role,
    Status,
    Trigger,
    UnknownAgreement,
    Workflow,
    load_agreement,
)
from bargain.domain.lifecycle import AcceptOffer, SendOffer
from bargain.law.procedure import lifecycle as law_lifecycle
from bargain.services import UnitOfWork
from bargain.store._tables import Base
from bargain.store.sqlalchemy import SqlStore
from tests.conftest import SECTOR_AGREEMENT
from tests.steps import PATHS, procedure_agreement, walk

LIFECYCLE = law_lifecycle()


DATABASES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def _sql_store(request: pytest.FixtureRequest, kind: str, tmp_path: Path) -> SqlStore:
    if kind == "sqlite":
        return SqlStore(f"sqlite:///{tmp_path / 'bargain.db'}")
    return SqlStore(request.getfixturevalue("postgres_url"))


@pytest.fixture(params=["memory", *DATABASES])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    """A fresh, empty store of each kind."""
    if request.param == "memory":
        yield MemoryStore()
        return
    sql = _sql_store(request, request.param, tmp_path)
    try:
        yield sql
    finally:
        sql.dispose()


@pytest.fixture(params=DATABASES)
def sql_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SqlStore]:
    """A fresh, empty database store of each kind."""
    sql = _sql_store(request, request.param, tmp_path)
    try:
        yield sql
    finally:
        sql.dispose()


def uow(store: Any) -> UnitOfWork:
    made: UnitOfWork = store.unit_of_work()
    return made


def write(work: UnitOfWork, agreement: Agreement, events: list[Event]) -> None:
    work.agreements.record(agreement, events)
    work.commit()


def test_an_agreement_comes_back_as_it_went_in(store: Any) -> None:
    agreement = load_agreement(SECTOR_AGREEMENT)
    with uow(store) as work:
        work.agreements.add(agreement)
        work.commit()
    with uow(store) as work:
        assert work.agreements.get(agreement.id) == agreement
        assert work.agreements.opening(agreement.id) == agreement
        assert work.agreements.history(agreement.id) == ()
        assert work.agreements.ids() == (agreement.id,)
        with pytest.raises(UnknownAgreement):
            work.agreements.get("missing")


def test_what_is_not_committed_is_not_kept(store: Any) -> None:
    with uow(store) as work:
        work.agreements.add(procedure_agreement())
    with uow(store) as work:
        assert work.agreements.ids() == ()


def test_an_id_is_stored_once(store: Any) -> None:
    agreement = procedure_agreement()
    with uow(store) as work:
        work.agreements.add(agreement)
        with pytest.raises(DuplicateAgreement):
            work.agreements.add(agreement)
        work.commit()
    with uow(store) as work, pytest.raises(DuplicateAgreement):
        work.agreements.add(agreement)


def test_steps_are_stored_with_their_events_and_replay(store: Any) -> None:
    opening = procedure_agreement()
    with uow(store) as work:
        work.agreements.add(opening)
        work.commit()
    agreement, events = walk(LIFECYCLE, opening, PATHS[Status.PUBLISHED])
    with uow(store) as work:
        work.agreements.record(agreement, events)
        work.commit()
    with uow(store) as work:
        assert work.agreements.get(opening.id) == agreement
        assert work.agreements.history(opening.id) == tuple(events)
        (check,) = work.agreements.verify(opening.id)
        assert check.ok, check.text()
        assert check.events == len(events)


def test_a_stale_writer_loses_and_nothing_of_it_is_written(store: Any) -> None:
    opening = procedure_agreement()
    with uow(store) as work:
        work.agreements.add(opening)
        work.commit()
    at = FixedClock(dt.date(2019, 11, 6)).now()
    first = LIFECYCLE.fire(opening, Trigger.SEND_OFFER, Role.UNION_CHIEF, at=at, topics=["甲"])
    second = LIFECYCLE.fire(opening, Trigger.SEND_OFFER, Role.EMPLOYER_CHIEF, at=at, topics=["乙"])
    with uow(store) as work:
        work.agreements.record(first.agreement, [first.event])
        work.commit()
    with uow(store) as work:
        # The memory store notices at commit, a database at the write: either way it is refused.
        with pytest.raises(ConcurrencyError) as stale:
            write(work, second.agreement, [second.event])
        assert (stale.value.expected, stale.value.found) == (0, 1)
    with uow(store) as work:
        assert work.agreements.get(opening.id).procedure.offer.topics == ("甲",)
        assert len(work.agreements.history(opening.id)) == 1
        # The loser retries on what is stored now: the table tells it what is allowed.
        current = work.agreements.get(opening.id)
        retry = LIFECYCLE.fire(current, Trigger.ACCEPT_OFFER, Role.EMPLOYER_CHIEF, at=at)
        work.agreements.record(retry.agreement, [retry.event])
        work.commit()
    with uow(store) as work:
        assert [e.sequence for e in work.agreements.history(opening.id)] == [1, 2]


def test_the_log_gives_every_event_once_in_order(store: Any) -> None:
    clock = FixedClock(dt.date(2019, 11, 6))
    workflow = Workflow(store.unit_of_work, lifecycle=LIFECYCLE, clock=clock)
    for key in ("first", "second"):
        workflow.open(procedure_agreement(id=key))
    workflow.handle("first", SendOffer(topics=["劳动报酬"]), Role.UNION_CHIEF)
    workflow.handle("second", SendOffer(topics=["劳动定额"]), Role.EMPLOYER_CHIEF)
    workflow.handle("first", AcceptOffer(), Role.EMPLOYER_CHIEF)
    seen = []
    position = 0
    while batch := workflow.events_after(position, limit=2):
        seen.extend(batch)
        position = batch[-1].position
    assert [(p.event.agreement_id, p.event.sequence) for p in seen] == [
        ("first", 1),
        ("second", 1),
        ("first", 2),
    ]
    positions = [p.position for p in seen]
    assert positions == sorted(positions)
    assert len(set(positions)) == 3
    assert workflow.events_after(position) == ()


def test_the_workflow_runs_on_the_store(store: Any) -> None:
    clock = FixedClock(dt.date(2019, 11, 6))
    workflow = Workflow(store.unit_of_work, lifecycle=LIFECYCLE, clock=clock)
    agreement = workflow.open(load_agreement(SECTOR_AGREEMENT))
    workflow.handle(agreement.id, SendOffer(topics=["劳动报酬"]), Role.UNION_CHIEF)
    clock.set(dt.date(2019, 11, 27))
    assert workflow.handle(agreement.id, AcceptOffer(), Role.EMPLOYER_CHIEF).event.late_days == 1
    assert workflow.rebuild(agreement.id) == workflow.get(agreement.id)
    assert all(check.ok for check in workflow.verify())


def _forge_the_text(db: sa.Connection) -> None:
    texts = Base.metadata.tables["texts"]
    fingerprint, body = db.execute(sa.select(texts.c.fingerprint, texts.c.body)).one()
    forged = {**body, "clauses": body["clauses"][:-1] + [{**body["clauses"][-1], "text": "改"}]}
    db.execute(texts.update().where(texts.c.fingerprint == fingerprint).values(body=forged))


# What each change does to the stored rows, and where verify() must say the chain breaks
# (the event's sequence number; 0 for the opening; None when only the state differs).
TAMPERING: dict[str, Callable[[sa.Connection], object]] = {
    "an event's body": lambda db: db.execute(
        sa.text("UPDATE events SET body = :body WHERE sequence = 2"),
        {"body": '{"forged": true}'},
    ),
    "the state": lambda db: db.execute(
        sa.text("UPDATE agreements SET status = 'signed', state = opening_state")
    ),
    "the last event removed": lambda db: db.execute(
        sa.text("DELETE FROM events WHERE sequence = (SELECT max(sequence) FROM events)")
    ),
    "the opening": lambda db: db.execute(sa.text("UPDATE agreements SET opening_state = state")),
    "a meeting removed": lambda db: db.execute(sa.text("DELETE FROM meetings")),
    "the text": _forge_the_text,
}


BROKEN_AT: dict[str, Callable[[int], int | None]] = {
    "an event's body": lambda _: 2,
    "the state": lambda _: None,
    "the last event removed": lambda events: events,
    "the opening": lambda _: 0,
    "a meeting removed": lambda _: None,
    "the text": lambda _: 0,  # the text as opened is the text as it stands: the root breaks
}


@pytest.mark.parametrize("change", list(TAMPERING))
def test_tampering_with_the_database_is_detected(sql_store: SqlStore, change: str) -> None:
    store = sql_store
    opening = procedure_agreement()
    agreement, events = walk(LIFECYCLE, opening, PATHS[Status.SIGNED])
    with uow(store) as work:
        work.agreements.add(opening)
        work.agreements.record(agreement, events)
        work.commit()
    with store.engine.begin() as db:
        TAMPERING[change](db)
    with uow(store) as work:
        (check,) = work.agreements.verify()
    assert not check.ok
    assert check.reason is not None
    assert check.broken_at == BROKEN_AT[change](len(events))
