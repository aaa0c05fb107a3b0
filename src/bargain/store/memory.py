"""The in-memory store: agreements, their openings and their histories in dictionaries.

For tests, simulations and short-lived tools. It behaves as the database store does: a
:class:`MemoryUnitOfWork` stages what it writes and publishes it to the :class:`MemoryStore` only
on :meth:`~MemoryUnitOfWork.commit`, so a step that fails half-way leaves the store as it was;
writes check the version read, so two writers cannot silently overwrite each other; events are
hash-chained and numbered in one global log that ``events_after`` follows.

>>> store = MemoryStore()
>>> with MemoryUnitOfWork(store) as uow:
...     uow.agreements.ids()
()
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from threading import Lock
from types import TracebackType
from typing import TYPE_CHECKING

from bargain.domain.agreement import Agreement
from bargain.domain.events import Event
from bargain.errors import ConcurrencyError, DuplicateAgreement, UnknownAgreement
from bargain.ports import Chain, Link, Store, UnitOfWork
from bargain.store._chain import (
    CURRENT_SCHEME,
    Positioned,
    StoredEvent,
    Verification,
    event_hash,
    opening_hash,
    verify_history,
)

__all__ = ["MemoryRepository", "MemoryStore", "MemoryUnitOfWork"]


@dataclass(frozen=True)
class _Record:
    opening: Agreement
    current: Agreement
    events: tuple[Event, ...]
    stored: tuple[StoredEvent, ...]
    root: str

    @property
    def head(self) -> str:
        return self.stored[-1].hash if self.stored else self.root


class MemoryStore:
    """The committed state: one record per agreement and the global log. Thread-safe."""

    def __init__(self) -> None:
        self._records: dict[str, _Record] = {}
        self._log: list[Positioned] = []
        self._lock = Lock()

    def unit_of_work(self) -> MemoryUnitOfWork:
        """A new unit of work on this store (a ``uow_factory`` for the services)."""
        return MemoryUnitOfWork(self)

    def _snapshot(self) -> tuple[dict[str, _Record], list[Positioned]]:
        with self._lock:
            return dict(self._records), list(self._log)

    def _publish(self, staged: dict[str, _Record], read: dict[str, int]) -> None:
        with self._lock:
            for agreement_id in staged:
                current = self._records.get(agreement_id)
                version = -1 if current is None else current.current.procedure.version
                expected = read.get(agreement_id, -1)
                if version != expected:
                    if expected == -1:
                        raise DuplicateAgreement(agreement_id)
                    raise ConcurrencyError(agreement_id, expected, version)
            for agreement_id, record in staged.items():
                before = self._records.get(agreement_id)
                known = 0 if before is None else len(before.events)
                for event in record.events[known:]:
                    self._log.append(Positioned(len(self._log) + 1, event))
            self._records.update(staged)


class MemoryRepository:
    """The agreements as one unit of work sees them."""

    def __init__(self, committed: dict[str, _Record], log: list[Positioned]) -> None:
        self._committed = committed
        self._log = log
        self._staged: dict[str, _Record] = {}
        self._read: dict[str, int] = {}

    def _record(self, agreement_id: str) -> _Record:
        record = self._staged.get(agreement_id) or self._committed.get(agreement_id)
        if record is None:
            raise UnknownAgreement(agreement_id)
        if agreement_id not in self._read and agreement_id not in self._staged:
            self._read[agreement_id] = record.current.procedure.version
        return record

    def get(self, agreement_id: str) -> Agreement:
        """The agreement as it stands (``UnknownAgreement`` if there is none)."""
        return self._record(agreement_id).current

    def opening(self, agreement_id: str) -> Agreement:
        """The agreement as it was added, before any event."""
        return self._record(agreement_id).opening

    def history(self, agreement_id: str) -> tuple[Event, ...]:
        """The agreement's events, oldest first."""
        return self._record(agreement_id).events

    def ids(self) -> tuple[str, ...]:
        """Every agreement id, sorted."""
        return tuple(sorted({*self._committed, *self._staged}))

    def chain(self, agreement_id: str) -> Chain:
        """The agreement's stored hash chain: its root, one link per event, its head."""
        record = self._record(agreement_id)
        links = tuple(Link(s.previous, s.hash, s.scheme) for s in record.stored)
        return Chain(record.root, CURRENT_SCHEME, links, record.head)

    def add(self, agreement: Agreement) -> None:
        """Store a new agreement (``DuplicateAgreement`` if its id is taken)."""
        if agreement.id in self._committed or agreement.id in self._staged:
            raise DuplicateAgreement(agreement.id)
        root = opening_hash(agreement.model_dump(mode="json"))
        self._staged[agreement.id] = _Record(agreement, agreement, (), (), root)
        self._read[agreement.id] = -1

    def record(self, agreement: Agreement, events: Sequence[Event]) -> None:
        """Store the agreement after ``events``, which must follow on from its stored version.

        Raises:
            UnknownAgreement: the agreement was never added.
            ConcurrencyError: the events do not follow on from the stored version.
        """
        record = self._record(agreement.id)
        version = record.current.procedure.version
        if events and events[0].sequence != version + 1:
            raise ConcurrencyError(agreement.id, events[0].sequence - 1, version)
        stored = list(record.stored)
        previous = record.head
        for event in events:
            body = event.model_dump(mode="json")
            digest = event_hash(previous, body)
            stored.append(StoredEvent(body, previous, digest))
            previous = digest
        self._staged[agreement.id] = _Record(
            record.opening, agreement, (*record.events, *events), tuple(stored), record.root
        )

    def events_after(self, position: int, limit: int = 100) -> tuple[Positioned, ...]:
        """Up to ``limit`` committed events with a global position after ``position``."""
        return tuple(p for p in self._log if p.position > position)[:limit]

    def verify(self, agreement_id: str | None = None) -> tuple[Verification, ...]:
        """Check the hash chain and the snapshot of one agreement, or of all of them."""
        ids = (agreement_id,) if agreement_id is not None else self.ids()
        results = []
        for key in ids:
            record = self._record(key)
            results.append(
                verify_history(
                    key,
                    record.opening.model_dump(mode="json"),
                    record.root,
                    record.stored,
                    record.current.model_dump(mode="json"),
                    head=record.head,
                )
            )
        return tuple(results)


class MemoryUnitOfWork:
    """One transaction on a :class:`MemoryStore`: commit publishes, anything else discards."""

    agreements: MemoryRepository

    def __init__(self, store: MemoryStore) -> None:
        self._store = store
        self.agreements = MemoryRepository(*store._snapshot())

    def __enter__(self) -> MemoryUnitOfWork:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.rollback()

    def commit(self) -> None:
        """Publish what this unit of work wrote.

        Raises:
            ConcurrencyError: another unit of work changed one of the agreements first.
            DuplicateAgreement: another unit of work added an agreement with the same id first.
        """
        repository = self.agreements
        self._store._publish(repository._staged, repository._read)
        self.agreements = MemoryRepository(*self._store._snapshot())

    def rollback(self) -> None:
        """Discard what this unit of work wrote and has not committed."""
        self.agreements = MemoryRepository(*self._store._snapshot())


if TYPE_CHECKING:  # checked by mypy only: this store implements the ports

    def _conforms(uow: MemoryUnitOfWork, store: MemoryStore) -> tuple[UnitOfWork, Store]:
        return uow, store
