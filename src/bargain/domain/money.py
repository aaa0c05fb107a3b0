"""Money and rates in renminbi (CNY), as exact decimals.

``Money`` is a sum (a lump payment, a total cost). ``Rate`` is an amount per unit: per month, day,
hour, order, or once (a one-off payment that a clause states alongside periodic ones). Arithmetic
never mixes units silently: adding a rate per order to a rate per day, or comparing them, raises
:class:`~bargain.errors.UnitMismatch`. Turning a rate into a sum needs a quantity of its unit:

>>> rate = Rate.parse("12.5/order")
>>> rate.times(20)
Money(amount=Decimal('250.0'))
>>> rate + Rate.parse("4.5/order")
Rate(amount=Decimal('17.0'), per=<Per.ORDER: 'order'>)

Files may write a rate as a mapping (``{amount: 12.5, per: order}``) or as the short string
``"12.5/order"``; Chinese units are accepted too (``"12.5元/单"``).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from functools import total_ordering
from typing import Annotated, Any, TypeVar

from pydantic import (
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

from bargain.domain.base import DomainModel, invalid
from bargain.domain.language import LabelledEnum, Lang
from bargain.errors import UnitMismatch

__all__ = ["Money", "NonNegativeMoney", "NonNegativeRate", "Per", "Rate", "RatePer"]

_FEN = Decimal("0.01")
# Twelve digits before the point is a trillion yuan: far past any agreement, short of absurd input.
_AMOUNT = Field(max_digits=18, decimal_places=6, allow_inf_nan=False)


class Per(LabelledEnum):
    """The unit a rate is paid per."""

    MONTH = "month", "月", "month"
    DAY = "day", "日", "day"
    HOUR = "hour", "小时", "hour"
    ORDER = "order", "单", "order"
    ONCE = "once", "次", "one-off"


_PER_ALIASES: dict[str, Per] = {
    **{p.value: p for p in Per},
    "months": Per.MONTH,
    "days": Per.DAY,
    "hours": Per.HOUR,
    "h": Per.HOUR,
    "orders": Per.ORDER,
    "one-off": Per.ONCE,
    "月": Per.MONTH,
    "日": Per.DAY,
    "天": Per.DAY,
    "小时": Per.HOUR,
    "时": Per.HOUR,
    "单": Per.ORDER,
    "次": Per.ONCE,
}

_RATE_TEXT = re.compile(
    r"^\s*(?P<amount>[+-]?\d+(?:\.\d+)?)\s*(?:元|yuan|CNY)?\s*/\s*(?P<per>\S+?)\s*$",
    re.IGNORECASE,
)


def _any_case(word: str) -> str:
    # JSON Schema patterns take no flags: spell case-insensitivity out ([yY][uU]...).
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() and c.isascii() else c for c in word)


_CURRENCY = "(元|" + _any_case("yuan") + "|" + _any_case("cny") + ")?"


def _rate_pattern(sign: str, units: str) -> str:
    return rf"^\s*{sign}\d+(\.\d+)?\s*{_CURRENCY}\s*/\s*{units}\s*$"


_RATE_PATTERN = _rate_pattern("[+-]?", r"\S+")


def _fen(amount: Decimal) -> str:
    return str(amount.quantize(_FEN, rounding=ROUND_HALF_UP))


@total_ordering
class Money(DomainModel):
    """A sum of renminbi.

    >>> Money.of("1380") + Money.of("120.5")
    Money(amount=Decimal('1500.5'))
    >>> Money.of(1500).format(Lang.ZH)
    '1500.00元'
    """

    amount: Annotated[Decimal, _AMOUNT]

    @classmethod
    def of(cls, amount: Decimal | int | str) -> Money:
        """A sum from a number or its decimal text."""
        return cls(amount=Decimal(amount))

    @model_validator(mode="before")
    @classmethod
    def _from_number(cls, data: Any) -> Any:
        if isinstance(data, int | float | str | Decimal) and not isinstance(data, bool):
            text = str(data).strip().removesuffix("元").strip()
            return {"amount": text}
        return data

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        if handler.mode == "validation":
            return {
                "title": cls.__name__,
                "anyOf": [json_schema, {"type": "number"}, {"type": "string"}],
                "description": "An amount in CNY: a number, its text, or {amount: ...}.",
            }
        return json_schema

    def __add__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        return Money(amount=self.amount + other.amount)

    def __sub__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        return Money(amount=self.amount - other.amount)

    def __mul__(self, factor: int | Decimal) -> Money:
        if isinstance(factor, bool) or not isinstance(factor, int | Decimal):
            return NotImplemented
        return Money(amount=self.amount * factor)

    __rmul__ = __mul__

    def __lt__(self, other: Money) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        return self.amount < other.amount

    def format(self, lang: Lang = Lang.ZH) -> str:
        """The sum rounded to the fen, for people to read."""
        return f"{_fen(self.amount)}元" if lang is Lang.ZH else f"CNY {_fen(self.amount)}"

    def __str__(self) -> str:
        return str(self.amount)


@total_ordering
class Rate(DomainModel):
    """An amount of renminbi per unit (month, day, hour, order, or once).

    Rates of the same unit add, subtract and compare; rates of different units raise
    :class:`~bargain.errors.UnitMismatch`. A rate scales by a plain number (``rate * 2``).

    >>> Rate.parse("200/day") < Rate.parse("12.5/order")
    Traceback (most recent call last):
    ...
    bargain.errors.UnitMismatch: 不能对不同计量单位的金额做“compare”运算：200/day 与 12.5/order \
