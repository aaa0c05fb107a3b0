"""``bargain list`` and ``bargain deadlines`` page by page: ``--limit``, ``--after`` and filters."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from bargain import FixedClock, Role, SqlStore, Workflow
from bargain.cli import main
from bargain.domain.agreement import AgreementKind, Scope
from bargain.domain.lifecycle import SendOffer
from bargain.law.procedure import lifecycle as law_lifecycle
from tests.steps import procedure_agreement


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


REGIONS = {"a-hefei": "340100", "b-bengbu": "340300", "c-beijing": "110101", "d-shushan": "340104"}


@pytest.fixture
def db(tmp_path: Path) -> str:
    """Four agreements; three of them sent their offer on consecutive days."""
    url = f"sqlite:///{tmp_path / 'bargain.db'}"
    store = SqlStore(url)
    clock = FixedClock(dt.date(2019, 11, 4))
    workflow = Workflow(store.unit_of_work, lifecycle=law_lifecycle(), clock=clock)
    for key, region in REGIONS.items():
        kind = AgreementKind.REGIONAL if key == "a-hefei" else AgreementKind.SECTOR
        workflow.open(procedure_agreement(id=key, kind=kind, scope=Scope(region=region)))
    for key in ("d-shushan", "a-hefei", "b-bengbu"):
        clock.advance(days=1)
        workflow.handle(key, SendOffer(topics=["劳动报酬"]), Role.UNION_CHIEF)
    store.dispose()
    return url


def test_list_pages_with_a_cursor_in_json(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "list", "--db", db, "--limit", "3", "--format", "json")
    first = json.loads(out)
    assert (status, err) == (0, "")
    assert [a["id"] for a in first["items"]] == ["a-hefei", "b-bengbu", "c-beijing"]
    assert first["after"] == "c-beijing"
    assert [a["next_due_kind"] for a in first["items"]] == ["reply", "reply", None]
    status, out, _ = run(
        capsys, "list", "--db", db, "--limit", "3", "--after", "c-beijing", "--format", "json"
    )
    assert json.loads(out) == {"items": [json.loads(out)["items"][0]], "after": None}
    assert json.loads(out)["items"][0]["id"] == "d-shushan"
    assert json.loads(out)["items"][0]["next_due"] == "2019-11-25"  # sent on 5 November


def test_list_filters_by_kind_and_region(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    def ids(*args: str) -> list[str]:
        status, out, _ = run(capsys, "list", "--db", db, "--format", "json", *args)
        assert status == 0
        return [a["id"] for a in json.loads(out)["items"]]

    assert ids("--region", "340000") == ["a-hefei", "b-bengbu", "d-shushan"]
    assert ids("--region", "340100") == ["a-hefei", "d-shushan"]
    assert ids("--kind", "sector") == ["b-bengbu", "c-beijing", "d-shushan"]
    assert ids("--kind", "sector", "--region", "340100") == ["d-shushan"]
    assert ids("--state", "offer_sent", "--after", "a-hefei") == ["b-bengbu", "d-shushan"]
    status, _, err = run(capsys, "list", "--db", db, "--kind", "national", "--lang", "en")
    assert status == 2
    assert "expected one of: comprehensive, special, sector, regional, supplementary" in err


def test_list_prints_a_line_per_agreement_and_the_cursor_on_standard_error(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, "list", "--db", db, "--limit", "2", "--lang", "en")
    lines = out.splitlines()
    assert status == 0
    assert lines[0].split("\t") == ["id", "title", "state", "kind", "sector", "term"]
    assert [line.split("\t")[0] for line in lines[1:]] == ["a-hefei", "b-bengbu"]
    assert lines[1].split("\t")[2:4] == ["offer sent", "regional agreement"]
    assert err == "next page: --after b-bengbu\n"
    status, out, err = run(capsys, "list", "--db", db, "--after", "b-bengbu")
    assert [line.split("\t")[0] for line in out.splitlines()[1:]] == ["c-beijing", "d-shushan"]
    assert err == ""


def test_deadlines_page_soonest_first(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    on = ["--on", "2019-11-20", "--format", "json"]
    status, out, _ = run(capsys, "deadlines", "--db", db, *on, "--limit", "2")
    page = json.loads(out)
    assert status == 0
    assert [d["agreement_id"] for d in page["items"]] == ["d-shushan", "a-hefei"]
    assert page["after"] == f"{page['items'][1]['due']}/a-hefei/reply"
    status, out, _ = run(
        capsys, "deadlines", "--db", db, *on, "--limit", "2", "--after", page["after"]
    )
    assert [d["agreement_id"] for d in json.loads(out)["items"]] == ["b-bengbu"]
    assert json.loads(out)["after"] is None
    status, out, err = run(capsys, "deadlines", "--db", db, "--on", "2019-11-20", "--limit", "1")
    assert "d-shushan：回应要约" in out
    assert err.startswith("下一页：--after ")
    status, _, err = run(capsys, "deadlines", "--db", db, "--after", "later", "--lang", "en")
    assert status == 2
    assert "expected a cursor as the page before gave it" in err
