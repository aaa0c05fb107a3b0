"""``bargain validate`` and ``bargain rules`` as users run them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bargain.cli import main
from bargain.law.catalogue import render_catalogue
from tests.conftest import SECTOR_AGREEMENT, SPRING_FESTIVAL


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def low_floor(tmp_path: Path) -> Path:
    text = SECTOR_AGREEMENT.read_text(encoding="utf-8")
    path = tmp_path / "low-floor.yaml"
    path.write_text(
        text.replace("monthly_floor: 2100/month", "monthly_floor: 1200/month"), encoding="utf-8"
    )
    return path


@pytest.fixture
def two_employer_representatives(tmp_path: Path) -> Path:
    text = SECTOR_AGREEMENT.read_text(encoding="utf-8")
    start = text.index("      - name: 孙丽")
    end = text.index("recorder:")
    path = tmp_path / "two-vs-three.yaml"
    path.write_text(text[:start] + "\n" + text[end:], encoding="utf-8")
    return path


def test_the_bengbu_sector_agreement_is_clean(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "validate", str(SECTOR_AGREEMENT)) == (0, "未发现问题。\n", "")


def test_a_floor_of_1200_a_month_in_2022_exits_1_with_the_minimum_wage_rule(
    capsys: pytest.CaptureFixture[str], low_floor: Path
) -> None:
    status, out, _ = run(
        capsys, "validate", str(low_floor), "--on", "2022-06-01", "--format", "json"
    )
    [finding] = json.loads(out)
    assert status == 1
    assert finding == {
        "rule": "PAY-MIN-WAGE",
        "severity": "error",
        "path": "clauses[0].monthly_floor",
        "message": finding["message"],
        "citation": {
            "instrument": "最低工资规定",
            "number": None,
            "article": 12,
            "text": "《最低工资规定》第十二条",
        },
        "found": "1200/month",
        "required": ">= 1500/month",
        "confidence": "unconfirmed",
        "basis": "law",
    }
    assert finding["message"].startswith("月保底收入1200.00元/月低于2022-06-01适用的")


def test_two_employer_against_three_union_representatives_cites_article_19(
    capsys: pytest.CaptureFixture[str], two_employer_representatives: Path
) -> None:
    status, out, _ = run(
        capsys, "validate", str(two_employer_representatives), "--format", "json", "--lang", "en"
    )
    findings = json.loads(out)
    assert status == 1
    assert {(f["rule"], f["citation"]["article"]) for f in findings} == {("REP-COUNT", 19)}
    assert findings[0]["message"] == (
        "the employer side has 2 representatives; each side needs at least 3"
    )


def test_the_text_report_is_a_table_grouped_by_severity(
    capsys: pytest.CaptureFixture[str], low_floor: Path
) -> None:
    status, out, _ = run(capsys, "validate", str(low_floor), "--lang", "en")
    assert status == 1
    assert out.lstrip().startswith("error (1)")
    assert "PAY-MIN-WAGE" in out
    assert "Art 12" in out


def test_warnings_alone_exit_0(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    text = SECTOR_AGREEMENT.read_text(encoding="utf-8").replace("    time_estimation: median\n", "")
    path = tmp_path / "no-estimation.yaml"
    path.write_text(text, encoding="utf-8")
    status, out, _ = run(capsys, "validate", str(path), "--format", "json")
    assert status == 0
    assert [f["rule"] for f in json.loads(out)] == ["PLAT-TIME-ESTIMATION"]


def test_a_supplement_is_judged_against_its_parent(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        capsys, "validate", str(SPRING_FESTIVAL), "--parent", str(SECTOR_AGREEMENT)
    )
    assert (status, out) == (0, "未发现问题。\n")


def test_an_unreadable_file_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, out, err = run(capsys, "validate", str(tmp_path / "none.yaml"), "--lang", "en")
    assert (status, out) == (2, "")
    assert err.endswith(": (document): no such file\n")


def test_a_bad_date_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "validate", str(SECTOR_AGREEMENT), "--on", "2022-13-01")
    assert status == 2
    assert "--on" in err


def test_rules_prints_the_catalogue(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "rules")
    assert status == 0
    assert out == render_catalogue()


@pytest.mark.parametrize(
    ("flag", "status", "severity"), [((), 0, "warning"), (("--guidance-as-errors",), 1, "error")]
)
def test_guidance_as_errors_makes_the_platform_pack_bind(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    flag: tuple[str, ...],
    status: int,
    severity: str,
) -> None:
    text = SECTOR_AGREEMENT.read_text(encoding="utf-8")
    path = tmp_path / "strictest.yaml"
    path.write_text(text.replace("time_estimation: median", "time_estimation: strictest"))
    code, out, _ = run(capsys, "validate", str(path), "--format", "json", *flag)
    assert code == status
    [finding] = [f for f in json.loads(out) if f["rule"] == "PLAT-TIME-ESTIMATION"]
    assert (finding["severity"], finding["basis"]) == (severity, "guidance")
    assert finding["message"].endswith(
        "（依据指导性文件，不具强制力）" if not flag else "（依据指导性文件，按本方政策视为不合规）"
    )
