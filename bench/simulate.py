"""How fast bargain plays simulated negotiations, next to NegMAS playing the same games.

**The games.** A synthetic scenario of 5 issues with 5 values each (3,125 outcomes), built here: the
Bengbu sector agreement with five OTHER clauses (其他) whose text carries the values, each side
with its own random weights and reservation value per game (opposed preferences: the union side
prefers later values, the employer side earlier ones), 100 rounds, Boulware (union) against
conceder (employer). Each game is played twice: its first play pays the one-time sorting of each
side's outcomes; played again (as a tournament or a repetition does), it does not. Prints games
per second for both, the agreement rate and the mean utilities of the deals.

**NegMAS** (``--with-negmas``): the bench makes its own virtual environment under build/ (never
the project's: NegMAS is AGPL and never a dependency of bargain), installs NegMAS there (version
:data:`NEGMAS_VERSION`), and runs the same games in it with bench/simulate_negmas.py, interleaved
with bargain's runs: NegMAS's SAO mechanism with time-based negotiators configured to play as
bargain's strategies do (``matched``; simulate_negmas.py says how), and NegMAS's stock Boulware and
conceder negotiators for reference. It prints the ratio of games per second (target, issue 13: at
least 50) and both sides' agreement rates and mean agreed utilities with their differences
(target: the same, within :data:`AGREEMENT_TOLERANCE` and :data:`UTILITY_TOLERANCE`).

With ``--whole-weights`` the weights are whole numbers from 1 to 10, as many published domains
give them: then many outcomes are worth the same to a side, and which of them a side offers
(bargain: the first in ``itertools.product``'s order; NegMAS: the order of numpy's sort) changes
the games; the default real weights leave no ties, so that both play the same games.

**A large scenario.** 5 issues with 10 values (100,000 outcomes, above ``utility.PRESORTED``):
the time of the first game (which builds the half tables) apart from the games per second of the
next ones; the bench checks that no side's outcomes were enumerated and that every offer is the
one a scan of all outcomes finds, and times one offer found by that scan against one found by the
half tables.

Run: .venv/bin/python bench/simulate.py [--games N] [--repeat R] [--large-games N]
[--with-negmas] [--whole-weights] [--profile] [--json PATH]
"""

from __future__ import annotations

import argparse
import bisect
import cProfile
import gc
import io
import itertools
import json
import pstats
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from figures import Figures, add_json_option

from bargain import Agreement, load_agreement
from bargain.domain.clauses import OtherClause
from bargain.domain.parties import Side
from bargain.simulation import Game, GameRecord, Scenario, play
from bargain.simulation.scenario import CaseData, Deadline, IssueSpec, Preference, SideBrief
from bargain.simulation.utility import PRESORTED, Additive, Outcome

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
EXAMPLE = ROOT / "examples" / "bengbu-delivery-sector-agreement.yaml"
NEGMAS_VENV = ROOT / "build" / "bench-negmas-venv"
NEGMAS_VERSION = "0.16.0"
"""The NegMAS release this bench was written and checked against."""
UNION, EMPLOYER = "boulware", "conceder"
EXPONENTS = {"boulware": 4.0, "conceder": 0.25}
"""The strategies' exponents (bargain.simulation.strategies), given to NegMAS's negotiators."""
AGREEMENT_TOLERANCE = 0.02
"""Bargain's and NegMAS's agreement rates may differ by this much (share of games)."""
UTILITY_TOLERANCE = 0.01
"""... and their mean agreed utilities by this much."""
TARGET_RATIO = 50
"""Bargain's games per second over NegMAS's (issue 13)."""
LARGE_SEED = 10_000


# --- the games --------------------------------------------------------------------------------


def table_agreement(issues: int) -> Agreement:
    """The Bengbu sector agreement with one OTHER clause (其他) per issue, to carry its value."""
    base = load_agreement(EXAMPLE)
    extra = [
        OtherClause(id=f"bench-issue-{n}", heading=f"议题{n + 1}", text=f"议题{n + 1}：方案1")
        for n in range(issues)
    ]
    return base.changed(clauses=(*base.clauses, *extra))


