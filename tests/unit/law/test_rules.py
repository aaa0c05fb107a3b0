"""Every rule passes on the Bengbu sector agreement and fires on a copy that breaks it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bargain import Agreement, InvalidDocument, Lang, Severity, load_agreement, validate
from bargain.domain.agreement import AgreementKind, AgreementRef, Scope
from bargain.domain.calendar import DateRange
from bargain.domain.parties import Delegation, Recorder, Representative
from bargain.law.parameters import Confidence, default_parameters, load_parameters
from bargain.law.rules import Registry
from tests.conftest import SECTOR_AGREEMENT, SPRING_FESTIVAL

SECTOR = load_agreement(SECTOR_AGREEMENT)
RULE_IDS = [rule.id for rule in Registry.builtin().rules]


def changed_clause(agreement: Agreement, clause_id: str, **fields: Any) -> Agreement:
    clause = agreement.clause(clause_id)
    return agreement.with_clause(type(clause).model_validate({**dict(clause), **fields}))


def with_delegation(side: str, *people: Representative) -> Agreement:
    party = getattr(SECTOR, side)
    changed = party.model_copy(update={"delegation": Delegation(representatives=people)})
    return Agreement.model_validate({**dict(SECTOR), side: changed})


def reps(side: str) -> list[Representative]:
    return list(getattr(SECTOR, side).delegation.representatives)


def fired(agreement: Agreement, rule_id: str, **options: Any) -> list[Any]:
    return list(validate(agreement, **options).by_rule(rule_id))


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_every_rule_passes_on_the_bengbu_sector_agreement(rule_id: str) -> None:
    assert fired(SECTOR, rule_id) == []


def test_the_sector_agreement_is_clean_on_every_day_of_its_term() -> None:
    for day in (dt.date(2020, 1, 1), dt.date(2021, 12, 3), dt.date(2022, 12, 31)):
        assert len(validate(SECTOR, day)) == 0


# --- representatives ----------------------------------------------------------------------------


def test_two_employer_against_three_union_representatives_is_an_error_citing_article_19() -> None:
    agreement = with_delegation("employer", *reps("employer")[:2])
    [few, unequal] = fired(agreement, "REP-COUNT")
    assert few.severity is Severity.ERROR
    assert few.path == "employer.delegation.representatives"
    assert (few.found, few.required) == ("2", ">= 3")
    assert few.citation.format() == "《集体合同规定》第十九条"
    assert few.message.en == "the employer side has 2 representatives; each side needs at least 3"
    assert unequal.message.zh == "双方协商代表人数不对等：职工方5人，企业方2人"


def test_two_chiefs_on_one_side_fire() -> None:
    people = reps("union")
    people[1] = people[1].model_copy(update={"chief": True})
    [finding] = fired(with_delegation("union", *people), "REP-CHIEF")
    assert finding.message.en == "the union side has 2 chief representatives; it needs exactly one"


def test_a_union_chief_who_is_not_the_chair_needs_a_written_delegation() -> None:
    people = reps("union")
    people[0] = people[0].model_copy(update={"chief": False})
    people[1] = people[1].model_copy(update={"chief": True})
    [finding] = fired(with_delegation("union", *people), "REP-UNION-CHIEF")
    assert finding.path == "union.delegation.representatives[1]"
    assert "needs a written delegation" in finding.message.en


def test_an_employer_chief_without_a_delegation_must_be_a_legal_representative() -> None:
    people = reps("employer")
    people[0] = people[0].model_copy(update={"delegation": None})
    [finding] = fired(with_delegation("employer", *people), "REP-EMPLOYER-CHIEF")
    assert finding.found == "王强"
    assert finding.citation.article == 21


def test_an_unknown_chair_is_reported_as_not_checked() -> None:
    union = SECTOR.union.organisations[0].model_copy(update={"chair": None})
    party = SECTOR.union.model_copy(update={"organisations": (union,)})
    [finding] = fired(Agreement.model_validate({**dict(SECTOR), "union": party}), "REP-UNION-CHIEF")
    assert finding.severity is Severity.INFO


def test_too_many_outside_experts_and_an_expert_chief_fire() -> None:
    people = [p.model_copy(update={"outside_expert": True}) for p in reps("union")[:2]]
    people += reps("union")[2:]
    findings = fired(with_delegation("union", *people), "REP-EXPERTS")
    assert [f.path for f in findings] == [
        "union.delegation.representatives",
        "union.delegation.representatives[0]",
    ]
    assert findings[1].message.en == "the chief 杜诚 may not be an outside expert"


def test_one_outside_expert_in_a_side_of_three_is_exactly_a_third_and_allowed() -> None:
    # 集体合同规定 Art 23: at most a third; 1 of 3 is a third, not more (float rounding said 0).
    people = [Representative(name=f"代表{n}", chief=n == 1) for n in range(1, 4)]
    people[2] = people[2].model_copy(update={"outside_expert": True})
    agreement = with_delegation("union", *people)
    agreement = with_delegation("employer", *reps("employer")[:3]).model_copy(
        update={"union": agreement.union}
    )
    assert fired(agreement, "REP-EXPERTS") == []
    people[1] = people[1].model_copy(update={"outside_expert": True})
    [finding] = fired(with_delegation("union", *people), "REP-EXPERTS")
    assert (finding.found, finding.required) == ("2", "<= 1")


def test_a_person_on_both_sides_fires() -> None:
    people = [*reps("employer")[:4], reps("union")[1]]
    [finding] = fired(with_delegation("employer", *people), "REP-BOTH-SIDES")
    assert finding.found == "刘洋"


def test_a_recorder_who_is_a_representative_fires() -> None:
    agreement = SECTOR.model_copy(update={"recorder": Recorder(name="刘洋")})
    [finding] = fired(agreement, "REP-RECORDER")
    assert finding.message.zh == "记录员刘洋同时是职工方协商代表"


# --- pay ----------------------------------------------------------------------------------------


def test_a_rider_floor_of_1200_a_month_in_2022_is_below_the_minimum_wage() -> None:
    agreement = changed_clause(SECTOR, "pay-levels", monthly_floor="1200/month")
    [finding] = fired(agreement, "PAY-MIN-WAGE", on=dt.date(2022, 6, 1))
    assert finding.path == "clauses[0].monthly_floor"
    assert (finding.found, finding.required) == ("1200/month", ">= 1500/month")
    assert finding.citation.instrument == "最低工资规定"
    assert finding.confidence is Confidence.UNCONFIRMED  # Bengbu's 2021 tier was never found
    assert "未经确认" in finding.text()


def test_a_floor_is_judged_on_each_day_the_minimum_wage_changes_during_the_term() -> None:
    agreement = changed_clause(SECTOR, "pay-levels", monthly_floor="1450/month")
    [finding] = fired(agreement, "PAY-MIN-WAGE")
    assert "2021-12-03" in finding.message.en
    assert finding.required == ">= 1500/month"


def test_a_part_time_hourly_floor_below_the_hourly_minimum_fires() -> None:
    agreement = changed_clause(SECTOR, "pay-hourly", hourly_floor="15/hour")
    findings = fired(agreement, "PAY-MIN-WAGE", on=dt.date(2023, 6, 1))
    assert [f.required for f in findings] == [">= 20/hour"]
    assert findings[0].citation.format() == "《劳动合同法》第七十二条"


def test_a_region_without_data_is_reported_as_not_checked() -> None:
    agreement = SECTOR.model_copy(update={"scope": Scope(region="110000")})
    findings = fired(agreement, "PAY-MIN-WAGE", on=dt.date(2023, 6, 1))
    assert [f.path for f in findings] == ["clauses[0].monthly_floor", "clauses[1].hourly_floor"]
    assert {f.severity for f in findings} == {Severity.INFO}
    assert "no minimum-wage data for region 110000" in findings[0].message.en


def test_counting_overtime_or_night_allowances_towards_a_floor_fires() -> None:
    agreement = changed_clause(SECTOR, "pay-levels", floor_includes=["night_shift", "bonus"])
    [finding] = fired(agreement, "PAY-FLOOR-EXCLUSIONS")
    assert finding.message.zh == "保底收入不得计入夜班津贴"


@pytest.mark.parametrize(
    ("field", "value", "item"),
    [("overtime_premium", 120, 1), ("rest_day_premium", 150, 2), ("holiday_premium", 200, 3)],
)
def test_overtime_premiums_below_the_labour_law_fire(field: str, value: int, item: int) -> None:
    [finding] = fired(
        changed_clause(SECTOR, "pay-levels", **{field: value}), "PAY-OVERTIME-PREMIUM"
    )
    assert finding.citation.item == item
    assert finding.found == f"{value}%"


# --- hours and rest -----------------------------------------------------------------------------


def test_overtime_beyond_three_hours_a_day_is_an_error_and_beyond_one_a_warning() -> None:
    [error] = fired(changed_clause(SECTOR, "hours", overtime_max_daily=4), "HOURS-OVERTIME-LIMIT")
    [warning] = fired(changed_clause(SECTOR, "hours", overtime_max_daily=2), "HOURS-OVERTIME-LIMIT")
    [monthly] = fired(
        changed_clause(SECTOR, "hours", overtime_max_monthly=40), "HOURS-OVERTIME-LIMIT"
    )
    assert (error.severity, warning.severity, monthly.severity) == (
        Severity.ERROR,
        Severity.WARNING,
        Severity.ERROR,
    )
    assert monthly.required == "<= 36 h"


def test_more_than_standard_hours_without_a_special_system_is_a_warning() -> None:
    agreement = changed_clause(SECTOR, "hours", daily_hours=9)
    [finding] = fired(agreement, "HOURS-STANDARD")
    assert finding.severity is Severity.WARNING
    assert fired(changed_clause(agreement, "hours", system="averaged"), "HOURS-STANDARD") == []


def test_no_weekly_rest_day_fires() -> None:
    [finding] = fired(changed_clause(SECTOR, "rest", weekly_rest_days=0), "REST-WEEKLY")
    assert finding.citation.format() == "《劳动法》第三十八条"


def test_part_time_limits_fire_on_clauses_for_part_time_workers() -> None:
    agreement = changed_clause(SECTOR, "pay-hourly", pay_cycle_days=30)
    [finding] = fired(agreement, "PART-TIME-LIMITS")
    assert (finding.found, finding.required) == ("30", "<= 15")


# --- special protection, term, levels -----------------------------------------------------------


def test_employing_from_age_15_fires() -> None:
    [finding] = fired(changed_clause(SECTOR, "special-protection", minimum_age=15), "MINORS-AGE")
    assert finding.required == ">= 16"


def test_maternity_leave_below_the_2012_rule_fires_and_cites_it() -> None:
    agreement = changed_clause(
        SECTOR, "special-protection", maternity_leave_days=90, no_night_work_from_month=8
    )
    leave, nights = fired(agreement, "MATERNITY")
    assert leave.required == ">= 98 days"
    assert leave.citation.format() == "《女职工劳动保护特别规定》第七条"
    assert nights.citation.format() == "《女职工劳动保护特别规定》第六条第二款"


def test_before_2012_the_labour_law_gave_90_days() -> None:
    agreement = changed_clause(SECTOR, "special-protection", maternity_leave_days=90)
    assert fired(agreement, "MATERNITY", on=dt.date(2010, 1, 1)) == []


def test_a_term_longer_than_three_years_is_a_warning() -> None:
    term = DateRange(start=dt.date(2020, 1, 1), end=dt.date(2023, 1, 1))
    [finding] = fired(SECTOR.model_copy(update={"term": term}), "TERM-LENGTH")
    assert finding.severity is Severity.WARNING
    assert finding.citation.article == 38


def test_a_supplement_that_lowers_its_parent_fires_and_one_that_raises_it_passes() -> None:
    festival = load_agreement(SPRING_FESTIVAL)
    assert fired(festival, "SUPPLEMENT-FLOOR", parent=SECTOR) == []
    lowered = changed_clause(festival, "festival-pay", piece_rate="4/order")
    [finding] = fired(lowered, "SUPPLEMENT-FLOOR", parent=SECTOR)
    assert finding.path == "clauses[0].piece_rate"
    assert finding.required == ">= 4.5/order"


def test_a_supplement_judged_without_its_parent_says_so() -> None:
    [finding] = fired(load_agreement(SPRING_FESTIVAL), "SUPPLEMENT-FLOOR")
    assert finding.severity is Severity.INFO


# --- platform pack ------------------------------------------------------------------------------


def test_a_platform_hourly_floor_below_the_hourly_minimum_is_a_warning_or_an_error_by_policy() -> (
    None
):
    agreement = changed_clause(SECTOR, "pay-hourly", hourly_floor="17/hour")
    [finding] = fired(agreement, "PLAT-INCOME-FLOOR", on=dt.date(2023, 6, 1))
    assert finding.severity is Severity.WARNING  # guidance binds no one
    assert finding.required == ">= 20/hour"
    options = {"on": dt.date(2023, 6, 1), "guidance_as_errors": True}
    [strict] = fired(agreement, "PLAT-INCOME-FLOOR", **options)
    assert strict.severity is Severity.ERROR


def test_no_platform_hourly_floor_is_a_warning() -> None:
    agreement = changed_clause(SECTOR, "pay-hourly", hourly_floor=None)
    [finding] = fired(agreement, "PLAT-INCOME-FLOOR")
    assert finding.severity is Severity.WARNING


def test_the_strictest_algorithm_and_no_rule_are_warnings_of_guidance() -> None:
    [strict] = fired(
        changed_clause(SECTOR, "algorithms", time_estimation="strictest"), "PLAT-TIME-ESTIMATION"
    )
    [silent] = fired(
        changed_clause(SECTOR, "algorithms", time_estimation=None), "PLAT-TIME-ESTIMATION"
    )
    assert (strict.severity, silent.severity) == (Severity.WARNING, Severity.WARNING)
    assert strict.message.en == "the strictest algorithm may not be the appraisal standard"


def test_order_time_limits_without_forced_rest_are_warnings() -> None:
    agreement = changed_clause(
        SECTOR, "hours", rest_after_continuous_minutes=None, max_daily_working_hours=None
    )
    findings = fired(agreement, "PLAT-ORDER-TIME")
    assert [f.path for f in findings] == ["clauses", "clauses[2].rest_after_continuous_minutes"]


def test_holiday_work_paid_at_normal_rates_fires() -> None:
    [finding] = fired(
        changed_clause(SECTOR, "pay-hourly", holiday_premium=100), "PLAT-HOLIDAY-PREMIUM"
    )
    assert finding.required == "> 100%"


@pytest.mark.parametrize(
    ("rule_id", "clause_id", "field"),
    [
        ("PLAT-BAD-WEATHER", "safety", "weather_measures"),
        ("PLAT-REST-STATIONS", "insurance", "rest_stations"),
    ],
)
def test_missing_platform_protections_are_warnings(
    rule_id: str, clause_id: str, field: str
) -> None:
    empty: Callable[[], Any] = tuple if field == "weather_measures" else lambda: None
    [finding] = fired(changed_clause(SECTOR, clause_id, **{field: empty()}), rule_id)
    assert finding.severity is Severity.WARNING


def test_no_insurance_is_a_warning() -> None:
    agreement = changed_clause(SECTOR, "insurance", accident_insurance_sum=None)
    [finding] = fired(agreement, "PLAT-INSURANCE")
    assert finding.severity is Severity.WARNING


def test_the_platform_pack_does_not_apply_outside_platform_work() -> None:
    other = SECTOR.model_copy(update={"scope": Scope(region="340300", sector="construction")})
    other = changed_clause(other, "pay-hourly", applies_to=["part_time"])
    other = changed_clause(other, "algorithms", time_estimation="strictest")
    assert fired(other, "PLAT-TIME-ESTIMATION") == []


def test_a_supplement_is_not_warned_for_what_it_leaves_to_its_parent() -> None:
    report = validate(load_agreement(SPRING_FESTIVAL), parent=SECTOR)
    assert report.warnings == ()
    assert report.ok


def test_an_agreement_without_a_term_needs_a_day() -> None:
    undated = SECTOR.model_copy(update={"term": None})
    with pytest.raises(ValueError, match="give the day to judge it on"):
        validate(undated)
    assert validate(undated, dt.date(2023, 1, 1)).ok


def test_a_special_agreement_kind_is_judged_too() -> None:
    special = Agreement.model_validate(
        {**dict(SECTOR), "kind": AgreementKind.SPECIAL, "topic": "wages", "supplements": None}
    )
    assert validate(special).ok
    assert AgreementRef(title="x").title == "x"


def test_a_day_before_a_law_existed_says_the_rule_was_not_applied() -> None:
    report = validate(SECTOR, dt.date(2000, 1, 1))
    [finding] = report.by_rule("REP-COUNT")
    assert finding.severity is Severity.INFO
    assert finding.message.en.endswith(
        "was not in force on 2000-01-01, so this rule was not applied"
    )
    assert report.ok


PROVINCE = """\
parameters:
  minimum_wage.monthly.320000.tier_1:
    reference: {instrument: 江苏省人民政府关于调整全省最低工资标准的通知}
    values:
      - {start: 2022-10-01, value: 2280}
  minimum_wage.tier.320102:
    reference: {instrument: 江苏省人民政府关于调整全省最低工资标准的通知}
    values:
      - {start: 2022-10-01, value: 1}
