"""The negotiation's models: offers, positions, answers, statements and where each clause stands
(see :mod:`bargain.domain.negotiation`)."""

from __future__ import annotations

from typing import Annotated, Any, Self

from pydantic import Field, StringConstraints, model_validator

from bargain.domain.base import DomainModel, SafeText, invalid
from bargain.domain.clauses import Clause
from bargain.domain.language import LabelledEnum
from bargain.domain.parties import Identifier, Name, Side

__all__ = [
    "Action",
    "Answer",
    "ClauseRecord",
    "ClauseStatus",
    "Exchange",
    "FreeText",
    "Negotiation",
    "Offer",
    "Outcome",
    "Position",
    "Response",
    "SidePosition",
    "Statement",
    "open_clauses",
]


FreeText = Annotated[
    str, SafeText, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)
]
"""A reason, a statement, an opinion: not empty, at most 5000 characters, no controls
(``bargain.domain.procedure.Text`` is this type)."""


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
    before: Identifier | None = None
    """插入位置: the clause the new one goes before (``add`` only; none: at the end)."""
    changes: dict[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")], Any] = Field(
        default_factory=dict
    )
    """修改内容: the fields changed and their new values, as a file would hold them (``change``
    only; ``heading`` and ``text`` included, ``id`` and ``kind`` not)."""
    reason: FreeText | None = None
    """理由: why."""

    @model_validator(mode="after")
    def _fits_its_action(self) -> Self:
        if self.before is not None and self.action is not Action.ADD:
            raise invalid(
                "只有新增条款可以指定插入位置（before）", "only an added clause takes `before`"
            )
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
