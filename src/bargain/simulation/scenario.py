"""Scenarios: the case the teams draw, the issues on the table and each side's private brief.

A scenario file (YAML or JSON, schema: ``bargain schema scenario``) names the current agreement
(the text on the table before the game) and, for costing, the workforce profile; it describes the
case with the company's figures; it lists the issues, each mapped to one field of one clause of
that agreement with the values it may take; and it gives each side its private weights, how it
ranks each issue's values, its reservation value and its best alternative (BATNA), and the
deadline. :func:`load_scenario` reads it and checks it against the agreement: every value must be
one the clause field takes.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal, Self

from pydantic import Field, GetJsonSchemaHandler, model_validator
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

from bargain.domain.base import DomainModel, invalid
from bargain.domain.negotiation import FreeText
from bargain.domain.parties import Identifier, Name, Side

__all__ = [
    "CaseData",
    "Deadline",
    "Fact",
    "IssueSpec",
    "Preference",
    "Scenario",
    "SideBrief",
    "Value",
    "ValueRange",
]

Value = bool | int | Decimal | str
"""One value an issue can take, as the clause field holds it in a file (``5``, ``"5/order"``,
``true``), or as a number the issue's ``format`` turns into one."""

_KEY = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", min_length=1, max_length=64)]
_FIELD = Annotated[
    str,
    Field(
        pattern=r"^[a-z][a-z0-9_]*(\[[a-z][a-z0-9_]*\]\.[a-z][a-z0-9_]*)?$",
        min_length=1,
        max_length=128,
    ),
]
_Share = Annotated[Decimal, Field(ge=0, le=1)]


class ValueRange(DomainModel):
    """Evenly spaced numbers: ``low``, ``low + step``, ... up to ``high`` (included)."""

    low: Decimal
    """The first value."""
    high: Decimal
    """The last value."""
    step: Annotated[Decimal, Field(gt=0)]
    """The distance between two values."""

    @model_validator(mode="after")
    def _some_values(self) -> Self:
        if self.high < self.low:
            raise invalid("high 不能小于 low", "high cannot be below low")
        if (self.high - self.low) / self.step > 999:
            raise invalid("一个议题最多1000个取值", "an issue takes at most 1000 values")
        return self

    def values(self) -> tuple[int | Decimal, ...]:
        """The numbers, in order (whole numbers as ``int``)."""
        count = int((self.high - self.low) / self.step)
        numbers = [self.low + self.step * i for i in range(count + 1)]
        if numbers[-1] != self.high:
            numbers.append(self.high)
        return tuple(int(n) if n == n.to_integral_value() else n for n in numbers)


class IssueSpec(DomainModel):
    """议题: one issue on the table, mapped to one field of one clause of the agreement."""

    id: _KEY
    """The issue's key (used by weights, preferences and offers typed at the prompt)."""
    name: Name
    """议题名称: its name in Chinese."""
    name_en: Name | None = None
    """Its name in English."""
    clause: Identifier
    """The clause of the agreement the issue changes."""
    field: _FIELD
    """The clause field it sets: ``piece_rate``, or ``allowances[high_temperature].amount`` for
    the amount of the allowance of that kind."""
    values: tuple[Value, ...] = ()
    """Its values, in order (numbers, texts or ``true``/``false``)."""
    range: ValueRange | None = None
    """Or its values as evenly spaced numbers."""
    format: Annotated[str, Field(pattern=r"^[^{}]*\{\}[^{}]*$", max_length=40)] | None = None
    """How a number is written into the field: ``"{}/order"`` makes ``5`` into ``5/order``."""
    unit: Name | None = None
    """单位: the unit shown with a value (元/单)."""
    unit_en: Name | None = None
    """The unit in English (yuan per order)."""
    cost: tuple[Decimal, ...] = ()
    """Optional: the employer's extra cost per month of each value against the current
    agreement, in yuan, for an issue that costing cannot price (a commission cap); without it,
    costing prices the value from the workforce profile."""

    @model_validator(mode="after")
    def _values_given_once(self) -> Self:
        if (not self.values) == (self.range is None):
            raise invalid(
                "须给出 values 或 range 之一", "give either `values` or `range`, not both"
            )
        count = len(self.options)
        if count < 2:
            raise invalid("一个议题至少两个取值", "an issue takes at least two values")
        if len(set(map(str, self.options))) != count:
            raise invalid("议题的取值不得重复", "an issue's values must differ")
        if self.cost and len(self.cost) != count:
            raise invalid(
                f"cost 须为每个取值给出一个数（{count}个）",
                f"`cost` needs one number per value ({count})",
            )
        return self

    @property
    def options(self) -> tuple[Value, ...]:
        """The values, in order."""
        return self.range.values() if self.range is not None else self.values

    def file_value(self, index: int) -> Value:
        """Value ``index`` as the clause field holds it in a file."""
        value = self.options[index]
        if self.format is not None and not isinstance(value, bool):
            return self.format.replace("{}", str(value))
        return value

    def label(self, index: int, en: bool = False) -> str:
        """Value ``index`` with its unit, for people."""
        value = self.options[index]
        if isinstance(value, bool):
            return ("yes" if value else "no") if en else ("是" if value else "否")
        unit = (self.unit_en or self.unit) if en else self.unit
        return f"{value} {unit}" if en and unit else f"{value}{unit or ''}"


