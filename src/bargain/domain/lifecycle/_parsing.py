"""Reading a step's input: trigger and role names, ISO dates and details, with clear errors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import TypeAdapter, ValidationError

from bargain.domain.language import Bilingual
from bargain.domain.problems import problems_from
from bargain.domain.procedure import Role, Trigger
from bargain.errors import InvalidDocument, Problem

if TYPE_CHECKING:
    from bargain.domain.lifecycle.declaration import Details, Transition

__all__ = ["date", "named", "parse", "problems"]

_STEP, _ROLE = Bilingual("步骤", "step"), Bilingual("角色", "role")
_DATE: TypeAdapter[dt.date] = TypeAdapter(dt.date)
_Named = TypeVar("_Named", Trigger, Role)


def named(kind: type[_Named], name: str, path: str) -> _Named:
    """The trigger or role of this name, or an :class:`InvalidDocument` naming the field."""
    try:
        return kind(name)
    except ValueError:
        what = _STEP if kind is Trigger else _ROLE
        known = ", ".join(member.value for member in kind)
        expected = Bilingual(f"应为以下{what.zh}之一：{known}", f"expected one of: {known}")
        raise InvalidDocument([Problem("<step>", path, expected, repr(name))]) from None


def date(trigger: Trigger, value: dt.date | str) -> dt.date:
    """A day given as a date or an ISO text."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    try:
        return _DATE.validate_python(value)
    except ValidationError:
        expected = Bilingual("应为日期（如 2019-11-06）", "expected a date (2019-11-06)")
        problem = Problem(f"<{trigger.value}>", "on", expected, repr(value))
        raise InvalidDocument([problem]) from None


def parse(row: Transition[Any], details: Mapping[str, Any]) -> Details:
    """The step's details model from keyword details (JSON driving, ``Lifecycle.fire``)."""
    if not details:
        empty: Details | None = row.without_details
        if empty is not None:
            return empty
    data = dict(details)
    try:
        parsed: Details = row.details.model_validate(data)
    except ValidationError as error:
        raise InvalidDocument(problems(row, error, data)) from error
    return parsed


def problems(row: Transition[Any], error: ValidationError, data: Any = None) -> list[Problem]:
    """The problems of a step's details, each with its field path and what was expected."""
    known = ", ".join(row.details.model_fields) or "none"
    unknown = Bilingual(
        f"“{row.trigger.label.zh}”没有这一项；可用的项：{known}",
        f"{row.trigger.value} takes no such detail; known: {known}",
    )
    source = f"<{row.trigger.value}>"
    if data is None:
        return problems_from(error, source=source, unknown_field=unknown)
    return problems_from(error, source=source, data=data, unknown_field=unknown)
