"""SQLAlchemy 2.0 row classes: how agreements and their events sit in the database.

They are separate from the Pydantic models (design decision 5): the repository converts both
ways. Schema revision 0002 (decision 11):

``texts``
    each distinct text (parties, scope, term, clauses) once, under its fingerprint: the SHA-256 of
    its RFC 8785 canonical JSON (``bargain.domain.fingerprint``). Never updated.
``agreements``
    one row per agreement: the version for optimistic concurrency, the current text and the text
    as opened (by fingerprint), the rest of the agreement as opened and as it stands (``state``:
    everything but the text and the meetings, a few KB at most), the root and head of its hash
    chain, and the columns that listing and searching read (title, status, kind, sector, region,
    term, the next deadline).
``meetings``
    the meetings of each agreement, numbered, one row each: a step that records a meeting adds a
    row instead of rewriting them all.
``deadlines``
    the open time limits of each agreement as of its last step, one row each, replaced by every
    step: "what falls due within 30 days" is one indexed query.
``events``
    append-only: one row per event, numbered per agreement (a duplicate sequence number is
    impossible) and globally by ``position``, which host systems follow with ``events_after``; the
    text version the event produced, if any; its hash and the scheme of the hash.

Schema revision 0003 adds:

``playbooks``
    each side's private playbook per agreement (``bargain.domain.playbook``), one row per
    agreement and side, replaced when saved again. Apart from the shared record: no event, text,
    export or hash refers to it, and it is never read to verify or export an agreement.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = [
    "AgreementRow",
    "Base",
    "DeadlineRow",
    "EventRow",
    "MeetingRow",
    "PlaybookRow",
    "TextRow",
]

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


class TextRow(Base):
    """One text, stored once, addressed by its fingerprint."""

    __tablename__ = "texts"

    fingerprint: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    body: Mapped[dict[str, Any]] = mapped_column(JSONDocument, nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), nullable=False)


class AgreementRow(Base):
    """One agreement: its state, its text by fingerprint, and what is worth querying."""

    __tablename__ = "agreements"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    version: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    title: Mapped[str] = mapped_column(sa.Text, nullable=False)
    title_en: Mapped[str | None] = mapped_column(sa.Text)
    status: Mapped[str] = mapped_column(sa.String(32), nullable=False, index=True)
    kind: Mapped[str] = mapped_column(sa.String(32), nullable=False, index=True)
    sector: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    sector_name: Mapped[str | None] = mapped_column(sa.Text)
    region: Mapped[str] = mapped_column(sa.String(6), nullable=False, index=True)
    term_start: Mapped[dt.date | None] = mapped_column(sa.Date)
    term_end: Mapped[dt.date | None] = mapped_column(sa.Date, index=True)
    text_fingerprint: Mapped[str] = mapped_column(
        sa.String(64), sa.ForeignKey("texts.fingerprint", ondelete="RESTRICT"), nullable=False
    )
    opening_fingerprint: Mapped[str] = mapped_column(
        sa.String(64), sa.ForeignKey("texts.fingerprint", ondelete="RESTRICT"), nullable=False
    )
    opening_state: Mapped[dict[str, Any]] = mapped_column(JSONDocument, nullable=False)
    state: Mapped[dict[str, Any]] = mapped_column(JSONDocument, nullable=False)
    meetings: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    next_due: Mapped[dt.date | None] = mapped_column(sa.Date, index=True)
    next_due_kind: Mapped[str | None] = mapped_column(sa.String(32))
    scheme: Mapped[str] = mapped_column(sa.String(32), nullable=False)
    root_hash: Mapped[str] = mapped_column(sa.String(64), nullable=False)
    head_hash: Mapped[str] = mapped_column(sa.String(64), nullable=False)
    updated_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), nullable=False)

    __table_args__ = (
        sa.CheckConstraint("version >= 0", name="version_not_negative"),
        sa.CheckConstraint("meetings >= 0", name="meetings_not_negative"),
    )


class MeetingRow(Base):
    """One meeting of one agreement's negotiation, numbered from 1."""

    __tablename__ = "meetings"

    agreement_id: Mapped[str] = mapped_column(
        sa.String(64), sa.ForeignKey("agreements.id", ondelete="RESTRICT"), primary_key=True
    )
    number: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    body: Mapped[dict[str, Any]] = mapped_column(JSONDocument, nullable=False)

    __table_args__ = (
        sa.CheckConstraint("number >= 1", name="number_positive"),
        {"sqlite_with_rowid": False},  # the rows live in the primary key's tree: one tree less
    )


class DeadlineRow(Base):
    """One open time limit of one agreement, as of its last step."""

    __tablename__ = "deadlines"

    agreement_id: Mapped[str] = mapped_column(
        sa.String(64), sa.ForeignKey("agreements.id", ondelete="RESTRICT"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    due: Mapped[dt.date] = mapped_column(sa.Date, nullable=False)
    start: Mapped[dt.date] = mapped_column(sa.Date, nullable=False)
    days: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    convention: Mapped[str] = mapped_column(sa.String(32), nullable=False)
    approximate: Mapped[bool] = mapped_column(sa.Boolean, nullable=False)

    __table_args__ = (
        sa.Index("ix_deadlines_due_agreement", "due", "agreement_id"),
        {"sqlite_with_rowid": False},  # the rows live in the primary key's tree: one tree less
    )


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
    text_fingerprint: Mapped[str | None] = mapped_column(
        sa.String(64), sa.ForeignKey("texts.fingerprint", ondelete="RESTRICT")
    )
    scheme: Mapped[str] = mapped_column(sa.String(32), nullable=False)
    previous_hash: Mapped[str] = mapped_column(sa.String(64), nullable=False)
    hash: Mapped[str] = mapped_column(sa.String(64), nullable=False)

    __table_args__ = (
        sa.UniqueConstraint("agreement_id", "sequence"),
        sa.CheckConstraint("sequence >= 1", name="sequence_positive"),
    )


class PlaybookRow(Base):
    """One side's private playbook for one agreement (revision 0003)."""

    __tablename__ = "playbooks"

    agreement_id: Mapped[str] = mapped_column(
        sa.String(64), sa.ForeignKey("agreements.id", ondelete="RESTRICT"), primary_key=True
    )
    side: Mapped[str] = mapped_column(sa.String(16), primary_key=True)
    body: Mapped[dict[str, Any]] = mapped_column(JSONDocument, nullable=False)
    updated_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), nullable=False)

    __table_args__ = (
        sa.CheckConstraint("side IN ('union', 'employer')", name="side_known"),
        {"sqlite_with_rowid": False},  # the rows live in the primary key's tree: one tree less
    )
