"""The contest table (成绩表): each side's points in each game, the teams ranked, the prizes.

**Points in a game.** Each team plays one side of a game; its points there, from 0 to 100, are
the weighted mean of five parts (the contest file's ``weights``, normalised):

- ``deal`` (达成协议): 1 when the game ended in a deal that counts, agreed *and* legal (a deal in
  whose text the law finds an error scores as no deal); else 0. Both sides share it.
- ``advantage`` (己方收益): the side's advantage from :func:`~bargain.simulation.score`,
  ``(u - reservation) / (best - reservation)``: 0 without a deal, 1 at its best outcome, below 0
  for a deal worse than none (counted down to -1).
- ``legality`` (合法性): the share of the side's own offers whose text the law finds no error in
  (1 for a side that made no offer): an illegal offer counts against the side that made it.
- ``case_data`` (案例数据运用): the share of the side's own offers whose extra cost the case's
  company can bear (its margin, from the case data and costing). A narrow proxy, stated as such:
  it sees whether a side's demands stayed within the company's means, not whether the team read,
  computed or argued from the figures; that is for the judges (the default criterion
  案例数据分析). Where a scenario cannot price its issues (no profile and no ``cost``), every offer
  is affordable and the part is 1 for everyone: give it no weight there.
- ``judges`` (评委评分): the weighted mean of the criteria, each the average of the judges'
  scores, scaled to 0-1. For each criterion the scores of that game are used, else the team's
  scores for the whole contest (entries without ``game``); a criterion nobody scored counts 0
  and is listed as missing.

**Teams.** A team's points as the worker side are its mean over the games it played on that
side, and likewise as the management side; its total is the mean of the two, so each role counts
half however many games it played in it (a role it has not played yet counts 0).

**Ties** (:data:`TIE_RULE`). Teams are ranked by total; equal totals (to 0.01, as printed) are
broken by more legal deals, then fewer illegal offers, then the higher judges' score. Teams
equal on all of these share a rank (1, 1, 3) and are listed in the contest file's order.

**Prizes.** The first ``first`` ranks win 团体一等奖, the next ``second`` 团体二等奖, the next
``third`` 团体三等奖; teams sharing a rank share its prize, even beyond the count; a team that
has played no game wins none. Members are ranked by the mean of their judges' scores (ties
broken by their team's rank, then shared): the first ``best_negotiator`` ranks are 最佳谈判员,
the next ``excellent_negotiators`` 优秀协商员.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from bargain.domain.language import Bilingual, Lang
from bargain.domain.parties import Side
from bargain.simulation.contest import COMPONENTS, Contest, ContestGame, Team
from bargain.simulation.protocol import GameRecord
from bargain.simulation.scoring import GameScore, score

__all__ = [
    "PRIZES",
    "TIE_RULE",
    "TITLES",
    "GameResult",
    "MemberResult",
    "Missing",
    "SidePoints",
    "Standings",
    "TeamResult",
    "standings",
]

PRIZES: dict[str, Bilingual] = {
    "first": Bilingual("团体一等奖", "team first prize"),
    "second": Bilingual("团体二等奖", "team second prize"),
    "third": Bilingual("团体三等奖", "team third prize"),
}
"""The team prizes, best first."""

TITLES: dict[str, Bilingual] = {
    "best": Bilingual("最佳谈判员", "best negotiator"),
    "excellent": Bilingual("优秀协商员", "excellent negotiator"),
}
"""The individual titles."""

TIE_RULE = Bilingual(
    "按总分排名；总分相同（精确到0.01分）的，依次比较达成合法协议的场次（多者在前）、违法出价次数"
    "（少者在前）、评委评分（高者在前）；仍相同的名次并列，奖项相同。",
    "Ranked by total; equal totals (to 0.01) are broken by more legal deals, then fewer illegal "
    "offers, then the higher judges' score; teams still equal share the rank and the prize.",
)
"""How ties are broken (the module's docstring says why)."""


@dataclass(frozen=True)
class SidePoints:
    """A team's points for the side it played in one game."""

    team: str
    side: Side
    parts: dict[str, float]
    """Each part of :data:`~bargain.simulation.contest.COMPONENTS`, from 0 to 1."""
    points: float
    """The weighted mean of the parts, from 0 to 100 (below 0 only for a very bad deal)."""


@dataclass(frozen=True)
class GameResult:
    """One game of the contest, scored (or still to be played)."""

    number: int
    """The game's number, from 1."""
    game: ContestGame
    score: GameScore | None
    """The game's scores (``None``: not played yet)."""
    union: SidePoints | None
    employer: SidePoints | None

    @property
    def played(self) -> bool:
        """Whether the game has a record."""
        return self.score is not None


@dataclass(frozen=True)
class TeamResult:
    """A team's line in the table."""

    team: Team
    rank: int
    union: float | None
    """Mean points on the worker side (``None``: no game played on it)."""
    union_games: int
    employer: float | None
    """Mean points on the management side."""
    employer_games: int
    total: float
    """The mean of the two roles (a role not played counts 0)."""
    deals: int
    """Legal deals in its games."""
    illegal_offers: int
    """Offers it made whose text breaks the law."""
    judges: float | None
    """Its mean judges' score over its games, 0 to 100."""
    prize: str | None
    """A key of :data:`PRIZES`, or ``None``."""

    @property
    def games(self) -> int:
        """The games it has played."""
        return self.union_games + self.employer_games


@dataclass(frozen=True)
class MemberResult:
    """A member's judges' scores and title."""

    rank: int
    team: Team
    member: str
    score: float
    """The mean of the judges' scores, on the contest's scale."""
    entries: int
    """How many scores it is the mean of."""
    title: str | None
    """A key of :data:`TITLES`, or ``None``."""


@dataclass(frozen=True)
class Missing:
    """Judges' scores still missing for a team in a game."""

    team: str
    game: int
    criteria: tuple[str, ...]


@dataclass(frozen=True)
class Standings:
    """The contest table (:func:`standings`)."""

    contest: Contest
    games: tuple[GameResult, ...]
    teams: tuple[TeamResult, ...]
    """In rank order."""
    members: tuple[MemberResult, ...]
    """In rank order."""
    missing: tuple[Missing, ...]

    @property
    def pending(self) -> tuple[int, ...]:
        """The games not played yet."""
        return tuple(g.number for g in self.games if not g.played)

    def as_json(self, lang: Lang = Lang.ZH) -> dict[str, Any]:
        """Everything, as JSON-ready data (labels in ``lang``; plain data for the DOCX)."""
        en = lang is Lang.EN
        contest = self.contest
        names = {t.id: t.label(en) for t in contest.teams}
        return {
            "title": contest.label(en),
            "organiser": contest.organiser,
            "date": None if contest.date is None else contest.date.isoformat(),
            "weights": {
                key: float(value)
                for key, value in zip(COMPONENTS, contest.weights.values(), strict=True)
            },
            "criteria": [
                {"id": c.id, "name": c.label(en), "weight": float(c.weight)}
                for c in contest.criteria
            ],
            "scale": [float(contest.scale.low), float(contest.scale.high)],
            "tie_rule": TIE_RULE.get(lang),
            "teams": [
                {
                    "rank": r.rank,
                    "id": r.team.id,
                    "name": r.team.label(en),
                    "unit": r.team.unit,
                    "members": list(r.team.members),
                    "union": _round(r.union),
                    "union_games": r.union_games,
                    "employer": _round(r.employer),
                    "employer_games": r.employer_games,
                    "judges": _round(r.judges),
                    "total": _round(r.total),
                    "deals": r.deals,
                    "illegal_offers": r.illegal_offers,
                    "prize": r.prize,
                    "prize_label": None if r.prize is None else PRIZES[r.prize].get(lang),
                }
                for r in self.teams
            ],
            "games": [_game_json(g, names, lang) for g in self.games],
            "individuals": [
                {
                    "rank": m.rank,
                    "team": m.team.id,
                    "team_name": m.team.label(en),
                    "member": m.member,
                    "score": _round(m.score),
                    "entries": m.entries,
                    "title": m.title,
                    "title_label": None if m.title is None else TITLES[m.title].get(lang),
                }
                for m in self.members
            ],
            "pending": list(self.pending),
            "missing": [
                {"team": m.team, "game": m.game, "criteria": list(m.criteria)} for m in self.missing
            ],
        }

    def csv(self, lang: Lang = Lang.ZH) -> str:
        """The team table as CSV text, one team a line in rank order, headings in ``lang``."""
        heads = Bilingual(
            "名次|队伍标识|队名|职工方得分|职工方场次|企业方得分|企业方场次|评委评分|总分|"
            "合法协议场次|违法出价次数|奖项",
            "rank|team id|team|worker side|worker-side games|management side|"
            "management-side games|judges|total|legal deals|illegal offers|prize",
        )
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(heads.get(lang).split("|"))
        for row in self.as_json(lang)["teams"]:
            writer.writerow(
                [
                    row["rank"],
                    row["id"],
                    row["name"],
                    _fixed(row["union"]),
                    row["union_games"],
                    _fixed(row["employer"]),
                    row["employer_games"],
                    _fixed(row["judges"]),
                    _fixed(row["total"]),
                    row["deals"],
                    row["illegal_offers"],
                    row["prize_label"] or "",
                ]
            )
        return out.getvalue()


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _fixed(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def _game_json(result: GameResult, names: dict[str, str], lang: Lang) -> dict[str, Any]:
    game, found = result.game, result.score
    data: dict[str, Any] = {
        "number": result.number,
        "title": game.title,
        "union_team": game.union,
        "union_name": names[game.union],
        "employer_team": game.employer,
        "employer_name": names[game.employer],
        "played": result.played,
    }
    if found is None:
        return data
    outcome = Bilingual("达成协议", "deal")
    if not found.agreed:
        outcome = Bilingual("未达成协议", "no deal")
    elif not found.legal:
        outcome = Bilingual("协议违法，按未达成计", "illegal deal, scored as none")
    data.update(
        {
            "scenario": found.scenario,
            "result": outcome.get(lang),
            "agreed": found.agreed,
            "deal": found.deal,
            "legal": found.legal,
            "agreed_in": found.agreed_in,
            "union_points": _round(result.union.points if result.union else None),
            "employer_points": _round(result.employer.points if result.employer else None),
            "union_parts": {} if result.union is None else result.union.parts,
            "employer_parts": {} if result.employer is None else result.employer.parts,
            "score": found.as_json(),
        }
    )
    return data


# --- computing the table --------------------------------------------------------------------


def standings(
    contest: Contest, records: Sequence[GameRecord | None], lang: Lang = Lang.ZH
) -> Standings:
    """Score every played game and rank the teams and members (see the module's docstring).

    ``records`` holds one record per game of ``contest``, in order (``None``: not played), as
    :func:`~bargain.simulation.contest.load_records` reads them.

    Raises:
        ValueError: ``records`` does not hold one item per game.
    """
    if len(records) != len(contest.games):
        raise ValueError(f"{len(records)} records for {len(contest.games)} games")
    weights = [float(w) for w in contest.weights.values()]
    total_weight = sum(weights)
    results: list[GameResult] = []
    missing: list[Missing] = []
    for number, (game, record) in enumerate(zip(contest.games, records, strict=True), start=1):
        if record is None:
            results.append(GameResult(number, game, None, None, None))
            continue
        found = score(record, lang)
        sides: list[SidePoints] = []
        for side in Side:
            team = getattr(game, side.value)
            judged, lacking = _judges(contest, team, number)
            if lacking and contest.weights.judges > 0:
                missing.append(Missing(team, number, lacking))
            parts = _parts(found, side, judged)
            points = 100 * sum(w * p for w, p in zip(weights, parts.values(), strict=True))
            sides.append(SidePoints(team, side, parts, points / total_weight))
        results.append(GameResult(number, game, found, sides[0], sides[1]))
    teams = _rank_teams(contest, results)
    members = _rank_members(contest, {r.team.id: r.rank for r in teams})
    return Standings(contest, tuple(results), teams, members, tuple(missing))


def _parts(found: GameScore, side: Side, judged: float) -> dict[str, float]:
    mine = found.side(side)
    offers = mine.offers
    return {
        "deal": 1.0 if found.deal else 0.0,
        "advantage": max(-1.0, min(1.0, mine.advantage)),
        "legality": 1 - mine.illegal_offers / offers if offers else 1.0,
        "case_data": 1 - mine.unaffordable_offers / offers if offers else 1.0,
        "judges": judged,
    }


def _judges(contest: Contest, team: str, number: int) -> tuple[float, tuple[str, ...]]:
    """The team's judges' score in game ``number`` (0 to 1) and the criteria nobody scored."""
    low, span = contest.scale.low, contest.scale.high - contest.scale.low
    entries = [e for e in contest.scores if e.team == team]
    value, weights = Decimal(0), Decimal(0)
    lacking: list[str] = []
    for criterion in contest.criteria:
        weights += criterion.weight
        marks = [
            e.criteria[criterion.id]
            for e in entries
            if e.game == number and criterion.id in e.criteria
        ]
        if not marks:  # the team's scores for the whole contest
            marks = [
                e.criteria[criterion.id]
                for e in entries
                if e.game is None and criterion.id in e.criteria
            ]
        if not marks:
            if criterion.weight > 0:
                lacking.append(criterion.id)
            continue
        mean = sum(marks, Decimal(0)) / len(marks)
        value += criterion.weight * (mean - low) / span
    return (float(value / weights) if weights else 0.0), tuple(lacking)


def _ranks(rows: Sequence[Any], key: Callable[[Any], tuple[Any, ...]]) -> list[tuple[int, Any]]:
    """Competition ranking (1, 1, 3) of ``rows`` sorted by ``key``, stable within ties."""
    ordered = sorted(rows, key=key)
    ranked: list[tuple[int, Any]] = []
    for position, row in enumerate(ordered, start=1):
        same = ranked and key(ranked[-1][1]) == key(row)
        ranked.append((ranked[-1][0] if same else position, row))
    return ranked


def _rank_teams(contest: Contest, results: Sequence[GameResult]) -> tuple[TeamResult, ...]:
    tallies = []
    for team in contest.teams:
        roles: dict[Side, list[float]] = {Side.UNION: [], Side.EMPLOYER: []}
        judged: list[float] = []
        deals = illegal = 0
        for result in results:
            for points in (result.union, result.employer):
                if points is None or points.team != team.id or result.score is None:
                    continue
                roles[points.side].append(points.points)
                judged.append(points.parts["judges"] * 100)
                deals += result.score.deal
                illegal += result.score.side(points.side).illegal_offers
        means = {side: sum(p) / len(p) if p else None for side, p in roles.items()}
        tallies.append(
            TeamResult(  # ranked and given its prize below
                team,
                0,
                means[Side.UNION],
                len(roles[Side.UNION]),
                means[Side.EMPLOYER],
                len(roles[Side.EMPLOYER]),
                ((means[Side.UNION] or 0.0) + (means[Side.EMPLOYER] or 0.0)) / 2,
                deals,
                illegal,
                sum(judged) / len(judged) if judged else None,
                None,
            )
        )

    def key(t: TeamResult) -> tuple[float, int, int, float]:
        return (-round(t.total, 2), -t.deals, t.illegal_offers, -round(t.judges or 0.0, 2))

    prizes = contest.prizes
    limits = (
        ("first", prizes.first),
        ("second", prizes.first + prizes.second),
        ("third", prizes.first + prizes.second + prizes.third),
    )
    ranked = []
    for rank, t in _ranks(tallies, key):
        played = t.union_games + t.employer_games > 0
        prize = next((name for name, limit in limits if rank <= limit), None) if played else None
        ranked.append(replace(t, rank=rank, prize=prize))
    return tuple(ranked)


def _rank_members(contest: Contest, team_ranks: dict[str, int]) -> tuple[MemberResult, ...]:
    marks: dict[tuple[str, str], list[Decimal]] = {}
    for entry in contest.scores:
        for member, value in entry.members.items():
            marks.setdefault((entry.team, member), []).append(value)
    rows = [
        (team, member, float(sum(values, Decimal(0)) / len(values)), len(values))
        for (team, member), values in marks.items()
    ]

    def key(row: tuple[str, str, float, int]) -> tuple[float, int]:
        return (-round(row[2], 2), team_ranks[row[0]])

    best = contest.prizes.best_negotiator
    excellent = best + contest.prizes.excellent_negotiators
    found = []
    for rank, (team, member, mean, count) in _ranks(rows, key):
        title = "best" if rank <= best else "excellent" if rank <= excellent else None
        found.append(MemberResult(rank, contest.team(team), member, mean, count, title))
    return tuple(found)
