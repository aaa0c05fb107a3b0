"""Meetings, suspension and the draft (集体合同规定 Arts 33-35)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import ValidationError

from bargain.domain.agreement import Agreement
from bargain.domain.calendar import DateRange
from bargain.domain.clauses import Clause
from bargain.domain.events import EventType
from bargain.domain.language import Bilingual
from bargain.domain.lifecycle._parsing import problems
from bargain.domain.lifecycle.declaration import Context, Decision, Details, Transition, ccp
from bargain.domain.lifecycle.roles import Who
from bargain.domain.negotiation import (
    Answer,
    Exchange,
    Negotiation,
    Offer,
    Statement,
    agreed_clauses,
    exchange,
    open_clauses,
)
from bargain.domain.parties import Identifier, Name, Recorder
from bargain.domain.procedure import Meeting, Status, Suspension, Text, Trigger
from bargain.errors import InvalidDocument

__all__ = [
    "AGREE_DRAFT",
    "RECORD_MEETING",
    "RESUME",
    "START_NEGOTIATION",
    "SUSPEND",
    "AgreeDraft",
    "MeetingDetails",
    "RecordMeeting",
    "Resume",
    "StartNegotiation",
    "Suspend",
]


class MeetingDetails(Details):
    """A negotiation meeting (Art 34)."""

    place: Name | None = None
    """Where."""
    topics: tuple[Name, ...] = ()
    """What was discussed."""
    summary: Text | None = None
    """The chiefs' summing-up or the minutes."""
    statements: tuple[Statement, ...] = ()
    """发言: what each side said, for the minutes."""
    offers: tuple[Offer, ...] = ()
    """报价、还价: the offers made at the meeting, in order (``bargain.domain.negotiation``)."""
    answers: tuple[Answer, ...] = ()
    """答复: the answers to the other side's positions, after the offers."""


class StartNegotiation(MeetingDetails):
    """The first negotiation meeting (Arts 33, 34), which may appoint the recorder."""

    recorder: Recorder | None = None
    """记录员, appointed jointly before the first meeting (Art 33)."""


class RecordMeeting(MeetingDetails):
    """A further negotiation meeting, chaired in turn (Art 34)."""


def _meeting(c: Context[StartNegotiation] | Context[RecordMeeting]) -> Decision:
    """The meeting and what its exchange does to the text on the table and the negotiation.

    An offer whose text the law finds errors in (errors the text before it did not have) is
    refused with the findings, unless its side sends it anyway, which the event notes.
    """
    details = c.details
    number = len(c.procedure.meetings) + 1
    decision = Decision(Status.NEGOTIATING)
    record = None
    if details.statements or details.offers or details.answers:
        offer = c.procedure.offer
        result = exchange(
            c.agreement.clauses,
            c.procedure.negotiation,
            details.offers,
            details.answers,
            meeting=number,
            first=None if offer is None else offer.from_side,
        )
        known = _errors(c, c.agreement.clauses) if details.offers else {}
        for made, text in zip(details.offers, result.after_each_offer, strict=True):
            found = _errors(c, text)  # each text judged once: the next offer's "before"
            decision.notes.extend(_judged(c, made, [f for k, f in found.items() if k not in known]))
            known = found
        record = Exchange(
            statements=details.statements,
            offers=details.offers,
            answers=details.answers,
            outcomes=result.outcomes,
        )
        if result.clauses != c.agreement.clauses:
            decision.facts["clauses"] = _checked(c, result.clauses)
        if details.offers or details.answers:
            decision.facts["negotiation"] = result.negotiation
    decision.facts["meeting"] = Meeting(
        number=number,
        on=c.on,
        chair=c.side,
        place=details.place,
        topics=details.topics,
        summary=details.summary,
        exchange=record,
    )
    return decision


def _errors(c: Context[Any], clauses: tuple[Clause, ...]) -> dict[tuple[str, str], Any]:
    if c.validator is None:
        return {}
    agreement = c.agreement.model_copy(update={"clauses": clauses})
    found = c.validator(agreement, c.on, parent=c.parent)
    return {(f.rule, f.message.en): f for f in found if str(f.severity) == "error"}


