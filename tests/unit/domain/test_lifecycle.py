"""The procedure table, its guards and its errors, state by state, trigger by trigger, role by role."""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

import pytest

from bargain import (
    Agreement,
    BargainError,
    GuardFailed,
    HistoryMismatch,
    InvalidDocument,
    Lang,
    NotAuthorised,
    Role,
    Status,
    TransitionNotAllowed,
    Trigger,
)
from bargain.domain.agreement import AgreementKind
from bargain.domain.calendar import FixedClock
from bargain.domain.fingerprint import text_fingerprint
from bargain.domain.lifecycle import (
    TABLE,
    Lifecycle,
    ProcedurePolicy,
    Step,
    check_declarations,
    machine,
    reachable_states,
    transition,
)
from bargain.domain.parties import Recorder, Representative
from bargain.domain.procedure import ApprovalRule
from bargain.law.procedure import lifecycle as law_lifecycle
from tests.factories import a_pay_clause, representatives
from tests.steps import PATHS, lawful_step, procedure_agreement, take, walk

LIFECYCLE = law_lifecycle(publication_days=10)
"""The shipped law, with the 2024 guideline's 10 days to publish also for these 2019 agreements."""
U, E, CONGRESS, BUREAU, CLOCK = (
    Role.UNION_CHIEF,
    Role.EMPLOYER_CHIEF,
    Role.CONGRESS,
    Role.LABOUR_BUREAU,
    Role.CLOCK,
)


@cache
def reach(status: Status) -> Agreement:
    agreement, _ = walk(LIFECYCLE, procedure_agreement(), PATHS[status])
    assert agreement.status is status
    return agreement


def fire(agreement: Agreement, trigger: Trigger, role: Role, day: dt.date, **details: Any) -> Any:
    return LIFECYCLE.fire(agreement, trigger, role, at=FixedClock(day).now(), **details)


# ------------------------------------------------------------------------------- the table


def test_every_state_has_a_path_and_every_state_is_reachable() -> None:
    assert set(PATHS) == set(Status)
    assert reachable_states() == frozenset(Status)


def test_every_trigger_has_exactly_one_row() -> None:
    assert [row.trigger for row in TABLE] == list(Trigger)


def test_final_states_have_no_way_out() -> None:
    for row in TABLE:
        assert not any(s.final for s in row.sources), row.trigger


def test_the_shared_machine_has_no_automatic_transitions() -> None:
    shared = machine.machine()
    assert set(shared.events) == {t.value for t in Trigger}
    assert not any(name.startswith("to_") for name in shared.events)
    assert shared.models == []  # it never holds an agreement


def test_every_step_is_declared_whole() -> None:
    assert check_declarations() == []


def test_an_incomplete_declaration_is_named() -> None:
    from dataclasses import replace

    from bargain.domain.lifecycle.steps.offer import AcceptOffer

    broken = (replace(TABLE[0], details=AcceptOffer, guard=lambda c: c), *TABLE[1:-1])
    missing = check_declarations(broken)
    assert "trigger expire is declared 0 times, not once" in missing
    assert "event type expired is recorded by 0 steps, not one" in missing
    assert "send_offer: its details model is AcceptOffer, expected SendOffer" in missing
    assert "send_offer: its details model AcceptOffer is shared" in missing
    assert "send_offer: the guard <lambda> does not cite an article" in missing


def test_the_machine_answers_what_may_follow() -> None:
    assert machine.triggers_from(Status.DRAFTING) == (Trigger.SEND_OFFER,)
    assert machine.destinations(Status.BEFORE_CONGRESS, Trigger.HOLD_CONGRESS_VOTE) == (
        Status.ADOPTED,
        Status.NEGOTIATING,
    )
    assert machine.destinations(Status.NEGOTIATING, Trigger.RECORD_MEETING) == (Status.NEGOTIATING,)
    assert machine.destinations(Status.DRAFTING, Trigger.SIGN) == ()
    assert not machine.may(Status.DRAFTING, Trigger.SIGN)
    assert machine.move(Status.BEFORE_CONGRESS, Trigger.HOLD_CONGRESS_VOTE, Status.ADOPTED)
    assert not machine.move(Status.BEFORE_CONGRESS, Trigger.HOLD_CONGRESS_VOTE, Status.SIGNED)


