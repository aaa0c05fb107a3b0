"""Tournaments: the pairings, the seeds, the summary, the files, and the same results in parallel."""

from __future__ import annotations

import csv
import json
import math
import multiprocessing
import os
import signal
from dataclasses import replace
from pathlib import Path

import pytest

from bargain.errors import InvalidDocument
from bargain.simulation import NAMES, Game, load_game, play, score
from bargain.simulation.strategies import UnknownStrategy
from bargain.simulation.tournament import (
    GameRow,
    TournamentResult,
    fixtures,
    lineup,
    summarise,
    tournament,
    write_tables,
)


@pytest.fixture(scope="module")
def game() -> Game:
    return load_game("bengbu-delivery")


def row(index: int, union: str, employer: str, **changes: object) -> GameRow:
    """A game row with plain figures, changed where a test says."""
    base = GameRow(
        index=index,
        union=union,
        employer=employer,
        repetition=0,
        seed=0,
        rounds=10,
        agreed=False,
        legal=None,
        deal=False,
        agreed_in=None,
        union_utility=0.25,
        union_advantage=0.0,
        employer_utility=0.3,
        employer_advantage=0.0,
        nash_product=0.0,
        pareto_distance=None,
        nash_distance=None,
        cost_per_month=None,
        union_offers=5,
        union_illegal_offers=0,
        union_unaffordable_offers=0,
        employer_offers=5,
        employer_illegal_offers=0,
        employer_unaffordable_offers=0,
        outcome=None,
        values=None,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


# --- pairings and seeds --------------------------------------------------------------------------


def test_every_ordered_pair_plays_each_repetition_with_self_play_and_costing_only_as_employer() -> (
    None
):
    chosen = ["linear", "random", "costing"]
    games = fixtures(chosen, repeat=3, seed=40)
    pairs = [(f.union, f.employer) for f in games if f.repetition == 0]
    expected = [(a, b) for a in chosen if a != "costing" for b in chosen]
    assert pairs == expected
    assert ("linear", "linear") in pairs
    assert ("random", "random") in pairs
    assert all(f.union != "costing" for f in games)
    assert len(games) == 3 * len(expected)
    assert [f.index for f in games] == list(range(len(games)))


def test_repetition_r_plays_every_pairing_with_the_base_seed_plus_r() -> None:
    games = fixtures(["linear", "random"], repeat=3, seed=7)
    for fixture in games:
        assert fixture.seed == 7 + fixture.repetition
    assert {f.seed for f in games} == {7, 8, 9}


def test_a_tournament_repeats_at_least_once() -> None:
    with pytest.raises(ValueError, match="at least once"):
        fixtures(["linear"], repeat=0)


def test_an_unknown_strategy_is_refused_with_the_known_names() -> None:
    with pytest.raises(UnknownStrategy) as caught:
        lineup(["linear", "bogus"])
    for name in NAMES:
        assert name in caught.value.message()
    assert "bogus" in caught.value.message()


@pytest.mark.parametrize(
    ("chosen", "expected"),
    [
        ([], "at least one strategy"),
        (["linear", "random", "linear"], "each strategy once"),
        (["costing"], "at least one strategy that plays the union side"),
    ],
)
def test_a_lineup_that_cannot_make_a_tournament_is_refused_saying_why(
    chosen: list[str], expected: str
) -> None:
    with pytest.raises(InvalidDocument) as caught:
        lineup(chosen)
    (problem,) = caught.value.problems
    assert problem.source == "strategies"
    assert expected in problem.expected.en


# --- the summary -----------------------------------------------------------------------------


def test_a_strategys_summary_takes_its_games_on_each_side_and_counts_self_play_twice() -> None:
    rows = [
        row(0, "a", "a", agreed=True, legal=True, deal=True, agreed_in=4, union_utility=0.6,
            union_advantage=0.5, employer_utility=0.5, employer_advantage=0.25, nash_product=0.1,
            union_illegal_offers=1),
        row(1, "a", "b", agreed=True, legal=False, deal=False, agreed_in=6,
            employer_unaffordable_offers=2),
        row(2, "b", "a", agreed=True, legal=True, deal=True, agreed_in=8, union_utility=0.4,
            union_advantage=0.2, employer_utility=0.7, employer_advantage=0.75, nash_product=0.06,
            employer_illegal_offers=3),
        row(3, "b", "b"),
    ]  # fmt: skip
    summary = {item.strategy: item for item in summarise(["a", "b"], rows)}
    a, b = summary["a"], summary["b"]
    assert (a.union_games, a.employer_games, a.games) == (2, 2, 4)
    assert a.union_utility == pytest.approx((0.6 + 0.25) / 2)
    assert a.union_advantage == pytest.approx((0.5 + 0.0) / 2)
    assert a.employer_utility == pytest.approx((0.5 + 0.7) / 2)
    assert a.employer_advantage == pytest.approx((0.25 + 0.75) / 2)
    assert a.advantage == pytest.approx((0.5 + 0.0 + 0.25 + 0.75) / 4)
    # Its deals: game 0 on both sides and game 2; game 1's agreement is illegal.
    assert a.agreement_rate == pytest.approx(3 / 4)
    assert a.illegal_deals == 1
    assert a.mean_round == pytest.approx((4 + 4 + 8) / 3)
    assert a.nash_product == pytest.approx((0.1 + 0.1 + 0.0 + 0.06) / 4)
    assert (a.offers, a.illegal_offers, a.unaffordable_offers) == (20, 1 + 3, 0)
    assert (b.illegal_offers, b.unaffordable_offers) == (0, 2)
    assert b.mean_round == 8
    assert [item.strategy for item in summarise(["a", "b"], rows)] == ["a", "b"]
    assert (a.rank, b.rank) == (1, 2)


def test_the_summary_ranks_by_mean_advantage_and_leaves_a_side_never_played_empty() -> None:
    rows = [
        row(0, "a", "costing", union_advantage=0.1, employer_advantage=0.9),
        row(1, "a", "a", union_advantage=0.3, employer_advantage=0.3),
    ]
    ranked = summarise(["a", "costing"], rows)
    assert [(item.rank, item.strategy) for item in ranked] == [(1, "costing"), (2, "a")]
    costing = ranked[0]
    assert (costing.union_games, costing.union_utility, costing.union_advantage) == (0, None, None)
    assert costing.mean_round is None


# --- playing ---------------------------------------------------------------------------------


def test_a_row_is_the_score_of_the_game_its_pairing_and_seed_replay(game: Game) -> None:
    result = tournament(game, ["random", "linear"], repeat=2, seed=3, rounds=8)
    assert len(result.games) == 8
    planned = fixtures(["random", "linear"], repeat=2, seed=3)
    for fixture, played in zip(planned, result.games, strict=True):
        record = play(game, fixture.union, fixture.employer, seed=fixture.seed, rounds=8)
        scored = score(record)
        assert (played.union, played.employer, played.seed) == (
            fixture.union,
            fixture.employer,
            fixture.seed,
        )
        assert played.outcome == record.deal
        assert (played.deal, played.agreed_in) == (scored.deal, scored.agreed_in)
        assert played.union_utility == scored.union.utility
        assert played.employer_advantage == scored.employer.advantage
        assert played.nash_product == scored.nash_product
        assert played.employer_unaffordable_offers == scored.employer.unaffordable_offers
        if record.deal is not None:
            assert played.values == tuple(
                str(issue.options[i]) for issue, i in zip(game.issues, record.deal, strict=True)
            )


def test_the_results_are_the_same_in_one_process_and_in_two(game: Game, tmp_path: Path) -> None:
    chosen = ["random", "tit-for-tat", "costing"]
    seen: dict[int, list[tuple[int, int]]] = {1: [], 2: []}
    results: dict[int, TournamentResult] = {}
    for jobs in (1, 2):
        results[jobs] = tournament(
            game,
            chosen,
            repeat=2,
            seed=11,
            rounds=8,
            jobs=jobs,
            progress=lambda done, total, jobs=jobs: seen[jobs].append((done, total)),
        )
        write_tables(results[jobs], tmp_path / str(jobs))
    assert results[1] == results[2]
    assert len(results[1].games) == 2 * 2 * 3
    for name in ("games.json", "games.csv", "summary.json", "summary.csv"):
        assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "2" / name).read_bytes()
    total = len(results[1].games)
    assert seen[1] == seen[2] == [(done, total) for done in range(1, total + 1)]


