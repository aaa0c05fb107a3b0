"""The SQL store's repository: the agreements as one database transaction sees them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy import exc

from bargain.domain.agreement import Agreement, AgreementKind, Text
from bargain.domain.calendar import Deadline
from bargain.domain.events import Event
from bargain.domain.fingerprint import TEXT_FIELDS, text_fingerprint
from bargain.domain.lifecycle.deadlines import DeadlineKind, Due
from bargain.domain.procedure import Status
from bargain.errors import ConcurrencyError, DuplicateAgreement, UnknownAgreement, UnknownText
from bargain.ports import Chain, Link, Standing, Summary, TextVersion
from bargain.store import _pg_step as pg_step
from bargain.store import _sql_statements as q
from bargain.store._chain import (
    CURRENT_SCHEME,
    Positioned,
    StoredEvent,
    Verification,
    event_hash,
    opening_hash,
    verify_history,
)
from bargain.store._shape import (
    json_text,
    next_due,
    produced_texts,
    region_range,
    split,
    state_of,
    text_fingerprint_of,
    text_versions,
    whole,
)

if TYPE_CHECKING:
    from bargain.store.sqlalchemy import SqlStore

__all__ = ["SqlRepository"]

_EVENT_LOCK = 0x62617267  # "barg": the advisory lock that orders event positions on PostgreSQL

_TEXT_FIELDS = set(TEXT_FIELDS)


class SqlRepository:
    """The agreements as one database transaction sees them (SQLAlchemy Core, no ORM session)."""

    def __init__(self, connection: sa.Connection, store: SqlStore) -> None:
        self._connection = connection
        self._store = store
        self._known: dict[str, q.Known] = {}
        """What this unit of work read or wrote of each agreement (a write checks the version)."""
        self._written: dict[str, q.Known] = {}
        self._postgresql = connection.dialect.name == "postgresql"

    def _execute(self, statement: Any, values: Any = None) -> Any:
        # (Any: the rows' shapes are those of the statements above, unpacked where used)
        return self._connection.execute(statement, values)

    def _head(self, agreement_id: str) -> q.Known:
        row = self._execute(q.HEAD, {"key": agreement_id}).one_or_none()
        if row is None:
            raise UnknownAgreement(agreement_id)
        version, head, text, meetings = row
        return q.Known(version, head, text, meetings)

    # ------------------------------------------------------------------------------ reading

    def get(self, agreement_id: str) -> Agreement:
        """The agreement as it stands."""
        with self._store._translated():
            known = self._known.get(agreement_id)
            if known is not None and known.agreement is not None:
                return known.agreement
            head = self._head(agreement_id)
            cached = self._store._states.get(agreement_id)
            if cached is not None and (cached.version, cached.head) == (head.version, head.head):
                known = cached
            else:
                # The state is read again with its version, head, text and meetings in one
                # statement: a writer may have committed since the head was read.
                row = self._execute(q.STATE, {"key": agreement_id}).one_or_none()
                if row is None:
                    raise UnknownAgreement(agreement_id)
                state, *columns = row
                head = q.Known(*columns)
                meetings = (
                    list(
                        self._execute(
                            q.MEETING_BODIES, {"key": agreement_id, "upto": head.meetings}
                        ).scalars()
                    )
                    if head.meetings
                    else []
                )
                document = whole(state, self._text_body(head.text), meetings)
                agreement = Agreement.model_validate(document)
                agreement._text_fingerprint = head.text  # the store's own key for that text
                known = replace(head, agreement=agreement)
                self._store._states.put(agreement_id, known)
            self._known[agreement_id] = known
            assert known.agreement is not None  # the cache holds parsed agreements only
            return known.agreement

    def latest(self, agreement_id: str) -> Agreement | None:
        """The agreement as this store last read or wrote it, without asking the database.

        It may not be the version stored now (another process may have written since): it is for
        a step whose write checks the version, as :meth:`record` does, so that a stale one is
        refused (``ConcurrencyError``) and taken again from :meth:`get`, as
        :class:`bargain.services.Workflow` does. ``None`` when this store has not met it.
        """
        known = self._known.get(agreement_id) or self._store._states.get(agreement_id)
        if known is None or known.agreement is None:
            return None
        self._known[agreement_id] = known
        return known.agreement

    def _text_body(self, fingerprint: str) -> dict[str, Any]:
        body = self._execute(q.TEXT, {"key": fingerprint}).scalar_one_or_none()
        if body is None:
            raise UnknownText(fingerprint)
        return dict(body)

    def opening(self, agreement_id: str) -> Agreement:
        """The agreement as it was added."""
        with self._store._translated():
            row = self._execute(q.OPENING, {"key": agreement_id}).one_or_none()
            if row is None:
                raise UnknownAgreement(agreement_id)
            state, fingerprint = row
            agreement = Agreement.model_validate({**state, **self._text_body(fingerprint)})
            agreement._text_fingerprint = fingerprint
            return agreement

    def history(self, agreement_id: str) -> tuple[Event, ...]:
        """The agreement's events, oldest first."""
        with self._store._translated():
            self._exists(agreement_id)  # UnknownAgreement rather than an empty history
            rows = self._execute(q.HISTORY, {"key": agreement_id}).scalars()
            return tuple(Event.model_validate(body) for body in rows)

    def _exists(self, agreement_id: str) -> None:
        if self._execute(q.TAKEN, {"key": agreement_id}).first() is None:
            raise UnknownAgreement(agreement_id)

    def ids(self) -> tuple[str, ...]:
        """Every agreement id, sorted."""
        with self._store._translated():
            return tuple(self._execute(q.IDS).scalars())

    def summaries(
        self,
        *,
        status: Status | None = None,
        sector: str | None = None,
        kind: AgreementKind | None = None,
        region: str | None = None,
        after: str | None = None,
        limit: int = 500,
    ) -> list[Summary]:
        """Up to ``limit`` summaries with an id after ``after``, by id, matching the filters
        (read from columns: no state nor text is parsed)."""
        columns = q.AGREEMENTS.c
        query = q.SUMMARY
        if status is not None:
            query = query.where(columns.status == status.value)
        if sector is not None:
            query = query.where(columns.sector == sector)
        if kind is not None:
            query = query.where(columns.kind == kind.value)
        if region is not None:
            low, high = region_range(region)
            query = query.where(columns.region.between(low, high))
        if after is not None:
            query = query.where(columns.id > after)
        with self._store._translated():
            rows = self._execute(query.limit(limit)).all()
        return [
            Summary(
                id=key,
                title=title,
                title_en=title_en,
                status=Status(state),
                kind=AgreementKind(kind_value),
                sector=sector_value,
                sector_name=sector_name,
                region=region_value,
                term_start=start,
                term_end=end,
                version=version,
                next_due=soonest,
                next_due_kind=None if soonest_kind is None else DeadlineKind(soonest_kind),
            )
            for (
                key,
                title,
                title_en,
                state,
                kind_value,
                sector_value,
                sector_name,
                region_value,
                start,
                end,
                version,
                soonest,
                soonest_kind,
            ) in rows
        ]

    def due(
        self,
        until: dt.date | None,
        on: dt.date,
        *,
        after: tuple[dt.date, str, str] | None = None,
        limit: int = 500,
    ) -> list[Due]:
        """Up to ``limit`` open time limits due by ``until``, as of ``on``, soonest first (one
        indexed query on the rows of the time limits: no state is parsed)."""
        columns = q.DEADLINES.c
        window = DeadlineKind.RENEWAL_WINDOW.value
        query = q.DUE.where(sa.not_(sa.and_(columns.kind == window, columns.due < on)))
        if until is not None:
            query = query.where(columns.due <= until)
        if after is not None:
            query = query.where(
                sa.tuple_(columns.due, columns.agreement_id, columns.kind) > sa.tuple_(*after)
            )
        with self._store._translated():
            rows = self._execute(query.limit(limit)).all()
        return [
            Due(
                key,
                DeadlineKind(kind),
                Deadline.model_construct(
                    start=start, days=days, due=due, convention=convention, approximate=approximate
                ),
                on,
            )
            for key, kind, due, start, days, convention, approximate in rows
        ]

    def text(self, fingerprint: str) -> Text:
        """The text stored under a fingerprint (parsed once per store)."""
        cached = self._store._texts.get(fingerprint)
        if cached is not None:
            return cached
        with self._store._translated():
            text = Text.model_validate(self._text_body(fingerprint))
        text._text_fingerprint = fingerprint
        self._store._texts.put(fingerprint, text)
        return text

    def text_versions(self, agreement_id: str) -> tuple[TextVersion, ...]:
        """The agreement's text versions: as opened, then each event that changed it."""
        with self._store._translated():
            opening = self._execute(q.OPENING_TEXT, {"key": agreement_id}).scalar_one_or_none()
            if opening is None:
                raise UnknownAgreement(agreement_id)
            changes = self._execute(q.TEXT_CHANGES, {"key": agreement_id}).all()
            return text_versions(opening, [tuple(change) for change in changes])

    def chain(self, agreement_id: str) -> Chain:
        """The agreement's stored hash chain."""
        with self._store._translated():
            row = self._execute(q.ROOT, {"key": agreement_id}).one_or_none()
            if row is None:
                raise UnknownAgreement(agreement_id)
            root, scheme, head, version = row
            links = self._execute(q.LINKS, {"key": agreement_id, "upto": version}).all()
            return Chain(root, scheme, tuple(Link(*link) for link in links), head)

    # ------------------------------------------------------------------------------ writing

    def _keep_texts(self, texts: Mapping[str, Mapping[str, Any]]) -> None:
        if texts:
            rows = [
                {"fingerprint": fingerprint, "body": body, "created_at": _now()}
                for fingerprint, body in texts.items()
            ]
            self._execute(q.INSERT_TEXT[self._connection.dialect.name], rows)

    def add(self, agreement: Agreement, deadlines: Iterable[Standing] = ()) -> None:
        """Store a new agreement and its open time limits (``DuplicateAgreement`` if its id is
        taken)."""
        with self._store._translated():
            if agreement.id in self._known or (
                self._execute(q.TAKEN, {"key": agreement.id}).first() is not None
            ):
                raise DuplicateAgreement(agreement.id)
            standing = tuple(deadlines)
            document = agreement.model_dump(mode="json")
            opening_state, text = split(document)
            fingerprint = text_fingerprint_of(agreement, text)
            procedure = dict(opening_state["procedure"])
            meetings = procedure.pop("meetings")
            root = opening_hash(document)
            self._keep_texts({fingerprint: text})
            soonest = next_due(standing)
            values = {
                "id": agreement.id,
                "version": agreement.procedure.version,
                "text_fingerprint": fingerprint,
                "opening_fingerprint": fingerprint,
                "opening_state": opening_state,
                "state": {**opening_state, "procedure": procedure},
                "meetings": len(meetings),
                "next_due": None if soonest is None else soonest[1].due,
                "next_due_kind": None if soonest is None else soonest[0].value,
                "scheme": CURRENT_SCHEME,
                "root_hash": root,
                "head_hash": root,
                "updated_at": _now(),
                "status": agreement.status.value,
                **_listed(agreement),
            }
            try:
                self._execute(q.INSERT_AGREEMENT, values)
            except exc.IntegrityError as error:  # added by another writer since the check above
                raise DuplicateAgreement(agreement.id) from error
            self._keep_meetings(agreement.id, meetings, 0, len(meetings))
            self._keep_deadlines(agreement.id, standing)
            known = q.Known(
                agreement.procedure.version,
                root,
                fingerprint,
                len(meetings),
                agreement,
                standing,
            )
            self._known[agreement.id] = self._written[agreement.id] = known

    def _keep_meetings(
        self, agreement_id: str, added: Sequence[Any], stored: int, count: int
    ) -> None:
        """Add the rows of the meetings ``added`` after the ``stored`` ones (or drop those beyond
        ``count``: no step removes a meeting, but a host's own write might)."""
        if added:
            rows = [
                {"agreement_id": agreement_id, "number": number, "body": body}
                for number, body in enumerate(added, stored + 1)
            ]
            self._execute(q.INSERT_MEETINGS, rows)
        elif count < stored:
            self._execute(q.DROP_MEETINGS, {"key": agreement_id, "count": count})

    def _keep_deadlines(self, agreement_id: str, standing: tuple[Standing, ...]) -> None:
        if standing:
            rows = [
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
            ]
            self._execute(q.INSERT_DEADLINES, rows)

    def record(
        self, agreement: Agreement, events: Sequence[Event], deadlines: Iterable[Standing] = ()
    ) -> None:
        """Store the agreement after ``events``, which must follow on from its stored version,
        and its open time limits now.

        One UPDATE of the agreement's row (its small state, checked against the version read),
        one INSERT of the events; the meetings, time limits and texts only when they changed. On
        PostgreSQL these are one statement (:mod:`bargain.store._pg_step`).
        """
        with self._store._translated():
            known = self._known.get(agreement.id) or self._head(agreement.id)
            expected = events[0].sequence - 1 if events else known.version
            if known.version != expected:
                raise ConcurrencyError(agreement.id, expected, known.version)
            standing = tuple(deadlines)
            fingerprint, texts, produced = self._new_texts(agreement, events, known.text)
            self._keep_texts(texts)
            soonest = next_due(standing)
            meetings = agreement.procedure.meetings
            rows = []
            previous = known.head
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
                        "text_fingerprint": produced.get(event.sequence),
                        "scheme": CURRENT_SCHEME,
                        "previous_hash": previous,
                        "hash": digest,
                    }
                )
                previous = digest
            values = {
                "key": agreement.id,
                "expected": expected,
                "new_version": agreement.procedure.version,
                "new_text_fingerprint": fingerprint,
                "new_state": state_of(agreement),
                "new_meetings": len(meetings),
                "new_next_due": None if soonest is None else soonest[1].due,
                "new_next_due_kind": None if soonest is None else soonest[0].value,
                "new_head_hash": previous,
                "new_updated_at": _now(),
                "new_status": agreement.status.value,
            }
            assigned: tuple[str, ...] = q.STEP_COLUMNS
            listed = _listed(agreement)
            if known.agreement is None or _listed(known.agreement) != listed:
                assigned += q.LISTED_COLUMNS
                values.update({f"new_{name}": value for name, value in listed.items()})
            added = [m.model_dump(mode="json") for m in meetings[known.meetings :]]
            changed = standing if standing != known.deadlines else None
            try:
                if self._postgresql and pg_step.applies(
                    rows, changed, added, known.meetings, meetings
                ):
                    statement = pg_step.statement(
                        assigned,
                        len(rows),
                        None if changed is None else len(changed),
                        len(added),
                    )
                    numbered = [
                        (number, json_text(body))
                        for number, body in enumerate(added, known.meetings + 1)
                    ]
                    values["lock"] = _EVENT_LOCK
                    bound = pg_step.values(values, rows, changed, numbered, json=json_text)
                    matched = self._execute(statement, bound).scalar_one()
                else:
                    if rows and self._postgresql:  # a host's write that dropped meetings
                        self._execute(q.LOCK_EVENTS, {"key": _EVENT_LOCK})
                    matched = self._execute(
                        q.UPDATE if assigned != q.STEP_COLUMNS else q.UPDATE_STEP, values
                    ).rowcount
                    if matched == 1:
                        self._keep_meetings(agreement.id, added, known.meetings, len(meetings))
                        if changed is not None:
                            self._execute(q.DROP_DEADLINES, {"key": agreement.id})
                            self._keep_deadlines(agreement.id, changed)
                        if rows:
                            self._execute(q.INSERT_EVENTS, rows)
            except exc.IntegrityError as error:  # a sequence number taken: another writer's
                raise ConcurrencyError(agreement.id, expected, expected + 1) from error
            if matched != 1:
                current = self._execute(q.TAKEN, {"key": agreement.id}).scalar()
                raise ConcurrencyError(agreement.id, expected, -1 if current is None else current)
            written = q.Known(
                agreement.procedure.version,
                previous,
                fingerprint,
                len(meetings),
                agreement,
                standing,
            )
            self._known[agreement.id] = self._written[agreement.id] = written

    def _new_texts(
        self, agreement: Agreement, events: Sequence[Event], before: str
    ) -> tuple[str, dict[str, dict[str, Any]], dict[int, str]]:
        """The fingerprint of the agreement's text; the texts to store, by fingerprint, with their
        JSON (none when the text stays as ``before``); and the text each event produced, by its
        sequence number."""
        texts: dict[str, dict[str, Any]] = {}
        fingerprint = agreement._text_fingerprint
        if fingerprint is None:  # a step that changed the text: worked out once, here
            body = agreement.model_dump(mode="json", include=_TEXT_FIELDS)
            fingerprint = text_fingerprint_of(agreement, body)
            if fingerprint != before:
                texts[fingerprint] = body
        elif fingerprint != before:
            texts[fingerprint] = agreement.model_dump(mode="json", include=_TEXT_FIELDS)
        produced: dict[int, str] = {}
        versions = produced_texts(lambda: self.text(before), agreement, events)
        for event, text in zip(events, versions, strict=True):
            if text is None:
                continue
            if text._text_fingerprint is None:  # an earlier text of several events stored at once
                body = text.model_dump(mode="json")
                if text_fingerprint_of(text, body) != before:
                    texts.setdefault(text_fingerprint(text), body)
            produced[event.sequence] = text_fingerprint(text)
        return fingerprint, texts, produced

    def events_after(self, position: int, limit: int = 100) -> tuple[Positioned, ...]:
        """Up to ``limit`` events with a global position after ``position``, in order."""
        with self._store._translated():
            rows = self._execute(q.EVENTS_AFTER, {"position": position, "limit": limit})
            return tuple(Positioned(at, Event.model_validate(body)) for at, body in rows)

    def verify(self, agreement_id: str | None = None) -> tuple[Verification, ...]:
        """Check the hash chain and the state of one agreement, or of all of them.

        The agreement as opened and as it stands are put together from their rows (state, text,
        meetings) as whole JSON documents, and checked against the events with the scheme each
        hash records.
        """
        with self._store._translated():
            ids = (agreement_id,) if agreement_id is not None else self.ids()
            results = []
            for key in ids:
                opening_state, opening_text, root, scheme, state, text, head, meetings, stored = (
                    self._stored(key)
                )
                results.append(
                    verify_history(
                        key,
                        {**opening_state, **self._text_body(opening_text)},
                        root,
                        stored,
                        whole(state, self._text_body(text), meetings),
                        head=head,
                        root_scheme=scheme,
                    )
                )
            return tuple(results)

    def _stored(self, key: str, attempts: int = 20) -> tuple[Any, ...]:
        """The agreement's row, meetings and events as stored, read as of one version.

        The events are all read, not only those up to the row's version, so that one added
        beyond the head is found. More events (or meetings) than the row counts is then either a
        writer that committed between the reads, when the row has moved on since (read again),
        or a stored history that is not what the row says (verified as read, and refused).
        """
        for _ in range(attempts):
            row = self._execute(q.WHOLE, {"key": key}).one_or_none()
            if row is None:
                raise UnknownAgreement(key)
            *columns, version, count = row
            meetings = list(self._execute(q.ALL_MEETING_BODIES, {"key": key}).scalars())
            stored = [
                StoredEvent(body, previous, digest, event_scheme)
                for body, previous, digest, event_scheme in self._execute(q.STORED, {"key": key})
            ]
            if len(stored) <= version and len(meetings) <= count:
                break
            if self._execute(q.TAKEN, {"key": key}).scalar_one_or_none() == version:
                break  # the row has not moved: what was read is what is stored
        return (*columns, meetings, stored)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _listed(agreement: Agreement) -> dict[str, Any]:
    """The agreement's values for ``LISTED_COLUMNS``."""
    term = agreement.term
    scope = agreement.scope
    return {
        "title": agreement.title,
        "title_en": agreement.title_en,
        "kind": agreement.kind.value,
        "sector": scope.sector,
        "sector_name": scope.sector_name,
        "region": scope.region,
        "term_start": None if term is None else term.start,
        "term_end": None if term is None else term.end,
    }
