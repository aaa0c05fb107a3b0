"""One translation from Pydantic's ``ValidationError`` to the project's :class:`~bargain.errors.Problem`.

Every reader uses :func:`problems_from`: the agreement loader (with the document and the line of
every field), the law-parameter files, the lifecycle's step details and the validating
:meth:`~bargain.domain.base.DomainModel.changed`. So a fault reads the same wherever a value comes
from: the field path as a user writes it (``clauses[3].monthly_floor``, never Pydantic's union tags
or validator names), what was expected in Chinese and English, and what was found.

>>> from pydantic import ValidationError
>>> from bargain.domain.language import Lang
>>> from bargain.domain.money import Rate
>>> try:
...     Rate.model_validate({"amount": "x", "per": "order"})
... except ValidationError as error:
...     [problem] = problems_from(error, source="<Rate>")
>>> problem.render(Lang.EN)
"<Rate>: amount: expected a number; found 'x'"
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any, Final

from pydantic import BaseModel, ValidationError

from bargain.domain.language import Bilingual
from bargain.domain.parties import pattern_description
from bargain.errors import Problem

__all__ = ["FieldPath", "format_path", "problems_from"]

FieldPath = tuple[str | int, ...]
"""A field path as parts: ``("clauses", 3, "monthly_floor")``."""

_FOUND_WIDTH: Final = 60
_NO_DATA: Final = object()
_PLAIN_KEY = re.compile(r"[^\W\d]\w*")
_TAG = re.compile(r"'([^']+)'>")


def problems_from(
    error: ValidationError,
    *,
    source: str,
    data: Any = _NO_DATA,
    lines: Mapping[FieldPath, int] | None = None,
    at: FieldPath = (),
    unknown_field: Bilingual | None = None,
) -> list[Problem]:
    """The problems of a failed validation, one per fault, in Pydantic's order.

    Args:
        error: what Pydantic raised.
        source: the file name, or a label such as ``<PayClause>``, shown first in every problem.
        data: the input as it was read (mappings and lists, or models), to follow each error's
            location through it and show what was found; left out, the input Pydantic kept in the
            error is shown.
        lines: the 1-based line of each field path, when the parser knows them.
        at: where the validated value sits in a larger document (prefixed to every path).
        unknown_field: what to say of an unknown field instead of the default (a step that lists
            the details it takes, say).
    """
    details = error.errors(include_url=False)
    problems = []
    for detail in details:
        if detail["type"] == "too_short" and _has_deeper_error(detail["loc"], details):
            continue  # pydantic counts only the valid items; the item's own error says it all
        if data is _NO_DATA:
            path, found = _strip_tags(detail["loc"]), detail.get("input")
        else:
            path, found = _walk(data, detail["loc"])
        quiet = detail["type"] == "missing" or _is_record(found)
        expected = _expected(detail)
        if unknown_field is not None and detail["type"] == "extra_forbidden":
            expected = unknown_field
        full = (*at, *path)
        problems.append(
            Problem(
                source=source,
                path=format_path(full),
                expected=expected,
                found=None if quiet else _short(found),
                line=_line(lines or {}, full),
            )
        )
    return problems


def format_path(path: Sequence[str | int]) -> str:
    """``('clauses', 3, 'monthly_floor')`` → ``clauses[3].monthly_floor``.

    >>> format_path(("parameters", "demo.rate", "values", 0))
    'parameters["demo.rate"].values[0]'
    """
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        elif not _PLAIN_KEY.fullmatch(part):
            text += f"[{json.dumps(part, ensure_ascii=False)}]"  # quoted, escapes included
        else:
            text += f".{part}" if text else part
    return text


def _has_deeper_error(loc: tuple[str | int, ...], details: Sequence[Any]) -> bool:
    return any(len(d["loc"]) > len(loc) and d["loc"][: len(loc)] == loc for d in details)


def _is_validator_name(part: str | int) -> bool:
    return isinstance(part, str) and part.startswith(("function-", "tagged-union"))


def _strip_tags(loc: Sequence[str | int]) -> FieldPath:
    # Without the input, a union tag is told apart by its spelling: field names are lower case.
    return tuple(
        p for p in loc if not (_is_validator_name(p) or (isinstance(p, str) and p.isupper()))
    )


def _walk(data: Any, loc: Sequence[str | int]) -> tuple[FieldPath, Any]:
    """Follow a pydantic error location through the input, dropping the parts that are not keys.

    Pydantic adds the tag of a discriminated union (``PAY``) and validator names to a location;
    they are not in the document, so a user must not see them.
    """
    path: list[str | int] = []
    current = data
    for part in loc:
        if _has_item(current, part):
            current = _item(current, part)
            path.append(part)
        elif isinstance(current, Mapping | BaseModel) and isinstance(part, str):
            if _is_validator_name(part) or _is_tag(current, part):
                continue
            path.append(part)  # a missing or unexpected key
            current = None
    return tuple(path), current


def _has_item(container: Any, part: str | int) -> bool:
    if isinstance(container, Mapping):
        return part in container
    if isinstance(container, BaseModel):
        return isinstance(part, str) and part in type(container).model_fields
    return (
        isinstance(container, list | tuple) and isinstance(part, int) and 0 <= part < len(container)
    )


def _item(container: Any, part: str | int) -> Any:
    if isinstance(container, BaseModel):
        return getattr(container, str(part))
    return container[part]


def _is_tag(container: Mapping[Any, Any] | BaseModel, part: str) -> bool:
    """Whether ``part`` is the tag of a discriminated union: a value of the record, not a key."""
    values = container.values() if isinstance(container, Mapping) else container.__dict__.values()
    return any(isinstance(v, str) and v == part for v in values)


def _is_record(value: Any) -> bool:
    # A model with its own text form (a rate, a sum) is shown; any other record is not.
    if isinstance(value, BaseModel):
        return type(value).__str__ is BaseModel.__str__
    return isinstance(value, Mapping)


def _line(lines: Mapping[FieldPath, int], path: FieldPath) -> int | None:
    for end in range(len(path), -1, -1):
        line = lines.get(path[:end])
        if line is not None:
            return line
    return None


def _short(value: Any) -> str:
    text = describe(value)
    return text if len(text) <= _FOUND_WIDTH else text[: _FOUND_WIDTH - 1] + "…"


def describe(value: Any) -> str:
    """A short rendering of a found value: text quoted and escaped, lists counted."""
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list | tuple):
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

_BOUNDS = {
    "greater_than_equal": ("≥", "at least"),
    "greater_than": (">", "more than"),
    "less_than_equal": ("≤", "at most"),
    "less_than": ("<", "less than"),
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
        tags = str(ctx.get("expected_tags", ""))
        options = ", ".join(_TAG.findall(tags) or re.findall(r"'([^']+)'", tags))
        return Bilingual(
            f"条款类型 kind 应为以下之一：{options}", f"kind should be one of: {options}"
        )
    if kind in _BOUNDS:
        limit = next(iter(ctx.values()), "")
        zh_op, en_op = _BOUNDS[kind]
        return Bilingual(f"应{zh_op} {limit}", f"expected {en_op} {limit}")
    if kind == "too_short":
        size = ctx.get("min_length")
        return Bilingual(f"至少需要 {size} 项", f"expected at least {size} items")
    if kind == "too_long":
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
