"""The database commands as a user meets them: import, list, show, history, deadlines, verify,
export, db upgrade."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import icalendar
import pytest
import sqlalchemy as sa

from bargain import FixedClock, Role, SqlStore, Workflow
from bargain.cli import main
from bargain.domain.lifecycle import SendOffer
from tests.conftest import SECTOR_AGREEMENT

KEY = "bengbu-delivery-sector-agreement"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'bargain.db'}"


@pytest.fixture
def offered(db: str, capsys: pytest.CaptureFixture[str]) -> str:
    """The sector agreement imported, with its offer sent on 2019-11-06."""
    assert run(capsys, "import", str(SECTOR_AGREEMENT), "--db", db)[0] == 0
    store = SqlStore(db)
    workflow = Workflow(store.unit_of_work, clock=FixedClock(dt.date(2019, 11, 6)))
    workflow.handle(KEY, SendOffer(topics=["劳动报酬"]), Role.UNION_CHIEF)
    store.dispose()
    return db


def test_import_then_list_and_show(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "import", str(SECTOR_AGREEMENT), "--db", db)
    assert status == 0
    assert f"已导入集体合同 {KEY}（拟定要约，0个事件）" in out
    status, out, _ = run(capsys, "list", "--db", db, "--format", "json")
    assert status == 0
    assert [a["id"] for a in json.loads(out)["items"]] == [KEY]
    assert json.loads(
        run(capsys, "list", "--db", db, "--state", "signed", "--format", "json")[1]
    ) == {
        "items": [],
        "after": None,
    }
    status, out, _ = run(capsys, "list", "--db", db, "--sector", "food-delivery", "--lang", "en")
    assert status == 0
    assert "Bengbu" in out  # the English title; the columns wrap rather than cut
    status, out, _ = run(capsys, "show", KEY, "--db", db, "--lang", "en")
    assert status == 0
    assert "Bengbu" in out
    status, _, err = run(capsys, "import", str(SECTOR_AGREEMENT), "--db", db)
    assert status == 2
    assert "已经存在" in err


def test_history_and_deadlines(
    offered: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    status, out, _ = run(capsys, "history", KEY, "--db", offered, "--format", "json")
    assert status == 0
    assert [e["type"] for e in json.loads(out)] == ["offer_sent"]
    status, out, _ = run(capsys, "history", KEY, "--db", offered)
    assert "已发出要约" in out
    assert "第三十二条" in out
    status, out, _ = run(
        capsys, "deadlines", "--db", offered, "--on", "2019-11-27", "--format", "json"
    )
    (reply,) = json.loads(out)["items"]
    assert (reply["kind"], reply["overdue"], reply["due"]) == ("reply", True, "2019-11-26")
    status, out, _ = run(
        capsys, "deadlines", "--db", offered, "--on", "2019-11-01", "--within", "3"
    )
    assert "没有逾期或临近的期限" in out


def test_deadlines_as_an_icalendar_file(
    offered: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ics = tmp_path / "deadlines.ics"
    assert (
        run(capsys, "deadlines", "--db", offered, "--on", "2019-11-20", "--ics", str(ics))[0] == 0
    )
    text = ics.read_bytes().decode("utf-8")
    assert text.startswith("BEGIN:VCALENDAR\r\n")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    calendar = icalendar.Calendar.from_ical(ics.read_bytes())
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("dtstart") == dt.date(2019, 11, 26)
    assert str(event["summary"]) == f"回应要约：{KEY}"
    assert "第三十二条" in str(event["description"])
    (alarm,) = event.walk("VALARM")
    assert str(alarm["action"]) == "DISPLAY"
    assert alarm.decoded("trigger") == -dt.timedelta(days=3)
    assert str(alarm["description"]) == f"3日后到期：回应要约：{KEY}"


def test_verify_passes_then_fails_after_a_byte_changes(
    offered: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, "verify", "--db", offered)
    assert status == 0
    assert "哈希链完整" in out
    engine = sa.create_engine(offered)
    with engine.begin() as connection:
        body = connection.execute(sa.text("SELECT body FROM events")).scalar_one()
        forged = body.replace('"union_chief"', '"employer_chief"')  # who sent the offer
        assert forged != body
        connection.execute(sa.text("UPDATE events SET body = :body"), {"body": forged})
    engine.dispose()
    status, out, _ = run(capsys, "verify", KEY, "--db", offered, "--format", "json")
    assert status == 1
    (check,) = json.loads(out)
    assert (check["ok"], check["broken_at"]) == (False, 1)


def test_export_and_import_keep_the_history(
    offered: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, "export", KEY, "--db", offered)
    assert status == 0
    exported = tmp_path / "export.json"
    exported.write_text(out, encoding="utf-8")
    other = f"sqlite:///{tmp_path / 'other.db'}"
    status, out, _ = run(capsys, "import", str(exported), "--db", other, "--lang", "en")
    assert status == 0
    assert "offer sent, 1 events" in out
    assert run(capsys, "verify", "--db", other)[0] == 0
    again = json.loads(run(capsys, "export", KEY, "--db", other)[1])
    assert again == json.loads(exported.read_text(encoding="utf-8"))


def test_a_broken_export_is_refused_with_its_path(
    tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps({"format": "bargain-export/1", "opening": {"id": "x"}}))
    status, _, err = run(capsys, "import", str(broken), "--db", db)
    assert status == 2
    assert str(broken) in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ("[" * 100_000 + "]" * 100_000, "(document): nested too deeply"),
        (
            json.dumps({"format": "bargain-export/1", "opening": {}, "events": 7, "snapshot": {}}),
            "events: expected a list; found 7",
        ),
        (
            json.dumps({"format": "bargain-export/1", "by": "hand"}),
            "by: an unknown field (a typo?); found 'hand'",
        ),
    ],
    ids=["deep", "events-not-a-list", "unknown-key"],
)
def test_import_of_a_bad_export_names_the_file_and_field_without_a_traceback(
    tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str], document: str, expected: str
) -> None:
    broken = tmp_path / "export.json"
    broken.write_text(document, encoding="utf-8")
    status, _, err = run(capsys, "import", str(broken), "--db", db, "--lang", "en")
    assert status == 2
    assert f"{broken}: {expected}\n" in err


def test_unknown_ids_and_unusable_databases_exit_2_without_a_traceback(
    offered: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run(capsys, "history", "missing", "--db", offered, "--lang", "en")
    assert status == 2
    assert "no agreement with id 'missing'" in err
    status, _, err = run(
        capsys, "list", "--db", "postgresql+psycopg://nobody@127.0.0.1:1/none", "--lang", "en"
    )
    assert status == 2
    assert "could not be used" in err
    assert "Traceback" not in err


def test_db_upgrade_reports_the_revision(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "db", "upgrade", "--db", db, "--lang", "en")
    assert status == 0
    assert "is at revision 0003 (newest 0003)" in out


def test_the_other_commands_print_json_too(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "db", "upgrade", "--db", db, "--format", "json")
    assert (status, json.loads(out)["revision"]) == (0, "0003")
    status, out, _ = run(capsys, "import", str(SECTOR_AGREEMENT), "--db", db, "--format", "json")
    assert (status, json.loads(out)["status"]) == (0, "drafting")
    status, out, _ = run(capsys, "show", KEY, "--db", db, "--format", "json")
    assert (status, json.loads(out)["id"]) == (0, KEY)
    status, out, _ = run(capsys, "show", str(SECTOR_AGREEMENT), "--format", "json")
    assert json.loads(out)["kind"] == "sector"
    status, out, _ = run(capsys, "verify", "--db", db, "--format", "json")
    assert json.loads(out)[0]["ok"] is True


@pytest.mark.parametrize(
    "url",
    [
        "sqlite:////no/such/folder/x.db",
        "mysql+nodriver://x/y",
        "postgresql+psycopg://me@host:port/db",
        "sqlite://host/x.db",
    ],
)
def test_a_bad_database_url_is_a_clear_error(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "import", str(SECTOR_AGREEMENT), "--db", url, "--lang", "en")
    assert status == 2
    assert err.startswith(f"the database {url} could not be used: ")
    assert err.count("\n") == 1


def test_a_database_from_a_newer_bargain_is_refused(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "db", "upgrade", "--db", db)[0] == 0
    engine = sa.create_engine(db)
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    status, _, err = run(capsys, "list", "--db", db, "--lang", "en")
    assert status == 2
    assert "cannot be migrated by this version of bargain" in err


def test_db_takes_a_file_path_as_well_as_a_url(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "import", str(SECTOR_AGREEMENT), "--db", "build.db")[0] == 0
    assert (tmp_path / "build.db").is_file()
    # The same file, named by a path, a relative URL and an absolute one.
    for db in ("build.db", str(tmp_path / "build.db"), "sqlite:///build.db"):
        status, out, _ = run(capsys, "list", "--db", db, "--format", "json")
        assert (status, [a["id"] for a in json.loads(out)["items"]]) == (0, [KEY]), db
    status, out, _ = run(capsys, "show", KEY, "--db", "build.db", "--format", "json")
    assert (status, json.loads(out)["id"]) == (0, KEY)
    monkeypatch.setenv("BARGAIN_DATABASE_URL", "build.db")
    status, out, _ = run(capsys, "verify", "--lang", "en")
    assert (status, out) == (0, f"{KEY}: 0 events, chain intact, snapshot matches\n")


@pytest.mark.parametrize(
    "command",
    [
        ["show", KEY],
        ["list"],
        ["history", KEY],
        ["deadlines"],
        ["verify"],
        ["export", KEY],
    ],
)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_commands_that_only_read_do_not_create_a_database(
    command: list[str], lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "typo.db"
    status, out, err = run(capsys, *command, "--db", str(missing), "--lang", lang)
    assert status == 2
    assert out == ""
    expected = {
        "zh": f"数据库文件 {missing} 不存在（未新建）\n",
        "en": f"there is no database file {missing} (none was created)\n",
    }
    assert err == expected[lang]
    assert not missing.exists()


def test_a_database_without_bargain_tables_is_not_read_as_empty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other.db"
    engine = sa.create_engine(f"sqlite:///{other}")
    with engine.begin() as connection:
        connection.execute(sa.text("CREATE TABLE notes (body TEXT)"))
    engine.dispose()
    status, _, err = run(capsys, "list", "--db", str(other), "--lang", "en")
    assert status == 2
    assert err == (
        f"the database sqlite:///{other} holds no bargain tables "
        "(create them with bargain db upgrade or bargain import)\n"
    )
    assert sa.inspect(sa.create_engine(f"sqlite:///{other}")).get_table_names() == ["notes"]


@pytest.mark.parametrize(
    ("url", "scheme"),
    [("foo://bar", "foo"), ("mysql://x/y", "mysql"), ("oracle+x://h/d", "oracle+x")],
)
def test_an_unknown_database_scheme_is_one_line(
    url: str, scheme: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, "import", str(SECTOR_AGREEMENT), "--db", url, "--lang", "en")
    assert (status, out) == (2, "")
    assert err == (
        f"the database {url} could not be used: unknown database scheme {scheme!r} "
        "(bargain takes sqlite:///FILE, a file path, or postgresql+psycopg://…)\n"
    )
    _, _, err = run(capsys, "list", "--db", url)
    assert err.count("\n") == 1
    assert f"未知的数据库类型 {scheme!r}" in err
