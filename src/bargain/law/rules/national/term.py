"""The term (W1) and the levels of agreements (R22)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from bargain.domain.agreement import AgreementKind
from bargain.domain.clauses import (
    ClauseKind,
)
from bargain.domain.language import Bilingual
from bargain.law.findings import Finding, Severity
from bargain.law.parameters import LegalReference
from bargain.law.rules import RuleContext, clause_path, rule
from bargain.law.rules.national._common import CCP

__all__ = ["supplement_keeps_parent_standards", "term_length"]

# --- term (W1) and levels (R22) -----------------------------------------------------------------


def _years_later(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@rule(
    "TERM-LENGTH",
    title=Bilingual("集体合同期限一般为1至3年（W1）", "The term is normally 1 to 3 years (W1)"),
    citation=LegalReference(instrument=CCP, article=38),
    severity=Severity.WARNING,
)
def term_length(context: RuleContext) -> Iterator[Finding]:
    """集体合同规定 第三十八条: the term of a collective agreement is generally (一般) one to three
    years. "Generally" makes this a warning, not an error. A supplementary agreement follows the
    term of the agreement it supplements and is not judged here."""
    agreement = context.agreement
    if agreement.term is None or agreement.kind is AgreementKind.SUPPLEMENTARY:
        return
    shortest = int(context.number("term.usual_min_years"))
    longest = int(context.number("term.usual_max_years"))
    start, end = agreement.term.start, agreement.term.end
    after = end + dt.timedelta(days=1)
    if after < _years_later(start, shortest) or after > _years_later(start, longest):
        yield context.finding(
            "term",
            Bilingual(
                f"期限{agreement.term.days}天，不在一般的{shortest}至{longest}年之内",
                f"a term of {agreement.term.days} days is outside the usual {shortest} to {longest} years",
            ),
            found=f"{start} – {end}",
            required=f"{shortest}–{longest} years",
        )


_STANDARDS: tuple[tuple[ClauseKind, str, bool, Bilingual], ...] = (
    (ClauseKind.PAY, "piece_rate", True, Bilingual("计件单价", "piece rate")),
    (ClauseKind.PAY, "hourly_floor", True, Bilingual("小时保底收入", "hourly floor")),
    (ClauseKind.PAY, "daily_floor", True, Bilingual("日保底收入", "daily floor")),
    (ClauseKind.PAY, "monthly_floor", True, Bilingual("月保底收入", "monthly floor")),
    (ClauseKind.PAY, "overtime_premium", True, Bilingual("延长工作时间工资", "overtime premium")),
    (ClauseKind.PAY, "rest_day_premium", True, Bilingual("休息日加班工资", "rest-day premium")),
    (ClauseKind.PAY, "holiday_premium", True, Bilingual("法定休假日加班工资", "holiday premium")),
    (ClauseKind.HOURS, "daily_hours", False, Bilingual("每日工作时间", "daily hours")),
    (ClauseKind.HOURS, "weekly_hours", False, Bilingual("每周工作时间", "weekly hours")),
    (
        ClauseKind.HOURS,
        "overtime_max_daily",
        False,
        Bilingual("每日加班上限", "daily overtime limit"),
    ),
    (
        ClauseKind.HOURS,
        "overtime_max_monthly",
        False,
        Bilingual("每月加班上限", "monthly overtime limit"),
    ),
    (
        ClauseKind.HOURS,
        "max_continuous_order_hours",
        False,
        Bilingual("连续最长接单时间", "longest continuous order time"),
    ),
    (
        ClauseKind.HOURS,
        "max_daily_working_hours",
        False,
        Bilingual("每日最长工作时间", "longest working day"),
    ),
    (ClauseKind.REST, "weekly_rest_days", True, Bilingual("每周休息日", "weekly rest days")),
    (ClauseKind.REST, "annual_leave_days", True, Bilingual("带薪年休假", "annual leave")),
    (ClauseKind.SPECIAL, "maternity_leave_days", True, Bilingual("产假", "maternity leave")),
    (
        ClauseKind.INS,
        "accident_insurance_sum",
        True,
        Bilingual("意外伤害保险保额", "accident insurance"),
    ),
)


def _amount(value: Any) -> Decimal:
    return Decimal(value.amount) if hasattr(value, "amount") else Decimal(value)


@rule(
    "SUPPLEMENT-FLOOR",
    title=Bilingual(
        "补充协议不得低于所补充集体合同的标准（R22）",
        "A supplement may not lower its parent's standards (R22)",
    ),
    citation=LegalReference(instrument=CCP, article=6),
)
def supplement_keeps_parent_standards(context: RuleContext) -> Iterator[Finding]:
    """集体合同规定 第六条; 劳动法 第三十五条; 劳动合同法 第五十五条: standards agreed at a lower level
    may not fall below those of the higher level. A supplementary agreement (补充协议) may raise
    its parent's pay and conditions, never lower them, for the workers both cover."""
    agreement = context.agreement
    if agreement.kind is not AgreementKind.SUPPLEMENTARY:
        return
    if context.parent is None:
        yield context.finding(
            "supplements",
            Bilingual(
                "未提供所补充的集体合同，无法核对补充协议是否降低其标准",
                "the parent agreement was not given, so its standards were not compared",
            ),
            severity=Severity.INFO,
        )
        return
    for kind, field_name, higher_is_better, label in _STANDARDS:
        for index, clause in context.clauses(kind):
            value = getattr(clause, field_name)
            if value is None:
                continue
            for parent_clause in context.parent.clauses_of(kind):
                standard = getattr(parent_clause, field_name)
                overlap = (
                    not clause.applies_to
                    or not parent_clause.applies_to
                    or set(clause.applies_to) & set(parent_clause.applies_to)
                )
                if standard is None or not overlap:
                    continue
                mine, theirs = _amount(value), _amount(standard)
                if (mine < theirs) if higher_is_better else (mine > theirs):
                    yield context.finding(
                        clause_path(index, field_name),
                        Bilingual(
                            f"{label.zh}{value}不如所补充集体合同的{standard}",
                            f"the {label.en} of {value} is worse than the parent's {standard}",
                        ),
                        found=value,
                        required=f"{'>=' if higher_is_better else '<='} {standard}",
                    )
                    break
