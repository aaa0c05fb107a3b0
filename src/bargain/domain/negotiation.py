"""Negotiation clause by clause: offers, counter-offers, answers, and where each clause stands.

Between the first meeting and the draft (集体合同规定 Arts 33-34) the two sides exchange
positions on clauses. An :class:`Offer` (报价; a counter-offer, 还价, is an offer by the other
side) is made by one side in one meeting and holds :class:`Position` s: a new clause, changed
fields of a clause, or a clause withdrawn, each with an optional reason. It is not the written
offer to negotiate (要约, :class:`bargain.domain.procedure.Offer`), which starts the procedure.

The text on the table is the agreement's text with every position applied: each offer makes a
new text version (``Workflow.text_versions``). Each clause in play has a
:class:`ClauseRecord`: its status (open, agreed, withdrawn), the clause as it stood before, and
each side's latest position. A position is agreed when the other side accepts it (an
:class:`Answer`); until then it is open, and a counter-offer on the clause replaces it. The
agreed text (:func:`agreed_clauses`) is what "draft agreed" adopts.

The rules of the exchange, checked by :func:`exchange` (nothing is recorded when one fails):

- the sides offer in turn: the side that made the last offer waits for the other's offer or
  answers; the first offer comes from the side that sent the written offer (要约);
- a position names a clause that exists (to change or withdraw it) or one that does not (to
  add it); a side answers only the other side's open position;
- a side withdrawing a clause it added itself takes it off the table at once; withdrawing any
  other clause is a proposal to drop it, which the other side accepts or not;
- within one meeting, the offers come first, in order, then the answers.

>>> from bargain.domain.parties import Side
>>> offer = Offer(side=Side.UNION, positions=[
...     Position(clause_id="pay-levels", changes={"piece_rate": "5/order"}, reason="物价上涨")])
>>> offer.positions[0].action.label.zh
'修改条款'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass
from typing import Annotated, Any, Self

from pydantic import Field, StringConstraints, model_validator

from bargain.domain.base import DomainModel, SafeText, invalid
from bargain.domain.clauses import Clause
from bargain.domain.language import Bilingual, LabelledEnum
from bargain.domain.parties import Identifier, Name, Side
from bargain.errors import InvalidDocument, Problem

__all__ = [
    "Action",
    "Answer",
    "ClauseRecord",
    "ClauseStatus",
    "Exchange",
    "Negotiation",
    "Offer",
    "Outcome",
    "Position",
    "Response",
    "Result",
    "SidePosition",
    "Statement",
    "agreed_clauses",
    "apply_offer",
    "describe",
    "exchange",
    "inverse",
    "open_clauses",
]

FreeText = Annotated[
    str, SafeText, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)
]
"""A reason or a statement (as ``bargain.domain.procedure.Text``: not empty, no controls)."""


class Action(LabelledEnum):
    """What a position does to a clause."""

    ADD = "add", "新增条款", "add a clause"
    CHANGE = "change", "修改条款", "change a clause"
    WITHDRAW = "withdraw", "撤回条款", "withdraw a clause"


class Position(DomainModel):
    """One side's position on one clause, against the text on the table."""

    clause_id: Identifier
    """条款标识: the clause (for ``add``, the id of the new clause)."""
    action: Action = Action.CHANGE
    """What the position does: add a clause, change fields of one, or withdraw one."""
    clause: Clause | None = None
    """新增条款: the whole new clause (``add`` only; its id is ``clause_id``)."""
    changes: dict[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")], Any] = Field(
        default_factory=dict
    )
    """修改内容: the fields changed and their new values, as a file would hold them (``change``
    only; ``heading`` and ``text`` included, ``id`` and ``kind`` not)."""
    reason: FreeText | None = None
    """理由: why."""

    @model_validator(mode="after")
    def _fits_its_action(self) -> Self:
        if self.action is Action.ADD:
            if self.clause is None or self.changes:
                raise invalid(
                    "新增条款须给出完整条款（clause），不得给出修改内容",
                    "an added clause needs `clause` and no `changes`",
                )
            if self.clause.id != self.clause_id:
                raise invalid(
                    f"新增条款的标识{self.clause.id}与clause_id{self.clause_id}不一致",
                    f"the new clause's id {self.clause.id!r} is not clause_id {self.clause_id!r}",
                )
        elif self.action is Action.CHANGE:
            if self.clause is not None or not self.changes:
                raise invalid(
                    "修改条款须给出修改内容（changes）", "a change needs `changes` and no `clause`"
                )
            fixed = sorted({"id", "kind"} & set(self.changes))
            if fixed:
                raise invalid(
                    f"不能修改条款的{'、'.join(fixed)}", f"a change cannot set {', '.join(fixed)}"
                )
        elif self.clause is not None or self.changes:
            raise invalid("撤回条款不需要条款内容", "a withdrawal takes no `clause` nor `changes`")
        return self


