"""Additive functions over outcomes: utilities, costs, and the outcome nearest a target.

An outcome is a tuple of value indices, one per issue. A linear additive function (GENIUS's
"linear additive" utility, and costing's per-issue costs) adds one number per issue:
``f(o) = table[0][o[0]] + table[1][o[1]] + ...``.

:meth:`Additive.at_least` finds the outcome whose value is the lowest at or above a target (what a
time-based strategy offers), :meth:`Additive.at_most` the highest at or below one. Neither walks
the whole outcome space per call: up to :data:`PRESORTED` outcomes, the space is enumerated and
sorted once per function and each call is one binary search; above that, the issues are split in
two halves, each half's combinations sorted once, and a call searches one half against the other
(meet in the middle), about the square root of the space's size per call, so a scenario of
100,000 outcomes or of 10^12 runs without enumerating it.
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

__all__ = [
    "PRESORTED",
    "Additive",
    "Frontier",
    "Outcome",
    "frontier",
]

Outcome = tuple[int, ...]
"""One value index per issue."""

PRESORTED = 65_536
"""The largest space enumerated and sorted once; larger ones are searched half against half."""

_EXACT_FRONTIER = 250_000
"""The largest space whose Pareto frontier is computed exactly."""


def _sizes(tables: Sequence[Sequence[float]]) -> tuple[int, ...]:
    return tuple(len(t) for t in tables)


@dataclass
class _Half:
    issues: tuple[int, ...]
    values: list[float]
    combos: list[tuple[int, ...]]


class Additive:
    """A function that adds one number per issue's value (see the module's docstring)."""

    def __init__(self, tables: Sequence[Sequence[float]]) -> None:
        if not tables or any(len(t) == 0 for t in tables):
            raise ValueError("an additive function needs at least one value per issue")
        self.tables: tuple[tuple[float, ...], ...] = tuple(tuple(map(float, t)) for t in tables)
        self.sizes = _sizes(self.tables)
        self.size = math.prod(self.sizes)
        self.best: Outcome = tuple(max(range(len(t)), key=t.__getitem__) for t in self.tables)
        self.worst: Outcome = tuple(min(range(len(t)), key=t.__getitem__) for t in self.tables)
        self.max = self(self.best)
        self.min = self(self.worst)
        self._sorted: tuple[list[float], list[Outcome]] | None = None
        self._halves: tuple[_Half, _Half] | None = None

    def __call__(self, outcome: Outcome) -> float:
        total = 0.0
        for table, index in zip(self.tables, outcome, strict=True):
            total += table[index]
        return total

    # --- the outcome nearest a target ------------------------------------------------------------

    def at_least(self, target: float) -> Outcome:
        """The outcome of lowest value at or above ``target`` (the best one if none reaches it)."""
        if target >= self.max:
            return self.best
        if target <= self.min:
            return self.worst
        if self.size <= PRESORTED:
            values, outcomes = self._presorted()
            return outcomes[bisect.bisect_left(values, target)]
        return self._meet(target, above=True)

    def at_most(self, target: float) -> Outcome:
        """The outcome of highest value at or below ``target`` (the worst one if none is)."""
        if target <= self.min:
            return self.worst
        if target >= self.max:
            return self.best
        if self.size <= PRESORTED:
            values, outcomes = self._presorted()
            return outcomes[bisect.bisect_right(values, target) - 1]
        return self._meet(target, above=False)

    def _presorted(self) -> tuple[list[float], list[Outcome]]:
        if self._sorted is None:
            issues = tuple(range(len(self.sizes)))
            self._sorted = self._ordered(issues)
        return self._sorted

    def _ordered(self, issues: tuple[int, ...]) -> tuple[list[float], list[tuple[int, ...]]]:
        """Every combination of ``issues``' values with its value, by value, then combination.

        The values are summed issue by issue from 0.0, as :meth:`__call__` sums them (the same
        floats), one issue at a time for all combinations at once; the sort is stable over the
        combinations in :func:`itertools.product`'s order, so ties stay in the combinations'
        order: the order of sorting (value, combination) pairs, without comparing tuples.
        """
        values = [0.0]
        for issue in issues:
            table = self.tables[issue]
            values = [total + value for total in values for value in table]
        combos = list(itertools.product(*(range(self.sizes[i]) for i in issues)))
        order = sorted(range(len(values)), key=values.__getitem__)
        return [values[i] for i in order], [combos[i] for i in order]

    def _split(self) -> tuple[_Half, _Half]:
        if self._halves is None:
            # Put issues in the smaller half until it holds about the square root of the space.
            order = sorted(range(len(self.sizes)), key=self.sizes.__getitem__, reverse=True)
            small: list[int] = []
            product = 1
            root = math.isqrt(self.size)
            for issue in order:
                if product * self.sizes[issue] <= root or not small:
                    small.append(issue)
                    product *= self.sizes[issue]
            large = [i for i in range(len(self.sizes)) if i not in small]
            self._halves = (self._half(tuple(sorted(small))), self._half(tuple(large)))
        return self._halves

    def _half(self, issues: tuple[int, ...]) -> _Half:
        values, combos = self._ordered(issues)
        return _Half(issues, values, combos)

    def _meet(self, target: float, *, above: bool) -> Outcome:
        small, large = self._split()
        best_value = math.inf if above else -math.inf
        best: tuple[tuple[int, ...], tuple[int, ...]] | None = None
        for value, combo in zip(small.values, small.combos, strict=True):
            if above:
                at = bisect.bisect_left(large.values, target - value)
                if at == len(large.values):
                    continue
                total = value + large.values[at]
                if total < best_value:
                    best_value, best = total, (combo, large.combos[at])
            else:
                at = bisect.bisect_right(large.values, target - value) - 1
                if at < 0:
                    continue
                total = value + large.values[at]
                if total > best_value:
                    best_value, best = total, (combo, large.combos[at])
        if best is None:  # excluded by the checks against min and max
            raise AssertionError("no outcome found")
        outcome = [0] * len(self.sizes)
        for issues, combo in ((small.issues, best[0]), (large.issues, best[1])):
            for issue, value_index in zip(issues, combo, strict=True):
                outcome[issue] = value_index
        return tuple(outcome)

    def outcomes(self) -> Iterator[Outcome]:
        """Every outcome (for small spaces: scoring and plots)."""
        return itertools.product(*map(range, self.sizes))


@dataclass(frozen=True)
class Frontier:
    """The Pareto frontier of two additive functions, as (first, second) value pairs."""

    points: tuple[tuple[float, float], ...]
    """The frontier's points, the first value descending."""
    exact: bool
    """Whether every Pareto-optimal outcome is here (else: the supported points only)."""
    outcomes: tuple[Outcome, ...] = field(default=(), repr=False)
    """The outcome of each point."""

    def distance(self, point: tuple[float, float]) -> float:
        """The Euclidean distance from ``point`` to the nearest point of the frontier."""
        return min(math.dist(point, p) for p in self.points)

    def nash(self, reservations: tuple[float, float]) -> tuple[tuple[float, float], float] | None:
        """The Nash point (the frontier point that maximises the product of the gains over the
        reservation values) and that product; ``None`` when no point beats both reservations."""
        best: tuple[tuple[float, float], float] | None = None
        for point in self.points:
            gains = (point[0] - reservations[0], point[1] - reservations[1])
            if gains[0] < 0 or gains[1] < 0:
                continue
            product = gains[0] * gains[1]
            if best is None or product > best[1]:
                best = (point, product)
        return best


