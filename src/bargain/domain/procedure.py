"""The words of the legal procedure, and the record of where an agreement stands in it.

States, triggers, roles and the :class:`Procedure` record live here, apart from the transition
table in :mod:`bargain.domain.lifecycle`, so that the agreement, the events and the lifecycle can
all use them without importing each other in a circle (decision 0006). Names follow the glossary.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import Field

from bargain.domain.base import DomainModel
from bargain.domain.calendar import Deadline
from bargain.domain.language import LabelledEnum
from bargain.domain.negotiation import Exchange, FreeText, Negotiation
from bargain.domain.parties import Name, Side
from bargain.domain.status import Status

__all__ = [
    "Actor",
    "Amendment",
    "AmendmentGround",
    "ApprovalRule",
    "CongressKind",
    "CongressVote",
    "Coordination",
    "Filing",
    "Meeting",
    "Objection",
    "Offer",
    "Procedure",
    "Reply",
    "Role",
    "Status",
    "Suspension",
    "Trigger",
]

Text = FreeText
"""Free text: a reason, an opinion, a summary (not empty, at most 5000 characters, no controls)."""


class Trigger(LabelledEnum):
    """A step of the procedure: what someone (or the clock) does to move an agreement on."""

    SEND_OFFER = "send_offer", "发出要约", "send the offer"
    ACCEPT_OFFER = "accept_offer", "书面同意协商", "accept the offer"
    REFUSE_OFFER = "refuse_offer", "拒绝协商", "refuse the offer"
    START_NEGOTIATION = "start_negotiation", "召开首次协商会议", "hold the first meeting"
    RECORD_MEETING = "record_meeting", "召开协商会议", "hold a meeting"
    SUSPEND = "suspend", "中止协商", "suspend"
    RESUME = "resume", "恢复协商", "resume"
    REQUEST_COORDINATION = "request_coordination", "申请协调处理", "request coordination"
    EXTEND_COORDINATION = "extend_coordination", "延长协调期限", "extend coordination"
    CONCLUDE_COORDINATION = "conclude_coordination", "签订协调处理协议书", "conclude coordination"
    AGREE_DRAFT = "agree_draft", "形成草案", "agree the draft"
    SUBMIT_TO_CONGRESS = "submit_to_congress", "提交职工代表大会", "submit to the congress"
    HOLD_CONGRESS_VOTE = "hold_congress_vote", "职工代表大会表决", "hold the congress vote"
    SIGN = "sign", "首席代表签字", "sign"
    FILE = "file", "报送审查", "file for review"
    OBJECT = "object", "送达审查意见书", "serve an objection"
    RENEGOTIATE = "renegotiate", "就异议事项重新协商", "renegotiate the disputed items"
    TAKE_EFFECT = "take_effect", "生效", "take effect"
    PUBLISH = "publish", "向全体人员公布", "publish"
    AMEND = "amend", "变更", "amend"
    TERMINATE = "terminate", "解除", "terminate"
    REQUEST_RENEWAL = "request_renewal", "提出续订", "request renewal"
    EXPIRE = "expire", "期满终止", "expire"


class Role(LabelledEnum):
    """Who acts in the procedure. ``other`` is anyone without a role (a recorder, a member)."""

    UNION_CHIEF = "union_chief", "职工方首席代表", "union chief representative"
    EMPLOYER_CHIEF = "employer_chief", "企业方首席代表", "employer chief representative"
    CONGRESS = "congress", "职工代表大会（全体职工）", "workers' congress (all workers)"
    LABOUR_BUREAU = "labour_bureau", "劳动行政部门", "labour bureau"
    COORDINATOR = "coordinator", "协调处理人员", "coordinator"
    CLOCK = "clock", "期限届满（时钟）", "the clock"
    OTHER = "other", "其他人员", "anyone else"

    @property
    def side(self) -> Side | None:
        """The side a chief represents (``None`` for the other roles)."""
        if self is Role.UNION_CHIEF:
            return Side.UNION
        if self is Role.EMPLOYER_CHIEF:
            return Side.EMPLOYER
        return None

    @classmethod
    def chief_of(cls, side: Side) -> Role:
        """The chief representative's role on ``side``."""
        return cls.UNION_CHIEF if side is Side.UNION else cls.EMPLOYER_CHIEF


