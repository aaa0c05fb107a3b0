"""The NegMAS side of bench/simulate.py: the same games in NegMAS's SAO mechanism.

NegMAS is AGPL: this script never imports bargain, and bargain never imports NegMAS. It runs only
in the bench's own virtual environment (``simulate.py --with-negmas`` makes it), with that
environment's Python, and talks to simulate.py through two JSON files: the games in (each side's
per-issue utility tables, the reservation values and the concession exponents), what happened
and how long it took out.

Each game: one outcome space of integer issues (the value indices), one
``LinearAdditiveUtilityFunction`` per side with weight 1 and bargain's own per-issue table as the
value function (so a utility is the same floating-point sum, in the same order, as bargain's), the
side's reservation value as the ufun's reserved value. The mechanism: ``SAOMechanism`` with
``one_offer_per_step=True`` (a step is one negotiator's answer to the standing offer and, if it
rejects, its own offer), the union side added first so that it opens, and ``n_steps = rounds + 1``
so that the last of ``rounds`` offers is answered. Two configurations:

``stock``
    NegMAS's own ``BoulwareTBNegotiator`` (exponent 4) and ``ConcederTBNegotiator`` (0.25), as
    shipped: NegMAS's time ``(step + 1) / (n_steps + 1)``, its 0.0001 tolerance below the target.
``matched``
    The same negotiators' base class, ``TimeBasedConcedingNegotiator``, with bargain's exponents,
    a zero tolerance, and concession curves (NegMAS's ``Aspiration`` protocol) that read NegMAS's
    step back from its relative time and give bargain's time ``(round - 1) / (rounds - 1)``: the
    offering curve the round of the offer being made, the accepting curve the round of the offer
    being answered. Everything else (the target ``floor + (top - floor)(1 - t^e)`` with the floor
    the higher of the reservation value and the worst utility, the offer chosen by NegMAS's
    presorting inverter's ``worst_in``, acceptance ``u >= target``) is NegMAS's own code.

What remains different: NegMAS's presorting inverter (``worst_in``) takes the outcome nearest the
target within 1e-6 below it when that one is nearer than the lowest at or above it (bargain never
offers below its target), and it breaks ties between outcomes of the same utility in the order of
numpy's sort, where bargain takes the first in ``itertools.product``'s order.

Each negotiator builds its inverse (NegMAS sorts the outcomes by utility) at the start of each
negotiation, as NegMAS does by default: the ``first`` runs. In the ``again`` runs, each ufun's
inverse is built once (in an untimed pass) and handed to every negotiation through NegMAS's
``ufun_inverter`` option, as bargain keeps its sorted outcomes with the game.

Run by simulate.py: ``PYTHON bench/simulate_negmas.py GAMES.json RESULT.json``.
"""

from __future__ import annotations

import gc
import json
import sys
import time
from pathlib import Path
from typing import Any

import negmas
from negmas import SAOMechanism, make_issue
from negmas.negotiators.helpers import Aspiration
from negmas.preferences import DefaultInverseUtilityFunction, LinearAdditiveUtilityFunction
from negmas.sao.negotiators import (
    BoulwareTBNegotiator,
    ConcederTBNegotiator,
    TimeBasedConcedingNegotiator,
)


class RoundCurve(Aspiration):
    """bargain's concession curve on bargain's clock, read from NegMAS's relative time.

    NegMAS gives the curve ``(step + 1) / (n_steps + 1)``; ``lag`` says which round the step
    answers or offers: the offer made at step ``s`` is round ``s + 1`` (lag 0), the one answered
    at step ``s`` is round ``s`` (lag 1).
    """

    def __init__(self, exponent: float, rounds: int, n_steps: int, lag: int) -> None:
        self.exponent = exponent
        self.rounds = rounds
        self.n_steps = n_steps
        self.lag = lag

    def utility_at(self, t: float) -> float:
        step = round(t * (self.n_steps + 1)) - 1
        number = min(max(step + 1 - self.lag, 1), self.rounds)
        ours = (number - 1) / (self.rounds - 1) if self.rounds > 1 else 1.0
        return 1.0 - ours**self.exponent


