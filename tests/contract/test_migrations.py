"""The migrations build exactly the schema of the row classes, on SQLite and PostgreSQL; revision
0002 moves a database written by the current release (revision 0001) in place, keeping every
event, and it verifies.

Each test starts from nothing: a new SQLite file, or a new PostgreSQL schema of its own. The 0001
databases are written by ``tests/legacy_0001.py``, that release's write path, through real steps.

Two kinds of checks on a migrated database: on its rows (each agreement's documents put back
together from its state, texts and meetings, the chains verified by
``bargain.store._chain.verify_history``), and through the public ``Workflow`` on an ``SqlStore``
(which reads the new shape).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from bargain import Agreement, Event, Role, Status, Trigger
from bargain.domain.agreement import Text
from bargain.domain.calendar import FixedClock, china_day
from bargain.domain.fingerprint import TEXT_FIELDS, text_fingerprint
from bargain.domain.lifecycle.deadlines import DeadlineKind, open_deadlines
from bargain.domain.lifecycle.replay import replay
from bargain.errors import StorageError
from bargain.law.procedure import policy_for
from bargain.store._chain import LEGACY_SCHEME, StoredEvent, canonical, verify_history
from bargain.store._tables import Base
from bargain.store.migrate import current, downgrade, head, upgrade
from tests.legacy_0001 import AGREEMENTS, EVENTS, Built, build

# ------------------------------------------------------------------------------- the schema


def test_the_migrations_produce_the_schema_of_the_row_classes(engine: sa.Engine) -> None:
    assert current(engine) is None
    assert upgrade(engine) == head() == "0003"
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []
    assert upgrade(engine) == head()  # a second upgrade changes nothing


def test_the_migrations_make_the_check_constraints_of_the_row_classes(engine: sa.Engine) -> None:
    """Autogenerate does not compare CHECK constraints; SQLite rebuilds tables, so look."""
    upgrade(engine)
    inspector = sa.inspect(engine)
    for table in Base.metadata.sorted_tables:
        made = {check["name"] for check in inspector.get_check_constraints(table.name)}
        declared = {
            str(constraint.name)
            for constraint in table.constraints
            if isinstance(constraint, sa.CheckConstraint)
        }
        assert made == declared, table.name


def test_the_migrations_go_down_to_nothing(engine: sa.Engine) -> None:
    upgrade(engine)
    downgrade(engine)
    assert current(engine) is None
    assert set(sa.inspect(engine).get_table_names()) <= {"alembic_version"}


# ------------------------------------------------------------------ a 0001 database, read


@dataclass(frozen=True)
class Before:
    """A revision 0001 database as read before the upgrade."""

    agreements: dict[str, Mapping[str, Any]]
    """Each agreement's row, by id."""
    events: list[Mapping[str, Any]]
    """Every event row, by position."""


def read_0001(engine: sa.Engine) -> Before:
    with engine.connect() as connection:
        agreements = {
            row["id"]: row for row in connection.execute(sa.select(AGREEMENTS)).mappings()
        }
        events = list(connection.execute(sa.select(EVENTS).order_by(EVENTS.c.position)).mappings())
    return Before(agreements, events)


@pytest.fixture
def legacy(engine: sa.Engine) -> tuple[Built, Before]:
    built = build(engine)
    before = read_0001(engine)
    assert sorted(before.agreements) == sorted(built.ids)
    assert len(before.events) == built.events
    return built, before


# --------------------------------------------------------------- a migrated database, read


def _table(engine: sa.Engine, name: str) -> sa.Table:
    return sa.Table(name, sa.MetaData(), autoload_with=engine)


@dataclass(frozen=True)
class After:
    """A revision 0002 database, its rows as stored."""

    agreements: dict[str, Mapping[str, Any]]
    texts: dict[str, Any]
    meetings: dict[str, list[Any]]
    deadlines: dict[str, list[Mapping[str, Any]]]
    events: list[Mapping[str, Any]]

    def opening(self, agreement_id: str) -> dict[str, Any]:
        """The agreement as opened: its opening state and the text it was opened with."""
        row = self.agreements[agreement_id]
        return {**row["opening_state"], **self.texts[row["opening_fingerprint"]]}

    def snapshot(self, agreement_id: str) -> dict[str, Any]:
        """The agreement as it stands: its state, its text and its meetings."""
        row = self.agreements[agreement_id]
        state = row["state"]
        procedure = {**state["procedure"], "meetings": self.meetings.get(agreement_id, [])}
        return {**state, **self.texts[row["text_fingerprint"]], "procedure": procedure}

    def stored(self, agreement_id: str) -> list[StoredEvent]:
        return [
            StoredEvent(row["body"], row["previous_hash"], row["hash"], row["scheme"])
            for row in self.events
            if row["agreement_id"] == agreement_id
        ]


