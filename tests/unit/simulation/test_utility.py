"""The outcome nearest a target, checked against a scan of every outcome.

:meth:`Additive.at_least` and :meth:`Additive.at_most` take one of two paths: up to
``utility.PRESORTED`` outcomes, a binary search in the outcomes sorted once; above it, half tables
searched one against the other (meet in the middle). The sorted outcomes find exactly what a scan
finds, valued as ``Additive.__call__`` values an outcome (the value a game records); the half
tables find an outcome on the right side of the target whose value is the scan's, or a few units
in the last place from it when outcomes of nearly the same value tie (exactly the scan's on whole
numbers). Ties and targets on values, between them and beyond them included.
"""

from __future__ import annotations

import bisect
import itertools
import math
import random
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bargain.simulation import utility
from bargain.simulation.utility import Additive

Tables = list[list[float]]


@contextmanager
def path(name: str) -> Iterator[None]:
    """Force the presorted path or the half tables, whatever the size of the space."""
    limit = math.inf if name == "presorted" else 0
    with mock.patch.object(utility, "PRESORTED", limit):
        yield


class Scan:
    """What ``at_least`` and ``at_most`` must find, from every outcome valued once."""

    def __init__(self, function: Additive) -> None:
        self.function = function
        self.values = sorted(map(function, itertools.product(*map(range, function.sizes))))

    def at_least(self, target: float) -> float:
        at = bisect.bisect_left(self.values, target)
        return self.values[at] if at < len(self.values) else self.function.max

    def at_most(self, target: float) -> float:
        at = bisect.bisect_right(self.values, target)
        return self.values[at - 1] if at > 0 else self.function.min


def targets(function: Additive, rng: random.Random) -> list[float]:
    """Targets on outcomes' values exactly, between them, at the ends and beyond them."""
    outcomes = list(itertools.product(*map(range, function.sizes)))
    exact = [function(o) for o in rng.sample(outcomes, min(25, len(outcomes)))]
    spread = function.max - function.min
    between = [function.min + spread * rng.random() for _ in range(25)]
    ends = [function.min, function.max, function.min - 1, function.max + 1]
    nudged = [math.nextafter(v, math.inf) for v in exact[:5]]
    nudged += [math.nextafter(v, -math.inf) for v in exact[:5]]
    return exact + between + ends + nudged + [-math.inf, math.inf]


def random_tables(rng: random.Random, sizes: list[int], kind: str) -> Tables:
    if kind == "floats":
        return [[rng.uniform(-1, 1) for _ in range(n)] for n in sizes]
    if kind == "weighted":  # a side's weights times evenly spaced scores, as scenarios give
        return [[w * i / (n - 1) for i in range(n)] for w, n in ((rng.random(), n) for n in sizes)]
    return [[float(rng.randint(0, 3)) for _ in range(n)] for n in sizes]  # many ties


def check(function: Additive, target: float, scan: Scan, *, exact: bool = True) -> None:
    """Check both searches for ``target`` against the scan: the same value (``exact``), or one
    on the right side of the target within a few units in the last place of the scan's."""
    least, most = function(function.at_least(target)), function(function.at_most(target))
    wanted = scan.at_least(target), scan.at_most(target)
    if exact:
        assert (least, most) == wanted, target
        return
    near = 16 * len(function.sizes) * math.ulp(1.0) * sum(max(map(abs, t)) for t in function.tables)
    assert least >= target or least == function.max, ("at_least", target)
    assert most <= target or most == function.min, ("at_most", target)
    assert abs(least - wanted[0]) <= near, ("at_least", target, least, wanted[0])
    assert abs(most - wanted[1]) <= near, ("at_most", target, most, wanted[1])


def both_paths(tables: Tables, target: float, scan: Scan) -> None:
    """The sorted outcomes find what the scan finds; the half tables nearly (exactly on whole
    numbers, whose sums are exact)."""
    with path("presorted"):
        check(Additive(tables), target, scan)
    whole = all(float(v).is_integer() for table in tables for v in table)
    with path("halves"):
        check(Additive(tables), target, scan, exact=whole)


