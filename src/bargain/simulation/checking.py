"""Checking a scenario before a game: what is on the table, what the law allows, what it costs.

:func:`check_case` reads a :class:`~bargain.simulation.game.Game` the way an organiser reviews a
case before a contest (集体协商竞赛): each issue with its values and units, how many outcomes
there are, which values the law finds illegal, and what the company can afford. Each value is
judged alone: the current agreement with only that issue changed (when the current agreement's
text is not one of the outcomes, the other issues take their first values). ``bargain scenario
check`` prints it.

>>> from bargain.simulation import load_game
>>> check = check_case(load_game("bengbu-delivery"))
>>> [(v.issue, v.label) for v in check.illegal]
[('hourly_floor', '15元/小时'), ('hourly_floor', '17元/小时')]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bargain.domain.language import Bilingual, Lang
from bargain.domain.parties import Side
from bargain.law.findings import Severity
from bargain.simulation.game import Game
from bargain.simulation.utility import Outcome

__all__ = ["CaseCheck", "ValueCheck", "check_case"]


@dataclass(frozen=True)
class ValueCheck:
    """One value of one issue, judged alone."""

    issue: str
    """The issue's key."""
    index: int
    """The value's position among the issue's values."""
    label: str
    """The value with its unit, in Chinese."""
    label_en: str
    """The value with its unit, in English."""
    current: bool
    """Whether the current agreement holds this value."""
    errors: tuple[tuple[str, Bilingual], ...]
    """The law's error findings (rule id, message) on the text with this value; none if legal."""
    cost: float
    """The employer's extra cost per month of this value against the current agreement (yuan)."""

    @property
    def legal(self) -> bool:
        """Whether the law finds no error."""
        return not self.errors

    def as_json(self, lang: Lang = Lang.ZH) -> dict[str, Any]:
        """The value as ``bargain scenario check --format json`` shows it."""
        return {
            "label": self.label if lang is Lang.ZH else self.label_en,
            "current": self.current,
            "legal": self.legal,
            "errors": [{"rule": r, "message": m.get(lang)} for r, m in self.errors],
            "cost_per_month": round(self.cost, 2),
        }


@dataclass(frozen=True)
class CaseCheck:
    """What :func:`check_case` found."""

    game: Game
    """The game checked."""
    values: tuple[tuple[ValueCheck, ...], ...]
    """Each issue's values, judged alone."""
    from_current: bool
    """Whether the values were judged against the current agreement (else against the outcome
    of each issue's first value, the current text being none of the outcomes)."""
    costed: bool
    """Whether anything was priced (a workforce profile, or an issue's own ``cost``)."""
    union_best_cost: float
    """What the union's best outcome costs the employer per month (yuan)."""

    @property
    def illegal(self) -> list[ValueCheck]:
        """The values the law finds illegal."""
        return [value for issue in self.values for value in issue if not value.legal]

    @property
    def unaffordable(self) -> list[ValueCheck]:
        """The values that alone cost more than the company can afford."""
        limit = self.game.affordable
        return [value for issue in self.values for value in issue if value.cost > limit]

    def as_json(self, lang: Lang = Lang.ZH) -> dict[str, Any]:
        """The check as ``bargain scenario check --format json`` prints it."""
        game, en = self.game, lang is Lang.EN
        scenario, case = game.scenario, game.scenario.case
        return {
            "scenario": scenario.id,
            "title": (scenario.title_en or scenario.title) if en else scenario.title,
            "source": game.source,
            "agreement": game.agreement.id,
            "deadline": scenario.deadline.model_dump(mode="json", exclude_none=True),
            "outcomes": game.size,
            "judged_against": "current" if self.from_current else "first values",
            "issues": [
                {
                    "id": issue.id,
                    "name": (issue.name_en or issue.name) if en else issue.name,
                    "clause": issue.clause,
                    "field": issue.field,
                    "unit": (issue.unit_en or issue.unit) if en else issue.unit,
                    "values": [value.as_json(lang) for value in values],
                }
                for issue, values in zip(game.issues, self.values, strict=True)
            ],
            "illegal": [{"issue": v.issue, **v.as_json(lang)} for v in self.illegal],
            "case": {
                "workers": case.workers,
                "orders_per_day": float(case.orders_per_day),
                "working_days_per_month": float(case.working_days_per_month),
                "revenue_per_order": float(case.revenue_per_order),
                "margin": float(case.margin),
                "revenue_per_month": float(case.revenue_per_month),
                "affordable_per_month": round(game.affordable, 2),
            },
            "costed": self.costed,
            "unaffordable": [{"issue": v.issue, **v.as_json(lang)} for v in self.unaffordable],
            "union_best_cost_per_month": round(self.union_best_cost, 2),
        }

    def text(self, lang: Lang = Lang.ZH) -> str:
        """The check for people, in ``lang``."""
        return "\n".join(_lines(self, lang)) + "\n"


def check_case(game: Game) -> CaseCheck:
    """Judge each value of each issue alone, price it, and weigh the company's means."""
    base: Outcome = game.current or (0,) * len(game.issues)
    costs = game.costs.tables
    checked: list[tuple[ValueCheck, ...]] = []
    for number, issue in enumerate(game.issues):
        row: list[ValueCheck] = []
        for index in range(len(issue.options)):
            outcome = (*base[:number], index, *base[number + 1 :])
            errors = tuple(
                (f.rule, f.message)
                for f in game.judge(outcome).findings
                if f.severity is Severity.ERROR
            )
            row.append(
                ValueCheck(
                    issue.id,
                    index,
                    issue.label(index),
                    issue.label(index, en=True),
                    game.current is not None and game.current[number] == index,
                    errors,
                    costs[number][index],
                )
            )
        checked.append(tuple(row))
    costed = game.profile is not None or any(issue.cost for issue in game.issues)
    best = game.utilities[Side.UNION].best
    return CaseCheck(game, tuple(checked), game.current is not None, costed, game.deal_cost(best))