class Actor(DomainModel):
    """Who fired a trigger: a role and, for people, a name.

    >>> Actor(role=Role.UNION_CHIEF, name="张三").role.side
    <Side.UNION: 'union'>
    """

    role: Role
    """The role acted in."""
    name: Name | None = None
    """The person or body, as it should appear in the record."""


class CongressKind(LabelledEnum):
    """The body that adopts the draft (集体合同规定 Art 36; 企业民主管理规定 Art 16)."""

    WORKERS_CONGRESS = "workers_congress", "职工代表大会", "workers' congress"
    ALL_WORKERS = "all_workers", "全体职工大会", "meeting of all workers"
    SECTOR_CONGRESS = "sector_congress", "行业职工代表大会", "sector workers' congress"
    REGIONAL_CONGRESS = "regional_congress", "区域职工代表大会", "regional workers' congress"


class ApprovalRule(LabelledEnum):
    """How "半数以上同意" is read (legal-reference §0; 民法典 Art 1259 reads 以上 as inclusive)."""

    AT_LEAST_HALF = "at_least_half", "不少于全体半数（含半数）", "at least half of all members"
    MORE_THAN_HALF = "more_than_half", "超过全体半数", "more than half of all members"


class AmendmentGround(LabelledEnum):
    """Why an agreement in force is amended or terminated (集体合同规定 Arts 39, 40)."""

    BY_AGREEMENT = "by_agreement", "双方协商一致（第三十九条）", "by agreement (Art 39)"
    MERGER_DISSOLUTION_BANKRUPTCY = (
        "merger_dissolution_bankruptcy",
        "用人单位兼并、解散、破产（第四十条第一项）",
        "merger, dissolution or bankruptcy (Art 40(1))",
    )
    FORCE_MAJEURE = "force_majeure", "不可抗力（第四十条第二项）", "force majeure (Art 40(2))"
    AGREED_CONDITION = (
        "agreed_condition",
        "约定的变更或解除条件出现（第四十条第三项）",
        "an agreed condition occurred (Art 40(3))",
    )
    OTHER_LEGAL = (
        "other_legal",
        "法律法规规定的其他情形（第四十条第四项）",
        "other legal case (Art 40(4))",
    )


class Offer(DomainModel):
    """要约: the written request to negotiate (集体合同规定 Art 32)."""

    from_side: Side
    """The side that sent it."""
    sent_on: dt.date
    """The day it was sent."""
    received_on: dt.date
    """The day the other side received it (the 20 days to reply count from here, Art 32)."""
    topics: tuple[Name, ...] = Field(min_length=1)
    """The topics proposed (协商议题)."""
    reply_due: Deadline
    """The last day for the written reply (20 days, Art 32)."""


class Reply(DomainModel):
    """The written reply to the offer."""

    accepted: bool
    """Whether the other side agreed to negotiate."""
    on: dt.date
    """The day of the reply."""
    reason: Text | None = None
    """The stated reason for a refusal."""
    late_days: int = 0
    """Days past the reply deadline (0 when in time)."""


class Meeting(DomainModel):
    """协商会议: one negotiation meeting (集体合同规定 Art 34)."""

    number: Annotated[int, Field(ge=1)]
    """1 for the first meeting."""
    on: dt.date
    """The day it was held."""
    chair: Side
    """The side whose chief chaired it; the chiefs chair in turn."""
    place: Name | None = None
    """Where it was held."""
    topics: tuple[Name, ...] = ()
    """What was discussed."""
    summary: Text | None = None
    """The chiefs' summing-up, or the recorder's minutes."""
    exchange: Exchange | None = None
    """The negotiation at the meeting: statements, offers, answers and each clause's outcome."""


class Suspension(DomainModel):
    """中止协商: a suspension agreed by both sides (集体合同规定 Art 35)."""

    since: dt.date
    """The day negotiation was suspended."""
    resume_on: dt.date
    """The day agreed for the next meeting."""
    reason: Text | None = None
    """Why."""


class Coordination(DomainModel):
    """协调处理: the labour bureau's coordination of a negotiation dispute (Arts 49-54)."""

    since: dt.date
    """The day the application was accepted (the 30 days count from here, Art 52)."""
    requested_by: Role
    """Who applied (or ``labour_bureau`` when it stepped in of its own accord, Art 49)."""
    reason: Text
    """What the dispute is about."""
    due: Deadline
    """The last day, extensions included (30 days plus at most 15, Art 52)."""
    extended_days: Annotated[int, Field(ge=0)] = 0
    """Days of extension granted so far."""
    outstanding: tuple[Text, ...] = ()
    """Items the coordination agreement leaves for further negotiation (Art 54)."""
    concluded_on: dt.date | None = None
    """The day the coordination agreement (协调处理协议书) was signed."""


