"""The ports: what the use cases need of a store, and the value types a store returns.

:mod:`bargain.services` sees storage only through these protocols; the stores shipped with bargain
(:class:`~bargain.store.memory.MemoryStore`, :class:`~bargain.store.sqlalchemy.SqlStore`)
implement them, and one contract suite (``tests/contract``) runs against each. A host system may
bring its own store: implement :class:`UnitOfWork` and :class:`AgreementRepository`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Protocol, Self

from bargain.domain.agreement import Agreement
from bargain.domain.events import Event
from bargain.domain.language import Bilingual, Lang

__all__ = ["AgreementRepository", "Positioned", "Store", "UnitOfWork", "Verification"]


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


class Store(Protocol):
    """Where agreements are kept: it makes units of work (``MemoryStore``, ``SqlStore``)."""

    def unit_of_work(self) -> UnitOfWork:
        """A new unit of work on this store."""
        ...
