"""Legal parameters that change over time, with the reference for every value.

Numbers the law sets by date (minimum wages by province and tier, which tier a county is in, the
day counts of the procedure) are data, not code. Each parameter has a history of dated values;
``value_at(day)`` gives the value in force on a day:

>>> history = ValueHistory(name="demo", values=(
...     DatedValue(start=dt.date(2018, 11, 1), value=Decimal(1380)),
...     DatedValue(start=dt.date(2021, 12, 3), value=None, announced=True),
...     DatedValue(start=dt.date(2023, 3, 1), value=Decimal(1930)),
... ))
>>> in_2022 = history.value_at(dt.date(2022, 6, 1))  # announced, amount unknown: previous value
>>> in_2022.value, in_2022.confidence.value
(Decimal('1380'), 'unconfirmed')
>>> history.value_at(dt.date(2017, 1, 1)) is None  # nothing in force yet
True

A value of ``null`` that is not ``announced`` ends the rule: from its date nothing is in force.

The files are YAML, read strictly: a key written twice, an unknown key, a bad date or a history out
of date order is an error that names the file and the key. The format is documented in
``docs/law-data.md``, so that a union in another province can add its own file without code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from decimal import Decimal
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

from bargain._reading import load_model
from bargain.domain.language import Bilingual
from bargain.domain.problems import FieldPath, format_path, problems_from
from bargain.domain.references import LegalReference
from bargain.errors import InvalidDocument, Problem

__all__ = [
    "BUILTIN_DATA",
    "Confidence",
    "DatedValue",
    "LegalReference",
    "ParameterSet",
    "ValueHistory",
    "default_parameters",
    "load_parameters",
]

_T = TypeVar("_T")

BUILTIN_DATA = Path(__file__).resolve().parent / "data"
"""The folder of the parameter files shipped with bargain."""


class Confidence(StrEnum):
    """How sure the project is of a value (legal-reference §8).

    ``confirmed``: read in the instrument's own text; ``secondary``: read in a reliable reprint or
    report; ``unconfirmed``: not found, inferred, or contradictory. Findings that depend on an
    unconfirmed value say so.
    """

    CONFIRMED = "confirmed"
    SECONDARY = "secondary"
    UNCONFIRMED = "unconfirmed"

    @classmethod
    def weakest(cls, values: Iterable[Confidence]) -> Confidence:
        """The least certain of several confidences."""
        order = [cls.CONFIRMED, cls.SECONDARY, cls.UNCONFIRMED]
        return max(values, key=order.index, default=cls.CONFIRMED)


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class DatedValue(_Strict):
    """One value of a parameter, in force from ``start`` until the next value's start."""

    start: dt.date
    """First day in force."""
    value: Any = None
    """The value; ``null`` ends the rule unless ``announced``."""
    announced: bool = False
    """A change is known to take effect on ``start`` but its value is not: skip it."""
    confidence: Confidence = Confidence.CONFIRMED
    """How sure the value is."""
    reference: LegalReference | None = None
    """Where the value comes from."""
    note: str | None = None
    """Anything a reader should know (an ambiguous date, an inference)."""

    @model_validator(mode="after")
    def _announced_has_no_value(self) -> DatedValue:
        if self.announced and self.value is not None:
            raise ValueError("an announced change has no value yet; leave value out")
        return self


class ValueHistory(_Strict):
    """The dated values of one parameter, oldest first."""

    name: str
    """Dotted name (``minimum_wage.monthly.340000.tier_2``)."""
    description: str | None = None
    """What the parameter is, in Chinese and English."""
    unit: str | None = None
    """Unit of the values (``CNY/month``, ``day``, ``%``)."""
    values: tuple[DatedValue, ...] = Field(min_length=1)
    """The history."""

    @model_validator(mode="after")
    def _in_order(self) -> ValueHistory:
        for earlier, later in zip(self.values, self.values[1:], strict=False):
            if later.start <= earlier.start:
                raise ValueError(
                    f"values must be in date order: {later.start} comes after {earlier.start}"
                )
        return self

    def value_at(self, day: dt.date) -> DatedValue | None:
        """The value in force on ``day``: ``None`` before the first value or after an end."""
        current: DatedValue | None = None
        pending: DatedValue | None = None
        for entry in self.values:
            if entry.start > day:
                break
            if entry.announced:
                pending = entry
                continue
            current = entry if entry.value is not None else None
            pending = None
        if current is not None and pending is not None:
            # A change has taken effect whose value is unknown: the earlier value is only a guess.
            note = f"a change announced for {pending.start} has no known value; showing the earlier one"
            return current.model_copy(
                update={"confidence": Confidence.UNCONFIRMED, "note": pending.note or note}
            )
        return current

    def changes_between(self, first: dt.date, last: dt.date) -> list[dt.date]:
        """The days within ``[first, last]`` on which a known value takes effect."""
        return [v.start for v in self.values if first < v.start <= last and not v.announced]


