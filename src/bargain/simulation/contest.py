"""Bargaining-skills contests (集体协商竞赛): the contest file, its teams, games and judges' scores.

City unions run contests in which teams of (usually) four split into the worker side (职工方) and
the management side (行政方/企业方), draw a case before the contest, negotiate for 30 to 45
minutes, and are judged (legal-reference §4). No official rubric is published, so the weights
are the organiser's: a contest file (YAML or JSON) names the scenarios, the teams and their
members, the games (which team played which side, and the record of the game written by
``bargain simulate --format json`` or ``bargain play --record``), the judges' criteria and scale,
the judges' scores, the weights and the prizes. :func:`load_contest` reads it and checks every
cross-reference (a game's teams, a score's team, game, criteria and members) with the field path
of the fault; :func:`load_records` reads each game's record again against its scenario
(:func:`~bargain.simulation.records.read_record`), so a record whose utilities were edited
scores as the scenario says, not as the record says.
:mod:`bargain.simulation.standings` turns both into the contest table.

>>> from bargain._reading import parse_model
>>> contest = parse_model(Contest, '''
... title: 蚌埠市集体协商竞赛
... scenarios: [bengbu-delivery]
... teams:
...   - {id: t1, name: 一队, members: [甲, 乙, 丙, 丁]}
...   - {id: t2, name: 二队, members: [戊, 己, 庚, 辛]}
... games:
...   - {union: t1, employer: t2}
...   - {union: t2, employer: t1}
... ''')
>>> [c.name for c in contest.criteria][:3]
['沟通表达', '团队协作', '策略应变']
>>> check_contest(contest, "<contest>")
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Self

from pydantic import Field, model_validator

from bargain._reading import Lines, load_tree, validate_tree
from bargain.domain.base import DomainModel, invalid
from bargain.domain.language import Bilingual
from bargain.domain.parties import Identifier, Name, Side
from bargain.domain.problems import FieldPath, format_path
from bargain.errors import InvalidDocument, Problem
from bargain.simulation.files import SHIPPED, load_game, shipped_dir
from bargain.simulation.game import Game
from bargain.simulation.protocol import GameRecord
from bargain.simulation.records import read_record

__all__ = [
    "COMPONENTS",
    "DEFAULT_CRITERIA",
    "Contest",
    "ContestGame",
    "Criterion",
    "JudgeScore",
    "Prizes",
    "Scale",
    "Team",
    "Weights",
    "check_contest",
    "load_contest",
    "load_games",
    "load_records",
    "team_games",
]

_KEY = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", min_length=1, max_length=64)]
_Weight = Annotated[Decimal, Field(ge=0, le=1000)]

COMPONENTS: dict[str, Bilingual] = {
    "deal": Bilingual("达成协议", "deal"),
    "advantage": Bilingual("己方收益", "advantage"),
    "legality": Bilingual("合法性", "legality"),
    "case_data": Bilingual("案例数据运用", "use of the case data"),
    "judges": Bilingual("评委评分", "judges"),
}
"""What a side's points in a game are made of, each from 0 to 1 (advantage from -1), in the
order of :class:`Weights`; :mod:`bargain.simulation.standings` says how each is measured."""


class Team(DomainModel):
    """参赛队: a team and its members (usually four: two a side at the table, or all four)."""

    id: Identifier
    """The team's key (used by games and scores)."""
    name: Name
    """队名: its name, as the awards print it."""
    name_en: Name | None = None
    """Its name in English."""
    unit: Name | None = None
    """代表单位: the union or organisation it represents."""
    members: tuple[Name, ...] = Field(min_length=1, max_length=6)
    """队员: its members, 1 to 6 (usually 4)."""

    @model_validator(mode="after")
    def _members_differ(self) -> Self:
        if len(set(self.members)) != len(self.members):
            raise invalid("同一队的队员姓名不得重复", "a team's members must have different names")
        return self

    def label(self, en: bool = False) -> str:
        """The team's name in a language."""
        return (self.name_en or self.name) if en else self.name


