"""Plots of games as PNG: a game's concession curves, and the outcome space with its deals.

:func:`concession_figure` draws what each offer of a game is worth to each side, round by round,
with both reservation values and the deal marked; :func:`outcome_space_figure` draws every outcome
of a scenario by its worth to the two sides (a sample when the space is large), the Pareto
frontier (帕累托前沿), the Nash point (纳什解), the current agreement and the deals of a game or a
tournament. :func:`save` writes a figure as PNG.

matplotlib is an optional extra (``pip install 'bargain[plots]'``), imported only when a plot is
drawn; without it these functions raise :class:`PlotsUnavailable`, which says how to install it.
Figures are drawn on the Agg canvas, never on a window. Chinese labels need a font with Chinese
glyphs (:func:`cjk_font`: Noto Sans CJK and the like); without one the labels are in English, so
a plot never shows boxes for missing characters.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from bargain.domain.language import Bilingual, Lang
from bargain.domain.parties import Side
from bargain.errors import BargainError
from bargain.simulation.game import Game
from bargain.simulation.protocol import GameRecord
from bargain.simulation.utility import Outcome

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "ALL_POINTS",
    "PlotsUnavailable",
    "cjk_font",
    "concession_curves",
    "concession_figure",
    "outcome_space",
    "outcome_space_figure",
    "save",
]

ALL_POINTS = 20_000
"""The largest outcome space drawn point by point; a larger one is drawn as a sample."""

_SAMPLE = 5_000
"""How many outcomes a sample holds."""

_CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Noto Serif CJK SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "Heiti SC",
    "Droid Sans Fallback",
)
"""Fonts with Chinese glyphs, the preferred first; any other whose name says CJK comes after."""

_COLOURS = {Side.UNION: "#1f77b4", Side.EMPLOYER: "#d62728"}
_SIDES = {Side.UNION: ("职工方", "union"), Side.EMPLOYER: ("企业方", "employer")}


class PlotsUnavailable(BargainError):
    """matplotlib is not installed; the message says how to install it."""

    def __init__(self) -> None:
        super().__init__(
            Bilingual(
                "绘图需要 matplotlib，请安装：pip install 'bargain[plots]'",
                "plots need matplotlib; install it with: pip install 'bargain[plots]'",
            )
        )


def _matplotlib() -> None:
    try:
        import matplotlib  # noqa: F401
    except ImportError as error:
        raise PlotsUnavailable from error


def _wide(text: str) -> set[int]:
    """The characters of ``text`` beyond what the default Latin font draws (CJK and full-width)."""
    return {ord(c) for c in text if ord(c) >= 0x2E80}


def cjk_font(text: str = "集体协商职工方企业方效用") -> str | None:
    """The name of an installed font that draws every Chinese character of ``text``, or ``None``.

    Looks among the fonts matplotlib knows whose family is a known Chinese one or says CJK, and
    checks the font's character map rather than trusting its name.

    Raises:
        PlotsUnavailable: matplotlib is not installed.
    """
    _matplotlib()
    from matplotlib import font_manager, ft2font

    wanted = _wide(text)
    known = {name: rank for rank, name in enumerate(_CJK_FAMILIES)}
    candidates = sorted(
        (
            entry
            for entry in font_manager.fontManager.ttflist
            if entry.name in known or "CJK" in entry.name
        ),
        key=lambda entry: (known.get(entry.name, len(known)), entry.name, entry.fname),
    )
    for entry in candidates:
        try:
            charmap = ft2font.FT2Font(entry.fname).get_charmap()
        except (OSError, RuntimeError, ValueError):
            continue
        if wanted <= charmap.keys():
            return str(entry.name)
    return None


class _Labels:
    """The language the labels are drawn in: Chinese when a font draws it, else English."""

    def __init__(self, lang: Lang, texts: Iterable[str]) -> None:
        self.font: str | None = None
        self.lang = Lang.EN
        if lang is Lang.ZH:
            needed = (
                "".join(texts) + "集体协商职工方企业方效用轮次协议帕累托前沿纳什解现行合同保留值"
            )
            self.font = cjk_font(needed)
            if self.font is not None:
                self.lang = Lang.ZH

    def __call__(self, zh: str, en: str) -> str:
        return Bilingual(zh, en).get(self.lang)

    def side(self, side: Side) -> str:
        """The side's short name: 职工方 or 企业方."""
        return self(*_SIDES[side])

    @contextmanager
    def style(self) -> Iterator[None]:
        import matplotlib

        fonts = [] if self.font is None else [self.font]
        with matplotlib.rc_context(
            {"axes.unicode_minus": False, "font.family": [*fonts, "DejaVu Sans"]}
        ):
            yield


def _title(game: Game, labels: _Labels) -> str:
    scenario = game.scenario
    return labels(scenario.title, scenario.title_en or scenario.id)


