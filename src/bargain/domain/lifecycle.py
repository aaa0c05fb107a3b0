"""The legal procedure as a state machine: the transition table, its guards, roles and deadlines.

The procedure of 集体合同规定 Arts 32-48 (and 劳动合同法 Arts 51-56 for sector and regional
agreements) is :data:`TABLE`, a tuple of :class:`Transition` rows: trigger, source states,
destination states, who may fire it, the article behind it and its time limit. One
``transitions.Machine`` built from the table serves every agreement (design decision 2); the
Pydantic agreement never becomes a machine model, a throw-away token does.

:meth:`Lifecycle.fire` runs one step. It checks, in this order, and raises rather than answering
``False``:

1. the trigger is allowed in the agreement's state, else :class:`~bargain.errors.TransitionNotAllowed`
   (which lists the triggers allowed now);
2. the actor's role may fire it, else :class:`~bargain.errors.NotAuthorised`;
3. the step's details are well formed, else :class:`~bargain.errors.InvalidDocument`;
4. the legal conditions hold, else :class:`~bargain.errors.GuardFailed` with the reason and article.

It then returns the new agreement and the one :class:`~bargain.domain.events.Event` that records
the step. Late steps are not refused: they are recorded with ``late_days`` and a note.

>>> import datetime as dt
>>> from bargain.domain.calendar import FixedClock
>>> lifecycle = Lifecycle(ProcedurePolicy.national(), validator=None)
>>> agreement = _example()
>>> step = lifecycle.fire(agreement, Trigger.SEND_OFFER, Role.UNION_CHIEF,
...                       at=FixedClock(dt.date(2019, 11, 6)).now(), topics=["劳动报酬"])
>>> step.agreement.status.label.zh, step.event.type.value
('已发出要约', 'offer_sent')
>>> step.agreement.procedure.offer.reply_due.due
datetime.date(2019, 11, 26)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from fractions import Fraction
from functools import cache
from typing import Annotated, Any, Protocol, TypeVar

from pydantic import BaseModel, Field, TypeAdapter, ValidationError

from bargain.domain.agreement import Agreement, AgreementKind
from bargain.domain.base import DomainModel
from bargain.domain.calendar import (
    CHINA_TIME,
    CivilCode,
    DateRange,
    DayCount,
    Deadline,
    add_months,
    china_day,
)
from bargain.domain.clauses import Clause
from bargain.domain.events import Event, EventType, Note
from bargain.domain.language import Bilingual, LabelledEnum, Lang
from bargain.domain.parties import Name, Recorder, Side
from bargain.domain.procedure import (
    Actor,
    Amendment,
    AmendmentGround,
    ApprovalRule,
    CongressKind,
    CongressVote,
    Coordination,
    Filing,
    Meeting,
    Objection,
    Offer,
    Procedure,
    Reply,
    Role,
    Status,
    Suspension,
    Text,
    Trigger,
)
from bargain.domain.references import LegalReference
from bargain.errors import (
    GuardFailed,
    HistoryMismatch,
    InvalidDocument,
    NotAuthorised,
    Problem,
    TransitionNotAllowed,
)

__all__ = [
    "TABLE",
    "DeadlineKind",
    "Due",
    "FindingLike",
    "Lifecycle",
    "ProcedurePolicy",
    "Status",
    "Step",
    "Transition",
    "Validator",
    "Who",
    "reachable_states",
    "replay",
    "transition",
]


def _ccp(article: int, paragraph: int | None = None, item: int | None = None) -> LegalReference:
    return LegalReference(
        instrument="集体合同规定", article=article, paragraph=paragraph, item=item
    )


_ACFTU_2024 = LegalReference(
    instrument="新就业形态劳动者权益协商指引",
    title="全国总工会《新就业形态劳动者权益协商指引》（2024）",
)


# ------------------------------------------------------------------------------------ who acts


class Who(LabelledEnum):
    """Who may fire a trigger, as the table says it; :meth:`roles` turns it into roles."""

    UNION_CHIEF = "union_chief", "职工方首席代表", "the union chief"
    EITHER_CHIEF = "either_chief", "任一方首席代表", "either chief"
    RECEIVING_CHIEF = (
        "receiving_chief",
        "收到要约一方的首席代表",
        "the chief of the side that received the offer",
    )
    FILER = (
        "filer",
        "企业方首席代表（行业性、区域性集体合同也可由职工方报送）",
        "the employer chief (for sector and regional agreements, the union chief too)",
    )
    CHIEF_OR_BUREAU = (
        "chief_or_bureau",
        "任一方首席代表或劳动行政部门",
        "either chief or the bureau",
    )
    CONGRESS = "congress", "职工代表大会或全体职工", "the workers' congress or all workers"
    LABOUR_BUREAU = "labour_bureau", "劳动行政部门", "the labour bureau"
    COORDINATOR = "coordinator", "协调处理人员", "the coordinator"
    CLOCK = "clock", "期限届满（时钟）", "the clock"
    CLOCK_OR_BUREAU = "clock_or_bureau", "期限届满或劳动行政部门", "the clock or the labour bureau"

    def roles(self, agreement: Agreement) -> frozenset[Role]:
        """The roles that may act for this agreement, as it stands."""
        if self is Who.RECEIVING_CHIEF:
            offer = agreement.procedure.offer
            if offer is None:
                return _CHIEFS
            return _RECEIVING[offer.from_side]
        if self is Who.FILER and agreement.kind not in (
            AgreementKind.SECTOR,
            AgreementKind.REGIONAL,
        ):
            return _EMPLOYER_ONLY
        return _POSSIBLE[self]

    @property
    def possible_roles(self) -> frozenset[Role]:
        """Every role that may act in some case (for docs and diagrams)."""
        return _POSSIBLE[self]


_CHIEFS = frozenset({Role.UNION_CHIEF, Role.EMPLOYER_CHIEF})
_EMPLOYER_ONLY = frozenset({Role.EMPLOYER_CHIEF})
_RECEIVING = {
    Side.UNION: frozenset({Role.EMPLOYER_CHIEF}),
    Side.EMPLOYER: frozenset({Role.UNION_CHIEF}),
}
_POSSIBLE: dict[Who, frozenset[Role]] = {
    Who.UNION_CHIEF: frozenset({Role.UNION_CHIEF}),
    Who.EITHER_CHIEF: _CHIEFS,
    Who.RECEIVING_CHIEF: _CHIEFS,
    Who.FILER: _CHIEFS,
    Who.CHIEF_OR_BUREAU: _CHIEFS | {Role.LABOUR_BUREAU},
    Who.CONGRESS: frozenset({Role.CONGRESS}),
    Who.LABOUR_BUREAU: frozenset({Role.LABOUR_BUREAU}),
    Who.COORDINATOR: frozenset({Role.COORDINATOR}),
    Who.CLOCK: frozenset({Role.CLOCK}),
    Who.CLOCK_OR_BUREAU: frozenset({Role.CLOCK, Role.LABOUR_BUREAU}),
}
_ACTORS = {role: Actor(role=role) for role in Role}


# ---------------------------------------------------------------------------- step details


class _Details(DomainModel):
    """Details of a step that needs none."""


class SendOfferDetails(DomainModel):
    """要约: the topics, and the day the other side received it."""

    topics: tuple[Name, ...]
    """The topics proposed (at least one)."""
    received_on: dt.date | None = None
    """The day the other side received the offer (default: the day it was sent)."""


class RefuseOfferDetails(DomainModel):
    """A refusal must give a reason (Art 32: no refusal without 正当理由)."""

    reason: Text
    """The reason stated."""


class MeetingDetails(DomainModel):
    """A negotiation meeting (Art 34); the first may also appoint the recorder (Art 33)."""

    place: Name | None = None
    """Where."""
    topics: tuple[Name, ...] = ()
    """What was discussed."""
    summary: Text | None = None
    """The chiefs' summing-up or the minutes."""
    recorder: Recorder | None = None
    """记录员, appointed jointly (only when starting negotiation)."""


