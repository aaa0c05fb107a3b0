"""A database as the current release writes it (schema revision 0001), for the migration tests.

:class:`Legacy0001` is the write path of that release's ``SqlRepository`` (commit 8763f8d,
``bargain/store/sqlalchemy.py`` and ``bargain/store/_chain.py``) copied with SQLAlchemy Core: one
row per agreement with its whole JSON ``opening`` and ``snapshot``, one row per event, the hash
chain over ``json.dumps(..., sort_keys=True, ensure_ascii=False, separators=(",", ":"))`` with the
same framing, the same optimistic version check. It works on a database migrated to revision 0001
only and never touches today's store, so the data it writes is what a user of that release has.

:func:`build` puts agreements in it through real steps of the current lifecycle
(``bargain.law.procedure.lifecycle()``): the Bengbu sector agreement through 28 steps with
meetings, a suspension, an objection, drafts that change its clauses and term (one of them back
to the text as opened), publication, an amendment; its Spring Festival supplement; and one
agreement left in each state that has a time limit, and some that share one text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from bargain import Agreement, Event, Role, Status, Trigger, load_agreement
from bargain.domain.agreement import AgreementRef
from bargain.domain.calendar import DateRange, FixedClock
from bargain.domain.lifecycle import Lifecycle
from bargain.domain.procedure import AmendmentGround, Procedure
from bargain.law.procedure import lifecycle as law_lifecycle
from bargain.store.migrate import current, upgrade
from tests.conftest import SECTOR_AGREEMENT, SPRING_FESTIVAL
from tests.steps import PATHS, lawful_step, procedure_agreement

__all__ = ["Built", "Legacy0001", "build", "event_hash", "opening_hash"]

_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
_POSITION = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_EVENT_LOCK = 0x62617267

_META = sa.MetaData()
AGREEMENTS = sa.Table(
    "agreements",
    _META,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("status", sa.String(32), nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("sector", sa.String(64)),
    sa.Column("region", sa.String(6), nullable=False),
    sa.Column("term_start", sa.Date),
    sa.Column("term_end", sa.Date),
    sa.Column("opening", _JSON, nullable=False),
    sa.Column("snapshot", _JSON, nullable=False),
    sa.Column("root_hash", sa.String(64), nullable=False),
    sa.Column("head_hash", sa.String(64), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)
"""Table ``agreements`` of revision 0001."""
EVENTS = sa.Table(
    "events",
    _META,
    sa.Column("position", _POSITION, primary_key=True, autoincrement=True),
    sa.Column("agreement_id", sa.String(64), nullable=False),
    sa.Column("sequence", sa.Integer, nullable=False),
    sa.Column("type", sa.String(48), nullable=False),
    sa.Column("actor_role", sa.String(32), nullable=False),
    sa.Column("actor_name", sa.String(200)),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("on", sa.Date, nullable=False),
    sa.Column("body", _JSON, nullable=False),
    sa.Column("previous_hash", sa.String(64), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
)
"""Table ``events`` of revision 0001."""


# ------------------------------------------------------- the release's _chain (8763f8d), verbatim


def canonical(data: Any) -> bytes:
    """The canonical JSON bytes of a JSON value: sorted keys, no whitespace, UTF-8."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def opening_hash(opening: Mapping[str, Any]) -> str:
    """The root of an agreement's chain: the hash of the agreement as opened (its JSON form)."""
    return hashlib.sha256(b"bargain/opening\n" + canonical(opening)).hexdigest()


def event_hash(previous: str, event: Mapping[str, Any]) -> str:
    """The hash of an event (its JSON form) chained to the previous hash."""
    return hashlib.sha256(previous.encode() + b"\n" + canonical(event)).hexdigest()


# ------------------------------------------------ the release's SqlRepository (8763f8d), writing


def _columns(agreement: Agreement) -> dict[str, Any]:
    term = agreement.term
    return {
        "status": agreement.status.value,
        "kind": agreement.kind.value,
        "sector": agreement.scope.sector,
        "region": agreement.scope.region,
        "term_start": None if term is None else term.start,
        "term_end": None if term is None else term.end,
    }