class Preference(DomainModel):
    """How a side ranks one issue's values: ``higher``/``lower`` (evenly) or a score per value."""

    prefers: Literal["higher", "lower"] | None = None
    """Later values are better (``higher``) or earlier ones are (``lower``), evenly spaced."""
    scores: tuple[Annotated[Decimal, Field(ge=0, le=1)], ...] = ()
    """Or a score from 0 to 1 per value, in the order of the values."""

    @model_validator(mode="after")
    def _one_way(self) -> Self:
        if (self.prefers is None) == (not self.scores):
            raise invalid("须给出 prefers 或 scores 之一", "give either `prefers` or `scores`")
        return self

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: object) -> object:
        if isinstance(data, str):
            return {"prefers": data}
        if isinstance(data, list | tuple):
            return {"scores": data}
        return data

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        if handler.mode == "validation":
            score = {"anyOf": [{"type": "number", "minimum": 0, "maximum": 1}, {"type": "string"}]}
            return {
                "title": cls.__name__,
                "anyOf": [
                    json_schema,
                    {"enum": ["higher", "lower"]},
                    {"type": "array", "items": score},
                ],
                "description": "higher, lower, a list of scores (0 to 1), or {prefers|scores}.",
            }
        return json_schema

    def scores_for(self, count: int) -> tuple[Decimal, ...]:
        """The score of each of ``count`` values."""
        if self.scores:
            return self.scores
        step = [Decimal(i) / Decimal(count - 1) for i in range(count)]
        return tuple(step if self.prefers == "higher" else reversed(step))


class SideBrief(DomainModel):
    """A side's private brief: what it values, how much, and what it falls back on."""

    weights: dict[_KEY, Annotated[Decimal, Field(ge=0)]]
    """权重: the weight of each issue (normalised to sum to 1)."""
    preferences: dict[_KEY, Preference]
    """How it ranks each issue's values: ``higher``, ``lower`` or a list of scores."""
    reservation: _Share = Decimal(0)
    """保留值: the utility of no deal, from 0 to 1; a deal below it is worse than none."""
    best_alternative: FreeText | None = None
    """最佳替代方案 (BATNA): what the side does without a deal."""
    best_alternative_en: FreeText | None = None
    """The same in English."""
    notes: FreeText | None = None
    """Private instructions for a team playing this side."""
    notes_en: FreeText | None = None
    """The same in English."""

    @model_validator(mode="after")
    def _weights_add_up(self) -> Self:
        if sum(self.weights.values(), Decimal(0)) <= 0:
            raise invalid("权重之和须大于0", "the weights must add up to more than 0")
        return self


class Deadline(DomainModel):
    """期限: how long the game lasts."""

    rounds: Annotated[int, Field(ge=1, le=10_000)] | None = None
    """In rounds (meetings); programs play by rounds."""
    minutes: Annotated[int, Field(ge=1, le=24 * 60)] | None = None
    """In minutes, for people at the prompt (a contest's 30 or 45 minutes)."""

    @model_validator(mode="after")
    def _some_limit(self) -> Self:
        if self.rounds is None and self.minutes is None:
            raise invalid("须给出 rounds 或 minutes", "give `rounds`, `minutes` or both")
        return self

    @property
    def round_limit(self) -> int:
        """The rounds a game lasts (one per minute when only minutes are given)."""
        return self.rounds if self.rounds is not None else self.minutes or 1


