"""The one shared ``transitions.Machine``: the authority over which step may follow which.

The machine is built once from :data:`~bargain.domain.lifecycle.table.TABLE` (design decision
2): every state, and one transition per (step, destination); a step that keeps the state is an
internal transition. It is not bound to the Pydantic agreement (``model=None``); a throw-away
token carries the state through it. Which steps may be taken in a state, whether a step may start
from a state, where it may lead, and whether a recorded step was possible at all (replay) are all
answered by the machine. The diagrams are drawn from the same definition
(:func:`definition`), so a picture cannot disagree with the procedure.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from bargain.domain.lifecycle.table import TABLE
from bargain.domain.procedure import Status, Trigger

__all__ = [
    "definition",
    "destinations",
    "machine",
    "may",
    "move",
    "reachable_states",
    "triggers_from",
]


def _goes_to(target: str) -> Callable[[Any], bool]:
    def condition(event: Any) -> bool:
        return bool(event.kwargs.get("target") == target)

    return condition


def definition(
    state_label: Callable[[Status], str] | None = None,
    step_label: Callable[[Trigger], str] | None = None,
) -> dict[str, Any]:
    """The machine's configuration (``transitions.Machine`` keyword arguments) from the table.

    With labels, states and transitions carry them (for diagrams); without, the configuration is
    the one the shared machine runs on.
    """
    states: list[Any] = [
        s.value if state_label is None else {"name": s.value, "label": state_label(s)}
        for s in Status
    ]
    rows: list[dict[str, Any]] = []
    for row in TABLE:
        sources = [s.value for s in row.sources]
        label = {} if step_label is None else {"label": step_label(row.trigger)}
        if row.stays:
            # An internal transition: the state does not change, no exit or enter happens.
            rows.append({"trigger": row.trigger.value, "source": sources, "dest": None, **label})
            continue
        for target in row.targets:
            # A condition only where the step's facts choose among destinations.
            conditions = [_goes_to(target.value)] if len(row.targets) > 1 and not label else []
            rows.append(
                {
                    "trigger": row.trigger.value,
                    "source": sources,
                    "dest": target.value,
                    "conditions": conditions,
                    **label,
                }
            )
    return {
        "states": states,
        "transitions": rows,
        "initial": Status.DRAFTING.value,
        "auto_transitions": False,
        "send_event": True,
    }


@cache
def machine() -> Any:
    """The shared machine (built on first use; ``transitions`` has no type hints)."""
    from transitions import Machine

    return Machine(model=None, model_attribute="state", **definition())


@cache
def _events() -> dict[Trigger, Any]:
    # The machine's events by trigger, and the error it raises for a step invalid in a state.
    from transitions import MachineError

    shared = machine()
    return {trigger: (shared.events[trigger.value], MachineError) for trigger in Trigger}


class _Token:
    """The thin object the shared machine moves; the agreement itself is never a machine model."""

    __slots__ = ("state",)

    def __init__(self, state: str) -> None:
        self.state = state


@cache
def triggers_from(state: Status) -> tuple[Trigger, ...]:
    """The steps the machine allows in ``state``, in table order."""
    names = set(machine().get_triggers(state.value))
    return tuple(row.trigger for row in TABLE if row.trigger.value in names)


def may(state: Status, trigger: Trigger) -> bool:
    """Whether the machine lets ``trigger`` start from ``state``."""
    return trigger in triggers_from(state)


@cache
def destinations(state: Status, trigger: Trigger) -> tuple[Status, ...]:
    """Where ``trigger`` may lead from ``state`` (empty when it may not start there)."""
    event = machine().events[trigger.value]
    found = event.transitions.get(state.value, ())
    return tuple(Status(t.dest) if t.dest is not None else state for t in found)


def move(state: Status, trigger: Trigger, target: Status) -> bool:
    """Run ``trigger`` from ``state`` towards ``target`` through the machine; whether it got there."""
    event, invalid = _events()[trigger]
    token = _Token(state.value)
    try:
        moved = event.trigger(token, target=target.value)
    except invalid:  # the trigger is not valid in the state
        return False
    return bool(moved) and token.state == target.value


@cache
def reachable_states() -> frozenset[Status]:
    """Every state the machine can reach from ``drafting``."""
    seen = {Status.DRAFTING}
    frontier = [Status.DRAFTING]
    while frontier:
        state = frontier.pop()
        for trigger in triggers_from(state):
            for target in destinations(state, trigger):
                if target not in seen:
                    seen.add(target)
                    frontier.append(target)
    return frozenset(seen)
