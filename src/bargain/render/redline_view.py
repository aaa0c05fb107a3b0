"""A redline for the terminal: deletions in red struck through, insertions in green underlined.

Without colour (not a terminal, ``--no-color``, ``NO_COLOR``) the same text carries plain markers
instead: ``[-deleted-]`` and ``{+inserted+}``, the markers of ``git diff --word-diff=plain``, so
that a redline piped to a file or pasted into a message still shows what changed.

Only the clauses added, removed or changed are shown; the unchanged are counted in the first line.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text

from bargain.domain.language import Bilingual, Lang
from bargain.domain.redline import ChangeKind, ClauseChange, FieldChange, Op, Redline, Segment
from bargain.render.console import format_value
from bargain.render.filters import article_number

__all__ = ["DELETED", "INSERTED", "render_redline"]

DELETED = "red strike"
"""The style of deleted characters."""
INSERTED = "green underline"
"""The style of inserted characters."""

_MARKERS = {Op.DELETE: ("[-", "-]"), Op.INSERT: ("{+", "+}")}
_STYLES = {Op.DELETE: DELETED, Op.INSERT: INSERTED}

_WORDS = {
    "summary": Bilingual(
        "修改对照：新增{added}条，删除{removed}条，修改{changed}条，未变{unchanged}条",
        "redline: {added} added, {removed} removed, {changed} changed, {unchanged} unchanged",
    ),
    "same": Bilingual("两个文本相同。", "The two texts are the same."),
    "was": Bilingual("原{number}", "was {number}"),
    "none": Bilingual("（无）", "(none)"),
    "outside": Bilingual("条款以外", "outside the clauses"),
}


def render_redline(redline: Redline, lang: Lang = Lang.ZH, *, color: bool = True) -> Text:
    """The redline as rich text: styled when ``color``, with plain markers otherwise."""
    out = Text()
    out.append(_WORDS["summary"].get(lang).format(**redline.counts()))
    out.append("\n")
    if redline.is_empty:
        out.append(_WORDS["same"].get(lang) + "\n")
        return out
    if redline.outside_clauses:
        out.append("\n" + _WORDS["outside"].get(lang) + "\n", style="bold" if color else None)
        for change in redline.outside_clauses:
            _field(out, change, lang, color)
    for clause in redline.changes:
        out.append("\n")
        _clause(out, clause, lang, color)
    return out


def _number(number: int | None, lang: Lang) -> str:
    if number is None:
        return ""
    return article_number(number) if lang is Lang.ZH else f"Article {number}"


def _clause(out: Text, change: ClauseChange, lang: Lang, color: bool) -> None:
    shown = change.number_after if change.number_after is not None else change.number_before
    clause = change.after or change.before
    heading = clause.heading_en if lang is Lang.EN and clause and clause.heading_en else None
    title = f"{_number(shown, lang)}  {heading or change.heading}  [{change.clause_id}]  "
    out.append(title, style="bold" if color else None)
    out.append(change.kind.label.get(lang), style=_kind_style(change.kind) if color else None)
    moved = change.number_before not in (None, change.number_after) and change.number_after
    if moved:
        out.append(
            f"（{_WORDS['was'].get(lang).format(number=_number(change.number_before, lang))}）"
        )
    out.append("\n")
    if change.kind is ChangeKind.ADDED and change.after is not None:
        _whole(out, change.after.text, Op.INSERT, color)
    elif change.kind is ChangeKind.REMOVED and change.before is not None:
        _whole(out, change.before.text, Op.DELETE, color)
    for field in change.fields:
        _field(out, field, lang, color)


def _kind_style(kind: ChangeKind) -> str:
    return {ChangeKind.ADDED: "green", ChangeKind.REMOVED: "red"}.get(kind, "yellow")


def _whole(out: Text, text: str, op: Op, color: bool) -> None:
    out.append("  ")
    _segments(out, (Segment(op, text),), color)
    out.append("\n")


def _field(out: Text, change: FieldChange, lang: Lang, color: bool) -> None:
    out.append(f"  {change.label.get(lang)}：", style="cyan" if color else None)
    if change.segments is not None:
        _segments(out, change.segments, color)
    else:
        before = _shown(change.before, lang)
        after = _shown(change.after, lang)
        _segments(out, (Segment(Op.DELETE, before), Segment(Op.EQUAL, " → ")), color)
        _segments(out, (Segment(Op.INSERT, after),), color)
    out.append("\n")


def _shown(value: Any, lang: Lang) -> str:
    if value is None or value == ():
        return _WORDS["none"].get(lang)
    return format_value(value, lang)


def _segments(out: Text, segments: tuple[Segment, ...], color: bool) -> None:
    for segment in segments:
        if segment.op is Op.EQUAL:
            out.append(segment.text)
        elif color:
            out.append(segment.text, style=_STYLES[segment.op])
        else:
            start, end = _MARKERS[segment.op]
            out.append(f"{start}{segment.text}{end}")
