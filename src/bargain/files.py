"""Reading agreements from YAML and JSON files, and writing them back.

Every fault in a file becomes a :class:`~bargain.errors.Problem` naming the file, the field path
(``clauses[3].monthly_floor``), the line where the parser knows it, what was expected and what was
found; all of them are raised together as one :class:`~bargain.errors.InvalidDocument`. Nothing
else escapes: a malformed, truncated, hostile or random document gives that error and no other.

The YAML reader is strict where YAML is lax: a key written twice is an error (not a silent
overwrite), and so are aliases, which a hand-written agreement never needs and which can be used to
blow up memory.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from enum import Enum
from pathlib import Path
from typing import Any

import yaml

from bargain._reading import Format, load_model, parse_model, read_yaml
from bargain.domain.agreement import Agreement
from bargain.domain.problems import format_path

__all__ = [
    "Format",
    "dump_agreement",
    "format_path",
    "load_agreement",
    "load_model",
    "parse_agreement",
    "parse_model",
    "read_yaml",
]


# --- reading ------------------------------------------------------------------------------------


def load_agreement(path: str | Path) -> Agreement:
    """Read an agreement from a ``.yaml``/``.yml`` or ``.json`` file.

    Raises:
        InvalidDocument: the file cannot be read, parsed or validated; one problem per fault.
    """
    return load_model(Agreement, path)


def parse_agreement(
    text: str | bytes, *, source: str = "<string>", fmt: Format = "yaml"
) -> Agreement:
    """Read an agreement from YAML or JSON text; ``source`` names it in error messages."""
    return parse_model(Agreement, text, source=source, fmt=fmt)


# --- writing ------------------------------------------------------------------------------------


def dump_agreement(agreement: Agreement, fmt: Format = "yaml") -> str:
    """The agreement as YAML or JSON text that :func:`parse_agreement` reads back unchanged."""
    data = agreement.model_dump(mode="json", exclude_none=True)
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return yaml.safe_dump(_plain(data), allow_unicode=True, sort_keys=False, width=100)


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    return value
