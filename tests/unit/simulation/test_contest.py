"""The contest table: points, roles swapped, weights, the law, ties, prizes and honest records."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from bargain._reading import parse_model
from bargain.domain.language import Lang
from bargain.errors import InvalidDocument
from bargain.simulation import Game, GameRecord, load_game, play
from bargain.simulation.contest import Contest, check_contest
from bargain.simulation.contest_file import pairings, starter
from bargain.simulation.records import read_record
from bargain.simulation.standings import Standings, TeamResult, standings

TEAMS = """
title: 测试竞赛
scenarios: [bengbu-delivery]
teams:
  - {id: a, name: 甲队, members: [甲一, 甲二, 甲三, 甲四]}
  - {id: b, name: 乙队, members: [乙一, 乙二, 乙三, 乙四]}
  - {id: c, name: 丙队, members: [丙一, 丙二, 丙三, 丙四]}
  - {id: d, name: 丁队, members: [丁一, 丁二, 丁三, 丁四]}
"""


@pytest.fixture(scope="module")
def game() -> Game:
    return load_game("bengbu-delivery")


@pytest.fixture(scope="module")
def records(game: Game) -> dict[str, GameRecord]:
    """Games whose kinds of result the tests rely on (each checked where it is relied on)."""
    return {
        "deal": play(game, "boulware", "conceder", seed=1),
        "other_deal": play(game, "linear", "costing", seed=1),
        "illegal_deal": play(game, "boulware", "boulware", seed=1),
        "impasse": play(game, "hardliner", "hardliner", seed=1),
    }


def contest(games: str, rest: str = "") -> Contest:
    found = parse_model(Contest, f"{TEAMS}games:\n{games}\n{rest}", source="contest.yaml")
    check_contest(found, "contest.yaml")
    return found


SWAPPED = """
  - {union: a, employer: b}
  - {union: b, employer: c}
  - {union: c, employer: d}
  - {union: d, employer: a}
"""


def by_id(table: Standings) -> dict[str, TeamResult]:
    return {row.team.id: row for row in table.teams}


def test_each_team_counts_its_worker_side_and_its_management_side_game_half_each(
    records: dict[str, GameRecord],
) -> None:
    played = [records["deal"], records["other_deal"], records["illegal_deal"], records["impasse"]]
    table = standings(contest(SWAPPED), played)
    points = {
        (p.team, p.side.value): p.points
        for g in table.games
        for p in (g.union, g.employer)
        if p is not None
    }
    for team, row in by_id(table).items():
        assert (row.union_games, row.employer_games) == (1, 1)
        assert row.union == points[(team, "union")]
        assert row.employer == points[(team, "employer")]
        assert row.total == pytest.approx(
            (points[(team, "union")] + points[(team, "employer")]) / 2
        )
    totals = [round(row.total, 2) for row in table.teams]
    assert totals == sorted(totals, reverse=True)
    assert [row.rank for row in table.teams] == [1, 2, 3, 4]


def test_changing_a_teams_management_side_game_changes_its_total(
    records: dict[str, GameRecord],
) -> None:
    # team a plays the worker side in game 1 and the management side in game 4
    before = standings(
        contest(SWAPPED),
        [records["deal"], records["deal"], records["deal"], records["impasse"]],
    )
    after = standings(
        contest(SWAPPED), [records["deal"], records["deal"], records["deal"], records["deal"]]
    )
    a_before, a_after = by_id(before)["a"], by_id(after)["a"]
    assert a_before.union == a_after.union
    assert a_before.employer != a_after.employer
    assert a_before.total != a_after.total


def test_points_are_the_weighted_mean_of_the_parts(records: dict[str, GameRecord]) -> None:
    rest = "weights: {deal: 1, advantage: 3, legality: 0, case_data: 0, judges: 0}"
    table = standings(contest(SWAPPED, rest), [records["deal"], None, None, None])
    first = table.games[0]
    assert first.score is not None
    assert first.score.deal
    for side in (first.union, first.employer):
        assert side is not None
        expected = 100 * (side.parts["deal"] + 3 * side.parts["advantage"]) / 4
        assert side.points == pytest.approx(expected)
    union = first.score.union
    assert first.union is not None
    assert first.union.parts["advantage"] == pytest.approx(union.advantage)


def test_the_weights_decide_the_ranking(records: dict[str, GameRecord]) -> None:
    # c and d reach no deal in their two games, a and b reach deals; the judges prefer c and d
    games = """
  - {union: a, employer: b}
  - {union: b, employer: a}
  - {union: c, employer: d}
  - {union: d, employer: c}
