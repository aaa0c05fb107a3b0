"""Every bench writes its figures as one JSON object with ``--json PATH`` (bench/README.md).

Each bench runs once here on a tiny batch: the figures mean nothing at that size, only their shape
is checked.
"""

from __future__ import annotations

import json
import runpy
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.fenced_blocks import fenced_blocks

TINY = {
    "validate": ["--agreements", "2", "--repeat", "1"],
    "lifecycle": ["--agreements", "1", "--repeat", "1"],
    "store": ["--seconds", "0.05", "--rounds", "1"],
    "render": ["--documents", "1", "--repeat", "1", "--stand-in"],
}


def run_bench(name: str, *options: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(ROOT / "bench"))
    monkeypatch.delenv("BARGAIN_TEST_DATABASE_URL", raising=False)
    monkeypatch.setattr("sys.argv", [f"{name}.py", *TINY[name], *options])
    runpy.run_path(str(ROOT / "bench" / f"{name}.py"), run_name="__main__")


@pytest.mark.parametrize("name", sorted(TINY))
def test_a_bench_writes_its_rates_baseline_and_ratios_as_one_json_object(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "figures" / f"{name}.json"
    run_bench(name, "--json", str(target), monkeypatch=monkeypatch)
    assert "/s" in capsys.readouterr().out  # the figures are printed too
    figures = json.loads(target.read_text(encoding="utf-8"))
    assert set(figures) == {"bench", "at", "python", "machine", "settings", "measurements"}
    assert figures["bench"] == name
    assert all(isinstance(value, int | float | bool) for value in figures["settings"].values())
    (measured,) = figures["measurements"]  # SQLite only: no PostgreSQL URL is set here
    assert measured["baseline"], "a baseline rate"
    assert measured["rates"], "the bench's own rates"
    assert measured["ratios"], "the ratio to the baseline"
    figures_of = [*measured["baseline"].values(), *measured["rates"].values()]
    assert all(rate > 0 for rate in [*figures_of, *measured["ratios"].values()])
    assert all(bound.keys() <= {"at_least", "at_most"} for bound in measured["targets"].values())


def test_without_json_a_bench_only_prints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    run_bench("validate", monkeypatch=monkeypatch)
    assert "agreements/s" in capsys.readouterr().out
    assert list(tmp_path.iterdir()) == []


def test_the_object_bench_readme_shows_has_the_shape_validate_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "validate.json"
    run_bench("validate", "--json", str(target), monkeypatch=monkeypatch)
    written = json.loads(target.read_text(encoding="utf-8"))
    (block,) = [
        b for b in fenced_blocks(ROOT / "bench" / "README.md", "bench") if b.language == "json"
    ]
    shown = json.loads(block.text)

    def shape(value: object) -> object:
        if isinstance(value, dict):
            return {key: shape(item) for key, item in value.items()}
        if isinstance(value, list):
            return [shape(item) for item in value]
        return type(value).__name__ if isinstance(value, str) else "number"

    assert shape(shown) == shape(written)


def test_the_scale_bench_writes_one_measurement_per_size_and_per_history(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "scale.json"
    monkeypatch.syspath_prepend(str(ROOT / "bench"))
    arguments = ["scale.py", "--sizes", "30", "--histories", "12", "--json", str(target)]
    monkeypatch.setattr("sys.argv", arguments)
    runpy.run_path(str(ROOT / "bench" / "scale.py"), run_name="__main__")
    printed = capsys.readouterr().out
    assert "list s" in printed
    assert "rebuild ms" in printed
    figures = json.loads(target.read_text(encoding="utf-8"))
    names = [measured["name"] for measured in figures["measurements"]]
    assert names[0] == "SQLite, 30 agreements"
    assert names[1].startswith("SQLite, a history of ")
    rates = figures["measurements"][0]["rates"]
    assert rates.keys() >= {"list", "list_peak_mb", "deadlines", "verify_one", "step"}
    assert all(value > 0 for value in rates.values())
