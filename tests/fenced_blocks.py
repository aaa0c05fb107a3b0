"""The fenced code blocks of a Markdown page, with the markers the docs tests read.

A block may be preceded (on the last non-blank line before its fence) by one HTML comment that the
docs tests act on; it is visible to anyone who reads the Markdown source:

- ``<!-- not run: REASON -->``: a Python block the tests do not execute; the reason is required.
- ``<!-- file: NAME -->``: the block's text is written to ``NAME`` in the page's working folder
  before its Python blocks run, so that later blocks can read the file the page shows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Block", "fenced_blocks"]

_FENCE = re.compile(r"^(?P<fence>`{3,})(?P<info>[^`]*)$")
_MARKER = re.compile(r"^<!--\s*(?P<kind>[a-z][a-z ]*?)\s*(?::\s*(?P<value>.*?))?\s*-->$")


@dataclass(frozen=True)
class Block:
    """One fenced block: where it starts, its language, its text and its marker, if any."""

    page: str
    line: int
    """1-based line of the opening fence."""
    language: str
    text: str
    marker: str | None = None
    """The marker's kind (``not run``, ``file``), if a marker comment precedes the block."""
    marker_value: str | None = None
    """What follows the colon in the marker (the reason, the file name)."""

    @property
    def where(self) -> str:
        return f"{self.page}:{self.line}"

    def code(self) -> str:
        """The text, preceded by blank lines so that line numbers in tracebacks are the page's."""
        return "\n" * self.line + self.text


def fenced_blocks(path: Path, name: str) -> list[Block]:
    """Every fenced block of the Markdown file at ``path``, reported as page ``name``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    blocks: list[Block] = []
    index = 0
    while index < len(lines):
        opening = _FENCE.match(lines[index])
        if opening is None:
            index += 1
            continue
        fence, start = opening["fence"], index
        body: list[str] = []
        index += 1
        while index < len(lines) and not lines[index].startswith(fence):
            body.append(lines[index])
            index += 1
        if index == len(lines):
            raise ValueError(f"{name}:{start + 1}: the block is never closed")
        marker = _marker_before(lines, start)
        blocks.append(
            Block(
                page=name,
                line=start + 1,
                language=opening["info"].strip().split(" ")[0].lower(),
                text="\n".join(body) + "\n",
                marker=None if marker is None else marker["kind"],
                marker_value=None if marker is None else marker["value"],
            )
        )
        index += 1
    return blocks


def _marker_before(lines: list[str], fence: int) -> re.Match[str] | None:
    before = fence - 1
    while before >= 0 and not lines[before].strip():
        before -= 1
    return _MARKER.match(lines[before].strip()) if before >= 0 else None
