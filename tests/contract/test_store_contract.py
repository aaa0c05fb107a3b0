"""One contract for every store: in memory, SQLite and PostgreSQL behave the same.

The PostgreSQL run reads ``BARGAIN_TEST_DATABASE_URL`` (it is required in CI, skipped with a
reason elsewhere).
"""

from __future__ import annotations

import datetime as dt
import re
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
    InvalidDocument,
    MemoryStore,
    Role,
    Status,
    Trigger,
    UnknownAgreement,
    Workflow,
    load_agreement,
)
from bargain.domain.agreement import AgreementKind, Scope, Text
from bargain.domain.calendar import DateRange, Deadline
from bargain.domain.fingerprint import text_fingerprint
from bargain.domain.lifecycle import AcceptOffer, DeadlineKind, Due, SendOffer, Step
from bargain.domain.lifecycle.replay import replay
from bargain.domain.parties import Side
from bargain.domain.procedure import Procedure
from bargain.errors import UnknownText
from bargain.law.procedure import lifecycle as law_lifecycle
from bargain.ports import Summary
from bargain.services import UnitOfWork
from bargain.store._sql_statements import Lru
from bargain.store._tables import Base
from bargain.store.sqlalchemy import SqlStore
from tests.conftest import SECTOR_AGREEMENT
from tests.factories import a_pay_clause
from tests.steps import PATHS, START, E, U, lawful_step, procedure_agreement, take, walk

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
    forged = {**body, "clauses": [*body["clauses"][:-1], {**body["clauses"][-1], "text": "改"}]}
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


# ------------------------------------------------------------------------- texts as versions


def advance(
    workflow: Workflow, clock: FixedClock, key: str, trigger: Trigger, role: Role, **extra: Any
) -> Event:
    """Take a step on its lawful day, through the workflow."""
    day, details = lawful_step(workflow.get(key), trigger)
    clock.set(day)
    return workflow.fire(key, trigger, role, **{**details, **extra}).event


def test_each_text_is_kept_as_a_version_and_read_back_at_any_event(store: Any) -> None:
    clock = FixedClock(START)
    workflow = Workflow(store.unit_of_work, lifecycle=LIFECYCLE, clock=clock)
    opening = workflow.open(procedure_agreement())
    key = opening.id
    for trigger, role in PATHS[Status.NEGOTIATING]:
        advance(workflow, clock, key, trigger, role)
    first = (a_pay_clause(text="配送单价每单5元。"),)
    agreed = advance(workflow, clock, key, Trigger.AGREE_DRAFT, U, clauses=first)
    for trigger, role in PATHS[Status.EFFECTIVE][len(PATHS[Status.DRAFT_AGREED]) :]:
        advance(workflow, clock, key, trigger, role)
    advance(workflow, clock, key, Trigger.AMEND, U)
    term = DateRange(start=dt.date(2020, 1, 1), end=dt.date(2023, 6, 30))
    second = (a_pay_clause(text="配送单价每单5.5元。"),)
    amended = advance(workflow, clock, key, Trigger.AGREE_DRAFT, E, clauses=second, term=term)
    advance(workflow, clock, key, Trigger.SUBMIT_TO_CONGRESS, U)

    versions = workflow.text_versions(key)
    assert [(v.sequence, v.on) for v in versions] == [
        (0, None),
        (agreed.sequence, agreed.on),
        (amended.sequence, amended.on),
    ]
    assert versions[0].fingerprint == text_fingerprint(opening)
    assert len({v.fingerprint for v in versions}) == 3
    history = workflow.history(key)
    rebuilt = opening
    for event in (None, *history):  # the text after each event is the one replay gives
        if event is not None:
            rebuilt = LIFECYCLE.replay(rebuilt, [event])
        sequence = 0 if event is None else event.sequence
        text = workflow.text_at(key, sequence)
        assert text == rebuilt.text
        assert (
            text_fingerprint(text)
            == [v for v in versions if v.sequence <= sequence][-1].fingerprint
        )
    assert workflow.text_at(key, agreed.sequence).clauses == first
    assert workflow.text_at(key, len(history)).clauses == second
    assert workflow.text_at(key, len(history)).term == term
    assert workflow.get(key).text == workflow.text_at(key, len(history))
    with pytest.raises(InvalidDocument, match=f"expected an event number from 0 to {len(history)}"):
        workflow.text_at(key, len(history) + 1)
    with pytest.raises(UnknownAgreement):
        workflow.text_at("missing", 0)
    with uow(store) as work:
        assert work.agreements.text(versions[1].fingerprint).clauses == first
        with pytest.raises(UnknownText):
            work.agreements.text("0" * 64)
    assert all(check.ok for check in workflow.verify())


