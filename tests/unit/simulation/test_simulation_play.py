"""Strategies, the alternating-offers protocol and scoring, on the Bengbu case."""

from __future__ import annotations

import json
import random

import pytest

from bargain.domain.parties import Side
from bargain.simulation import Game, GameRecord, UnknownStrategy, load_game, play, run, score
from bargain.simulation.protocol import Move, record_from_json, view
from bargain.simulation.strategies import NAMES, check, make
from bargain.simulation.utility import Outcome
from tests.conftest import EXAMPLES

STRATEGIES = ["boulware", "linear", "conceder", "hardliner", "tit-for-tat", "random"]


@pytest.fixture(scope="module")
def game() -> Game:
    return load_game(EXAMPLES / "scenarios" / "bengbu-delivery.yaml")


class Scripted:
    """A side that offers given outcomes and accepts given rounds (a human, say)."""

    def __init__(self, offers: list[Outcome], accept: bool = False) -> None:
        self.offers = offers
        self.accept = accept
        self.seen: list[Outcome] = []

    def propose(self, t: float) -> Outcome:
        return self.offers.pop(0) if len(self.offers) > 1 else self.offers[0]

    def respond(self, offer: Outcome, t: float) -> bool:
        self.seen.append(offer)
        return self.accept


@pytest.mark.parametrize("union", STRATEGIES)
@pytest.mark.parametrize("employer", [*STRATEGIES, "costing"])
def test_every_pairing_plays_by_the_protocol(game: Game, union: str, employer: str) -> None:
    record = play(game, union, employer, seed=3)
    assert 1 <= len(record.moves) <= record.rounds == 20
    for number, move in enumerate(record.moves, start=1):
        assert move.round == number
        assert move.side is (Side.UNION if number % 2 else Side.EMPLOYER)
        assert move.chair is move.side
        assert move.accepted is (number == len(record.moves) and record.deal is not None)
    if record.deal is None:
        assert len(record.moves) == record.rounds  # only the deadline ends a game without a deal


@pytest.mark.parametrize("pair", [("random", "random"), ("tit-for-tat", "costing")])
def test_the_same_seed_plays_the_same_game(game: Game, pair: tuple[str, str]) -> None:
    first = play(game, *pair, seed=11)
    again = play(game, *pair, seed=11)
    assert first.as_json() == again.as_json()
    others = {json.dumps(play(game, *pair, seed=s).as_json()) for s in range(12, 20)}
    if pair[0] == "random":
        assert len(others) > 1  # the seed matters where chance plays a part


def test_time_based_strategies_concede_by_their_exponent(game: Game) -> None:
    rng = random.Random(0)
    sides = {
        name: make(name, view(game, Side.UNION, 20), rng)
        for name in NAMES
        if name in ("boulware", "linear", "conceder")
    }
    utility = game.utilities[Side.UNION]
    at = {name: [utility(s.propose(t / 10)) for t in range(11)] for name, s in sides.items()}
    for values in at.values():
        assert values == sorted(values, reverse=True)  # never asks for more later
        assert values[0] == utility.max
    assert at["boulware"][5] > at["linear"][5] > at["conceder"][5]
    assert at["boulware"][10] >= game.reservations[Side.UNION]
    custom = make("time:e=2", view(game, Side.UNION, 20), rng)
    assert at["linear"][5] <= utility(custom.propose(0.5)) <= at["boulware"][5]


def test_a_hardliner_never_moves_and_an_impasse_leaves_reservations(game: Game) -> None:
    record = play(game, "hardliner", "hardliner", seed=1)
    assert record.deal is None
    assert len(record.moves) == 20
    assert {m.outcome for m in record.moves if m.side is Side.UNION} == {
        game.utilities[Side.UNION].best
    }
    result = score(record, costing=False)
    assert not result.deal
    assert result.agreed_in is None
    assert result.nash_product == 0
    assert result.union.utility == game.reservations[Side.UNION]
    assert result.union.advantage == 0
    assert result.employer.advantage == 0


def test_the_costing_employer_stays_within_its_budget(game: Game) -> None:
    record = play(game, "hardliner", "costing", seed=1)
    costs = game.costs
    employer = [m for m in record.moves if m.side is Side.EMPLOYER]
    spent = [costs(m.outcome) for m in employer]
    assert max(spent) <= game.affordable
    assert spent[-1] > spent[0]  # it concedes as the budget grows
    deal = play(game, "linear", "costing", seed=1).deal
    assert deal is not None
    assert costs(deal) <= game.affordable


def test_strategy_names_are_checked(game: Game) -> None:
    assert check("time:e=2.5") == "time:e=2.5"
    for bad, words in [
        ("stubborn", "known: boulware"),
        ("time", "needs an exponent"),
        ("time:e=0", "positive number"),
        ("linear:e=x", "positive number"),
        ("random:e=2", "takes no parameter"),
    ]:
        with pytest.raises(UnknownStrategy, match=words):
            check(bad)
    with pytest.raises(UnknownStrategy, match="employer only"):
        check("costing", Side.UNION)
    with pytest.raises(UnknownStrategy, match="employer only"):
        play(game, "costing", "linear")


def test_any_object_with_propose_and_respond_can_play(game: Game) -> None:
    wanted = game.parse("piece_rate=5.1 hourly_floor=23")
    human = Scripted([wanted])
    rng = random.Random(0)
    machine = make("conceder", view(game, Side.EMPLOYER, 10), rng)
    record = run(game, human, machine, rounds=10, names=("human", "conceder"))
    assert record.union == "human"
    assert record.deal == wanted or record.deal in human.seen or record.deal is None
    assert all(m.outcome == wanted for m in record.moves if m.side is Side.UNION)


