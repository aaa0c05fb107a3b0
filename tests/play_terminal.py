"""A scripted person at a terminal, for the tests of ``bargain play``."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from bargain.domain.language import Lang
from bargain.simulation.human import Terminal


class Script:
    """Lines typed one by one (``EOFError`` after the last), and everything printed."""

    def __init__(self, lines: Iterable[str], before_each: Callable[[], object] | None = None):
        self.lines = list(lines)
        self.prompts: list[str] = []
        self.printed: list[str] = []
        self.before_each = before_each

    def read(self, prompt: str) -> str:
        if self.before_each is not None:
            self.before_each()
        self.prompts.append(prompt)
        if not self.lines:
            raise EOFError
        return self.lines.pop(0)

    def terminal(self, lang: Lang = Lang.EN) -> Terminal:
        return Terminal(self.read, self.printed.append, lang)

    @property
    def text(self) -> str:
        return "\n".join(self.printed)
