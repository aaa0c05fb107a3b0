"""A filled-in sample for checking templates: the Bengbu sector agreement after its procedure.

The agreement is ``examples/bengbu-delivery-sector-agreement.yaml`` with four of its clauses; the
wheel ships that file once, beside the shipped scenarios that name it, as
``bargain/simulation/bengbu-delivery-sector-agreement.yaml``. The procedure record holds
the steps of ``examples/bengbu_procedure.py`` plus an illustrative coordination and objection,
which that history does not have, so that every document has something to show.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from bargain.domain.agreement import Agreement
from bargain.domain.clauses import Clause, parse_clause
from bargain.domain.events import Event
from bargain.domain.negotiation import (
    Action,
    Answer,
    Exchange,
    Negotiation,
    Offer,
    Position,
    Response,
    Statement,
    exchange,
)
from bargain.domain.parties import Side
from bargain.domain.procedure import Procedure
from bargain.domain.status import Status
from bargain.files import load_agreement

__all__ = ["SAMPLE_CLAUSES", "sample_history"]

SAMPLE_CLAUSES = ("pay-levels", "hours", "safety", "term")
"""The clauses of the example agreement the sample keeps."""

_PROCEDURE: dict[str, Any] = {
    "version": 14,
    "offer": {
        "from_side": "union",
        "sent_on": "2019-11-06",
        "received_on": "2019-11-06",
        "topics": ["劳动报酬", "劳动保护", "算法规则"],
        "reply_due": {
            "start": "2019-11-06",
            "days": 20,
            "due": "2019-11-26",
            "convention": "civil_code",
        },
    },
    "reply": {"accepted": True, "on": "2019-11-27", "late_days": 1},
    "meetings": [
        {
            "number": 1,
            "on": "2019-11-29",
            "chair": "union",
            "place": "蚌埠市总工会",
            "topics": ["劳动报酬", "劳动保护", "算法规则"],
        },
        {
            "number": 2,
            "on": "2019-12-03",
            "chair": "employer",
            "place": "蚌埠市总工会",
            "topics": ["劳动报酬"],
            "summary": "就配送单价、保底收入达成一致",
        },
    ],
    "coordination": {
        "since": "2019-11-12",
        "requested_by": "union_chief",
        "reason": "企业方对算法规则议题是否纳入协商有异议",
        "due": {"start": "2019-11-12", "days": 30, "due": "2019-12-12", "convention": "civil_code"},
        "outstanding": ["订单分配规则的公示方式"],
        "concluded_on": "2019-11-20",
    },
    "draft_agreed_on": "2019-12-05",
    "congress": {
        "kind": "sector_congress",
        "held_on": "2019-12-10",
        "members": 180,
        "present": 150,
        "in_favour": 132,
        "against": 10,
        "abstaining": 8,
        "adopted": True,
    },
    "signed_on": "2019-12-11",
    "filing_due": {
        "start": "2019-12-11",
        "days": 10,
        "due": "2019-12-23",
        "convention": "civil_code",
    },
    "filing": {
        "filed_on": "2019-12-12",
        "received_on": "2019-12-12",
        "filed_by": "union",
        "copies": 3,
        "review_ends": {
            "start": "2019-12-12",
            "days": 15,
            "due": "2019-12-27",
            "convention": "civil_code",
        },
    },
    "objection": {
        "served_on": "2019-12-20",
        "opinion": "第二条关于加班的约定应写明每月加班不超过36小时的计算办法。",
        "items": ["hours"],
    },
    "effective_on": "2019-12-28",
    "publication_due": {
        "start": "2019-12-28",
        "days": 10,
        "due": "2020-01-07",
        "convention": "civil_code",
    },
    "published_on": "2020-01-03",
}


_HERE = Path(__file__).resolve().parent


def _example() -> Path:
    """The example agreement: shipped with the scenarios in the wheel, in ``examples/`` otherwise."""
    installed = _HERE.parent / "simulation" / "bengbu-delivery-sector-agreement.yaml"
    if installed.is_file():
        return installed
    return _HERE.parent.parent.parent / "examples" / "bengbu-delivery-sector-agreement.yaml"


@cache
def _sample() -> Agreement:
    # Read once: every paper's sample context starts from it, and agreements are immutable.
    example = load_agreement(_example())
    clauses = tuple(example.clause(c) for c in SAMPLE_CLAUSES)
    procedure = Procedure.model_validate(_PROCEDURE)
    record, negotiation = _negotiated(clauses)
    meetings = list(procedure.meetings)
    meetings[1] = meetings[1].model_copy(update={"exchange": record})
    procedure = procedure.model_copy(
        update={"meetings": tuple(meetings), "negotiation": negotiation}
    )
    return example.changed(clauses=clauses, status=Status.PUBLISHED, procedure=procedure)


def _negotiated(clauses: tuple[Clause, ...]) -> tuple[Exchange, Negotiation]:
    """The exchange at the second meeting: the union asks for 5.5 yuan an order and rest
    stations, the employer holds to 4.5, the union drops the stations and accepts."""
    pay = next(c for c in clauses if c.id == "pay-levels")
    raised = {"piece_rate": "5.5/order", "text": pay.text.replace("4.5元", "5.5元")}
    kept = {"piece_rate": "4.5/order", "text": pay.text}
    station = {
        "kind": "INS",
        "id": "rest-stations",
        "heading": "骑手驿站",
        "text": "企业在城区设立骑手驿站不少于10处，提供饮水、充电和休息场所。",
        "rest_stations": 10,
    }
    union, employer = Side.UNION, Side.EMPLOYER
    offers = (
        Offer(
            side=union,
            positions=(
                Position(clause_id="pay-levels", changes=raised, reason="物价上涨，骑手收入偏低"),
                Position(
                    clause_id="rest-stations", action=Action.ADD, clause=parse_clause(station)
                ),
            ),
        ),
        Offer(
            side=employer,
            positions=(Position(clause_id="pay-levels", changes=kept, reason="配送成本上升"),),
        ),
        Offer(
            side=union,
            positions=(
                Position(clause_id="rest-stations", action=Action.WITHDRAW, reason="另行协商"),
            ),
        ),
    )
    answers = (Answer(side=union, clause_id="pay-levels", response=Response.ACCEPT),)
    result = exchange(clauses, None, offers, answers, meeting=2, first=union)
    statements = (
        Statement(side=union, text="骑手收入增长慢于物价，要求提高配送单价。"),
        Statement(side=employer, text="平台费率上调，企业难以承担单价上调。"),
    )
    record = Exchange(
        statements=statements, offers=offers, answers=answers, outcomes=result.outcomes
    )
    return record, result.negotiation


def sample_history() -> tuple[Agreement, list[Event]]:
    """The sample agreement, published, with its procedure record (and so no events needed)."""
    return _sample(), []