def scenario(seed: int, issues: int, values: int, rounds: int, *, whole: bool = False) -> Scenario:
    """A synthetic scenario: its weights and reservation values drawn with ``seed``; ``whole``:
    weights from 1 to 10, so that many outcomes tie (a side values them the same)."""
    rng = random.Random(seed)
    keys = [f"issue_{n}" for n in range(issues)]

    def weight() -> Decimal:
        return Decimal(rng.randint(1, 10)) if whole else Decimal(repr(rng.uniform(0.05, 1.0)))

    def brief(prefers: str) -> SideBrief:
        return SideBrief.model_validate(
            {
                "weights": {key: weight() for key in keys},
                "preferences": {key: Preference(prefers=prefers) for key in keys},
                "reservation": Decimal(rng.randint(0, 60)) / 100,
            }
        )

    return Scenario(
        id=f"bench-{issues}x{values}",
        title=f"合成情景：{issues}个议题，每个{values}个取值",
        title_en=f"synthetic: {issues} issues of {values} values",
        description="基准测试用的合成情景。",
        agreement="generated",
        case=CaseData(workers=100, orders_per_day=20, revenue_per_order=5, margin=10),
        issues=tuple(
            IssueSpec(
                id=key,
                name=f"议题{n + 1}",
                clause=f"bench-issue-{n}",
                field="text",
                values=tuple(f"议题{n + 1}：方案{v + 1}" for v in range(values)),
            )
            for n, key in enumerate(keys)
        ),
        union=brief("higher"),
        employer=brief("lower"),
        deadline=Deadline(rounds=rounds),
    )


def games(
    count: int, issues: int, values: int, rounds: int, agreement: Agreement, *, whole: bool = False
) -> list[Game]:
    """``count`` games of different weights and reservations (seeds 0 to count - 1)."""
    return [
        Game(scenario(seed, issues, values, rounds, whole=whole), agreement)
        for seed in range(count)
    ]


def play_all(batch: Sequence[Game]) -> list[GameRecord]:
    return [play(game, UNION, EMPLOYER) for game in batch]


def timed(run: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds ``run`` took (the garbage collector paused, as ``timeit`` does) and its result."""
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        result = run()
        return time.perf_counter() - start, result
    finally:
        gc.enable()


# --- what the games agreed ----------------------------------------------------------------------


def summary(deals: Sequence[Outcome | None], batch: Sequence[Game]) -> dict[str, float]:
    """The agreement rate and the mean utility of the deals to each side."""
    agreed = [(game, deal) for game, deal in zip(batch, deals, strict=True) if deal is not None]
    mean = statistics.fmean
    return {
        "agreement_rate": len(agreed) / len(batch),
        "union_utility": mean(g.utility(Side.UNION, d) for g, d in agreed) if agreed else 0.0,
        "employer_utility": mean(g.utility(Side.EMPLOYER, d) for g, d in agreed) if agreed else 0.0,
    }


def negmas_deals(records: Sequence[dict[str, Any]]) -> list[Outcome | None]:
    return [None if r["deal"] is None else tuple(r["deal"]) for r in records]


def same_share(ours: Sequence[Outcome | None], theirs: Sequence[Outcome | None]) -> float:
    return sum(a == b for a, b in zip(ours, theirs, strict=True)) / len(ours)


# --- NegMAS, in its own environment -------------------------------------------------------------


def negmas_python(venv: Path) -> Path:
    """The Python of the bench's NegMAS environment, made and filled on first use."""
    python = venv / "bin" / "python"
    if not python.exists():
        print(f"making {venv} for NegMAS (AGPL: never in the project's environment)")
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    found = subprocess.run(
        [str(python), "-I", "-c", "import negmas; print(negmas.__version__)"],
        capture_output=True,
        text=True,
        check=False,
    )
    if found.stdout.strip() != NEGMAS_VERSION:
        print(f"installing negmas=={NEGMAS_VERSION} into {venv}")
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", f"negmas=={NEGMAS_VERSION}"],
            check=True,
        )
    return python


