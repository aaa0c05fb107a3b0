"""The migrations build exactly the schema of the row classes, on SQLite and PostgreSQL.

Each test starts from nothing: a new SQLite file, or a new PostgreSQL schema of its own.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from bargain.store._tables import Base
from bargain.store.migrate import current, downgrade, head, upgrade


def test_the_migrations_produce_the_schema_of_the_row_classes(engine: sa.Engine) -> None:
    assert current(engine) is None
    assert upgrade(engine) == head()
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []
    assert upgrade(engine) == head()  # a second upgrade changes nothing


def test_the_migrations_go_down_to_nothing(engine: sa.Engine) -> None:
    upgrade(engine)
    downgrade(engine)
    assert current(engine) is None
    assert set(sa.inspect(engine).get_table_names()) <= {"alembic_version"}