# ------------------------------------------------------------------------------ the matrix

# The combinations where the role may act but a guard refuses, given the paths in tests.steps.
GUARDED = {
    # The union chief chaired the first meeting; the chiefs chair in turn (Art 34).
    (Status.NEGOTIATING, Trigger.RECORD_MEETING, U),
    # The side that received the offer replies; it does not apply for coordination (Art 32).
    (Status.OFFER_SENT, Trigger.REQUEST_COORDINATION, E),
}


@pytest.mark.parametrize("trigger", list(Trigger), ids=lambda t: t.value)
@pytest.mark.parametrize("status", list(Status), ids=lambda s: s.value)
def test_matrix_of_states_triggers_and_roles(status: Status, trigger: Trigger) -> None:
    agreement = reach(status)
    row = transition(trigger)
    day, details = lawful_step(agreement, trigger)
    for role in Role:
        attempt = (status, trigger, role)
        outcome: Step | BargainError
        try:
            outcome = fire(agreement, trigger, role, day, **details)
        except BargainError as error:
            outcome = error
        allowed_here = status in row.sources
        may_act = role in row.who.roles(agreement)
        if not allowed_here:
            assert isinstance(outcome, TransitionNotAllowed), attempt
            assert outcome.state is status
            assert outcome.trigger is trigger
            assert trigger not in outcome.allowed
            assert outcome.allowed == LIFECYCLE.allowed(agreement)
        elif not may_act:
            assert isinstance(outcome, NotAuthorised), attempt
            assert outcome.role is role
            assert role not in outcome.allowed_roles
        elif attempt in GUARDED:
            assert isinstance(outcome, GuardFailed), attempt
            assert outcome.citation.article is not None
        else:
            assert isinstance(outcome, Step), f"{attempt}: {outcome}"
            assert outcome.agreement.status in machine.destinations(status, trigger)
            assert outcome.event.source is status
            assert outcome.event.target is outcome.agreement.status
            assert outcome.event.sequence == agreement.procedure.version + 1
            assert outcome.event.trigger is trigger
            assert outcome.event.actor.role is role
            assert outcome.event.citation == row.citation


def test_errors_speak_both_languages_and_list_what_is_allowed() -> None:
    with pytest.raises(TransitionNotAllowed) as refused:
        fire(reach(Status.DRAFTING), Trigger.SIGN, U, dt.date(2019, 11, 5))
    assert "发出要约（send_offer）" in refused.value.message(Lang.ZH)
    assert "allowed now: send_offer" in refused.value.message(Lang.EN)
    with pytest.raises(NotAuthorised) as unauthorised:
        fire(reach(Status.DRAFTING), Trigger.SEND_OFFER, Role.OTHER, dt.date(2019, 11, 5))
    assert "其他人员无权" in unauthorised.value.message(Lang.ZH)
    assert "union_chief, employer_chief" in unauthorised.value.message(Lang.EN)


# ------------------------------------------------------------------------------- guards


def test_an_offer_needs_topics_and_a_refusal_needs_a_reason() -> None:
    with pytest.raises(InvalidDocument) as no_topics:
        fire(reach(Status.DRAFTING), Trigger.SEND_OFFER, U, dt.date(2019, 11, 5))
    assert no_topics.value.problems[0].path == "topics"
    assert no_topics.value.source == "<send_offer>"
    with pytest.raises(GuardFailed, match="议题"):
        fire(reach(Status.DRAFTING), Trigger.SEND_OFFER, U, dt.date(2019, 11, 5), topics=())
    with pytest.raises(InvalidDocument) as no_reason:
        fire(reach(Status.OFFER_SENT), Trigger.REFUSE_OFFER, E, dt.date(2019, 11, 6))
    assert no_reason.value.problems[0].path == "reason"


