"""Two terminals playing through one store: the set-up race, rounds as meetings, the endings."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from functools import cache
from typing import Any

import pytest

from bargain import FixedClock, MemoryStore, Workflow, load_agreement
from bargain.domain.language import Bilingual, Lang
from bargain.domain.lifecycle import Details, RecordMeeting
from bargain.domain.lifecycle.declaration import ccp
from bargain.domain.negotiation import Response
from bargain.domain.parties import Side
from bargain.domain.procedure import Role, Status, Trigger
from bargain.errors import GuardFailed, InvalidDocument
from bargain.simulation import Game, load_game
from bargain.simulation.human import Ending, Played, Terminal
from bargain.simulation.online import open_game, play_online, standing
from bargain.simulation.scenario import Deadline
from tests.conftest import SPRING_FESTIVAL
from tests.play_terminal import Script

START = dt.datetime(2021, 2, 1, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@cache
def _game() -> Game:
    return load_game("bengbu-delivery")


@pytest.fixture
def game() -> Game:
    return _game()


def short(game: Game, rounds: int) -> Game:
    scenario = game.scenario.model_copy(update={"deadline": Deadline(rounds=rounds)})
    return Game(scenario, game.agreement, game.profile)


def duel(
    game: Game, union: list[str], employer: list[str], store: MemoryStore | None = None
) -> tuple[dict[Side, Played], dict[Side, Script], Workflow]:
    """Both sides played at once, each in a thread with its own workflow on one store."""
    store = store or MemoryStore()
    scripts = {Side.UNION: Script(union), Side.EMPLOYER: Script(employer)}
    played: dict[Side, Played] = {}
    failed: list[BaseException] = []

    def run(side: Side) -> None:
        workflow = Workflow(store.unit_of_work, clock=FixedClock(START))
        try:
            played[side] = play_online(
                game, side, scripts[side].terminal(), workflow, "g1", poll=0.01, patience=20
            )
        except BaseException as error:  # handed to the test's thread
            failed.append(error)

    threads = [threading.Thread(target=run, args=(side,)) for side in Side]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    if failed:
        raise failed[0]
    return played, scripts, Workflow(store.unit_of_work, clock=FixedClock(START))


def test_two_terminals_agree_and_the_draft_carries_on(game: Game) -> None:
    played, scripts, workflow = duel(
        game,
        ["piece_rate=5.4 hourly_floor=21 late_deduction=0.5", "accept"],
        ["piece_rate=4.8 hourly_floor=21 late_deduction=0.5"],
    )
    union, employer = played[Side.UNION], played[Side.EMPLOYER]
    assert union.ending is employer.ending is Ending.DEAL
    deal = union.record.deal
    assert deal is not None
    assert deal == employer.record.deal == game.parse("piece_rate=4.8 late_deduction=0.5")
    assert union.record.agreed_in == 2
    agreement = workflow.get("g1")
    assert agreement.status is Status.DRAFT_AGREED
    assert agreement.clauses == game.clauses(deal)
    meetings = agreement.procedure.meetings
    assert [m.chair for m in meetings] == [Side.EMPLOYER, Side.UNION, Side.EMPLOYER, Side.UNION]
    types = [event.type.value for event in workflow.history("g1")]
    assert types == [
        "offer_sent",
        "offer_accepted",
        "negotiation_started",
        "meeting_held",
        "meeting_held",
        "meeting_held",
        "draft_agreed",
    ]
    assert "Waiting for the other side…" in scripts[Side.EMPLOYER].text
    assert "The union side accepts your offer." in scripts[Side.EMPLOYER].text
    assert "round 2 of 20 · meeting 3 · chaired by the employer side" in scripts[Side.UNION].text
    assert workflow.verify("g1")[0].ok


def test_quitting_is_a_meeting_the_other_side_reads_as_leaving(game: Game) -> None:
    played, _, workflow = duel(game, ["piece_rate=5.7"], ["quit"])
    assert played[Side.UNION].ending is Ending.LEFT
    assert played[Side.EMPLOYER].ending is Ending.QUIT
    last = workflow.get("g1").procedure.meetings[-1]
    assert last.chair is Side.EMPLOYER
    assert last.exchange is not None
    assert {a.response for a in last.exchange.answers} == {Response.REJECT}
    assert last.exchange.statements[0].text == "退出协商，协商未果"
    assert workflow.get("g1").status is Status.NEGOTIATING


def test_rejecting_the_last_offer_ends_without_a_deal(game: Game) -> None:
    played, scripts, _ = duel(
        short(game, 2), ["piece_rate=5.7", "piece_rate=5.4", "reject"], ["piece_rate=4.5"]
    )
    assert played[Side.UNION].ending is played[Side.EMPLOYER].ending is Ending.DEADLINE
    assert "No counter-offer in the last round" in scripts[Side.UNION].text
    assert len(played[Side.EMPLOYER].record.moves) == 2


class Racing:
    """A workflow where the other terminal takes each set-up step just before this one."""

    def __init__(self, workflow: Workflow) -> None:
        self.workflow = workflow
        self.clock = workflow.clock
        self.raced: set[str] = set()
        self.get = workflow.get
        self.history = workflow.history
        self.events_after = workflow.events_after

    def open(self, agreement: Any) -> Any:
        if "open" not in self.raced:
            self.raced.add("open")
            self.workflow.open(agreement)
        return self.workflow.open(agreement)

    def handle(self, agreement_id: str, command: Details, actor: Role) -> object:
        name = type(command).__name__
        if name not in self.raced:
            self.raced.add(name)
            self.workflow.handle(agreement_id, command, actor)
        return self.workflow.handle(agreement_id, command, actor)


def test_a_terminal_that_loses_every_set_up_race_carries_on(game: Game) -> None:
    workflow = Workflow(MemoryStore().unit_of_work, clock=FixedClock(START))
    racing = Racing(workflow)
    agreement = open_game(game, racing, "g1")
    assert racing.raced == {"open", "SendOffer", "AcceptOffer", "StartNegotiation"}
    assert agreement.status is Status.NEGOTIATING
    assert len(workflow.history("g1")) == 3
    assert open_game(game, workflow, "g1") == agreement  # a terminal arriving later finds it


def test_a_game_id_taken_by_another_agreement_is_refused(game: Game) -> None:
    workflow = Workflow(MemoryStore().unit_of_work, clock=FixedClock(START))
    workflow.open(load_agreement(SPRING_FESTIVAL).changed(id="g1"))
    with pytest.raises(InvalidDocument) as refused:
        open_game(game, workflow, "g1")
    assert refused.value.problems[0].path == "--game"


def one_terminal(
    game: Game, lines: list[str], other: Callable[[Workflow, FixedClock], None], patience: float
) -> tuple[Played, Script, Workflow]:
    """The union side at a terminal; the other side moves (through the store) while it waits."""
    clock = FixedClock(START)
    workflow = Workflow(MemoryStore().unit_of_work, clock=clock)

    def tick() -> None:  # each line takes the person 16 minutes
        clock.set(clock.now() + dt.timedelta(minutes=16))

    script = Script(lines, before_each=tick)

    def sleep(seconds: float) -> None:
        clock.set(clock.now() + dt.timedelta(seconds=1))
        other(workflow, clock)

    played = play_online(
        game, Side.UNION, script.terminal(), workflow, "g1", patience=patience, sleep=sleep
    )
    return played, script, workflow


def test_the_minutes_run_on_the_stores_clock(game: Game) -> None:
    def employer(workflow: Workflow, clock: FixedClock) -> None:
        state = standing(game, workflow.get("g1"))
        if state.to_move is Side.EMPLOYER:
            offer = game.offer(Side.EMPLOYER, game.parse("hourly_floor=19"))
            workflow.handle("g1", RecordMeeting(offers=(offer,)), Role.EMPLOYER_CHIEF)

    played, script, workflow = one_terminal(game, ["piece_rate=5.7", "accept"], employer, 3600)
    assert played.ending is Ending.TIME
    assert "13:59 left" in script.text  # 16 minutes typing and a second waiting
    last = workflow.get("g1").procedure.meetings[-1]
    assert last.exchange is not None
    assert last.exchange.statements[0].text == "协商时间已到，协商未果"


def test_a_terminal_gives_up_when_the_other_side_never_moves(game: Game) -> None:
    played, script, _ = one_terminal(game, ["piece_rate=5.7"], lambda w, c: None, patience=5)
    assert played.ending is Ending.GONE
    assert len(played.record.moves) == 1
    assert script.text.count("Waiting for the other side…") == 1


class Strict:
    """A workflow whose law refuses the first offer not sent anyway (as it may on the
    meeting's day, which the game's own check does not know)."""

    def __init__(self, workflow: Workflow) -> None:
        self.workflow = workflow
        self.clock = workflow.clock
        self.get = workflow.get
        self.history = workflow.history
        self.events_after = workflow.events_after
        self.open = workflow.open
        self.refused = 0

    def handle(self, agreement_id: str, command: Details, actor: Role) -> object:
        offers = getattr(command, "offers", ())
        if offers and not offers[0].anyway and not self.refused:
            self.refused += 1
            agreement = self.workflow.get(agreement_id)
            reason = Bilingual("报价低于最低工资", "the offer is below the minimum wage")
            raise GuardFailed(
                agreement_id, agreement.status, Trigger.RECORD_MEETING, reason, ccp(34)
            )
        return self.workflow.handle(agreement_id, command, actor)


@pytest.mark.parametrize(("answer", "sent"), [("yes", True), ("no", False)])
def test_an_offer_the_store_refuses_by_law_is_sent_anyway_only_when_confirmed(
    game: Game, answer: str, sent: bool
) -> None:
    workflow = Workflow(MemoryStore().unit_of_work, clock=FixedClock(START))
    strict = Strict(workflow)
    script = Script(["piece_rate=5.7", answer, "quit"])
    play_online(game, Side.UNION, script.terminal(), strict, "g1", patience=1, sleep=lambda s: None)
    assert "the offer is below the minimum wage" in script.text
    meetings = workflow.get("g1").procedure.meetings
    offers = [o for m in meetings if m.exchange for o in m.exchange.offers]
    assert [o.anyway for o in offers] == ([True] if sent else [])


def test_a_second_terminal_of_the_same_side_does_not_move_twice(game: Game) -> None:
    store = MemoryStore()
    workflow = Workflow(store.unit_of_work, clock=FixedClock(START))
    open_game(game, workflow, "g1")
    first = Script(["piece_rate=5.7"])
    second = Script(["piece_rate=5.4"])

    def meanwhile(prompt: str) -> str:  # the other union terminal offers while this one types
        if not first.lines:
            return second.read(prompt)
        play_online(
            game, Side.UNION, first.terminal(), workflow, "g1", patience=1, sleep=lambda s: None
        )
        return second.read(prompt)

    other = Workflow(store.unit_of_work, clock=FixedClock(START))
    terminal = Terminal(meanwhile, second.printed.append, Lang.EN)
    play_online(game, Side.UNION, terminal, other, "g1", patience=1, sleep=lambda s: None)
    assert "The game moved on meanwhile (another terminal was first)" in second.text
    offers = [m.exchange.offers for m in workflow.get("g1").procedure.meetings if m.exchange]
    assert len(offers) == 1
    assert game.outcome_of(offers[0][0]) == game.parse("piece_rate=5.7")
