"""What each document says: the agreement and its history turned into a plain template context.

Pure: no DOCX, no Jinja, no files. A context is plain JSON data (str, int, bool, None, lists and
dicts; dates as ISO text such as ``2019-11-26``), so it can be dumped with ``--format json`` and
handed to any template, whose filters (:data:`bargain.render.filters.FILTERS`) format it.

:data:`PAPERS` declares every built-in document once: its template name, its title and the
top-level names its context provides. :func:`papers` lists the documents a history calls for;
:func:`context_for` builds one of them.

>>> from bargain import load_agreement
>>> agreement = load_agreement("examples/bengbu-delivery-sector-agreement.yaml")
>>> [paper.stem for paper in papers(agreement)]
['draft', 'final_text']
>>> context = context_for("final_text", agreement)
>>> context["chapters"][0]["number"], context["chapters"][0]["articles"][0]["number"]
(1, 1)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from bargain.domain.agreement import Agreement
from bargain.domain.events import Event
from bargain.domain.fingerprint import text_fingerprint
from bargain.domain.language import Bilingual, Lang
from bargain.errors import PaperNotReady, UnknownPaper
from bargain.render import _sections as s
from bargain.render._numbers import NumberMismatch, bilingual_number_mismatches
from bargain.render._steps import Steps, steps_of
from bargain.render.comparison import comparison_context, negotiation_rows

__all__ = [
    "COMMON_VARIABLES",
    "PAPERS",
    "NumberMismatch",
    "Paper",
    "PaperKind",
    "bilingual_number_mismatches",
    "context_for",
    "papers",
    "sample_context",
]

COMMON_VARIABLES = frozenset(
    {
        "lang",
        "paper_title",
        "agreement",
        "union",
        "employer",
        "recorder",
        "labour_bureau",
        "term",
        "warnings",
    }
)
"""The names every context provides: the agreement and its parties, the language, the warnings."""


@dataclass(frozen=True)
class PaperKind:
    """One built-in document: its template name, title, variables and language."""

    name: str
    """The template's stem (``offer`` for ``templates/offer.docx``)."""
    title: Bilingual
    """The document's title (集体协商要约书 / Written offer to bargain collectively)."""
    variables: frozenset[str]
    """The top-level names its context provides (the common ones included)."""
    lang: Lang = Lang.ZH
    """The language it is written in."""
    citation: str = ""
    """The article behind it (集体合同规定 第三十二条), for the catalogue."""


def _kind(
    name: str, zh: str, en: str, extra: set[str], citation: str, lang: Lang = Lang.ZH
) -> PaperKind:
    return PaperKind(name, Bilingual(zh, en), COMMON_VARIABLES | extra, lang, citation)


_TEXT = {"chapters", "clause_count"}
PAPERS: Mapping[str, PaperKind] = MappingProxyType(
    {
        kind.name: kind
        for kind in (
            _kind("offer", "集体协商要约书", "Written offer to bargain collectively", {"offer"},
                  "集体合同规定 第三十二条"),
            _kind("reply", "集体协商要约回应书", "Reply to the offer to bargain",
                  {"offer", "reply"}, "集体合同规定 第三十二条"),
            _kind("minutes", "集体协商会议记录", "Minutes of the bargaining meeting",
                  {"meeting", "offer"}, "集体合同规定 第三十三条、第三十四条"),
            _kind("draft", "集体合同草案", "Draft collective agreement",
                  _TEXT | {"draft_agreed_on"}, "集体合同规定 第三十四条"),
            _kind("congress_resolution", "职工代表大会决议", "Resolution of the workers' congress",
                  {"congress"}, "集体合同规定 第三十六条"),
            _kind("final_text", "集体合同文本", "Collective agreement",
                  _TEXT | {"signed_on", "fingerprint"}, "集体合同规定 第三十七条"),
            _kind("final_text_en", "集体合同文本（英文）", "Collective agreement (English)",
                  _TEXT | {"signed_on", "fingerprint"}, "集体合同规定 第三十七条", Lang.EN),
            _kind("filing_letter", "集体合同报送审查函", "Letter filing the agreement for review",
                  {"filing"}, "集体合同规定 第四十二条"),
            _kind("review_opinion", "集体合同审查意见书", "Review opinion", {"review"},
                  "集体合同规定 第四十五条"),
            _kind("coordination_agreement", "协调处理协议书", "Coordination agreement",
                  {"coordination"}, "集体合同规定 第五十三条、第五十四条"),
            _kind("publication_notice", "集体合同公示通知", "Notice publishing the agreement",
                  {"publication"}, "集体合同规定 第四十八条"),
            _kind("comparison_table", "集体协商对照表", "Comparison table of the bargaining positions",
                  {"rows", "tally"}, "集体合同规定 第三十四条"),
        )
    }
)  # fmt: skip
"""Every built-in document, by name."""