"""
    judged = """
scores:
  - {team: a, criteria: {communication: 2, teamwork: 2, strategy: 2, law: 2, data: 2}}
  - {team: b, criteria: {communication: 3, teamwork: 3, strategy: 3, law: 3, data: 3}}
  - {team: c, criteria: {communication: 9, teamwork: 9, strategy: 9, law: 9, data: 9}}
  - {team: d, criteria: {communication: 8, teamwork: 8, strategy: 8, law: 8, data: 8}}
"""
    played = [records["deal"], records["deal"], records["impasse"], records["impasse"]]
    deals_only = "weights: {deal: 1, advantage: 0, legality: 0, case_data: 0, judges: 0}"
    judges_only = "weights: {deal: 0, advantage: 0, legality: 0, case_data: 0, judges: 1}"
    by_deals = standings(contest(games, deals_only + judged), played)
    by_judges = standings(contest(games, judges_only + judged), played)
    # the deals put a and b first; between them the judges' score breaks the tie
    assert [r.team.id for r in by_deals.teams][:2] == ["b", "a"]
    assert [r.team.id for r in by_deals.teams][2:] == ["c", "d"]
    assert [r.team.id for r in by_judges.teams] == ["c", "d", "b", "a"]
    assert by_id(by_judges)["c"].total == pytest.approx(90)


def test_a_deal_the_law_finds_an_error_in_scores_as_no_deal(
    records: dict[str, GameRecord],
) -> None:
    illegal, impasse = records["illegal_deal"], records["impasse"]
    table = standings(contest(SWAPPED), [illegal, impasse, None, None])
    agreed, none = table.games[0], table.games[1]
    assert agreed.score is not None
    assert agreed.score.agreed
    assert agreed.score.legal is False
    assert none.score is not None
    assert not none.score.agreed
    for side in ("union", "employer"):
        parts, nothing = getattr(agreed, side).parts, getattr(none, side).parts
        assert (
            (parts["deal"], parts["advantage"])
            == (0.0, 0.0)
            == (
                nothing["deal"],
                nothing["advantage"],
            )
        )
    assert by_id(table)["a"].deals == 0


def test_illegal_offers_count_against_the_side_that_made_them(
    records: dict[str, GameRecord],
) -> None:
    table = standings(contest(SWAPPED), [records["deal"], None, None, None])
    found = table.games[0]
    assert found.score is not None
    assert found.union is not None
    assert found.employer is not None
    employer = found.score.employer
    assert employer.illegal_offers > 0
    assert found.employer.parts["legality"] == pytest.approx(
        1 - employer.illegal_offers / employer.offers
    )
    union = found.score.union
    assert found.union.parts["legality"] == pytest.approx(1 - union.illegal_offers / union.offers)
    assert by_id(table)["b"].illegal_offers == employer.illegal_offers


def test_offers_the_company_cannot_bear_lower_the_use_of_the_case_data(
    records: dict[str, GameRecord],
) -> None:
    table = standings(contest(SWAPPED), [records["deal"], None, None, None])
    found = table.games[0]
    assert found.score is not None
    assert found.union is not None
    union = found.score.union
    assert union.unaffordable_offers > 0
    assert found.union.parts["case_data"] == pytest.approx(
        1 - union.unaffordable_offers / union.offers
    )


def test_equal_totals_are_broken_by_deals_then_illegal_offers_then_shared(
    records: dict[str, GameRecord],
) -> None:
    games = """
  - {union: a, employer: b}
  - {union: b, employer: a}
  - {union: c, employer: d}
  - {union: d, employer: c}
"""
    rest = """
weights: {deal: 0, advantage: 0, legality: 0, case_data: 0, judges: 1}
scores:
  - {team: a, criteria: {communication: 7, teamwork: 7, strategy: 7, law: 7, data: 7}}
  - {team: b, criteria: {communication: 7, teamwork: 7, strategy: 7, law: 7, data: 7}}
  - {team: c, criteria: {communication: 7, teamwork: 7, strategy: 7, law: 7, data: 7}}
  - {team: d, criteria: {communication: 7, teamwork: 7, strategy: 7, law: 7, data: 7}}
