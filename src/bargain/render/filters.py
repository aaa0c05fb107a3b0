"""Chinese text conventions of formal documents: numerals, article numbers, dates.

Pure functions, usable as template filters and by the CLI.

>>> article_number(12)
'第十二条'
>>> chinese_date(dt.date(2021, 1, 26))
'2021年1月26日'
"""

from __future__ import annotations

import datetime as dt

from bargain.domain.language import Lang

__all__ = ["article_number", "chapter_number", "chinese_date", "chinese_numeral", "format_date"]

_DIGITS = "零一二三四五六七八九"
_UNITS = ("", "十", "百", "千")
_MYRIADS = ("", "万", "亿", "兆")


def _below_ten_thousand(n: int) -> str:
    """0 < n < 10000, with the zeros that Chinese reading inserts (一千零五)."""
    text = ""
    zero_pending = False
    for position in range(3, -1, -1):
        digit = n // 10**position % 10
        if digit == 0:
            zero_pending = bool(text)
            continue
        if zero_pending:
            text += "零"
            zero_pending = False
        text += _DIGITS[digit] + _UNITS[position]
    return text


def chinese_numeral(n: int) -> str:
    """A non-negative integer in Chinese numerals, as used in article numbers.

    >>> [chinese_numeral(n) for n in (0, 10, 11, 20, 105, 1010, 10001)]
    ['零', '十', '十一', '二十', '一百零五', '一千零一十', '一万零一']

    Raises:
        ValueError: ``n`` is negative or 10**16 or more.
    """
    if n < 0 or n >= 10**16:
        raise ValueError(f"chinese_numeral takes 0 <= n < 10**16, not {n}")
    if n == 0:
        return "零"
    groups: list[int] = []
    while n:
        groups.append(n % 10000)
        n //= 10000
    text = ""
    zero_pending = False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            zero_pending = bool(text)
            continue
        if text and (zero_pending or group < 1000):
            text += "零"
        zero_pending = False
        text += _below_ten_thousand(group) + _MYRIADS[index]
    # 10-19 read 十, 十一 … rather than 一十, 一十一 when they lead.
    if text.startswith("一十"):
        text = text[1:]
    return text


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


def chinese_date(day: dt.date) -> str:
    """A date the way GB/T 9704 writes it: Arabic numerals, no leading zeros (2021年1月26日)."""
    return f"{day.year}年{day.month}月{day.day}日"


def format_date(day: dt.date, lang: Lang = Lang.ZH) -> str:
    """A date for people to read in ``lang``: 2021年1月26日, or 2021-01-26 in English."""
    return chinese_date(day) if lang is Lang.ZH else day.isoformat()
