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


_LIMIT = 10**12
"""Numerals are written for 0 <= n < 10**12 (below 万亿), the range cn2an reads all alike."""


def chinese_numeral(n: int, *, upper: bool = False) -> str:
    """A non-negative integer in Chinese numerals, as used in article numbers (via ``cn2an``).

    >>> [chinese_numeral(n) for n in (0, 10, 11, 20, 105, 1010, 10001)]
    ['零', '十', '十一', '二十', '一百零五', '一千零一十', '一万零一']
    >>> chinese_numeral(1500, upper=True)
    '壹仟伍佰'

    ``upper`` writes the capitals (大写) of amounts and cheques.

    ``cn2an`` is imported on the first call, not with the domain: importing it compiles the
    regular expressions of its other direction (Chinese to Arabic), about 0.1 s (decision 0010).

    Raises:
        ValueError: ``n`` is negative or 10**12 or more.
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 0 or n >= _LIMIT:
        raise ValueError(f"chinese_numeral takes 0 <= n < 10**12, not {n!r}")
    from cn2an import an2cn

    text: str = an2cn(n, "up" if upper else "low")
    # cn2an 0.5.24 drops the 零 that stands for an empty 万 group after 亿 when the last group
    # has thousands (10300004990 is 一百零三亿零四千九百九十, not 一百零三亿四千九百九十).
    if n >= 10**8 and n // 10**4 % 10**4 == 0 and n % 10**4 >= 1000:
        text = text.replace("亿", "亿零", 1)
    return text
