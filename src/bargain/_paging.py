"""Pages and cursors of the use cases that list (:mod:`bargain.services`)."""

from __future__ import annotations

import datetime as dt

from bargain.domain.language import Bilingual
from bargain.domain.lifecycle import DeadlineKind
from bargain.errors import InvalidDocument, Problem

__all__ = ["check_limit", "due_cursor"]


def check_limit(limit: int, name: str = "limit") -> None:
    """Refuse a page size (or batch) below 1, naming the parameter."""
    if limit < 1:
        raise InvalidDocument(
            [
                Problem(
                    "<page>",
                    name,
                    Bilingual("应为不小于1的整数", "expected a whole number of at least 1"),
                    str(limit),
                )
            ]
        )


def due_cursor(cursor: str) -> tuple[dt.date, str, str]:
    """The ``(day, agreement id, kind)`` a cursor of :meth:`Workflow.due_page` names."""
    day, _, rest = cursor.partition("/")
    agreement_id, _, kind = rest.rpartition("/")
    try:
        return dt.date.fromisoformat(day), agreement_id, DeadlineKind(kind).value
    except ValueError:
        raise InvalidDocument(
            [
                Problem(
                    "<cursor>",
                    "after",
                    Bilingual(
                        "应为上一页给出的游标：日期/合同标识/期限种类（2020-01-03/某合同/expiry）",
                        "expected a cursor as the page before gave it: day/agreement id/kind "
                        "(2020-01-03/some-agreement/expiry)",
                    ),
                    cursor,
                )
            ]
        ) from None
