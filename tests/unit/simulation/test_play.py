"""A person at the prompt against a program: turns, bad lines, quitting, the clock, the brief."""

from __future__ import annotations

import datetime as dt
import random
from functools import cache

import pytest

from bargain.domain.calendar import FixedClock
from bargain.domain.language import Lang
from bargain.domain.parties import Side
from bargain.simulation import Game, UnknownStrategy, load_game
from bargain.simulation.human import Ending, Human, Kind, Timer, play_against
from bargain.simulation.protocol import view
from bargain.simulation.strategies import make
from tests.play_terminal import Script

START = dt.datetime(2021, 2, 1, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@cache
def _game() -> Game:
    return load_game("bengbu-delivery")


@pytest.fixture
def game() -> Game:
    return _game()


def test_the_program_plays_as_it_does_in_a_simulation(game: Game) -> None:
    # The linear program's counter-offers break the law (a floor below the minimum wage): the
    # person is asked to confirm accepting one.
    script = Script(["piece_rate=5.7 hourly_floor=23", "piece_rate=5.4", "accept", "yes"])
    played = play_against(game, Side.UNION, script.terminal(), "linear", seed=3)
    record = played.record
    assert played.ending is Ending.DEAL
    assert [m.side for m in record.moves] == [Side.UNION, Side.EMPLOYER, Side.UNION, Side.EMPLOYER]
    assert record.deal == record.moves[-1].outcome
    assert (record.union, record.employer, record.seed, record.rounds) == ("human", "linear", 3, 20)
    # The program, made as protocol.play makes it with the same seed, offers the same outcomes.
    program = make("linear", view(game, Side.EMPLOYER, 20), random.Random("3:employer"))
    for move in record.moves:
        t = (move.round - 1) / 19
        if move.side is Side.EMPLOYER:
            assert move.outcome == program.propose(t)
        else:
            assert program.respond(move.outcome, t) is move.accepted is False
    # Issues left out keep the person's previous offer.
    assert record.moves[2].outcome == (3, 4, *record.moves[0].outcome[2:])


def test_a_bad_line_gets_a_message_and_the_prompt_again(game: Game) -> None:
    script = Script(["accept", "reject", "pay=5", "piece_rate=9", "", "help", "quit"])
    played = play_against(game, Side.UNION, script.terminal(), "hardliner")
    text = script.text
    assert "There is no offer to accept yet." in text
    assert "To reject the offer, make your counter-offer." in text
    assert "cannot use that: pay: issue=value, the issues being: piece_rate" in text
    assert "cannot use that: piece_rate: one of: 4.5, 4.8, 5.1, 5.4, 5.7 (found 9)" in text
    assert "quit: leave the negotiation (no deal)" in text
    assert len(script.prompts) == 7
    assert played.ending is Ending.QUIT
    assert played.record.moves == ()


def test_the_messages_are_in_chinese_by_default(game: Game) -> None:
    script = Script(["piece_rate=9"])
    play_against(game, Side.UNION, script.terminal(Lang.ZH), "hardliner")
    assert (
        "无法识别的输入：piece_rate：以下取值之一：4.5, 4.8, 5.1, 5.4, 5.7（实际为 9）"
        in script.text
    )
    assert "输入已结束，退出协商。" in script.text
    assert script.prompts[0] == "报价或命令（help 帮助）> "


def test_an_illegal_offer_is_sent_only_when_confirmed(game: Game) -> None:
    # 15 yuan an hour is below the minimum wage: the law's finding is shown and confirmation asked.
    script = Script(["hourly_floor=15", "no", "hourly_floor=15", "yes", "quit"])
    played = play_against(game, Side.UNION, script.terminal(), "hardliner")
    assert "PAY-MIN-WAGE" in script.text
    assert sum("Send it all the same?" in p for p in script.prompts) == 2
    (offered, *_) = played.record.moves
    assert offered.outcome[1] == 0
    assert not game.legal(offered.outcome)


def test_accepting_an_unlawful_offer_asks_first(game: Game) -> None:
    # The conceder's first counter-offer (seed 1) sets the hourly floor below the minimum wage.
    script = Script(["piece_rate=5.4 hourly_floor=23", "accept", "no", "accept", "yes"])
    played = play_against(game, Side.UNION, script.terminal(), "conceder", seed=1)
    assert "The law finds errors in the other side's offer:" in script.text
    assert sum("Accept it all the same?" in p for p in script.prompts) == 2
    assert played.ending is Ending.DEAL
    deal = played.record.deal
    assert deal is not None
    assert not game.legal(deal)


def test_accepting_a_lawful_offer_asks_nothing(game: Game) -> None:
    lawful = game.current
    assert lawful is not None
    assert game.legal(lawful)
    human = Human(game, Side.UNION, Script(["accept"]).terminal(), 20, Timer(FixedClock(START), 30))
    assert human.turn(2, lawful).kind is Kind.ACCEPT


def test_the_last_round_takes_accept_or_reject_only(game: Game) -> None:
    script = Script(["piece_rate=5.7", "piece_rate=5.4", "reject"])
    played = play_against(game, Side.UNION, script.terminal(), "hardliner", rounds=2)
    assert "No counter-offer in the last round: type accept or reject." in script.text
    assert played.ending is Ending.DEADLINE
    assert [m.accepted for m in played.record.moves] == [False, False]
    assert played.record.deal is None


def test_the_employer_side_answers_first_and_counters(game: Game) -> None:
    script = Script(["piece_rate=4.5 hourly_floor=19", "accept"])
    played = play_against(game, Side.EMPLOYER, script.terminal(), "hardliner", rounds=4)
    moves = played.record.moves
    assert [m.side for m in moves] == [Side.UNION, Side.EMPLOYER, Side.UNION]
    assert moves[0].outcome == moves[2].outcome == game.utilities[Side.UNION].best
    assert moves[2].accepted
    assert played.ending is Ending.DEAL
    assert "The union side's offer (round 1):" in script.text
    assert "The union side rejects your offer." in script.text


def test_running_out_of_minutes_ends_the_game(game: Game) -> None:
    clock = FixedClock(START)

    def tick() -> None:  # each line takes the person 16 minutes to type
        clock.set(clock.now() + dt.timedelta(minutes=16))

    script = Script(["piece_rate=5.7", "accept"], before_each=tick)
    played = play_against(game, Side.UNION, script.terminal(), "hardliner", clock=clock)
    assert "30:00 left" in script.text
    assert "14:00 left" in script.text
    assert played.ending is Ending.TIME
    assert len(played.record.moves) == 2
    assert played.record.deal is None


def test_the_brief_is_the_sides_own_and_never_the_others(game: Game) -> None:
    script = Script(["show", "quit"])
    play_against(game, Side.UNION, script.terminal(), "linear")
    text = script.text
    assert "Riders care most about the rate and the income floor" in text
    assert "Reservation value (your utility without a deal): 0.25" in text
    assert "per-order rate (piece_rate): weight 35%" in text
    assert "Every 0.1 yuan on the per-order rate" not in text  # the employer's notes
    assert "weight 40%" not in text


def test_the_header_shows_round_meeting_chair_and_time(game: Game) -> None:
    human = Human(game, Side.EMPLOYER, Script([]).terminal(), 20, Timer(FixedClock(START), 30), 1)
    assert human.header(3, Side.UNION) == (
        "—— round 3 of 20 · meeting 4 · chaired by the union side · 17 rounds after this one, "
        "30:00 left ——"
    )
    timeless = Human(
        game, Side.UNION, Script([]).terminal(Lang.ZH), 5, Timer(FixedClock(START), None)
    )
    assert timeless.header(1, Side.UNION) == (
        "—— 第1/5轮 · 第1次协商会议 · 主持：职工方（工会）（你方） · 此后还剩4轮 ——"
    )


def test_an_unknown_or_impossible_program_is_refused(game: Game) -> None:
    with pytest.raises(UnknownStrategy, match="unknown strategy 'nobody'"):
        play_against(game, Side.UNION, Script([]).terminal(), "nobody")
    with pytest.raises(UnknownStrategy, match="employer only"):
        play_against(game, Side.EMPLOYER, Script([]).terminal(), "costing")


def test_a_choice_says_what_was_done(game: Game) -> None:
    script = Script(["accept", "yes"])  # the employer's best is unlawful: confirmed
    human = Human(game, Side.UNION, script.terminal(), 20, Timer(FixedClock(START), 30))
    assert human.turn(2, game.utilities[Side.EMPLOYER].best).kind is Kind.ACCEPT


def test_the_modules_of_play_leave_the_play_function_in_place() -> None:
    # A submodule named `play` would replace bargain.simulation.play, the function, once imported.
    import bargain.simulation
    import bargain.simulation.human
    import bargain.simulation.online
    from bargain.simulation import protocol

    assert bargain.simulation.play is protocol.play
