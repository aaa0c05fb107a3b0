"""``bargain contest`` as an organiser meets it: four teams on the Bengbu case, records written by
the simulation, judges' scores typed in, the table as CSV and as the awards DOCX, bad input."""

from __future__ import annotations

import csv
import importlib
import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from bargain.cli import main
from bargain.simulation import load_game, play
from tests.conftest import ROOT

STRATEGIES = [  # (union, employer) of games 1 to 4: t1-t2, t2-t3, t3-t4, t4-t1
    ("boulware", "conceder"),
    ("tit-for-tat", "costing"),
    ("boulware", "boulware"),  # agrees on a text the law finds an error in
    ("linear", "conceder"),
]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture(scope="module")
def recorded() -> list[dict[str, Any]]:
    """The records of the four games, as ``GameRecord.as_json`` writes them (played once)."""
    game = load_game("bengbu-delivery")
    return [
        play(game, union, employer, seed=number).as_json()
        for number, (union, employer) in enumerate(STRATEGIES, start=1)
    ]


@pytest.fixture
def contest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], recorded: list[dict[str, Any]]
) -> Path:
    """A four-team contest file with the records of its four games filled in."""
    file = tmp_path / "contest.yaml"
    status, out, err = run(
        capsys, "contest", "new", str(file), "--scenario", "bengbu-delivery", "--teams", "4"
    )
    assert (status, err) == (0, ""), err
    assert "4" in out
    (tmp_path / "records").mkdir()
    for number, record in enumerate(recorded, start=1):
        # as ``bargain simulate --format json`` writes it (odd games) and as a bare record
        data = {"record": record, "score": {}} if number % 2 else record
        path = tmp_path / "records" / f"game-{number}.json"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    text = file.read_text(encoding="utf-8")
    for number in range(1, 5):
        text = text.replace(
            f"    # record: records/game-{number}.json", f"    record: records/game-{number}.json"
        )
    names = {"第1队": "龙子湖区代表队", "第2队": "蚌山区代表队", "第3队": "禹会区代表队"}
    for old, new in names.items():
        text = text.replace(f"name: {old}", f"name: {new}")
    file.write_text(text.replace("organiser: 主办单位", "organiser: 蚌埠市总工会"), "utf-8")
    return file


def judge(capsys: pytest.CaptureFixture[str], file: Path, *args: str) -> tuple[int, str, str]:
    return run(capsys, "contest", "judge", str(file), *args)


def test_a_contest_of_four_teams_is_judged_ranked_and_written_for_the_awards(
    contest: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, "contest", "check", str(contest))
    assert (status, err) == (0, "")
    assert "有效" in out
    assert "缺少评委评分" in out  # nothing judged yet
    for team, score in (("t1", "8"), ("t2", "6.5"), ("t3", "9"), ("t4", "7")):
        status, _, err = judge(
            capsys, contest, "--team", team, "--judge", "评委一",
            *(f"--criterion={c}={score}" for c in ("communication", "teamwork", "strategy", "law", "data")),
        )  # fmt: skip
        assert (status, err) == (0, ""), err
    status, out, err = judge(
        capsys, contest, "--team", "t3", "--game", "2", "--member", "队员3-1=9.5"
    )
    assert (status, err) == (0, ""), err
    status, out, _ = run(capsys, "contest", "check", str(contest), "--format", "json")
    assert status == 0
    assert json.loads(out)["notes"] == []  # every role swapped, every game played and judged

    csv_out, docx_out = tmp_path / "out" / "table.csv", tmp_path / "out" / "awards.docx"
    status, out, err = run(
        capsys, "contest", "table", str(contest), "--csv", str(csv_out), "--docx",
        str(docx_out), "--format", "json",
    )  # fmt: skip
    assert status == 0, err
    data = json.loads(out)
    teams = data["teams"]
    assert [t["rank"] for t in teams] == sorted(t["rank"] for t in teams)
    assert all(t["union_games"] == t["employer_games"] == 1 for t in teams)
    third = next(g for g in data["games"] if g["number"] == 3)
    assert (third["agreed"], third["legal"], third["deal"]) == (True, False, False)

    raw = csv_out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a byte-order mark, for Excel
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][0] == "名次"
    assert [r[2] for r in rows[1:]] == [t["name"] for t in teams]
    assert [r[-1] for r in rows[1:]] == [t["prize_label"] or "" for t in teams]

    document = Document(str(docx_out))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [c.text for table in document.tables for row in table.rows for c in row.cells]
    for team in teams:
        assert team["name"] in cells
    winners = [t for t in teams if t["prize"] == "first"]
    assert winners
    assert f"团体一等奖：{'、'.join(t['name'] for t in winners)}" in text
    assert "最佳谈判员：队员3-1（禹会区代表队）" in text
    assert "蚌埠市总工会" in text
    section = document.sections[0]
    width, height = section.page_width, section.page_height
    assert width is not None
    assert height is not None
    assert (round(width.mm), round(height.mm)) == (210, 297)  # A4


