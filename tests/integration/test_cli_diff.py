"""``bargain diff`` as a user meets it: two files, or two text versions of a stored agreement."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bargain import FixedClock, SqlStore, Workflow, dump_agreement, load_agreement
from bargain.cli import main
from bargain.domain.agreement import Agreement
from bargain.domain.procedure import Trigger
from bargain.domain.status import Status
from tests.conftest import SECTOR_AGREEMENT
from tests.steps import PATHS, START, U, lawful_step

KEY = "bengbu-delivery-sector-agreement"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def _raised(agreement: Agreement, rate: str, text: str) -> Agreement:
    pay = agreement.clause("pay-levels")
    return agreement.with_clause(
        pay.changed(piece_rate=rate, text=pay.text.replace("每单4.5元", text))
    )


@pytest.fixture
def offer_file(tmp_path: Path) -> Path:
    path = tmp_path / "offer.yaml"
    agreement = _raised(load_agreement(SECTOR_AGREEMENT), "5/order", "每单5元")
    path.write_text(dump_agreement(agreement.changed(clauses=agreement.clauses[:-1])), "utf-8")
    return path


def test_two_files_show_the_changed_characters_with_plain_markers(
    offer_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, "diff", str(SECTOR_AGREEMENT), str(offer_file))
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == f"{SECTOR_AGREEMENT} → {offer_file}"
    assert lines[1] == "修改对照：新增0条，删除1条，修改1条，未变15条"
    assert "第一条  劳动报酬  [pay-levels]  修改" in lines
    assert any("基础配送单价每单[-4.5-]{+5+}元" in line for line in lines)
    assert "  计件单价：[-4.50元/单-] → {+5.00元/单+}" in lines
    assert "第十七条  生效和公布  [publication]  删除" in lines


def test_two_files_as_json(offer_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "diff", str(SECTOR_AGREEMENT), str(offer_file), "--format", "json")
    assert status == 0
    data = json.loads(out)
    assert data["from"] == {"file": str(SECTOR_AGREEMENT)}
    assert data["counts"] == {"added": 0, "removed": 1, "changed": 1, "unchanged": 15}
    [pay] = [c for c in data["clauses"] if c["change"] == "changed"]
    assert [f["field"] for f in pay["fields"]] == ["text", "piece_rate"]


def test_a_broken_file_names_the_file_and_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.yaml"
    text = SECTOR_AGREEMENT.read_text("utf-8").replace(
        "piece_rate: 4.5/order", "piece_rate: 4.5/day"
    )
    broken.write_text(text, "utf-8")
    status, out, err = run(capsys, "diff", str(SECTOR_AGREEMENT), str(broken), "--lang", "en")
    assert (status, out) == (2, "")
    assert f"{broken}:112: clauses[0].piece_rate: expected a rate per order, not per day" in err
    assert "Traceback" not in err


@pytest.fixture
def stored(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """The sector agreement stored, negotiated, and its draft agreed at 5 yuan an order."""
    db = f"sqlite:///{tmp_path / 'bargain.db'}"
    assert run(capsys, "import", str(SECTOR_AGREEMENT), "--db", db)[0] == 0
    store = SqlStore(db)
    clock = FixedClock(START)
    workflow = Workflow(store.unit_of_work, clock=clock)
    for trigger, role in PATHS[Status.NEGOTIATING]:
        day, details = lawful_step(workflow.get(KEY), trigger)
        clock.set(day)
        workflow.fire(KEY, trigger, role, **details)
    agreement = workflow.get(KEY)
    day, _ = lawful_step(agreement, Trigger.AGREE_DRAFT)
    clock.set(day)
    draft = _raised(agreement, "5/order", "每单5元")
    workflow.fire(KEY, Trigger.AGREE_DRAFT, U, clauses=draft.clauses)
    store.dispose()
    return db


def test_a_stored_agreement_compares_its_last_two_versions_by_default(
    stored: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, "diff", KEY, "--db", stored, "--lang", "en", "--no-color")
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].startswith(f"{KEY}: version 0, as opened (")
    assert " → version 4, 2019-11-" in lines[0]
    assert lines[1] == "redline: 0 added, 0 removed, 1 changed, 16 unchanged"
    assert any("[-4.5-]{+5+}" in line for line in lines)


def test_versions_are_chosen_with_from_and_to(
    stored: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(
        capsys, "diff", KEY, "--db", stored, "--from", "4", "--to", "0", "--format", "json"
    )
    assert status == 0
    data = json.loads(out)
    assert (data["agreement"], data["from"]["sequence"], data["to"]["sequence"]) == (KEY, 4, 0)
    assert data["to"]["on"] is None
    [pay] = [c for c in data["clauses"] if c["change"] == "changed"]
    assert {"op": "-", "text": "5"} in pay["fields"][0]["diff"]
    status, out, _ = run(capsys, "diff", KEY, "--db", stored, "--from", "2", "--format", "json")
    assert json.loads(out)["counts"]["changed"] == 1  # event 2 kept the text as opened
    status, out, _ = run(capsys, "diff", KEY, "--db", stored, "--to", "3", "--format", "json")
    assert json.loads(out)["counts"]["changed"] == 0  # nothing before 3 changed the text


def test_a_version_past_the_history_is_refused(
    stored: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, "diff", KEY, "--db", stored, "--to", "9", "--lang", "en")
    assert (status, out) == (2, "")
    assert "sequence: expected an event number from 0 to 4 (0 for the text as opened)" in err


def test_an_unknown_agreement_or_a_missing_database_is_refused(
    stored: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run(capsys, "diff", "no-such", "--db", stored, "--lang", "en")
    assert status == 2
    assert "no-such" in err
    status, _, err = run(capsys, "diff", KEY, "--db", str(tmp_path / "none.db"))
    assert status == 2
    assert "Traceback" not in err


def test_one_file_or_versions_with_files_or_three_files_are_refused(
    offer_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run(capsys, "diff", str(offer_file), "--lang", "en")
    assert status == 2
    assert "comparing files takes two (bargain diff FILE FILE)" in err
    status, _, err = run(
        capsys, "diff", str(SECTOR_AGREEMENT), str(offer_file), "--from", "0", "--lang", "en"
    )
    assert status == 2
    assert "--from/--to are for a stored agreement, not for two files" in err
    status, _, err = run(capsys, "diff", "a.yaml", "b.yaml", "c.yaml", "--lang", "en")
    assert (status, err.strip()) == (2, "compare at most two files")
