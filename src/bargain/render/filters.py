"""Chinese text conventions of formal documents: numerals, article numbers, dates.

Pure functions, usable as template filters and by the CLI.

>>> article_number(12)
'第十二条'
>>> chinese_date(dt.date(2021, 1, 26))
'2021年1月26日'
"""

from __future__ import annotations

import datetime as dt

from bargain.domain.language import Lang, chinese_numeral

__all__ = ["article_number", "chapter_number", "chinese_date", "chinese_numeral", "format_date"]


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