"""
    played = [records["deal"], records["other_deal"], records["impasse"], records["impasse"]]
    table = standings(contest(games, rest), played)
    rows = by_id(table)
    assert len({round(r.total, 2) for r in table.teams}) == 1  # every total is equal
    assert rows["a"].deals == rows["b"].deals == 2
    assert rows["c"].deals == rows["d"].deals == 0
    a, b = rows["a"], rows["b"]
    assert a.illegal_offers != b.illegal_offers
    cleaner, other = (a, b) if a.illegal_offers < b.illegal_offers else (b, a)
    assert (cleaner.rank, other.rank) == (1, 2)
    # c and d are equal on everything: they share third place, in the file's order
    assert (rows["c"].rank, rows["d"].rank) == (3, 3)
    assert [r.team.id for r in table.teams][2:] == ["c", "d"]


def test_teams_sharing_a_rank_share_its_prize_and_a_team_that_played_nothing_wins_none(
    records: dict[str, GameRecord],
) -> None:
    games = """
  - {union: a, employer: b}
  - {union: b, employer: a}
  - {union: c, employer: d}
"""
    rest = "prizes: {first: 1, second: 1, third: 1}"
    same = records["deal"]
    table = standings(contest(games, rest), [same, same, None])
    rows = by_id(table)
    assert rows["a"].rank == rows["b"].rank == 1
    assert rows["a"].prize == rows["b"].prize == "first"
    assert rows["c"].games == rows["d"].games == 0
    assert rows["c"].prize is rows["d"].prize is None


def test_judges_scores_of_a_game_come_before_the_teams_whole_contest_scores(
    records: dict[str, GameRecord],
) -> None:
    rest = """
weights: {deal: 0, advantage: 0, legality: 0, case_data: 0, judges: 1}
criteria: [{id: communication, name: 沟通表达}, {id: teamwork, name: 团队协作, weight: 3}]
scores:
  - {judge: 评委一, team: a, game: 1, criteria: {communication: 6}}
  - {judge: 评委二, team: a, game: 1, criteria: {communication: 10}}
  - {team: a, criteria: {communication: 0, teamwork: 4}}
"""
    table = standings(contest(SWAPPED, rest), [records["deal"], None, None, records["deal"]])
    first, fourth = table.games[0], table.games[3]
    assert first.union is not None
    assert fourth.employer is not None
    # game 1: communication is the two judges' mean (8), teamwork the whole-contest 4
    assert first.union.parts["judges"] == pytest.approx((1 * 0.8 + 3 * 0.4) / 4)
    # game 4: no scores of that game, so the whole-contest ones (0 and 4)
    assert fourth.employer.parts["judges"] == pytest.approx((1 * 0.0 + 3 * 0.4) / 4)
    assert [(m.team, m.game) for m in table.missing] == [("b", 1), ("d", 4)]


def test_the_best_negotiator_has_the_best_mean_and_ties_go_to_the_better_team(
    records: dict[str, GameRecord],
) -> None:
    rest = """
weights: {deal: 0, advantage: 0, legality: 0, case_data: 0, judges: 1}
prizes: {best_negotiator: 1, excellent_negotiators: 2}
scores:
  - {team: a, criteria: {communication: 9}, members: {甲一: 9, 甲二: 6}}
  - {team: a, criteria: {communication: 9}, members: {甲一: 8}}
  - {team: b, criteria: {communication: 5}, members: {乙一: 8.5, 乙二: 7}}
  - {team: c, criteria: {communication: 1}, members: {丙一: 8.5}}
