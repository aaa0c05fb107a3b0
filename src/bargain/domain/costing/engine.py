"""The arithmetic of the costing: a worker's pay, day by day, under one text.

Every sum is an exact :class:`fractions.Fraction` of a yuan until the figures are reported
(:mod:`bargain.domain.costing.result` rounds them, once, to the fen). A working day is spread
over the calendar: on an ordinary day of a month of ``D`` days a worker works
``working_days_per_month / D`` of a day, so that a whole month holds exactly the working days of
the profile; on a day of a peak that states ``working_days`` the share is
``working_days / days of the peak``.

On a day worked a worker earns the orders times the piece rate, the allowances paid per order,
day or hour, and the top-up to the higher of the daily floor and the hourly floor times the
hours, when the pay the floors count falls short; less the late-delivery deduction on the late
share of the orders. A monthly allowance is paid a ``1/D`` part each calendar day. The monthly
floor is checked per calendar month: its due part (the days it is in force over the month's
days) against the pay the floors count on those days.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from fractions import Fraction

from bargain.domain.agreement import Text
from bargain.domain.calendar import DateRange
from bargain.domain.clauses import Allowance, AllowanceKind, FloorComponent
from bargain.domain.costing.profile import CategoryProfile, WorkforceProfile
from bargain.domain.costing.terms import PayTerms, pay_terms
from bargain.domain.language import Bilingual
from bargain.domain.money import Per

__all__ = ["MonthPay", "Situation", "days_of", "month_pay", "months_of", "situation", "whole_month"]

_ZERO = Fraction(0)
_FLOOR_PART = {c.value: c for c in FloorComponent}


@dataclass(frozen=True)
class Situation:
    """How one category works on one day: per worker, and how many workers."""

    headcount: int
    orders: Fraction
    hours: Fraction
    worked: Fraction
    """The share of the day a worker works (see the module docstring)."""


def situation(profile: WorkforceProfile, entry: CategoryProfile, day: dt.date) -> Situation:
    """How ``entry``'s category works on ``day``, peaks applied."""
    month_days = calendar.monthrange(day.year, day.month)[1]
    headcount = entry.headcount
    orders = Fraction(entry.orders_per_day)
    hours = Fraction(entry.hours_per_day)
    worked = Fraction(entry.working_days_per_month) / month_days
    for peak in profile.peaks:
        change = peak.entry(entry.category)
        if change is None or day not in peak.period:
            continue
        headcount = change.headcount if change.headcount is not None else headcount
        orders = Fraction(change.orders_per_day) if change.orders_per_day is not None else orders
        hours = Fraction(change.hours_per_day) if change.hours_per_day is not None else hours
        if change.working_days is not None:
            worked = Fraction(change.working_days, peak.period.days)
    return Situation(headcount=headcount, orders=orders, hours=hours, worked=worked)


def _share(profile: WorkforceProfile, allowance: Allowance, notes: set[Bilingual]) -> Fraction:
    given = profile.allowance_shares.get(allowance.name)
    if given is not None:
        return Fraction(given) / 100
    if allowance.condition is None:
        return Fraction(1)
    notes.add(
        Bilingual(
            f"津贴“{allowance.name}”有发放条件（{allowance.condition}），用工情况未给出发放比例"
            "（allowance_shares），未计入",
            f"allowance {allowance.name!r} is paid on a condition ({allowance.condition}) and "
            "the profile gives no share for it (allowance_shares): not costed",
        )
    )
    return _ZERO


def _counts_to_floor(kind: AllowanceKind, includes: frozenset[FloorComponent]) -> bool:
    return _FLOOR_PART.get(kind.value, FloorComponent.OTHER_SUBSIDY) in includes


@dataclass(frozen=True)
class _Day:
    worked_pay: Fraction
    """Pay for a day worked, deductions taken off."""
    floored: Fraction
    """What the monthly floor counts of a day worked."""
    calendar_pay: Fraction
    """Pay for the calendar day, worked or not (monthly allowances)."""


