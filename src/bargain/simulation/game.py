"""A scenario made ready to play: its outcomes, each side's utility, costs, offers and deals.

:class:`Game` joins a :class:`~bargain.simulation.scenario.Scenario` to the agreement on the
table. It turns an outcome (one value index per issue) into the :class:`~bargain.domain.negotiation.Offer`
a side makes in a real negotiation, reads an offer back into an outcome, and turns the deal into
an :class:`~bargain.domain.agreement.Agreement` the lifecycle accepts. It prices each issue's
values once with costing (or the scenario's own ``cost``) and judges texts by the law, caching
what it judged, so that a game, a tournament or a contest pays for each text once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from bargain.domain.agreement import Agreement
from bargain.domain.calendar import DateRange
from bargain.domain.clauses import Clause
from bargain.domain.costing import WorkforceProfile, cost
from bargain.domain.language import Bilingual, Lang
from bargain.domain.negotiation import Offer, Position, apply_offer
from bargain.domain.parties import Side
from bargain.errors import InvalidDocument, Problem
from bargain.law.findings import Report, Severity
from bargain.law.rules import validate
from bargain.simulation.scenario import IssueSpec, Scenario, Value
from bargain.simulation.utility import Additive, Frontier, Outcome, frontier

__all__ = ["Game", "costing_month"]


def costing_month(agreement: Agreement) -> DateRange:
    """The month costing prices a value over: the first whole month of the agreement's term
    (of the current year when it has none)."""
    start = agreement.term.start if agreement.term else dt.date(dt.date.today().year, 1, 1)
    if start.day != 1:
        start = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    end = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    return DateRange(start=start, end=end)


def _problem(source: str, path: str, expected: Bilingual, found: Any = None) -> InvalidDocument:
    shown = None if found is None else found if isinstance(found, str) else repr(found)
    return InvalidDocument([Problem(source, path, expected, shown)])


class Game:
    """A scenario joined to its agreement (and profile), ready to play and to score.

    Raises (on construction):
        InvalidDocument: an issue names a clause the agreement lacks, a field the clause lacks, or
            a value the field does not take; each problem names the scenario file and the path.
    """

    def __init__(
        self,
        scenario: Scenario,
        agreement: Agreement,
        profile: WorkforceProfile | None = None,
        *,
        source: str = "<scenario>",
    ) -> None:
        self.scenario = scenario
        self.agreement = agreement
        self.profile = profile
        self.source = source
        self.issues: tuple[IssueSpec, ...] = scenario.issues
        self._clauses = {c.id: c for c in agreement.clauses}
        self._variants: list[list[Clause]] = []
        """Per issue, its clause with each value set (built once, by :meth:`_check`)."""
        self._parsed = [self._check(number, issue) for number, issue in enumerate(self.issues)]
        self.current: Outcome | None = self._current()
        self.utilities: dict[Side, Additive] = {side: self._utility(side) for side in Side}
        self.reservations: dict[Side, float] = {
            side: float(scenario.brief(side).reservation) for side in Side
        }
        self._costs: Additive | None = None
        self._texts: dict[Outcome, tuple[Clause, ...]] = {}
        self._reports: dict[Outcome, Report] = {}
        self._deal_costs: dict[Outcome, float] = {}
        self._frontier: Frontier | None = None

    # --- checking the scenario against the agreement -----------------------------------------

    def _check(self, number: int, issue: IssueSpec) -> list[Any]:
        where = f"issues[{number}]"
        clause = self._clauses.get(issue.clause)
        if clause is None:
            known = ", ".join(self._clauses) or "-"
            raise _problem(
                self.source,
                f"{where}.clause",
                Bilingual(
                    f"应为当前合同中的条款标识：{known}", f"a clause of the agreement: {known}"
                ),
                issue.clause,
            )
        name, _, rest = issue.field.partition("[")
        if name not in type(clause).model_fields or name in {"id", "kind"}:
            raise _problem(
                self.source,
                f"{where}.field",
                Bilingual(
                    f"应为{clause.kind.value}类条款的字段",
                    f"a field of a {clause.kind.value} clause",
                ),
                issue.field,
            )
        parsed: list[Any] = []
        variants: list[Clause] = []
        for index in range(len(issue.options)):
            try:
                changed = clause.changed(
                    **self._changes(clause, {issue.field: issue.file_value(index)})
                )
            except InvalidDocument as error:
                first = error.problems[0]
                raise _problem(
                    self.source,
                    f"{where}.{'range' if issue.range else f'values[{index}]'}",
                    Bilingual(
                        f"{clause.id}.{issue.field} 可取的值：{first.expected.zh}",
                        f"a value {clause.id}.{issue.field} takes: {first.expected.en}",
                    ),
                    issue.file_value(index),
                ) from None
            parsed.append(self._read(changed, issue.field))
            variants.append(changed)
        if rest and parsed[0] is None:
            raise _problem(
                self.source,
                f"{where}.field",
                Bilingual("条款中没有该项", "an item the clause has"),
                issue.field,
            )
        self._variants.append(variants)
        return parsed

    @staticmethod
    def _changes(clause: Clause, values: Mapping[str, Value]) -> dict[str, Any]:
        """The ``changes`` of a position that sets ``values`` (field paths) on ``clause``."""
        changes: dict[str, Any] = {}
        for path, value in values.items():
            name, _, rest = path.partition("[")
            if not rest:
                changes[name] = value
                continue
            kind, _, attribute = rest.partition("].")
            items = changes.get(name)
            if items is None:
                items = [item.model_dump(mode="json") for item in getattr(clause, name)]
            found = False
            for item in items:
                if item.get("kind") == kind:
                    item[attribute] = value
                    found = True
            if not found:
                raise InvalidDocument(
                    [
                        Problem(
                            f"<{clause.id}>",
                            path,
                            Bilingual(f"条款中应有{kind}一项", f"the clause to hold a {kind} item"),
                            None,
                        )
                    ]
                )
            changes[name] = items
        return changes

    @staticmethod
    def _read(clause: Clause, path: str) -> Any:
        name, _, rest = path.partition("[")
        value = getattr(clause, name)
        if not rest:
            return value
        kind, _, attribute = rest.partition("].")
        for item in value:
            if getattr(item, "kind", None) is not None and item.kind.value == kind:
                return getattr(item, attribute)
        return None

    def _current(self) -> Outcome | None:
        indices = []
        for issue, parsed in zip(self.issues, self._parsed, strict=True):
            value = self._read(self._clauses[issue.clause], issue.field)
            if value not in parsed:
                return None
            indices.append(parsed.index(value))
        return tuple(indices)

    def _utility(self, side: Side) -> Additive:
        brief = self.scenario.brief(side)
        total = sum(brief.weights.values(), Decimal(0))
        tables = []
        for issue in self.issues:
            weight = brief.weights[issue.id] / total
            scores = brief.preferences[issue.id].scores_for(len(issue.options))
            tables.append([float(weight * s) for s in scores])
        return Additive(tables)

    # --- outcomes, offers, texts -------------------------------------------------------------

    @property
    def size(self) -> int:
        """How many outcomes there are."""
        return self.scenario.size

    def utility(self, side: Side, outcome: Outcome) -> float:
        """What ``outcome`` is worth to ``side`` (0 to 1)."""
        return self.utilities[side](outcome)

    def offer(self, side: Side, outcome: Outcome) -> Offer:
        """The offer ``side`` makes for ``outcome``: one position per clause the issues touch."""
        by_clause: dict[str, dict[str, Value]] = {}
        for issue, index in zip(self.issues, outcome, strict=True):
            by_clause.setdefault(issue.clause, {})[issue.field] = issue.file_value(index)
        positions = [
            Position(clause_id=key, changes=self._changes(self._clauses[key], values))
            for key, values in by_clause.items()
        ]
        return Offer(side=side, positions=tuple(positions))

    def outcome_of(self, offer: Offer) -> Outcome:
        """The outcome an offer makes of the agreement's text.

        Raises:
            InvalidDocument: the offer does not apply, or sets an issue to a value the scenario
                does not list.
        """
        clauses = {c.id: c for c in apply_offer(self.agreement.clauses, offer)}
        indices = []
        for number, (issue, parsed) in enumerate(zip(self.issues, self._parsed, strict=True)):
            clause = clauses.get(issue.clause)
            value = None if clause is None else self._read(clause, issue.field)
            if value not in parsed:
                raise _problem(
                    "<offer>",
                    f"issues[{number}]",
                    Bilingual(
                        f"{issue.name}应为情景所列的取值之一",
                        f"{issue.name_en or issue.id}: one of the scenario's values",
                    ),
                    value,
                )
            indices.append(parsed.index(value))
        return tuple(indices)

    def parse(self, text: str) -> Outcome:
        """An outcome typed at a prompt: ``piece_rate=5.1 daily_floor=120``; an issue left out
        keeps the value of the current agreement (or its first value).

        Raises:
            InvalidDocument: an unknown issue, or a value the issue does not take.
        """
        base = list(self.current or (0,) * len(self.issues))
        keys = {issue.id: n for n, issue in enumerate(self.issues)}
        for part in text.replace(",", " ").replace("，", " ").split():
            key, equals, raw = part.partition("=")
            if not equals or key not in keys:
                raise _problem(
                    "<prompt>",
                    key or part,
                    Bilingual(
                        f"议题=取值，议题为：{', '.join(keys)}",
                        f"issue=value, the issues being: {', '.join(keys)}",
                    ),
                    part,
                )
            issue = self.issues[keys[key]]
            labels = [str(v).lower() for v in issue.options]
            wanted = raw.strip().lower()
            aliases = {"是": "true", "yes": "true", "否": "false", "no": "false"}
            wanted = aliases.get(wanted, wanted)
            matches = [i for i, label in enumerate(labels) if label == wanted]
            if not matches:
                try:
                    number = Decimal(wanted)
                    matches = [
                        i
                        for i, v in enumerate(issue.options)
                        if not isinstance(v, bool | str) and Decimal(v) == number
                    ]
                except ArithmeticError:
                    matches = []
            if not matches:
                raise _problem(
                    "<prompt>",
                    key,
                    Bilingual(
                        f"以下取值之一：{', '.join(map(str, issue.options))}",
                        f"one of: {', '.join(map(str, issue.options))}",
                    ),
                    raw,
                )
            base[keys[key]] = matches[0]
        return tuple(base)

    def describe(self, outcome: Outcome, lang: Lang = Lang.ZH) -> list[tuple[str, str]]:
        """Each issue's name and value, for people."""
        en = lang is Lang.EN
        return [
            ((issue.name_en or issue.name) if en else issue.name, issue.label(index, en))
            for issue, index in zip(self.issues, outcome, strict=True)
        ]

    def clauses(self, outcome: Outcome) -> tuple[Clause, ...]:
        """The agreement's clauses with ``outcome`` applied (cached)."""
        clauses = self._texts.get(outcome)
        if clauses is None:
            clauses = apply_offer(self.agreement.clauses, self.offer(Side.UNION, outcome))
            self._texts[outcome] = clauses
        return clauses

    def deal(self, outcome: Outcome, *, agreement_id: str | None = None) -> Agreement:
        """The agreement the deal makes: the current agreement with the agreed values, each
        changed clause's text ending with what the negotiation settled (本次协商确定)."""
        settled: dict[str, list[tuple[IssueSpec, int]]] = {}
        for issue, index in zip(self.issues, outcome, strict=True):
            if self.current is None or self.current[self.issues.index(issue)] != index:
                settled.setdefault(issue.clause, []).append((issue, index))
        clauses = []
        for clause in self.clauses(outcome):
            items = settled.get(clause.id)
            if items:
                zh = "；".join(f"{i.name}为{i.label(n)}" for i, n in items)
                en = "; ".join(f"{i.name_en or i.name}: {i.label(n, True)}" for i, n in items)
                updates: dict[str, Any] = {"text": f"{clause.text}\n本次协商确定：{zh}。"}
                if clause.text_en:
                    updates["text_en"] = f"{clause.text_en}\nSettled in this negotiation: {en}."
                clause = clause.changed(**updates)
            clauses.append(clause)
        return self.agreement.changed(
            id=agreement_id or f"{self.agreement.id}-{self.scenario.id}"[:64],
            clauses=tuple(clauses),
        )

    # --- costs and the law -------------------------------------------------------------------

    @property
    def costs(self) -> Additive:
        """The employer's extra cost per month of each issue's values against the current
        agreement (yuan): the scenario's ``cost`` where given, else costing over one month with
        the workforce profile (0 without one), each value priced alone (costs add up)."""
        if self._costs is None:
            month = costing_month(self.agreement)
            text = self.agreement.text
            tables: list[list[float]] = []
            for number, issue in enumerate(self.issues):
                if issue.cost:
                    tables.append([float(c) for c in issue.cost])
                    continue
                if self.profile is None:
                    tables.append([0.0] * len(issue.options))
                    continue
                row = []
                base = self.current[number] if self.current is not None else None
                for index in range(len(issue.options)):
                    if index == base:
                        row.append(0.0)
                        continue
                    changed = self._variants[number][index]
                    after = text.model_copy(
                        update={
                            "clauses": tuple(
                                changed if c.id == changed.id else c for c in text.clauses
                            )
                        }
                    )
                    priced = cost(text, after, self.profile, term=month)
                    row.append(float(priced.per_month.employer_cost.amount))
                tables.append(row)
            self._costs = Additive(tables)
        return self._costs

    @property
    def affordable(self) -> float:
        """The most extra cost per month the case's company can bear (yuan)."""
        return float(self.scenario.case.affordable_per_month)

    def judge(self, outcome: Outcome) -> Report:
        """The law's findings on the agreement with ``outcome`` applied (cached)."""
        report = self._reports.get(outcome)
        if report is None:
            agreement = self.agreement.model_copy(update={"clauses": self.clauses(outcome)})
            report = validate(agreement)
            self._reports[outcome] = report
        return report

    def legal(self, outcome: Outcome) -> bool:
        """Whether the law finds no error in the text ``outcome`` makes."""
        return not any(f.severity is Severity.ERROR for f in self.judge(outcome).findings)

    @property
    def frontier(self) -> Frontier:
        """The Pareto frontier of the two sides' utilities (computed once)."""
        if self._frontier is None:
            self._frontier = frontier(self.utilities[Side.UNION], self.utilities[Side.EMPLOYER])
        return self._frontier

    def deal_cost(self, outcome: Outcome) -> float:
        """The employer's extra cost per month of the whole text ``outcome`` makes, in yuan:
        costing of that text against the current one over one month (so that values that act on
        each other, a piece rate and an income floor, are priced together), plus the scenario's
        own ``cost`` figures (cached)."""
        found = self._deal_costs.get(outcome)
        if found is None:
            found = 0.0
            for issue, index in zip(self.issues, outcome, strict=True):
                if issue.cost:
                    found += float(issue.cost[index])
            if self.profile is not None:
                text = self.agreement.text
                after = text.model_copy(update={"clauses": self.clauses(outcome)})
                priced = cost(text, after, self.profile, term=costing_month(self.agreement))
                found += float(priced.per_month.employer_cost.amount)
            self._deal_costs[outcome] = found
        return found
