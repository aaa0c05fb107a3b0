"""The ``bargain`` command line.

Every command reads ``--lang`` (``zh``, the default, or ``en``; the ``BARGAIN_LANG`` environment
variable sets the default). A command that cannot read its input prints one line per problem to
standard error and exits with status 2, never with a traceback; Ctrl-C exits with status 130.

Importing this package installs a :data:`sys.excepthook` that ends the process quietly with status
130 on a Ctrl-C that nothing caught (one that lands between loading the command and running it);
every other exception goes to the hook that was there before.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bargain.cli.app import app

__all__ = ["app", "main"]

_INTERRUPTED = 130


def main(argv: Sequence[str] | None = None) -> int:
    """The entry point of ``bargain``: see :func:`bargain.cli.app.main`.

    The command line is imported here rather than at the top, so that Ctrl-C while it loads also
    exits with status 130 and no traceback.
    """
    try:
        from bargain.cli.app import main as run

        return run(argv)
    except KeyboardInterrupt:
        return _INTERRUPTED


def _quiet_interrupt(
    kind: type[BaseException], value: BaseException, traceback: TracebackType | None
) -> None:
    if not issubclass(kind, KeyboardInterrupt):
        _previous_hook(kind, value, traceback)
        return
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(_INTERRUPTED)  # Python would print the traceback and kill itself with SIGINT


_previous_hook = sys.excepthook
sys.excepthook = _quiet_interrupt


def __getattr__(name: str) -> Any:
    if name == "app":
        from bargain.cli.app import app

        return app
    raise AttributeError(f"module 'bargain.cli' has no attribute {name!r}")
