"""Steps of the procedure feature (集体合同规定 Arts 19, 32-54), in zh-CN."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from bargain import (
    Agreement,
    BargainError,
    GuardFailed,
    Lang,
    NotAuthorised,
    Role,
    Status,
    TransitionNotAllowed,
    Trigger,
)
from bargain.domain.calendar import FixedClock
from bargain.domain.lifecycle import DeadlineKind
from bargain.domain.parties import Recorder
from bargain.domain.procedure import AmendmentGround
from bargain.law.procedure import lifecycle as law_lifecycle
from tests.factories import representatives
from tests.steps import DETAILS, PATHS, default_lifecycle, procedure_agreement, walk

scenarios("procedure.feature")

LIFECYCLE = default_lifecycle()
DAY = r"(?P<day>\d{4}-\d{2}-\d{2})"
ROLES = {
    "职工方首席代表": Role.UNION_CHIEF,
    "企业方首席代表": Role.EMPLOYER_CHIEF,
    "劳动行政部门": Role.LABOUR_BUREAU,
    "协调处理人员": Role.COORDINATOR,
    "职工代表大会": Role.CONGRESS,
}
ROLE = "(?P<role>" + "|".join(ROLES) + ")"
STATES = {s.label.zh: s for s in Status}
TRIGGERS = {t.label.zh: t for t in Trigger}
DEADLINES = {k.label.zh: k for k in DeadlineKind}
GROUNDS = {g.label.zh: g for g in AmendmentGround}


@pytest.fixture
def story() -> dict[str, Any]:
    """The agreement as the scenario goes, the last event, and a refusal not yet looked at."""
    return {
        "agreement": procedure_agreement(),
        "event": None,
        "error": None,
        "lifecycle": LIFECYCLE,
    }


def _fire(story: dict[str, Any], trigger: Trigger, role: Role, day: str, **details: Any) -> None:
    at = FixedClock(dt.date.fromisoformat(day)).now()
    try:
        step = story["lifecycle"].fire(story["agreement"], trigger, role, at=at, **details)
    except BargainError as error:
        story["error"] = error
    else:
        story["agreement"] = step.agreement
        story["event"] = step.event


def _refused(story: dict[str, Any], kind: type[BargainError]) -> BargainError:
    error = story["error"]
    assert isinstance(error, kind), f"expected {kind.__name__}, got {error!r}"
    story["error"] = None
    return error


# ------------------------------------------------------------------------------------ given


@given(
    parsers.re(ROLE + "于 " + DAY + " 发出要约，议题为“(?P<topic>[^”]+)”"),
)
def offer_sent(story: dict[str, Any], role: str, day: str, topic: str) -> None:
    _fire(story, Trigger.SEND_OFFER, ROLES[role], day, topics=(topic,))
    assert story["error"] is None


@given(parsers.re("合同已进行到“(?P<label>[^”]+)”阶段"))
def reached(story: dict[str, Any], label: str) -> None:
    agreement, _ = walk(story["lifecycle"], story["agreement"], PATHS[STATES[label]])
    story["agreement"] = agreement


@given(parsers.parse("公布期限为生效后 {days:d} 日"))
def publication_within(story: dict[str, Any], days: int) -> None:
    # The 2024 ACFTU guideline's limit, for this story's agreement of 2019 (before it).
    story["lifecycle"] = law_lifecycle(publication_days=days)


@given("记录员由职工方协商代表担任")
def recorder_is_a_representative(story: dict[str, Any]) -> None:
    agreement: Agreement = story["agreement"]
    name = agreement.union.delegation.representatives[1].name
    story["agreement"] = agreement.model_copy(update={"recorder": Recorder(name=name)})


@given(parsers.parse("职工方只有 {count:d} 名协商代表"))
def too_few(story: dict[str, Any], count: int) -> None:
    agreement: Agreement = story["agreement"]
    delegation = agreement.union.delegation.model_copy(
        update={"representatives": tuple(representatives(count, prefix="工会代表"))}
    )
    union = agreement.union.model_copy(update={"delegation": delegation})
    story["agreement"] = agreement.model_copy(update={"union": union})


# ------------------------------------------------------------------------------------- when


@when(parsers.re(ROLE + "于 " + DAY + " 进行“(?P<action>[^”]+)”"))
def take_step(story: dict[str, Any], role: str, day: str, action: str) -> None:
    trigger = TRIGGERS[action]
    _fire(story, trigger, ROLES[role], day, **DETAILS.get(trigger, {}))


@when(parsers.re(ROLE + "于 " + DAY + " 拒绝协商，理由为“(?P<reason>[^”]+)”"))
def refuse(story: dict[str, Any], role: str, day: str, reason: str) -> None:
    _fire(story, Trigger.REFUSE_OFFER, ROLES[role], day, reason=reason)


@when(parsers.re(ROLE + "于 " + DAY + " 书面申请协调处理，理由为“(?P<reason>[^”]+)”"))
def apply_for_coordination(story: dict[str, Any], role: str, day: str, reason: str) -> None:
    _fire(story, Trigger.REQUEST_COORDINATION, ROLES[role], day, reason=reason)


@when(parsers.re(ROLE + "于 " + DAY + r" 中止协商，约定于 (?P<resume>\d{4}-\d{2}-\d{2}) 恢复"))
def suspend(story: dict[str, Any], role: str, day: str, resume: str) -> None:
    _fire(story, Trigger.SUSPEND, ROLES[role], day, resume_on=dt.date.fromisoformat(resume))


@when(parsers.re("协调处理人员于 " + DAY + r" 延长协调期限 (?P<days>\d+) 日"))
def extend(story: dict[str, Any], day: str, days: str) -> None:
    _fire(story, Trigger.EXTEND_COORDINATION, Role.COORDINATOR, day, days=int(days))


@when(
    parsers.re(
        "职工代表大会于 "
        + DAY
        + r" 表决：全体 (?P<members>\d+) 人，出席 (?P<present>\d+) 人，赞成 (?P<for_>\d+) 人"
    )
)
def vote(story: dict[str, Any], day: str, members: str, present: str, for_: str) -> None:
    count = {"members": int(members), "present": int(present), "in_favour": int(for_)}
    _fire(story, Trigger.HOLD_CONGRESS_VOTE, Role.CONGRESS, day, **count)


@when(parsers.re(ROLE + "于 " + DAY + " 以“(?P<ground>[^”]+)”为由进行“(?P<action>[^”]+)”"))
def amend_or_terminate(
    story: dict[str, Any], role: str, day: str, ground: str, action: str
) -> None:
    _fire(story, TRIGGERS[action], ROLES[role], day, ground=GROUNDS[ground])


@when(parsers.re("时间到达 " + DAY))
def time_passes(story: dict[str, Any], day: str) -> None:
    steps = LIFECYCLE.sweep(story["agreement"], FixedClock(dt.date.fromisoformat(day)).now())
    assert steps, "time alone decided nothing"
    story["agreement"] = steps[-1].agreement
    story["event"] = steps[-1].event


# ------------------------------------------------------------------------------------- then


@then(parsers.re("合同处于“(?P<label>[^”]+)”状态"))
def in_state(story: dict[str, Any], label: str) -> None:
    assert story["error"] is None, f"an unexpected refusal: {story['error']}"
    assert story["agreement"].status is STATES[label]


@then(parsers.parse("该步骤逾期 {days:d} 日"))
def late_by(story: dict[str, Any], days: int) -> None:
    assert story["event"].late_days == days
    assert f"逾期{days}日" in " ".join(n.zh for n in story["event"].notes)


@then(parsers.re("“(?P<label>[^”]+)”期限至 " + DAY))
def deadline_is(story: dict[str, Any], label: str, day: str) -> None:
    assert story["error"] is None, f"an unexpected refusal: {story['error']}"
    agreement = story["agreement"]
    on = agreement.procedure.last_on
    due = {d.kind: d for d in story["lifecycle"].deadlines(agreement, on)}
    assert str(due[DEADLINES[label]].deadline.due) == day


@then(parsers.re("没有“(?P<label>[^”]+)”期限"))
def no_deadline(story: dict[str, Any], label: str) -> None:
    agreement = story["agreement"]
    kinds = {d.kind for d in story["lifecycle"].deadlines(agreement, agreement.procedure.last_on)}
    assert DEADLINES[label] not in kinds
    assert agreement.procedure.publication_due is None


@then("该步骤未逾期")
def on_time(story: dict[str, Any]) -> None:
    assert not story["event"].late_days
    assert not any("逾期" in n.zh for n in story["event"].notes)


@then(parsers.parse('操作被拒绝，依据为 "{citation}"'))
def refused_by_law(story: dict[str, Any], citation: str) -> None:
    error = _refused(story, GuardFailed)
    assert isinstance(error, GuardFailed)
    assert error.citation.format(Lang.ZH) == citation


@then("操作因无权进行而被拒绝")
def refused_for_role(story: dict[str, Any]) -> None:
    _refused(story, NotAuthorised)


@then("操作因当前状态不允许而被拒绝")
def refused_for_state(story: dict[str, Any]) -> None:
    _refused(story, TransitionNotAllowed)


@then(parsers.parse("生效日期为 {day}"))
def effective_on(story: dict[str, Any], day: str) -> None:
    assert str(story["agreement"].procedure.effective_on) == day


@then(parsers.re("事件附注包含“(?P<text>[^”]+)”"))
def note_says(story: dict[str, Any], text: str) -> None:
    assert any(text in n.zh for n in story["event"].notes)
