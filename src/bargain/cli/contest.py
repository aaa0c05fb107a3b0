"""``bargain contest``: bargaining-skills contests (集体协商竞赛).

``new`` writes a commented starter contest file, ``check`` reads it with its scenarios and game
records, ``judge`` adds a judge's scores to it, ``table`` ranks the teams and writes the table as
CSV and as a DOCX for the awards. The contest file and the table are
:mod:`bargain.simulation.contest`, :mod:`bargain.simulation.standings` and
:mod:`bargain.simulation.contest_file`; the DOCX is :mod:`bargain.render.contest`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from bargain.cli.render import _writing
from bargain.cli.root import LangOption, app, failures, stderr, stdout
from bargain.cli.store import Format, FormatOption
from bargain.domain.language import Bilingual, Lang

if TYPE_CHECKING:
    from decimal import Decimal

    from bargain.simulation.contest import Contest
    from bargain.simulation.game import Game
    from bargain.simulation.standings import Standings

__all__ = ["contest_app"]

contest_app = typer.Typer(
    help="集体协商竞赛 (bargaining-skills contests): teams, games, judges' scores, the table.",
    no_args_is_help=True,
)
app.add_typer(contest_app, name="contest")

FileArgument = Annotated[
    Path, typer.Argument(metavar="FILE", help="The contest file (.yaml, .yml or .json).")
]


@contest_app.command("new")
def new_command(
    file: FileArgument,
    scenario: Annotated[
        str,
        typer.Option(
            "--scenario",
            metavar="S",
            help="The case: a scenario file, or a shipped scenario (bengbu-delivery, …).",
        ),
    ],
    teams: Annotated[
        int, typer.Option("--teams", metavar="N", min=2, max=200, help="How many teams.")
    ],
    lang: LangOption,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
) -> None:
    """Write a starter contest file, with comments, for N teams on one scenario."""
    from bargain.errors import InvalidDocument, Problem
    from bargain.simulation.contest import load_contest
    from bargain.simulation.contest_file import starter
    from bargain.simulation.files import SHIPPED, load_game

    with failures(lang):
        if file.exists() and not force:
            raise InvalidDocument(
                [
                    Problem(
                        str(file),
                        "",
                        Bilingual(
                            "一个尚不存在的文件（覆盖已有文件请加 --force）",
                            "a file that does not exist yet (--force replaces it)",
                        ),
                    )
                ]
            )
        if Path(scenario).is_file():
            load_game(scenario)
            named = os.path.relpath(Path(scenario).resolve(), file.resolve().parent)
        elif scenario in SHIPPED:
            named = scenario
        else:
            raise InvalidDocument(
                [
                    Problem(
                        "--scenario",
                        "",
                        Bilingual(
                            f"情景文件或内置情景：{'、'.join(SHIPPED)}",
                            f"a scenario file or a shipped scenario: {', '.join(SHIPPED)}",
                        ),
                        scenario,
                    )
                ]
            )
        with _writing(file, lang):
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_text(starter(file.name, named, teams, lang), encoding="utf-8")
        load_contest(file)  # the starter is a valid contest
    typer.echo(
        Bilingual(
            f"已写入竞赛文件 {file}：{teams}支队伍，{teams}场比赛（每队职工方、企业方各一场）",
            f"wrote the contest file {file}: {teams} teams, {teams} games (each team plays "
            "each side once)",
        ).get(lang)
    )


@contest_app.command("check")
def check_command(file: FileArgument, lang: LangOption, fmt: FormatOption = Format.TEXT) -> None:
    """Check a contest file, its scenarios and its game records; list what is still missing."""
    with failures(lang):
        contest, games, table = _read(file, lang)
    notes = _notes(contest, games, table)
    if fmt is Format.JSON:
        typer.echo(
            json.dumps(
                {
                    "file": str(file),
                    "teams": len(contest.teams),
                    "games": len(contest.games),
                    "pending": list(table.pending),
                    "scores": len(contest.scores),
                    "notes": [n.get(lang) for n in notes],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    played = len(contest.games) - len(table.pending)
    typer.echo(
        Bilingual(
            f"{file}：有效。{len(contest.teams)}支队伍，{len(contest.games)}场比赛"
            f"（已赛{played}场），评委评分{len(contest.scores)}条",
            f"{file}: valid. {len(contest.teams)} teams, {len(contest.games)} games ({played} "
            f"played), {len(contest.scores)} judges' score entries",
        ).get(lang)
    )
    for note in notes:
        typer.echo(f"- {note.get(lang)}")


@contest_app.command("table")
def table_command(
    file: FileArgument,
    lang: LangOption,
    csv_out: Annotated[
        Path | None,
        typer.Option(
            "--csv", metavar="OUT", help="Write the team table as CSV (UTF-8, for Excel)."
        ),
    ] = None,
    docx_out: Annotated[
        Path | None,
        typer.Option("--docx", metavar="OUT", help="Write the results and awards as DOCX."),
    ] = None,
    template: Annotated[
        Path | None,
        typer.Option(
            "--template",
            metavar="FILE",
            help="An edited copy of the awards template (templates/contest/contest_table.docx).",
        ),
    ] = None,
    fmt: FormatOption = Format.TEXT,
) -> None:
    """Rank the teams over their games (roles swapped), with prizes and best negotiators."""
    from bargain.render.contest import render_contest

    with failures(lang):
        _, _, table = _read(file, lang)
        data = table.as_json(lang)
        written = []
        if csv_out is not None:
            with _writing(csv_out, lang):
                csv_out.parent.mkdir(parents=True, exist_ok=True)
                # with a byte-order mark, so that Excel reads the Chinese as UTF-8
                csv_out.write_text(table.csv(lang), encoding="utf-8-sig", newline="")
            written.append(csv_out)
        if docx_out is not None:
            with _writing(docx_out, lang):
                render_contest(data, docx_out, lang, template=template)
            written.append(docx_out)
    if fmt is Format.JSON:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        _print_table(data, lang)
    for path in written:
        message = Bilingual(f"已写入 {path}", f"wrote {path}").get(lang)
        if fmt is Format.JSON:
            stderr().print(message, markup=False)
        else:
            typer.echo(message)


@contest_app.command("judge")
def judge_command(
    file: FileArgument,
    team: Annotated[str, typer.Option("--team", metavar="T", help="The team scored.")],
    lang: LangOption,
    game: Annotated[
        int | None,
        typer.Option(
            "--game",
            metavar="N",
            help="The game (from 1); without it, the score is for the team's whole contest.",
            show_default=False,
        ),
    ] = None,
    judge: Annotated[
        str | None,
        typer.Option("--judge", metavar="NAME", help="The judge's name.", show_default=False),
    ] = None,
    criteria: Annotated[
        list[str] | None,
        typer.Option(
            "--criterion",
            metavar="NAME=SCORE",
            help="A criterion's score (repeat for several): communication=8.",
            show_default=False,
        ),
    ] = None,
    members: Annotated[
        list[str] | None,
        typer.Option(
            "--member",
            metavar="NAME=SCORE",
            help="A member's score, for the best negotiator (repeat for several).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Add one judge's scores of a team to the contest file (written safely: a temporary file
    renamed over it, and nothing written on bad input)."""
    from bargain.errors import InvalidDocument, Problem
    from bargain.simulation.contest_file import add_score

    with failures(lang):
        scored = _pairs("--criterion", criteria or [])
        people = _pairs("--member", members or [])
        if not scored and not people:
            raise InvalidDocument(
                [
                    Problem(
                        "--criterion",
                        "",
                        Bilingual(
                            "至少一项 --criterion NAME=SCORE 或 --member NAME=SCORE",
                            "at least one --criterion NAME=SCORE or --member NAME=SCORE",
                        ),
                    )
                ]
            )
        entry = {
            "judge": judge,
            "team": team,
            "game": game,
            "criteria": scored,
            "members": people,
        }
        contest = add_score(file, entry)
    names = {c.id: c.label(lang is Lang.EN) for c in contest.criteria}
    parts = [f"{names[k]} {v}" for k, v in scored.items()] + [f"{k} {v}" for k, v in people.items()]
    where = Bilingual(f"第{game}场", f"game {game}") if game else Bilingual("全程", "whole contest")
    typer.echo(
        Bilingual(
            f"已录入 {file}：{team}（{where.zh}）{judge or ''} {'，'.join(parts)}；"
            f"共{len(contest.scores)}条评分",
            f"added to {file}: {team} ({where.en}) {judge or ''} {', '.join(parts)}; "
            f"{len(contest.scores)} entries",
        ).get(lang)
    )


