"""The shipped cases: each loads from the repository and from the wheel's layout, fits its agreement,
lets the law find the illegal values its issues offer, plays the same game for the same seed, and
reaches a deal the law accepts between the standard strategies."""

from __future__ import annotations

import posixpath
import tomllib
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from bargain import Severity, validate
from bargain.domain.parties import Side
from bargain.simulation import SHIPPED, Game, load_game, play, score
from bargain.simulation.files import scenario_path, shipped_dir
from bargain.simulation.utility import Outcome
from tests.conftest import ROOT

MINE = ("ride-hailing-commission", "truck-drivers")


@cache
def game(name: str) -> Game:
    return load_game(name)


def with_value(played: Game, issue_id: str, value: object) -> Outcome:
    """The current agreement's outcome with one issue set to ``value``."""
    assert played.current is not None
    outcome = list(played.current)
    [number] = [n for n, issue in enumerate(played.issues) if issue.id == issue_id]
    options = [str(option) for option in played.issues[number].options]
    outcome[number] = options.index(str(value))
    return tuple(outcome)


# --- loading and fitting the agreement ----------------------------------------------------------


def test_the_two_new_cases_are_shipped() -> None:
    assert set(MINE) <= set(SHIPPED)


@pytest.mark.parametrize("name", SHIPPED)
def test_a_shipped_case_loads_by_name_with_at_least_four_issues(name: str) -> None:
    played = game(name)
    assert played.scenario.id == name
    assert Path(played.source) == shipped_dir() / f"{name}.yaml"
    assert len(played.issues) >= 4
    assert played.profile is not None, "costing needs the case's workforce profile"


@pytest.mark.parametrize("name", SHIPPED)
def test_the_current_agreement_validates_without_errors_and_sits_on_the_table(name: str) -> None:
    played = game(name)
    errors = [f for f in validate(played.agreement).findings if f.severity is Severity.ERROR]
    assert errors == []
    assert played.current is not None, "every issue's current value is one of its options"
    assert played.legal(played.current)


# --- what the law finds -------------------------------------------------------------------------

ILLEGAL = {
    # (case, issue): {value: the rule that finds it}, every other value of the issue being legal
    ("ride-hailing-commission", "hourly_floor"): {"18": "PAY-MIN-WAGE"},
    ("ride-hailing-commission", "continuous_hours"): {
        "4.5": "DRIVING-CONTINUOUS",
        "5": "DRIVING-CONTINUOUS",
    },
    ("ride-hailing-commission", "break_minutes"): {"15": "DRIVING-CONTINUOUS"},
    ("truck-drivers", "continuous_driving"): {
        "4.5": "DRIVING-CONTINUOUS",
        "5": "DRIVING-CONTINUOUS",
    },
    ("truck-drivers", "rest_minutes"): {"15": "DRIVING-CONTINUOUS"},
}


@pytest.mark.parametrize("name", MINE)
def test_the_law_finds_exactly_the_values_meant_to_be_illegal(name: str) -> None:
    played = game(name)
    found: dict[tuple[str, str], dict[str, str]] = {}
    for issue in played.issues:
        for option in issue.options:
            report = played.judge(with_value(played, issue.id, option))
            rules = sorted({f.rule for f in report.errors})
            if rules:
                found.setdefault((name, issue.id), {})[str(option)] = ", ".join(rules)
    assert found == {key: value for key, value in ILLEGAL.items() if key[0] == name}


def test_a_floor_below_the_minimum_wage_is_found_with_the_day_and_the_standard() -> None:
    played = game("ride-hailing-commission")
    [finding] = played.judge(with_value(played, "hourly_floor", 18)).errors
    assert finding.path.endswith(".hourly_floor")
    assert "低于2025-01-01适用的340302（第2档）最低工资标准20元/小时" in finding.text()


# --- costs --------------------------------------------------------------------------------------


def test_the_commission_cap_costs_follow_from_the_ride_hailing_case_figures() -> None:
    played = game("ride-hailing-commission")
    case = played.scenario.case
    fares = case.revenue_per_month
    [cap] = [i for i in played.issues if i.id == "commission_cap"]
    # takes spread evenly over 8-29 %: a cap c refunds (29 - c)^2 / 42 points of the fares
    expected = [round(fares * (29 - Decimal(str(c))) ** 2 / 42 / 100) for c in cap.options]
    assert [int(c) for c in cap.cost] == expected


def test_costing_prices_the_hourly_floor_from_part_time_drivers_top_up() -> None:
    played = game("ride-hailing-commission")
    assert played.profile is not None
    part_time = played.profile.categories[1]
    pay = float(part_time.orders_per_day) * 14.7  # the clause's settlement per trip
    hours = float(part_time.hours_per_day)

    def top_up(floor: float) -> float:
        return max(0.0, floor * hours - pay)

    monthly = float(part_time.working_days_per_month) * part_time.headcount
    expected = [(top_up(f) - top_up(20)) * monthly for f in (18, 20, 22, 24, 26)]
    assert played.costs.tables[1] == pytest.approx(expected)


