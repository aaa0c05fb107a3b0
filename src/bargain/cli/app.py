"""The command line with every command registered, and the entry point that sets exit statuses."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

# Importing the command modules registers their commands on ``app``; they are cheap to import.
from bargain.cli import (  # noqa: F401
    contest,
    cost,
    diagram,
    diff,
    new,
    play,
    playbook,
    render,
    rules,
    scenario,
    schema,
    show,
    simulate,
    step_commands,
    steps,
    store,
    tournament,
    validate,
)
from bargain.cli.root import EXIT_INPUT, OutputClosed, app, default_lang, stderr
from bargain.errors import BargainError

__all__ = ["EXIT_INTERRUPTED", "EXIT_OUTPUT_CLOSED", "app", "main"]

EXIT_INTERRUPTED = 130
"""Exit status after Ctrl-C (128 + SIGINT), as a shell reports a command stopped by it."""

EXIT_OUTPUT_CLOSED = 141
"""Exit status when the reader of the output went away (128 + SIGPIPE), as for ``| head``."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit status.

    0 done, 1 findings (``validate``) or a broken history (``verify``), 2 bad input, 130 Ctrl-C,
    141 the output was closed before it was all written. Never a traceback for any of these.
    """
    try:
        try:
            return _run(argv)
        except KeyboardInterrupt:
            return EXIT_INTERRUPTED
        except (OutputClosed, BrokenPipeError):
            _silence_stdout()
            return EXIT_OUTPUT_CLOSED
    except KeyboardInterrupt:  # a second Ctrl-C while the first was being handled
        return EXIT_INTERRUPTED


def _run(argv: Sequence[str] | None) -> int:
    try:
        app(args=list(sys.argv[1:] if argv is None else argv), prog_name="bargain")
    except SystemExit as done:
        code = done.code
        if code is None or isinstance(code, int):
            _flush()
            return code or 0
        stderr().print(str(code), markup=False)
        return 1
    except BargainError as error:  # a command that forgot ``failures``: still no traceback
        stderr().print(error.message(default_lang()), markup=False)
        return EXIT_INPUT
    _flush()
    return 0


def _flush() -> None:
    # Output still in the buffer would otherwise meet a closed pipe at exit, outside ``main``.
    sys.stdout.flush()


def _silence_stdout() -> None:
    """Point standard output at /dev/null, so that flushing it at exit raises nothing more."""
    try:
        descriptor = sys.stdout.fileno()
    except (OSError, ValueError):  # not a real file (tests capture it): nothing to silence
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, descriptor)
    os.close(devnull)
