"""``bargain simulate``: one game of two strategies on a scenario, round by round, and its scores.

The game is :func:`bargain.simulation.play`, the scores :func:`bargain.simulation.score`; with
``--format json`` the output is one object (docs/simulation.md):
``{"scenario": {...}, "record": GameRecord.as_json(), "score": GameScore.as_json()}``, the same
bytes for the same seed. ``--agreement`` writes the deal as an agreement file (refused, with exit
status 1, when there is no deal or the law finds an error in it); ``--plot`` draws the game's
concession curves (PNG, matplotlib).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from bargain.cli.root import EXIT_INPUT, LangOption, app, failures, stderr, stdout
from bargain.cli.validate import OutputFormat
from bargain.domain.language import Bilingual, Lang

if TYPE_CHECKING:
    from rich.table import Table

    from bargain.simulation import Game, GameRecord, GameScore, SideScore

__all__ = ["EXIT_NO_DEAL", "ScenarioArgument", "load_scenario_game", "simulate_command"]

EXIT_NO_DEAL = 1
"""Exit status when ``--agreement`` is refused: no deal, or a deal the law finds an error in."""

SHIPPED_NAMES = "bengbu-delivery, ride-hailing-commission, truck-drivers"
"""The shipped scenarios, for ``--help`` (bargain.simulation.SHIPPED; a test keeps them equal)."""

STRATEGY_NAMES = (
    "boulware, linear, conceder, time:e=X, hardliner, tit-for-tat, random, costing (employer only)"
)
"""The strategies, for ``--help`` (bargain.simulation.NAMES; a test keeps them equal)."""

ScenarioArgument = Annotated[
    str,
    typer.Argument(
        metavar="SCENARIO",
        help=f"A scenario file (.yaml, .yml, .json) or a shipped scenario: {SHIPPED_NAMES}.",
        show_default=False,
    ),
]


def load_scenario_game(scenario: str) -> Game:
    """The game of a scenario file or shipped name.

    Raises:
        InvalidDocument: no such file or shipped scenario, or the files are not valid.
    """
    from bargain.errors import InvalidDocument, Problem
    from bargain.simulation import SHIPPED, load_game, scenario_path

    path = scenario_path(scenario)
    if not path.exists() and path.suffix == "" and "/" not in scenario:
        shipped = ", ".join(SHIPPED)
        raise InvalidDocument(
            [
                Problem(
                    scenario,
                    "",
                    Bilingual(
                        f"情景文件或随附情景名称：{shipped}",
                        f"a scenario file or a shipped scenario: {shipped}",
                    ),
                    scenario,
                )
            ]
        )
    return load_game(path)


def _strategy_option(side: str) -> Any:
    return typer.Option(
        f"--{side}",
        metavar="STRATEGY",
        help=f"The {side} side's strategy: {STRATEGY_NAMES}.",
        show_default=False,
    )


@app.command("simulate")
def simulate_command(
    scenario: ScenarioArgument,
    union: Annotated[str, _strategy_option("union")],
    employer: Annotated[str, _strategy_option("employer")],
    lang: LangOption,
    seed: Annotated[
        int, typer.Option("--seed", help="The seed; the same seed plays the same game.")
    ] = 0,
    rounds: Annotated[
        int | None,
        typer.Option(
            "--rounds",
            min=1,
            help="The rounds the game may last. Default: the scenario's deadline.",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        OutputFormat,
        typer.Option("--format", help="text, or json (the record and every score)."),
    ] = OutputFormat.TEXT,
    agreement: Annotated[
        Path | None,
        typer.Option(
            "--agreement",
            metavar="OUT.yaml",
            help="Write the deal as an agreement file (YAML, or JSON for a .json name); refused "
            "with exit status 1 when there is no deal or the law finds an error in it.",
            show_default=False,
        ),
    ] = None,
    plot: Annotated[
        Path | None,
        typer.Option(
            "--plot",
            metavar="OUT.png",
            help="Draw the concession curves as PNG (needs matplotlib: bargain[plots]).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Play one game of two strategies on a scenario and score it."""
    from bargain.domain.parties import Side
    from bargain.simulation import play, score
    from bargain.simulation.strategies import check

    with failures(lang):
        check(union, Side.UNION)
        check(employer, Side.EMPLOYER)
        game = load_scenario_game(scenario)
        record = play(game, union, employer, seed=seed, rounds=rounds)
        scored = score(record, lang)
    if fmt is OutputFormat.JSON:
        typer.echo(json.dumps(simulation_json(record, scored), ensure_ascii=False, indent=2))
    else:
        _report(record, scored, lang)
    status = 0
    if plot is not None:
        status = max(status, _plot(record, plot, lang))
    if agreement is not None:
        status = max(status, _write_agreement(record, scored, agreement, lang))
    if status:
        raise typer.Exit(status)


def simulation_json(record: GameRecord, scored: GameScore) -> dict[str, Any]:
    """The JSON object ``bargain simulate --format json`` prints."""
    scenario = record.game.scenario
    return {
        "scenario": {"id": scenario.id, "title": scenario.title, "title_en": scenario.title_en},
        "record": record.as_json(),
        "score": scored.as_json(),
    }


