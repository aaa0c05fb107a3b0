"""The platform-sector pack: what guidance expects of agreements covering platform workers.

Applies when the agreement's sector is a platform sector (food delivery, ride-hailing, couriers,
freight, domestic services) or it covers workers who are managed without a full labour
relationship (《关于维护新就业形态劳动者劳动保障权益的指导意见》（人社部发〔2021〕56号）). Sources
are legal-reference §3: the 2021 seven-department opinion on delivery riders and the 2023/2024
guideline on rest and pay (cited by title: their numbers are not confirmed), and the 56号 opinion.

These are guidance, not binding law. Every rule declares ``basis=Basis.GUIDANCE``, so its findings
are warnings; ``validate(..., guidance_as_errors=True)`` makes them all errors, for a union that
holds itself to the guidance. A check still marks a number that contradicts the guidance as an
error and a missing expectation as a warning, which shows in the message, not in the severity.
"""

from __future__ import annotations

from collections.abc import Iterator

from bargain.domain.agreement import Agreement, AgreementKind
from bargain.domain.clauses import (
    AlgoClause,
    ClauseKind,
    HoursClause,
    InsuranceClause,
    PayClause,
    SafetyClause,
    TimeEstimation,
)
from bargain.domain.language import Bilingual
from bargain.domain.parties import WorkerCategory
from bargain.law.findings import Basis, Finding, Severity
from bargain.law.parameters import LegalReference
from bargain.law.rules import RuleContext, RulePack, clause_path, covers, rule
from bargain.law.rules.national import floor_below_minimum

__all__ = ["PLATFORM", "PLATFORM_SECTORS", "covers_platform_workers"]

PLATFORM_SECTORS = frozenset(
    {"food-delivery", "ride-hailing", "courier", "freight", "domestic-services", "delivery"}
)
"""Sector identifiers treated as platform work (新就业形态)."""

_GUIDELINE = "新就业形态劳动者休息和劳动报酬权益保障指引"
_SEVEN = "关于落实网络餐饮平台责任切实维护外卖送餐员权益的指导意见"
_OPINION_56 = LegalReference(
    instrument="关于维护新就业形态劳动者劳动保障权益的指导意见", number="人社部发〔2021〕56号"
)
_MANAGED = WorkerCategory.MANAGED


def covers_platform_workers(agreement: Agreement) -> bool:
    """Whether the platform pack applies: a platform sector, or managed workers covered."""
    if agreement.scope.sector in PLATFORM_SECTORS:
        return True
    if agreement.scope.headcount.get(_MANAGED, 0) > 0:
        return True
    return any(_MANAGED in clause.applies_to for clause in agreement.clauses)


_PARTIAL = frozenset({AgreementKind.SPECIAL, AgreementKind.SUPPLEMENTARY})


def _missing(context: RuleContext, path: str, zh: str, en: str) -> Iterator[Finding]:
    """A warning that an expectation is missing, for agreements meant to be complete.

    A special or supplementary agreement covers one topic, so what it leaves out is no gap.
    """
    if context.agreement.kind not in _PARTIAL:
        yield context.finding(path, Bilingual(zh, en), severity=Severity.WARNING)


@rule(
    "PLAT-INCOME-FLOOR",
    title=Bilingual(
        "平台劳动者小时收入不低于当地小时最低工资标准（W4）",
        "Platform workers earn at least the local hourly minimum (W4)",
    ),
    citation=LegalReference(instrument=_GUIDELINE),
    basis=Basis.GUIDANCE,
)
def income_floor(context: RuleContext) -> Iterator[Finding]:
    """新就业形态劳动者休息和劳动报酬权益保障指引: for workers not fully in a labour relationship
    but managed by the company, pay for working time may not be below the hourly minimum wage
    where they actually work; the 2021 seven-department opinion asks that delivery riders' normal
    income not fall below the local minimum. An hourly floor is expected; one below the minimum
    is an error."""
    pay = [
        (index, clause)
        for index, clause in context.clauses(ClauseKind.PAY)
        if covers(clause, _MANAGED) and isinstance(clause, PayClause)
    ]
    floors = [(index, clause) for index, clause in pay if clause.hourly_floor is not None]
    if not floors:
        yield from _missing(
            context,
            "clauses",
            "未约定平台劳动者（不完全符合确立劳动关系情形）的小时保底收入",
            "no hourly income floor is agreed for platform workers managed without a full "
            "labour relationship",
        )
    for index, clause in floors:
        yield from floor_below_minimum(
            context,
            index,
            clause,
            "hourly_floor",
            "hourly",
            context.rule.citation,
            Bilingual("平台劳动者小时", "platform workers' hourly"),
        )


