"""The comparison table (协商对照表): each clause, the union's position, the employer's, and the
text both sides agreed, or 未达成一致 (not agreed).

A negotiator brings it to a meeting (集体合同规定 第三十四条: the two sides discuss the draft
clause by clause) and attaches it to the minutes. Pure: rows in, plain template data out.

>>> from bargain import load_agreement
>>> agreement = load_agreement("examples/bengbu-delivery-sector-agreement.yaml")
>>> row = ComparisonRow("pay-levels", "劳动报酬", "每单5元", "每单4.5元", None, "open")
>>> context = comparison_context(agreement, [row])
>>> context["rows"][0]["clause"], context["rows"][0]["agreed"]
('第一条　劳动报酬', '未达成一致')
>>> from bargain.render.context import COMMON_VARIABLES
>>> set(context) == COMMON_VARIABLES | OWN_VARIABLES
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from bargain.domain.agreement import Agreement
from bargain.domain.language import Bilingual, Lang
from bargain.render import _sections as s
from bargain.render._numbers import bilingual_number_mismatches
from bargain.render.filters import article_number

__all__ = [
    "OWN_VARIABLES",
    "STATUSES",
    "TITLE",
    "ComparisonRow",
    "comparison_context",
    "comparison_rows",
    "negotiation_rows",
]

TITLE = Bilingual("集体协商对照表", "Comparison table of the bargaining positions")
"""The paper's title."""

OWN_VARIABLES = frozenset({"rows", "tally"})
"""The paper's own top-level names, beside the common ones (``PAPERS["comparison_table"]``)."""

Status = Literal["open", "agreed", "withdrawn"]
STATUSES: dict[str, Bilingual] = {
    "open": Bilingual("未达成一致", "not agreed"),
    "agreed": Bilingual("已达成一致", "agreed"),
    "withdrawn": Bilingual("已撤回", "withdrawn"),
}
"""A clause's status in the negotiation, and its name on paper."""

_NO_POSITION = Bilingual("—", "—")


@dataclass(frozen=True)
class ComparisonRow:
    """One clause of the table: the two sides' positions and the outcome."""

    clause_id: str
    heading: str
    union: str | None
    """The union's position (the clause text it proposes), or ``None`` if it took none."""
    employer: str | None
    """The employer's position, or ``None``."""
    agreed: str | None
    """The text both sides agreed, or ``None`` while open or once withdrawn."""
    status: str
    """``open``, ``agreed`` or ``withdrawn``."""

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(
                f"ComparisonRow {self.clause_id}: status: expected one of "
                f"{', '.join(STATUSES)}; found {self.status!r}"
            )
        if self.status == "agreed" and not self.agreed:
            raise ValueError(f"ComparisonRow {self.clause_id}: an agreed clause needs its text")


def comparison_rows(
    agreement: Agreement | None, rows: Sequence[ComparisonRow], lang: Lang = Lang.ZH
) -> list[dict[str, Any]]:
    """The rows as template data: ``clause`` (第一条　劳动报酬, numbered as in ``agreement``
    when the clause is there, else its heading alone), ``union``, ``employer``, ``agreed`` (the
    agreed text, or the status's name), ``status`` and ``status_label``."""
    numbers = {}
    if agreement is not None:
        numbers = {c.id: n for n, c in enumerate(agreement.clauses, start=1)}
    found = []
    for index, row in enumerate(rows, start=1):
        number = numbers.get(row.clause_id)
        if number is None:
            clause = row.heading
        elif lang is Lang.ZH:
            clause = f"{article_number(number)}　{row.heading}"
        else:
            clause = f"Article {number}  {row.heading}"
        label = STATUSES[row.status].get(lang)
        found.append(
            {
                "index": index,
                "id": row.clause_id,
                "number": number,
                "heading": row.heading,
                "clause": clause,
                "union": row.union or _NO_POSITION.get(lang),
                "employer": row.employer or _NO_POSITION.get(lang),
                "agreed": row.agreed if row.status == "agreed" and row.agreed else label,
                "status": row.status,
                "status_label": label,
            }
        )
    return found


def comparison_context(
    agreement: Agreement, rows: Sequence[ComparisonRow], lang: Lang = Lang.ZH
) -> dict[str, Any]:
    """The whole context of ``comparison_table``: the common names, ``rows`` and ``tally``
    (``total``, ``agreed``, ``open``, ``withdrawn``: how many clauses of each)."""
    context = s.common(agreement, lang, TITLE.get(lang), None)
    context["warnings"] = [m.as_dict() for m in bilingual_number_mismatches(agreement)]
    context["rows"] = comparison_rows(agreement, rows, lang)
    tally = {status: sum(1 for r in rows if r.status == status) for status in STATUSES}
    context["tally"] = {"total": len(rows), **tally}
    return context


def negotiation_rows(agreement: Agreement, lang: Lang = Lang.ZH) -> list[ComparisonRow]:
    """The rows of the agreement's negotiation record: each clause in play, in the order it came
    into play, with each side's latest position and the agreed text (in ``lang``)."""
    negotiation = agreement.procedure.negotiation
    if negotiation is None:
        return []
    rows = []
    for record in negotiation.clauses:
        shown = [p.clause for p in (record.union, record.employer) if p is not None]
        clause = next((c for c in shown if c is not None), record.before)
        heading = record.heading if clause is None else _in(lang, clause.heading, clause.heading_en)
        agreed = None
        if record.status.value == "agreed":
            agreed = _position_text(record.on_the_table.clause, lang)
        rows.append(
            ComparisonRow(
                record.clause_id,
                heading,
                None if record.union is None else _position_text(record.union.clause, lang),
                None if record.employer is None else _position_text(record.employer.clause, lang),
                agreed,
                record.status.value,
            )
        )
    return rows


_WITHDRAW = Bilingual("（主张删除该条款）", "(proposes to drop the clause)")


def _in(lang: Lang, zh: str, en: str | None) -> str:
    return en if lang is Lang.EN and en else zh


def _position_text(clause: Any, lang: Lang) -> str:
    if clause is None:
        return _WITHDRAW.get(lang)
    text: str = _in(lang, clause.text, clause.text_en)
    return text
