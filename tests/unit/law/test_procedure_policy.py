"""``policy_for``: the procedure's numbers in force on a day, read from the legal parameters."""

from __future__ import annotations

import datetime as dt

import pytest

from bargain.domain.lifecycle import ProcedurePolicy
from bargain.law.procedure import policy_for

GUIDANCE_IN_FORCE = dt.date(2024, 11, 6)
"""全总办公厅等四部门《新就业形态劳动者权益协商指引》, dated 2024-11-06 (legal-reference §3.4)."""


@pytest.mark.parametrize(
    "day", [dt.date(2004, 5, 1), dt.date(2019, 11, 6), GUIDANCE_IN_FORCE - dt.timedelta(days=1)]
)
def test_before_the_2024_guidance_publication_has_no_day_limit(day: dt.date) -> None:
    # 集体合同规定 Art 48 says only 及时 (promptly): no number of days to borrow from later guidance.
    assert policy_for()(day).publication_days is None


@pytest.mark.parametrize("day", [GUIDANCE_IN_FORCE, dt.date(2025, 6, 1)])
def test_from_the_2024_guidance_publication_is_due_within_10_days(day: dt.date) -> None:
    assert policy_for()(day).publication_days == 10


@pytest.mark.parametrize("override", [None, 7])
def test_an_explicit_publication_limit_applies_on_every_day(override: int | None) -> None:
    policy = policy_for(publication_days=override)
    for day in (dt.date(2019, 11, 6), dt.date(2025, 6, 1)):
        assert policy(day).publication_days == override


def test_the_other_numbers_do_not_depend_on_the_guidance() -> None:
    before, after = policy_for()(dt.date(2019, 11, 6)), policy_for()(dt.date(2025, 6, 1))
    assert before == ProcedurePolicy.national(publication_days=None)
    assert after == ProcedurePolicy.national()