def test_a_text_is_stored_once_however_many_agreements_and_steps_share_it(
    sql_store: SqlStore,
) -> None:
    clock = FixedClock(START)
    workflow = Workflow(sql_store.unit_of_work, lifecycle=LIFECYCLE, clock=clock)
    for key in ("a", "b", "c"):
        workflow.open(procedure_agreement(id=key))
    for trigger, role in PATHS[Status.NEGOTIATING]:
        advance(workflow, clock, "a", trigger, role)
    same = workflow.get("a").clauses
    advance(workflow, clock, "a", Trigger.AGREE_DRAFT, U, clauses=same)  # agreed as it stands
    with sql_store.engine.connect() as db:
        assert db.execute(sa.text("SELECT count(*) FROM texts")).scalar() == 1
        assert db.execute(sa.text("SELECT count(*) FROM events")).scalar() == 4
        produced = db.execute(
            sa.text("SELECT count(*) FROM events WHERE text_fingerprint IS NOT NULL")
        ).scalar()
    assert produced == 1  # the draft records the text it agreed, the same one
    assert [v.sequence for v in workflow.text_versions("a")] == [0]


def test_several_events_stored_at_once_keep_each_text_they_produced(store: Any) -> None:
    opening = procedure_agreement()
    agreement, events = walk(LIFECYCLE, opening, PATHS[Status.NEGOTIATING])
    first = take_with(agreement, Trigger.AGREE_DRAFT, U, clauses=(a_pay_clause(text="甲。"),))
    agreement, events = first.agreement, [*events, first.event]
    agreement, more = walk(
        LIFECYCLE, agreement, PATHS[Status.EFFECTIVE][len(PATHS[Status.DRAFT_AGREED]) :]
    )
    events += more
    agreement, more = walk(LIFECYCLE, agreement, [(Trigger.AMEND, U)])
    events += more
    last = take_with(agreement, Trigger.AGREE_DRAFT, U, clauses=(a_pay_clause(text="乙。"),))
    events.append(last.event)
    workflow = Workflow(store.unit_of_work, lifecycle=LIFECYCLE, clock=FixedClock(START))
    workflow.restore(opening, events)  # all in one write, as an import does
    versions = workflow.text_versions(opening.id)
    assert [v.sequence for v in versions] == [0, first.event.sequence, last.event.sequence]
    assert workflow.text_at(opening.id, first.event.sequence).clauses[0].text == "甲。"
    assert workflow.text_at(opening.id, last.event.sequence - 1).clauses[0].text == "甲。"
    assert workflow.text_at(opening.id, last.event.sequence).clauses[0].text == "乙。"
    assert workflow.get(opening.id) == last.agreement


def take_with(agreement: Agreement, trigger: Trigger, role: Role, **extra: Any) -> Step:
    day, details = lawful_step(agreement, trigger)
    return LIFECYCLE.fire(agreement, trigger, role, at=FixedClock(day).now(), **details, **extra)


# ------------------------------------------------------------------ queries on columns, paged


