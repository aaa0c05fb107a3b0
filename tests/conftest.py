"""Fixtures shared by every tier of tests."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, settings

# In CI the property tests run a fixed sequence of examples, so a red build is always reproducible;
# on a developer's machine they explore new examples on every run.
settings.register_profile(
    "ci", derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", deadline=None)


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


settings.load_profile("ci" if _in_ci() else "dev")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SPRING_FESTIVAL = EXAMPLES / "bengbu-delivery-spring-festival-2021.yaml"
SECTOR_AGREEMENT = EXAMPLES / "bengbu-delivery-sector-agreement.yaml"


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """The PostgreSQL database named by ``BARGAIN_TEST_DATABASE_URL``, shared with other runs.

    Outside CI a missing URL skips the test, saying why; in CI it fails, so the PostgreSQL suite can
    never be skipped there without anyone noticing. Tests never work in it directly: see
    :func:`postgres_url`.
    """
    url = os.environ.get("BARGAIN_TEST_DATABASE_URL", "").strip()
    if not url:
        if _in_ci():
            pytest.fail(
                "CI must run the PostgreSQL suite, but BARGAIN_TEST_DATABASE_URL is not set"
            )
        pytest.skip(
            "BARGAIN_TEST_DATABASE_URL is not set; the PostgreSQL suite runs in CI (.ci/run) "
            "and with `make test-postgres`"
        )
    return url


def in_schema(url: str, schema: str) -> str:
    """``url`` with every connection made from it working in ``schema`` (libpq's ``options``)."""
    parsed = sa.make_url(url)
    given = parsed.query.get("options")
    options = " ".join(
        [*([given] if isinstance(given, str) else given or []), f"-csearch_path={schema}"]
    )
    return parsed.update_query_dict({"options": options}).render_as_string(hide_password=False)


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A PostgreSQL schema of the test's own, empty, and the URL of the database working in it.

    The schema (``bargain_test_`` and a random suffix) is the only one on the URL's search path,
    so the store, Alembic's version table, raw engines and worker processes all meet there and
    nowhere else; runs at the same time on one database never see each other's tables. It is
    dropped with everything in it when the test ends, also when it fails.
    """
    schema = f"bargain_test_{secrets.token_hex(8)}"
    admin = sa.create_engine(postgres_server, poolclass=sa.NullPool)
    with admin.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield in_schema(postgres_server, schema)
    finally:
        with admin.begin() as connection:
            connection.execute(sa.text("SET LOCAL lock_timeout = '60s'"))
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
)
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[sa.Engine]:
    """An engine on each database bargain supports: an SQLite file, and PostgreSQL."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'bargain.db'}"
    else:
        url = request.getfixturevalue("postgres_url")
    engine = sa.create_engine(url)
    try:
        yield engine
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def soffice() -> Path:
    """LibreOffice with the free Chinese fonts, for the tests that make PDFs.

    Outside CI a machine without them skips those tests, saying how to install them; in CI (where
    .ci/run installs them) they fail instead, so the PDF conversion can never go untested there.
    """
    import shutil
    import subprocess

    from bargain.render.pdf import libreoffice

    program = libreoffice()
    cjk = (
        shutil.which("fc-list") is not None
        and subprocess.run(
            ["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False
        ).stdout.strip()
    )
    if program is None or not cjk:
        missing = "LibreOffice" if program is None else "the Chinese fonts (fontconfig)"
        if _in_ci():
            pytest.fail(f"CI must convert documents to PDF, but {missing} is not installed")
        pytest.skip(
            f"{missing} is not installed; the PDF tests run in CI (.ci/run) and after "
            "apt-get install libreoffice-writer-nogui fonts-noto-cjk"
        )
    return program
