"""The curated surface of ``import bargain``: what docs/api.md documents is what ``__all__`` holds."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import bargain

API_PAGE = Path(__file__).resolve().parents[2] / "docs" / "api.md"
ROW = re.compile(r"^\| `([A-Za-z_][A-Za-z0-9_]*)` \| (.+) \|$")


def documented_names() -> list[str]:
    names = []
    for line in API_PAGE.read_text(encoding="utf-8").splitlines():
        match = ROW.match(line)
        if match:
            assert match.group(2).strip(), f"{match.group(1)} has no description in docs/api.md"
            names.append(match.group(1))
    return names


def test_every_public_name_is_documented_in_docs_api() -> None:
    undocumented = set(bargain.__all__) - set(documented_names())
    assert not undocumented, f"not documented in docs/api.md: {sorted(undocumented)}"


def test_docs_api_documents_nothing_that_is_not_public() -> None:
    extra = set(documented_names()) - set(bargain.__all__)
    assert not extra, f"docs/api.md documents names that bargain does not export: {sorted(extra)}"


def test_docs_api_documents_each_name_once() -> None:
    names = documented_names()
    assert len(names) == len(set(names))


def test_importing_bargain_loads_no_model_database_or_law() -> None:
    probe = (
        "import sys, bargain; "
        "print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('pydantic', 'sqlalchemy', 'alembic', 'yaml', 'rich', 'typer', 'chinese_calendar') "
        "or m.startswith(('bargain.law', 'bargain.domain', 'bargain.store')))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == []


def test_a_public_name_is_loaded_when_it_is_first_used() -> None:
    probe = (
        "import sys, bargain; before = 'bargain.errors' in sys.modules; "
        "error = bargain.UnknownAgreement('x'); "
        "print(before, 'bargain.errors' in sys.modules, 'pydantic' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "True", "False"]
