"""How fast the procedure runs on a database, next to raw SQLAlchemy inserts with a commit each.

Runs the Bengbu sector agreement from the offer to publication (11 steps) for several agreements,
each step through the use cases with its own commit (read the snapshot, run the step, write the
snapshot and the hash-chained event). In the same run, the baseline inserts the same number of
rows, one commit each, into a bare table with SQLAlchemy Core. Prints transitions per second,
rows per second and their ratio, on an SQLite file and, when ``BARGAIN_TEST_DATABASE_URL`` (or
``--postgres URL``) names one, on PostgreSQL. Target (issue 5): at least half the raw rate.

On PostgreSQL the bench works in a schema of its own (``bargain_bench_`` and a random suffix),
created for the run and dropped with everything in it at the end, also when it fails: it can run
while the test suite or another bench uses the same database, and never touches their tables.

Run: .venv/bin/python bench/store.py [--agreements N] [--postgres URL] [--json PATH]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
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
from bargain.store._tables import Base
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


def reset(url: str) -> None:
    """Drop the tables the bench made in its own database file or schema."""
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        Base.metadata.drop_all(connection)
        connection.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
        connection.execute(sa.text("DROP TABLE IF EXISTS bench_raw"))
    engine.dispose()


def run_library(url: str, agreements: list[Agreement]) -> float:
    """Seconds to take every agreement through the path, a commit per step."""
    store = SqlStore(url)
    clock = FixedClock(dt.date(2019, 11, 6))
    workflow = Workflow(store.unit_of_work, clock=clock)
    for agreement in agreements:
        workflow.open(agreement)
    start = time.perf_counter()
    for trigger, role, day, details in STEPS:
        clock.set(day)
        for agreement in agreements:
            workflow.fire(agreement.id, trigger, role, **details)
    elapsed = time.perf_counter() - start
    store.dispose()
    return elapsed


def run_raw(url: str, rows: int, payload: dict[str, Any]) -> float:
    """Seconds to insert ``rows`` rows, a commit each, with SQLAlchemy Core."""
    engine = sa.create_engine(url)
    metadata = sa.MetaData()
    table = sa.Table(
        "bench_raw",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("body", sa.JSON().with_variant(postgresql.JSONB(), "postgresql")),
    )
    metadata.create_all(engine)
    start = time.perf_counter()
    with engine.connect() as connection:
        for _ in range(rows):
            connection.execute(table.insert(), {"body": payload})
            connection.commit()
    elapsed = time.perf_counter() - start
    engine.dispose()
    return elapsed


def measure(name: str, url: str, count: int, rounds: int, figures: Figures) -> None:
    base = load_agreement(EXAMPLE)
    payload = {"event": "offer_sent", "topics": ["劳动报酬"], "at": "2019-11-06T09:00:00+08:00"}
    snapshot = base.model_dump(mode="json")
    ratios, ours, raws, heavies = [], [], [], []
    for number in range(rounds):
        reset(url)
        batch = [base.model_copy(update={"id": f"bench-{number}-{n}"}) for n in range(count)]
        steps = count * len(STEPS)
        library = run_library(url, batch)
        raw = run_raw(url, steps, payload)
        reset(url)
        heavy = run_raw(url, steps, snapshot)
        ours.append(steps / library)
        raws.append(steps / raw)
        heavies.append(steps / heavy)
        ratios.append(library / raw)
    reset(url)
    print(f"{name}: {count} agreements x {len(STEPS)} steps, a commit each, {rounds} rounds")
    print(f"  raw SQLAlchemy inserts (baseline): {statistics.median(raws):8.0f} rows/s")
    print(
        f"  raw inserts of a snapshot-sized row: {statistics.median(heavies):6.0f} rows/s "
        f"({len(json.dumps(snapshot)) // 1024} KB, what a step must write anyway)"
    )
    print(f"  bargain, full use cases:           {statistics.median(ours):8.0f} transitions/s")
    ratio = statistics.median(ratios)
    print(f"  bargain / raw time:                {ratio:8.2f}x  (target <= 2x)")
    measured = figures.measurement(name, "commits/s")  # a row or a step, each committed
    measured.baseline["raw_inserts"] = statistics.median(raws)
    measured.rates.update(
        raw_snapshot_inserts=statistics.median(heavies), use_cases=statistics.median(ours)
    )
    measured.ratios["use_cases_over_raw_time"] = ratio
    measured.target("use_cases_over_raw_time", at_most=2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--agreements", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--postgres", default=os.environ.get("BARGAIN_TEST_DATABASE_URL", ""))
    add_json_option(parser)
    options = parser.parse_args()
    settings = {
        "agreements": options.agreements,
        "steps": len(STEPS),
        "rounds": options.rounds,
        "postgresql": bool(options.postgres),  # whether it ran, never the URL (a password)
    }
    figures = Figures("store", settings)
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        measure("SQLite file", url, options.agreements, options.rounds, figures)
    if options.postgres:
        with own_schema(options.postgres) as url:
            measure("PostgreSQL", url, options.agreements, options.rounds, figures)
    else:
        print("PostgreSQL: not measured (set BARGAIN_TEST_DATABASE_URL or --postgres)")
    figures.write(options.json)


if __name__ == "__main__":
    main()