def _money(amount: float, lang: Lang) -> str:
    text = f"{amount:,.0f}" if lang is Lang.EN else f"{amount:.0f}"
    return f"{text} yuan" if lang is Lang.EN else f"{text}元"


def _lines(check: CaseCheck, lang: Lang) -> list[str]:
    game, en = check.game, lang is Lang.EN
    scenario, case = game.scenario, game.scenario.case

    def say(zh: str, english: str) -> str:
        return Bilingual(zh, english).get(lang)

    title = (scenario.title_en or scenario.title) if en else scenario.title
    deadline = scenario.deadline
    limits = [say(f"{deadline.rounds}轮", f"{deadline.rounds} rounds")] if deadline.rounds else []
    if deadline.minutes:
        limits.append(say(f"{deadline.minutes}分钟", f"{deadline.minutes} minutes"))
    sizes = " × ".join(str(len(issue.options)) for issue in game.issues)
    lines = [
        say(f"情景：{title}（{scenario.id}）", f"scenario: {title} ({scenario.id})"),
        say(f"文件：{game.source}", f"file: {game.source}"),
        say(f"当前合同：{game.agreement.id}", f"current agreement: {game.agreement.id}"),
        say(f"期限：{'，'.join(limits)}", f"deadline: {', '.join(limits)}"),
        say(f"结果空间：{sizes} = {game.size} 种结果", f"outcomes: {sizes} = {game.size}"),
    ]
    if not check.from_current:
        lines.append(
            say(
                "注意：当前合同的条文不在结果空间内；每个取值与其他议题的第一个取值一并判断",
                "note: the current agreement's text is none of the outcomes; each value is judged "
                "with the other issues at their first values",
            )
        )
    for number, (issue, values) in enumerate(zip(game.issues, check.values, strict=True), 1):
        name = (issue.name_en or issue.name) if en else issue.name
        unit = (issue.unit_en or issue.unit) if en else issue.unit
        where = f"{issue.clause}.{issue.field}"
        lines.append("")
        lines.append(
            say(
                f"议题 {number}：{name}（{issue.id}；条款字段 {where}"
                + (f"；单位 {unit}" if unit else "")
                + "）",
                f"issue {number}: {name} ({issue.id}; clause field {where}"
                + (f"; unit {unit}" if unit else "")
                + ")",
            )
        )
        for value in values:
            label = value.label_en if en else value.label
            if value.current:
                label += say("（现行）", " (current)")
            verdict = say("合规", "legal")
            if not value.legal:
                found = "；".join(f"{r} {m.zh}" for r, m in value.errors)
                found_en = "; ".join(f"{r} {m.en}" for r, m in value.errors)
                verdict = say(f"不合规：{found}", f"illegal: {found_en}")
            cost = ""
            if check.costed:
                amount = f"{'+' if value.cost > 0 else ''}{_money(value.cost, lang)}"
                cost = say(f"  每月成本 {amount}", f"  cost {amount} a month")
            lines.append(f"  - {label}{cost}  {verdict}")
    lines.append("")
    illegal = check.illegal
    lines.append(
        say(
            f"违法的取值（单独对照当前合同判断）：{len(illegal)}个",
            f"values the law finds illegal (each judged alone): {len(illegal)}",
        )
    )
    names = {issue.id: (issue.name_en or issue.name) if en else issue.name for issue in game.issues}
    for value in illegal:
        lines.append(f"  - {names[value.issue]} = {value.label_en if en else value.label}")
    lines.append("")
    lines.append(
        say(
            f"企业承受能力：{case.workers}人，每人每日{case.orders_per_day}单，每单营收"
            f"{case.revenue_per_order}元，利润率{case.margin}%；每月营收"
            f"{_money(float(case.revenue_per_month), lang)}，每月最多可承受新增成本"
            f"{_money(game.affordable, lang)}",
            f"what the company can afford: {case.workers} workers, {case.orders_per_day} orders "
            f"a day each, {case.revenue_per_order} yuan revenue an order, a margin of "
            f"{case.margin}%; revenue {_money(float(case.revenue_per_month), lang)} a month, so at most "
            f"{_money(game.affordable, lang)} a month of extra cost",
        )
    )
    if not check.costed:
        lines.append(
            say(
                "  未作成本测算（情景没有职工情况文件，议题也没有给出 cost）",
                "  nothing is costed (no workforce profile, and no issue gives its cost)",
            )
        )
        return lines
    affordable = check.union_best_cost <= game.affordable
    lines.append(
        say(
            f"  工会方最理想的结果每月成本 {_money(check.union_best_cost, lang)}："
            + ("可以承受" if affordable else "超出承受能力"),
            f"  the union's best outcome costs {_money(check.union_best_cost, lang)} a month: "
            + ("affordable" if affordable else "more than the company can afford"),
        )
    )
    over = check.unaffordable
    listing = ", ".join(f"{names[v.issue]} = {v.label_en if en else v.label}" for v in over)
    lines.append(
        say(
            f"  单独即超出承受能力的取值：{listing or '无'}",
            f"  values that alone cost more than that: {listing or 'none'}",
        )
    )
    return lines
