"""The root of the command line: the Typer application, its shared options and error handling.

This module and the command modules import only what ``bargain --help`` needs (Typer and light
enums); each command imports the library when it runs, so the command line starts fast.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from bargain.__about__ import __version__
from bargain.domain.language import Lang
from bargain.errors import BargainError, InvalidDocument

if TYPE_CHECKING:
    from rich.console import Console

__all__ = [
    "EXIT_INPUT",
    "LangOption",
    "OutputClosed",
    "app",
    "default_lang",
    "failures",
    "stderr",
    "stdout",
]

EXIT_INPUT = 2
"""Exit status when the input cannot be used (the same as a usage error)."""


class OutputClosed(Exception):
    """The reader of standard output went away (``bargain verify | head``).

    Deliberately not an ``OSError``: Typer (and Rich) would turn a broken pipe into exit status 1,
    which ``bargain verify`` uses for a broken history.
    """


class _Root(TyperGroup):
    """The root command group: a broken pipe while a command runs becomes :class:`OutputClosed`."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError as error:
            raise OutputClosed from error


app = typer.Typer(
    name="bargain",
    cls=_Root,
    help="集体合同（collective agreements）: check, show and run the bargaining procedure.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def default_lang() -> Lang:
    """The language of the output when ``--lang`` is not given: ``$BARGAIN_LANG``, else zh."""
    value = os.environ.get("BARGAIN_LANG", Lang.ZH.value).strip().lower()
    return Lang.EN if value.startswith("en") else Lang.ZH


LangOption = Annotated[
    Lang,
    typer.Option(
        "--lang",
        help="Language of the output: zh (简体中文) or en. Default: $BARGAIN_LANG, else zh.",
        default_factory=default_lang,
        show_default=False,
    ),
]


def stdout() -> Console:
    """A console on standard output (no colour when it is not a terminal)."""
    from rich.console import Console

    class Stdout(Console):
        def on_broken_pipe(self) -> None:
            # Rich would exit with status 1, which ``bargain verify`` uses for a broken history.
            raise OutputClosed

    return Stdout(highlight=False, soft_wrap=False)


def stderr() -> Console:
    """A console on standard error."""
    from rich.console import Console

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
