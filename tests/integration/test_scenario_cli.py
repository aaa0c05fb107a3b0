"""``bargain scenario check``, ``bargain scenario import-genius`` and ``bargain schema scenario`` as
a user meets them: the Bengbu case, broken scenarios, and a GENIUS domain imported and played."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from bargain.cli import main
from bargain.simulation import load_game, load_scenario, play
from tests.conftest import EXAMPLES

BENGBU = EXAMPLES / "scenarios" / "bengbu-delivery.yaml"
GENIUS = Path(__file__).resolve().parents[1] / "data" / "genius" / "shifts"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def test_check_prints_the_case_of_the_bengbu_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "scenario", "check", str(BENGBU))
    assert (status, err) == (0, "")
    scenario = load_scenario(BENGBU)
    size = math.prod(len(issue.options) for issue in scenario.issues)
    assert out.startswith("情景：蚌埠市网约送餐骑手报酬协商（bengbu-delivery）\n")
    assert f"结果空间：5 × 5 × 5 × 5 × 5 × 3 = {size} 种结果" in out
    assert "议题 1：每单配送费（piece_rate；条款字段 pay-levels.piece_rate；单位 元/单）" in out
    assert "  - 4.5元/单（现行）  每月成本 0元  合规" in out
    # The local hourly minimum wage is 16 yuan (18 from December 2021): 15 and 17 are below it.
    assert "  - 15元/小时  每月成本 -1478400元  不合规：PAY-MIN-WAGE" in out
    assert "违法的取值（单独对照当前合同判断）：2个\n  - 小时保底收入 = 15元/小时\n" in out
    assert "每月最多可承受新增成本574600元" in out


def test_check_in_english_as_json_has_every_value_judged_and_priced(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, err = run(
        capsys, "scenario", "check", "bengbu-delivery", "--lang", "en", "--format", "json"
    )
    assert (status, err) == (0, "")
    data = json.loads(out)
    scenario = load_scenario(BENGBU)
    assert data["scenario"] == "bengbu-delivery"
    assert data["judged_against"] == "current"
    assert [i["id"] for i in data["issues"]] == [i.id for i in scenario.issues]
    assert [len(i["values"]) for i in data["issues"]] == [len(i.options) for i in scenario.issues]
    illegal = [
        (issue["id"], value["label"])
        for issue in data["issues"]
        for value in issue["values"]
        if not value["legal"]
    ]
    assert illegal == [("hourly_floor", "15 yuan an hour"), ("hourly_floor", "17 yuan an hour")]
    assert [(v["issue"], v["label"]) for v in data["illegal"]] == illegal
    assert data["illegal"][0]["errors"][0]["rule"] == "PAY-MIN-WAGE"
    case = scenario.case
    affordable = (
        (case.workers * case.orders_per_day * case.working_days_per_month * case.revenue_per_order)
        * case.margin
        / 100
    )
    assert data["case"]["affordable_per_month"] == pytest.approx(float(affordable))
    currents = [sum(v["current"] for v in issue["values"]) for issue in data["issues"]]
    assert currents == [1] * len(scenario.issues)
    assert data["costed"] is True


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    text = BENGBU.read_text(encoding="utf-8")
    text = text.replace("../bengbu-delivery", str(EXAMPLES / "bengbu-delivery"))
    text = text.replace("../profiles/", str(EXAMPLES / "profiles") + "/")
    assert old in text
    path = tmp_path / "broken.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "where", "expected"),
    [
        (
            "    clause: pay-hourly\n",
            "    clause: pay-daily\n",
            "issues[1].clause",
            "a clause of the agreement",
        ),
        (
            "values: [15, 17, 19, 21, 23]",
            "values: [15, 17, 19, 21, abc]",
            "issues[1].values[4]",
            "a value pay-hourly.hourly_floor takes",
        ),
        (
            "values: [600000, 800000, 1000000]",
            "values: [600000, 800000, -1]",
            "issues[5].values[2]",
            "a value insurance.accident_insurance_sum takes: expected an amount of zero or more; found -1",
        ),
        ("  rounds: 20\n  minutes: 30\n", "  rounds: 0\n", "deadline.rounds", ""),
    ],
    ids=["unknown-clause", "value-the-field-refuses", "negative-number", "no-rounds"],
)
def test_check_on_a_broken_scenario_exits_2_naming_the_file_and_the_path(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    old: str,
    new: str,
    where: str,
    expected: str,
) -> None:
    path = _broken(tmp_path, old, new)
    status, out, err = run(capsys, "scenario", "check", str(path), "--lang", "en")
    assert (status, out) == (2, "")
    assert err.startswith(str(path))
    assert f": {where}: {expected}" in err
    assert "Traceback" not in err


def test_check_on_a_missing_file_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "scenario", "check", "no-such-scenario.yaml", "--lang", "en")
    assert status == 2
    assert err.startswith("no-such-scenario.yaml: (document): no such file")


def test_a_genius_domain_imports_checks_and_plays(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out_dir = tmp_path / "imported"
    status, out, err = run(
        capsys, "scenario", "import-genius", str(GENIUS), "--out", str(out_dir), "--lang", "en"
    )
    assert status == 0
    scenario_path = out_dir / "genius-shifts.yaml"
    agreement_path = out_dir / "genius-shifts-agreement.yaml"
    assert out.splitlines() == [
        f"wrote the scenario {scenario_path} (union: shifts-prof1.xml, employer: shifts-prof2.xml)",
        f"wrote the agreement {agreement_path}",
    ]
    assert "note: shifts-prof1.xml: the discount factor 0.9 is not modelled" in err

    status, out, err = run(capsys, "scenario", "check", str(scenario_path), "--lang", "en")
    assert (status, err) == (0, "")
    assert "outcomes: 3 × 11 × 3 = 99" in out
    assert "values the law finds illegal (each judged alone): 0" in out
    assert "nothing is costed" in out

    status, _, _ = run(capsys, "validate", str(agreement_path))
    assert status == 0
    game = load_game(scenario_path)
    record = play(game, "conceder", "linear", seed=11)
    assert record.deal is not None
    assert game.deal(record.deal).clauses[0].text.startswith("Shift length: ")


def test_import_genius_chooses_the_sides_profiles_and_the_rounds(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, _, _ = run(
        capsys,
        "scenario",
        "import-genius",
        str(GENIUS),
        "--out",
        str(tmp_path),
        "--union",
        "shifts-prof2.xml",
        "--employer",
        "shifts-prof1",
        "--rounds",
        "12",
    )
    assert status == 0
    data = yaml.safe_load((tmp_path / "genius-shifts.yaml").read_text(encoding="utf-8"))
    assert (data["union"]["reservation"], data["employer"]["reservation"]) == (0.4, 0.3)
    assert data["deadline"] == {"rounds": 12}


def test_import_genius_of_a_bad_profile_exits_2_naming_the_file_and_the_xml_path(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = tmp_path / "shifts"
    folder.mkdir()
    for source in GENIUS.iterdir():
        (folder / source.name).write_bytes(source.read_bytes())
    profile = folder / "shifts-prof2.xml"
    profile.write_text(
        profile.read_text(encoding="utf-8").replace('type="linear"', 'type="constraint"'),
        encoding="utf-8",
    )
    status, out, err = run(
        capsys, "scenario", "import-genius", str(folder), "--out", str(tmp_path / "out")
    )
    assert (status, out) == (2, "")
    assert err.startswith(f"{profile}:4: /utility_space/@type: 线性可加效用空间")
    assert "实际为 constraint" in err
    assert not (tmp_path / "out").exists()


def test_schema_scenario_prints_the_scenario_schema_that_the_scenarios_meet(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, out, _ = run(capsys, "schema", "scenario")
    assert status == 0
    schema = json.loads(out)
    assert schema["title"] == "Scenario"
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema)
    bengbu = yaml.safe_load(BENGBU.read_text(encoding="utf-8"))
    assert list(validator.iter_errors(bengbu)) == []
    run(capsys, "scenario", "import-genius", str(GENIUS), "--out", str(tmp_path))
    imported = yaml.safe_load((tmp_path / "genius-shifts.yaml").read_text(encoding="utf-8"))
    assert list(validator.iter_errors(imported)) == []
    bengbu["union"]["preferences"]["piece_rate"] = "sideways"
    assert not validator.is_valid(bengbu)


def test_schema_takes_a_model_name_in_any_case_but_one_model_at_a_time(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = run(capsys, "schema", "--model", "SCENARIO")
    assert (status, json.loads(out)["title"]) == (0, "Scenario")
    status, out, err = run(capsys, "schema", "scenario", "--model", "Agreement", "--lang", "en")
    assert (status, out) == (2, "")
    assert err.startswith("--model: (document): the same model as MODEL; found Agreement")
