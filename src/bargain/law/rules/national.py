"""The national pack: representatives, pay, hours, rest, special protection, term, levels.

Each rule's docstring states what the law requires and cites it (legal-reference §6.2 gives the
R and W numbers used in the titles). Numbers that change by date come from the parameters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from bargain.domain.agreement import Agreement, AgreementKind
from bargain.domain.clauses import (
    ClauseKind,
    FloorComponent,
    HoursClause,
    PayClause,
    RestClause,
    SpecialProtectionClause,
    WorkingTimeSystem,
)
from bargain.domain.language import Bilingual, Lang
from bargain.domain.money import Rate
from bargain.domain.parties import Party, WorkerCategory
from bargain.law.findings import Finding, Severity
from bargain.law.parameters import LegalReference
from bargain.law.rules import RuleContext, RulePack, clause_path, covers, rule
from bargain.law.wages import Kind, minimum_wage

__all__ = ["NATIONAL", "floor_below_minimum"]

_CCP = "集体合同规定"
_EMPLOYED = (WorkerCategory.LABOUR_RELATIONSHIP, WorkerCategory.PART_TIME)
_SIDES = (
    ("union", Bilingual("职工方", "union side")),
    ("employer", Bilingual("企业方", "employer side")),
)


def _sides(agreement: Agreement) -> Iterator[tuple[str, Bilingual, Party]]:
    for name, label in _SIDES:
        yield name, label, getattr(agreement, name)


def _has_delegations(context: RuleContext) -> bool:
    return any(len(party.delegation) for _, _, party in _sides(context.agreement))


# --- representatives (集体合同规定 Arts 19-24, 33) ------------------------------------------------


@rule(
    "REP-COUNT",
    title=Bilingual(
        "每方协商代表不少于3人且双方人数对等（R1）",
        "At least 3 representatives a side, equal numbers (R1)",
    ),
    citation=LegalReference(instrument=_CCP, article=19),
)
def representatives_count(context: RuleContext) -> Iterator[Finding]:
    """集体合同规定 第十九条: both sides have the same number of representatives, at least three each."""
    if not _has_delegations(context):
        return
    minimum = int(context.number("representatives.min_per_side"))
    counts = {name: len(party.delegation) for name, _, party in _sides(context.agreement)}
    for name, label, party in _sides(context.agreement):
        if len(party.delegation) < minimum:
            yield context.finding(
                f"{name}.delegation.representatives",
                Bilingual(
                    f"{label.zh}协商代表只有{len(party.delegation)}人，每方应不少于{minimum}人",
                    f"the {label.en} has {len(party.delegation)} representatives; "
                    f"each side needs at least {minimum}",
                ),
                found=len(party.delegation),
                required=f">= {minimum}",
            )
    if counts["union"] != counts["employer"]:
        yield context.finding(
            "employer.delegation.representatives",
            Bilingual(
                f"双方协商代表人数不对等：职工方{counts['union']}人，企业方{counts['employer']}人",
                f"the sides are unequal: {counts['union']} union and "
                f"{counts['employer']} employer representatives",
            ),
            found=counts["employer"],
            required=f"= {counts['union']}",
        )


@rule(
    "REP-CHIEF",
    title=Bilingual(
        "每方有且只有一名首席代表（R2）", "Exactly one chief representative a side (R2)"
    ),
    citation=LegalReference(instrument=_CCP, article=19),
)
def one_chief(context: RuleContext) -> Iterator[Finding]:
    """集体合同规定 第十九条: each side names exactly one chief representative (首席代表)."""
    for name, label, party in _sides(context.agreement):
        if not len(party.delegation):
            continue
        chiefs = len(party.delegation.chiefs)
        if chiefs != 1:
            yield context.finding(
                f"{name}.delegation.representatives",
                Bilingual(
                    f"{label.zh}有{chiefs}名首席代表，应有且只有一名",
                    f"the {label.en} has {chiefs} chief representatives; it needs exactly one",
                ),
                found=chiefs,
                required="1",
            )


def _chief_check(
    context: RuleContext, side: str, holders: set[str], holder_zh: str, holder_en: str
) -> Iterator[Finding]:
    party: Party = getattr(context.agreement, side)
    chief = party.delegation.chief
    if chief is None or chief.delegation is not None:
        return
    index = party.delegation.representatives.index(chief)
    path = f"{side}.delegation.representatives[{index}]"
    if not holders:
        yield context.finding(
            path,
            Bilingual(
                f"未写明{holder_zh}，无法核对首席代表{chief.name}的资格",
                f"no {holder_en} is given, so the chief {chief.name} cannot be checked",
            ),
            severity=Severity.INFO,
        )
    elif chief.name not in holders:
        yield context.finding(
            path,
            Bilingual(
                f"首席代表{chief.name}不是{holder_zh}，须有书面委托（delegation）",
                f"the chief {chief.name} is not the {holder_en} and needs a written delegation",
            ),
            found=chief.name,
            required=f"{'、'.join(sorted(holders))} 或书面委托 / or a written delegation",
        )


@rule(
    "REP-UNION-CHIEF",
    title=Bilingual(
        "职工方首席代表为工会主席或经其书面委托（R3）",
        "Union chief is the chair or delegated in writing (R3)",
    ),
    citation=LegalReference(instrument=_CCP, article=20),
)
def union_chief(context: RuleContext) -> Iterator[Finding]:
    """集体合同规定 第二十条: the union side's chief is the union chair (工会主席), or a
    representative the chair delegates in writing (书面委托)."""
    holders = {o.chair for o in context.agreement.union.organisations if o.chair}
    yield from _chief_check(context, "union", holders, "工会主席", "union chair")


@rule(
    "REP-EMPLOYER-CHIEF",
    title=Bilingual(
        "企业方首席代表为法定代表人或经其书面委托（R4）",
        "Employer chief is the legal representative or delegated in writing (R4)",
    ),
    citation=LegalReference(instrument=_CCP, article=21),
)
def employer_chief(context: RuleContext) -> Iterator[Finding]:
    """集体合同规定 第二十一条: the employer side's chief is the legal representative (法定代表人),
    or a manager the legal representative authorises in writing."""
    holders = {
        o.legal_representative
        for o in context.agreement.employer.organisations
        if o.legal_representative
    }
    yield from _chief_check(context, "employer", holders, "法定代表人", "legal representative")


@rule(
    "REP-EXPERTS",
    title=Bilingual(
        "外聘专业人员不超过本方代表的三分之一，且不得任首席代表（R5）",
        "Outside experts at most a third, never the chief (R5)",
    ),
    citation=LegalReference(instrument=_CCP, article=23),
)
def outside_experts(context: RuleContext) -> Iterator[Finding]:
    """集体合同规定 第二十三条: a chief may appoint outside professionals (外聘专业人员) in writing,
    at most one third of the side's representatives; the chief may not be an outsider."""
    share = context.number("representatives.outside_expert_max_share")
    for name, label, party in _sides(context.agreement):
        members = party.delegation.representatives
        experts = sum(1 for r in members if r.outside_expert)
        allowed = int(share * len(members))
        if experts > allowed:
            yield context.finding(
                f"{name}.delegation.representatives",
                Bilingual(
                    f"{label.zh}外聘专业人员{experts}人，超过本方{len(members)}名代表的三分之一",
                    f"the {label.en} has {experts} outside experts among {len(members)} "
                    "representatives: more than a third",
                ),
                found=experts,
                required=f"<= {allowed}",
            )
        for index, person in enumerate(members):
            if person.chief and person.outside_expert:
                yield context.finding(
                    f"{name}.delegation.representatives[{index}]",
                    Bilingual(
                        f"首席代表{person.name}不得由外聘专业人员担任",
                        f"the chief {person.name} may not be an outside expert",
                    ),
                    found=person.name,
                )


