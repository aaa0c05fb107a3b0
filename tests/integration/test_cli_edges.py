"""The command line at its edges: a reader that goes away, Ctrl-C at any moment, unwritable files.

These run the installed command in a subprocess, because pipes and signals belong to processes.
"""

from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from bargain.cli import main
from tests.conftest import SECTOR_AGREEMENT

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX pipes and signals")


def bargain_command() -> list[str]:
    command = shutil.which("bargain", path=str(Path(sys.executable).parent))
    return [command] if command else [sys.executable, "-m", "bargain"]


@pytest.fixture
def stored(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    db = f"sqlite:///{tmp_path / 'bargain.db'}"
    assert main(["import", str(SECTOR_AGREEMENT), "--db", db]) == 0
    capsys.readouterr()
    return db


@pytest.mark.parametrize(
    "command", [["verify"], ["list"], ["history", "bengbu-delivery-sector-agreement"]]
)
def test_a_reader_that_goes_away_is_not_reported_as_a_broken_history(
    stored: str, command: list[str]
) -> None:
    process = subprocess.Popen(
        [*bargain_command(), *command, "--db", stored],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    assert process.stderr is not None
    process.stdout.close()  # as `| head` does once it has what it wants
    error = process.stderr.read().decode()
    status = process.wait(timeout=60)
    process.stderr.close()
    assert (status, error) == (141, "")


def test_an_unwritable_calendar_file_is_one_line_and_status_2(
    stored: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "no-such-directory" / "deadlines.ics"
    status = main(["deadlines", "--db", stored, "--ics", str(target), "--lang", "en"])
    _, err = capsys.readouterr()
    assert status == 2
    assert err == f"{target}: cannot write: No such file or directory\n"


def _reader(stream: object, lines: queue.Queue[str]) -> None:
    for raw in stream:  # type: ignore[attr-defined]
        lines.put(raw.decode(errors="replace"))
    lines.put("")  # the end


def interrupt_after(fifo: Path, imports: int) -> tuple[int, list[str]]:
    """Start ``bargain validate FIFO``, send Ctrl-C after it has loaded ``imports`` more modules.

    ``-X importtime`` reports each import as it finishes, which tells where the command is; a
    FIFO with no writer keeps it waiting once it has loaded everything.
    """
    process = subprocess.Popen(
        [sys.executable, "-X", "importtime", "-m", "bargain", "validate", str(fifo)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=_reader, args=(process.stderr, lines), daemon=True).start()
    seen: list[str] = []
    try:
        while "bargain.cli" not in (line := lines.get(timeout=60)):
            seen.append(line)
        for _ in range(imports):
            try:
                line = lines.get(timeout=2)
            except queue.Empty:
                break  # everything is loaded: the command waits on the FIFO
            seen.append(line)
        process.send_signal(signal.SIGINT)
        status = process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        assert process.stdout is not None
        process.stdout.close()
    while (line := lines.get(timeout=10)) != "":
        seen.append(line)
    assert process.stderr is not None
    process.stderr.close()
    return status, [line for line in seen if not line.startswith("import time:")]


@pytest.mark.parametrize("imports", [0, 3, 15, 40, 10_000])
def test_ctrl_c_at_any_moment_exits_130_without_a_traceback(tmp_path: Path, imports: int) -> None:
    fifo = tmp_path / "agreement.yaml"
    os.mkfifo(fifo)
    status, errors = interrupt_after(fifo, imports)
    assert (status, errors) == (130, [])
