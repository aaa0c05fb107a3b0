from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import ValidationError

from bargain import Lang, UnitMismatch
from bargain.domain.money import Money, Per, Rate


@pytest.mark.parametrize(
    ("text", "amount", "per"),
    [
        ("12.5/order", "12.5", Per.ORDER),
        ("200元/天", "200", Per.DAY),
        ("200 元 / 日", "200", Per.DAY),
        ("1500/month", "1500", Per.MONTH),
        ("21/小时", "21", Per.HOUR),
        ("500/once", "500", Per.ONCE),
        ("20 CNY/hours", "20", Per.HOUR),
    ],
)
def test_a_rate_is_read_from_its_short_text(text: str, amount: str, per: Per) -> None:
    assert Rate.parse(text) == Rate(amount=Decimal(amount), per=per)


def test_a_rate_is_read_from_a_mapping() -> None:
    assert Rate.model_validate({"amount": "4.5", "per": "order"}) == Rate.parse("4.5/order")


def test_an_unknown_unit_is_named_in_the_error() -> None:
    with pytest.raises(ValidationError, match=r"unknown unit 'week'; expected one of month, day"):
        Rate.parse("100/week")


def test_text_that_is_not_a_rate_says_what_a_rate_looks_like() -> None:
    with pytest.raises(ValidationError, match=r"expected a rate such as '12.5/order'"):
        Rate.parse("twelve per order")


def test_rates_of_one_unit_add_subtract_and_compare() -> None:
    low, high = Rate.parse("4.5/order"), Rate.parse("12.5/order")
    assert low + high == Rate.parse("17/order")
    assert high - low == Rate.parse("8/order")
    assert low < high
    assert high >= low
    assert not low > high
    assert low <= low


@pytest.mark.parametrize("operation", ["add", "subtract", "compare"])
def test_rates_of_different_units_cannot_be_combined(operation: str) -> None:
    daily, per_order = Rate.parse("200/day"), Rate.parse("12.5/order")
    apply = {
        "add": lambda: daily + per_order,
        "subtract": lambda: daily - per_order,
        "compare": lambda: daily < per_order,
    }[operation]
    with pytest.raises(UnitMismatch) as caught:
        apply()
    assert caught.value.message(Lang.EN) == (
        f"cannot {operation} amounts of different units: 200/day and 12.5/order"
    )
    assert caught.value.message(Lang.ZH) == (
        f"不能对不同计量单位的金额做“{operation}”运算：200/day 与 12.5/order"
    )
    assert isinstance(caught.value, TypeError)


def test_a_rate_times_a_quantity_is_a_sum() -> None:
    assert Rate.parse("12.5/order").times(20) == Money.of("250")
    assert Rate.parse("21/hour").times(Decimal("2.5")) == Money.of("52.5")


def test_a_quantity_must_be_a_number() -> None:
    with pytest.raises(TypeError, match="quantity must be an int or Decimal, not float"):
        Rate.parse("1/order").times(1.5)  # type: ignore[arg-type]


def test_a_rate_scales_by_a_plain_number() -> None:
    assert Rate.parse("100/day") * Decimal("1.5") == Rate.parse("150/day")
    assert 2 * Rate.parse("100/day") == Rate.parse("200/day")


def test_rates_are_formatted_to_the_fen_rounding_half_up() -> None:
    rate = Rate.parse("12.345/order")
    assert rate.format(Lang.ZH) == "12.35元/单"
    assert rate.format(Lang.EN) == "CNY 12.35 per order"
    assert str(rate) == "12.345/order"


def test_sums_add_compare_and_format() -> None:
    total = Money.of(1380) + Money.of("120.5")
    assert total == Money.of("1500.5")
    assert total - Money.of("0.5") == Money.of(1500)
    assert Money.of(1) < Money.of(2) <= Money.of(2)
    assert Money.of(3) * 2 == Money.of(6)
    assert Money.of(1500).format() == "1500.00元"
    assert Money.of(1500).format(Lang.EN) == "CNY 1500.00"


def test_a_sum_is_read_from_a_number_or_text() -> None:
    assert Money.model_validate(600000) == Money.of(600000)
    assert Money.model_validate("200元") == Money.of(200)


@pytest.mark.parametrize("value", ["inf", "nan", "-inf", "1e999"])
def test_a_sum_refuses_values_that_are_not_finite_or_too_large(value: str) -> None:
    with pytest.raises(ValidationError):
        Money.of(value)


def test_money_and_rates_do_not_mix() -> None:
    with pytest.raises(TypeError):
        Money.of(1) + Rate.parse("1/day")  # type: ignore[operator]
    assert Rate.parse("1/day") != Money.of(1)


def test_rates_and_sums_are_immutable() -> None:
    rate = Rate.parse("1/day")
    with pytest.raises(ValidationError):
        rate.amount = Decimal(2)  # type: ignore[misc]
