"""Strategies: how a program offers and answers in a simulated negotiation.

A strategy sees only its own side's brief (its utility, its reservation value; the employer also
its costs and what its company can afford), the round and the offers made. It never sees the other
side's weights. Time ``t`` runs from 0 at the first round to 1 at the last.

==================  ==========================================================================
name                what it does
==================  ==========================================================================
``boulware``        time-based, target ``r + (max - r)(1 - t^e)`` with ``e = 4``: holds out, then
                    concedes late (the exponent's convention is that of NegMAS's aspiration)
``linear``          the same with ``e = 1``: concedes evenly
``conceder``        the same with ``e = 0.25``: concedes early
``time:e=X``        the same with any exponent ``X`` > 0
``hardliner``       always offers its best outcome and accepts nothing less
``tit-for-tat``     starts at its best, then concedes as much (in its own utility) as the other
                    side's last move conceded to it
``random``          offers a random outcome it prefers to no deal; accepts what beats its next
``costing``         employer only: offers the outcome that costs the most within a budget that
                    grows over time (``t^e``, ``e = 1``; ``costing:e=X``) to what the company
                    can afford (its margin), never one worse than no deal to it; accepts what
                    fits the budget and beats no deal
==================  ==========================================================================

Each strategy is made afresh for each game by :func:`make`, with its own random generator seeded
from the game's seed, so a game with the same seed plays the same.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Protocol

from bargain.domain.language import Bilingual
from bargain.domain.parties import Side
from bargain.errors import BargainError
from bargain.simulation.utility import Additive, Outcome

__all__ = [
    "NAMES",
    "Strategy",
    "UnknownStrategy",
    "View",
    "describe",
    "make",
]


class UnknownStrategy(BargainError, ValueError):
    """A strategy name that is not one of :data:`NAMES` (or a bad parameter)."""


@dataclass(frozen=True)
class View:
    """What a side knows in a game: its own side, utility, reservation and costs."""

    side: Side
    """The side it plays."""
    utility: Additive
    """Its utility over the outcomes (0 to 1)."""
    reservation: float
    """Its utility of no deal."""
    rounds: int
    """The rounds the game lasts."""
    costs: Additive | None = None
    """The employer's extra cost per month of each outcome (employer side only)."""
    affordable: float | None = None
    """The most extra cost per month the company can bear (employer side only)."""


class Strategy(Protocol):
    """How one side plays one game."""

    def propose(self, t: float) -> Outcome:
        """The outcome to offer at time ``t``."""
        ...

    def respond(self, offer: Outcome, t: float) -> bool:
        """Whether to accept the other side's ``offer``, made at time ``t``."""
        ...


class _TimeBased:
    def __init__(self, view: View, exponent: float) -> None:
        self.view = view
        self.exponent = exponent
        self.top = view.utility.max
        self.floor = max(view.reservation, view.utility.min)

    def target(self, t: float) -> float:
        return float(self.floor + (self.top - self.floor) * (1.0 - t**self.exponent))

    def propose(self, t: float) -> Outcome:
        return self.view.utility.at_least(self.target(t))

    def respond(self, offer: Outcome, t: float) -> bool:
        return self.view.utility(offer) >= self.target(t)


class _Hardliner:
    def __init__(self, view: View) -> None:
        self.view = view

    def propose(self, t: float) -> Outcome:
        return self.view.utility.best

    def respond(self, offer: Outcome, t: float) -> bool:
        return self.view.utility(offer) >= self.view.utility.max


class _TitForTat:
    def __init__(self, view: View) -> None:
        self.view = view
        self.target = view.utility.max
        self.floor = max(view.reservation, view.utility.min)
        self.last: float | None = None

    def propose(self, t: float) -> Outcome:
        return self.view.utility.at_least(self.target)

    def respond(self, offer: Outcome, t: float) -> bool:
        value = self.view.utility(offer)
        if self.last is not None and value > self.last:
            self.target = max(self.floor, self.target - (value - self.last))
        self.last = value if self.last is None else max(self.last, value)
        return value >= self.target


class _Random:
    def __init__(self, view: View, rng: random.Random) -> None:
        self.view = view
        self.rng = rng
        self.next: Outcome | None = None

    def _draw(self) -> Outcome:
        utility = self.view.utility
        floor = max(self.view.reservation, utility.min)
        for _ in range(64):
            outcome = tuple(self.rng.randrange(size) for size in utility.sizes)
            if utility(outcome) >= floor:
                return outcome
        return utility.at_least(floor + self.rng.random() * (utility.max - floor))

    def propose(self, t: float) -> Outcome:
        outcome = self.next if self.next is not None else self._draw()
        self.next = None
        return outcome

    def respond(self, offer: Outcome, t: float) -> bool:
        self.next = self._draw()
        return self.view.utility(offer) >= self.view.utility(self.next)


