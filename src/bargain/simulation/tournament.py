"""Tournaments: every strategy against every other, on both sides of the table, repeated.

A round robin with roles swapped: each ordered pair of strategies is a pairing, the first playing
the union side and the second the employer side, so A against B and B against A are two pairings
and each strategy also plays itself; ``costing`` plays the employer side only. Every pairing plays
``repeat`` times; repetition ``r`` runs with seed ``seed + r`` in every pairing, so that all
strategies meet the same luck (the strategies hash the seed with the side, so neighbouring seeds
are unrelated draws). Any game can be replayed alone: ``bargain simulate`` with its pairing and
seed.

Games run in this process (``jobs=1``) or in ``jobs`` worker processes
(:class:`~concurrent.futures.ProcessPoolExecutor`). A worker is one long task: it builds the game
once from the scenario and takes games off a shared queue until none is left, so the game is read
once per worker and no module keeps state. A game's result depends only on its pairing and seed
and the rows are put back in the order of the games, so the results are the same whatever
``jobs``.

The results (:mod:`~bargain.simulation.tournament_results`, whose names this module re-exports)
are one :class:`GameRow` per game and one :class:`StrategySummary` per strategy;
:func:`write_tables` writes them as JSON and CSV.

>>> from bargain.simulation import load_game
>>> result = tournament(load_game("bengbu-delivery"), ["linear", "hardliner"], rounds=6)
>>> [(row.union, row.employer, row.agreed_in) for row in result.games]
[('linear', 'linear', 5), ('linear', 'hardliner', None), ('hardliner', 'linear', None), ('hardliner', 'hardliner', None)]
>>> [(item.strategy, item.games) for item in result.summary]
[('linear', 4), ('hardliner', 4)]
"""

from __future__ import annotations

import queue
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bargain.domain.agreement import Agreement
from bargain.domain.costing import WorkforceProfile
from bargain.domain.language import Bilingual, Lang
from bargain.domain.parties import Side
from bargain.errors import InvalidDocument, Problem
from bargain.simulation.game import Game
from bargain.simulation.protocol import play
from bargain.simulation.scenario import Scenario
from bargain.simulation.scoring import score
from bargain.simulation.strategies import UnknownStrategy, check
from bargain.simulation.tournament_results import (
    GameRow,
    StrategySummary,
    TournamentResult,
    summarise,
    write_tables,
)

if TYPE_CHECKING:
    from concurrent.futures import Future

__all__ = [
    "Fixture",
    "GameRow",
    "ProgressCallback",
    "StrategySummary",
    "TournamentResult",
    "fixtures",
    "lineup",
    "summarise",
    "tournament",
    "write_tables",
]

ProgressCallback = Callable[[int, int], None]
"""Called with the games done and the games in all, after each game."""


@dataclass(frozen=True)
class Fixture:
    """One game of a tournament, before it is played."""

    index: int
    """Its place in the tournament, from 0."""
    union: str
    """The strategy playing the union side."""
    employer: str
    """The strategy playing the employer side."""
    repetition: int
    """The repetition, from 0."""
    seed: int
    """The seed it plays with."""


def lineup(strategies: Sequence[str]) -> tuple[str, ...]:
    """The strategies of a tournament, checked: known names, each once, one at least able to
    play the union side.

    Raises:
        UnknownStrategy: a name is unknown or has a bad parameter (the message lists the names).
        InvalidDocument: the list is empty, names a strategy twice or has no union player.
    """
    if not strategies:
        raise _problem("", Bilingual("至少一个策略", "at least one strategy"), None)
    seen: set[str] = set()
    for number, spec in enumerate(strategies):
        check(spec)
        if spec in seen:
            raise _problem(f"[{number}]", Bilingual("每个策略只列一次", "each strategy once"), spec)
        seen.add(spec)
    if not _union_players(strategies):
        raise _problem(
            "",
            Bilingual(
                "至少一个能代表职工方的策略（costing 只代表企业方）",
                "at least one strategy that plays the union side (costing plays the employer only)",
            ),
            ", ".join(strategies),
        )
    return tuple(strategies)