def _pairs(option: str, items: list[str]) -> dict[str, Decimal]:
    """``NAME=SCORE`` options as a mapping; a malformed one is a problem naming the option."""
    from decimal import Decimal, InvalidOperation

    from bargain.errors import InvalidDocument, Problem

    found: dict[str, Decimal] = {}
    for item in items:
        name, _, text = item.rpartition("=")
        name = name.strip()
        try:
            value = Decimal(text.strip())
        except InvalidOperation:
            value = Decimal("NaN")
        if not name or not value.is_finite() or name in found:
            raise InvalidDocument(
                [
                    Problem(
                        option,
                        "",
                        Bilingual(
                            "NAME=SCORE，分数为数字，每个名称一次",
                            "NAME=SCORE with a number, each name once",
                        ),
                        item,
                    )
                ]
            )
        found[name] = value
    return found


def _read(file: Path, lang: Lang) -> tuple[Contest, dict[str, Game], Standings]:
    from bargain.simulation.contest import load_contest, load_games, load_records
    from bargain.simulation.standings import standings

    contest = load_contest(file)
    games = load_games(contest, file)
    records = load_records(contest, file, games)
    return contest, games, standings(contest, records, lang)


def _notes(contest: Contest, games: dict[str, Game], table: Standings) -> list[Bilingual]:
    """What the organiser should know: roles not swapped, games to play, scores missing."""
    from bargain.domain.parties import Side
    from bargain.simulation.contest import team_games

    notes = []
    for team in contest.teams:
        sides = {side for _, side in team_games(contest, team.id)}
        for side in Side:
            if side not in sides:
                notes.append(
                    Bilingual(
                        f"{team.id}队没有担任{side.label.zh}的比赛（该角色计0分）",
                        f"team {team.id} plays no game on the {side.label.en} (that role counts 0)",
                    )
                )
    if table.pending:
        numbers = ", ".join(str(n) for n in table.pending)
        notes.append(
            Bilingual(f"尚无比赛记录的场次：{numbers}", f"games without a record yet: {numbers}")
        )
    for missing in table.missing:
        criteria = ", ".join(missing.criteria)
        notes.append(
            Bilingual(
                f"第{missing.game}场{missing.team}队缺少评委评分：{criteria}（计0分）",
                f"game {missing.game}, team {missing.team}: no judges' score yet for "
                f"{criteria} (counts 0)",
            )
        )
    if contest.weights.case_data > 0:
        for game in games.values():
            if game.profile is None and not any(issue.cost for issue in game.issues):
                notes.append(
                    Bilingual(
                        f"情景 {game.scenario.id} 无法测算成本，案例数据运用对各队都计满分",
                        f"scenario {game.scenario.id} cannot be costed: use of the case data "
                        "scores full for every team",
                    )
                )
    return notes


