"""How fast a step runs on a database, next to the same durable writes done raw.

A step through the library is the whole use case: read the agreement (from the parse cache when
warm, from the database when cold), run the lifecycle with the law's guards, build the event and
its hash, write the small state, the event, the deadlines that changed, and commit. The baseline
does the writes a step cannot avoid, raw: in one transaction, an UPDATE of a small row with the
version check and an INSERT of an event-sized row, with SQLAlchemy Core statements built once, on
the same database file or schema, with the same durability settings (the store's own engine).
The single-row insert rate (one INSERT and a commit) is printed as well.

Rounds alternate the sides (library warm, raw, library cold), each side running for at least
``--seconds`` per round, and the ratio is taken round by round. Target (issue 11): a step through
the library runs at least 0.5 times as fast as the raw writes (warm parse cache). Runs on an
SQLite file and, when ``BARGAIN_TEST_DATABASE_URL`` (or ``--postgres URL``) names one, on
PostgreSQL, in a schema of its own (``bargain_bench_`` and a random suffix) created for the run
and dropped with everything in it at the end, also when it fails.

Run: .venv/bin/python bench/store.py [--seconds S] [--rounds R] [--postgres URL] [--json PATH]
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import secrets
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from figures import Figures, add_json_option
from sqlalchemy.dialects import postgresql

from bargain import Agreement, FixedClock, Workflow, load_agreement
from bargain.store.sqlalchemy import SqlStore

EXAMPLE = (
    Path(__file__).resolve().parent.parent / "examples" / "bengbu-delivery-sector-agreement.yaml"
)
STEPS: list[tuple[str, str, dt.date, dict[str, Any]]] = [
    ("send_offer", "union_chief", dt.date(2019, 11, 6), {"topics": ["劳动报酬"]}),
    ("accept_offer", "employer_chief", dt.date(2019, 11, 20), {}),
    ("start_negotiation", "union_chief", dt.date(2019, 11, 29), {"place": "蚌埠市总工会"}),
    ("record_meeting", "employer_chief", dt.date(2019, 12, 3), {}),
    ("agree_draft", "union_chief", dt.date(2019, 12, 5), {}),
    ("submit_to_congress", "union_chief", dt.date(2019, 12, 6), {}),
    (
        "hold_congress_vote",
        "congress",
        dt.date(2019, 12, 10),
        {"members": 180, "present": 150, "in_favour": 120},
    ),
    ("sign", "union_chief", dt.date(2019, 12, 11), {}),
    ("file", "employer_chief", dt.date(2019, 12, 12), {}),
    ("take_effect", "labour_bureau", dt.date(2019, 12, 28), {}),
    ("publish", "employer_chief", dt.date(2020, 1, 3), {}),
]
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
_METADATA = sa.MetaData()
RAW_STATE = sa.Table(
    "bench_raw_state",
    _METADATA,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("state", JSON, nullable=False),
)
RAW_EVENTS = sa.Table(
    "bench_raw_events",
    _METADATA,
    sa.Column("position", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("agreement_id", sa.String(64), nullable=False),
    sa.Column("sequence", sa.Integer, nullable=False),
    sa.Column("body", JSON, nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
)
_RAW_UPDATE = (
    RAW_STATE.update()
    .where(RAW_STATE.c.id == sa.bindparam("key"), RAW_STATE.c.version == sa.bindparam("expected"))
    .values(version=sa.bindparam("version"), state=sa.bindparam("state"))
)
_RAW_INSERT = RAW_EVENTS.insert()


@contextmanager
def own_schema(url: str) -> Iterator[str]:
    """``url`` working in a new schema of the bench's own, dropped (CASCADE) at the end."""
    schema = f"bargain_bench_{secrets.token_hex(8)}"
    admin = sa.create_engine(url, poolclass=sa.NullPool)
    with admin.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        parsed = sa.make_url(url)
        options = f"{parsed.query.get('options') or ''} -csearch_path={schema}".strip()
        yield parsed.update_query_dict({"options": options}).render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


class Library:
    """Agreements taken through the path on one store, a commit per step, as long as asked."""

    def __init__(self, store: SqlStore, base: Agreement) -> None:
        self.store = store
        self.base = base
        self.clock = FixedClock(dt.date(2019, 11, 6))
        self.workflow = Workflow(store.unit_of_work, clock=self.clock)
        self.numbers = itertools.count()
        self.pending: list[tuple[str, int]] = []  # (agreement id, next step)

    def _refill(self, count: int) -> None:
        """Open fresh agreements (not timed)."""
        fresh = [
            self.base.model_copy(update={"id": f"bench-{next(self.numbers)}"}) for _ in range(count)
        ]
        self.workflow.open_many(fresh)
        self.pending.extend((agreement.id, 0) for agreement in fresh)

    def run(self, seconds: float, *, cold: bool) -> tuple[int, float]:
        """Steps taken and the seconds they took, for at least ``seconds``."""
        steps, spent = 0, 0.0
        while spent < seconds:
            if not self.pending:
                self._refill(100)
            batch, self.pending = self.pending[:100], self.pending[100:]
            start = time.perf_counter()
            for key, number in batch:
                trigger, role, day, details = STEPS[number]
                self.clock.set(day)
                if cold:
                    self.store.clear_cache()
                    start_step = time.perf_counter()
                    self.workflow.fire(key, trigger, role, **details)
                    spent += time.perf_counter() - start_step
                else:
                    self.workflow.fire(key, trigger, role, **details)
                steps += 1
                if number + 1 < len(STEPS):
                    self.pending.append((key, number + 1))
            if not cold:
                spent += time.perf_counter() - start
        return steps, spent