@dataclass(frozen=True)
class Paper:
    """One document the history calls for, with its context."""

    kind: PaperKind
    """Which document."""
    stem: str
    """The output file's stem: ``offer``, ``minutes-2`` for the second meeting."""
    context: dict[str, Any]
    """Plain data: str, int, bool, None, lists and dicts."""
    warnings: tuple[NumberMismatch, ...] = field(default=())
    """What the document may get wrong (figures that differ between a clause's two texts)."""


# --- which steps each paper records ---------------------------------------------------------------

_NEEDS: dict[str, tuple[Callable[[Steps], Sequence[Any]], Bilingual]] = {
    "offer": (lambda st: st.offers, Bilingual("发出要约", "offer sent")),
    "reply": (lambda st: st.replies, Bilingual("对要约的书面回应", "reply to the offer")),
    "minutes": (lambda st: st.meetings, Bilingual("协商会议", "meeting")),
    "congress_resolution": (lambda st: st.votes, Bilingual("职工代表大会表决", "congress vote")),
    "filing_letter": (lambda st: st.signatures, Bilingual("首席代表签字", "signature")),
    "review_opinion": (lambda st: st.objections, Bilingual("审查意见书", "objection served")),
    "coordination_agreement": (
        lambda st: st.coordinations,
        Bilingual("签订协调处理协议书", "coordination concluded"),
    ),
    "publication_notice": (lambda st: st.effects, Bilingual("合同生效", "taking effect")),
}
"""For the papers that record one step: that step's entries, and its name for errors."""

_ONCE_SIGNED = ("final_text", "final_text_en", "filing_letter")


def _stems(name: str, count: int) -> list[str]:
    if name == "minutes" or count > 1:
        return [f"{name}-{n}" for n in range(1, count + 1)]
    return [name] * count


def papers(
    agreement: Agreement, history: Sequence[Event] = (), *, parent: Agreement | None = None
) -> list[Paper]:
    """Exactly the documents the history calls for, in the order of the procedure.

    The offer once sent, the reply once given, one set of minutes per meeting, the draft once
    agreed, one resolution per congress vote, the final text (Chinese and English) and the filing
    letter once signed, one review opinion per objection, one coordination agreement per
    concluded coordination, and the publication notice once the agreement has taken effect. With
    no history (an agreement read from a file), the draft and the final text.
    """
    if not history:
        names = [("draft", 1), ("final_text", 1)]
    else:
        steps = steps_of(agreement, history)
        signed = len(steps.signatures) > 0
        counts = {name: len(entries(steps)) for name, (entries, _) in _NEEDS.items()}
        counts["draft"] = min(len(steps.drafts), 1)
        for name in _ONCE_SIGNED:
            counts[name] = int(signed)
        negotiation = agreement.procedure.negotiation
        counts["comparison_table"] = int(negotiation is not None and bool(negotiation.clauses))
        names = [(name, counts[name]) for name in PAPERS]
    found: list[Paper] = []
    for name, count in names:
        for which, stem in enumerate(_stems(name, count)):
            context = context_for(name, agreement, history, which=which, parent=parent)
            warnings = tuple(_mismatches(agreement))
            found.append(Paper(PAPERS[name], stem, context, warnings))
    return found


def _mismatches(agreement: Agreement) -> list[NumberMismatch]:
    return bilingual_number_mismatches(agreement)


