"""``bargain diagram``: draw the procedure from its transition table."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from bargain.cli.root import LangOption, app


class DiagramFormat(StrEnum):
    """What ``bargain diagram`` can print."""

    MERMAID = "mermaid"
    DOT = "dot"
    TABLE = "table"


@app.command("diagram")
def diagram_command(
    lang: LangOption,
    fmt: Annotated[
        DiagramFormat,
        typer.Option(
            "--format",
            "-f",
            help="mermaid (stateDiagram-v2), dot (Graphviz) or table (Markdown).",
            case_sensitive=False,
        ),
    ] = DiagramFormat.MERMAID,
) -> None:
    """Print the procedure (集体协商程序): states, steps, who acts, time limits, articles."""
    from bargain.render.diagram import dot, mermaid, table

    render = {DiagramFormat.MERMAID: mermaid, DiagramFormat.DOT: dot, DiagramFormat.TABLE: table}
    typer.echo(render[fmt](lang), nl=False)