def _problem(path: str, expected: Bilingual, found: str | None) -> InvalidDocument:
    return InvalidDocument([Problem("strategies", path, expected, found)])


def _union_players(strategies: Sequence[str]) -> list[str]:
    players = []
    for spec in strategies:
        try:
            check(spec, Side.UNION)
        except UnknownStrategy:
            continue
        players.append(spec)
    return players


def fixtures(strategies: Sequence[str], *, repeat: int = 1, seed: int = 0) -> tuple[Fixture, ...]:
    """The games of a round robin with roles swapped, repetition by repetition.

    >>> [(f.union, f.employer, f.seed) for f in fixtures(["linear", "costing"], repeat=2, seed=5)]
    [('linear', 'linear', 5), ('linear', 'costing', 5), ('linear', 'linear', 6), ('linear', 'costing', 6)]
    """
    if repeat < 1:
        raise ValueError("a tournament repeats each pairing at least once")
    pairings = [(a, b) for a in _union_players(strategies) for b in strategies]
    games: list[Fixture] = []
    for repetition in range(repeat):
        for union, employer in pairings:
            games.append(Fixture(len(games), union, employer, repetition, seed + repetition))
    return tuple(games)


def _row(game: Game, fixture: Fixture, rounds: int) -> GameRow:
    record = play(game, fixture.union, fixture.employer, seed=fixture.seed, rounds=rounds)
    scored = score(record, Lang.EN)
    agreed = record.deal
    return GameRow(
        index=fixture.index,
        union=fixture.union,
        employer=fixture.employer,
        repetition=fixture.repetition,
        seed=fixture.seed,
        rounds=rounds,
        agreed=scored.agreed,
        legal=scored.legal,
        deal=scored.deal,
        agreed_in=scored.agreed_in,
        union_utility=scored.union.utility,
        union_advantage=scored.union.advantage,
        employer_utility=scored.employer.utility,
        employer_advantage=scored.employer.advantage,
        nash_product=scored.nash_product,
        pareto_distance=scored.pareto_distance,
        nash_distance=scored.nash_distance,
        cost_per_month=scored.cost_per_month,
        union_offers=scored.union.offers,
        union_illegal_offers=scored.union.illegal_offers,
        union_unaffordable_offers=scored.union.unaffordable_offers,
        employer_offers=scored.employer.offers,
        employer_illegal_offers=scored.employer.illegal_offers,
        employer_unaffordable_offers=scored.employer.unaffordable_offers,
        outcome=agreed,
        values=None
        if agreed is None
        else tuple(str(issue.options[i]) for issue, i in zip(game.issues, agreed, strict=True)),
    )


def tournament(
    game: Game,
    strategies: Sequence[str],
    *,
    repeat: int = 1,
    seed: int = 0,
    rounds: int | None = None,
    jobs: int = 1,
    progress: ProgressCallback | None = None,
) -> TournamentResult:
    """Play a round robin with roles swapped (see the module's docstring).

    ``rounds`` defaults to the scenario's deadline; ``jobs`` above 1 plays in that many worker
    processes; ``progress`` is called after each game with the games done and in all.

    Raises:
        UnknownStrategy: a strategy is unknown (see :func:`lineup`).
        InvalidDocument: the strategies are not a tournament's (see :func:`lineup`).
    """
    chosen = lineup(strategies)
    if jobs < 1:
        raise ValueError("a tournament needs at least one job")
    limit = rounds or game.scenario.deadline.round_limit
    todo = fixtures(chosen, repeat=repeat, seed=seed)
    report = progress or _silent
    if jobs == 1 or len(todo) == 1:
        rows = []
        for fixture in todo:
            rows.append(_row(game, fixture, limit))
            report(len(rows), len(todo))
    else:
        rows = _in_workers(game, todo, limit, min(jobs, len(todo)), report)
    return TournamentResult(
        scenario=game.scenario.id,
        issues=tuple(issue.id for issue in game.issues),
        strategies=chosen,
        repeat=repeat,
        seed=seed,
        rounds=limit,
        games=tuple(rows),
        summary=summarise(chosen, rows),
    )


