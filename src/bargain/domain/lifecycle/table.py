"""The procedure as data: every step's declaration, in the order of the procedure.

This tuple is the one list of steps (legal-reference §6.1). The shared machine
(:mod:`~bargain.domain.lifecycle.machine`) is built from it; :func:`check_declarations` says
what is missing when a step is declared only in part.
"""

from __future__ import annotations

from typing import Any

from bargain.domain.events import EventType
from bargain.domain.lifecycle.declaration import Details, Transition
from bargain.domain.lifecycle.steps import adoption, coordination, in_force, negotiation, offer
from bargain.domain.lifecycle.steps import review as review_
from bargain.domain.procedure import Status, Trigger

__all__ = ["BY_COMMAND", "BY_TRIGGER", "TABLE", "check_declarations", "transition"]

TABLE: tuple[Transition[Any], ...] = (
    offer.SEND_OFFER,
    offer.ACCEPT_OFFER,
    offer.REFUSE_OFFER,
    negotiation.START_NEGOTIATION,
    negotiation.RECORD_MEETING,
    negotiation.SUSPEND,
    negotiation.RESUME,
    coordination.REQUEST_COORDINATION,
    coordination.EXTEND_COORDINATION,
    coordination.CONCLUDE_COORDINATION,
    negotiation.AGREE_DRAFT,
    adoption.SUBMIT_TO_CONGRESS,
    adoption.HOLD_CONGRESS_VOTE,
    adoption.SIGN,
    review_.FILE,
    review_.OBJECT,
    review_.RENEGOTIATE,
    review_.TAKE_EFFECT,
    review_.PUBLISH,
    in_force.AMEND,
    in_force.TERMINATE,
    in_force.REQUEST_RENEWAL,
    in_force.EXPIRE,
)
"""The procedure, one declaration per trigger."""

BY_TRIGGER: dict[Trigger, Transition[Any]] = {row.trigger: row for row in TABLE}
"""The declaration of each trigger."""
BY_COMMAND: dict[type[Details], Transition[Any]] = {row.details: row for row in TABLE}
"""The declaration of each command (details model)."""


def transition(trigger: Trigger | str) -> Transition[Any]:
    """The declaration of a trigger.

    Raises:
        ValueError: no trigger has that name.
    """
    return BY_TRIGGER[Trigger(trigger)]


def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


def check_declarations(table: tuple[Transition[Any], ...] = TABLE) -> list[str]:
    """What is missing or inconsistent in the declarations; empty when every step is whole.

    Every trigger and every event type is declared exactly once; every step has its own details
    model named after its trigger, documented field by field; a guard whose docstring states the
    law and cites an article; sources; and targets that are states.
    """
    missing: list[str] = []
    declared = [row.trigger for row in table]
    for trigger in Trigger:
        count = declared.count(trigger)
        if count != 1:
            missing.append(f"trigger {trigger.value} is declared {count} times, not once")
    events = [row.event for row in table]
    for event in EventType:
        count = events.count(event)
        if count != 1:
            missing.append(f"event type {event.value} is recorded by {count} steps, not one")
    commands = [row.details for row in table]
    for row in table:
        name = row.trigger.value
        if not row.sources:
            missing.append(f"{name}: no source state")
        if not all(isinstance(s, Status) for s in (*row.sources, *row.targets)):
            missing.append(f"{name}: a source or target is not a Status")
        if row.details.__name__ != _camel(name):
            missing.append(
                f"{name}: its details model is {row.details.__name__}, expected {_camel(name)}"
            )
        if commands.count(row.details) != 1:
            missing.append(f"{name}: its details model {row.details.__name__} is shared")
        if not (row.details.__doc__ or "").strip():
            missing.append(f"{name}: the details model {row.details.__name__} has no docstring")
        for field, info in row.details.model_fields.items():
            if not info.description:
                missing.append(f"{name}: detail {field} is not documented")
        doc = row.guard.__doc__ or ""
        if "第" not in doc or "条" not in doc:
            missing.append(f"{name}: the guard {row.guard.__name__} does not cite an article")
    return missing