def _new_figure(width: float, height: float, *, right: float, top: float) -> tuple[Figure, Axes]:
    """A figure on the Agg canvas with one plot. Fixed margins (``right`` and ``top``: where the
    plot ends, leaving room for a legend and the title) lay it out in one pass, in about half the
    time a layout engine takes."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=100)
    FigureCanvasAgg(figure)
    figure.subplots_adjust(left=0.8 / width, right=right, bottom=0.55 / height, top=top)
    return figure, figure.add_subplot()


def save(figure: Figure, path: str | Path) -> Path:
    """Write ``figure`` as PNG at ``path`` (its folder made when missing)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(target, format="png", metadata={"Software": "bargain"})
    return target


# --- concession curves ---------------------------------------------------------------------------


def concession_figure(record: GameRecord, lang: Lang = Lang.ZH) -> Figure:
    """A game's concession curves: each offer's worth to each side by round, the reservation
    values dotted and the deal starred (crossed when the law finds an error in it).

    Raises:
        PlotsUnavailable: matplotlib is not installed.
    """
    _matplotlib()
    from matplotlib.ticker import MaxNLocator

    game = record.game
    labels = _Labels(lang, [game.scenario.title])
    with labels.style():
        figure, axes = _new_figure(9, 5.5, right=0.7, top=0.88)
        for offerer, style in ((Side.UNION, "-o"), (Side.EMPLOYER, "--s")):
            moves = [move for move in record.moves if move.side is offerer]
            rounds = [move.round for move in moves]
            for index, valued in enumerate(Side):
                axes.plot(
                    rounds,
                    [move.utilities[index] for move in moves],
                    style,
                    color=_COLOURS[valued],
                    markersize=4,
                    linewidth=1.2,
                    alpha=1.0 if valued is offerer else 0.55,
                    label=labels(
                        f"{labels.side(offerer)}出价：{labels.side(valued)}效用",
                        f"{labels.side(offerer)}'s offers: {labels.side(valued)}'s utility",
                    ),
                )
        for side in Side:
            axes.axhline(
                game.reservations[side],
                color=_COLOURS[side],
                linestyle=":",
                linewidth=1,
                label=labels(f"{labels.side(side)}保留值", f"{labels.side(side)}'s reservation"),
            )
        _mark_deal(axes, record)
        axes.set_xlim(0.5, record.rounds + 0.5)
        axes.set_ylim(-0.02, 1.05)
        axes.set_xlabel(labels("轮次（会议）", "round (meeting)"))
        axes.set_ylabel(labels("效用", "utility"))
        axes.grid(True, alpha=0.3)
        axes.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize="small")
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        axes.set_title(
            labels(
                f"{_title(game, labels)}\n职工方 {record.union} 对 企业方 {record.employer}，"
                f"种子 {record.seed}：{_result(record, labels)}",
                f"{_title(game, labels)}\nunion {record.union} v employer {record.employer}, "
                f"seed {record.seed}: {_result(record, labels)}",
            ),
            fontsize="medium",
        )
    return figure


def _result(record: GameRecord, labels: _Labels) -> str:
    if record.deal is None:
        return labels("僵局，期限内未达成协议", "impasse, no deal by the deadline")
    if not record.game.legal(record.deal):
        return labels(
            f"第{record.agreed_in}轮达成的协议违法，不计",
            f"illegal deal in round {record.agreed_in}",
        )
    return labels(f"第{record.agreed_in}轮达成协议", f"deal in round {record.agreed_in}")


def _mark_deal(axes: Axes, record: GameRecord) -> None:
    deal, last = record.deal, record.moves[-1] if record.moves else None
    if deal is None or last is None:
        return
    axes.axvline(last.round, color="grey", linewidth=0.8, alpha=0.6)
    axes.scatter(
        [last.round, last.round],
        list(last.utilities),
        marker="*" if record.game.legal(deal) else "X",
        s=220,
        c=[_COLOURS[Side.UNION], _COLOURS[Side.EMPLOYER]],
        edgecolors="black",
        zorder=5,
    )


def concession_curves(record: GameRecord, path: str | Path, lang: Lang = Lang.ZH) -> Path:
    """Draw :func:`concession_figure` into a PNG file at ``path``."""
    return save(concession_figure(record, lang), path)


# --- the outcome space ---------------------------------------------------------------------------


def _points(game: Game, seed: int) -> tuple[list[Outcome], bool]:
    """Every outcome when the space is small, else a sample (``True`` when it is a sample)."""
    union = game.utilities[Side.UNION]
    if union.size <= ALL_POINTS:
        return list(union.outcomes()), False
    rng = random.Random(seed)
    return [tuple(rng.randrange(n) for n in union.sizes) for _ in range(_SAMPLE)], True