def test_the_reply_period_counts_from_receipt_of_the_offer() -> None:
    drafting = reach(Status.DRAFTING)
    day = dt.date(2019, 11, 6)
    step = fire(drafting, Trigger.SEND_OFFER, U, day, topics=["劳动报酬"], received_on="2019-11-08")
    offer = step.agreement.procedure.offer
    assert (offer.sent_on, offer.received_on) == (day, dt.date(2019, 11, 8))
    assert offer.reply_due.due == dt.date(2019, 11, 28)
    with pytest.raises(GuardFailed, match="before it is sent"):
        fire(drafting, Trigger.SEND_OFFER, U, day, topics=["劳动报酬"], received_on="2019-11-05")


def test_unknown_details_are_refused_by_name() -> None:
    with pytest.raises(InvalidDocument) as error:
        fire(reach(Status.ADOPTED), Trigger.SIGN, U, dt.date(2019, 12, 30), seal="公章")
    assert error.value.problems[0].path == "seal"
    assert "known: none" in error.value.message(Lang.EN)


def test_a_step_cannot_be_dated_before_the_last_one_or_after_it_is_recorded() -> None:
    agreement = reach(Status.OFFER_SENT)
    at = FixedClock(dt.date(2019, 11, 20)).now()
    with pytest.raises(InvalidDocument, match="not before the last step"):
        LIFECYCLE.fire(agreement, Trigger.ACCEPT_OFFER, E, at=at, on=dt.date(2019, 11, 1))
    with pytest.raises(InvalidDocument, match="not after"):
        LIFECYCLE.fire(agreement, Trigger.ACCEPT_OFFER, E, at=at, on=dt.date(2019, 11, 21))
    late_record = LIFECYCLE.fire(agreement, Trigger.ACCEPT_OFFER, E, at=at, on=dt.date(2019, 11, 8))
    assert late_record.event.on == dt.date(2019, 11, 8)
    assert late_record.event.at == at


def test_the_side_that_sent_the_offer_cannot_answer_it() -> None:
    with pytest.raises(NotAuthorised):
        fire(reach(Status.OFFER_SENT), Trigger.ACCEPT_OFFER, U, dt.date(2019, 11, 6))


def test_first_meeting_needs_a_recorder_who_is_not_a_representative() -> None:
    preparing = reach(Status.PREPARING)
    day = dt.date(2019, 11, 10)
    without = preparing.model_copy(update={"recorder": None})
    with pytest.raises(GuardFailed) as missing:
        fire(without, Trigger.START_NEGOTIATION, U, day)
    assert missing.value.citation.article == 33
    representative = preparing.union.delegation.representatives[1].name
    with pytest.raises(GuardFailed, match="记录员"):
        fire(preparing, Trigger.START_NEGOTIATION, U, day, recorder={"name": representative})
    step = fire(without, Trigger.START_NEGOTIATION, U, day, recorder={"name": "中立记录员"})
    assert step.agreement.recorder == Recorder(name="中立记录员")


def test_first_meeting_needs_lawful_representatives() -> None:
    preparing = reach(Status.PREPARING)
    union = preparing.union.model_copy(
        update={
            "delegation": preparing.union.delegation.model_copy(
                update={"representatives": tuple(representatives(2, prefix="工会代表"))}
            )
        }
    )
    with pytest.raises(GuardFailed) as refused:
        fire(
            preparing.model_copy(update={"union": union}),
            Trigger.START_NEGOTIATION,
            U,
            dt.date(2019, 11, 10),
        )
    assert "REP-COUNT" in str(refused.value)
    assert refused.value.citation.article == 19


