"""Working time and rest (R17, W3, R18, R19): overtime, standard hours, weekly rest, part-time work."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from bargain.domain.clauses import (
    ClauseKind,
    HoursClause,
    RestClause,
    WorkingTimeSystem,
)
from bargain.domain.language import Bilingual
from bargain.domain.parties import WorkerCategory
from bargain.law.findings import Finding, Severity
from bargain.law.parameters import LegalReference
from bargain.law.rules import RuleContext, clause_path, covers, rule
from bargain.law.rules.national._common import EMPLOYED

__all__ = ["overtime_limits", "part_time_limits", "standard_hours", "weekly_rest"]

# --- working time and rest (R17, W3, R18, R19) --------------------------------------------------


@rule(
    "HOURS-OVERTIME-LIMIT",
    title=Bilingual(
        "延长工作时间一般每日不超过1小时，特殊不超过3小时，每月不超过36小时（R17）",
        "Overtime within 1 h (3 h special) a day and 36 h a month (R17)",
    ),
    citation=LegalReference(instrument="劳动法", article=41),
)
def overtime_limits(context: RuleContext) -> Iterator[Finding]:
    """劳动法 第四十一条: after consulting the union and the workers, working time may be extended
    by normally no more than one hour a day; for special reasons, with health protected, by no
    more than three hours a day and thirty-six hours a month."""
    for index, clause in context.clauses(ClauseKind.HOURS):
        assert isinstance(clause, HoursClause)
        normal = context.number("overtime.daily_normal_max")
        special = context.number("overtime.daily_special_max")
        monthly = context.number("overtime.monthly_max")
        daily = clause.overtime_max_daily
        if daily is not None and daily > special:
            yield context.finding(
                clause_path(index, "overtime_max_daily"),
                Bilingual(
                    f"每日延长工作时间上限{daily}小时，超过法定最高{special}小时",
                    f"overtime of up to {daily} h a day exceeds the legal maximum of {special} h",
                ),
                found=f"{daily} h",
                required=f"<= {special} h",
            )
        elif daily is not None and daily > normal:
            yield context.finding(
                clause_path(index, "overtime_max_daily"),
                Bilingual(
                    f"每日延长工作时间上限{daily}小时：一般不得超过{normal}小时，超过须有特殊原因并保障健康",
                    f"overtime of up to {daily} h a day: normally at most {normal} h; more needs "
                    "special reasons and health protection",
                ),
                found=f"{daily} h",
                required=f"<= {normal} h",
                severity=Severity.WARNING,
            )
        if clause.overtime_max_monthly is not None and clause.overtime_max_monthly > monthly:
            yield context.finding(
                clause_path(index, "overtime_max_monthly"),
                Bilingual(
                    f"每月延长工作时间上限{clause.overtime_max_monthly}小时，超过法定{monthly}小时",
                    f"overtime of up to {clause.overtime_max_monthly} h a month exceeds {monthly} h",
                ),
                found=f"{clause.overtime_max_monthly} h",
                required=f"<= {monthly} h",
            )


@rule(
    "HOURS-STANDARD",
    title=Bilingual(
        "未实行特殊工时制度的，每日不超过8小时、每周不超过40小时（W3）",
        "Standard hours of 8 a day and 40 a week unless a special system is declared (W3)",
    ),
    citation=LegalReference(instrument="国务院关于职工工作时间的规定", article=3),
    severity=Severity.WARNING,
)
def standard_hours(context: RuleContext) -> Iterator[Finding]:
    """国务院关于职工工作时间的规定 第三条: workers work eight hours a day and forty hours a week;
    第五条: other systems (averaged 综合计算工时, flexible 不定时) apply where approved."""
    for index, clause in context.clauses(ClauseKind.HOURS):
        assert isinstance(clause, HoursClause)
        if clause.system not in (None, WorkingTimeSystem.STANDARD) or not covers(clause, *EMPLOYED):
            continue
        for field_name, parameter, per in (
            ("daily_hours", "hours.daily_standard", Bilingual("每日", "a day")),
            ("weekly_hours", "hours.weekly_standard", Bilingual("每周", "a week")),
        ):
            value: Decimal | None = getattr(clause, field_name)
            limit = context.number(parameter)
            if value is not None and value > limit:
                yield context.finding(
                    clause_path(index, field_name),
                    Bilingual(
                        f"标准工时制下{per.zh}工作{value}小时，超过{limit}小时；如实行综合计算工时或不定时工作制，请在 system 中写明",
                        f"{value} h {per.en} under standard hours exceeds {limit} h; declare an "
                        "averaged or flexible system in `system` if one applies",
                    ),
                    found=f"{value} h",
                    required=f"<= {limit} h",
                )


@rule(
    "REST-WEEKLY",
    title=Bilingual("每周至少休息一日（R18）", "At least one rest day a week (R18)"),
    citation=LegalReference(instrument="劳动法", article=38),
)
def weekly_rest(context: RuleContext) -> Iterator[Finding]:
    """劳动法 第三十八条: the employer guarantees workers at least one day of rest a week."""
    least = int(context.number("rest.weekly_days_min"))
    for index, clause in context.clauses(ClauseKind.REST):
        assert isinstance(clause, RestClause)
        days = clause.weekly_rest_days
        if days is not None and days < least and covers(clause, *EMPLOYED):
            yield context.finding(
                clause_path(index, "weekly_rest_days"),
                Bilingual(
                    f"每周休息{days}日，少于法定{least}日",
                    f"{days} rest days a week; at least {least} required",
                ),
                found=days,
                required=f">= {least}",
            )


@rule(
    "PART-TIME-LIMITS",
    title=Bilingual(
        "非全日制用工每日平均不超过4小时、每周不超过24小时，结算周期不超过15日（R19）",
        "Part-time: 4 h a day, 24 h a week, paid within 15 days (R19)",
    ),
    citation=LegalReference(instrument="劳动合同法", article=68),
)
def part_time_limits(context: RuleContext) -> Iterator[Finding]:
    """劳动合同法 第六十八条: part-time work (非全日制用工) averages no more than four hours a day and
    twenty-four hours a week with one employer; 第七十二条: its pay cycle is at most fifteen days."""
    checks = (
        (
            ClauseKind.HOURS,
            "daily_hours",
            "part_time.daily_hours_max",
            Bilingual("每日工作时间", "hours a day"),
            68,
        ),
        (
            ClauseKind.HOURS,
            "weekly_hours",
            "part_time.weekly_hours_max",
            Bilingual("每周工作时间", "hours a week"),
            68,
        ),
        (
            ClauseKind.PAY,
            "pay_cycle_days",
            "part_time.pay_cycle_days_max",
            Bilingual("结算周期（天）", "days between payments"),
            72,
        ),
    )
    for kind, field_name, parameter, label, article in checks:
        for index, clause in context.clauses(kind):
            if WorkerCategory.PART_TIME not in clause.applies_to:
                continue
            value: Any = getattr(clause, field_name)
            limit = context.number(parameter)
            if value is not None and value > limit:
                yield context.finding(
                    clause_path(index, field_name),
                    Bilingual(
                        f"非全日制用工{label.zh}为{value}，超过{limit}",
                        f"part-time {label.en}: {value}, more than {limit}",
                    ),
                    found=value,
                    required=f"<= {limit}",
                    citation=LegalReference(instrument="劳动合同法", article=article),
                )
