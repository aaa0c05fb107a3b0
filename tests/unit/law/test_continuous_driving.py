"""DRIVING-CONTINUOUS: 4 h of continuous driving at most, then a stop of 20 minutes (X-02)."""

from __future__ import annotations

from typing import Any

import pytest

from bargain import Agreement, Lang, Severity, load_agreement, validate
from tests.conftest import EXAMPLES, SECTOR_AGREEMENT

RIDE_HAILING = load_agreement(EXAMPLES / "scenarios" / "ride-hailing-sector-agreement.yaml")
FREIGHT = load_agreement(EXAMPLES / "scenarios" / "truck-drivers-sector-agreement.yaml")


def with_hours(agreement: Agreement, clause_id: str, **fields: Any) -> Agreement:
    clause = agreement.clause(clause_id)
    return agreement.with_clause(type(clause).model_validate({**dict(clause), **fields}))


def fired(agreement: Agreement) -> list[Any]:
    return list(validate(agreement).by_rule("DRIVING-CONTINUOUS"))


@pytest.mark.parametrize(
    ("agreement", "clause_id"), [(RIDE_HAILING, "hours"), (FREIGHT, "driving-time")]
)
def test_four_hours_then_twenty_minutes_is_lawful(agreement: Agreement, clause_id: str) -> None:
    clause = agreement.clause(clause_id)
    assert (clause.max_continuous_order_hours, clause.rest_after_continuous_minutes) == (4, 20)
    assert fired(agreement) == []


def test_four_and_a_half_hours_of_continuous_service_is_an_error_citing_article_62() -> None:
    [finding] = fired(with_hours(RIDE_HAILING, "hours", max_continuous_order_hours="4.5"))
    assert finding.severity is Severity.ERROR
    assert finding.path == "clauses[1].max_continuous_order_hours"
    assert (finding.found, finding.required) == ("4.5 h", "<= 4 h")
    assert finding.citation.format(Lang.ZH) == "《道路交通安全法实施条例》第六十二条第（七）项"
    assert "超过连续驾驶机动车的法定上限4小时" in finding.text(Lang.ZH)


def test_a_fifteen_minute_stop_does_not_end_continuous_driving() -> None:
    [finding] = fired(with_hours(FREIGHT, "driving-time", rest_after_continuous_minutes=15))
    assert finding.path.endswith(".rest_after_continuous_minutes")
    assert (finding.found, finding.required) == ("15 min", ">= 20 min")
    assert "does not end continuous driving" in finding.text(Lang.EN)


def test_riders_of_electric_bicycles_are_not_judged_as_drivers() -> None:
    riders = load_agreement(SECTOR_AGREEMENT)
    assert riders.scope.sector == "food-delivery"
    assert fired(with_hours(riders, "hours", max_continuous_order_hours=5)) == []
