"""The ports: what the use cases need of a store, and the value types a store returns.

:mod:`bargain.services` sees storage only through these protocols; the stores shipped with bargain
(:class:`~bargain.store.memory.MemoryStore`, :class:`~bargain.store.sqlalchemy.SqlStore`)
implement them, and one contract suite (``tests/contract``) runs against each. A host system may
bring its own store: implement :class:`UnitOfWork` and :class:`AgreementRepository`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, Protocol, Self, TypeVar

from bargain.domain.agreement import Agreement, AgreementKind, Text
from bargain.domain.calendar import Deadline
from bargain.domain.events import Event
from bargain.domain.language import Bilingual, Lang
from bargain.domain.lifecycle.deadlines import DeadlineKind, Due
from bargain.domain.procedure import Status

if TYPE_CHECKING:  # annotations only: importing the ports need not build the playbook models
    from bargain.domain.parties import Side
    from bargain.domain.playbook import Playbook

__all__ = [
    "AgreementRepository",
    "Chain",
    "Link",
    "Page",
    "PlaybookRepository",
    "Positioned",
    "Standing",
    "Store",
    "Summary",
    "TextVersion",
    "UnitOfWork",
    "Verification",
]

T = TypeVar("T")

Standing = tuple[DeadlineKind, Deadline]
"""One time limit an agreement has open in its state, as of its last step (a row of the store)."""


@dataclass(frozen=True, slots=True)
class Summary:
    """What listing and searching show of an agreement, read from columns (no text is parsed)."""

    id: str
    title: str
    title_en: str | None
    status: Status
    kind: AgreementKind
    sector: str | None
    sector_name: str | None
    region: str
    term_start: dt.date | None
    term_end: dt.date | None
    version: int
    next_due: dt.date | None
    next_due_kind: DeadlineKind | None

    def as_json(self) -> dict[str, Any]:
        """The summary as a JSON object (what ``bargain list --format json`` prints per item)."""
        term = None
        if self.term_start is not None and self.term_end is not None:
            term = {"start": self.term_start.isoformat(), "end": self.term_end.isoformat()}
        return {
            "id": self.id,
            "title": self.title,
            "title_en": self.title_en,
            "status": self.status.value,
            "kind": self.kind.value,
            "sector": self.sector,
            "sector_name": self.sector_name,
            "region": self.region,
            "term": term,
            "version": self.version,
            "next_due": None if self.next_due is None else self.next_due.isoformat(),
            "next_due_kind": None if self.next_due_kind is None else self.next_due_kind.value,
        }


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a listing, and the cursor that asks for the next (``None`` after the last)."""

    items: tuple[T, ...]
    after: str | None


@dataclass(frozen=True, slots=True)
class TextVersion:
    """One version of an agreement's text: its fingerprint, and the event that produced it.

    ``sequence`` is 0 for the text as opened; ``on`` is the day of the event (``None`` for 0).
    """

    fingerprint: str
    sequence: int
    on: dt.date | None


@dataclass(frozen=True, slots=True)
class Link:
    """One link of a stored hash chain: an event's hash, the hash before it, and the scheme."""

    previous: str
    hash: str
    scheme: str


@dataclass(frozen=True, slots=True)
class Chain:
    """An agreement's stored hash chain: its root, one link per event in order, and its head.

    What an export carries so that a verifier in any language can check it (docs/storage.md).
    """

    root: str
    root_scheme: str
    links: tuple[Link, ...]
    head: str


@dataclass(frozen=True)
class Positioned:
    """An event with its global position in a store's log (for ``events_after``)."""

    position: int
    event: Event


