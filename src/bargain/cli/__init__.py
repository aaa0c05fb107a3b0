"""The ``bargain`` command line.

Every command reads ``--lang`` (``zh``, the default, or ``en``; the ``BARGAIN_LANG`` environment
variable sets the default). A command that cannot read its input prints one line per problem to
standard error and exits with status 2, never with a traceback.
"""

from bargain.cli.app import app, main

__all__ = ["app", "main"]
