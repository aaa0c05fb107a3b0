"""Scoring a game: utilities, advantage, the Nash point, the Pareto frontier, cost and the law.

For each side: its utility (what the deal is worth to it, or its reservation value without one)
and its advantage, ``(u - reservation) / (best - reservation)``: 0 at no deal, 1 at its best
outcome, negative below its reservation. For the deal: the Nash product (the product of both
sides' gains over their reservations), its distance to the Pareto frontier and to the Nash point,
the round of agreement and the employer's extra cost per month from costing.

The law judges the deal's text: a deal with an error finding scores as no deal (``legal`` false,
its findings kept). Every distinct offer is judged too: offers whose text breaks the law count
against the side that made them, and offers that cost the employer more than the case's company
can bear (its margin) are flagged.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from bargain.domain.language import Lang
from bargain.domain.parties import Side
from bargain.law.findings import Severity
from bargain.simulation.protocol import GameRecord
from bargain.simulation.utility import Outcome

__all__ = ["Flag", "GameScore", "SideScore", "score"]


@dataclass(frozen=True)
class Flag:
    """An offer the law or the company's means object to."""

    round: int
    """The round it was made in."""
    side: str
    """The side that made it."""
    kind: str
    """``illegal`` (the law finds an error in its text) or ``unaffordable`` (it costs more than
    the company can bear)."""
    detail: str
    """What is wrong (the rules broken, or the cost against what the company can bear)."""


@dataclass(frozen=True)
class SideScore:
    """One side's score in one game."""

    strategy: str
    """The strategy (or team) that played it."""
    utility: float
    """What the result is worth to it: the deal's utility, or its reservation value."""
    advantage: float
    """``(utility - reservation) / (best - reservation)``: 0 at no deal, 1 at its best."""
    reservation: float
    """Its reservation value."""
    offers: int
    """The offers it made."""
    illegal_offers: int
    """Its offers whose text the law finds an error in."""
    unaffordable_offers: int
    """Its offers that cost more than the company can bear."""


@dataclass(frozen=True)
class GameScore:
    """The scores of one game (:func:`score`)."""

    scenario: str
    seed: int
    rounds: int
    """The rounds the game could last."""
    agreed: bool
    """Whether the sides agreed (before the law's judgement)."""
    deal: bool
    """Whether the game ended in a deal that counts: agreed and legal."""
    legal: bool | None
    """Whether the law finds no error in the agreed text (``None`` without agreement)."""
    agreed_in: int | None
    """The round of agreement."""
    outcome: dict[str, str] | None
    """The agreed value of each issue."""
    union: SideScore
    employer: SideScore
    nash_product: float
    """The product of both sides' gains over their reservations (0 without a deal, and for a
    deal worse than no deal to either side)."""
    pareto_distance: float | None
    """The agreed utilities' distance to the Pareto frontier (``None`` without a deal)."""
    nash_distance: float | None
    """Their distance to the Nash point."""
    nash_point: tuple[float, float] | None
    """The Nash point's utilities (union, employer)."""
    frontier_exact: bool
    """Whether the frontier is exact (else its supported points only, for huge spaces)."""
    cost_per_month: float | None
    """The deal's extra cost to the employer per month, in yuan (costing)."""
    affordable_per_month: float
    """What the case's company can bear per month."""
    findings: tuple[str, ...] = ()
    """The law's error findings on the agreed text, as text."""
    flags: tuple[Flag, ...] = field(default=())
    """The offers the law or the company's means object to."""

    def side(self, side: Side) -> SideScore:
        """``side``'s score."""
        return self.union if side is Side.UNION else self.employer

    def as_json(self) -> dict[str, Any]:
        """The scores as JSON-ready data."""
        return asdict(self)


def score(record: GameRecord, lang: Lang = Lang.ZH, *, costing: bool = True) -> GameScore:
    """Score a game (see the module's docstring).

    ``costing=False`` skips the per-issue costing of the profile (the cost columns and the
    unaffordable flags then use only the scenario's own ``cost`` figures).
    """
    game = record.game
    reservations = (game.reservations[Side.UNION], game.reservations[Side.EMPLOYER])
    utilities = (game.utilities[Side.UNION], game.utilities[Side.EMPLOYER])
    agreed = record.deal
    legal: bool | None = None
    findings: tuple[str, ...] = ()
    if agreed is not None:
        report = game.judge(agreed)
        errors = [f for f in report.findings if f.severity is Severity.ERROR]
        legal = not errors
        findings = tuple(f.text(lang) for f in errors)
    deal: Outcome | None = agreed if legal else None
    costs = game.costs if costing else None
    affordable = game.affordable
    flags: list[Flag] = []
    counts = {side: [0, 0, 0] for side in Side}
    judged: set[Outcome] = set()
    for move in record.moves:
        count = counts[move.side]
        count[0] += 1
        if not game.legal(move.outcome):
            count[1] += 1
            if move.outcome not in judged:
                rules = sorted({f.rule for f in game.judge(move.outcome).errors})
                flags.append(Flag(move.round, move.side.value, "illegal", ", ".join(rules)))
        if costs is not None and costs(move.outcome) > affordable:
            count[2] += 1
            if move.outcome not in judged:
                flags.append(
                    Flag(
                        move.round,
                        move.side.value,
                        "unaffordable",
                        f"{costs(move.outcome):.2f} > {affordable:.2f}",
                    )
                )
        judged.add(move.outcome)
    points = (
        utilities[0](deal) if deal is not None else reservations[0],
        utilities[1](deal) if deal is not None else reservations[1],
    )
    sides = []
    for index, side in enumerate(Side):
        best = utilities[index].max
        span = best - reservations[index]
        advantage = (points[index] - reservations[index]) / span if span > 0 else 0.0
        count = counts[side]
        sides.append(
            SideScore(
                strategy=record.union if side is Side.UNION else record.employer,
                utility=points[index],
                advantage=advantage,
                reservation=reservations[index],
                offers=count[0],
                illegal_offers=count[1],
                unaffordable_offers=count[2],
            )
        )
    front = game.frontier
    nash = front.nash(reservations)
    gains = (points[0] - reservations[0], points[1] - reservations[1])
    return GameScore(
        scenario=record.scenario,
        seed=record.seed,
        rounds=record.rounds,
        agreed=agreed is not None,
        deal=deal is not None,
        legal=legal,
        agreed_in=record.agreed_in,
        outcome=None
        if agreed is None
        else {
            issue.id: str(issue.options[i]) for issue, i in zip(game.issues, agreed, strict=True)
        },
        union=sides[0],
        employer=sides[1],
        nash_product=gains[0] * gains[1] if deal is not None and min(gains) >= 0 else 0.0,
        pareto_distance=front.distance(points) if deal is not None else None,
        nash_distance=None if deal is None or nash is None else _dist(points, nash[0]),
        nash_point=None if nash is None else nash[0],
        frontier_exact=front.exact,
        cost_per_month=None if deal is None or not costing else round(game.deal_cost(deal), 2),
        affordable_per_month=affordable,
        findings=findings,
        flags=tuple(flags),
    )


def _dist(a: tuple[float, float], b: tuple[float, float]) -> float:
    return float(((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5)
