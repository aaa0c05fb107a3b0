"""Dates and periods.

This module will also hold the day-count conventions of the legal procedure (民法典 Arts 201, 203)
and the holiday calendar; for now it holds the plain date range that clauses and terms use.
"""

from __future__ import annotations

import datetime as dt

from pydantic import model_validator

from bargain.domain.base import DomainModel, invalid

__all__ = ["DateRange"]


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