def _print_table(data: dict[str, Any], lang: Lang) -> None:
    from rich.table import Table

    heads = Bilingual(
        "名次|参赛队|职工方|企业方|评委评分|总分|合法协议|违法出价|奖项",
        "rank|team|worker side|management side|judges|total|legal deals|illegal offers|prize",
    )
    table = Table(title=data["title"])
    for head in heads.get(lang).split("|"):
        table.add_column(head, overflow="fold")

    def points(value: float | None, games: int | None = None) -> str:
        shown = "—" if value is None else f"{value:.2f}"
        return shown if games is None else f"{shown} ({games})"

    for row in data["teams"]:
        table.add_row(
            str(row["rank"]),
            row["name"],
            points(row["union"], row["union_games"]),
            points(row["employer"], row["employer_games"]),
            points(row["judges"]),
            points(row["total"]),
            str(row["deals"]),
            str(row["illegal_offers"]),
            row["prize_label"] or "",
        )
    console = stdout()
    console.print(table)
    for person in data["individuals"]:
        if person["title"] is not None:
            console.print(
                f"{person['title_label']}: {person['member']} ({person['team_name']}), "
                f"{person['score']:.2f}",
                markup=False,
            )
    console.print(data["tie_rule"], markup=False)
    if data["pending"]:
        numbers = ", ".join(str(n) for n in data["pending"])
        console.print(
            Bilingual(
                f"尚未比赛：第{numbers}场（本表为阶段成绩）",
                f"still to play: games {numbers} (provisional standings)",
            ).get(lang),
            markup=False,
        )
    if data["missing"]:
        console.print(
            Bilingual(
                f"评委评分不全：{len(data['missing'])}处（bargain contest check 列出）",
                f"judges' scores incomplete in {len(data['missing'])} places (bargain contest "
                "check lists them)",
            ).get(lang),
            markup=False,
        )