(cannot compare amounts of different units: 200/day and 12.5/order)
    """

    amount: Annotated[Decimal, _AMOUNT]
    per: Per

    @classmethod
    def parse(cls, text: str) -> Rate:
        """A rate from its short text, e.g. ``"12.5/order"`` or ``"200元/天"``."""
        return cls.model_validate(text)

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, data: Any) -> Any:
        if not isinstance(data, str):
            return data
        match = _RATE_TEXT.match(data)
        if match is None:
            raise invalid(
                "应为“金额/单位”形式，如 12.5/order、200/day、1500/month",
                "expected a rate such as '12.5/order', '200/day' or '1500/month'",
            )
        per = _PER_ALIASES.get(match["per"].lower())
        if per is None:
            known = ", ".join(p.value for p in Per)
            raise invalid(
                f"不认识的计量单位“{match['per']}”；应为 {known}",
                f"unknown unit {match['per']!r}; expected one of {known}",
            )
        return {"amount": match["amount"], "per": per}

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        if handler.mode == "validation":
            return {
                "title": cls.__name__,
                "anyOf": [json_schema, {"type": "string", "pattern": _RATE_PATTERN}],
                "description": "CNY per unit: {amount, per} or a string such as '12.5/order'.",
            }
        return json_schema

    def _same_unit(self, other: Rate, operation: str) -> None:
        if self.per is not other.per:
            raise UnitMismatch(operation, str(self), str(other))

    def __add__(self, other: Rate) -> Rate:
        if not isinstance(other, Rate):
            return NotImplemented
        self._same_unit(other, "add")
        return Rate(amount=self.amount + other.amount, per=self.per)

    def __sub__(self, other: Rate) -> Rate:
        if not isinstance(other, Rate):
            return NotImplemented
        self._same_unit(other, "subtract")
        return Rate(amount=self.amount - other.amount, per=self.per)

    def __mul__(self, factor: int | Decimal) -> Rate:
        if isinstance(factor, bool) or not isinstance(factor, int | Decimal):
            return NotImplemented
        return Rate(amount=self.amount * factor, per=self.per)

    __rmul__ = __mul__

    def __lt__(self, other: Rate) -> bool:
        if not isinstance(other, Rate):
            return NotImplemented
        self._same_unit(other, "compare")
        return self.amount < other.amount

    def times(self, quantity: int | Decimal) -> Money:
        """The sum paid for ``quantity`` units (orders, days, hours …)."""
        if isinstance(quantity, bool) or not isinstance(quantity, int | Decimal):
            raise TypeError(f"quantity must be an int or Decimal, not {type(quantity).__name__}")
        return Money(amount=self.amount * quantity)

    def format(self, lang: Lang = Lang.ZH) -> str:
        """The rate rounded to the fen, for people to read: ``12.50元/单``."""
        if lang is Lang.ZH:
            return f"{_fen(self.amount)}元/{self.per.label.zh}"
        return f"CNY {_fen(self.amount)} per {self.per.label.en}"

    def __str__(self) -> str:
        return f"{self.amount}/{self.per.value}"


_Amount = TypeVar("_Amount", Money, Rate)


def _not_negative(value: _Amount) -> _Amount:
    if value.amount < 0:
        raise invalid("金额不能为负数", "expected an amount of zero or more")
    return value


# What a JSON Schema validator can check of "not negative": a number at least 0, or text without
# a minus sign (the shorthand included).
_NOT_NEGATIVE_AMOUNT = {
    "anyOf": [{"type": "number", "minimum": 0}, {"type": "string", "pattern": r"^\s*[^\s-]"}]
}


class _NotNegative:
    """Annotation: the amount is zero or more; the JSON Schema says so too."""

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(_not_negative, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        if handler.mode != "validation":
            return json_schema
        return {
            "allOf": [
                json_schema,
                {
                    "anyOf": [
                        {"type": "object", "properties": {"amount": _NOT_NEGATIVE_AMOUNT}},
                        {"type": "number", "minimum": 0},
                        {"type": "string", "pattern": r"^\s*[^\s-]"},
                    ]
                },
            ],
            "x-minimum": 0,
        }


NonNegativeMoney = Annotated[Money, _NotNegative()]
"""A sum that may not be negative (every sum a clause states)."""

NonNegativeRate = Annotated[Rate, _NotNegative()]
"""A rate that may not be negative (every rate a clause states)."""


class RatePer:
    """Annotation: a rate field that takes one unit only (a piece rate is per order).

    The model refuses another unit, however the value was made, and the JSON Schema states the
    unit (``x-per``) and accepts only it, in the mapping and in the shorthand:

    >>> from typing import Annotated
    >>> from pydantic import TypeAdapter
    >>> per_day = TypeAdapter(Annotated[Rate, RatePer(Per.DAY)])
    >>> per_day.validate_python("200/天").format()
    '200.00元/日'
    >>> per_day.json_schema()["x-per"]
    'day'
    """

    def __init__(self, unit: Per) -> None:
        self.unit = unit

    def __repr__(self) -> str:
        return f"RatePer({self.unit.value!r})"

    def _check(self, rate: Rate) -> Rate:
        if rate.per is not self.unit:
            raise invalid(
                f"应为按{self.unit.label.zh}计的金额，而不是按{rate.per.label.zh}计",
                f"expected a rate per {self.unit.value}, not per {rate.per.value}",
            )
        return rate

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(self._check, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        unit = self.unit.value
        per = {"properties": {"per": {"const": unit}}}
        if handler.mode == "validation":
            spellings = sorted(k for k, v in _PER_ALIASES.items() if v is self.unit)
            words = "|".join(_any_case(re.escape(s)) for s in spellings)
            rule: dict[str, Any] = {
                "anyOf": [
                    {"type": "object", **per},
                    {"type": "string", "pattern": _rate_pattern("[+-]?", f"({words})")},
                ]
            }
        else:
            rule = per
        return {"allOf": [json_schema, rule], "x-per": unit}
