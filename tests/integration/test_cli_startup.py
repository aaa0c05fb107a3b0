"""The command line starts fast: ``--help`` and ``--version`` load no model, database or law."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = (
    "pydantic",
    "sqlalchemy",
    "alembic",
    "yaml",
    "chinese_calendar",
    "docxtpl",
    "docx",
    "jinja2",
    "icalendar",
)
COMMANDS = {
    "allowed",
    "amend",
    "contest",
    "cost",
    "db",
    "deadlines",
    "diagram",
    "diff",
    "draft",
    "export",
    "file",
    "history",
    "import",
    "list",
    "meeting",
    "new",
    "object",
    "offer",
    "play",
    "playbook",
    "publish",
    "render",
    "render-all",
    "render-many",
    "renew",
    "reply",
    "rules",
    "scenario",
    "schema",
    "show",
    "sign",
    "simulate",
    "step",
    "suspend",
    "templates",
    "tournament",
    "validate",
    "verify",
    "vote",
}


def loaded_after(code: str) -> list[str]:
    probe = (
        "import sys\n"
        f"{code}\n"
        f"heavy = sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r} "
        "or m.startswith(('bargain.law', 'bargain.store', 'bargain.domain.agreement')))\n"
        "print('LOADED', ' '.join(heavy))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    line = next(line for line in result.stdout.splitlines() if line.startswith("LOADED"))
    return line.split()[1:]


@pytest.mark.parametrize("option", ["--help", "--version"])
def test_help_and_version_load_no_model_no_database_and_no_law(option: str) -> None:
    code = f"from bargain.cli import main\nassert main([{option!r}]) == 0"
    assert loaded_after(code) == []


def test_a_command_loads_what_it_needs_when_it_runs() -> None:
    code = "from bargain.cli import main\nassert main(['schema', '--model', 'Rate']) == 0"
    loaded = loaded_after(code)
    assert "pydantic" in loaded
    assert "sqlalchemy" not in loaded


def test_importing_the_app_registers_every_command() -> None:
    probe = (
        "from typer.testing import CliRunner\n"
        "from bargain.cli.app import app\n"
        "result = CliRunner().invoke(app, ['--help'], prog_name='bargain')\n"
        "assert result.exit_code == 0, result.output\n"
        "print(result.output)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    section = result.stdout.split("Commands:", 1)[1]
    listed = {line.split()[0] for line in section.splitlines() if line.strip()}
    assert listed == COMMANDS
