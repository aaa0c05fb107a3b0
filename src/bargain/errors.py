"""Every error that bargain raises on purpose.

The tree::

    BargainError                 the root: catch this to catch anything bargain raises on purpose
    ├── InvalidDocument          a file or payload could not be read into a model; carries one
    │                            Problem per fault (file, field path, line, expected, found)
    ├── UnitMismatch             arithmetic or a comparison mixed amounts of different units
    │                            (a rate per order against a rate per month, say); also a TypeError
    └── UnknownModel             a JSON Schema was asked for a name that is not a public model

Each error builds its own message from the context it carries, in Chinese and in English
(``error.message(Lang.EN)``); ``str(error)`` is the Chinese message followed by the English one.
Third-party errors are translated at the boundary with ``raise ... from``, so the original stays
in ``__cause__``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bargain.domain.language import Bilingual, Lang

__all__ = [
    "BargainError",
    "InvalidDocument",
    "Problem",
    "UnitMismatch",
    "UnknownModel",
]


class BargainError(Exception):
    """Root of every error bargain raises on purpose."""

    def __init__(self, text: Bilingual) -> None:
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
        """One line: ``file:line: path: expected …, found …``."""
        where = self.source if self.line is None else f"{self.source}:{self.line}"
        field = self.path or ("(文档)" if lang is Lang.ZH else "(document)")
        expected = self.expected.get(lang)
        if self.found is None:
            return f"{where}: {field}: {expected}"
        if lang is Lang.ZH:
            return f"{where}: {field}: {expected}；实际为 {self.found}"
        return f"{where}: {field}: {expected}; found {self.found}"


class InvalidDocument(BargainError, ValueError):
    """A document could not be read into a model.

    ``problems`` holds one :class:`Problem` per fault, in document order, so a user can fix all of
    them in one pass. The message is those problems, one per line.
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        if not self.problems:
            raise ValueError("InvalidDocument needs at least one problem")
        super().__init__(
            Bilingual(
                zh="\n".join(p.render(Lang.ZH) for p in self.problems),
                en="\n".join(p.render(Lang.EN) for p in self.problems),
            )
        )

    @property
    def source(self) -> str:
        """The file (or label) the first problem was found in."""
        return self.problems[0].source


class UnitMismatch(BargainError, TypeError):
    """Two amounts of different units were combined or compared.

    A piece rate per order and a guaranteed income per day cannot be added or compared without a
    conversion that only the caller can know (orders per day, hours per month).
    """

    def __init__(self, operation: str, left: str, right: str) -> None:
        self.operation = operation
        self.left = left
        self.right = right
        super().__init__(
            Bilingual(
                zh=f"不能对不同计量单位的金额做“{operation}”运算：{left} 与 {right}",
                en=f"cannot {operation} amounts of different units: {left} and {right}",
            )
        )


class UnknownModel(BargainError, LookupError):
    """A schema was asked for a name that is not one of the public models."""

    def __init__(self, name: str, known: Sequence[str]) -> None:
        self.name = name
        self.known = tuple(known)
        listing = ", ".join(self.known)
        super().__init__(
            Bilingual(
                zh=f"没有名为“{name}”的公开模型；可用的模型：{listing}",
                en=f"no public model named {name!r}; known models: {listing}",
            )
        )