def test_without_a_validator_the_procedure_runs_without_the_law() -> None:
    bare = Lifecycle(ProcedurePolicy.national(), validator=None)
    preparing = reach(Status.PREPARING)
    union = preparing.union.model_copy(
        update={"delegation": preparing.union.delegation.model_copy(update={"representatives": ()})}
    )
    agreement = preparing.model_copy(update={"union": union})
    step = bare.fire(
        agreement, Trigger.START_NEGOTIATION, U, at=FixedClock(dt.date(2019, 11, 10)).now()
    )
    assert step.agreement.status is Status.NEGOTIATING


def test_chiefs_chair_meetings_in_turn() -> None:
    agreement = reach(Status.NEGOTIATING)
    assert agreement.procedure.meetings[-1].chair.value == "union"
    with pytest.raises(GuardFailed) as refused:
        take(LIFECYCLE, agreement, Trigger.RECORD_MEETING, U)
    assert refused.value.citation.article == 34
    second = take(LIFECYCLE, agreement, Trigger.RECORD_MEETING, E).agreement
    third = take(LIFECYCLE, second, Trigger.RECORD_MEETING, U).agreement
    assert [m.chair.value for m in third.procedure.meetings] == ["union", "employer", "union"]
    assert [m.number for m in third.procedure.meetings] == [1, 2, 3]


def test_a_suspension_needs_a_later_resume_day_and_a_late_resumption_is_noted() -> None:
    agreement = reach(Status.NEGOTIATING)
    day = dt.date(2019, 11, 20)
    with pytest.raises(GuardFailed):
        fire(agreement, Trigger.SUSPEND, U, day, resume_on=day)
    suspended = fire(agreement, Trigger.SUSPEND, U, day, resume_on=dt.date(2019, 11, 25)).agreement
    assert LIFECYCLE.deadlines(suspended, dt.date(2019, 11, 26))[0].overdue
    resumed = fire(suspended, Trigger.RESUME, E, dt.date(2019, 11, 27))
    assert "晚于约定的恢复日期" in resumed.event.notes[0].zh


def test_coordination_lasts_30_days_plus_at_most_15() -> None:
    coordinating = reach(Status.IN_COORDINATION)
    coordination = coordinating.procedure.coordination
    assert coordination is not None
    assert coordination.due.days == 30
    with pytest.raises(NotAuthorised):
        take(LIFECYCLE, coordinating, Trigger.EXTEND_COORDINATION, U)
    day = coordination.since + dt.timedelta(days=20)
    with pytest.raises(GuardFailed, match="15"):
        fire(coordinating, Trigger.EXTEND_COORDINATION, Role.COORDINATOR, day, days=16)
    extended = fire(coordinating, Trigger.EXTEND_COORDINATION, Role.COORDINATOR, day, days=10)
    again = fire(extended.agreement, Trigger.EXTEND_COORDINATION, Role.COORDINATOR, day)
    assert again.agreement.procedure.coordination.extended_days == 15
    with pytest.raises(GuardFailed):
        fire(again.agreement, Trigger.EXTEND_COORDINATION, Role.COORDINATOR, day, days=1)
    due = again.agreement.procedure.coordination.due
    assert due.days == 45
    late = fire(
        again.agreement,
        Trigger.CONCLUDE_COORDINATION,
        Role.COORDINATOR,
        due.due + dt.timedelta(days=2),
    )
    assert late.event.late_days == 2
    assert late.agreement.status is Status.NEGOTIATING  # meetings were held before the dispute


def test_coordination_cannot_be_extended_after_it_ended() -> None:
    coordinating = reach(Status.IN_COORDINATION)
    due = coordinating.procedure.coordination.due.due
    with pytest.raises(GuardFailed, match="cannot be extended"):
        fire(
            coordinating, Trigger.EXTEND_COORDINATION, Role.COORDINATOR, due + dt.timedelta(days=1)
        )