def outcome_space_figure(
    game: Game, deals: Iterable[Outcome] = (), lang: Lang = Lang.ZH, *, seed: int = 0
) -> Figure:
    """The outcome space by each side's utility: every outcome as a faint point (a sample of
    5,000, drawn with ``seed``, above :data:`ALL_POINTS` outcomes), the Pareto frontier, the
    Nash point, the current agreement and ``deals`` (one marker per distinct deal, sized by how
    often it was agreed; crossed when the law finds an error in it).

    Raises:
        PlotsUnavailable: matplotlib is not installed.
    """
    _matplotlib()
    labels = _Labels(lang, [game.scenario.title])
    utilities = (game.utilities[Side.UNION], game.utilities[Side.EMPLOYER])
    reservations = (game.reservations[Side.UNION], game.reservations[Side.EMPLOYER])
    with labels.style():
        figure, axes = _new_figure(7.5, 6.5, right=0.97, top=0.94)
        points, sampled = _points(game, seed)
        axes.scatter(
            [utilities[0](o) for o in points],
            [utilities[1](o) for o in points],
            s=3,
            color="#7f7f7f",
            alpha=0.12 if len(points) > 2_000 else 0.35,
            linewidths=0,
            label=labels(
                f"结果（抽样{len(points)}个）" if sampled else f"全部{len(points)}个结果",
                f"outcomes (a sample of {len(points)})"
                if sampled
                else f"all {len(points)} outcomes",
            ),
        )
        front = game.frontier
        axes.plot(
            [p[0] for p in front.points],
            [p[1] for p in front.points],
            "-",
            color="black",
            linewidth=1.3,
            drawstyle="default",
            label=labels("帕累托前沿", "Pareto frontier")
            + ("" if front.exact else labels("（支撑点）", " (supported points)")),
        )
        for draw, side, value in (
            (axes.axvline, Side.UNION, reservations[0]),
            (axes.axhline, Side.EMPLOYER, reservations[1]),
        ):
            draw(
                value,
                color=_COLOURS[side],
                linestyle=":",
                linewidth=1,
                label=labels(f"{labels.side(side)}保留值", f"{labels.side(side)}'s reservation"),
            )
        nash = front.nash(reservations)
        if nash is not None:
            axes.scatter(
                [nash[0][0]],
                [nash[0][1]],
                marker="D",
                s=70,
                color="gold",
                edgecolors="black",
                zorder=6,
                label=labels("纳什解", "Nash point"),
            )
        if game.current is not None:
            axes.scatter(
                [utilities[0](game.current)],
                [utilities[1](game.current)],
                marker="s",
                s=50,
                facecolors="none",
                edgecolors="purple",
                zorder=5,
                label=labels("现行合同", "current agreement"),
            )
        _mark_deals(axes, game, Counter(deals), labels)
        axes.set_xlim(-0.02, 1.02)
        axes.set_ylim(-0.02, 1.02)
        axes.set_xlabel(labels("职工方效用", "union's utility"))
        axes.set_ylabel(labels("企业方效用", "employer's utility"))
        axes.grid(True, alpha=0.3)
        axes.legend(loc="lower left", fontsize="small", framealpha=0.85)
        axes.set_title(
            labels(f"{_title(game, labels)}：结果空间", f"{_title(game, labels)}: outcome space"),
            fontsize="medium",
        )
    return figure


def _mark_deals(axes: Axes, game: Game, deals: Counter[Outcome], labels: _Labels) -> None:
    if not deals:
        return
    utilities = (game.utilities[Side.UNION], game.utilities[Side.EMPLOYER])
    legal = [o for o in deals if game.legal(o)]
    illegal = [o for o in deals if o not in set(legal)]
    most = max(deals.values())
    for chosen, marker, colour, zh, en in (
        (legal, "o", "#2ca02c", "协议", "deals"),
        (illegal, "X", "#ff7f0e", "违法协议，不计", "illegal deals, no deal"),
    ):
        if not chosen:
            continue
        total = sum(deals[o] for o in chosen)
        axes.scatter(
            [utilities[0](o) for o in chosen],
            [utilities[1](o) for o in chosen],
            marker=marker,
            s=[30 + 170 * deals[o] / most for o in chosen],
            color=colour,
            edgecolors="black",
            linewidths=0.6,
            alpha=0.85,
            zorder=7,
            label=labels(f"{zh}（{total}局）", f"{en} ({total} games)"),
        )


def outcome_space(
    game: Game,
    path: str | Path,
    deals: Sequence[Outcome] = (),
    lang: Lang = Lang.ZH,
    *,
    seed: int = 0,
) -> Path:
    """Draw :func:`outcome_space_figure` into a PNG file at ``path``."""
    return save(outcome_space_figure(game, deals, lang, seed=seed), path)
