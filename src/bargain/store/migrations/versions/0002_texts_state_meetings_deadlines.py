"""Texts stored once by fingerprint, the state apart from them, meetings and deadlines in rows,
and the scheme of every hash (design decision 11).

Moves a database written by the releases before it (revision 0001) to the new shape in place, in
batches of agreements (never a whole table in memory), in one transaction:

- each agreement's ``opening`` and ``snapshot`` documents are split into their text (parties,
  scope, term, clauses: a ``texts`` row under its fingerprint, the SHA-256 of its RFC 8785
  canonical JSON) and the rest (``opening_state``; ``state`` without the meetings, which become
  ``meetings`` rows); title, English title and sector name become columns;
- an event whose facts carry ``clauses`` or ``term`` records the text it produced: the opening's
  text with the facts of that event and of those before it applied, computed on the JSON;
- the agreement's open time limits become ``deadlines`` rows, and the soonest ``next_due``;
- every hash keeps its value and is marked with the scheme that made it, ``json-sorted-keys``
  (nothing is recomputed, so every history verifies as before);
- the ``opening`` and ``snapshot`` columns are dropped.

The downgrade puts ``opening`` and ``snapshot`` back together from the new tables. It refuses,
changing nothing, when a hash written since would not verify under revision 0001's canonical
JSON (bargain only writes JSON on which both schemes agree, so that means data written by
something else).

Revision ID: 0002
Revises: 0001
Created: 2026-11-30
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any, Final

import orjson
import rfc8785
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from bargain.domain.language import Bilingual
from bargain.errors import BargainError, StorageError

if TYPE_CHECKING:
    from bargain.domain.agreement import Agreement
    from bargain.domain.calendar import Deadline
    from bargain.domain.lifecycle.deadlines import DeadlineKind
    from bargain.domain.lifecycle.policy import ProcedurePolicy

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

JSON_DOCUMENT = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")

TEXT_FIELDS: Final = ("union", "employer", "scope", "term", "clauses")
"""The fields of an agreement that make its text (``bargain.domain.fingerprint.TEXT_FIELDS``)."""
TEXT_FACTS: Final = ("clauses", "term")
"""The facts of an event that change the text."""
LEGACY_SCHEME: Final = "json-sorted-keys"
"""The scheme of every hash written before this revision (``bargain.store._chain``)."""
BATCH: Final = 100
"""Agreements read and written at a time (``bargain.store.migrate.upgrade(batch=...)``)."""

_meta = sa.MetaData()
_agreements = sa.Table(
    "agreements",
    _meta,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("opening", JSON_DOCUMENT),
    sa.Column("snapshot", JSON_DOCUMENT),
    sa.Column("title", sa.Text),
    sa.Column("title_en", sa.Text),
    sa.Column("sector_name", sa.Text),
    sa.Column("text_fingerprint", sa.String(64)),
    sa.Column("opening_fingerprint", sa.String(64)),
    sa.Column("opening_state", JSON_DOCUMENT),
    sa.Column("state", JSON_DOCUMENT),
    sa.Column("meetings", sa.Integer),
    sa.Column("next_due", sa.Date),
    sa.Column("next_due_kind", sa.String(32)),
    sa.Column("scheme", sa.String(32)),
    sa.Column("root_hash", sa.String(64)),
)
_texts = sa.Table(
    "texts",
    _meta,
    sa.Column("fingerprint", sa.String(64), primary_key=True),
    sa.Column("body", JSON_DOCUMENT),
    sa.Column("created_at", sa.DateTime(timezone=True)),
)
_meetings = sa.Table(
    "meetings",
    _meta,
    sa.Column("agreement_id", sa.String(64), primary_key=True),
    sa.Column("number", sa.Integer, primary_key=True),
    sa.Column("body", JSON_DOCUMENT),
)
_deadlines = sa.Table(
    "deadlines",
    _meta,
    sa.Column("agreement_id", sa.String(64), primary_key=True),
    sa.Column("kind", sa.String(32), primary_key=True),
    sa.Column("due", sa.Date),
    sa.Column("start", sa.Date),
    sa.Column("days", sa.Integer),
    sa.Column("convention", sa.String(32)),
    sa.Column("approximate", sa.Boolean),
)
_events = sa.Table(
    "events",
    _meta,
    sa.Column("position", sa.BigInteger, primary_key=True),
    sa.Column("agreement_id", sa.String(64)),
    sa.Column("sequence", sa.Integer),
    sa.Column("body", JSON_DOCUMENT),
    sa.Column("text_fingerprint", sa.String(64)),
    sa.Column("scheme", sa.String(32)),
    sa.Column("previous_hash", sa.String(64)),
    sa.Column("hash", sa.String(64)),
)

_NEW_INDEXES: Final = ("kind", "next_due", "region", "term_end")


# --------------------------------------------------------------------------------- upgrade


def upgrade() -> None:
    op.create_table(
        "texts",
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("body", JSON_DOCUMENT, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("fingerprint", name=op.f("pk_texts")),
    )
    op.create_table(
        "meetings",
        sa.Column("agreement_id", sa.String(length=64), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("body", JSON_DOCUMENT, nullable=False),
        sa.CheckConstraint("number >= 1", name=op.f("ck_meetings_number_positive")),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["agreements.id"],
            name=op.f("fk_meetings_agreement_id_agreements"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("agreement_id", "number", name=op.f("pk_meetings")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "deadlines",
        sa.Column("agreement_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("convention", sa.String(length=32), nullable=False),
        sa.Column("approximate", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["agreements.id"],
            name=op.f("fk_deadlines_agreement_id_agreements"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("agreement_id", "kind", name=op.f("pk_deadlines")),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_deadlines_due_agreement", "deadlines", ["due", "agreement_id"])

    # Filled below, then made NOT NULL. The schemes come as a default (no row rewritten on
    # PostgreSQL) that is dropped afterwards: every hash so far was made by the legacy scheme.
    op.add_column("agreements", sa.Column("title", sa.Text(), nullable=True))
    op.add_column("agreements", sa.Column("title_en", sa.Text(), nullable=True))
    op.add_column("agreements", sa.Column("sector_name", sa.Text(), nullable=True))
    op.add_column("agreements", sa.Column("text_fingerprint", sa.String(64), nullable=True))
    op.add_column("agreements", sa.Column("opening_fingerprint", sa.String(64), nullable=True))
    op.add_column("agreements", sa.Column("opening_state", JSON_DOCUMENT, nullable=True))
    op.add_column("agreements", sa.Column("state", JSON_DOCUMENT, nullable=True))
    op.add_column("agreements", sa.Column("meetings", sa.Integer(), nullable=True))
    op.add_column("agreements", sa.Column("next_due", sa.Date(), nullable=True))
    op.add_column("agreements", sa.Column("next_due_kind", sa.String(32), nullable=True))
    op.add_column(
        "agreements",
        sa.Column("scheme", sa.String(32), nullable=False, server_default=LEGACY_SCHEME),
    )
    op.add_column("events", sa.Column("text_fingerprint", sa.String(64), nullable=True))
    op.add_column(
        "events", sa.Column("scheme", sa.String(32), nullable=False, server_default=LEGACY_SCHEME)
    )

    _move_rows(op.get_bind(), _batch())

    with op.batch_alter_table("agreements") as batch:
        for name in (
            "title",
            "text_fingerprint",
            "opening_fingerprint",
            "opening_state",
            "state",
            "meetings",
        ):
            batch.alter_column(name, nullable=False)
        batch.alter_column("scheme", server_default=None)
        batch.create_foreign_key(
            op.f("fk_agreements_text_fingerprint_texts"),
            "texts",
            ["text_fingerprint"],
            ["fingerprint"],
            ondelete="RESTRICT",
        )
        batch.create_foreign_key(
            op.f("fk_agreements_opening_fingerprint_texts"),
            "texts",
            ["opening_fingerprint"],
            ["fingerprint"],
            ondelete="RESTRICT",
        )
        batch.create_check_constraint(
            op.f("ck_agreements_meetings_not_negative"), sa.text("meetings >= 0")
        )
        batch.drop_column("opening")
        batch.drop_column("snapshot")
    for column in _NEW_INDEXES:
        op.create_index(op.f(f"ix_agreements_{column}"), "agreements", [column])
    with op.batch_alter_table("events") as batch:
        batch.alter_column("scheme", server_default=None)
        batch.create_foreign_key(
            op.f("fk_events_text_fingerprint_texts"),
            "texts",
            ["text_fingerprint"],
            ["fingerprint"],
            ondelete="RESTRICT",
        )


def _batch() -> int:
    config = op.get_context().config
    chosen = None if config is None else config.attributes.get("bargain.batch")
    return BATCH if chosen is None else int(chosen)


def _fingerprint(text: Mapping[str, Any]) -> str:
    """The fingerprint of a text's JSON: SHA-256 of its RFC 8785 form (orjson, sorted keys, as
    ``bargain.domain.fingerprint.canonical_text`` writes it)."""
    return hashlib.sha256(orjson.dumps(text, option=orjson.OPT_SORT_KEYS)).hexdigest()


def _split(document: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """An agreement's JSON as its text and the rest."""
    text = {name: document[name] for name in TEXT_FIELDS if name in document}
    rest = {name: value for name, value in document.items() if name not in TEXT_FIELDS}
    return text, rest


