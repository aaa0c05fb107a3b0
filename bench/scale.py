"""How the store scales: with the number of agreements, and with the length of one history.

**Agreements.** For each size (1,000, 10,000 and 100,000 by default) a database is filled through
the documented bulk import (``Workflow.open_many``), every tenth agreement is sent its offer (so it
has a reply deadline, spread over the coming weeks), and then each of these is measured in a fresh
process, so that its peak memory is its own: ``bargain list`` and ``bargain deadlines --within 30``
(the commands, JSON output to /dev/null), ``bargain verify`` of one agreement, and a step
(``Workflow.fire``) with its commit. The table shows seconds and the peak resident memory of the
process. Targets (issue 11) at 10,000 on SQLite: ``list`` and ``deadlines`` within 1 s each and
150 MB; a step no slower than at 1,000; at 100,000 the curves stay linear or better.

**Histories.** One agreement negotiates through 10, 100, 1,000 and 5,000 events (meetings): the
time of one more step (median of several), of ``rebuild`` (replaying the whole history) and of
``verify``. Target: the step flat, rebuild and verify linear.

Run: .venv/bin/python bench/scale.py [--sizes 1000,10000,100000] [--histories 10,100,1000,5000]
[--db-dir DIR] [--json PATH]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from figures import Figures, add_json_option

HERE = Path(__file__).resolve().parent
EXAMPLE = HERE.parent / "examples" / "bengbu-delivery-sector-agreement.yaml"
TODAY = dt.date(2019, 11, 20)
REGIONS = ("340300", "340100", "340200", "340400", "340500")
SECTORS = ("delivery", "ride_hailing", "courier")


def _batches(size: int) -> Any:
    from bargain import load_agreement

    base = load_agreement(EXAMPLE)
    scopes = [
        base.scope.model_copy(update={"region": region, "sector": sector})
        for region in REGIONS
        for sector in SECTORS
    ]
    batch = []
    for number in range(size):
        scope = scopes[number % len(scopes)]
        batch.append(base.model_copy(update={"id": f"scale-{number:06d}", "scope": scope}))
        if len(batch) == 1000:
            yield batch
            batch = []
    if batch:
        yield batch


def build(url: str, size: int) -> float:
    """Fill a database with ``size`` agreements; seconds it took."""
    from bargain import FixedClock, Workflow
    from bargain.store.sqlalchemy import SqlStore

    start = time.perf_counter()
    store = SqlStore(url)
    clock = FixedClock(TODAY - dt.timedelta(days=20))
    workflow = Workflow(store.unit_of_work, clock=clock)
    for batch in _batches(size):
        workflow.open_many(batch)
    # Every tenth agreement gets its offer, on one of 20 days, so replies fall due over 20 days.
    for number in range(0, size, 10):
        clock.set(TODAY - dt.timedelta(days=20 - number // 10 % 20))
        workflow.fire(f"scale-{number:06d}", "send_offer", "union_chief", topics=["劳动报酬"])
    store.dispose()
    return time.perf_counter() - start


def child(task: str, url: str, key: str) -> None:
    """Run one measured task in this (fresh) process and print its seconds and peak RSS."""
    start = time.perf_counter()
    if task in ("list", "deadlines", "verify"):
        from bargain.cli import main as cli

        args = {
            "list": ["list", "--db", url, "--format", "json"],
            "deadlines": [
                "deadlines",
                *("--db", url, "--within", "30", "--on", TODAY.isoformat(), "--format", "json"),
            ],
            "verify": ["verify", key, "--db", url],
        }[task]
        with Path(os.devnull).open("w", encoding="utf-8") as sink:
            stdout, sys.stdout = sys.stdout, sink
            try:
                _run_cli(cli, args)
            finally:
                sys.stdout = stdout
    elif task == "step":
        from bargain import FixedClock, Workflow
        from bargain.store.sqlalchemy import SqlStore

        store = SqlStore(url, create=False)
        workflow = Workflow(store.unit_of_work, clock=FixedClock(TODAY))
        workflow.get(key)  # the step is timed warm, as a service that has read it once
        start = time.perf_counter()
        workflow.fire(key, "accept_offer", "employer_chief")
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb()}))


def peak_mb() -> float:
    """This process's peak resident memory, in MB.

    ``VmHWM`` from /proc where there is one: ``ru_maxrss`` keeps, across the ``exec`` that
    started this child, the peak of the process it was forked from (the bench itself, which has
    just built the database), and so reported that instead of the command's own peak.
    """
    status = Path("/proc/self/status")
    if status.is_file():
        for line in status.read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _run_cli(cli: Any, args: list[str]) -> None:
    try:
        code = cli(args)
    except SystemExit as stop:
        code = stop.code
    if code not in (0, None):
        raise SystemExit(f"bargain {args[0]} exited with {code}")


def measured(task: str, url: str, key: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", task, "--url", url, "--key", key],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    figures: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    return figures


def agreements_table(sizes: list[int], folder: Path, figures: Figures) -> None:
    print("agreements   build s   list s  list MB   due s   due MB  verify s  step ms")
    steps: dict[int, float] = {}
    for size in sizes:
        url = f"sqlite:///{folder / f'scale-{size}.db'}"
        built = build(url, size)
        key = "scale-000010" if size > 10 else "scale-000000"
        row = {task: measured(task, url, key) for task in ("list", "deadlines", "verify")}
        row["step"] = measured("step", url, key)
        steps[size] = row["step"]["seconds"]
        print(
            f"{size:10d} {built:9.1f} {row['list']['seconds']:8.2f} {row['list']['peak_mb']:8.0f}"
            f" {row['deadlines']['seconds']:7.2f} {row['deadlines']['peak_mb']:8.0f}"
            f" {row['verify']['seconds']:9.2f} {row['step']['seconds'] * 1000:8.1f}"
        )
        measurement = figures.measurement(f"SQLite, {size} agreements", "seconds")
        measurement.rates.update(
            build=built,
            list=row["list"]["seconds"],
            list_peak_mb=row["list"]["peak_mb"],
            deadlines=row["deadlines"]["seconds"],
            deadlines_peak_mb=row["deadlines"]["peak_mb"],
            verify_one=row["verify"]["seconds"],
            step=row["step"]["seconds"],
        )
        if size == 10_000:
            for name in ("list", "deadlines"):
                measurement.target(name, at_most=1.0)
                measurement.target(f"{name}_peak_mb", at_most=150)
        if 1_000 in steps and size != 1_000:
            measurement.ratios["step_over_step_at_1000"] = steps[size] / steps[1_000]
            measurement.target("step_over_step_at_1000", at_most=1.0)
        (folder / f"scale-{size}.db").unlink()


def histories_table(lengths: list[int], folder: Path, figures: Figures) -> None:
    from bargain import FixedClock, Workflow, load_agreement
    from bargain.store.sqlalchemy import SqlStore

    print("events   step ms  rebuild ms  verify ms")
    url = f"sqlite:///{folder / 'histories.db'}"
    store = SqlStore(url)
    clock = FixedClock(dt.date(2019, 11, 6))
    workflow = Workflow(store.unit_of_work, clock=clock)
    base = load_agreement(EXAMPLE)
    key = workflow.open(base.model_copy(update={"id": "long-history"})).id
    workflow.fire(key, "send_offer", "union_chief", topics=["劳动报酬"])
    clock.set(dt.date(2019, 11, 20))
    workflow.fire(key, "accept_offer", "employer_chief")
    workflow.fire(key, "start_negotiation", "union_chief", place="蚌埠市总工会")

    def next_chair() -> str:
        # The chiefs chair in turn (Art 34): the side that did not chair the last meeting.
        last = workflow.get(key).procedure.meetings[-1].chair.value
        return "employer_chief" if last == "union" else "union_chief"

    for length in lengths:
        for _ in range(length - 5 - len(workflow.history(key))):
            workflow.fire(key, "record_meeting", next_chair())
        times = []
        for _ in range(5):
            chair = next_chair()
            start = time.perf_counter()
            workflow.fire(key, "record_meeting", chair)
            times.append(time.perf_counter() - start)
        step = statistics.median(times)
        start = time.perf_counter()
        workflow.rebuild(key)
        rebuild = time.perf_counter() - start
        start = time.perf_counter()
        assert workflow.verify(key)[0].ok
        verify = time.perf_counter() - start
        events = len(workflow.history(key))
        print(f"{events:6d} {step * 1000:9.2f} {rebuild * 1000:11.1f} {verify * 1000:10.1f}")
        measurement = figures.measurement(f"SQLite, a history of {events} events", "seconds")
        measurement.rates.update(step=step, rebuild=rebuild, verify=verify)
    store.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--histories", default="10,100,1000,5000")
    parser.add_argument("--db-dir", type=Path, default=None, help="where the databases go")
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--url", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--key", default=None, help=argparse.SUPPRESS)
    add_json_option(parser)
    options = parser.parse_args()
    if options.child:
        child(options.child, options.url, options.key)
        return
    sizes = [int(n) for n in options.sizes.split(",") if n]
    lengths = [int(n) for n in options.histories.split(",") if n]
    figures = Figures("scale", {"sizes": options.sizes, "histories": options.histories})
    with tempfile.TemporaryDirectory(dir=options.db_dir) as folder:
        if sizes:
            agreements_table(sizes, Path(folder), figures)
        if lengths:
            histories_table(lengths, Path(folder), figures)
    figures.write(options.json)


if __name__ == "__main__":
    main()
