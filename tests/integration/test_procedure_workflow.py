"""The use cases on the in-memory store: the Bengbu sector agreement from offer to publication."""

from __future__ import annotations

import datetime as dt

import pytest

from bargain import (
    Actor,
    ConcurrencyError,
    DuplicateAgreement,
    FixedClock,
    GuardFailed,
    InvalidDocument,
    Lang,
    MemoryStore,
    NotOpenable,
    Role,
    Status,
    Trigger,
    UnknownAgreement,
    Workflow,
    load_agreement,
)
from bargain.domain.lifecycle import (
    AcceptOffer,
    AgreeDraft,
    Amend,
    File,
    HoldCongressVote,
    Publish,
    RecordMeeting,
    RequestRenewal,
    SendOffer,
    Sign,
    StartNegotiation,
    SubmitToCongress,
    Terminate,
)
from bargain.domain.procedure import AmendmentGround
from tests.conftest import SECTOR_AGREEMENT, SPRING_FESTIVAL
from tests.steps import PATHS, procedure_agreement

U, E = Role.UNION_CHIEF, Role.EMPLOYER_CHIEF
D = dt.date


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(D(2019, 11, 6))


@pytest.fixture
def store() -> MemoryStore:
    return MemoryStore()


@pytest.fixture
def workflow(store: MemoryStore, clock: FixedClock) -> Workflow:
    return Workflow(store.unit_of_work, clock=clock)


def test_the_bengbu_sector_agreement_goes_from_offer_to_publication(
    workflow: Workflow, clock: FixedClock
) -> None:
    agreement = workflow.open(load_agreement(SECTOR_AGREEMENT))
    key = agreement.id

    # 6 November 2019 (a Wednesday): the sector union federation sends the written offer.
    sent = workflow.handle(key, SendOffer(topics=["劳动报酬", "劳动保护", "算法规则"]), U)
    assert sent.agreement.procedure.offer.reply_due.due == D(2019, 11, 26)  # day 20, a Tuesday

    # Day 21: the reply is overdue before it comes, and late when it comes.
    clock.set(D(2019, 11, 27))
    (overdue,) = workflow.deadlines(key)
    assert overdue.kind.value == "reply"
    assert overdue.overdue
    assert "已逾期1日" in overdue.text(Lang.ZH)
    assert workflow.sweep().overdue == (overdue,)
    replied = workflow.handle(key, AcceptOffer(), E)
    assert replied.event.late_days == 1
    assert replied.event.late
    assert replied.agreement.procedure.reply.late_days == 1

    clock.set(D(2019, 11, 29))
    workflow.handle(key, StartNegotiation(place="蚌埠市总工会", topics=["劳动报酬"]), U)
    clock.set(D(2019, 12, 3))
    workflow.handle(key, RecordMeeting(summary="就配送单价达成一致"), E)
    clock.set(D(2019, 12, 5))
    workflow.handle(key, AgreeDraft(), U)
    clock.set(D(2019, 12, 6))
    workflow.handle(key, SubmitToCongress(), U)

    # The sector workers' congress of 180: 119 present is no quorum, 120 present and 90 for adopts.
    clock.set(D(2019, 12, 10))
    with pytest.raises(GuardFailed) as no_quorum:
        workflow.handle(
            key, HoldCongressVote(members=180, present=119, in_favour=119), Role.CONGRESS
        )
    assert no_quorum.value.citation.article == 36
    assert workflow.get(key).status is Status.BEFORE_CONGRESS  # nothing was stored
    voted = workflow.handle(
        key,
        HoldCongressVote(members=180, present=120, in_favour=90, against=20, abstaining=10),
        Role.CONGRESS,
    )
    assert voted.agreement.status is Status.ADOPTED

    clock.set(D(2019, 12, 11))
    signed = workflow.handle(key, Sign(), U)
    assert signed.agreement.procedure.filing_due.due == D(2019, 12, 23)  # day 10 is a Saturday
    clock.set(D(2019, 12, 12))
    filed = workflow.handle(key, File(), U)  # a sector agreement may be filed by the union side
    assert filed.agreement.procedure.filing.review_ends.due == D(2019, 12, 27)

    # No objection within 15 days: the sweep makes it take effect, dated by law.
    clock.set(D(2019, 12, 30))
    report = workflow.sweep()
    assert [s.event.trigger for s in report.steps] == [Trigger.TAKE_EFFECT]
    effective = workflow.get(key)
    assert effective.status is Status.EFFECTIVE
    assert effective.procedure.effective_on == D(2019, 12, 28)
    # Art 48 asks only for prompt publication; the 10 days of the ACFTU guideline date from 2024.
    assert effective.procedure.publication_due is None

    clock.set(D(2020, 1, 3))
    published = workflow.handle(key, Publish(), E)
    assert published.agreement.status is Status.PUBLISHED
    assert not published.event.late

    history = workflow.history(key)
    assert [e.type.value for e in history] == [
        "offer_sent",
        "offer_accepted",
        "negotiation_started",
        "meeting_held",
        "draft_agreed",
        "submitted_to_congress",
        "congress_voted",
        "signed",
        "filed",
        "took_effect",
        "published",
    ]
    assert [e.late_days for e in history if e.late] == [1]
    assert workflow.rebuild(key) == workflow.get(key)


