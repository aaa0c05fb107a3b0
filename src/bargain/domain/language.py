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