def _without_meetings(rest: Mapping[str, Any]) -> tuple[dict[str, Any], list[Any]]:
    """The state (the rest without ``procedure.meetings``) and the meetings."""
    procedure = rest.get("procedure")
    if not isinstance(procedure, Mapping):
        return dict(rest), []
    kept = {name: value for name, value in procedure.items() if name != "meetings"}
    return {**rest, "procedure": kept}, list(procedure.get("meetings") or ())


def _standing(agreement: Agreement) -> Sequence[tuple[DeadlineKind, Deadline]]:
    """The agreement's open time limits as the store keeps them, under the shipped law.

    ``standing_deadlines`` (what the store writes at every step) on the policy of the day of the
    agreement's last step (today for one without steps), as the workflow does.
    """
    from bargain.domain.calendar import china_day
    from bargain.domain.lifecycle.deadlines import standing_deadlines

    on = agreement.procedure.last_on or china_day(dt.datetime.now(dt.UTC))
    return standing_deadlines(agreement, _law()(on))


@cache
def _law() -> Callable[[dt.date], ProcedurePolicy]:
    """The procedure's numbers in force on a day, from the shipped legal parameters."""
    from bargain.law.procedure import policy_for

    return policy_for()


def _next_due(
    standing: Sequence[tuple[DeadlineKind, Deadline]],
) -> tuple[dt.date | None, str | None]:
    """The soonest time limit's day and kind, chosen as the store chooses it."""
    from bargain.store._shape import next_due

    soonest = next_due(standing)
    return (None, None) if soonest is None else (soonest[1].due, soonest[0].value)


