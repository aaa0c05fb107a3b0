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
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

import orjson
import rfc8785
from pydantic import ValidationError

from bargain.domain.agreement import Agreement
from bargain.domain.events import Event
from bargain.domain.language import Bilingual
from bargain.domain.lifecycle import replay
from bargain.errors import BargainError, escape_controls
from bargain.ports import Chain, Link, Positioned, Verification

__all__ = [
    "CURRENT_SCHEME",
    "LEGACY_SCHEME",
    "SAFE_INTEGER",
    "SCHEMES",
    "Positioned",
    "StoredEvent",
    "Verification",
    "canonical",
    "chain_holds",
    "event_hash",
    "opening_hash",
    "paired",
    "seal",
    "unhashable",
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


def _framed(previous: str | None, body: bytes) -> str:
    """The hash of canonical bytes in the chain's framing: a root (no previous) or a link."""
    start = b"bargain/opening\n" if previous is None else previous.encode() + b"\n"
    return hashlib.sha256(start + body).hexdigest()


def opening_hash(opening: Mapping[str, Any], scheme: str = CURRENT_SCHEME) -> str:
    """The root of an agreement's chain: the hash of the agreement as opened (its JSON form)."""
    return _framed(None, _writer(scheme)(opening))


def event_hash(previous: str, event: Mapping[str, Any], scheme: str = CURRENT_SCHEME) -> str:
    """The hash of an event (its JSON form) chained to the previous hash."""
    return _framed(previous, _writer(scheme)(event))


def _verified_hash(scheme: str, data: Mapping[str, Any], previous: str | None = None) -> str | None:
    """The hash as a verifier computes it (the reference writer), or ``None`` for no scheme."""
    writer = SCHEMES.get(scheme)
    if writer is None:
        return None
    try:
        body = writer(data)
    except (TypeError, ValueError, rfc8785.CanonicalizationError):
        return None
    return _framed(previous, body)


SAFE_INTEGER: Final = 2**53 - 1
"""The largest integer (in magnitude) RFC 8785 writes: beyond it a double loses digits."""


def unhashable(
    data: Any, at: tuple[str | int, ...] = ()
) -> tuple[tuple[str | int, ...], str] | None:
    """The first value (in document order) the chain's canonical JSON cannot hold exactly, if any.

    Returns its field path and what it is: a number with a fraction or an exponent (a float, or
    the ``Decimal`` bargain's JSON reader makes of one), an integer beyond
    :data:`SAFE_INTEGER`, or text with a lone surrogate. bargain writes none of them; a verifier
    refuses them rather than guess how the writer would have written them.
    """
    stack: list[tuple[tuple[str | int, ...], Any]] = [(at, data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, bool) or value is None:
            continue
        if isinstance(value, int):
            if abs(value) > SAFE_INTEGER:
                return path, "integer"
        elif isinstance(value, str):
            if not _is_scalar_text(value):
                return path, "surrogate"
        elif isinstance(value, Mapping):
            for key in value:
                if not isinstance(key, str) or not _is_scalar_text(key):
                    return (*path, str(key)), "surrogate"
            stack.extend((((*path, k), v) for k, v in reversed(list(value.items()))))
        elif isinstance(value, list | tuple):
            stack.extend((((*path, i), v) for i, v in reversed(list(enumerate(value)))))
        else:  # a float, a Decimal, anything else that is not JSON bargain writes
            return path, "number"
    return None


def _is_scalar_text(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@dataclass(frozen=True)
class StoredEvent:
    """An event as a store holds it: its JSON body, the hashes around it and their scheme."""

    body: Mapping[str, Any]
    previous: str
    hash: str
    scheme: str = CURRENT_SCHEME


def paired(bodies: Sequence[Mapping[str, Any]], links: Sequence[Link]) -> list[StoredEvent]:
    """Event bodies and the links of a chain, side by side, as :func:`verify_history` takes them.

    When there are more of one than of the other, the missing side is empty (an empty body, a
    link with empty hashes), so the first unpaired event fails as "changed or missing".
    """
    missing = Link("", "", CURRENT_SCHEME)
    stored = []
    for i in range(max(len(bodies), len(links))):
        link = links[i] if i < len(links) else missing
        stored.append(
            StoredEvent(bodies[i] if i < len(bodies) else {}, link.previous, link.hash, link.scheme)
        )
    return stored


def seal(
    opening: Mapping[str, Any], bodies: Iterable[Mapping[str, Any]], scheme: str = CURRENT_SCHEME
) -> Chain:
    """The chain of an agreement as opened and its event bodies, written afresh in ``scheme``."""
    root = opening_hash(opening, scheme)
    links = []
    previous = root
    for body in bodies:
        digest = event_hash(previous, body, scheme)
        links.append(Link(previous, digest, scheme))
        previous = digest
    return Chain(root, scheme, tuple(links), previous)


def chain_holds(
    chain: Chain, opening: Mapping[str, Any], bodies: Sequence[Mapping[str, Any]]
) -> bool:
    """Whether ``chain`` is exactly the chain of this JSON, each hash in its own scheme.

    The fast writer's check (what an export does before it carries a stored chain); the
    verifier's is :func:`verify_history`.
    """
    if len(chain.links) != len(bodies):
        return False
    try:
        if opening_hash(opening, chain.root_scheme) != chain.root:
            return False
        previous = chain.root
        for link, body in zip(chain.links, bodies, strict=True):
            if link.previous != previous or event_hash(previous, body, link.scheme) != link.hash:
                return False
            previous = link.hash
    except (TypeError, ValueError):  # an unknown scheme, or JSON a writer refuses
        return False
    return previous == chain.head


def _same_json(left: Any, right: Any) -> bool:
    try:
        return canonical(left) == canonical(right)
    except (TypeError, ValueError):  # not JSON orjson writes (a Decimal, a huge integer)
        return False


def _unknown_scheme(scheme: str, what: Bilingual) -> Bilingual:
    known = ", ".join(SCHEMES)
    shown = escape_controls(scheme)
    return Bilingual(
        f"{what.zh}的哈希方案 '{shown}' 未知（已知：{known}）",
        f"{what.en} has an unknown hash scheme '{shown}' (known: {known})",
    )


def verify_history(
    agreement_id: str,
    opening: Mapping[str, Any],
    root: str,
    stored: Iterable[StoredEvent],
    snapshot: Mapping[str, Any],
    head: str | None = None,
    *,
    root_scheme: str = CURRENT_SCHEME,
    exact: bool = False,
) -> Verification:
    """Check an agreement's chain from its opening, and its state against the replay.

    ``opening`` and ``snapshot`` are whole agreements in their JSON form (a store that keeps the
    text apart puts them together first). ``head`` is the hash the store recorded as the chain's
    last; when given, a history whose last events were removed is caught even if what is left
    still chains. Each hash is recomputed with the reference writer of its scheme.

    The replay must equal the snapshot as an agreement (what a store checks: JSON written by an
    earlier release, without a field added since, still matches); with ``exact``, the replay's
    JSON must equal the snapshot's JSON, as a verifier that knows no model checks an export
    (docs/storage.md).
    """
    events = list(stored)
    if root_scheme not in SCHEMES:
        return Verification(
            agreement_id,
            len(events),
            0,
            False,
            _unknown_scheme(root_scheme, Bilingual("开户时的合同文本", "the agreement as opened")),
        )
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
        if item.scheme not in SCHEMES:
            return Verification(
                agreement_id,
                len(events),
                number,
                False,
                _unknown_scheme(item.scheme, Bilingual(f"第{number}个事件", f"event {number}")),
            )
        if (
            item.previous != previous
            or _verified_hash(item.scheme, item.body, previous) != item.hash
        ):
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
        if exact:
            matches = _same_json(rebuilt.model_dump(mode="json"), snapshot)
        else:
            matches = rebuilt == Agreement.model_validate(snapshot)
    except (BargainError, ValidationError, LookupError, TypeError, ValueError):
        # A history that does not replay (HistoryMismatch), or facts no model field takes.
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
