"""``bargain schema``: print the JSON Schema of a public model."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from bargain.cli.root import LangOption, app, failures


@app.command("schema")
def schema_command(
    lang: LangOption,
    model: Annotated[
        str,
        typer.Option("--model", "-m", help="Public model name (Agreement, Clause, Rate…)."),
    ] = "Agreement",
    serialization: Annotated[
        bool,
        typer.Option(
            "--serialization", help="Describe what bargain writes instead of what it accepts."
        ),
    ] = False,
) -> None:
    """Print the JSON Schema (draft 2020-12) of a model; host systems build forms from it."""
    from bargain.schema import json_schema

    with failures(lang):
        schema = json_schema(model, mode="serialization" if serialization else "validation")
    typer.echo(json.dumps(schema, ensure_ascii=False, indent=2))
