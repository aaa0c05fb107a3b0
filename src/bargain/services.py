"""Use cases: what a union system, the CLI or a simulation asks bargain to do.

Each use case opens a unit of work, reads the agreement, runs one step of the procedure through
the :class:`~bargain.domain.lifecycle.Lifecycle`, stores the new snapshot and its event together,
and commits; if anything fails, nothing is stored. The storage is a port: :class:`UnitOfWork`.
The in-memory store (:mod:`bargain.store.memory`) implements it; so will the database store.

>>> import datetime as dt
>>> from bargain.domain.calendar import FixedClock
>>> from bargain.files import load_agreement
>>> from bargain.store.memory import MemoryStore
>>> store = MemoryStore()
>>> workflow = Workflow(store.unit_of_work, clock=FixedClock(dt.date(2019, 11, 6)))
>>> agreement = workflow.open(load_agreement("examples/bengbu-delivery-sector-agreement.yaml"))
>>> step = workflow.send_offer(agreement.id, Role.UNION_CHIEF, topics=["劳动报酬"])
>>> step.event.type.value, str(step.agreement.procedure.offer.reply_due.due)
('offer_sent', '2019-11-26')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING, Any, Protocol, Self

from bargain.domain.agreement import Agreement, AgreementRef
from bargain.domain.calendar import Clock, DateRange, SystemClock, china_day
from bargain.domain.clauses import Clause
from bargain.domain.events import Event
from bargain.domain.lifecycle import Due, Lifecycle, Step
from bargain.domain.procedure import (
    Actor,
    AmendmentGround,
    CongressKind,
    Procedure,
    Role,
    Status,
    Trigger,
)
from bargain.errors import NotOpenable, UnknownAgreement
from bargain.store.chain import Positioned, Verification

__all__ = [
    "AgreementRepository",
    "Renewal",
    "SweepReport",
    "UnitOfWork",
    "Workflow",
]


class AgreementRepository(Protocol):
    """The agreements as one unit of work sees them."""

    def get(self, agreement_id: str) -> Agreement:
        """The agreement as it stands (raises ``UnknownAgreement``)."""
        ...

    def opening(self, agreement_id: str) -> Agreement:
        """The agreement as it was added, before any event."""
        ...

    def history(self, agreement_id: str) -> tuple[Event, ...]:
        """The agreement's events, oldest first."""
        ...

    def ids(self) -> tuple[str, ...]:
        """Every agreement id, sorted."""
        ...

    def add(self, agreement: Agreement) -> None:
        """Store a new agreement (raises ``DuplicateAgreement``)."""
        ...

    def record(self, agreement: Agreement, events: Sequence[Event]) -> None:
        """Store the agreement after ``events`` (raises ``ConcurrencyError``)."""
        ...

    def events_after(self, position: int, limit: int = 100) -> tuple[Positioned, ...]:
        """Up to ``limit`` committed events with a global position after ``position``."""
        ...

    def verify(self, agreement_id: str | None = None) -> tuple[Verification, ...]:
        """Check the hash chain and snapshot of one agreement, or of all."""
        ...


class UnitOfWork(Protocol):
    """One transaction: ``commit`` keeps what was written, leaving the block discards the rest."""

    @property
    def agreements(self) -> AgreementRepository:
        """The agreements as this transaction sees them."""
        ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None: ...

    def commit(self) -> None:
        """Keep what this unit of work wrote."""
        ...

    def rollback(self) -> None:
        """Discard what it wrote and has not committed."""
        ...


if TYPE_CHECKING:
    from bargain.store.memory import MemoryUnitOfWork
    from bargain.store.sqlalchemy import SqlUnitOfWork

    def _stores_conform(memory: MemoryUnitOfWork, sql: SqlUnitOfWork) -> list[UnitOfWork]:
        # Checked by mypy only: both stores shipped with bargain implement the port.
        return [memory, sql]


@dataclass(frozen=True)
class Renewal:
    """The result of a renewal request: the step on the old agreement and the new draft."""

    step: Step
    draft: Agreement


