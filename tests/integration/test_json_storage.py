"""An agreement's JSON form survives a JSON column on every supported database unchanged.

The store keeps snapshots and event payloads as JSON, so the serialised form must come back from
SQLite and from PostgreSQL's JSONB exactly: decimals with their precision, dates, Chinese text.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from bargain import Agreement, load_agreement
from tests.conftest import SECTOR_AGREEMENT, SPRING_FESTIVAL


def _round_trip(engine: sa.Engine, agreement: Agreement) -> Agreement:
    json_type = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
    metadata = sa.MetaData()
    table = sa.Table(
        "agreement_json_probe",
        metadata,
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("body", json_type, nullable=False),
        prefixes=["TEMPORARY"],
    )
    with engine.connect() as connection:
        metadata.create_all(connection)
        connection.execute(
            table.insert(), {"id": agreement.id, "body": agreement.model_dump(mode="json")}
        )
        stored = connection.execute(sa.select(table.c.body)).scalar_one()
        connection.rollback()
    return Agreement.model_validate(stored)


def test_the_sector_agreement_comes_back_from_a_json_column_unchanged(engine: sa.Engine) -> None:
    agreement = load_agreement(SECTOR_AGREEMENT)
    assert _round_trip(engine, agreement) == agreement


def test_rates_keep_their_exact_decimals_through_a_json_column(engine: sa.Engine) -> None:
    agreement = load_agreement(SPRING_FESTIVAL)
    back = _round_trip(engine, agreement)
    pay = back.clause("festival-pay")
    assert str(pay.piece_rate) == "12.5/order"  # type: ignore[union-attr]
    assert back.title == agreement.title
