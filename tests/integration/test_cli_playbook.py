"""``bargain playbook`` as a negotiator meets it: save from a file, show, assess, delete; and the
errors that name the file, the field and what was expected, with nothing stored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bargain.cli import main
from tests.conftest import SECTOR_AGREEMENT

KEY = "bengbu-delivery-sector-agreement"

UNION = """\
entries:
  - clause_id: pay-levels
    field: piece_rate
    opening: 6/order
    target: 5.5/order
    walk_away: 5/order
    priority: 1
    note: 低于5元就暂停协商
  - clause_id: hours
    field: max_daily_working_hours
    opening: 8
    target: 10
    walk_away: 11
    priority: 2
"""


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    url = f"sqlite:///{tmp_path / 'bargain.db'}"
    assert run(capsys, "import", str(SECTOR_AGREEMENT), "--db", url)[0] == 0
    return url


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "playbook.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_playbook_is_saved_shown_assessed_and_deleted(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    side = ("playbook", KEY, "--side", "union", "--db", db)
    status, out, _ = run(capsys, *side, "--from", str(write(tmp_path, UNION)))
    assert (status, out.strip()) == (0, f"已保存职工方（工会）对集体合同 {KEY} 的协商预案（2项）")

    status, out, _ = run(capsys, *side, "--format", "json")
    assert status == 0
    shown = json.loads(out)["entries"][0]
    assert shown["opening"] == {"amount": "6", "per": "order"}
    assert shown["note"] == "低于5元就暂停协商"
    status, out, _ = run(capsys, *side)
    assert status == 0
    assert "越高越好" in out  # the piece rate: the union's opening is above its walk-away
    assert "越低越好" in out  # the working hours: below

    status, out, _ = run(capsys, *side, "--assess", "--lang", "en")
    assert status == 1  # the text's 4.50 per order is past the walk-away
    assert out.splitlines()[0] == f"{KEY} (union side): 2 entries, 1 past the walk-away"
    assert "past the walk-away by CNY 0.50 per order" in out.splitlines()[1]
    status, out, _ = run(capsys, *side, "--assess", "--version", "0", "--format", "json")
    assert (status, json.loads(out)["crossed"]) == (1, 1)

    status, out, _ = run(capsys, *side, "--delete")
    assert (status, out.strip()) == (0, f"已删除职工方（工会）对集体合同 {KEY} 的协商预案")
    status, _, err = run(capsys, *side, "--show")
    assert (status, err.strip()) == (2, f"职工方（工会）没有集体合同 {KEY} 的协商预案")


def test_a_bad_file_names_the_field_and_nothing_is_stored(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = UNION.replace("clause_id: hours", "clause_id: hour").replace("6/order", "6/day")
    file = write(tmp_path, bad)
    status, out, err = run(
        capsys, "playbook", KEY, "--side", "union", "--db", db, "--from", str(file), "--lang", "en"
    )
    assert status == 2
    assert out == ""
    assert f"{file}:9: entries[1].clause_id: expected a clause id of the agreement's text" in err
    assert "for a clause not in it, give its kind too; found 'hour'" in err
    file.write_text(UNION.replace("6/order", "6/day"), encoding="utf-8")
    status, _, err = run(
        capsys, "playbook", KEY, "--side", "union", "--db", db, "--from", str(file), "--lang", "en"
    )
    assert status == 2
    assert err.strip() == (
        f"{file}:4: entries[0].opening: expected a rate per order, not per day; found '6/day'"
    )
    status, _, err = run(capsys, "playbook", KEY, "--side", "union", "--db", db)
    assert status == 2
    assert "没有" in err


def test_a_playbook_for_an_agreement_that_does_not_exist_is_refused(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = write(tmp_path, UNION)
    status, _, err = run(
        capsys, "playbook", "nope", "--side", "employer", "--db", db, "--from", str(file)
    )
    assert (status, err.strip()) == (2, "没有标识为“nope”的集体合同")


def test_one_action_at_a_time(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(
        capsys, "playbook", KEY, "--side", "union", "--db", db, "--show", "--delete", "--lang", "en"
    )
    assert status == 2
    assert "give one of --from, --show, --delete and --assess" in err
