"""Where a workflow is assembled: a store (or a database URL or file), the law, and a clock.

The CLI and host systems both start here, so that a workflow is built the same way everywhere:

>>> import datetime as dt
>>> from bargain.domain.calendar import FixedClock
>>> from bargain.store.memory import MemoryStore
>>> workflow = open_workflow(MemoryStore(), clock=FixedClock(dt.date(2019, 11, 6)))
>>> list(workflow.find())
[]
"""

from __future__ import annotations

import datetime as dt
import os
from typing import TYPE_CHECKING

from bargain.domain.calendar import Clock, FixedClock, SystemClock
from bargain.ports import Store

if TYPE_CHECKING:
    from bargain.domain.lifecycle import Lifecycle
    from bargain.services import Workflow

__all__ = ["default_lifecycle", "open_store", "open_workflow"]


def default_lifecycle() -> Lifecycle:
    """The procedure on the shipped legal parameters, with the built-in rules as guards."""
    from bargain.law.procedure import lifecycle

    return lifecycle()


def open_store(
    database: str | os.PathLike[str] | None = None, *, must_exist: bool = False
) -> Store:
    """The database store for a URL or a file path.

    Args:
        database: an SQLAlchemy URL (``sqlite:///file.db``, ``postgresql+psycopg://...``), or
            the path of an SQLite file; default ``$BARGAIN_DATABASE_URL``, else ``./bargain.db``.
            A new database is created and migrated on first use.
        must_exist: refuse to create a database that does not exist (for what only reads).

    Raises:
        NoDatabase: ``must_exist`` and there is no database there.
        StorageError: the URL is malformed, names an unknown database, or cannot be opened.
    """
    from bargain.store.sqlalchemy import SqlStore, database_url

    url = database_url(None if database is None else os.fspath(database))
    return SqlStore(url, must_exist=must_exist)


def open_workflow(
    database: Store | str | os.PathLike[str] | None = None,
    *,
    clock: Clock | None = None,
    today: dt.date | None = None,
    lifecycle: Lifecycle | None = None,
    must_exist: bool = False,
) -> Workflow:
    """A workflow on a store, or on the database at a URL or file path (see :func:`open_store`).

    Args:
        database: a store (``MemoryStore()``, a ``SqlStore``), or where the database is.
        clock: where the time comes from (default: the system clock, China time).
        today: a fixed day instead of a clock (for scripts that record the past).
        lifecycle: the procedure to run (default: :func:`default_lifecycle`).
        must_exist: with a URL or path, refuse to create a database that does not exist.
    """
    from bargain.services import Workflow

    if database is None or isinstance(database, str | os.PathLike):
        store = open_store(database, must_exist=must_exist)
    else:
        store = database
    if clock is None:
        clock = SystemClock() if today is None else FixedClock(today)
    return Workflow(store.unit_of_work, clock=clock, lifecycle=lifecycle or default_lifecycle())