class SuspendDetails(DomainModel):
    """A suspension agreed by both sides (Art 35)."""

    resume_on: dt.date
    """The day agreed for the next meeting."""
    reason: Text | None = None
    """Why."""


class CoordinationDetails(DomainModel):
    """An application for coordination (Art 49)."""

    reason: Text
    """What the dispute is about."""
    accepted_on: dt.date | None = None
    """The day the bureau accepted the application (default: the day of the step)."""


class ExtendDetails(DomainModel):
    """An extension of coordination (Art 52)."""

    days: Annotated[int, Field(ge=1, le=3650)] | None = None
    """Days of extension (default: all that is left of the allowed extension)."""


class ConcludeDetails(DomainModel):
    """A coordination agreement (协调处理协议书, Art 54)."""

    outstanding: tuple[Text, ...] = ()
    """Items left for further negotiation."""


class DraftDetails(DomainModel):
    """The draft both chiefs signed (Art 34), when its text is recorded with the step."""

    clauses: tuple[Clause, ...] | None = None
    """The agreed clauses (default: the agreement's clauses as they stand)."""
    term: DateRange | None = None
    """The agreed term (default: as it stands)."""


class VoteDetails(DomainModel):
    """The count of the congress's vote (Art 36)."""

    members: Annotated[int, Field(ge=1, le=100_000_000)]
    """All members of the body (or all workers)."""
    present: Annotated[int, Field(ge=0, le=100_000_000)]
    """Members present."""
    in_favour: Annotated[int, Field(ge=0, le=100_000_000)]
    """Votes for."""
    against: Annotated[int, Field(ge=0, le=100_000_000)] = 0
    """Votes against."""
    abstaining: Annotated[int, Field(ge=0, le=100_000_000)] = 0
    """Abstentions."""
    kind: CongressKind | None = None
    """The body (default: the sector or regional congress for those agreements, else the
    workers' congress)."""


class FileDetails(DomainModel):
    """The filing (Art 42)."""

    received_on: dt.date | None = None
    """The day the bureau received the text (default: the day it was filed)."""
    copies: Annotated[int, Field(ge=1, le=100)] = 3
    """Copies filed (一式三份)."""


class ObjectDetails(DomainModel):
    """审查意见书 (Art 45)."""

    opinion: Text
    """The opinion."""
    items: tuple[Name, ...] = ()
    """The clauses or matters in dispute."""


class AmendDetails(DomainModel):
    """Why an agreement in force is amended or terminated (Arts 39-41)."""

    ground: AmendmentGround
    """The ground."""
    reason: Text | None = None
    """Details."""


# ------------------------------------------------------------------------------------ the table


@dataclass(frozen=True)
class Transition:
    """One row of the procedure table.

    ``targets`` has more than one state when the step's facts decide where it goes: a congress
    vote adopts or sends the draft back; a coordination agreement returns to preparation or to
    negotiation. It is empty when the step is recorded but the agreement stays where it is (a
    further meeting, an extension of coordination, a renewal request).
    """

    trigger: Trigger
    sources: tuple[Status, ...]
    targets: tuple[Status, ...]
    who: Who
    event: EventType
    citation: LegalReference
    details: type[DomainModel] = _Details
    time_limit: Bilingual | None = None

    @property
    def stays(self) -> bool:
        """Whether the step leaves the agreement in the state it was in."""
        return not self.targets

    def targets_from(self, source: Status) -> tuple[Status, ...]:
        """Where the step can lead from ``source``."""
        return self.targets or (source,)


TABLE: tuple[Transition, ...] = (
    Transition(
        Trigger.SEND_OFFER,
        (Status.DRAFTING,),
        (Status.OFFER_SENT,),
        Who.EITHER_CHIEF,
        EventType.OFFER_SENT,
        _ccp(32),
        SendOfferDetails,
        Bilingual("对方应于收到要约之日起20日内书面回应", "the other side replies within 20 days"),
    ),
    Transition(
        Trigger.ACCEPT_OFFER,
        (Status.OFFER_SENT,),
        (Status.PREPARING,),
        Who.RECEIVING_CHIEF,
        EventType.OFFER_ACCEPTED,
        _ccp(32, 2),
    ),
    Transition(
        Trigger.REFUSE_OFFER,
        (Status.OFFER_SENT,),
        (Status.IN_COORDINATION,),
        Who.RECEIVING_CHIEF,
        EventType.OFFER_REFUSED,
        _ccp(32, 2),
        RefuseOfferDetails,
        Bilingual("协调处理30日，可延长不超过15日", "coordination 30 days, plus at most 15"),
    ),
    Transition(
        Trigger.START_NEGOTIATION,
        (Status.PREPARING,),
        (Status.NEGOTIATING,),
        Who.EITHER_CHIEF,
        EventType.NEGOTIATION_STARTED,
        _ccp(33),
        MeetingDetails,
    ),
    Transition(
        Trigger.RECORD_MEETING,
        (Status.NEGOTIATING,),
        (),
        Who.EITHER_CHIEF,
        EventType.MEETING_HELD,
        _ccp(34),
        MeetingDetails,
    ),
    Transition(
        Trigger.SUSPEND,
        (Status.NEGOTIATING,),
        (Status.SUSPENDED,),
        Who.EITHER_CHIEF,
        EventType.NEGOTIATION_SUSPENDED,
        _ccp(35),
        SuspendDetails,
        Bilingual("按约定日期恢复协商", "resume on the day agreed"),
    ),
    Transition(
        Trigger.RESUME,
        (Status.SUSPENDED,),
        (Status.NEGOTIATING,),
        Who.EITHER_CHIEF,
        EventType.NEGOTIATION_RESUMED,
        _ccp(35),
    ),
    Transition(
        Trigger.REQUEST_COORDINATION,
        (Status.OFFER_SENT, Status.NEGOTIATING, Status.SUSPENDED),
        (Status.IN_COORDINATION,),
        Who.CHIEF_OR_BUREAU,
        EventType.COORDINATION_REQUESTED,
        _ccp(49),
        CoordinationDetails,
        Bilingual("自受理之日起30日内结束", "to be concluded within 30 days of acceptance"),
    ),
    Transition(
        Trigger.EXTEND_COORDINATION,
        (Status.IN_COORDINATION,),
        (),
        Who.COORDINATOR,
        EventType.COORDINATION_EXTENDED,
        _ccp(52),
        ExtendDetails,
        Bilingual("延期最长不超过15日", "extension of at most 15 days"),
    ),
    Transition(
        Trigger.CONCLUDE_COORDINATION,
        (Status.IN_COORDINATION,),
        (Status.NEGOTIATING, Status.PREPARING),
        Who.COORDINATOR,
        EventType.COORDINATION_CONCLUDED,
        _ccp(54),
        ConcludeDetails,
    ),
    Transition(
        Trigger.AGREE_DRAFT,
        (Status.NEGOTIATING,),
        (Status.DRAFT_AGREED,),
        Who.EITHER_CHIEF,
        EventType.DRAFT_AGREED,
        _ccp(34),
        DraftDetails,
    ),
    Transition(
        Trigger.SUBMIT_TO_CONGRESS,
        (Status.DRAFT_AGREED,),
        (Status.BEFORE_CONGRESS,),
        Who.UNION_CHIEF,
        EventType.SUBMITTED_TO_CONGRESS,
        _ccp(36),
    ),
    Transition(
        Trigger.HOLD_CONGRESS_VOTE,
        (Status.BEFORE_CONGRESS,),
        (Status.ADOPTED, Status.NEGOTIATING),
        Who.CONGRESS,
        EventType.CONGRESS_VOTED,
        _ccp(36),
        VoteDetails,
    ),
    Transition(
        Trigger.SIGN,
        (Status.ADOPTED,),
        (Status.SIGNED,),
        Who.EITHER_CHIEF,
        EventType.SIGNED,
        _ccp(37),
        time_limit=Bilingual("签字之日起10日内报送", "file within 10 days of signing"),
    ),
    Transition(
        Trigger.FILE,
        (Status.SIGNED,),
        (Status.UNDER_REVIEW,),
        Who.FILER,
        EventType.FILED,
        _ccp(42),
        FileDetails,
        Bilingual("收到文本之日起15日内审查", "review within 15 days of receipt"),
    ),
    Transition(
        Trigger.OBJECT,
        (Status.UNDER_REVIEW,),
        (Status.OBJECTED,),
        Who.LABOUR_BUREAU,
        EventType.OBJECTION_SERVED,
        _ccp(45),
        ObjectDetails,
        Bilingual("收到文本之日起15日内送达", "served within 15 days of receipt"),
    ),
    Transition(
        Trigger.RENEGOTIATE,
        (Status.OBJECTED,),
        (Status.NEGOTIATING,),
        Who.EITHER_CHIEF,
        EventType.RENEGOTIATION_OPENED,
        _ccp(46),
    ),
    Transition(
        Trigger.TAKE_EFFECT,
        (Status.UNDER_REVIEW,),
        (Status.EFFECTIVE,),
        Who.CLOCK_OR_BUREAU,
        EventType.TOOK_EFFECT,
        _ccp(47),
        time_limit=Bilingual(
            "生效之日起10日内公布（可配置）", "publish within 10 days (configurable)"
        ),
    ),
    Transition(
        Trigger.PUBLISH,
        (Status.EFFECTIVE,),
        (Status.PUBLISHED,),
        Who.EITHER_CHIEF,
        EventType.PUBLISHED,
        _ccp(48),
    ),
    Transition(
        Trigger.AMEND,
        (Status.EFFECTIVE, Status.PUBLISHED),
        (Status.NEGOTIATING,),
        Who.EITHER_CHIEF,
        EventType.AMENDMENT_OPENED,
        _ccp(41),
        AmendDetails,
    ),
    Transition(
        Trigger.TERMINATE,
        (Status.EFFECTIVE, Status.PUBLISHED),
        (Status.TERMINATED,),
        Who.EITHER_CHIEF,
        EventType.TERMINATED,
        _ccp(40),
        AmendDetails,
    ),
    Transition(
        Trigger.REQUEST_RENEWAL,
        (Status.EFFECTIVE, Status.PUBLISHED),
        (),
        Who.EITHER_CHIEF,
        EventType.RENEWAL_REQUESTED,
        _ccp(38),
        time_limit=Bilingual("期满前3个月内提出", "within the 3 months before expiry"),
    ),
    Transition(
        Trigger.EXPIRE,
        (Status.EFFECTIVE, Status.PUBLISHED),
        (Status.EXPIRED,),
        Who.CLOCK,
        EventType.EXPIRED,
        _ccp(38),
    ),
)
"""The procedure, one row per trigger (legal-reference §6.1)."""

