"""Playbooks on every store (memory, SQLite, PostgreSQL): kept per agreement and side, replaced,
deleted, refused for an agreement that does not exist, and never found in the shared record: not
in an event, not in a document, not in an export. Revision 0003 adds their table in place."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from bargain import MemoryStore, Status, UnknownAgreement, Workflow
from bargain.domain.calendar import FixedClock
from bargain.domain.parties import Side
from bargain.domain.playbook import Playbook, Verdict
from bargain.exchange import dump_export
from bargain.playbooks import NoPlaybook, Playbooks
from bargain.render.context import papers
from bargain.render.docx import render_docx
from bargain.render.templates import TemplateSet
from bargain.store.migrate import current, downgrade, upgrade
from bargain.store.sqlalchemy import SqlStore
from tests.factories import a_pay_clause
from tests.steps import PATHS, lawful_step, procedure_agreement

KEY = "test-agreement"
LATER = dt.date(2030, 1, 1)
"""The clock of the workflows: after every step of the procedure, which are recorded by day."""
SECRET_NOTE = "秘密底线勿外传"
SECRETS = ("秘密底线", "9.99", "8.88", "7.77")
"""What the playbook holds and the shared record never does (its note and its three amounts)."""


def a_playbook(side: Side = Side.UNION, **entry: Any) -> Playbook:
    fields: dict[str, Any] = {
        "clause_id": "pay",
        "kind": "PAY",
        "field": "piece_rate",
        "opening": "9.99/order",
        "target": "8.88/order",
        "walk_away": "7.77/order",
        "priority": 1,
        "note": SECRET_NOTE,
    }
    fields.update(entry)
    return Playbook(agreement_id=KEY, side=side, entries=(fields,))


DATABASES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(params=["memory", *DATABASES])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    """A fresh, empty store of each kind."""
    if request.param == "memory":
        yield MemoryStore()
        return
    url = (
        f"sqlite:///{tmp_path / 'bargain.db'}"
        if request.param == "sqlite"
        else request.getfixturevalue("postgres_url")
    )
    sql = SqlStore(url)
    try:
        yield sql
    finally:
        sql.dispose()


def opened(store: Any) -> tuple[Workflow, Playbooks]:
    workflow = Workflow(store.unit_of_work, clock=FixedClock(LATER))
    agreement = procedure_agreement(clauses=(a_pay_clause(piece_rate="4.5/order"),))
    workflow.open(agreement)
    return workflow, Playbooks(store.unit_of_work)


def test_a_sides_playbook_is_kept_replaced_and_deleted(store: Any) -> None:
    _, playbooks = opened(store)
    assert playbooks.get(KEY, Side.UNION) is None
    union = playbooks.save(a_playbook())
    employer = a_playbook(
        Side.EMPLOYER, opening="4/order", target="4.5/order", walk_away="5/order", note=None
    )
    playbooks.save(employer)
    assert playbooks.get(KEY, Side.UNION) == union
    assert playbooks.sides(KEY) == (Side.UNION, Side.EMPLOYER)

    replaced = a_playbook(target="9/order")
    playbooks.save(replaced)
    assert playbooks.get(KEY, Side.UNION) == replaced
    assert playbooks.get(KEY, Side.EMPLOYER) == employer

    assert playbooks.delete(KEY, Side.UNION) is True
    assert playbooks.delete(KEY, Side.UNION) is False
    assert playbooks.get(KEY, Side.UNION) is None
    assert playbooks.sides(KEY) == (Side.EMPLOYER,)


def test_what_is_not_committed_is_not_kept(store: Any) -> None:
    opened(store)
    with store.unit_of_work() as uow:
        uow.playbooks.save(a_playbook())
        assert uow.playbooks.get(KEY, Side.UNION) == a_playbook()
    with store.unit_of_work() as uow:
        assert uow.playbooks.get(KEY, Side.UNION) is None


def test_a_playbook_for_an_agreement_that_does_not_exist_is_refused_and_nothing_is_stored(
    store: Any, tmp_path: Path
) -> None:
    _, playbooks = opened(store)
    stray = a_playbook().changed(agreement_id="no-such-agreement")
    with pytest.raises(UnknownAgreement, match="no-such-agreement"):
        playbooks.save(stray)
    file = tmp_path / "playbook.yaml"
    file.write_text("entries: []\n", encoding="utf-8")
    with pytest.raises(UnknownAgreement):
        playbooks.save_file("no-such-agreement", Side.UNION, file)
    with store.unit_of_work() as uow, pytest.raises(UnknownAgreement):  # nor through the port
        _save_and_commit(uow, stray)
    with store.unit_of_work() as uow:
        assert uow.playbooks.get("no-such-agreement", Side.UNION) is None
    with pytest.raises(UnknownAgreement):
        playbooks.get("no-such-agreement", Side.UNION)


def _save_and_commit(uow: Any, playbook: Playbook) -> None:
    uow.playbooks.save(playbook)  # the database store refuses here
    uow.commit()  # the memory store, which sees agreements added in the same unit, here


def test_the_current_text_or_any_version_is_assessed(store: Any) -> None:
    workflow, playbooks = opened(store)
    with pytest.raises(NoPlaybook, match="keeps no playbook"):
        playbooks.assess(KEY, Side.UNION)
    playbooks.save(a_playbook())
    [item] = playbooks.assess(KEY, Side.UNION).items
    assert item.verdict is Verdict.PAST_WALK_AWAY
    offered = workflow.get(KEY).text.model_copy(
        update={"clauses": (a_pay_clause(piece_rate="9.5/order"),)}
    )
    [better] = playbooks.assess(KEY, Side.UNION, offered).items
    assert better.verdict is Verdict.TARGET_MET


# ------------------------------------------------------------- never in the shared record


def _through_the_procedure(workflow: Workflow) -> None:
    for trigger, role in PATHS[Status.PUBLISHED]:
        day, details = lawful_step(workflow.get(KEY), trigger)
        workflow.fire(KEY, trigger, role, on=day, **details)


def _docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as package:
        xml = "".join(
            package.read(name).decode("utf-8")
            for name in package.namelist()
            if name.startswith("word/") and name.endswith(".xml")
        )
    return re.sub(r"<[^>]+>", "", xml)


def _leaks(text: str) -> list[str]:
    return [secret for secret in SECRETS if secret in text]


def test_a_playbook_never_appears_in_an_event_a_document_or_an_export(
    store: Any, tmp_path: Path
) -> None:
    workflow, playbooks = opened(store)
    playbooks.save(a_playbook())  # before the procedure, and again during it
    _through_the_procedure(workflow)
    playbooks.save(
        a_playbook(Side.EMPLOYER, opening="7.77/order", target="8.88/order", walk_away="9.99/order")
    )
    assert workflow.get(KEY).status is Status.PUBLISHED

    events = workflow.history(KEY)
    assert len(events) == len(PATHS[Status.PUBLISHED])
    for event in events:
        assert _leaks(event.model_dump_json()) == [], event.type
    logged = workflow.events_after(0, limit=1000)
    assert _leaks("".join(p.event.model_dump_json() for p in logged)) == []

    export = dump_export(workflow.export(KEY))
    assert _leaks(export) == []
    assert _leaks(workflow.get(KEY).model_dump_json()) == []

    rendered = papers(workflow.get(KEY), events)
    assert len(rendered) >= 8  # offer, reply, minutes, draft, resolution, final texts, …
    templates = TemplateSet()
    for paper in rendered:
        out = render_docx(
            templates.find(paper.kind.name), paper.context, tmp_path / f"{paper.stem}.docx"
        )
        assert _leaks(_docx_text(out)) == [], paper.stem

    assert playbooks.sides(KEY) == (Side.UNION, Side.EMPLOYER)  # and they were there all along
    if isinstance(store, SqlStore):  # no other table of the database holds them either
        with store.engine.connect() as connection:
            for table in ("agreements", "events", "texts", "meetings", "deadlines"):
                rows = connection.execute(sa.text(f"SELECT * FROM {table}")).all()
                assert _leaks(repr(rows)) == [], table


# ----------------------------------------------------------------------- revision 0003


@pytest.mark.parametrize("kind", DATABASES)
def test_revision_0003_adds_the_playbooks_to_a_0002_database_in_place(
    kind: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    url = (
        f"sqlite:///{tmp_path / 'old.db'}"
        if kind == "sqlite"
        else request.getfixturevalue("postgres_url")
    )
    engine = sa.create_engine(url)
    try:
        assert upgrade(engine, "0002") == "0002"
        old = SqlStore(engine, create=False)  # what the release before writes
        workflow = Workflow(old.unit_of_work, clock=FixedClock(LATER))
        workflow.open(procedure_agreement(clauses=(a_pay_clause(piece_rate="4.5/order"),)))
        _through_the_procedure(workflow)
        before = (workflow.get(KEY), workflow.history(KEY))
        assert "playbooks" not in sa.inspect(engine).get_table_names()

        assert upgrade(engine) == current(engine) == "0003"
        store = SqlStore(engine)
        workflow = Workflow(store.unit_of_work, clock=FixedClock(LATER))
        assert (workflow.get(KEY), workflow.history(KEY)) == before
        assert all(verdict.ok for verdict in workflow.verify())
        Playbooks(store.unit_of_work).save(a_playbook())
        assert Playbooks(store.unit_of_work).get(KEY, Side.UNION) == a_playbook()

        assert downgrade(engine, "0002") == "0002"  # the playbooks go, the record stays
        assert "playbooks" not in sa.inspect(engine).get_table_names()
        assert (workflow.get(KEY), workflow.history(KEY)) == before
    finally:
        engine.dispose()
