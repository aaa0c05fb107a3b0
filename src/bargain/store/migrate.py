"""Bring a database's schema up to date with the migrations shipped in the package.

Each run is one transaction: a migration that fails leaves the database as it was. On PostgreSQL
that is the connection's transaction. On SQLite, whose driver would commit every schema change
made before the first row is written, the run begins its own transaction (``BEGIN IMMEDIATE``); it
also turns foreign-key enforcement off for the run, as SQLite's procedure for rebuilding a table
asks (a rebuilt table is dropped and replaced while other tables refer to it), and checks every
foreign key before it commits (``PRAGMA foreign_key_check``).

>>> import sqlalchemy as sa
>>> engine = sa.create_engine("sqlite://")
>>> upgrade(engine) == head()
True
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from bargain.domain.language import Bilingual
from bargain.errors import StorageError

__all__ = ["BATCH_OPTION", "alembic_config", "current", "downgrade", "head", "upgrade"]

BATCH_OPTION = "bargain.batch"
"""The configuration attribute a data migration reads its batch size from (rows read at once)."""


def alembic_config() -> Config:
    """Alembic's configuration, pointing at the migrations inside the package."""
    config = Config()
    config.set_main_option("script_location", "bargain.store:migrations")
    return config


def head() -> str:
    """The newest revision shipped."""
    revision = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if revision is None:  # pragma: no cover - the package always ships a revision
        raise RuntimeError("no migration is shipped")
    return revision


def current(engine: sa.Engine) -> str | None:
    """The revision the database is at (``None`` for a database without bargain's tables)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: sa.Engine, revision: str = "head", *, batch: int | None = None) -> str | None:
    """Migrate up to ``revision`` in one transaction; returns the revision reached.

    ``batch``: how many agreements a migration that moves data reads and writes at a time
    (default: the migration's own, a hundred).
    """
    return _run(engine, command.upgrade, revision, batch)


def downgrade(engine: sa.Engine, revision: str = "base", *, batch: int | None = None) -> str | None:
    """Migrate down to ``revision`` (``"base"`` removes every table); returns the revision."""
    return _run(engine, command.downgrade, revision, batch)


def _run(
    engine: sa.Engine, step: Callable[[Config, str], None], revision: str, batch: int | None
) -> str | None:
    config = alembic_config()
    if batch is not None:
        if batch < 1:
            raise ValueError(f"batch must be a positive number of rows, not {batch}")
        config.attributes[BATCH_OPTION] = batch
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection, _sqlite_transaction(connection):
            config.attributes["connection"] = connection
            step(config, revision)
    else:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            step(config, revision)
    return current(engine)


@contextmanager
def _sqlite_transaction(connection: sa.Connection) -> Iterator[None]:
    """One SQLite transaction around a migration, foreign keys checked at its end only."""
    driver: Any = connection.connection.driver_connection
    enforced = bool(connection.exec_driver_sql("PRAGMA foreign_keys").scalar())
    connection.rollback()  # the driver has begun nothing yet; end SQLAlchemy's transaction
    isolation = driver.isolation_level
    driver.isolation_level = None  # the driver leaves the transaction to the statements below
    try:
        if enforced:  # outside any transaction, or SQLite ignores it
            connection.exec_driver_sql("PRAGMA foreign_keys = OFF")
        connection.exec_driver_sql("BEGIN IMMEDIATE")
        try:
            yield
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").first()
            if broken is not None:
                table, row, parent, _ = broken
                raise StorageError(
                    connection.engine.url.render_as_string(hide_password=True),
                    Bilingual(
                        f"迁移后表 {table} 的第{row}行引用了表 {parent} 中不存在的行；未作任何更改",
                        f"the migration left row {row} of table {table} referring to a missing "
                        f"row of {parent}; nothing was changed",
                    ),
                )
        except BaseException:
            if driver.in_transaction:
                connection.exec_driver_sql("ROLLBACK")
            connection.rollback()
            raise
        connection.exec_driver_sql("COMMIT")
        connection.commit()
    finally:
        if enforced:
            connection.exec_driver_sql("PRAGMA foreign_keys = ON")
            connection.commit()
        driver.isolation_level = isolation