def test_a_supplementary_agreement_runs_the_same_procedure(
    workflow: Workflow, clock: FixedClock
) -> None:
    parent = load_agreement(SECTOR_AGREEMENT)
    workflow.open(parent)
    supplement = workflow.open(load_agreement(SPRING_FESTIVAL))
    clock.set(D(2021, 1, 20))
    for trigger, role in PATHS[Status.SIGNED]:
        if trigger is Trigger.HOLD_CONGRESS_VOTE:
            workflow.handle(
                supplement.id, HoldCongressVote(members=50, present=40, in_favour=30), role
            )
        elif trigger is Trigger.SEND_OFFER:
            workflow.handle(supplement.id, SendOffer(topics=["春节期间骑手权益保障"]), role)
        else:
            workflow.fire(supplement.id, trigger, role)
    assert workflow.get(supplement.id).status is Status.SIGNED


def test_a_refused_step_stores_nothing(workflow: Workflow, store: MemoryStore) -> None:
    agreement = workflow.open(procedure_agreement())
    with pytest.raises(GuardFailed):
        workflow.handle(agreement.id, SendOffer(topics=[]), U)
    assert workflow.get(agreement.id) == agreement
    assert workflow.history(agreement.id) == ()


def test_opening_checks_the_agreement_is_new(workflow: Workflow) -> None:
    agreement = workflow.open(procedure_agreement())
    with pytest.raises(DuplicateAgreement):
        workflow.open(agreement)
    with pytest.raises(NotOpenable):
        workflow.open(procedure_agreement(id="other", status=Status.SIGNED))
    with pytest.raises(UnknownAgreement, match="no agreement with id 'missing'"):
        workflow.get("missing")


def test_a_stale_writer_gets_a_concurrency_error(store: MemoryStore, workflow: Workflow) -> None:
    agreement = workflow.open(procedure_agreement())
    with store.unit_of_work() as first, store.unit_of_work() as second:
        read_first = first.agreements.get(agreement.id)
        read_second = second.agreements.get(agreement.id)
        at = FixedClock(D(2019, 11, 6)).now()
        step_first = workflow.lifecycle.fire(
            read_first, Trigger.SEND_OFFER, U, at=at, topics=["劳动报酬"]
        )
        step_second = workflow.lifecycle.fire(
            read_second, Trigger.SEND_OFFER, E, at=at, topics=["劳动定额"]
        )
        first.agreements.record(step_first.agreement, [step_first.event])
        first.commit()
        second.agreements.record(step_second.agreement, [step_second.event])
        with pytest.raises(ConcurrencyError, match="read at version 0, now 1"):
            second.commit()
    assert workflow.get(agreement.id).procedure.offer.topics == ("劳动报酬",)


def test_renewal_opens_a_linked_draft_within_the_window(
    workflow: Workflow, clock: FixedClock
) -> None:
    agreement = workflow.open(procedure_agreement())
    for trigger, role in PATHS[Status.EFFECTIVE]:
        details = {}
        if trigger is Trigger.SEND_OFFER:
            details = {"topics": ("劳动报酬",)}
        elif trigger is Trigger.HOLD_CONGRESS_VOTE:
            details = {"members": 30, "present": 25, "in_favour": 20}
        clock.advance(days=1)
        if trigger is Trigger.TAKE_EFFECT:
            workflow.fire(agreement.id, trigger, Role.LABOUR_BUREAU)
        else:
            workflow.fire(agreement.id, trigger, role, **details)
    clock.set(D(2022, 9, 1))
    with pytest.raises(GuardFailed, match="3"):
        workflow.request_renewal(agreement.id, U)
    assert workflow.get(agreement.id).procedure.renewal_requested_on is None
    clock.set(D(2022, 10, 10))
    renewal = workflow.request_renewal(agreement.id, E)
    assert renewal.draft.id == f"{agreement.id}-renewal-2022"
    assert renewal.draft.renews.id == agreement.id
    assert renewal.draft.status is Status.DRAFTING
    assert renewal.draft.term is None
    assert workflow.get(renewal.draft.id) == renewal.draft

    clock.set(D(2023, 1, 5))
    report = workflow.sweep()
    assert [(s.event.agreement_id, s.event.trigger) for s in report.steps] == [
        (agreement.id, Trigger.EXPIRE)
    ]
    assert workflow.get(agreement.id).status is Status.EXPIRED


