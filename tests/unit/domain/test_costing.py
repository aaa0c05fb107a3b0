"""Costing: the Spring Festival supplement against hand calculations, and the rules behind them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from bargain._reading import load_model, parse_model
from bargain.domain.agreement import Text
from bargain.domain.calendar import DateRange
from bargain.domain.clauses import DisciplineClause, PayClause
from bargain.domain.costing import WorkforceProfile, cost, pay_terms, supplemented
from bargain.domain.language import Lang
from bargain.domain.parties import WorkerCategory
from bargain.errors import InvalidDocument
from bargain.files import load_agreement
from tests.conftest import EXAMPLES, SECTOR_AGREEMENT, SPRING_FESTIVAL

RIDERS = WorkerCategory.LABOUR_RELATIONSHIP
FESTIVAL = DateRange(start=dt.date(2021, 2, 11), end=dt.date(2021, 2, 17))


def _parent() -> Text:
    return load_agreement(SECTOR_AGREEMENT).text


def _festival() -> Text:
    return supplemented(_parent(), load_agreement(SPRING_FESTIVAL).text)


def _riders(orders: int, **extra: Any) -> WorkforceProfile:
    """300 employed riders who, over the 7 festival days, work every day at ``orders`` a day."""
    category = {
        "category": "labour_relationship",
        "headcount": 300,
        "orders_per_day": 30,
        "hours_per_day": 8,
        "working_days_per_month": 26,
        **extra,
    }
    peak = {
        "name": "春节",
        "period": {"start": "2021-02-11", "end": "2021-02-17"},
        "categories": [
            {"category": "labour_relationship", "orders_per_day": orders, "working_days": 7}
        ],
    }
    return WorkforceProfile.model_validate(
        {
            "name": "骑手",
            "worker": "骑手",
            "worker_en": "rider",
            "categories": [category],
            "peaks": [peak],
        }
    )


def test_raising_the_festival_piece_rate_from_4_5_to_12_5_costs_336000_yuan() -> None:
    # 300 riders x 7 days x 20 orders x (12.5 - 4.5) yuan; 20 x 12.5 = 250 is above the 200 floor.
    hand = Decimal(300 * 7 * 20) * (Decimal("12.5") - Decimal("4.5"))
    assert hand == Decimal("336000")
    costing = cost(_parent(), _festival(), _riders(20))
    assert costing.total.employer_cost.amount == hand
    assert costing.total.workers_gain.amount == hand
    assert [p.period for p in costing.by_month if p.amounts.workers_gain.amount] == ["2021-02"]
    assert costing.by_year[1].period == "2021"
    assert costing.by_year[1].amounts.workers_gain.amount == hand


def test_the_200_yuan_daily_floor_tops_up_riders_on_12_orders_a_day_by_105000_yuan() -> None:
    # 12 orders x 12.5 = 150 yuan, below the 200 floor: the top-up is (200 - 150) x 300 x 7.
    floor = (Decimal(200) - 12 * Decimal("12.5")) * 300 * 7
    piece = Decimal(300 * 7 * 12) * (Decimal("12.5") - Decimal("4.5"))
    assert (floor, piece) == (Decimal("105000"), Decimal("201600"))
    costing = cost(_parent(), _festival(), _riders(12), term=FESTIVAL)
    assert costing.total.workers_gain.amount == floor + piece
    # The floor alone: the same text without it.
    no_floor = _festival().changed(
        clauses=tuple(
            c.changed(daily_floor=None) if c.id == "festival-pay" else c
            for c in _festival().clauses
        )
    )
    assert cost(no_floor, _festival(), _riders(12)).total.workers_gain.amount == floor


def test_the_term_gives_averages_a_month_and_a_year_and_per_worker() -> None:
    costing = cost(_parent(), _festival(), _riders(20))
    assert costing.term == _parent().term
    assert costing.months == 36
    assert costing.per_month.workers_gain.amount == Decimal("9333.33")  # 336000 / 36
    assert costing.per_year.workers_gain.amount == Decimal("112000.00")
    assert costing.per_worker.workers_gain.amount == Decimal("1120.00")  # 336000 / 300
    assert costing.per_worker_per_month.workers_gain.amount == Decimal("31.11")
    (riders,) = costing.categories
    assert riders.total == costing.total


def test_on_costs_add_to_the_employers_cost_not_to_the_workers_gain() -> None:
    costing = cost(_parent(), _festival(), _riders(20, employer_oncost=30))
    assert costing.total.workers_gain.amount == Decimal("336000")
    assert costing.total.employer_cost.amount == Decimal("436800.00")


def test_the_member_impact_statement_names_the_month_of_a_holiday_change() -> None:
    # February 2021 before: 21 ordinary days of 26/28 of a day at 30 x 4.5, and 7 festival days
    # at 20 x 4.5; after, the festival days at 20 x 12.5.
    ordinary = Decimal(21) * Decimal(26) / Decimal(28) * 30 * Decimal("4.5")
    before = ordinary + 7 * 20 * Decimal("4.5")
    after = ordinary + 7 * 20 * Decimal("12.5")
    (impact,) = cost(_parent(), _festival(), _riders(20)).impacts
    assert impact.since == dt.date(2021, 2, 11)
    assert not impact.every_month
    assert impact.before.amount == before.quantize(Decimal("0.01"))
    assert impact.after.amount == after.quantize(Decimal("0.01"))
    assert impact.statement(Lang.ZH) == (
        "一名典型骑手（建立劳动关系）：2021年2月（自2月11日起）由3262.50元增至4382.50元"
    )
    assert impact.statement(Lang.EN) == (
        "a typical rider (labour relationship): from 3262.50 to 4382.50 yuan in February 2021 "
        "(from 11 February)"
    )


def test_a_raise_for_the_rest_of_the_term_is_stated_a_month_from_its_first_day() -> None:
    parent = _parent()
    raised = parent.changed(
        clauses=tuple(
            c.changed(piece_rate="5/order") if c.id == "pay-levels" else c for c in parent.clauses
        )
    )
    profile = _riders(20, current_pay="4000/month")
    costing = cost(
        parent,
        raised,
        profile,
        term=DateRange(start=dt.date(2022, 1, 1), end=dt.date(2022, 12, 31)),
    )
    # Ordinary months: 26 days x 30 orders x 0.5 yuan = 390 yuan a rider.
    assert costing.per_worker_per_month.workers_gain.amount == Decimal("390.00")
    assert costing.per_year.workers_gain.amount == Decimal(390 * 12 * 300)
    (impact,) = costing.impacts
    assert impact.every_month
    assert impact.statement(Lang.ZH) == (
        "一名典型骑手（建立劳动关系）：自2022年1月1日起每月由4000.00元增至4390.00元"
    )
    assert impact.statement(Lang.EN) == (
        "a typical rider (labour relationship): from 4000.00 to 4390.00 yuan a month "
        "from 1 January 2022"
    )


def test_a_text_against_itself_costs_nothing_and_says_so() -> None:
    costing = cost(_parent(), _parent(), _riders(20))
    assert costing.total.employer_cost.amount == 0
    (impact,) = costing.impacts
    assert impact.since is None
    assert impact.statement(Lang.EN).endswith("yuan a month, unchanged")


def test_the_specific_clause_wins_field_by_field() -> None:
    text = _festival()
    ordinary = pay_terms(text, RIDERS, dt.date(2021, 2, 10))
    festive = pay_terms(text, RIDERS, dt.date(2021, 2, 11))
    assert (ordinary.piece_rate, ordinary.daily_floor, ordinary.monthly_floor) == (4.5, None, 2100)
    assert (festive.piece_rate, festive.daily_floor, festive.monthly_floor) == (12.5, 200, 2100)
    assert festive.clauses == ("pay-levels", "discipline", "festival-pay")
    assert festive.late_deduction == 1
    # pay-levels applies to employed riders only; pay-hourly to the others.
    managed = pay_terms(text, WorkerCategory.MANAGED, dt.date(2021, 2, 10))
    assert (managed.hourly_floor, managed.monthly_floor) == (21, None)


def test_a_smaller_late_delivery_deduction_is_a_gain_for_the_workers() -> None:
    parent = _parent()
    phased_out = parent.changed(
        clauses=tuple(
            c.changed(late_delivery_deduction="0/order") if isinstance(c, DisciplineClause) else c
            for c in parent.clauses
        )
    )
    costing = cost(
        parent,
        phased_out,
        _riders(20, late_order_share=5),
        term=DateRange(start=dt.date(2022, 3, 1), end=dt.date(2022, 3, 31)),
    )
    # 300 riders x 26 days x 30 orders x 5 % late x 1 yuan.
    assert costing.total.workers_gain.amount == Decimal("11700.00")


def test_monthly_allowances_and_conditional_ones_follow_the_profile() -> None:
    clause = PayClause(
        id="pay",
        heading="报酬",
        text="……",
        piece_rate="4.5/order",
        allowances=[
            {"name": "餐补", "kind": "meal", "amount": "150/month"},
            {"name": "雨天补贴", "kind": "bad_weather", "amount": "2/order", "condition": "雨天"},
        ],
    )
    parent = _parent()
    plain = parent.changed(clauses=(clause.changed(allowances=()),))
    with_allowances = parent.changed(clauses=(clause,))
    march = DateRange(start=dt.date(2022, 3, 1), end=dt.date(2022, 3, 31))
    unknown = cost(plain, with_allowances, _riders(20), term=march)
    assert unknown.total.workers_gain.amount == Decimal(150 * 300)
    assert "雨天补贴" in unknown.notes[0].zh
    assert "not costed" in unknown.notes[0].en
    shared = _riders(20).changed(allowance_shares={"雨天补贴": 10})
    known = cost(plain, with_allowances, shared, term=march)
    # 150 a month, and 2 yuan on 10 % of 26 x 30 orders.
    assert known.total.workers_gain.amount == Decimal(300) * (150 + Decimal("0.2") * 26 * 30)
    assert known.notes == ()


def test_a_monthly_floor_tops_up_a_short_month() -> None:
    parent = _parent()
    floor = parent.changed(
        clauses=tuple(
            c.changed(monthly_floor="4000/month") if c.id == "pay-levels" else c
            for c in parent.clauses
        )
    )
    march = DateRange(start=dt.date(2022, 3, 1), end=dt.date(2022, 3, 31))
    # 26 x 30 x 4.5 = 3510 a month, less the late deductions (none here): 490 short of 4000.
    costing = cost(parent, floor, _riders(20), term=march)
    assert costing.total.workers_gain.amount == Decimal(490 * 300)


def test_rounding_happens_once_at_the_end_half_up() -> None:
    # 1 rider, 1 day of a 31-day month at 26/31 of a day, 1 order, 0.01 more a order:
    # 0.01 x 26/31 = 0.0083… rounds to 0.01; rounding each step would give 0.00.
    profile = WorkforceProfile.model_validate(
        {
            "name": "x",
            "categories": [
                {
                    "category": "managed",
                    "headcount": 1,
                    "orders_per_day": 1,
                    "hours_per_day": 0,
                    "working_days_per_month": 26,
                }
            ],
        }
    )
    parent = _parent()
    richer = parent.changed(
        clauses=tuple(
            c.changed(piece_rate="4.51/order") if c.id == "pay-hourly" else c
            for c in parent.clauses
        )
    )
    day = DateRange(start=dt.date(2022, 3, 1), end=dt.date(2022, 3, 1))
    assert cost(parent, richer, profile, term=day).total.workers_gain.amount == Decimal("0.01")


def test_a_supplement_replaces_the_parents_clause_of_the_same_id_and_adds_the_rest() -> None:
    parent = _parent()
    replacement = parent.clauses[0].changed(piece_rate="5/order")
    merged = supplemented(parent, [replacement, *load_agreement(SPRING_FESTIVAL).clauses])
    assert merged.clauses[0].piece_rate == replacement.piece_rate
    assert [c.id for c in merged.clauses[-3:]] == [
        "festival-pay",
        "festival-lodging",
        "festival-care",
    ]
    assert merged.term == parent.term


def test_costing_needs_a_term() -> None:
    text = _parent().changed(term=None)
    with pytest.raises(InvalidDocument) as caught:
        cost(text, text, _riders(20))
    assert caught.value.problems[0].path == "term"
    assert "neither text has one" in caught.value.message(Lang.EN)


def test_the_example_profile_loads() -> None:
    profile = load_model(WorkforceProfile, EXAMPLES / "profiles" / "bengbu-delivery-riders.yaml")
    assert profile.headcount == 1700
    assert profile.peaks[0].period == FESTIVAL


@pytest.mark.parametrize(
    ("body", "path", "expected"),
    [
        ("categories: []", "categories", "at least 1"),
        (
            "categories:\n- {category: riders, headcount: 1, orders_per_day: 1, "
            "hours_per_day: 8, working_days_per_month: 26}",
            "categories[0].category",
            "labour_relationship",
        ),
        (
            "categories:\n- {category: managed, headcount: 1, orders_per_day: 1, "
            "hours_per_day: 25, working_days_per_month: 26}",
            "categories[0].hours_per_day",
            "24",
        ),
        (
            "categories:\n- {category: managed, headcount: 1, orders_per_day: 1, "
            "hours_per_day: 8, working_days_per_month: 26}\n"
            "peaks:\n- name: 春节\n  period: {start: 2021-02-11, end: 2021-02-17}\n"
            "  categories: [{category: part_time, headcount: 3}]",
            "",
            "categories does not list",
        ),
        (
            "categories:\n- {category: managed, headcount: 1, orders_per_day: 1, "
            "hours_per_day: 8, working_days_per_month: 26}\n"
            "peaks:\n- name: 春节\n  period: {start: 2021-02-11, end: 2021-02-17}\n"
            "  categories: [{category: managed, working_days: 8}]",
            "peaks[0]",
            "more than the 7 days",
        ),
    ],
)
def test_a_bad_profile_names_the_file_the_field_and_what_was_expected(
    tmp_path: Path, body: str, path: str, expected: str
) -> None:
    file = tmp_path / "profile.yaml"
    file.write_text("name: 骑手\n" + body + "\n", encoding="utf-8")
    with pytest.raises(InvalidDocument) as caught:
        load_model(WorkforceProfile, file)
    problem = caught.value.problems[0]
    assert problem.source == str(file)
    assert problem.path == path
    assert expected in problem.render(Lang.EN)


def test_a_profile_refuses_a_category_twice() -> None:
    with pytest.raises(InvalidDocument, match="appears twice"):
        parse_model(
            WorkforceProfile,
            "name: x\ncategories:\n"
            + "- {category: managed, headcount: 1, orders_per_day: 1, hours_per_day: 8, "
            "working_days_per_month: 26}\n" * 2,
        )
