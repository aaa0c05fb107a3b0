"""Text that a database cannot hold (a NUL, which PostgreSQL refuses) never reaches the database.

It is refused as InvalidDocument before storage, whichever way it comes in: a JSON file with an
escape, a change made in Python, the free text of a step. The ``engine`` fixture runs this on an
SQLite file and, in CI, on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from bargain import (
    FixedClock,
    InvalidDocument,
    Lang,
    Role,
    Workflow,
    dump_agreement,
    parse_agreement,
)
from bargain.domain.lifecycle import SendOffer
from bargain.law.procedure import lifecycle as law_lifecycle
from bargain.store._tables import Base
from bargain.store.sqlalchemy import SqlStore
from tests.steps import procedure_agreement


@pytest.fixture
def store(engine: sa.Engine) -> Iterator[SqlStore]:
    with engine.begin() as connection:  # PostgreSQL is shared: start from no tables
        Base.metadata.drop_all(connection)
        connection.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
    sql = SqlStore(engine)
    try:
        yield sql
    finally:
        sql.dispose()


def stored_ids(store: SqlStore) -> tuple[str, ...]:
    with store.unit_of_work() as work:
        return work.agreements.ids()


@pytest.fixture
def workflow(store: SqlStore) -> Workflow:
    return Workflow(
        store.unit_of_work, lifecycle=law_lifecycle(), clock=FixedClock(dt.date(2019, 11, 6))
    )


def test_a_nul_escaped_in_json_is_refused_before_storage(
    workflow: Workflow, store: SqlStore
) -> None:
    data = json.loads(dump_agreement(procedure_agreement(), "json"))
    data["clauses"][0]["text"] = "配送单价每单4.5元。\0"
    with pytest.raises(InvalidDocument) as caught:
        workflow.open(parse_agreement(json.dumps(data), source="in.json", fmt="json"))
    assert caught.value.message(Lang.EN) == (
        "in.json: clauses[0].text: a control character U+0000 is not allowed; "
        "found '配送单价每单4.5元。\\x00'"
    )
    assert stored_ids(store) == ()


def test_a_nul_put_in_from_python_is_refused_before_storage(
    workflow: Workflow, store: SqlStore
) -> None:
    with pytest.raises(InvalidDocument, match="<Agreement>: title: a control character U\\+0000"):
        workflow.open(procedure_agreement().changed(title="集体合同\0"))
    assert stored_ids(store) == ()


def test_a_nul_in_a_step_is_refused_and_the_history_is_unchanged(workflow: Workflow) -> None:
    agreement = workflow.open(procedure_agreement())
    workflow.handle(agreement.id, SendOffer(topics=("劳动报酬",)), Role.UNION_CHIEF)
    with pytest.raises(InvalidDocument, match="a control character U\\+0000 is not allowed"):
        workflow.fire(agreement.id, "refuse_offer", Role.EMPLOYER_CHIEF, reason="不同意\0")
    assert len(workflow.history(agreement.id)) == 1
    with pytest.raises(InvalidDocument, match="bidirectional control character U\\+202E"):
        workflow.fire(agreement.id, "refuse_offer", Role.EMPLOYER_CHIEF, reason="\u202e意同不")
    assert len(workflow.history(agreement.id)) == 1
    assert workflow.verify(agreement.id)[0].ok
