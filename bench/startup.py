"""How fast the command line and the library start, next to a bare Python interpreter.

Times, in fresh subprocesses and interleaved so that a busy machine slows all of them alike:
``bargain --help``, ``python -c "import bargain"``, ``python -c "from bargain import Agreement"``
(the first model, which builds the Pydantic validators) and ``python -c pass`` (the baseline).
Prints the median wall time of each and its ratio to the baseline. Targets (issue 9): ``--help``
within 0.3 s and ``import bargain`` within 0.15 s.

Run: .venv/bin/python bench/startup.py [--runs N] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

TARGETS = {"bargain --help": 0.3, "import bargain": 0.15}


def commands() -> dict[str, list[str]]:
    script = shutil.which("bargain", path=str(Path(sys.executable).parent))
    bargain = [script] if script else [sys.executable, "-m", "bargain"]
    return {
        "bargain --help": [*bargain, "--help"],
        "import bargain": [sys.executable, "-c", "import bargain"],
        "from bargain import Agreement": [sys.executable, "-c", "from bargain import Agreement"],
        "python -c pass": [sys.executable, "-c", "pass"],
    }


def wall_time(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def measure(runs: int) -> dict[str, float]:
    """The median wall time of each command, in seconds."""
    argvs = commands()
    for argv in argvs.values():  # warm the file cache: a user runs the command more than once
        wall_time(argv)
    times: dict[str, list[float]] = {name: [] for name in argvs}
    for _ in range(runs):
        for name, argv in argvs.items():
            times[name].append(wall_time(argv))
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="runs of each command (default 15)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    medians = measure(args.runs)
    baseline = medians["python -c pass"]
    print(f"median of {args.runs} runs, Python {sys.version.split()[0]}")
    for name, seconds in medians.items():
        target = TARGETS.get(name)
        verdict = (
            ""
            if target is None
            else f"  target {target:.2f} s: " + ("met" if seconds <= target else "MISSED")
        )
        print(f"{name:32} {seconds:7.3f} s  {seconds / baseline:5.1f}× python -c pass{verdict}")
    if args.json is not None:
        result = {
            "runs": args.runs,
            "python": sys.version.split()[0],
            "seconds": medians,
            "ratio_to_python": {name: s / baseline for name, s in medians.items()},
            "targets": TARGETS,
            "met": {name: medians[name] <= target for name, target in TARGETS.items()},
        }
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
