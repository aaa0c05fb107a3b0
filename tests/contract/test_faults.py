"""Faults and load on both databases: conflicting processes, and a writer killed at random."""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from bargain import Status
from bargain.store.sqlalchemy import SqlStore
from tests.steps import PATHS, procedure_agreement, walk
from tests.store_workers import KEY, LIFECYCLE, hold_meetings, meet_forever

# Fork: the children start in milliseconds with bargain already imported. Every engine of the
# parent is disposed of before a fork, so no connection is shared.
CONTEXT = multiprocessing.get_context("fork")
KILLS = int(os.environ.get("BARGAIN_TEST_KILLS", "50"))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database holding one agreement in negotiation, with nobody connected to it."""
    if request.param == "sqlite":
        chosen = f"sqlite:///{tmp_path / 'bargain.db'}"
    else:
        chosen = request.getfixturevalue("postgres_url")  # a schema of its own
    store = SqlStore(chosen)
    agreement, events = walk(LIFECYCLE, procedure_agreement(id=KEY), PATHS[Status.NEGOTIATING])
    with store.unit_of_work() as uow:
        uow.agreements.add(procedure_agreement(id=KEY))
        uow.agreements.record(agreement, events)
        uow.commit()
    store.dispose()
    return chosen


def check(url: str) -> int:
    """The history verifies, replays to the snapshot and has no gap; returns its length."""
    store = SqlStore(url, create=False)
    try:
        with store.unit_of_work() as uow:
            (verification,) = uow.agreements.verify(KEY)
            history = uow.agreements.history(KEY)
            snapshot = uow.agreements.get(KEY)
    finally:
        store.dispose()
    assert verification.ok, verification.text()
    assert [e.sequence for e in history] == list(range(1, len(history) + 1))
    assert snapshot.procedure.version == len(history)
    return len(history)


def test_conflicting_processes_lose_nothing(url: str) -> None:
    workers, attempts = 4, 15
    before = check(url)
    start = CONTEXT.Event()
    results = CONTEXT.Queue()
    children = [
        CONTEXT.Process(target=hold_meetings, args=(url, attempts, start, results))
        for _ in range(workers)
    ]
    for child in children:
        child.start()
    start.set()
    outcomes = [results.get(timeout=120) for _ in children]
    for child in children:
        child.join(timeout=30)
        assert child.exitcode == 0
    wins = sum(w for w, _ in outcomes)
    losses = sum(lost for _, lost in outcomes)
    assert wins == workers * attempts  # every loser retried and won in the end
    assert check(url) == before + wins  # no update lost, no duplicate, no gap
    assert losses > 0, "the writers never collided: the test did not test concurrency"


WRITER = "bargain-killed-writer"
"""The application name the killed writer's PostgreSQL sessions carry."""


def named(url: str) -> str:
    """``url`` with the killed writer's application name, on PostgreSQL."""
    parsed = sa.make_url(url)
    if parsed.get_backend_name() != "postgresql":
        return url
    return parsed.update_query_dict({"application_name": WRITER}).render_as_string(
        hide_password=False
    )


def settled(url: str) -> None:
    """Wait until the database has finished with the killed writer.

    SQLite has nothing to finish: a transaction whose process died is rolled back by the next
    reader. PostgreSQL goes on with a killed client's session until it notices: a COMMIT already
    sent still lands, maybe while the history is being checked, so the check waits for it.
    """
    if sa.make_url(url).get_backend_name() != "postgresql":
        return
    engine = sa.create_engine(url, poolclass=sa.NullPool)
    query = sa.text("SELECT count(*) FROM pg_stat_activity WHERE application_name = :name")
    try:
        deadline = time.monotonic() + 30
        with engine.connect() as connection:
            while connection.execute(query, {"name": WRITER}).scalar_one():
                connection.rollback()  # a new snapshot of the server's sessions
                assert time.monotonic() < deadline, "the killed writer's session never ended"
                time.sleep(0.01)
    finally:
        engine.dispose()


@pytest.mark.parametrize("kills", [KILLS])
def test_a_writer_killed_at_random_leaves_a_history_that_verifies(url: str, kills: int) -> None:
    rng = random.Random(20191106)
    length = check(url)
    for _ in range(kills):
        started = CONTEXT.Event()
        child = CONTEXT.Process(target=meet_forever, args=(named(url), started))
        child.start()
        assert started.wait(timeout=30)
        time.sleep(rng.uniform(0.0, 0.05))
        os.kill(child.pid or 0, signal.SIGKILL)
        child.join(timeout=30)
        assert child.exitcode == -signal.SIGKILL
        settled(url)
        grown = check(url)
        assert grown >= length
        length = grown
    assert length > 5, "the writer never got to write: the kills did not interrupt any work"


@pytest.mark.slow
@pytest.mark.parametrize("kills", [500])
def test_many_more_kills(url: str, kills: int) -> None:
    test_a_writer_killed_at_random_leaves_a_history_that_verifies(url, kills)
