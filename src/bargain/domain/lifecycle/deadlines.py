"""The time limits an agreement has open in its state, and how they are shown."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from bargain.domain.agreement import Agreement
from bargain.domain.calendar import Deadline, add_months
from bargain.domain.language import LabelledEnum, Lang
from bargain.domain.lifecycle.declaration import ACFTU_2024, ccp
from bargain.domain.lifecycle.policy import ProcedurePolicy
from bargain.domain.procedure import Status
from bargain.domain.references import LegalReference

__all__ = ["DeadlineKind", "Due", "open_deadlines", "standing_deadlines", "still_open"]


class DeadlineKind(LabelledEnum):
    """Which time limit a :class:`Due` item is about."""

    REPLY = "reply", "回应要约", "reply to the offer"
    COORDINATION = "coordination", "结束协调处理", "conclude coordination"
    RESUMPTION = "resumption", "恢复协商", "resume negotiation"
    FILING = "filing", "报送审查", "file for review"
    REVIEW = "review", "审查期满（无异议即生效）", "end of review (effect unless objected)"
    PUBLICATION = "publication", "公布", "publish"
    RENEWAL_WINDOW = "renewal_window", "续订期开始", "renewal window opens"
    EXPIRY = "expiry", "期满", "expiry"


_CITATIONS = {
    DeadlineKind.REPLY: ccp(32, 2),
    DeadlineKind.COORDINATION: ccp(52),
    DeadlineKind.RESUMPTION: ccp(35),
    DeadlineKind.FILING: ccp(42),
    DeadlineKind.REVIEW: ccp(47),
    DeadlineKind.PUBLICATION: ACFTU_2024,
    DeadlineKind.RENEWAL_WINDOW: ccp(38),
    DeadlineKind.EXPIRY: ccp(38),
}


@dataclass(frozen=True)
class Due:
    """A time limit that has run out, or will soon."""

    agreement_id: str
    kind: DeadlineKind
    deadline: Deadline
    on: dt.date

    @property
    def overdue(self) -> bool:
        """Whether the limit has run out."""
        return self.deadline.overdue(self.on)

    @property
    def remaining(self) -> int:
        """Days left (negative when overdue)."""
        return self.deadline.remaining(self.on)

    @property
    def citation(self) -> LegalReference:
        """The article behind the limit."""
        return _CITATIONS[self.kind]

    def as_json(self, lang: Lang = Lang.ZH) -> dict[str, Any]:
        """The item as a JSON object for a host system's deadline list."""
        return {
            "agreement_id": self.agreement_id,
            "kind": self.kind.value,
            "label": self.kind.label.get(lang),
            "due": self.deadline.due.isoformat(),
            "overdue": self.overdue,
            "remaining_days": self.remaining,
            "approximate": self.deadline.approximate,
            "citation": self.citation.format(lang),
            "text": self.text(lang),
        }

    def text(self, lang: Lang = Lang.ZH) -> str:
        """One line for a deadline list."""
        due = self.deadline.due.isoformat()
        if lang is Lang.ZH:
            state = f"已逾期{-self.remaining}日" if self.overdue else f"剩余{self.remaining}日"
            caveat = "（节假日数据未覆盖该年，期限为估算）" if self.deadline.approximate else ""
            return (
                f"{self.agreement_id}：{self.kind.label.zh}，期限至{due}，{state}"
                f"（{self.citation.format(Lang.ZH)}）{caveat}"
            )
        days = abs(self.remaining)
        unit = "day" if days == 1 else "days"
        state = f"{days} {unit} overdue" if self.overdue else f"{days} {unit} left"
        caveat = (
            " (approximate: no holiday data for that year)" if self.deadline.approximate else ""
        )
        return (
            f"{self.agreement_id}: {self.kind.label.en}, due {due}, {state} "
            f"({self.citation.format(Lang.EN)}){caveat}"
        )


def standing_deadlines(
    agreement: Agreement, policy: ProcedurePolicy
) -> tuple[tuple[DeadlineKind, Deadline], ...]:
    """The time limits open in the agreement's state, whatever the day: what a store keeps.

    The renewal window is among them until renewal is asked for, even once it has closed;
    :func:`open_deadlines` leaves it out from the day it closes. In the order of the procedure
    (not sorted by day).
    """
    procedure = agreement.procedure
    status = agreement.status
    items: list[tuple[DeadlineKind, Deadline]] = []
    if status is Status.OFFER_SENT and procedure.offer is not None:
        items.append((DeadlineKind.REPLY, procedure.offer.reply_due))
    elif status is Status.IN_COORDINATION and procedure.coordination is not None:
        items.append((DeadlineKind.COORDINATION, procedure.coordination.due))
    elif status is Status.SUSPENDED and procedure.suspension is not None:
        suspension = procedure.suspension
        days = (suspension.resume_on - suspension.since).days
        agreed = Deadline(
            start=suspension.since, days=days, due=suspension.resume_on, convention="agreed"
        )
        items.append((DeadlineKind.RESUMPTION, agreed))
    elif status is Status.SIGNED and procedure.filing_due is not None:
        items.append((DeadlineKind.FILING, procedure.filing_due))
    elif status is Status.UNDER_REVIEW and procedure.filing is not None:
        items.append((DeadlineKind.REVIEW, procedure.filing.review_ends))
    if status is Status.EFFECTIVE and procedure.publication_due is not None:
        items.append((DeadlineKind.PUBLICATION, procedure.publication_due))
    if status.in_force and agreement.term is not None:
        term = agreement.term
        opens = add_months(term.end, -policy.renewal_window_months)
        # (A term shorter than the window has no day on which the window opens.)
        if procedure.renewal_requested_on is None and opens >= term.start:
            window = Deadline(
                start=term.start,
                days=(opens - term.start).days,
                due=opens,
                convention="calendar_days",
            )
            items.append((DeadlineKind.RENEWAL_WINDOW, window))
        expiry = Deadline(
            start=term.start, days=term.days - 1, due=term.end, convention="calendar_days"
        )
        items.append((DeadlineKind.EXPIRY, expiry))
    return tuple(items)


def still_open(kind: DeadlineKind, deadline: Deadline, on: dt.date) -> bool:
    """Whether a standing time limit is still listed on ``on``: all are, but a renewal window
    that has closed (which it has by the end of the term)."""
    return kind is not DeadlineKind.RENEWAL_WINDOW or not deadline.overdue(on)


def open_deadlines(
    agreement: Agreement, on: dt.date, policy: ProcedurePolicy, *, within: int | None = None
) -> tuple[Due, ...]:
    """The open time limits of the agreement in its state, soonest first.

    Those of :func:`standing_deadlines`, but a renewal window that has closed by ``on``. With
    ``within``, only those overdue or due within that many days.
    """
    dues = [
        Due(agreement.id, kind, deadline, on)
        for kind, deadline in standing_deadlines(agreement, policy)
        if still_open(kind, deadline, on)
    ]
    if within is not None:
        dues = [d for d in dues if d.remaining <= within]
    return tuple(sorted(dues, key=lambda d: d.deadline.due))
