"""An agreement in force: amendment, termination, renewal and expiry (集体合同规定 Arts 38-41)."""

from __future__ import annotations

from bargain.domain.calendar import add_months
from bargain.domain.events import EventType
from bargain.domain.language import Bilingual
from bargain.domain.lifecycle.declaration import Context, Decision, Details, Transition, ccp
from bargain.domain.lifecycle.roles import Who
from bargain.domain.procedure import Amendment, AmendmentGround, Status, Text, Trigger

__all__ = [
    "AMEND",
    "EXPIRE",
    "REQUEST_RENEWAL",
    "TERMINATE",
    "Amend",
    "AmendmentDetails",
    "Expire",
    "RequestRenewal",
    "Terminate",
]

_IN_FORCE = (Status.EFFECTIVE, Status.PUBLISHED)


class AmendmentDetails(Details):
    """Why an agreement in force is amended or terminated (Arts 39-41)."""

    ground: AmendmentGround
    """The ground."""
    reason: Text | None = None
    """Details."""


class Amend(AmendmentDetails):
    """Opening an amendment of the agreement in force (Arts 39, 41)."""


def amend(c: Context[Amend]) -> Decision:
    """集体合同规定 第三十九条、第四十一条: both sides may agree to amend an agreement in force, or
    one may ask on a ground of Art 40; the amendment runs the bargaining procedure again."""
    amendment = Amendment(ground=c.details.ground, on=c.on, reason=c.details.reason)
    return Decision(Status.NEGOTIATING, {"amendment": amendment})


AMEND = Transition(
    Trigger.AMEND,
    _IN_FORCE,
    (Status.NEGOTIATING,),
    Who.EITHER_CHIEF,
    Amend,
    amend,
    EventType.AMENDMENT_OPENED,
    ccp(41),
)


class Terminate(AmendmentDetails):
    """Terminating the agreement in force (Arts 39, 40)."""


def terminate(c: Context[Terminate]) -> Decision:
    """集体合同规定 第三十九条、第四十条: an agreement may be terminated by agreement, or on a
    ground of Art 40 (the employer's merger, dissolution or closure, force majeure, ...)."""
    amendment = Amendment(ground=c.details.ground, on=c.on, reason=c.details.reason)
    return Decision(Status.TERMINATED, {"amendment": amendment, "ended_on": c.on})


TERMINATE = Transition(
    Trigger.TERMINATE,
    _IN_FORCE,
    (Status.TERMINATED,),
    Who.EITHER_CHIEF,
    Terminate,
    terminate,
    EventType.TERMINATED,
    ccp(40),
)


class RequestRenewal(Details):
    """A request to renew the agreement before it expires (Art 38)."""


def request_renewal(c: Context[RequestRenewal]) -> Decision:
    """集体合同规定 第三十八条: within the 3 months before the term ends, either side may propose
    to renew the agreement; the renewal is bargained as a new agreement."""
    term = c.agreement.term
    if term is None:
        raise c.refuse(Bilingual("合同未约定期限，无从续订", "the agreement has no term to renew"))
    months = c.policy.renewal_window_months
    opens = add_months(term.end, -months)
    if not opens <= c.on <= term.end:
        raise c.refuse(
            Bilingual(
                f"续订应在期满前{months}个月内提出（{opens}至{term.end}）",
                f"renewal may be asked within the {months} months before expiry "
                f"({opens} to {term.end})",
            )
        )
    return Decision(c.agreement.status, {"renewal_requested_on": c.on})


REQUEST_RENEWAL = Transition(
    Trigger.REQUEST_RENEWAL,
    _IN_FORCE,
    (),
    Who.EITHER_CHIEF,
    RequestRenewal,
    request_renewal,
    EventType.RENEWAL_REQUESTED,
    ccp(38),
    Bilingual("期满前3个月内提出", "within the 3 months before expiry"),
)


class Expire(Details):
    """The term has ended (Art 38)."""


def expire(c: Context[Expire]) -> Decision:
    """集体合同规定 第三十八条: an agreement ends when its term (1 to 3 years) runs out."""
    term = c.agreement.term
    if term is None or c.on <= term.end:
        end = "未约定" if term is None else str(term.end)
        raise c.refuse(
            Bilingual(f"合同期限（{end}）尚未届满", f"the term (ending {end}) has not ended")
        )
    return Decision(Status.EXPIRED, {"ended_on": term.end})


EXPIRE = Transition(
    Trigger.EXPIRE,
    _IN_FORCE,
    (Status.EXPIRED,),
    Who.CLOCK,
    Expire,
    expire,
    EventType.EXPIRED,
    ccp(38),
)
