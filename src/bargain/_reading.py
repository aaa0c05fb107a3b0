"""The one strict reader of YAML and JSON documents, shared by every file bargain reads.

Agreement files (:mod:`bargain.files`) and the law's parameter files
(:mod:`bargain.law.parameters`) both come through here, so they refuse the same things with the
same messages: a key written twice (not a silent overwrite), YAML aliases (a hand-written document
never needs them, and they can blow up memory), control characters, files too large or nested too
deeply, text that is not UTF-8. Every fault becomes a :class:`~bargain.errors.Problem` naming the
file, the field path, the line where the parser knows it, what was expected and what was found.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from bargain.domain.language import Bilingual
from bargain.domain.problems import FieldPath, describe, problems_from
from bargain.errors import InvalidDocument, Problem

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "Format",
    "Lines",
    "load_model",
    "load_tree",
    "parse_model",
    "parse_tree",
    "read_yaml",
    "validate_tree",
]

Format = Literal["yaml", "json"]
_M = TypeVar("_M", bound=BaseModel)
MAX_BYTES = 5_000_000
"""The largest document read, in bytes."""
MAX_DEPTH = 64
"""The deepest nesting of mappings and lists read."""


Lines = Mapping[FieldPath, int]
"""The line of the value at each field path (empty for JSON, whose parser keeps no lines)."""


def load_model(model: type[_M], path: str | Path) -> _M:
    """Read any domain model from a YAML or JSON file (see :func:`bargain.load_agreement`)."""
    data, lines, source = load_tree(path)
    return validate_tree(model, data, lines, source)


def parse_model(
    model: type[_M], text: str | bytes, *, source: str = "<string>", fmt: Format = "yaml"
) -> _M:
    """Read any domain model from YAML or JSON text."""
    data, lines = parse_tree(text, source=source, fmt=fmt)
    return validate_tree(model, data, lines, source)


def load_tree(path: str | Path) -> tuple[Mapping[str, Any], Lines, str]:
    """Read a file into a mapping, before any model sees it: the first half of :func:`load_model`.

    Returns the data, the line of every field path (YAML only) and the file's name for messages.
    """
    path = Path(path)
    source = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise _single(source, Bilingual("文件不存在", "no such file")) from None
    except IsADirectoryError:
        raise _single(
            source, Bilingual("这是目录，不是文件", "is a directory, not a file")
        ) from None
    except OSError as error:
        raise _single(
            source, Bilingual(f"无法读取文件：{error.strerror}", f"cannot read: {error.strerror}")
        ) from error
    fmt: Format = "json" if path.suffix.lower() == ".json" else "yaml"
    data, lines = parse_tree(raw, source=source, fmt=fmt)
    return data, lines, source


def parse_tree(
    text: str | bytes, *, source: str = "<string>", fmt: Format = "yaml"
) -> tuple[Mapping[str, Any], Lines]:
    """Parse YAML or JSON text into a mapping, with the same limits and messages as the models.

    The text is refused when it is larger than the limit, not UTF-8, not a mapping at the top, or
    nested too deeply; see :func:`validate_tree` for the second half.
    """
    if len(text) > MAX_BYTES:
        raise _single(
            source,
            Bilingual(
                f"文件过大（上限 {MAX_BYTES} 字节）", f"file too large (limit {MAX_BYTES} bytes)"
            ),
        )
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise _single(
                source,
                Bilingual("应为 UTF-8 编码的文本", "expected UTF-8 text"),
                found=f"a byte 0x{text[error.start]:02x} at offset {error.start}",
            ) from None
    data, lines = _parse_json(text, source) if fmt == "json" else read_yaml(text, source)
    if not isinstance(data, Mapping):
        raise _single(
            source,
            Bilingual("文档应为键值映射（mapping）", "expected a mapping at the top level"),
            found=describe(data),
            line=lines.get(()),
        )
    _check_depth(data, source)
    return data, lines


def validate_tree(model: type[_M], data: Any, lines: Lines, source: str) -> _M:
    """Validate parsed data into a model: the second half of :func:`parse_model`.

    Raises:
        InvalidDocument: one problem per fault, with its field path and line.
    """
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise InvalidDocument(problems_from(error, source=source, data=data, lines=lines)) from None
    except RecursionError:
        raise _single(source, Bilingual("嵌套过深", "nested too deeply")) from None


def _single(
    source: str, expected: Bilingual, *, found: str | None = None, line: int | None = None
) -> InvalidDocument:
    return InvalidDocument(
        [Problem(source=source, path="", expected=expected, found=found, line=line)]
    )


class _StrictLoader(yaml.SafeLoader):
    """A safe loader that refuses duplicate keys and aliases."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.MarkedYAMLError(
                problem="aliases (*name) are not allowed in a bargain file",
                problem_mark=event.start_mark,
            )
        return super().compose_node(parent, index)

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, Any] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                hash(key)
            except TypeError:
                raise yaml.MarkedYAMLError(
                    problem="a key must be a plain value", problem_mark=key_node.start_mark
                ) from None
            if key in seen:
                raise yaml.MarkedYAMLError(
                    problem=f"the key {key!r} appears twice (first on line "
                    f"{seen[key].start_mark.line + 1})",
                    problem_mark=key_node.start_mark,
                )
            seen[key] = key_node
        return super().construct_mapping(node, deep=deep)


