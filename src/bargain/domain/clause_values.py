"""The values clauses are written in: units and ranges, the enumerations, the small records.

A clause's structured fields hold hours within a day, percentages, days, rates per a named unit,
and lists of small records (an allowance, a kind of leave, a bad-weather measure). They are
declared here once, apart from the clause kinds in :mod:`bargain.domain.clauses` that use them;
every public name here is also importable from there.

>>> WeatherMeasure(condition="heat", temperature_celsius=35, subsidy="10/day").subsidy.format()
'10.00元/日'
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import Field

from bargain.domain.base import DomainModel, PlainText
from bargain.domain.language import LabelledEnum
from bargain.domain.money import NonNegativeRate, Per, RatePer
from bargain.domain.parties import Name, WorkerCategory

__all__ = [
    "Allowance",
    "AllowanceKind",
    "AveragingPeriod",
    "Benefit",
    "ClauseText",
    "ContractForm",
    "ContractType",
    "Count",
    "Days",
    "DisputeStep",
    "FloorComponent",
    "Hours",
    "Leave",
    "Minutes",
    "MonthlyHours",
    "PerDay",
    "PerHour",
    "PerMonth",
    "PerOrder",
    "Percent",
    "PremiumPayer",
    "Share",
    "Texts",
    "TimeEstimation",
    "VariationGround",
    "WeatherCondition",
    "WeatherMeasure",
    "WeeklyHours",
    "WorkingTimeSystem",
]

Percent = Annotated[
    Decimal, Field(ge=0, le=1000, max_digits=7, decimal_places=3, json_schema_extra={"x-unit": "%"})
]
"""A percentage: ``150`` is 150 %."""
Share = Annotated[
    Decimal, Field(ge=0, le=100, max_digits=6, decimal_places=3, json_schema_extra={"x-unit": "%"})
]
"""A percentage that cannot pass 100."""
Hours = Annotated[
    Decimal,
    Field(ge=0, le=24, max_digits=6, decimal_places=3, json_schema_extra={"x-unit": "hour"}),
]
"""Hours in one day."""
WeeklyHours = Annotated[
    Decimal,
    Field(ge=0, le=168, max_digits=6, decimal_places=3, json_schema_extra={"x-unit": "hour"}),
]
"""Hours in one week."""
MonthlyHours = Annotated[
    Decimal,
    Field(ge=0, le=744, max_digits=6, decimal_places=3, json_schema_extra={"x-unit": "hour"}),
]
"""Hours in one month."""
Minutes = Annotated[int, Field(ge=0, le=1440, json_schema_extra={"x-unit": "minute"})]
"""Minutes in one day."""
Days = Annotated[int, Field(ge=0, le=3660, json_schema_extra={"x-unit": "day"})]
"""A number of days."""
Count = Annotated[int, Field(ge=0, le=1_000_000)]
"""A count of things."""
Texts = tuple[Name, ...]
ClauseText = Annotated[PlainText, Field(min_length=1, max_length=20_000)]
"""The text of a clause: line breaks allowed, control and bidirectional characters not."""


PerOrder = Annotated[NonNegativeRate, RatePer(Per.ORDER)]
PerHour = Annotated[NonNegativeRate, RatePer(Per.HOUR)]
PerDay = Annotated[NonNegativeRate, RatePer(Per.DAY)]
PerMonth = Annotated[NonNegativeRate, RatePer(Per.MONTH)]


class WorkingTimeSystem(LabelledEnum):
    """工时制度: the working-time system (国务院关于职工工作时间的规定 Arts 3, 5)."""

    STANDARD = "standard", "标准工时制", "standard hours"
    AVERAGED = "averaged", "综合计算工时工作制", "averaged working time"
    FLEXIBLE = "flexible", "不定时工作制", "flexible working time"


class AveragingPeriod(LabelledEnum):
    """综合计算周期: the period over which averaged working time is counted."""

    WEEK = "week", "周", "week"
    MONTH = "month", "月", "month"
    QUARTER = "quarter", "季", "quarter"
    YEAR = "year", "年", "year"


class AllowanceKind(LabelledEnum):
    """津贴、补贴: kinds of allowance (the first six are left out of minimum-wage pay, 最低工资规定 Art 12)."""

    MIDDLE_SHIFT = "middle_shift", "中班津贴", "middle-shift allowance"
    NIGHT_SHIFT = "night_shift", "夜班津贴", "night-shift allowance"
    HIGH_TEMPERATURE = "high_temperature", "高温津贴", "high-temperature allowance"
    LOW_TEMPERATURE = "low_temperature", "低温津贴", "low-temperature allowance"
    UNDERGROUND = "underground", "井下津贴", "underground allowance"
    HAZARDOUS = "hazardous", "有毒有害津贴", "hazardous-work allowance"
    BAD_WEATHER = "bad_weather", "恶劣天气补贴", "bad-weather subsidy"
    HOLIDAY = "holiday", "节日补贴", "holiday subsidy"
    MEAL = "meal", "餐费补贴", "meal subsidy"
    TRANSPORT = "transport", "交通补贴", "transport subsidy"
    COMMUNICATION = "communication", "通讯补贴", "phone subsidy"
    OTHER = "other", "其他津贴", "other allowance"


class FloorComponent(LabelledEnum):
    """What an income floor counts (保底收入包含的项目).

    The first eight may not count towards the minimum wage (最低工资规定 Art 12): a floor that
    includes them can hide pay below the minimum.
    """

    OVERTIME_PAY = "overtime_pay", "加班工资", "overtime pay"
    MIDDLE_SHIFT = "middle_shift", "中班津贴", "middle-shift allowance"
    NIGHT_SHIFT = "night_shift", "夜班津贴", "night-shift allowance"
    HIGH_TEMPERATURE = "high_temperature", "高温津贴", "high-temperature allowance"
    LOW_TEMPERATURE = "low_temperature", "低温津贴", "low-temperature allowance"
    UNDERGROUND = "underground", "井下津贴", "underground allowance"
    HAZARDOUS = "hazardous", "有毒有害津贴", "hazardous-work allowance"
    STATUTORY_WELFARE = "statutory_welfare", "法定福利待遇", "statutory welfare"
    PIECE_PAY = "piece_pay", "计件报酬", "piece pay"
    BONUS = "bonus", "奖金", "bonus"
    OTHER_SUBSIDY = "other_subsidy", "其他补贴", "other subsidies"


class WeatherCondition(LabelledEnum):
    """恶劣天气: conditions that call for protection measures."""

    HEAT = "heat", "高温", "heat"
    COLD = "cold", "低温", "cold"
    RAIN = "rain", "降雨", "rain"
    SNOW = "snow", "降雪", "snow"
    ICE = "ice", "道路结冰", "ice"
    FOG = "fog", "大雾", "fog"
    TYPHOON = "typhoon", "台风", "typhoon"
    THUNDERSTORM = "thunderstorm", "雷暴", "thunderstorm"
    OTHER = "other", "其他恶劣天气", "other bad weather"


class PremiumPayer(LabelledEnum):
    """Who pays an insurance premium."""

    EMPLOYER = "employer", "企业", "employer"
    PLATFORM = "platform", "平台", "platform"
    SHARED = "shared", "共同承担", "shared"
    WORKER = "worker", "劳动者", "worker"


class ContractType(LabelledEnum):
    """The written form of a worker's relationship (人社部发〔2021〕56号)."""

    LABOUR_CONTRACT = "labour_contract", "劳动合同", "labour contract"
    WRITTEN_AGREEMENT = "written_agreement", "书面协议", "written agreement"
    CIVIL_AGREEMENT = "civil_agreement", "民事协议", "civil agreement"


