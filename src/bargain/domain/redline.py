"""Redlines (修改对照): what changed between two texts of an agreement, clause by clause.

:func:`compare` matches clauses by id: a clause only in the later text is added, one only in the
earlier text is removed, one in both is changed (with each field that differs, its old and new
value) or unchanged. Within a changed heading or text, :func:`char_diff` says which characters
were deleted and which inserted. Chinese is written without spaces between words, so a diff by
words or lines says little; the character diff is `diff-match-patch`_'s with its semantic
clean-up, which merges the scattered one-character matches a plain character diff finds inside
a rewritten phrase into whole deletions and insertions (``docs/redlines.md`` compares it with
:mod:`difflib`).

>>> from bargain.domain.redline import char_diff
>>> [(s.op.value, s.text) for s in char_diff("每单4.5元", "每单12.5元")]
[('=', '每单'), ('-', '4.5'), ('+', '12.5'), ('=', '元')]

.. _diff-match-patch: https://github.com/google/diff-match-patch
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel
from pydantic_core import to_jsonable_python

from bargain.domain.language import Bilingual, LabelledEnum

if TYPE_CHECKING:
    from bargain.domain.agreement import Text
    from bargain.domain.clauses import Clause

__all__ = [
    "ChangeKind",
    "ClauseChange",
    "FieldChange",
    "Op",
    "Redline",
    "Segment",
    "char_diff",
    "compare",
    "field_label",
]

TEXT_FIELDS = frozenset({"heading", "heading_en", "text", "text_en"})
"""The fields compared character by character; the others are compared as values."""

_OUTSIDE_CLAUSES = {
    "union": Bilingual("职工方", "union side"),
    "employer": Bilingual("企业方", "employer side"),
    "scope": Bilingual("适用范围", "scope"),
    "term": Bilingual("合同期限", "term"),
}
"""The parts of a text other than its clauses, compared as whole values."""

_LABELS = {
    **_OUTSIDE_CLAUSES,
    "heading": Bilingual("标题", "heading"),
    "heading_en": Bilingual("英文标题", "English heading"),
    "text": Bilingual("条文", "text"),
    "text_en": Bilingual("英文条文", "English text"),
    "kind": Bilingual("条款类别", "kind of clause"),
}


class Op(LabelledEnum):
    """What a stretch of characters did between the two texts."""

    EQUAL = "=", "未变", "unchanged"
    DELETE = "-", "删除", "deleted"
    INSERT = "+", "增加", "inserted"


class ChangeKind(LabelledEnum):
    """What happened to a clause between the two texts."""

    ADDED = "added", "新增", "added"
    REMOVED = "removed", "删除", "removed"
    CHANGED = "changed", "修改", "changed"
    UNCHANGED = "unchanged", "未变", "unchanged"


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of characters kept, deleted or inserted."""

    op: Op
    text: str


def char_diff(before: str, after: str) -> tuple[Segment, ...]:
    """The characters deleted from ``before`` and inserted into ``after``, in order.

    diff-match-patch's diff (no time limit: clause texts are at most 20,000 characters) and its
    semantic clean-up; then a number is changed whole: digits next to a change join it, so that
    4.5 → 5 reads ``[-4.5-]{+5+}``, not ``[-4.-]5``, and 15日 → 10日 ``[-15-]{+10+}日``. Joining
    the kept and deleted segments gives ``before`` back; the kept and inserted ones, ``after``.

    >>> [(s.op.value, s.text) for s in char_diff("每月15日支付", "每月10日支付")]
    [('=', '每月'), ('-', '15'), ('+', '10'), ('=', '日支付')]
    """
    from diff_match_patch import diff_match_patch

    engine = diff_match_patch()
    engine.Diff_Timeout = 0  # the exact diff, the same on every machine
    diffs = engine.diff_main(before, after)
    engine.diff_cleanupSemantic(diffs)
    # alternate kept text and changes (deleted, inserted): kept[i] comes before changes[i]
    kept: list[str] = [""]
    changes: list[list[str]] = []  # [deleted, inserted]
    for op, text in diffs:
        if op == 0:
            if len(kept) == len(changes):
                kept.append("")
            kept[-1] += text
        else:
            if len(changes) < len(kept):
                changes.append(["", ""])
            changes[-1][0 if op < 0 else 1] += text
    if len(kept) == len(changes):
        kept.append("")
    for i, change in enumerate(changes):
        _whole_numbers(kept, i, change)
    segments: list[Segment] = []
    for i, text in enumerate(kept):
        _add(segments, Op.EQUAL, text)
        if i < len(changes):
            _add(segments, Op.DELETE, changes[i][0])
            _add(segments, Op.INSERT, changes[i][1])
    return tuple(segments)


