"""Plots: what they show, the language of their labels, and what happens without matplotlib."""

from __future__ import annotations

import struct
import sys
from pathlib import Path

import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

from bargain.domain.language import Lang
from bargain.domain.parties import Side
from bargain.simulation import Game, GameRecord, load_game, play, plots
from bargain.simulation.plots import (
    PlotsUnavailable,
    concession_curves,
    concession_figure,
    outcome_space,
    outcome_space_figure,
)


@pytest.fixture(scope="module")
def game() -> Game:
    return load_game("bengbu-delivery")


@pytest.fixture(scope="module")
def record(game: Game) -> GameRecord:
    return play(game, "boulware", "conceder", seed=7)


def texts(figure: Figure) -> list[str]:
    """Every text the figure draws: titles, axis labels, legend entries, notes."""
    return [t.get_text() for t in figure.findobj(Text) if t.get_text()]


def wide(text: str) -> str:
    return "".join(c for c in text if ord(c) >= 0x2E80)


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_concession_curves_show_each_sides_offers_in_both_utilities(record: GameRecord) -> None:
    figure = concession_figure(record, Lang.EN)
    (axes,) = figure.axes
    lines = {line.get_label(): line for line in axes.get_lines()}
    offered = lines["union's offers: union's utility"]
    union_moves = [m for m in record.moves if m.side is Side.UNION]
    assert list(offered.get_xdata()) == [m.round for m in union_moves]
    assert list(offered.get_ydata()) == [m.utilities[0] for m in union_moves]
    answered = lines["employer's offers: union's utility"]
    assert list(answered.get_ydata()) == [
        m.utilities[0] for m in record.moves if m.side is Side.EMPLOYER
    ]
    shown = texts(figure)
    assert any(f"deal in round {record.agreed_in}" in t for t in shown)
    assert any("union's reservation" in t for t in shown)


def test_an_impasse_is_said_in_the_title(game: Game) -> None:
    impasse = play(game, "hardliner", "hardliner", seed=0, rounds=6)
    assert impasse.deal is None
    assert any("impasse" in t for t in texts(concession_figure(impasse, Lang.EN)))


def test_the_outcome_space_shows_every_outcome_the_frontier_the_nash_point_and_the_deals(
    game: Game,
) -> None:
    deals = [play(game, u, "conceder", seed=1).deal for u in ("linear", "conceder", "linear")]
    agreed = [d for d in deals if d is not None]
    figure = outcome_space_figure(game, agreed, Lang.EN)
    (axes,) = figure.axes
    labels = texts(figure)
    assert f"all {game.size} outcomes" in labels
    assert "Pareto frontier" in labels
    assert "Nash point" in labels
    legal = sum(1 for d in agreed if game.legal(d))
    if legal:
        assert f"deals ({legal} games)" in labels
    (frontier,) = [line for line in axes.get_lines() if line.get_label() == "Pareto frontier"]
    assert list(frontier.get_xdata()) == [p[0] for p in game.frontier.points]
    nash = game.frontier.nash((game.reservations[Side.UNION], game.reservations[Side.EMPLOYER]))
    assert nash is not None
    (marker,) = [c for c in axes.collections if c.get_label() == "Nash point"]
    assert tuple(marker.get_offsets()[0]) == pytest.approx(nash[0])


def test_a_large_space_is_drawn_as_a_sample(game: Game, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(plots, "ALL_POINTS", 100)
    figure = outcome_space_figure(game, (), Lang.EN)
    (points,) = [c for c in figure.axes[0].collections if "sample" in str(c.get_label())]
    assert len(points.get_offsets()) == 5_000


def test_without_a_chinese_font_the_labels_are_english(
    record: GameRecord, game: Game, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(plots, "cjk_font", lambda text="": None)
    for figure in (concession_figure(record, Lang.ZH), outcome_space_figure(game, (), Lang.ZH)):
        shown = texts(figure)
        assert shown
        assert [t for t in shown if wide(t)] == []
    title = game.scenario.title_en
    assert title
    assert any(title in t for t in texts(concession_figure(record)))


def test_with_a_chinese_font_the_labels_are_chinese_in_that_font(
    record: GameRecord, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(plots, "cjk_font", lambda text="": "Some CJK Font")
    figure = concession_figure(record, Lang.ZH)
    shown = texts(figure)
    assert any(record.game.scenario.title in t for t in shown)
    assert "效用" in shown
    title = figure.axes[0].title
    assert title.get_fontfamily()[0] == "Some CJK Font"


def test_a_font_named_chinese_that_lacks_the_characters_is_not_chosen(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from matplotlib import font_manager

    latin = font_manager.findfont("DejaVu Sans")
    impostor = font_manager.FontEntry(fname=latin, name="Noto Sans CJK SC")
    monkeypatch.setattr(font_manager.fontManager, "ttflist", [impostor])
    assert plots.cjk_font("职工方效用") is None
    assert plots.cjk_font("union") == "Noto Sans CJK SC"  # nothing Chinese to draw


def test_the_plots_are_pngs_readable_at_their_size(
    record: GameRecord, game: Game, tmp_path: Path
) -> None:
    curves = concession_curves(record, tmp_path / "sub" / "curves.png")
    space = outcome_space(game, tmp_path / "space.png", [record.deal] if record.deal else [])
    assert png_size(curves) == (900, 550)
    assert png_size(space) == (750, 650)
    assert curves.stat().st_size > 20_000
    assert space.stat().st_size > 20_000


def test_without_matplotlib_a_plot_says_how_to_install_it(
    record: GameRecord, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(PlotsUnavailable) as caught:
        concession_figure(record)
    assert "pip install 'bargain[plots]'" in caught.value.message(Lang.EN)
    assert "pip install 'bargain[plots]'" in caught.value.message(Lang.ZH)