def frontier(first: Additive, second: Additive) -> Frontier:
    """The Pareto frontier of ``first`` and ``second`` over the same outcome space.

    Exact up to 250,000 outcomes. Above, it holds the supported points (each maximises a weighted
    sum of the two, found issue by issue for 101 weights) and says so with ``exact=False``.
    """
    if first.sizes != second.sizes:
        raise ValueError("the two functions are not over the same outcomes")
    if first.size <= _EXACT_FRONTIER:
        candidates = sorted(
            ((first(o), second(o), o) for o in first.outcomes()),
            key=lambda c: (-c[0], -c[1]),
        )
        exact = True
    else:
        found: dict[Outcome, tuple[float, float]] = {}
        for step in range(101):
            weight = step / 100
            outcome = tuple(
                max(range(len(a)), key=lambda v: weight * a[v] + (1 - weight) * b[v])
                for a, b in zip(first.tables, second.tables, strict=True)
            )
            found[outcome] = (first(outcome), second(outcome))
        candidates = sorted(
            ((u, v, o) for o, (u, v) in found.items()), key=lambda c: (-c[0], -c[1])
        )
        exact = False
    points: list[tuple[float, float]] = []
    outcomes: list[Outcome] = []
    ceiling = -math.inf
    for u, v, outcome in candidates:
        if v > ceiling:
            points.append((u, v))
            outcomes.append(outcome)
            ceiling = v
    return Frontier(tuple(points), exact, tuple(outcomes))
