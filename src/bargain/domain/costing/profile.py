"""The workforce profile (用工情况): who works, how much, and when the seasons change that.

A profile is what the costing needs besides the two texts: per worker category (the three of
人社部发〔2021〕56号, :class:`~bargain.domain.parties.WorkerCategory`) the headcount, the orders a
worker delivers on a working day, the hours of that day, the working days of a month and, where
known, the current monthly pay; and the seasonal peaks (a named span of days, the Spring Festival
fortnight say) with their own headcount, orders, hours or days worked.

>>> profile = WorkforceProfile.model_validate({
...     "name": "蚌埠市网约送餐骑手",
...     "categories": [{"category": "labour_relationship", "headcount": 300,
...                     "orders_per_day": 30, "hours_per_day": 8, "working_days_per_month": 26}],
... })
>>> profile.category(WorkerCategory.LABOUR_RELATIONSHIP).headcount
300
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import Field, field_validator, model_validator

from bargain.domain.base import DomainModel, invalid
from bargain.domain.calendar import DateRange
from bargain.domain.clause_values import Count, Days, Hours, Percent, PerMonth, Share
from bargain.domain.parties import Name, WorkerCategory

__all__ = ["CategoryProfile", "Peak", "PeakCategory", "WorkforceProfile"]

Orders = Annotated[
    Decimal,
    Field(ge=0, le=10_000, max_digits=9, decimal_places=3, json_schema_extra={"x-unit": "order"}),
]
"""Orders a worker delivers on a working day (a mean: need not be whole)."""
MonthDays = Annotated[
    Decimal,
    Field(ge=0, le=31, max_digits=5, decimal_places=3, json_schema_extra={"x-unit": "day"}),
]
"""Working days in a month (a mean: need not be whole)."""


class CategoryProfile(DomainModel):
    """用工类别情况: one category of worker as it works on ordinary days."""

    category: WorkerCategory
    """用工类别: the category of worker."""
    headcount: Count
    """人数: workers of this category."""
    orders_per_day: Orders
    """日均单量: orders a worker delivers on a working day."""
    hours_per_day: Hours
    """日工作时间: hours a worker works on a working day (for hourly floors and allowances)."""
    working_days_per_month: MonthDays
    """月工作天数: days a worker works in a month."""
    current_pay: PerMonth | None = None
    """当前月收入: what a worker of this category earns a month now, where known."""
    late_order_share: Share | None = None
    """超时订单占比: share of orders delivered late, % (for late-delivery deductions)."""
    employer_oncost: Percent | None = None
    """企业附加用工成本: what the employer pays on top of each yuan of pay (social insurance
    contributions, say), % of the pay."""


class PeakCategory(DomainModel):
    """高峰期用工情况: what changes for one category during a peak (what is left out stays)."""

    category: WorkerCategory
    """用工类别: the category of worker."""
    headcount: Count | None = None
    """人数: workers of this category during the peak."""
    orders_per_day: Orders | None = None
    """日均单量: orders a worker delivers on a working day of the peak."""
    hours_per_day: Hours | None = None
    """日工作时间: hours a worker works on a working day of the peak."""
    working_days: Days | None = None
    """工作天数: days of the peak each worker works (left out: the ordinary share of days)."""


class Peak(DomainModel):
    """季节性高峰: a named span of days when the workforce works differently."""

    name: Name
    """名称: the peak's name in Chinese (春节, say)."""
    name_en: Name | None = None
    """英文名称: its name in English."""
    period: DateRange
    """期间: the days of the peak."""
    categories: tuple[PeakCategory, ...] = Field(min_length=1)
    """各类别情况: what changes, per category."""

    @model_validator(mode="after")
    def _fits(self) -> Peak:
        seen: set[WorkerCategory] = set()
        for entry in self.categories:
            if entry.category in seen:
                raise invalid(
                    f"用工类别“{entry.category.value}”在高峰期“{self.name}”中重复出现",
                    f"category {entry.category.value!r} appears twice in peak {self.name!r}",
                )
            seen.add(entry.category)
            if entry.working_days is not None and entry.working_days > self.period.days:
                raise invalid(
                    f"工作天数{entry.working_days}超过高峰期的{self.period.days}天",
                    f"working_days {entry.working_days} is more than the "
                    f"{self.period.days} days of the peak",
                )
        return self

    def entry(self, category: WorkerCategory) -> PeakCategory | None:
        """What the peak changes for ``category``, if anything."""
        return next((e for e in self.categories if e.category is category), None)


class WorkforceProfile(DomainModel):
    """用工情况: the workforce an agreement covers, as the costing counts it."""

    name: Name
    """名称: what the profile describes (蚌埠市网约送餐骑手, say)."""
    worker: Name = "职工"
    """劳动者称谓: what a worker is called in the member impact statement (骑手)."""
    worker_en: Name = "worker"
    """英文称谓: the same in English (rider)."""
    categories: tuple[CategoryProfile, ...] = Field(min_length=1)
    """用工类别: each category of worker, at most once."""
    peaks: tuple[Peak, ...] = ()
    """季节性高峰: peaks; two peaks of one category may not overlap."""
    allowance_shares: dict[Name, Share] = Field(default_factory=dict)
    """津贴发放比例: for each allowance (by name) the share, %, of its units (orders, days,
    months) on which it is paid; an allowance with a condition and no share here is not costed."""

    @field_validator("categories")
    @classmethod
    def _categories_unique(
        cls, categories: tuple[CategoryProfile, ...]
    ) -> tuple[CategoryProfile, ...]:
        seen: set[WorkerCategory] = set()
        for entry in categories:
            if entry.category in seen:
                raise invalid(
                    f"用工类别“{entry.category.value}”重复出现",
                    f"category {entry.category.value!r} appears twice",
                )
            seen.add(entry.category)
        return categories

    @model_validator(mode="after")
    def _peaks_fit(self) -> WorkforceProfile:
        known = {c.category for c in self.categories}
        for index, peak in enumerate(self.peaks):
            for entry in peak.categories:
                if entry.category not in known:
                    raise invalid(
                        f"高峰期“{peak.name}”的用工类别“{entry.category.value}”未列入 categories",
                        f"peak {peak.name!r} names category {entry.category.value!r}, "
                        "which categories does not list",
                    )
                for other in self.peaks[:index]:
                    overlap = (
                        other.entry(entry.category) is not None
                        and other.period.start <= peak.period.end
                        and peak.period.start <= other.period.end
                    )
                    if overlap:
                        raise invalid(
                            f"高峰期“{peak.name}”与“{other.name}”对同一用工类别的日期重叠",
                            f"peaks {peak.name!r} and {other.name!r} overlap for category "
                            f"{entry.category.value!r}",
                        )
        return self

    def category(self, category: WorkerCategory) -> CategoryProfile:
        """The profile of one category.

        Raises:
            KeyError: the profile does not list that category.
        """
        for entry in self.categories:
            if entry.category is category:
                return entry
        raise KeyError(category.value)

    @property
    def headcount(self) -> int:
        """All workers on ordinary days."""
        return sum(c.headcount for c in self.categories)
