"""A PostgreSQL schema per tenant: ``SqlStore(url, schema=...)`` keeps each tenant to its own tables.

And the library's ways of naming a database: a URL, a file path, and "open an existing one only".
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from bargain.domain.language import Lang
from bargain.errors import NoDatabase, StorageError
from bargain.store.migrate import head
from bargain.store.sqlalchemy import SqlStore
from tests.steps import procedure_agreement

TABLES = {
    "agreements",
    "deadlines",
    "events",
    "meetings",
    "playbooks",
    "texts",
    "alembic_version",
}


@pytest.fixture
def tenants(postgres_server: str) -> Iterator[list[str]]:
    """Names for three tenant schemas, none of which exists yet; dropped afterwards if made."""
    names = [f"bargain_tenant_{secrets.token_hex(6)}_{n}" for n in range(3)]
    yield names
    engine = sa.create_engine(postgres_server, poolclass=sa.NullPool)
    with engine.begin() as connection:
        for name in names:
            connection.execute(sa.text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))
    engine.dispose()


def _schemas(url: str) -> set[str]:
    engine = sa.create_engine(url, poolclass=sa.NullPool)
    try:
        return set(sa.inspect(engine).get_schema_names())
    finally:
        engine.dispose()


def _tables(url: str, schema: str) -> set[str]:
    engine = sa.create_engine(url, poolclass=sa.NullPool)
    try:
        return set(sa.inspect(engine).get_table_names(schema=schema))
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_each_tenant_schema_holds_its_own_agreements(
    postgres_server: str, tenants: list[str]
) -> None:
    first, second, _ = tenants
    one = SqlStore(postgres_server, schema=first)
    other = SqlStore(postgres_server, schema=second)
    try:
        assert {first, second} <= _schemas(postgres_server)  # created with their tables
        assert _tables(postgres_server, first) == TABLES == _tables(postgres_server, second)
        with one.unit_of_work() as uow:
            uow.agreements.add(procedure_agreement(id="only-in-the-first"))
            uow.commit()
        with other.unit_of_work() as uow:
            assert uow.agreements.ids() == ()
        with one.unit_of_work() as uow:
            assert uow.agreements.ids() == ("only-in-the-first",)
        again = SqlStore(postgres_server, schema=first, must_exist=True)
        with again.unit_of_work() as uow:
            assert uow.agreements.ids() == ("only-in-the-first",)
        again.dispose()
    finally:
        one.dispose()
        other.dispose()


@pytest.mark.postgres
def test_a_tenant_that_must_exist_is_not_created(postgres_server: str, tenants: list[str]) -> None:
    missing = tenants[2]
    with pytest.raises(NoDatabase) as raised:
        SqlStore(postgres_server, schema=missing, must_exist=True)
    assert raised.value.message().endswith(
        "中没有 bargain 的数据表（可用 bargain db upgrade 或 bargain import 建立）"
    )
    assert missing not in _schemas(postgres_server)


@pytest.mark.postgres
@pytest.mark.parametrize("name", ["Tenant", "1tenant", 'a"; DROP SCHEMA public; --'])
def test_a_schema_name_must_be_a_plain_identifier(postgres_server: str, name: str) -> None:
    with pytest.raises(StorageError) as raised:
        SqlStore(postgres_server, schema=name)
    assert f"the schema name {name!r} is not valid" in raised.value.message(Lang.EN)


def test_only_postgresql_takes_a_schema(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'bargain.db'}"
    with pytest.raises(StorageError) as raised:
        SqlStore(url, schema="tenant")
    assert raised.value.message(Lang.EN) == (
        f"the database {url} could not be used: a schema (tenant) can only be given for PostgreSQL"
    )
    assert not (tmp_path / "bargain.db").exists()


def test_a_store_opens_a_file_path(tmp_path: Path) -> None:
    file = tmp_path / "folder" / "bargain.db"
    with pytest.raises(NoDatabase) as raised:
        SqlStore(file, must_exist=True)
    assert raised.value.path == str(file)
    assert not file.parent.exists()
    file.parent.mkdir()
    SqlStore(file).dispose()  # created, with its tables
    store = SqlStore(str(file), must_exist=True)
    assert store.url == f"sqlite:///{file}"
    store.dispose()


def test_an_in_memory_database_never_exists_already() -> None:
    with pytest.raises(NoDatabase) as raised:
        SqlStore("sqlite://", must_exist=True)
    assert raised.value.path is None
    memory = SqlStore("sqlite://")
    with memory.engine.connect() as connection:
        assert (
            connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
            == head()
        )
    memory.dispose()


def test_a_schema_needs_a_url_not_an_engine() -> None:
    engine = sa.create_engine("sqlite://")
    with pytest.raises(ValueError, match=r"SqlStore\(schema=\.\.\.\) takes a URL"):
        SqlStore(engine, schema="tenant")
    engine.dispose()