def test_scores_judge_the_deal_and_the_offers(game: Game) -> None:
    low = game.parse("hourly_floor=15")
    fair = game.parse("piece_rate=4.8 hourly_floor=21")
    # The employer offers an illegal text twice; the union accepts the second time.
    moves = (
        Move(1, Side.UNION, fair, (game.utility(Side.UNION, fair), 0.0), False),
        Move(2, Side.EMPLOYER, low, (game.utility(Side.UNION, low), 0.0), False),
        Move(3, Side.UNION, fair, (game.utility(Side.UNION, fair), 0.0), False),
        Move(4, Side.EMPLOYER, low, (game.utility(Side.UNION, low), 0.0), True),
    )
    record = GameRecord("bengbu-delivery", "human", "human", 0, 10, moves, game)
    result = score(record)
    assert result.agreed
    assert result.legal is False
    assert not result.deal
    assert any("PAY-MIN-WAGE" in text or "最低工资" in text for text in result.findings)
    assert result.employer.illegal_offers == 2
    assert result.union.illegal_offers == 0
    assert [f.round for f in result.flags if f.kind == "illegal"] == [2]  # flagged once
    assert result.union.utility == game.reservations[Side.UNION]  # scores as no deal


def test_a_deal_scores_utilities_advantage_nash_and_pareto(game: Game) -> None:
    record = play(game, "boulware", "conceder", seed=7)
    result = score(record)
    assert result.deal
    assert result.legal
    assert result.agreed_in == len(record.moves)
    deal = record.deal
    assert deal is not None
    u = game.utility(Side.UNION, deal)
    e = game.utility(Side.EMPLOYER, deal)
    assert result.union.utility == u
    assert result.employer.utility == e
    r = game.reservations
    assert result.union.advantage == pytest.approx(
        (u - r[Side.UNION]) / (game.utilities[Side.UNION].max - r[Side.UNION])
    )
    assert result.nash_product == pytest.approx((u - r[Side.UNION]) * (e - r[Side.EMPLOYER]))
    assert result.nash_point is not None
    nash_u, nash_e = result.nash_point
    assert (nash_u - r[Side.UNION]) * (nash_e - r[Side.EMPLOYER]) >= result.nash_product
    assert result.pareto_distance is not None
    assert result.pareto_distance >= 0
    assert result.cost_per_month == pytest.approx(game.deal_cost(deal), abs=0.01)
    assert result.union.offers + result.employer.offers == len(record.moves)
    json.dumps(result.as_json())  # plain data


def test_a_pareto_optimal_deal_is_at_distance_zero(game: Game) -> None:
    frontier = game.frontier
    assert frontier.exact
    assert len(frontier.points) > 2
    outcome = next(o for o in frontier.outcomes[len(frontier.outcomes) // 2 :] if game.legal(o))
    moves = (Move(1, Side.UNION, outcome, (0.0, 0.0), True),)
    result = score(GameRecord("bengbu-delivery", "a", "b", 0, 10, moves, game), costing=False)
    assert result.deal
    assert result.pareto_distance == pytest.approx(0.0)


def test_a_record_read_back_recomputes_utilities(game: Game) -> None:
    record = play(game, "linear", "tit-for-tat", seed=5)
    data = record.as_json()
    data["moves"][0]["utilities"] = [1.0, 1.0]  # tampered
    again = record_from_json(json.loads(json.dumps(data)), game)
    assert again.moves == record.moves
    data["scenario"] = "other"
    with pytest.raises(ValueError, match="scenario"):
        record_from_json(data, game)
    data["scenario"] = "bengbu-delivery"
    data["moves"][0]["outcome"] = [9, 9, 9, 9, 9, 9]
    with pytest.raises(ValueError, match="moves\\[0\\]"):
        record_from_json(data, game)


@pytest.mark.parametrize("union", STRATEGIES)
def test_the_costing_employer_never_offers_worse_than_no_deal(game: Game, union: str) -> None:
    for seed in range(3):
        record = play(game, union, "costing", seed=seed)
        for move in record.moves:
            if move.side is Side.EMPLOYER:
                assert move.utilities[1] >= game.reservations[Side.EMPLOYER]


def test_a_deal_worse_than_no_deal_for_one_side_has_no_nash_gain(game: Game) -> None:
    union_best = game.utilities[Side.UNION].best
    assert game.utility(Side.EMPLOYER, union_best) < game.reservations[Side.EMPLOYER]
    moves = (Move(1, Side.UNION, union_best, (1.0, 0.0), True),)
    result = score(GameRecord("bengbu-delivery", "a", "b", 0, 10, moves, game), costing=False)
    assert result.deal
    assert result.nash_product == 0
    assert result.employer.advantage < 0


def test_the_costing_employer_breaks_cost_ties_in_its_own_favour(game: Game) -> None:
    record = play(game, "hardliner", "costing", seed=1)
    first = next(m for m in record.moves if m.side is Side.EMPLOYER)
    costs = game.costs
    utility = game.utilities[Side.EMPLOYER]
    # Every outcome of the same cost within the budget is worth no more to the employer.
    same_cost = [
        o for o in utility.outcomes() if costs(o) == costs(first.outcome) and game.size < 20_000
    ]
    assert same_cost
    assert utility(first.outcome) == max(utility(o) for o in same_cost)