def _day(
    terms: PayTerms,
    work: Situation,
    month_days: int,
    profile: WorkforceProfile,
    entry: CategoryProfile,
    notes: set[Bilingual],
) -> _Day:
    piece = work.orders * (terms.piece_rate or _ZERO)
    extra = counted = calendar_pay = _ZERO
    for allowance in terms.allowances:
        share = _share(profile, allowance, notes)
        amount = Fraction(allowance.amount.amount) * share
        per = allowance.amount.per
        if per is Per.MONTH:
            calendar_pay += amount / month_days
            continue
        if per is Per.ONCE:
            notes.add(
                Bilingual(
                    f"一次性津贴“{allowance.name}”无法按月分摊，未计入",
                    f"one-off allowance {allowance.name!r} has no date to cost it on: not costed",
                )
            )
            continue
        paid = amount * {Per.ORDER: work.orders, Per.DAY: Fraction(1), Per.HOUR: work.hours}[per]
        extra += paid
        if _counts_to_floor(allowance.kind, terms.floor_includes):
            counted += paid
    floor = max(terms.daily_floor or _ZERO, (terms.hourly_floor or _ZERO) * work.hours)
    top_up = max(_ZERO, floor - piece - counted)
    late = Fraction(entry.late_order_share or 0) / 100
    deduction = work.orders * late * (terms.late_deduction or _ZERO)
    return _Day(
        worked_pay=piece + extra + top_up - deduction,
        floored=piece + counted + top_up,
        calendar_pay=calendar_pay,
    )


@dataclass(frozen=True)
class MonthPay:
    """What one category is paid over some days of one calendar month under one text."""

    worker: Fraction
    """A typical worker's pay."""
    total: Fraction
    """The whole category's pay."""
    signatures: dict[dt.date, tuple[object, ...]] = field(default_factory=dict)
    """Per day, what decides the pay of that day (to find the first day that changes)."""


def month_pay(
    text: Text,
    profile: WorkforceProfile,
    entry: CategoryProfile,
    month: dt.date,
    notes: set[Bilingual],
    *,
    within: DateRange | None = None,
) -> MonthPay:
    """The pay of ``entry``'s category under ``text`` in the calendar month of ``month``.

    Only the days ``within`` the range count (all the month's days when it is ``None``); the
    monthly floor is still checked over the whole month, and its top-up shared out over the days
    it is in force, so that costing a week does not find a month's floor unmet by a week's pay.
    """
    days = whole_month(month)
    month_days = len(days)
    worker = total = _ZERO
    floors: dict[Fraction, list[Fraction]] = {}
    counted: dict[Fraction, int] = {}
    signature: dict[dt.date, tuple[object, ...]] = {}
    for day in days:
        work = situation(profile, entry, day)
        terms = pay_terms(text, entry.category, day)
        paid = _day(terms, work, month_days, profile, entry, notes)
        inside = within is None or day in within
        if inside:
            each = work.worked * paid.worked_pay + paid.calendar_pay
            worker += each
            total += work.headcount * each
            signature[day] = (paid, terms.monthly_floor)
        if terms.monthly_floor is not None:
            part = floors.setdefault(terms.monthly_floor, [_ZERO, _ZERO, _ZERO])
            part[0] += terms.monthly_floor / month_days
            part[1] += work.worked * paid.floored
            part[2] += 1
            counted[terms.monthly_floor] = counted.get(terms.monthly_floor, 0) + inside
    for floor, (owed, earned, in_force) in floors.items():
        top_up = max(_ZERO, owed - earned) * counted[floor] / in_force
        worker += top_up
        total += entry.headcount * top_up
    return MonthPay(worker, total, signature)


def days_of(start: dt.date, end: dt.date) -> Iterator[dt.date]:
    """Every day from ``start`` to ``end``, both included."""
    day = start
    while day <= end:
        yield day
        day += dt.timedelta(days=1)


def months_of(start: dt.date, end: dt.date) -> Iterator[list[dt.date]]:
    """The days from ``start`` to ``end`` grouped by calendar month, in order."""
    current: list[dt.date] = []
    for day in days_of(start, end):
        if current and (day.year, day.month) != (current[0].year, current[0].month):
            yield current
            current = []
        current.append(day)
    if current:
        yield current


def whole_month(day: dt.date) -> list[dt.date]:
    """Every day of the calendar month of ``day``."""
    last = calendar.monthrange(day.year, day.month)[1]
    return list(days_of(day.replace(day=1), day.replace(day=last)))
