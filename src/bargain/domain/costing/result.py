"""What a costing reports: sums of money, rounded once, and the member impact statements.

Rounding rule: every figure is computed exactly (fractions of a yuan) and rounded only when it
is reported, to the fen (0.01 yuan), half away from zero (``ROUND_HALF_UP``). Figures are
rounded each on its own, so the categories' rounded sums may differ from the rounded total by a
fen or so; the total is the exact sum, rounded.
"""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from decimal import Decimal
from fractions import Fraction

from bargain.domain.base import DomainModel
from bargain.domain.calendar import DateRange
from bargain.domain.language import Lang
from bargain.domain.money import Money
from bargain.domain.parties import Name, WorkerCategory

__all__ = [
    "Amounts",
    "CategoryCosting",
    "Costing",
    "MemberImpact",
    "Note",
    "PeriodCost",
    "to_money",
]

_MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def to_money(amount: Fraction) -> Money:
    """An exact sum rounded to the fen, half away from zero (ROUND_HALF_UP).

    >>> to_money(Fraction(1, 200)), to_money(Fraction(-1, 200))
    (Money(amount=Decimal('0.01')), Money(amount=Decimal('-0.01')))
    """
    fen = math.floor(abs(amount) * 100 + Fraction(1, 2))
    sign = -1 if amount < 0 else 1
    return Money(amount=Decimal(sign * fen).scaleb(-2))


class Amounts(DomainModel):
    """A change in money seen from both sides."""

    employer_cost: Money
    """企业成本: what the employer pays more (less, when negative), on-costs included."""
    workers_gain: Money
    """职工收益: what the workers receive more (less, when negative)."""

    @classmethod
    def of(cls, cost: Fraction, gain: Fraction) -> Amounts:
        """Rounded amounts from exact ones."""
        return cls(employer_cost=to_money(cost), workers_gain=to_money(gain))


class PeriodCost(DomainModel):
    """The change over one calendar month or year (the part of it inside the term)."""

    period: str
    """期间: ``2021-02`` or ``2021``."""
    start: dt.date
    """First day counted."""
    end: dt.date
    """Last day counted."""
    amounts: Amounts
    """The change over those days."""


class CategoryCosting(DomainModel):
    """The change for one category of worker."""

    category: WorkerCategory
    """用工类别."""
    headcount: int
    """Workers of the category on ordinary days."""
    total: Amounts
    """Over the term."""
    per_month: Amounts
    """A month on average over the term."""
    per_year: Amounts
    """A year on average over the term (twelve average months)."""
    per_worker: Amounts
    """Over the term, for each worker (the total over the ordinary headcount)."""
    per_worker_per_month: Amounts
    """A month on average, for each worker."""


class MemberImpact(DomainModel):
    """成员影响说明: what the change means to a typical worker of one category, for the congress."""

    category: WorkerCategory
    """用工类别."""
    worker: Name
    """What a worker is called (骑手)."""
    worker_en: Name
    """The same in English (rider)."""
    since: dt.date | None
    """The first day the pay changes (none: it does not change over the term)."""
    before: Money
    """The month's pay before: the current pay from the profile, or the old text's pay."""
    after: Money
    """The month's pay after."""
    every_month: bool
    """Whether every month from the first change to the end of the term changes (else only some,
    a holiday say, and the figures are those of the month of ``since``)."""

    def statement(self, lang: Lang = Lang.ZH) -> str:
        """The sentence for the congress, in one language.

        >>> MemberImpact(category="labour_relationship", worker="骑手", worker_en="rider",
        ...              since=dt.date(2023, 1, 1), before=4680, after=5200,
        ...              every_month=True).statement(Lang.EN)
        'a typical rider (labour relationship): from 4680.00 to 5200.00 yuan a month from 1 January 2023'
        """
        zh_who = f"一名典型{self.worker}（{self.category.label.zh}）"
        en_who = f"a typical {self.worker_en} ({self.category.label.en})"
        old, new = self.before.format(Lang.ZH), self.after.format(Lang.ZH)
        old_en, new_en = _yuan(self.before), _yuan(self.after)
        if self.since is None or self.before == self.after:
            if lang is Lang.ZH:
                return f"{zh_who}：每月{old}，不变"
            return f"{en_who}: {old_en} yuan a month, unchanged"
        way = "增至" if self.after > self.before else "减至"
        day = self.since
        if self.every_month:
            if lang is Lang.ZH:
                return f"{zh_who}：自{day.year}年{day.month}月{day.day}日起每月由{old}{way}{new}"
            return (
                f"{en_who}: from {old_en} to {new_en} yuan a month from "
                f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"
            )
        if lang is Lang.ZH:
            return f"{zh_who}：{day.year}年{day.month}月（自{day.month}月{day.day}日起）由{old}{way}{new}"
        month = _MONTHS_EN[day.month - 1]
        return (
            f"{en_who}: from {old_en} to {new_en} yuan in {month} {day.year} "
            f"(from {day.day} {month})"
        )


