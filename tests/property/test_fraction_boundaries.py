"""Every share the law sets, at its exact boundary, for bodies of every size from 1 to 200.

集体合同规定 Art 23 allows outside experts up to a third of a side (不得超过三分之一: a third
itself passes, one more fails); Art 36 needs two thirds of the congress present (三分之二以上) and
half of all its members in favour (半数以上; ``ApprovalRule`` says whether exactly half passes).
Each test compares with an oracle in whole numbers (``3 * experts <= size`` and so on), so no
rounding can hide on either side.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bargain import Agreement, GuardFailed, validate
from bargain.domain.lifecycle import Lifecycle, ProcedurePolicy
from bargain.domain.parties import Delegation, Representative
from bargain.domain.procedure import ApprovalRule, Role, Status, Trigger
from bargain.law.rules import Registry
from bargain.law.rules.national import NATIONAL
from tests.factories import an_agreement

SIZES = range(1, 201)
EXPERTS_ONLY = Registry(
    [replace(NATIONAL, rules=tuple(r for r in NATIONAL.rules if r.id == "REP-EXPERTS"))]
)
DAY = dt.date(2020, 6, 1)
VOTED_AT = dt.datetime(2019, 12, 10, 10, 0, tzinfo=dt.UTC)


def side_with_experts(size: int, experts: int) -> Agreement:
    """An agreement whose union side has ``size`` representatives, the last ``experts`` outsiders."""
    people = tuple(
        Representative(name=f"代表{n}", chief=n == 1, outside_expert=n > size - experts)
        for n in range(1, size + 1)
    )
    agreement = an_agreement()
    union = agreement.union.model_copy(update={"delegation": Delegation(representatives=people)})
    return agreement.model_copy(update={"union": union})


def expert_findings(size: int, experts: int) -> list[str | None]:
    report = validate(side_with_experts(size, experts), DAY, registry=EXPERTS_ONLY)
    return [f.found for f in report.by_rule("REP-EXPERTS") if f.path.endswith("representatives")]


@pytest.mark.parametrize("size", SIZES)
def test_outside_experts_up_to_a_third_pass_and_one_more_fails(size: int) -> None:
    most = size // 3  # the largest count with 3 * count <= size (none for sides of 1 or 2)
    assert expert_findings(size, most) == []
    if most + 1 < size:  # the chief (the first) is never an outsider here
        assert expert_findings(size, most + 1) == [str(most + 1)]


@given(st.integers(2, 200).flatmap(lambda n: st.tuples(st.just(n), st.integers(0, n - 1))))
def test_outside_experts_agree_with_the_whole_number_oracle(case: tuple[int, int]) -> None:
    size, experts = case
    allowed = 3 * experts <= size
    findings = expert_findings(size, experts)
    assert findings == ([] if allowed else [str(experts)])
    if not allowed:
        report = validate(side_with_experts(size, experts), DAY, registry=EXPERTS_ONLY)
        assert report.errors[0].required == f"<= {size // 3}"


# --- the congress (Art 36), through the lifecycle's public names ---------------------------------

BEFORE_CONGRESS = an_agreement(status=Status.BEFORE_CONGRESS)


def vote(
    members: int, present: int, in_favour: int, rule: ApprovalRule = ApprovalRule.AT_LEAST_HALF
) -> Status:
    lifecycle = Lifecycle(ProcedurePolicy.national(approval_rule=rule), validator=None)
    step = lifecycle.fire(
        BEFORE_CONGRESS,
        Trigger.HOLD_CONGRESS_VOTE,
        Role.CONGRESS,
        at=VOTED_AT,
        members=members,
        present=present,
        in_favour=in_favour,
    )
    return step.agreement.status


def quorum(members: int) -> int:
    """The fewest present with 3 * present >= 2 * members."""
    return -(-2 * members // 3)


@pytest.mark.parametrize("members", SIZES)
def test_two_thirds_present_is_a_quorum_and_one_fewer_is_not(members: int) -> None:
    needed = quorum(members)
    assert vote(members, needed, min(needed, members)) is Status.ADOPTED
    with pytest.raises(GuardFailed) as refused:
        vote(members, needed - 1, 0)
    assert refused.value.reason.en == (
        f"{needed - 1} of {members} present, short of the 2/3 quorum ({needed} needed); "
        "the vote cannot be held, reconvene"
    )
    assert refused.value.citation.article == 36


@pytest.mark.parametrize("members", SIZES)
def test_half_of_all_members_adopts_and_one_fewer_does_not(members: int) -> None:
    at_least_half = -(-members // 2)  # the fewest with 2 * votes >= members
    present = max(quorum(members), at_least_half)
    assert vote(members, present, at_least_half) is Status.ADOPTED
    assert vote(members, present, at_least_half - 1) is Status.NEGOTIATING


@pytest.mark.parametrize("members", SIZES)
def test_more_than_half_needs_one_more_vote_when_members_are_even(members: int) -> None:
    more_than_half = members // 2 + 1  # the fewest with 2 * votes > members
    present = max(quorum(members), more_than_half)
    strict = ApprovalRule.MORE_THAN_HALF
    assert vote(members, present, more_than_half, strict) is Status.ADOPTED
    assert vote(members, present, more_than_half - 1, strict) is Status.NEGOTIATING


@given(st.integers(1, 200).flatmap(lambda n: st.tuples(st.just(n), st.integers(0, n))), st.data())
def test_a_vote_agrees_with_the_whole_number_oracle(
    case: tuple[int, int], data: st.DataObject
) -> None:
    members, present = case
    in_favour = data.draw(st.integers(0, present))
    rule = data.draw(st.sampled_from(ApprovalRule))
    if 3 * present < 2 * members:
        with pytest.raises(GuardFailed):
            vote(members, present, in_favour, rule)
        return
    adopted = (
        2 * in_favour >= members if rule is ApprovalRule.AT_LEAST_HALF else 2 * in_favour > members
    )
    assert vote(members, present, in_favour, rule) is (
        Status.ADOPTED if adopted else Status.NEGOTIATING
    )
