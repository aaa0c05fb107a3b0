"""The base class of every domain model: frozen, strict about unknown fields, self-describing.

A model checks the same things whatever path a value comes in by: a file, JSON, a constructor in
Python, or a change made with :meth:`DomainModel.changed`. Models nested in a new model are checked
again (``revalidate_instances``), so a value built without checks cannot hide inside a checked one.
Pydantic's ``model_copy(update=...)`` is the one path that checks nothing: use it only on values
you have just checked, never on input.
"""

from __future__ import annotations

import inspect
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic_core import PydanticCustomError

from bargain.errors import InvalidDocument

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


def invalid(zh: str, en: str) -> PydanticCustomError:
    """A validation error that carries its message in both languages.

    Raise it from a validator; the file loader shows the Chinese or English text as the user asked,
    and plain Pydantic users see the English text.
    """
    return PydanticCustomError("bargain_invalid", "{en}", {"zh": zh, "en": en})