def _yuan(money: Money) -> str:
    return money.format(Lang.EN).removeprefix("CNY ")


class Note(DomainModel):
    """Something the costing left out, and why."""

    zh: str
    en: str

    def get(self, lang: Lang) -> str:
        """The note in ``lang``."""
        return self.zh if lang is Lang.ZH else self.en


class Costing(DomainModel):
    """What one text costs against another, for a workforce profile, over a term."""

    term: DateRange
    """The days costed."""
    months: Decimal
    """Months in the term (a part month counts its share of days), to four places."""
    headcount: int
    """Workers on ordinary days, all categories."""
    total: Amounts
    """Over the term."""
    per_month: Amounts
    """A month on average over the term."""
    per_year: Amounts
    """A year on average over the term (twelve average months)."""
    per_worker: Amounts
    """Over the term, for each worker."""
    per_worker_per_month: Amounts
    """A month on average, for each worker."""
    categories: tuple[CategoryCosting, ...]
    """Per category of the profile."""
    by_month: tuple[PeriodCost, ...]
    """Per calendar month of the term."""
    by_year: tuple[PeriodCost, ...]
    """Per calendar year of the term."""
    impacts: tuple[MemberImpact, ...]
    """A member impact statement per category."""
    notes: tuple[Note, ...] = ()
    """What was not costed."""

    def report(self, lang: Lang = Lang.ZH) -> str:
        """The costing as plain text for people to read, in one language."""
        zh = lang is Lang.ZH

        def row(label_zh: str, label_en: str, amounts: Amounts) -> str:
            label = label_zh if zh else label_en
            cost, gain = (_plain(amounts.employer_cost, lang), _plain(amounts.workers_gain, lang))
            return f"  {_pad(label, 16)}{_pad(cost, 18, right=True)}{_pad(gain, 18, right=True)}"

        head = ("企业成本", "职工收益") if zh else ("employer cost", "workers' gain")
        months = self.months.quantize(Decimal("0.01"))
        lines = [
            (
                f"期间：{self.term.start} 至 {self.term.end}（{months}个月），{self.headcount}人"
                if zh
                else f"term: {self.term.start} to {self.term.end} ({months} months), "
                f"{self.headcount} workers"
            ),
            f"  {_pad('', 16)}{_pad(head[0], 18, right=True)}{_pad(head[1], 18, right=True)}",
            row("期间合计", "over the term", self.total),
            row("月均", "a month", self.per_month),
            row("年均", "a year", self.per_year),
            row("人均（期间）", "per worker", self.per_worker),
            row("人均每月", "per worker-month", self.per_worker_per_month),
            "按用工类别：" if zh else "by category:",
        ]
        for entry in self.categories:
            lines.append(row(entry.category.label.zh[:6], entry.category.value, entry.total))
        lines.append("按年度：" if zh else "by year:")
        lines.extend(row(p.period, p.period, p.amounts) for p in self.by_year)
        changed = [p for p in self.by_month if p.amounts.workers_gain.amount]
        if changed and len(changed) <= 12:
            lines.append("有变化的月份：" if zh else "months that change:")
            lines.extend(row(p.period, p.period, p.amounts) for p in changed)
        lines.append("成员影响说明：" if zh else "member impact:")
        lines.extend(f"  {impact.statement(lang)}" for impact in self.impacts)
        if self.notes:
            lines.append("说明：" if zh else "notes:")
            lines.extend(f"  {note.get(lang)}" for note in self.notes)
        return "\n".join(lines)


def _plain(money: Money, lang: Lang) -> str:
    return money.format(lang)


def _pad(text: str, width: int, *, right: bool = False) -> str:
    # A Chinese character takes two columns of a terminal.
    cells = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    space = " " * max(0, width - cells)
    return space + text if right else text + space