class ContestGame(DomainModel):
    """一场比赛: one team on the worker side against another on the management side."""

    union: Identifier
    """The team on the worker side (职工方)."""
    employer: Identifier
    """The team on the management side (行政方/企业方)."""
    record: Annotated[str, Field(min_length=1, max_length=500)] | None = None
    """The game's record, relative to the contest file: the JSON of ``bargain simulate --format
    json`` (its ``record``) or of ``bargain play --record``. Without it the game is still to be
    played."""
    title: Name | None = None
    """A label for the game (初赛第一场)."""

    @model_validator(mode="after")
    def _two_teams(self) -> Self:
        if self.union == self.employer:
            raise invalid("一场比赛须由两支不同的队伍对阵", "a game needs two different teams")
        return self


class Criterion(DomainModel):
    """评分项: what judges score that a program cannot see."""

    id: _KEY
    """The criterion's key (``--criterion communication=8``)."""
    name: Name
    """Its name in Chinese (沟通表达)."""
    name_en: Name | None = None
    """Its name in English."""
    weight: _Weight = Decimal(1)
    """Its weight within the judges' score."""

    def label(self, en: bool = False) -> str:
        """The criterion's name in a language."""
        return (self.name_en or self.name) if en else self.name


DEFAULT_CRITERIA = (
    Criterion(id="communication", name="沟通表达", name_en="communication"),
    Criterion(id="teamwork", name="团队协作", name_en="teamwork"),
    Criterion(id="strategy", name="策略应变", name_en="strategy and flexibility"),
    Criterion(id="law", name="法律政策运用", name_en="command of law and policy"),
    Criterion(id="data", name="案例数据分析", name_en="analysis of the case data"),
)
"""The qualities contest reports name (legal-reference §4): a starting point, not a rubric."""


class Scale(DomainModel):
    """评分区间: the range of a judge's score."""

    low: Decimal = Decimal(0)
    """The lowest score."""
    high: Decimal = Decimal(10)
    """The highest score."""

    @model_validator(mode="after")
    def _a_range(self) -> Self:
        if self.high <= self.low:
            raise invalid("high 须大于 low", "high must be above low")
        return self


class Weights(DomainModel):
    """权重: how much each part counts in a side's points in a game (normalised to 100)."""

    deal: _Weight = Decimal(20)
    """A legal deal reached (达成协议): 1, else 0; a deal the law finds an error in is none."""
    advantage: _Weight = Decimal(25)
    """The side's advantage, ``(u - reservation) / (best - reservation)`` (己方收益)."""
    legality: _Weight = Decimal(15)
    """The share of the side's offers in which the law finds no error (合法性)."""
    case_data: _Weight = Decimal(10)
    """The share of the side's offers the case's company can bear (案例数据运用)."""
    judges: _Weight = Decimal(30)
    """The judges' score over the criteria (评委评分)."""

    @model_validator(mode="after")
    def _some_weight(self) -> Self:
        if sum(self.values(), Decimal(0)) <= 0:
            raise invalid("权重之和须大于0", "the weights must add up to more than 0")
        return self

    def values(self) -> tuple[Decimal, ...]:
        """The weights, in the order of :data:`COMPONENTS`."""
        return (self.deal, self.advantage, self.legality, self.case_data, self.judges)


class Prizes(DomainModel):
    """奖项: how many team prizes and individual titles are given."""

    first: Annotated[int, Field(ge=0, le=100)] = 1
    """团体一等奖."""
    second: Annotated[int, Field(ge=0, le=100)] = 2
    """团体二等奖."""
    third: Annotated[int, Field(ge=0, le=100)] = 3
    """团体三等奖."""
    best_negotiator: Annotated[int, Field(ge=0, le=100)] = 1
    """最佳谈判员: the members with the best judges' scores."""
    excellent_negotiators: Annotated[int, Field(ge=0, le=100)] = 0
    """优秀协商员: the next members."""


class JudgeScore(DomainModel):
    """A judge's scores of a team: in one game, or for the whole contest (no ``game``)."""

    judge: Name | None = None
    """The judge (评委), for the record; several judges' scores are averaged."""
    team: Identifier
    """The team scored."""
    game: Annotated[int, Field(ge=1)] | None = None
    """The game (from 1, in the order of ``games``); without it, the team's whole contest."""
    criteria: dict[_KEY, Decimal] = Field(default_factory=dict)
    """A score per criterion, on the contest's scale."""
    members: dict[Name, Decimal] = Field(default_factory=dict)
    """A score per member (for the best negotiator), on the contest's scale."""

    @model_validator(mode="after")
    def _some_score(self) -> Self:
        if not self.criteria and not self.members:
            raise invalid(
                "须给出 criteria 或 members 的分数", "give scores in `criteria` or `members`"
            )
        return self