class CongressVote(DomainModel):
    """The workers' congress's (or all workers') vote on the draft (集体合同规定 Art 36)."""

    kind: CongressKind
    """The body that voted."""
    held_on: dt.date
    """The day of the vote."""
    members: Annotated[int, Field(ge=1)]
    """All members of the body (or all workers)."""
    present: Annotated[int, Field(ge=0)]
    """Members present."""
    in_favour: Annotated[int, Field(ge=0)]
    """Votes for the draft."""
    against: Annotated[int, Field(ge=0)] = 0
    """Votes against."""
    abstaining: Annotated[int, Field(ge=0)] = 0
    """Abstentions."""
    adopted: bool
    """Whether the draft was adopted."""


class Filing(DomainModel):
    """报送审查: the text filed with the labour bureau (集体合同规定 Art 42)."""

    filed_on: dt.date
    """The day it was sent."""
    received_on: dt.date
    """The day the bureau received it (the 15 days of review count from here, Art 45)."""
    filed_by: Side
    """The side that filed (the employer; for a sector agreement the union side may)."""
    copies: Annotated[int, Field(ge=1)] = 3
    """Copies filed (一式三份)."""
    late_days: int = 0
    """Days past the filing deadline."""
    review_ends: Deadline
    """The last day the bureau may object (Arts 45, 47)."""


class Objection(DomainModel):
    """审查意见书: the bureau's objection (集体合同规定 Art 45)."""

    served_on: dt.date
    """The day it was served on both sides."""
    opinion: Text
    """The opinion."""
    items: tuple[Name, ...] = ()
    """The clauses or matters in dispute (clause ids where they apply)."""


class Amendment(DomainModel):
    """A variation or termination of an agreement in force (集体合同规定 Arts 39-41)."""

    ground: AmendmentGround
    """The ground."""
    on: dt.date
    """The day it was decided to amend or terminate."""
    reason: Text | None = None
    """Details."""


class Procedure(DomainModel):
    """What has happened so far in the procedure: the snapshot the events build.

    Every field is set by the lifecycle from an event; replaying the events from an agreement's
    opening rebuilds it exactly.
    """

    version: Annotated[int, Field(ge=0)] = 0
    """Events applied so far (the next event's sequence number is ``version + 1``)."""
    last_on: dt.date | None = None
    """The day of the last step: a later step cannot be dated before it."""
    offer: Offer | None = None
    """The offer (要约)."""
    reply: Reply | None = None
    """The reply to the offer."""
    meetings: tuple[Meeting, ...] = ()
    """The negotiation meetings, in order."""
    negotiation: Negotiation | None = None
    """The negotiation clause by clause: each clause in play and where it stands (``None``
    until the first offer)."""
    suspension: Suspension | None = None
    """The current or last suspension."""
    coordination: Coordination | None = None
    """The current or last coordination."""
    draft_agreed_on: dt.date | None = None
    """The day both chiefs signed the draft (Art 34)."""
    congress: CongressVote | None = None
    """The last congress vote."""
    signed_on: dt.date | None = None
    """The day both chiefs signed the adopted text (Art 37)."""
    signed_fingerprint: Annotated[str, Field(pattern="^[0-9a-f]{64}$")] | None = None
    """The SHA-256 of the text as signed (:func:`bargain.domain.fingerprint.text_fingerprint`): the
    value printed on the final text, so that a paper copy can be matched to the record."""
    filing_due: Deadline | None = None
    """The last day to file (10 days after signing, Art 42)."""
    filing: Filing | None = None
    """The last filing."""
    objection: Objection | None = None
    """The last objection."""
    effective_on: dt.date | None = None
    """The day the agreement took effect (Art 47)."""
    publication_due: Deadline | None = None
    """The last day to publish it (configurable; 10 days by default)."""
    published_on: dt.date | None = None
    """The day it was published to all on both sides (Art 48)."""
    amendment: Amendment | None = None
    """The last amendment or termination."""
    renewal_requested_on: dt.date | None = None
    """The day a side asked to renew (Art 38)."""
    ended_on: dt.date | None = None
    """The day it was terminated or expired."""