def _text_changes(body: sa.ColumnElement[Any], dialect: str) -> sa.ColumnElement[bool]:
    """Whether an event's facts carry a text fact, as the database can tell from its JSON."""
    if dialect == "postgresql":
        facts = sa.type_coerce(body, postgresql.JSONB)["facts"]
        return sa.or_(*(facts.has_key(name) for name in TEXT_FACTS))
    return sa.or_(*(sa.func.json_type(body, f"$.facts.{name}").is_not(None) for name in TEXT_FACTS))


def _keyset(bind: sa.Connection, columns: Sequence[Any], batch: int) -> Iterator[Sequence[Any]]:
    """The agreements' rows ``batch`` at a time, by id (the ``id`` column first)."""
    after: str | None = None
    while True:
        query = sa.select(*columns).order_by(_agreements.c.id).limit(batch)
        if after is not None:
            query = query.where(_agreements.c.id > after)
        rows = bind.execute(query).all()
        if not rows:
            return
        yield rows
        after = rows[-1][0]


def _move_rows(bind: sa.Connection, batch: int) -> None:
    """Fill the new tables and columns from each agreement's ``opening`` and ``snapshot``."""
    now = dt.datetime.now(dt.UTC)
    a = _agreements.c
    for rows in _keyset(bind, (a.id, a.opening, a.snapshot), batch):
        changes: dict[str, list[tuple[int, Mapping[str, Any]]]] = defaultdict(list)
        changed = bind.execute(
            sa.select(_events.c.agreement_id, _events.c.position, _events.c.body)
            .where(
                _events.c.agreement_id.in_([row[0] for row in rows]),
                _text_changes(_events.c.body, bind.dialect.name),
            )
            .order_by(_events.c.agreement_id, _events.c.sequence)
        )
        for agreement_id, position, body in changed:
            changes[agreement_id].append((position, body["facts"]))
        texts: dict[str, dict[str, Any]] = {}
        agreements: list[dict[str, Any]] = []
        meetings: list[dict[str, Any]] = []
        deadlines: list[dict[str, Any]] = []
        produced: list[dict[str, Any]] = []
        for agreement_id, opening, snapshot in rows:
            try:
                columns, bodies, versions = _moved(
                    agreement_id, opening, snapshot, changes[agreement_id], texts
                )
                standing = _standing(_agreement(snapshot))
            except (KeyError, TypeError, ValueError, BargainError) as error:
                raise _cannot_move(bind, agreement_id, error) from error
            next_due, next_due_kind = _next_due(standing)
            agreements.append({**columns, "next_due": next_due, "next_due_kind": next_due_kind})
            meetings.extend(
                {"agreement_id": agreement_id, "number": number, "body": body}
                for number, body in enumerate(bodies, 1)
            )
            deadlines.extend(
                {
                    "agreement_id": agreement_id,
                    "kind": kind.value,
                    "due": deadline.due,
                    "start": deadline.start,
                    "days": deadline.days,
                    "convention": deadline.convention,
                    "approximate": deadline.approximate,
                }
                for kind, deadline in standing
            )
            produced.extend(versions)
        _add_texts(bind, texts, now)
        bind.execute(
            _agreements.update()
            .where(a.id == sa.bindparam("key"))
            .values({name: sa.bindparam(name) for name in agreements[0] if name != "key"}),
            agreements,
        )
        if meetings:
            bind.execute(_meetings.insert(), meetings)
        if deadlines:
            bind.execute(_deadlines.insert(), deadlines)
        if produced:
            bind.execute(
                _events.update()
                .where(_events.c.position == sa.bindparam("at"))
                .values(text_fingerprint=sa.bindparam("produced")),
                produced,
            )