def _silent(done: int, total: int) -> None:
    """No progress report."""


# --- worker processes ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Setup:
    """What a worker builds its game from (models pickle; a game's caches need not travel)."""

    scenario: Scenario
    agreement: Agreement
    profile: WorkforceProfile | None
    source: str
    rounds: int


def _ignore_interrupts() -> None:
    """Leave Ctrl-C to the main process, which stops the workers and reports it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _work(setup: _Setup, todo: queue.Queue[Fixture | None], done: queue.Queue[GameRow]) -> int:
    """A worker's one task: build the game once, then play games off ``todo`` until a ``None``."""
    game = Game(setup.scenario, setup.agreement, setup.profile, source=setup.source)
    played = 0
    while (fixture := todo.get()) is not None:
        done.put(_row(game, fixture, setup.rounds))
        played += 1
    return played


def _in_workers(
    game: Game, todo: Sequence[Fixture], rounds: int, jobs: int, report: ProgressCallback
) -> list[GameRow]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing.managers import SyncManager

    context = multiprocessing.get_context()
    setup = _Setup(game.scenario, game.agreement, game.profile, game.source, rounds)
    manager = SyncManager(ctx=context)
    manager.start(_ignore_interrupts)
    try:
        with _interrupts_deferred() as interrupted:
            waiting: queue.Queue[Fixture | None] = manager.Queue()
            done: queue.Queue[GameRow] = manager.Queue()
            for fixture in todo:
                waiting.put(fixture)
            for _ in range(jobs):
                waiting.put(None)
            rows: list[GameRow | None] = [None] * len(todo)
            with ProcessPoolExecutor(
                jobs, mp_context=context, initializer=_ignore_interrupts
            ) as pool:
                tasks = [pool.submit(_work, setup, waiting, done) for _ in range(jobs)]
                try:
                    for count in range(1, len(todo) + 1):
                        row = _next(done, tasks, interrupted)
                        rows[row.index] = row
                        report(count, len(todo))
                except BaseException:
                    _stop(waiting, jobs)
                    raise
    finally:
        manager.shutdown()
    return [row for row in rows if row is not None]


@contextmanager
def _interrupts_deferred() -> Iterator[threading.Event]:
    """Ctrl-C sets the event instead of raising where it lands.

    A KeyboardInterrupt raised inside a call to the manager's queues would leave the reply
    unread on the connection every proxy of this thread shares, and the calls that stop the
    workers would then read the wrong replies; :func:`_next` raises it between calls instead.
    Only the main thread, and only when Ctrl-C raises KeyboardInterrupt, is changed.
    """
    interrupted = threading.Event()
    if (
        threading.current_thread() is not threading.main_thread()
        or signal.getsignal(signal.SIGINT) is not signal.default_int_handler
    ):
        yield interrupted
        return

    def defer(number: int, frame: object) -> None:
        interrupted.set()

    signal.signal(signal.SIGINT, defer)
    try:
        yield interrupted
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    if interrupted.is_set():
        raise KeyboardInterrupt


def _next(
    done: queue.Queue[GameRow], tasks: Sequence[Future[int]], interrupted: threading.Event
) -> GameRow:
    """The next row a worker finished; a worker's error, or Ctrl-C, is raised here."""
    while True:
        if interrupted.is_set():
            raise KeyboardInterrupt
        try:
            return done.get(timeout=0.2)
        except queue.Empty:
            pass
        for task in tasks:
            error = task.exception() if task.done() else None
            if error is not None:
                raise error
        if all(task.done() for task in tasks) and done.empty():
            raise RuntimeError("the workers stopped before every game was played")


def _stop(waiting: queue.Queue[Fixture | None], jobs: int) -> None:
    """Take the games not yet started off the queue, so the workers stop after their game."""
    try:
        while True:
            waiting.get_nowait()
    except queue.Empty:
        pass
    for _ in range(jobs):
        waiting.put(None)
