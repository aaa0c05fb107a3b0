"""How fast the procedure runs, next to bare ``transitions`` triggers on the same path.

Takes many copies of the Bengbu sector agreement from the offer to publication (11 steps each), in
the same run: bare ``transitions`` triggers on plain models (the baseline: no guards, no events,
no deadlines), ``Lifecycle.fire`` with the law's guards, events and deadlines, and the same through
the use cases on the in-memory store. Prints transitions per second and the ratio of the lifecycle
to the baseline, with the law's guards (representatives before the first meeting, the whole draft
before the congress) and without them (``validator=None``: the procedure's own guards, events and
deadlines). Target (issues 4 and 9): the lifecycle costs at most 5 times the bare triggers.

The copies are agreements as a store gives them: each knows the fingerprint of its text, the key
the store keeps the text under (issue 11), so the signing step records it without computing it.
The same run is also timed with copies that must compute it when signed (an agreement made in
Python and never stored), and that ratio is printed beside the target's.

Run: .venv/bin/python bench/lifecycle.py [--agreements N] [--repeat R] [--json PATH]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from figures import Figures, add_json_option
from transitions import Machine

from bargain import (
    Agreement,
    FixedClock,
    MemoryStore,
    Role,
    Status,
    Trigger,
    Workflow,
    load_agreement,
)
from bargain.domain.fingerprint import text_fingerprint
from bargain.domain.lifecycle import TABLE, Lifecycle
from bargain.law.procedure import lifecycle as law_lifecycle

EXAMPLE = (
    Path(__file__).resolve().parent.parent / "examples" / "bengbu-delivery-sector-agreement.yaml"
)
U, E = Role.UNION_CHIEF, Role.EMPLOYER_CHIEF
D = dt.date
PATH: list[tuple[Trigger, Role, dt.date, dict[str, Any]]] = [
    (Trigger.SEND_OFFER, U, D(2019, 11, 6), {"topics": ("劳动报酬",)}),
    (Trigger.ACCEPT_OFFER, E, D(2019, 11, 20), {}),
    (Trigger.START_NEGOTIATION, U, D(2019, 11, 29), {"place": "蚌埠市总工会"}),
    (Trigger.RECORD_MEETING, E, D(2019, 12, 3), {}),
    (Trigger.AGREE_DRAFT, U, D(2019, 12, 5), {}),
    (Trigger.SUBMIT_TO_CONGRESS, U, D(2019, 12, 6), {}),
    (
        Trigger.HOLD_CONGRESS_VOTE,
        Role.CONGRESS,
        D(2019, 12, 10),
        {"members": 180, "present": 150, "in_favour": 120},
    ),
    (Trigger.SIGN, U, D(2019, 12, 11), {}),
    (Trigger.FILE, E, D(2019, 12, 12), {}),
    (Trigger.TAKE_EFFECT, Role.CLOCK, D(2019, 12, 28), {}),
    (Trigger.PUBLISH, E, D(2020, 1, 3), {}),
]
STEPS = [(trigger, role, FixedClock(day).now(), details) for trigger, role, day, details in PATH]


def copies(count: int, *, fingerprint_known: bool = True) -> list[Agreement]:
    """Copies of the example, each with its own id; by default knowing their text's fingerprint."""
    base = load_agreement(EXAMPLE)
    if fingerprint_known:
        text_fingerprint(base)  # as a store gives it: copies that keep the text keep it
    return [base.model_copy(update={"id": f"bench-{n}"}) for n in range(count)]


def bare_machine(count: int) -> tuple[Machine, list[Any]]:
    """Plain models on a plain machine with the same states and transitions."""

    class Model:
        pass

    models = [Model() for _ in range(count)]
    machine = Machine(
        model=models,
        states=[s.value for s in Status],
        transitions=[
            {
                "trigger": row.trigger.value,
                "source": [s.value for s in row.sources],
                "dest": row.targets[0].value if row.targets else None,
            }
            for row in TABLE
        ],
        initial="drafting",
        auto_transitions=False,
    )
    return machine, models


def run_bare(count: int) -> tuple[Callable[[], object], Callable[[], object]]:
    """A setup that builds fresh models (not timed) and a run that fires the triggers."""
    state: dict[str, list[Any]] = {}

    def setup() -> None:
        state["models"] = bare_machine(count)[1]

    def run() -> None:
        for model in state["models"]:
            for trigger, *_ in PATH:
                getattr(model, trigger.value)()

    return setup, run