def read_0002(engine: sa.Engine) -> After:
    agreements, texts, meetings, deadlines, events = (
        _table(engine, name) for name in ("agreements", "texts", "meetings", "deadlines", "events")
    )
    with engine.connect() as connection:
        found = After(
            {row["id"]: row for row in connection.execute(sa.select(agreements)).mappings()},
            dict(connection.execute(sa.select(texts.c.fingerprint, texts.c.body)).all()),
            {},
            {},
            list(connection.execute(sa.select(events).order_by(events.c.position)).mappings()),
        )
        for key, body in connection.execute(
            sa.select(meetings.c.agreement_id, meetings.c.body).order_by(
                meetings.c.agreement_id, meetings.c.number
            )
        ):
            found.meetings.setdefault(key, []).append(body)
        for row in connection.execute(sa.select(deadlines)).mappings():
            found.deadlines.setdefault(row["agreement_id"], []).append(row)
    return found


def _open_on(agreement: Agreement, rows: list[Mapping[str, Any]], on: dt.date) -> set[Any]:
    """The stored time limits that are open on ``on``: a renewal window that closed is not."""
    term = agreement.term
    kept = set()
    for row in rows:
        if row["kind"] == DeadlineKind.RENEWAL_WINDOW.value and (
            row["due"] < on
            or (term is not None and on > term.end)
            or agreement.procedure.renewal_requested_on is not None
        ):
            continue
        kept.add((row["kind"], row["due"], row["start"], row["days"], row["convention"]))
    return kept


# -------------------------------------------------------------------- revision 0002 upgrade


@pytest.mark.parametrize("batch", [4, None], ids=["batches-of-4", "default-batch"])
def test_a_database_written_by_the_current_release_upgrades_in_place_and_verifies(
    engine: sa.Engine, legacy: tuple[Built, Before], batch: int | None
) -> None:
    built, before = legacy
    assert upgrade(engine, batch=batch) == head()
    after = read_0002(engine)

    # Every event kept as it was: same rows, bodies and hashes, marked with the legacy scheme.
    assert len(after.events) == len(before.events) == built.events
    for old, new in zip(before.events, after.events, strict=True):
        for column in ("position", "agreement_id", "sequence", "type", "actor_role", "at", "on"):
            assert new[column] == old[column], column
        assert new["body"] == old["body"]
        assert (new["previous_hash"], new["hash"]) == (old["previous_hash"], old["hash"])
        assert new["scheme"] == LEGACY_SCHEME

    # Every agreement: the documents put back together are the ones revision 0001 stored.
    assert sorted(after.agreements) == sorted(before.agreements)
    policy = policy_for()
    today = china_day(dt.datetime.now(dt.UTC))
    for key, old in before.agreements.items():
        new = after.agreements[key]
        assert after.opening(key) == old["opening"]
        assert after.snapshot(key) == old["snapshot"]
        for column in ("version", "status", "kind", "sector", "region", "term_start", "term_end"):
            assert new[column] == old[column], column
        assert (new["root_hash"], new["head_hash"]) == (old["root_hash"], old["head_hash"])
        assert new["scheme"] == LEGACY_SCHEME

        agreement = Agreement.model_validate(old["snapshot"])
        opened = Agreement.model_validate(old["opening"])
        # The fingerprints computed on the JSON are the model's.
        assert new["text_fingerprint"] == text_fingerprint(agreement)
        assert new["opening_fingerprint"] == text_fingerprint(opened)
        assert new["title"] == agreement.title
        assert new["title_en"] == agreement.title_en
        assert new["sector_name"] == agreement.scope.sector_name
        assert new["meetings"] == len(agreement.procedure.meetings)
        assert "meetings" not in new["state"]["procedure"]
        assert not set(TEXT_FIELDS) & (set(new["state"]) | set(new["opening_state"]))

        # The time limits open in its state, as of its last step; the soonest is on the row.
        on = agreement.procedure.last_on or today
        rows = after.deadlines.get(key, [])
        expected = {
            (d.kind.value, d.deadline.due, d.deadline.start, d.deadline.days, d.deadline.convention)
            for d in open_deadlines(agreement, on, policy(on))
        }
        assert _open_on(agreement, rows, on) == expected
        soonest = {(row["due"], row["kind"]) for row in rows}
        soonest = {item for item in soonest if item[0] == min(soonest)[0]} or {(None, None)}
        assert (new["next_due"], new["next_due_kind"]) in soonest

        # Each event that changed the text records the text it produced, as replay makes it.
        stored = [row for row in after.events if row["agreement_id"] == key]
        reached = opened
        for row in stored:
            event = Event.model_validate(row["body"])
            reached = replay(reached, [event])
            if {"clauses", "term"} & set(event.facts):
                assert row["text_fingerprint"] == text_fingerprint(reached)
            else:
                assert row["text_fingerprint"] is None
        assert reached == agreement

        # And the chain verifies, with the hashes as they were.
        verdict = verify_history(
            key,
            after.opening(key),
            new["root_hash"],
            after.stored(key),
            after.snapshot(key),
            head=new["head_hash"],
            root_scheme=new["scheme"],
        )
        assert verdict.ok, verdict

    # Each text once, under the fingerprint of its content; each one is used.
    for fingerprint, body in after.texts.items():
        assert fingerprint == text_fingerprint(Text.model_validate(body))
        assert canonical(body) == canonical({name: body[name] for name in TEXT_FIELDS})
    used = {row["text_fingerprint"] for row in after.agreements.values()}
    used |= {row["opening_fingerprint"] for row in after.agreements.values()}
    used |= {row["text_fingerprint"] for row in after.events} - {None}
    assert used == set(after.texts)
    produced = [row for row in after.events if row["text_fingerprint"] is not None]
    assert len(produced) == built.text_changes == 4
    # The sector agreement's second draft went back to the text it was opened with.
    sector = after.agreements["bengbu-delivery-sector-agreement"]
    assert sector["opening_fingerprint"] in {row["text_fingerprint"] for row in produced}
    assert len(after.texts) < 2 * len(after.agreements)  # the state-* agreements share one text


