"""Playbooks: one side's private positions on the clauses, and how a text measures up to them.

A side prepares for the table (集体协商准备, 集体合同规定 Art 32: each side gathers what it needs
and may set out its own position) by writing down, for each clause field it cares about, three
positions and a priority:

- ``opening`` (开价): what it asks for first;
- ``target`` (目标): what it hopes to settle on;
- ``walk_away`` (底线): the worst it accepts; past it, it would rather not agree.

The values are read with the type of the clause field they are about (``4.5/order`` for a
``piece_rate``, ``2100/month`` for a ``monthly_floor``, ``8`` for ``daily_hours``), so a position
is checked as strictly as the clause itself. Only fields that hold an amount or a number can have
positions: a rate, a sum, a decimal or a whole number (not a yes/no, a choice or a list).

**Direction.** Whether more or less is better follows from the positions: when the opening is
above the walk-away, more is better (the union asking for a higher piece rate); when it is below,
less is better (the employer offering as little as it can, or the union asking for fewer hours).
The opening and the walk-away must differ, and the target lies between them (either may equal it).

A playbook is private to its side: it is stored apart from the shared record and never enters an
event, a document or an export (docs/playbooks.md). :func:`assess` measures a text against it:

>>> from decimal import Decimal
>>> entry = PlaybookEntry(clause_id="pay-levels", kind="PAY", field="piece_rate",
...     opening="6/order", target="5.5/order", walk_away="5/order", priority=1)
>>> entry.direction.label.en, entry.target.format()
('more is better', '5.50元/单')
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Annotated, Any, Union

from pydantic import (
    Field,
    SkipValidation,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from bargain.domain.agreement import Text
from bargain.domain.base import DomainModel, invalid
from bargain.domain.clauses import Clause, ClauseKind
from bargain.domain.language import Bilingual, LabelledEnum, Lang
from bargain.domain.money import Money, Rate
from bargain.domain.parties import Identifier, Name, Side
from bargain.domain.problems import problems_from
from bargain.errors import UnitMismatch

__all__ = [
    "Assessment",
    "Direction",
    "EntryAssessment",
    "Playbook",
    "PlaybookEntry",
    "Position",
    "Verdict",
    "assess",
    "format_position",
    "negotiable_fields",
]

Position = Rate | Money | Decimal | int
"""A position on a clause field: a value of that field's type."""

_NUMERIC = (Rate, Money, Decimal, int)
_BASE_FIELDS = frozenset({"id", "kind", "heading", "heading_en", "text", "text_en"})


@cache
def _clause_classes() -> dict[ClauseKind, type[DomainModel]]:
    union = typing.get_args(Clause)[0]
    classes: dict[ClauseKind, type[DomainModel]] = {}
    for cls in typing.get_args(union):
        classes[cls.model_fields["kind"].default] = cls
    return classes


@cache
def _field_types(kind: ClauseKind) -> dict[str, Any]:
    """The fields of a clause kind that can have positions, each with its type (None removed)."""
    cls = _clause_classes()[kind]
    found: dict[str, Any] = {}
    for name, info in cls.model_fields.items():
        if name in _BASE_FIELDS:
            continue
        annotation = info.annotation
        if typing.get_origin(annotation) in (Union, types.UnionType):
            options = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(options) != 1:
                continue
            annotation = options[0]
        base = (
            typing.get_args(annotation)[0]
            if typing.get_origin(annotation) is Annotated
            else annotation
        )
        if isinstance(base, type) and issubclass(base, _NUMERIC) and base is not bool:
            found[name] = annotation
    return found


def negotiable_fields(kind: ClauseKind) -> tuple[str, ...]:
    """The fields of a clause kind that a playbook can hold positions on, in declaration order.

    >>> negotiable_fields(ClauseKind.PAY)[:4]
    ('piece_rate', 'hourly_floor', 'daily_floor', 'monthly_floor')
    """
    return tuple(_field_types(kind))


@cache
def _adapter(kind: ClauseKind, field: str) -> TypeAdapter[Any]:
    return TypeAdapter(_field_types(kind)[field])


class Direction(LabelledEnum):
    """Which way is better for the side, as its opening and walk-away show."""

    MORE_IS_BETTER = "more_is_better", "越高越好", "more is better"
    LESS_IS_BETTER = "less_is_better", "越低越好", "less is better"