def test_a_refused_offer_goes_to_coordination_and_back_to_preparation() -> None:
    offer = reach(Status.OFFER_SENT)
    refused = fire(offer, Trigger.REFUSE_OFFER, E, dt.date(2019, 11, 10), reason="经营困难")
    assert refused.agreement.status is Status.IN_COORDINATION
    assert refused.agreement.procedure.reply.accepted is False
    concluded = fire(
        refused.agreement,
        Trigger.CONCLUDE_COORDINATION,
        Role.COORDINATOR,
        dt.date(2019, 11, 30),
        outstanding=["劳动报酬标准"],
    )
    assert concluded.agreement.status is Status.PREPARING
    assert concluded.agreement.procedure.coordination.outstanding == ("劳动报酬标准",)


def test_an_unanswered_offer_lets_the_offering_side_ask_for_coordination_only_when_overdue() -> (
    None
):
    offer = reach(Status.OFFER_SENT)
    due = offer.procedure.offer.reply_due.due
    with pytest.raises(GuardFailed, match="has not run out"):
        fire(offer, Trigger.REQUEST_COORDINATION, U, due, reason="未回应")
    step = fire(offer, Trigger.REQUEST_COORDINATION, U, due + dt.timedelta(days=1), reason="未回应")
    assert step.agreement.status is Status.IN_COORDINATION


def test_a_draft_comes_out_of_a_meeting_and_may_carry_its_text() -> None:
    negotiating = reach(Status.NEGOTIATING)
    clauses = (a_pay_clause("pay", text="配送单价每单5元。"),)
    step = fire(negotiating, Trigger.AGREE_DRAFT, U, dt.date(2019, 11, 20), clauses=clauses)
    assert step.agreement.clauses == clauses
    assert step.event.facts["clauses"][0]["text"] == "配送单价每单5元。"
    no_meeting = negotiating.model_copy(
        update={"procedure": negotiating.procedure.model_copy(update={"meetings": ()})}
    )
    with pytest.raises(GuardFailed, match="meeting"):
        fire(no_meeting, Trigger.AGREE_DRAFT, U, dt.date(2019, 11, 20))
    twice = (a_pay_clause("pay"), a_pay_clause("pay"))
    with pytest.raises(InvalidDocument, match="appears twice"):
        fire(negotiating, Trigger.AGREE_DRAFT, U, dt.date(2019, 11, 20), clauses=twice)


def test_a_draft_with_errors_cannot_go_to_the_congress() -> None:
    agreed = reach(Status.DRAFT_AGREED)
    below = agreed.with_clause(a_pay_clause("pay", monthly_floor="1000/month"))
    with pytest.raises(GuardFailed) as refused:
        fire(below, Trigger.SUBMIT_TO_CONGRESS, U, dt.date(2019, 12, 1))
    assert "PAY-MIN-WAGE" in str(refused.value)


@pytest.mark.parametrize(
    ("present", "in_favour", "outcome"),
    [
        (119, 100, None),  # 119 of 180 is short of 2/3: no vote
        (120, 90, Status.ADOPTED),  # 2/3 present, half of all members for it
        (180, 89, Status.NEGOTIATING),  # a majority of those present is not enough
        (150, 91, Status.ADOPTED),
    ],
)
def test_congress_quorum_and_approval_of_all_members(
    present: int, in_favour: int, outcome: Status | None
) -> None:
    before = reach(Status.BEFORE_CONGRESS)
    day = dt.date(2019, 12, 10)
    vote = {"members": 180, "present": present, "in_favour": in_favour}
    if outcome is None:
        with pytest.raises(GuardFailed, match="120") as refused:
            fire(before, Trigger.HOLD_CONGRESS_VOTE, CONGRESS, day, **vote)
        assert refused.value.citation.article == 36
        return
    step = fire(before, Trigger.HOLD_CONGRESS_VOTE, CONGRESS, day, **vote)
    assert step.agreement.status is outcome
    assert step.agreement.procedure.congress.adopted is (outcome is Status.ADOPTED)
    assert step.agreement.procedure.congress.kind.value == "sector_congress"


