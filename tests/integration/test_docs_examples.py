"""The Python examples in the docs and the example scripts run as written, from the project root."""

from __future__ import annotations

import os
import re
import runpy
import textwrap
from pathlib import Path

import pytest
import sqlalchemy as sa

from bargain.cli import main
from tests.conftest import ROOT

PAGES = ["docs/procedure.md", "docs/model.md", "README.md"]


def python_blocks(page: Path) -> list[str]:
    text = page.read_text(encoding="utf-8")
    # A block inside a list item is indented with the item.
    return [textwrap.dedent(b) for b in re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL)]


@pytest.mark.parametrize("name", PAGES)
def test_the_examples_of_a_page_run(name: str) -> None:
    blocks = python_blocks(ROOT / name)
    assert blocks, f"{name} has no Python example"
    namespace: dict[str, object] = {}
    here = Path.cwd()
    os.chdir(ROOT)
    try:
        for number, block in enumerate(blocks, 1):
            exec(compile(block, f"{name}, example {number}", "exec"), namespace)
    finally:
        os.chdir(here)
    if name == "docs/procedure.md":
        workflow, agreement = namespace["workflow"], namespace["agreement"]
        assert workflow.get(agreement.id).procedure.reply.late_days == 1
        assert namespace["report"].overdue == ()


def test_the_procedure_example_runs_from_offer_to_publication(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    database = tmp_path / "demo.db"
    argv = ["bengbu_procedure.py", "--lang", "en", "--db", str(database)]
    monkeypatch.setattr("sys.argv", argv)
    namespace = runpy.run_path(str(ROOT / "examples" / "bengbu_procedure.py"))
    namespace["main"]()
    out = capsys.readouterr().out
    assert "reply to the offer, due 2019-11-26, 1 day overdue" in out
    assert "120 needed" in out
    assert "11  2020-01-03  published" in out
    assert "10  2019-12-28  took effect" in out
    assert database.exists()


def test_the_demo_database_verifies_until_one_byte_of_an_event_changes(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    database = tmp_path / "demo.db"
    monkeypatch.setattr("sys.argv", ["bengbu_procedure.py", "--db", str(database)])
    runpy.run_path(str(ROOT / "examples" / "bengbu_procedure.py"))["main"]()
    url = f"sqlite:///{database}"
    assert main(["verify", "--db", url]) == 0
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        body = connection.execute(
            sa.text("SELECT body FROM events WHERE sequence = 7")
        ).scalar_one()
        forged = body.replace('"present": 150', '"present": 151', 1)  # one byte of the vote
        assert len(forged) == len(body)
        assert sum(a != b for a, b in zip(body, forged, strict=True)) == 1
        connection.execute(
            sa.text("UPDATE events SET body = :body WHERE sequence = 7"), {"body": forged}
        )
    engine.dispose()
    capsys.readouterr()
    assert main(["verify", "--db", url, "--lang", "en"]) == 1
    assert "event 7 was changed" in capsys.readouterr().out
