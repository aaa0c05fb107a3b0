"""The root of the error tree, the fault record, and the escaping of what users typed.

Private: import these from :mod:`bargain.errors`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bargain.domain.language import Bilingual, Lang

__all__ = ["BargainError", "Problem", "escape_controls"]

_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
_UNPRINTABLE_BUT_NEWLINE = re.compile(
    _UNPRINTABLE.pattern.replace("\x00-\x1f", "\x00-\x09\x0b-\x1f")
)


def escape_controls(text: str, *, keep_newlines: bool = False) -> str:
    r"""``text`` with every control, invalid or bidirectional character written as an escape.

    >>> print(escape_controls("a\x1b[31m b\u202e c\n"))
    a\x1b[31m b\u202e c\n
    """
    pattern = _UNPRINTABLE_BUT_NEWLINE if keep_newlines else _UNPRINTABLE
    return pattern.sub(lambda m: repr(m.group())[1:-1], text)


class BargainError(Exception):
    """Root of every error bargain raises on purpose."""

    def __init__(self, text: Bilingual) -> None:
        text = Bilingual(
            escape_controls(text.zh, keep_newlines=True),
            escape_controls(text.en, keep_newlines=True),
        )
        self.text = text
        super().__init__(f"{text.zh} ({text.en})" if text.zh != text.en else text.zh)

    def message(self, lang: Lang = Lang.ZH) -> str:
        """The message in one language."""
        return self.text.get(lang)


@dataclass(frozen=True, slots=True)
class Problem:
    """One fault in an input document.

    Attributes:
        source: the file name, or a label such as ``<stdin>`` for text that came from elsewhere.
        path: the field path in the document, e.g. ``clauses[3].monthly_floor``; empty for the
            document as a whole.
        expected: what the field should hold, in both languages.
        found: a short rendering of what the field holds (``None`` when the field is missing).
        line: the 1-based line number, when the parser knows it.
    """

    source: str
    path: str
    expected: Bilingual
    found: str | None = None
    line: int | None = None

    def render(self, lang: Lang = Lang.ZH) -> str:
        """One line: ``file:line: path: expected …, found …``, control characters escaped."""
        source = escape_controls(self.source)
        where = source if self.line is None else f"{source}:{self.line}"
        field = escape_controls(self.path) or ("(文档)" if lang is Lang.ZH else "(document)")
        expected = escape_controls(self.expected.get(lang))
        found = None if self.found is None else escape_controls(self.found)
        if found is None:
            return f"{where}: {field}: {expected}"
        if lang is Lang.ZH:
            return f"{where}: {field}: {expected}；实际为 {found}"
        return f"{where}: {field}: {expected}; found {found}"