def context_for(
    name: str,
    agreement: Agreement,
    history: Sequence[Event] = (),
    *,
    which: int = -1,
    lang: Lang | None = None,
    parent: Agreement | None = None,
) -> dict[str, Any]:
    """The context of document ``name``: plain data, the common names and the paper's own.

    ``which`` picks the step for papers that record one of several (``which=1``: the second
    meeting's minutes); the last by default. ``lang`` overrides the paper's language.

    Raises:
        UnknownPaper: no built-in document has that name.
        PaperNotReady: the history lacks the step the document records (minutes with no meeting),
            or ``which`` is past the last one.
    """
    kind = PAPERS.get(name)
    if kind is None:
        raise UnknownPaper(name, list(PAPERS))
    lang = lang or kind.lang
    steps = steps_of(agreement, history)
    context = s.common(agreement, lang, kind.title.get(lang), parent)
    context["warnings"] = [m.as_dict() for m in _mismatches(agreement)]
    if name == "comparison_table":
        if agreement.procedure.negotiation is None:
            raise PaperNotReady(agreement.id, name, kind.title, Bilingual("报价", "offer"))
        context.update(comparison_context(agreement, negotiation_rows(agreement, lang), lang))
        return context
    if name in ("draft", "final_text", "final_text_en"):
        context.update(s.text(agreement, lang))
        if name == "draft":
            context["draft_agreed_on"] = s.iso(steps.drafts[-1] if steps.drafts else None)
        else:
            context["signed_on"] = s.iso(steps.signatures[-1] if steps.signatures else None)
            context["fingerprint"] = text_fingerprint(agreement)
        return context
    entries, step = _NEEDS[name]
    chosen = entries(steps)
    try:
        entry = chosen[which]
    except IndexError:
        raise PaperNotReady(agreement.id, name, kind.title, step) from None
    context.update(_BUILD[name](agreement, steps, entry, lang))
    return context


_BUILD: dict[str, Callable[[Agreement, Steps, Any, Lang], dict[str, Any]]] = {
    "offer": lambda a, st, offer, lang: {"offer": s.offer(a, offer, lang)},
    "reply": lambda a, st, reply, lang: {
        "offer": s.offer(a, st.offers[-1], lang) if st.offers else None,
        "reply": s.reply(a, reply, st.offers[-1] if st.offers else None, lang),
    },
    "minutes": lambda a, st, meeting, lang: {
        "meeting": s.meeting(a, meeting, lang),
        "offer": _offer_before(a, st, meeting.on, lang),  # its topics: the meeting's agenda
    },
    "congress_resolution": lambda a, st, vote, lang: {"congress": s.congress(vote, lang)},
    "filing_letter": lambda a, st, signed_on, lang: {"filing": s.filing(a, st, signed_on, lang)},
    "review_opinion": lambda a, st, objection, lang: {"review": s.review(a, st, objection, lang)},
    "coordination_agreement": lambda a, st, c, lang: {"coordination": s.coordination(c, lang)},
    "publication_notice": lambda a, st, on, lang: {"publication": s.publication(a, st, on)},
}


def _offer_before(
    agreement: Agreement, steps: Steps, on: dt.date, lang: Lang
) -> dict[str, Any] | None:
    """The last offer sent by ``on``, whose topics are the agenda when a meeting recorded none."""
    sent = [offer for offer in steps.offers if offer.sent_on <= on]
    return s.offer(agreement, sent[-1], lang) if sent else None


def sample_context(name: str) -> dict[str, Any]:
    """The context of ``name`` for the Bengbu sector agreement after a full procedure.

    Built from fixed facts (no files, no clock): the offer of 2019-11-06, two meetings, the
    congress vote of 2019-12-10, signing, filing, an objection and a coordination, so that every
    document has a context. For ``bargain templates check`` and tests.

    Raises:
        UnknownPaper: no built-in document has that name.
    """
    from bargain.render._sample import sample_history

    if name not in PAPERS:
        raise UnknownPaper(name, list(PAPERS))
    agreement, history = sample_history()
    return context_for(name, agreement, history)