class _Costing:
    def __init__(self, view: View, exponent: float) -> None:
        if view.side is not Side.EMPLOYER or view.costs is None or view.affordable is None:
            raise UnknownStrategy(
                Bilingual(
                    "costing 策略只能由企业方使用", "the costing strategy plays the employer only"
                )
            )
        self.view = view
        self.exponent = exponent
        costs, utility = view.costs, view.utility
        # Among outcomes of the same cost, the one the employer likes best: a tiny share of its
        # utility (worth less than a fen a month) breaks the tie; ``at_most`` takes the highest.
        self.key = Additive(
            [
                [c + 1e-3 * u for c, u in zip(cost, value, strict=True)]
                for cost, value in zip(costs.tables, utility.tables, strict=True)
            ]
        )

    def budget(self, t: float) -> float:
        assert self.view.affordable is not None
        return float(max(0.0, self.view.affordable) * t**self.exponent)

    def propose(self, t: float) -> Outcome:
        assert self.view.costs is not None
        budget = self.budget(t)
        outcome = self.key.at_most(budget)
        utility = self.view.utility
        if utility(outcome) >= self.view.reservation:
            return outcome
        # Within the budget but worse than no deal: the least it would still sign instead, if the
        # company can bear it, else its own best outcome. It never offers below its reservation.
        fallback = utility.at_least(self.view.reservation)
        return fallback if self.view.costs(fallback) <= budget else utility.best

    def respond(self, offer: Outcome, t: float) -> bool:
        assert self.view.costs is not None
        return (
            self.view.costs(offer) <= self.budget(t)
            and self.view.utility(offer) >= self.view.reservation
        )


NAMES: dict[str, Bilingual] = {
    "boulware": Bilingual("强硬型（后期让步，e=4）", "Boulware (concedes late, e=4)"),
    "linear": Bilingual("线性让步（e=1）", "linear concession (e=1)"),
    "conceder": Bilingual("让步型（早期让步，e=0.25）", "conceder (concedes early, e=0.25)"),
    "time": Bilingual("时间让步（time:e=指数）", "time-based (time:e=exponent)"),
    "hardliner": Bilingual("不让步", "hardliner (never concedes)"),
    "tit-for-tat": Bilingual("以牙还牙（对等让步）", "tit-for-tat (matches concessions)"),
    "random": Bilingual("随机", "random"),
    "costing": Bilingual(
        "按成本测算让步（企业方）",
        "concedes by what costing says the company can afford (employer)",
    ),
}
"""The strategies' names and what they are."""

_EXPONENTS = {"boulware": 4.0, "linear": 1.0, "conceder": 0.25}


def _exponent(spec: str, default: float) -> float:
    name, _, params = spec.partition(":")
    if not params:
        return default
    key, equals, raw = params.partition("=")
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if key != "e" or not equals or not value > 0 or value > 100:
        raise UnknownStrategy(
            Bilingual(
                f"策略参数应为 {name}:e=正数（0到100），实际为 {spec!r}",
                f"a strategy parameter is {name}:e=a positive number up to 100; found {spec!r}",
            )
        )
    return value


def make(spec: str, view: View, rng: random.Random) -> Strategy:
    """A fresh strategy for one game, by name (see :data:`NAMES`).

    Raises:
        UnknownStrategy: the name is unknown, its parameter is wrong, or it cannot play
            ``view``'s side.
    """
    name = spec.partition(":")[0]
    if name in _EXPONENTS or name == "time":
        if name == "time" and ":" not in spec:
            raise UnknownStrategy(
                Bilingual(
                    "time 策略须给出指数：time:e=2", "the time strategy needs an exponent: time:e=2"
                )
            )
        return _TimeBased(view, _exponent(spec, _EXPONENTS.get(name, 1.0)))
    if ":" in spec and name != "costing":
        raise UnknownStrategy(
            Bilingual(f"{name} 策略不带参数", f"the {name} strategy takes no parameter")
        )
    if name == "hardliner":
        return _Hardliner(view)
    if name == "tit-for-tat":
        return _TitForTat(view)
    if name == "random":
        return _Random(view, rng)
    if name == "costing":
        return _Costing(view, _exponent(spec, 1.0))
    raise UnknownStrategy(
        Bilingual(
            f"未知策略 {spec!r}，可用：{', '.join(NAMES)}",
            f"unknown strategy {spec!r}; known: {', '.join(NAMES)}",
        )
    )


def check(spec: str, side: Side | None = None) -> str:
    """``spec`` if it names a strategy that can play ``side`` (any side when ``None``).

    Raises:
        UnknownStrategy: it does not (the message lists the known names).
    """
    name = spec.partition(":")[0]
    if name not in NAMES:
        raise UnknownStrategy(
            Bilingual(
                f"未知策略 {spec!r}，可用：{', '.join(NAMES)}",
                f"unknown strategy {spec!r}; known: {', '.join(NAMES)}",
            )
        )
    if name == "costing" and side is Side.UNION:
        raise UnknownStrategy(
            Bilingual(
                "costing 策略只能由企业方使用", "the costing strategy plays the employer only"
            )
        )
    if name == "time" and ":" not in spec:
        raise UnknownStrategy(
            Bilingual(
                "time 策略须给出指数：time:e=2", "the time strategy needs an exponent: time:e=2"
            )
        )
    if ":" in spec:
        if name not in {*_EXPONENTS, "time", "costing"}:
            raise UnknownStrategy(
                Bilingual(f"{name} 策略不带参数", f"the {name} strategy takes no parameter")
            )
        _exponent(spec, 1.0)
    return spec


def describe(spec: str) -> Bilingual:
    """What a strategy name means, for tables and help."""
    return NAMES.get(spec.partition(":")[0], Bilingual(spec, spec))