def run_lifecycle(lifecycle: Lifecycle, agreements: list[Agreement]) -> Callable[[], object]:
    def run() -> None:
        for agreement in agreements:
            for trigger, role, at, details in STEPS:
                agreement = lifecycle.fire(agreement, trigger, role, at=at, **details).agreement

    return run


def run_workflow(lifecycle: Lifecycle, agreements: list[Agreement]) -> Callable[[], object]:
    def run() -> None:
        clock = FixedClock(D(2019, 11, 6))
        workflow = Workflow(MemoryStore().unit_of_work, lifecycle=lifecycle, clock=clock)
        for agreement in agreements:
            workflow.open(agreement)
        for trigger, role, at, details in STEPS:
            clock.set(at)
            for agreement in agreements:
                workflow.fire(agreement.id, trigger, role, **details)

    return run


def timed(run: Callable[[], object], setup: Callable[[], object] | None = None) -> float:
    """One run, in seconds, with the garbage collector paused (as ``timeit`` does)."""
    if setup is not None:
        setup()
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        run()
        return time.perf_counter() - start
    finally:
        gc.enable()


def fastest_half(times: list[float]) -> float:
    """The median of the faster half."""
    return statistics.median(sorted(times)[: len(times) // 2 + 1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--agreements", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=5)
    add_json_option(parser)
    options = parser.parse_args()

    agreements = copies(options.agreements)
    unknown = copies(options.agreements, fingerprint_known=False)
    lifecycle = law_lifecycle()
    run_lifecycle(lifecycle, agreements[:1])()  # warm the caches outside the timing

    n = len(agreements) * len(PATH)
    setup, bare_run = run_bare(len(agreements))
    ours_run = run_lifecycle(lifecycle, agreements)
    computing_run = run_lifecycle(lifecycle, unknown)
    stored_run = run_workflow(lifecycle, unknown)
    alone = Lifecycle(lifecycle.policy, validator=None)
    alone_run = run_lifecycle(alone, agreements)
    # They are timed in turn within each round, and the ratio is taken round by round, so that a
    # machine that speeds up or slows down during the run does not bias it.
    bares, ourses, computings, storeds, alones = [], [], [], [], []
    ratios, computing_ratios, alone_ratios = [], [], []
    for _ in range(options.repeat):
        bares.append(timed(bare_run, setup))  # the triggers only, on ready-made models
        ourses.append(timed(ours_run))
        computings.append(timed(computing_run))
        storeds.append(timed(stored_run))
        alones.append(timed(alone_run))
        ratios.append(ourses[-1] / bares[-1])
        computing_ratios.append(computings[-1] / bares[-1])
        alone_ratios.append(alones[-1] / bares[-1])
    bare, ours, stored = fastest_half(bares), fastest_half(ourses), fastest_half(storeds)
    ratio, alone_ratio = statistics.median(ratios), statistics.median(alone_ratios)
    computing_ratio = statistics.median(computing_ratios)
    print(
        f"{len(agreements)} agreements x {len(PATH)} steps (offer to publication), "
        f"best of {options.repeat} runs, one core"
    )
    print(f"  bare transitions triggers (baseline):     {n / bare:9.0f} transitions/s")
    print(f"  Lifecycle.fire (guards, events, dates):   {n / ours:9.0f} transitions/s")
    print(
        f"  Lifecycle.fire without the law's guards:  {n / fastest_half(alones):9.0f} transitions/s"
    )
    print(
        f"  the same, computing the fingerprint:      {n / fastest_half(computings):9.0f} "
        "transitions/s"
    )
    print(f"  Workflow on the in-memory store:          {n / stored:9.0f} transitions/s")
    print(f"  lifecycle / bare, without the law:        {alone_ratio:9.2f}x")
    print(f"  lifecycle / bare, computing fingerprints: {computing_ratio:9.2f}x")
    print(f"  lifecycle / bare (median by round):       {ratio:9.2f}x  (target <= 5x)")

    settings = {"agreements": len(agreements), "steps": len(PATH), "repeat": options.repeat}
    figures = Figures("lifecycle", settings)
    measured = figures.measurement("offer to publication, one core", "transitions/s")
    measured.baseline["bare_transitions"] = n / bare
    measured.rates.update(
        lifecycle=n / ours,
        lifecycle_without_law=n / fastest_half(alones),
        lifecycle_computing_fingerprints=n / fastest_half(computings),
        workflow_in_memory=n / stored,
    )
    measured.ratios.update(
        lifecycle_over_bare=ratio,
        without_law_over_bare=alone_ratio,
        computing_fingerprints_over_bare=computing_ratio,
    )
    measured.target("lifecycle_over_bare", at_most=5)
    figures.write(options.json)


if __name__ == "__main__":
    main()