def _judged(c: Context[Any], offer: Offer, new: list[Any]) -> list[Bilingual]:
    """The notes on an offer sent anyway though the law finds ``new`` errors in the text it
    makes (errors the text before it did not have); refuses it when not sent anyway."""
    if not new:
        return []
    listed = Bilingual(
        "；".join(f"{f.rule}：{f.message.zh}" for f in new),
        "; ".join(f"{f.rule}: {f.message.en}" for f in new),
    )
    side = offer.side.label
    if not offer.anyway:
        raise c.refuse(
            Bilingual(
                f"{side.zh}的报价将使文本出现违法之处（如仍要发出，须注明 anyway）：{listed.zh}",
                f"the {side.en}'s offer would put errors into the text (set `anyway` to send "
                f"it all the same): {listed.en}",
            ),
            new[0].citation,
        )
    return [
        Bilingual(
            f"{side.zh}坚持发出法律审查有误的报价：{listed.zh}",
            f"the {side.en} sent an offer the law finds errors in: {listed.en}",
        )
    ]


def _checked(c: Context[Any], clauses: tuple[Clause, ...]) -> tuple[Clause, ...]:
    """The clauses, once the agreement with them is found valid (``InvalidDocument`` if not)."""
    try:
        Agreement.model_validate({**dict(c.agreement), "clauses": clauses})
    except ValidationError as error:
        raise InvalidDocument(problems(c.row, error)) from error
    return clauses


def start_negotiation(c: Context[StartNegotiation]) -> Decision:
    """集体合同规定 第三十三条: before the first meeting both sides appoint a recorder who is not a
    representative (item 5), and the representatives must be lawful (Arts 19-23, rules REP-*)."""
    agreement = c.agreement
    facts: dict[str, Any] = {}
    if c.details.recorder is not None:
        agreement = agreement.model_copy(update={"recorder": c.details.recorder})
        facts["recorder"] = c.details.recorder
    recorder = agreement.recorder
    if recorder is None:
        raise c.refuse(
            Bilingual(
                "协商前双方须共同指定一名非协商代表的记录员",
                "both sides must first appoint a recorder",
            ),
            ccp(33, item=5),
        )
    members = [*agreement.union.delegation.representatives]
    members += agreement.employer.delegation.representatives
    if any(r.name == recorder.name for r in members):
        raise c.refuse(
            Bilingual(
                f"记录员{recorder.name}同时是协商代表；记录员不得由协商代表担任",
                f"the recorder {recorder.name} is also a representative, which is not allowed",
            ),
            ccp(33, item=5),
        )
    c.require_valid(
        agreement,
        "REP-",
        Bilingual("首次协商会议前协商代表须合法", "the representatives must be lawful first"),
    )
    decision = _meeting(c)
    decision.facts = {**facts, **decision.facts}
    return decision


START_NEGOTIATION = Transition(
    Trigger.START_NEGOTIATION,
    (Status.PREPARING,),
    (Status.NEGOTIATING,),
    Who.EITHER_CHIEF,
    StartNegotiation,
    start_negotiation,
    EventType.NEGOTIATION_STARTED,
    ccp(33),
)


def record_meeting(c: Context[RecordMeeting]) -> Decision:
    """集体合同规定 第三十四条: the chief representatives chair the meetings in turn."""
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
    return _meeting(c)


RECORD_MEETING = Transition(
    Trigger.RECORD_MEETING,
    (Status.NEGOTIATING,),
    (),
    Who.EITHER_CHIEF,
    RecordMeeting,
    record_meeting,
    EventType.MEETING_HELD,
    ccp(34),
)


class Suspend(Details):
    """A suspension agreed by both sides (Art 35)."""

    resume_on: dt.date
    """The day agreed for the next meeting."""
    reason: Text | None = None
    """Why."""


def suspend(c: Context[Suspend]) -> Decision:
    """集体合同规定 第三十五条: when bargaining cannot agree, both sides may suspend it and agree
    the time to resume."""
    details = c.details
    if details.resume_on <= c.on:
        raise c.refuse(
            Bilingual(
                f"中止协商须约定此后恢复的日期（{details.resume_on}不在{c.on}之后）",
                f"a suspension needs a resume date after {c.on}, not {details.resume_on}",
            )
        )
    suspension = Suspension(since=c.on, resume_on=details.resume_on, reason=details.reason)
    return Decision(Status.SUSPENDED, {"suspension": suspension})