"""
    table = standings(contest(SWAPPED, rest), [records["deal"]] * 4)
    people = [(m.member, m.rank, m.title) for m in table.members]
    assert people[0] == ("甲一", 1, "best")  # mean 8.5, and team a outranks b and c
    assert by_id(table)["a"].rank < by_id(table)["b"].rank < by_id(table)["c"].rank
    assert people[1:3] == [("乙一", 2, "excellent"), ("丙一", 3, "excellent")]
    assert people[3:] == [("乙二", 4, None), ("甲二", 5, None)]


def test_a_record_whose_utilities_were_edited_scores_as_the_scenario_says(
    game: Game, records: dict[str, GameRecord]
) -> None:
    honest = records["deal"].as_json()
    tampered = copy.deepcopy(honest)
    for move in tampered["moves"]:
        move["utilities"] = [1.0, 1.0]
        move["values"] = dict.fromkeys(move["values"], "999")
    games = {game.scenario.id: game}
    replayed = read_record({"record": tampered}, games)
    assert [m.utilities for m in replayed.moves] == [m.utilities for m in records["deal"].moves]
    table = standings(contest(SWAPPED), [replayed, None, None, None])
    truth = standings(contest(SWAPPED), [records["deal"], None, None, None])
    assert table.as_json()["teams"] == truth.as_json()["teams"]


def tamper(record: GameRecord, change: Any) -> dict[str, Any]:
    data = record.as_json()
    change(data)
    return data


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda d: d["moves"][0].update(outcome=[9, 9, 9, 9, 9, 9]), "record.moves[0].outcome"),
        (lambda d: d["moves"][0].update(side="employer"), "record.moves[0].side"),
        (lambda d: d["moves"][1].update(round=5), "record.moves[1].round"),
        (lambda d: d["moves"][0].update(accepted=True), "record.moves[0].accepted"),
        (lambda d: d.update(scenario="elsewhere"), "record.scenario"),
        (lambda d: d.update(rounds=2), "record.moves"),
        (lambda d: d["moves"][2].pop("side"), "record.moves[2].side"),
    ],
)
def test_a_record_that_breaks_the_protocol_is_refused_with_its_path(
    game: Game, records: dict[str, GameRecord], change: Any, path: str
) -> None:
    data = {"record": tamper(records["deal"], change)}
    with pytest.raises(InvalidDocument) as caught:
        read_record(data, {game.scenario.id: game}, "game-1.json")
    problem = caught.value.problems[0]
    assert (problem.source, problem.path) == ("game-1.json", path)


@pytest.mark.parametrize(
    ("rest", "path", "expected"),
    [
        ("  - {union: a, employer: x}", "games[0].employer", "a team: a, b, c, d"),
        ("scores: [{team: x, criteria: {law: 1}}]", "scores[0].team", "a team: a, b, c, d"),
        ("scores: [{team: a, game: 3, criteria: {law: 1}}]", "scores[0].game", "game 3 is c"),
        ("scores: [{team: a, game: 9, criteria: {law: 1}}]", "scores[0].game", "1 to 4"),
        ("scores: [{team: a, criteria: {speed: 1}}]", "scores[0].criteria.speed", "communication"),
        ("scores: [{team: a, criteria: {law: 11}}]", "scores[0].criteria.law", "from 0 to 10"),
        ("scores: [{team: a, members: {乙一: 9}}]", "scores[0].members.乙一", "a member of"),
    ],
)
def test_a_contest_naming_what_it_does_not_define_is_refused_with_its_path(
    rest: str, path: str, expected: str
) -> None:
    games = SWAPPED if rest.startswith("scores") else rest
    extra = rest if rest.startswith("scores") else ""
    with pytest.raises(InvalidDocument) as caught:
        contest(games, extra)
    problem = caught.value.problems[0]
    assert problem.path == path
    assert problem.source == "contest.yaml"
    assert expected in problem.expected.en


def test_a_team_id_given_twice_is_refused() -> None:
    text = TEAMS + "  - {id: a, name: 又一队, members: [某]}\n"
    found = parse_model(Contest, text, source="contest.yaml")
    with pytest.raises(InvalidDocument) as caught:
        check_contest(found, "contest.yaml")
    assert caught.value.problems[0].path == "teams[4].id"


@pytest.mark.parametrize("lang", list(Lang))
@pytest.mark.parametrize("teams", [2, 5])
def test_the_starter_is_a_valid_contest_where_every_team_plays_both_sides(
    lang: Lang, teams: int
) -> None:
    text = starter("contest.yaml", "bengbu-delivery", teams, lang)
    found = parse_model(Contest, text, source="contest.yaml")
    check_contest(found, "contest.yaml")
    assert len(found.teams) == len(found.games) == teams
    for team in found.teams:
        assert [g.union for g in found.games].count(team.id) == 1
        assert [g.employer for g in found.games].count(team.id) == 1
    assert text.count("\n#") > 5  # it explains itself
    assert pairings(teams)[-1] == (teams, 1)
