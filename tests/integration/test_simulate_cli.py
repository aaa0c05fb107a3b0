"""``bargain simulate`` and ``bargain tournament`` as a user meets them, on the Bengbu case."""

from __future__ import annotations

import csv
import json
import struct
import sys
from pathlib import Path

import pytest

from bargain.cli import main
from bargain.cli.simulate import SHIPPED_NAMES, STRATEGY_NAMES
from bargain.domain.language import Lang
from bargain.files import load_agreement
from bargain.simulation import NAMES, SHIPPED, Game, load_game, play, score

CASE = "bengbu-delivery"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


# --- bargain simulate ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def game() -> Game:
    return load_game(CASE)


def test_the_same_seed_prints_the_same_json_with_the_scores(
    capsys: pytest.CaptureFixture[str], game: Game
) -> None:
    args = ("simulate", CASE, "--union", "random", "--employer", "tit-for-tat", "--seed", "5")
    status, first, err = run(capsys, *args, "--format", "json")
    assert (status, err) == (0, "")
    assert run(capsys, *args, "--format", "json")[1] == first
    data = json.loads(first)
    assert set(data) == {"scenario", "record", "score"}
    assert data["scenario"]["id"] == CASE
    record, scores = data["record"], data["score"]
    assert (record["union"], record["employer"], record["seed"]) == ("random", "tit-for-tat", 5)
    assert scores["agreed_in"] == (record["moves"][-1]["round"] if scores["agreed"] else None)
    for side in ("union", "employer"):
        assert set(scores[side]) >= {
            "utility",
            "advantage",
            "reservation",
            "offers",
            "illegal_offers",
            "unaffordable_offers",
        }
    assert set(scores) >= {
        "nash_product",
        "pareto_distance",
        "nash_distance",
        "nash_point",
        "cost_per_month",
        "affordable_per_month",
        "legal",
        "findings",
        "flags",
    }
    played = play(game, "random", "tit-for-tat", seed=5)
    assert record == json.loads(json.dumps(played.as_json()))
    assert scores == json.loads(json.dumps(score(played).as_json()))
    # Another seed draws other offers for the random side: the seed is what makes it the same.
    assert play(game, "random", "tit-for-tat", seed=6).as_json() != played.as_json()