class Contest(DomainModel):
    """集体协商竞赛: a contest's teams, games, judges' scores, weights and prizes."""

    title: Name
    """竞赛名称."""
    title_en: Name | None = None
    """Its name in English."""
    organiser: Name | None = None
    """主办单位: who runs it (printed under the awards)."""
    date: dt.date | None = None
    """The day of the awards."""
    scenarios: tuple[Annotated[str, Field(min_length=1, max_length=500)], ...] = Field(
        min_length=1, max_length=50
    )
    """The cases drawn (赛前抽取的案例): scenario files relative to the contest file, or names
    of shipped scenarios (``bengbu-delivery``)."""
    teams: tuple[Team, ...] = Field(min_length=2, max_length=200)
    """参赛队."""
    games: tuple[ContestGame, ...] = ()
    """The games, numbered from 1 in this order."""
    criteria: tuple[Criterion, ...] = Field(default=DEFAULT_CRITERIA, min_length=1)
    """What the judges score."""
    scale: Scale = Scale()
    """The range of a judge's score."""
    weights: Weights = Weights()
    """How the parts of a side's points count."""
    prizes: Prizes = Prizes()
    """The prizes given."""
    scores: tuple[JudgeScore, ...] = ()
    """The judges' scores, as entered (``bargain contest judge``)."""

    def team(self, team_id: str) -> Team:
        """The team with id ``team_id``."""
        return next(t for t in self.teams if t.id == team_id)

    def label(self, en: bool = False) -> str:
        """The contest's name in a language."""
        return (self.title_en or self.title) if en else self.title


# --- reading and checking -------------------------------------------------------------------


def load_contest(path: str | Path) -> Contest:
    """Read a contest file and check its cross-references (:func:`check_contest`).

    Raises:
        InvalidDocument: the file cannot be read, is not a valid contest, or names a team, game,
            criterion or member it does not define; each problem names the file and field path.
    """
    data, lines, source = load_tree(path)
    contest = validate_tree(Contest, data, lines, source)
    check_contest(contest, source, lines)
    return contest


def check_contest(contest: Contest, source: str, lines: Lines | None = None) -> None:
    """Check what a model cannot check field by field: ids given once, and every team, game,
    criterion, member and score named where it is defined and within the scale.

    Raises:
        InvalidDocument: one problem per fault, with its field path (and line, from ``lines``).
    """
    problems: list[Problem] = []

    def fault(path: FieldPath, zh: str, en: str, found: Any = None) -> None:
        line = None
        for end in range(len(path), -1, -1):
            line = (lines or {}).get(path[:end])
            if line is not None:
                break
        shown = None if found is None else str(found)
        problems.append(Problem(source, format_path(path), Bilingual(zh, en), shown, line))

    teams = {t.id: t for t in contest.teams}
    known = ", ".join(teams)
    for kind, ids in (
        ("teams", [t.id for t in contest.teams]),
        ("criteria", [c.id for c in contest.criteria]),
    ):
        for index, key in enumerate(ids):
            if key in ids[:index]:
                fault((kind, index, "id"), "标识不得重复", "ids must differ", key)
    if sum((c.weight for c in contest.criteria), Decimal(0)) <= 0:
        fault(
            ("criteria",),
            "评分项的权重之和须大于0",
            "the criteria's weights must add up to more than 0",
        )
    for number, game in enumerate(contest.games):
        for side in Side:
            team = getattr(game, side.value)
            if team not in teams:
                fault(
                    ("games", number, side.value),
                    f"参赛队的标识：{known}",
                    f"the id of a team: {known}",
                    team,
                )
    criteria = {c.id for c in contest.criteria}
    names = ", ".join(c.id for c in contest.criteria)
    low, high = contest.scale.low, contest.scale.high
    for index, entry in enumerate(contest.scores):
        at: FieldPath = ("scores", index)
        team = teams.get(entry.team)
        if team is None:
            fault((*at, "team"), f"参赛队的标识：{known}", f"the id of a team: {known}", entry.team)
        if entry.game is not None:
            if entry.game > len(contest.games):
                fault(
                    (*at, "game"),
                    f"比赛场次：1至{len(contest.games)}",
                    f"a game number, 1 to {len(contest.games)}",
                    entry.game,
                )
            elif entry.team not in _teams_of(contest.games[entry.game - 1]):
                game = contest.games[entry.game - 1]
                fault(
                    (*at, "game"),
                    f"该队参加的场次（第{entry.game}场是 {game.union} 对 {game.employer}）",
                    f"a game the team plays (game {entry.game} is {game.union} against "
                    f"{game.employer})",
                    entry.game,
                )
        for key, value in entry.criteria.items():
            if key not in criteria:
                fault((*at, "criteria", key), f"评分项：{names}", f"a criterion: {names}", key)
            elif not low <= value <= high:
                fault(
                    (*at, "criteria", key),
                    f"{low}至{high}之间的分数",
                    f"a score from {low} to {high}",
                    value,
                )
        for member, value in entry.members.items():
            if team is not None and member not in team.members:
                fault(
                    (*at, "members", member),
                    f"{team.id}队的队员：{'、'.join(team.members)}",
                    f"a member of team {team.id}: {', '.join(team.members)}",
                    member,
                )
            elif not low <= value <= high:
                fault(
                    (*at, "members", member),
                    f"{low}至{high}之间的分数",
                    f"a score from {low} to {high}",
                    value,
                )
    if problems:
        raise InvalidDocument(problems)


