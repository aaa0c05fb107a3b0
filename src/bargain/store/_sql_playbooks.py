"""The SQL store's playbooks: each side's private playbook, in a table of its own.

The ``playbooks`` table (revision 0003) has one row per agreement and side, holding the playbook
as JSON. Nothing else in the store reads it: the agreement's row, its events, texts and hash
chain never refer to a playbook, so an export or a verification cannot carry one.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from bargain.domain.parties import Side
from bargain.domain.playbook import Playbook
from bargain.errors import UnknownAgreement
from bargain.store._tables import AgreementRow, PlaybookRow

if TYPE_CHECKING:
    from bargain.store.sqlalchemy import SqlStore

__all__ = ["SqlPlaybooks"]

_TABLE = PlaybookRow.__table__
_ONE = sa.select(PlaybookRow.body).where(
    PlaybookRow.agreement_id == sa.bindparam("key"), PlaybookRow.side == sa.bindparam("side")
)
_SIDES = sa.select(PlaybookRow.side).where(PlaybookRow.agreement_id == sa.bindparam("key"))
_EXISTS = sa.select(AgreementRow.id).where(AgreementRow.id == sa.bindparam("key"))
_DELETE = sa.delete(PlaybookRow).where(
    PlaybookRow.agreement_id == sa.bindparam("key"), PlaybookRow.side == sa.bindparam("side")
)


class SqlPlaybooks:
    """The sides' playbooks as one database transaction sees them."""

    def __init__(self, connection: sa.Connection, store: SqlStore) -> None:
        self._connection = connection
        self._store = store

    def get(self, agreement_id: str, side: Side) -> Playbook | None:
        """The side's playbook for the agreement, if it has one."""
        with self._store._translated():
            body = self._connection.execute(
                _ONE, {"key": agreement_id, "side": side.value}
            ).scalar_one_or_none()
        return None if body is None else Playbook.model_validate(body)

    def sides(self, agreement_id: str) -> tuple[Side, ...]:
        """The sides that have a playbook for the agreement."""
        with self._store._translated():
            found = set(self._connection.execute(_SIDES, {"key": agreement_id}).scalars())
        return tuple(side for side in Side if side.value in found)

    def save(self, playbook: Playbook) -> None:
        """Keep the playbook, replacing the side's earlier one (one upsert).

        Raises:
            UnknownAgreement: no agreement has the playbook's id (nothing is written).
        """
        values: dict[str, Any] = {
            "agreement_id": playbook.agreement_id,
            "side": playbook.side.value,
            "body": playbook.model_dump(mode="json"),
            "updated_at": dt.datetime.now(dt.UTC),
        }
        dialect = postgresql if self._connection.dialect.name == "postgresql" else sqlite
        insert = dialect.insert(_TABLE).values(values)
        upsert = insert.on_conflict_do_update(
            index_elements=["agreement_id", "side"],
            set_={"body": insert.excluded.body, "updated_at": insert.excluded.updated_at},
        )
        with self._store._translated():
            if self._connection.execute(_EXISTS, {"key": playbook.agreement_id}).first() is None:
                raise UnknownAgreement(playbook.agreement_id)
            self._connection.execute(upsert)

    def delete(self, agreement_id: str, side: Side) -> bool:
        """Remove the side's playbook; whether there was one."""
        with self._store._translated():
            done = self._connection.execute(_DELETE, {"key": agreement_id, "side": side.value})
        return bool(done.rowcount)
