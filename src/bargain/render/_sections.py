"""The pieces of a template context, each plain JSON data: parties, the text, each step's facts.

Dates become ISO text (templates format them with ``chinese_date`` / ``format_date``), labels are
written in the context's language, and numbers stay numbers (templates number articles with
``article_number``).
"""

from __future__ import annotations

import datetime as dt
from itertools import groupby
from typing import Any

from bargain.domain.agreement import Agreement
from bargain.domain.calendar import Deadline
from bargain.domain.clauses import Clause
from bargain.domain.language import Lang, chinese_numeral
from bargain.domain.negotiation import Exchange, describe
from bargain.domain.parties import Organisation, Party, Side
from bargain.domain.procedure import CongressVote, Coordination, Filing, Meeting, Objection, Offer
from bargain.domain.procedure import Reply as ReplyFacts
from bargain.render._steps import Steps

__all__ = [
    "common",
    "congress",
    "coordination",
    "filing",
    "iso",
    "meeting",
    "offer",
    "publication",
    "reply",
    "review",
    "text",
]

Data = dict[str, Any]

# 集体合同规定: reply within 20 days (Art 32), file within 10 days of signing (Art 42), the bureau
# objects within 15 days of receipt (Art 45). The deadlines in the facts are the ones counted.
_REPLY_DAYS, _FILING_DAYS = 20, 10


def iso(day: dt.date | Deadline | None) -> str | None:
    """A day as ISO text (a deadline's last day), or None."""
    if isinstance(day, Deadline):
        return day.due.isoformat()
    return None if day is None else day.isoformat()


def _pick(zh: str, en: str | None, lang: Lang) -> str:
    return en if lang is Lang.EN and en else zh


def _organisation(organisation: Organisation, lang: Lang) -> Data:
    return {
        "name": _pick(organisation.name, organisation.name_en, lang),
        "address": organisation.address,
        "chair": organisation.chair,
        "legal_representative": organisation.legal_representative,
    }


def _party(party: Party, side: Side, lang: Lang) -> Data:
    organisations = [_organisation(o, lang) for o in party.organisations]
    chief = party.delegation.chief
    return {
        "side": side.label.get(lang),
        "name": ("、" if lang is Lang.ZH else "; ").join(o["name"] for o in organisations),
        "organisations": organisations,
        "chief": None if chief is None else {"name": chief.name, "position": chief.position},
        "representatives": [
            {
                "name": r.name,
                "position": r.position,
                "affiliation": r.affiliation,
                "chief": r.chief,
                "outside_expert": r.outside_expert,
            }
            for r in party.delegation.representatives
        ],
    }


def common(agreement: Agreement, lang: Lang, title: str, parent: Agreement | None) -> Data:
    """The names every context has: the paper's title, the agreement, both sides, the term."""
    scope = agreement.scope
    supplements = agreement.supplements
    parent_title = parent.title if parent is not None else supplements and supplements.title
    term = agreement.term
    return {
        "lang": lang.value,
        "paper_title": title,
        "agreement": {
            "id": agreement.id,
            "title": _pick(agreement.title, agreement.title_en, lang),
            "title_zh": agreement.title,
            "kind": agreement.kind.label.get(lang),
            "supplements": parent_title or None,
            "region": scope.region_name,
            "sector": scope.sector_name,
            "enterprises": list(scope.enterprises),
            "headcount": scope.total_headcount,
            "status": agreement.status.label.get(lang),
        },
        "union": _party(agreement.union, Side.UNION, lang),
        "employer": _party(agreement.employer, Side.EMPLOYER, lang),
        "recorder": None
        if agreement.recorder is None
        else {"name": agreement.recorder.name, "affiliation": agreement.recorder.affiliation},
        "labour_bureau": None
        if agreement.labour_bureau is None
        else _organisation(agreement.labour_bureau, lang),
        "term": None
        if term is None
        else {"start": iso(term.start), "end": iso(term.end), "days": term.days},
    }


def _article(number: int, clause: Clause, lang: Lang) -> Data:
    return {
        "number": number,
        "id": clause.id,
        "heading": _pick(clause.heading, clause.heading_en, lang),
        "text": _pick(clause.text, clause.text_en, lang),
    }


