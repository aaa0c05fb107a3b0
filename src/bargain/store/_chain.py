"""The hash chain that makes a stored history tamper-evident (design decisions 1 and 11).

Each agreement's chain starts from the hash of the agreement as it was opened (its *root*); each
event's hash covers the previous hash and the event's canonical JSON. Changing a stored event,
removing one, or reordering them breaks the chain from that event on; changing the stored state
makes it differ from the replay of the events. :func:`verify_history` checks both and names the
first broken link. ``docs/storage.md`` specifies the chain for verifiers in other languages.

Every hash records the **scheme** that made it, so histories written by earlier releases verify:

``rfc8785`` (current)
    the canonical JSON is RFC 8785 (the JSON Canonicalization Scheme).
``json-sorted-keys`` (releases before 0.3)
    the canonical JSON is what Python's ``json.dumps(data, sort_keys=True, ensure_ascii=False,
    separators=(",", ":"))`` writes, encoded as UTF-8.

Both frame the bytes the same way::

    root  = SHA-256("bargain/opening\\n" + canonical(opening))
    event = SHA-256(previous + "\\n" + canonical(event))

For the JSON bargain writes (no floating-point number, integers far below 2**53, ASCII keys) the
two canonical forms are the same bytes; they differ on other JSON (floats, keys beyond the BMP).
Writing uses ``orjson`` with sorted keys, which gives the RFC 8785 bytes for that JSON; verifying
uses the ``rfc8785`` package, so the writer is checked by an independent implementation
(decision 11).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final

import orjson
import rfc8785
from pydantic import ValidationError

from bargain.domain.agreement import Agreement
from bargain.domain.events import Event
from bargain.domain.language import Bilingual
from bargain.domain.lifecycle import replay
from bargain.errors import BargainError
from bargain.ports import Positioned, Verification

__all__ = [
    "CURRENT_SCHEME",
    "LEGACY_SCHEME",
    "SCHEMES",
    "Positioned",
    "StoredEvent",
    "Verification",
    "canonical",
    "event_hash",
    "opening_hash",
    "verify_history",
]

CURRENT_SCHEME: Final = "rfc8785"
"""The scheme of every hash this release writes."""

LEGACY_SCHEME: Final = "json-sorted-keys"
"""The scheme of the hashes written before schemes were recorded (database revision 0001)."""


def _legacy(data: Any) -> bytes:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def _rfc8785(data: Any) -> bytes:
    return rfc8785.dumps(data)


SCHEMES: Final[Mapping[str, Callable[[Any], bytes]]] = {
    CURRENT_SCHEME: _rfc8785,
    LEGACY_SCHEME: _legacy,
}
"""The canonical JSON writer of each scheme, as a verifier uses it."""


def canonical(data: Any) -> bytes:
    """The RFC 8785 bytes of a JSON value as bargain writes it (sorted keys, no whitespace).

    ``orjson`` with sorted keys: for JSON without floats, with integers below 2**53 and ASCII keys,
    these are the RFC 8785 bytes (tests compare with the ``rfc8785`` package).
    """
    return orjson.dumps(data, option=orjson.OPT_SORT_KEYS)


def _writer(scheme: str) -> Callable[[Any], bytes]:
    if scheme == CURRENT_SCHEME:
        return canonical
    try:
        return SCHEMES[scheme]
    except KeyError:
        raise ValueError(f"unknown hash scheme {scheme!r}; known: {', '.join(SCHEMES)}") from None


def opening_hash(opening: Mapping[str, Any], scheme: str = CURRENT_SCHEME) -> str:
    """The root of an agreement's chain: the hash of the agreement as opened (its JSON form)."""
    return hashlib.sha256(b"bargain/opening\n" + _writer(scheme)(opening)).hexdigest()


def event_hash(previous: str, event: Mapping[str, Any], scheme: str = CURRENT_SCHEME) -> str:
    """The hash of an event (its JSON form) chained to the previous hash."""
    return hashlib.sha256(previous.encode() + b"\n" + _writer(scheme)(event)).hexdigest()


def _verified_hash(
    scheme: str, data: Mapping[str, Any], previous: str | None = None
) -> str | None:
    """The hash as a verifier computes it (the reference writer), or ``None`` for no scheme."""
    writer = SCHEMES.get(scheme)
    if writer is None:
        return None
    try:
        body = writer(data)
    except (TypeError, ValueError, rfc8785.CanonicalizationError):
        return None
    if previous is None:
        return hashlib.sha256(b"bargain/opening\n" + body).hexdigest()
    return hashlib.sha256(previous.encode() + b"\n" + body).hexdigest()


@dataclass(frozen=True)
class StoredEvent:
    """An event as a store holds it: its JSON body, the hashes around it and their scheme."""

    body: Mapping[str, Any]
    previous: str
    hash: str
    scheme: str = CURRENT_SCHEME


def verify_history(
    agreement_id: str,
    opening: Mapping[str, Any],
    root: str,
    stored: Iterable[StoredEvent],
    snapshot: Mapping[str, Any],
    head: str | None = None,
    *,
    root_scheme: str = CURRENT_SCHEME,
) -> Verification:
    """Check an agreement's chain from its opening, and its state against the replay.

    ``opening`` and ``snapshot`` are whole agreements in their JSON form (a store that keeps the
    text apart puts them together first). ``head`` is the hash the store recorded as the chain's
    last; when given, a history whose last events were removed is caught even if what is left
    still chains. Each hash is recomputed with the reference writer of its scheme.
    """
    events = list(stored)
    if _verified_hash(root_scheme, opening) != root:
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
        if item.previous != previous or _verified_hash(item.scheme, item.body, previous) != item.hash:
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