def test_an_exact_half_is_a_matter_of_interpretation_and_says_so() -> None:
    before = reach(Status.BEFORE_CONGRESS)
    at = FixedClock(dt.date(2019, 12, 10)).now()
    vote = {"members": 180, "present": 120, "in_favour": 90}
    inclusive = LIFECYCLE.fire(before, Trigger.HOLD_CONGRESS_VOTE, CONGRESS, at=at, **vote)
    assert inclusive.agreement.status is Status.ADOPTED
    assert "interpretation" in inclusive.event.notes[0].en
    strict = law_lifecycle(approval_rule=ApprovalRule.MORE_THAN_HALF)
    rejected = strict.fire(before, Trigger.HOLD_CONGRESS_VOTE, CONGRESS, at=at, **vote)
    assert rejected.agreement.status is Status.NEGOTIATING
    assert "not adopted" in rejected.event.notes[0].en


@pytest.mark.parametrize(
    "count",
    [
        {"members": 100, "present": 101, "in_favour": 60},
        {"members": 100, "present": 80, "in_favour": 60, "against": 30},
        {"members": 0, "present": 0, "in_favour": 0},
        {"members": 100, "present": 80, "in_favour": -1},
    ],
)
def test_a_vote_count_must_add_up(count: dict[str, int]) -> None:
    before = reach(Status.BEFORE_CONGRESS)
    with pytest.raises(InvalidDocument):
        fire(before, Trigger.HOLD_CONGRESS_VOTE, CONGRESS, dt.date(2019, 12, 10), **count)


def test_signing_needs_one_chief_on_each_side() -> None:
    adopted = reach(Status.ADOPTED)
    people = tuple(Representative(name=f"企业代表{n}") for n in range(1, 4))
    employer = adopted.employer.model_copy(
        update={
            "delegation": adopted.employer.delegation.model_copy(update={"representatives": people})
        }
    )
    with pytest.raises(GuardFailed, match="chief"):
        take(LIFECYCLE, adopted.model_copy(update={"employer": employer}), Trigger.SIGN, U)


def test_signing_records_the_fingerprint_of_the_text_signed() -> None:
    adopted = reach(Status.ADOPTED)
    step = take(LIFECYCLE, adopted, Trigger.SIGN, U)
    fingerprint = text_fingerprint(adopted)
    assert step.agreement.procedure.signed_fingerprint == fingerprint
    assert step.event.facts["signed_fingerprint"] == fingerprint
    # The text alone counts: the record moving on leaves it, a changed clause does not.
    assert text_fingerprint(step.agreement) == fingerprint
    pay = adopted.clauses[0]
    changed = adopted.with_clause(pay.changed(text=pay.text + "（修订）"))
    assert text_fingerprint(changed) != fingerprint


def test_filing_is_due_10_days_after_signing_in_three_copies() -> None:
    signed = reach(Status.SIGNED)
    due = signed.procedure.filing_due
    assert due is not None
    assert due.days == 10
    with pytest.raises(GuardFailed, match="three copies"):
        fire(signed, Trigger.FILE, E, due.due, copies=2)
    late = fire(signed, Trigger.FILE, E, due.due + dt.timedelta(days=3))
    assert late.event.late_days == 3
    assert late.agreement.procedure.filing.late_days == 3
    assert "逾期3日" in late.event.notes[0].zh
    assert "3 days late" in late.event.notes[0].en


