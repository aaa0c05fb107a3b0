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
import re
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any, Literal, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from bargain.domain.agreement import Agreement
from bargain.domain.clauses import ClauseKind
from bargain.domain.language import Bilingual
from bargain.domain.parties import pattern_description
from bargain.errors import InvalidDocument, Problem

__all__ = [
    "Format",
    "Lines",
    "dump_agreement",
    "load_agreement",
    "load_tree",
    "parse_agreement",
    "parse_model",
    "parse_tree",
    "validate_tree",
]

Format = Literal["yaml", "json"]
_M = TypeVar("_M", bound=BaseModel)
_MAX_BYTES = 5_000_000
_MAX_DEPTH = 64
_FOUND_WIDTH = 60

Path_ = tuple[str | int, ...]
Lines = Mapping[Path_, int]
"""The line of the value at each field path (empty for JSON, whose parser keeps no lines)."""


# --- reading ------------------------------------------------------------------------------------


def load_agreement(path: str | Path) -> Agreement:
    """Read an agreement from a ``.yaml``/``.yml`` or ``.json`` file.

    Raises:
        InvalidDocument: the file cannot be read, parsed or validated; one problem per fault.
    """
    return load_model(Agreement, path)


def load_model(model: type[_M], path: str | Path) -> _M:
    """Read any domain model from a YAML or JSON file (see :func:`load_agreement`)."""
    data, lines, source = load_tree(path)
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


def parse_agreement(
    text: str | bytes, *, source: str = "<string>", fmt: Format = "yaml"
) -> Agreement:
    """Read an agreement from YAML or JSON text; ``source`` names it in error messages."""
    return parse_model(Agreement, text, source=source, fmt=fmt)


def parse_model(
    model: type[_M], text: str | bytes, *, source: str = "<string>", fmt: Format = "yaml"
) -> _M:
    """Read any domain model from YAML or JSON text."""
    data, lines = parse_tree(text, source=source, fmt=fmt)
    return validate_tree(model, data, lines, source)


