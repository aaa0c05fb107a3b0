"""Dates, periods, clocks and the counting of legal time limits.

The procedure's time limits are written "X日内" (within X days). How such a period is counted is
a convention, and this module makes it one you can choose (legal-reference §0):

* :class:`CivilCode`, the default: the period starts on the day after the triggering day
  (民法典 Art 201), ends at 24:00 of its last day, and when the last day is a rest day or a
  statutory holiday it ends on the next working day (Art 203). Rest days *inside* the period are
  not deducted, and a weekend day the State Council made a working day (调休上班) is a working day.
* :class:`CalendarDays`: plain calendar days, never rolled.
* :class:`WorkingDays`: only working days count (for local rules written "个工作日").

Public holidays and make-up working days come from the ``chinesecalendar`` package, which covers
2004 to 2026 at this release. For a later year the calendar falls back to weekends and the
fixed-date statutory holidays (元旦, 劳动节, 国庆节) and marks the deadline ``approximate``.

Time is injected: the lifecycle reads a :class:`Clock`, never the system time directly, so tests
and simulations run on any day they like.

>>> convention = CivilCode()
>>> convention.due(dt.date(2021, 3, 10), 10).due  # day 10 is Saturday 20 March: rolled to Monday
datetime.date(2021, 3, 22)
>>> convention.due(dt.date(2021, 9, 8), 10).due  # Saturday 18 September 2021 was a working day
datetime.date(2021, 9, 18)
>>> convention.due(dt.date(2021, 9, 21), 10).due  # 1 October: rolled past the National Day week
datetime.date(2021, 10, 8)
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
from abc import ABC, abstractmethod
from functools import lru_cache
from typing import Annotated, ClassVar, Protocol, runtime_checkable

import chinese_calendar
from pydantic import Field, model_validator

from bargain.domain.base import DomainModel, PlainText, invalid
from bargain.domain.language import Bilingual

__all__ = [
    "CHINA_TIME",
    "CalendarDays",
    "CivilCode",
    "Clock",
    "DateRange",
    "DayCount",
    "Deadline",
    "FixedClock",
    "SystemClock",
    "WorkingDays",
    "add_months",
    "china_day",
    "is_rest_day",
]

CHINA_TIME = dt.timezone(dt.timedelta(hours=8), "Asia/Shanghai")
"""China Standard Time (UTC+8, no daylight saving since 1991): the day a step happens on."""

_FIXED_HOLIDAYS = frozenset({(1, 1), (5, 1), (5, 2), (10, 1), (10, 2), (10, 3)})
"""Statutory holidays on fixed Gregorian dates (全国年节及纪念日放假办法, 2025 revision): the
fallback for years the holiday package does not cover yet. The lunar holidays cannot be placed
without the State Council's yearly notice, which is why such deadlines are marked approximate."""


class DateRange(DomainModel):
    """A span of calendar days, both ends included.

    >>> spring = DateRange(start=dt.date(2021, 2, 11), end=dt.date(2021, 2, 17))
    >>> spring.days
    7
    >>> dt.date(2021, 2, 17) in spring
    True
    """

    start: dt.date
    """First day."""
    end: dt.date
    """Last day (included)."""

    @model_validator(mode="after")
    def _ordered(self) -> DateRange:
        if self.end < self.start:
            raise invalid(
                f"结束日期{self.end}早于开始日期{self.start}",
                f"the end {self.end} is before the start {self.start}",
            )
        return self

    @property
    def days(self) -> int:
        """Number of calendar days covered."""
        return (self.end - self.start).days + 1

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end


# --------------------------------------------------------------------------------------- clocks


@runtime_checkable
class Clock(Protocol):
    """Where the lifecycle reads the time from."""

    def now(self) -> dt.datetime:
        """The current time, timezone-aware."""
        ...


def china_day(moment: dt.datetime) -> dt.date:
    """The calendar day in China of an aware time (a naive time is taken as China time)."""
    if moment.tzinfo is None:
        return moment.date()
    return moment.astimezone(CHINA_TIME).date()


class SystemClock:
    """The real time, in China Standard Time."""

    def now(self) -> dt.datetime:
        """The current time."""
        return dt.datetime.now(CHINA_TIME)

    def __repr__(self) -> str:
        return "SystemClock()"


class FixedClock:
    """A clock that shows the time it is told, for tests, simulations and replays.

    >>> clock = FixedClock(dt.date(2020, 1, 6))
    >>> clock.advance(days=20).date()
    datetime.date(2020, 1, 26)
    """

    def __init__(self, at: dt.datetime | dt.date) -> None:
        self._at = self._aware(at)

    @staticmethod
    def _aware(at: dt.datetime | dt.date) -> dt.datetime:
        if not isinstance(at, dt.datetime):
            return dt.datetime(at.year, at.month, at.day, 9, 0, tzinfo=CHINA_TIME)
        return at if at.tzinfo is not None else at.replace(tzinfo=CHINA_TIME)

    def now(self) -> dt.datetime:
        """The time the clock was set to."""
        return self._at

    def set(self, at: dt.datetime | dt.date) -> dt.datetime:
        """Set the clock (a date means 09:00 China time that day); returns the new time."""
        self._at = self._aware(at)
        return self._at

    def advance(self, *, days: int = 0, hours: int = 0) -> dt.datetime:
        """Move the clock forward (or back, with negative numbers); returns the new time."""
        self._at += dt.timedelta(days=days, hours=hours)
        return self._at

    def __repr__(self) -> str:
        return f"FixedClock({self._at.isoformat()})"


