"""Additive functions over outcomes: utilities, costs, and the outcome nearest a target.

An outcome is a tuple of value indices, one per issue. A linear additive function (GENIUS's
"linear additive" utility, and costing's per-issue costs) adds one number per issue:
``f(o) = table[0][o[0]] + table[1][o[1]] + ...``.

:meth:`Additive.at_least` finds the outcome whose value is the lowest at or above a target (what a
time-based strategy offers), :meth:`Additive.at_most` the highest at or below one. Neither walks
the whole outcome space per call: up to :data:`PRESORTED` outcomes, the space is enumerated and
sorted once per function and each call is one binary search; above that, the issues are split in
two halves, each half's combinations sorted once (the large half up to PRESORTED of them, or the
square root of the space when that is more), and a call walks the small half, bisecting the large
one for each of its combinations (meet in the middle), so a scenario of 100,000 outcomes (ten
bisections a call) or of 10^12 runs without enumerating it.
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

_UNSURE = 256
"""The outcomes too near the target to tell its side by their half sums that a search above
PRESORTED values one by one (more only until one is on the right side)."""

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
        # The value of each outcome valued so far, for spaces small enough to keep them all: a
        # game values each offer up to three times (the side answering, and the record for each
        # side), and a tournament replays the same offers.
        self._known: dict[Outcome, float] | None = {} if self.size <= PRESORTED else None
        self.best: Outcome = tuple(max(range(len(t)), key=t.__getitem__) for t in self.tables)
        self.worst: Outcome = tuple(min(range(len(t)), key=t.__getitem__) for t in self.tables)
        self.max = self(self.best)
        self.min = self(self.worst)
        self._sorted: tuple[list[float], list[Outcome]] | None = None
        self._halves: tuple[_Half, _Half] | None = None
        self._slack = 0.0

    def __call__(self, outcome: Outcome) -> float:
        known = self._known
        if known is not None:
            try:
                value = known.get(outcome)
            except TypeError:  # a list
                value = None
            if value is not None:
                return value
        total = 0.0
        for table, index in zip(self.tables, outcome, strict=True):
            total += table[index]
        if known is not None and type(outcome) is tuple:
            known[outcome] = total
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
            # A search walks the small half and bisects the large one: the large half holds as
            # many combinations as a sorted space may (PRESORTED), or the square root of the
            # space when that is more, and the small half the rest.
            order = sorted(range(len(self.sizes)), key=self.sizes.__getitem__, reverse=True)
            large: list[int] = []
            product = 1
            room = max(PRESORTED, math.isqrt(self.size))
            for issue in order:
                if product * self.sizes[issue] <= room or not large:
                    large.append(issue)
                    product *= self.sizes[issue]
            small = [i for i in range(len(self.sizes)) if i not in large]
            self._halves = (self._half(tuple(small)), self._half(tuple(sorted(large))))
            # Two sums of the same numbers in different orders differ by at most about
            # (issues - 1) * 2^-53 * the sum of their magnitudes each way; four times that.
            magnitude = sum(max(map(abs, table)) for table in self.tables)
            self._slack = 8 * len(self.sizes) * math.ulp(1.0) * magnitude
        return self._halves

    def _half(self, issues: tuple[int, ...]) -> _Half:
        values, combos = self._ordered(issues)
        return _Half(issues, values, combos)

    def _meet(self, target: float, *, above: bool) -> Outcome:
        """The outcome ``at_least`` (``above``) or ``at_most`` finds, searching one half's sums
        against the other's.

        A half-plus-half sum may differ from :meth:`__call__`'s issue-by-issue sum by a few units
        in the last place (``slack`` bounds the difference): enough to skip the outcome whose
        value is the target itself, or to take one a unit on the wrong side of it. So the search
        takes the nearest sum surely on the right side of the target, and values as
        :meth:`__call__` does the outcomes whose sums are too near the target to tell (up to
        :data:`_UNSURE` of them, more only if none of those is on the right side): the outcome
        found is never on the wrong side of the target, and its value is the best one, or at
        most a few units in the last place from it when outcomes of nearly the same value tie.
        """
        small, large = self._split()
        sums, slack, count = large.values, self._slack, len(large.values)
        edge = target + slack if above else target - slack  # beyond it: surely the right side
        near = target - 3 * slack if above else target + 3 * slack  # beyond it: can't tell
        nearest, pick = (math.inf if above else -math.inf), (-1, -1)
        unsure: list[tuple[int, int, int]] = []  # per small sum, its partners too near to tell
        for number, value in enumerate(small.values):
            if above:
                at = bisect.bisect_left(sums, edge - value)
                if at < count and value + sums[at] < nearest:
                    nearest, pick = value + sums[at], (number, at)
                if at > 0 and sums[at - 1] >= near - value:
                    unsure.append((number, bisect.bisect_left(sums, near - value, 0, at), at))
            else:
                at = bisect.bisect_right(sums, edge - value)
                if at > 0 and value + sums[at - 1] > nearest:
                    nearest, pick = value + sums[at - 1], (number, at - 1)
                if at < count and sums[at] <= near - value:
                    unsure.append((number, at, bisect.bisect_right(sums, near - value, at, count)))
        found: list[tuple[float, Outcome]] = []
        if pick[0] >= 0:
            outcome = self._join(small, pick[0], large, pick[1])
            found.append((self(outcome), outcome))
        valued = 0
        for number, first, last in unsure:
            for at in range(first, last):
                if valued >= _UNSURE and found:
                    break
                outcome = self._join(small, number, large, at)
                exact = self(outcome)
                valued += 1
                if (exact >= target) if above else (exact <= target):
                    found.append((exact, outcome))
        right = [f for f in found if (f[0] >= target if above else f[0] <= target)]
        if not right:  # excluded by the checks against min and max
            raise AssertionError("no outcome found")
        return min(right)[1] if above else max(right)[1]

    def _join(self, small: _Half, number: int, large: _Half, at: int) -> Outcome:
        """The outcome of the small half's combination ``number`` and the large half's ``at``."""
        outcome = [0] * len(self.sizes)
        for issue, value_index in zip(
            (*small.issues, *large.issues), (*small.combos[number], *large.combos[at]), strict=True
        ):
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