# --- the text report -----------------------------------------------------------------------------


_UNION = Bilingual("职工方", "union")
_EMPLOYER = Bilingual("企业方", "employer")


def _side(side: str, lang: Lang) -> str:
    return (_UNION if side == "union" else _EMPLOYER).get(lang)


def _report(record: GameRecord, scored: GameScore, lang: Lang) -> None:
    from rich.measure import Measurement

    from bargain.simulation.strategies import describe

    game = record.game
    en = lang is Lang.EN
    scenario = game.scenario
    console = stdout()
    title = (scenario.title_en or scenario.title) if en else scenario.title
    console.print(f"{title} ({scenario.id})", markup=False, soft_wrap=True)
    console.print(
        Bilingual(
            f"职工方：{record.union}（{describe(record.union).zh}）；"
            f"企业方：{record.employer}（{describe(record.employer).zh}）；"
            f"种子 {record.seed}；最多 {record.rounds} 轮",
            f"union: {record.union} ({describe(record.union).en}); "
            f"employer: {record.employer} ({describe(record.employer).en}); "
            f"seed {record.seed}; at most {record.rounds} rounds",
        ).get(lang),
        markup=False,
        soft_wrap=True,
    )
    table = _rounds(record, lang, compact=False)
    unbounded = console.options.update(max_width=10_000)
    if Measurement.get(console, unbounded, table).minimum > console.width:
        names = [_issue_head(issue, lang) for issue in game.issues]
        console.print(
            Bilingual("出价各项依次为：", "each offer lists: ").get(lang)
            + ("、" if lang is Lang.ZH else ", ").join(names),
            markup=False,
            soft_wrap=True,
        )
        table = _rounds(record, lang, compact=True)
    console.print(table)
    for line in _result_lines(record, scored, lang):
        console.print(line, markup=False, soft_wrap=True)


def _issue_head(issue: Any, lang: Lang) -> str:
    en = lang is Lang.EN
    unit = (issue.unit_en or issue.unit) if en else issue.unit
    name = (issue.name_en or issue.name) if en else issue.name
    return f"{name} ({unit})" if unit else str(name)


def _rounds(record: GameRecord, lang: Lang, *, compact: bool) -> Table:
    """The rounds, one row each: one column per issue, or (``compact``) one for all."""
    from rich.table import Table

    game = record.game
    en = lang is Lang.EN
    table = Table(show_edge=False, pad_edge=False)
    for head in Bilingual("会议|主持·出价方", "meeting|chair·offered by").get(lang).split("|"):
        table.add_column(head, min_width=4)
    if compact:
        table.add_column(Bilingual("出价", "offer").get(lang), no_wrap=True)
    else:
        for issue in game.issues:
            longest = max(len(_value(v, en)) for v in issue.options)
            table.add_column(_issue_head(issue, lang), justify="right", min_width=longest)
    heads = Bilingual("职工方效用|企业方效用|答复", "union utility|employer utility|answer")
    for head in heads.get(lang).split("|"):
        table.add_column(head, justify="right", min_width=5)
    for move in record.moves:
        values = [
            _value(issue.options[i], en) for issue, i in zip(game.issues, move.outcome, strict=True)
        ]
        answer = Bilingual("接受", "accepted") if move.accepted else Bilingual("拒绝", "refused")
        table.add_row(
            str(move.round),
            _side(move.chair.value, lang),
            *(["/".join(values)] if compact else values),
            f"{move.utilities[0]:.3f}",
            f"{move.utilities[1]:.3f}",
            answer.get(lang),
        )
    return table


def _value(value: Any, en: bool) -> str:
    if isinstance(value, bool):
        return ("yes" if value else "no") if en else ("是" if value else "否")
    return str(value)


def _result_lines(record: GameRecord, scored: GameScore, lang: Lang) -> list[str]:
    game = record.game
    k = scored.agreed_in
    if not scored.agreed:
        result = Bilingual(
            f"结果：僵局，{record.rounds}轮内未达成协议，双方各得保留值",
            f"result: impasse, no deal in {record.rounds} rounds; each side gets its reservation",
        )
    elif scored.legal:
        result = Bilingual(f"结果：第{k}轮达成协议", f"result: deal in round {k}")
    else:
        result = Bilingual(
            f"结果：第{k}轮达成协议，但法律审查发现错误，按未达成协议计分",
            f"result: agreed in round {k}, but the law finds an error: scored as no deal",
        )
    lines = [result.get(lang)]
    if record.deal is not None:
        described = game.describe(record.deal, lang)
        lines.append(
            Bilingual("协议内容：", "terms: ").get(lang)
            + ("；" if lang is Lang.ZH else "; ").join(f"{n} {v}" for n, v in described)
        )
    lines.append(Bilingual("得分：", "scores:").get(lang))
    lines.append("  " + _side_line(_UNION, scored.union, lang))
    lines.append("  " + _side_line(_EMPLOYER, scored.employer, lang))
    lines.extend("  " + line for line in _deal_lines(scored, lang))
    if scored.flags:
        lines.append(Bilingual("被标记的出价：", "flagged offers:").get(lang))
        for flag in scored.flags:
            kind = (
                Bilingual("违法", "illegal")
                if flag.kind == "illegal"
                else Bilingual("超出企业承受能力", "unaffordable")
            )
            side = _UNION if flag.side == "union" else _EMPLOYER
            lines.append(
                Bilingual(
                    f"  第{flag.round}轮 {side.zh}：{kind.zh}（{flag.detail}）",
                    f"  round {flag.round}, {side.en}: {kind.en} ({flag.detail})",
                ).get(lang)
            )
    return lines