class ParameterSet:
    """Every parameter loaded, by name. Immutable once built.

    >>> parameters = default_parameters()
    >>> parameters.value("procedure.reply_days", dt.date(2024, 1, 1))
    20
    """

    def __init__(self, histories: Iterable[ValueHistory]) -> None:
        self._histories: dict[str, ValueHistory] = {}
        # Answers derived from immutable data, kept per set (never in a module global).
        self._memo: dict[Hashable, Any] = {}
        for history in histories:
            if history.name in self._histories:
                problem = Problem(
                    "<parameters>",
                    f'parameters["{history.name}"]',
                    Bilingual(
                        "每个参数只能定义一次，而它在合并的两组参数中都有定义",
                        "a parameter is defined once, but both sets merged define it",
                    ),
                )
                raise InvalidDocument([problem])
            self._histories[history.name] = history

    def __contains__(self, name: object) -> bool:
        return name in self._histories

    def __iter__(self) -> Iterator[ValueHistory]:
        return iter(self._histories.values())

    def __len__(self) -> int:
        return len(self._histories)

    def history(self, name: str) -> ValueHistory:
        """The history of one parameter.

        Raises:
            KeyError: no parameter has that name.
        """
        return self._histories[name]

    def entry(self, name: str, day: dt.date) -> DatedValue | None:
        """The dated value in force on ``day`` (``None`` if the parameter is unknown or not in force)."""
        key = ("entry", name, day)
        if key not in self._memo:
            history = self._histories.get(name)
            self._memo[key] = None if history is None else history.value_at(day)
        result: DatedValue | None = self._memo[key]
        return result

    def memoised(self, key: Hashable, compute: Callable[[], _T]) -> _T:
        """``compute()``, remembered under ``key`` for the life of this set.

        For answers derived only from the parameters (a region's minimum wage on a day), which
        cannot change because the set cannot.
        """
        try:
            result: _T = self._memo[key]
        except KeyError:
            result = self._memo[key] = compute()
        return result

    def value(self, name: str, day: dt.date) -> Any:
        """The bare value in force on ``day``.

        Raises:
            KeyError: the parameter is unknown, or has no value in force on ``day``.
        """
        entry = self.history(name).value_at(day)
        if entry is None:
            raise KeyError(f"{name} has no value in force on {day}")
        return entry.value

    def names(self, prefix: str) -> list[str]:
        """The names that start with ``prefix``, sorted."""
        return self.memoised(
            ("names", prefix), lambda: sorted(n for n in self._histories if n.startswith(prefix))
        )

    def merged(self, other: ParameterSet) -> ParameterSet:
        """A new set with ``other``'s parameters added.

        Raises:
            InvalidDocument: a name is in both sets (the problem names the parameter).
        """
        return ParameterSet([*self, *other])


# --- files --------------------------------------------------------------------------------------


class _ParameterFile(_Strict):
    references: dict[str, LegalReference] = Field(default_factory=dict)
    parameters: dict[str, _ParameterSpec]


class _ValueSpec(DatedValue):
    # As written in a file: the reference may be the name of one defined under ``references``.
    reference: str | LegalReference | None = None  # type: ignore[assignment]


class _ParameterSpec(_Strict):
    description: str | None = None
    unit: str | None = None
    reference: str | LegalReference | None = None
    confidence: Confidence | None = None
    values: list[_ValueSpec] = Field(min_length=1)


_ParameterFile.model_rebuild()


def _number(value: Any) -> Any:
    # Amounts are exact: a YAML float such as 18.5 becomes Decimal('18.5'), not a binary fraction.
    if isinstance(value, float):
        return Decimal(str(value))
    return value


def _file_problem(path: Path, key: FieldPath, message: Bilingual) -> Problem:
    return Problem(source=str(path), path=format_path(key), expected=message)


def load_parameters(*paths: str | Path) -> ParameterSet:
    """Read parameter files (or every ``*.yaml`` in the folders given) into one set.

    Raises:
        InvalidDocument: a file is not valid; every problem names the file and the key.
    """
    files: list[Path] = []
    for given in paths:
        path = Path(given)
        files.extend(sorted(path.glob("*.yaml")) if path.is_dir() else [path])
    histories: list[ValueHistory] = []
    seen: dict[str, Path] = {}
    for path in files:
        for history in _read_file(path):
            if history.name in seen:
                first = seen[history.name]
                raise InvalidDocument(
                    [
                        _file_problem(
                            path,
                            ("parameters", history.name),
                            Bilingual(
                                f"参数已在 {first} 中定义", f"parameter already defined in {first}"
                            ),
                        )
                    ]
                )
            seen[history.name] = path
            histories.append(history)
    return ParameterSet(histories)


def _read_file(path: Path) -> list[ValueHistory]:
    # The same strict reader and error translation as agreement files (bargain.files).
    spec = load_model(_ParameterFile, path)
    histories = []
    for name, parameter in spec.parameters.items():
        at: FieldPath = ("parameters", name)
        try:
            histories.append(_history(name, parameter, spec.references))
        except ValidationError as error:
            raise InvalidDocument(problems_from(error, source=str(path), at=at)) from None
        except _UnknownReference as error:
            raise InvalidDocument([_file_problem(path, at, error.text)]) from None
    return histories


class _UnknownReference(LookupError):
    def __init__(self, name: str) -> None:
        self.text = Bilingual(
            f"未定义的依据“{name}”；请在 references 下定义",
            f"unknown reference {name!r}; define it under references",
        )
        super().__init__(self.text.en)


def _resolve(
    reference: str | LegalReference | None, named: Mapping[str, LegalReference]
) -> LegalReference | None:
    if isinstance(reference, str):
        if reference not in named:
            raise _UnknownReference(reference)
        return named[reference]
    return reference


def _history(
    name: str, parameter: _ParameterSpec, named: Mapping[str, LegalReference]
) -> ValueHistory:
    default_reference = _resolve(parameter.reference, named)
    values = []
    for spec in parameter.values:
        values.append(
            DatedValue(
                start=spec.start,
                value=_number(spec.value),
                announced=spec.announced,
                confidence=(
                    spec.confidence
                    if "confidence" in spec.model_fields_set or parameter.confidence is None
                    else parameter.confidence
                ),
                reference=_resolve(spec.reference, named) or default_reference,
                note=spec.note,
            )
        )
    return ValueHistory(
        name=name, description=parameter.description, unit=parameter.unit, values=tuple(values)
    )


@cache
def default_parameters() -> ParameterSet:
    """The parameters shipped with bargain (read once; the set is immutable)."""
    return load_parameters(BUILTIN_DATA)