def parse_tree(
    text: str | bytes, *, source: str = "<string>", fmt: Format = "yaml"
) -> tuple[Mapping[str, Any], Lines]:
    """Parse YAML or JSON text into a mapping, with the same limits and messages as the models.

    The text is refused when it is larger than the limit, not UTF-8, not a mapping at the top, or
    nested too deeply; see :func:`validate_tree` for the second half.
    """
    if len(text) > _MAX_BYTES:
        raise _single(
            source,
            Bilingual(
                f"文件过大（上限 {_MAX_BYTES} 字节）", f"file too large (limit {_MAX_BYTES} bytes)"
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
    data, lines = _parse_json(text, source) if fmt == "json" else _parse_yaml(text, source)
    if not isinstance(data, Mapping):
        raise _single(
            source,
            Bilingual("文档应为键值映射（mapping）", "expected a mapping at the top level"),
            found=_describe(data),
            line=lines.get(()),
        )
    _check_depth(data, source)
    return data, lines


def validate_tree(model: type[_M], data: Mapping[str, Any], lines: Lines, source: str) -> _M:
    """Validate parsed data as ``model``; every fault becomes a problem with its path and line."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise InvalidDocument(_problems(error, data, lines, source)) from None
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
                problem="aliases (*name) are not allowed in an agreement file",
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


def _parse_yaml(text: str, source: str) -> tuple[Any, dict[Path_, int]]:
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
    lines: dict[Path_, int] = {}
    _index_lines(node, (), lines, 0)
    return data, lines


def _index_lines(node: Any, path: Path_, lines: dict[Path_, int], depth: int) -> None:
    """Map every field path to the line of its value, for error messages."""
    lines[path] = node.start_mark.line + 1
    if depth > _MAX_DEPTH:
        return
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                _index_lines(value_node, (*path, key_node.value), lines, depth + 1)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _index_lines(item, (*path, index), lines, depth + 1)


def _parse_json(text: str, source: str) -> tuple[Any, dict[Path_, int]]:
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
        if depth > _MAX_DEPTH:
            raise _single(
                source, Bilingual(f"嵌套超过 {_MAX_DEPTH} 层", f"nested deeper than {_MAX_DEPTH}")
            )
        if isinstance(value, Mapping):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)


# --- turning pydantic errors into problems ------------------------------------------------------


def _problems(
    error: ValidationError, data: Any, lines: Mapping[Path_, int], source: str
) -> Iterator[Problem]:
    details = error.errors(include_url=False)
    for detail in details:
        if detail["type"] == "too_short" and _has_deeper_error(detail["loc"], details):
            continue  # pydantic counts only the valid items; the item's own error says it all
        path, found = _walk(data, detail["loc"])
        quiet = detail["type"] == "missing" or isinstance(found, Mapping)
        yield Problem(
            source=source,
            path=format_path(path),
            expected=_expected(detail),
            found=None if quiet else _short(found),
            line=_line(lines, path),
        )


def _has_deeper_error(loc: tuple[str | int, ...], details: Sequence[Any]) -> bool:
    return any(len(d["loc"]) > len(loc) and d["loc"][: len(loc)] == loc for d in details)


def _walk(data: Any, loc: Sequence[str | int]) -> tuple[Path_, Any]:
    """Follow a pydantic error location through the input, dropping the parts that are not keys.

    Pydantic adds the tag of a discriminated union (``PAY``) and validator names to a location;
    they are not in the document, so a user must not see them.
    """
    path: list[str | int] = []
    current = data
    for part in loc:
        if _has_item(current, part):
            current = current[part]
            path.append(part)
        elif isinstance(current, Mapping) and isinstance(part, str) and not _is_tag(part):
            path.append(part)  # a missing or unexpected key
            current = None
    return tuple(path), current


def _has_item(container: Any, part: str | int) -> bool:
    if isinstance(container, Mapping):
        return part in container
    return isinstance(container, list) and isinstance(part, int) and 0 <= part < len(container)


def _is_tag(part: str) -> bool:
    return part in ClauseKind.__members__ or part.startswith(("function-", "tagged-union"))


_PLAIN_KEY = re.compile(r"[^\W\d]\w*")


def format_path(path: Sequence[str | int]) -> str:
    """``('clauses', 3, 'monthly_floor')`` → ``clauses[3].monthly_floor``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        elif not _PLAIN_KEY.fullmatch(part):
            text += f"[{json.dumps(part, ensure_ascii=False)}]"  # quoted, escapes included
        else:
            text += f".{part}" if text else part
    return text


def _line(lines: Mapping[Path_, int], path: Path_) -> int | None:
    for end in range(len(path), -1, -1):
        line = lines.get(path[:end])
        if line is not None:
            return line
    return None


def _short(value: Any) -> str:
    text = _describe(value)
    return text if len(text) <= _FOUND_WIDTH else text[: _FOUND_WIDTH - 1] + "…"


def _describe(value: Any) -> str:
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list):
        return f"a list of {len(value)}"
    if value is None:
        return "null"
    if isinstance(value, str):
        return repr(value)
    return str(value)


_MESSAGES: dict[str, tuple[str, str]] = {
    "missing": ("缺少必填字段", "a required field is missing"),
    "extra_forbidden": ("不认识的字段（拼写错误？）", "an unknown field (a typo?)"),
    "string_type": ("应为文本", "expected text"),
    "string_too_short": ("不能为空", "expected non-empty text"),
    "string_too_long": ("文本过长", "text too long"),
    "int_type": ("应为整数", "expected a whole number"),
    "int_parsing": ("应为整数", "expected a whole number"),
    "int_from_float": ("应为整数", "expected a whole number"),
    "bool_type": ("应为 true 或 false", "expected true or false"),
    "bool_parsing": ("应为 true 或 false", "expected true or false"),
    "decimal_type": ("应为数字", "expected a number"),
    "decimal_parsing": ("应为数字", "expected a number"),
    "finite_number": ("应为有限的数字", "expected a finite number"),
    "date_type": ("应为日期（YYYY-MM-DD）", "expected a date (YYYY-MM-DD)"),
    "date_parsing": ("应为日期（YYYY-MM-DD）", "expected a date (YYYY-MM-DD)"),
    "date_from_datetime_parsing": ("应为日期（YYYY-MM-DD）", "expected a date (YYYY-MM-DD)"),
    "date_from_datetime_inexact": ("应为日期，不带时间", "expected a date without a time"),
    "dict_type": ("应为键值映射", "expected a mapping"),
    "model_type": ("应为键值映射", "expected a mapping"),
    "model_attributes_type": ("应为键值映射", "expected a mapping"),
    "list_type": ("应为列表", "expected a list"),
    "tuple_type": ("应为列表", "expected a list"),
    "union_tag_not_found": ("缺少 kind 字段", "a kind field is needed"),
}


def _expected(detail: Any) -> Bilingual:
    kind: str = detail["type"]
    ctx: dict[str, Any] = detail.get("ctx") or {}
    if kind == "bargain_invalid":
        return Bilingual(str(ctx["zh"]), str(ctx["en"]))
    if kind in _MESSAGES:
        zh, en = _MESSAGES[kind]
        return Bilingual(zh, en)
    if kind in ("enum", "literal_error"):
        options = str(ctx.get("expected", "")).replace("'", "")
        listed = options.replace(" or ", ", ")
        return Bilingual(f"应为以下之一：{listed}", f"expected one of: {options}")
    if kind == "union_tag_invalid":  # the only tagged union is the clause kind
        options = ", ".join(k.value for k in ClauseKind)
        return Bilingual(
            f"条款类型 kind 应为以下之一：{options}", f"kind should be one of: {options}"
        )
    bounds = {
        "greater_than_equal": ("≥", "at least"),
        "greater_than": (">", "more than"),
        "less_than_equal": ("≤", "at most"),
        "less_than": ("<", "less than"),
    }
    if kind in bounds:
        limit = next(iter(ctx.values()), "")
        zh_op, en_op = bounds[kind]
        return Bilingual(f"应{zh_op} {limit}", f"expected {en_op} {limit}")
    if kind in ("too_short", "too_long"):
        if kind == "too_short":
            size = ctx.get("min_length")
            return Bilingual(f"至少需要 {size} 项", f"expected at least {size} items")
        size = ctx.get("max_length")
        return Bilingual(f"最多 {size} 项", f"expected at most {size} items")
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        described = pattern_description(pattern)
        if described is not None:
            return described
        return Bilingual(f"格式不符（应匹配 {pattern}）", f"expected text matching {pattern}")
    if kind in ("decimal_max_digits", "decimal_max_places", "decimal_whole_digits"):
        return Bilingual("数字位数过多", "too many digits")
    if kind == "value_error":
        reason = str(ctx.get("error", detail.get("msg", "")))
        return Bilingual(f"不符合要求：{reason}", reason)
    message = str(detail.get("msg", kind))
    return Bilingual(f"不符合要求：{message}", message)


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