@dataclass(frozen=True)
class Verification:
    """What checking one agreement's stored history found.

    ``broken_at`` is the sequence number of the first event that does not verify, ``0`` when the
    opening itself was changed, and ``None`` when the chain holds; ``snapshot_ok`` says whether
    the stored snapshot equals the replay of the events.
    """

    agreement_id: str
    events: int
    broken_at: int | None
    snapshot_ok: bool
    reason: Bilingual | None = None

    @property
    def ok(self) -> bool:
        """Whether the chain holds and the snapshot matches."""
        return self.broken_at is None and self.snapshot_ok

    def text(self, lang: Lang = Lang.ZH) -> str:
        """One line for a report."""
        if self.ok:
            if lang is Lang.ZH:
                return f"{self.agreement_id}：{self.events}个事件，哈希链完整，快照与重放一致"
            return f"{self.agreement_id}: {self.events} events, chain intact, snapshot matches"
        reason = "" if self.reason is None else self.reason.get(lang)
        return f"{self.agreement_id}: {reason}"


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

    def summaries(
        self,
        *,
        status: Status | None = None,
        sector: str | None = None,
        kind: AgreementKind | None = None,
        region: str | None = None,
        after: str | None = None,
        limit: int = 500,
    ) -> list[Summary]:
        """Up to ``limit`` summaries with an id after ``after``, by id, matching the filters.

        ``region`` matches the code and the codes within it (``340000`` matches ``340300``).
        """
        ...

    def due(
        self,
        until: dt.date | None,
        on: dt.date,
        *,
        after: tuple[dt.date, str, str] | None = None,
        limit: int = 500,
    ) -> list[Due]:
        """Up to ``limit`` open time limits due by ``until`` (all, without it), as of ``on``.

        Ordered by due day, agreement id and kind, starting after ``after`` (that triple of the
        last item of the previous page). A renewal window that has closed by ``on`` is left out
        (as :func:`~bargain.domain.lifecycle.deadlines.open_deadlines` leaves it out).
        """
        ...

    def text(self, fingerprint: str) -> Text:
        """The text stored under a fingerprint (raises ``UnknownText``)."""
        ...

    def text_versions(self, agreement_id: str) -> tuple[TextVersion, ...]:
        """The agreement's text versions, in order: as opened, then each event that changed it."""
        ...

    def chain(self, agreement_id: str) -> Chain:
        """The agreement's stored hash chain."""
        ...

    def add(self, agreement: Agreement, deadlines: Iterable[Standing] = ()) -> None:
        """Store a new agreement and its open time limits (raises ``DuplicateAgreement``)."""
        ...

    def record(
        self,
        agreement: Agreement,
        events: Sequence[Event],
        deadlines: Iterable[Standing] = (),
    ) -> None:
        """Store the agreement after ``events`` and its open time limits now, replacing those
        stored before (raises ``ConcurrencyError``)."""
        ...

    def events_after(self, position: int, limit: int = 100) -> tuple[Positioned, ...]:
        """Up to ``limit`` committed events with a global position after ``position``."""
        ...

    def verify(self, agreement_id: str | None = None) -> tuple[Verification, ...]:
        """Check the hash chain and snapshot of one agreement, or of all."""
        ...


class PlaybookRepository(Protocol):
    """Each side's private playbook per agreement, kept apart from the shared record.

    A playbook is never part of an agreement, an event, a text or the hash chain: a store keeps
    it in a place of its own (the ``playbooks`` table, a dictionary of its own) that export,
    verification and the event log never read.
    """

    def get(self, agreement_id: str, side: Side) -> Playbook | None:
        """The side's playbook for the agreement, if it has one."""
        ...

    def sides(self, agreement_id: str) -> tuple[Side, ...]:
        """The sides that have a playbook for the agreement."""
        ...

    def save(self, playbook: Playbook) -> None:
        """Keep the playbook, replacing the side's earlier one for the agreement."""
        ...

    def delete(self, agreement_id: str, side: Side) -> bool:
        """Remove the side's playbook; whether there was one."""
        ...


class UnitOfWork(Protocol):
    """One transaction: ``commit`` keeps what was written, leaving the block discards the rest."""

    @property
    def agreements(self) -> AgreementRepository:
        """The agreements as this transaction sees them."""
        ...

    @property
    def playbooks(self) -> PlaybookRepository:
        """The sides' private playbooks as this transaction sees them."""
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


class Store(Protocol):
    """Where agreements are kept: it makes units of work (``MemoryStore``, ``SqlStore``)."""

    def unit_of_work(self) -> UnitOfWork:
        """A new unit of work on this store."""
        ...
