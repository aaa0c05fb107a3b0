"""Use cases: what a union system, the CLI or a simulation asks bargain to do.

Each step opens one unit of work, reads the agreement (and, for a supplementary agreement, its
parent) in it, runs the step through the :class:`~bargain.domain.lifecycle.Lifecycle`, stores the
new snapshot and its event together, and commits; if anything fails, nothing is stored. Storage is
a port (:mod:`bargain.ports`); :func:`bargain.bootstrap.open_workflow` assembles a workflow on a
database or a store.

A step is asked for with its command, the step's details model (:meth:`Workflow.handle`), or by
its trigger's name with keyword details, as JSON drives it (:meth:`Workflow.fire`):

>>> import datetime as dt
>>> from bargain.domain.calendar import FixedClock
>>> from bargain.domain.lifecycle import SendOffer
>>> from bargain.files import load_agreement
>>> from bargain.store.memory import MemoryStore
>>> workflow = Workflow(MemoryStore().unit_of_work, clock=FixedClock(dt.date(2019, 11, 6)))
>>> agreement = workflow.open(load_agreement("examples/bengbu-delivery-sector-agreement.yaml"))
>>> step = workflow.handle(agreement.id, SendOffer(topics=("劳动报酬",)), Role.UNION_CHIEF)
>>> step.event.type.value, str(step.agreement.procedure.offer.reply_due.due)
('offer_sent', '2019-11-26')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bargain.domain.agreement import Agreement, AgreementRef
from bargain.domain.calendar import Clock, SystemClock, china_day
from bargain.domain.events import Event
from bargain.domain.lifecycle import Details, Due, Lifecycle, Step
from bargain.domain.procedure import Actor, Procedure, Role, Status, Trigger
from bargain.errors import NotOpenable, UnknownAgreement
from bargain.ports import AgreementRepository, Positioned, UnitOfWork, Verification

__all__ = ["Renewal", "SweepReport", "Workflow"]

if TYPE_CHECKING:
    from bargain.exchange import Export


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
"""Who takes a step: an :class:`Actor`, or a role (or its name) when no person is named."""


class Workflow:
    """The use cases of the procedure, on one store.

    Args:
        uow_factory: makes a new unit of work (``MemoryStore().unit_of_work``, say).
        lifecycle: the procedure to run (default: :func:`bargain.law.procedure.lifecycle`, on the
            shipped legal parameters and rules).
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

            lifecycle = law_lifecycle()
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

    def export(self, agreement_id: str) -> Export:
        """The agreement as opened, its history, the agreement as it stands and the hash chain
        that seals them, read in one transaction, for another system
        (``bargain.exchange.dump_export`` writes it as JSON, format ``bargain-export/2``).

        The export carries the stored chain. A history stored by an earlier release in JSON the
        models no longer write (a field added since) would not match it: that history is verified
        as stored, and the export is then sealed afresh (current scheme) over the JSON it holds. A
        stored history that does not verify keeps its stored chain, so the export does not verify
        either.

        Raises:
            UnknownAgreement: no agreement has that id.
        """
        # Imported here: the exchange format brings the file reader, which a workflow that never
        # exports does not need to load.
        from bargain.exchange import Export, chain_holds, seal

        with self._uow() as uow:
            export = Export(
                opening=uow.agreements.opening(agreement_id),
                events=uow.agreements.history(agreement_id),
                agreement=uow.agreements.get(agreement_id),
                chain=uow.agreements.chain(agreement_id),
            )
            if not chain_holds(export) and all(c.ok for c in uow.agreements.verify(agreement_id)):
                export = seal(export)
        return export

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

    # ------------------------------------------------------------------------------ writing

    def open(self, agreement: Agreement) -> Agreement:
        """Register a new agreement, in drafting with no history, so the procedure can start.

        The agreement is checked as if read from a file, however it was made (plain
        ``model_copy`` checks nothing).

        Raises:
            InvalidDocument: a value of the agreement is not valid.
            NotOpenable: it is past drafting or already has a procedure record.
            DuplicateAgreement: an agreement with its id is already stored.
        """
        agreement = agreement.changed()
        if agreement.status is not Status.DRAFTING or agreement.procedure != Procedure():
            raise NotOpenable(agreement.id)
        with self._uow() as uow:
            uow.agreements.add(agreement)
            uow.commit()
        return agreement

    def restore(self, opening: Agreement | Export, events: Sequence[Event] = ()) -> Agreement:
        """Store an agreement with its history (an export from another system), in one step.

        Give the :class:`~bargain.exchange.Export` (``restore(export)``), or its opening and its
        events. An export with a hash chain is verified first, as ``bargain verify --export``
        verifies it (:func:`bargain.exchange.verify_export`); the events must then replay from the
        opening. The result is the agreement they lead to.

        Raises:
            BrokenExport: the export's chain is broken or its events do not lead to its snapshot
                (the error names the event, the opening, the head or the snapshot); nothing is
                stored.
            InvalidDocument: a value of the opening is not valid.
            HistoryMismatch: the events do not replay.
            DuplicateAgreement: an agreement with its id is already stored.
        """
        if not isinstance(opening, Agreement):
            from bargain.exchange import check_export

            export = opening
            check_export(export)
            opening, events = export.opening, export.events
        opening = opening.changed()
        current = self.lifecycle.replay(opening, events)
        with self._uow() as uow:
            uow.agreements.add(opening)
            if events:
                uow.agreements.record(current, events)
            uow.commit()
        return current

    def handle(
        self,
        agreement_id: str,
        command: Details,
        actor: ActorLike,
        *,
        on: dt.date | str | None = None,
    ) -> Step:
        """Take the step a command asks for: ``handle(id, SendOffer(topics=...), role)``.

        The commands are the steps' details models (:mod:`bargain.domain.lifecycle`), one per
        step, named after its trigger.

        Raises:
            UnknownAgreement: no agreement has that id.
            ProcedureError: the step was refused (see :class:`Lifecycle`); nothing is stored.
            InvalidDocument: a detail is malformed; nothing is stored.
            ConcurrencyError: someone else changed the agreement meanwhile; nothing is stored.
        """
        at = self.clock.now()
        return self._take(
            agreement_id,
            lambda agreement, parent: self.lifecycle.handle(
                agreement, command, actor, at=at, on=on, parent=parent
            ),
        )[0]

    def fire(
        self,
        agreement_id: str,
        trigger: Trigger | str,
        actor: ActorLike,
        *,
        on: dt.date | str | None = None,
        **details: Any,
    ) -> Step:
        """Take a step named by its trigger, with its details as keywords or JSON data.

        Raises the same errors as :meth:`handle`; an unknown trigger or detail is an
        ``InvalidDocument`` naming the field.
        """
        at = self.clock.now()
        return self._take(
            agreement_id,
            lambda agreement, parent: self.lifecycle.fire(
                agreement, trigger, actor, at=at, on=on, parent=parent, **details
            ),
        )[0]

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
        drafting and names the old one in ``renews``; its id is ``new_id``, by default
        ``<id>-renewal-<year>``. Both are stored in one transaction. (Taking the
        ``request_renewal`` step through :meth:`handle` or :meth:`fire` opens the draft too.)
        """
        at = self.clock.now()
        step, draft = self._take(
            agreement_id,
            lambda agreement, parent: self.lifecycle.fire(
                agreement, Trigger.REQUEST_RENEWAL, actor, at=at, on=on, parent=parent
            ),
            new_id=new_id,
        )
        assert draft is not None  # the renewal step always opens one
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

    # ---------------------------------------------------------------------------- internals

    def _take(
        self,
        agreement_id: str,
        run: Callable[[Agreement, Agreement | None], Step],
        *,
        new_id: str | None = None,
    ) -> tuple[Step, Agreement | None]:
        """Run one step in one unit of work: read, decide, record, commit.

        Returns the step and, for a renewal request, the new draft it opened.
        """
        with self._uow() as uow:
            agreement = uow.agreements.get(agreement_id)
            step = run(agreement, _parent(uow.agreements, agreement))
            uow.agreements.record(step.agreement, [step.event])
            draft = None
            if step.event.trigger is Trigger.REQUEST_RENEWAL:
                draft = _renewal_draft(
                    agreement, new_id or f"{agreement.id}-renewal-{step.event.on.year}"
                )
                uow.agreements.add(draft)
            uow.commit()
        return step, draft


def _parent(agreements: AgreementRepository, agreement: Agreement) -> Agreement | None:
    """The agreement a supplementary agreement supplements, when it is stored."""
    reference = agreement.supplements
    if reference is None or reference.id is None:
        return None
    try:
        return agreements.get(reference.id)
    except UnknownAgreement:
        return None


def _renewal_draft(agreement: Agreement, new_id: str) -> Agreement:
    return Agreement.model_validate(
        {
            **dict(agreement),
            "id": new_id,
            "term": None,
            "status": Status.DRAFTING,
            "procedure": Procedure(),
            "renews": AgreementRef(id=agreement.id, title=agreement.title),
        }
    )
