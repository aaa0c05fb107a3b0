"""Costing properties: linear in headcount; a text against itself costs nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from bargain.domain.agreement import Text
from bargain.domain.calendar import DateRange
from bargain.domain.costing import WorkforceProfile, cost, supplemented
from bargain.files import load_agreement
from tests.conftest import SECTOR_AGREEMENT, SPRING_FESTIVAL

PARENT: Text = load_agreement(SECTOR_AGREEMENT).text
FESTIVAL: Text = supplemented(PARENT, load_agreement(SPRING_FESTIVAL).text)
TERM = DateRange(start=dt.date(2021, 2, 1), end=dt.date(2021, 2, 28))

rates = st.decimals(min_value=0, max_value=50, places=1)
orders = st.integers(min_value=0, max_value=60)


def _profile(headcount: int, per_day: int, hours: int, days: int) -> WorkforceProfile:
    return WorkforceProfile.model_validate(
        {
            "name": "骑手",
            "categories": [
                {
                    "category": c,
                    "headcount": headcount,
                    "orders_per_day": per_day,
                    "hours_per_day": hours,
                    "working_days_per_month": days,
                }
                for c in ("labour_relationship", "managed", "part_time")
            ],
            "peaks": [
                {
                    "name": "春节",
                    "period": {"start": "2021-02-11", "end": "2021-02-17"},
                    "categories": [{"category": "labour_relationship", "working_days": 7}],
                }
            ],
        }
    )


def _with_rate(rate: Decimal) -> Text:
    return FESTIVAL.changed(
        clauses=tuple(
            c.changed(piece_rate=f"{rate}/order") if c.id == "festival-pay" else c
            for c in FESTIVAL.clauses
        )
    )


@settings(max_examples=15, deadline=None)
@given(
    headcount=st.integers(min_value=0, max_value=5000),
    factor=st.integers(min_value=2, max_value=7),
    per_day=orders,
    hours=st.integers(min_value=0, max_value=12),
    days=st.integers(min_value=0, max_value=31),
    rate=rates,
)
def test_the_cost_is_linear_in_headcount(
    headcount: int, factor: int, per_day: int, hours: int, days: int, rate: Decimal
) -> None:
    after = _with_rate(rate)
    once = cost(PARENT, after, _profile(headcount, per_day, hours, days), term=TERM)
    scaled = cost(PARENT, after, _profile(headcount * factor, per_day, hours, days), term=TERM)
    # Sums are rounded to the fen once: scaling the rounded figure may differ by half a fen a worker.
    slack = Decimal("0.005") * factor
    assert abs(scaled.total.workers_gain.amount - once.total.workers_gain.amount * factor) <= slack
    assert scaled.per_worker == once.per_worker or headcount == 0


@settings(max_examples=15, deadline=None)
@given(
    per_day=orders,
    hours=st.integers(min_value=0, max_value=12),
    days=st.integers(min_value=0, max_value=31),
    rate=rates,
    headcount=st.integers(min_value=0, max_value=5000),
)
def test_a_text_against_itself_costs_nothing(
    per_day: int, hours: int, days: int, rate: Decimal, headcount: int
) -> None:
    text = _with_rate(rate)
    costing = cost(text, text, _profile(headcount, per_day, hours, days), term=TERM)
    assert costing.total.employer_cost.amount == 0
    assert all(c.total.workers_gain.amount == 0 for c in costing.categories)
    assert all(i.since is None for i in costing.impacts)
