"""The database store: SQLite by default, PostgreSQL in production, through SQLAlchemy 2.0.

A :class:`SqlUnitOfWork` is one transaction. Writing a step updates the agreement's row only if
its version is still the one the step was computed from (optimistic concurrency: a stale writer
gets :class:`~bargain.errors.ConcurrencyError` and nothing is written) and appends the step's
events with their hashes, in the same transaction. Driver errors are translated at this boundary:
a duplicate becomes ``DuplicateAgreement`` or ``ConcurrencyError``, anything else
``StorageError``, with the original in ``__cause__``.

On PostgreSQL, transactions that append events take a transaction-level advisory lock, so that
global positions are committed in the order they are given and a reader of ``events_after``
never sees a later position before an earlier one. The lock is keyed by the current schema, so
tenants kept in separate schemas of one database do not wait for each other. SQLite serialises
writers by itself.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from threading import Lock
from types import TracebackType
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from alembic.util.exc import CommandError
from sqlalchemy import exc

from bargain.domain.agreement import Agreement
from bargain.domain.events import Event
from bargain.domain.language import Bilingual
from bargain.errors import (
    ConcurrencyError,
    DuplicateAgreement,
    NoDatabase,
    StorageError,
    UnknownAgreement,
)
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
from bargain.store._tables import AgreementRow, Base, EventRow
from bargain.store.migrate import current, head, upgrade

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

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://")
_SCHEMA_NAME = re.compile(r"^[a-z_][a-z0-9_$]{0,62}$")


def database_url(url: str | os.PathLike[str] | None = None) -> str:
    """The database to use, as an SQLAlchemy URL.

    ``url`` is a URL (``sqlite:///build/demo.db``, ``postgresql+psycopg://user@host/name``) or the
    path of an SQLite file (``build/demo.db``, ``~/bargain.db``), which becomes an absolute
    ``sqlite:///`` URL. Without one: ``$BARGAIN_DATABASE_URL`` (a URL or a path too), else
    ``./bargain.db``.

    >>> database_url("postgresql+psycopg://me@db/unions")
    'postgresql+psycopg://me@db/unions'
    >>> database_url("/srv/bargain.db")
    'sqlite:////srv/bargain.db'
    """
    chosen = os.fspath(url).strip() if url is not None else ""
    chosen = chosen or os.environ.get(DATABASE_URL_VARIABLE, "").strip() or DEFAULT_SQLITE_FILE
    if _SCHEME.match(chosen):
        return chosen
    return f"sqlite:///{Path(chosen).expanduser().resolve()}"


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA busy_timeout = 10000")
    cursor.close()


def _engine(url: str) -> sa.Engine:
    """An engine on ``url``; a URL SQLAlchemy cannot use is a one-line :class:`StorageError`."""
    scheme = url.split("://", 1)[0] if "://" in url else url
    unknown = Bilingual(
        f"未知的数据库类型 {scheme!r}（bargain 接受 sqlite:///文件、文件路径或 postgresql+psycopg://…）",
        f"unknown database scheme {scheme!r} "
        "(bargain takes sqlite:///FILE, a file path, or postgresql+psycopg://…)",
    )
    try:
        return sa.create_engine(url)
    except (exc.NoSuchModuleError, ImportError) as error:  # no such dialect, or no driver for it
        raise StorageError(url, unknown) from error
    except (exc.ArgumentError, ValueError) as error:  # unparsable, or a port that is no number
        said = " ".join(str(error).split())  # on one line, whatever SQLAlchemy wrote
        raise StorageError(
            url,
            Bilingual(
                f"不是 bargain 可以使用的数据库地址（{said}）",
                f"not a database URL that bargain can use ({said})",
            ),
        ) from error


def _search_path(schema: str) -> Any:
    def listener(connection: Any, _record: Any) -> None:
        # Set outside a transaction, so it holds for the whole session of the connection.
        autocommit = connection.autocommit
        connection.autocommit = True
        cursor = connection.cursor()
        cursor.execute(f'SET SESSION search_path TO "{schema}"')
        cursor.close()
        connection.autocommit = autocommit

    return listener


class SqlStore:
    """A database holding agreements and their histories.

    Args:
        url: an SQLAlchemy URL, the path of an SQLite file, or an engine (default:
            :func:`database_url`).
        create: bring the schema up to date through the migrations (a new SQLite file gets its
            tables on first use); ``False`` leaves the schema alone (``bargain db upgrade``).
        must_exist: open an existing bargain database only: a missing SQLite file, or a database
            without bargain's tables, raises :class:`~bargain.errors.NoDatabase` and nothing is
            created (the CLI's commands that only read).
        schema: on PostgreSQL, the schema that holds the tables (one per tenant, say); every
            connection of the store works in it alone, the migrations included. With ``create``
            it is created when missing. Only with a URL, not with an engine.
    """

    def __init__(
        self,
        url: str | os.PathLike[str] | sa.Engine | None = None,
        *,
        create: bool = True,
        must_exist: bool = False,
        schema: str | None = None,
    ) -> None:
        if isinstance(url, sa.Engine):
            if schema is not None:
                raise ValueError("SqlStore(schema=...) takes a URL; set the engine's search_path")
            self.engine = url
        else:
            self.engine = _engine(database_url(url))
        self.url = self.engine.url.render_as_string(hide_password=True)
        self.schema = schema
        self._parsed = _SnapshotCache()
        try:
            self._open(create=create, must_exist=must_exist)
        except BaseException:
            if not isinstance(url, sa.Engine):
                self.engine.dispose()  # no connection left behind by a store that failed to open
            raise

    def _open(self, *, create: bool, must_exist: bool) -> None:
        if self.engine.dialect.name == "sqlite":
            file = self.engine.url.database
            in_memory = not file or file == ":memory:"
            if must_exist and not in_memory and not Path(file or "").is_file():
                raise NoDatabase(self.url, file)  # before connecting, which would create it
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
        if self.schema is not None:
            self._use_schema(self.schema, create=create and not must_exist)
        if create or must_exist:
            with self._translated():
                reached = current(self.engine)
                if must_exist and reached is None:
                    raise NoDatabase(self.url)
                if create and reached != head():
                    upgrade(self.engine)

    def _use_schema(self, schema: str, *, create: bool) -> None:
        if self.engine.dialect.name != "postgresql":
            raise StorageError(
                self.url,
                Bilingual(
                    f"只有 PostgreSQL 数据库可以指定 schema（{schema}）",
                    f"a schema ({schema}) can only be given for PostgreSQL",
                ),
            )
        if not _SCHEMA_NAME.match(schema):
            raise StorageError(
                self.url,
                Bilingual(
                    f"schema 名称 {schema!r} 无效：应为小写字母、数字和下划线，不以数字开头，最多63个字符",
                    f"the schema name {schema!r} is not valid: lower-case letters, digits and "
                    "underscores, not starting with a digit, at most 63 characters",
                ),
            )
        if create:  # before the store's first connection, which learns its default schema
            with self._translated():
                maker = sa.create_engine(self.engine.url, poolclass=sa.NullPool)
                try:
                    with maker.begin() as connection:
                        connection.execute(sa.text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
                finally:
                    maker.dispose()
        sa.event.listen(self.engine, "connect", _search_path(schema), insert=True)

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
        except exc.DBAPIError as error:  # unreachable, locked, no such table, bad data…
            raise StorageError(self.url, str(error.orig).strip()) from error
        except CommandError as error:  # a revision this version of bargain does not know
            raise StorageError(
                self.url, f"its schema cannot be migrated by this version of bargain: {error}"
            ) from error


class _SnapshotCache:
    """Committed snapshots already parsed, by agreement and version (a bounded LRU).

    A version names one committed content for good: a later writer can only add versions. So a
    snapshot read or written at a version can be reused instead of parsing its JSON again. Only
    committed versions go in (a unit of work publishes its writes on commit).
    """

    def __init__(self, size: int = 1024) -> None:
        self._size = size
        self._items: OrderedDict[tuple[str, int], Agreement] = OrderedDict()
        self._lock = Lock()

    def get(self, key: tuple[str, int]) -> Agreement | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, agreement: Agreement) -> None:
        with self._lock:
            self._items[agreement.id, agreement.procedure.version] = agreement
            while len(self._items) > self._size:
                self._items.popitem(last=False)


_AGREEMENTS = Base.metadata.tables[AgreementRow.__tablename__]
_EVENTS = Base.metadata.tables[EventRow.__tablename__]
# Statements built once: each execution only binds its values.
_VERSION = sa.select(_AGREEMENTS.c.version).where(_AGREEMENTS.c.id == sa.bindparam("key"))
_SNAPSHOT = sa.select(_AGREEMENTS.c.snapshot).where(_AGREEMENTS.c.id == sa.bindparam("key"))
_OPENING = sa.select(_AGREEMENTS.c.opening).where(_AGREEMENTS.c.id == sa.bindparam("key"))
_HEAD = sa.select(_AGREEMENTS.c.version, _AGREEMENTS.c.head_hash).where(
    _AGREEMENTS.c.id == sa.bindparam("key")
)
_IDS = sa.select(_AGREEMENTS.c.id).order_by(_AGREEMENTS.c.id)
_HISTORY = (
    sa.select(_EVENTS.c.body, _EVENTS.c.previous_hash, _EVENTS.c.hash)
    .where(_EVENTS.c.agreement_id == sa.bindparam("key"))
    .order_by(_EVENTS.c.sequence)
)
_UPDATE = (
    _AGREEMENTS.update()
    .where(
        _AGREEMENTS.c.id == sa.bindparam("key"),
        _AGREEMENTS.c.version == sa.bindparam("expected"),
    )
    .values(
        version=sa.bindparam("version"),
        snapshot=sa.bindparam("snapshot"),
        head_hash=sa.bindparam("head_hash"),
        updated_at=sa.bindparam("updated_at"),
        status=sa.bindparam("status"),
        kind=sa.bindparam("kind"),
        sector=sa.bindparam("sector"),
        region=sa.bindparam("region"),
        term_start=sa.bindparam("term_start"),
        term_end=sa.bindparam("term_end"),
    )
)
_LOCK_EVENTS = sa.text(
    "SELECT pg_advisory_xact_lock(CAST(:key AS integer), hashtext(current_schema()))"
)


class SqlRepository:
    """The agreements as one database transaction sees them (SQLAlchemy Core, no ORM session)."""

    def __init__(self, connection: sa.Connection, store: SqlStore) -> None:
        self._connection = connection
        self._store = store
        self._written: dict[str, Agreement] = {}
        self._heads: dict[str, tuple[int, str]] = {}

    def _scalar(self, statement: sa.Select[Any], key: str) -> Any:
        value = self._connection.execute(statement, {"key": key}).scalar_one_or_none()
        if value is None:
            raise UnknownAgreement(key)
        return value

    def get(self, agreement_id: str) -> Agreement:
        """The agreement as it stands."""
        with self._store._translated():
            if agreement_id in self._written:
                return self._written[agreement_id]
            head = self._connection.execute(_HEAD, {"key": agreement_id}).one_or_none()
            if head is None:
                raise UnknownAgreement(agreement_id)
            version, head_hash = head
            # Remembered for a write in this unit of work; the write still checks the version.
            self._heads[agreement_id] = (version, head_hash)
            cached = self._store._parsed.get((agreement_id, version))
            if cached is not None:
                return cached
            agreement = Agreement.model_validate(self._scalar(_SNAPSHOT, agreement_id))
            if agreement.procedure.version == version:
                self._store._parsed.put(agreement)
            return agreement

    def opening(self, agreement_id: str) -> Agreement:
        """The agreement as it was added."""
        with self._store._translated():
            return Agreement.model_validate(self._scalar(_OPENING, agreement_id))

    def history(self, agreement_id: str) -> tuple[Event, ...]:
        """The agreement's events, oldest first."""
        with self._store._translated():
            self._scalar(_VERSION, agreement_id)  # UnknownAgreement rather than an empty history
            return tuple(Event.model_validate(stored.body) for stored in self._stored(agreement_id))

    def _stored(self, agreement_id: str) -> list[StoredEvent]:
        rows = self._connection.execute(_HISTORY, {"key": agreement_id})
        return [StoredEvent(body, previous, digest) for body, previous, digest in rows]

    def ids(self) -> tuple[str, ...]:
        """Every agreement id, sorted."""
        with self._store._translated():
            return tuple(self._connection.execute(_IDS).scalars())

    def chain(self, agreement_id: str) -> Chain:
        """The agreement's stored hash chain: its root, one link per event, its head."""
        with self._store._translated():
            row = self._connection.execute(
                sa.select(_AGREEMENTS.c.root_hash, _AGREEMENTS.c.head_hash).where(
                    _AGREEMENTS.c.id == agreement_id
                )
            ).one_or_none()
            if row is None:
                raise UnknownAgreement(agreement_id)
            links = tuple(
                Link(previous, digest, CURRENT_SCHEME)
                for _, previous, digest in self._connection.execute(_HISTORY, {"key": agreement_id})
            )
            return Chain(row.root_hash, CURRENT_SCHEME, links, row.head_hash)

    def add(self, agreement: Agreement) -> None:
        """Store a new agreement (``DuplicateAgreement`` if its id is taken)."""
        with self._store._translated():
            taken = self._connection.execute(_VERSION, {"key": agreement.id}).first()
            if taken is not None:
                raise DuplicateAgreement(agreement.id)
            document = agreement.model_dump(mode="json")
            root = opening_hash(document)
            values = {
                "id": agreement.id,
                "version": agreement.procedure.version,
                "opening": document,
                "snapshot": document,
                "root_hash": root,
                "head_hash": root,
                "updated_at": dt.datetime.now(dt.UTC),
                **_columns(agreement),
            }
            try:
                self._connection.execute(_AGREEMENTS.insert(), values)
            except exc.IntegrityError as error:  # added by another writer since the check above
                raise DuplicateAgreement(agreement.id) from error
            self._written[agreement.id] = agreement
            self._heads[agreement.id] = (agreement.procedure.version, root)

    def record(self, agreement: Agreement, events: Sequence[Event]) -> None:
        """Store the agreement after ``events``, which must follow on from its stored version."""
        with self._store._translated():
            stored = self._heads.get(agreement.id)
            if stored is None:
                stored = self._connection.execute(_HEAD, {"key": agreement.id}).one_or_none()
                if stored is None:
                    raise UnknownAgreement(agreement.id)
            version, previous = stored
            expected = events[0].sequence - 1 if events else version
            if version != expected:
                raise ConcurrencyError(agreement.id, expected, version)
            if events and self._connection.dialect.name == "postgresql":
                self._connection.execute(_LOCK_EVENTS, {"key": _EVENT_LOCK})
            rows = []
            for event in events:
                body = event.model_dump(mode="json")
                digest = event_hash(previous, body)
                rows.append(
                    {
                        "agreement_id": agreement.id,
                        "sequence": event.sequence,
                        "type": event.type.value,
                        "actor_role": event.actor.role.value,
                        "actor_name": event.actor.name,
                        "at": event.at,
                        "on": event.on,
                        "body": body,
                        "previous_hash": previous,
                        "hash": digest,
                    }
                )
                previous = digest
            updated = self._connection.execute(
                _UPDATE,
                {
                    "key": agreement.id,
                    "expected": expected,
                    "version": agreement.procedure.version,
                    "snapshot": agreement.model_dump(mode="json"),
                    "head_hash": previous,
                    "updated_at": dt.datetime.now(dt.UTC),
                    **_columns(agreement),
                },
            )
            if updated.rowcount != 1:
                current = self._connection.execute(_VERSION, {"key": agreement.id}).scalar()
                raise ConcurrencyError(agreement.id, expected, -1 if current is None else current)
            if rows:
                try:
                    self._connection.execute(_EVENTS.insert(), rows)
                except exc.IntegrityError as error:
                    raise ConcurrencyError(agreement.id, expected, expected + 1) from error
            self._written[agreement.id] = agreement
            self._heads[agreement.id] = (agreement.procedure.version, previous)

    def events_after(self, position: int, limit: int = 100) -> tuple[Positioned, ...]:
        """Up to ``limit`` events with a global position after ``position``, in order."""
        with self._store._translated():
            rows = self._connection.execute(
                sa.select(_EVENTS.c.position, _EVENTS.c.body)
                .where(_EVENTS.c.position > position)
                .order_by(_EVENTS.c.position)
                .limit(limit)
            )
            return tuple(Positioned(at, Event.model_validate(body)) for at, body in rows)

    def verify(self, agreement_id: str | None = None) -> tuple[Verification, ...]:
        """Check the hash chain and the snapshot of one agreement, or of all of them."""
        with self._store._translated():
            ids = (agreement_id,) if agreement_id is not None else self.ids()
            results = []
            for key in ids:
                row = self._connection.execute(
                    sa.select(
                        _AGREEMENTS.c.opening,
                        _AGREEMENTS.c.root_hash,
                        _AGREEMENTS.c.snapshot,
                        _AGREEMENTS.c.head_hash,
                    ).where(_AGREEMENTS.c.id == key)
                ).one_or_none()
                if row is None:
                    raise UnknownAgreement(key)
                opening, root, snapshot, head_hash = row
                results.append(
                    verify_history(key, opening, root, self._stored(key), snapshot, head=head_hash)
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
        with store._translated():
            self._connection = store.engine.connect()
        self.agreements = SqlRepository(self._connection, store)

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
            self._connection.close()

    def commit(self) -> None:
        """Keep what this unit of work wrote."""
        with self._store._translated():
            try:
                self._connection.commit()
            except exc.IntegrityError as error:  # every write is checked before, so unexpected
                self._connection.rollback()
                raise StorageError(self._store.url, str(error.orig).strip()) from error
        for agreement in self.agreements._written.values():
            self._store._parsed.put(agreement)
        self.agreements = SqlRepository(self._connection, self._store)

    def rollback(self) -> None:
        """Discard what it wrote and has not committed."""
        self._connection.rollback()
        self.agreements = SqlRepository(self._connection, self._store)


if TYPE_CHECKING:  # checked by mypy only: this store implements the ports

    def _conforms(uow: SqlUnitOfWork, store: SqlStore) -> tuple[UnitOfWork, Store]:
        return uow, store
