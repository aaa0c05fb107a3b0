"""``bargain show``: print an agreement for people to read, in Chinese or English.

The printer itself is :func:`bargain.render.console.render_agreement`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from bargain.cli.root import LangOption, app, failures, stdout
from bargain.cli.validate import OutputFormat


@app.command("show")
def show_command(
    source: Annotated[
        str,
        typer.Argument(
            metavar="ID|FILE",
            help="An agreement file (.yaml, .yml, .json), or the id of a stored agreement.",
        ),
    ],
    lang: LangOption,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Database to read an id from: an SQLite file path or a URL. "
            "Default: $BARGAIN_DATABASE_URL, else ./bargain.db.",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        OutputFormat, typer.Option("--format", help="text, or json (the agreement's JSON form).")
    ] = OutputFormat.TEXT,
) -> None:
    """Print an agreement readably: parties, delegations, scope, term and every clause."""
    from bargain.files import load_agreement
    from bargain.render.console import render_agreement

    with failures(lang):
        if _looks_like_file(source):
            agreement = load_agreement(source)
        else:
            from bargain.cli.store import open_workflow

            agreement = open_workflow(db, existing=True).get(source)
    if fmt is OutputFormat.JSON:
        typer.echo(json.dumps(agreement.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return
    stdout().print(render_agreement(agreement, lang))


def _looks_like_file(source: str) -> bool:
    path = Path(source)
    return path.exists() or path.suffix.lower() in {".yaml", ".yml", ".json"} or "/" in source