def _teams_of(game: ContestGame) -> tuple[str, str]:
    return game.union, game.employer


# --- scenarios and records ------------------------------------------------------------------


def load_games(contest: Contest, source: str | Path) -> dict[str, Game]:
    """The contest's scenarios, by scenario id, read relative to the contest file ``source``.

    Raises:
        InvalidDocument: a scenario is neither a file nor a shipped name, cannot be read, or
            two have the same id.
    """
    base = Path(source).resolve().parent
    games: dict[str, Game] = {}
    for index, name in enumerate(contest.scenarios):
        target = base / name
        if not target.is_file():
            if name not in SHIPPED:
                raise InvalidDocument(
                    [
                        Problem(
                            str(source),
                            f"scenarios[{index}]",
                            Bilingual(
                                f"相对竞赛文件的情景文件路径，或内置情景：{'、'.join(SHIPPED)}",
                                "a scenario file relative to the contest file, or a shipped "
                                f"scenario: {', '.join(SHIPPED)}",
                            ),
                            name,
                        )
                    ]
                )
            target = shipped_dir() / f"{name}.yaml"
        game = load_game(target)
        if game.scenario.id in games:
            raise InvalidDocument(
                [
                    Problem(
                        str(source),
                        f"scenarios[{index}]",
                        Bilingual("情景标识不得重复", "scenarios with different ids"),
                        game.scenario.id,
                    )
                ]
            )
        games[game.scenario.id] = game
    return games


def load_records(
    contest: Contest, source: str | Path, games: Mapping[str, Game] | None = None
) -> list[GameRecord | None]:
    """Each game's record (``None`` for a game not yet played), read again against its scenario.

    Record paths are relative to the contest file ``source``.

    Raises:
        InvalidDocument: a record file is missing, unreadable, of a scenario the contest does not
            name, or breaks the protocol; the problem names the record file and the field path.
    """
    games = load_games(contest, source) if games is None else games
    base = Path(source).resolve().parent
    records: list[GameRecord | None] = []
    for number, game in enumerate(contest.games):
        if game.record is None:
            records.append(None)
            continue
        target = base / game.record
        if not target.is_file():
            raise InvalidDocument(
                [
                    Problem(
                        str(source),
                        f"games[{number}].record",
                        Bilingual(
                            f"相对竞赛文件的比赛记录文件（{target}不存在）",
                            f"a game record file, relative to the contest file ({target} does "
                            "not exist)",
                        ),
                        game.record,
                    )
                ]
            )
        data, lines, name = load_tree(target)
        records.append(read_record(data, games, name, lines))
    return records


def team_games(contest: Contest, team_id: str) -> list[tuple[int, Side]]:
    """The games (numbered from 1) ``team_id`` plays, and its side in each."""
    found = []
    for number, game in enumerate(contest.games, start=1):
        for side in Side:
            if getattr(game, side.value) == team_id:
                found.append((number, side))
    return found
