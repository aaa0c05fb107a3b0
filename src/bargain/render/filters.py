"""Chinese text conventions of formal documents: numerals, article numbers, dates, amounts.

Pure functions, registered as template filters by name in :data:`FILTERS` and used by the CLI.
Numerals and capitals come from the ``cn2an`` package (decision 0010). Template contexts are plain
JSON data, so every filter that takes a date also takes its ISO text, and every filter that takes
an amount also takes its decimal text.

>>> article_number(12)
'第十二条'
>>> chinese_date(dt.date(2021, 1, 26))
'2021年1月26日'
>>> amount_in_capitals("1500")
'人民币壹仟伍佰元整'
>>> money(1500), money("1500", "en")
('1,500.00元', 'CNY 1,500.00')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from types import MappingProxyType
from typing import Any

from bargain.domain.language import Lang, chinese_numeral

__all__ = [
    "FILTERS",
    "amount_in_capitals",
    "article_number",
    "chapter_number",
    "chinese_date",
    "chinese_numeral",
    "format_date",
    "money",
]

_FEN = Decimal("0.01")
_AMOUNT_LIMIT = Decimal(10**12)


def article_number(n: int) -> str:
    """第N条, the heading of article ``n`` (1-based)."""
    if n < 1:
        raise ValueError(f"articles are numbered from 1, not {n}")
    return f"第{chinese_numeral(n)}条"


def chapter_number(n: int) -> str:
    """第N章, the heading of chapter ``n`` (1-based)."""
    if n < 1:
        raise ValueError(f"chapters are numbered from 1, not {n}")
    return f"第{chinese_numeral(n)}章"


def _date(day: dt.date | str) -> dt.date:
    if isinstance(day, dt.date):
        return day
    try:
        return dt.date.fromisoformat(day)
    except (TypeError, ValueError) as e:
        raise ValueError(f"expected a date such as 2021-01-26, not {day!r}") from e


def chinese_date(day: dt.date | str) -> str:
    """A date the way GB/T 9704 writes it: Arabic numerals, no leading zeros (2021年1月26日)."""
    day = _date(day)
    return f"{day.year}年{day.month}月{day.day}日"


def format_date(day: dt.date | str, lang: Lang | str = Lang.ZH) -> str:
    """A date for people to read in ``lang``: 2021年1月26日, or ISO 8601 in English.

    >>> format_date("2021-01-26", "en")
    '2021-01-26'
    """
    day = _date(day)
    return chinese_date(day) if Lang(lang) is Lang.ZH else day.isoformat()


def _fen(amount: Decimal | int | str | float) -> Decimal:
    """An amount of yuan rounded to the fen (half up), refused when negative or 10**12 or more."""
    if isinstance(amount, bool):
        raise ValueError(f"expected an amount of yuan, not {amount!r}")
    try:
        value = Decimal(str(amount).replace(",", "").removesuffix("元").strip())
    except InvalidOperation as e:
        raise ValueError(f"expected an amount of yuan, not {amount!r}") from e
    if not value.is_finite() or value < 0 or value >= _AMOUNT_LIMIT:
        raise ValueError(f"amounts are written for 0 <= yuan < 10**12, not {amount!r}")
    return value.quantize(_FEN, rounding=ROUND_HALF_UP)


def amount_in_capitals(amount: Decimal | int | str | float) -> str:
    """An amount in capitals as contracts write it beside the figures (人民币壹仟伍佰元整).

    >>> amount_in_capitals("12.5"), amount_in_capitals("0.05"), amount_in_capitals(600000)
    ('人民币壹拾贰元伍角', '人民币伍分', '人民币陆拾万元整')
    """
    from cn2an import an2cn

    value = _fen(amount)
    text: str = an2cn(f"{value:f}", "rmb")
    yuan = int(value)
    if yuan >= 10**8:  # the yuan as chinese_numeral writes them (see its cn2an note)
        text = text.replace(an2cn(yuan, "up"), chinese_numeral(yuan, upper=True), 1)
    return f"人民币{text}"


def money(amount: Decimal | int | str | float, lang: Lang | str = Lang.ZH) -> str:
    """An amount with its unit: 1,500.00元, or CNY 1,500.00 in English."""
    figures = f"{_fen(amount):,.2f}"
    return f"{figures}元" if Lang(lang) is Lang.ZH else f"CNY {figures}"


FILTERS: Mapping[str, Callable[..., Any]] = MappingProxyType(
    {
        "amount_in_capitals": amount_in_capitals,
        "article_number": article_number,
        "chapter_number": chapter_number,
        "chinese_date": chinese_date,
        "chinese_numeral": chinese_numeral,
        "format_date": format_date,
        "money": money,
    }
)
"""Every filter templates may use, by name (``{{ offer.reply_due|chinese_date }}``)."""
