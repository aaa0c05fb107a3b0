from __future__ import annotations

import datetime as dt
import subprocess
import sys
from decimal import Decimal

import pytest

from bargain import Lang
from bargain.render.filters import (
    FILTERS,
    amount_in_capitals,
    article_number,
    chapter_number,
    chinese_date,
    chinese_numeral,
    format_date,
    money,
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


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (10300004990, "一百零三亿零四千九百九十"),  # cn2an alone drops this 零
        (100001000, "一亿零一千"),
        (110000000, "一亿一千万"),
        (100000010, "一亿零一十"),
        (999999999999, "九千九百九十九亿九千九百九十九万九千九百九十九"),
    ],
)
def test_an_empty_group_of_ten_thousands_reads_as_zero(number: int, text: str) -> None:
    assert chinese_numeral(number) == text


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        ("1500", "人民币壹仟伍佰元整"),
        (Decimal("1500.50"), "人民币壹仟伍佰元伍角"),
        ("1500.05", "人民币壹仟伍佰元零伍分"),
        ("0.05", "人民币伍分"),
        (12.5, "人民币壹拾贰元伍角"),
        ("2,100", "人民币贰仟壹佰元整"),
        ("4.555", "人民币肆元伍角陆分"),  # rounded half up to the fen
        (0, "人民币零元整"),
        ("100001000", "人民币壹亿零壹仟元整"),
    ],
)
def test_amounts_are_written_in_capitals(amount: object, text: str) -> None:
    assert amount_in_capitals(amount) == text  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["-1", "1e12", "abc", True, "NaN"])
def test_amounts_outside_the_range_or_not_numbers_are_refused(bad: object) -> None:
    with pytest.raises(ValueError, match="amount"):
        amount_in_capitals(bad)  # type: ignore[arg-type]


def test_money_carries_its_unit_and_thousands_separators() -> None:
    assert money("1500") == "1,500.00元"
    assert money(Decimal("600000"), "en") == "CNY 600,000.00"
    assert money("12.345", Lang.EN) == "CNY 12.35"


def test_dates_in_a_context_are_iso_text_and_the_filters_read_them() -> None:
    assert chinese_date("2019-11-26") == "2019年11月26日"
    assert format_date("2019-11-26", "en") == "2019-11-26"
    with pytest.raises(ValueError, match="expected a date such as 2021-01-26, not '26/11'"):
        chinese_date("26/11")


def test_every_filter_is_registered_by_its_own_name() -> None:
    assert set(FILTERS) >= {
        "chinese_date",
        "article_number",
        "chapter_number",
        "chinese_numeral",
        "amount_in_capitals",
        "money",
        "format_date",
    }
    for name, function in FILTERS.items():
        assert function.__name__ == name


def test_the_domain_loads_cn2an_only_when_it_first_writes_a_numeral() -> None:
    # Decision 10: importing cn2an takes about 0.1 s, so the domain defers it to the first call.
    probe = (
        "import sys\n"
        "from bargain.domain.references import LegalReference\n"
        "assert 'cn2an' not in sys.modules\n"
        "print(LegalReference(instrument='集体合同规定', article=36).format())\n"
        "assert 'cn2an' in sys.modules\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "《集体合同规定》第三十六条"
