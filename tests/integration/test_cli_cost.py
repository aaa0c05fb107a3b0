"""``bargain cost`` as a user meets it: files, stored agreements and their versions, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bargain.cli import main
from tests.conftest import EXAMPLES, SECTOR_AGREEMENT, SPRING_FESTIVAL

PROFILE = EXAMPLES / "profiles" / "bengbu-delivery-riders.yaml"
KEY = "bengbu-delivery-sector-agreement"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def test_the_spring_festival_supplement_costs_out_on_top_of_its_parent(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, err = run(
        capsys,
        "cost",
        str(SPRING_FESTIVAL),
        "--against",
        str(SECTOR_AGREEMENT),
        "--profile",
        str(PROFILE),
        "--format",
        "json",
    )
    assert (status, err) == (0, "")
    data = json.loads(out)
    by_category = {c["category"]: c["total"]["workers_gain"]["amount"] for c in data["categories"]}
    # 300 riders x 7 days x 20 orders x (12.5 - 4.5), as in the profile's Spring Festival peak.
    assert by_category["labour_relationship"] == "336000.00"
    assert data["statements"][0] == (
        "一名典型骑手（建立劳动关系）：2021年2月（自2月11日起）由4200.00元增至5320.00元"
    )
    status, out, _ = run(
        capsys,
        "cost",
        str(SPRING_FESTIVAL),
        "--against",
        str(SECTOR_AGREEMENT),
        "--profile",
        str(PROFILE),
        "--lang",
        "en",
    )
    assert status == 0
    assert "costing: Supplementary agreement" in out
    assert "labour_relationship" in out
    assert "CNY 336000.00" in out
    assert "from 4200.00 to 5320.00 yuan in February 2021" in out


def test_a_stored_agreement_is_costed_against_one_of_its_versions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = f"sqlite:///{tmp_path / 'bargain.db'}"
    assert run(capsys, "import", str(SECTOR_AGREEMENT), "--db", db)[0] == 0
    for against in ([], ["--against", "0"]):
        status, out, err = run(
            capsys,
            "cost",
            KEY,
            "--db",
            db,
            "--profile",
            str(PROFILE),
            *against,
            "--format",
            "json",
        )
        assert (status, err) == (0, "")
        assert json.loads(out)["total"]["employer_cost"] == {"amount": "0.00"}
        assert json.loads(out)["against"] == f"{KEY} 第0版文本"
    status, _, err = run(
        capsys, "cost", KEY, "--db", db, "--profile", str(PROFILE), "--against", "7"
    )
    assert status == 2
    assert "Traceback" not in err


def test_a_file_needs_something_to_cost_against(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(
        capsys, "cost", str(SECTOR_AGREEMENT), "--profile", str(PROFILE), "--lang", "en"
    )
    assert (status, out) == (2, "")
    assert "costing a file needs --against" in err


def test_a_bad_profile_names_the_file_and_field_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = tmp_path / "profile.yaml"
    profile.write_text(
        "name: 骑手\ncategories:\n- {category: managed, headcount: -3, orders_per_day: 1, "
        "hours_per_day: 8, working_days_per_month: 26}\n",
        encoding="utf-8",
    )
    status, out, err = run(
        capsys,
        "cost",
        str(SPRING_FESTIVAL),
        "--against",
        str(SECTOR_AGREEMENT),
        "--profile",
        str(profile),
        "--lang",
        "en",
    )
    assert (status, out) == (2, "")
    assert f"{profile}:3: categories[0].headcount:" in err
    assert "Traceback" not in err