@rule(
    "REP-BOTH-SIDES",
    title=Bilingual("双方协商代表不得相互兼任（R6）", "Nobody represents both sides (R6)"),
    citation=LegalReference(instrument=_CCP, article=24),
)
def nobody_on_both_sides(context: RuleContext) -> Iterator[Finding]:
    """集体合同规定 第二十四条: employer-side and worker-side representatives may not be the same
    people (不得相互兼任)."""
    union = {r.name for r in context.agreement.union.delegation.representatives}
    for index, person in enumerate(context.agreement.employer.delegation.representatives):
        if person.name in union:
            yield context.finding(
                f"employer.delegation.representatives[{index}]",
                Bilingual(
                    f"{person.name}同时是双方的协商代表",
                    f"{person.name} is a representative of both sides",
                ),
                found=person.name,
            )


@rule(
    "REP-RECORDER",
    title=Bilingual("记录员不得是协商代表（R7）", "The recorder is not a representative (R7)"),
    citation=LegalReference(instrument=_CCP, article=33, item=5),
)
def neutral_recorder(context: RuleContext) -> Iterator[Finding]:
    """集体合同规定 第三十三条第（五）项: the two sides jointly appoint a recorder (记录员) who is not a
    representative, and who is neutral and impartial."""
    recorder = context.agreement.recorder
    if recorder is None:
        return
    for _, label, party in _sides(context.agreement):
        if any(r.name == recorder.name for r in party.delegation.representatives):
            yield context.finding(
                "recorder.name",
                Bilingual(
                    f"记录员{recorder.name}同时是{label.zh}协商代表",
                    f"the recorder {recorder.name} is also a {label.en} representative",
                ),
                found=recorder.name,
            )


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

    Reports the first day the floor falls short (one finding per floor), or, when no data covers
    the region, an information finding saying the floor was not checked.
    """
    floor: Rate | None = getattr(clause, field_name)
    if floor is None:
        return
    region = context.agreement.scope.region
    per = Bilingual("月", "month") if kind == "monthly" else Bilingual("小时", "hour")
    for day in context.days_for(clause):
        required = minimum_wage(context.parameters, region, day, kind)
        if required is None:
            yield context.finding(
                clause_path(index, field_name),
                Bilingual(
                    f"没有地区{region}在{day}的最低工资数据，未能核对（见 docs/law-data.md）",
                    f"no minimum-wage data for region {region} on {day}, so this was not "
                    "checked (see docs/law-data.md)",
                ),
                severity=Severity.INFO,
                citation=citation,
            )
            return
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
            return


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
        if not covers(clause, *_EMPLOYED):
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
        if clause.system not in (None, WorkingTimeSystem.STANDARD) or not covers(
            clause, *_EMPLOYED
        ):
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
        if days is not None and days < least and covers(clause, *_EMPLOYED):
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


# --- special protection (R20, R21) --------------------------------------------------------------


@rule(
    "MINORS-AGE",
    title=Bilingual("禁止招用未满16周岁的未成年人（R20）", "Nobody under 16 is employed (R20)"),
    citation=LegalReference(instrument="劳动法", article=15),
)
def minimum_age(context: RuleContext) -> Iterator[Finding]:
    """劳动法 第十五条: employers may not recruit minors under sixteen; 第五十八条 and 第六十四条:
    minor workers aged sixteen and seventeen are kept from the forbidden kinds of work."""
    least = int(context.number("minors.minimum_age"))
    for index, clause in context.clauses(ClauseKind.SPECIAL):
        assert isinstance(clause, SpecialProtectionClause)
        if clause.minimum_age is not None and clause.minimum_age < least:
            yield context.finding(
                clause_path(index, "minimum_age"),
                Bilingual(
                    f"最低用工年龄{clause.minimum_age}周岁，低于法定{least}周岁",
                    f"employing from age {clause.minimum_age}; the law forbids under {least}",
                ),
                found=clause.minimum_age,
                required=f">= {least}",
            )


@rule(
    "MATERNITY",
    title=Bilingual(
        "产假不少于98天，难产、多胞胎各增加15天，孕7个月以上不得延长劳动时间或安排夜班（R21）",
        "Maternity leave of 98 days (+15, +15), no overtime or nights from the 7th month (R21)",
    ),
    citation=LegalReference(instrument="女职工劳动保护特别规定", article=7),
)
def maternity(context: RuleContext) -> Iterator[Finding]:
    """女职工劳动保护特别规定 第七条: 98 days of maternity leave, 15 more for a difficult birth and
    15 more for each extra infant; 第六条第二款: no extended hours or night work from the seventh
    month of pregnancy. (劳动法 第六十二条's 90 days applied before 2012-04-28.)"""
    for index, clause in context.clauses(ClauseKind.SPECIAL):
        assert isinstance(clause, SpecialProtectionClause)
        for field_name, parameter, label in (
            ("maternity_leave_days", "maternity.leave_days", Bilingual("产假", "maternity leave")),
            (
                "difficult_birth_extra_days",
                "maternity.difficult_birth_extra_days",
                Bilingual("难产增加的产假", "extra leave for a difficult birth"),
            ),
            (
                "extra_infant_days",
                "maternity.extra_infant_days",
                Bilingual("多胞胎增加的产假", "extra leave per extra infant"),
            ),
        ):
            value: int | None = getattr(clause, field_name)
            if value is None:
                continue
            entry = context.parameters.entry(parameter, context.on)
            if entry is None:  # not a rule yet on that day (the extra days date from 2012)
                continue
            if value < entry.value:
                yield context.finding(
                    clause_path(index, field_name),
                    Bilingual(
                        f"{label.zh}{value}天，少于法定{entry.value}天",
                        f"{label.en} of {value} days; the law gives {entry.value}",
                    ),
                    found=f"{value} days",
                    required=f">= {entry.value} days",
                    citation=entry.reference,
                )
        month = clause.no_night_work_from_month
        rule_month = context.parameters.entry("maternity.no_overtime_from_month", context.on)
        limit = None if rule_month is None else int(rule_month.value)
        if month is not None and limit is not None and month > limit:
            yield context.finding(
                clause_path(index, "no_night_work_from_month"),
                Bilingual(
                    f"自怀孕第{month}个月起才停止加班和夜班，应自第{limit}个月起",
                    f"overtime and night work stop only from month {month} of pregnancy; the law says from month {limit}",
                ),
                found=month,
                required=f"<= {limit}",
                citation=LegalReference(
                    instrument="女职工劳动保护特别规定", article=6, paragraph=2
                ),
            )


# --- term (W1) and levels (R22) -----------------------------------------------------------------


def _years_later(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@rule(
    "TERM-LENGTH",
    title=Bilingual("集体合同期限一般为1至3年（W1）", "The term is normally 1 to 3 years (W1)"),
    citation=LegalReference(instrument=_CCP, article=38),
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
    citation=LegalReference(instrument=_CCP, article=6),
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


NATIONAL = RulePack(
    name="national",
    title=Bilingual("全国性规定", "National law"),
    rules=(
        representatives_count,
        one_chief,
        union_chief,
        employer_chief,
        outside_experts,
        nobody_on_both_sides,
        neutral_recorder,
        pay_above_minimum_wage,
        floor_exclusions,
        overtime_premiums,
        overtime_limits,
        standard_hours,
        weekly_rest,
        part_time_limits,
        minimum_age,
        maternity,
        term_length,
        supplement_keeps_parent_standards,
    ),
)
"""The national pack (legal-reference §6.2: R1-R7, R15-R22, W1, W3)."""
