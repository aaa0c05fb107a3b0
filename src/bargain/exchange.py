"""An agreement with its history, as one JSON document that another bargain can import.

The document (format ``bargain-export/2``) holds the agreement as it was opened, every event in
order, the snapshot the events lead to, and the hash chain that seals them::

    {"format": "bargain-export/2", "opening": {…}, "events": [{…}, …], "snapshot": {…},
     "chain": {"root": "…", "root_scheme": "rfc8785",
               "links": [{"previous": "…", "hash": "…", "scheme": "rfc8785"}, …], "head": "…"}}

``docs/storage.md`` specifies the chain, so that a verifier in any language can check an export;
``tools/verify_export.py`` is one that needs nothing but Python's standard library. Documents of
the earlier format ``bargain-export/1`` (the same without ``chain``) are still read.

Reading is as strict as reading an agreement file (:mod:`bargain.files`): the same size and
nesting limits, no unknown key, and every fault raised as one
:class:`~bargain.errors.InvalidDocument` naming the file, the field path and what was expected.
An export with a chain must also hold only JSON the chain's canonical form writes exactly (no
floating-point number, no integer beyond 2^53 - 1, no lone surrogate). The history itself is
checked by :func:`verify_export` (``bargain verify --export FILE``) and when it is stored
(``Workflow.restore`` verifies the chain, then replays the events).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Final, Literal

from bargain._reading import Lines, load_tree, parse_tree, validate_tree
from bargain.domain.agreement import Agreement
from bargain.domain.base import DomainModel
from bargain.domain.events import Event
from bargain.domain.language import Bilingual
from bargain.domain.problems import format_path
from bargain.errors import BrokenExport, InvalidDocument, Problem, escape_controls
from bargain.ports import Chain, Link, Verification

__all__ = [
    "EXPORT_FORMAT",
    "LEGACY_EXPORT_FORMAT",
    "Export",
    "chain_holds",
    "check_export",
    "dump_export",
    "load_agreement_or_export",
    "load_export",
    "parse_export",
    "seal",
    "verify_export",
    "verify_export_file",
]

EXPORT_FORMAT: Final = "bargain-export/2"
"""The ``format`` field of an export document with its hash chain (what bargain writes)."""

LEGACY_EXPORT_FORMAT: Final = "bargain-export/1"
"""The ``format`` of an export written before exports carried their chain (still read)."""


@dataclass(frozen=True, slots=True)
class Export:
    """An agreement with its history: as opened, every event since, where they led, the chain.

    Attributes:
        opening: the agreement as it was opened (集体合同草案, before the offer).
        events: every step of the procedure, in ``sequence`` order.
        agreement: the snapshot after the last event.
        chain: the hash chain over the opening and the events (``None`` for an export of the
            format ``bargain-export/1``, which carried none).
        document: the JSON document as it was read, when it was read from text: the chain is
            checked over that JSON, exactly as it was written (``None`` for an export built in
            Python, whose models' JSON is checked). Not compared by ``==``.
    """

    opening: Agreement
    events: tuple[Event, ...]
    agreement: Agreement
    chain: Chain | None = None
    document: Mapping[str, Any] | None = field(default=None, compare=False, repr=False)


class _Link(DomainModel):
    """One link of the chain: an event's hash, the hash before it, and its scheme."""

    previous: str
    """The hash before the event's (the root for the first event), lowercase hex."""
    hash: str
    """The event's hash, lowercase hex."""
    scheme: str
    """The scheme of the hash: ``rfc8785`` (or ``json-sorted-keys`` for older histories)."""


class _Chain(DomainModel):
    """The hash chain of the history (docs/storage.md)."""

    root: str
    """The hash of the agreement as opened."""
    root_scheme: str
    """The scheme of the root hash."""
    links: tuple[_Link, ...]
    """One link per event, in order."""
    head: str
    """The last hash (the root when there is no event)."""


class _Envelope(DomainModel):
    """An export as far as a verifier needs it read: its sections as JSON, and its chain."""

    format: Literal["bargain-export/1", "bargain-export/2"]
    """The format and its version."""
    opening: dict[str, Any]
    """The agreement as it was opened."""
    events: tuple[dict[str, Any], ...]
    """Every event, in order."""
    snapshot: dict[str, Any]
    """The agreement after the last event."""
    chain: _Chain | None = None
    """The hash chain (``bargain-export/2`` only)."""


class _Document(DomainModel):
    """The export document as it is written: what :func:`parse_export` accepts."""

    format: Literal["bargain-export/1", "bargain-export/2"]
    """The format and its version: ``bargain-export/2`` (``bargain-export/1`` is still read)."""
    opening: Agreement
    """The agreement as it was opened."""
    events: tuple[Event, ...]
    """Every event, in order."""
    snapshot: Agreement
    """The agreement after the last event."""
    chain: _Chain | None = None
    """The hash chain over the opening and the events (``bargain-export/2`` only)."""


def _chain_json(chain: Chain) -> dict[str, Any]:
    return {
        "root": chain.root,
        "root_scheme": chain.root_scheme,
        "links": [
            {"previous": link.previous, "hash": link.hash, "scheme": link.scheme}
            for link in chain.links
        ],
        "head": chain.head,
    }


def _as_document(export: Export) -> Mapping[str, Any]:
    """The JSON document of an export: as read, or its models' JSON."""
    if export.document is not None:
        return export.document
    document: dict[str, Any] = {
        "format": LEGACY_EXPORT_FORMAT if export.chain is None else EXPORT_FORMAT,
        "opening": export.opening.model_dump(mode="json"),
        "events": [event.model_dump(mode="json") for event in export.events],
        "snapshot": export.agreement.model_dump(mode="json"),
    }
    if export.chain is not None:
        document["chain"] = _chain_json(export.chain)
    return document


def dump_export(export: Export) -> str:
    """The export as JSON text that :func:`parse_export` reads back unchanged.

    The format is ``bargain-export/2`` with the export's chain; an export without a chain is
    written as ``bargain-export/1``.
    """
    document = dict(_as_document(replace(export, document=None)))
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def parse_export(text: str | bytes, source: str = "<string>") -> Export:
    """Read an export from JSON text; ``source`` names it in error messages.

    Raises:
        InvalidDocument: the text is not an export; one problem per fault.
    """
    data, lines = parse_tree(text, source=source, fmt="json")
    return _export(data, lines, source)


def load_export(path: str | Path) -> Export:
    """Read an export from a JSON file (see :func:`parse_export`)."""
    data, lines, source = load_tree(path)
    return _export(data, lines, source)


def load_agreement_or_export(path: str | Path) -> Agreement | Export:
    """Read a file that holds either an agreement or an export (it has a ``format`` field).

    The file is parsed once; what ``bargain import`` reads.
    """
    data, lines, source = load_tree(path)
    if "format" in data:
        return _export(data, lines, source)
    return validate_tree(Agreement, data, lines, source)


def _export(data: Mapping[str, Any], lines: Lines, source: str) -> Export:
    document = validate_tree(_Document, data, lines, source)
    _check_chain_section(document.format, document.chain, data, lines, source)
    chain = None if document.chain is None else _ports_chain(document.chain)
    return Export(document.opening, document.events, document.snapshot, chain, data)


def _ports_chain(chain: _Chain) -> Chain:
    return Chain(
        chain.root,
        chain.root_scheme,
        tuple(Link(link.previous, link.hash, link.scheme) for link in chain.links),
        chain.head,
    )


def _check_chain_section(
    fmt: str, chain: _Chain | None, data: Mapping[str, Any], lines: Lines, source: str
) -> None:
    """A ``/2`` document has a chain and only JSON its hashes can cover; a ``/1`` has none."""
    if fmt == EXPORT_FORMAT and chain is None:
        expected = Bilingual(
            f"{EXPORT_FORMAT} 格式的导出文件须有哈希链", f"an export of {EXPORT_FORMAT} has a chain"
        )
        raise InvalidDocument([Problem(source, "chain", expected, line=lines.get(()))])
    if fmt == LEGACY_EXPORT_FORMAT and chain is not None:
        expected = Bilingual(
            f"{LEGACY_EXPORT_FORMAT} 格式的导出文件没有哈希链（有哈希链的格式为 {EXPORT_FORMAT}）",
            f"no chain in an export of {LEGACY_EXPORT_FORMAT} (the format with a chain is "
            f"{EXPORT_FORMAT})",
        )
        raise InvalidDocument([Problem(source, "chain", expected, line=lines.get(("chain",)))])
    if chain is None:
        return
    from bargain.store._chain import unhashable

    found = unhashable(data)
    if found is not None:
        path, what = found
        expected = {
            "number": Bilingual(
                "应为整数（bargain 不写浮点数，哈希链的规范 JSON 不接受浮点数）",
                "expected a whole number (bargain writes no floating-point number, and the "
                "chain's canonical JSON takes none)",
            ),
            "integer": Bilingual(
                "应为 -(2^53-1) 到 2^53-1 之间的整数（RFC 8785）",
                "expected an integer from -(2^53-1) to 2^53-1 (RFC 8785)",
            ),
            "surrogate": Bilingual(
                "应为有效的 Unicode 文本（不含孤立的代理码元）",
                "expected valid Unicode text (no lone surrogate)",
            ),
        }[what]
        value: Any = data
        for part in path:
            value = value[part]
        raise InvalidDocument(
            [
                Problem(
                    source,
                    format_path(path),
                    expected,
                    found=None if what == "surrogate" else str(value),
                    line=lines.get(path),
                )
            ]
        )


def _agreement_id(opening: Mapping[str, Any]) -> str:
    key = opening.get("id")
    return escape_controls(key) if isinstance(key, str) else "?"


def _no_chain(opening: Mapping[str, Any], events: int) -> Verification:
    return Verification(
        _agreement_id(opening),
        events,
        0,
        False,
        Bilingual(
            f"导出文件没有哈希链（{LEGACY_EXPORT_FORMAT}），无法校验",
            f"the export has no hash chain ({LEGACY_EXPORT_FORMAT}): it cannot be verified",
        ),
    )


def _verify_json(
    opening: Mapping[str, Any],
    events: Sequence[Mapping[str, Any]],
    snapshot: Mapping[str, Any],
    chain: Chain | None,
) -> Verification:
    if chain is None:
        return _no_chain(opening, len(events))
    from bargain.store._chain import paired, verify_history

    return verify_history(
        _agreement_id(opening),
        opening,
        chain.root,
        paired(events, chain.links),
        snapshot,
        chain.head,
        root_scheme=chain.root_scheme,
        exact=True,
    )


def verify_export(export: Export) -> Verification:
    """Check an export's chain and that its events replay from its opening to its snapshot.

    The same check as ``bargain verify`` makes of a stored history, over the export's JSON as it
    was read (or its models' JSON, for an export built in Python), with the replay's JSON equal to
    the snapshot's: what ``tools/verify_export.py`` and any verifier following docs/storage.md
    find. An export without a chain (``bargain-export/1``) does not verify.
    """
    document = _as_document(export)
    return _verify_json(document["opening"], document["events"], document["snapshot"], export.chain)


def check_export(export: Export) -> None:
    """Refuse an export whose chain does not verify (:func:`verify_export`); one without a chain
    (``bargain-export/1``) passes, to be replayed.

    Raises:
        BrokenExport: naming what broke: an event by number, the agreement as opened, the events
            missing from the end, or the snapshot.
    """
    if export.chain is None:
        return
    check = verify_export(export)
    if not check.ok:
        reason = check.reason or Bilingual("未通过校验", "it does not verify")
        raise BrokenExport(check.agreement_id, reason)


def verify_export_file(path: str | Path) -> Verification:
    """Check an export file (``bargain verify --export FILE``): see :func:`verify_export`.

    Only the document's frame is read strictly (its sections, its chain): an event that was
    changed is reported as a broken link, as a verifier in another language reports it, even
    when it no longer reads as an event.

    Raises:
        InvalidDocument: the file cannot be read as an export (not JSON, too large, a missing
            section, a floating-point number…).
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError:
        load_tree(path)  # raises InvalidDocument naming the file and why it cannot be read
        raise
    source = str(path)
    data, lines = parse_tree(raw, source=source, fmt="json")  # JSON, whatever the file's suffix
    envelope = validate_tree(_Envelope, data, lines, source)
    _check_chain_section(envelope.format, envelope.chain, data, lines, source)
    chain = None if envelope.chain is None else _ports_chain(envelope.chain)
    return _verify_json(data["opening"], data["events"], data["snapshot"], chain)


def seal(export: Export) -> Export:
    """The export with a chain written afresh over its models' JSON, in the current scheme.

    For a stored history whose JSON was written by an earlier release in a form the models no
    longer write (a field added since): bargain verifies the stored chain, then seals what it
    exports (see ``Workflow.export``).
    """
    from bargain.store._chain import seal as seal_json

    bare = replace(export, chain=None, document=None)
    document = _as_document(bare)
    return replace(bare, chain=seal_json(document["opening"], document["events"]))


def chain_holds(export: Export) -> bool:
    """Whether the export's chain is exactly the chain of its models' JSON (a fast check)."""
    if export.chain is None:
        return False
    from bargain.store._chain import chain_holds as holds

    document = _as_document(replace(export, document=None))
    return holds(export.chain, document["opening"], document["events"])