@dataclass(frozen=True)
class SweepReport:
    """What a sweep did, and what is overdue or due soon."""

    steps: tuple[Step, ...]
    due: tuple[Due, ...]

    @property
    def overdue(self) -> tuple[Due, ...]:
        """The time limits that have run out."""
        return tuple(d for d in self.due if d.overdue)


ActorLike = Actor | Role | str


class Workflow:
    """The use cases of the procedure, on one store.

    Args:
        uow_factory: makes a new unit of work (``MemoryStore().unit_of_work``, say).
        lifecycle: the procedure to run (default: :func:`bargain.law.procedure.lifecycle`, on the
            shipped legal parameters and rules, with parents of supplementary agreements looked
            up in the same store).
        clock: where the time comes from (default: the system clock, China time).
    """

    def __init__(
        self,
        uow_factory: Callable[[], UnitOfWork],
        *,
        lifecycle: Lifecycle | None = None,
        clock: Clock | None = None,
    ) -> None:
        self._uow = uow_factory
        self.clock: Clock = clock or SystemClock()
        if lifecycle is None:
            from bargain.law.procedure import lifecycle as law_lifecycle

            lifecycle = law_lifecycle(parent=self._parent)
        self.lifecycle = lifecycle

    # ------------------------------------------------------------------------------ reading

    def get(self, agreement_id: str) -> Agreement:
        """The agreement as it stands."""
        with self._uow() as uow:
            return uow.agreements.get(agreement_id)

    def opening(self, agreement_id: str) -> Agreement:
        """The agreement as it was opened, before any step."""
        with self._uow() as uow:
            return uow.agreements.opening(agreement_id)

    def history(self, agreement_id: str) -> tuple[Event, ...]:
        """The agreement's events, oldest first."""
        with self._uow() as uow:
            return uow.agreements.history(agreement_id)

    def rebuild(self, agreement_id: str) -> Agreement:
        """The agreement rebuilt from its opening and its history (equal to :meth:`get`)."""
        with self._uow() as uow:
            opening = uow.agreements.opening(agreement_id)
            history = uow.agreements.history(agreement_id)
        return self.lifecycle.replay(opening, history)

    def find(
        self, *, status: Status | None = None, sector: str | None = None
    ) -> tuple[Agreement, ...]:
        """The stored agreements, by id, optionally only those in a state or of a sector."""
        with self._uow() as uow:
            agreements = [uow.agreements.get(key) for key in uow.agreements.ids()]
        return tuple(
            a
            for a in agreements
            if (status is None or a.status is status)
            and (sector is None or a.scope.sector == sector)
        )

    def events_after(self, position: int = 0, *, limit: int = 100) -> tuple[Positioned, ...]:
        """The store's events after a global position, in order: the notification log.

        A host system remembers the last position it handled and asks again from there, so it
        never misses an event nor handles one twice (see the integrator's guide).
        """
        with self._uow() as uow:
            return uow.agreements.events_after(position, limit)

    def verify(self, agreement_id: str | None = None) -> tuple[Verification, ...]:
        """Check the hash chain and the snapshot of one agreement, or of all of them."""
        with self._uow() as uow:
            return uow.agreements.verify(agreement_id)

    def allowed(self, agreement_id: str, role: Role | None = None) -> tuple[Trigger, ...]:
        """The steps that can be taken now (by ``role``, when given)."""
        return self.lifecycle.allowed(self.get(agreement_id), role)

    def deadlines(self, agreement_id: str, *, within: int | None = None) -> tuple[Due, ...]:
        """The agreement's open time limits, as of the clock's day."""
        return self.lifecycle.deadlines(
            self.get(agreement_id), china_day(self.clock.now()), within=within
        )

    def due(self, *, within: int | None = None) -> tuple[Due, ...]:
        """The open time limits of every stored agreement, soonest first (reads only)."""
        day = china_day(self.clock.now())
        items = [
            item
            for agreement in self.find()
            for item in self.lifecycle.deadlines(agreement, day, within=within)
        ]
        return tuple(sorted(items, key=lambda d: d.deadline.due))

    def _parent(self, agreement: Agreement) -> Agreement | None:
        reference = agreement.supplements
        if reference is None or reference.id is None:
            return None
        with self._uow() as uow:
            try:
                return uow.agreements.get(reference.id)
            except UnknownAgreement:
                return None

    # ------------------------------------------------------------------------------ writing

    def open(self, agreement: Agreement) -> Agreement:
        """Register a new agreement, in drafting with no history, so the procedure can start.

        Raises:
            NotOpenable: it is past drafting or already has a procedure record.
            DuplicateAgreement: an agreement with its id is already stored.
        """
        if agreement.status is not Status.DRAFTING or agreement.procedure != Procedure():
            raise NotOpenable(agreement.id)
        with self._uow() as uow:
            uow.agreements.add(agreement)
            uow.commit()
        return agreement

    def restore(self, opening: Agreement, events: Sequence[Event]) -> Agreement:
        """Store an agreement with its history (an export from another system), in one step.

        The events must replay from ``opening``; the result is the agreement they lead to.

        Raises:
            HistoryMismatch: the events do not replay.
            DuplicateAgreement: an agreement with its id is already stored.
        """
        current = self.lifecycle.replay(opening, events)
        with self._uow() as uow:
            uow.agreements.add(opening)
            if events:
                uow.agreements.record(current, events)
            uow.commit()
        return current

    def fire(
        self,
        agreement_id: str,
        trigger: Trigger | str,
        actor: ActorLike,
        *,
        on: dt.date | str | None = None,
        **details: Any,
    ) -> Step:
        """Take any step of the procedure (the named use cases below call this).

        Raises:
            UnknownAgreement: no agreement has that id.
            ProcedureError: the step was refused (see :meth:`Lifecycle.fire`); nothing is stored.
            InvalidDocument: a detail is malformed; nothing is stored.
            ConcurrencyError: someone else changed the agreement meanwhile; nothing is stored.
        """
        with self._uow() as uow:
            agreement = uow.agreements.get(agreement_id)
            step = self.lifecycle.fire(
                agreement, trigger, actor, at=self.clock.now(), on=on, **details
            )
            uow.agreements.record(step.agreement, [step.event])
            uow.commit()
        return step

    def send_offer(
        self,
        agreement_id: str,
        actor: ActorLike,
        *,
        topics: Sequence[str],
        received_on: dt.date | str | None = None,
        on: dt.date | str | None = None,
    ) -> Step:
        """要约: send the written offer with its topics (Art 32)."""
        return self.fire(
            agreement_id,
            Trigger.SEND_OFFER,
            actor,
            on=on,
            topics=tuple(topics),
            received_on=received_on,
        )

    def reply(
        self,
        agreement_id: str,
        actor: ActorLike,
        *,
        accept: bool,
        reason: str | None = None,
        on: dt.date | str | None = None,
    ) -> Step:
        """The written reply: accept, or refuse with a reason (Art 32)."""
        if accept:
            return self.fire(agreement_id, Trigger.ACCEPT_OFFER, actor, on=on)
        return self.fire(agreement_id, Trigger.REFUSE_OFFER, actor, on=on, reason=reason)

    def start_negotiation(
        self,
        agreement_id: str,
        actor: ActorLike,
        *,
        on: dt.date | str | None = None,
        **meeting: Any,
    ) -> Step:
        """The first meeting (Arts 33, 34): ``place``, ``topics``, ``summary``, ``recorder``."""
        return self.fire(agreement_id, Trigger.START_NEGOTIATION, actor, on=on, **meeting)

    def record_meeting(
        self,
        agreement_id: str,
        actor: ActorLike,
        *,
        on: dt.date | str | None = None,
        **meeting: Any,
    ) -> Step:
        """A further meeting, chaired by ``actor`` in turn (Art 34)."""
        return self.fire(agreement_id, Trigger.RECORD_MEETING, actor, on=on, **meeting)

    def suspend(
        self,
        agreement_id: str,
        actor: ActorLike,
        *,
        resume_on: dt.date,
        reason: str | None = None,
        on: dt.date | str | None = None,
    ) -> Step:
        """Suspend by agreement, with the day to resume (Art 35)."""
        return self.fire(
            agreement_id, Trigger.SUSPEND, actor, on=on, resume_on=resume_on, reason=reason
        )

    def resume(
        self, agreement_id: str, actor: ActorLike, *, on: dt.date | str | None = None
    ) -> Step:
        """Resume a suspended negotiation (Art 35)."""
        return self.fire(agreement_id, Trigger.RESUME, actor, on=on)

    def request_coordination(
        self,
        agreement_id: str,
        actor: ActorLike,
        *,
        reason: str,
        accepted_on: dt.date | str | None = None,
        on: dt.date | str | None = None,
    ) -> Step:
        """Apply to the labour bureau to coordinate a dispute (Arts 49-52)."""
        return self.fire(
            agreement_id,
            Trigger.REQUEST_COORDINATION,
            actor,
            on=on,
            reason=reason,
            accepted_on=accepted_on,
        )

    def extend_coordination(
        self,
        agreement_id: str,
        actor: ActorLike,
        *,
        days: int | None = None,
        on: dt.date | str | None = None,
    ) -> Step:
        """Extend coordination by at most 15 days in all (Art 52)."""
        return self.fire(agreement_id, Trigger.EXTEND_COORDINATION, actor, on=on, days=days)

    def conclude_coordination(
        self,
        agreement_id: str,
        actor: ActorLike,
        *,
        outstanding: Sequence[str] = (),
        on: dt.date | str | None = None,
    ) -> Step:
        """Sign the coordination agreement (协调处理协议书, Art 54)."""
        return self.fire(
            agreement_id,
            Trigger.CONCLUDE_COORDINATION,
            actor,
            on=on,
            outstanding=tuple(outstanding),
        )

    def agree_draft(
        self,
        agreement_id: str,
        actor: ActorLike,
        *,
        clauses: Iterable[Clause] | None = None,
        term: DateRange | None = None,
        on: dt.date | str | None = None,
    ) -> Step:
        """Both chiefs sign the draft (Art 34); the agreed clauses and term may come with it."""
        return self.fire(
            agreement_id,
            Trigger.AGREE_DRAFT,
            actor,
            on=on,
            clauses=None if clauses is None else tuple(clauses),
            term=term,
        )

    def submit_to_congress(
        self, agreement_id: str, actor: ActorLike, *, on: dt.date | str | None = None
    ) -> Step:
        """Submit the draft to the workers' congress or all workers (Art 36)."""
        return self.fire(agreement_id, Trigger.SUBMIT_TO_CONGRESS, actor, on=on)

    def hold_congress_vote(
        self,
        agreement_id: str,
        actor: ActorLike,
        *,
        members: int,
        present: int,
        in_favour: int,
        against: int = 0,
        abstaining: int = 0,
        kind: CongressKind | None = None,
        on: dt.date | str | None = None,
    ) -> Step:
        """Record the congress's vote: adopted, or back to negotiation (Art 36)."""
        return self.fire(
            agreement_id,
            Trigger.HOLD_CONGRESS_VOTE,
            actor,
            on=on,
            members=members,
            present=present,
            in_favour=in_favour,
            against=against,
            abstaining=abstaining,
            kind=kind,
        )

    def sign(self, agreement_id: str, actor: ActorLike, *, on: dt.date | str | None = None) -> Step:
        """Both chiefs sign the adopted text (Art 37)."""
        return self.fire(agreement_id, Trigger.SIGN, actor, on=on)

    def file(
        self,
        agreement_id: str,
        actor: ActorLike,
        *,
        received_on: dt.date | str | None = None,
        copies: int = 3,
        on: dt.date | str | None = None,
    ) -> Step:
        """File the signed text with the labour bureau, in three copies (Art 42)."""
        return self.fire(
            agreement_id, Trigger.FILE, actor, on=on, received_on=received_on, copies=copies
        )

    def object(
        self,
        agreement_id: str,
        actor: ActorLike,
        *,
        opinion: str,
        items: Sequence[str] = (),
        on: dt.date | str | None = None,
    ) -> Step:
        """The bureau serves its objection (审查意见书) within 15 days of receipt (Art 45)."""
        return self.fire(
            agreement_id, Trigger.OBJECT, actor, on=on, opinion=opinion, items=tuple(items)
        )

    def renegotiate(
        self, agreement_id: str, actor: ActorLike, *, on: dt.date | str | None = None
    ) -> Step:
        """Go back to negotiation on the disputed items, to re-sign and refile (Art 46)."""
        return self.fire(agreement_id, Trigger.RENEGOTIATE, actor, on=on)

    def take_effect(
        self, agreement_id: str, actor: ActorLike, *, on: dt.date | str | None = None
    ) -> Step:
        """The agreement takes effect (Art 47): the clock after review, or the bureau's notice."""
        return self.fire(agreement_id, Trigger.TAKE_EFFECT, actor, on=on)

    def publish(
        self, agreement_id: str, actor: ActorLike, *, on: dt.date | str | None = None
    ) -> Step:
        """Publish the agreement to everyone on both sides (Art 48)."""
        return self.fire(agreement_id, Trigger.PUBLISH, actor, on=on)

    def amend(
        self,
        agreement_id: str,
        actor: ActorLike,
        *,
        ground: AmendmentGround,
        reason: str | None = None,
        on: dt.date | str | None = None,
    ) -> Step:
        """Open an amendment, which re-runs negotiation and the rest (Arts 39-41)."""
        return self.fire(agreement_id, Trigger.AMEND, actor, on=on, ground=ground, reason=reason)

    def terminate(
        self,
        agreement_id: str,
        actor: ActorLike,
        *,
        ground: AmendmentGround,
        reason: str | None = None,
        on: dt.date | str | None = None,
    ) -> Step:
        """Terminate the agreement on an Art 39 or 40 ground."""
        return self.fire(
            agreement_id, Trigger.TERMINATE, actor, on=on, ground=ground, reason=reason
        )

    def request_renewal(
        self,
        agreement_id: str,
        actor: ActorLike,
        *,
        new_id: str | None = None,
        on: dt.date | str | None = None,
    ) -> Renewal:
        """Ask to renew within the 3 months before expiry (Art 38); opens the new draft.

        The new agreement copies the parties, scope and clauses, has no term yet, starts in
        drafting and names the old one in ``renews``. Both are stored in one transaction.
        """
        with self._uow() as uow:
            agreement = uow.agreements.get(agreement_id)
            step = self.lifecycle.fire(
                agreement, Trigger.REQUEST_RENEWAL, actor, at=self.clock.now(), on=on
            )
            year = step.event.on.year
            draft = Agreement.model_validate(
                {
                    **dict(agreement),
                    "id": new_id or f"{agreement.id}-renewal-{year}",
                    "term": None,
                    "status": Status.DRAFTING,
                    "procedure": Procedure(),
                    "renews": AgreementRef(id=agreement.id, title=agreement.title),
                }
            )
            uow.agreements.record(step.agreement, [step.event])
            uow.agreements.add(draft)
            uow.commit()
        return Renewal(step, draft)

    def sweep(self, *, within: int = 3) -> SweepReport:
        """Apply what time alone decides, for every agreement, and list what is due.

        Review periods that ran out with no objection make agreements take effect (Art 47);
        ended terms make them expire (Art 38). Each agreement is swept in its own transaction.
        Returns the steps taken and every time limit overdue or due within ``within`` days.
        """
        at = self.clock.now()
        day = china_day(at)
        with self._uow() as uow:
            ids = uow.agreements.ids()
        steps: list[Step] = []
        due: list[Due] = []
        for agreement_id in ids:
            with self._uow() as uow:
                agreement = uow.agreements.get(agreement_id)
                taken = self.lifecycle.sweep(agreement, at)
                if taken:
                    uow.agreements.record(taken[-1].agreement, [s.event for s in taken])
                    uow.commit()
                    agreement = taken[-1].agreement
            steps.extend(taken)
            due.extend(self.lifecycle.deadlines(agreement, day, within=within))
        return SweepReport(tuple(steps), tuple(sorted(due, key=lambda d: d.deadline.due)))