def _moved(
    agreement_id: str,
    opening: Mapping[str, Any],
    snapshot: Mapping[str, Any],
    changes: Iterable[tuple[int, Mapping[str, Any]]],
    texts: dict[str, dict[str, Any]],
) -> tuple[dict[str, Any], list[Any], list[dict[str, Any]]]:
    """One agreement's new columns, its meetings, and the text each text-changing event produced.

    The texts (as opened, as it stands, and each one an event produced) are added to ``texts``.
    """
    opening_text, opening_state = _split(opening)
    opening_fingerprint = _fingerprint(opening_text)
    texts[opening_fingerprint] = opening_text
    text, rest = _split(snapshot)
    fingerprint = _fingerprint(text)
    texts[fingerprint] = text
    state, meetings = _without_meetings(rest)
    produced = []
    replayed = dict(opening_text)
    for position, facts in changes:
        replayed = {**replayed, **{name: facts[name] for name in TEXT_FACTS if name in facts}}
        version = _fingerprint(replayed)
        texts.setdefault(version, replayed)
        produced.append({"at": position, "produced": version})
    scope = snapshot.get("scope")
    columns = {
        "key": agreement_id,
        "title": snapshot["title"],
        "title_en": snapshot.get("title_en"),
        "sector_name": scope.get("sector_name") if isinstance(scope, Mapping) else None,
        "text_fingerprint": fingerprint,
        "opening_fingerprint": opening_fingerprint,
        "opening_state": opening_state,
        "state": state,
        "meetings": len(meetings),
    }
    return columns, meetings, produced


def _agreement(snapshot: Mapping[str, Any]) -> Agreement:
    """The agreement a snapshot holds; a snapshot that does not parse is a ``ValueError``."""
    from pydantic import ValidationError

    from bargain.domain.agreement import Agreement

    try:
        return Agreement.model_validate(snapshot)
    except ValidationError as error:
        first, *others = error.errors()
        where = ".".join(str(part) for part in first["loc"]) or "snapshot"
        more = f" (+{len(others)} more)" if others else ""
        raise ValueError(f"{where}: {first['msg']}{more}") from None


def _add_texts(bind: sa.Connection, texts: Mapping[str, Any], now: dt.datetime) -> None:
    """Store the texts not stored yet (an earlier batch may have stored some)."""
    if not texts:
        return
    stored = set(
        bind.execute(
            sa.select(_texts.c.fingerprint).where(_texts.c.fingerprint.in_(list(texts)))
        ).scalars()
    )
    new = [
        {"fingerprint": key, "body": body, "created_at": now}
        for key, body in texts.items()
        if key not in stored
    ]
    if new:
        bind.execute(_texts.insert(), new)


def _cannot_move(bind: sa.Connection, agreement_id: str, error: Exception) -> StorageError:
    said = " ".join(str(error).split()) or type(error).__name__
    return StorageError(
        bind.engine.url.render_as_string(hide_password=True),
        Bilingual(
            f"集体合同 {agreement_id} 无法迁移到数据库版本 0002（{said}）；未作任何更改",
            f"agreement {agreement_id} cannot be migrated to revision 0002 ({said}); "
            "nothing was changed",
        ),
    )


# ------------------------------------------------------------------------------- downgrade


