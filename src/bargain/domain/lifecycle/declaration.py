"""How a step is declared: one :class:`Transition` holds everything about it.

A declaration names the trigger, the states it may start from and lead to, who may take it, the
model of its details (which is also the command that asks for it), the guard that checks the law
and decides, the event type it records and the article behind it. The table
(:mod:`~bargain.domain.lifecycle.table`) lists the declarations; the shared machine, the
``Workflow``, the diagrams, the docs page and the JSON driving are all derived from it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Generic, TypeVar

from bargain.domain.agreement import Agreement
from bargain.domain.base import DomainModel
from bargain.domain.calendar import Deadline
from bargain.domain.events import EventType
from bargain.domain.language import Bilingual
from bargain.domain.lifecycle.policy import ProcedurePolicy, Validator
from bargain.domain.lifecycle.roles import Who
from bargain.domain.parties import Side
from bargain.domain.procedure import Actor, Procedure, Status, Trigger
from bargain.domain.references import LegalReference
from bargain.errors import GuardFailed

__all__ = ["ACFTU_2024", "Context", "Decision", "Details", "Guard", "Transition", "ccp", "late"]


def ccp(article: int, paragraph: int | None = None, item: int | None = None) -> LegalReference:
    """An article of 集体合同规定 (the Collective Contract Provisions, 2004)."""
    return LegalReference(
        instrument="集体合同规定", article=article, paragraph=paragraph, item=item
    )


ACFTU_2024 = LegalReference(
    instrument="新就业形态劳动者权益协商指引",
    title="全总办公厅等四部门，2024年11月6日",
)
"""The ACFTU's 2024 guideline, source of the publication time limit."""


class Details(DomainModel):
    """The details of a step, and the command that asks for it.

    Each step has its own subclass, named after its trigger (``SendOffer`` for ``send_offer``), so
    that ``Workflow.handle`` knows the step from the command alone.
    """


D = TypeVar("D", bound=Details)


@dataclass
class Decision:
    """What a guard decided: where the step leads and what the snapshot learns from it."""

    target: Status
    facts: dict[str, Any] = field(default_factory=dict)
    late_days: int = 0
    notes: list[Bilingual] = field(default_factory=list)


@dataclass(slots=True)
class Context(Generic[D]):
    """What a guard reads: the agreement, the step, who takes it, when, and the law."""

    agreement: Agreement
    row: Transition[D]
    actor: Actor
    on: dt.date
    details: D
    policy: ProcedurePolicy
    policy_on: Callable[[dt.date], ProcedurePolicy]
    validator: Validator | None
    parent: Agreement | None

    @property
    def procedure(self) -> Procedure:
        """The agreement's procedure record."""
        return self.agreement.procedure

    @property
    def side(self) -> Side:
        """The actor's side (only chiefs reach the guards that ask)."""
        side = self.actor.role.side
        if side is None:  # the table lets only chiefs reach the guards that ask
            raise AssertionError(f"{self.actor.role} has no side")
        return side

    def refuse(self, reason: Bilingual, citation: LegalReference | None = None) -> GuardFailed:
        """The error that refuses the step, with the reason and the article."""
        return GuardFailed(
            self.agreement.id,
            self.agreement.status,
            self.row.trigger,
            reason,
            citation or self.row.citation,
        )

    def require_valid(self, agreement: Agreement, rules: str, what: Bilingual) -> None:
        """Refuse the step when the law finds errors (only rules whose id starts ``rules``)."""
        if self.validator is None:
            return
        errors = [
            f
            for f in self.validator(agreement, self.on, rules=rules, parent=self.parent)
            if str(f.severity) == "error" and f.rule.startswith(rules)
        ]
        if errors:
            listed = Bilingual(
                "；".join(f"{f.rule}：{f.message.zh}" for f in errors),
                "; ".join(f"{f.rule}: {f.message.en}" for f in errors),
            )
            raise self.refuse(
                Bilingual(f"{what.zh}：{listed.zh}", f"{what.en}: {listed.en}"),
                errors[0].citation,
            )


Guard = Callable[[Context[D]], Decision]
"""Checks a step's legal conditions and decides its target and facts; raises ``GuardFailed``."""


@dataclass(frozen=True)
class Transition(Generic[D]):
    """The declaration of one step of the procedure.

    ``targets`` has more than one state when the step's facts decide where it goes: a congress
    vote adopts or sends the draft back; a coordination agreement returns to preparation or to
    negotiation. It is empty when the step is recorded but the agreement stays where it is (a
    further meeting, an extension of coordination, a renewal request).
    """

    trigger: Trigger
    """The step's name."""
    sources: tuple[Status, ...]
    """The states it may be taken in."""
    targets: tuple[Status, ...]
    """Where it may lead (empty: it stays)."""
    who: Who
    """Who may take it."""
    details: type[D]
    """The model of its details, which is also the command that asks for it."""
    guard: Guard[D]
    """Checks the law and decides (the guard's docstring states the law)."""
    event: EventType
    """The event type it records."""
    citation: LegalReference
    """The article behind it."""
    time_limit: Bilingual | None = None
    """The time limit it starts, in words (for the docs and diagrams)."""

    @property
    def stays(self) -> bool:
        """Whether the step leaves the agreement in the state it was in."""
        return not self.targets

    @cached_property
    def without_details(self) -> D | None:
        """The details of the step taken with none given, when it needs none (``None`` when it
        does); models are immutable, so one checked instance serves every such step."""
        if any(field.is_required() for field in self.details.model_fields.values()):
            return None
        return self.details()


def late(what: Bilingual, days: int, deadline: Deadline) -> Bilingual:
    """The note on a step taken ``days`` after its time limit."""
    unit = "day" if days == 1 else "days"
    return Bilingual(
        f"{what.zh}逾期{days}日（期限至{deadline.due.isoformat()}）",
        f"{what.en} {days} {unit} late (due {deadline.due.isoformat()})",
    )