_DIGITS = frozenset("0123456789")
_NUMERIC = _DIGITS | {".", ","}


def _whole_numbers(kept: list[str], i: int, change: list[str]) -> None:
    """Move the number that touches ``change`` from the kept text on either side into it."""
    numeric = "".join(sorted(_NUMERIC))
    left, right = kept[i], kept[i + 1]
    run = left[len(left.rstrip(numeric)) :]
    if _DIGITS & set(run) and any(t[0] in _NUMERIC for t in change if t):
        change[:] = [run + t for t in change]
        kept[i] = left[: len(left) - len(run)]
    run = right[: len(right) - len(right.lstrip(numeric))]
    if _DIGITS & set(run) and any(t[-1] in _NUMERIC for t in change if t):
        change[:] = [t + run for t in change]
        kept[i + 1] = right[len(run) :]


def _add(segments: list[Segment], op: Op, text: str) -> None:
    """Append, merging with the last segment of the same kind (kept text emptied by
    :func:`_whole_numbers` leaves two changes side by side)."""
    if not text:
        return
    if segments and segments[-1].op is op:
        segments[-1] = Segment(op, segments[-1].text + text)
    elif op is Op.DELETE and len(segments) >= 1 and segments[-1].op is Op.INSERT:
        # keep deletions before insertions: -a+b-c+d reads as -ac+bd
        inserted = segments.pop()
        _add(segments, Op.DELETE, text)
        segments.append(inserted)
    else:
        segments.append(Segment(op, text))


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field of a clause (or of the text) whose value differs.

    ``before`` and ``after`` are the field's values as the models hold them (``None`` when a
    side does not have it); ``segments`` is the character diff for the heading and text fields.
    """

    name: str
    """The field's name (``piece_rate``)."""
    label: Bilingual
    """The field's name for people (计件单价 / pay per order)."""
    before: Any
    after: Any
    segments: tuple[Segment, ...] | None = None

    def as_json(self) -> dict[str, Any]:
        """Plain JSON data: the values as the agreement's JSON writes them."""
        data: dict[str, Any] = {
            "field": self.name,
            "label": {"zh": self.label.zh, "en": self.label.en},
            "before": to_jsonable_python(self.before),
            "after": to_jsonable_python(self.after),
        }
        if self.segments is not None:
            data["diff"] = [{"op": s.op.value, "text": s.text} for s in self.segments]
        return data


@dataclass(frozen=True, slots=True)
class ClauseChange:
    """One clause in either text: what happened to it, its place in each, the fields that differ."""

    clause_id: str
    kind: ChangeKind
    heading: str
    """The heading in the later text (in the earlier one for a removed clause)."""
    number_before: int | None
    """Its article number in the earlier text (1 for the first clause), or ``None``."""
    number_after: int | None
    """Its article number in the later text, or ``None``."""
    before: Clause | None
    after: Clause | None
    fields: tuple[FieldChange, ...] = ()
    """For a changed clause, each field that differs, in the model's order."""

    def as_json(self) -> dict[str, Any]:
        """Plain JSON data; added and removed clauses carry the whole clause."""
        data: dict[str, Any] = {
            "clause": self.clause_id,
            "change": self.kind.value,
            "heading": self.heading,
            "number_before": self.number_before,
            "number_after": self.number_after,
        }
        if self.kind is ChangeKind.ADDED and self.after is not None:
            data["after"] = self.after.model_dump(mode="json", exclude_defaults=True)
        elif self.kind is ChangeKind.REMOVED and self.before is not None:
            data["before"] = self.before.model_dump(mode="json", exclude_defaults=True)
        else:
            data["fields"] = [f.as_json() for f in self.fields]
        return data


