from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from bargain.domain import clauses
from bargain.domain.clauses import ClauseKind, PayClause, parse_clause
from bargain.domain.money import Rate

KIND_CLASSES = {
    ClauseKind.PAY: clauses.PayClause,
    ClauseKind.HOURS: clauses.HoursClause,
    ClauseKind.REST: clauses.RestClause,
    ClauseKind.OSH: clauses.SafetyClause,
    ClauseKind.INS: clauses.InsuranceClause,
    ClauseKind.SPECIAL: clauses.SpecialProtectionClause,
    ClauseKind.TRAIN: clauses.TrainingClause,
    ClauseKind.LC: clauses.LabourContractClause,
    ClauseKind.DISC: clauses.DisciplineClause,
    ClauseKind.RED: clauses.RedundancyClause,
    ClauseKind.ALGO: clauses.AlgoClause,
    ClauseKind.TERM: clauses.TermClause,
    ClauseKind.VAR: clauses.VariationClause,
    ClauseKind.DISP: clauses.DisputeClause,
    ClauseKind.LIAB: clauses.LiabilityClause,
    ClauseKind.OTHER: clauses.OtherClause,
}


def clause_data(kind: str, **fields: Any) -> dict[str, Any]:
    return {"kind": kind, "id": "c1", "heading": "标题", "text": "条文。", **fields}


def test_there_is_one_clause_class_for_each_kind_of_the_taxonomy() -> None:
    assert set(KIND_CLASSES) == set(ClauseKind)
    assert len(ClauseKind) == 16


@pytest.mark.parametrize("kind", list(ClauseKind))
def test_the_kind_field_selects_the_clause_class(kind: ClauseKind) -> None:
    clause = parse_clause(clause_data(kind.value))
    assert type(clause) is KIND_CLASSES[kind]
    assert clause.kind is kind


def test_an_unknown_kind_is_refused_with_the_known_kinds() -> None:
    with pytest.raises(ValidationError, match="Input tag 'BONUS' found using 'kind'"):
        parse_clause(clause_data("BONUS"))


def test_a_field_of_another_kind_is_refused() -> None:
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        parse_clause(clause_data("REST", piece_rate="4.5/order"))


@pytest.mark.parametrize(
    ("field", "value", "unit"),
    [
        ("piece_rate", "4.5/day", "order"),
        ("hourly_floor", "2100/month", "hour"),
        ("daily_floor", "200/order", "day"),
        ("monthly_floor", "21/hour", "month"),
    ],
)
def test_pay_fields_must_be_in_their_unit(field: str, value: str, unit: str) -> None:
    with pytest.raises(ValidationError, match=f"expected a rate per {unit}, not per "):
        parse_clause(clause_data("PAY", **{field: value}))


def test_pay_amounts_may_not_be_negative() -> None:
    with pytest.raises(ValidationError, match="expected an amount of zero or more"):
        parse_clause(clause_data("PAY", piece_rate="-1/order"))


@pytest.mark.parametrize(
    ("kind", "field", "value"),
    [
        ("REST", "weekly_rest_days", 8),
        ("PAY", "overtime_premium", -1),
        ("PAY", "payment_day", 32),
        ("HOURS", "daily_hours", 25),
        ("HOURS", "weekly_hours", 169),
        ("ALGO", "commission_cap", 101),
        ("SPECIAL", "no_night_work_from_month", 11),
        ("OSH", "max_concurrent_orders", 0),
    ],
)
def test_numbers_out_of_range_are_refused(kind: str, field: str, value: int) -> None:
    with pytest.raises(ValidationError, match=field):
        parse_clause(clause_data(kind, **{field: value}))


def test_a_clause_needs_its_text() -> None:
    with pytest.raises(ValidationError, match="text"):
        parse_clause({"kind": "OTHER", "id": "x", "heading": "其他", "text": ""})


def test_a_holiday_clause_has_a_period() -> None:
    clause = parse_clause(clause_data("PAY", period={"start": "2021-02-11", "end": "2021-02-17"}))
    assert clause.period is not None
    assert clause.period.days == 7


def test_the_structured_fields_are_typed() -> None:
    clause = parse_clause(
        clause_data(
            "OSH",
            weather_measures=[
                {"condition": "heat", "temperature_celsius": 40, "suspends_outdoor_work": True}
            ],
        )
    )
    assert isinstance(clause, clauses.SafetyClause)
    measure = clause.weather_measures[0]
    assert measure.condition is clauses.WeatherCondition.HEAT
    assert measure.condition.label.zh == "高温"


def test_a_clause_can_be_built_in_python_without_naming_its_kind() -> None:
    clause = PayClause(id="p", heading="报酬", text="……", piece_rate=Rate.parse("5/order"))
    assert clause.kind is ClauseKind.PAY
    assert clause.kind.label.en == "pay"
