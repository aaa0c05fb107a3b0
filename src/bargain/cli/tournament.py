"""``bargain tournament``: a round robin of strategies on a scenario, its tables and its plots.

The tournament is :func:`bargain.simulation.tournament.tournament` (every ordered pair of
strategies, roles swapped, ``--repeat`` times, in ``--jobs`` processes); the files are
:func:`~bargain.simulation.tournament.write_tables` (``games.json``, ``games.csv``,
``summary.json``, ``summary.csv``) and, unless ``--no-plots``, ``outcome-space.png`` with every
deal and one concession plot per pairing (its first repetition) in ``concession/``. The summary
table is printed; a progress bar runs on standard error when it is a terminal.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bargain.cli.root import EXIT_INPUT, LangOption, app, failures, stderr, stdout
from bargain.cli.simulate import STRATEGY_NAMES, ScenarioArgument, load_scenario_game
from bargain.domain.language import Bilingual, Lang

if TYPE_CHECKING:
    from bargain.simulation import Game
    from bargain.simulation.tournament import ProgressCallback, TournamentResult

__all__ = ["tournament_command"]

DEFAULT_STRATEGIES = "boulware,linear,conceder,hardliner,tit-for-tat,random,costing"
"""The strategies of a tournament when ``--strategies`` is not given."""


@app.command("tournament")
def tournament_command(
    scenario: ScenarioArgument,
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            metavar="DIR",
            help="The folder for the tables and plots (made when missing).",
            show_default=False,
        ),
    ],
    lang: LangOption,
    strategies: Annotated[
        str,
        typer.Option(
            "--strategies",
            metavar="A,B,C",
            help=f"The strategies, comma-separated: {STRATEGY_NAMES}.",
        ),
    ] = DEFAULT_STRATEGIES,
    repeat: Annotated[
        int, typer.Option("--repeat", min=1, help="How many times each pairing plays.")
    ] = 1,
    jobs: Annotated[
        int, typer.Option("--jobs", min=1, help="Worker processes (1: in this process).")
    ] = 1,
    seed: Annotated[
        int, typer.Option("--seed", help="The base seed; repetition r plays with seed + r.")
    ] = 0,
    rounds: Annotated[
        int | None,
        typer.Option(
            "--rounds",
            min=1,
            help="The rounds each game may last. Default: the scenario's deadline.",
            show_default=False,
        ),
    ] = None,
    no_plots: Annotated[bool, typer.Option("--no-plots", help="Write the tables only.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", help="No progress bar.")] = False,
) -> None:
    """Play every strategy against every other on both sides, write the tables and plots."""
    from bargain.simulation.tournament import lineup, tournament, write_tables

    specs = [part.strip() for part in strategies.split(",") if part.strip()]
    with failures(lang):
        lineup(specs)
        game = load_scenario_game(scenario)
    _writable(out)  # before the games, not after them
    with failures(lang), _progress(quiet, lang) as report:
        result = tournament(
            game, specs, repeat=repeat, seed=seed, rounds=rounds, jobs=jobs, progress=report
        )
    written = write_tables(result, out)
    _print_summary(result, lang)
    pictures = [] if no_plots else _plots(game, result, out, lang)
    names = ", ".join(path.name for path in written)
    stdout().print(
        Bilingual(
            f"已写入 {out}：{names}" + (f"，图 {len(pictures)} 张" if pictures else ""),
            f"written to {out}: {names}" + (f", {len(pictures)} plots" if pictures else ""),
        ).get(lang),
        markup=False,
    )


def _writable(folder: Path) -> None:
    """Make ``folder`` (exit 2 saying why when it cannot be made)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        stderr().print(f"{folder}: {error.strerror or error}", markup=False)
        raise typer.Exit(EXIT_INPUT) from None


@contextmanager
def _progress(quiet: bool, lang: Lang) -> Iterator[ProgressCallback | None]:
    """A progress bar on standard error, or ``None`` when quiet or not on a terminal.

    The bar is refreshed by the callback, not by a thread of its own: worker processes may be
    forked while it runs, and forking a process that runs threads is unsafe.
    """
    console = stderr()
    if quiet or not console.is_terminal:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    label = Bilingual("对局", "games").get(lang)
    with Progress(
        f"[progress.description]{label}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        auto_refresh=False,
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=None)
        shown = [0.0]

        def report(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)
            now = time.monotonic()
            if done == total or now - shown[0] > 0.1:
                bar.refresh()
                shown[0] = now

        yield report


def _print_summary(result: TournamentResult, lang: Lang) -> None:
    """Two tables: the ranking with the games' outcomes, and each side's figures."""
    from rich.table import Table

    def figure(value: float | None, digits: int = 3) -> str:
        return "-" if value is None else f"{value:.{digits}f}"

    title = Bilingual(
        f"{result.scenario}：{len(result.games)}局，每组{result.repeat}次，最多{result.rounds}轮",
        f"{result.scenario}: {len(result.games)} games, {result.repeat} per pairing, "
        f"at most {result.rounds} rounds",
    )
    widest = max(len(item.strategy) for item in result.summary)
    ranking = Bilingual(
        "名次|策略|局数|平均优势|协议率|违法协议|平均轮次|平均纳什积",
        "#|strategy|games|advantage|agreed|illegal deals|mean round|Nash product",
    )
    sides = Bilingual(
        "策略|职工方效用|职工方优势|企业方效用|企业方优势|违法出价|超出承受能力出价",
        "strategy|union utility|union adv.|employer utility|employer adv.|illegal offers|"
        "unaffordable offers",
    )
    tables = (Table(title=title.get(lang)), Table())
    for table, heads, named in ((tables[0], ranking, 1), (tables[1], sides, 0)):
        for number, head in enumerate(heads.get(lang).split("|")):
            if number == named:
                table.add_column(head, no_wrap=True, min_width=widest)
            else:
                table.add_column(head, justify="right", overflow="fold")
    for item in result.summary:
        tables[0].add_row(
            str(item.rank),
            item.strategy,
            str(item.games),
            figure(item.advantage),
            f"{item.agreement_rate:.0%}",
            str(item.illegal_deals),
            figure(item.mean_round, 1),
            figure(item.nash_product, 4),
        )
        tables[1].add_row(
            item.strategy,
            figure(item.union_utility),
            figure(item.union_advantage),
            figure(item.employer_utility),
            figure(item.employer_advantage),
            str(item.illegal_offers),
            str(item.unaffordable_offers),
        )
    console = stdout()
    for table in tables:
        console.print(table)


def _slug(spec: str) -> str:
    return re.sub(r"[^A-Za-z0-9.-]+", "_", spec)


def _plots(game: Game, result: TournamentResult, out: Path, lang: Lang) -> list[Path]:
    """The outcome space with every deal, and one concession plot per pairing."""
    from bargain.simulation import play
    from bargain.simulation.plots import PlotsUnavailable, concession_curves, outcome_space

    deals = [row.outcome for row in result.games if row.outcome is not None]
    drawn: list[Path] = []
    try:
        drawn.append(outcome_space(game, out / "outcome-space.png", deals, lang, seed=result.seed))
        for row in result.games:
            if row.repetition != 0:
                break
            record = play(game, row.union, row.employer, seed=row.seed, rounds=row.rounds)
            name = f"{_slug(row.union)}--{_slug(row.employer)}.png"
            drawn.append(concession_curves(record, out / "concession" / name, lang))
    except PlotsUnavailable as error:
        stderr().print(
            error.message(lang)
            + Bilingual("；表格已写入，未作图", "; the tables are written, no plots").get(lang),
            markup=False,
        )
    return drawn