def downgrade() -> None:
    bind = op.get_bind()
    batch = _batch()
    _check_event_hashes(bind, batch)
    op.add_column("agreements", sa.Column("opening", JSON_DOCUMENT, nullable=True))
    op.add_column("agreements", sa.Column("snapshot", JSON_DOCUMENT, nullable=True))
    _put_documents_back(bind, batch)
    for column in _NEW_INDEXES:
        op.drop_index(op.f(f"ix_agreements_{column}"), table_name="agreements")
    with op.batch_alter_table("events") as events:
        events.drop_constraint(op.f("fk_events_text_fingerprint_texts"), type_="foreignkey")
        events.drop_column("text_fingerprint")
        events.drop_column("scheme")
    with op.batch_alter_table("agreements") as agreements:
        agreements.drop_constraint(op.f("fk_agreements_text_fingerprint_texts"), type_="foreignkey")
        agreements.drop_constraint(
            op.f("fk_agreements_opening_fingerprint_texts"), type_="foreignkey"
        )
        agreements.drop_constraint(op.f("ck_agreements_meetings_not_negative"), type_="check")
        agreements.alter_column("opening", nullable=False)
        agreements.alter_column("snapshot", nullable=False)
        for name in (
            "title",
            "title_en",
            "sector_name",
            "text_fingerprint",
            "opening_fingerprint",
            "opening_state",
            "state",
            "meetings",
            "next_due",
            "next_due_kind",
            "scheme",
        ):
            agreements.drop_column(name)
    op.drop_index("ix_deadlines_due_agreement", table_name="deadlines")
    op.drop_table("deadlines")
    op.drop_table("meetings")
    op.drop_table("texts")


def _legacy(data: Any) -> bytes:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def _same_under_legacy(data: Any) -> bool:
    """Whether a hash made by RFC 8785 over ``data`` is the one the legacy scheme makes."""
    try:
        return _legacy(data) == rfc8785.dumps(data)
    except (TypeError, ValueError, rfc8785.CanonicalizationError):
        return False


def _put_documents_back(bind: sa.Connection, batch: int) -> None:
    """``opening`` and ``snapshot`` of each agreement, from its state, texts and meetings."""
    a = _agreements.c
    columns = (a.id, a.opening_state, a.opening_fingerprint, a.state, a.text_fingerprint, a.scheme)
    for rows in _keyset(bind, columns, batch):
        keys = {row[2] for row in rows} | {row[4] for row in rows}
        texts = dict(
            bind.execute(
                sa.select(_texts.c.fingerprint, _texts.c.body).where(_texts.c.fingerprint.in_(keys))
            ).all()
        )
        meetings: dict[str, list[Any]] = defaultdict(list)
        for agreement_id, body in bind.execute(
            sa.select(_meetings.c.agreement_id, _meetings.c.body)
            .where(_meetings.c.agreement_id.in_([row[0] for row in rows]))
            .order_by(_meetings.c.agreement_id, _meetings.c.number)
        ):
            meetings[agreement_id].append(body)
        documents = []
        for agreement_id, opening_state, opening_key, state, key, scheme in rows:
            opening = {**opening_state, **texts[opening_key]}
            if scheme != LEGACY_SCHEME and not _same_under_legacy(opening):
                raise _cannot_go_back(bind, agreement_id)
            procedure = {**state.get("procedure", {}), "meetings": meetings[agreement_id]}
            snapshot = {**state, **texts[key], "procedure": procedure}
            documents.append({"key": agreement_id, "opening": opening, "snapshot": snapshot})
        bind.execute(
            _agreements.update()
            .where(a.id == sa.bindparam("key"))
            .values(opening=sa.bindparam("opening"), snapshot=sa.bindparam("snapshot")),
            documents,
        )


def _check_event_hashes(bind: sa.Connection, batch: int) -> None:
    """Refuse when an event's hash would not verify under the legacy scheme."""
    e = _events.c
    after = 0
    while True:
        rows = bind.execute(
            sa.select(e.position, e.agreement_id, e.body)
            .where(e.scheme != LEGACY_SCHEME, e.position > after)
            .order_by(e.position)
            .limit(batch)
        ).all()
        if not rows:
            return
        for _, agreement_id, body in rows:
            if not _same_under_legacy(body):
                raise _cannot_go_back(bind, agreement_id)
        after = rows[-1][0]


def _cannot_go_back(bind: sa.Connection, agreement_id: str) -> StorageError:
    return StorageError(
        bind.engine.url.render_as_string(hide_password=True),
        Bilingual(
            f"集体合同 {agreement_id} 的哈希链无法按数据库版本 0001 的规范 JSON 校验，"
            "不能降级；未作任何更改",
            f"the hash chain of agreement {agreement_id} would not verify under revision "
            "0001's canonical JSON, so the database cannot be downgraded; nothing was changed",
        ),
    )
