"""Day counting (民法典 Arts 201, 203), holidays, clocks and deadlines."""

from __future__ import annotations

import datetime as dt

import pytest

from bargain import FixedClock, SystemClock
from bargain.domain.calendar import (
    CHINA_TIME,
    CalendarDays,
    CivilCode,
    Deadline,
    WorkingDays,
    add_months,
    china_day,
    is_rest_day,
)

D = dt.date


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        # The examples of legal-reference §0.
        (D(2021, 3, 10), 10, D(2021, 3, 22)),  # last day Saturday 20 March: Monday
        (D(2021, 9, 8), 10, D(2021, 9, 18)),  # Saturday 18 September 2021 was a working day
        (D(2021, 9, 21), 10, D(2021, 10, 8)),  # 1 October: after the National Day week
        # Rest days inside the period are not deducted.
        (D(2021, 9, 27), 10, D(2021, 10, 8)),
        (D(2019, 11, 6), 20, D(2019, 11, 26)),  # a Tuesday: no roll
        (D(2019, 12, 11), 10, D(2019, 12, 23)),  # Saturday 21 December: Monday 23
    ],
)
def test_civil_code_starts_the_next_day_and_rolls_a_last_rest_day(
    start: dt.date, days: int, due: dt.date
) -> None:
    deadline = CivilCode().due(start, days)
    assert deadline.due == due
    assert deadline.start == start
    assert deadline.days == days
    assert deadline.convention == "civil_code"
    assert not deadline.approximate


def test_calendar_days_never_roll() -> None:
    assert CalendarDays().due(D(2021, 3, 10), 10).due == D(2021, 3, 20)


def test_working_days_skip_rest_days_and_holidays() -> None:
    # From Wednesday 29 September 2021: Thursday 30, then 1-7 October are holidays, Friday 8,
    # and Saturday 9 October, a make-up working day.
    assert WorkingDays().due(D(2021, 9, 29), 3).due == D(2021, 10, 9)
    assert WorkingDays().due(D(2021, 3, 19), 1).due == D(2021, 3, 22)


def test_years_without_holiday_data_fall_back_to_weekends_and_fixed_holidays() -> None:
    deadline = CivilCode().due(D(2027, 9, 21), 10)  # 1 October 2027: fixed holiday, then Oct 2, 3
    assert deadline.due == D(2027, 10, 4)
    assert deadline.approximate
    assert is_rest_day(D(2027, 1, 2)) == (True, False)  # a Saturday, from the fallback
    assert is_rest_day(D(2027, 1, 4)) == (False, False)


def test_a_deadline_says_when_it_is_overdue_and_by_how_much() -> None:
    deadline = Deadline(start=D(2019, 11, 6), days=20, due=D(2019, 11, 26), convention="x")
    assert not deadline.overdue(D(2019, 11, 26))  # the period ends at 24:00 of the last day
    assert deadline.overdue(D(2019, 11, 27))
    assert deadline.late_days(D(2019, 11, 27)) == 1
    assert deadline.late_days(D(2019, 11, 20)) == 0
    assert deadline.remaining(D(2019, 11, 20)) == 6


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2022, 12, 31), -3, D(2022, 9, 30)),
        (D(2020, 1, 31), 1, D(2020, 2, 29)),
        (D(2020, 11, 15), 3, D(2021, 2, 15)),
        (D(2020, 1, 15), -1, D(2019, 12, 15)),
    ],
)
def test_add_months_clamps_to_the_end_of_a_shorter_month(
    day: dt.date, months: int, expected: dt.date
) -> None:
    assert add_months(day, months) == expected


def test_clocks_tell_china_time() -> None:
    clock = FixedClock(D(2020, 1, 6))
    assert clock.now().tzinfo is not None
    assert clock.now().utcoffset() == dt.timedelta(hours=8)
    assert clock.advance(days=1).date() == D(2020, 1, 7)
    assert clock.set(dt.datetime(2020, 1, 10, 23, 30)).tzinfo is not None
    assert SystemClock().now().utcoffset() == dt.timedelta(hours=8)
    # 20:00 UTC on 5 January is already 6 January in China.
    assert china_day(dt.datetime(2020, 1, 5, 20, tzinfo=dt.UTC)) == D(2020, 1, 6)
    assert china_day(dt.datetime(2020, 1, 5, 20, tzinfo=CHINA_TIME)) == D(2020, 1, 5)


def test_conventions_compare_by_kind() -> None:
    assert CivilCode() == CivilCode()
    assert CivilCode() != CalendarDays()
    assert len({CivilCode(), CivilCode(), WorkingDays()}) == 2