def format_position(value: Position, lang: Lang = Lang.ZH) -> str:
    """A position for people: ``4.50元/单``, ``8``, ``150`` (a percentage's number)."""
    if isinstance(value, Rate | Money):
        return value.format(lang)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def _minus(a: Position, b: Position) -> Position:
    """``a - b`` in the unit of both (the caller checked they share it)."""
    if isinstance(a, Rate) and isinstance(b, Rate):
        return a - b
    if isinstance(a, Money) and isinstance(b, Money):
        return a - b
    if isinstance(a, Decimal | int) and isinstance(b, Decimal | int):
        return a - b
    raise UnitMismatch("subtract", type(a).__name__, type(b).__name__)


def _below(a: Position, b: Position) -> bool:
    """``a < b``; a rate per another unit is :class:`UnitMismatch`."""
    if isinstance(a, Rate) and isinstance(b, Rate):
        return a < b
    if isinstance(a, Money) and isinstance(b, Money):
        return a < b
    if isinstance(a, Decimal | int) and isinstance(b, Decimal | int):
        return a < b
    raise UnitMismatch("compare", type(a).__name__, type(b).__name__)


class PlaybookEntry(DomainModel):
    """A side's positions on one field of one clause, and how much it matters to the side."""

    clause_id: Identifier
    """条款标识: the clause, by its id in the agreement."""
    kind: ClauseKind
    """条款类型: the kind of that clause (taken from the agreement's text when left out of a file)."""
    field: str
    """字段: the clause's structured field (``piece_rate``, ``daily_hours``…)."""
    opening: SkipValidation[Position]
    """开价: the first position the side puts forward."""
    target: SkipValidation[Position]
    """目标: what the side hopes to settle on."""
    walk_away: SkipValidation[Position]
    """底线: the worst the side accepts."""
    priority: Annotated[int, Field(ge=1, le=99)]
    """优先级: 1 matters most."""
    note: Name | None = None
    """备注: the side's own note (why this line, what to trade it for)."""

    @field_validator("field")
    @classmethod
    def _known_field(cls, value: str, info: ValidationInfo) -> str:
        kind = info.data.get("kind")
        if kind is None:
            return value
        fields = negotiable_fields(kind)
        if value not in fields:
            listed = ", ".join(fields) or "—"
            raise invalid(
                f"应为{kind.label.zh}条款中以数额或数字表示的字段：{listed}",
                f"expected a field of a {kind.value} clause holding an amount or a number: "
                f"{listed}",
            )
        return value

    @field_validator("opening", "target", "walk_away", mode="before")
    @classmethod
    def _of_the_field_type(cls, value: Any, info: ValidationInfo) -> Any:
        kind, field = info.data.get("kind"), info.data.get("field")
        if kind is None or field is None:
            return value  # the kind or the field is wrong, and says so itself
        if value is None:
            raise invalid("必须给出数值", "a value is required")
        try:
            return _adapter(kind, field).validate_python(value)
        except ValidationError as error:
            problem = problems_from(error, source="")[0]
            raise invalid(problem.expected.zh, problem.expected.en) from None

    @model_validator(mode="after")
    def _ordered(self) -> PlaybookEntry:
        try:
            if not (_below(self.opening, self.walk_away) or _below(self.walk_away, self.opening)):
                raise invalid(
                    "开价与底线不能相同（由二者的高低确定哪个方向更有利）",
                    "the opening and the walk-away must differ (which is higher says which way "
                    "is better)",
                )
            low, high = sorted((self.opening, self.walk_away), key=_Ordered)
            if _below(self.target, low) or _below(high, self.target):
                raise invalid(
                    f"目标应在开价与底线之间（{format_position(low, Lang.ZH)}至{format_position(high, Lang.ZH)}）",
                    f"the target must lie between the opening and the walk-away "
                    f"({format_position(low, Lang.EN)} to {format_position(high, Lang.EN)})",
                )
        except UnitMismatch:
            raise invalid(
                "开价、目标与底线应使用同一单位",
                "the opening, target and walk-away must share a unit",
            ) from None
        return self

    @property
    def direction(self) -> Direction:
        """More is better when the opening is above the walk-away; less is better otherwise."""
        if _below(self.walk_away, self.opening):
            return Direction.MORE_IS_BETTER
        return Direction.LESS_IS_BETTER

    def worse(self, a: Position, b: Position) -> bool:
        """Whether ``a`` is worse than ``b`` for this side."""
        return _below(a, b) if self.direction is Direction.MORE_IS_BETTER else _below(b, a)

    def by_how_much(self, a: Position, b: Position) -> Position:
        """How far ``a`` falls short of ``b`` for this side (positive: worse)."""
        return _minus(b, a) if self.direction is Direction.MORE_IS_BETTER else _minus(a, b)

    def label(self, lang: Lang = Lang.ZH) -> str:
        """The clause field for people: ``计件单价（pay-levels.piece_rate）`` in Chinese,
        ``pay-levels.piece_rate (pay per order)`` in English."""
        where = f"{self.clause_id}.{self.field}"
        described = _clause_classes()[self.kind].model_fields[self.field].description or ""
        zh, _, en = described.partition(": ")
        if not en:
            return where
        if lang is Lang.ZH:
            return f"{zh}（{where}）"
        return f"{where} ({en.rstrip('.')})"


