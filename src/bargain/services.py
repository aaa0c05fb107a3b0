"""Use cases: what a union system, the CLI or a simulation asks bargain to do.

Each step opens one unit of work, reads the agreement (and, for a supplementary agreement, its
parent) in it, runs the step through the :class:`~bargain.domain.lifecycle.Lifecycle`, stores the
new state, its event and its open time limits together, and commits; if anything fails, nothing
is stored. Storage is a port (:mod:`bargain.ports`); :func:`bargain.bootstrap.open_workflow`
assembles a workflow on a database or a store.

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
import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bargain._paging import check_limit, due_cursor
from bargain.domain.agreement import Agreement, AgreementKind, AgreementRef, Text
from bargain.domain.calendar import Clock, SystemClock, china_day
from bargain.domain.events import Event
from bargain.domain.language import Bilingual
from bargain.domain.lifecycle import Details, Due, Lifecycle, Step
from bargain.domain.lifecycle.deadlines import standing_deadlines
from bargain.domain.procedure import Actor, Procedure, Role, Status, Trigger
from bargain.errors import BargainError, InvalidDocument, NotOpenable, Problem, UnknownAgreement
from bargain.ports import (
    AgreementRepository,
    Page,
    Positioned,
    Standing,
    Summary,
    TextVersion,
    UnitOfWork,
    Verification,
)

__all__ = ["Renewal", "SweepReport", "Workflow"]

if TYPE_CHECKING:
    from bargain.exchange import Export
    from bargain.playbooks import Playbooks


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
        self,
        *,
        status: Status | None = None,
        sector: str | None = None,
        kind: AgreementKind | None = None,
        region: str | None = None,
    ) -> Iterator[Summary]:
        """The stored agreements' summaries, by id, optionally only those in a state, of a
        sector, of a kind or in a region (a province or city code takes in the codes within it).

        Streams: read page by page, each page in a short unit of work of its own, from columns
        (no agreement is parsed).
        """
        after: str | None = None
        while True:
            page = self.page(
                status=status, sector=sector, kind=kind, region=region, after=after, limit=_PAGE
            )
            yield from page.items
            if page.after is None:
                return
            after = page.after

    def page(
        self,
        *,
        status: Status | None = None,
        sector: str | None = None,
        kind: AgreementKind | None = None,
        region: str | None = None,
        after: str | None = None,
        limit: int = 50,
    ) -> Page[Summary]:
        """One page of :meth:`find`: up to ``limit`` summaries with an id after ``after``.

        The page's ``after`` is the cursor of the next page (the last id), ``None`` after the
        last page.
        """
        check_limit(limit)
        with self._uow() as uow:
            items = uow.agreements.summaries(
                status=status, sector=sector, kind=kind, region=region, after=after, limit=limit + 1
            )
        more = len(items) > limit
        items = items[:limit]
        return Page(tuple(items), items[-1].id if more else None)

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
            # A database transaction need not be a snapshot (READ COMMITTED): a step committed
            # between the reads shows as parts of different lengths, and they are read again.
            for _ in range(_CONSISTENT_READS):
                agreement = uow.agreements.get(agreement_id)
                opening = uow.agreements.opening(agreement_id)
                events = uow.agreements.history(agreement_id)
                chain = uow.agreements.chain(agreement_id)
                export = Export(opening=opening, events=events, agreement=agreement, chain=chain)
                if len(events) == agreement.procedure.version == len(chain.links):
                    break
                uow.rollback()  # nothing was written; the next reads start afresh
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

    def due(self, *, within: int | None = None) -> Iterator[Due]:
        """The open time limits of every stored agreement, soonest first, as of the clock's day.

        With ``within``, only those overdue or due within that many days. Streams, page by page,
        from the rows of the time limits each step keeps (no agreement is parsed).
        """
        after: str | None = None
        while True:
            page = self.due_page(within=within, after=after, limit=_PAGE)
            yield from page.items
            if page.after is None:
                return
            after = page.after

    def due_page(
        self, *, within: int | None = None, after: str | None = None, limit: int = 50
    ) -> Page[Due]:
        """One page of :meth:`due`: up to ``limit`` time limits after the cursor ``after``.

        A cursor is ``YYYY-MM-DD/<agreement id>/<kind>``: the due day, the agreement and the kind
        of the last item of the page before (the page's ``after``; ``None`` after the last page).

        Raises:
            InvalidDocument: ``after`` is not such a cursor.
        """
        check_limit(limit)
        day = china_day(self.clock.now())
        until = None if within is None else day + dt.timedelta(days=within)
        start = None if after is None else due_cursor(after)
        with self._uow() as uow:
            items = uow.agreements.due(until, day, after=start, limit=limit + 1)
        more = len(items) > limit
        items = items[:limit]
        if not more:
            return Page(tuple(items), None)
        last = items[-1]
        return Page(
            tuple(items), f"{last.deadline.due.isoformat()}/{last.agreement_id}/{last.kind.value}"
        )

    @property
    def playbooks(self) -> Playbooks:
        """Each side's private playbooks, on the same store (:mod:`bargain.playbooks`): kept
        apart from the shared record, never in an event, a document or an export."""
        from bargain.playbooks import Playbooks

        return Playbooks(self._uow)

    def text_versions(self, agreement_id: str) -> tuple[TextVersion, ...]:
        """The versions of the agreement's text: as opened (sequence 0), then each event that
        changed it, with its fingerprint.

        Raises:
            UnknownAgreement: no agreement has that id.
        """
        with self._uow() as uow:
            return uow.agreements.text_versions(agreement_id)

    def text_at(self, agreement_id: str, sequence: int) -> Text:
        """The agreement's text as it was after event ``sequence`` (0: as opened).

        Raises:
            UnknownAgreement: no agreement has that id.
            InvalidDocument: the history has no event ``sequence``.
        """
        with self._uow() as uow:
            versions = uow.agreements.text_versions(agreement_id)
            last = uow.agreements.chain(agreement_id).links
            if not 0 <= sequence <= len(last):
                raise InvalidDocument(
                    [
                        Problem(
                            f"<{agreement_id}>",
                            "sequence",
                            Bilingual(
                                f"应为0至{len(last)}之间的事件序号（0为登记时的文本）",
                                f"expected an event number from 0 to {len(last)} "
                                "(0 for the text as opened)",
                            ),
                            str(sequence),
                        )
                    ]
                )
            fingerprint = [v for v in versions if v.sequence <= sequence][-1].fingerprint
            return uow.agreements.text(fingerprint)

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
        agreement = _openable(agreement)
        day = china_day(self.clock.now())
        with self._uow() as uow:
            uow.agreements.add(agreement, self._standing(agreement, day))
            uow.commit()
        return agreement

    def open_many(self, agreements: Iterable[Agreement], *, batch: int = 1000) -> int:
        """Register many new agreements, as :meth:`open` does each: the bulk import.

        Each ``batch`` of agreements is stored in one transaction: all of it or, if one of its
        agreements is refused, none of it (the batches before it stay stored). Returns how many
        were opened.

        Raises:
            InvalidDocument: a value of an agreement is not valid.
            NotOpenable: one is past drafting or already has a procedure record.
            DuplicateAgreement: an agreement with its id is already stored.
        """
        check_limit(batch, "batch")
        day = china_day(self.clock.now())
        opened = 0
        pending = iter(agreements)
        while chunk := list(itertools.islice(pending, batch)):
            with self._uow() as uow:
                for agreement in chunk:
                    agreement = _openable(agreement)
                    uow.agreements.add(agreement, self._standing(agreement, day))
                uow.commit()
            opened += len(chunk)
        return opened

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
        day = china_day(self.clock.now())
        with self._uow() as uow:
            uow.agreements.add(opening, self._standing(opening, day))
            if events:
                uow.agreements.record(current, events, self._standing(current, events[-1].on))
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
                    last = taken[-1]
                    uow.agreements.record(
                        last.agreement,
                        [s.event for s in taken],
                        self._standing(last.agreement, last.event.on),
                    )
                    uow.commit()
                    agreement = taken[-1].agreement
            steps.extend(taken)
            due.extend(self.lifecycle.deadlines(agreement, day, within=within))
        return SweepReport(tuple(steps), tuple(sorted(due, key=lambda d: d.deadline.due)))

    # ---------------------------------------------------------------------------- internals

    def _standing(self, agreement: Agreement, day: dt.date) -> tuple[Standing, ...]:
        """The time limits a store keeps for the agreement, on the policy of the step's day."""
        return standing_deadlines(agreement, self.lifecycle.policy(day))

    def _take(
        self,
        agreement_id: str,
        run: Callable[[Agreement, Agreement | None], Step],
        *,
        new_id: str | None = None,
    ) -> tuple[Step, Agreement | None]:
        """Run one step in one unit of work: read, decide, record, commit.

        Returns the step and, for a renewal request, the new draft it opened.

        A store whose repository offers ``latest(id)`` (the SQL store: the agreement as this
        process last read or wrote it, without a query) is asked that first. The write checks
        the version, so a stale agreement is never written over; when the step is refused or
        the write finds the agreement changed, the step is taken again from a fresh read, which
        decides (and raises) as if the first attempt had not been made.
        """
        for fresh in (False, True):
            with self._uow() as uow:
                agreement = None if fresh else _latest(uow.agreements, agreement_id)
                if agreement is None:
                    fresh = True
                    agreement = uow.agreements.get(agreement_id)
                try:
                    step = run(agreement, _parent(uow.agreements, agreement))
                    on = step.event.on
                    standing = self._standing(step.agreement, on)
                    uow.agreements.record(step.agreement, [step.event], standing)
                except BargainError:
                    if fresh:
                        raise
                    continue  # decided on what this process knew, maybe stale: read again
                draft = None
                if step.event.trigger is Trigger.REQUEST_RENEWAL:
                    draft = _renewal_draft(agreement, new_id or f"{agreement.id}-renewal-{on.year}")
                    uow.agreements.add(draft, self._standing(draft, on))
                uow.commit()
            return step, draft
        raise AssertionError("unreachable: the fresh attempt returns or raises")


_PAGE = 500
"""How many items :meth:`Workflow.find` and :meth:`Workflow.due` read per unit of work."""
_CONSISTENT_READS = 20
"""How often a read of several parts of one agreement is tried before it is taken as stored."""


def _openable(agreement: Agreement) -> Agreement:
    """The agreement checked as if read from a file, if it can be opened."""
    agreement = agreement.changed()
    if agreement.status is not Status.DRAFTING or agreement.procedure != Procedure():
        raise NotOpenable(agreement.id)
    return agreement


def _latest(agreements: AgreementRepository, agreement_id: str) -> Agreement | None:
    """The agreement as the store last knew it, unchecked, when its repository can tell."""
    latest: Callable[[str], Agreement | None] | None = getattr(agreements, "latest", None)
    return None if latest is None else latest(agreement_id)


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