CASES = [
    (sizes, kind, seed)
    for seed, sizes in enumerate([[2, 3], [5, 5, 5], [4, 7, 3, 2], [5, 5, 5, 5, 5], [9, 2, 11]])
    for kind in ("floats", "weighted", "ties")
]


@pytest.mark.parametrize(("sizes", "kind", "seed"), CASES)
def test_both_paths_find_what_a_scan_of_every_outcome_finds(
    sizes: list[int], kind: str, seed: int
) -> None:
    rng = random.Random(seed)
    tables = random_tables(rng, sizes, kind)
    scan = Scan(Additive(tables))
    for target in targets(Additive(tables), rng):
        both_paths(tables, target, scan)


def test_both_paths_find_the_value_of_tying_outcomes() -> None:
    # Values that count the same within an issue: nearly every outcome ties with many others.
    tables = [[0.0, 1.0, 1.0, 0.0], [2.0, 2.0, 0.0], [1.0, 0.0, 1.0, 1.0, 0.0]]
    scan = Scan(Additive(tables))
    for target in [-1.0, 0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 3.5, 4.0, 5.0]:
        both_paths(tables, target, scan)


def test_thousands_of_ties_are_settled_by_the_nearest_sum_on_the_right_side() -> None:
    # 160,000 outcomes on 9 values: about 20,000 tie on each, more than the half tables value
    # one by one; the outcome found still has the value a scan finds.
    tables = [[float(v % 3) for v in range(20)] for _ in range(4)]
    function = Additive(tables)
    scan = Scan(function)
    assert function.size > utility.PRESORTED
    for target in [-1.0, 0.0, 0.5, 3.0, 3.5, 7.0, 8.0, 9.0]:
        check(function, target, scan)


def test_an_outcome_is_worth_the_same_each_time_it_is_valued() -> None:
    # Values kept from the first time are the floats summed then; a list is valued too.
    rng = random.Random(11)
    tables = random_tables(rng, [5, 5, 5, 5], "floats")
    function, fresh = Additive(tables), Additive(tables)
    outcomes = list(itertools.product(*map(range, function.sizes)))
    first = [function(o) for o in outcomes]
    again = [function(o) for o in reversed(outcomes)][::-1]
    assert first == again == [fresh(o) for o in outcomes]
    assert function([1, 2, 3, 4]) == fresh((1, 2, 3, 4))
    with pytest.raises(ValueError, match="zip"):
        function((1, 2, 3))


@pytest.mark.parametrize("name", ["presorted", "halves"])
def test_a_target_beyond_the_values_gives_the_best_or_the_worst_outcome(name: str) -> None:
    function = Additive([[0.1, 0.4, 0.2], [0.3, 0.0], [0.05, 0.15, 0.1, 0.0]])
    assert function.best == (1, 0, 1)
    assert function.worst == (0, 1, 3)
    with path(name):
        assert function.at_least(function.max + 0.5) == function.best
        assert function.at_least(math.inf) == function.best
        assert function.at_most(function.min - 0.5) == function.worst
        assert function.at_most(-math.inf) == function.worst
        assert function.at_least(function.min - 0.5) == function.worst
        assert function.at_most(function.max + 0.5) == function.best


def test_a_space_above_presorted_is_searched_without_enumerating_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rng = random.Random(7)
    tables = random_tables(rng, [10] * 5, "weighted")  # 100,000 outcomes
    function = Additive(tables)
    assert function.size > utility.PRESORTED
    scan = Scan(function)
    wanted = targets(function, rng)

    def enumerated(self: Additive) -> None:
        raise AssertionError("the whole space was enumerated")

    monkeypatch.setattr(Additive, "_presorted", enumerated)
    monkeypatch.setattr(Additive, "outcomes", enumerated)
    for target in wanted:
        check(function, target, scan, exact=False)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.lists(
            st.integers(-4, 4).map(lambda n: n / 4) | st.floats(-2, 2), min_size=1, max_size=5
        ),
        min_size=1,
        max_size=4,
    ),
    st.floats(-12, 12),
)
def test_any_small_table_and_target_agree_with_the_scan_on_both_paths(
    tables: Tables, target: float
) -> None:
    both_paths(tables, target, Scan(Additive(tables)))
