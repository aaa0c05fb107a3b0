"""The national pack: representatives, pay, hours, driving, rest, protection, term, levels.

Each rule's docstring states what the law requires and cites it (legal-reference §6.2 gives the
R and W numbers used in the titles). Numbers that change by date come from the parameters. The
rules live in one module per concept: :mod:`.representatives`, :mod:`.pay`, :mod:`.hours`,
:mod:`.driving`, :mod:`.protection` and :mod:`.term`; this module puts them together in order.
"""

from __future__ import annotations

from bargain.domain.language import Bilingual
from bargain.law.rules import RulePack
from bargain.law.rules.national.driving import continuous_driving
from bargain.law.rules.national.hours import (
    overtime_limits,
    part_time_limits,
    standard_hours,
    weekly_rest,
)
from bargain.law.rules.national.pay import (
    floor_below_minimum,
    floor_exclusions,
    overtime_premiums,
    pay_above_minimum_wage,
)
from bargain.law.rules.national.protection import maternity, minimum_age
from bargain.law.rules.national.representatives import (
    employer_chief,
    neutral_recorder,
    nobody_on_both_sides,
    one_chief,
    outside_experts,
    representatives_count,
    union_chief,
)
from bargain.law.rules.national.term import supplement_keeps_parent_standards, term_length

__all__ = ["NATIONAL", "floor_below_minimum"]

NATIONAL = RulePack(
    name="national",
    title=Bilingual("全国性规定", "National law"),
    rules=(
        representatives_count,
        one_chief,
        union_chief,
        employer_chief,
        outside_experts,
        nobody_on_both_sides,
        neutral_recorder,
        pay_above_minimum_wage,
        floor_exclusions,
        overtime_premiums,
        overtime_limits,
        standard_hours,
        weekly_rest,
        part_time_limits,
        continuous_driving,
        minimum_age,
        maternity,
        term_length,
        supplement_keeps_parent_standards,
    ),
)
"""The national pack (legal-reference §6.2: R1-R7, R15-R22, W1, W3; sectors-reference §0: X-02)."""