def text(agreement: Agreement, lang: Lang) -> Data:
    """The articles, numbered continuously, in chapters: one chapter per run of clauses of a kind.

    The chapter's heading is the kind's name (劳动报酬); its articles keep their own headings.
    """
    chapters: list[Data] = []
    number = 0
    for chapter, (kind, run) in enumerate(groupby(agreement.clauses, lambda c: c.kind), start=1):
        articles = []
        for clause in run:
            number += 1
            articles.append(_article(number, clause, lang))
        heading = kind.label.get(lang)
        heading = heading[:1].upper() + heading[1:]
        chapters.append({"number": chapter, "heading": heading, "articles": articles})
    return {"chapters": chapters, "clause_count": number}


def _side_party(agreement: Agreement, side: Side) -> Party:
    return agreement.union if side is Side.UNION else agreement.employer


def _other(side: Side) -> Side:
    return Side.EMPLOYER if side is Side.UNION else Side.UNION


def _chief_name(agreement: Agreement, side: Side) -> str | None:
    chief = _side_party(agreement, side).delegation.chief
    return None if chief is None else chief.name


def _names(agreement: Agreement, side: Side, lang: Lang) -> str:
    return str(_party(_side_party(agreement, side), side, lang)["name"])


def offer(agreement: Agreement, facts: Offer, lang: Lang) -> Data:
    """要约 (Art 32): who offers to whom, the topics, and the last day to reply."""
    to = _other(facts.from_side)
    return {
        "from_side": facts.from_side.label.get(lang),
        "from_name": _names(agreement, facts.from_side, lang),
        "from_chief": _chief_name(agreement, facts.from_side),
        "to_name": _names(agreement, to, lang),
        "to_chief": _chief_name(agreement, to),
        "sent_on": iso(facts.sent_on),
        "received_on": iso(facts.received_on),
        "reply_due": iso(facts.reply_due),
        "reply_days": facts.reply_due.days or _REPLY_DAYS,
        "topics": list(facts.topics),
    }


def reply(agreement: Agreement, facts: ReplyFacts, offered: Offer | None, lang: Lang) -> Data:
    """The written reply: acceptance, or refusal with its reason; and its lateness."""
    replying = _other(offered.from_side) if offered is not None else Side.EMPLOYER
    return {
        "accepted": facts.accepted,
        "on": iso(facts.on),
        "reason": facts.reason,
        "late_days": facts.late_days,
        "from_name": _names(agreement, replying, lang),
        "from_chief": _chief_name(agreement, replying),
        "to_name": _names(agreement, _other(replying), lang),
    }


def meeting(agreement: Agreement, facts: Meeting, lang: Lang) -> Data:
    """A meeting (Arts 33, 34): when, where, who chaired, what was discussed and concluded."""
    return {
        "number": facts.number,
        "on": iso(facts.on),
        "place": facts.place,
        "chair_side": facts.chair.label.get(lang),
        "chair": _chief_name(agreement, facts.chair),
        "topics": list(facts.topics),
        "summary": facts.summary,
        "exchange": None if facts.exchange is None else _exchange(agreement, facts.exchange, lang),
    }


def _exchange(agreement: Agreement, record: Exchange, lang: Lang) -> Data:
    """What the meeting recorded of the negotiation, in words (the minutes' 协商情况)."""
    negotiation = agreement.procedure.negotiation
    clauses = {c.id: c for c in agreement.clauses}
    headings = {c.id: c.heading for c in agreement.clauses}
    for clause_record in () if negotiation is None else negotiation.clauses:
        headings.setdefault(clause_record.clause_id, clause_record.heading)
        positions = (clause_record.union, clause_record.employer)
        for found in (clause_record.before, *(p.clause for p in positions if p is not None)):
            if found is not None:
                clauses.setdefault(found.id, found)

    def named(key: str) -> str:
        return headings.get(key, key)

    return {
        "statements": [
            {"side": st.side.label.get(lang), "text": st.text} for st in record.statements
        ],
        "positions": [
            {
                "side": offer.side.label.get(lang),
                "clause": named(position.clause_id),
                "action": position.action.label.get(lang),
                "summary": describe(position, clauses, named(position.clause_id)).get(lang),
                "reason": position.reason or "",
            }
            for offer in record.offers
            for position in offer.positions
        ],
        "answers": [
            {
                "side": answer.side.label.get(lang),
                "clause": named(answer.clause_id),
                "answer": answer.response.label.get(lang),
                "reason": answer.reason or "",
            }
            for answer in record.answers
        ],
        "outcomes": [
            {"clause": named(outcome.clause_id), "status": outcome.status.label.get(lang)}
            for outcome in record.outcomes
        ],
    }


