"""The protocol: alternating offers, the union side opening, one meeting per round.

Round 1 is the first meeting: the union side, which sent the written offer (要约), makes the first
offer (集体合同规定 Arts 32-34) and the employer side answers it. If it accepts, that is the deal;
if not, round 2 is the next meeting, where the employer side makes its counter-offer (还价) and the
union side answers; and so on. The chiefs chair the meetings in turn (轮流主持), the side that offers
chairing. Reaching the deadline without a deal is an impasse (协商未果): the sides fall back on
their best alternatives, worth their reservation values.

Each move records the outcome offered; :meth:`GameRecord.offer` gives it as the very
:class:`~bargain.domain.negotiation.Offer` a side makes in a real negotiation (built on demand, so
that a tournament of thousands of games does not build offers nobody reads).
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from bargain.domain.negotiation import Offer
from bargain.domain.parties import Side
from bargain.simulation.game import Game
from bargain.simulation.strategies import Strategy, View, make
from bargain.simulation.utility import Outcome

__all__ = ["GameRecord", "Move", "play", "record_from_json", "run", "view"]


@dataclass(frozen=True)
class Move:
    """One round: a meeting, an offer and the answer to it."""

    round: int
    """The round (meeting) number, from 1."""
    side: Side
    """The side that offered (and chaired the meeting)."""
    outcome: Outcome
    """The outcome offered."""
    utilities: tuple[float, float]
    """What it is worth to the union side and to the employer side."""
    accepted: bool
    """Whether the other side accepted it."""

    @property
    def chair(self) -> Side:
        """The side whose chief chaired the meeting (the chiefs take turns, Art 33)."""
        return self.side


@dataclass(frozen=True)
class GameRecord:
    """What happened in one game."""

    scenario: str
    """The scenario's id."""
    union: str
    """The union side's strategy (or ``human``)."""
    employer: str
    """The employer side's strategy (or ``human``)."""
    seed: int
    """The seed the game ran with."""
    rounds: int
    """The rounds it could last."""
    moves: tuple[Move, ...]
    """Each round, in order."""
    game: Game = field(repr=False, compare=False)
    """The game it was played in."""

    @property
    def deal(self) -> Outcome | None:
        """The outcome agreed, or ``None`` (an impasse)."""
        last = self.moves[-1] if self.moves else None
        return last.outcome if last is not None and last.accepted else None

    @property
    def agreed_in(self) -> int | None:
        """The round of agreement."""
        return self.moves[-1].round if self.deal is not None else None

    def offer(self, move: Move) -> Offer:
        """The move's offer, as a real negotiation records it."""
        return self.game.offer(move.side, move.outcome)

    def as_json(self) -> dict[str, Any]:
        """The record as JSON-ready data (:func:`record_from_json` reads it back)."""
        return {
            "scenario": self.scenario,
            "union": self.union,
            "employer": self.employer,
            "seed": self.seed,
            "rounds": self.rounds,
            "moves": [
                {
                    "round": m.round,
                    "side": m.side.value,
                    "outcome": list(m.outcome),
                    "values": {
                        issue.id: str(issue.options[i])
                        for issue, i in zip(self.game.issues, m.outcome, strict=True)
                    },
                    "utilities": list(m.utilities),
                    "accepted": m.accepted,
                }
                for m in self.moves
            ],
        }


def record_from_json(data: Mapping[str, Any], game: Game) -> GameRecord:
    """A record written by :meth:`GameRecord.as_json`, replayed against ``game`` (the
    utilities are computed again from the scenario, not read).

    Raises:
        ValueError: the record is not of this game's scenario, or a move does not fit it.
    """
    if data.get("scenario") != game.scenario.id:
        raise ValueError(
            f"the record is of scenario {data.get('scenario')!r}, not {game.scenario.id!r}"
        )
    moves = []
    sizes = game.utilities[Side.UNION].sizes
    for number, item in enumerate(data["moves"]):
        outcome = tuple(int(i) for i in item["outcome"])
        if len(outcome) != len(sizes) or any(
            not 0 <= v < n for v, n in zip(outcome, sizes, strict=True)
        ):
            raise ValueError(f"moves[{number}].outcome does not fit the scenario's issues")
        moves.append(
            Move(
                int(item["round"]),
                Side(item["side"]),
                outcome,
                (game.utility(Side.UNION, outcome), game.utility(Side.EMPLOYER, outcome)),
                bool(item["accepted"]),
            )
        )
    return GameRecord(
        game.scenario.id,
        str(data["union"]),
        str(data["employer"]),
        int(data.get("seed", 0)),
        int(data["rounds"]),
        tuple(moves),
        game,
    )


def view(game: Game, side: Side, rounds: int, *, costs: bool = False) -> View:
    """What ``side`` knows in ``game`` (``costs``: with the employer's costs, which costing
    prices once per game)."""
    employer = side is Side.EMPLOYER and costs
    return View(
        side=side,
        utility=game.utilities[side],
        reservation=game.reservations[side],
        rounds=rounds,
        costs=game.costs if employer else None,
        affordable=game.affordable if employer else None,
    )


def _time(number: int, rounds: int) -> float:
    return (number - 1) / (rounds - 1) if rounds > 1 else 1.0


def run(
    game: Game,
    union: Strategy,
    employer: Strategy,
    *,
    rounds: int,
    names: tuple[str, str] = ("union", "employer"),
    seed: int = 0,
) -> GameRecord:
    """Play ``union`` against ``employer`` for at most ``rounds`` rounds."""
    utilities = (game.utilities[Side.UNION], game.utilities[Side.EMPLOYER])
    moves: list[Move] = []
    for number in range(1, rounds + 1):
        t = _time(number, rounds)
        proposer, responder, side = (
            (union, employer, Side.UNION) if number % 2 else (employer, union, Side.EMPLOYER)
        )
        outcome = proposer.propose(t)
        accepted = responder.respond(outcome, t)
        moves.append(
            Move(number, side, outcome, (utilities[0](outcome), utilities[1](outcome)), accepted)
        )
        if accepted:
            break
    return GameRecord(game.scenario.id, names[0], names[1], seed, rounds, tuple(moves), game)


def play(
    game: Game,
    union: str,
    employer: str,
    *,
    seed: int = 0,
    rounds: int | None = None,
) -> GameRecord:
    """Play two named strategies (:mod:`bargain.simulation.strategies`) with ``seed``.

    Raises:
        UnknownStrategy: a name is unknown, or cannot play its side.
    """
    limit = rounds or game.scenario.deadline.round_limit
    sides = {}
    for side, spec in ((Side.UNION, union), (Side.EMPLOYER, employer)):
        rng = random.Random(f"{seed}:{side.value}")
        needs_costs = spec.partition(":")[0] == "costing"
        sides[side] = make(spec, view(game, side, limit, costs=needs_costs), rng)
    return run(
        game,
        sides[Side.UNION],
        sides[Side.EMPLOYER],
        rounds=limit,
        names=(union, employer),
        seed=seed,
    )
