"""``bargain schema``: print the JSON Schema of a public model."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from bargain.cli.root import LangOption, app, failures


@app.command("schema")
def schema_command(
    lang: LangOption,
    name: Annotated[
        str | None,
        typer.Argument(
            metavar="[MODEL]",
            help="Public model name, in any case: agreement (the default), scenario, Rate…",
            show_default=False,
        ),
    ] = None,
    model: Annotated[
        str | None,
        typer.Option(
            "--model",
            "-m",
            help="The same as MODEL (Agreement, Clause, Rate…).",
            show_default=False,
        ),
    ] = None,
    serialization: Annotated[
        bool,
        typer.Option(
            "--serialization", help="Describe what bargain writes instead of what it accepts."
        ),
    ] = False,
) -> None:
    """Print the JSON Schema (draft 2020-12) of a model; host systems build forms from it."""
    from bargain.domain.language import Bilingual
    from bargain.errors import InvalidDocument, Problem
    from bargain.schema import json_schema

    with failures(lang):
        if name is not None and model is not None and name.casefold() != model.casefold():
            raise InvalidDocument(
                [
                    Problem(
                        "--model",
                        "",
                        Bilingual("与 MODEL 参数相同的模型名", "the same model as MODEL"),
                        model,
                    )
                ]
            )
        chosen = name or model or "Agreement"
        schema = json_schema(chosen, mode="serialization" if serialization else "validation")
    typer.echo(json.dumps(schema, ensure_ascii=False, indent=2))
