"""Domain events: what happened to an agreement, one past-tense record per step of the procedure.

Every transition appends exactly one :class:`Event` to the agreement's history (design decision 1).
An event says who did what and when, the state before and after, the article behind the step, how
late it was, and the ``facts``: the pieces of the :class:`~bargain.domain.procedure.Procedure`
record the step set, in JSON form. Replaying the events over the agreement as it was opened
(:meth:`bargain.domain.lifecycle.Lifecycle.replay`) rebuilds the snapshot exactly; deadlines are
stored in the facts as they were computed, so a later change of policy or holiday calendar cannot
rewrite the past.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import AwareDatetime, BeforeValidator, Field

from bargain.domain.base import DomainModel, PlainText, check_texts_in
from bargain.domain.language import Bilingual, LabelledEnum, Lang
from bargain.domain.parties import Identifier
from bargain.domain.procedure import Actor, Status, Trigger
from bargain.domain.references import LegalReference

__all__ = ["Event", "EventType", "Note"]


class EventType(LabelledEnum):
    """What happened, in the past tense (one type per trigger)."""

    OFFER_SENT = "offer_sent", "已发出要约", "offer sent"
    OFFER_ACCEPTED = "offer_accepted", "已书面同意协商", "offer accepted"
    OFFER_REFUSED = "offer_refused", "已拒绝协商", "offer refused"
    NEGOTIATION_STARTED = "negotiation_started", "首次协商会议已召开", "negotiation started"
    MEETING_HELD = "meeting_held", "协商会议已召开", "meeting held"
    NEGOTIATION_SUSPENDED = "negotiation_suspended", "协商已中止", "negotiation suspended"
    NEGOTIATION_RESUMED = "negotiation_resumed", "协商已恢复", "negotiation resumed"
    COORDINATION_REQUESTED = "coordination_requested", "已申请协调处理", "coordination requested"
    COORDINATION_EXTENDED = "coordination_extended", "协调期限已延长", "coordination extended"
    COORDINATION_CONCLUDED = (
        "coordination_concluded",
        "协调处理协议书已签订",
        "coordination concluded",
    )
    DRAFT_AGREED = "draft_agreed", "草案已形成", "draft agreed"
    SUBMITTED_TO_CONGRESS = "submitted_to_congress", "已提交职工代表大会", "submitted to congress"
    CONGRESS_VOTED = "congress_voted", "职工代表大会已表决", "congress voted"
    SIGNED = "signed", "首席代表已签字", "signed"
    FILED = "filed", "已报送审查", "filed"
    OBJECTION_SERVED = "objection_served", "审查意见书已送达", "objection served"
    RENEGOTIATION_OPENED = "renegotiation_opened", "已就异议事项重新协商", "renegotiation opened"
    TOOK_EFFECT = "took_effect", "已生效", "took effect"
    PUBLISHED = "published", "已公布", "published"
    AMENDMENT_OPENED = "amendment_opened", "已启动变更", "amendment opened"
    TERMINATED = "terminated", "已解除", "terminated"
    RENEWAL_REQUESTED = "renewal_requested", "已提出续订", "renewal requested"
    EXPIRED = "expired", "已期满", "expired"


class Note(DomainModel):
    """A remark attached to an event (a late step, a tied vote), in both languages."""

    zh: PlainText
    """The remark in Chinese."""
    en: PlainText
    """The remark in English."""

    @classmethod
    def of(cls, text: Bilingual) -> Note:
        """A note from bilingual text."""
        return cls(zh=text.zh, en=text.en)

    def get(self, lang: Lang) -> str:
        """The remark in ``lang``."""
        return self.zh if lang is Lang.ZH else self.en


class Event(DomainModel):
    """One step of the procedure, as it happened."""

    agreement_id: Identifier
    """The agreement."""
    sequence: Annotated[int, Field(ge=1)]
    """1 for the first event of the agreement, then 2, 3… with no gaps."""
    type: EventType
    """What happened."""
    trigger: Trigger
    """The trigger that was fired."""
    actor: Actor
    """Who fired it."""
    at: AwareDatetime
    """When it was recorded."""
    on: dt.date
    """The day it happened (in China); days never go backwards within a history."""
    source: Status
    """The state before."""
    target: Status
    """The state after."""
    facts: Annotated[dict[str, Any], BeforeValidator(check_texts_in)] = Field(default_factory=dict)
    """What the step set in the procedure record, as JSON (see the module docstring)."""
    citation: LegalReference
    """The article behind the step."""
    late_days: Annotated[int, Field(ge=0)] = 0
    """Days past the step's time limit (0 when in time or when the step has none)."""
    notes: tuple[Note, ...] = ()
    """Remarks: lateness, a tied vote, an approximate deadline."""

    @property
    def late(self) -> bool:
        """Whether the step was taken after its time limit."""
        return self.late_days > 0
