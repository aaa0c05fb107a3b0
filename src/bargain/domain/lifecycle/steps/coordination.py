"""Coordination of disputes by the labour bureau (集体合同规定 Arts 49-54)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import Field

from bargain.domain.events import EventType
from bargain.domain.language import Bilingual
from bargain.domain.lifecycle.declaration import Context, Decision, Details, Transition, ccp, late
from bargain.domain.lifecycle.roles import Who
from bargain.domain.procedure import Coordination, Status, Text, Trigger

__all__ = [
    "CONCLUDE_COORDINATION",
    "EXTEND_COORDINATION",
    "REQUEST_COORDINATION",
    "ConcludeCoordination",
    "ExtendCoordination",
    "RequestCoordination",
]


class RequestCoordination(Details):
    """An application for coordination (Art 49)."""

    reason: Text
    """What the dispute is about."""
    accepted_on: dt.date | None = None
    """The day the bureau accepted the application (default: the day of the step)."""


def request_coordination(c: Context[RequestCoordination]) -> Decision:
    """集体合同规定 第四十九条: when bargaining breaks down, either side may apply to the labour
    bureau for coordination, or the bureau may step in; 第三十二条第二款: after an offer, only the
    offering side may, and only once the 20 days to reply have run out."""
    details = c.details
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
                ccp(32, 2),
            )
        if c.actor.role.side not in (None, offer.from_side):
            raise c.refuse(
                Bilingual(
                    "收到要约的一方应书面回应，而不是申请协调",
                    "the side that received the offer replies; it does not apply for coordination",
                ),
                ccp(32, 2),
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
    return Decision(Status.IN_COORDINATION, {"coordination": coordination})


REQUEST_COORDINATION = Transition(
    Trigger.REQUEST_COORDINATION,
    (Status.OFFER_SENT, Status.NEGOTIATING, Status.SUSPENDED),
    (Status.IN_COORDINATION,),
    Who.CHIEF_OR_BUREAU,
    RequestCoordination,
    request_coordination,
    EventType.COORDINATION_REQUESTED,
    ccp(49),
    Bilingual("自受理之日起30日内结束", "to be concluded within 30 days of acceptance"),
)


class ExtendCoordination(Details):
    """An extension of coordination (Art 52)."""

    days: Annotated[int, Field(ge=1, le=3650)] | None = None
    """Days of extension (default: all that is left of the allowed extension)."""


def extend_coordination(c: Context[ExtendCoordination]) -> Decision:
    """集体合同规定 第五十二条: coordination ends within 30 days of acceptance; a complex case may
    be extended, by at most 15 days, before the period runs out."""
    coordination = c.procedure.coordination
    if coordination is None:
        raise c.refuse(Bilingual("没有进行中的协调处理", "there is no coordination to extend"))
    allowance = c.policy.coordination_extension_days - coordination.extended_days
    days = allowance if c.details.days is None else c.details.days
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
    return Decision(Status.IN_COORDINATION, {"coordination": updated})


EXTEND_COORDINATION = Transition(
    Trigger.EXTEND_COORDINATION,
    (Status.IN_COORDINATION,),
    (),
    Who.COORDINATOR,
    ExtendCoordination,
    extend_coordination,
    EventType.COORDINATION_EXTENDED,
    ccp(52),
    Bilingual("延期最长不超过15日", "extension of at most 15 days"),
)


class ConcludeCoordination(Details):
    """A coordination agreement (协调处理协议书, Art 54)."""

    outstanding: tuple[Text, ...] = ()
    """Items left for further negotiation."""


def conclude_coordination(c: Context[ConcludeCoordination]) -> Decision:
    """集体合同规定 第五十三条、第五十四条: coordination ends with a coordination agreement signed
    by the coordinator and both chiefs; bargaining goes on from where it stood (preparation when
    no meeting was held yet). A conclusion after the time limit is recorded with its lateness."""
    coordination = c.procedure.coordination
    target = Status.NEGOTIATING if c.procedure.meetings else Status.PREPARING
    decision = Decision(target)
    if coordination is not None:
        lateness = coordination.due.late_days(c.on)
        if lateness:
            decision.late_days = lateness
            decision.notes.append(
                late(Bilingual("协调处理", "coordination"), lateness, coordination.due)
            )
        decision.facts["coordination"] = coordination.model_copy(
            update={"concluded_on": c.on, "outstanding": c.details.outstanding}
        )
    return decision


CONCLUDE_COORDINATION = Transition(
    Trigger.CONCLUDE_COORDINATION,
    (Status.IN_COORDINATION,),
    (Status.NEGOTIATING, Status.PREPARING),
    Who.COORDINATOR,
    ConcludeCoordination,
    conclude_coordination,
    EventType.COORDINATION_CONCLUDED,
    ccp(54),
)
