"""The written offer and the reply (集体合同规定 Art 32)."""

from __future__ import annotations

import datetime as dt

from bargain.domain.events import EventType
from bargain.domain.language import Bilingual
from bargain.domain.lifecycle.declaration import Context, Decision, Details, Transition, ccp, late
from bargain.domain.lifecycle.roles import Who
from bargain.domain.parties import Name
from bargain.domain.procedure import Coordination, Offer, Reply, Status, Text, Trigger

__all__ = ["ACCEPT_OFFER", "REFUSE_OFFER", "SEND_OFFER", "AcceptOffer", "RefuseOffer", "SendOffer"]


class SendOffer(Details):
    """要约: the topics, and the day the other side received it."""

    topics: tuple[Name, ...]
    """The topics proposed (at least one)."""
    received_on: dt.date | None = None
    """The day the other side received the offer (default: the day it was sent)."""


def send_offer(c: Context[SendOffer]) -> Decision:
    """集体合同规定 第三十二条: either side may propose bargaining in writing (要约), naming its
    topics; the other side replies in writing within 20 days of receiving it."""
    details = c.details
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
    return Decision(Status.OFFER_SENT, {"offer": offer})


SEND_OFFER = Transition(
    Trigger.SEND_OFFER,
    (Status.DRAFTING,),
    (Status.OFFER_SENT,),
    Who.EITHER_CHIEF,
    SendOffer,
    send_offer,
    EventType.OFFER_SENT,
    ccp(32),
    Bilingual("对方应于收到要约之日起20日内书面回应", "the other side replies within 20 days"),
)


def _reply(c: Context[AcceptOffer] | Context[RefuseOffer], reason: str | None) -> Decision:
    offer = c.procedure.offer
    lateness = 0 if offer is None else offer.reply_due.late_days(c.on)
    reply = Reply(accepted=reason is None, on=c.on, reason=reason, late_days=lateness)
    decision = Decision(c.row.targets[0], {"reply": reply}, lateness)
    if offer is not None and lateness:
        decision.notes.append(
            late(Bilingual("书面回应", "the written reply"), lateness, offer.reply_due)
        )
    return decision


class AcceptOffer(Details):
    """The written reply that agrees to bargain."""


def accept_offer(c: Context[AcceptOffer]) -> Decision:
    """集体合同规定 第三十二条第二款: the side that received the offer replies in writing within
    20 days; a late reply is recorded with its lateness."""
    return _reply(c, None)


ACCEPT_OFFER = Transition(
    Trigger.ACCEPT_OFFER,
    (Status.OFFER_SENT,),
    (Status.PREPARING,),
    Who.RECEIVING_CHIEF,
    AcceptOffer,
    accept_offer,
    EventType.OFFER_ACCEPTED,
    ccp(32, 2),
)


class RefuseOffer(Details):
    """A refusal must give a reason (Art 32: no refusal without 正当理由)."""

    reason: Text
    """The reason stated."""


def refuse_offer(c: Context[RefuseOffer]) -> Decision:
    """集体合同规定 第三十二条第二款, 第四十九条: no side may refuse bargaining without a proper
    reason; a refusal is a dispute, which goes to coordination by the labour bureau (30 days)."""
    decision = _reply(c, c.details.reason)
    decision.facts["coordination"] = Coordination(
        since=c.on,
        requested_by=c.actor.role,
        reason=c.details.reason,
        due=c.policy.convention.due(c.on, c.policy.coordination_days),
    )
    return decision


REFUSE_OFFER = Transition(
    Trigger.REFUSE_OFFER,
    (Status.OFFER_SENT,),
    (Status.IN_COORDINATION,),
    Who.RECEIVING_CHIEF,
    RefuseOffer,
    refuse_offer,
    EventType.OFFER_REFUSED,
    ccp(32, 2),
    Bilingual("协调处理30日，可延长不超过15日", "coordination 30 days, plus at most 15"),
)