# ------------------------------------------------------------------------------------- holidays


@lru_cache(maxsize=8192)
def _rest_day(day: dt.date) -> tuple[bool, bool]:
    try:
        return (not chinese_calendar.is_workday(day), True)
    except NotImplementedError:
        fallback = day.weekday() >= 5 or (day.month, day.day) in _FIXED_HOLIDAYS
        return (fallback, False)


def is_rest_day(day: dt.date) -> tuple[bool, bool]:
    """Whether ``day`` is a rest day or public holiday in China, and whether that is known.

    The second value is ``False`` for years the holiday package does not cover, where the answer
    is weekends and fixed-date holidays only.

    >>> is_rest_day(dt.date(2021, 9, 18))  # a Saturday made a working day
    (False, True)
    >>> is_rest_day(dt.date(2021, 10, 4))
    (True, True)
    """
    return _rest_day(day)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (or earlier), clamped to the end of a shorter month.

    >>> add_months(dt.date(2022, 12, 31), -3)
    datetime.date(2022, 9, 30)
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = _calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


# ---------------------------------------------------------------------------- day-count rules


class Deadline(DomainModel):
    """The last day of a legal time limit, and how it was counted.

    A step taken on ``due`` is in time (the period ends at 24:00 of that day); a step taken later is
    late by :meth:`late_days`.
    """

    start: dt.date
    """The triggering day (the offer received, the signature, the filing received…)."""
    days: Annotated[int, Field(ge=0, le=3650)]
    """The length of the period in days."""
    due: dt.date
    """The last day of the period."""
    convention: PlainText
    """The day-count convention used (``civil_code``, ``calendar_days``, ``working_days``)."""
    approximate: bool = False
    """True when the holiday calendar did not cover the year, so a holiday may have been missed."""

    def overdue(self, on: dt.date) -> bool:
        """Whether the period has run out by ``on``."""
        return on > self.due

    def late_days(self, on: dt.date) -> int:
        """Days past the last day (0 when in time)."""
        return max(0, (on - self.due).days)

    def remaining(self, on: dt.date) -> int:
        """Days left before the period runs out (negative when overdue)."""
        return (self.due - on).days


class DayCount(ABC):
    """A convention for counting "X日内" periods."""

    name: ClassVar[str]
    label: ClassVar[Bilingual]

    @abstractmethod
    def due(self, start: dt.date, days: int) -> Deadline:
        """The deadline of a period of ``days`` days triggered on ``start``."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other)

    def __hash__(self) -> int:
        return hash(type(self))


class CivilCode(DayCount):
    """民法典 Arts 201 and 203: start the next day; a last day that is a rest day rolls forward."""

    name = "civil_code"
    label = Bilingual(
        "民法典第二百零一条、第二百零三条（次日起算，期间最后一日为法定休假日的顺延）",
        "Civil Code Arts 201 and 203 (count from the next day; roll a last day that is a holiday)",
    )

    def due(self, start: dt.date, days: int) -> Deadline:
        """The last day, rolled past rest days and holidays."""
        last = start + dt.timedelta(days=days)
        rest, known = is_rest_day(last)
        approximate = not known
        while rest:
            last += dt.timedelta(days=1)
            rest, known = is_rest_day(last)
            approximate = approximate or not known
        return Deadline(
            start=start, days=days, due=last, convention=self.name, approximate=approximate
        )


class CalendarDays(DayCount):
    """Plain calendar days from the next day, never rolled."""

    name = "calendar_days"
    label = Bilingual("自然日（不顺延）", "calendar days (never rolled)")

    def due(self, start: dt.date, days: int) -> Deadline:
        """``start`` plus ``days``."""
        return Deadline(
            start=start, days=days, due=start + dt.timedelta(days=days), convention=self.name
        )


class WorkingDays(DayCount):
    """Working days only (a local rule written "X个工作日"): rest days and holidays do not count."""

    name = "working_days"
    label = Bilingual("工作日", "working days")

    def due(self, start: dt.date, days: int) -> Deadline:
        """The ``days``-th working day after ``start``."""
        last = start
        counted = 0
        approximate = False
        while counted < days:
            last += dt.timedelta(days=1)
            rest, known = is_rest_day(last)
            approximate = approximate or not known
            counted += not rest
        return Deadline(
            start=start, days=days, due=last, convention=self.name, approximate=approximate
        )