def test_amendment_and_termination_through_the_use_cases(
    workflow: Workflow, clock: FixedClock
) -> None:
    first = workflow.open(procedure_agreement(id="first"))
    second = workflow.open(procedure_agreement(id="second"))
    for agreement in (first, second):
        clock.set(D(2019, 11, 6))
        for trigger, role in PATHS[Status.EFFECTIVE]:
            clock.advance(days=1)
            details = {}
            if trigger is Trigger.SEND_OFFER:
                details = {"topics": ("劳动报酬",)}
            elif trigger is Trigger.HOLD_CONGRESS_VOTE:
                details = {"members": 30, "present": 25, "in_favour": 20}
            acting = Role.LABOUR_BUREAU if trigger is Trigger.TAKE_EFFECT else role
            workflow.fire(agreement.id, trigger, acting, **details)
    clock.set(D(2020, 6, 1))
    amended = workflow.handle(
        first.id, Amend(ground=AmendmentGround.AGREED_CONDITION, reason="单价调整"), U
    )
    assert amended.agreement.status is Status.NEGOTIATING
    ended = workflow.handle(
        second.id, Terminate(ground=AmendmentGround.MERGER_DISSOLUTION_BANKRUPTCY), E
    )
    assert ended.agreement.status is Status.TERMINATED
    assert workflow.allowed(second.id) == ()
    assert Trigger.RECORD_MEETING in workflow.allowed(first.id, E)


def test_steps_can_be_driven_from_json(workflow: Workflow, clock: FixedClock) -> None:
    """A host system passes what its web API received: names, ISO dates, plain numbers."""
    agreement = workflow.open(procedure_agreement())
    body = {"actor": {"role": "union_chief", "name": "张三"}, "topics": ["劳动报酬"]}
    step = workflow.fire(
        agreement.id, "send_offer", Actor.model_validate(body["actor"]), topics=body["topics"]
    )
    assert step.event.actor.name == "张三"
    assert step.event.model_dump(mode="json")["type"] == "offer_sent"
    workflow.fire(
        agreement.id,
        "accept_offer",
        Actor.model_validate({"role": "employer_chief"}),
        on="2019-11-06",
    )
    workflow.fire(agreement.id, "start_negotiation", Role.UNION_CHIEF, place="会议室")
    suspended = workflow.fire(agreement.id, "suspend", Role.EMPLOYER_CHIEF, resume_on="2019-11-20")
    assert suspended.agreement.procedure.suspension.resume_on == D(2019, 11, 20)
    with pytest.raises(InvalidDocument, match="expected one of: send_offer") as unknown:
        workflow.fire(agreement.id, "sign_everything", Role.UNION_CHIEF)
    assert unknown.value.problems[0].path == "trigger"
    with pytest.raises(InvalidDocument, match="expected one of: union_chief") as no_role:
        workflow.fire(agreement.id, "resume", "chairman")
    assert no_role.value.problems[0].path == "actor"
    resumed = workflow.fire(agreement.id, "resume", "employer_chief", on="2019-11-06")
    assert resumed.event.on == D(2019, 11, 6)
    workflow.fire(agreement.id, "suspend", "union_chief", resume_on="2019-11-21")
    with pytest.raises(InvalidDocument, match="expected a date"):
        workflow.fire(agreement.id, "resume", Role.UNION_CHIEF, on="yesterday")
    assert workflow.get(agreement.id).status is Status.SUSPENDED


def test_the_renewal_step_taken_as_a_command_opens_the_draft_too(
    workflow: Workflow, clock: FixedClock
) -> None:
    agreement = workflow.open(procedure_agreement())
    for trigger, role in PATHS[Status.EFFECTIVE]:
        details: dict[str, object] = {}
        if trigger is Trigger.SEND_OFFER:
            details = {"topics": ("劳动报酬",)}
        elif trigger is Trigger.HOLD_CONGRESS_VOTE:
            details = {"members": 30, "present": 25, "in_favour": 20}
        clock.advance(days=1)
        actor = Role.LABOUR_BUREAU if trigger is Trigger.TAKE_EFFECT else role
        workflow.fire(agreement.id, trigger, actor, **details)
    clock.set(D(2022, 10, 10))
    step = workflow.handle(agreement.id, RequestRenewal(), U)
    assert step.event.trigger is Trigger.REQUEST_RENEWAL
    draft = workflow.get(f"{agreement.id}-renewal-2022")
    assert draft.renews is not None
    assert draft.renews.id == agreement.id
    assert draft.status is Status.DRAFTING
