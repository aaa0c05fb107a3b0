"""The game: a scenario joined to its agreement; offers, outcomes, deals, costs and the law."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from bargain.domain.language import Lang
from bargain.domain.negotiation import Action, Offer, Position
from bargain.domain.parties import Side
from bargain.errors import InvalidDocument
from bargain.simulation import Game, load_game, load_scenario
from bargain.simulation.scenario import Scenario
from tests.conftest import EXAMPLES

BENGBU = EXAMPLES / "scenarios" / "bengbu-delivery.yaml"


@pytest.fixture(scope="module")
def game() -> Game:
    return load_game(BENGBU)


def issue_index(game: Game, key: str) -> int:
    return [issue.id for issue in game.issues].index(key)


def test_the_current_agreement_is_an_outcome_of_the_scenario(game: Game) -> None:
    assert game.current is not None
    values = dict(zip([i.id for i in game.issues], game.current, strict=True))
    rate = game.issues[issue_index(game, "piece_rate")]
    assert rate.options[values["piece_rate"]] == Decimal("4.5")
    assert game.size == 5 * 5 * 5 * 5 * 5 * 3


def test_an_outcome_is_offered_as_a_real_offer_and_read_back(game: Game) -> None:
    outcome = (2, 3, 1, 4, 0, 2)
    offer = game.offer(Side.UNION, outcome)
    assert offer.side is Side.UNION
    assert {p.clause_id for p in offer.positions} == {
        "pay-levels",
        "pay-hourly",
        "hours",
        "discipline",
        "insurance",
    }
    assert all(p.action is Action.CHANGE for p in offer.positions)
    pay = next(p for p in offer.positions if p.clause_id == "pay-levels")
    assert pay.changes["piece_rate"] == "5.1/order"
    heat = [a for a in pay.changes["allowances"] if a["kind"] == "high_temperature"]
    assert heat[0]["amount"] == "500/month"
    assert game.outcome_of(offer) == outcome


def test_an_offer_outside_the_scenario_values_is_refused(game: Game) -> None:
    odd = Offer(
        side=Side.UNION,
        positions=[Position(clause_id="pay-levels", changes={"piece_rate": "4.6/order"})],
    )
    with pytest.raises(InvalidDocument) as refused:
        game.outcome_of(odd)
    assert "issues[0]" in str(refused.value)


def test_typed_offers_are_parsed_and_bad_ones_named(game: Game) -> None:
    outcome = game.parse("piece_rate=5.1 late_deduction=0，heat_allowance=400")
    assert outcome[issue_index(game, "piece_rate")] == 2
    assert outcome[issue_index(game, "late_deduction")] == 0
    assert outcome[issue_index(game, "heat_allowance")] == 2
    with pytest.raises(InvalidDocument, match="piece_rate"):
        game.parse("piece_rate=9")
    with pytest.raises(InvalidDocument, match="issue=value"):
        game.parse("wage=9")


def test_describe_gives_names_and_units_in_both_languages(game: Game) -> None:
    outcome = game.current or ()
    assert game.describe(outcome)[0] == ("每单配送费", "4.5元/单")
    assert game.describe(outcome, Lang.EN)[0] == ("per-order rate", "4.5 yuan an order")


def test_the_deal_is_an_agreement_with_the_settled_values_in_its_text(game: Game) -> None:
    outcome = game.parse("piece_rate=5.1 hourly_floor=23")
    deal = game.deal(outcome)
    assert deal.id == "bengbu-delivery-sector-agreement-bengbu-delivery"
    pay = deal.clause("pay-levels")
    assert pay.piece_rate is not None
    assert pay.piece_rate.amount == Decimal("5.1")
    assert "本次协商确定：每单配送费为5.1元/单" in pay.text
    assert "per-order rate: 5.1 yuan an order" in (pay.text_en or "")
    untouched = deal.clause("hours")
    assert untouched == game.agreement.clause("hours")


def test_the_law_judges_each_text_once(game: Game) -> None:
    low = game.parse("hourly_floor=15")
    assert not game.legal(low)
    assert [f.rule for f in game.judge(low).errors] == ["PAY-MIN-WAGE"]
    assert game.judge(low) is game.judge(low)
    assert game.legal(game.parse("hourly_floor=21"))


def test_costs_price_each_value_against_the_current_agreement(game: Game) -> None:
    costs = game.costs
    current = game.current or ()
    assert costs(current) == 0
    rate = issue_index(game, "piece_rate")
    row = costs.tables[rate]
    assert list(row) == sorted(row)
    assert row[0] == 0
    assert row[-1] > 0
    cover = issue_index(game, "accident_cover")
    assert costs.tables[cover] == (0.0, 8500.0, 17000.0)  # the scenario's own figures
    # The whole deal is priced together; it agrees with the sum where values do not interact.
    outcome = game.parse("piece_rate=5.1")
    assert game.deal_cost(outcome) == pytest.approx(costs(outcome), rel=1e-6)
    assert game.affordable == pytest.approx(1700 * 25 * 26 * 6.5 * 0.08)


def test_a_scenario_value_the_clause_field_does_not_take_names_file_and_path(
    tmp_path: Path,
) -> None:
    text = BENGBU.read_text(encoding="utf-8").replace(
        "values: [2, 2.5, 3, 3.5, 4]", "values: [2, 2.5, 3, 3.5, 40]"
    )
    broken = tmp_path / "broken.yaml"
    broken.write_text(text.replace("../", f"{EXAMPLES}/"), encoding="utf-8")
    with pytest.raises(InvalidDocument) as refused:
        load_game(broken)
    problem = refused.value.problems[0]
    assert problem.source == str(broken)
    assert problem.path == "issues[2].values[4]"
    assert "max_continuous_order_hours" in problem.expected.en


def test_a_missing_agreement_file_is_named(tmp_path: Path) -> None:
    text = BENGBU.read_text(encoding="utf-8")
    broken = tmp_path / "s.yaml"
    broken.write_text(text, encoding="utf-8")  # ../bengbu-... does not exist from tmp_path
    with pytest.raises(InvalidDocument) as refused:
        load_game(broken)
    assert refused.value.problems[0].path == "agreement"


@pytest.mark.parametrize(
    ("edit", "path", "words"),
    [
        ("weights: {piece_rate: 35, ", "union", "weights"),
        ("  reservation: 0.25", "union.reservation", "1"),
        ("    range: {low: 4.5, high: 5.7, step: 0.3}", "issues[0]", "two values"),
    ],
)
def test_scenario_faults_are_named(tmp_path: Path, edit: str, path: str, words: str) -> None:
    text = BENGBU.read_text(encoding="utf-8")
    replacement = {
        "weights: {piece_rate: 35, ": "weights: {",
        "  reservation: 0.25": "  reservation: 1.5",
        "    range: {low: 4.5, high: 5.7, step: 0.3}": "    values: [4.5]",
    }[edit]
    assert edit in text
    broken = tmp_path / "s.yaml"
    broken.write_text(text.replace(edit, replacement, 1), encoding="utf-8")
    with pytest.raises(InvalidDocument) as refused:
        load_scenario(broken)
    message = str(refused.value)
    assert str(broken) in message
    assert path in message
    assert words in message


def test_shipped_names_resolve() -> None:
    assert load_scenario("bengbu-delivery").id == "bengbu-delivery"
    assert isinstance(load_scenario(BENGBU), Scenario)
