"""The database store: SQLite by default, PostgreSQL in production, through SQLAlchemy 2.0.

A :class:`SqlUnitOfWork` is one transaction. Writing a step updates the agreement's row (its
small state: everything but the text and the meetings) only if its version is still the one the
step was computed from (optimistic concurrency: a stale writer gets
:class:`~bargain.errors.ConcurrencyError` and nothing is written) and appends the step's events
with their hashes, in the same transaction; it adds a meeting's row, a new text (stored once per
fingerprint) and the agreement's open time limits only when they changed. Reads go through two
caches: agreements parsed, by id and version, and texts parsed, by fingerprint. Listing and the
time limits due are queries on columns (:mod:`bargain.store._sql_repository`). Driver errors are translated at this boundary:
a duplicate becomes ``DuplicateAgreement`` or ``ConcurrencyError``, anything else
``StorageError``, with the original in ``__cause__``.

On PostgreSQL, transactions that append events take a transaction-level advisory lock, so that
global positions are committed in the order they are given and a reader of ``events_after``
never sees a later position before an earlier one. The lock is keyed by the current schema, so
tenants kept in separate schemas of one database do not wait for each other. SQLite serialises
writers by itself.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

import orjson
import sqlalchemy as sa
from alembic.util.exc import CommandError
from sqlalchemy import exc

from bargain.domain.agreement import Text
from bargain.domain.language import Bilingual
from bargain.errors import NoDatabase, StorageError
from bargain.ports import Store, UnitOfWork
from bargain.store._shape import json_text
from bargain.store._sql_playbooks import SqlPlaybooks
from bargain.store._sql_repository import SqlRepository
from bargain.store._sql_statements import Known, Lru

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


HEAD_REVISION = "0003"
"""The newest schema revision (``bargain.store.migrate.head()``, which a test keeps it equal to):
a store whose database is at it opens without loading Alembic (a quarter of a second)."""


def _revision(engine: sa.Engine) -> str | None:
    """The revision the database records, or ``None`` when it records none (or cannot say)."""
    try:
        with engine.connect() as connection:
            found = connection.execute(sa.text("SELECT version_num FROM alembic_version")).all()
    except exc.DBAPIError:  # no such table yet (a new database), or not reachable
        return None
    return str(found[0][0]) if len(found) == 1 else None


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
        # orjson writes and reads the JSON columns (bargain's JSON only: no floats, string keys).
        return sa.create_engine(url, json_serializer=json_text, json_deserializer=orjson.loads)
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
        self._states: Lru[str, Known] = Lru(1024)
        """Committed agreements already parsed, by id: the latest version this store read or
        wrote of each (a version names one committed content for good: a later writer can only
        add versions, so an entry is right for as long as its version is the one stored)."""
        self._texts: Lru[str, Text] = Lru(256)
        """Texts already parsed, by fingerprint (a fingerprint names one content for good)."""
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
                if _revision(self.engine) == HEAD_REVISION:
                    return  # the usual case, answered without loading Alembic
                from bargain.store.migrate import current, head, upgrade

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

    def clear_cache(self) -> None:
        """Forget the agreements and texts already parsed: the next reads parse them again.

        Never needed for correctness (a cached entry names one committed content for good); for
        measuring reads from a cold cache (``bench/store.py``) and for freeing memory.
        """
        self._states.clear()
        self._texts.clear()

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


class SqlUnitOfWork:
    """One database transaction: ``commit`` keeps what was written, leaving the block discards it."""

    agreements: SqlRepository
    playbooks: SqlPlaybooks

    def __init__(self, store: SqlStore) -> None:
        self._store = store
        with store._translated():
            self._connection = store.engine.connect()
        self.agreements = SqlRepository(self._connection, store)
        self.playbooks = SqlPlaybooks(self._connection, store)

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
        for key, known in self.agreements._written.items():
            self._store._states.put(key, known)
        self.agreements = SqlRepository(self._connection, self._store)

    def rollback(self) -> None:
        """Discard what it wrote and has not committed."""
        self._connection.rollback()
        self.agreements = SqlRepository(self._connection, self._store)


if TYPE_CHECKING:  # checked by mypy only: this store implements the ports

    def _conforms(uow: SqlUnitOfWork, store: SqlStore) -> tuple[UnitOfWork, Store]:
        return uow, store