def test_the_tables_hold_every_game_and_strategy_rounded(game: Game, tmp_path: Path) -> None:
    result = tournament(game, ["boulware", "conceder", "hardliner"], seed=2, rounds=10)
    written = write_tables(result, tmp_path / "out")
    assert [p.name for p in written] == ["games.json", "games.csv", "summary.json", "summary.csv"]
    games = json.loads((tmp_path / "out" / "games.json").read_text(encoding="utf-8"))
    assert games["strategies"] == ["boulware", "conceder", "hardliner"]
    assert games["issues"] == [issue.id for issue in game.issues]
    assert (games["seed"], games["repeat"], games["rounds"]) == (2, 1, 10)
    assert len(games["games"]) == len(result.games) == 9
    for shown, kept in zip(games["games"], result.games, strict=True):
        assert shown["union_advantage"] == round(kept.union_advantage, 6)
        assert shown["outcome"] == (None if kept.outcome is None else list(kept.outcome))
    with (tmp_path / "out" / "games.csv").open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    assert len(rows) == 9
    for shown, kept in zip(rows, result.games, strict=True):
        assert shown["deal"] == ("true" if kept.deal else "false")
        assert math.isclose(float(shown["employer_utility"]), kept.employer_utility, abs_tol=1e-6)
        agreed = [shown[f"agreed_{issue.id}"] for issue in game.issues]
        assert agreed == list(kept.values or [""] * len(game.issues))
        assert shown["agreed_in"] == ("" if kept.agreed_in is None else str(kept.agreed_in))
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert [item["strategy"] for item in summary["summary"]] == [
        item.strategy for item in result.summary
    ]
    with (tmp_path / "out" / "summary.csv").open(encoding="utf-8", newline="") as file:
        table = list(csv.DictReader(file))
    assert [int(item["rank"]) for item in table] == [1, 2, 3]
    hardliner = next(item for item in table if item["strategy"] == "hardliner")
    # The hardliner accepts only its best outcome, which no one else offers: it never agrees
    # with the others, and against itself each side holds out for its own best.
    assert float(hardliner["agreement_rate"]) == 0.0
    assert hardliner["mean_round"] == ""


def test_a_tournament_refuses_an_unknown_strategy_before_playing(game: Game) -> None:
    calls: list[tuple[int, int]] = []
    with pytest.raises(UnknownStrategy):
        tournament(game, ["linear", "nope"], progress=lambda d, t: calls.append((d, t)))
    assert calls == []


def test_ctrl_c_stops_a_parallel_tournament_and_its_workers(game: Game) -> None:
    seen: list[int] = []

    def interrupt_at_first_game(done: int, total: int) -> None:
        seen.append(done)
        if done == 1:
            os.kill(os.getpid(), signal.SIGINT)

    with pytest.raises(KeyboardInterrupt):
        tournament(
            game,
            ["random", "linear"],
            repeat=50,
            rounds=6,
            jobs=2,
            progress=interrupt_at_first_game,
        )
    assert seen == [1]
    assert multiprocessing.active_children() == []
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