def read_yaml(text: str, source: str) -> tuple[Any, dict[FieldPath, int]]:
    """Parse YAML strictly: the data, and the line of every field path (for error messages).

    The one YAML reader of bargain (agreements and law-parameter files alike). A key written twice,
    an alias, a control character, an impossible date or empty text is an
    :class:`~bargain.errors.InvalidDocument` naming ``source`` and, where known, the line.
    """
    loader: _StrictLoader | None = None
    try:
        loader = _StrictLoader(text)  # the reader refuses control characters here already
        node = loader.get_single_node()
        data = None if node is None else loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = " ".join((error.problem or "invalid YAML").split())
        raise InvalidDocument(
            [
                Problem(
                    source=source,
                    path="",
                    expected=Bilingual(f"YAML 格式错误：{problem}", f"invalid YAML: {problem}"),
                    line=None if mark is None else mark.line + 1,
                )
            ]
        ) from None
    except yaml.reader.ReaderError as error:
        character = f"U+{error.character:04X}" if isinstance(error.character, int) else "?"
        raise _single(
            source,
            Bilingual(
                f"含有不允许的控制字符 {character}",
                f"a control character {character} is not allowed",
            ),
            line=text.count("\n", 0, max(error.position, 0)) + 1,
        ) from None
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as error:
        # PyYAML raises plain ValueError for impossible dates such as 2021-02-30.
        reason = " ".join(str(error).split())
        raise _single(
            source, Bilingual(f"YAML 内容无法解析：{reason}", f"cannot read the YAML: {reason}")
        ) from None
    except RecursionError:
        raise _single(source, Bilingual("嵌套过深", "nested too deeply")) from None
    finally:
        if loader is not None:
            loader.dispose()
    if node is None:
        raise _single(source, Bilingual("文件为空", "the file is empty"))
    lines: dict[FieldPath, int] = {}
    _index_lines(node, (), lines, 0)
    return data, lines


def _index_lines(node: Any, path: FieldPath, lines: dict[FieldPath, int], depth: int) -> None:
    """Map every field path to the line of its value, for error messages."""
    lines[path] = node.start_mark.line + 1
    if depth > MAX_DEPTH:
        return
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                _index_lines(value_node, (*path, key_node.value), lines, depth + 1)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _index_lines(item, (*path, index), lines, depth + 1)


def _parse_json(text: str, source: str) -> tuple[Any, dict[FieldPath, int]]:
    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in pairs:
            if key in result:
                raise ValueError(f"the key {key!r} appears twice")
            result[key] = value
        return result

    try:
        data = json.loads(text, object_pairs_hook=no_duplicates, parse_float=Decimal)
    except json.JSONDecodeError as error:
        raise _single(
            source,
            Bilingual(f"JSON 格式错误：{error.msg}", f"invalid JSON: {error.msg}"),
            line=error.lineno,
        ) from None
    except RecursionError:
        raise _single(source, Bilingual("嵌套过深", "nested too deeply")) from None
    except ValueError as error:
        raise _single(
            source, Bilingual(f"JSON 内容无法解析：{error}", f"cannot read the JSON: {error}")
        ) from None
    return data, {}


def _check_depth(data: Any, source: str) -> None:
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise _single(
                source, Bilingual(f"嵌套超过 {MAX_DEPTH} 层", f"nested deeper than {MAX_DEPTH}")
            )
        if isinstance(value, Mapping):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)


# --- writing ------------------------------------------------------------------------------------
