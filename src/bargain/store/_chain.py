"""The hash chain that makes a stored history tamper-evident (design decision 1).

Each agreement's chain starts from the hash of the agreement as it was opened; each event's hash
covers the previous hash and the event's canonical JSON (keys sorted, no spaces, UTF-8). Changing
a stored event, removing one, or reordering them breaks the chain from that event on; changing
the snapshot makes it differ from the replay of the events. :func:`verify_history` checks both
and names the first broken link.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from bargain.domain.agreement import Agreement
from bargain.domain.events import Event
from bargain.domain.language import Bilingual
from bargain.domain.lifecycle import replay
from bargain.errors import BargainError
from bargain.ports import Positioned, Verification

__all__ = [
    "Positioned",
    "StoredEvent",
    "Verification",
    "canonical",
    "event_hash",
    "opening_hash",
    "verify_history",
]


def canonical(data: Any) -> bytes:
    """The canonical JSON bytes of a JSON value: sorted keys, no whitespace, UTF-8."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def opening_hash(opening: Mapping[str, Any]) -> str:
    """The root of an agreement's chain: the hash of the agreement as opened (its JSON form)."""
    return hashlib.sha256(b"bargain/opening\n" + canonical(opening)).hexdigest()


def event_hash(previous: str, event: Mapping[str, Any]) -> str:
    """The hash of an event (its JSON form) chained to the previous hash."""
    return hashlib.sha256(previous.encode() + b"\n" + canonical(event)).hexdigest()


@dataclass(frozen=True)
class StoredEvent:
    """An event as a store holds it: its JSON body and the hashes around it."""

    body: Mapping[str, Any]
    previous: str
    hash: str


def verify_history(
    agreement_id: str,
    opening: Mapping[str, Any],
    root: str,
    stored: Iterable[StoredEvent],
    snapshot: Mapping[str, Any],
    head: str | None = None,
) -> Verification:
    """Check an agreement's chain from its opening, and its snapshot against the replay.

    ``head`` is the hash the store recorded as the chain's last; when given, a history whose
    last events were removed is caught even if what is left still chains.
    """
    events = list(stored)
    if opening_hash(opening) != root:
        return Verification(
            agreement_id,
            len(events),
            0,
            False,
            Bilingual("开户时的合同文本已被改动", "the agreement as opened was changed"),
        )
    previous = root
    parsed: list[Event] = []
    for number, item in enumerate(events, 1):
        if item.previous != previous or event_hash(previous, item.body) != item.hash:
            return Verification(
                agreement_id,
                len(events),
                number,
                False,
                Bilingual(
                    f"第{number}个事件被改动或缺失", f"event {number} was changed or is missing"
                ),
            )
        previous = item.hash
        try:
            parsed.append(Event.model_validate(item.body))
        except ValidationError:
            return Verification(
                agreement_id,
                len(events),
                number,
                False,
                Bilingual(f"第{number}个事件无法读取", f"event {number} cannot be read"),
            )
    if head is not None and head != previous:
        missing = len(events) + 1
        return Verification(
            agreement_id,
            len(events),
            missing,
            False,
            Bilingual(f"第{missing}个事件起缺失", f"the events from {missing} on are missing"),
        )
    try:
        rebuilt = replay(Agreement.model_validate(opening), parsed)
        matches = rebuilt == Agreement.model_validate(snapshot)
    except (BargainError, ValidationError):
        matches = False
    if not matches:
        return Verification(
            agreement_id,
            len(events),
            None,
            False,
            Bilingual(
                "存储的快照与事件重放结果不一致", "the stored snapshot differs from the replay"
            ),
        )
    return Verification(agreement_id, len(events), None, True)
