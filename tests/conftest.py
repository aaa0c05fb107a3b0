"""Fixtures shared by every tier of tests."""

from __future__ import annotations

import os
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
def postgres_url() -> str:
    """The PostgreSQL URL of the test database, from ``BARGAIN_TEST_DATABASE_URL``.

    Outside CI a missing URL skips the test, saying why; in CI it fails, so the PostgreSQL suite can
    never be skipped there without anyone noticing.
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
