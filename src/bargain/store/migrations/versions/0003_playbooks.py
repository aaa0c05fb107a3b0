"""Each side's private playbook, in a table of its own apart from the shared record.

Adds the ``playbooks`` table (one row per agreement and side, the playbook as JSON); a revision
0002 database is upgraded in place and nothing in it changes. The downgrade drops the table, and
with it every playbook (they are private notes, not part of any agreement's record).

Revision ID: 0003
Revises: 0002
Created: 2027-01-15
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

JSON_DOCUMENT = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    op.create_table(
        "playbooks",
        sa.Column("agreement_id", sa.String(length=64), nullable=False),
        sa.Column("side", sa.String(length=16), nullable=False),
        sa.Column("body", JSON_DOCUMENT, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("side IN ('union', 'employer')", name=op.f("ck_playbooks_side_known")),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["agreements.id"],
            name=op.f("fk_playbooks_agreement_id_agreements"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("agreement_id", "side", name=op.f("pk_playbooks")),
        sqlite_with_rowid=False,
    )


def downgrade() -> None:
    op.drop_table("playbooks")
