"""From game to paper: a simulated deal is an agreement the lifecycle accepts and renders.

The deal of a seeded game becomes a sector agreement (``Game.deal``); it runs the whole legal
procedure through ``Workflow`` with the shipped law (offer, reply, negotiation, draft, congress
vote, signing, filing, review, publication), and its final text renders with the agreed values.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from docx import Document

from bargain import FixedClock, MemoryStore, Role, Status, Workflow
from bargain.commands import (
    AcceptOffer,
    AgreeDraft,
    File,
    HoldCongressVote,
    Publish,
    SendOffer,
    Sign,
    StartNegotiation,
    SubmitToCongress,
)
from bargain.domain.parties import Side
from bargain.law.rules import validate
from bargain.render.context import context_for
from bargain.render.docx import render_docx
from bargain.render.templates import builtin_templates_dir
from bargain.simulation import load_game, play, score
from tests.conftest import EXAMPLES

U, E = Role.UNION_CHIEF, Role.EMPLOYER_CHIEF


def test_a_simulated_deal_goes_through_the_lifecycle_and_renders(tmp_path: Path) -> None:
    game = load_game(EXAMPLES / "scenarios" / "bengbu-delivery.yaml")
    record = play(game, "boulware", "conceder", seed=7)
    assert score(record).deal
    assert record.deal is not None
    agreement = game.deal(record.deal)
    assert validate(agreement).ok

    clock = FixedClock(dt.date(2019, 11, 6))
    workflow = Workflow(MemoryStore().unit_of_work, clock=clock)
    key = workflow.open(agreement).id
    # The game's last offer, the one accepted, opens the negotiation on the record.
    accepted = record.offer(record.moves[-1])
    workflow.handle(key, SendOffer(topics=["劳动报酬", "工作时间"]), U)
    clock.set(dt.date(2019, 11, 20))
    workflow.handle(key, AcceptOffer(), E)
    clock.set(dt.date(2019, 11, 29))
    workflow.handle(key, StartNegotiation(place="蚌埠市总工会", summary="模拟协商达成一致。"), U)
    clock.set(dt.date(2019, 12, 5))
    workflow.handle(key, AgreeDraft(), U)
    clock.set(dt.date(2019, 12, 6))
    workflow.handle(key, SubmitToCongress(), U)
    clock.set(dt.date(2019, 12, 10))
    workflow.handle(
        key, HoldCongressVote(members=180, present=150, in_favour=140, against=10), Role.CONGRESS
    )
    clock.set(dt.date(2019, 12, 11))
    workflow.handle(key, Sign(), U)
    clock.set(dt.date(2019, 12, 12))
    workflow.handle(key, File(), U)
    clock.set(dt.date(2019, 12, 30))
    workflow.sweep()
    clock.set(dt.date(2020, 1, 3))
    workflow.handle(key, Publish(), E)
    done = workflow.get(key)
    assert done.status is Status.PUBLISHED
    assert done.clauses == agreement.clauses
    assert game.outcome_of(accepted) == record.deal  # the text is the accepted offer's

    context = context_for("final_text", done, workflow.history(key))
    out = render_docx(builtin_templates_dir() / "final_text.docx", context, tmp_path / "final.docx")
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    rate = dict(game.describe(record.deal))["每单配送费"]
    assert f"每单配送费为{rate}" in text
    assert "本次协商确定" in text
    assert game.utility(Side.UNION, record.deal) > game.reservations[Side.UNION]