def test_only_the_employer_files_a_company_agreement_but_the_union_may_file_a_sector_one() -> None:
    company, _ = walk(
        LIFECYCLE, procedure_agreement(kind=AgreementKind.COMPREHENSIVE), PATHS[Status.SIGNED]
    )
    with pytest.raises(NotAuthorised):
        take(LIFECYCLE, company, Trigger.FILE, U)
    assert take(LIFECYCLE, reach(Status.SIGNED), Trigger.FILE, U).event.actor.role is U


def test_objections_only_within_15_days_of_receipt_then_the_agreement_takes_effect() -> None:
    review = reach(Status.UNDER_REVIEW)
    ends = review.procedure.filing.review_ends
    assert ends.days == 15
    after = ends.due + dt.timedelta(days=1)
    with pytest.raises(GuardFailed) as too_late:
        fire(review, Trigger.OBJECT, BUREAU, after, opinion="不合规")
    assert too_late.value.citation.article == 45
    with pytest.raises(GuardFailed):
        fire(review, Trigger.TAKE_EFFECT, CLOCK, ends.due)
    effective = fire(review, Trigger.TAKE_EFFECT, CLOCK, after + dt.timedelta(days=5))
    assert effective.agreement.procedure.effective_on == after  # by law, not when swept
    assert effective.agreement.procedure.publication_due.days == 10


def test_an_objection_sends_the_agreement_back_to_negotiation_and_refiling() -> None:
    objected = reach(Status.OBJECTED)
    assert objected.procedure.objection.items == ("pay",)
    steps = [
        (Trigger.RENEGOTIATE, U),
        (Trigger.RECORD_MEETING, E),
        (Trigger.AGREE_DRAFT, U),
        (Trigger.SUBMIT_TO_CONGRESS, U),
        (Trigger.HOLD_CONGRESS_VOTE, CONGRESS),
        (Trigger.SIGN, E),
        (Trigger.FILE, E),
    ]
    refiled, events = walk(LIFECYCLE, objected, steps)
    assert refiled.status is Status.UNDER_REVIEW
    assert events[0].citation.article == 46


def test_publication_is_due_within_10_days_of_effect_and_late_publication_is_recorded() -> None:
    effective = reach(Status.EFFECTIVE)
    due = effective.procedure.publication_due
    late = fire(effective, Trigger.PUBLISH, E, due.due + dt.timedelta(days=4))
    assert late.event.late_days == 4
    no_limit = law_lifecycle(publication_days=None)
    review = reach(Status.UNDER_REVIEW)
    day = review.procedure.filing.review_ends.due + dt.timedelta(days=1)
    unlimited = no_limit.fire(review, Trigger.TAKE_EFFECT, CLOCK, at=FixedClock(day).now())
    assert unlimited.agreement.procedure.publication_due is None


def test_renewal_only_within_the_3_months_before_expiry() -> None:
    effective = reach(Status.EFFECTIVE)
    with pytest.raises(GuardFailed) as early:
        fire(effective, Trigger.REQUEST_RENEWAL, U, dt.date(2022, 9, 29))
    assert early.value.citation.article == 38
    step = fire(effective, Trigger.REQUEST_RENEWAL, U, dt.date(2022, 9, 30))
    assert step.agreement.status is Status.EFFECTIVE
    assert step.agreement.procedure.renewal_requested_on == dt.date(2022, 9, 30)
    no_term = effective.model_copy(update={"term": None})
    with pytest.raises(GuardFailed, match="no term"):
        fire(no_term, Trigger.REQUEST_RENEWAL, U, dt.date(2022, 10, 1))


def test_expiry_is_for_the_clock_after_the_term() -> None:
    effective = reach(Status.EFFECTIVE)
    with pytest.raises(GuardFailed):
        fire(effective, Trigger.EXPIRE, CLOCK, dt.date(2022, 12, 31))
    step = fire(effective, Trigger.EXPIRE, CLOCK, dt.date(2023, 1, 1))
    assert step.agreement.procedure.ended_on == dt.date(2022, 12, 31)