class _Ordered:
    """A sort key over positions of one unit."""

    def __init__(self, value: Position) -> None:
        self.value = value

    def __lt__(self, other: _Ordered) -> bool:
        return _below(self.value, other.value)


class Playbook(DomainModel):
    """One side's private playbook for one agreement: its positions, clause field by field."""

    agreement_id: Identifier
    """集体合同标识: the agreement it is for."""
    side: Side
    """协商方: whose playbook it is."""
    entries: Annotated[tuple[PlaybookEntry, ...], Field(min_length=1, max_length=500)]
    """条目: the positions, one entry per clause field."""

    @model_validator(mode="after")
    def _one_entry_per_field(self) -> Playbook:
        seen: set[tuple[str, str]] = set()
        for entry in self.entries:
            key = (entry.clause_id, entry.field)
            if key in seen:
                raise invalid(
                    f"条款字段 {entry.label(Lang.ZH)} 出现了两次",
                    f"{entry.label(Lang.EN)} appears twice",
                )
            seen.add(key)
        return self


class Verdict(LabelledEnum):
    """Where a text's value stands against an entry's positions."""

    TARGET_MET = "target_met", "达到目标", "target met"
    SHORT_OF_TARGET = "short_of_target", "未达目标，未越底线", "short of target, within walk-away"
    PAST_WALK_AWAY = "past_walk_away", "越过底线", "past the walk-away"
    ABSENT = "absent", "文本中没有此项", "not in the text"
    OTHER_UNIT = "other_unit", "单位不同，无法比较", "in another unit: cannot compare"


@dataclass(frozen=True, slots=True)
class EntryAssessment:
    """One entry measured against a text.

    ``short_of_target`` and ``past_walk_away`` are in the field's unit and count in the side's
    favour: ``short_of_target`` is zero once the target is met, ``past_walk_away`` is ``None``
    unless the walk-away is crossed.
    """

    entry: PlaybookEntry
    value: Position | None
    verdict: Verdict
    short_of_target: Position | None = None
    past_walk_away: Position | None = None

    @property
    def crosses_walk_away(self) -> bool:
        """Whether the text's value is worse than the walk-away."""
        return self.verdict is Verdict.PAST_WALK_AWAY

    def line(self, lang: Lang = Lang.ZH) -> str:
        """One line for a person: the field, the value, the verdict and the distances."""
        entry = self.entry
        head = f"[{entry.priority}] {entry.label(lang)}"
        if self.value is None:
            return f"{head}: {self.verdict.label.get(lang)}"
        value = format_position(self.value, lang)
        target, walk = format_position(entry.target, lang), format_position(entry.walk_away, lang)
        parts = [self.verdict.label.get(lang)]
        if self.past_walk_away is not None:
            past = format_position(self.past_walk_away, lang)
            parts = [Bilingual(f"越过底线 {past}", f"past the walk-away by {past}").get(lang)]
        if self.short_of_target is not None and self.verdict is not Verdict.TARGET_MET:
            short = format_position(self.short_of_target, lang)
            parts.append(Bilingual(f"距目标 {short}", f"{short} short of target").get(lang))
        return Bilingual(
            f"{head}：文本 {value}（目标 {target}，底线 {walk}）：{'，'.join(parts)}",
            f"{head}: text {value} (target {target}, walk-away {walk}): {', '.join(parts)}",
        ).get(lang)

    def as_json(self) -> dict[str, Any]:
        """The assessment of the entry as a JSON object."""

        def dumped(value: Position | None) -> Any:
            if value is None:
                return None
            if isinstance(value, Rate | Money):
                return value.model_dump(mode="json")
            return str(value) if isinstance(value, Decimal) else value

        entry = self.entry
        return {
            "clause_id": entry.clause_id,
            "field": entry.field,
            "priority": entry.priority,
            "direction": entry.direction.value,
            "value": dumped(self.value),
            "verdict": self.verdict.value,
            "crosses_walk_away": self.crosses_walk_away,
            "short_of_target": dumped(self.short_of_target),
            "past_walk_away": dumped(self.past_walk_away),
            "target": dumped(entry.target),
            "walk_away": dumped(entry.walk_away),
        }