def several(workflow: Workflow) -> list[Agreement]:
    """Agreements of three kinds, in three regions and two sectors (ids in a shuffled order)."""
    made = [
        procedure_agreement(id="k-bengbu", kind=AgreementKind.SECTOR),
        procedure_agreement(
            id="c-hefei", kind=AgreementKind.REGIONAL, scope=Scope(region="340100")
        ),
        procedure_agreement(
            id="a-shushan",
            kind=AgreementKind.COMPREHENSIVE,
            scope=Scope(region="340104", sector="food-delivery"),
        ),
        procedure_agreement(id="m-beijing", scope=Scope(region="110101", sector="food-delivery")),
        procedure_agreement(id="e-huaiyuan", scope=Scope(region="340321")),
    ]
    for agreement in made:
        workflow.open(agreement)
    return made


def test_summaries_are_filtered_and_paged_by_id(store: Any) -> None:
    clock = FixedClock(START)
    workflow = Workflow(store.unit_of_work, lifecycle=LIFECYCLE, clock=clock)
    several(workflow)
    advance(workflow, clock, "c-hefei", Trigger.SEND_OFFER, U)
    ids = [s.id for s in workflow.find()]
    assert ids == ["a-shushan", "c-hefei", "e-huaiyuan", "k-bengbu", "m-beijing"]
    cases: list[tuple[dict[str, Any], list[str]]] = [
        ({"region": "340000"}, ["a-shushan", "c-hefei", "e-huaiyuan", "k-bengbu"]),
        ({"region": "340100"}, ["a-shushan", "c-hefei"]),
        ({"region": "340321"}, ["e-huaiyuan"]),
        ({"region": "500000"}, []),
        ({"kind": AgreementKind.SECTOR}, ["e-huaiyuan", "k-bengbu", "m-beijing"]),
        ({"sector": "food-delivery"}, ["a-shushan", "m-beijing"]),
        ({"status": Status.OFFER_SENT}, ["c-hefei"]),
        ({"status": Status.DRAFTING, "region": "340100"}, ["a-shushan"]),
    ]
    for filters, expected in cases:
        assert [s.id for s in workflow.find(**filters)] == expected, filters
    pages = []
    after = None
    while True:
        page = workflow.page(after=after, limit=2)
        pages.append([s.id for s in page.items])
        if page.after is None:
            break
        assert page.after == page.items[-1].id
        after = page.after
    assert pages == [["a-shushan", "c-hefei"], ["e-huaiyuan", "k-bengbu"], ["m-beijing"]]
    assert workflow.page(limit=5).after is None  # exactly one full page: no further one
    hefei = workflow.page(region="340100", after="a-shushan").items
    (summary,) = hefei
    stored = workflow.get("c-hefei")
    assert summary == Summary(
        id="c-hefei",
        title=stored.title,
        title_en=stored.title_en,
        status=Status.OFFER_SENT,
        kind=AgreementKind.REGIONAL,
        sector=None,
        sector_name=None,
        region="340100",
        term_start=dt.date(2020, 1, 1),
        term_end=dt.date(2022, 12, 31),
        version=1,
        next_due=stored.procedure.offer.reply_due.due,
        next_due_kind=DeadlineKind.REPLY,
    )
    with pytest.raises(InvalidDocument, match="at least 1"):
        workflow.page(limit=0)


