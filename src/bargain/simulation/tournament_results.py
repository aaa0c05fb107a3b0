"""A tournament's results: one row per game, one summary per strategy, and the files they go to.

:func:`~bargain.simulation.tournament.tournament` makes a :class:`TournamentResult`;
:func:`write_tables` writes it as ``games.json``, ``games.csv``, ``summary.json`` and
``summary.csv`` (docs/simulation.md describes the columns). Each figure is rounded to six decimals
in the files, and the same tournament writes the same bytes.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from bargain.domain.parties import Side

__all__ = ["GameRow", "StrategySummary", "TournamentResult", "summarise", "write_tables"]

_DECIMALS = 6
"""Figures in the files are rounded to this many decimals."""


@dataclass(frozen=True)
class GameRow:
    """What one game of a tournament gave (a row of ``games.csv``)."""

    index: int
    union: str
    employer: str
    repetition: int
    seed: int
    rounds: int
    """The rounds it could last."""
    agreed: bool
    """Whether the sides agreed (before the law's judgement)."""
    legal: bool | None
    """Whether the law finds no error in the agreed text (``None`` without agreement)."""
    deal: bool
    """Whether it ended in a deal that counts: agreed and legal."""
    agreed_in: int | None
    """The round of agreement."""
    union_utility: float
    union_advantage: float
    employer_utility: float
    employer_advantage: float
    nash_product: float
    pareto_distance: float | None
    nash_distance: float | None
    cost_per_month: float | None
    """The deal's extra cost to the employer per month, in yuan."""
    union_offers: int
    union_illegal_offers: int
    union_unaffordable_offers: int
    employer_offers: int
    employer_illegal_offers: int
    employer_unaffordable_offers: int
    outcome: tuple[int, ...] | None
    """The agreed outcome (one value index per issue), legal or not."""
    values: tuple[str, ...] | None
    """The agreed value of each issue, as the scenario lists it."""

    def side(self, side: Side) -> tuple[float, float, int, int, int]:
        """``side``'s utility, advantage, offers, illegal offers and unaffordable offers."""
        if side is Side.UNION:
            return (
                self.union_utility,
                self.union_advantage,
                self.union_offers,
                self.union_illegal_offers,
                self.union_unaffordable_offers,
            )
        return (
            self.employer_utility,
            self.employer_advantage,
            self.employer_offers,
            self.employer_illegal_offers,
            self.employer_unaffordable_offers,
        )


@dataclass(frozen=True)
class StrategySummary:
    """How one strategy did over all its games (a row of ``summary.csv``).

    A game a strategy plays against itself counts once for each side it played.
    """

    rank: int
    """Its place by mean advantage over all its games (1 the best)."""
    strategy: str
    games: int
    """Its games, counted once per side played."""
    union_games: int
    employer_games: int
    union_utility: float | None
    """Its mean utility on the union side (``None`` when it never played it)."""
    union_advantage: float | None
    employer_utility: float | None
    employer_advantage: float | None
    advantage: float
    """Its mean advantage over all its games, on either side."""
    agreement_rate: float
    """The share of its games that ended in a deal that counts (agreed and legal)."""
    illegal_deals: int
    """Its games that ended in an agreement the law finds an error in (scored as no deal)."""
    mean_round: float | None
    """The mean round of agreement over its deals (``None`` without any)."""
    nash_product: float
    """The mean Nash product over its games (0 for a game without a deal)."""
    offers: int
    """The offers it made."""
    illegal_offers: int
    """Its offers whose text the law finds an error in."""
    unaffordable_offers: int
    """Its offers that cost more than the case's company can bear."""


@dataclass(frozen=True)
class TournamentResult:
    """A tournament's games and summary (:func:`tournament`)."""

    scenario: str
    """The scenario's id."""
    issues: tuple[str, ...]
    """The issues' ids, in the order of :attr:`GameRow.outcome`."""
    strategies: tuple[str, ...]
    repeat: int
    seed: int
    """The base seed."""
    rounds: int
    """The rounds each game could last."""
    games: tuple[GameRow, ...]
    summary: tuple[StrategySummary, ...]

    def header(self) -> dict[str, Any]:
        """What the tournament was (the head of ``games.json`` and ``summary.json``)."""
        return {
            "scenario": self.scenario,
            "issues": list(self.issues),
            "strategies": list(self.strategies),
            "repeat": self.repeat,
            "seed": self.seed,
            "rounds": self.rounds,
        }

    def as_json(self) -> dict[str, Any]:
        """The whole result as JSON-ready data, figures rounded to six decimals."""
        return {
            **self.header(),
            "games": [_rounded(asdict(row)) for row in self.games],
            "summary": [_rounded(asdict(item)) for item in self.summary],
        }


def _mean(values: Sequence[float]) -> float | None:
    return math.fsum(values) / len(values) if values else None


def summarise(strategies: Sequence[str], rows: Sequence[GameRow]) -> tuple[StrategySummary, ...]:
    """Each strategy's summary over ``rows``, ranked by mean advantage (ties in the order of
    ``strategies``)."""
    items = []
    for spec in strategies:
        played: dict[Side, list[GameRow]] = {
            Side.UNION: [r for r in rows if r.union == spec],
            Side.EMPLOYER: [r for r in rows if r.employer == spec],
        }
        both = [(side, row) for side in Side for row in played[side]]
        deals = [row for _, row in both if row.deal]
        figures = [row.side(side) for side, row in both]
        union = [row.side(Side.UNION) for row in played[Side.UNION]]
        employer = [row.side(Side.EMPLOYER) for row in played[Side.EMPLOYER]]
        items.append(
            StrategySummary(
                rank=0,
                strategy=spec,
                games=len(both),
                union_games=len(union),
                employer_games=len(employer),
                union_utility=_mean([f[0] for f in union]),
                union_advantage=_mean([f[1] for f in union]),
                employer_utility=_mean([f[0] for f in employer]),
                employer_advantage=_mean([f[1] for f in employer]),
                advantage=_mean([f[1] for f in figures]) or 0.0,
                agreement_rate=len(deals) / len(both) if both else 0.0,
                illegal_deals=sum(1 for _, row in both if row.agreed and not row.deal),
                mean_round=_mean([float(row.agreed_in or 0) for row in deals]),
                nash_product=_mean([row.nash_product for _, row in both]) or 0.0,
                offers=sum(f[2] for f in figures),
                illegal_offers=sum(f[3] for f in figures),
                unaffordable_offers=sum(f[4] for f in figures),
            )
        )
    order = sorted(range(len(items)), key=lambda i: (-round(items[i].advantage, _DECIMALS), i))
    return tuple(
        StrategySummary(**{**asdict(items[i]), "rank": place})
        for place, i in enumerate(order, start=1)
    )


def _rounded(data: dict[str, Any]) -> dict[str, Any]:
    return {
        key: round(value, _DECIMALS) if isinstance(value, float) else value
        for key, value in data.items()
    }


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(round(value, _DECIMALS))
    return str(value)


def write_tables(result: TournamentResult, folder: str | Path) -> list[Path]:
    """Write ``games.json``, ``games.csv``, ``summary.json`` and ``summary.csv`` into ``folder``
    (made when missing); the files written, in that order.

    The JSON files hold the tournament's :meth:`~TournamentResult.header` and the rows; the CSV
    files one row per game or strategy, a game's agreed values in one ``agreed_<issue>`` column
    per issue. Figures are rounded to six decimals; the same tournament writes the same bytes.
    """
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    games = [_rounded(asdict(row)) for row in result.games]
    summary = [_rounded(asdict(item)) for item in result.summary]
    written = []
    for name, rows in (("games", games), ("summary", summary)):
        path = target / f"{name}.json"
        text = json.dumps({**result.header(), name: rows}, ensure_ascii=False, indent=2)
        path.write_text(text + "\n", encoding="utf-8")
        written += [path, _write_csv(target / f"{name}.csv", result, name)]
    return written


def _write_csv(path: Path, result: TournamentResult, name: str) -> Path:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        if name == "summary":
            writer.writerow([f.name for f in fields(StrategySummary)])
            for item in result.summary:
                writer.writerow([_cell(getattr(item, f.name)) for f in fields(StrategySummary)])
            return path
        columns = [f.name for f in fields(GameRow) if f.name not in {"outcome", "values"}]
        writer.writerow([*columns, *(f"agreed_{issue}" for issue in result.issues)])
        for row in result.games:
            agreed = row.values or ("",) * len(result.issues)
            writer.writerow([*(_cell(getattr(row, c)) for c in columns), *agreed])
    return path
