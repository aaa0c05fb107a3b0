"""The Typer application and the entry point that turns errors into exit statuses."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Annotated

import typer
from rich.console import Console

from bargain.__about__ import __version__
from bargain.domain.language import Lang
from bargain.errors import BargainError, InvalidDocument

__all__ = ["EXIT_INPUT", "LangOption", "app", "failures", "main", "stderr", "stdout"]

EXIT_INPUT = 2
"""Exit status when the input cannot be read (the same as a usage error)."""

app = typer.Typer(
    name="bargain",
    help="集体合同（collective agreements）: check, show and run the bargaining procedure.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _default_lang() -> Lang:
    value = os.environ.get("BARGAIN_LANG", Lang.ZH.value).strip().lower()
    return Lang.EN if value.startswith("en") else Lang.ZH


LangOption = Annotated[
    Lang,
    typer.Option(
        "--lang",
        help="Language of the output: zh (简体中文) or en. Default: $BARGAIN_LANG, else zh.",
        default_factory=_default_lang,
        show_default=False,
    ),
]


def stdout() -> Console:
    """A console on standard output (no colour when it is not a terminal)."""
    return Console(highlight=False, soft_wrap=False)


def stderr() -> Console:
    """A console on standard error."""
    return Console(stderr=True, highlight=False, soft_wrap=True)


@contextmanager
def failures(lang: Lang) -> Iterator[None]:
    """Turn bargain's errors into messages on standard error and exit status 2."""
    try:
        yield
    except InvalidDocument as error:
        console = stderr()
        for problem in error.problems:
            console.print(problem.render(lang), markup=False)
        raise typer.Exit(EXIT_INPUT) from None
    except BargainError as error:
        stderr().print(error.message(lang), markup=False)
        raise typer.Exit(EXIT_INPUT) from None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"bargain {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """集体合同 (collective agreements) as code."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit status (0 ok, 1 findings, 2 bad input)."""
    # Importing the command modules registers their commands on ``app``.
    from bargain.cli import diagram, rules, schema, show, store, validate  # noqa: F401

    try:
        app(args=list(sys.argv[1:] if argv is None else argv), prog_name="bargain")
    except SystemExit as done:
        code = done.code
        if code is None or isinstance(code, int):
            return code or 0
        stderr().print(str(code), markup=False)
        return 1
    except BargainError as error:  # a command that forgot ``failures``: still no traceback
        stderr().print(error.message(_default_lang()), markup=False)
        return EXIT_INPUT
    return 0
