"""Clauses (条款): one kind for each topic of 集体合同规定 Art 8, plus the platform extensions.

A clause is one article of an agreement: an id, a heading, its text in Chinese (English optional)
and, by kind, the structured fields that the law rules and the costing read. The kinds follow the
taxonomy of legal-reference §6.3; ``Clause`` is their union, discriminated on ``kind``:

>>> clause = parse_clause({"kind": "PAY", "id": "pay", "heading": "劳动报酬",
...                         "text": "……", "piece_rate": "4.5/order"})
>>> type(clause).__name__, clause.piece_rate.format()
('PayClause', '4.50元/单')

Every structured field is optional: a clause may be text alone, and a field left out means the
agreement says nothing about it (which a law rule may then warn about). Types, units and ranges are
checked here; whether a value is lawful is for :mod:`bargain.law`.

Field docstrings start with the Chinese term, then a colon, then the English description; the
Chinese part is the label ``bargain show`` prints.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import Field, TypeAdapter

from bargain.domain.base import DomainModel
from bargain.domain.calendar import DateRange
from bargain.domain.clause_values import (
    Allowance,
    AllowanceKind,
    AveragingPeriod,
    Benefit,
    ClauseText,
    ContractForm,
    ContractType,
    Count,
    Days,
    DisputeStep,
    FloorComponent,
    Hours,
    Leave,
    Minutes,
    MonthlyHours,
    Percent,
    PerDay,
    PerHour,
    PerMonth,
    PerOrder,
    PremiumPayer,
    Share,
    Texts,
    TimeEstimation,
    VariationGround,
    WeatherCondition,
    WeatherMeasure,
    WeeklyHours,
    WorkingTimeSystem,
)
from bargain.domain.language import LabelledEnum
from bargain.domain.money import NonNegativeMoney, NonNegativeRate
from bargain.domain.parties import Identifier, Name, WorkerCategory

__all__ = [
    "AlgoClause",
    "Allowance",
    "AllowanceKind",
    "AveragingPeriod",
    "Benefit",
    "Clause",
    "ClauseKind",
    "ContractForm",
    "ContractType",
    "DisciplineClause",
    "DisputeClause",
    "DisputeStep",
    "FloorComponent",
    "HoursClause",
    "InsuranceClause",
    "LabourContractClause",
    "Leave",
    "LiabilityClause",
    "OtherClause",
    "PayClause",
    "PremiumPayer",
    "RedundancyClause",
    "RestClause",
    "SafetyClause",
    "SpecialProtectionClause",
    "TermClause",
    "TimeEstimation",
    "TrainingClause",
    "VariationClause",
    "VariationGround",
    "WeatherCondition",
    "WeatherMeasure",
    "WorkingTimeSystem",
    "parse_clause",
]


class ClauseKind(LabelledEnum):
    """The topic of a clause (legal-reference §6.3; 集体合同规定 Art 8)."""

    PAY = "PAY", "劳动报酬", "pay"
    HOURS = "HOURS", "工作时间", "working time"
    REST = "REST", "休息休假", "rest and leave"
    OSH = "OSH", "劳动安全卫生", "occupational safety and health"
    INS = "INS", "补充保险和福利", "insurance and welfare"
    SPECIAL = "SPECIAL", "女职工和未成年工特殊保护", "protection of women workers and minors"
    TRAIN = "TRAIN", "职业技能培训", "vocational training"
    LC = "LC", "劳动合同管理", "labour-contract management"
    DISC = "DISC", "奖惩", "appraisal and discipline"
    RED = "RED", "裁员", "redundancy"
    ALGO = "ALGO", "劳动规则和算法", "work rules and algorithms"
    TERM = "TERM", "集体合同期限", "term"
    VAR = "VAR", "变更、解除程序", "variation and termination"
    DISP = "DISP", "争议协商处理办法", "dispute settlement"
    LIAB = "LIAB", "违反集体合同的责任", "liability for breach"
    OTHER = "OTHER", "其他", "other"


# --- clauses ------------------------------------------------------------------------------------


class _ClauseBase(DomainModel):
    """Fields every clause has."""

    id: Identifier
    """条款标识: stable identifier, unique within the agreement."""
    heading: Name
    """标题: heading in Chinese (e.g. 劳动报酬)."""
    heading_en: Name | None = None
    """英文标题: heading in English."""
    text: ClauseText
    """条文: the clause as written, in Chinese."""
    text_en: ClauseText | None = None
    """英文条文: the clause in English."""
    applies_to: tuple[WorkerCategory, ...] = ()
    """适用人员: the worker categories it covers (none listed: all covered workers)."""
    period: DateRange | None = None
    """适用期间: the dates it applies on, when shorter than the term (a holiday, say)."""


class PayClause(_ClauseBase):
    """劳动报酬 (Art 9): pay levels, piece rates, floors, premiums, payment."""

    kind: Literal[ClauseKind.PAY] = ClauseKind.PAY
    piece_rate: PerOrder | None = None
    """计件单价: pay per order."""
    hourly_floor: PerHour | None = None
    """小时保底收入: guaranteed income per hour."""
    daily_floor: PerDay | None = None
    """日保底收入: guaranteed income per day."""
    monthly_floor: PerMonth | None = None
    """月保底收入: guaranteed income per month."""
    overtime_premium: Percent | None = None
    """延长工作时间工资: pay for extended hours, % of normal pay."""
    rest_day_premium: Percent | None = None
    """休息日加班工资: pay for rest-day work without time off in lieu, % of normal pay."""
    holiday_premium: Percent | None = None
    """法定休假日加班工资: pay for work on statutory holidays, % of normal pay."""
    payment_day: Annotated[int, Field(ge=1, le=31)] | None = None
    """发薪日: day of the month wages are paid."""
    pay_cycle_days: (
        Annotated[int, Field(ge=1, le=31, json_schema_extra={"x-unit": "day"})] | None
    ) = None
    """结算周期: days between payments."""
    annual_increase: Share | None = None
    """年度增幅: agreed yearly increase, %."""
    allowances: tuple[Allowance, ...] = ()
    """津贴补贴: allowances."""
    floor_includes: tuple[FloorComponent, ...] = ()
    """保底收入包含的项目: what the income floors count (nothing listed: base pay only)."""


class HoursClause(_ClauseBase):
    """工作时间 (Art 10): the working-time system, hours, overtime, order-time limits."""

    kind: Literal[ClauseKind.HOURS] = ClauseKind.HOURS
    system: WorkingTimeSystem | None = None
    """工时制度: the working-time system."""
    averaging_period: AveragingPeriod | None = None
    """综合计算周期: period for averaged working time."""
    daily_hours: Hours | None = None
    """每日工作时间: normal hours a day."""
    weekly_hours: WeeklyHours | None = None
    """每周工作时间: normal hours a week."""
    overtime_max_daily: Hours | None = None
    """每日加班上限: most overtime hours a day."""
    overtime_max_monthly: MonthlyHours | None = None
    """每月加班上限: most overtime hours a month."""
    max_continuous_order_hours: Hours | None = None
    """连续最长接单时间: most hours of continuous order-taking."""
    rest_after_continuous_minutes: Minutes | None = None
    """连续接单后强制休息: forced rest, minutes, after the continuous limit."""
    max_daily_working_hours: Hours | None = None
    """每日最长工作时间: most working hours a day; dispatch stops when reached."""
    allowance_minutes_per_day: Minutes | None = None
    """宽放时间: minutes a day of waiting and rest counted as working time."""


class RestClause(_ClauseBase):
    """休息休假 (Art 11): daily and weekly rest, annual and other leave."""

    kind: Literal[ClauseKind.REST] = ClauseKind.REST
    weekly_rest_days: Annotated[int, Field(ge=0, le=7)] | None = None
    """每周休息日: rest days a week."""
    daily_rest_hours: Hours | None = None
    """每日连续休息: consecutive hours of rest between working days."""
    annual_leave_days: Days | None = None
    """带薪年休假: days of paid annual leave."""
    leaves: tuple[Leave, ...] = ()
    """其他假期: other leave."""


class SafetyClause(_ClauseBase):
    """劳动安全卫生 (Art 12): safety, equipment, bad weather and heat, order saturation."""

    kind: Literal[ClauseKind.OSH] = ClauseKind.OSH
    weather_measures: tuple[WeatherMeasure, ...] = ()
    """恶劣天气保护: measures for bad weather and heat."""
    protective_equipment: Texts = ()
    """劳动防护用品: protective equipment issued (helmets, raincoats…)."""
    safety_training_hours_per_year: Annotated[Decimal, Field(ge=0, le=8784)] | None = None
    """安全培训: hours of safety training a year."""
    health_checks_per_year: Annotated[int, Field(ge=0, le=52)] | None = None
    """健康检查: health checks a year."""
    max_concurrent_orders: Annotated[int, Field(ge=1, le=100)] | None = None
    """订单饱和度: most orders carried at once."""


class InsuranceClause(_ClauseBase):
    """补充保险和福利 (Art 13): social, injury and accident insurance, welfare, rest stations."""

    kind: Literal[ClauseKind.INS] = ClauseKind.INS
    social_insurance_for: tuple[WorkerCategory, ...] = ()
    """社会保险: categories enrolled in social insurance."""
    occupational_injury_cover: bool | None = None
    """职业伤害保障: enrolled in occupational-injury protection."""
    accident_insurance_sum: NonNegativeMoney | None = None
    """意外伤害保险保额: sum insured by commercial accident insurance."""
    premium_paid_by: PremiumPayer | None = None
    """保费承担: who pays the premium."""
    rest_stations: Count | None = None
    """爱心驿站: rest stations provided."""
    benefits: tuple[Benefit, ...] = ()
    """福利: other benefits."""


class SpecialProtectionClause(_ClauseBase):
    """女职工和未成年工特殊保护 (Art 14): maternity, the four periods, minors."""

    kind: Literal[ClauseKind.SPECIAL] = ClauseKind.SPECIAL
    maternity_leave_days: Days | None = None
    """产假: days of maternity leave."""
    difficult_birth_extra_days: Days | None = None
    """难产增加产假: extra days for a difficult birth."""
    extra_infant_days: Days | None = None
    """多胞胎增加产假: extra days for each extra infant."""
    no_night_work_from_month: Annotated[int, Field(ge=1, le=10)] | None = None
    """孕期禁止延长劳动时间和夜班: month of pregnancy from which there is no overtime or night work."""
    nursing_minutes_per_day: Minutes | None = None
    """哺乳时间: nursing time a day, minutes."""
    minimum_age: Annotated[int, Field(ge=0, le=100)] | None = None
    """最低用工年龄: youngest age employed."""
    forbidden_work: Texts = ()
    """禁忌劳动范围: work forbidden to women or minors."""


class TrainingClause(_ClauseBase):
    """职业技能培训 (Art 15): plans, funds, measures, skills contests."""

    kind: Literal[ClauseKind.TRAIN] = ClauseKind.TRAIN
    hours_per_year: Annotated[Decimal, Field(ge=0, le=8784)] | None = None
    """培训学时: hours of training a year."""
    funding: NonNegativeRate | None = None
    """培训经费: training funds."""
    skills_contests: bool | None = None
    """技能竞赛: skills contests are held."""


class LabourContractClause(_ClauseBase):
    """劳动合同管理 (Art 16): contract forms by category, probation, signing."""

    kind: Literal[ClauseKind.LC] = ClauseKind.LC
    contract_forms: tuple[ContractForm, ...] = ()
    """合同形式: the contract each category signs."""
    probation_months_max: Annotated[int, Field(ge=0, le=12)] | None = None
    """试用期上限: longest probation, months."""
    signing_within_days: Days | None = None
    """签订时限: days from starting work to signing."""


class DisciplineClause(_ClauseBase):
    """奖惩 (Art 17): discipline, appraisal, penalties, late-delivery deductions."""

    kind: Literal[ClauseKind.DISC] = ClauseKind.DISC
    appraisal_indicators: Texts = ()
    """考核指标: what workers are appraised on."""
    late_delivery_deduction: PerOrder | None = None
    """超时扣款: deduction per late order."""
    late_deductions_phased_out: bool | None = None
    """逐步取消超时扣款: late-delivery deductions are being phased out."""
    appeal_days: Days | None = None
    """申诉期限: days to appeal a penalty."""
    union_consulted_on_penalties: bool | None = None
    """处罚规则听取工会意见: the union is consulted on penalty rules."""


class RedundancyClause(_ClauseBase):
    """裁员 (Art 18): plan, procedure, compensation."""

    kind: Literal[ClauseKind.RED] = ClauseKind.RED
    notice_days: Days | None = None
    """提前通知: days of notice to the union."""
    union_consulted: bool | None = None
    """听取工会意见: the union is consulted."""
    severance_months_per_year: Annotated[Decimal, Field(ge=0, le=12)] | None = None
    """经济补偿: months of pay per year of service."""


class AlgoClause(_ClauseBase):
    """劳动规则和算法: order allocation, time estimation (算法取中), commission, rule changes."""

    kind: Literal[ClauseKind.ALGO] = ClauseKind.ALGO
    time_estimation: TimeEstimation | None = None
    """时间预估: how delivery times are estimated."""
    dispatch_rules_published: bool | None = None
    """派单规则公示: dispatch rules are published."""
    commission_cap: Share | None = None
    """抽成上限: highest commission, % of the order price."""
    rule_change_notice_days: Days | None = None
    """规则变更提前公示: days of notice before rules change."""
    representatives_consulted: bool | None = None
    """听取劳动者代表意见: worker representatives are consulted on rule changes."""
    multi_platform_allowed: bool | None = None
    """多平台就业: workers may work for several platforms."""


class TermClause(_ClauseBase):
    """集体合同期限 (Art 38): duration and renewal."""

    kind: Literal[ClauseKind.TERM] = ClauseKind.TERM
    duration_months: Annotated[int, Field(ge=1, le=120)] | None = None
    """期限: months the agreement runs."""
    renewal_request_months: Annotated[int, Field(ge=0, le=12)] | None = None
    """续订提出期限: months before expiry within which renewal may be asked."""


class VariationClause(_ClauseBase):
    """变更、解除集体合同的程序 (Arts 39-41): grounds and procedure."""

    kind: Literal[ClauseKind.VAR] = ClauseKind.VAR
    grounds: tuple[VariationGround, ...] = ()
    """变更解除事由: grounds for variation or termination."""
    notice_days: Days | None = None
    """提前通知: days of notice before asking."""


class DisputeClause(_ClauseBase):
    """履行集体合同发生争议时的协商处理办法 (Art 8(13)): how disputes are settled."""

    kind: Literal[ClauseKind.DISP] = ClauseKind.DISP
    steps: tuple[DisputeStep, ...] = ()
    """处理程序: the steps, in order."""
    response_days: Days | None = None
    """答复期限: days to answer a complaint."""


class LiabilityClause(_ClauseBase):
    """违反集体合同的责任 (Art 8(14)): liability for breach."""

    kind: Literal[ClauseKind.LIAB] = ClauseKind.LIAB
    remedy_days: Days | None = None
    """纠正期限: days to remedy a breach once notified."""


class OtherClause(_ClauseBase):
    """其他 (Art 8(15)): anything else both sides agree on (festival care, say)."""

    kind: Literal[ClauseKind.OTHER] = ClauseKind.OTHER


Clause = Annotated[
    PayClause
    | HoursClause
    | RestClause
    | SafetyClause
    | InsuranceClause
    | SpecialProtectionClause
    | TrainingClause
    | LabourContractClause
    | DisciplineClause
    | RedundancyClause
    | AlgoClause
    | TermClause
    | VariationClause
    | DisputeClause
    | LiabilityClause
    | OtherClause,
    Field(discriminator="kind"),
]
"""Any clause; ``kind`` says which."""

_CLAUSE: TypeAdapter[Clause] = TypeAdapter(Clause)


def parse_clause(data: Any) -> Clause:
    """Validate one clause from plain data (a mapping with a ``kind``)."""
    return _CLAUSE.validate_python(data)
