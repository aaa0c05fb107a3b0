"""JSON Schema (draft 2020-12) of the public models, for host systems in other languages.

>>> schema = json_schema("Rate")
>>> schema["$schema"]
'https://json-schema.org/draft/2020-12/schema'
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, TypeAdapter

from bargain.__about__ import __version__
from bargain.domain import agreement, calendar, clauses, money, parties
from bargain.errors import UnknownModel
from bargain.simulation import scenario

__all__ = ["SCHEMA_DIALECT", "json_schema", "public_model_names"]

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

_MODULES = (agreement, clauses, parties, money, calendar, scenario)


def _models() -> dict[str, Any]:
    found: dict[str, Any] = {"Clause": clauses.Clause}
    for module in _MODULES:
        for name in module.__all__:
            value = getattr(module, name)
            if isinstance(value, type) and issubclass(value, BaseModel):
                found[name] = value
    return dict(sorted(found.items()))


def public_model_names() -> list[str]:
    """The names ``json_schema`` accepts, sorted."""
    return list(_models())


def json_schema(
    name: str = "Agreement", *, mode: Literal["validation", "serialization"] = "validation"
) -> dict[str, Any]:
    """The JSON Schema of a public model, by class name (``Agreement``, ``Clause``, ``Rate``,
    ``Scenario``…), in any case (``scenario`` is ``Scenario``).

    ``mode="validation"`` describes what bargain accepts (the shorthands included);
    ``"serialization"`` what it writes.

    Raises:
        UnknownModel: ``name`` is not a public model.
    """
    models = _models()
    folded = {key.casefold(): key for key in models}
    canonical = name if name in models else folded.get(name.casefold())
    if canonical is None:
        raise UnknownModel(name, list(models))
    name, target = canonical, models[canonical]
    schema = TypeAdapter(target).json_schema(mode=mode)
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": f"urn:bargain:{__version__}:schema:{name}",
        **schema,
    }
