"""``bargain play`` typed into: a whole game against a program, and two terminals on one database."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bargain.bootstrap import open_workflow
from bargain.cli import main
from bargain.domain.parties import Side
from bargain.domain.procedure import Status
from bargain.simulation import load_game
from bargain.simulation.protocol import record_from_json
from bargain.store.sqlalchemy import SqlStore
from tests.conftest import EXAMPLES

SCENARIO = EXAMPLES / "scenarios" / "bengbu-delivery.yaml"


def typed(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    lines: list[str],
    *args: str,
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO("".join(f"{line}\n" for line in lines)))
    status = main(["play", str(SCENARIO), *args])
    out, err = capsys.readouterr()
    return status, out, err


def test_a_whole_game_typed_against_a_program_is_shown_scored_and_recorded(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "game.json"
    lines = ["help", "piece_rate=9", "piece_rate=5.4 hourly_floor=21 late_deduction=0.5", "show"]
    lines += ["piece_rate=4.8"]
    status, out, err = typed(
        monkeypatch,
        capsys,
        lines,
        *("--as", "union", "--against", "conceder", "--seed", "1", "--lang", "en"),
        *("--record", str(path)),
    )
    assert (status, err) == (0, "")
    game = load_game(SCENARIO)
    record = record_from_json(json.loads(path.read_text(encoding="utf-8")), game)
    # The case and the union side's own brief, shown first and again on `show`.
    assert out.count("== Bengbu food-delivery riders' pay talks ==") == 2
    assert out.count("Reservation value (your utility without a deal): 0.25") == 2
    assert "Riders care most about the rate" in out
    assert "at most the companies can give up their whole margin" not in out  # employer's brief
    # The bad line, then the prompt again; help.
    assert "cannot use that: piece_rate: one of: 4.5, 4.8, 5.1, 5.4, 5.7 (found 9)" in out
    assert "quit: leave the negotiation (no deal)" in out
    # Each offer of the program, with its utility to the union side and its cost.
    for move in record.moves:
        if move.side is Side.EMPLOYER:
            assert f"The employer side's offer (round {move.round}):" in out
            shown = out.split(f"The employer side's offer (round {move.round}):")[1]
            assert f"utility to you: {move.utilities[0]:.2f} (reservation 0.25)" in shown
            cost = f"{game.deal_cost(move.outcome):,.0f} yuan a month"
            assert f"cost to the employer: {cost}" in shown
    assert (record.union, record.employer, record.seed) == ("human", "conceder", 1)
    assert record.deal is not None
    assert record.moves[-1].side is Side.UNION  # the program accepted the person's offer
    assert "The employer side accepts your offer." in out
    assert f"== Deal (round {record.agreed_in}) ==" in out
    assert "== Scores ==" in out
    assert f"utility: union side {game.utility(Side.UNION, record.deal):.3f}" in out
    assert "Nash product:" in out


def test_chinese_is_the_default_and_the_end_of_input_leaves_the_game(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("BARGAIN_LANG", raising=False)
    status, out, err = typed(monkeypatch, capsys, [], "--as", "employer")
    assert (status, err) == (0, "")
    assert "你的秘密指令（企业方）" in out
    assert "输入已结束，退出协商。" in out
    assert "== 协商未果 ==" in out
    assert "你退出了协商" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--against", "nobody"], "unknown strategy 'nobody'"),
        (["--against", "costing", "--as", "employer"], "the costing strategy plays the employer"),
        (["--db", "x.db"], "--db and --wait go with --game"),
        (["--game", "g1", "--against", "linear"], "--game plays another terminal"),
    ],
)
def test_options_that_cannot_be_used_exit_2_with_a_message(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    side = [] if "--as" in args else ["--as", "union"]
    status, _, err = typed(monkeypatch, capsys, [], *side, *args, "--lang", "en")
    assert status == 2
    assert message in err
    assert "Traceback" not in err


def bargain_command() -> list[str]:
    command = shutil.which("bargain", path=str(Path(sys.executable).parent))
    return [command] if command else [sys.executable, "-m", "bargain"]


@pytest.mark.parametrize(
    "database", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def test_two_terminals_play_each_other_through_one_database(
    database: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    url = (
        f"sqlite:///{tmp_path / 'contest.db'}"
        if database == "sqlite"
        else request.getfixturevalue("postgres_url")
    )
    scripts = {
        "union": ["piece_rate=5.4 hourly_floor=21 late_deduction=0.5", "help", "accept"],
        "employer": ["piece_rate=7", "piece_rate=4.8"],
    }
    players = {}
    for side, lines in scripts.items():
        out = (tmp_path / f"{side}.out").open("w", encoding="utf-8")
        command = [*bargain_command(), "play", str(SCENARIO), "--as", side, "--lang", "en"]
        process = subprocess.Popen(
            [*command, "--db", url, "--game", "g1", "--wait", "30"],
            stdin=subprocess.PIPE,
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
        )
        assert process.stdin is not None
        process.stdin.write("".join(f"{line}\n" for line in lines))
        process.stdin.close()
        players[side] = (process, out)
    outputs = {}
    for side, (process, out) in players.items():
        status = process.wait(timeout=60)
        out.close()
        outputs[side] = (tmp_path / f"{side}.out").read_text(encoding="utf-8")
        assert status == 0, outputs[side]
    union, employer = outputs["union"], outputs["employer"]
    assert "Traceback" not in union + employer
    assert "cannot use that: piece_rate" in employer
    assert "Waiting for the other side…" in union
    assert "Waiting for the other side…" in employer
    deal = union.split("== Deal (round 2) ==")[1].split("== Scores ==")[0]
    assert "per-order rate: 4.8 yuan an order" in deal
    assert deal == employer.split("== Deal (round 2) ==")[1].split("== Scores ==")[0]
    store = SqlStore(url)
    workflow = open_workflow(store)
    agreement = workflow.get("g1")
    history = workflow.history("g1")
    store.dispose()
    assert agreement.status is Status.DRAFT_AGREED
    game = load_game(SCENARIO)
    assert agreement.clauses == game.clauses(game.parse("piece_rate=4.8"))
    types = [event.type.value for event in history]
    assert types.count("meeting_held") == 3
    assert types[2] == "negotiation_started"
    assert types[-1] == "draft_agreed"
    assert [m.chair.value for m in agreement.procedure.meetings] == [
        "employer",
        "union",
        "employer",
        "union",
    ]