@dataclass(frozen=True, slots=True)
class Redline:
    """Every clause of two texts, in the later text's order (a removed clause where it stood),
    and the changes outside the clauses (parties, scope, term)."""

    clauses: tuple[ClauseChange, ...]
    outside_clauses: tuple[FieldChange, ...] = ()

    def of(self, kind: ChangeKind) -> tuple[ClauseChange, ...]:
        """The clauses with that change."""
        return tuple(c for c in self.clauses if c.kind is kind)

    @property
    def changes(self) -> tuple[ClauseChange, ...]:
        """The clauses added, removed or changed."""
        return tuple(c for c in self.clauses if c.kind is not ChangeKind.UNCHANGED)

    @property
    def is_empty(self) -> bool:
        """Whether the two texts are the same."""
        return not self.changes and not self.outside_clauses

    def counts(self) -> dict[str, int]:
        """How many clauses of each kind of change."""
        return {kind.value: len(self.of(kind)) for kind in ChangeKind}

    def as_json(self) -> dict[str, Any]:
        """Plain JSON data for programs (``bargain diff --format json``)."""
        return {
            "counts": self.counts(),
            "clauses": [c.as_json() for c in self.clauses],
            "outside_clauses": [f.as_json() for f in self.outside_clauses],
        }


def compare(before: Text, after: Text) -> Redline:
    """The redline from ``before`` to ``after``: every clause, matched by id.

    >>> from bargain import load_agreement
    >>> agreement = load_agreement("examples/bengbu-delivery-sector-agreement.yaml")
    >>> pay = agreement.clause("pay-levels")
    >>> raised = agreement.with_clause(pay.changed(piece_rate="5/order"))
    >>> [(c.clause_id, c.kind.value) for c in compare(agreement, raised).changes]
    [('pay-levels', 'changed')]
    >>> [f.name for f in compare(agreement, raised).changes[0].fields]
    ['piece_rate']
    """
    old = {clause.id: (n, clause) for n, clause in enumerate(before.clauses, start=1)}
    new = {clause.id: (n, clause) for n, clause in enumerate(after.clauses, start=1)}
    removed_after: dict[str | None, list[ClauseChange]] = {}
    anchor: str | None = None  # the last clause of ``before`` that ``after`` still has
    for clause_id, (number, clause) in old.items():
        if clause_id in new:
            anchor = clause_id
            continue
        gone = ClauseChange(
            clause_id, ChangeKind.REMOVED, clause.heading, number, None, clause, None
        )
        removed_after.setdefault(anchor, []).append(gone)
    found = list(removed_after.get(None, ()))
    for clause_id, (number, clause) in new.items():
        if clause_id in old:
            found.append(_matched(old[clause_id][0], old[clause_id][1], number, clause))
        else:
            found.append(
                ClauseChange(
                    clause_id, ChangeKind.ADDED, clause.heading, None, number, None, clause
                )
            )
        found.extend(removed_after.get(clause_id, ()))
    outside = tuple(_fields(before, after, _OUTSIDE_CLAUSES))
    return Redline(tuple(found), outside)


def _matched(number_before: int, before: Clause, number_after: int, after: Clause) -> ClauseChange:
    if type(before) is not type(after):  # the kind changed: every field of either may differ
        names = list(dict.fromkeys([*type(before).model_fields, *type(after).model_fields]))
    else:
        names = list(type(after).model_fields)
    fields = tuple(_fields(before, after, names))
    kind = ChangeKind.CHANGED if fields else ChangeKind.UNCHANGED
    return ClauseChange(
        after.id, kind, after.heading, number_before, number_after, before, after, fields
    )


def _fields(before: BaseModel, after: BaseModel, names: Any) -> Iterator[FieldChange]:
    for name in names:
        old, new = getattr(before, name, None), getattr(after, name, None)
        if old == new:
            continue
        segments = None
        if name in TEXT_FIELDS:
            segments = char_diff(old or "", new or "")
        yield FieldChange(name, _label(after, before, name), old, new, segments)


def field_label(model: BaseModel, name: str) -> Bilingual:
    """The label of a clause's field in both languages (计件单价 / pay per order)."""
    return _label(model, model, name)


def _label(after: BaseModel, before: BaseModel, name: str) -> Bilingual:
    """计件单价 / pay per order: from the field docstring (``中文: English.``)."""
    if name in _LABELS:
        return _LABELS[name]
    info = type(after).model_fields.get(name) or type(before).model_fields.get(name)
    description = (info.description if info else None) or ""
    english = name.replace("_", " ")
    if ":" in description:
        zh, en = (part.strip() for part in description.split(":", 1))
        if any("\u4e00" <= ch <= "\u9fff" for ch in zh):
            return Bilingual(zh, en.rstrip(".").split(";")[0] or english)
    return Bilingual(description.rstrip(".") or english, english)