def as_negmas(game: Game) -> dict[str, Any]:
    """A game as simulate_negmas.py reads it: each side's per-issue tables, exactly."""
    return {
        "union": [list(t) for t in game.utilities[Side.UNION].tables],
        "employer": [list(t) for t in game.utilities[Side.EMPLOYER].tables],
        "reservations": [game.reservations[Side.UNION], game.reservations[Side.EMPLOYER]],
        "exponents": [EXPONENTS[UNION], EXPONENTS[EMPLOYER]],
    }


def run_negmas(python: Path, spec: dict[str, Any]) -> dict[str, Any]:
    """Run simulate_negmas.py with NegMAS's Python on ``spec``; what it measured."""
    with tempfile.TemporaryDirectory() as folder:
        games_path, result_path = Path(folder) / "games.json", Path(folder) / "result.json"
        games_path.write_text(json.dumps(spec), encoding="utf-8")
        script = HERE / "simulate_negmas.py"
        subprocess.run(
            [str(python), "-I", str(script), str(games_path), str(result_path)], check=True
        )
        result: dict[str, Any] = json.loads(result_path.read_text(encoding="utf-8"))
    return result


# --- the large scenario -------------------------------------------------------------------------


def check_large(game: Game, record: GameRecord) -> int:
    """Check the first large game: no side's outcomes enumerated, every offer the one a scan of
    all outcomes finds; the number of offers checked."""
    for side in Side:
        utility = game.utilities[side]
        if utility._sorted is not None or utility._halves is None:
            raise AssertionError(f"{side.value}: the outcomes were enumerated, not halved")
    scans = {
        side: sorted(map(game.utilities[side], game.utilities[side].outcomes())) for side in Side
    }
    floors = {s: max(game.reservations[s], game.utilities[s].min) for s in Side}
    spec = {Side.UNION: UNION, Side.EMPLOYER: EMPLOYER}
    for move in record.moves:
        utility, values = game.utilities[move.side], scans[move.side]
        t = (move.round - 1) / (record.rounds - 1)
        # The target of bargain's time-based strategies (strategies.py), recomputed.
        top, floor = utility.max, floors[move.side]
        target = floor + (top - floor) * (1.0 - t ** EXPONENTS[spec[move.side]])
        at = bisect.bisect_left(values, target)
        expected = values[min(at, len(values) - 1)]
        if utility(move.outcome) != expected:
            raise AssertionError(
                f"round {move.round}: offered {utility(move.outcome)!r}, a scan finds {expected!r}"
            )
    return len(record.moves)


def scan_at_least(utility: Additive, target: float) -> Outcome:
    """The outcome of lowest value at or above ``target``, by scanning them all (the baseline)."""
    best: tuple[float, Outcome] | None = None
    for outcome in itertools.product(*map(range, utility.sizes)):
        value = utility(outcome)
        if value >= target and (best is None or (value, outcome) < best):
            best = (value, outcome)
    return best[1] if best is not None else utility.best


# --- the bench ----------------------------------------------------------------------------------


def negmas_spec(
    batch: Sequence[Game], rounds: int, large: Game | None, count: int
) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "rounds": rounds,
        "games": [as_negmas(game) for game in batch],
        "runs": ["matched-first", "matched-again", "stock-first"],
    }
    if large is not None:
        spec["large"] = {"game": as_negmas(large), "count": count}
    return spec


