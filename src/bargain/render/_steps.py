"""The facts of each step of the procedure, gathered from a history or from the procedure record.

A history (the events) holds every step: every meeting, every congress vote. The agreement's
:class:`~bargain.domain.procedure.Procedure` snapshot holds all the meetings but only the last of
the other steps, so it stands in when no history is given (an agreement read from a file or
fetched without its events).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from bargain.domain.agreement import Agreement
from bargain.domain.events import Event, EventType
from bargain.domain.procedure import (
    CongressVote,
    Coordination,
    Filing,
    Meeting,
    Objection,
    Offer,
    Reply,
)

__all__ = ["Steps", "steps_of"]


@dataclass
class Steps:
    """What happened, in order: one entry per step taken (empty when the step was not taken)."""

    offers: list[Offer] = field(default_factory=list)
    replies: list[Reply] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    drafts: list[dt.date] = field(default_factory=list)
    votes: list[CongressVote] = field(default_factory=list)
    signatures: list[dt.date] = field(default_factory=list)
    filings: list[Filing] = field(default_factory=list)
    objections: list[Objection] = field(default_factory=list)
    coordinations: list[Coordination] = field(default_factory=list)
    effects: list[dt.date] = field(default_factory=list)
    publications: list[dt.date] = field(default_factory=list)
    from_history: bool = False


def _from_events(history: Sequence[Event]) -> Steps:
    steps = Steps(from_history=True)
    for event in history:
        facts = event.facts
        match event.type:
            case EventType.OFFER_SENT:
                steps.offers.append(Offer.model_validate(facts["offer"]))
            case EventType.OFFER_ACCEPTED | EventType.OFFER_REFUSED:
                steps.replies.append(Reply.model_validate(facts["reply"]))
            case EventType.NEGOTIATION_STARTED | EventType.MEETING_HELD:
                steps.meetings.append(Meeting.model_validate(facts["meeting"]))
            case EventType.DRAFT_AGREED:
                steps.drafts.append(event.on)
            case EventType.CONGRESS_VOTED:
                steps.votes.append(CongressVote.model_validate(facts["congress"]))
            case EventType.SIGNED:
                steps.signatures.append(event.on)
            case EventType.FILED:
                steps.filings.append(Filing.model_validate(facts["filing"]))
            case EventType.OBJECTION_SERVED:
                steps.objections.append(Objection.model_validate(facts["objection"]))
            case EventType.COORDINATION_CONCLUDED if "coordination" in facts:
                steps.coordinations.append(Coordination.model_validate(facts["coordination"]))
            case EventType.TOOK_EFFECT:
                steps.effects.append(event.on)
            case EventType.PUBLISHED:
                steps.publications.append(event.on)
            case _:
                pass
    return steps


def _from_procedure(agreement: Agreement) -> Steps:
    p = agreement.procedure
    coordination = p.coordination
    return Steps(
        offers=[p.offer] if p.offer else [],
        replies=[p.reply] if p.reply else [],
        meetings=list(p.meetings),
        drafts=[p.draft_agreed_on] if p.draft_agreed_on else [],
        votes=[p.congress] if p.congress else [],
        signatures=[p.signed_on] if p.signed_on else [],
        filings=[p.filing] if p.filing else [],
        objections=[p.objection] if p.objection else [],
        coordinations=[coordination] if coordination and coordination.concluded_on else [],
        effects=[p.effective_on] if p.effective_on else [],
        publications=[p.published_on] if p.published_on else [],
    )


def steps_of(agreement: Agreement, history: Sequence[Event]) -> Steps:
    """The steps of ``history``, or of the agreement's procedure record when it is empty."""
    return _from_events(history) if history else _from_procedure(agreement)