def test_the_upgrade_runs_with_the_stores_foreign_keys_and_leaves_them_on(
    engine: sa.Engine, legacy: tuple[Built, Before]
) -> None:
    """``bargain db upgrade`` migrates through the store's engine, whose SQLite connections
    enforce foreign keys; SQLite's table rebuild needs them off, and they come back on."""
    if engine.dialect.name == "sqlite":

        def enforce(connection: Any, _record: Any) -> None:
            cursor = connection.cursor()
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.close()

        engine.dispose()
        sa.event.listen(engine, "connect", enforce)
    assert upgrade(engine) == head()
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:  # the pool's connection that ran the migration
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            driver: Any = connection.connection.driver_connection
            assert driver.isolation_level == ""  # the driver's own transactions again
            assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []
    after = read_0002(engine)
    assert len(after.events) == len(legacy[1].events)


def test_an_upgrade_that_fails_changes_nothing(
    engine: sa.Engine, legacy: tuple[Built, Before]
) -> None:
    _, before = legacy
    broken = dict(before.agreements["state-signed"]["snapshot"])
    broken["kind"] = "no-such-kind"
    with engine.begin() as connection:
        connection.execute(
            AGREEMENTS.update().where(AGREEMENTS.c.id == "state-signed").values(snapshot=broken)
        )
    with pytest.raises(
        StorageError, match=r"agreement state-signed cannot be migrated to revision 0002 \(kind: "
    ):
        upgrade(engine, batch=3)
    assert current(engine) == "0001"
    assert "texts" not in sa.inspect(engine).get_table_names()
    columns = {column["name"] for column in sa.inspect(engine).get_columns("agreements")}
    assert {"opening", "snapshot"} <= columns
    assert "state" not in columns
    assert read_0001(engine).events == before.events

    with engine.begin() as connection:
        connection.execute(
            AGREEMENTS.update()
            .where(AGREEMENTS.c.id == "state-signed")
            .values(snapshot=before.agreements["state-signed"]["snapshot"])
        )
    assert upgrade(engine, batch=3) == head()


def test_an_sqlite_upgrade_checks_the_foreign_keys_before_it_commits(tmp_path: Path) -> None:
    """With enforcement off for the table rebuilds, a row left without its parent is refused."""
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'orphan.db'}")
    try:
        build(engine)
        with engine.begin() as connection:  # foreign keys are off on this engine's connections
            row = dict(connection.execute(sa.select(EVENTS).limit(1)).mappings().one())
            connection.execute(
                EVENTS.insert(),
                {**row, "position": None, "agreement_id": "no-such-agreement"},
            )
        with pytest.raises(StorageError, match="referring to a missing row of agreements"):
            upgrade(engine)
        assert current(engine) == "0001"
    finally:
        engine.dispose()


