"""``bargain play``: a bargaining game at the prompt, against a program or another terminal.

The game itself is :mod:`bargain.simulation.human` (against a program) and
:mod:`bargain.simulation.online` (two terminals through one database); this module only reads the
options, opens the database and writes the record.
"""

from __future__ import annotations

import json
import time
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bargain.cli.root import EXIT_INPUT, LangOption, app, failures, stderr
from bargain.cli.store import DbOption
from bargain.domain.language import Bilingual, Lang

if TYPE_CHECKING:
    from bargain.services import Workflow

__all__: list[str] = []


class PlayAs(StrEnum):
    """The side a person plays."""

    UNION = "union"
    EMPLOYER = "employer"


@app.command("play")
def play_command(
    scenario: Annotated[
        str,
        typer.Argument(
            metavar="SCENARIO",
            help="A scenario file (YAML or JSON), or the name of a shipped one (bengbu-delivery).",
        ),
    ],
    side: Annotated[
        PlayAs,
        typer.Option("--as", help="The side you play: union or employer.", show_default=False),
    ],
    lang: LangOption,
    against: Annotated[
        str | None,
        typer.Option(
            "--against",
            metavar="STRATEGY",
            help="The program playing the other side: boulware, linear, conceder, time:e=X, "
            "hardliner, tit-for-tat, random, costing (employer). Default: linear.",
            show_default=False,
        ),
    ] = None,
    seed: Annotated[
        int, typer.Option("--seed", help="The seed of the program's random choices.")
    ] = 0,
    record: Annotated[
        Path | None,
        typer.Option(
            "--record",
            metavar="FILE",
            help="Write the game's record there (JSON, as `bargain simulate --format json` "
            'gives it under "record").',
            show_default=False,
        ),
    ] = None,
    db: DbOption = None,
    game_id: Annotated[
        str | None,
        typer.Option(
            "--game",
            metavar="GAME_ID",
            help="Play another terminal through the database (--db): the game's id, the same in "
            "both terminals. The game is stored as a negotiation of that id.",
            show_default=False,
        ),
    ] = None,
    wait: Annotated[
        float | None,
        typer.Option(
            "--wait",
            metavar="SECONDS",
            min=1,
            help="With --game: how long to wait for the other side's move before giving up. "
            "Default: until the game's minutes are up and one more, else an hour.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Play a bargaining game at the prompt: against a program, or another terminal (--game)."""
    from bargain.domain.parties import Side
    from bargain.simulation import load_game
    from bargain.simulation.human import Terminal, finish, play_against, welcome
    from bargain.simulation.strategies import check

    role = Side(side.value)
    if game_id is None and (db is not None or wait is not None):
        _usage(
            Bilingual("--db 和 --wait 须与 --game 一起使用", "--db and --wait go with --game"), lang
        )
    if game_id is not None and against is not None:
        _usage(
            Bilingual(
                "--game 与另一终端对局，不能同时指定 --against",
                "--game plays another terminal: give no --against with it",
            ),
            lang,
        )
    with failures(lang):
        game = load_game(scenario)
        terminal = Terminal(input, typer.echo, lang)
        if game_id is None:
            program = check(against or "linear", role.other)
            welcome(terminal, game, role)
            played = play_against(game, role, terminal, program, seed=seed)
        else:
            from bargain.simulation.online import play_online

            workflow = _workflow(db)
            welcome(terminal, game, role)
            terminal.say(
                Bilingual(
                    f"对局 {game_id}：你方为{role.label.zh}，对方在另一终端。",
                    f"Game {game_id}: you play the {role.label.en}; the other side plays at "
                    "another terminal.",
                )
            )
            played = play_online(game, role, terminal, workflow, game_id, patience=wait)
        finish(terminal, played)
    if record is not None:
        text = json.dumps(played.record.as_json(), ensure_ascii=False, indent=2)
        try:
            record.write_text(text + "\n", encoding="utf-8")
        except OSError as error:
            reason = error.strerror or type(error).__name__
            _usage(
                Bilingual(f"{record}: 无法写入：{reason}", f"{record}: cannot write: {reason}"),
                lang,
            )


def _usage(message: Bilingual, lang: Lang) -> None:
    stderr().print(message.get(lang), markup=False)
    raise typer.Exit(EXIT_INPUT)


def _workflow(db: str | None) -> Workflow:
    """A workflow on the database, which the other terminal may be creating at the same moment.

    Both terminals of a new database may create its tables at once. SQLite lets one wait for the
    other; PostgreSQL migrates each in a transaction of its own, and the second fails when the
    first commits: it then finds the tables made.
    """
    from bargain.cli.store import open_workflow
    from bargain.errors import StorageError

    try:
        return open_workflow(db)
    except StorageError:
        time.sleep(1)
        return open_workflow(db)
