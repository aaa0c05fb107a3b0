"""What a person playing a game reads: the case, one side's private brief, an offer, the result.

Each function returns the lines to print, in Chinese or English. A brief shows one side's own
weights, rankings, reservation value, best alternative and notes, and never the other side's:
:func:`brief` takes the side it is for and reads nothing else of the scenario's briefs.
"""

from __future__ import annotations

from decimal import Decimal

from bargain.domain.language import Bilingual, Lang
from bargain.domain.parties import Side
from bargain.simulation.game import Game
from bargain.simulation.protocol import GameRecord
from bargain.simulation.scoring import GameScore, SideScore
from bargain.simulation.utility import Outcome

__all__ = ["answered", "brief", "case", "offer", "result", "scores", "yuan"]


def yuan(amount: float | Decimal, lang: Lang) -> str:
    """An amount of money, with thousands separators."""
    shown = f"{float(amount):,.0f}"
    return f"{shown}元" if lang is Lang.ZH else f"{shown} yuan"


def _pick(zh: str, en: str | None, lang: Lang) -> str:
    return en if lang is Lang.EN and en else zh


def _number(value: Decimal | float) -> str:
    return f"{Decimal(str(value)).normalize():f}"


def case(game: Game, lang: Lang) -> list[str]:
    """案情: the title, the description, the company's figures and what it can afford."""
    scenario = game.scenario
    data = scenario.case
    lines = [
        f"== {_pick(scenario.title, scenario.title_en, lang)} ==",
        _pick(scenario.description, scenario.description_en, lang),
        "",
        Bilingual("案例数据：", "The case's figures:").get(lang),
    ]
    figures = [
        (Bilingual("职工人数", "workers"), f"{data.workers:,}"),
        (Bilingual("人均每日单量", "orders a worker a day"), _number(data.orders_per_day)),
        (Bilingual("每月工作日", "working days a month"), _number(data.working_days_per_month)),
        (
            Bilingual("企业每单收入", "revenue per order"),
            Bilingual(
                f"{_number(data.revenue_per_order)}元", f"{_number(data.revenue_per_order)} yuan"
            ).get(lang),
        ),
        (Bilingual("利润率", "margin"), f"{_number(data.margin)}%"),
        (Bilingual("企业每月收入", "revenue a month"), yuan(data.revenue_per_month, lang)),
    ]
    lines += [f"  {label.get(lang)}: {value}" for label, value in figures]
    for fact in data.facts:
        label = _pick(fact.label, fact.label_en, lang)
        unit = f" {fact.unit}" if fact.unit and lang is Lang.EN else fact.unit or ""
        lines.append(f"  {label}: {fact.value}{unit}")
    lines.append(
        Bilingual(
            f"企业每月最多可承受的新增成本（全部利润）：{yuan(game.affordable, lang)}",
            f"The most extra cost a month the company can bear (its whole margin): "
            f"{yuan(game.affordable, lang)}",
        ).get(lang)
    )
    lines.append("")
    lines.append(Bilingual("议题（输入时用左列的标识）：", "The issues (type the ids):").get(lang))
    for issue in game.issues:
        name = _pick(issue.name, issue.name_en, lang)
        values = " / ".join(issue.label(i, lang is Lang.EN) for i in range(len(issue.options)))
        lines.append(f"  {issue.id:<18} {name}: {values}")
    if game.current is not None:
        now = ", ".join(f"{name} {value}" for name, value in game.describe(game.current, lang))
        lines.append(Bilingual(f"现行合同：{now}", f"The current agreement: {now}").get(lang))
    rounds = scenario.deadline.round_limit
    limit = Bilingual(f"期限：{rounds}轮", f"Deadline: {rounds} rounds")
    if scenario.deadline.minutes is not None:
        minutes = scenario.deadline.minutes
        limit = Bilingual(f"{limit.zh}或{minutes}分钟", f"{limit.en} or {minutes} minutes")
    lines.append(limit.get(lang))
    return lines


def brief(game: Game, side: Side, lang: Lang) -> list[str]:
    """``side``'s private brief (秘密指令): its weights, how it ranks each issue's values, its
    reservation value, its best alternative and its notes."""
    own = game.scenario.brief(side)
    total = sum(own.weights.values(), Decimal(0))
    lines = [
        Bilingual(
            f"== 你的秘密指令（{side.label.zh}），对方看不到 ==",
            f"== Your private brief ({side.label.en}); the other side does not see it ==",
        ).get(lang)
    ]
    for issue in game.issues:
        weight = float(own.weights[issue.id] / total * 100)
        scores = own.preferences[issue.id].scores_for(len(issue.options))
        ranked = ", ".join(
            f"{issue.label(i, lang is Lang.EN)}={float(s):.2f}" for i, s in enumerate(scores)
        )
        name = _pick(issue.name, issue.name_en, lang)
        label = Bilingual("权重", "weight").get(lang)
        lines.append(f"  {name} ({issue.id}): {label} {weight:.0f}%; {ranked}")
    lines.append(
        Bilingual(
            f"保留值（无协议时你的效用）：{game.reservations[side]:.2f}；最好结果的效用："
            f"{game.utilities[side].max:.2f}",
            f"Reservation value (your utility without a deal): {game.reservations[side]:.2f}; "
            f"your best outcome: {game.utilities[side].max:.2f}",
        ).get(lang)
    )
    if own.best_alternative:
        alternative = _pick(own.best_alternative, own.best_alternative_en, lang)
        lines.append(
            Bilingual(f"最佳替代方案：{alternative}", f"Best alternative: {alternative}").get(lang)
        )
    if own.notes:
        notes = _pick(own.notes, own.notes_en, lang)
        lines.append(Bilingual(f"提示：{notes}", f"Notes: {notes}").get(lang))
    return lines


