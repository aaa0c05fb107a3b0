"""The in-memory store: agreements, their openings and their histories in dictionaries.

For tests, simulations and short-lived tools. A :class:`MemoryUnitOfWork` stages what it writes
and publishes it to the :class:`MemoryStore` only on :meth:`~MemoryUnitOfWork.commit`, so a step
that fails half-way leaves the store as it was, exactly as a database transaction would. Writes
check the version read, so two writers cannot silently overwrite each other.

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

from bargain.domain.agreement import Agreement
from bargain.domain.events import Event
from bargain.errors import ConcurrencyError, DuplicateAgreement, UnknownAgreement

__all__ = ["MemoryRepository", "MemoryStore", "MemoryUnitOfWork"]


@dataclass(frozen=True)
class _Record:
    opening: Agreement
    current: Agreement
    events: tuple[Event, ...]


class MemoryStore:
    """The committed state: one record per agreement. Safe to share between threads."""

    def __init__(self) -> None:
        self._records: dict[str, _Record] = {}
        self._lock = Lock()

    def unit_of_work(self) -> MemoryUnitOfWork:
        """A new unit of work on this store (a ``uow_factory`` for the services)."""
        return MemoryUnitOfWork(self)

    def _snapshot(self) -> dict[str, _Record]:
        with self._lock:
            return dict(self._records)

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
            self._records.update(staged)


class MemoryRepository:
    """The agreements as one unit of work sees them."""

    def __init__(self, committed: dict[str, _Record]) -> None:
        self._committed = committed
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
        """The agreement as it stands.

        Raises:
            UnknownAgreement: no agreement has that id.
        """
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

    def add(self, agreement: Agreement) -> None:
        """Store a new agreement.

        Raises:
            DuplicateAgreement: an agreement with its id is already stored.
        """
        if agreement.id in self._committed or agreement.id in self._staged:
            raise DuplicateAgreement(agreement.id)
        self._staged[agreement.id] = _Record(agreement, agreement, ())
        self._read[agreement.id] = -1

    def record(self, agreement: Agreement, events: Sequence[Event]) -> None:
        """Store the agreement after ``events``, which must follow on from its stored history.

        Raises:
            UnknownAgreement: the agreement was never added.
            ConcurrencyError: the events do not follow on from the stored version.
        """
        record = self._record(agreement.id)
        version = record.current.procedure.version
        if events and events[0].sequence != version + 1:
            raise ConcurrencyError(agreement.id, events[0].sequence - 1, version)
        self._staged[agreement.id] = _Record(record.opening, agreement, (*record.events, *events))


class MemoryUnitOfWork:
    """One transaction on a :class:`MemoryStore`: commit publishes, anything else discards."""

    agreements: MemoryRepository

    def __init__(self, store: MemoryStore) -> None:
        self._store = store
        self.agreements = MemoryRepository(store._snapshot())

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
        self.agreements = MemoryRepository(self._store._snapshot())

    def rollback(self) -> None:
        """Discard what this unit of work wrote and not committed."""
        self.agreements = MemoryRepository(self._store._snapshot())