@dataclass(frozen=True, slots=True)
class Assessment:
    """A text measured against a side's playbook, entry by entry, by priority."""

    agreement_id: str
    side: Side
    items: tuple[EntryAssessment, ...]

    @property
    def crossed(self) -> tuple[EntryAssessment, ...]:
        """The entries whose walk-away the text crosses."""
        return tuple(item for item in self.items if item.crosses_walk_away)

    def lines(self, lang: Lang = Lang.ZH) -> list[str]:
        """A summary line, then one line per entry."""
        crossed = len(self.crossed)
        side = self.side.label.get(lang)
        head = Bilingual(
            f"{self.agreement_id}（{side}）：{len(self.items)}项，{crossed}项越过底线",
            f"{self.agreement_id} ({side}): {len(self.items)} entries, {crossed} past the "
            "walk-away",
        ).get(lang)
        return [head, *(item.line(lang) for item in self.items)]

    def as_json(self) -> dict[str, Any]:
        """The assessment as a JSON object."""
        return {
            "agreement_id": self.agreement_id,
            "side": self.side.value,
            "crossed": len(self.crossed),
            "items": [item.as_json() for item in self.items],
        }


def _value_in(text: Text, entry: PlaybookEntry) -> Position | None:
    for clause in text.clauses:
        if clause.id == entry.clause_id and clause.kind is entry.kind:
            value = getattr(clause, entry.field, None)
            return value if isinstance(value, _NUMERIC) else None
    return None


def _judge(entry: PlaybookEntry, value: Position) -> EntryAssessment:
    try:
        if entry.worse(value, entry.walk_away):
            return EntryAssessment(
                entry,
                value,
                Verdict.PAST_WALK_AWAY,
                short_of_target=entry.by_how_much(value, entry.target),
                past_walk_away=entry.by_how_much(value, entry.walk_away),
            )
        if entry.worse(value, entry.target):
            short = entry.by_how_much(value, entry.target)
            return EntryAssessment(entry, value, Verdict.SHORT_OF_TARGET, short_of_target=short)
        zero = _minus(entry.target, entry.target)
        return EntryAssessment(entry, value, Verdict.TARGET_MET, short_of_target=zero)
    except UnitMismatch:
        return EntryAssessment(entry, value, Verdict.OTHER_UNIT)


def assess(playbook: Playbook, text: Text) -> Assessment:
    """Measure ``text`` against ``playbook``: per entry, the text's value, whether it crosses the
    walk-away and how far it is from the target, most important entries first.

    An entry whose clause (or field) the text does not have is :attr:`Verdict.ABSENT`; a value in
    another unit than the entry's (a rate per month against one per order) is
    :attr:`Verdict.OTHER_UNIT`.
    """
    items = []
    for entry in sorted(playbook.entries, key=lambda e: e.priority):
        value = _value_in(text, entry)
        items.append(
            EntryAssessment(entry, None, Verdict.ABSENT) if value is None else _judge(entry, value)
        )
    return Assessment(playbook.agreement_id, playbook.side, tuple(items))