def offer(game: Game, side: Side, outcome: Outcome, lang: Lang) -> list[str]:
    """An offer as ``side`` sees it: each issue's value, its utility to ``side`` and its cost to
    the employer per month against what the company can bear."""
    lines = [f"  {name}: {value}" for name, value in game.describe(outcome, lang)]
    utility = game.utility(side, outcome)
    cost = game.deal_cost(outcome)
    lines.append(
        Bilingual(
            f"  对你的效用：{utility:.2f}（保留值 {game.reservations[side]:.2f}）",
            f"  utility to you: {utility:.2f} (reservation {game.reservations[side]:.2f})",
        ).get(lang)
    )
    over = cost > game.affordable
    lines.append(
        Bilingual(
            f"  企业每月新增成本：{yuan(cost, Lang.ZH)}（可承受 {yuan(game.affordable, Lang.ZH)}"
            f"{'，超出' if over else ''}）",
            f"  cost to the employer: {yuan(cost, Lang.EN)} a month (it can bear "
            f"{yuan(game.affordable, Lang.EN)}{'; more than that' if over else ''})",
        ).get(lang)
    )
    return lines


def answered(by: Side, accepted: bool) -> Bilingual:
    """What the other side ``by`` answered to the person's offer."""
    if accepted:
        return Bilingual(f"{by.label.zh}接受你的报价。", f"The {by.label.en} accepts your offer.")
    return Bilingual(f"{by.label.zh}不接受你的报价。", f"The {by.label.en} rejects your offer.")


def result(record: GameRecord, ending: Bilingual, lang: Lang) -> list[str]:
    """How the game ended, and the deal's values."""
    deal = record.deal
    if deal is None:
        return [Bilingual("== 协商未果 ==", "== No deal ==").get(lang), ending.get(lang)]
    lines = [
        Bilingual(
            f"== 达成一致（第{record.agreed_in}轮）==", f"== Deal (round {record.agreed_in}) =="
        ).get(lang)
    ]
    lines += [f"  {name}: {value}" for name, value in record.game.describe(deal, lang)]
    return lines


def _cells(side: SideScore) -> tuple[str, ...]:
    return (
        f"{side.utility:.3f}",
        f"{side.advantage:.3f}",
        f"{side.reservation:.2f}",
        str(side.offers),
        str(side.illegal_offers),
        str(side.unaffordable_offers),
    )


def scores(score: GameScore, lang: Lang) -> list[str]:
    """The scores (:func:`bargain.simulation.scoring.score`) of both sides and of the deal."""
    heads = Bilingual("得分", "Scores").get(lang)
    labels = [
        Bilingual("效用", "utility"),
        Bilingual("优势", "advantage"),
        Bilingual("保留值", "reservation"),
        Bilingual("报价次数", "offers"),
        Bilingual("违法报价", "illegal offers"),
        Bilingual("超出承受能力的报价", "unaffordable offers"),
    ]
    union, employer = Side.UNION.label.get(lang), Side.EMPLOYER.label.get(lang)
    lines = [f"== {heads} =="]
    for label, mine, theirs in zip(
        labels, _cells(score.union), _cells(score.employer), strict=True
    ):
        lines.append(f"  {label.get(lang)}: {union} {mine} · {employer} {theirs}")
    lines.append(
        Bilingual(
            f"  纳什积：{score.nash_product:.4f}", f"  Nash product: {score.nash_product:.4f}"
        ).get(lang)
    )
    if score.pareto_distance is not None:
        lines.append(
            Bilingual(
                f"  距帕累托前沿：{score.pareto_distance:.4f}",
                f"  distance to the Pareto frontier: {score.pareto_distance:.4f}",
            ).get(lang)
        )
    if score.nash_distance is not None:
        lines.append(
            Bilingual(
                f"  距纳什点：{score.nash_distance:.4f}",
                f"  distance to the Nash point: {score.nash_distance:.4f}",
            ).get(lang)
        )
    if score.cost_per_month is not None:
        lines.append(
            Bilingual(
                f"  企业每月新增成本：{yuan(score.cost_per_month, Lang.ZH)}（可承受 "
                f"{yuan(score.affordable_per_month, Lang.ZH)}）",
                f"  cost to the employer: {yuan(score.cost_per_month, Lang.EN)} a month (it can "
                f"bear {yuan(score.affordable_per_month, Lang.EN)})",
            ).get(lang)
        )
    if score.legal is False:
        lines.append(
            Bilingual(
                "  法律审查发现协议有误，按未达成协议计分：",
                "  The law finds errors in the deal, which scores as no deal:",
            ).get(lang)
        )
        lines += [f"    {finding}" for finding in score.findings]
    for flag in score.flags:
        side = Side(flag.side).label.get(lang)
        kind = (
            Bilingual("违法", "illegal")
            if flag.kind == "illegal"
            else Bilingual("超出承受能力", "unaffordable")
        ).get(lang)
        round_ = Bilingual(f"第{flag.round}轮", f"round {flag.round}").get(lang)
        lines.append(f"  ! {round_} {side}: {kind} ({flag.detail})")
    return lines