def ufun(tables: list[list[float]], reservation: float) -> Any:
    issues = [make_issue(len(table), name=f"i{n}") for n, table in enumerate(tables)]
    return LinearAdditiveUtilityFunction(
        values=[dict(enumerate(table)) for table in tables],
        weights=[1.0] * len(tables),
        issues=issues,
        reserved_value=reservation,
    )


def negotiator(config: str, exponent: float, rounds: int, inverter: Any) -> Any:
    """A NegMAS negotiator for one side (``inverter``: NegMAS's ``ufun_inverter`` factory)."""
    n_steps = rounds + 1
    if config == "stock":
        kind = BoulwareTBNegotiator if exponent == 4.0 else ConcederTBNegotiator
        return kind(ufun_inverter=inverter)
    return TimeBasedConcedingNegotiator(
        offering_curve=RoundCurve(exponent, rounds, n_steps, lag=0),
        accepting_curve=RoundCurve(exponent, rounds, n_steps, lag=1),
        stochastic=False,
        eps=0.0,
        ufun_inverter=inverter,
    )


def fresh(utility: Any) -> Any:
    """NegMAS's default inverse (what a negotiator builds when given none), built anew."""
    return DefaultInverseUtilityFunction(utility, rational_only=True)


class Kept:
    """The same inverse, built once per ufun and handed to every negotiation of that ufun."""

    def __init__(self) -> None:
        self.built: dict[int, Any] = {}

    def __call__(self, utility: Any) -> Any:
        inverse = self.built.get(id(utility))
        if inverse is None:
            inverse = self.built[id(utility)] = fresh(utility)
        return inverse


def play(
    config: str, game: dict[str, Any], ufuns: tuple[Any, Any], rounds: int, inverter: Any
) -> dict[str, Any]:
    """One game: the union side opens; ``rounds`` offers, each answered."""
    mechanism = SAOMechanism(
        outcome_space=ufuns[0].outcome_space, n_steps=rounds + 1, one_offer_per_step=True
    )
    for side, utility in enumerate(ufuns):
        exponent = game["exponents"][side]
        mechanism.add(negotiator(config, exponent, rounds, inverter), ufun=utility)
    state = mechanism.run()
    deal = state.agreement
    return {"deal": None if deal is None else [int(v) for v in deal], "steps": int(state.step)}


def ufuns(games: list[dict[str, Any]]) -> list[tuple[Any, Any]]:
    return [
        (ufun(g["union"], g["reservations"][0]), ufun(g["employer"], g["reservations"][1]))
        for g in games
    ]


def timed(run: Any) -> tuple[float, Any]:
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        result = run()
        return time.perf_counter() - start, result
    finally:
        gc.enable()


def main() -> None:
    games_path, result_path = Path(sys.argv[1]), Path(sys.argv[2])
    spec = json.loads(games_path.read_text(encoding="utf-8"))
    rounds = int(spec["rounds"])
    games = spec["games"]
    result: dict[str, Any] = {"negmas": negmas.__version__, "runs": {}}
    warm_up = ufuns(games[:1])[0]  # the first negotiation in a process pays for imports
    play("matched", games[0], warm_up, rounds, fresh)
    play("stock", games[0], warm_up, rounds, fresh)
    for name in spec["runs"]:
        config, _, when = name.partition("-")
        pairs = ufuns(games)  # built outside the timing, as bargain's games are
        inverter: Any = fresh
        if when == "again":
            inverter = Kept()
            for game, pair in zip(games, pairs, strict=True):
                play(config, game, pair, rounds, inverter)
        seconds, records = timed(
            lambda c=config, p=pairs, i=inverter: [
                play(c, g, u, rounds, i) for g, u in zip(games, p, strict=True)
            ]
        )
        result["runs"][name] = {"seconds": seconds, "games": records}
    large = spec.get("large")
    if large:
        # As bargain: the first game builds each side's inverse, the next ones reuse it.
        (pair,) = ufuns([large["game"]])
        kept = Kept()
        first, record = timed(lambda: play("matched", large["game"], pair, rounds, kept))
        count = int(large["count"])
        seconds, _ = timed(
            lambda: [play("matched", large["game"], pair, rounds, kept) for _ in range(count)]
        )
        result["large"] = {"first": first, "seconds": seconds, "count": count, "game": record}
    result_path.write_text(json.dumps(result, allow_nan=False), encoding="utf-8")


if __name__ == "__main__":
    main()