# ------------------------------------------------------------------ revision 0002 downgrade


def test_the_downgrade_puts_the_documents_back(
    engine: sa.Engine, legacy: tuple[Built, Before]
) -> None:
    _, before = legacy
    upgrade(engine, batch=5)
    migrated = read_0002(engine)
    assert downgrade(engine, "0001", batch=5) == "0001"
    back = read_0001(engine)
    assert back.events == before.events
    assert back.agreements.keys() == before.agreements.keys()
    for key, old in before.agreements.items():
        new = back.agreements[key]
        assert {name: new[name] for name in new if name != "updated_at"} == {
            name: old[name] for name in old if name != "updated_at"
        }
    assert not {"texts", "meetings", "deadlines"} & set(sa.inspect(engine).get_table_names())

    assert upgrade(engine, batch=5) == head()  # and up again to the same rows
    again = read_0002(engine)
    assert again.texts == migrated.texts
    assert again.meetings == migrated.meetings
    assert again.events == migrated.events
    assert {k: dict(v) for k, v in again.agreements.items()} == {
        k: dict(v) for k, v in migrated.agreements.items()
    }


def test_the_downgrade_refuses_a_hash_the_old_release_could_not_verify(
    engine: sa.Engine, legacy: tuple[Built, Before]
) -> None:
    """A float: RFC 8785 writes 1.0 as ``1``, Python's json as ``1.0``."""
    upgrade(engine)
    events = _table(engine, "events")
    with engine.begin() as connection:
        position, body = connection.execute(
            sa.select(events.c.position, events.c.body).order_by(events.c.position).limit(1)
        ).one()
        connection.execute(
            events.update()
            .where(events.c.position == position)
            .values(scheme="rfc8785", body={**body, "weight": 1.0})
        )
    with pytest.raises(StorageError, match="cannot be downgraded; nothing was changed"):
        downgrade(engine, "0001")
    assert current(engine) == head()
    assert "texts" in sa.inspect(engine).get_table_names()


# --------------------------------------------------------- through the Workflow (A's store)


def test_a_migrated_database_works_through_the_workflow(
    engine: sa.Engine, legacy: tuple[Built, Before]
) -> None:
    _, before = legacy
    upgrade(engine, batch=4)
    from bargain import Workflow
    from bargain.store.sqlalchemy import SqlStore

    store = SqlStore(engine)
    try:
        day = dt.date(2023, 6, 1)
        workflow = Workflow(store.unit_of_work, clock=FixedClock(day))
        for key, old in before.agreements.items():
            assert workflow.get(key) == Agreement.model_validate(old["snapshot"])
            assert workflow.opening(key) == Agreement.model_validate(old["opening"])
            assert workflow.history(key) == tuple(
                Event.model_validate(row["body"])
                for row in before.events
                if row["agreement_id"] == key
            )
        assert all(verdict.ok for verdict in workflow.verify())

        # The text versions: as opened, then those the events produced.
        sector = "bengbu-delivery-sector-agreement"
        versions = workflow.text_versions(sector)
        assert versions[0].sequence == 0
        assert versions[0].fingerprint == text_fingerprint(workflow.opening(sector))
        drafts = [e for e in workflow.history(sector) if {"clauses", "term"} & set(e.facts)]
        assert [v.sequence for v in versions[1:]] == [e.sequence for e in drafts]
        assert versions[-1].fingerprint == text_fingerprint(workflow.get(sector))

        # What falls due, from the migrated rows, is what the lifecycle says.
        due = {(d.agreement_id, d.kind, d.deadline) for d in workflow.due()}
        assert due == {
            (d.agreement_id, d.kind, d.deadline)
            for key in before.agreements
            for d in workflow.deadlines(key)
        }

        # Further steps, in the new scheme, on a chain that started in the old one.
        workflow.fire(sector, Trigger.FILE, Role.UNION_CHIEF, on=day)
        draft = "state-renewed-renewal-2022"
        workflow.fire(draft, Trigger.SEND_OFFER, Role.UNION_CHIEF, on=day, topics=["劳动报酬"])
        assert workflow.get(sector).status is Status.UNDER_REVIEW
        assert len(workflow.history(sector)) == 1 + sum(
            1 for row in before.events if row["agreement_id"] == sector
        )
        assert all(verdict.ok for verdict in workflow.verify())
    finally:
        store.dispose()


def test_the_store_knows_the_newest_revision_without_alembic() -> None:
    # A store at the newest revision opens without loading Alembic: the constant must follow.
    from bargain.store.sqlalchemy import HEAD_REVISION

    assert head() == HEAD_REVISION
