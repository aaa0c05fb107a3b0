"""The base class of every domain model: frozen, strict about unknown fields, self-describing.

A model checks the same things whatever path a value comes in by: a file, JSON, a constructor in
Python, or a change made with :meth:`DomainModel.changed`. Models nested in a new model are checked
again (``revalidate_instances``), so a value built without checks cannot hide inside a checked one.
Pydantic's ``model_copy(update=...)`` is the one path that checks nothing: use it only on values
you have just checked, never on input.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Mapping
from typing import Annotated, Any, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    ValidationError,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

from bargain.errors import InvalidDocument

__all__ = ["DomainModel", "PlainText", "SafeText", "check_text", "check_texts_in", "invalid"]

# C0 controls but tab, line feed and carriage return; DEL and the C1 controls; lone surrogates
# and the two non-characters; the bidirectional embeddings, overrides and isolates.
_CONTROL = ((0x00, 0x08), (0x0B, 0x0C), (0x0E, 0x1F), (0x7F, 0x9F))
_INVALID = ((0xD800, 0xDFFF), (0xFFFE, 0xFFFF))
_BIDI = ((0x202A, 0x202E), (0x2066, 0x2069))


def _class(ranges: tuple[tuple[int, int], ...], escape: str = "\\u{:04x}") -> str:
    return "".join(f"{escape.format(a)}-{escape.format(b)}" for a, b in ranges)


_NOT_ALLOWED = re.compile(f"[{_class(_CONTROL + _INVALID + _BIDI)}]")
_IS_BIDI = re.compile(f"[{_class(_BIDI)}]")
_IS_INVALID = re.compile(f"[{_class(_INVALID)}]")


def _describe(schema: dict[str, Any], cls: type[Any]) -> None:
    """Use the first paragraph of the class docstring as the schema description.

    The rest of a docstring (examples, notes for Python users) means nothing to a form builder
    in another language, so it stays out of the JSON Schema.
    """
    doc = inspect.getdoc(cls)
    if doc and cls.__doc__:
        schema["description"] = " ".join(doc.split("\n\n", 1)[0].split())


class DomainModel(BaseModel):
    """Immutable data: a change makes a new, checked value (:meth:`changed`)."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        use_attribute_docstrings=True,
        json_schema_extra=_describe,
        validate_default=True,
        revalidate_instances="always",
    )

    def changed(self, **updates: Any) -> Self:
        """A copy with ``updates`` applied, checked as if it had been read from a file.

        Values may be given as a file would hold them (``piece_rate="5/order"``) or as models.
        Unlike ``model_copy(update=...)``, which checks nothing, every field is checked again,
        cross-field rules included.

        >>> from bargain.domain.money import Rate
        >>> Rate.parse("4.5/order").changed(amount="5").format()
        '5.00元/单'
        >>> Rate.parse("4.5/order").changed(per="week")
        Traceback (most recent call last):
        ...
        bargain.errors.InvalidDocument: <Rate>: per: 应为以下之一：month, day, hour, order, once；\
实际为 'week' (<Rate>: per: expected one of: month, day, hour, order or once; found 'week')

        Raises:
            InvalidDocument: a value is not valid; one problem per fault, with its field path.
        """
        # Imported here: the translator reads the parties module, which builds on this one.
        from bargain.domain.problems import problems_from

        data = {**self.__dict__, **updates}
        try:
            return self.model_validate(data)
        except ValidationError as error:
            problems = problems_from(error, source=f"<{type(self).__name__}>", data=data)
            raise InvalidDocument(problems) from None


def check_text(value: Any) -> Any:
    r"""Refuse text holding a control character, an invalid code point or a bidirectional control.

    A control character can rewrite a terminal or break a database driver (PostgreSQL refuses
    U+0000); a bidirectional override (U+202E) can make a clause display in an order other than
    the one stored and signed. Tabs and line breaks are allowed. Other values pass unchanged, for
    the type check that follows.

    >>> print(check_text("第一条\n配送单价每单4.5元。"))
    第一条
    配送单价每单4.5元。
    >>> try:
    ...     check_text("\u202e元5.4")
    ... except PydanticCustomError as error:
    ...     print(error.context["zh"])  # doctest: +NORMALIZE_WHITESPACE
    含有不允许的双向文本控制字符 U+202E（可使文字的显示顺序与存储的不同）
    """
    if isinstance(value, str):
        found = _NOT_ALLOWED.search(value)
        if found is not None:
            raise _not_allowed(found.group())
    return value


def _not_allowed(character: str) -> PydanticCustomError:
    code = f"U+{ord(character):04X}"
    if _IS_BIDI.match(character):
        return invalid(
            f"含有不允许的双向文本控制字符 {code}（可使文字的显示顺序与存储的不同）",
            f"a bidirectional control character {code} is not allowed "
            "(it can make text display in an order other than the one stored)",
        )
    if _IS_INVALID.match(character):
        return invalid(
            f"含有无效的 Unicode 字符 {code}", f"{code} is not a valid Unicode character"
        )
    return invalid(f"含有不允许的控制字符 {code}", f"a control character {code} is not allowed")


def check_texts_in(value: Any) -> Any:
    """:func:`check_text` on every text inside plain data (keys and values of mappings, items of lists).

    For fields that hold JSON as it is (an event's facts), which no text type covers.
    """
    stack = [value]
    while stack:
        current = stack.pop()
        if isinstance(current, str):
            check_text(current)
        elif isinstance(current, Mapping):
            stack.extend(current.keys())
            stack.extend(current.values())
        elif isinstance(current, list | tuple):
            stack.extend(current)
    return value


class _SafeText:
    """Annotation: :func:`check_text` on a text type, and a JSON Schema pattern that says so."""

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_before_validator_function(check_text, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        json_schema["pattern"] = _SCHEMA_PATTERN
        return json_schema


# The same characters for JSON Schema validators in other languages.
_SCHEMA_PATTERN = f"^[^{_class(_CONTROL + _INVALID + _BIDI)}]*$"

SafeText = _SafeText()
"""The annotation that puts :func:`check_text` on a text type (``Annotated[str, SafeText, ...]``)."""

PlainText = Annotated[str, SafeText]
"""Any text, with no control character, invalid code point or bidirectional control."""


def invalid(zh: str, en: str) -> PydanticCustomError:
    """A validation error that carries its message in both languages.

    Raise it from a validator; the file loader shows the Chinese or English text as the user asked,
    and plain Pydantic users see the English text.
    """
    return PydanticCustomError("bargain_invalid", "{en}", {"zh": zh, "en": en})