_BY_TRIGGER: dict[Trigger, Transition] = {row.trigger: row for row in TABLE}


def transition(trigger: Trigger | str) -> Transition:
    """The table row of a trigger.

    Raises:
        ValueError: no trigger has that name.
    """
    return _BY_TRIGGER[Trigger(trigger)]


def reachable_states() -> frozenset[Status]:
    """Every state the table can reach from ``drafting``."""
    seen = {Status.DRAFTING}
    frontier = [Status.DRAFTING]
    while frontier:
        state = frontier.pop()
        for row in TABLE:
            if state in row.sources:
                for target in row.targets_from(state):
                    if target not in seen:
                        seen.add(target)
                        frontier.append(target)
    return frozenset(seen)


@cache
def _machine() -> Any:
    # transitions has no type hints; the machine is built once, from the table, and shared.
    from transitions import Machine

    def goes_to(target: str) -> Callable[[Any], bool]:
        def condition(event: Any) -> bool:
            return bool(event.kwargs.get("target") == target)

        return condition

    rows: list[dict[str, Any]] = []
    for row in TABLE:
        sources = [s.value for s in row.sources]
        if row.stays:
            # An internal transition: the state does not change, no exit or enter happens.
            rows.append({"trigger": row.trigger.value, "source": sources, "dest": None})
            continue
        for target in row.targets:
            rows.append(
                {
                    "trigger": row.trigger.value,
                    "source": sources,
                    "dest": target.value,
                    # Only where the step's facts choose among destinations.
                    "conditions": [goes_to(target.value)] if len(row.targets) > 1 else [],
                }
            )
    return Machine(
        model=None,
        states=[s.value for s in Status],
        transitions=rows,
        initial=Status.DRAFTING.value,
        auto_transitions=False,
        send_event=True,
        model_attribute="state",
    )


class _Token:
    """The thin object the shared machine moves; the agreement itself is never a machine model."""

    __slots__ = ("state",)

    def __init__(self, state: str) -> None:
        self.state = state


# ------------------------------------------------------------------------------------- policy


@dataclass(frozen=True)
class ProcedurePolicy:
    """The numbers and readings the procedure runs on.

    The numbers come from the legal parameters (:func:`bargain.law.procedure.policy_for` reads
    them from the shipped YAML); :meth:`national` is a shortcut with the national values for code
    that runs without the law layer.
    """

    reply_days: int
    """Days to reply to an offer (Art 32)."""
    filing_days: int
    """Days from signature to filing (Art 42)."""
    review_days: int
    """Days the bureau has to object (Arts 45, 47)."""
    coordination_days: int
    """Days to conclude coordination (Art 52)."""
    coordination_extension_days: int
    """Longest extension of coordination (Art 52)."""
    renewal_window_months: int
    """Months before expiry in which renewal may be asked (Art 38)."""
    publication_days: int | None
    """Days from effect to publication (``None``: no time limit)."""
    congress_quorum: Fraction
    """Share of members who must be present (Art 36: 2/3)."""
    congress_approval: Fraction
    """Share of all members who must approve (Art 36: 1/2)."""
    approval_rule: ApprovalRule = ApprovalRule.AT_LEAST_HALF
    """Whether exactly the share passes (legal-reference §0)."""
    convention: DayCount = field(default_factory=CivilCode)
    """How periods are counted."""

    @classmethod
    def national(cls, **changes: Any) -> ProcedurePolicy:
        """The national values of 集体合同规定 and the 2024 ACFTU publication guideline."""
        policy = cls(
            reply_days=20,
            filing_days=10,
            review_days=15,
            coordination_days=30,
            coordination_extension_days=15,
            renewal_window_months=3,
            publication_days=10,
            congress_quorum=Fraction(2, 3),
            congress_approval=Fraction(1, 2),
        )
        return replace(policy, **changes)


# ---------------------------------------------------------------------------------- validators


class FindingLike(Protocol):
    """What the lifecycle reads of a law finding (``bargain.law.Finding`` is one)."""

    @property
    def rule(self) -> str:
        """The rule id."""
        ...

    @property
    def severity(self) -> str:
        """``error``, ``warning`` or ``info``."""
        ...

    @property
    def message(self) -> Bilingual:
        """What is wrong."""
        ...

    @property
    def citation(self) -> LegalReference:
        """The article."""
        ...


class Validator(Protocol):
    """Judges an agreement against the law on a day (:func:`bargain.law.procedure.law_validator`)."""

    def __call__(
        self, agreement: Agreement, day: dt.date, *, rules: str = ""
    ) -> Iterable[FindingLike]:
        """The findings on ``agreement``; ``rules`` is a rule-id prefix (``REP-``) to run only
        those rules, or empty for all."""
        ...


# ------------------------------------------------------------------------------------ results