class Legacy0001:
    """Writes agreements and events as the release did, each call in its own transaction."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine
        if current(engine) is None:
            upgrade(engine, "0001")
        if current(engine) != "0001":
            raise ValueError(
                f"the legacy writer needs a database at revision 0001, not {current(engine)}"
            )

    def get(self, agreement_id: str) -> Agreement:
        """The agreement as stored (parsed from its snapshot, as the release's ``get`` does)."""
        with self.engine.connect() as connection:
            snapshot = connection.execute(
                sa.select(AGREEMENTS.c.snapshot).where(AGREEMENTS.c.id == agreement_id)
            ).scalar_one()
        return Agreement.model_validate(snapshot)

    def add(self, agreement: Agreement) -> None:
        """The release's ``SqlRepository.add``: the opening is the first snapshot and the root."""
        with self.engine.begin() as connection:
            taken = connection.execute(
                sa.select(AGREEMENTS.c.version).where(AGREEMENTS.c.id == agreement.id)
            ).first()
            if taken is not None:
                raise ValueError(f"duplicate agreement {agreement.id}")
            document = agreement.model_dump(mode="json")
            root = opening_hash(document)
            connection.execute(
                AGREEMENTS.insert(),
                {
                    "id": agreement.id,
                    "version": agreement.procedure.version,
                    "opening": document,
                    "snapshot": document,
                    "root_hash": root,
                    "head_hash": root,
                    "updated_at": dt.datetime.now(dt.UTC),
                    **_columns(agreement),
                },
            )

    def record(self, agreement: Agreement, events: Sequence[Event]) -> None:
        """The release's ``SqlRepository.record``: the new snapshot and the chained events."""
        with self.engine.begin() as connection:
            version, previous = connection.execute(
                sa.select(AGREEMENTS.c.version, AGREEMENTS.c.head_hash).where(
                    AGREEMENTS.c.id == agreement.id
                )
            ).one()
            expected = events[0].sequence - 1 if events else version
            if version != expected:
                raise ValueError(f"{agreement.id}: stored version {version}, expected {expected}")
            if events and connection.dialect.name == "postgresql":
                connection.execute(
                    sa.text(
                        "SELECT pg_advisory_xact_lock(CAST(:key AS integer), "
                        "hashtext(current_schema()))"
                    ),
                    {"key": _EVENT_LOCK},
                )
            rows = []
            for event in events:
                body = event.model_dump(mode="json")
                digest = event_hash(previous, body)
                rows.append(
                    {
                        "agreement_id": agreement.id,
                        "sequence": event.sequence,
                        "type": event.type.value,
                        "actor_role": event.actor.role.value,
                        "actor_name": event.actor.name,
                        "at": event.at,
                        "on": event.on,
                        "body": body,
                        "previous_hash": previous,
                        "hash": digest,
                    }
                )
                previous = digest
            updated = connection.execute(
                AGREEMENTS.update()
                .where(AGREEMENTS.c.id == agreement.id, AGREEMENTS.c.version == expected)
                .values(
                    version=agreement.procedure.version,
                    snapshot=agreement.model_dump(mode="json"),
                    head_hash=previous,
                    updated_at=dt.datetime.now(dt.UTC),
                    **_columns(agreement),
                )
            )
            if updated.rowcount != 1:
                raise ValueError(f"{agreement.id} changed meanwhile")
            if rows:
                connection.execute(EVENTS.insert(), rows)


# ------------------------------------------------------------------ histories through steps


@dataclass
class Built:
    """What :func:`build` wrote: the agreements' ids, and how many events and text changes."""

    ids: list[str] = field(default_factory=list)
    events: int = 0
    text_changes: int = 0


class _Procedure:
    """Real steps of the current lifecycle, each read from and written to the legacy database
    as the release's ``Workflow`` does (read the snapshot, decide, record)."""

    def __init__(self, writer: Legacy0001, lifecycle: Lifecycle, built: Built) -> None:
        self.writer = writer
        self.lifecycle = lifecycle
        self.built = built

    def open(self, agreement: Agreement) -> str:
        checked = agreement.changed()
        self.writer.add(checked)
        self.built.ids.append(checked.id)
        return checked.id

    def step(
        self,
        agreement_id: str,
        trigger: Trigger,
        actor: Role,
        day: str | dt.date,
        **details: Any,
    ) -> Agreement:
        agreement = self.writer.get(agreement_id)
        on = day if isinstance(day, dt.date) else dt.date.fromisoformat(day)
        parent = None
        if agreement.supplements is not None and agreement.supplements.id is not None:
            parent = self.writer.get(agreement.supplements.id)
        taken = self.lifecycle.fire(
            agreement, trigger, actor, at=FixedClock(on).now(), parent=parent, **details
        )
        self._record(taken.agreement, [taken.event])
        return taken.agreement

    def sweep(self, agreement_id: str, day: str) -> Agreement:
        agreement = self.writer.get(agreement_id)
        taken = self.lifecycle.sweep(agreement, FixedClock(dt.date.fromisoformat(day)).now())
        assert taken, f"nothing for the clock to do on {agreement_id} on {day}"
        self._record(taken[-1].agreement, [s.event for s in taken])
        return taken[-1].agreement

    def walk(self, agreement_id: str, status: Status, start: dt.date | None = None) -> Agreement:
        """Take the steps that lead from drafting to ``status``, each on its lawful day (from
        ``start`` on, when given)."""
        agreement = self.writer.get(agreement_id)
        for trigger, role in PATHS[status]:
            day, details = lawful_step(agreement, trigger)
            agreement = self.step(agreement_id, trigger, role, max(day, start or day), **details)
        return agreement

    def _record(self, agreement: Agreement, events: Sequence[Event]) -> None:
        self.writer.record(agreement, events)
        self.built.events += len(events)
        self.built.text_changes += sum(
            1 for event in events if {"clauses", "term"} & set(event.facts)
        )


U, E = Role.UNION_CHIEF, Role.EMPLOYER_CHIEF
_TOPICS = ("劳动报酬", "劳动保护", "算法规则")


def _retexted(agreement: Agreement, old: str, new: str) -> tuple[Any, ...]:
    """The agreement's clauses with ``old`` replaced by ``new`` in the first clause's text."""
    first, *rest = agreement.clauses
    assert old in first.text, f"{old!r} is not in the first clause"
    return (first.model_copy(update={"text": first.text.replace(old, new)}), *rest)


def _sector_story(run: _Procedure) -> None:
    """The Bengbu sector agreement from the offer through an objection, publication and an
    amendment whose new draft is agreed: meetings, a late resumption, three text changes."""
    key = run.open(load_agreement(SECTOR_AGREEMENT))
    opened = run.writer.get(key)
    run.step(key, Trigger.SEND_OFFER, U, "2019-11-06", topics=_TOPICS)
    run.step(key, Trigger.ACCEPT_OFFER, E, "2019-11-27")  # a day late: noted on the event
    run.step(key, Trigger.START_NEGOTIATION, U, "2019-11-29", place="蚌埠市总工会", topics=_TOPICS)
    run.step(key, Trigger.RECORD_MEETING, E, "2019-12-03", topics=("配送单价", "保底收入"))
    run.step(key, Trigger.SUSPEND, E, "2019-12-04", resume_on="2019-12-09", reason="测算成本")
    run.step(key, Trigger.RESUME, U, "2019-12-11")  # two days after the agreed day
    run.step(key, Trigger.RECORD_MEETING, U, "2019-12-12", summary="就配送单价达成一致。")
    run.step(
        key,
        Trigger.AGREE_DRAFT,
        U,
        "2019-12-13",
        clauses=_retexted(opened, "每单4.5元", "每单4.8元"),
        term=DateRange(start=dt.date(2020, 2, 1), end=dt.date(2023, 1, 31)),
    )
    run.step(key, Trigger.SUBMIT_TO_CONGRESS, U, "2019-12-16")
    run.step(
        key,
        Trigger.HOLD_CONGRESS_VOTE,
        Role.CONGRESS,
        "2019-12-18",
        members=180,
        present=150,
        in_favour=132,
        against=10,
        abstaining=8,
    )
    run.step(key, Trigger.SIGN, U, "2019-12-19")
    run.step(key, Trigger.FILE, U, "2019-12-20")
    run.step(
        key,
        Trigger.OBJECT,
        Role.LABOUR_BUREAU,
        "2019-12-27",
        opinion="配送单价的调整办法须写明",
        items=("pay-levels",),
    )
    run.step(key, Trigger.RENEGOTIATE, E, "2019-12-30")
    run.step(key, Trigger.RECORD_MEETING, E, "2020-01-03", topics=("配送单价",))
    # Back to the text as opened: a text version that is already stored.
    run.step(key, Trigger.AGREE_DRAFT, U, "2020-01-06", clauses=opened.clauses, term=opened.term)
    run.step(key, Trigger.SUBMIT_TO_CONGRESS, U, "2020-01-07")
    run.step(
        key,
        Trigger.HOLD_CONGRESS_VOTE,
        Role.CONGRESS,
        "2020-01-09",
        members=180,
        present=160,
        in_favour=150,
    )
    run.step(key, Trigger.SIGN, U, "2020-01-10")
    run.step(key, Trigger.FILE, E, "2020-01-13")
    run.sweep(key, "2020-02-10")  # the review ran out without objection: the clock takes effect
    run.step(key, Trigger.PUBLISH, E, "2020-02-12")
    run.step(key, Trigger.AMEND, U, "2020-06-01", ground=AmendmentGround.BY_AGREEMENT)
    run.step(key, Trigger.RECORD_MEETING, U, "2020-06-05", place="蚌埠市总工会")
    run.step(
        key,
        Trigger.AGREE_DRAFT,
        E,
        "2020-06-10",
        clauses=_retexted(opened, "每单4.5元", "每单5元"),
    )
    run.step(key, Trigger.SUBMIT_TO_CONGRESS, U, "2020-06-11")
    run.step(
        key,
        Trigger.HOLD_CONGRESS_VOTE,
        Role.CONGRESS,
        "2020-06-15",
        members=180,
        present=170,
        in_favour=160,
    )
    run.step(key, Trigger.SIGN, U, "2020-06-16")  # left signed: the filing time limit is open


def _supplement_story(run: _Procedure) -> None:
    """The Spring Festival supplement of the sector agreement: a draft with a new term, filed."""
    key = run.open(load_agreement(SPRING_FESTIVAL))
    for trigger, role in PATHS[Status.UNDER_REVIEW]:
        agreement = run.writer.get(key)
        day, details = lawful_step(agreement, trigger)
        day = max(day, dt.date(2021, 1, 20))
        if trigger is Trigger.SEND_OFFER:
            details = {"topics": ("春节期间骑手权益保障",)}
        elif trigger is Trigger.AGREE_DRAFT:  # a new term, the clauses as they stand
            details = {"term": DateRange(start=dt.date(2021, 2, 10), end=dt.date(2021, 2, 18))}
        elif trigger is Trigger.HOLD_CONGRESS_VOTE:
            details = {"members": 50, "present": 40, "in_favour": 30}
        run.step(key, trigger, role, day, **details)


def _states(run: _Procedure) -> None:
    """An agreement in each state with a time limit, some sharing one text, and a renewal."""
    for status in (
        Status.DRAFTING,
        Status.OFFER_SENT,
        Status.SUSPENDED,
        Status.IN_COORDINATION,
        Status.SIGNED,
        Status.UNDER_REVIEW,
        Status.OBJECTED,
        Status.EFFECTIVE,
        Status.PUBLISHED,
        Status.TERMINATED,
    ):
        key = run.open(procedure_agreement(id=f"state-{status.value}", title=f"{status.value}合同"))
        run.walk(key, status)
    # Concluded after the 2024 publication guideline: ten days to publish.
    recent = run.open(
        procedure_agreement(
            id="state-effective-2025",
            term=DateRange(start=dt.date(2025, 7, 1), end=dt.date(2027, 6, 30)),
        )
    )
    run.walk(recent, Status.EFFECTIVE, start=dt.date(2025, 3, 3))
    expired = run.open(procedure_agreement(id="state-expired", title_en="An expired agreement"))
    run.walk(expired, Status.PUBLISHED)
    run.sweep(expired, "2023-01-05")
    renewed = run.open(procedure_agreement(id="state-renewed"))
    run.walk(renewed, Status.PUBLISHED)
    old = run.step(renewed, Trigger.REQUEST_RENEWAL, U, "2022-11-01")
    # The release's Workflow.request_renewal opens the draft beside the step (_renewal_draft).
    run.open(
        Agreement.model_validate(
            {
                **dict(old),
                "id": f"{renewed}-renewal-2022",
                "term": None,
                "status": Status.DRAFTING,
                "procedure": Procedure(),
                "renews": AgreementRef(id=old.id, title=old.title),
            }
        )
    )


def build(engine: sa.Engine) -> Built:
    """A revision 0001 database on ``engine`` (migrated to 0001 first) with histories in it."""
    built = Built()
    run = _Procedure(Legacy0001(engine), law_lifecycle(), built)
    _sector_story(run)
    _supplement_story(run)
    _states(run)
    return built
