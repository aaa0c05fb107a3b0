from __future__ import annotations

import datetime as dt

import pytest

from bargain import Lang
from bargain.render.filters import (
    article_number,
    chapter_number,
    chinese_date,
    chinese_numeral,
    format_date,
)


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (0, "零"),
        (7, "七"),
        (10, "十"),
        (12, "十二"),
        (20, "二十"),
        (101, "一百零一"),
        (110, "一百一十"),
        (1010, "一千零一十"),
        (10001, "一万零一"),
        (110000, "十一万"),
        (100100, "十万零一百"),
        (100000001, "一亿零一"),
    ],
)
def test_numbers_are_written_in_chinese_numerals(number: int, text: str) -> None:
    assert chinese_numeral(number) == text


def test_articles_and_chapters_are_numbered_in_chinese() -> None:
    assert article_number(1) == "第一条"
    assert article_number(12) == "第十二条"
    assert chapter_number(3) == "第三章"


@pytest.mark.parametrize("bad", [-1, 10**16])
def test_numbers_outside_the_range_are_refused(bad: int) -> None:
    with pytest.raises(ValueError, match="chinese_numeral takes"):
        chinese_numeral(bad)


def test_articles_start_at_one() -> None:
    with pytest.raises(ValueError, match="articles are numbered from 1, not 0"):
        article_number(0)
    with pytest.raises(ValueError, match="chapters are numbered from 1, not 0"):
        chapter_number(0)


def test_dates_are_written_as_official_documents_write_them() -> None:
    day = dt.date(2021, 1, 26)
    assert chinese_date(day) == "2021年1月26日"
    assert format_date(day, Lang.EN) == "2021-01-26"
    assert format_date(day) == "2021年1月26日"