class Offer(DomainModel):
    """报价 / 还价: one side's positions on clauses, made in one meeting."""

    side: Side
    """The side that makes it."""
    positions: tuple[Position, ...] = Field(min_length=1, max_length=200)
    """Its positions, one per clause."""
    anyway: bool = False
    """坚持发出: send it even though the law finds errors in the text it makes (recorded)."""

    @model_validator(mode="after")
    def _one_position_per_clause(self) -> Self:
        seen: set[str] = set()
        for position in self.positions:
            if position.clause_id in seen:
                raise invalid(
                    f"同一报价中条款{position.clause_id}出现两次",
                    f"clause {position.clause_id!r} appears twice in one offer",
                )
            seen.add(position.clause_id)
        return self


class Response(LabelledEnum):
    """An answer to the other side's position."""

    ACCEPT = "accept", "接受", "accept"
    REJECT = "reject", "不接受", "reject"


class Answer(DomainModel):
    """One side's answer to the other side's open position on a clause."""

    side: Side
    """The side that answers."""
    clause_id: Identifier
    """The clause."""
    response: Response
    """Accepted or not."""
    reason: FreeText | None = None
    """Why."""


class Statement(DomainModel):
    """发言: what one side said at the meeting, for the minutes."""

    side: Side
    """Who."""
    text: FreeText
    """What."""


class ClauseStatus(LabelledEnum):
    """Where one clause stands in the negotiation."""

    OPEN = "open", "未达成一致", "open"
    AGREED = "agreed", "已达成一致", "agreed"
    WITHDRAWN = "withdrawn", "已撤回", "withdrawn"


class Outcome(DomainModel):
    """Where a clause discussed at a meeting stood when the meeting ended."""

    clause_id: Identifier
    """The clause."""
    status: ClauseStatus
    """Its status after the meeting."""


class Exchange(DomainModel):
    """What a meeting recorded of the negotiation: statements, offers, answers, outcomes."""

    statements: tuple[Statement, ...] = ()
    """Each side's statements, in order."""
    offers: tuple[Offer, ...] = ()
    """The offers made, in order."""
    answers: tuple[Answer, ...] = ()
    """The answers given, in order (after the offers)."""
    outcomes: tuple[Outcome, ...] = ()
    """The status of each clause the meeting discussed, when it ended."""


class SidePosition(DomainModel):
    """A side's latest position on a clause: the clause it proposes (``None``: drop it)."""

    clause: Clause | None
    """The clause as that side proposes it; ``None`` to drop it."""
    meeting: Annotated[int, Field(ge=1)]
    """The meeting it was made in."""


class ClauseRecord(DomainModel):
    """One clause in play: its status, the clause before the negotiation, each side's position."""

    clause_id: Identifier
    """The clause."""
    heading: Name
    """Its heading when it came into play (for the minutes and the comparison table)."""
    status: ClauseStatus
    """Open, agreed or withdrawn."""
    proposed_by: Side
    """The side whose position is on the table (the last to offer on it)."""
    before: Clause | None = None
    """The clause as it stood when it first came into play (``None``: added in the negotiation)."""
    at: Annotated[int, Field(ge=0)] = 0
    """Its place in the text then (where it goes back to if left for later)."""
    added_by: Side | None = None
    """The side that added it (``None``: it was in the text before)."""
    union: SidePosition | None = None
    """The union side's latest position."""
    employer: SidePosition | None = None
    """The employer side's latest position."""

    def position(self, side: Side) -> SidePosition | None:
        """``side``'s latest position."""
        return self.union if side is Side.UNION else self.employer

    @property
    def on_the_table(self) -> SidePosition:
        """The position on the table: that of the side that offered last on the clause."""
        position = self.position(self.proposed_by)
        if position is None:  # every record is made by an offer
            raise AssertionError(f"{self.clause_id}: no position by {self.proposed_by}")
        return position


class Negotiation(DomainModel):
    """The negotiation clause by clause, as it stands."""

    clauses: tuple[ClauseRecord, ...] = ()
    """Each clause in play, in the order it came into play."""
    last_offer_by: Side | None = None
    """The side that made the last offer (the other offers next)."""
    offers: Annotated[int, Field(ge=0)] = 0
    """How many offers were made."""
    left_for_later: tuple[Identifier, ...] = ()
    """The clauses still open that the chiefs left for later when they agreed the draft."""

    def record(self, clause_id: str) -> ClauseRecord | None:
        """The record of a clause, if it is in play."""
        return next((r for r in self.clauses if r.clause_id == clause_id), None)


def open_clauses(negotiation: Negotiation | None) -> tuple[str, ...]:
    """The ids of the clauses still open."""
    if negotiation is None:
        return ()
    return tuple(r.clause_id for r in negotiation.clauses if r.status is ClauseStatus.OPEN)


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
            result.append(position.clause)
            ids.append(key)
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
    ``offer`` then its inverse gives back ``clauses``, up to the order of a withdrawn clause put
    back (it goes back where it stood)."""
    by_id = {c.id: c for c in clauses}
    positions: list[Position] = []
    for position in offer.positions:
        key = position.clause_id
        if position.action is Action.ADD:
            positions.append(Position(clause_id=key, action=Action.WITHDRAW))
        elif position.action is Action.WITHDRAW:
            positions.append(Position(clause_id=key, action=Action.ADD, clause=by_id[key]))
        else:
            old = by_id[key].model_dump(mode="json")
            positions.append(
                Position(clause_id=key, changes={name: old.get(name) for name in position.changes})
            )
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
