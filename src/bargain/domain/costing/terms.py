"""What a text pays one category of worker on one day: the pay terms in force.

A text may hold several PAY clauses that cover the same worker on the same day: the sector
agreement's ``pay-levels`` all year, and on the Spring Festival days the supplement's
``festival-pay``. The more specific clause wins, field by field: a clause with a ``period`` over one
without, a shorter period over a longer one, and among equals the later clause. A field the
specific clause leaves out keeps the value of the general one. Allowances add up across clauses,
except that a more specific clause's allowance replaces one of the same name. The late-delivery
deduction comes from the DISC clauses by the same rule.

A clause covers a category when its ``applies_to`` is empty or lists it, and a day when it has no
``period`` or its period holds the day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from bargain.domain.agreement import Text
from bargain.domain.clauses import (
    Allowance,
    Clause,
    DisciplineClause,
    FloorComponent,
    PayClause,
)
from bargain.domain.money import Rate
from bargain.domain.parties import WorkerCategory

__all__ = ["PayTerms", "pay_terms", "supplemented"]


@dataclass(frozen=True)
class PayTerms:
    """The pay terms in force for one category on one day, as exact fractions of a yuan."""

    piece_rate: Fraction | None = None
    """计件单价: yuan per order."""
    hourly_floor: Fraction | None = None
    """小时保底: yuan per hour worked."""
    daily_floor: Fraction | None = None
    """日保底: yuan per day worked."""
    monthly_floor: Fraction | None = None
    """月保底: yuan per month."""
    floor_includes: frozenset[FloorComponent] = frozenset()
    """What the floors count besides piece pay."""
    allowances: tuple[Allowance, ...] = ()
    """Allowances paid, one per name."""
    late_deduction: Fraction | None = None
    """超时扣款: yuan deducted per late order."""
    clauses: tuple[str, ...] = field(default=())
    """The ids of the clauses these terms come from, general first."""


def _yuan(rate: Rate | None) -> Fraction | None:
    return None if rate is None else Fraction(rate.amount)


def _covers(clause: Clause, category: WorkerCategory, day: dt.date) -> bool:
    if clause.applies_to and category not in clause.applies_to:
        return False
    return clause.period is None or day in clause.period


def _general_first(clauses: Iterable[Clause]) -> list[Clause]:
    # Stable sort: among equally specific clauses the later one stays later, and so wins.
    def specificity(clause: Clause) -> tuple[int, int]:
        if clause.period is None:
            return (0, 0)
        return (1, -clause.period.days)

    return sorted(clauses, key=specificity)


def pay_terms(text: Text, category: WorkerCategory, day: dt.date) -> PayTerms:
    """The pay terms ``text`` gives ``category`` on ``day`` (the module docstring has the rule)."""
    covering = _general_first(c for c in text.clauses if _covers(c, category, day))
    piece = hourly = daily = monthly = late = None
    includes: set[FloorComponent] = set()
    allowances: dict[str, Allowance] = {}
    used: list[str] = []
    for clause in covering:
        if isinstance(clause, PayClause):
            used.append(clause.id)
            piece = _yuan(clause.piece_rate) if clause.piece_rate is not None else piece
            hourly = _yuan(clause.hourly_floor) if clause.hourly_floor is not None else hourly
            daily = _yuan(clause.daily_floor) if clause.daily_floor is not None else daily
            monthly = _yuan(clause.monthly_floor) if clause.monthly_floor is not None else monthly
            includes.update(clause.floor_includes)
            allowances.update((a.name, a) for a in clause.allowances)
        elif isinstance(clause, DisciplineClause) and clause.late_delivery_deduction is not None:
            used.append(clause.id)
            late = _yuan(clause.late_delivery_deduction)
    return PayTerms(
        piece_rate=piece,
        hourly_floor=hourly,
        daily_floor=daily,
        monthly_floor=monthly,
        floor_includes=frozenset(includes),
        allowances=tuple(allowances.values()),
        late_deduction=late,
        clauses=tuple(used),
    )


def supplemented(parent: Text, supplement: Text | Sequence[Clause]) -> Text:
    """The parent's text with a supplementary agreement's clauses on top (补充协议).

    A supplement's clause replaces the parent's clause of the same id and is appended otherwise;
    the parties, scope and term stay the parent's. Cost a supplement with
    ``cost(parent, supplemented(parent, supplement), profile)``.
    """
    clauses = supplement.clauses if isinstance(supplement, Text) else tuple(supplement)
    replacing = {c.id: c for c in clauses}
    merged = [replacing.pop(c.id, c) for c in parent.clauses]
    merged.extend(c for c in clauses if c.id in replacing)
    return parent.changed(clauses=tuple(merged))