def test_a_game_prints_its_rounds_and_scores_and_writes_its_deal_and_plot(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    game: Game,
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    record = play(game, "boulware", "conceder", seed=7)
    scored = score(record)
    assert record.deal is not None
    assert scored.deal, "the example needs a game that ends in a legal deal"
    deal, picture = tmp_path / "deal.yaml", tmp_path / "game.png"
    status, out, err = run(
        capsys,
        "simulate",
        CASE,
        "--union",
        "boulware",
        "--employer",
        "conceder",
        "--seed",
        "7",
        "--agreement",
        str(deal),
        "--plot",
        str(picture),
    )
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == f"{game.scenario.title} ({CASE})"
    rows = [line for line in lines if line.split("│")[0].strip().isdigit()]
    assert len(rows) == len(record.moves)
    for line, move in zip(rows, record.moves, strict=True):
        cells = [cell.strip() for cell in line.split("│")]
        assert cells[0] == str(move.round)
        assert cells[1] == ("职工方" if move.side.value == "union" else "企业方")
        values = zip(game.issues, move.outcome, strict=True)
        assert cells[2:-3] == [str(issue.options[n]) for issue, n in values]
        assert cells[-3:] == [
            f"{move.utilities[0]:.3f}",
            f"{move.utilities[1]:.3f}",
            "接受" if move.accepted else "拒绝",
        ]
    assert f"结果：第{scored.agreed_in}轮达成协议" in lines
    assert f"优势 {scored.union.advantage:.3f}" in out
    assert f"纳什积 {scored.nash_product:.4f}" in out
    assert f"企业方每月新增成本 {scored.cost_per_month:,.2f} 元" in out
    assert f"企业可承受 {scored.affordable_per_month:,.2f} 元" in out
    assert "  法律审查：协议文本无错误" in lines
    assert sum(1 for line in lines if line.startswith("  第")) == len(scored.flags)
    # The deal as an agreement file, which reads back as the agreement the deal makes.
    assert str(deal) in err
    assert load_agreement(deal) == game.deal(record.deal)
    assert png_size(picture) == (900, 550)


def test_an_impasse_writes_no_agreement_and_a_narrow_terminal_gets_one_offer_column(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    target = tmp_path / "none.yaml"
    status, out, err = run(
        capsys,
        "simulate",
        CASE,
        "--union",
        "hardliner",
        "--employer",
        "hardliner",
        "--rounds",
        "4",
        "--agreement",
        str(target),
        "--lang",
        "en",
    )
    assert status == 1
    assert err.strip() == f"{target} not written: the game ended without a deal"
    assert not target.exists()
    assert "result: impasse, no deal in 4 rounds; each side gets its reservation" in out
    table = [line for line in out.splitlines() if "│" in line or "┃" in line]
    assert table
    assert all(len(line) <= 80 for line in table)
    assert "each offer lists: per-order rate (yuan an order), hourly income floor" in out
    assert "5.7/23/2/500/0/1000000" in out  # the union's best: every issue at its end


def test_an_illegal_deal_writes_no_agreement(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, game: Game
) -> None:
    scored = score(play(game, "boulware", "boulware", seed=1), Lang.EN)
    assert scored.agreed, "the example needs a game whose agreement the law finds an error in"
    assert not scored.legal
    target = tmp_path / "illegal.yaml"
    status, out, err = run(
        capsys,
        "simulate",
        CASE,
        "--union",
        "boulware",
        "--employer",
        "boulware",
        "--seed",
        "1",
        "--agreement",
        str(target),
        "--lang",
        "en",
    )
    assert status == 1
    assert "but the law finds an error: scored as no deal" in out
    assert scored.findings
    shown = [line.strip() for line in out.splitlines()]
    assert all(f"- {finding}" in shown for finding in scored.findings)
    assert f"{target} not written: the law finds an error in the agreed text" in err
    assert not target.exists()


@pytest.mark.parametrize(
    ("side", "spec", "expected"),
    [
        ("--union", "bogus", "unknown strategy 'bogus'; known: "),
        ("--employer", "time", "the time strategy needs an exponent"),
        ("--union", "costing", "the costing strategy plays the employer only"),
        ("--employer", "linear:e=0", "a strategy parameter is linear:e=a positive number"),
    ],
)
def test_a_bad_strategy_exits_2_saying_what_is_known(
    capsys: pytest.CaptureFixture[str], side: str, spec: str, expected: str
) -> None:
    other = "--employer" if side == "--union" else "--union"
    status, out, err = run(capsys, "simulate", CASE, side, spec, other, "linear", "--lang", "en")
    assert (status, out) == (2, "")
    assert expected in err
    assert "Traceback" not in err
    if spec == "bogus":
        assert all(name in err for name in NAMES)


def test_an_unknown_scenario_exits_2_naming_the_shipped_ones(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, _, err = run(
        capsys, "simulate", "nowhere", "--union", "linear", "--employer", "linear", "--lang", "en"
    )
    assert status == 2
    assert all(name in err for name in SHIPPED)


def test_the_help_names_every_strategy_and_shipped_scenario() -> None:
    assert [n.strip() for n in SHIPPED_NAMES.split(",")] == list(SHIPPED)
    named = [n.strip().split(":")[0].split(" ")[0] for n in STRATEGY_NAMES.split(",")]
    assert named == list(NAMES)


# --- bargain tournament ----------------------------------------------------------------------

FIVE = ["boulware", "linear", "conceder", "tit-for-tat", "costing"]


def test_a_tournament_of_five_strategies_writes_its_tables_and_plots(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out_dir = tmp_path / "out"
    status, out, err = run(
        capsys,
        "tournament",
        CASE,
        "--strategies",
        ",".join(FIVE),
        "--repeat",
        "1",
        "--rounds",
        "4",
        "--jobs",
        "2",
        "--out",
        str(out_dir),
        "--lang",
        "en",
    )
    assert (status, err) == (0, "")
    pairings = [(a, b) for a in FIVE if a != "costing" for b in FIVE]
    with (out_dir / "games.csv").open(encoding="utf-8", newline="") as file:
        games = list(csv.DictReader(file))
    assert [(g["union"], g["employer"]) for g in games] == pairings
    with (out_dir / "summary.csv").open(encoding="utf-8", newline="") as file:
        summary = list(csv.DictReader(file))
    assert sorted(item["strategy"] for item in summary) == sorted(FIVE)
    data = json.loads((out_dir / "summary.json").read_text(encoding="utf-8"))
    assert data["strategies"] == FIVE
    assert len(json.loads((out_dir / "games.json").read_text(encoding="utf-8"))["games"]) == 20
    for item in summary:
        assert item["strategy"] in out
    assert "written to" in out
    plots = sorted((out_dir / "concession").glob("*.png"))
    assert [p.name for p in plots] == sorted(f"{a}--{b}.png" for a, b in pairings)
    for path in [out_dir / "outcome-space.png", *plots]:
        width, height = png_size(path)
        assert width >= 600
        assert height >= 500
        assert path.stat().st_size > 20_000


def test_without_matplotlib_the_tournament_writes_its_tables_and_says_how_to_plot(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    status, _, err = run(
        capsys,
        "tournament",
        CASE,
        "--strategies",
        "linear",
        "--rounds",
        "2",
        "--out",
        str(tmp_path),
        "--lang",
        "en",
    )
    assert status == 0
    assert "pip install 'bargain[plots]'" in err
    assert "the tables are written" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "games.csv",
        "games.json",
        "summary.csv",
        "summary.json",
    ]


@pytest.mark.parametrize(
    ("strategies", "expected"),
    [
        ("linear,bogus", "unknown strategy 'bogus'; known: "),
        ("linear,linear", "strategies: [1]: each strategy once; found linear"),
        ("costing", "at least one strategy that plays the union side"),
    ],
)
def test_a_tournament_with_bad_strategies_exits_2_before_playing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, strategies: str, expected: str
) -> None:
    status, out, err = run(
        capsys,
        "tournament",
        CASE,
        "--strategies",
        strategies,
        "--out",
        str(tmp_path / "out"),
        "--lang",
        "en",
    )
    assert (status, out) == (2, "")
    assert expected in err
    assert not (tmp_path / "out").exists()


def test_a_tournament_whose_folder_cannot_be_made_exits_2_before_playing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    status, out, err = run(
        capsys, "tournament", CASE, "--strategies", "linear", "--out", str(blocker / "out")
    )
    assert (status, out) == (2, "")
    assert err.startswith(f"{blocker / 'out'}: ")