def test_due_is_what_the_lifecycle_computes_soonest_first_in_pages(store: Any) -> None:
    clock = FixedClock(START)
    workflow = Workflow(store.unit_of_work, lifecycle=LIFECYCLE, clock=clock)
    made = several(workflow)
    paths = [
        Status.OFFER_SENT,
        Status.SIGNED,
        Status.EFFECTIVE,
        Status.UNDER_REVIEW,
        Status.DRAFT_AGREED,
    ]
    for agreement, status in zip(made, paths, strict=True):
        for trigger, role in PATHS[status]:
            advance(workflow, clock, agreement.id, trigger, role)
    for day in (
        dt.date(2020, 1, 10),
        dt.date(2022, 9, 29),
        dt.date(2022, 10, 1),
        dt.date(2023, 3, 1),
    ):
        clock.set(day)
        for within in (None, 0, 30, 400):
            expected = [
                (d.deadline.due, d.agreement_id, d.kind)
                for key in [a.id for a in made]
                for d in workflow.deadlines(key, within=within)
            ]
            expected.sort(key=lambda item: (item[0], item[1], item[2].value))
            got = list(workflow.due(within=within))
            assert [(d.deadline.due, d.agreement_id, d.kind) for d in got] == expected, (
                day,
                within,
            )
            assert all(d.on == day for d in got)
            for item in got:  # the rows give back the deadline itself, not a copy of its day only
                (same,) = [d for d in workflow.deadlines(item.agreement_id) if d.kind is item.kind]
                assert item.deadline == same.deadline
            paged: list[Due] = []
            after = None
            while True:
                page = workflow.due_page(within=within, after=after, limit=2)
                paged.extend(page.items)
                if page.after is None:
                    break
                last = page.items[-1]
                assert page.after == f"{last.deadline.due}/{last.agreement_id}/{last.kind.value}"
                after = page.after
            assert paged == got
    clock.set(dt.date(2022, 10, 1))  # the renewal window closed on 30 September
    kinds = {d.kind for d in workflow.due()}
    assert DeadlineKind.RENEWAL_WINDOW not in kinds
    assert DeadlineKind.EXPIRY in kinds
    with pytest.raises(InvalidDocument, match="day/agreement id/kind"):
        workflow.due_page(after="yesterday")