@rule(
    "PLAT-TIME-ESTIMATION",
    title=Bilingual(
        "时间预估和考核按“算法取中”，不得以“最严算法”为标准（W4）",
        "Time estimates set at the median, never the strictest algorithm (W4)",
    ),
    citation=LegalReference(instrument=_SEVEN),
    basis=Basis.GUIDANCE,
)
def time_estimation(context: RuleContext) -> Iterator[Finding]:
    """关于落实网络餐饮平台责任切实维护外卖送餐员权益的指导意见 (2021): the "strictest algorithm"
    (最严算法) may not be the appraisal standard; order volume, on-time and online rates are set
    by "algorithm at the median" (算法取中), and delivery deadlines are loosened."""
    algos = [(i, c) for i, c in context.clauses(ClauseKind.ALGO) if isinstance(c, AlgoClause)]
    stated = [(i, c) for i, c in algos if c.time_estimation is not None]
    if not stated:
        yield from _missing(
            context,
            "clauses",
            "未约定时间预估和考核规则（应按“算法取中”设置）",
            "the agreement says nothing about how delivery times are estimated (expected: the "
            "median, 算法取中)",
        )
    for index, clause in stated:
        if clause.time_estimation is TimeEstimation.STRICTEST:
            yield context.finding(
                clause_path(index, "time_estimation"),
                Bilingual(
                    "不得以“最严算法”作为考核标准",
                    "the strictest algorithm may not be the appraisal standard",
                ),
                found=clause.time_estimation.value,
                required=TimeEstimation.MEDIAN.value,
            )


@rule(
    "PLAT-ORDER-TIME",
    title=Bilingual(
        "约定连续最长接单时间和每日最长工作时间及强制休息（W4）",
        "Maximum continuous and daily order time with forced rest (W4)",
    ),
    citation=LegalReference(instrument=_GUIDELINE),
    severity=Severity.WARNING,
    basis=Basis.GUIDANCE,
)
def order_time(context: RuleContext) -> Iterator[Finding]:
    """新就业形态劳动者休息和劳动报酬权益保障指引 (Art 5): the company and the union or worker
    representatives agree the maximum continuous order time and the maximum daily working time;
    when reached, the system reminds the worker to rest and stops dispatching for a period."""
    hours = [c for _, c in context.clauses(ClauseKind.HOURS) if isinstance(c, HoursClause)]
    if not any(c.max_continuous_order_hours is not None for c in hours):
        yield from _missing(
            context,
            "clauses",
            "未约定连续最长接单时间",
            "no maximum continuous order time is agreed",
        )
    if not any(c.max_daily_working_hours is not None for c in hours):
        yield from _missing(
            context, "clauses", "未约定每日最长工作时间", "no maximum daily working time is agreed"
        )
    for index, clause in context.clauses(ClauseKind.HOURS):
        assert isinstance(clause, HoursClause)
        if (
            clause.max_continuous_order_hours is not None
            and clause.rest_after_continuous_minutes is None
        ):
            yield from _missing(
                context,
                clause_path(index, "rest_after_continuous_minutes"),
                "约定了连续最长接单时间，但未约定达到后的强制休息时长",
                "a maximum continuous order time is agreed, but not the rest that follows it",
            )