def print_table(rows: list[tuple[str, str, str, str]]) -> None:
    for label, ours, theirs, compared in rows:
        print(f"  {label:38}{ours:>12}{theirs:>16}  {compared}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--games", type=int, default=200, help="games of 5x5 (default 200)")
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3, help="runs, the best kept (default 3)")
    parser.add_argument("--large-games", type=int, default=20, help="games of 5x10 after the first")
    parser.add_argument(
        "--with-negmas", action="store_true", help="run NegMAS too, in its own venv"
    )
    parser.add_argument("--negmas-venv", type=Path, default=NEGMAS_VENV, help=argparse.SUPPRESS)
    parser.add_argument(
        "--whole-weights",
        action="store_true",
        help="weights from 1 to 10, so that many outcomes tie (default: any real number)",
    )
    parser.add_argument("--profile", action="store_true", help="profile bargain's games")
    add_json_option(parser)
    options = parser.parse_args()
    count, rounds, repeat, large_count = (
        options.games,
        options.rounds,
        options.repeat,
        options.large_games,
    )

    agreement = table_agreement(5)
    python = negmas_python(options.negmas_venv) if options.with_negmas else None
    large = Game(scenario(LARGE_SEED, 5, 10, rounds), agreement)
    play(Game(scenario(-1, 5, 5, rounds), agreement), UNION, EMPLOYER)  # imports, caches
    first_times: list[float] = []
    again_times: list[float] = []
    negmas_times: dict[str, list[float]] = {}
    negmas_found: dict[str, list[Outcome | None]] = {}
    negmas_large: dict[str, Any] = {}
    batch: list[Game] = []
    records: list[GameRecord] = []
    version = ""
    for run in range(repeat):  # bargain and NegMAS in turn, so that both see the same machine
        batch = games(count, 5, 5, rounds, agreement, whole=options.whole_weights)
        seconds, records = timed(lambda batch=batch: play_all(batch))
        first_times.append(seconds)
        again_times.append(timed(lambda batch=batch: play_all(batch))[0])
        if python is not None:
            spec = negmas_spec(batch, rounds, large if run == 0 else None, large_count)
            result = run_negmas(python, spec)
            version = result["negmas"]
            for name, measured in result["runs"].items():
                negmas_times.setdefault(name, []).append(measured["seconds"])
                negmas_found[name] = negmas_deals(measured["games"])
            negmas_large = result.get("large", negmas_large)
    deals = [r.deal for r in records]
    ours = summary(deals, batch)
    first, again = count / min(first_times), count / min(again_times)
    negmas = {name: count / min(times) for name, times in negmas_times.items()}

    settings = {
        "games": count,
        "issues": 5,
        "values": 5,
        "rounds": rounds,
        "repeat": repeat,
        "large_values": 10,
        "large_games": large_count,
        "whole_weights": options.whole_weights,
        "with_negmas": python is not None,
        "negmas": version or None,
    }
    figures = Figures("simulate", settings)
    name = f"5 issues x 5 values, {rounds} rounds, {UNION} (union) against {EMPLOYER} (employer)"
    kind = "whole weights from 1 to 10" if options.whole_weights else "real weights"
    print(f"{count} games of {name}; {kind} and reservations vary by game; best of {repeat} runs")
    print_table([("", "bargain", f"NegMAS {version}" if python else "", "")])
    rows = []
    for key, label, rate in (
        ("first", "first play (sorts the outcomes)", first),
        ("again", "played again (outcomes sorted)", again),
    ):
        measured = figures.measurement(f"{name}, {label}", "games/s")
        measured.rates["bargain"] = rate
        theirs = negmas.get(f"matched-{key}")
        if theirs is not None:
            measured.baseline["negmas"] = theirs
            measured.ratios["bargain_over_negmas"] = rate / theirs
            measured.target("bargain_over_negmas", at_least=TARGET_RATIO)
        rows.append(
            (
                f"{label}, games/s",
                f"{rate:.1f}",
                "" if theirs is None else f"{theirs:.1f}",
                "" if theirs is None else f"{rate / theirs:.1f}x (target >= {TARGET_RATIO}x)",
            )
        )
    agreed = figures.measurement(f"{name}, what the games agreed", "share of games; utility")
    agreed.rates.update(ours)
    matched = summary(negmas_found["matched-first"], batch) if python else None
    for key, label in (
        ("agreement_rate", "agreement rate"),
        ("union_utility", "mean union utility of the deals"),
        ("employer_utility", "mean employer utility of the deals"),
    ):
        difference = None if matched is None else ours[key] - matched[key]
        rows.append(
            (
                label,
                f"{ours[key]:.4f}",
                "" if matched is None else f"{matched[key]:.4f}",
                "" if difference is None else f"difference {difference:+.4f}",
            )
        )
        if matched is not None and difference is not None:
            tolerance = AGREEMENT_TOLERANCE if key == "agreement_rate" else UTILITY_TOLERANCE
            agreed.baseline[f"negmas_{key}"] = matched[key]
            agreed.differences[key] = difference
            agreed.target(key, at_least=-tolerance, at_most=tolerance)
    print_table(rows)
    if matched is not None:
        same = same_share(deals, negmas_found["matched-first"])
        stock = summary(negmas_found["stock-first"], batch)
        stock_same = same_share(deals, negmas_found["stock-first"])
        agreed.baseline["negmas_same_deal"] = same
        agreed.baseline.update({f"negmas_stock_{key}": value for key, value in stock.items()})
        agreed.baseline["negmas_stock_same_deal"] = stock_same
        print(f"  the same deal in both: {same:.1%} of the games")
        print(
            f"  NegMAS's stock Boulware and conceder negotiators (its own clock and tolerance): "
            f"{negmas['stock-first']:.1f} games/s, agreement rate {stock['agreement_rate']:.4f}, "
            f"mean utilities {stock['union_utility']:.4f} and {stock['employer_utility']:.4f}, "
            f"the same deal in {stock_same:.1%}"
        )

    # The large scenario: the first game apart, every offer checked against a scan.
    size = large.utilities[Side.UNION].size
    first_large, record = timed(lambda: play(large, UNION, EMPLOYER))
    checked = check_large(large, record)
    large_times = [
        timed(lambda: [play(large, UNION, EMPLOYER) for _ in range(large_count)])[0]
        for _ in range(repeat)
    ]
    large_rate = large_count / min(large_times)
    utility = large.utilities[Side.UNION]
    spread = utility.max - utility.min
    targets = [utility.min + spread * k / 4 for k in (1, 2, 3)]
    scanned = min(
        timed(lambda: [scan_at_least(utility, x) for x in targets])[0] for _ in range(repeat)
    )
    halved = min(
        timed(lambda: [utility.at_least(x) for x in targets * 100])[0] for _ in range(repeat)
    )
    scan, halves = scanned / len(targets), halved / (100 * len(targets))
    big = f"5 issues x 10 values ({size:,} outcomes), {rounds} rounds, {UNION} against {EMPLOYER}"
    print(f"\nOne game of {big}: above PRESORTED = {PRESORTED:,}, searched by half tables")
    measured = figures.measurement(big, "games/s")
    measured.rates.update(bargain=large_rate, bargain_first_game_ms=first_large * 1000)
    rows = [
        ("first game (builds the tables), ms", f"{first_large * 1000:.1f}", "", ""),
        ("next games, games/s", f"{large_rate:.1f}", "", ""),
    ]
    if negmas_large:
        their_first = negmas_large["first"]
        their_rate = negmas_large["count"] / negmas_large["seconds"]
        measured.baseline.update(negmas=their_rate, negmas_first_game_ms=their_first * 1000)
        measured.ratios.update(
            bargain_over_negmas=large_rate / their_rate, first_game=their_first / first_large
        )
        their_deal = negmas_large["game"]["deal"]
        same_large = (None if their_deal is None else tuple(their_deal)) == record.deal
        rows = [
            (
                rows[0][0],
                rows[0][1],
                f"{their_first * 1000:.1f}",
                f"{their_first / first_large:.1f}x",
            ),
            (rows[1][0], rows[1][1], f"{their_rate:.1f}", f"{large_rate / their_rate:.1f}x"),
        ]
        rows.append(("the same deal in both", "", "", "yes" if same_large else "no"))
    print_table(rows)
    print(
        f"  no side's outcomes were enumerated; each of the first game's {checked} offers is the"
        f" one a scan of all {size:,} outcomes finds"
    )
    print(
        f"  one offer: scanning every outcome {scan * 1000:.1f} ms, the half tables"
        f" {halves * 1e6:.1f} us ({scan / halves:,.0f}x)"
    )
    offer = figures.measurement(f"one offer among {size:,} outcomes", "offers/s")
    offer.baseline["scan_every_outcome"] = 1 / scan
    offer.rates["half_tables"] = 1 / halves
    offer.ratios["half_tables_over_scan"] = scan / halves
    figures.write(options.json)

    if options.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        play_all(games(count, 5, 5, rounds, agreement))
        play_all(batch)
        profiler.disable()
        text = io.StringIO()
        pstats.Stats(profiler, stream=text).sort_stats("tottime").print_stats(20)
        print(text.getvalue())


if __name__ == "__main__":
    main()
