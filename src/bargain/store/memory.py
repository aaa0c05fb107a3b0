"""The in-memory store: agreements, their openings and their histories in dictionaries.

For tests, simulations and short-lived tools. It behaves as the database store does: a
:class:`MemoryUnitOfWork` stages what it writes and publishes it to the :class:`MemoryStore` only
on :meth:`~MemoryUnitOfWork.commit`, so a step that fails half-way leaves the store as it was;
writes check the version read, so two writers cannot silently overwrite each other; events are
hash-chained and numbered in one global log that ``events_after`` follows.

A unit of work reads the committed records in place (it copies nothing of the store) and keeps
only what it writes; committing appends to the records. So a step costs the same however many
agreements the store holds and however long their histories are.

>>> store = MemoryStore()
>>> with MemoryUnitOfWork(store) as uow:
...     uow.agreements.ids()
()
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from threading import Lock
from types import TracebackType
from typing import TYPE_CHECKING

from bargain.domain.agreement import Agreement, AgreementKind, Text
from bargain.domain.events import Event
from bargain.domain.fingerprint import text_fingerprint
from bargain.domain.lifecycle.deadlines import Due, still_open
from bargain.domain.parties import Side
from bargain.domain.playbook import Playbook
from bargain.domain.procedure import Status
from bargain.errors import ConcurrencyError, DuplicateAgreement, UnknownAgreement, UnknownText
from bargain.ports import Chain, Link, Standing, Store, Summary, TextVersion, UnitOfWork
from bargain.store._chain import (
    CURRENT_SCHEME,
    Positioned,
    StoredEvent,
    Verification,
    event_hash,
    opening_hash,
    verify_history,
)
from bargain.store._shape import next_due, produced_texts, region_range, text_versions

__all__ = ["MemoryPlaybooks", "MemoryRepository", "MemoryStore", "MemoryUnitOfWork"]


@dataclass(eq=False, slots=True)
class _Record:
    """One agreement as committed. Only the store changes it, under its lock, by appending."""

    opening: Agreement
    current: Agreement
    root: str
    deadlines: tuple[Standing, ...]
    events: list[Event] = field(default_factory=list)
    stored: list[StoredEvent] = field(default_factory=list)
    texts: list[tuple[int, dt.date, str]] = field(default_factory=list)

    @property
    def head(self) -> str:
        return self.stored[-1].hash if self.stored else self.root


@dataclass(eq=False, slots=True)
class _Staged:
    """What one unit of work wrote for one agreement, on top of the record it read (if any)."""

    base: _Record | None
    expected: int
    """The version the writes follow on from (-1 for a new agreement)."""
    known: int
    """How many of the base record's events (and text versions) there were then."""
    known_texts: int
    opening: Agreement
    current: Agreement
    root: str
    head: str
    deadlines: tuple[Standing, ...]
    events: list[Event] = field(default_factory=list)
    stored: list[StoredEvent] = field(default_factory=list)
    texts: list[tuple[int, dt.date, str]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _View:
    """One agreement as a unit of work sees it."""

    opening: Agreement
    current: Agreement
    root: str
    events: list[Event]
    stored: list[StoredEvent]
    texts: list[tuple[int, dt.date, str]]


class MemoryStore:
    """The committed state: one record per agreement, the texts and the global log. Thread-safe."""

    def __init__(self) -> None:
        self._records: dict[str, _Record] = {}
        self._ids: list[str] = []  # sorted
        self._texts: dict[str, Text] = {}
        self._log: list[Positioned] = []
        self._playbooks: dict[tuple[str, Side], Playbook] = {}
        """The sides' private playbooks, apart from the records (never in an event or export)."""
        self._lock = Lock()

    def unit_of_work(self) -> MemoryUnitOfWork:
        """A new unit of work on this store (a ``uow_factory`` for the services)."""
        return MemoryUnitOfWork(self)

    def _publish(
        self,
        staged: dict[str, _Staged],
        texts: dict[str, Text],
        playbooks: dict[tuple[str, Side], Playbook | None],
    ) -> None:
        with self._lock:
            for agreement_id, _ in playbooks:
                if agreement_id not in self._records and agreement_id not in staged:
                    raise UnknownAgreement(agreement_id)
            for agreement_id, change in staged.items():
                record = self._records.get(agreement_id)
                version = -1 if record is None else record.current.procedure.version
                if version != change.expected:
                    if change.expected == -1:
                        raise DuplicateAgreement(agreement_id)
                    raise ConcurrencyError(agreement_id, change.expected, version)
            self._texts.update(texts)
            for agreement_id, change in staged.items():
                record = self._records.get(agreement_id)
                if record is None:
                    record = _Record(change.opening, change.current, change.root, change.deadlines)
                    self._records[agreement_id] = record
                    bisect.insort(self._ids, agreement_id)
                record.current = change.current
                record.deadlines = change.deadlines
                record.events.extend(change.events)
                record.stored.extend(change.stored)
                record.texts.extend(change.texts)
                for event in change.events:
                    self._log.append(Positioned(len(self._log) + 1, event))
            for key, playbook in playbooks.items():
                if playbook is None:
                    self._playbooks.pop(key, None)
                else:
                    self._playbooks[key] = playbook


class MemoryRepository:
    """The agreements as one unit of work sees them: the committed records, and its own writes."""

    def __init__(self, store: MemoryStore) -> None:
        self._store = store
        self._seen: dict[str, _Staged] = {}
        """Each agreement as this unit of work first read it, with what it wrote on top."""
        self._staged: dict[str, _Staged] = {}
        """Those it wrote."""
        self._texts: dict[str, Text] = {}

    def _committed(self, agreement_id: str) -> _Record | None:
        return self._store._records.get(agreement_id)

    def _known(self, agreement_id: str) -> _Staged:
        seen = self._seen.get(agreement_id)
        if seen is not None:
            return seen
        record = self._committed(agreement_id)
        if record is None:
            raise UnknownAgreement(agreement_id)
        with self._store._lock:  # the record as it is now, all at once (a few references)
            seen = _Staged(
                record,
                record.current.procedure.version,
                len(record.events),
                len(record.texts),
                record.opening,
                record.current,
                record.root,
                record.head,
                record.deadlines,
            )
        self._seen[agreement_id] = seen
        return seen

    def get(self, agreement_id: str) -> Agreement:
        """The agreement as it stands (``UnknownAgreement`` if there is none)."""
        return self._known(agreement_id).current

    def opening(self, agreement_id: str) -> Agreement:
        """The agreement as it was added, before any event."""
        return self._known(agreement_id).opening

    def _view(self, agreement_id: str) -> _View:
        """The agreement's history as this unit of work sees it."""
        known = self._known(agreement_id)
        base, count, texts = known.base, known.known, known.known_texts
        with self._store._lock:
            events = [] if base is None else base.events[:count]
            stored = [] if base is None else base.stored[:count]
            changes = [] if base is None else base.texts[:texts]
        return _View(
            known.opening,
            known.current,
            known.root,
            [*events, *known.events],
            [*stored, *known.stored],
            [*changes, *known.texts],
        )

    def history(self, agreement_id: str) -> tuple[Event, ...]:
        """The agreement's events, oldest first."""
        return tuple(self._view(agreement_id).events)

    def _all_ids(self) -> list[str]:
        with self._store._lock:
            ids = list(self._store._ids)
        added = [key for key, staged in self._staged.items() if staged.base is None]
        return sorted({*ids, *added}) if added else ids

    def _ids_after(self, after: str | None) -> Iterator[str]:
        """The ids after ``after``, in order, read a few at a time (no copy of them all)."""
        added = sorted(key for key, staged in self._staged.items() if staged.base is None)
        ids = self._store._ids
        cursor = after
        while True:
            with self._store._lock:
                start = 0 if cursor is None else bisect.bisect_right(ids, cursor)
                chunk = ids[start : start + 64]
            if added:
                chunk = sorted({*chunk, *(key for key in added if cursor is None or key > cursor)})
                if len(chunk) > 64:
                    chunk = chunk[:64]
            if not chunk:
                return
            yield from chunk
            cursor = chunk[-1]

    def ids(self) -> tuple[str, ...]:
        """Every agreement id, sorted."""
        return tuple(self._all_ids())

    def _current(self, agreement_id: str) -> tuple[Agreement, tuple[Standing, ...]] | None:
        known = self._seen.get(agreement_id) or self._committed(agreement_id)
        return None if known is None else (known.current, known.deadlines)

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
        """Up to ``limit`` summaries with an id after ``after``, by id, matching the filters."""
        low, high = ("", "") if region is None else region_range(region)
        found: list[Summary] = []
        for agreement_id in self._ids_after(after):
            if len(found) >= limit:
                break
            current = self._current(agreement_id)
            if current is None:  # pragma: no cover - records are never removed
                continue
            agreement, deadlines = current
            if (
                (status is None or agreement.status is status)
                and (sector is None or agreement.scope.sector == sector)
                and (kind is None or agreement.kind is kind)
                and (region is None or low <= agreement.scope.region <= high)
            ):
                found.append(_summary(agreement, deadlines))
        return found

    def due(
        self,
        until: dt.date | None,
        on: dt.date,
        *,
        after: tuple[dt.date, str, str] | None = None,
        limit: int = 500,
    ) -> list[Due]:
        """Up to ``limit`` open time limits due by ``until``, as of ``on``, soonest first."""
        items: list[tuple[tuple[dt.date, str, str], Due]] = []
        for agreement_id in self._all_ids():
            current = self._current(agreement_id)
            if current is None:  # pragma: no cover - records are never removed
                continue
            for kind, deadline in current[1]:
                key = (deadline.due, agreement_id, kind.value)
                if (
                    (until is None or deadline.due <= until)
                    and still_open(kind, deadline, on)
                    and (after is None or key > after)
                ):
                    items.append((key, Due(agreement_id, kind, deadline, on)))
        items.sort(key=lambda item: item[0])
        return [due for _, due in items[:limit]]

    def text(self, fingerprint: str) -> Text:
        """The text stored under a fingerprint."""
        found = self._texts.get(fingerprint) or self._store._texts.get(fingerprint)
        if found is None:
            raise UnknownText(fingerprint)
        return found

    def text_versions(self, agreement_id: str) -> tuple[TextVersion, ...]:
        """The agreement's text versions: as opened, then each event that changed it."""
        view = self._view(agreement_id)
        return text_versions(text_fingerprint(view.opening), view.texts)

    def chain(self, agreement_id: str) -> Chain:
        """The agreement's stored hash chain."""
        view = self._view(agreement_id)
        return _chain(view.root, view.stored)

    # ------------------------------------------------------------------------------ writing

    def _keep_text(self, text: Agreement | Text) -> str:
        fingerprint = text_fingerprint(text)
        if fingerprint not in self._texts and fingerprint not in self._store._texts:
            self._texts[fingerprint] = text if isinstance(text, Text) else text.text
        return fingerprint

    def add(self, agreement: Agreement, deadlines: Iterable[Standing] = ()) -> None:
        """Store a new agreement and its open time limits (``DuplicateAgreement`` if its id is
        taken)."""
        if agreement.id in self._seen or self._committed(agreement.id) is not None:
            raise DuplicateAgreement(agreement.id)
        self._keep_text(agreement)
        root = opening_hash(agreement.model_dump(mode="json"))
        staged = _Staged(None, -1, 0, 0, agreement, agreement, root, root, tuple(deadlines))
        self._seen[agreement.id] = self._staged[agreement.id] = staged

    def record(
        self, agreement: Agreement, events: Sequence[Event], deadlines: Iterable[Standing] = ()
    ) -> None:
        """Store the agreement after ``events``, which must follow on from its stored version,
        and its open time limits now.

        Raises:
            UnknownAgreement: the agreement was never added.
            ConcurrencyError: the events do not follow on from the stored version.
        """
        staged = self._known(agreement.id)
        version = staged.current.procedure.version
        if events and events[0].sequence != version + 1:
            raise ConcurrencyError(agreement.id, events[0].sequence - 1, version)
        self._staged[agreement.id] = staged
        before = staged.current
        produced = produced_texts(lambda: before.text, agreement, events)
        previous = staged.head
        for event, text in zip(events, produced, strict=True):
            body = event.model_dump(mode="json")
            digest = event_hash(previous, body)
            staged.stored.append(StoredEvent(body, previous, digest))
            staged.events.append(event)
            if text is not None:
                staged.texts.append((event.sequence, event.on, self._keep_text(text)))
            previous = digest
        self._keep_text(agreement)
        staged.head = previous
        staged.current = agreement
        staged.deadlines = tuple(deadlines)

    def events_after(self, position: int, limit: int = 100) -> tuple[Positioned, ...]:
        """Up to ``limit`` committed events with a global position after ``position``."""
        with self._store._lock:
            log = self._store._log
            return tuple(log[max(position, 0) : max(position, 0) + limit])

    def verify(self, agreement_id: str | None = None) -> tuple[Verification, ...]:
        """Check the hash chain and the snapshot of one agreement, or of all of them."""
        ids = (agreement_id,) if agreement_id is not None else self.ids()
        results = []
        for key in ids:
            view = self._view(key)
            results.append(
                verify_history(
                    key,
                    view.opening.model_dump(mode="json"),
                    view.root,
                    view.stored,
                    view.current.model_dump(mode="json"),
                    head=_chain(view.root, view.stored).head,
                    root_scheme=CURRENT_SCHEME,
                )
            )
        return tuple(results)


def _chain(root: str, stored: Sequence[StoredEvent]) -> Chain:
    links = tuple(Link(s.previous, s.hash, s.scheme) for s in stored)
    return Chain(root, CURRENT_SCHEME, links, stored[-1].hash if stored else root)


def _summary(agreement: Agreement, deadlines: Iterable[Standing]) -> Summary:
    term = agreement.term
    soonest = next_due(deadlines)
    return Summary(
        id=agreement.id,
        title=agreement.title,
        title_en=agreement.title_en,
        status=agreement.status,
        kind=agreement.kind,
        sector=agreement.scope.sector,
        sector_name=agreement.scope.sector_name,
        region=agreement.scope.region,
        term_start=None if term is None else term.start,
        term_end=None if term is None else term.end,
        version=agreement.procedure.version,
        next_due=None if soonest is None else soonest[1].due,
        next_due_kind=None if soonest is None else soonest[0],
    )


class MemoryPlaybooks:
    """The sides' playbooks as one unit of work sees them: the committed ones, and its writes."""

    def __init__(self, store: MemoryStore) -> None:
        self._store = store
        self._staged: dict[tuple[str, Side], Playbook | None] = {}
        """What this unit of work wrote, by agreement and side (``None``: deleted)."""

    def get(self, agreement_id: str, side: Side) -> Playbook | None:
        """The side's playbook for the agreement, if it has one."""
        key = (agreement_id, side)
        if key in self._staged:
            return self._staged[key]
        with self._store._lock:
            return self._store._playbooks.get(key)

    def sides(self, agreement_id: str) -> tuple[Side, ...]:
        """The sides that have a playbook for the agreement."""
        return tuple(side for side in Side if self.get(agreement_id, side) is not None)

    def save(self, playbook: Playbook) -> None:
        """Keep the playbook, replacing the side's earlier one (published on commit)."""
        self._staged[(playbook.agreement_id, playbook.side)] = playbook

    def delete(self, agreement_id: str, side: Side) -> bool:
        """Remove the side's playbook (on commit); whether there was one."""
        had = self.get(agreement_id, side) is not None
        self._staged[(agreement_id, side)] = None
        return had


class MemoryUnitOfWork:
    """One transaction on a :class:`MemoryStore`: commit publishes, anything else discards."""

    agreements: MemoryRepository
    playbooks: MemoryPlaybooks

    def __init__(self, store: MemoryStore) -> None:
        self._store = store
        self.agreements = MemoryRepository(store)
        self.playbooks = MemoryPlaybooks(store)

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
        self._store._publish(repository._staged, repository._texts, self.playbooks._staged)
        self.rollback()

    def rollback(self) -> None:
        """Discard what this unit of work wrote and has not committed."""
        self.agreements = MemoryRepository(self._store)
        self.playbooks = MemoryPlaybooks(self._store)


if TYPE_CHECKING:  # checked by mypy only: this store implements the ports

    def _conforms(uow: MemoryUnitOfWork, store: MemoryStore) -> tuple[UnitOfWork, Store]:
        return uow, store
