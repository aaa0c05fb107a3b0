"""Steps of the law features: minimum wage, overtime and representatives, in zh-CN."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pytest_bdd import given, parsers, scenarios, then, when

from bargain import Agreement, Report, Severity, load_agreement, validate
from bargain.domain.parties import Delegation
from tests.conftest import SECTOR_AGREEMENT

scenarios("minimum-wage.feature", "overtime.feature", "representatives.feature")

PREFIX = "蚌埠市网约送餐行业集体合同"


def _change(agreement: Agreement, clause_id: str, **fields: Any) -> Agreement:
    clause = agreement.clause(clause_id)
    return agreement.with_clause(type(clause).model_validate({**dict(clause), **fields}))


@given(parsers.parse(PREFIX + "中专送骑手的月保底收入为 {amount:d} 元"), target_fixture="agreement")
def monthly_floor(amount: int) -> Agreement:
    return _change(load_agreement(SECTOR_AGREEMENT), "pay-levels", monthly_floor=f"{amount}/month")


@given(
    parsers.parse(PREFIX + "中众包骑手的小时保底收入为 {amount:d} 元"), target_fixture="agreement"
)
def hourly_floor(amount: int) -> Agreement:
    return _change(load_agreement(SECTOR_AGREEMENT), "pay-hourly", hourly_floor=f"{amount}/hour")


@given(parsers.parse(PREFIX + "约定每日加班上限为 {hours:d} 小时"), target_fixture="agreement")
def overtime_limit(hours: int) -> Agreement:
    return _change(load_agreement(SECTOR_AGREEMENT), "hours", overtime_max_daily=hours)


@given(parsers.parse(PREFIX + "约定法定休假日加班工资为 {percent:d}%"), target_fixture="agreement")
def holiday_premium(percent: int) -> Agreement:
    return _change(load_agreement(SECTOR_AGREEMENT), "pay-levels", holiday_premium=percent)


def _with_delegations(union: int, employer: int, *, expert_chief: bool = False) -> Agreement:
    sector = load_agreement(SECTOR_AGREEMENT)
    sides: dict[str, Any] = {}
    for side, count in (("union", union), ("employer", employer)):
        party = getattr(sector, side)
        people = list(party.delegation.representatives)
        people = [p for p in people if not p.outside_expert][:count]
        if expert_chief and side == "union":
            people[0] = people[0].model_copy(update={"outside_expert": True})
        sides[side] = party.model_copy(
            update={"delegation": Delegation(representatives=tuple(people))}
        )
    return Agreement.model_validate({**dict(sector), **sides})


@given(
    parsers.parse(PREFIX + "的职工方有 {union:d} 名协商代表、企业方有 {employer:d} 名"),
    target_fixture="agreement",
)
def delegations(union: int, employer: int) -> Agreement:
    return _with_delegations(union, employer)


@given(PREFIX + "的职工方首席代表是外聘专业人员", target_fixture="agreement")
def expert_chief() -> Agreement:
    return _with_delegations(4, 4, expert_chief=True)


@when(parsers.parse("按 {day} 的标准审查该合同"), target_fixture="report")
def judge_on(agreement: Agreement, day: str) -> Report:
    return validate(agreement, dt.date.fromisoformat(day))


@when(parsers.parse("按 {day} 的标准、以指导性文件为本方政策审查该合同"), target_fixture="report")
def judge_with_guidance_as_policy(agreement: Agreement, day: str) -> Report:
    return validate(agreement, dt.date.fromisoformat(day), guidance_as_errors=True)


@when("审查该合同", target_fixture="report")
def judge(agreement: Agreement) -> Report:
    return validate(agreement)


@then("没有不合规项")
def no_errors(report: Report) -> None:
    assert report.errors == (), [f.text() for f in report.errors]


@then(parsers.parse("规则 {rule} 报告不合规，要求不低于 {amount}"))
def error_at_least(report: Report, rule: str, amount: str) -> None:
    findings = [f for f in report.by_rule(rule) if f.severity is Severity.ERROR]
    assert findings, [f.rule for f in report]
    assert findings[0].required is not None
    assert findings[0].required.startswith(f">= {amount}/")


@then(parsers.parse("规则 {rule} 报告不合规，要求不超过 {limit}"))
def error_at_most(report: Report, rule: str, limit: str) -> None:
    [finding] = report.by_rule(rule)
    assert finding.severity is Severity.ERROR
    assert finding.required == f"<= {limit}"


@then(parsers.parse("规则 {rule} 报告提示，要求不低于 {amount}"))
def warning_at_least(report: Report, rule: str, amount: str) -> None:
    [finding] = report.by_rule(rule)
    assert finding.severity is Severity.WARNING
    assert finding.required is not None
    assert finding.required.startswith(f">= {amount}/")


@then(parsers.parse("规则 {rule} 报告提示"))
def warning(report: Report, rule: str) -> None:
    [finding] = report.by_rule(rule)
    assert finding.severity is Severity.WARNING


@then(parsers.parse('规则 {rule} 报告不合规，依据为 "{citation}"'))
def error_citing(report: Report, rule: str, citation: str) -> None:
    findings = [f for f in report.by_rule(rule) if f.severity is Severity.ERROR]
    assert findings, [f.rule for f in report]
    assert findings[0].citation.format() == citation


@then(parsers.parse('规则 {rule} 的说明包含 "{text}"'))
def message_contains(report: Report, rule: str, text: str) -> None:
    assert any(text in f.text() for f in report.by_rule(rule))