def test_listing_and_due_parse_no_agreement_text_nor_event(
    store: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FixedClock(START)
    workflow = Workflow(store.unit_of_work, lifecycle=LIFECYCLE, clock=clock)
    several(workflow)
    for trigger, role in PATHS[Status.SIGNED]:
        advance(workflow, clock, "k-bengbu", trigger, role)
    if isinstance(store, SqlStore):
        store._states = Lru(1)  # a cold cache: the rows would be read, not parsed
    seen: list[str] = []
    if isinstance(store, SqlStore):

        def spy(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
            seen.append(statement)

        sa.event.listen(store.engine, "before_cursor_execute", spy)

    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("parsed while listing")

    for model in (Agreement, Text, Event):
        monkeypatch.setattr(model, "model_validate", classmethod(refuse))
    assert len(list(workflow.find())) == 5
    assert len(workflow.page(limit=2).items) == 2
    assert [d.kind for d in workflow.due()] == [DeadlineKind.FILING]
    assert len(workflow.due_page(limit=1).items) == 1
    for statement in seen:  # no column holding JSON is even read
        assert not re.search(r"\b(state|opening_state|body)\b", statement), statement


def test_each_step_replaces_the_deadline_rows(store: Any) -> None:
    clock = FixedClock(START)
    workflow = Workflow(store.unit_of_work, lifecycle=LIFECYCLE, clock=clock)
    key = workflow.open(procedure_agreement()).id
    expected = {
        Status.OFFER_SENT: [DeadlineKind.REPLY],
        Status.PREPARING: [],
        Status.SIGNED: [DeadlineKind.FILING],
        Status.UNDER_REVIEW: [DeadlineKind.REVIEW],
        Status.PUBLISHED: [DeadlineKind.RENEWAL_WINDOW, DeadlineKind.EXPIRY],
    }
    seen = set()
    for trigger, role in PATHS[Status.PUBLISHED]:
        advance(workflow, clock, key, trigger, role)
        status = workflow.get(key).status
        rows = sorted(d.kind.value for d in workflow.due())
        assert rows == sorted(d.kind.value for d in workflow.deadlines(key)), status
        if status in expected:
            assert rows == sorted(k.value for k in expected[status]), status
            seen.add(status)
        (summary,) = workflow.find()
        soonest = min(workflow.deadlines(key), key=lambda d: d.deadline.due, default=None)
        assert summary.next_due == (None if soonest is None else soonest.deadline.due)
        if isinstance(store, SqlStore):
            with store.engine.connect() as db:
                count = db.execute(sa.text("SELECT count(*) FROM deadlines")).scalar()
            assert count == len(rows)
    assert seen == set(expected)


def test_a_bulk_import_stores_batches_whole(store: Any) -> None:
    workflow = Workflow(store.unit_of_work, lifecycle=LIFECYCLE, clock=FixedClock(START))
    made = [procedure_agreement(id=f"bulk-{n:02}") for n in range(7)]
    assert workflow.open_many(made, batch=3) == 7
    assert [s.id for s in workflow.find()] == [a.id for a in made]
    late = [procedure_agreement(id=f"late-{n}") for n in range(4)]
    with pytest.raises(DuplicateAgreement):
        workflow.open_many([*late, made[0]], batch=3)  # the second batch holds a duplicate
    assert [s.id for s in workflow.find()] == [a.id for a in made] + ["late-0", "late-1", "late-2"]


# -------------------------------------------------------------------- costs that stay flat


def writes_of(statements: list[str]) -> list[str]:
    """What each statement writes: its table, or for PostgreSQL's one-statement step each part
    (``UPDATE agreements``, ``INSERT INTO events``, ...) in order."""
    writes = []
    for statement in statements:
        parts = re.findall(r"\b(UPDATE \w+|INSERT INTO \w+|DELETE FROM \w+)", statement)
        writes.append(" + ".join(parts) if statement.startswith("WITH ") else parts[0])
    return writes


def test_a_sql_step_writes_only_what_changed(sql_store: SqlStore) -> None:
    clock = FixedClock(START)
    workflow = Workflow(sql_store.unit_of_work, lifecycle=LIFECYCLE, clock=clock)
    key = workflow.open(procedure_agreement()).id
    for trigger, role in PATHS[Status.NEGOTIATING]:
        advance(workflow, clock, key, trigger, role)
    statements: list[str] = []
    one_statement = sql_store.engine.dialect.name == "postgresql"

    def spy(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        statements.append(" ".join(statement.split()))

    sa.event.listen(sql_store.engine, "before_cursor_execute", spy)
    for _ in range(3):  # a meeting: no new text, no deadline, and a cached read
        chair = next_chair(workflow, key)
        statements.clear()
        event = advance(workflow, clock, key, Trigger.RECORD_MEETING, chair)
        assert event.type.value == "meeting_held"
        if one_statement:  # the advisory lock, the UPDATE and the INSERTs: one round trip
            assert writes_of(statements[1:]) == [
                "UPDATE agreements + INSERT INTO events + INSERT INTO meetings"
            ]
            assert "pg_advisory_xact_lock" in statements[1]
        else:
            assert writes_of(statements[1:]) == [
                "UPDATE agreements",
                "INSERT INTO meetings",
                "INSERT INTO events",
            ]
        # advance's read of the day (head columns only); the step reads nothing: it starts from
        # what this store last wrote, and the UPDATE checks the version
        (read,) = statements[:1]
        assert read.startswith("SELECT agreements.version, agreements.head_hash")
        assigned = statements[1].split(" WHERE ")[0]  # the listed columns are left alone
        assert re.search(r"\bstatus\"? ?=", assigned)
        listed = ("title", "kind", "sector", "region", "term_end")
        assert not any(re.search(rf"\b{column}\"? ?=", assigned) for column in listed)
    statements.clear()
    advance(workflow, clock, key, Trigger.AGREE_DRAFT, U, clauses=(a_pay_clause(text="新。"),))
    expected = ["INSERT INTO texts"]  # a new text: stored, once
    if one_statement:
        expected.append("UPDATE agreements + INSERT INTO events")
    else:
        expected += ["UPDATE agreements", "INSERT INTO events"]
    assert writes_of(statements[1:]) == expected


def test_the_rows_of_the_time_limits_follow_each_write(sql_store: SqlStore) -> None:
    """A kind that stands again keeps its row with the new values, a kind that no longer stands
    loses it, a new kind gains one (PostgreSQL upserts and deletes in the step's statement)."""
    agreement, events = walk(LIFECYCLE, procedure_agreement(), PATHS[Status.NEGOTIATING])
    with uow(sql_store) as work:
        work.agreements.add(procedure_agreement())
        work.agreements.record(agreement, events)
        work.commit()

    def limit(days: int) -> Deadline:
        start = dt.date(2026, 1, 5)
        return Deadline(start=start, days=days, due=start + dt.timedelta(days=days), convention="x")

    reply, filing, review = DeadlineKind.REPLY, DeadlineKind.FILING, DeadlineKind.REVIEW
    for standing in (
        ((reply, limit(20)), (filing, limit(10))),
        ((reply, limit(25)), (filing, limit(10))),  # one changed, one the same
        ((review, limit(15)),),  # both gone, one new
        (),
    ):
        chair = {Side.UNION: E, Side.EMPLOYER: U}[agreement.procedure.meetings[-1].chair]
        step = take(LIFECYCLE, agreement, Trigger.RECORD_MEETING, chair, delay=0)
        agreement = step.agreement
        with uow(sql_store) as work:
            work.agreements.record(agreement, [step.event], standing)
            work.commit()
        with sql_store.engine.connect() as db:
            columns = Base.metadata.tables["deadlines"].c
            rows = db.execute(
                sa.select(columns.kind, columns.days, columns.due).order_by(columns.kind)
            ).all()
        assert [tuple(row) for row in rows] == sorted(
            (kind.value, deadline.days, deadline.due) for kind, deadline in standing
        )
        (summary,) = Workflow(sql_store.unit_of_work).find()
        soonest = min((deadline.due for _, deadline in standing), default=None)
        assert summary.next_due == soonest


def next_chair(workflow: Workflow, key: str) -> Role:
    return {Side.UNION: E, Side.EMPLOYER: U}[workflow.get(key).procedure.meetings[-1].chair]


def test_replay_adds_each_meeting_once(monkeypatch: pytest.MonkeyPatch) -> None:
    opening = procedure_agreement()
    agreement, events = walk(LIFECYCLE, opening, PATHS[Status.NEGOTIATING])
    chairs = {Side.UNION: E, Side.EMPLOYER: U}
    for _ in range(60):
        chair = chairs[agreement.procedure.meetings[-1].chair]
        step = take(LIFECYCLE, agreement, Trigger.RECORD_MEETING, chair, delay=0)
        agreement = step.agreement
        events.append(step.event)
    copied: list[int] = []
    original = Procedure.model_copy

    def counting(self: Procedure, *, update: Any = None, deep: bool = False) -> Procedure:
        if update and "meetings" in update:
            copied.append(len(update["meetings"]))
        return original(self, update=update, deep=deep)

    monkeypatch.setattr(Procedure, "model_copy", counting)
    rebuilt = replay(opening, events)
    assert rebuilt == agreement
    assert len(rebuilt.procedure.meetings) == 61
    # Linear: the meetings are put in once (61 copied), not once per meeting (1 + 2 + ... + 61).
    assert sum(copied) <= 61


class CountingDict(dict):  # type: ignore[type-arg]
    """A dictionary that counts the walks over all of it."""

    walks = 0

    def _walk(self, name: str) -> Any:
        type(self).walks += 1
        return getattr(super(), name)()

    def __iter__(self) -> Any:
        return self._walk("__iter__")

    def keys(self) -> Any:
        return self._walk("keys")

    def values(self) -> Any:
        return self._walk("values")

    def items(self) -> Any:
        return self._walk("items")

    def copy(self) -> Any:
        return self._walk("copy")


def test_a_memory_unit_of_work_copies_nothing_of_the_store() -> None:
    store = MemoryStore()
    clock = FixedClock(START)
    workflow = Workflow(store.unit_of_work, lifecycle=LIFECYCLE, clock=clock)
    workflow.open_many(procedure_agreement(id=f"many-{n:03}") for n in range(200))
    store._records = CountingDict(store._records)
    store._texts = CountingDict(store._texts)
    CountingDict.walks = 0
    for trigger, role in PATHS[Status.NEGOTIATING]:
        advance(workflow, clock, "many-100", trigger, role)
        with store.unit_of_work() as work:
            work.agreements.get("many-007")
            work.commit()
    assert CountingDict.walks == 0
    assert len(workflow.history("many-100")) == 3
