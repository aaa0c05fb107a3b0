"""bench/simulate.py on a tiny batch (its figures mean nothing at this size), and NegMAS kept out.

NegMAS is AGPL: the bench installs it into its own environment under build/ when asked with
``--with-negmas`` (never here), runs it through bench/simulate_negmas.py with that environment's
Python, and bargain neither depends on it nor imports it.
"""

from __future__ import annotations

import ast
import json
import runpy
import sys
from pathlib import Path

import pytest

from bargain.domain.parties import Side
from tests.conftest import ROOT

BENCH = ROOT / "bench"


def imported(path: Path) -> set[str]:
    """The top-level packages a file imports, anywhere in it."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
    return names


def test_the_simulation_bench_prints_and_writes_its_figures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "simulate.json"
    monkeypatch.syspath_prepend(str(BENCH))
    options = ["--games", "3", "--repeat", "1", "--rounds", "30", "--large-games", "1"]
    monkeypatch.setattr("sys.argv", ["simulate.py", *options, "--json", str(target)])
    runpy.run_path(str(BENCH / "simulate.py"), run_name="__main__")
    printed = capsys.readouterr().out
    assert "games/s" in printed
    assert "the one a scan of all 100,000 outcomes finds" in printed
    figures = json.loads(target.read_text(encoding="utf-8"))
    assert figures["bench"] == "simulate"
    assert figures["settings"]["with_negmas"] is False
    names = [measured["name"] for measured in figures["measurements"]]
    assert len(names) == 5
    assert names[0].endswith("first play (sorts the outcomes)")
    assert names[1].endswith("played again (outcomes sorted)")
    assert names[2].endswith("what the games agreed")
    assert names[3].startswith("5 issues x 10 values (100,000 outcomes)")
    assert names[4] == "one offer among 100,000 outcomes"
    first, again, agreed, large, offer = figures["measurements"]
    assert first["rates"]["bargain"] > 0
    assert again["rates"]["bargain"] > 0
    assert first["baseline"] == first["ratios"] == {}  # no NegMAS without --with-negmas
    assert 0 <= agreed["rates"]["agreement_rate"] <= 1
    assert large["rates"]["bargain_first_game_ms"] > 0
    assert offer["ratios"]["half_tables_over_scan"] > 1


def test_the_large_game_check_catches_an_offer_a_scan_would_not_make(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.syspath_prepend(str(BENCH))
    monkeypatch.delitem(sys.modules, "simulate", raising=False)
    import simulate  # type: ignore[import-not-found]

    game = simulate.Game(simulate.scenario(3, 5, 10, 30), simulate.table_agreement(5))
    record = simulate.play(game, "boulware", "conceder")
    assert simulate.check_large(game, record) == len(record.moves)
    moves = list(record.moves)
    worse = game.utilities[Side.UNION].worst
    moves[0] = type(moves[0])(1, Side.UNION, worse, moves[0].utilities, False)
    tampered = type(record)(**{**vars(record), "moves": tuple(moves)})
    with pytest.raises(AssertionError, match="round 1"):
        simulate.check_large(game, tampered)


def test_negmas_is_never_a_dependency_of_bargain() -> None:
    assert "negmas" not in (ROOT / "pyproject.toml").read_text(encoding="utf-8").lower()
    for path in (ROOT / "src").rglob("*.py"):
        assert "negmas" not in imported(path), path
    assert "negmas" not in imported(BENCH / "simulate.py")
    assert "bargain" not in imported(BENCH / "simulate_negmas.py")
    assert {"negmas"} <= imported(BENCH / "simulate_negmas.py")