class TimeEstimation(LabelledEnum):
    """How the platform sets delivery-time estimates and targets.

    ``median`` is 算法取中, the middle of observed times; ``strictest`` is the 最严算法 that the
    2021 seven-department opinion forbids as an appraisal standard (legal-reference §3.2).
    """

    MEDIAN = "median", "算法取中", "median (算法取中)"
    STRICTEST = "strictest", "最严算法", "strictest (最严算法)"
    OTHER = "other", "其他", "other"


class VariationGround(LabelledEnum):
    """Grounds for varying or terminating an agreement (集体合同规定 Art 40)."""

    MERGER_DISSOLUTION_BANKRUPTCY = (
        "merger_dissolution_bankruptcy",
        "企业兼并、解散、破产",
        "merger, dissolution or bankruptcy",
    )
    FORCE_MAJEURE = "force_majeure", "不可抗力", "force majeure"
    AGREED_CONDITION = "agreed_condition", "约定的变更或解除条件出现", "an agreed condition"
    LAW = "law", "法律法规规定的其他情形", "other grounds in law"


class DisputeStep(LabelledEnum):
    """Steps for settling a dispute over performance (Art 55; 劳动法 Art 84)."""

    NEGOTIATION = "negotiation", "协商", "negotiation"
    MEDIATION = "mediation", "调解", "mediation"
    COORDINATION = "coordination", "协调处理", "coordination"
    ARBITRATION = "arbitration", "劳动争议仲裁", "arbitration"
    LITIGATION = "litigation", "诉讼", "litigation"


class Allowance(DomainModel):
    """津贴、补贴: an allowance paid on top of wages."""

    name: Name
    """名称: name of the allowance."""
    kind: AllowanceKind
    """类别: kind of allowance."""
    amount: NonNegativeRate
    """标准: amount per unit."""
    condition: Name | None = None
    """发放条件: when it is paid."""


class Leave(DomainModel):
    """A kind of leave (假期)."""

    name: Name
    """名称: name of the leave."""
    days: Days
    """天数: days granted."""
    paid: bool = True
    """带薪: whether it is paid."""


class WeatherMeasure(DomainModel):
    """恶劣天气保护措施: what is done in one kind of bad weather."""

    condition: WeatherCondition
    """天气: the weather condition."""
    temperature_celsius: Annotated[Decimal, Field(ge=-60, le=60)] | None = None
    """温度阈值: the temperature at which the measure applies (°C)."""
    threshold: Name | None = None
    """触发条件: the trigger in words (a warning level, say)."""
    delivery_time_extension_minutes: Minutes | None = None
    """配送时限延长: minutes added to delivery times."""
    subsidy: NonNegativeRate | None = None
    """补贴: extra pay while the condition lasts."""
    suspends_outdoor_work: bool = False
    """停止户外作业: outdoor work stops."""


class Benefit(DomainModel):
    """福利: a benefit in kind or cash."""

    name: Name
    """名称: what is given."""
    condition: Name | None = None
    """条件: who gets it, or when."""
    value: NonNegativeRate | None = None
    """价值: its value, where stated."""


class ContractForm(DomainModel):
    """The form of contract a category of worker signs."""

    category: WorkerCategory
    """用工类别: the category of worker."""
    form: ContractType
    """合同形式: the contract or agreement they sign."""