def test_the_awards_in_english(
    contest: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_file = tmp_path / "awards-en.docx"
    status, out, err = run(
        capsys, "contest", "table", str(contest), "--docx", str(out_file), "--lang", "en"
    )
    assert status == 0, err
    assert "rank" in out
    text = "\n".join(p.text for p in Document(str(out_file)).paragraphs)
    assert "Results and awards" in text
    assert "team first prize:" in text


def test_a_judges_score_is_added_and_the_comments_are_kept(
    contest: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = contest.read_text(encoding="utf-8")
    status, out, err = judge(
        capsys, contest, "--team", "t2", "--game", "1", "--judge", "评委二",
        "--criterion", "communication=7.5", "--member", "队员2-1=8",
    )  # fmt: skip
    assert (status, err) == (0, ""), err
    assert "已录入" in out
    after = contest.read_text(encoding="utf-8")
    comments = [line for line in before.splitlines() if line.lstrip().startswith("#")]
    assert comments
    assert all(line in after.splitlines() for line in comments)
    assert "- {judge: 评委二, team: t2, game: 1, criteria: {communication: 7.5}, members: " in after
    assert sorted(p.name for p in contest.parent.iterdir()) == ["contest.yaml", "records"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--team", "t9", "--criterion", "law=5"], "scores[0].team"),
        (["--team", "t1", "--game", "2", "--criterion", "law=5"], "scores[0].game"),
        (["--team", "t1", "--criterion", "law=11"], "scores[0].criteria.law"),
        (["--team", "t1", "--criterion", "speed=5"], "scores[0].criteria.speed"),
        (["--team", "t1", "--member", "队员2-1=5"], 'scores[0].members["队员2-1"]'),
        (["--team", "t1", "--criterion", "law=five"], "--criterion"),
        (["--team", "t1", "--criterion", "law=nan"], "--criterion"),
        (["--team", "t1", "--criterion", "law=5", "--criterion", "law=6"], "--criterion"),
        (["--team", "t1"], "--criterion"),
    ],
)
def test_bad_scores_exit_2_and_leave_the_file_as_it_was(
    contest: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    before = contest.read_bytes()
    status, _, err = judge(capsys, contest, *args)
    assert status == 2
    assert message in err
    assert "Traceback" not in err
    assert contest.read_bytes() == before
    assert sorted(p.name for p in contest.parent.iterdir()) == ["contest.yaml", "records"]


def test_a_broken_contest_file_is_not_touched_by_judge(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "contest.yaml"
    file.write_text("title: x\nteams: [\n", encoding="utf-8")
    status, _, err = judge(capsys, file, "--team", "t1", "--criterion", "law=5")
    assert status == 2
    assert str(file) in err
    assert file.read_text(encoding="utf-8") == "title: x\nteams: [\n"


def test_a_json_contest_file_takes_scores_too(
    contest: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from bargain._reading import load_tree

    data, _, _ = load_tree(contest)
    file = contest.with_suffix(".json")
    file.write_text(json.dumps(data, ensure_ascii=False, default=float), encoding="utf-8")
    status, _, err = judge(capsys, file, "--team", "t1", "--criterion", "law=6")
    assert (status, err) == (0, ""), err
    assert json.loads(file.read_text(encoding="utf-8"))["scores"] == [
        {"team": "t1", "criteria": {"law": 6}}
    ]


def test_a_missing_or_edited_record_is_named_with_its_path(
    contest: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record = contest.parent / "records" / "game-2.json"
    data = json.loads(record.read_text(encoding="utf-8"))
    data["moves"][1]["side"] = "union"
    record.write_text(json.dumps(data), encoding="utf-8")
    status, _, err = run(capsys, "contest", "table", str(contest))
    assert status == 2
    assert f"{record}: moves[1].side" in err
    record.unlink()
    status, _, err = run(capsys, "contest", "check", str(contest), "--lang", "en")
    assert status == 2
    assert f"{contest}:" in err
    assert "games[1].record" in err
    assert "Traceback" not in err


def test_new_refuses_to_replace_a_file_or_an_unknown_scenario(
    contest: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = contest.read_bytes()
    status, _, err = run(
        capsys, "contest", "new", str(contest), "--scenario", "bengbu-delivery", "--teams", "4"
    )
    assert status == 2
    assert "--force" in err
    assert contest.read_bytes() == before
    status, _, err = run(
        capsys, "contest", "new", str(tmp_path / "x.yaml"), "--scenario", "nowhere", "--teams", "4"
    )
    assert status == 2
    assert "--scenario" in err
    status, _, _ = run(
        capsys, "contest", "new", str(tmp_path / "y.yaml"), "--scenario", "bengbu-delivery",
        "--teams", "1",
    )  # fmt: skip
    assert status == 2
    assert not (tmp_path / "x.yaml").exists()
    assert not (tmp_path / "y.yaml").exists()


def test_new_names_a_scenario_file_relative_to_the_contest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = ROOT / "examples" / "scenarios" / "bengbu-delivery.yaml"
    file = tmp_path / "deep" / "contest.yaml"
    status, _, err = run(
        capsys, "contest", "new", str(file), "--scenario", str(scenario), "--teams", "2",
        "--lang", "en",
    )  # fmt: skip
    assert (status, err) == (0, ""), err
    status, out, err = run(capsys, "contest", "check", str(file), "--lang", "en")
    assert (status, err) == (0, ""), err
    assert "valid" in out


def test_the_committed_awards_template_is_what_the_script_builds() -> None:
    script = importlib.import_module("tools.build_contest_template")
    built = zipfile.ZipFile(io.BytesIO(script.build()))
    committed = zipfile.ZipFile(ROOT / "templates" / "contest" / "contest_table.docx")
    assert sorted(built.namelist()) == sorted(committed.namelist())
    differ = [part for part in built.namelist() if built.read(part) != committed.read(part)]
    assert differ == [], f"run python tools/build_contest_template.py: {differ} differ"


def test_the_awards_template_is_in_the_official_layout() -> None:
    path = ROOT / "templates" / "contest" / "contest_table.docx"
    document = Document(str(path))
    section = document.sections[0]
    sizes = [section.page_width, section.top_margin, section.left_margin]
    assert [round(s.mm) for s in sizes if s is not None] == [210, 37, 28]
    with zipfile.ZipFile(path) as docx:
        body = docx.read("word/document.xml").decode()
    runs = re.findall(r"<w:r>.*?</w:r>", body)
    assert runs
    assert [r for r in runs if 'w:eastAsia="' not in r] == []  # Chinese never falls back
    assert 'w:eastAsia="方正小标宋简体"' in body  # the title
    assert 'w:eastAsia="仿宋_GB2312"' in body  # the body
