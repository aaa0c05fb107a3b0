"""How an agreement is taken apart for storage, and put together again (decision 11).

Both stores keep an agreement as three parts: its **text** (parties, scope, term, clauses; stored
once per distinct content, under its fingerprint), its **meetings** (one row each, numbered from 1)
and its **state** (everything else: a few KB however long the history). The whole agreement's JSON
is ``{**state, **text}`` with the meetings put back into ``procedure.meetings``.

An event whose facts hold ``clauses`` or ``term`` produced a text version; the others leave the
text as it was.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Final

import orjson

from bargain.domain.agreement import Agreement, Text
from bargain.domain.events import Event
from bargain.domain.fingerprint import TEXT_FIELDS
from bargain.domain.lifecycle.replay import parse_fact
from bargain.ports import Standing, TextVersion
from bargain.store._chain import canonical

__all__ = [
    "TEXT_FACTS",
    "json_text",
    "next_due",
    "produced_texts",
    "region_range",
    "split",
    "state_of",
    "text_fingerprint_of",
    "text_versions",
    "whole",
]

TEXT_FACTS: Final = frozenset({"clauses", "term"})
"""The facts of an event that change the text."""

_STATE_EXCLUDE: Final[Any] = {**dict.fromkeys(TEXT_FIELDS, True), "procedure": {"meetings": True}}
_TEXT = frozenset(TEXT_FIELDS)


def state_of(agreement: Agreement) -> dict[str, Any]:
    """The agreement's state: its JSON form without the text and without the meetings.

    Its size does not grow with the history (the meetings are stored one by one).
    """
    return agreement.model_dump(mode="json", exclude=_STATE_EXCLUDE)


def split(document: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """A whole agreement's JSON as ``(everything but the text, the text)``."""
    rest = {key: value for key, value in document.items() if key not in _TEXT}
    return rest, {key: document[key] for key in TEXT_FIELDS}


def text_fingerprint_of(agreement: Agreement | Text, body: Mapping[str, Any]) -> str:
    """The fingerprint of a text whose JSON is ``body``: known already, or computed (and kept)."""
    known = agreement._text_fingerprint
    if known is None:
        # canonical() is bargain.domain.fingerprint.canonical_text on the JSON already made.
        known = hashlib.sha256(canonical(body)).hexdigest()
        agreement._text_fingerprint = known
    return known


def whole(
    state: Mapping[str, Any], text: Mapping[str, Any], meetings: Sequence[Any]
) -> dict[str, Any]:
    """The whole agreement's JSON from its state, its text and its meetings' JSON."""
    procedure = {**state["procedure"], "meetings": list(meetings)}
    return {**state, **text, "procedure": procedure}


def produced_texts(
    before: Callable[[], Text], after: Agreement, events: Sequence[Event]
) -> list[Text | None]:
    """For each event, the text it produced, or ``None`` when its facts change no text.

    The last event that changes the text produced ``after``'s text; an earlier one (several events
    stored at once, as an import does) is worked out from its facts and the text ``before``
    the events, which is only asked for then.
    """
    marked = [not TEXT_FACTS.isdisjoint(event.facts) for event in events]
    produced: list[Text | None] = [None] * len(events)
    if not any(marked):
        return produced
    last = max(number for number, changes in enumerate(marked) if changes)
    produced[last] = after.text
    if any(marked[:last]):
        fields = {name: getattr(before(), name) for name in TEXT_FIELDS}
        for number in range(last):
            if marked[number]:
                facts = events[number].facts
                for name in TEXT_FACTS & facts.keys():
                    fields[name] = parse_fact(name, facts[name])
                produced[number] = Text.model_construct(**fields)
    return produced


def text_versions(opening: str, changes: Iterable[tuple[int, Any, str]]) -> tuple[TextVersion, ...]:
    """The text versions: as opened, then each event whose text differs from the one before.

    ``changes`` are ``(sequence, day, fingerprint)`` of the events that produced a text, in order.
    """
    versions = [TextVersion(opening, 0, None)]
    for sequence, on, fingerprint in changes:
        if fingerprint != versions[-1].fingerprint:
            versions.append(TextVersion(fingerprint, sequence, on))
    return tuple(versions)


def region_range(region: str) -> tuple[str, str]:
    """The region codes a code stands for, as the range ``(low, high)``: a province
    (``340000``) or a city (``340300``) takes in the codes within it, a county only itself."""
    if region.endswith("0000"):
        return region[:2] + "0000", region[:2] + "9999"
    if region.endswith("00"):
        return region[:4] + "00", region[:4] + "99"
    return region, region


def next_due(deadlines: Iterable[Standing]) -> Standing | None:
    """The soonest of the standing time limits (by day, then kind), or ``None``."""
    return min(deadlines, key=lambda item: (item[1].due, item[0].value), default=None)


def json_text(data: Any) -> str:
    """JSON as text, as the store writes it (orjson: bargain's JSON has no floats, string keys)."""
    return orjson.dumps(data).decode()
