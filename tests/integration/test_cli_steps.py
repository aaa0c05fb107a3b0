"""The procedure from the command line: ``bargain step``, the named commands and ``allowed``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bargain.cli import main
from tests.conftest import SECTOR_AGREEMENT

KEY = "bengbu-delivery-sector-agreement"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def step(capsys: pytest.CaptureFixture[str], db: str, *args: str) -> dict[str, Any]:
    """Run a step command with --format json, expect it to pass, and return what it printed."""
    status, out, err = run(capsys, *args, "--db", db, "--format", "json")
    assert status == 0, err
    data: dict[str, Any] = json.loads(out)
    return data


def events(capsys: pytest.CaptureFixture[str], db: str) -> list[str]:
    status, out, _ = run(capsys, "history", KEY, "--db", db, "--format", "json")
    assert status == 0
    return [event["trigger"] for event in json.loads(out)]


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    url = f"sqlite:///{tmp_path / 'bargain.db'}"
    assert run(capsys, "import", str(SECTOR_AGREEMENT), "--db", url)[0] == 0
    return url


@pytest.fixture
def negotiating(db: str, capsys: pytest.CaptureFixture[str]) -> str:
    """Offer sent on 2019-11-06, accepted on 11-20, first meeting (union chair) on 12-02."""
    step(capsys, db, "offer", KEY, "--topic", "劳动报酬", "--on", "2019-11-06")
    step(capsys, db, "reply", KEY, "--on", "2019-11-20")
    step(capsys, db, "meeting", KEY, "--on", "2019-12-02", "--place", "蚌埠市总工会")
    return db


def test_the_whole_procedure_from_the_command_line(
    negotiating: str, capsys: pytest.CaptureFixture[str]
) -> None:
    db = negotiating
    later = step(capsys, db, "meeting", KEY, "--on", "2019-12-09", "--summary", "单价分歧")
    assert later["event"]["trigger"] == "record_meeting"  # the second meeting, not the first
    assert later["event"]["actor"]["role"] == "employer_chief"  # the chiefs chair in turn
    suspended = step(capsys, db, "suspend", KEY, "--on", "2019-12-10", "--resume-on", "2019-12-20")
    assert suspended["state"] == "suspended"
    assert [d["kind"] for d in suspended["deadlines"]] == ["resumption"]
    step(capsys, db, "step", KEY, "resume", "--as", "employer_chief", "--on", "2019-12-20")
    third = step(capsys, db, "meeting", KEY, "--on", "2019-12-20")
    assert third["event"]["actor"]["role"] == "union_chief"
    step(capsys, db, "draft", KEY, "--on", "2019-12-21")
    step(capsys, db, "step", KEY, "submit_to_congress", "--on", "2019-12-22")
    vote = step(
        capsys, db, "vote", KEY, "--members", "100", "--present", "80", "--in-favour", "70",
        "--on", "2019-12-23",
    )  # fmt: skip
    assert vote["event"]["facts"]["congress"]["adopted"] is True
    assert vote["event"]["actor"]["role"] == "congress"
    step(capsys, db, "sign", KEY, "--on", "2019-12-24")
    filed = step(capsys, db, "file", KEY, "--on", "2019-12-25", "--copies", "4")
    assert filed["event"]["actor"]["role"] == "employer_chief"
    assert filed["event"]["facts"]["filing"]["copies"] == 4
    step(capsys, db, "step", KEY, "take_effect", "--as", "labour_bureau", "--on", "2020-01-02")
    step(capsys, db, "publish", KEY, "--on", "2020-01-05")
    renewed = step(capsys, db, "renew", KEY, "--on", "2022-10-15", "--new-id", "bengbu-2023")
    assert renewed["renewal_draft"] == "bengbu-2023"
    assert events(capsys, db) == [
        "send_offer", "accept_offer", "start_negotiation", "record_meeting", "suspend", "resume",
        "record_meeting", "agree_draft", "submit_to_congress", "hold_congress_vote", "sign",
        "file", "take_effect", "publish", "request_renewal",
    ]  # fmt: skip
    status, _out, _ = run(capsys, "show", "bengbu-2023", "--db", db)
    assert status == 0


def test_the_text_output_says_what_happened_where_it_stands_and_what_is_due(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(
        capsys, "offer", KEY, "--topic", "劳动报酬", "--on", "2019-11-06", "--db", db
    )
    assert status == 0
    assert "已发出要约（send_offer），2019-11-06，职工方首席代表" in out
    assert "《集体合同规定》第三十二条" in out
    assert "状态：拟定要约 → 已发出要约" in out
    assert "期限至2019-11-26" in out
    status, out, _ = run(capsys, "reply", KEY, "--on", "2019-11-27", "--db", db, "--lang", "en")
    assert status == 0
    assert "employer chief representative" in out  # the side that received the offer replies
    assert "note: the written reply 1 day late (due 2019-11-26)" in out


def test_a_refusal_with_a_reason_goes_to_coordination(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    step(capsys, db, "offer", KEY, "--topic", "劳动报酬", "--on", "2019-11-06")
    refused = step(capsys, db, "reply", KEY, "--refuse", "经营困难", "--on", "2019-11-10")
    assert refused["event"]["trigger"] == "refuse_offer"
    assert refused["state"] == "in_coordination"


def test_a_step_the_law_refuses_prints_the_reason_and_the_article_exits_1_and_stores_nothing(
    negotiating: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = events(capsys, negotiating)
    status, _, err = run(
        capsys, "meeting", KEY, "--as", "union_chief", "--on", "2019-12-09", "--db", negotiating
    )
    assert status == 1
    assert "双方首席代表轮流主持协商会议" in err
    assert "依据：《集体合同规定》第三十四条" in err
    assert "Traceback" not in err
    assert events(capsys, negotiating) == before


def test_a_step_out_of_turn_is_refused_with_what_is_allowed(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, "sign", KEY, "--db", db, "--format", "json", "--lang", "en")
    assert status == 1
    refusal = json.loads(out)
    assert refusal["error"] == "TransitionNotAllowed"
    assert refusal["allowed"] == ["send_offer"]
    assert refusal["article"] == "Provisions on Collective Contracts, Art 37"
    assert "article: Provisions on Collective Contracts, Art 37" in err
    step(capsys, db, "offer", KEY, "--topic", "劳动报酬", "--on", "2019-11-06")
    status, out, err = run(
        capsys, "reply", KEY, "--as", "union_chief", "--db", db, "--format", "json"
    )
    assert status == 1  # the side that sent the offer cannot answer it
    assert json.loads(out)["roles"] == ["employer_chief"]
    assert events(capsys, db) == ["send_offer"]


def test_impossible_votes_are_refused_before_the_workflow_naming_the_option(
    negotiating: str, capsys: pytest.CaptureFixture[str]
) -> None:
    db = negotiating
    step(capsys, db, "draft", KEY, "--on", "2019-12-21")
    step(capsys, db, "step", KEY, "submit_to_congress", "--on", "2019-12-22")
    before = events(capsys, db)
    status, _, err = run(
        capsys, "vote", KEY, "--members", "100", "--present", "120", "--in-favour", "130",
        "--db", db, "--lang", "en",
    )  # fmt: skip
    assert status == 2
    assert "--present: present: expected at most members (100); found 120" in err
    assert (
        "--in-favour: in_favour: expected in_favour + against + abstaining at most present" in err
    )
    status, _, err = run(capsys, "vote", KEY, "--present", "80", "--db", db, "--lang", "en")
    assert status == 2
    assert "--members: members:" in err
    assert "--in-favour: in_favour:" in err
    assert events(capsys, db) == before


def test_details_from_a_file_and_from_set_are_checked_naming_the_source(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    details = tmp_path / "offer.yaml"
    details.write_text("topics: [劳动报酬]\nreceived_on: not-a-day\n", encoding="utf-8")
    status, _, err = run(
        capsys, "step", KEY, "send_offer", "--as", "union_chief", "--from", str(details),
        "--db", db, "--lang", "en",
    )  # fmt: skip
    assert status == 2
    assert f"{details}:2: received_on: expected a date" in err
    status, _, err = run(
        capsys, "step", KEY, "send_offer", "--as", "union_chief", "--set", "subject=x",
        "--db", db, "--lang", "en",
    )  # fmt: skip
    assert status == 2
    assert "--set: subject: send_offer takes no such detail; known: topics, received_on" in err
    status, _, err = run(
        capsys, "step", KEY, "send_offer", "--set", "topics", "--db", db, "--lang", "en"
    )
    assert status == 2
    assert "--set: topics: expected NAME=VALUE" in err
    assert events(capsys, db) == []
    # the file gives the topics, --set overrides the bad day, a list field takes one item each time
    data = step(
        capsys, db, "step", KEY, "send_offer", "--as", "union_chief", "--from", str(details),
        "--set", "received_on=2019-11-07", "--on", "2019-11-06",
    )  # fmt: skip
    assert data["event"]["facts"]["offer"]["received_on"] == "2019-11-07"
    assert data["event"]["facts"]["offer"]["topics"] == ["劳动报酬"]


def test_set_repeated_gives_a_list_and_a_missing_option_is_named(
    negotiating: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run(capsys, "suspend", KEY, "--db", negotiating, "--lang", "en")
    assert status == 2
    assert "--resume-on: resume_on:" in err
    data = step(
        capsys, negotiating, "step", KEY, "record_meeting", "--as", "employer_chief",
        "--set", "topics=劳动报酬", "--set", "topics=工作时间", "--on", "2019-12-03",
    )  # fmt: skip
    assert data["event"]["facts"]["meeting"]["topics"] == ["劳动报酬", "工作时间"]


def test_bad_names_and_a_missing_agreement_exit_2(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run(capsys, "step", KEY, "send_the_offer", "--db", db, "--lang", "en")
    assert status == 2
    assert "TRIGGER: trigger: expected one of: send_offer" in err
    status, _, err = run(capsys, "offer", KEY, "--topic", "x", "--as", "chief", "--db", db)
    assert status == 2
    assert "--as: role:" in err
    assert "union_chief" in err
    status, _, err = run(capsys, "step", KEY, "send_offer", "--set", "topics=x", "--db", db)
    assert status == 2  # two roles may send an offer: say which
    assert "--as" in err
    assert "union_chief, employer_chief" in err
    status, _, err = run(capsys, "offer", "nobody", "--topic", "x", "--db", db)
    assert status == 2
    assert "nobody" in err
    assert events(capsys, db) == []


def test_allowed_lists_the_steps_and_who_may_take_them(
    negotiating: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, "allowed", KEY, "--db", negotiating, "--format", "json")
    assert status == 0
    data = json.loads(out)
    assert data["state"] == "negotiating"
    listed = {item["trigger"]: item for item in data["allowed"]}
    assert set(listed) == {"record_meeting", "suspend", "request_coordination", "agree_draft"}
    assert listed["request_coordination"]["roles"] == [
        "union_chief",
        "employer_chief",
        "labour_bureau",
    ]
    assert listed["suspend"]["command"] == "suspend"
    assert listed["request_coordination"]["command"] == "step request_coordination"
    status, out, _ = run(
        capsys, "allowed", KEY, "--as", "labour_bureau", "--db", negotiating, "--format", "json"
    )
    assert [item["trigger"] for item in json.loads(out)["allowed"]] == ["request_coordination"]
    status, out, _ = run(capsys, "allowed", KEY, "--db", negotiating)
    assert "协商中（negotiating）" in out
    assert "《集体合同规定》第三十五条" in out


def test_object_and_amend(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    step(capsys, db, "offer", KEY, "--topic", "劳动报酬", "--on", "2019-11-06")
    step(capsys, db, "reply", KEY, "--on", "2019-11-20")
    step(capsys, db, "meeting", KEY, "--on", "2019-12-02")
    step(capsys, db, "draft", KEY, "--on", "2019-12-21")
    step(capsys, db, "step", KEY, "submit_to_congress", "--on", "2019-12-22")
    step(capsys, db, "vote", KEY, "--members", "10", "--present", "10", "--in-favour", "9")
    step(capsys, db, "sign", KEY)
    step(capsys, db, "file", KEY)
    objected = step(capsys, db, "object", KEY, "--opinion", "第五条不合法", "--item", "第五条")
    assert objected["state"] == "objected"
    assert objected["event"]["facts"]["objection"]["items"] == ["第五条"]
    status, _, err = run(capsys, "amend", KEY, "--ground", "by_agreement", "--db", db)
    assert status == 1  # only an agreement in force is amended
    assert "第四十一条" in err
