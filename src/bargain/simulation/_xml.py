"""A small, safe XML reader for the files other negotiation platforms write (GENIUS, ANAC).

The files are read with expat directly, into plain :class:`Element` values that know their line
and their XPath-like path (``/utility_space/objective[1]/issue[3]``), so that every fault can name
where it is. A document type declaration is refused outright: without one no entity can be
declared, so nothing is expanded (no "billion laughs") and nothing external is fetched (no XXE);
this is the check the defusedxml package makes, done here so that no dependency is needed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.parsers import expat

from bargain._reading import MAX_BYTES, MAX_DEPTH
from bargain.domain.language import Bilingual
from bargain.errors import InvalidDocument, Problem

__all__ = ["Element", "read_xml"]

# GENIUS writes some files with a comment or a blank line before the XML declaration, which its
# own lenient parser accepts and expat does not.
_LATE_DECLARATION = re.compile(rb"<\?xml[^>]*\?>")
_ENCODING = re.compile(rb"""encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


@dataclass
class Element:
    """An XML element: its tag, attributes, children, line and path."""

    tag: str
    attributes: dict[str, str]
    line: int
    path: str
    children: list[Element] = field(default_factory=list)

    def all(self, tag: str) -> list[Element]:
        """The children with this tag, in document order."""
        return [child for child in self.children if child.tag == tag]

    def first(self, tag: str) -> Element | None:
        """The first child with this tag."""
        return next((child for child in self.children if child.tag == tag), None)

    def walk(self) -> list[Element]:
        """This element and every element below it, in document order."""
        found: list[Element] = []
        stack = [self]
        while stack:
            current = stack.pop()
            found.append(current)
            stack.extend(reversed(current.children))
        return found

    def at(self, attribute: str) -> str:
        """The path of one of this element's attributes."""
        return f"{self.path}/@{attribute}"


class _Refused(Exception):
    """What the expat handlers raise to stop reading."""

    def __init__(self, expected: Bilingual, line: int) -> None:
        super().__init__(expected.en)
        self.expected = expected
        self.line = line


def read_xml(path: str | Path) -> Element:
    """Read an XML file into its root :class:`Element`.

    Raises:
        InvalidDocument: the file cannot be read, is not well-formed XML, declares a document
            type or entities, or is too large or too deeply nested; the problem names the file
            and, where known, the line.
    """
    source = str(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise _problem(source, Bilingual("文件不存在", "no such file")) from None
    except OSError as error:
        raise _problem(
            source,
            Bilingual(f"无法读取文件：{error.strerror}", f"cannot read: {error.strerror}"),
        ) from None
    if len(raw) > MAX_BYTES:
        raise _problem(
            source,
            Bilingual(
                f"文件过大（上限 {MAX_BYTES} 字节）", f"file too large (limit {MAX_BYTES} bytes)"
            ),
        )
    raw, encoding = _late_declaration(raw)
    parser = expat.ParserCreate(encoding)
    builder = _Builder(parser)
    parser.StartElementHandler = builder.start
    parser.EndElementHandler = builder.end
    parser.StartDoctypeDeclHandler = builder.doctype
    parser.EntityDeclHandler = builder.entity
    try:
        parser.Parse(raw, True)
    except _Refused as refused:
        raise _problem(source, refused.expected, line=refused.line) from None
    except expat.ExpatError as error:
        reason = expat.errors.messages[error.code]
        raise _problem(
            source,
            Bilingual(f"格式正确的 XML（{reason}）", f"well-formed XML ({reason})"),
            line=error.lineno,
        ) from None
    except (ValueError, LookupError) as error:  # an encoding expat does not know
        raise _problem(
            source, Bilingual(f"可读的 XML 编码（{error}）", f"a known XML encoding ({error})")
        ) from None
    if builder.root is None:
        raise _problem(source, Bilingual("一个根元素", "a root element"))
    return builder.root


def _late_declaration(raw: bytes) -> tuple[bytes, str | None]:
    """Drop an XML declaration that something precedes, keeping the encoding it names."""
    match = _LATE_DECLARATION.search(raw, 0, 4096)
    if match is None or not raw[: match.start()].strip(b"\xef\xbb\xbf \t\r\n"):
        return raw, None
    encoding = _ENCODING.search(match.group())
    kept = raw[: match.start()] + raw[match.end() :]
    return kept, encoding.group(1).decode("ascii") if encoding else None


class _Builder:
    """Builds :class:`Element` values from expat's events."""

    def __init__(self, parser: Any) -> None:
        self.parser = parser
        self.root: Element | None = None
        self.stack: list[Element] = []
        self.counts: list[dict[str, int]] = [{}]

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        line = self.parser.CurrentLineNumber
        if len(self.stack) >= MAX_DEPTH:
            raise _Refused(
                Bilingual(f"嵌套不超过 {MAX_DEPTH} 层", f"nesting no deeper than {MAX_DEPTH}"), line
            )
        counts = self.counts[-1]
        counts[tag] = counts.get(tag, 0) + 1
        if self.stack:
            parent = self.stack[-1]
            element = Element(tag, dict(attributes), line, f"{parent.path}/{tag}[{counts[tag]}]")
            parent.children.append(element)
        else:
            element = Element(tag, dict(attributes), line, f"/{tag}")
            self.root = element
        self.stack.append(element)
        self.counts.append({})

    def end(self, tag: str) -> None:
        self.stack.pop()
        self.counts.pop()

    def doctype(self, name: str, *_: Any) -> None:
        raise _Refused(
            Bilingual(
                "不含文档类型声明（<!DOCTYPE>）的 XML：为安全起见不读取实体",
                "XML without a document type declaration (<!DOCTYPE>): entities are not read, "
                "for safety",
            ),
            self.parser.CurrentLineNumber,
        )

    def entity(self, name: str, *_: Any) -> None:
        raise _Refused(
            Bilingual("不声明实体（<!ENTITY>）的 XML", "XML that declares no entity (<!ENTITY>)"),
            self.parser.CurrentLineNumber,
        )


def _problem(source: str, expected: Bilingual, *, line: int | None = None) -> InvalidDocument:
    return InvalidDocument([Problem(source, "", expected, None, line)])
