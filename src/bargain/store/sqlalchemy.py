"""The database store: SQLite by default, PostgreSQL in production, through SQLAlchemy 2.0.

A :class:`SqlUnitOfWork` is one transaction. Writing a step updates the agreement's row only if
its version is still the one the step was computed from (optimistic concurrency: a stale writer
gets :class:`~bargain.errors.ConcurrencyError` and nothing is written) and appends the step's
events with their hashes, in the same transaction. Driver errors are translated at this boundary:
a duplicate becomes ``DuplicateAgreement`` or ``ConcurrencyError``, anything else
``StorageError``, with the original in ``__cause__``.

On PostgreSQL, transactions that append events take a transaction-level advisory lock, so that
global positions are committed in the order they are given and a reader of ``events_after``
never sees a later position before an earlier one. SQLite serialises writers by itself.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy import exc
from sqlalchemy.orm import Session, sessionmaker

from bargain.domain.agreement import Agreement
from bargain.domain.events import Event
from bargain.errors import ConcurrencyError, DuplicateAgreement, StorageError, UnknownAgreement
from bargain.store.chain import (
    Positioned,
    StoredEvent,
    Verification,
    event_hash,
    opening_hash,
    verify_history,
)
from bargain.store.migrate import current, head, upgrade
from bargain.store.tables import AgreementRow, EventRow

__all__ = [
    "DATABASE_URL_VARIABLE",
    "DEFAULT_SQLITE_FILE",
    "SqlRepository",
    "SqlStore",
    "SqlUnitOfWork",
    "database_url",
]

DATABASE_URL_VARIABLE = "BARGAIN_DATABASE_URL"
"""The environment variable naming the database."""

DEFAULT_SQLITE_FILE = "bargain.db"
"""The SQLite file used when no database is named."""

_EVENT_LOCK = 0x62617267  # "barg": the advisory lock that orders event positions on PostgreSQL


def database_url(url: str | None = None) -> str:
    """The database to use: ``url``, else ``$BARGAIN_DATABASE_URL``, else ``./bargain.db``."""
    chosen = url or os.environ.get(DATABASE_URL_VARIABLE, "").strip()
    if chosen:
        return chosen
    return f"sqlite:///{Path(DEFAULT_SQLITE_FILE).resolve()}"


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA busy_timeout = 10000")
    cursor.close()


class SqlStore:
    """A database holding agreements and their histories.

    Args:
        url: an SQLAlchemy URL or an engine (default: :func:`database_url`).
        create: bring the schema up to date through the migrations (a new SQLite file gets its
            tables on first use); ``False`` leaves the schema alone (``bargain db upgrade``).
    """

    def __init__(self, url: str | sa.Engine | None = None, *, create: bool = True) -> None:
        if isinstance(url, sa.Engine):
            self.engine = url
        else:
            self.engine = sa.create_engine(database_url(url))
        if self.engine.dialect.name == "sqlite":
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
        self.url = self.engine.url.render_as_string(hide_password=True)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        if create:
            with self._translated():
                if current(self.engine) != head():
                    upgrade(self.engine)

    def unit_of_work(self) -> SqlUnitOfWork:
        """A new unit of work (a ``uow_factory`` for :class:`bargain.services.Workflow`)."""
        return SqlUnitOfWork(self)

    def dispose(self) -> None:
        """Close the engine's connections."""
        self.engine.dispose()

    @contextmanager
    def _translated(self) -> Iterator[None]:
        try:
            yield
        except exc.OperationalError as error:
            raise StorageError(self.url, str(error.orig).strip()) from error
        except exc.ProgrammingError as error:
            raise StorageError(self.url, str(error.orig).strip()) from error

    def _session(self) -> Session:
        return self._sessions()


