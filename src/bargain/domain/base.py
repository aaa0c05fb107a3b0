"""The base class of every domain model: frozen, strict about unknown fields, self-describing."""

from __future__ import annotations

import inspect
from typing import Any

from pydantic import BaseModel, ConfigDict
from pydantic_core import PydanticCustomError

__all__ = ["DomainModel", "invalid"]


def _describe(schema: dict[str, Any], cls: type[Any]) -> None:
    """Use the first paragraph of the class docstring as the schema description.

    The rest of a docstring (examples, notes for Python users) means nothing to a form builder
    in another language, so it stays out of the JSON Schema.
    """
    doc = inspect.getdoc(cls)
    if doc and cls.__doc__:
        schema["description"] = " ".join(doc.split("\n\n", 1)[0].split())


class DomainModel(BaseModel):
    """Immutable data: a change makes a new value (``model_copy(update=...)``)."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        use_attribute_docstrings=True,
        json_schema_extra=_describe,
        validate_default=True,
    )


def invalid(zh: str, en: str) -> PydanticCustomError:
    """A validation error that carries its message in both languages.

    Raise it from a validator; the file loader shows the Chinese or English text as the user asked,
    and plain Pydantic users see the English text.
    """
    return PydanticCustomError("bargain_invalid", "{en}", {"zh": zh, "en": en})
