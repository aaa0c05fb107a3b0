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

from bargain.domain.negotiation._exchange import (
    Result,
    agreed_clauses,
    apply_offer,
    describe,
    exchange,
    inverse,
)
from bargain.domain.negotiation._model import (
    Action,
    Answer,
    ClauseRecord,
    ClauseStatus,
    Exchange,
    FreeText,
    Negotiation,
    Offer,
    Outcome,
    Position,
    Response,
    SidePosition,
    Statement,
    open_clauses,
)

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