class Fact(DomainModel):
    """A figure of the case shown to both teams."""

    label: Name
    """What it is (Chinese)."""
    label_en: Name | None = None
    """What it is (English)."""
    value: Value
    """The figure."""
    unit: Name | None = None
    """Its unit."""


class CaseData(DomainModel):
    """案例数据: the company's figures both teams read before the game."""

    workers: Annotated[int, Field(ge=1, le=100_000_000)]
    """Workers covered (riders, drivers)."""
    orders_per_day: Annotated[Decimal, Field(ge=0)]
    """Orders (or trips, loads) per worker and working day."""
    working_days_per_month: Annotated[Decimal, Field(gt=0, le=31)] = Decimal(26)
    """Working days per worker and month."""
    revenue_per_order: Annotated[Decimal, Field(ge=0)]
    """The company's revenue per order, in yuan."""
    margin: Annotated[Decimal, Field(ge=0, le=100)]
    """Its margin, in % of revenue: what it can bear at most."""
    facts: tuple[Fact, ...] = ()
    """Further figures of the case."""

    @property
    def revenue_per_month(self) -> Decimal:
        """The company's revenue per month from these workers' orders."""
        return (
            self.workers * self.orders_per_day * self.working_days_per_month
        ) * self.revenue_per_order

    @property
    def affordable_per_month(self) -> Decimal:
        """The most extra cost per month the company can bear: its whole margin."""
        return self.revenue_per_month * self.margin / 100


class Scenario(DomainModel):
    """情景: a bargaining case for a simulated negotiation."""

    id: Identifier
    """The scenario's id."""
    title: Name
    """标题."""
    title_en: Name | None = None
    """Title in English."""
    description: FreeText
    """案情: the case, as both teams read it."""
    description_en: FreeText | None = None
    """The case in English."""
    agreement: Annotated[str, Field(min_length=1, max_length=500)]
    """The current agreement's file, relative to the scenario file: the text on the table."""
    profile: Annotated[str, Field(min_length=1, max_length=500)] | None = None
    """The workforce profile's file (成本测算), relative to the scenario file."""
    case: CaseData
    """The company's figures."""
    issues: tuple[IssueSpec, ...] = Field(min_length=1, max_length=50)
    """The issues on the table."""
    union: SideBrief
    """The union side's private brief."""
    employer: SideBrief
    """The employer side's private brief."""
    deadline: Deadline
    """How long the game lasts."""

    @model_validator(mode="after")
    def _briefs_fit_the_issues(self) -> Self:
        keys = [issue.id for issue in self.issues]
        if len(set(keys)) != len(keys):
            raise invalid("议题标识不得重复", "issue ids must differ")
        targets = [(issue.clause, issue.field) for issue in self.issues]
        if len(set(targets)) != len(targets):
            raise invalid(
                "两个议题不得设定同一条款的同一字段", "two issues cannot set the same clause field"
            )
        for side in Side:
            brief = self.brief(side)
            for name, table in (("weights", brief.weights), ("preferences", brief.preferences)):
                unknown = sorted(set(table) - set(keys))
                missing = [key for key in keys if key not in table]
                if unknown or missing:
                    raise invalid(
                        f"{side.value}.{name} 须为每个议题各给一项（缺少：{', '.join(missing) or '无'}；"
                        f"多出：{', '.join(unknown) or '无'}）",
                        f"{side.value}.{name} needs one entry per issue (missing: "
                        f"{', '.join(missing) or 'none'}; unknown: {', '.join(unknown) or 'none'})",
                    )
            for issue in self.issues:
                scores = brief.preferences[issue.id].scores
                if scores and len(scores) != len(issue.options):
                    raise invalid(
                        f"{side.value}.preferences.{issue.id} 须为每个取值给出一个分数"
                        f"（{len(issue.options)}个）",
                        f"{side.value}.preferences.{issue.id} needs one score per value "
                        f"({len(issue.options)})",
                    )
        return self

    def brief(self, side: Side) -> SideBrief:
        """``side``'s private brief."""
        return self.union if side is Side.UNION else self.employer

    @property
    def size(self) -> int:
        """How many outcomes the issues allow."""
        total = 1
        for issue in self.issues:
            total *= len(issue.options)
        return total