def test_amendment_reruns_the_procedure_and_termination_ends_it() -> None:
    published = reach(Status.PUBLISHED)
    amended = take(LIFECYCLE, published, Trigger.AMEND, E)
    assert amended.agreement.status is Status.NEGOTIATING
    assert amended.event.citation.article == 41
    with pytest.raises(InvalidDocument):
        fire(published, Trigger.TERMINATE, U, dt.date(2020, 6, 1))
    ended = take(LIFECYCLE, published, Trigger.TERMINATE, U)
    assert ended.agreement.status is Status.TERMINATED
    assert ended.agreement.procedure.amendment.ground.value == "force_majeure"


# ------------------------------------------------------------------------- time and history


def test_sweep_applies_what_time_decides() -> None:
    review = reach(Status.UNDER_REVIEW)
    ends = review.procedure.filing.review_ends.due
    assert LIFECYCLE.sweep(review, FixedClock(ends).now()) == ()
    steps = LIFECYCLE.sweep(review, FixedClock(dt.date(2023, 2, 1)).now())
    assert [s.event.trigger for s in steps] == [Trigger.TAKE_EFFECT, Trigger.EXPIRE]
    assert all(s.event.actor.role is CLOCK for s in steps)


def test_deadlines_list_what_is_open_in_the_state() -> None:
    offer = reach(Status.OFFER_SENT)
    due = offer.procedure.offer.reply_due.due
    (reply,) = LIFECYCLE.deadlines(offer, due + dt.timedelta(days=1))
    assert reply.kind.value == "reply"
    assert reply.overdue
    assert reply.remaining == -1
    assert "已逾期1日" in reply.text(Lang.ZH)
    assert "第三十二条" in reply.text(Lang.ZH)
    assert "1 day overdue" in reply.text(Lang.EN)
    assert reply.as_json(Lang.EN)["overdue"] is True
    assert reply.as_json(Lang.EN)["due"] == str(due)
    assert reply.as_json()["citation"] == "《集体合同规定》第三十二条第二款"
    assert LIFECYCLE.deadlines(offer, due - dt.timedelta(days=10), within=3) == ()
    effective = reach(Status.EFFECTIVE)
    kinds = [d.kind.value for d in LIFECYCLE.deadlines(effective, dt.date(2020, 1, 20))]
    assert kinds == ["publication", "renewal_window", "expiry"]


def test_replay_rebuilds_the_snapshot_and_refuses_a_broken_history() -> None:
    opening = procedure_agreement()
    agreement, events = walk(LIFECYCLE, opening, PATHS[Status.PUBLISHED])
    assert LIFECYCLE.replay(opening, events) == agreement
    assert [e.sequence for e in events] == list(range(1, len(events) + 1))
    with pytest.raises(HistoryMismatch, match="expected event 2"):
        LIFECYCLE.replay(opening, [events[0], events[2]])
    with pytest.raises(HistoryMismatch, match="starts from"):
        LIFECYCLE.replay(opening, [events[1].model_copy(update={"sequence": 1})])
    other = events[0].model_copy(update={"agreement_id": "other"})
    with pytest.raises(HistoryMismatch, match="belongs to"):
        LIFECYCLE.replay(opening, [other])
    wrong = events[0].model_copy(update={"target": Status.SIGNED})
    with pytest.raises(HistoryMismatch, match="cannot lead"):
        LIFECYCLE.replay(opening, [wrong])


def test_events_are_json_and_come_back_equal() -> None:
    from bargain import Event

    _, events = walk(LIFECYCLE, procedure_agreement(), PATHS[Status.PUBLISHED])
    for event in events:
        assert Event.model_validate_json(event.model_dump_json()) == event


def test_bargain_commands_lists_every_step_command() -> None:
    import bargain.commands

    assert sorted(bargain.commands.__all__) == sorted(row.details.__name__ for row in TABLE)
    assert all(getattr(bargain.commands, row.details.__name__) is row.details for row in TABLE)
