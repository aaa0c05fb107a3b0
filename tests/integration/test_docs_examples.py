"""The Python examples in the docs and the example scripts run as written, from the project root."""

from __future__ import annotations

import os
import re
import runpy
from pathlib import Path

import pytest

from tests.conftest import ROOT

PAGES = ["docs/procedure.md", "README.md"]


def python_blocks(page: Path) -> list[str]:
    return re.findall(r"```python\n(.*?)```", page.read_text(encoding="utf-8"), flags=re.DOTALL)


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