def _side_line(name: Bilingual, side: SideScore, lang: Lang) -> str:
    return Bilingual(
        f"{name.zh} {side.strategy}：效用 {side.utility:.3f}，优势 {side.advantage:.3f}"
        f"（保留值 {side.reservation:.3f}）；出价 {side.offers} 次，违法 {side.illegal_offers} 次，"
        f"超出企业承受能力 {side.unaffordable_offers} 次",
        f"{name.en} {side.strategy}: utility {side.utility:.3f}, advantage {side.advantage:.3f} "
        f"(reservation {side.reservation:.3f}); offers: {side.offers} ({side.illegal_offers} "
        f"illegal, {side.unaffordable_offers} unaffordable)",
    ).get(lang)


def _deal_lines(scored: GameScore, lang: Lang) -> list[str]:
    lines = []
    nash = (
        Bilingual(
            f"（纳什解：职工方 {scored.nash_point[0]:.3f}，企业方 {scored.nash_point[1]:.3f}）",
            f" (the Nash point: union {scored.nash_point[0]:.3f}, employer "
            f"{scored.nash_point[1]:.3f})",
        ).get(lang)
        if scored.nash_point is not None
        else ""
    )
    if scored.deal:
        lines.append(
            Bilingual(
                f"纳什积 {scored.nash_product:.4f}；距帕累托前沿 {scored.pareto_distance:.4f}；"
                f"距纳什解 {scored.nash_distance or 0:.4f}{nash}",
                f"Nash product {scored.nash_product:.4f}; distance to the Pareto frontier "
                f"{scored.pareto_distance:.4f}; to the Nash point {scored.nash_distance or 0:.4f}"
                f"{nash}",
            ).get(lang)
        )
    else:
        lines.append(
            Bilingual(f"纳什积 0（无协议）{nash}", f"Nash product 0 (no deal){nash}").get(lang)
        )
    means = f"{scored.affordable_per_month:,.2f}"
    if scored.cost_per_month is not None:
        within = scored.cost_per_month <= scored.affordable_per_month
        lines.append(
            Bilingual(
                f"企业方每月新增成本 {scored.cost_per_month:,.2f} 元，企业可承受 {means} 元："
                + ("在承受能力之内" if within else "超出承受能力"),
                f"employer's extra cost {scored.cost_per_month:,.2f} yuan a month, the company "
                f"can bear {means}: " + ("within its means" if within else "beyond its means"),
            ).get(lang)
        )
    if scored.legal is not None:
        if scored.findings:
            lines.append(Bilingual("法律审查发现错误：", "the law finds errors:").get(lang))
            lines.extend(f"  - {finding}" for finding in scored.findings)
        else:
            lines.append(
                Bilingual("法律审查：协议文本无错误", "the law: no error in the agreed text").get(
                    lang
                )
            )
    return lines


# --- the files -----------------------------------------------------------------------------------


def _plot(record: GameRecord, path: Path, lang: Lang) -> int:
    from bargain.simulation.plots import PlotsUnavailable, concession_curves

    try:
        concession_curves(record, path, lang)
    except PlotsUnavailable as error:
        stderr().print(error.message(lang), markup=False)
        return EXIT_INPUT
    except OSError as error:
        stderr().print(f"{path}: {error.strerror}", markup=False)
        return EXIT_INPUT
    return 0


def _write_agreement(record: GameRecord, scored: GameScore, path: Path, lang: Lang) -> int:
    from bargain.files import dump_agreement

    if record.deal is None:
        refusal = Bilingual(
            f"未写出 {path}：本局没有达成协议", f"{path} not written: the game ended without a deal"
        )
    elif not scored.legal:
        refusal = Bilingual(
            f"未写出 {path}：法律审查发现协议文本有错误（{'；'.join(scored.findings)}）",
            f"{path} not written: the law finds an error in the agreed text "
            f"({'; '.join(scored.findings)})",
        )
    else:
        agreement = record.game.deal(record.deal)
        json_file = path.suffix.lower() == ".json"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            text = dump_agreement(agreement, "json" if json_file else "yaml")
            path.write_text(text, encoding="utf-8")
        except OSError as error:
            stderr().print(f"{path}: {error.strerror}", markup=False)
            return EXIT_INPUT
        stderr().print(
            Bilingual(
                f"协议已写入 {path}（{agreement.id}）",
                f"agreement written to {path} ({agreement.id})",
            ).get(lang),
            markup=False,
        )
        return 0
    stderr().print(refusal.get(lang), markup=False)
    return EXIT_NO_DEAL
