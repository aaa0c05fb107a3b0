"""``bargain rules``: list the rules ``validate`` runs."""

from __future__ import annotations

import typer

from bargain.cli.root import app


@app.command("rules")
def rules_command() -> None:
    """Print the rule catalogue (Markdown): id, severity, what it checks, citation, law."""
    from bargain.law.catalogue import render_catalogue
    from bargain.law.rules import default_registry

    typer.echo(render_catalogue(default_registry()), nl=False)