SUSPEND = Transition(
    Trigger.SUSPEND,
    (Status.NEGOTIATING,),
    (Status.SUSPENDED,),
    Who.EITHER_CHIEF,
    Suspend,
    suspend,
    EventType.NEGOTIATION_SUSPENDED,
    ccp(35),
    Bilingual("按约定日期恢复协商", "resume on the day agreed"),
)


class Resume(Details):
    """Resuming a suspended negotiation (Art 35)."""


def resume(c: Context[Resume]) -> Decision:
    """集体合同规定 第三十五条: bargaining resumes at the time agreed; a later resumption is noted."""
    suspension = c.procedure.suspension
    decision = Decision(Status.NEGOTIATING)
    if suspension is not None and c.on > suspension.resume_on:
        days = (c.on - suspension.resume_on).days
        decision.notes.append(
            Bilingual(
                f"晚于约定的恢复日期（{suspension.resume_on}）{days}日恢复协商",
                f"resumed {days} days after the agreed date ({suspension.resume_on})",
            )
        )
    return decision


RESUME = Transition(
    Trigger.RESUME,
    (Status.SUSPENDED,),
    (Status.NEGOTIATING,),
    Who.EITHER_CHIEF,
    Resume,
    resume,
    EventType.NEGOTIATION_RESUMED,
    ccp(35),
)


class AgreeDraft(Details):
    """The draft both chiefs signed (Art 34), when its text is recorded with the step."""

    clauses: tuple[Clause, ...] | None = None
    """The agreed clauses (default: the agreement's clauses as they stand)."""
    term: DateRange | None = None
    """The agreed term (default: as it stands)."""
    left_for_later: tuple[Identifier, ...] = ()
    """留待以后协商: clauses still open that both chiefs leave for later (they go back to what
    they were before the negotiation, or out of the draft when the negotiation added them)."""


def agree_draft(c: Context[AgreeDraft]) -> Decision:
    """集体合同规定 第三十四条: when the meeting agrees, the draft is signed by both chiefs."""
    details = c.details
    if not c.procedure.meetings:
        raise c.refuse(
            Bilingual("草案须在协商会议上形成", "a draft comes out of a negotiation meeting"),
        )
    facts: dict[str, Any] = {"draft_agreed_on": c.on}
    negotiation = c.procedure.negotiation
    still = [key for key in open_clauses(negotiation) if key not in details.left_for_later]
    if still:
        raise c.refuse(
            Bilingual(
                f"条款{'、'.join(still)}尚未达成一致：草案只采纳已达成一致的条款，"
                "未决条款须由双方首席代表列明留待以后协商（left_for_later）",
                f"clauses {', '.join(still)} are still open: a draft takes agreed clauses only, "
                "and both chiefs must list any clause left for later (left_for_later)",
            )
        )
    if negotiation is not None:
        agreed = agreed_clauses(c.agreement.clauses, negotiation, details.left_for_later)
        if details.clauses is None and agreed != c.agreement.clauses:
            facts["clauses"] = agreed
        if details.left_for_later:
            later = {"left_for_later": details.left_for_later}
            facts["negotiation"] = negotiation.model_copy(update=later)
    elif details.left_for_later:
        agreed_clauses(c.agreement.clauses, Negotiation(), details.left_for_later)  # refuses
    if details.term is not None:
        facts["term"] = details.term
    if details.clauses is not None:
        facts["clauses"] = details.clauses
    if "clauses" in facts or "term" in facts:
        try:
            text = {k: v for k, v in facts.items() if k in ("clauses", "term")}
            Agreement.model_validate({**dict(c.agreement), **text})
        except ValidationError as error:
            raise InvalidDocument(problems(c.row, error)) from error
    return Decision(Status.DRAFT_AGREED, facts)


AGREE_DRAFT = Transition(
    Trigger.AGREE_DRAFT,
    (Status.NEGOTIATING,),
    (Status.DRAFT_AGREED,),
    Who.EITHER_CHIEF,
    AgreeDraft,
    agree_draft,
    EventType.DRAFT_AGREED,
    ccp(34),
)
