"""Applying a step's facts to the snapshot, and rebuilding an agreement from its history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from pydantic import BaseModel, TypeAdapter

from bargain.domain.agreement import Agreement
from bargain.domain.events import Event
from bargain.domain.language import Bilingual
from bargain.domain.lifecycle import machine
from bargain.domain.procedure import Meeting, Procedure
from bargain.errors import HistoryMismatch

__all__ = ["apply", "dump", "parse_fact", "replay"]

_AGREEMENT_FACTS = frozenset({"recorder", "clauses", "term"})


@cache
def _fact_adapter(name: str) -> TypeAdapter[Any]:
    if name == "meeting":
        return TypeAdapter(Meeting)
    owner = Agreement if name in _AGREEMENT_FACTS else Procedure
    annotation: Any = owner.model_fields[name].annotation
    return TypeAdapter(annotation)


def parse_fact(name: str, value: Any) -> Any:
    """A fact of an event (its JSON data) as the value the step put in the agreement."""
    return _fact_adapter(name).validate_python(value)


def dump(value: Any) -> Any:
    """A fact as JSON data, for the event."""
    if isinstance(value, BaseModel):
        # The model's own serializer, as ``model_dump(mode="json")`` calls it, without the
        # wrapper's argument handling (this runs for most steps).
        return value.__pydantic_serializer__.to_python(value, mode="json")
    if isinstance(value, tuple):
        return [dump(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def apply(agreement: Agreement, event: Event, facts: Mapping[str, Any]) -> Agreement:
    """The agreement after ``event``, whose ``facts`` are already parsed."""
    procedure = agreement.procedure
    updates: dict[str, Any] = {"version": event.sequence, "last_on": event.on}
    own: dict[str, Any] = {"status": event.target}
    for name, value in facts.items():
        if name == "meeting":
            updates["meetings"] = (*procedure.meetings, value)
        elif name in _AGREEMENT_FACTS:
            own[name] = value
        else:
            updates[name] = value
    own["procedure"] = procedure.model_copy(update=updates)
    return agreement.model_copy(update=own)


def replay(opening: Agreement, events: Iterable[Event]) -> Agreement:
    """Rebuild an agreement from the agreement as opened and its events, in order.

    Each event must be one the shared machine allows: its step from the state the history has
    reached, to a destination the step can lead to.

    Raises:
        HistoryMismatch: an event is out of sequence, belongs to another agreement, does not
            start from the state the history has reached, or goes where its step cannot lead.
    """
    agreement = opening
    # The meetings the events add, put in once at the end: adding each to the tuple as a step
    # does would copy all the earlier ones every time (quadratic in a long negotiation). Nothing
    # in between reads them: replay checks each event against the state, not the meetings.
    meetings: list[Meeting] = []
    for event in events:
        expected = agreement.procedure.version + 1
        if event.agreement_id != agreement.id:
            raise HistoryMismatch(
                agreement.id,
                event.sequence,
                Bilingual(
                    f"事件属于集体合同 {event.agreement_id}",
                    f"it belongs to agreement {event.agreement_id}",
                ),
            )
        if event.sequence != expected:
            raise HistoryMismatch(
                agreement.id,
                event.sequence,
                Bilingual(f"应为第{expected}个事件", f"expected event {expected}"),
            )
        if event.source is not agreement.status or not machine.may(agreement.status, event.trigger):
            raise HistoryMismatch(
                agreement.id,
                event.sequence,
                Bilingual(
                    f"事件从“{event.source.label.zh}”出发，而此时合同处于"
                    f"“{agreement.status.label.zh}”",
                    f"it starts from {event.source.value}, but the agreement is "
                    f"{agreement.status.value}",
                ),
            )
        if not machine.move(event.source, event.trigger, event.target):
            raise HistoryMismatch(
                agreement.id,
                event.sequence,
                Bilingual(
                    f"“{event.trigger.label.zh}”不能到达“{event.target.label.zh}”",
                    f"{event.trigger.value} cannot lead to {event.target.value}",
                ),
            )
        facts = {name: parse_fact(name, value) for name, value in event.facts.items()}
        meeting = facts.pop("meeting", None)
        if meeting is not None:
            meetings.append(meeting)
        agreement = apply(agreement, event, facts)
    if meetings:
        procedure = agreement.procedure
        held = procedure.model_copy(update={"meetings": (*procedure.meetings, *meetings)})
        agreement = agreement.model_copy(update={"procedure": held})
    return agreement
