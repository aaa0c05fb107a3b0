"""Filing, review, effect and publication (集体合同规定 Arts 42-48)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import Field

from bargain.domain.calendar import Deadline
from bargain.domain.events import EventType
from bargain.domain.language import Bilingual
from bargain.domain.lifecycle.declaration import Context, Decision, Details, Transition, ccp, late
from bargain.domain.lifecycle.roles import Who
from bargain.domain.parties import Name
from bargain.domain.procedure import Filing, Objection, Role, Status, Text, Trigger

__all__ = [
    "FILE",
    "OBJECT",
    "PUBLISH",
    "RENEGOTIATE",
    "TAKE_EFFECT",
    "File",
    "Object",
    "Publish",
    "Renegotiate",
    "TakeEffect",
]


class File(Details):
    """The filing (Art 42)."""

    received_on: dt.date | None = None
    """The day the bureau received the text (default: the day it was filed)."""
    copies: Annotated[int, Field(ge=1, le=100)] = 3
    """Copies filed (一式三份)."""


def file(c: Context[File]) -> Decision:
    """集体合同规定 第四十二条: within 10 days of signing, the employer (for a sector or regional
    agreement, either side) files the text with the labour bureau in three copies; a late filing is
    recorded with its lateness. 第四十四条: the bureau reviews it within 15 days of receipt."""
    details = c.details
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
    lateness = 0 if due is None else due.late_days(c.on)
    filing = Filing(
        filed_on=c.on,
        received_on=received,
        filed_by=c.side,
        copies=details.copies,
        late_days=lateness,
        review_ends=c.policy.convention.due(received, c.policy.review_days),
    )
    decision = Decision(Status.UNDER_REVIEW, {"filing": filing}, lateness)
    if due is not None and lateness:
        decision.notes.append(late(Bilingual("报送审查", "filing"), lateness, due))
    return decision


FILE = Transition(
    Trigger.FILE,
    (Status.SIGNED,),
    (Status.UNDER_REVIEW,),
    Who.FILER,
    File,
    file,
    EventType.FILED,
    ccp(42),
    Bilingual("收到文本之日起15日内审查", "review within 15 days of receipt"),
)


def _review_ends(c: Context[Object] | Context[TakeEffect]) -> Deadline:
    filing = c.procedure.filing
    if filing is None:
        raise c.refuse(
            Bilingual(
                "没有报送记录，无法确定审查期限", "there is no filing to count the review from"
            )
        )
    return filing.review_ends


class Object(Details):
    """审查意见书 (Art 45)."""

    opinion: Text
    """The opinion."""
    items: tuple[Name, ...] = ()
    """The clauses or matters in dispute."""


def object_(c: Context[Object]) -> Decision:
    """集体合同规定 第四十五条: the bureau that objects serves a review opinion (审查意见书) within
    15 days of receiving the text; after that it can no longer object."""
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
    objection = Objection(served_on=c.on, opinion=c.details.opinion, items=c.details.items)
    return Decision(Status.OBJECTED, {"objection": objection})


OBJECT = Transition(
    Trigger.OBJECT,
    (Status.UNDER_REVIEW,),
    (Status.OBJECTED,),
    Who.LABOUR_BUREAU,
    Object,
    object_,
    EventType.OBJECTION_SERVED,
    ccp(45),
    Bilingual("收到文本之日起15日内送达", "served within 15 days of receipt"),
)


class Renegotiate(Details):
    """Going back to negotiation on the items the bureau objected to (Art 46)."""


def renegotiate(c: Context[Renegotiate]) -> Decision:
    """集体合同规定 第四十六条: after an objection both sides negotiate the disputed items again,
    then sign and file the text anew."""
    return Decision(Status.NEGOTIATING)


RENEGOTIATE = Transition(
    Trigger.RENEGOTIATE,
    (Status.OBJECTED,),
    (Status.NEGOTIATING,),
    Who.EITHER_CHIEF,
    Renegotiate,
    renegotiate,
    EventType.RENEGOTIATION_OPENED,
    ccp(46),
)


class TakeEffect(Details):
    """The agreement takes effect (Art 47)."""


def take_effect(c: Context[TakeEffect]) -> Decision:
    """集体合同规定 第四十七条: an agreement the bureau has not objected to within 15 days of
    receipt takes effect (the clock, on the day after); the bureau may also confirm it sooner. The
    publication time limit is the one in force on the day the agreement was concluded (signed):
    before the 2024 guideline, Art 48 says only 及时 and no day limit applies."""
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
    concluded = c.procedure.signed_on
    days = (c.policy if concluded is None else c.policy_on(concluded)).publication_days
    if days is not None:
        facts["publication_due"] = c.policy.convention.due(effective, days)
    return Decision(Status.EFFECTIVE, facts)


TAKE_EFFECT = Transition(
    Trigger.TAKE_EFFECT,
    (Status.UNDER_REVIEW,),
    (Status.EFFECTIVE,),
    Who.CLOCK_OR_BUREAU,
    TakeEffect,
    take_effect,
    EventType.TOOK_EFFECT,
    ccp(47),
    Bilingual(
        "生效之日起10日内公布（2024年11月6日全总指引起；此前及时公布，无日数）",
        "publish within 10 days (from the ACFTU guideline of 2024-11-06; before it, promptly)",
    ),
)


class Publish(Details):
    """Publishing the agreement to everyone on both sides (Art 48)."""


def publish(c: Context[Publish]) -> Decision:
    """集体合同规定 第四十八条: the agreement in force is published promptly (及时) to all; the
    2024 guideline sets 10 days, and a later publication is recorded with its lateness."""
    due = c.procedure.publication_due
    lateness = 0 if due is None else due.late_days(c.on)
    decision = Decision(Status.PUBLISHED, {"published_on": c.on}, lateness)
    if due is not None and lateness:
        decision.notes.append(late(Bilingual("公布", "publication"), lateness, due))
    return decision


PUBLISH = Transition(
    Trigger.PUBLISH,
    (Status.EFFECTIVE,),
    (Status.PUBLISHED,),
    Who.EITHER_CHIEF,
    Publish,
    publish,
    EventType.PUBLISHED,
    ccp(48),
)