@rule(
    "PLAT-HOLIDAY-PREMIUM",
    title=Bilingual(
        "法定节假日工作报酬高于正常标准（W4）",
        "Statutory-holiday work paid above normal rates (W4)",
    ),
    citation=LegalReference(instrument=_GUIDELINE),
    basis=Basis.GUIDANCE,
)
def holiday_premium(context: RuleContext) -> Iterator[Finding]:
    """新就业形态劳动者休息和劳动报酬权益保障指引: platform workers who work on statutory holidays
    are paid above their normal rates."""
    pay = [
        (i, c)
        for i, c in context.clauses(ClauseKind.PAY)
        if isinstance(c, PayClause) and covers(c, _MANAGED)
    ]
    stated = [(i, c) for i, c in pay if c.holiday_premium is not None]
    if not stated:
        yield from _missing(
            context,
            "clauses",
            "未约定平台劳动者法定节假日工作的报酬标准",
            "no statutory-holiday pay rate is agreed for platform workers",
        )
    for index, clause in stated:
        assert clause.holiday_premium is not None
        if clause.holiday_premium <= 100:
            yield context.finding(
                clause_path(index, "holiday_premium"),
                Bilingual(
                    f"法定节假日工作报酬为正常标准的{clause.holiday_premium}%，应高于正常标准",
                    f"holiday work is paid {clause.holiday_premium} % of normal; it must be more",
                ),
                found=f"{clause.holiday_premium}%",
                required="> 100%",
            )


@rule(
    "PLAT-BAD-WEATHER",
    title=Bilingual("恶劣天气等特殊情形下的劳动保护（W4）", "Protection in bad weather (W4)"),
    citation=_OPINION_56,
    severity=Severity.WARNING,
    basis=Basis.GUIDANCE,
)
def bad_weather(context: RuleContext) -> Iterator[Finding]:
    """关于维护新就业形态劳动者劳动保障权益的指导意见 (人社部发〔2021〕56号): companies strengthen
    labour protection in bad weather and other special conditions (强化恶劣天气等特殊情形下的劳动保护)."""
    safety = [c for _, c in context.clauses(ClauseKind.OSH) if isinstance(c, SafetyClause)]
    if not any(c.weather_measures for c in safety):
        yield from _missing(
            context,
            "clauses",
            "未约定高温、雨雪等恶劣天气下的保护措施",
            "no protection in heat, rain, snow or other bad weather is agreed",
        )


@rule(
    "PLAT-INSURANCE",
    title=Bilingual(
        "职业伤害保障或意外伤害保险（W4）", "Occupational-injury or accident insurance (W4)"
    ),
    citation=_OPINION_56,
    severity=Severity.WARNING,
    basis=Basis.GUIDANCE,
)
def insurance(context: RuleContext) -> Iterator[Finding]:
    """关于维护新就业形态劳动者劳动保障权益的指导意见 (人社部发〔2021〕56号) and the seven-department
    opinion: platform workers are covered by
    occupational-injury protection (职业伤害保障) where piloted, and by commercial accident
    insurance otherwise."""
    ins = [c for _, c in context.clauses(ClauseKind.INS) if isinstance(c, InsuranceClause)]
    if not any(c.occupational_injury_cover or c.accident_insurance_sum for c in ins):
        yield from _missing(
            context,
            "clauses",
            "未约定职业伤害保障或意外伤害保险",
            "no occupational-injury cover or accident insurance is agreed",
        )


@rule(
    "PLAT-REST-STATIONS",
    title=Bilingual(
        "为平台劳动者提供休息场所（爱心驿站）（W4）", "Rest stations for platform workers (W4)"
    ),
    citation=LegalReference(instrument=_SEVEN),
    severity=Severity.WARNING,
    basis=Basis.GUIDANCE,
)
def rest_stations(context: RuleContext) -> Iterator[Finding]:
    """关于落实网络餐饮平台责任切实维护外卖送餐员权益的指导意见 (2021) and the 56号 opinion:
    temporary rest places (临时驻留点, 爱心驿站) where platform workers live and work."""
    ins = [c for _, c in context.clauses(ClauseKind.INS) if isinstance(c, InsuranceClause)]
    if not any(c.rest_stations for c in ins):
        yield from _missing(
            context, "clauses", "未约定休息场所（爱心驿站）", "no rest stations are agreed"
        )


PLATFORM = RulePack(
    name="platform",
    title=Bilingual("平台行业（新就业形态）", "Platform sector (新就业形态)"),
    rules=(
        income_floor,
        time_estimation,
        order_time,
        holiday_premium,
        bad_weather,
        insurance,
        rest_stations,
    ),
    applies_to=covers_platform_workers,
)
"""The platform-sector pack (legal-reference §3, W4)."""
