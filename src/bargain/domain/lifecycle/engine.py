"""The engine: runs one step for any agreement, holding no agreement state."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from bargain.domain.agreement import Agreement
from bargain.domain.calendar import CHINA_TIME, china_day
from bargain.domain.events import Event, Note
from bargain.domain.language import Bilingual
from bargain.domain.lifecycle import machine
from bargain.domain.lifecycle._parsing import date, named, parse
from bargain.domain.lifecycle.deadlines import Due, open_deadlines
from bargain.domain.lifecycle.declaration import Context, Details, Transition
from bargain.domain.lifecycle.policy import ProcedurePolicy, Validator
from bargain.domain.lifecycle.replay import apply, dump, replay
from bargain.domain.lifecycle.roles import ACTORS
from bargain.domain.lifecycle.table import BY_COMMAND, BY_TRIGGER
from bargain.domain.procedure import Actor, Role, Status, Trigger
from bargain.errors import (
    InvalidDocument,
    NotAuthorised,
    Problem,
    TransitionNotAllowed,
    UnknownModel,
)

__all__ = ["Lifecycle", "Step"]


@dataclass(frozen=True)
class Step:
    """The result of a step: the agreement after it, and the event that records it."""

    agreement: Agreement
    event: Event


class Lifecycle:
    """Runs the procedure for any number of agreements; holds no agreement state.

    Args:
        policy: the numbers to run on, or a function giving them for a day (the law layer's
            :func:`bargain.law.procedure.policy_for`).
        validator: judges the agreement against the law before the first meeting (representatives)
            and before the congress (the whole draft). Pass ``None`` only to run the procedure
            without the law, as simulations of the procedure alone do.

    :meth:`fire` and :meth:`handle` check, in this order, and raise rather than answer ``False``:

    1. the shared machine allows the step in the agreement's state, else
       :class:`~bargain.errors.TransitionNotAllowed` (which lists the steps allowed now);
    2. the actor's role may take it, else :class:`~bargain.errors.NotAuthorised`;
    3. its details are well formed, else :class:`~bargain.errors.InvalidDocument`;
    4. the legal conditions hold, else :class:`~bargain.errors.GuardFailed` with the article.

    They return the new agreement and the one event that records the step. Late steps are not
    refused: they are recorded with ``late_days`` and a note.
    """

    def __init__(
        self,
        policy: ProcedurePolicy | Callable[[dt.date], ProcedurePolicy],
        *,
        validator: Validator | None,
    ) -> None:
        self._policy = policy
        self.validator = validator

    def policy(self, on: dt.date) -> ProcedurePolicy:
        """The policy in force on a day."""
        policy = self._policy
        return policy if isinstance(policy, ProcedurePolicy) else policy(on)

    # ------------------------------------------------------------------------ questions

    def allowed(self, agreement: Agreement, role: Role | None = None) -> tuple[Trigger, ...]:
        """The steps the machine allows now (to ``role``, when given), in table order."""
        triggers = machine.triggers_from(agreement.status)
        if role is None:
            return triggers
        return tuple(t for t in triggers if role in BY_TRIGGER[t].who.roles(agreement))

    def deadlines(
        self, agreement: Agreement, on: dt.date, *, within: int | None = None
    ) -> tuple[Due, ...]:
        """The open time limits of the agreement in its state, soonest first.

        With ``within``, only those overdue or due within that many days.
        """
        return open_deadlines(agreement, on, self.policy(on), within=within)

    # ---------------------------------------------------------------------------- steps

    def fire(
        self,
        agreement: Agreement,
        trigger: Trigger | str,
        actor: Actor | Role | str,
        *,
        at: dt.datetime,
        on: dt.date | str | None = None,
        parent: Agreement | None = None,
        **details: Any,
    ) -> Step:
        """Run one step, named by its trigger, with its details as keywords (or JSON data).

        Args:
            agreement: the agreement as it stands.
            trigger: the step.
            actor: who takes it (a role, or its name, is enough when no person is to be named).
            at: when the step is recorded (timezone-aware; a naive time is China time).
            on: the day the step happened, when recorded later (default: the day of ``at``); a
                date or an ISO date text.
            parent: the agreement a supplementary agreement supplements (for the law's checks).
            details: the step's details (topics of an offer, the vote count…), see the table.

        Raises:
            TransitionNotAllowed: the machine does not allow the step in this state.
            NotAuthorised: the actor's role may not take it.
            InvalidDocument: the trigger is unknown, or a detail is missing or malformed.
            GuardFailed: a legal condition does not hold.
        """
        if not isinstance(trigger, Trigger):
            trigger = named(Trigger, trigger, "trigger")
        row = BY_TRIGGER[trigger]
        actor = self._actor(agreement, row, actor)
        return self._run(agreement, row, actor, details, at, on, parent)

    def handle(
        self,
        agreement: Agreement,
        command: Details,
        actor: Actor | Role | str,
        *,
        at: dt.datetime,
        on: dt.date | str | None = None,
        parent: Agreement | None = None,
    ) -> Step:
        """Run the step a command asks for (``SendOffer(topics=[...])``): see :meth:`fire`."""
        row = BY_COMMAND.get(type(command))
        if row is None:
            known = [declared.details.__name__ for declared in BY_COMMAND.values()]
            raise UnknownModel(type(command).__name__, known)
        actor = self._actor(agreement, row, actor)
        return self._run(agreement, row, actor, command, at, on, parent)

    def replay(self, opening: Agreement, events: Iterable[Event]) -> Agreement:
        """Rebuild an agreement from the agreement as opened and its events (see :func:`replay`)."""
        return replay(opening, events)

    def sweep(self, agreement: Agreement, at: dt.datetime) -> tuple[Step, ...]:
        """Apply what time alone decides on the day of ``at``.

        A review period that has run out with no objection makes the agreement take effect
        (Art 47); a term that has ended makes it expire (Art 38). The events are recorded ``at``
        the sweep but dated ``on`` the day the law made them happen (the day after the review
        period or the term ended). Returns the steps taken.
        """
        day = china_day(at)
        steps: list[Step] = []
        current = agreement

        def when(due: dt.date) -> dt.date:
            # The step is dated the day the law makes it happen, not the day the sweep ran.
            last = current.procedure.last_on
            return due if last is None else max(due, last)

        if current.status is Status.UNDER_REVIEW:
            filing = current.procedure.filing
            if filing is not None and filing.review_ends.overdue(day):
                effective = when(filing.review_ends.due + dt.timedelta(days=1))
                steps.append(
                    self.fire(current, Trigger.TAKE_EFFECT, Role.CLOCK, at=at, on=effective)
                )
                current = steps[-1].agreement
        if current.status.in_force and current.term is not None and day > current.term.end:
            ended = when(current.term.end + dt.timedelta(days=1))
            steps.append(self.fire(current, Trigger.EXPIRE, Role.CLOCK, at=at, on=ended))
        return tuple(steps)

    # ------------------------------------------------------------------------- internals

    def _actor(
        self, agreement: Agreement, row: Transition[Any], actor: Actor | Role | str
    ) -> Actor:
        """The actor, once the machine allows the step and the actor's role may take it."""
        if not isinstance(actor, Actor):
            actor = ACTORS[actor if isinstance(actor, Role) else named(Role, actor, "actor")]
        status = agreement.status
        if not machine.may(status, row.trigger):
            raise TransitionNotAllowed(agreement.id, status, row.trigger, self.allowed(agreement))
        roles = row.who.roles(agreement)
        if actor.role not in roles:
            ordered = [r for r in Role if r in roles]
            raise NotAuthorised(agreement.id, status, row.trigger, actor.role, ordered)
        return actor

    def _run(
        self,
        agreement: Agreement,
        row: Transition[Any],
        actor: Actor,
        details: Details | Mapping[str, Any],
        at: dt.datetime,
        on: dt.date | str | None,
        parent: Agreement | None,
    ) -> Step:
        if at.tzinfo is None:
            at = at.replace(tzinfo=CHINA_TIME)
        day = self._day(agreement, row.trigger, at, on)
        if not isinstance(details, Details):
            details = parse(row, details)
        context = Context(
            agreement,
            row,
            actor,
            day,
            details,
            self.policy(day),
            self.policy,
            self.validator,
            parent,
        )
        decision = row.guard(context)
        status = agreement.status
        # The machine's own table says where the step may lead from here (looked up once per
        # state and step); a guard deciding on a destination outside it is a bug of the guard.
        if decision.target not in machine.destinations(status, row.trigger):
            raise AssertionError(f"the machine refused {row.trigger.value} to {decision.target}")
        # Every part of the event comes from values already checked (the agreement, the parsed
        # details, the actor, the declaration, models the guard built), so it is assembled, not
        # validated again; a property test checks that each event equals its validated JSON.
        event = Event.model_construct(
            agreement_id=agreement.id,
            sequence=agreement.procedure.version + 1,
            type=row.event,
            trigger=row.trigger,
            actor=actor,
            at=at,
            on=day,
            source=status,
            target=decision.target,
            facts={name: dump(value) for name, value in decision.facts.items()},
            citation=row.citation,
            late_days=decision.late_days,
            notes=tuple(Note.of(n) for n in decision.notes),
        )
        return Step(apply(agreement, event, decision.facts), event)

    @staticmethod
    def _day(
        agreement: Agreement, trigger: Trigger, at: dt.datetime, on: dt.date | str | None
    ) -> dt.date:
        recorded = china_day(at)
        day = recorded if on is None else date(trigger, on)
        last = agreement.procedure.last_on
        problem: Bilingual | None = None
        if day > recorded:
            problem = Bilingual(
                f"应为不晚于记录时间（{recorded}）的日期", f"expected a day not after {recorded}"
            )
        elif last is not None and day < last:
            problem = Bilingual(
                f"应为不早于上一步骤（{last}）的日期",
                f"expected a day not before the last step, {last}",
            )
        if problem is not None:
            raise InvalidDocument([Problem(f"<{trigger.value}>", "on", problem, str(day))])
        return day


def _example() -> Agreement:
    """A small agreement for the examples in docstrings."""
    from bargain.domain.agreement import AgreementKind, Scope
    from bargain.domain.parties import Organisation, OrganisationKind, Party

    return Agreement(
        id="demo",
        title="示例集体合同",
        kind=AgreementKind.SECTOR,
        union=Party(
            organisations=(Organisation(id="u", name="某行业工会", kind=OrganisationKind.UNION),)
        ),
        employer=Party(
            organisations=(Organisation(id="e", name="某公司", kind=OrganisationKind.ENTERPRISE),)
        ),
        scope=Scope(region="340300"),
    )
