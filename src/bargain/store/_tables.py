"""SQLAlchemy 2.0 row classes: how agreements and their events sit in the database.

They are separate from the Pydantic models (design decision 5): the repository converts both
ways. ``agreements`` holds one row per agreement: the snapshot, the agreement as opened, the
version for optimistic concurrency, the root of its hash chain, and the columns worth querying
(status, kind, sector, region, term). ``events`` is append-only: one row per event, numbered per
agreement (a duplicate sequence number is impossible) and globally by ``position``, which host
systems follow with ``events_after``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = ["AgreementRow", "Base", "EventRow"]

JSONDocument = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
"""JSON on SQLite, JSONB on PostgreSQL."""

Position = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
"""A 64-bit position; SQLite only auto-increments an ``INTEGER PRIMARY KEY``."""


class Base(DeclarativeBase):
    """The metadata of bargain's tables."""

    metadata = sa.MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


class AgreementRow(Base):
    """One agreement: its snapshot and what is worth querying."""

    __tablename__ = "agreements"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    version: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    status: Mapped[str] = mapped_column(sa.String(32), nullable=False, index=True)
    kind: Mapped[str] = mapped_column(sa.String(32), nullable=False)
    sector: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    region: Mapped[str] = mapped_column(sa.String(6), nullable=False)
    term_start: Mapped[dt.date | None] = mapped_column(sa.Date)
    term_end: Mapped[dt.date | None] = mapped_column(sa.Date)
    opening: Mapped[dict[str, Any]] = mapped_column(JSONDocument, nullable=False)
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSONDocument, nullable=False)
    root_hash: Mapped[str] = mapped_column(sa.String(64), nullable=False)
    head_hash: Mapped[str] = mapped_column(sa.String(64), nullable=False)
    updated_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), nullable=False)

    __table_args__ = (sa.CheckConstraint("version >= 0", name="version_not_negative"),)


class EventRow(Base):
    """One event of one agreement, in the order it happened."""

    __tablename__ = "events"

    position: Mapped[int] = mapped_column(Position, primary_key=True, autoincrement=True)
    agreement_id: Mapped[str] = mapped_column(
        sa.String(64), sa.ForeignKey("agreements.id", ondelete="RESTRICT"), nullable=False
    )
    sequence: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    type: Mapped[str] = mapped_column(sa.String(48), nullable=False)
    actor_role: Mapped[str] = mapped_column(sa.String(32), nullable=False)
    actor_name: Mapped[str | None] = mapped_column(sa.String(200))
    at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), nullable=False)
    on: Mapped[dt.date] = mapped_column(sa.Date, nullable=False)
    body: Mapped[dict[str, Any]] = mapped_column(JSONDocument, nullable=False)
    previous_hash: Mapped[str] = mapped_column(sa.String(64), nullable=False)
    hash: Mapped[str] = mapped_column(sa.String(64), nullable=False)

    __table_args__ = (
        sa.UniqueConstraint("agreement_id", "sequence"),
        sa.CheckConstraint("sequence >= 1", name="sequence_positive"),
    )
