"""The two languages bargain speaks, and text that carries both.

What users read (messages, findings, labels) comes in Chinese, the default, and in English.
"""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple

__all__ = ["Bilingual", "LabelledEnum", "Lang"]


class Lang(StrEnum):
    """A language of user-facing text: ``zh`` (简体中文, the default) or ``en``."""

    ZH = "zh"
    EN = "en"


class Bilingual(NamedTuple):
    """A piece of user-facing text in Chinese and English.

    >>> Bilingual("行业性集体合同", "sector agreement").get(Lang.EN)
    'sector agreement'
    """

    zh: str
    en: str

    def get(self, lang: Lang) -> str:
        """The text in ``lang``."""
        return self.zh if lang is Lang.ZH else self.en


class LabelledEnum(StrEnum):
    """A string enum whose members carry their name in both languages.

    Members are declared as ``NAME = "value", "中文", "English"``; the value is what files and
    JSON hold, the label what people read:

    >>> class Colour(LabelledEnum):
    ...     RED = "red", "红色", "red"
    >>> Colour("red").label.zh
    '红色'
    """

    label: Bilingual

    def __new__(cls, value: str, zh: str = "", en: str = "") -> LabelledEnum:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = Bilingual(zh or value, en or value.replace("_", " "))
        return member


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