"""


def test_days_without_minimum_wage_data_do_not_stop_later_days_being_checked(
    tmp_path: Path,
) -> None:
    # The data starts within the term: the days before it are not checked, the days after are.
    (tmp_path / "jiangsu.yaml").write_text(PROVINCE, encoding="utf-8")
    parameters = default_parameters().merged(load_parameters(tmp_path / "jiangsu.yaml"))
    moved = SECTOR.changed(scope=SECTOR.scope.changed(region="320102"))
    term = moved.term
    assert term is not None
    assert term.start < dt.date(2022, 10, 1) <= term.end
    findings = fired(moved, "PAY-MIN-WAGE", parameters=parameters)
    errors = [f for f in findings if f.severity is Severity.ERROR]
    assert errors
    assert "2022-10-01" in errors[0].message.en
    assert errors[0].required == ">= 2280/month"
    [info] = [f for f in findings if f.severity is Severity.INFO and f.path == errors[0].path]
    assert f"no minimum-wage data for region 320102 on {term.start}" in info.message.en


def test_merging_parameter_sets_that_both_define_a_name_names_it(tmp_path: Path) -> None:
    (tmp_path / "jiangsu.yaml").write_text(PROVINCE, encoding="utf-8")
    province = load_parameters(tmp_path / "jiangsu.yaml")
    with pytest.raises(InvalidDocument) as caught:
        province.merged(province)
    [problem] = caught.value.problems
    assert problem.path == 'parameters["minimum_wage.monthly.320000.tier_1"]'
    assert problem.render(Lang.EN) == (
        '<parameters>: parameters["minimum_wage.monthly.320000.tier_1"]: a parameter is '
        "defined once, but both sets merged define it"
    )
