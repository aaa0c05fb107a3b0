"""``bargain new``: a starting proposal per sector that ``bargain validate`` reads."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bargain import load_agreement
from bargain.cli import main
from bargain.cli.new import _SECTORS
from bargain.domain.status import Status
from bargain.proposals import SECTORS


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize(
    ("sector", "named"),
    [("delivery", "food-delivery"), ("ride_hailing", "ride-hailing"), ("courier", "courier")],
)
def test_each_proposal_is_an_agreement_in_drafting_that_validates(
    sector: str, named: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / f"{sector}.yaml"
    status, said, _ = run(capsys, "new", "--sector", sector, "--out", str(out))
    assert status == 0
    assert str(out) in said
    agreement = load_agreement(out)
    assert agreement.status is Status.DRAFTING
    assert agreement.scope.sector == named
    assert agreement.clauses
    assert "TODO" in out.read_text(encoding="utf-8")  # the placeholders a negotiator fills in
    status, _, err = run(capsys, "validate", str(out))
    assert status == 0, err  # warnings at most: no error finding in the starting point


def test_comments_are_in_the_language_asked_for(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    zh, en = tmp_path / "zh.yaml", tmp_path / "en.yaml"
    assert run(capsys, "new", "--sector", "courier", "--out", str(zh))[0] == 0
    assert run(capsys, "new", "--sector", "courier", "--out", str(en), "--lang", "en")[0] == 0
    zh_comments = [line for line in zh.read_text("utf-8").splitlines() if "#" in line]
    en_comments = [line for line in en.read_text("utf-8").splitlines() if "#" in line]
    assert len(zh_comments) > 5
    assert len(en_comments) > 5
    assert all(re.search(r"[\u4e00-\u9fff]", line) for line in zh_comments if line.strip("# "))
    assert "Courier sector collective agreement" in en_comments[0]
    assert not any("#zh:" in line or "#en:" in line for line in zh_comments + en_comments)
    assert load_agreement(zh) == load_agreement(en)  # only the comments differ


def test_an_existing_file_is_kept_unless_forced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "proposal.yaml"
    out.write_text("mine\n", encoding="utf-8")
    status, _, err = run(capsys, "new", "--sector", "delivery", "--out", str(out), "--lang", "en")
    assert status == 2
    assert "give --force to overwrite it" in err
    assert out.read_text(encoding="utf-8") == "mine\n"
    assert run(capsys, "new", "--sector", "delivery", "--out", str(out), "--force")[0] == 0
    assert load_agreement(out).scope.sector == "food-delivery"


def test_an_unknown_sector_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "proposal.yaml"
    status, _, err = run(capsys, "new", "--sector", "trucking", "--out", str(out), "--lang", "en")
    assert status == 2
    assert "--sector: expected one of: delivery, ride_hailing, courier; found 'trucking'" in err
    assert not out.exists()


def test_the_command_offers_every_packaged_sector() -> None:
    assert tuple(_SECTORS) == SECTORS
