"""The ``bargain`` command as a user meets it: output, exit statuses, and error lines."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from bargain import __version__
from bargain.cli import main
from tests.conftest import SECTOR_AGREEMENT, SPRING_FESTIVAL


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def test_version_prints_the_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--version") == (0, f"bargain {__version__}\n", "")


def test_schema_prints_a_valid_draft_2020_12_schema_of_the_agreement(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = run(capsys, "schema")
    schema = json.loads(out)
    assert status == 0
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] == "Agreement"
    Draft202012Validator.check_schema(schema)


def test_schema_of_a_named_model(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "schema", "--model", "Rate")
    assert status == 0
    assert json.loads(out)["title"] == "Rate"


def test_schema_of_an_unknown_model_exits_2_and_lists_the_known_ones(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, err = run(capsys, "schema", "--model", "Nope", "--lang", "en")
    assert status == 2
    assert out == ""
    assert "no public model named 'Nope'" in err
    assert "Agreement" in err
    assert "PayClause" in err


@pytest.mark.parametrize("example", [SPRING_FESTIVAL, SECTOR_AGREEMENT], ids=lambda p: p.stem)
def test_show_prints_each_example_in_chinese_by_default(
    capsys: pytest.CaptureFixture[str], example: Path
) -> None:
    status, out, err = run(capsys, "show", str(example))
    assert (status, err) == (0, "")
    assert "第一条" in out
    assert "首席代表" in out
    assert "蚌埠市网约送餐行业工会联合会" in out


def test_show_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "show", str(SPRING_FESTIVAL), "--lang", "en")
    assert status == 0
    assert "Article 1" in out
    assert "CNY 12.50 per order" in out
    assert "supplementary agreement" in out


def test_show_follows_bargain_lang(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BARGAIN_LANG", "en")
    status, out, _ = run(capsys, "show", str(SPRING_FESTIVAL))
    assert status == 0
    assert "Article 1" in out


BROKEN = {
    "      kind: sector_union_federation\n": "      kind: trade_union\n",
    "    piece_rate: 12.5/order\n": "    piece_rate: 12.5/day\n",
    "  start: 2021-02-11\n  end: 2021-02-17\n": "  start: 2021-02-17\n  end: 2021-02-11\n",
}


@pytest.fixture
def broken_example(tmp_path: Path) -> Path:
    text = SPRING_FESTIVAL.read_text(encoding="utf-8")
    for before, after in BROKEN.items():
        assert before in text, before
        text = text.replace(before, after, 1)
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_broken_file_gives_one_line_per_problem_and_status_2(
    capsys: pytest.CaptureFixture[str], broken_example: Path
) -> None:
    status, out, err = run(capsys, "show", str(broken_example), "--lang", "en")
    lines = err.splitlines()
    assert status == 2
    assert out == ""
    assert len(lines) == 3, err
    assert all(line.startswith(f"{broken_example}:") for line in lines), err
    assert any(
        ": union.organisations[0].kind: expected one of: " in line and "'trade_union'" in line
        for line in lines
    ), err
    assert any(
        ": clauses[0].piece_rate: expected a rate per order, not per day" in line for line in lines
    ), err
    assert any(
        ": term: the end 2021-02-11 is before the start 2021-02-17" in line for line in lines
    )


def test_the_problems_are_in_chinese_by_default(
    capsys: pytest.CaptureFixture[str], broken_example: Path
) -> None:
    status, _, err = run(capsys, "show", str(broken_example))
    assert status == 2
    assert "应为以下之一" in err
    assert "实际为 'trade_union'" in err


def test_a_missing_file_exits_2_and_names_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    missing = tmp_path / "nowhere.yaml"
    status, _, err = run(capsys, "show", str(missing), "--lang", "en")
    assert status == 2
    assert err.strip() == f"{missing}: (document): no such file"


def test_the_installed_command_never_shows_a_traceback(broken_example: Path) -> None:
    command = shutil.which("bargain", path=str(Path(sys.executable).parent))
    argv = [command] if command else [sys.executable, "-m", "bargain"]
    result = subprocess.run(
        [*argv, "show", str(broken_example)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_python_dash_m_runs_the_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bargain", "--version"], capture_output=True, text=True, check=False
    )
    assert (result.returncode, result.stdout) == (0, f"bargain {__version__}\n")


def test_a_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "show")
    assert status == 2
    assert "Missing argument" in err


@pytest.mark.parametrize(
    ("fmt", "start"),
    [
        ("mermaid", "---\ntitle: 集体协商程序\n---\nstateDiagram-v2\n"),
        ("dot", 'digraph "集体协商程序" {'),
        ("table", "| 步骤 |"),
    ],
)
def test_diagram_draws_the_procedure(
    fmt: str, start: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diagram", "--format", fmt]) == 0
    out = capsys.readouterr().out
    assert out.startswith(start)
    assert "offer_sent" in out


def test_diagram_in_english_and_with_a_bad_format(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diagram", "--lang", "en", "-f", "table"]) == 0
    assert "| trigger |" in capsys.readouterr().out
    assert main(["diagram", "--format", "svg"]) == 2
    assert "'svg' is not one of" in capsys.readouterr().err
