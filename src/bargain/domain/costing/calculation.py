"""``cost``: what a text costs the employer, and gains the workers, against another text."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from fractions import Fraction

from bargain.domain.agreement import Text
from bargain.domain.calendar import DateRange
from bargain.domain.costing.engine import MonthPay, month_pay, months_of, whole_month
from bargain.domain.costing.profile import CategoryProfile, WorkforceProfile
from bargain.domain.costing.result import (
    Amounts,
    CategoryCosting,
    Costing,
    MemberImpact,
    Note,
    PeriodCost,
    to_money,
)
from bargain.domain.language import Bilingual
from bargain.errors import InvalidDocument, Problem

__all__ = ["cost"]

_ZERO = Fraction(0)


def cost(
    before: Text, after: Text, profile: WorkforceProfile, *, term: DateRange | None = None
) -> Costing:
    """The cost of ``after`` against ``before`` for ``profile``'s workforce, over ``term``.

    ``term`` defaults to ``after``'s term, else ``before``'s. For a supplementary agreement (补充协议)
    pass the parent's text as ``before`` and :func:`supplemented` of the parent and the supplement
    as ``after``. The arithmetic is in :mod:`bargain.domain.costing.engine`, the rounding rule in
    :mod:`bargain.domain.costing.result`.

    Raises:
        InvalidDocument: there is no term to cost over (neither text has one, none was given).
    """
    span = term or after.term or before.term
    if span is None:
        raise InvalidDocument(
            [
                Problem(
                    source="<costing>",
                    path="term",
                    expected=Bilingual(
                        "应给出计算期间：两份文本都没有合同期限",
                        "expected a term to cost over: neither text has one",
                    ),
                )
            ]
        )
    notes: set[Bilingual] = set()
    months = list(months_of(span.start, span.end))
    month_count = sum((Fraction(len(m), len(whole_month(m[0]))) for m in months), _ZERO)
    by_month: dict[tuple[int, int], list[Fraction]] = defaultdict(lambda: [_ZERO, _ZERO])
    categories: list[CategoryCosting] = []
    impacts: list[MemberImpact] = []
    grand = [_ZERO, _ZERO]
    for entry in profile.categories:
        oncost = 1 + Fraction(entry.employer_oncost or 0) / 100
        gain_total = _ZERO
        changed: list[tuple[MonthPay, MonthPay]] = []
        for days in months:
            old = month_pay(before, profile, entry, days[0], notes, within=span)
            new = month_pay(after, profile, entry, days[0], notes, within=span)
            gain = new.total - old.total
            gain_total += gain
            slot = by_month[(days[0].year, days[0].month)]
            slot[0] += gain * oncost
            slot[1] += gain
            changed.append((old, new))
        cost_total = gain_total * oncost
        grand[0] += cost_total
        grand[1] += gain_total
        categories.append(_category(entry, cost_total, gain_total, month_count))
        impacts.append(_impact(before, after, profile, entry, changed, notes))
    headcount = profile.headcount
    return Costing(
        term=span,
        months=Decimal(month_count.numerator) / Decimal(month_count.denominator),
        headcount=headcount,
        total=Amounts.of(*grand),
        per_month=Amounts.of(grand[0] / month_count, grand[1] / month_count),
        per_year=Amounts.of(grand[0] * 12 / month_count, grand[1] * 12 / month_count),
        per_worker=Amounts.of(*_each(grand, headcount, 1)),
        per_worker_per_month=Amounts.of(*_each(grand, headcount, month_count)),
        categories=tuple(categories),
        by_month=tuple(_periods(by_month, span, yearly=False)),
        by_year=tuple(_periods(by_month, span, yearly=True)),
        impacts=tuple(impacts),
        notes=tuple(Note(zh=n.zh, en=n.en) for n in sorted(notes)),
    )


def _each(
    amounts: list[Fraction], headcount: int, months: Fraction | int
) -> tuple[Fraction, Fraction]:
    if headcount == 0:
        return _ZERO, _ZERO
    return amounts[0] / headcount / months, amounts[1] / headcount / months


def _category(
    entry: CategoryProfile, cost_total: Fraction, gain_total: Fraction, months: Fraction
) -> CategoryCosting:
    both = [cost_total, gain_total]
    return CategoryCosting(
        category=entry.category,
        headcount=entry.headcount,
        total=Amounts.of(cost_total, gain_total),
        per_month=Amounts.of(cost_total / months, gain_total / months),
        per_year=Amounts.of(cost_total * 12 / months, gain_total * 12 / months),
        per_worker=Amounts.of(*_each(both, entry.headcount, Fraction(1))),
        per_worker_per_month=Amounts.of(*_each(both, entry.headcount, months)),
    )


def _periods(
    by_month: dict[tuple[int, int], list[Fraction]], span: DateRange, *, yearly: bool
) -> list[PeriodCost]:
    grouped: dict[tuple[int, int], list[Fraction]] = defaultdict(lambda: [_ZERO, _ZERO])
    for (year, month), (cost_part, gain_part) in sorted(by_month.items()):
        key = (year, 0) if yearly else (year, month)
        grouped[key][0] += cost_part
        grouped[key][1] += gain_part
    periods = []
    for key, (cost_part, gain_part) in grouped.items():
        if yearly:
            first, last = dt.date(key[0], 1, 1), dt.date(key[0], 12, 31)
            label = f"{key[0]}"
        else:
            first = dt.date(key[0], key[1], 1)
            last = whole_month(first)[-1]
            label = f"{key[0]}-{key[1]:02d}"
        periods.append(
            PeriodCost(
                period=label,
                start=max(first, span.start),
                end=min(last, span.end),
                amounts=Amounts.of(cost_part, gain_part),
            )
        )
    return periods


def _impact(
    before: Text,
    after: Text,
    profile: WorkforceProfile,
    entry: CategoryProfile,
    months: list[tuple[MonthPay, MonthPay]],
    notes: set[Bilingual],
) -> MemberImpact:
    differs = [old.worker != new.worker for old, new in months]
    first = next((i for i, d in enumerate(differs) if d), None)
    since: dt.date | None = None
    every_month = False
    old_pay = new_pay = _ZERO
    if first is not None:
        old, new = months[first]
        since = next(
            (day for day in old.signatures if old.signatures[day] != new.signatures[day]),
            min(old.signatures),
        )
        every_month = all(differs[first:])
        old_pay = month_pay(before, profile, entry, since, notes).worker
        new_pay = month_pay(after, profile, entry, since, notes).worker
    else:
        day = min(months[0][0].signatures) if months else None
        if day is not None:
            old_pay = new_pay = month_pay(before, profile, entry, day, notes).worker
    if entry.current_pay is not None:
        current = Fraction(entry.current_pay.amount)
        old_pay, new_pay = current, current + (new_pay - old_pay)
    return MemberImpact(
        category=entry.category,
        worker=profile.worker,
        worker_en=profile.worker_en,
        since=since,
        before=to_money(old_pay),
        after=to_money(new_pay),
        every_month=every_month,
    )