@dataclass(frozen=True)
class Step:
    """The result of a step: the agreement after it, and the event that records it."""

    agreement: Agreement
    event: Event


class DeadlineKind(LabelledEnum):
    """Which time limit a :class:`Due` item is about."""

    REPLY = "reply", "回应要约", "reply to the offer"
    COORDINATION = "coordination", "结束协调处理", "conclude coordination"
    RESUMPTION = "resumption", "恢复协商", "resume negotiation"
    FILING = "filing", "报送审查", "file for review"
    REVIEW = "review", "审查期满（无异议即生效）", "end of review (effect unless objected)"
    PUBLICATION = "publication", "公布", "publish"
    RENEWAL_WINDOW = "renewal_window", "续订期开始", "renewal window opens"
    EXPIRY = "expiry", "期满", "expiry"


_DEADLINE_CITATIONS = {
    DeadlineKind.REPLY: _ccp(32, 2),
    DeadlineKind.COORDINATION: _ccp(52),
    DeadlineKind.RESUMPTION: _ccp(35),
    DeadlineKind.FILING: _ccp(42),
    DeadlineKind.REVIEW: _ccp(47),
    DeadlineKind.PUBLICATION: _ACFTU_2024,
    DeadlineKind.RENEWAL_WINDOW: _ccp(38),
    DeadlineKind.EXPIRY: _ccp(38),
}


@dataclass(frozen=True)
class Due:
    """A time limit that has run out, or will soon."""

    agreement_id: str
    kind: DeadlineKind
    deadline: Deadline
    on: dt.date

    @property
    def overdue(self) -> bool:
        """Whether the limit has run out."""
        return self.deadline.overdue(self.on)

    @property
    def remaining(self) -> int:
        """Days left (negative when overdue)."""
        return self.deadline.remaining(self.on)

    @property
    def citation(self) -> LegalReference:
        """The article behind the limit."""
        return _DEADLINE_CITATIONS[self.kind]

    def as_json(self, lang: Lang = Lang.ZH) -> dict[str, Any]:
        """The item as a JSON object for a host system's deadline list."""
        return {
            "agreement_id": self.agreement_id,
            "kind": self.kind.value,
            "label": self.kind.label.get(lang),
            "due": self.deadline.due.isoformat(),
            "overdue": self.overdue,
            "remaining_days": self.remaining,
            "approximate": self.deadline.approximate,
            "citation": self.citation.format(lang),
            "text": self.text(lang),
        }

    def text(self, lang: Lang = Lang.ZH) -> str:
        """One line for a deadline list."""
        due = self.deadline.due.isoformat()
        if lang is Lang.ZH:
            state = f"已逾期{-self.remaining}日" if self.overdue else f"剩余{self.remaining}日"
            caveat = "（节假日数据未覆盖该年，期限为估算）" if self.deadline.approximate else ""
            return (
                f"{self.agreement_id}：{self.kind.label.zh}，期限至{due}，{state}"
                f"（{self.citation.format(Lang.ZH)}）{caveat}"
            )
        days = abs(self.remaining)
        unit = "day" if days == 1 else "days"
        state = f"{days} {unit} overdue" if self.overdue else f"{days} {unit} left"
        caveat = (
            " (approximate: no holiday data for that year)" if self.deadline.approximate else ""
        )
        return (
            f"{self.agreement_id}: {self.kind.label.en}, due {due}, {state} "
            f"({self.citation.format(Lang.EN)}){caveat}"
        )


# ------------------------------------------------------------------------------ the lifecycle


@dataclass
class _Decision:
    target: Status
    facts: dict[str, Any] = field(default_factory=dict)
    late_days: int = 0
    notes: list[Bilingual] = field(default_factory=list)


@dataclass(slots=True)
class _Context:
    agreement: Agreement
    row: Transition
    actor: Actor
    on: dt.date
    details: Any
    policy: ProcedurePolicy

    @property
    def procedure(self) -> Procedure:
        return self.agreement.procedure

    @property
    def side(self) -> Side:
        side = self.actor.role.side
        if side is None:  # the table lets only chiefs reach the handlers that ask
            raise AssertionError(f"{self.actor.role} has no side")
        return side

    def refuse(self, reason: Bilingual, citation: LegalReference | None = None) -> GuardFailed:
        return GuardFailed(
            self.agreement.id,
            self.agreement.status,
            self.row.trigger,
            reason,
            citation or self.row.citation,
        )


_PROCEDURE_FACTS = frozenset(Procedure.model_fields) - {"version", "last_on", "meetings"}
_AGREEMENT_FACTS = frozenset({"recorder", "clauses", "term"})


@cache
def _fact_adapter(name: str) -> TypeAdapter[Any]:
    if name == "meeting":
        return TypeAdapter(Meeting)
    owner = Agreement if name in _AGREEMENT_FACTS else Procedure
    annotation: Any = owner.model_fields[name].annotation
    return TypeAdapter(annotation)


