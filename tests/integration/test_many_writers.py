"""Many writers at once: several processes take steps on many agreements for a bounded time.

Afterwards every history verifies, and the events stored are exactly the steps that reported
success (plus none lost, none doubled): on an SQLite file and on PostgreSQL.
"""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from bargain import FixedClock, Workflow
from bargain.store.sqlalchemy import SqlStore
from tests.load_workers import DAY, take_steps
from tests.steps import procedure_agreement

CONTEXT = multiprocessing.get_context("fork")
WORKERS, AGREEMENTS, SECONDS = 4, 24, 3.0


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'bargain.db'}"
    chosen: str = request.getfixturevalue("postgres_url")  # a schema of its own
    return chosen


def test_many_writers_lose_nothing_and_every_history_verifies(url: str) -> None:
    store = SqlStore(url)
    workflow = Workflow(store.unit_of_work, clock=FixedClock(DAY))
    keys = [f"load-{n:02d}" for n in range(AGREEMENTS)]
    workflow.open_many(procedure_agreement(id=key) for key in keys)
    store.dispose()  # no connection of the parent survives into the children

    results = CONTEXT.Queue()
    workers = [
        CONTEXT.Process(target=take_steps, args=(url, keys, SECONDS, seed, results))
        for seed in range(WORKERS)
    ]
    for worker in workers:
        worker.start()
    reports = [results.get(timeout=SECONDS + 60) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
        assert worker.exitcode == 0
    succeeded = sum(done for done, _ in reports)
    assert succeeded > AGREEMENTS  # the writers really worked, past one step each

    store = SqlStore(url, create=False)
    try:
        workflow = Workflow(store.unit_of_work, clock=FixedClock(DAY))
        checks = workflow.verify()
        assert [c.agreement_id for c in checks] == keys
        assert all(c.ok for c in checks), [c.text() for c in checks if not c.ok]
        histories = [workflow.history(key) for key in keys]
    finally:
        store.dispose()
    assert sum(len(history) for history in histories) == succeeded
    for history in histories:
        assert [e.sequence for e in history] == list(range(1, len(history) + 1))