def test_the_truck_costs_follow_from_the_case_figures() -> None:
    played = game("truck-drivers")
    by_id = {issue.id: n for n, issue in enumerate(played.issues)}
    assert played.profile is not None
    owners = played.profile.categories[1]
    loads = owners.headcount * float(owners.orders_per_day * owners.working_days_per_month)
    freight = loads * float(played.scenario.case.revenue_per_order)
    days = [float(str(d)) for d in played.issues[by_id["payment_days"]].options]
    # after fees of 10 % on average, settling every N days instead of every 30 brings
    # (30 - N) / 2 days forward, financed at 6 % a year
    financed = [round(freight * 0.9 * (30 - n) / 2 / 30 * 0.06 / 12) for n in days]
    assert played.costs.tables[by_id["payment_days"]] == pytest.approx(financed)
    caps = [float(str(c)) for c in played.issues[by_id["fee_cap"]].options]
    # fees spread evenly over 6-14 %: a cap c refunds (14 - c)^2 / 16 points of the freight
    refunds = [round(freight * (14 - c) ** 2 / 16 / 100) for c in caps]
    assert played.costs.tables[by_id["fee_cap"]] == pytest.approx(refunds)
    # the waiting fee is costed from the profile: paid on 3 % of the owner-drivers' hours
    hours = owners.headcount * float(owners.hours_per_day * owners.working_days_per_month)
    raises = [float(str(fee)) - 20 for fee in played.issues[by_id["waiting_fee"]].options]
    assert played.costs.tables[by_id["waiting_fee"]] == pytest.approx(
        [hours * 0.03 * step for step in raises]
    )


@pytest.mark.parametrize("name", MINE)
def test_the_unions_best_outcome_costs_more_than_the_company_can_bear(name: str) -> None:
    played = game(name)
    best = played.utilities[Side.UNION].best
    assert played.deal_cost(best) > played.affordable > 0


# --- games --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", SHIPPED)
def test_a_game_with_the_same_seed_plays_the_same(name: str) -> None:
    played = game(name)
    first = play(played, "random", "random", seed=5).as_json()
    assert play(played, "random", "random", seed=5).as_json() == first
    assert play(played, "boulware", "tit-for-tat", seed=5).as_json() == (
        play(played, "boulware", "tit-for-tat", seed=5).as_json()
    )


@pytest.mark.parametrize("name", SHIPPED)
@pytest.mark.parametrize(("union", "employer"), [("boulware", "conceder"), ("linear", "costing")])
def test_the_standard_strategies_reach_a_deal_the_law_accepts(
    name: str, union: str, employer: str
) -> None:
    played = game(name)
    result = score(play(played, union, employer, seed=0))
    assert result.deal, result.findings
    assert result.agreed_in is not None
    assert result.agreed_in <= played.scenario.deadline.round_limit
    if employer == "costing":
        assert result.cost_per_month is not None
        assert result.cost_per_month <= result.affordable_per_month


@pytest.mark.parametrize("name", MINE)
def test_the_employer_opens_with_illegal_driving_time_and_is_scored_for_it(name: str) -> None:
    result = score(play(game(name), "boulware", "conceder", seed=0))
    assert result.employer.illegal_offers > 0
    flagged = [f for f in result.flags if f.side == "employer" and f.kind == "illegal"]
    assert any("DRIVING-CONTINUOUS" in f.detail for f in flagged)


@pytest.mark.parametrize(
    ("name", "rule"),
    [("ride-hailing-commission", "PAY-MIN-WAGE"), ("truck-drivers", "DRIVING-CONTINUOUS")],
)
def test_a_weak_union_agrees_to_an_illegal_text_which_scores_as_no_deal(
    name: str, rule: str
) -> None:
    played = game(name)
    record = play(played, "conceder", "boulware", seed=0)
    result = score(record)
    assert result.agreed
    assert not result.deal
    assert result.union.utility == played.reservations[Side.UNION]
    assert record.deal is not None
    assert rule in {f.rule for f in played.judge(record.deal).errors}


# --- the wheel ----------------------------------------------------------------------------------


def wheel_location(path: Path, force_include: dict[str, str], packages: list[str]) -> str | None:
    """Where hatch puts a repository file in the wheel: a force-included file or folder goes to
    its target, a package's files go under the package's name; anything else is left out."""
    relative = path.resolve().relative_to(ROOT).as_posix()
    for source, target in force_include.items():
        if relative == source:
            return target
        if relative.startswith(f"{source}/"):
            return target + relative[len(source) :]
    for package in packages:
        if relative.startswith(f"{package}/"):
            return relative[len(posixpath.dirname(package)) + 1 :]
    return None


@pytest.mark.parametrize("name", SHIPPED)
def test_the_wheel_ships_each_case_where_its_relative_paths_still_hold(name: str) -> None:
    wheel = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["hatch"][
        "build"
    ]["targets"]["wheel"]
    force_include, packages = wheel["force-include"], wheel["packages"]
    files_py = ROOT / "src" / "bargain" / "simulation" / "files.py"
    assert wheel_location(files_py, force_include, packages) == "bargain/simulation/files.py"
    # files.shipped_dir() looks for scenarios/ beside files.py first
    path = scenario_path(name)
    inside = wheel_location(path, force_include, packages)
    assert inside == f"bargain/simulation/scenarios/{name}.yaml"
    scenario = game(name).scenario
    for relative in (scenario.agreement, scenario.profile):
        assert relative is not None
        expected = posixpath.normpath(posixpath.join(posixpath.dirname(inside), relative))
        assert wheel_location(path.parent / relative, force_include, packages) == expected