class Raw:
    """The writes a step cannot avoid, raw, on the store's own engine (same durability)."""

    def __init__(self, engine: sa.Engine, body: dict[str, Any], state: dict[str, Any]) -> None:
        self.engine = engine
        self.body = body
        self.state = state
        _METADATA.create_all(engine)
        self.versions: dict[str, int] = {}
        self.numbers = itertools.count()

    def _new(self, connection: sa.Connection) -> str:
        key = f"raw-{next(self.numbers)}"
        connection.execute(RAW_STATE.insert(), {"id": key, "version": 0, "state": self.state})
        self.versions[key] = 0
        return key

    def run(self, seconds: float) -> tuple[int, float]:
        """Steps written raw (UPDATE with the version check and INSERT, one commit each)."""
        steps, spent = 0, 0.0
        with self.engine.connect() as connection:
            keys = [self._new(connection) for _ in range(100)]
            connection.commit()
            while spent < seconds:
                start = time.perf_counter()
                for key in keys:
                    version = self.versions[key]
                    updated = connection.execute(
                        _RAW_UPDATE,
                        {
                            "key": key,
                            "expected": version,
                            "version": version + 1,
                            "state": self.state,
                        },
                    )
                    assert updated.rowcount == 1
                    connection.execute(
                        _RAW_INSERT,
                        {
                            "agreement_id": key,
                            "sequence": version + 1,
                            "body": self.body,
                            "hash": "0" * 64,
                        },
                    )
                    connection.commit()
                    self.versions[key] = version + 1
                    steps += 1
                spent += time.perf_counter() - start
        return steps, spent

    def single_inserts(self, seconds: float) -> float:
        """Rows a second, one INSERT and one commit each."""
        rows, start = 0, time.perf_counter()
        with self.engine.connect() as connection:
            while time.perf_counter() - start < seconds:
                connection.execute(
                    _RAW_INSERT,
                    {
                        "agreement_id": "single",
                        "sequence": rows,
                        "body": self.body,
                        "hash": "0" * 64,
                    },
                )
                connection.commit()
                rows += 1
        return rows / (time.perf_counter() - start)


def measure(name: str, url: str, seconds: float, rounds: int, figures: Figures) -> None:
    base = load_agreement(EXAMPLE)
    store = SqlStore(url)
    try:
        library = Library(store, base)
        library._refill(1)
        key, _ = library.pending.pop()
        trigger, role, _, details = STEPS[0]  # one step: warm the imports and statements
        library.workflow.fire(key, trigger, role, **details)
        event = library.workflow.history(key)[-1].model_dump(mode="json")
        state = {"status": "offer_sent", "procedure": {"version": 1}, "title": base.title}
        raw = Raw(store.engine, event, state)
        warm_ratios, cold_ratios, warm_rates, cold_rates, raw_rates = [], [], [], [], []
        for _ in range(rounds):
            steps, spent = library.run(seconds, cold=False)
            warm_rates.append(steps / spent)
            steps, spent = raw.run(seconds)
            raw_rates.append(steps / spent)
            steps, spent = library.run(seconds, cold=True)
            cold_rates.append(steps / spent)
            warm_ratios.append(warm_rates[-1] / raw_rates[-1])
            cold_ratios.append(cold_rates[-1] / raw_rates[-1])
        single = raw.single_inserts(min(seconds, 2.0))
    finally:
        store.dispose()
    warm, cold = statistics.median(warm_ratios), statistics.median(cold_ratios)
    print(f"{name}: {rounds} rounds, each side at least {seconds:g} s a round")
    print(f"  single-row inserts, a commit each:        {single:8.0f} rows/s")
    print(
        f"  raw step writes (UPDATE + INSERT, commit): {statistics.median(raw_rates):8.0f} steps/s"
    )
    print(
        f"  bargain steps, parse cache warm:          {statistics.median(warm_rates):8.0f} steps/s"
    )
    print(
        f"  bargain steps, parse cache cold:          {statistics.median(cold_rates):8.0f} steps/s"
    )
    print(f"  bargain / raw rate, warm (median):        {warm:8.2f}   (target >= 0.5)")
    print(f"  bargain / raw rate, cold (median):        {cold:8.2f}")
    measured = figures.measurement(name, "steps/s")
    measured.baseline["raw_step_writes"] = statistics.median(raw_rates)
    measured.rates.update(
        single_row_inserts=single,
        steps_warm=statistics.median(warm_rates),
        steps_cold=statistics.median(cold_rates),
    )
    measured.ratios.update(warm_over_raw=warm, cold_over_raw=cold)
    measured.target("warm_over_raw", at_least=0.5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="each side, each round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--postgres", default=os.environ.get("BARGAIN_TEST_DATABASE_URL", ""))
    add_json_option(parser)
    options = parser.parse_args()
    settings = {
        "seconds": options.seconds,
        "rounds": options.rounds,
        "postgresql": bool(options.postgres),  # whether it ran, never the URL (a password)
    }
    figures = Figures("store", settings)
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        measure("SQLite file", url, options.seconds, options.rounds, figures)
    if options.postgres:
        with own_schema(options.postgres) as url:
            measure("PostgreSQL", url, options.seconds, options.rounds, figures)
    else:
        print("PostgreSQL: not measured (set BARGAIN_TEST_DATABASE_URL or --postgres)")
    figures.write(options.json)


if __name__ == "__main__":
    main()
