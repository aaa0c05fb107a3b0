"""Where in a Word document a Jinja tag is: 第3段, 表1第2行第1格, 页眉第1段 ...

Paragraphs are counted the way a person sees the template in Word: the body's own paragraphs in
order (1-based, tables not counted as paragraphs), tables in order with their rows and cells;
headers, footers and footnotes by their paragraphs. Errors use these places, never offsets in
the XML that Jinja sees.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from bargain.domain.language import Bilingual

__all__ = ["Locator", "Place"]

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_OPENER = re.compile(r"\{[{%#]")
_CLOSER = {"{{": "}}", "{%": "%}", "{#": "#}"}
_BLOCK_TAG = re.compile(r"\{%-?(?:(?:p|tr|tc|r)(?=\s))?\s*([a-z]+)")
_BLOCKS = frozenset({"for", "if", "macro", "call", "filter", "with", "block", "autoescape", "set"})
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


@dataclass(frozen=True)
class Place:
    """One paragraph of the template: where it is, and its text."""

    where: Bilingual
    text: str

    @property
    def tags(self) -> list[str]:
        return _TAG.findall(self.text.translate(_QUOTES))


def _text(paragraph: etree._Element) -> str:
    return "".join(t.text or "" for t in paragraph.iter(f"{W}t"))


class Locator:
    """The paragraphs of one part of a document (the body, a header ...), each with its place."""

    def __init__(self, root: etree._Element, part: Bilingual | None = None) -> None:
        self.places: list[Place] = list(self._walk(root, part))

    @staticmethod
    def _walk(root: etree._Element, part: Bilingual | None) -> Iterator[Place]:
        body = root.find(f"{W}body")
        container = body if body is not None else root
        paragraphs = tables = 0
        for element in _blocks(container):
            if element.tag == f"{W}p":
                paragraphs += 1
                if part is None:
                    where = Bilingual(f"第{paragraphs}段", f"paragraph {paragraphs}")
                else:
                    where = Bilingual(
                        f"{part.zh}第{paragraphs}段", f"{part.en}, paragraph {paragraphs}"
                    )
                yield Place(where, _text(element))
            elif element.tag == f"{W}tbl":
                tables += 1
                for r, row in enumerate(element.iter(f"{W}tr"), 1):
                    for c, cell in enumerate(row.findall(f"{W}tc"), 1):
                        zh = f"表{tables}第{r}行第{c}格"
                        en = f"table {tables}, row {r}, cell {c}"
                        if part is not None:
                            zh, en = f"{part.zh}{zh}", f"{part.en}, {en}"
                        for p in cell.iter(f"{W}p"):
                            yield Place(Bilingual(zh, en), _text(p))

    def of_name(self, name: str, *, attribute: bool = False) -> Bilingual | None:
        """The first place whose Jinja tags use ``name`` (as a variable, or as an attribute)."""
        token = re.escape(name)
        if attribute:
            pattern = re.compile(rf"\.\s*{token}\b|\[\s*['\"]{token}['\"]\s*\]")
        else:
            pattern = re.compile(rf"(?<![\w.]){token}\b")
        for place in self.places:
            if any(pattern.search(tag) for tag in place.tags):
                return place.where
        return None

    def unclosed(self) -> Bilingual | None:
        """The first place where a tag opens (``{{``, ``{%``, ``{#``) and does not close.

        docxtpl joins what follows an unclosed ``{{`` to it, paragraphs and all, so Jinja's line
        points at no paragraph of the template; the place where the tag starts does.
        """
        for place in self.places:
            text = place.text.translate(_QUOTES)
            start = 0
            while (opener := _OPENER.search(text, start)) is not None:
                end = text.find(_CLOSER[opener.group()], opener.end())
                if end < 0:
                    return place.where
                start = end + 2
        return None

    def open_block(self) -> Bilingual | None:
        """The place of the innermost block (``{%p for %}``, ``{% if %}`` ...) never closed."""
        stack: list[tuple[str, Bilingual]] = []
        for place in self.places:
            for tag in place.tags:
                found = _BLOCK_TAG.match(tag)
                if found is None:
                    continue
                word = found.group(1)
                if word in _BLOCKS and not (word == "set" and "=" in tag):
                    stack.append((word, place.where))
                elif word.startswith("end") and stack and stack[-1][0] == word[3:]:
                    stack.pop()
        return stack[-1][1] if stack else None

    def of_text(self, snippet: str) -> Bilingual | None:
        """The first place whose text holds ``snippet`` (spaces and quote styles ignored)."""
        wanted = _squeeze(snippet)
        if not wanted:
            return None
        for place in self.places:
            if wanted in _squeeze(place.text):
                return place.where
        return None


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text.translate(_QUOTES))


def _blocks(container: etree._Element) -> Iterator[etree._Element]:
    """The paragraphs and tables of a container, looking through content controls."""
    for child in container:
        if child.tag in (f"{W}p", f"{W}tbl"):
            yield child
        elif child.tag == f"{W}sdt":
            content = child.find(f"{W}sdtContent")
            if content is not None:
                yield from _blocks(content)


def line_text(source: str, lineno: int) -> str:
    """The text (XML tags removed) of line ``lineno`` of the XML Jinja saw."""
    lines = source.splitlines()
    if not 1 <= lineno <= len(lines):
        return ""
    return re.sub(r"<[^>]+>", "", lines[lineno - 1])
