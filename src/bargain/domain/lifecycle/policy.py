"""What the procedure runs on: its numbers (:class:`ProcedurePolicy`) and the law as a guard
(:class:`Validator`). The law layer provides both (:mod:`bargain.law.procedure`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any, Protocol

from bargain.domain.agreement import Agreement
from bargain.domain.calendar import CivilCode, DayCount
from bargain.domain.language import Bilingual
from bargain.domain.procedure import ApprovalRule
from bargain.domain.references import LegalReference

__all__ = ["FindingLike", "ProcedurePolicy", "Validator"]


@dataclass(frozen=True)
class ProcedurePolicy:
    """The numbers and readings the procedure runs on.

    The numbers come from the legal parameters (:func:`bargain.law.procedure.policy_for` reads
    them from the shipped YAML); :meth:`national` is a shortcut with the national values for code
    that runs without the law layer.
    """

    reply_days: int
    """Days to reply to an offer (Art 32)."""
    filing_days: int
    """Days from signature to filing (Art 42)."""
    review_days: int
    """Days the bureau has to object (Arts 45, 47)."""
    coordination_days: int
    """Days to conclude coordination (Art 52)."""
    coordination_extension_days: int
    """Longest extension of coordination (Art 52)."""
    renewal_window_months: int
    """Months before expiry in which renewal may be asked (Art 38)."""
    publication_days: int | None
    """Days from effect to publication (``None``: no time limit, Art 48 says 及时)."""
    congress_quorum: Fraction
    """Share of members who must be present (Art 36: 2/3)."""
    congress_approval: Fraction
    """Share of all members who must approve (Art 36: 1/2)."""
    approval_rule: ApprovalRule = ApprovalRule.AT_LEAST_HALF
    """Whether exactly the share passes (legal-reference §0)."""
    convention: DayCount = field(default_factory=CivilCode)
    """How periods are counted."""

    @classmethod
    def national(cls, **changes: Any) -> ProcedurePolicy:
        """The national values of 集体合同规定 and the 2024 ACFTU publication guideline."""
        policy = cls(
            reply_days=20,
            filing_days=10,
            review_days=15,
            coordination_days=30,
            coordination_extension_days=15,
            renewal_window_months=3,
            publication_days=10,
            congress_quorum=Fraction(2, 3),
            congress_approval=Fraction(1, 2),
        )
        return replace(policy, **changes)


class FindingLike(Protocol):
    """What the lifecycle reads of a law finding (``bargain.law.Finding`` is one)."""

    @property
    def rule(self) -> str:
        """The rule id."""
        ...

    @property
    def severity(self) -> str:
        """``error``, ``warning`` or ``info``."""
        ...

    @property
    def message(self) -> Bilingual:
        """What is wrong."""
        ...

    @property
    def citation(self) -> LegalReference:
        """The article."""
        ...


class Validator(Protocol):
    """Judges an agreement against the law on a day (:func:`bargain.law.procedure.law_validator`)."""

    def __call__(
        self,
        agreement: Agreement,
        day: dt.date,
        *,
        rules: str = "",
        parent: Agreement | None = None,
    ) -> Iterable[FindingLike]:
        """The findings on ``agreement``.

        Args:
            agreement: the agreement to judge.
            day: the day of the step.
            rules: a rule-id prefix (``REP-``) to run only those rules, or empty for all.
            parent: the agreement a supplementary agreement supplements, read by the caller in
                the same unit of work as the step (``None`` when there is none).
        """
        ...
