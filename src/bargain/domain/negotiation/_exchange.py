"""What an exchange does: offers applied to the text on the table, answers, the agreed text, an
offer's inverse and its description (see :mod:`bargain.domain.negotiation`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass
from typing import Any

from bargain.domain.clauses import Clause
from bargain.domain.language import Bilingual
from bargain.domain.negotiation._model import (
    Action,
    Answer,
    ClauseRecord,
    ClauseStatus,
    Negotiation,
    Offer,
    Outcome,
    Position,
    Response,
    SidePosition,
    open_clauses,
)
from bargain.domain.parties import Side
from bargain.errors import InvalidDocument, Problem

__all__ = [
    "Result",
    "agreed_clauses",
    "apply_offer",
    "describe",
    "exchange",
    "inverse",
]


@dataclass(frozen=True)
class Result:
    """What an exchange does: the text on the table after it, the negotiation, the outcomes, and
    the text after each offer (to judge it against the law)."""

    clauses: tuple[Clause, ...]
    negotiation: Negotiation
    outcomes: tuple[Outcome, ...]
    after_each_offer: tuple[tuple[Clause, ...], ...]


def _problem(path: str, expected: Bilingual, found: Any) -> InvalidDocument:
    return InvalidDocument([Problem("<meeting>", path, expected, repr(found))])


def apply_offer(
    clauses: Sequence[Clause],
    offer: Offer,
    *,
    path: str = "offer",
) -> tuple[Clause, ...]:
    """The clauses with ``offer``'s positions applied (no turn nor status is checked here).

    Raises:
        InvalidDocument: a position names a clause that does not exist (or, to add one, that
            exists already), or changes a field to a value the clause does not take.
    """
    result = list(clauses)
    ids = [c.id for c in result]
    for number, position in enumerate(offer.positions):
        where = f"{path}.positions[{number}]"
        key = position.clause_id
        if position.action is Action.ADD:
            if key in ids:
                raise _problem(
                    f"{where}.clause_id",
                    Bilingual("新增条款须使用尚未使用的条款标识", "a clause id not yet used"),
                    key,
                )
            assert position.clause is not None  # checked by the model
            index = len(result)
            if position.before is not None:
                if position.before not in ids:
                    raise _problem(
                        f"{where}.before",
                        Bilingual("应为现有条款的标识", "the id of an existing clause"),
                        position.before,
                    )
                index = ids.index(position.before)
            result.insert(index, position.clause)
            ids.insert(index, key)
            continue
        if key not in ids:
            known = ", ".join(ids) or "-"
            raise _problem(
                f"{where}.clause_id",
                Bilingual(f"应为现有条款的标识：{known}", f"the id of an existing clause: {known}"),
                key,
            )
        index = ids.index(key)
        if position.action is Action.WITHDRAW:
            del result[index]
            del ids[index]
            continue
        try:
            result[index] = result[index].changed(**position.changes)
        except InvalidDocument as error:
            raise InvalidDocument(
                [
                    Problem(
                        p.source,
                        f"{where}.changes.{p.path}" if p.path else f"{where}.changes",
                        p.expected,
                        p.found,
                        line=p.line,
                    )
                    for p in error.problems
                ]
            ) from error
    return tuple(result)


def inverse(clauses: Sequence[Clause], offer: Offer) -> Offer:
    """The offer that undoes ``offer`` on ``clauses`` (the text it was made against): applying
    ``offer``, then its inverse, gives back ``clauses`` exactly, a withdrawn clause back where
    it stood. It is made by the other side."""
    ids = [c.id for c in clauses]
    by_id = dict(zip(ids, clauses, strict=True))
    withdrawn = {p.clause_id for p in offer.positions if p.action is Action.WITHDRAW}
    positions: list[Position] = []
    for position in offer.positions:
        key = position.clause_id
        if position.action is Action.ADD:
            positions.append(Position(clause_id=key, action=Action.WITHDRAW))
        elif position.action is Action.CHANGE:
            old = by_id[key].model_dump(mode="json")
            positions.append(
                Position(clause_id=key, changes={name: old.get(name) for name in position.changes})
            )
    for index, key in enumerate(ids):  # put back in the order of the text, each before the
        if key in withdrawn:  # next clause that stayed (or at the end)
            after = next((k for k in ids[index + 1 :] if k not in withdrawn), None)
            put = Position(clause_id=key, action=Action.ADD, clause=by_id[key], before=after)
            positions.append(put)
    return Offer(side=offer.side.other, positions=tuple(positions))


def exchange(
    clauses: Sequence[Clause],
    negotiation: Negotiation | None,
    offers: Sequence[Offer],
    answers: Sequence[Answer],
    *,
    meeting: int,
    first: Side | None,
) -> Result:
    """Apply a meeting's offers, then its answers, to the text on the table.

    ``first`` is the side that sent the written offer (要约), which makes the first offer.

    Raises:
        InvalidDocument: an offer out of turn, a position or answer on a clause that does not
            exist or is not open, an answer to one's own position, or a value a clause does
            not take; naming the field (``offers[1].side``, ``answers[0].clause_id``...).
    """
    state = negotiation or Negotiation()
    records = {r.clause_id: r for r in state.clauses}
    order = [r.clause_id for r in state.clauses]
    table = tuple(clauses)
    last = state.last_offer_by
    touched: list[str] = []
    after_each: list[tuple[Clause, ...]] = []
    for number, offer in enumerate(offers):
        path = f"offers[{number}]"
        expected_side = (last.other if last is not None else first) or offer.side
        if offer.side is not expected_side:
            raise _problem(
                f"{path}.side",
                Bilingual(
                    f"双方轮流报价：此时应由{expected_side.label.zh}报价",
                    f"the sides offer in turn: the {expected_side.label.en} offers now",
                ),
                offer.side.value,
            )
        before = {c.id: (index, c) for index, c in enumerate(table)}
        table = apply_offer(table, offer, path=path)
        for position in offer.positions:
            key = position.clause_id
            record = records.get(key)
            if record is None:
                at, old = before.get(key, (len(before), None))
                shown = old or position.clause
                record = ClauseRecord(
                    clause_id=key,
                    heading=key if shown is None else shown.heading,
                    status=ClauseStatus.OPEN,
                    proposed_by=offer.side,
                    before=old,
                    at=at,
                    added_by=offer.side if position.action is Action.ADD else None,
                )
                order.append(key)
            proposal = None if position.action is Action.WITHDRAW else _clause(table, key)
            status = ClauseStatus.OPEN
            if position.action is Action.WITHDRAW and record.added_by is offer.side:
                status = ClauseStatus.WITHDRAWN  # one's own new clause: off the table at once
            side_position = SidePosition(clause=proposal, meeting=meeting)
            update: dict[str, Any] = {
                "status": status,
                "proposed_by": offer.side,
                offer.side.value: side_position,
            }
            records[key] = record.model_copy(update=update)
            touched.append(key)
        last = offer.side
        after_each.append(table)
    for number, answer in enumerate(answers):
        path = f"answers[{number}]"
        record = records.get(answer.clause_id)
        if record is None or record.status is not ClauseStatus.OPEN:
            still = ", ".join(k for k in order if records[k].status is ClauseStatus.OPEN) or "-"
            raise _problem(
                f"{path}.clause_id",
                Bilingual(f"应为未决条款的标识：{still}", f"the id of an open clause: {still}"),
                answer.clause_id,
            )
        if record.proposed_by is answer.side:
            raise _problem(
                f"{path}.side",
                Bilingual(
                    f"只能答复对方的立场；条款{record.clause_id}上的立场是{answer.side.label.zh}提出的",
                    f"a side answers the other side's position; the one on {record.clause_id} is "
                    f"the {answer.side.label.en}'s own",
                ),
                answer.side.value,
            )
        if answer.response is Response.ACCEPT:
            dropped = record.on_the_table.clause is None
            status = ClauseStatus.WITHDRAWN if dropped else ClauseStatus.AGREED
            records[record.clause_id] = record.model_copy(update={"status": status})
        touched.append(record.clause_id)
    outcomes = tuple(
        Outcome(clause_id=key, status=records[key].status) for key in dict.fromkeys(touched)
    )
    negotiation_after = Negotiation(
        clauses=tuple(records[key] for key in order),
        last_offer_by=last,
        offers=state.offers + len(offers),
    )
    return Result(table, negotiation_after, outcomes, tuple(after_each))


def _clause(clauses: Sequence[Clause], key: str) -> Clause:
    return next(c for c in clauses if c.id == key)


def agreed_clauses(
    clauses: Sequence[Clause], negotiation: Negotiation | None, left_for_later: Sequence[str] = ()
) -> tuple[Clause, ...]:
    """The agreed text: the text on the table, where each clause left for later goes back to
    what it was before the negotiation (or goes, when the negotiation added it).

    Raises:
        InvalidDocument: a clause is still open and not left for later, or one left for later
            is not open (naming ``left_for_later``).
    """
    if negotiation is None:
        return tuple(clauses)
    still = set(open_clauses(negotiation))
    later = list(left_for_later)
    wrong = [key for key in later if key not in still]
    if wrong:
        raise _problem(
            "left_for_later",
            Bilingual(
                f"应为未决条款的标识：{', '.join(sorted(still)) or '-'}",
                f"ids of open clauses: {', '.join(sorted(still)) or '-'}",
            ),
            wrong[0],
        )
    result = [c for c in clauses if c.id not in still]
    for record in negotiation.clauses:
        if record.clause_id in still and record.before is not None:
            result.insert(min(record.at, len(result)), record.before)
    return tuple(result)


def describe(
    position: Position, clauses: Mapping[str, Clause], heading: str | None = None
) -> Bilingual:
    """A position in words, for the minutes: the clause and what changes (fields by their
    labels; a changed wording is named, not quoted: the comparison table shows it)."""
    from bargain.domain.redline import field_label

    clause = clauses.get(position.clause_id) or position.clause
    if clause is not None:
        heading = clause.heading
    heading = heading or position.clause_id
    if position.action is Action.ADD:
        return Bilingual(f"新增条款“{heading}”", f"add the clause {heading!r}")
    if position.action is Action.WITHDRAW:
        return Bilingual(f"撤回条款“{heading}”", f"withdraw the clause {heading!r}")
    zh, en = [], []
    for name, value in position.changes.items():
        label = field_label(clause, name) if clause is not None else Bilingual(name, name)
        if name in _WORDING:
            zh.append(f"{label.zh}修改")
            en.append(f"{label.en} reworded")
        else:
            shown = _value(clause, name, value)
            zh.append(f"{label.zh}：{shown}")
            en.append(f"{label.en}: {shown}")
    return Bilingual(f"修改“{heading}”（{'；'.join(zh)}）", f"change {heading!r} ({'; '.join(en)})")


_WORDING = frozenset({"text", "text_en", "heading", "heading_en"})


def _value(clause: Clause | None, name: str, value: Any) -> str:
    """A changed value as the clause reads it (``5.50元/单`` for ``5.5/order``)."""
    if clause is not None:
        with suppress(InvalidDocument):
            value = getattr(clause.changed(**{name: value}), name)
    formatted = value.format() if hasattr(value, "format") and not isinstance(value, str) else None
    text = formatted if isinstance(formatted, str) else str(value)
    return text if len(text) <= 60 else text[:60] + "…"