def congress(vote: CongressVote, lang: Lang) -> Data:
    """The vote on the draft (Art 36): the body, its members, who attended and how they voted."""
    return {
        "body": vote.kind.label.get(lang),
        "held_on": iso(vote.held_on),
        "members": vote.members,
        "present": vote.present,
        "in_favour": vote.in_favour,
        "against": vote.against,
        "abstaining": vote.abstaining,
        "adopted": vote.adopted,
    }


def filing(agreement: Agreement, steps: Steps, signed_on: dt.date, lang: Lang) -> Data:
    """The filing letter (Art 42): three copies within 10 days of signing, and what is attached."""
    filed = steps.filings[-1] if steps.filings else None
    procedure = agreement.procedure
    due = procedure.filing_due
    attachments = _attachments(agreement, steps, lang, filed)
    return {
        "signed_on": iso(signed_on),
        "due": iso(due) if due else iso(signed_on + dt.timedelta(days=_FILING_DAYS)),
        "days": due.days if due else _FILING_DAYS,
        "filed": filed is not None,
        "filed_on": iso(filed.filed_on) if filed else None,
        "received_on": iso(filed.received_on) if filed else None,
        "review_ends": iso(filed.review_ends) if filed else None,
        "late_days": filed.late_days if filed else 0,
        "copies": filed.copies if filed else 3,
        "by": _names(agreement, filed.filed_by if filed else Side.EMPLOYER, lang),
        "attachments": attachments,
    }


def _attachments(agreement: Agreement, steps: Steps, lang: Lang, filed: Filing | None) -> list[str]:
    copies = filed.copies if filed else 3
    zh = lang is Lang.ZH
    items = [
        f"《{agreement.title}》文本一式{chinese_numeral(copies)}份"
        if zh
        else f"The agreement, {copies} copies"
    ]
    if steps.votes:
        items.append("职工代表大会决议" if zh else "The resolution of the workers' congress")
    if steps.meetings:
        n = len(steps.meetings)
        items.append(
            f"集体协商会议记录{chinese_numeral(n)}份" if zh else f"Minutes of the {n} meeting(s)"
        )
    items.append(
        "双方协商代表名单及首席代表授权委托书"
        if zh
        else "The representatives of both sides and the chiefs' written delegations"
    )
    return items


def review(agreement: Agreement, steps: Steps, objection: Objection, lang: Lang) -> Data:
    """审查意见书 (Art 45): both parties' names and addresses, the day the text was received, the
    opinion and its date."""
    filed = steps.filings[-1] if steps.filings else None
    return {
        "bureau": None
        if agreement.labour_bureau is None
        else _pick(agreement.labour_bureau.name, agreement.labour_bureau.name_en, lang),
        "parties": [
            _organisation(o, lang)
            for o in (*agreement.union.organisations, *agreement.employer.organisations)
        ],
        "received_on": iso(filed.received_on) if filed else None,
        "served_on": iso(objection.served_on),
        "opinion": objection.opinion,
        "matters": [_matter(agreement, item, lang) for item in objection.items],
    }


def _matter(agreement: Agreement, item: str, lang: Lang) -> str:
    """A matter in dispute: a clause id becomes its article (第二条 工作时间); other text stays."""
    for number, clause in enumerate(agreement.clauses, start=1):
        if clause.id == item:
            heading = _pick(clause.heading, clause.heading_en, lang)
            if lang is Lang.ZH:
                return f"第{chinese_numeral(number)}条（{heading}）"
            return f"Article {number} ({heading})"
    return item


def coordination(facts: Coordination, lang: Lang) -> Data:
    """协调处理协议书 (Arts 53, 54): the application, the dispute, the result and the open items."""
    return {
        "requested_by": facts.requested_by.label.get(lang),
        "since": iso(facts.since),
        "reason": facts.reason,
        "due": iso(facts.due),
        "extended_days": facts.extended_days,
        "concluded_on": iso(facts.concluded_on),
        "outstanding": list(facts.outstanding),
    }


def publication(agreement: Agreement, steps: Steps, effective_on: dt.date) -> Data:
    """The notice publishing the agreement in force (Art 48) to all on both sides."""
    procedure = agreement.procedure
    return {
        "effective_on": iso(effective_on),
        "published_on": iso(steps.publications[-1]) if steps.publications else None,
        "due": iso(procedure.publication_due),
        "filed_on": iso(steps.filings[-1].filed_on) if steps.filings else None,
    }
