"""An agreement with its history, as one JSON document that another bargain can import.

The document (format ``bargain-export/1``) holds the agreement as it was opened, every event in
order and the snapshot the events lead to::

    {"format": "bargain-export/1", "opening": {…}, "events": [{…}, …], "snapshot": {…}}

Reading it is as strict as reading an agreement file (:mod:`bargain.files`): the same size and
nesting limits, no unknown key, and every fault raised as one
:class:`~bargain.errors.InvalidDocument` naming the file, the field path and what was expected.
The history itself is checked when it is stored (``Workflow.restore`` replays it).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from bargain._reading import Lines, load_tree, parse_tree, validate_tree
from bargain.domain.agreement import Agreement
from bargain.domain.base import DomainModel
from bargain.domain.events import Event

__all__ = [
    "EXPORT_FORMAT",
    "Export",
    "dump_export",
    "load_agreement_or_export",
    "load_export",
    "parse_export",
]

EXPORT_FORMAT = "bargain-export/1"
"""The ``format`` field of an export document."""


@dataclass(frozen=True, slots=True)
class Export:
    """An agreement with its history: as opened, every event since, and where they led.

    Attributes:
        opening: the agreement as it was opened (集体合同草案, before the offer).
        events: every step of the procedure, in ``sequence`` order.
        agreement: the snapshot after the last event.
    """

    opening: Agreement
    events: tuple[Event, ...]
    agreement: Agreement


class _Document(DomainModel):
    """The export document as it is written: what :func:`parse_export` accepts."""

    format: Literal["bargain-export/1"]
    """The format and its version: ``bargain-export/1``."""
    opening: Agreement
    """The agreement as it was opened."""
    events: tuple[Event, ...]
    """Every event, in order."""
    snapshot: Agreement
    """The agreement after the last event."""


def dump_export(export: Export) -> str:
    """The export as JSON text that :func:`parse_export` reads back unchanged."""
    document: dict[str, Any] = {
        "format": EXPORT_FORMAT,
        "opening": export.opening.model_dump(mode="json"),
        "events": [event.model_dump(mode="json") for event in export.events],
        "snapshot": export.agreement.model_dump(mode="json"),
    }
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
    return Export(document.opening, document.events, document.snapshot)
