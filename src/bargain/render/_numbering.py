"""Numbered lists inside a loop restart at 1 on each pass of the loop.

Word numbers every paragraph that refers to the same list (``w:numId``) as one list, so a
numbered list inside ``{%p for clause in clauses %}`` would count on from one clause to the
next. When a template is prepared, each ``{% for %}`` whose body holds numbered paragraphs gets
two markers that data cannot forge (control characters, which printed values never carry): one
at the start of each pass and one after the loop. Paragraphs numbered through their style (a
"List Number" style) get the style's ``w:numPr`` written out, so that they can be renumbered.
After rendering, each pass's numbered paragraphs move to a list of their own: a new ``w:num`` on
the same abstract numbering with ``w:startOverride`` 1 on every level. Numbered paragraphs
outside loops keep their list.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from lxml import etree

__all__ = ["ListRestarts", "annotate_loops"]

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_LOOP_TAG = re.compile(r"\{%(-?)\s*(for|endfor)\b.*?(-?)%\}", re.DOTALL)
_NUM_ID = re.compile(r'<w:numId w:val="(\d+)"/>')
_MARK = re.compile('\x01([SE])(\\d+)\x01|<w:numId w:val="(\\d+)"/>')
_PPR = re.compile(r"<w:pPr>(.*?)</w:pPr>", re.DOTALL)
_STYLE = re.compile(r'<w:pStyle w:val="([^"]+)"/>')
# pPr children that come after w:numPr in the schema's sequence
_AFTER_NUMPR = re.compile(
    r"<w:(?:suppressLineNumbers|pBdr|shd|tabs|suppressAutoHyphens|kinsoku|wordWrap|overflowPunct"
    r"|topLinePunct|autoSpaceDE|autoSpaceDN|bidi|adjustRightInd|snapToGrid|spacing|ind"
    r"|contextualSpacing|mirrorIndents|suppressOverlap|jc|textDirection|textAlignment"
    r"|textboxTightWrap|outlineLvl|divId|cnfStyle|rPr|sectPr|pPrChange)\b"
)


def numbered_styles(styles_xml: bytes | None) -> dict[str, tuple[str, str]]:
    """Paragraph styles that number their paragraphs: style id -> (numId, ilvl)."""
    if not styles_xml:
        return {}
    found: dict[str, tuple[str, str]] = {}
    for style in etree.fromstring(styles_xml).iter(f"{W}style"):
        num = style.find(f"{W}pPr/{W}numPr/{W}numId")
        if num is not None:
            level = style.find(f"{W}pPr/{W}numPr/{W}ilvl")
            ilvl = level.get(f"{W}val", "0") if level is not None else "0"
            found[style.get(f"{W}styleId", "")] = (num.get(f"{W}val", "0"), ilvl)
    return found


def _explicit_numbering(body: str, styles: Mapping[str, tuple[str, str]]) -> str:
    """``body`` with the numbering of numbered-style paragraphs written into their w:pPr."""

    def patch(match: re.Match[str]) -> str:
        inner = match.group(1)
        style = _STYLE.search(inner)
        if style is None or style.group(1) not in styles or "<w:numPr>" in inner:
            return match.group(0)
        num, ilvl = styles[style.group(1)]
        numpr = f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num}"/></w:numPr>'
        after = _AFTER_NUMPR.search(inner)
        at = after.start() if after else len(inner)
        return f"<w:pPr>{inner[:at]}{numpr}{inner[at:]}</w:pPr>"

    return _PPR.sub(patch, body) if styles else body


def annotate_loops(
    source: str, styles: Mapping[str, tuple[str, str]] | None = None
) -> tuple[str, dict[int, frozenset[str]]]:
    """The template source with markers around each loop holding numbered paragraphs.

    Returns the new source and, per marked loop, the list ids (``w:numId``) its body numbers.
    """
    pairs: list[tuple[re.Match[str], re.Match[str]]] = []
    stack: list[re.Match[str]] = []
    for tag in _LOOP_TAG.finditer(source):
        if tag.group(2) == "for":
            stack.append(tag)
        elif stack:
            pairs.append((stack.pop(), tag))
    if styles:
        outermost = [
            (o.end(), c.start())
            for o, c in pairs
            if not any(p.start() < o.start() and c.end() < q.end() for p, q in pairs)
        ]
        patched, last = [], 0
        for start, end in sorted(outermost):
            patched += [source[last:start], _explicit_numbering(source[start:end], styles)]
            last = end
        changed = "".join([*patched, source[last:]])
        if changed != source:
            return annotate_loops(changed, None)
    loops: dict[int, frozenset[str]] = {}
    inserts: list[tuple[int, str]] = []
    spans = [(opening.start(), closing.end()) for opening, closing in pairs]
    for index, (opening, closing) in enumerate(pairs):
        ids = _restarted(source, spans, index, opening.end(), closing.start())
        if not ids:
            continue
        loops[index] = ids
        inserts.append((_after(source, opening), f"\x01S{index}\x01"))
        inserts.append((_after(source, closing), f"\x01E{index}\x01"))
    for at, marker in sorted(inserts, key=lambda item: item[0], reverse=True):
        source = source[:at] + marker + source[at:]
    return source, loops


def _restarted(
    source: str, spans: list[tuple[int, int]], index: int, start: int, end: int
) -> frozenset[str]:
    """The lists a loop restarts on each pass: those its body holds, but not those it makes.

    A loop whose body holds one numbered paragraph of a list, and no inner loop numbering it,
    makes that list (one item a pass: 1, 2, 3 ...); it is the loop around it that restarts it.
    """
    inner = [
        (a, b)
        for i, (a, b) in enumerate(spans)
        if i != index
        and start <= a
        and b <= end
        and not any(
            c < a and b < d and start <= c for c, d in spans if (c, d) != (a, b) and d <= end
        )
    ]
    ids: set[str] = set()
    for num in set(_NUM_ID.findall(source, start, end)):
        total = len(re.findall(f'<w:numId w:val="{num}"/>', source[start:end]))
        nested = sum(len(re.findall(f'<w:numId w:val="{num}"/>', source[a:b])) for a, b in inner)
        if not (total - nested == 1 and nested == 0):
            ids.add(num)
    return frozenset(ids)


def _after(source: str, tag: re.Match[str]) -> int:
    """Where a marker after ``tag`` goes: past the whitespace a ``-%}`` would strip."""
    at = tag.end()
    if tag.group(3):
        while at < len(source) and source[at].isspace():
            at += 1
    return at


@dataclass
class ListRestarts:
    """The list ids of a template's numbering part, and how to give a loop's pass its own list."""

    numbering: str
    loops: dict[int, frozenset[str]]
    abstract: dict[str, str] = field(default_factory=dict)
    first_free: int = 1

    @classmethod
    def of(cls, numbering_xml: bytes, loops: dict[int, frozenset[str]]) -> ListRestarts:
        root = etree.fromstring(numbering_xml)
        abstract: dict[str, str] = {}
        for num in root.iter(f"{W}num"):
            ref = num.find(f"{W}abstractNumId")
            if ref is not None:
                abstract[num.get(f"{W}numId", "")] = ref.get(f"{W}val", "")
        ids = [int(n) for n in abstract if n.isdigit()]
        return cls(numbering_xml.decode("utf-8"), loops, abstract, max(ids, default=0) + 1)

    def apply(self, xml: str) -> tuple[str, str | None]:
        """The rendered part with each pass's lists renumbered, and the new numbering part."""
        pieces: list[str] = []
        mapping: dict[str, str] = {}
        active: set[int] = set()
        new: list[tuple[str, str]] = []
        last = 0
        for match in _MARK.finditer(xml):
            pieces.append(xml[last : match.start()])
            last = match.end()
            kind, index, num = match.groups()
            if num is None:
                loop = int(index)
                for key in self.loops.get(loop, ()):
                    mapping.pop(key, None)
                (active.add if kind == "S" else active.discard)(loop)
                continue
            if num not in mapping and any(num in self.loops[i] for i in active):
                mapping[num] = str(self.first_free + len(new))
                new.append((mapping[num], self.abstract.get(num, "0")))
            pieces.append(f'<w:numId w:val="{mapping.get(num, num)}"/>')
        pieces.append(xml[last:])
        if not new:
            return "".join(pieces), None
        return "".join(pieces), self._with(new)

    def _with(self, new: list[tuple[str, str]]) -> str:
        levels = "".join(
            f'<w:lvlOverride w:ilvl="{i}"><w:startOverride w:val="1"/></w:lvlOverride>'
            for i in range(9)
        )
        nums = "".join(
            f'<w:num w:numId="{num}"><w:abstractNumId w:val="{abstract}"/>{levels}</w:num>'
            for num, abstract in new
        )
        text = self.numbering
        at = text.find("<w:numIdMacAtCleanup")
        if at < 0:
            at = text.rfind("</w:numbering>")
        return text[:at] + nums + text[at:]
