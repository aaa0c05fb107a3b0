"""Bring a database's schema up to date with the migrations shipped in the package.

>>> import sqlalchemy as sa
>>> engine = sa.create_engine("sqlite://")
>>> upgrade(engine) == head()
True
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

__all__ = ["alembic_config", "current", "downgrade", "head", "upgrade"]


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


def upgrade(engine: sa.Engine, revision: str = "head") -> str | None:
    """Migrate up to ``revision`` in one transaction; returns the revision reached."""
    return _run(engine, command.upgrade, revision)


def downgrade(engine: sa.Engine, revision: str = "base") -> str | None:
    """Migrate down to ``revision`` (``"base"`` removes every table); returns the revision."""
    return _run(engine, command.downgrade, revision)


def _run(engine: sa.Engine, step: Callable[[Config, str], None], revision: str) -> str | None:
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        step(config, revision)
    return current(engine)
