"""``bargain scenario``: check a bargaining scenario, or import a GENIUS domain as one.

``check`` prints the case as an organiser reviews it before a contest
(:func:`bargain.simulation.checking.check_case`); ``import-genius`` writes a scenario and its
agreement from a folder of GENIUS / ANAC XML files (:func:`bargain.simulation.genius.import_genius`)
and checks what it wrote.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from bargain.cli.root import LangOption, app, failures, stderr
from bargain.cli.validate import OutputFormat
from bargain.domain.language import Bilingual

__all__ = ["scenario_app"]

scenario_app = typer.Typer(
    help="Bargaining scenarios (情景): check one, or import a GENIUS / ANAC domain as one.",
    no_args_is_help=True,
)
app.add_typer(scenario_app, name="scenario")


@scenario_app.command("check")
def check_command(
    source: Annotated[
        str,
        typer.Argument(
            metavar="FILE|NAME",
            help="A scenario file (.yaml, .json) or the name of a shipped scenario "
            "(bengbu-delivery…).",
        ),
    ],
    lang: LangOption,
    fmt: Annotated[
        OutputFormat, typer.Option("--format", help="text, or json (every figure).")
    ] = OutputFormat.TEXT,
) -> None:
    """Check a scenario: its issues and values, the outcomes, which values the law finds illegal
    and what the company can afford. Exit 2 when the files are not valid."""
    from bargain.simulation import load_game
    from bargain.simulation.checking import check_case

    with failures(lang):
        check = check_case(load_game(source))
    if fmt is OutputFormat.JSON:
        typer.echo(json.dumps(check.as_json(lang), ensure_ascii=False, indent=2))
        return
    typer.echo(check.text(lang), nl=False)


@scenario_app.command("import-genius")
def import_genius_command(
    folder: Annotated[
        Path,
        typer.Argument(
            metavar="DIR",
            help="A folder holding one GENIUS domain file and its profiles (.xml).",
            show_default=False,
        ),
    ],
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            metavar="DIR",
            help="Where to write the scenario and its agreement (made if missing).",
            show_default=False,
        ),
    ],
    lang: LangOption,
    union: Annotated[
        str | None,
        typer.Option(
            "--union",
            metavar="PROFILE",
            help="The union side's profile (file name). Default: the first in file-name order.",
            show_default=False,
        ),
    ] = None,
    employer: Annotated[
        str | None,
        typer.Option(
            "--employer",
            metavar="PROFILE",
            help="The employer side's profile (file name). Default: the second.",
            show_default=False,
        ),
    ] = None,
    rounds: Annotated[
        int, typer.Option("--rounds", min=1, max=10_000, help="The deadline, in rounds.")
    ] = 100,
) -> None:
    """Import a linear additive GENIUS / ANAC domain as a scenario and a research agreement."""
    from bargain.simulation import load_game
    from bargain.simulation.genius import import_genius

    with failures(lang):
        imported = import_genius(folder, union=union, employer=employer, rounds=rounds)
        scenario, agreement = imported.write(out)
        load_game(scenario)  # what was written reads back as a game
    typer.echo(
        Bilingual(
            f"已写入情景 {scenario}（工会方：{imported.union.name}，企业方：{imported.employer.name}）",
            f"wrote the scenario {scenario} (union: {imported.union.name}, employer: "
            f"{imported.employer.name})",
        ).get(lang)
    )
    typer.echo(Bilingual(f"已写入合同 {agreement}", f"wrote the agreement {agreement}").get(lang))
    console = stderr()
    for warning in imported.warnings:
        console.print(
            Bilingual(f"注意：{warning.zh}", f"note: {warning.en}").get(lang), markup=False
        )