def _dump(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, tuple):
        return [_dump(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _late(what: Bilingual, days: int, deadline: Deadline) -> Bilingual:
    unit = "day" if days == 1 else "days"
    return Bilingual(
        f"{what.zh}逾期{days}日（期限至{deadline.due.isoformat()}）",
        f"{what.en} {days} {unit} late (due {deadline.due.isoformat()})",
    )


class Lifecycle:
    """Runs the procedure for any number of agreements; holds no agreement state.

    Args:
        policy: the numbers to run on, or a function giving them for a day (the law layer's
            :func:`bargain.law.procedure.policy_for`).
        validator: judges the agreement against the law before the first meeting (representatives)
            and before the congress (the whole draft). Pass ``None`` only to run the procedure
            without the law, as simulations of the procedure alone do.
    """

    def __init__(
        self,
        policy: ProcedurePolicy | Callable[[dt.date], ProcedurePolicy],
        *,
        validator: Validator | None,
    ) -> None:
        self._policy = policy
        self.validator = validator

    def policy(self, on: dt.date) -> ProcedurePolicy:
        """The policy in force on a day."""
        policy = self._policy
        return policy if isinstance(policy, ProcedurePolicy) else policy(on)

    # ------------------------------------------------------------------------ questions

    def allowed(self, agreement: Agreement, role: Role | None = None) -> tuple[Trigger, ...]:
        """The triggers that can be fired now (by ``role``, when given), in table order."""
        return tuple(
            row.trigger
            for row in TABLE
            if agreement.status in row.sources
            and (role is None or role in row.who.roles(agreement))
        )

    def deadlines(
        self, agreement: Agreement, on: dt.date, *, within: int | None = None
    ) -> tuple[Due, ...]:
        """The open time limits of the agreement in its state, soonest first.

        With ``within``, only those overdue or due within that many days.
        """
        procedure = agreement.procedure
        status = agreement.status
        items: list[tuple[DeadlineKind, Deadline]] = []
        if status is Status.OFFER_SENT and procedure.offer is not None:
            items.append((DeadlineKind.REPLY, procedure.offer.reply_due))
        elif status is Status.IN_COORDINATION and procedure.coordination is not None:
            items.append((DeadlineKind.COORDINATION, procedure.coordination.due))
        elif status is Status.SUSPENDED and procedure.suspension is not None:
            suspension = procedure.suspension
            days = (suspension.resume_on - suspension.since).days
            agreed = Deadline(
                start=suspension.since, days=days, due=suspension.resume_on, convention="agreed"
            )
            items.append((DeadlineKind.RESUMPTION, agreed))
        elif status is Status.SIGNED and procedure.filing_due is not None:
            items.append((DeadlineKind.FILING, procedure.filing_due))
        elif status is Status.UNDER_REVIEW and procedure.filing is not None:
            items.append((DeadlineKind.REVIEW, procedure.filing.review_ends))
        if status is Status.EFFECTIVE and procedure.publication_due is not None:
            items.append((DeadlineKind.PUBLICATION, procedure.publication_due))
        if status.in_force and agreement.term is not None:
            term = agreement.term
            months = self.policy(on).renewal_window_months
            opens = add_months(term.end, -months)
            if procedure.renewal_requested_on is None and on <= term.end:
                window = Deadline(
                    start=term.start,
                    days=(opens - term.start).days,
                    due=opens,
                    convention="calendar_days",
                )
                if not window.overdue(on):
                    items.append((DeadlineKind.RENEWAL_WINDOW, window))
            expiry = Deadline(
                start=term.start, days=term.days - 1, due=term.end, convention="calendar_days"
            )
            items.append((DeadlineKind.EXPIRY, expiry))
        dues = [Due(agreement.id, kind, deadline, on) for kind, deadline in items]
        if within is not None:
            dues = [d for d in dues if d.remaining <= within]
        return tuple(sorted(dues, key=lambda d: d.deadline.due))

    # ---------------------------------------------------------------------------- steps

    def fire(
        self,
        agreement: Agreement,
        trigger: Trigger | str,
        actor: Actor | Role | str,
        *,
        at: dt.datetime,
        on: dt.date | str | None = None,
        **details: Any,
    ) -> Step:
        """Run one step of the procedure.

        Args:
            agreement: the agreement as it stands.
            trigger: the step.
            actor: who takes it (a role, or its name, is enough when no person is to be named).
            at: when the step is recorded (timezone-aware; a naive time is China time).
            on: the day the step happened, when recorded later (default: the day of ``at``); a
                date or an ISO date text.
            details: the step's details (topics of an offer, the vote count…), see the table.

        Raises:
            TransitionNotAllowed: the trigger cannot be fired in this state.
            NotAuthorised: the actor's role may not fire it.
            InvalidDocument: the trigger is unknown, or a detail is missing or malformed.
            GuardFailed: a legal condition does not hold.
        """
        trigger = (
            trigger if isinstance(trigger, Trigger) else _named(Trigger, trigger, "trigger", _STEP)
        )
        actor = actor if isinstance(actor, Actor) else _ACTORS[_named(Role, actor, "actor", _ROLE)]
        row = _BY_TRIGGER[trigger]
        status = agreement.status
        if status not in row.sources:
            raise TransitionNotAllowed(agreement.id, status, trigger, self.allowed(agreement))
        roles = row.who.roles(agreement)
        if actor.role not in roles:
            ordered = [r for r in Role if r in roles]
            raise NotAuthorised(agreement.id, status, trigger, actor.role, ordered)
        if at.tzinfo is None:
            at = at.replace(tzinfo=CHINA_TIME)
        day = self._day(agreement, trigger, at, on)
        parsed = _parse(row, details)
        context = _Context(agreement, row, actor, day, parsed, self.policy(day))
        decision = _HANDLERS[trigger](self, context)
        token = _Token(status.value)
        machine_ok = _machine().events[trigger.value].trigger(token, target=decision.target.value)
        if not machine_ok or token.state != decision.target.value:
            raise AssertionError(f"the machine refused {trigger.value} to {decision.target.value}")
        event = Event(
            agreement_id=agreement.id,
            sequence=agreement.procedure.version + 1,
            type=row.event,
            trigger=trigger,
            actor=actor,
            at=at,
            on=day,
            source=status,
            target=decision.target,
            facts={name: _dump(value) for name, value in decision.facts.items()},
            citation=row.citation,
            late_days=decision.late_days,
            notes=tuple(Note.of(n) for n in decision.notes) if decision.notes else (),
        )
        return Step(_apply(agreement, event, decision.facts), event)

    def replay(self, opening: Agreement, events: Iterable[Event]) -> Agreement:
        """Rebuild an agreement from the agreement as opened and its events (see :func:`replay`)."""
        return replay(opening, events)

    def sweep(self, agreement: Agreement, at: dt.datetime) -> tuple[Step, ...]:
        """Apply what time alone decides on the day of ``at``.

        A review period that has run out with no objection makes the agreement take effect
        (Art 47); a term that has ended makes it expire (Art 38). The events are recorded ``at``
        the sweep but dated ``on`` the day the law made them happen (the day after the review
        period or the term ended). Returns the steps taken.
        """
        day = china_day(at)
        steps: list[Step] = []
        current = agreement

        def when(due: dt.date) -> dt.date:
            # The step is dated the day the law makes it happen, not the day the sweep ran.
            last = current.procedure.last_on
            return due if last is None else max(due, last)

        if current.status is Status.UNDER_REVIEW:
            filing = current.procedure.filing
            if filing is not None and filing.review_ends.overdue(day):
                effective = when(filing.review_ends.due + dt.timedelta(days=1))
                steps.append(
                    self.fire(current, Trigger.TAKE_EFFECT, Role.CLOCK, at=at, on=effective)
                )
                current = steps[-1].agreement
        if current.status.in_force and current.term is not None and day > current.term.end:
            ended = when(current.term.end + dt.timedelta(days=1))
            steps.append(self.fire(current, Trigger.EXPIRE, Role.CLOCK, at=at, on=ended))
        return tuple(steps)

    # ------------------------------------------------------------------------- internals

    @staticmethod
    def _day(
        agreement: Agreement, trigger: Trigger, at: dt.datetime, on: dt.date | str | None
    ) -> dt.date:
        recorded = china_day(at)
        day = recorded if on is None else _date(trigger, on)
        last = agreement.procedure.last_on
        problem: Bilingual | None = None
        if day > recorded:
            problem = Bilingual(
                f"应为不晚于记录时间（{recorded}）的日期", f"expected a day not after {recorded}"
            )
        elif last is not None and day < last:
            problem = Bilingual(
                f"应为不早于上一步骤（{last}）的日期",
                f"expected a day not before the last step, {last}",
            )
        if problem is not None:
            raise InvalidDocument([Problem(f"<{trigger.value}>", "on", problem, str(day))])
        return day

    def _require_valid(
        self,
        context: _Context,
        agreement: Agreement,
        rules: str,
        what: Bilingual,
    ) -> None:
        if self.validator is None:
            return
        errors = [
            f
            for f in self.validator(agreement, context.on, rules=rules)
            if str(f.severity) == "error" and f.rule.startswith(rules)
        ]
        if errors:
            listed = Bilingual(
                "；".join(f"{f.rule}：{f.message.zh}" for f in errors),
                "; ".join(f"{f.rule}: {f.message.en}" for f in errors),
            )
            raise context.refuse(
                Bilingual(f"{what.zh}：{listed.zh}", f"{what.en}: {listed.en}"),
                errors[0].citation,
            )


def replay(opening: Agreement, events: Iterable[Event]) -> Agreement:
    """Rebuild an agreement from the agreement as opened and its events, in order.

    Raises:
        HistoryMismatch: an event is out of sequence, belongs to another agreement or does
            not start from the state the history has reached.
    """
    agreement = opening
    for event in events:
        expected = agreement.procedure.version + 1
        if event.agreement_id != agreement.id:
            raise HistoryMismatch(
                agreement.id,
                event.sequence,
                Bilingual(
                    f"事件属于集体合同 {event.agreement_id}",
                    f"it belongs to agreement {event.agreement_id}",
                ),
            )
        if event.sequence != expected:
            raise HistoryMismatch(
                agreement.id,
                event.sequence,
                Bilingual(f"应为第{expected}个事件", f"expected event {expected}"),
            )
        row = _BY_TRIGGER[event.trigger]
        if event.source is not agreement.status or agreement.status not in row.sources:
            raise HistoryMismatch(
                agreement.id,
                event.sequence,
                Bilingual(
                    f"事件从“{event.source.label.zh}”出发，而此时合同处于"
                    f"“{agreement.status.label.zh}”",
                    f"it starts from {event.source.value}, but the agreement is "
                    f"{agreement.status.value}",
                ),
            )
        if event.target not in row.targets_from(event.source):
            raise HistoryMismatch(
                agreement.id,
                event.sequence,
                Bilingual(
                    f"“{event.trigger.label.zh}”不能到达“{event.target.label.zh}”",
                    f"{event.trigger.value} cannot lead to {event.target.value}",
                ),
            )
        facts = {name: _fact_adapter(name).validate_python(v) for name, v in event.facts.items()}
        agreement = _apply(agreement, event, facts)
    return agreement


_NO_DETAILS = _Details()
_STEP, _ROLE = Bilingual("步骤", "step"), Bilingual("角色", "role")
_DATE: TypeAdapter[dt.date] = TypeAdapter(dt.date)
_Named = TypeVar("_Named", Trigger, Role)


def _named(kind: type[_Named], name: str, path: str, what: Bilingual) -> _Named:
    """The trigger or role of this name, or an :class:`InvalidDocument` naming the field."""
    try:
        return kind(name)
    except ValueError:
        known = ", ".join(member.value for member in kind)
        expected = Bilingual(f"应为以下{what.zh}之一：{known}", f"expected one of: {known}")
        raise InvalidDocument([Problem("<step>", path, expected, repr(name))]) from None


def _date(trigger: Trigger, value: dt.date | str) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    try:
        return _DATE.validate_python(value)
    except ValidationError:
        expected = Bilingual("应为日期（如 2019-11-06）", "expected a date (2019-11-06)")
        problem = Problem(f"<{trigger.value}>", "on", expected, repr(value))
        raise InvalidDocument([problem]) from None


def _parse(row: Transition, details: Mapping[str, Any]) -> Any:
    if not details and row.details is _Details:
        return _NO_DETAILS
    try:
        return row.details.model_validate(dict(details))
    except ValidationError as error:
        raise InvalidDocument(_problems(row, error)) from error


def _problems(row: Transition, error: ValidationError) -> list[Problem]:
    problems = []
    for item in error.errors():
        path = ".".join(str(p) for p in item["loc"])
        context = item.get("ctx") or {}
        if "zh" in context:
            expected = Bilingual(str(context["zh"]), str(context["en"]))
        elif item["type"] == "extra_forbidden":
            known = ", ".join(row.details.model_fields) or "none"
            expected = Bilingual(
                f"“{row.trigger.label.zh}”没有这一项；可用的项：{known}",
                f"{row.trigger.value} takes no such detail; known: {known}",
            )
        else:
            expected = Bilingual(item["msg"], item["msg"])
        found = None if item["type"] == "missing" else repr(item.get("input"))[:80]
        problems.append(Problem(f"<{row.trigger.value}>", path, expected, found))
    return problems


def _apply(agreement: Agreement, event: Event, facts: Mapping[str, Any]) -> Agreement:
    procedure = agreement.procedure
    updates: dict[str, Any] = {"version": event.sequence, "last_on": event.on}
    own: dict[str, Any] = {"status": event.target}
    for name, value in facts.items():
        if name == "meeting":
            updates["meetings"] = (*procedure.meetings, value)
        elif name in _AGREEMENT_FACTS:
            own[name] = value
        else:
            updates[name] = value
    own["procedure"] = procedure.model_copy(update=updates)
    return agreement.model_copy(update=own)


# ------------------------------------------------------------------------------- the handlers
#
# One function per trigger: check the legal conditions, decide the target and the facts. They
# read the context only; the facts they return are all the snapshot learns from the step.


def _send_offer(_: Lifecycle, c: _Context) -> _Decision:
    details: SendOfferDetails = c.details
    if not details.topics:
        raise c.refuse(Bilingual("要约须列明协商议题", "an offer must name its topics"))
    received = details.received_on or c.on
    if received < c.on:
        raise c.refuse(
            Bilingual(
                f"对方收到要约的日期（{received}）早于发出日期（{c.on}）",
                f"the offer cannot be received ({received}) before it is sent ({c.on})",
            )
        )
    due = c.policy.convention.due(received, c.policy.reply_days)
    offer = Offer(
        from_side=c.side, sent_on=c.on, received_on=received, topics=details.topics, reply_due=due
    )
    return _Decision(Status.OFFER_SENT, {"offer": offer})


def _reply(c: _Context, accepted: bool, reason: str | None) -> tuple[Reply, list[Bilingual]]:
    offer = c.procedure.offer
    late = 0 if offer is None else offer.reply_due.late_days(c.on)
    notes = []
    if offer is not None and late:
        notes.append(_late(Bilingual("书面回应", "the written reply"), late, offer.reply_due))
    return Reply(accepted=accepted, on=c.on, reason=reason, late_days=late), notes


def _accept_offer(_: Lifecycle, c: _Context) -> _Decision:
    reply, notes = _reply(c, True, None)
    return _Decision(Status.PREPARING, {"reply": reply}, reply.late_days, notes)


def _refuse_offer(_: Lifecycle, c: _Context) -> _Decision:
    details: RefuseOfferDetails = c.details
    reply, notes = _reply(c, False, details.reason)
    coordination = Coordination(
        since=c.on,
        requested_by=c.actor.role,
        reason=details.reason,
        due=c.policy.convention.due(c.on, c.policy.coordination_days),
    )
    facts = {"reply": reply, "coordination": coordination}
    return _Decision(Status.IN_COORDINATION, facts, reply.late_days, notes)


def _meeting(c: _Context, details: MeetingDetails) -> Meeting:
    return Meeting(
        number=len(c.procedure.meetings) + 1,
        on=c.on,
        chair=c.side,
        place=details.place,
        topics=details.topics,
        summary=details.summary,
    )


def _start_negotiation(lifecycle: Lifecycle, c: _Context) -> _Decision:
    details: MeetingDetails = c.details
    agreement = c.agreement
    facts: dict[str, Any] = {}
    if details.recorder is not None:
        agreement = agreement.model_copy(update={"recorder": details.recorder})
        facts["recorder"] = details.recorder
    recorder = agreement.recorder
    if recorder is None:
        raise c.refuse(
            Bilingual(
                "协商前双方须共同指定一名非协商代表的记录员",
                "both sides must first appoint a recorder",
            ),
            _ccp(33, item=5),
        )
    members = [*agreement.union.delegation.representatives]
    members += agreement.employer.delegation.representatives
    if any(r.name == recorder.name for r in members):
        raise c.refuse(
            Bilingual(
                f"记录员{recorder.name}同时是协商代表；记录员不得由协商代表担任",
                f"the recorder {recorder.name} is also a representative, which is not allowed",
            ),
            _ccp(33, item=5),
        )
    lifecycle._require_valid(
        c,
        agreement,
        "REP-",
        Bilingual("首次协商会议前协商代表须合法", "the representatives must be lawful first"),
    )
    facts["meeting"] = _meeting(c, details)
    return _Decision(Status.NEGOTIATING, facts)


def _record_meeting(_: Lifecycle, c: _Context) -> _Decision:
    details: MeetingDetails = c.details
    if details.recorder is not None:
        raise c.refuse(
            Bilingual("记录员在协商准备阶段指定", "the recorder is appointed during preparation"),
            _ccp(33, item=5),
        )
    meetings = c.procedure.meetings
    if meetings and meetings[-1].chair is c.side:
        last = meetings[-1]
        raise c.refuse(
            Bilingual(
                f"双方首席代表轮流主持协商会议；第{last.number}次会议已由{c.side.label.zh}主持",
                f"the chiefs chair in turn; meeting {last.number} was chaired by the "
                f"{c.side.label.en}",
            )
        )
    return _Decision(Status.NEGOTIATING, {"meeting": _meeting(c, details)})


def _suspend(_: Lifecycle, c: _Context) -> _Decision:
    details: SuspendDetails = c.details
    if details.resume_on <= c.on:
        raise c.refuse(
            Bilingual(
                f"中止协商须约定此后恢复的日期（{details.resume_on}不在{c.on}之后）",
                f"a suspension needs a resume date after {c.on}, not {details.resume_on}",
            )
        )
    suspension = Suspension(since=c.on, resume_on=details.resume_on, reason=details.reason)
    return _Decision(Status.SUSPENDED, {"suspension": suspension})


def _resume(_: Lifecycle, c: _Context) -> _Decision:
    suspension = c.procedure.suspension
    decision = _Decision(Status.NEGOTIATING)
    if suspension is not None and c.on > suspension.resume_on:
        late = (c.on - suspension.resume_on).days
        decision.notes.append(
            Bilingual(
                f"晚于约定的恢复日期（{suspension.resume_on}）{late}日恢复协商",
                f"resumed {late} days after the agreed date ({suspension.resume_on})",
            )
        )
    return decision


def _request_coordination(_: Lifecycle, c: _Context) -> _Decision:
    details: CoordinationDetails = c.details
    offer = c.procedure.offer
    if c.agreement.status is Status.OFFER_SENT:
        if offer is None or not offer.reply_due.overdue(c.on):
            due = "" if offer is None else f"（至{offer.reply_due.due}）"
            due_en = "" if offer is None else f" (until {offer.reply_due.due})"
            raise c.refuse(
                Bilingual(
                    f"对方的书面回应期限尚未届满{due}",
                    f"the other side's time to reply has not run out{due_en}",
                ),
                _ccp(32, 2),
            )
        if c.actor.role.side not in (None, offer.from_side):
            raise c.refuse(
                Bilingual(
                    "收到要约的一方应书面回应，而不是申请协调",
                    "the side that received the offer replies; it does not apply for coordination",
                ),
                _ccp(32, 2),
            )
    accepted = details.accepted_on or c.on
    if accepted < c.on:
        raise c.refuse(
            Bilingual(
                f"受理日期（{accepted}）早于申请日期（{c.on}）",
                f"the application cannot be accepted ({accepted}) before it is made ({c.on})",
            )
        )
    coordination = Coordination(
        since=accepted,
        requested_by=c.actor.role,
        reason=details.reason,
        due=c.policy.convention.due(accepted, c.policy.coordination_days),
    )
    return _Decision(Status.IN_COORDINATION, {"coordination": coordination})


def _extend_coordination(_: Lifecycle, c: _Context) -> _Decision:
    details: ExtendDetails = c.details
    coordination = c.procedure.coordination
    if coordination is None:
        raise c.refuse(Bilingual("没有进行中的协调处理", "there is no coordination to extend"))
    allowance = c.policy.coordination_extension_days - coordination.extended_days
    days = allowance if details.days is None else details.days
    if days < 1 or days > allowance:
        raise c.refuse(
            Bilingual(
                f"协调处理最多延长{c.policy.coordination_extension_days}日，尚可延长{allowance}日",
                f"coordination may be extended by at most "
                f"{c.policy.coordination_extension_days} days; {allowance} days are left",
            )
        )
    if coordination.due.overdue(c.on):
        raise c.refuse(
            Bilingual(
                f"协调期限已于{coordination.due.due}届满，不能再延长",
                f"the coordination period ended on {coordination.due.due} and cannot be extended",
            )
        )
    extended = coordination.extended_days + days
    due = c.policy.convention.due(coordination.since, c.policy.coordination_days + extended)
    updated = coordination.model_copy(update={"extended_days": extended, "due": due})
    return _Decision(Status.IN_COORDINATION, {"coordination": updated})


def _conclude_coordination(_: Lifecycle, c: _Context) -> _Decision:
    details: ConcludeDetails = c.details
    coordination = c.procedure.coordination
    target = Status.NEGOTIATING if c.procedure.meetings else Status.PREPARING
    decision = _Decision(target)
    if coordination is not None:
        late = coordination.due.late_days(c.on)
        if late:
            decision.late_days = late
            decision.notes.append(
                _late(Bilingual("协调处理", "coordination"), late, coordination.due)
            )
        decision.facts["coordination"] = coordination.model_copy(
            update={"concluded_on": c.on, "outstanding": details.outstanding}
        )
    return decision


def _agree_draft(_: Lifecycle, c: _Context) -> _Decision:
    details: DraftDetails = c.details
    if not c.procedure.meetings:
        raise c.refuse(
            Bilingual("草案须在协商会议上形成", "a draft comes out of a negotiation meeting"),
        )
    facts: dict[str, Any] = {"draft_agreed_on": c.on}
    if details.clauses is not None:
        facts["clauses"] = details.clauses
    if details.term is not None:
        facts["term"] = details.term
    if details.clauses is not None:
        try:
            text = {k: v for k, v in facts.items() if k in _AGREEMENT_FACTS}
            Agreement.model_validate({**dict(c.agreement), **text})
        except ValidationError as error:
            raise InvalidDocument(_problems(c.row, error)) from error
    return _Decision(Status.DRAFT_AGREED, facts)


def _submit_to_congress(lifecycle: Lifecycle, c: _Context) -> _Decision:
    lifecycle._require_valid(
        c,
        c.agreement,
        "",
        Bilingual(
            "草案有不合规之处，不能提交职工代表大会",
            "the draft has errors and cannot go to congress",
        ),
    )
    return _Decision(Status.BEFORE_CONGRESS)


_CONGRESS_BY_KIND = {
    AgreementKind.SECTOR: CongressKind.SECTOR_CONGRESS,
    AgreementKind.REGIONAL: CongressKind.REGIONAL_CONGRESS,
}


def _hold_congress_vote(_: Lifecycle, c: _Context) -> _Decision:
    details: VoteDetails = c.details
    members, present = details.members, details.present
    votes = details.in_favour + details.against + details.abstaining
    if present > members or votes > present:
        raise InvalidDocument(
            [
                Problem(
                    f"<{c.row.trigger.value}>",
                    "present",
                    Bilingual(
                        "应满足：赞成+反对+弃权 ≤ 出席人数 ≤ 全体人数",
                        "expected in_favour + against + abstaining <= present <= members",
                    ),
                    f"members={members}, present={present}, votes={votes}",
                )
            ]
        )
    quorum = c.policy.congress_quorum
    if present * quorum.denominator < members * quorum.numerator:
        needed = -(-members * quorum.numerator // quorum.denominator)
        raise c.refuse(
            Bilingual(
                f"出席人数{present}人，未达全体{members}人的{quorum}（至少{needed}人），"
                f"不能表决，应另行召集",
                f"{present} of {members} present, short of the {quorum} quorum "
                f"({needed} needed); the vote cannot be held, reconvene",
            )
        )
    approval = c.policy.congress_approval
    needed_votes = details.in_favour * approval.denominator
    threshold = members * approval.numerator
    tie = needed_votes == threshold
    if c.policy.approval_rule is ApprovalRule.AT_LEAST_HALF:
        adopted = needed_votes >= threshold
    else:
        adopted = needed_votes > threshold
    kind = details.kind or _CONGRESS_BY_KIND.get(c.agreement.kind, CongressKind.WORKERS_CONGRESS)
    vote = CongressVote(
        kind=kind,
        held_on=c.on,
        members=members,
        present=present,
        in_favour=details.in_favour,
        against=details.against,
        abstaining=details.abstaining,
        adopted=adopted,
    )
    decision = _Decision(Status.ADOPTED if adopted else Status.NEGOTIATING, {"congress": vote})
    if tie:
        outcome = Bilingual("按现行配置视为通过", "counted as adopted by the rule in use")
        if not adopted:
            outcome = Bilingual("按现行配置视为未通过", "counted as not adopted by the rule in use")
        decision.notes.append(
            Bilingual(
                f"赞成票{details.in_favour}恰为全体{members}人的{approval}，"
                f"“半数以上”是否含本数存在不同理解，{outcome.zh}",
                f"{details.in_favour} votes is exactly {approval} of {members}; whether that "
                f"is 'half or more' is a matter of interpretation; {outcome.en}",
            )
        )
    if not adopted:
        decision.notes.append(
            Bilingual(
                "草案未获通过，退回双方协商代表重新协商",
                "the draft was not adopted and goes back to the representatives",
            )
        )
    return decision


def _sign(_: Lifecycle, c: _Context) -> _Decision:
    for party, side in ((c.agreement.union, Side.UNION), (c.agreement.employer, Side.EMPLOYER)):
        if party.delegation.chief is None:
            raise c.refuse(
                Bilingual(
                    f"{side.label.zh}须有且仅有一名首席代表签字",
                    f"the {side.label.en} needs exactly one chief representative to sign",
                )
            )
    due = c.policy.convention.due(c.on, c.policy.filing_days)
    return _Decision(Status.SIGNED, {"signed_on": c.on, "filing_due": due})


def _file(_: Lifecycle, c: _Context) -> _Decision:
    details: FileDetails = c.details
    if details.copies < 3:
        raise c.refuse(
            Bilingual(
                f"集体合同文本应一式三份报送，只有{details.copies}份",
                f"the text is filed in three copies, not {details.copies}",
            )
        )
    received = details.received_on or c.on
    if received < c.on:
        raise c.refuse(
            Bilingual(
                f"劳动行政部门收到文本的日期（{received}）早于报送日期（{c.on}）",
                f"the bureau cannot receive the text ({received}) before it is filed ({c.on})",
            )
        )
    due = c.procedure.filing_due
    late = 0 if due is None else due.late_days(c.on)
    review = c.policy.convention.due(received, c.policy.review_days)
    filing = Filing(
        filed_on=c.on,
        received_on=received,
        filed_by=c.side,
        copies=details.copies,
        late_days=late,
        review_ends=review,
    )
    decision = _Decision(Status.UNDER_REVIEW, {"filing": filing}, late)
    if due is not None and late:
        decision.notes.append(_late(Bilingual("报送审查", "filing"), late, due))
    return decision


def _review_ends(c: _Context) -> Deadline:
    filing = c.procedure.filing
    if filing is None:
        raise c.refuse(
            Bilingual(
                "没有报送记录，无法确定审查期限", "there is no filing to count the review from"
            )
        )
    return filing.review_ends


def _object(_: Lifecycle, c: _Context) -> _Decision:
    details: ObjectDetails = c.details
    review = _review_ends(c)
    if review.overdue(c.on):
        raise c.refuse(
            Bilingual(
                f"审查意见书应在收到文本之日起{review.days}日内（{review.due}前）送达；"
                f"期满未提出异议的，集体合同即行生效",
                f"an objection must be served within {review.days} days of receipt "
                f"(by {review.due}); after that the agreement takes effect",
            )
        )
    objection = Objection(served_on=c.on, opinion=details.opinion, items=details.items)
    return _Decision(Status.OBJECTED, {"objection": objection})


def _renegotiate(_: Lifecycle, c: _Context) -> _Decision:
    return _Decision(Status.NEGOTIATING)


def _take_effect(_: Lifecycle, c: _Context) -> _Decision:
    review = _review_ends(c)
    if c.actor.role is Role.CLOCK:
        if not review.overdue(c.on):
            raise c.refuse(
                Bilingual(
                    f"审查期限至{review.due}，期满未提出异议方可生效",
                    f"the review period runs until {review.due}; the agreement takes effect "
                    f"only after it ends without objection",
                )
            )
        effective = review.due + dt.timedelta(days=1)
    else:
        effective = c.on
    facts: dict[str, Any] = {"effective_on": effective}
    if c.policy.publication_days is not None:
        facts["publication_due"] = c.policy.convention.due(effective, c.policy.publication_days)
    return _Decision(Status.EFFECTIVE, facts)


def _publish(_: Lifecycle, c: _Context) -> _Decision:
    due = c.procedure.publication_due
    late = 0 if due is None else due.late_days(c.on)
    decision = _Decision(Status.PUBLISHED, {"published_on": c.on}, late)
    if due is not None and late:
        decision.notes.append(_late(Bilingual("公布", "publication"), late, due))
    return decision


def _amendment(c: _Context) -> Amendment:
    details: AmendDetails = c.details
    return Amendment(ground=details.ground, on=c.on, reason=details.reason)


def _amend(_: Lifecycle, c: _Context) -> _Decision:
    return _Decision(Status.NEGOTIATING, {"amendment": _amendment(c)})


def _terminate(_: Lifecycle, c: _Context) -> _Decision:
    return _Decision(Status.TERMINATED, {"amendment": _amendment(c), "ended_on": c.on})


def _request_renewal(_: Lifecycle, c: _Context) -> _Decision:
    term = c.agreement.term
    if term is None:
        raise c.refuse(Bilingual("合同未约定期限，无从续订", "the agreement has no term to renew"))
    opens = add_months(term.end, -c.policy.renewal_window_months)
    if not opens <= c.on <= term.end:
        months = c.policy.renewal_window_months
        raise c.refuse(
            Bilingual(
                f"续订应在期满前{months}个月内提出（{opens}至{term.end}）",
                f"renewal may be asked within the {months} months before expiry "
                f"({opens} to {term.end})",
            )
        )
    return _Decision(c.agreement.status, {"renewal_requested_on": c.on})


def _expire(_: Lifecycle, c: _Context) -> _Decision:
    term = c.agreement.term
    if term is None or c.on <= term.end:
        end = "未约定" if term is None else str(term.end)
        raise c.refuse(
            Bilingual(f"合同期限（{end}）尚未届满", f"the term (ending {end}) has not ended")
        )
    return _Decision(Status.EXPIRED, {"ended_on": term.end})


_HANDLERS: dict[Trigger, Callable[[Lifecycle, _Context], _Decision]] = {
    Trigger.SEND_OFFER: _send_offer,
    Trigger.ACCEPT_OFFER: _accept_offer,
    Trigger.REFUSE_OFFER: _refuse_offer,
    Trigger.START_NEGOTIATION: _start_negotiation,
    Trigger.RECORD_MEETING: _record_meeting,
    Trigger.SUSPEND: _suspend,
    Trigger.RESUME: _resume,
    Trigger.REQUEST_COORDINATION: _request_coordination,
    Trigger.EXTEND_COORDINATION: _extend_coordination,
    Trigger.CONCLUDE_COORDINATION: _conclude_coordination,
    Trigger.AGREE_DRAFT: _agree_draft,
    Trigger.SUBMIT_TO_CONGRESS: _submit_to_congress,
    Trigger.HOLD_CONGRESS_VOTE: _hold_congress_vote,
    Trigger.SIGN: _sign,
    Trigger.FILE: _file,
    Trigger.OBJECT: _object,
    Trigger.RENEGOTIATE: _renegotiate,
    Trigger.TAKE_EFFECT: _take_effect,
    Trigger.PUBLISH: _publish,
    Trigger.AMEND: _amend,
    Trigger.TERMINATE: _terminate,
    Trigger.REQUEST_RENEWAL: _request_renewal,
    Trigger.EXPIRE: _expire,
}


def _example() -> Agreement:
    """A small agreement for the examples in docstrings."""
    from bargain.domain.agreement import Scope
    from bargain.domain.parties import Organisation, OrganisationKind, Party

    return Agreement(
        id="demo",
        title="示例集体合同",
        kind=AgreementKind.SECTOR,
        union=Party(
            organisations=(Organisation(id="u", name="某行业工会", kind=OrganisationKind.UNION),)
        ),
        employer=Party(
            organisations=(Organisation(id="e", name="某公司", kind=OrganisationKind.ENTERPRISE),)
        ),
        scope=Scope(region="340300"),
    )