class SqlRepository:
    """The agreements as one database transaction sees them."""

    def __init__(self, session: Session, store: SqlStore) -> None:
        self._session = session
        self._store = store

    def _row(self, agreement_id: str) -> AgreementRow:
        row = self._session.get(AgreementRow, agreement_id)
        if row is None:
            raise UnknownAgreement(agreement_id)
        return row

    def get(self, agreement_id: str) -> Agreement:
        """The agreement as it stands."""
        with self._store._translated():
            return Agreement.model_validate(self._row(agreement_id).snapshot)

    def opening(self, agreement_id: str) -> Agreement:
        """The agreement as it was added."""
        with self._store._translated():
            return Agreement.model_validate(self._row(agreement_id).opening)

    def history(self, agreement_id: str) -> tuple[Event, ...]:
        """The agreement's events, oldest first."""
        with self._store._translated():
            self._row(agreement_id)
            rows = self._session.scalars(
                sa.select(EventRow)
                .where(EventRow.agreement_id == agreement_id)
                .order_by(EventRow.sequence)
            )
            return tuple(Event.model_validate(row.body) for row in rows)

    def ids(self) -> tuple[str, ...]:
        """Every agreement id, sorted."""
        with self._store._translated():
            return tuple(
                self._session.scalars(sa.select(AgreementRow.id).order_by(AgreementRow.id))
            )

    def add(self, agreement: Agreement) -> None:
        """Store a new agreement (``DuplicateAgreement`` if its id is taken)."""
        with self._store._translated():
            if self._session.get(AgreementRow, agreement.id) is not None:
                raise DuplicateAgreement(agreement.id)
            document = agreement.model_dump(mode="json")
            root = opening_hash(document)
            row = AgreementRow(
                id=agreement.id,
                version=agreement.procedure.version,
                opening=document,
                snapshot=document,
                root_hash=root,
                head_hash=root,
                updated_at=dt.datetime.now(dt.UTC),
                **_columns(agreement),
            )
            self._session.add(row)
            try:
                self._session.flush()
            except exc.IntegrityError as error:
                raise DuplicateAgreement(agreement.id) from error

    def record(self, agreement: Agreement, events: Sequence[Event]) -> None:
        """Store the agreement after ``events``, which must follow on from its stored version."""
        with self._store._translated():
            row = self._row(agreement.id)
            self._session.refresh(row)
            expected = events[0].sequence - 1 if events else row.version
            if row.version != expected:
                raise ConcurrencyError(agreement.id, expected, row.version)
            if self._session.get_bind().dialect.name == "postgresql" and events:
                self._session.execute(
                    sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _EVENT_LOCK}
                )
            previous = row.head_hash
            new_rows = []
            for event in events:
                body = event.model_dump(mode="json")
                digest = event_hash(previous, body)
                new_rows.append(
                    EventRow(
                        agreement_id=agreement.id,
                        sequence=event.sequence,
                        type=event.type.value,
                        actor_role=event.actor.role.value,
                        actor_name=event.actor.name,
                        at=event.at,
                        on=event.on,
                        body=body,
                        previous_hash=previous,
                        hash=digest,
                    )
                )
                previous = digest
            # An UPDATE returns a cursor result, which carries the row count.
            updated = cast(
                sa.CursorResult[Any],
                self._session.execute(
                    sa.update(AgreementRow)
                    .where(AgreementRow.id == agreement.id, AgreementRow.version == expected)
                    .values(
                        version=agreement.procedure.version,
                        snapshot=agreement.model_dump(mode="json"),
                        head_hash=previous,
                        updated_at=dt.datetime.now(dt.UTC),
                        **_columns(agreement),
                    )
                    .execution_options(synchronize_session=False)
                ),
            )
            if updated.rowcount != 1:
                current = self._session.scalar(
                    sa.select(AgreementRow.version).where(AgreementRow.id == agreement.id)
                )
                raise ConcurrencyError(agreement.id, expected, -1 if current is None else current)
            self._session.add_all(new_rows)
            try:
                self._session.flush()
            except exc.IntegrityError as error:
                raise ConcurrencyError(agreement.id, expected, expected + 1) from error

    def events_after(self, position: int, limit: int = 100) -> tuple[Positioned, ...]:
        """Up to ``limit`` events with a global position after ``position``, in order."""
        with self._store._translated():
            rows = self._session.scalars(
                sa.select(EventRow)
                .where(EventRow.position > position)
                .order_by(EventRow.position)
                .limit(limit)
            )
            return tuple(Positioned(row.position, Event.model_validate(row.body)) for row in rows)

    def verify(self, agreement_id: str | None = None) -> tuple[Verification, ...]:
        """Check the hash chain and the snapshot of one agreement, or of all of them."""
        with self._store._translated():
            ids = (agreement_id,) if agreement_id is not None else self.ids()
            results = []
            for key in ids:
                row = self._row(key)
                stored = [
                    StoredEvent(event.body, event.previous_hash, event.hash)
                    for event in self._session.scalars(
                        sa.select(EventRow)
                        .where(EventRow.agreement_id == key)
                        .order_by(EventRow.sequence)
                    )
                ]
                results.append(
                    verify_history(
                        key, row.opening, row.root_hash, stored, row.snapshot, head=row.head_hash
                    )
                )
            return tuple(results)


def _columns(agreement: Agreement) -> dict[str, Any]:
    term = agreement.term
    return {
        "status": agreement.status.value,
        "kind": agreement.kind.value,
        "sector": agreement.scope.sector,
        "region": agreement.scope.region,
        "term_start": None if term is None else term.start,
        "term_end": None if term is None else term.end,
    }


class SqlUnitOfWork:
    """One database transaction: ``commit`` keeps what was written, leaving the block discards it."""

    agreements: SqlRepository

    def __init__(self, store: SqlStore) -> None:
        self._store = store
        self._session = store._session()
        self.agreements = SqlRepository(self._session, store)

    def __enter__(self) -> SqlUnitOfWork:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        try:
            self.rollback()
        finally:
            self._session.close()

    def commit(self) -> None:
        """Keep what this unit of work wrote."""
        with self._store._translated():
            try:
                self._session.commit()
            except exc.IntegrityError as error:  # every write is flushed, so this is unexpected
                self._session.rollback()
                raise StorageError(self._store.url, str(error.orig).strip()) from error

    def rollback(self) -> None:
        """Discard what it wrote and has not committed."""
        self._session.rollback()
