"""The local minimum wage (最低工资标准) in force for a region on a day.

Provinces set monthly and hourly minimum wages in tiers (档) and place each county-level unit in a
tier; both change by date. The parameters hold them under these names (docs/law-data.md):

- ``minimum_wage.monthly.<province code>.tier_<n>`` and ``minimum_wage.hourly.<...>.tier_<n>``;
- ``minimum_wage.tier.<county-level code>``: the tier of a district or county.

For a prefecture-level code (蚌埠市 340300) the highest minimum among its districts and counties
applies, since an agreement covering the whole city must meet it wherever its workers work.

>>> import datetime as dt
>>> from bargain.law.parameters import default_parameters
>>> wage = minimum_wage(default_parameters(), "340300", dt.date(2023, 6, 1), "monthly")
>>> wage.amount, wage.place.zh
(Decimal('1930'), '340302（第2档）')
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import Literal

from bargain.domain.language import Bilingual
from bargain.law.parameters import Confidence, LegalReference, ParameterSet

__all__ = ["Kind", "MinimumWage", "minimum_wage"]

Kind = Literal["monthly", "hourly"]


@dataclass(frozen=True)
class MinimumWage:
    """A minimum wage in force: the amount, where, how sure, and from which instrument."""

    amount: Decimal
    place: Bilingual
    tier: int
    confidence: Confidence
    reference: LegalReference | None


def _province(code: str) -> str:
    return code[:2] + "0000"


def _units(parameters: ParameterSet, region: str) -> list[str]:
    """The county-level codes a region code stands for."""
    if region.endswith("0000"):
        prefix = region[:2]
    elif region.endswith("00"):
        prefix = region[:4]
    else:
        return [region]
    return [n.rsplit(".", 1)[1] for n in parameters.names(f"minimum_wage.tier.{prefix}")]


def minimum_wage(
    parameters: ParameterSet, region: str, day: dt.date, kind: Kind
) -> MinimumWage | None:
    """The minimum wage binding an agreement for ``region`` on ``day``, or ``None`` if unknown."""
    return parameters.memoised(
        ("minimum_wage", region, day, kind), partial(_minimum_wage, parameters, region, day, kind)
    )


def _minimum_wage(
    parameters: ParameterSet, region: str, day: dt.date, kind: Kind
) -> MinimumWage | None:
    best: MinimumWage | None = None
    for unit in _units(parameters, region):
        tier_entry = parameters.entry(f"minimum_wage.tier.{unit}", day)
        if tier_entry is None:
            continue
        tier = int(tier_entry.value)
        wage_entry = parameters.entry(f"minimum_wage.{kind}.{_province(unit)}.tier_{tier}", day)
        if wage_entry is None:
            continue
        candidate = MinimumWage(
            amount=Decimal(str(wage_entry.value)),
            place=Bilingual(f"{unit}（第{tier}档）", f"{unit} (tier {tier})"),
            tier=tier,
            confidence=Confidence.weakest([tier_entry.confidence, wage_entry.confidence]),
            reference=wage_entry.reference,
        )
        if best is None or candidate.amount > best.amount:
            best = candidate
    return best
