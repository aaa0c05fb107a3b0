"""Pay (R15, R16): minimum wage and overtime premiums."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

from bargain.domain.clauses import (
    ClauseKind,
    FloorComponent,
    PayClause,
)
from bargain.domain.language import Bilingual, Lang
from bargain.domain.money import Rate
from bargain.domain.parties import WorkerCategory
from bargain.law.findings import Finding, Severity
from bargain.law.parameters import LegalReference
from bargain.law.rules import RuleContext, clause_path, covers, rule
from bargain.law.rules.national._common import EMPLOYED
from bargain.law.wages import Kind, minimum_wage

__all__ = ["floor_below_minimum", "floor_exclusions", "overtime_premiums", "pay_above_minimum_wage"]

# --- pay (R15, R16) -----------------------------------------------------------------------------

_EXCLUDED_FROM_MINIMUM = frozenset(
    {
        FloorComponent.OVERTIME_PAY,
        FloorComponent.MIDDLE_SHIFT,
        FloorComponent.NIGHT_SHIFT,
        FloorComponent.HIGH_TEMPERATURE,
        FloorComponent.LOW_TEMPERATURE,
        FloorComponent.UNDERGROUND,
        FloorComponent.HAZARDOUS,
        FloorComponent.STATUTORY_WELFARE,
    }
)


def floor_below_minimum(
    context: RuleContext,
    index: int,
    clause: PayClause,
    field_name: str,
    kind: Kind,
    citation: LegalReference,
    who: Bilingual,
) -> Iterator[Finding]:
    """Compare one floor of a pay clause with the local minimum wage on each day judged.

    Reports the first day the floor falls short (one finding per floor), and, when no data covers
    the region on some days judged, one information finding saying those days were not checked;
    the days that have data are checked all the same.
    """
    floor: Rate | None = getattr(clause, field_name)
    if floor is None:
        return
    region = context.agreement.scope.region
    per = Bilingual("月", "month") if kind == "monthly" else Bilingual("小时", "hour")
    unchecked: dt.date | None = None
    for day in context.days_for(clause):
        required = minimum_wage(context.parameters, region, day, kind)
        if required is None:
            unchecked = unchecked or day
            continue
        if floor.amount < required.amount:
            yield context.finding(
                clause_path(index, field_name),
                Bilingual(
                    f"{who.zh}保底收入{floor.format(Lang.ZH)}低于{day}适用的"
                    f"{required.place.zh}最低工资标准{required.amount}元/{per.zh}",
                    f"the {who.en} floor of {floor.format(Lang.EN)} is below the minimum wage "
                    f"of CNY {required.amount} per {per.en} in force in {required.place.en} "
                    f"on {day}",
                ),
                found=floor,
                required=f">= {required.amount}/{floor.per.value}",
                citation=citation,
                confidence=required.confidence,
            )
            break
    if unchecked is not None:
        yield context.finding(
            clause_path(index, field_name),
            Bilingual(
                f"没有地区{region}在{unchecked}的最低工资数据，未能核对（见 docs/law-data.md）",
                f"no minimum-wage data for region {region} on {unchecked}, so this was not "
                "checked (see docs/law-data.md)",
            ),
            severity=Severity.INFO,
            citation=citation,
        )


_MINIMUM_WAGE_MONTHLY = LegalReference(instrument="最低工资规定", article=12)
_MINIMUM_WAGE_HOURLY = LegalReference(instrument="劳动合同法", article=72)


@rule(
    "PAY-MIN-WAGE",
    title=Bilingual(
        "保底收入不低于当地最低工资标准（R15）", "Pay floors at least the local minimum wage (R15)"
    ),
    citation=LegalReference(instrument="最低工资规定", article=12),
)
def pay_above_minimum_wage(context: RuleContext) -> Iterator[Finding]:
    """最低工资规定 第十二条; 劳动合同法 第五十五条: pay for normal work may not be below the local
    minimum wage, monthly for full-time workers in a labour relationship; 劳动合同法 第七十二条:
    hourly pay of part-time workers may not be below the local hourly minimum. The standard is
    the one in force, by region tier and date, on each day the agreement is judged."""
    monthly, hourly = _MINIMUM_WAGE_MONTHLY, _MINIMUM_WAGE_HOURLY
    for index, clause in context.clauses(ClauseKind.PAY):
        assert isinstance(clause, PayClause)
        if covers(clause, WorkerCategory.LABOUR_RELATIONSHIP):
            yield from floor_below_minimum(
                context,
                index,
                clause,
                "monthly_floor",
                "monthly",
                monthly,
                Bilingual("月", "monthly"),
            )
        if covers(clause, WorkerCategory.PART_TIME):
            yield from floor_below_minimum(
                context,
                index,
                clause,
                "hourly_floor",
                "hourly",
                hourly,
                Bilingual("非全日制小时", "part-time hourly"),
            )


@rule(
    "PAY-FLOOR-EXCLUSIONS",
    title=Bilingual(
        "最低工资不得包含加班工资、特殊津贴和法定福利（R15）",
        "Minimum-wage floors exclude overtime, special allowances, welfare (R15)",
    ),
    citation=LegalReference(instrument="最低工资规定", article=12),
)
def floor_exclusions(context: RuleContext) -> Iterator[Finding]:
    """最低工资规定 第十二条: pay compared with the minimum wage excludes overtime pay; allowances
    for middle and night shifts, high and low temperature, underground and toxic or hazardous
    work; and statutory welfare. A floor that counts them can hide pay below the minimum."""
    for index, clause in context.clauses(ClauseKind.PAY):
        assert isinstance(clause, PayClause)
        counted = [c for c in clause.floor_includes if c in _EXCLUDED_FROM_MINIMUM]
        if counted and (clause.monthly_floor or clause.hourly_floor):
            yield context.finding(
                clause_path(index, "floor_includes"),
                Bilingual(
                    "保底收入不得计入" + "、".join(c.label.zh for c in counted),
                    "an income floor may not count " + ", ".join(c.label.en for c in counted),
                ),
                found=", ".join(c.value for c in counted),
                required="none of: overtime pay, shift/temperature/underground/hazard allowances, statutory welfare",
            )


_PREMIUMS = (
    (
        "overtime_premium",
        "overtime.premium.extended",
        Bilingual("延长工作时间", "extended hours"),
        1,
    ),
    (
        "rest_day_premium",
        "overtime.premium.rest_day",
        Bilingual("休息日工作又不能安排补休", "rest-day work without time off"),
        2,
    ),
    (
        "holiday_premium",
        "overtime.premium.holiday",
        Bilingual("法定休假日工作", "statutory-holiday work"),
        3,
    ),
)


@rule(
    "PAY-OVERTIME-PREMIUM",
    title=Bilingual(
        "加班工资不低于150%、200%、300%（R16）", "Overtime paid at least 150 / 200 / 300 % (R16)"
    ),
    citation=LegalReference(instrument="劳动法", article=44),
)
def overtime_premiums(context: RuleContext) -> Iterator[Finding]:
    """劳动法 第四十四条: extended hours are paid at least 150 % of normal wages; rest-day work
    without compensatory time off at least 200 %; work on statutory holidays at least 300 %."""
    for index, clause in context.clauses(ClauseKind.PAY):
        assert isinstance(clause, PayClause)
        if not covers(clause, *EMPLOYED):
            continue
        for field_name, parameter, label, item in _PREMIUMS:
            value: Decimal | None = getattr(clause, field_name)
            if value is None:
                continue
            least = context.number(parameter)
            if value < least:
                yield context.finding(
                    clause_path(index, field_name),
                    Bilingual(
                        f"{label.zh}的工资为{value}%，不得低于{least}%",
                        f"pay for {label.en} is {value} %; the law requires at least {least} %",
                    ),
                    found=f"{value}%",
                    required=f">= {least}%",
                    citation=LegalReference(instrument="劳动法", article=44, item=item),
                )
