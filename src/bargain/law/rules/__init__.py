"""Rules as code: small functions that read an agreement and return findings.

A :class:`Rule` wraps a check function with a stable id, a title in both languages and the
citation of the law it applies; its docstring states the law. Rules come in :class:`RulePack`\\ s:
the national pack applies to every agreement, the platform-sector pack to agreements that cover
platform workers. More packs plug in through the ``bargain.rules`` entry-point group: an entry
point names a ``RulePack`` (or a function returning one).

>>> import datetime as dt
>>> from bargain.files import load_agreement
>>> report = validate(load_agreement("examples/bengbu-delivery-sector-agreement.yaml"))
>>> report.ok, len(report.errors)
(True, 0)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import cache
from importlib.metadata import entry_points
from typing import Any

from bargain.domain.agreement import Agreement
from bargain.domain.clauses import Clause, ClauseKind
from bargain.domain.language import Bilingual, Lang
from bargain.domain.parties import WorkerCategory
from bargain.errors import DuplicateRule, InvalidRulePlugin, NoDayToJudge
from bargain.law.findings import Basis, Finding, Report, Severity
from bargain.law.parameters import (
    Confidence,
    DatedValue,
    LegalReference,
    ParameterSet,
    default_parameters,
)

__all__ = [
    "ENTRY_POINT_GROUP",
    "Basis",
    "NotInForce",
    "Registry",
    "Rule",
    "RuleContext",
    "RulePack",
    "clause_path",
    "covers",
    "default_registry",
    "rule",
    "validate",
]

ENTRY_POINT_GROUP = "bargain.rules"
"""The entry-point group through which other packages add rule packs."""

Check = Callable[["RuleContext"], Iterable[Finding]]


class NotInForce(LookupError):
    """A rule needs a legal parameter that has no value on the day judged (the law came later)."""

    def __init__(self, name: str, day: dt.date) -> None:
        super().__init__(f"legal parameter {name} has no value in force on {day}")
        self.name = name
        self.day = day


@dataclass(frozen=True)
class Rule:
    """One rule: an id, what it checks, the law behind it, and the check itself.

    ``severity`` is the worst finding the check gives. ``basis`` says whether the rule rests on
    binding law or only on guidance (:class:`~bargain.law.findings.Basis`); the findings of a
    guidance rule are warnings unless the caller treats guidance as errors.
    """

    id: str
    title: Bilingual
    citation: LegalReference
    severity: Severity
    check: Check = field(repr=False)
    basis: Basis = Basis.LAW

    @property
    def law(self) -> str:
        """What the law requires, from the check's docstring."""
        return " ".join((self.check.__doc__ or "").split())


def rule(
    id: str,
    *,
    title: Bilingual,
    citation: LegalReference,
    severity: Severity = Severity.ERROR,
    basis: Basis = Basis.LAW,
) -> Callable[[Check], Rule]:
    """Make a check function into a :class:`Rule` (``severity`` is the worst it reports).

    Declare ``basis=Basis.GUIDANCE`` for a rule that rests only on guidance (指导性文件).
    """

    def make(check: Check) -> Rule:
        return Rule(
            id=id, title=title, citation=citation, severity=severity, check=check, basis=basis
        )

    return make


@dataclass(frozen=True)
class RulePack:
    """A named set of rules, and which agreements it applies to."""

    name: str
    title: Bilingual
    rules: tuple[Rule, ...]
    applies_to: Callable[[Agreement], bool] = field(default=lambda _: True, repr=False)


@dataclass(slots=True)
class RuleContext:
    """What a check reads: the agreement, the days to judge it on, the parameters, the parent.

    Read-only by contract for checks. One context serves every rule of a validation, told which
    rule it serves before each check runs: a check reads it while it runs and does not keep it.
    """

    agreement: Agreement
    days: tuple[dt.date, ...]
    parameters: ParameterSet
    parent: Agreement | None
    rule: Rule
    by_kind: dict[ClauseKind, list[tuple[int, Clause]]] = field(default_factory=dict, repr=False)

    @property
    def on(self) -> dt.date:
        """The first day judged (the term's start, or the day asked for)."""
        return self.days[0]

    def entry(self, name: str, day: dt.date | None = None) -> DatedValue:
        """The legal parameter in force on ``day`` (default: :attr:`on`).

        Raises:
            NotInForce: the parameter has no value in force then; ``validate`` turns this into
                an information finding saying the rule could not be applied on that day.
        """
        entry = self.parameters.entry(name, day or self.on)
        if entry is None:
            raise NotInForce(name, day or self.on)
        return entry

    def number(self, name: str, day: dt.date | None = None) -> Decimal:
        """A numeric legal parameter (a share such as ``"2/3"`` rounded: use :meth:`fraction`)."""
        on = day or self.on
        return self.parameters.memoised(
            ("number", name, on), lambda: _as_decimal(self.entry(name, on).value)
        )

    def fraction(self, name: str, day: dt.date | None = None) -> Fraction:
        """A legal share (``"1/3"``, ``"2/3"``) as an exact fraction.

        Compare shares with this, never with :meth:`number`: a third as a decimal is
        0.333…, and three times it falls short of 1 (one expert of three would be "too many").
        """
        on = day or self.on
        return self.parameters.memoised(
            ("fraction", name, on), lambda: Fraction(str(self.entry(name, on).value))
        )

    def finding(
        self,
        path: str,
        message: Bilingual,
        *,
        found: Any = None,
        required: Any = None,
        severity: Severity | None = None,
        citation: LegalReference | None = None,
        confidence: Confidence = Confidence.CONFIRMED,
    ) -> Finding:
        """A finding of this rule (its id, and by default its severity and citation)."""
        return Finding(
            rule=self.rule.id,
            severity=severity or self.rule.severity,
            path=path,
            message=message,
            citation=citation or self.rule.citation,
            found=None if found is None else str(found),
            required=None if required is None else str(required),
            confidence=confidence,
            basis=self.rule.basis,
        )

    def clauses(self, *kinds: ClauseKind) -> Sequence[tuple[int, Clause]]:
        """The clauses of these kinds with their index in the agreement, in order."""
        if len(kinds) == 1 and self.by_kind:
            return self.by_kind.get(kinds[0], ())
        return [
            (i, clause) for i, clause in enumerate(self.agreement.clauses) if clause.kind in kinds
        ]

    def days_for(self, clause: Clause) -> tuple[dt.date, ...]:
        """The days to judge a clause on: those within its period, or its period's start."""
        if clause.period is None:
            return self.days
        inside = tuple(d for d in self.days if d in clause.period)
        return inside or (clause.period.start,)


def _as_decimal(value: Any) -> Decimal:
    if isinstance(value, str) and "/" in value:
        fraction = Fraction(value)
        return Decimal(fraction.numerator) / Decimal(fraction.denominator)
    return Decimal(str(value))


def clause_path(index: int, field_name: str | None = None) -> str:
    """``clauses[3].monthly_floor``: the path of a clause or one of its fields."""
    return f"clauses[{index}]" + (f".{field_name}" if field_name else "")


def covers(clause: Clause, *categories: WorkerCategory) -> bool:
    """Whether a clause covers any of these worker categories (a clause naming none covers all)."""
    return not clause.applies_to or any(c in clause.applies_to for c in categories)


class Registry:
    """The rule packs in use, in order; rule ids are unique across them."""

    def __init__(self, packs: Iterable[RulePack]) -> None:
        """Put packs together in order.

        Raises:
            DuplicateRule: two packs have a rule with the same id (a ``ValueError``).
        """
        self.packs: tuple[RulePack, ...] = tuple(packs)
        seen: dict[str, str] = {}
        for pack in self.packs:
            for item in pack.rules:
                if item.id in seen:
                    raise DuplicateRule(item.id, seen[item.id], pack.name)
                seen[item.id] = pack.name

    @property
    def rules(self) -> tuple[Rule, ...]:
        """Every rule of every pack."""
        return tuple(r for pack in self.packs for r in pack.rules)

    def rule(self, rule_id: str) -> Rule:
        """The rule with this id.

        Raises:
            KeyError: no rule has that id.
        """
        for item in self.rules:
            if item.id == rule_id:
                return item
        raise KeyError(rule_id)

    @classmethod
    def builtin(cls) -> Registry:
        """The packs shipped with bargain: national, then platform sector."""
        from bargain.law.rules.national import NATIONAL
        from bargain.law.rules.platform import PLATFORM

        return cls([NATIONAL, PLATFORM])

    @classmethod
    def with_plugins(cls) -> Registry:
        """The built-in packs plus every pack registered under the ``bargain.rules`` group.

        Raises:
            InvalidRulePlugin: an entry point gave no ``RulePack`` (a ``TypeError``).
        """
        packs = list(cls.builtin().packs)
        for point in entry_points(group=ENTRY_POINT_GROUP):
            loaded = point.load()
            pack = loaded() if callable(loaded) and not isinstance(loaded, RulePack) else loaded
            if not isinstance(pack, RulePack):
                raise InvalidRulePlugin(point.name, ENTRY_POINT_GROUP, type(pack).__name__)
            packs.append(pack)
        return cls(packs)


@cache
def default_registry() -> Registry:
    """The built-in packs and the installed plugins (looked up once)."""
    return Registry.with_plugins()


def _days(
    agreement: Agreement, on: dt.date | None, parameters: ParameterSet
) -> tuple[dt.date, ...]:
    if on is not None:
        return (on,)
    term = agreement.term
    if term is None:
        raise NoDayToJudge(agreement.id)

    def days_within_term() -> tuple[dt.date, ...]:
        changes = {term.start}
        for name in parameters.names("minimum_wage."):
            changes.update(parameters.history(name).changes_between(term.start, term.end))
        return tuple(sorted(changes))

    return parameters.memoised(("days", term.start, term.end), days_within_term)


def _not_in_force(context: RuleContext, missing: NotInForce) -> Finding:
    citation = context.rule.citation.format()
    return context.finding(
        "",
        Bilingual(
            f"{missing.day}时{citation}所规定的标准尚未生效（或已废止），本规则未适用",
            f"the standard of {context.rule.citation.format(Lang.EN)} was not in force on "
            f"{missing.day}, so this rule was not applied",
        ),
        severity=Severity.INFO,
    )


def validate(
    agreement: Agreement,
    on: dt.date | None = None,
    *,
    parent: Agreement | None = None,
    parameters: ParameterSet | None = None,
    registry: Registry | None = None,
    guidance_as_errors: bool = False,
) -> Report:
    """Judge an agreement against the law; pure (reads no files but the shipped parameters).

    Args:
        agreement: the agreement to judge.
        on: the day to judge it on. Without it, the agreement is judged on the first day of its
            term and on every day within the term when a dated value (a minimum wage) changes.
        parent: for a supplementary agreement, the agreement it supplements (rule R22).
        parameters: legal parameters (default: those shipped with bargain).
        registry: the rule packs (default: built-in packs and installed plugins).
        guidance_as_errors: how to report rules that rest only on guidance (指导性文件, such as
            the platform pack): by default as warnings, since guidance binds no one; ``True``
            reports them as errors, for a union that makes the guidance its own policy. Binding
            law is judged the same either way; information stays information.

    Raises:
        NoDayToJudge: ``on`` is not given and the agreement has no term (a ``ValueError``).
    """
    parameters = parameters or default_parameters()
    registry = registry or default_registry()
    days = _days(agreement, on, parameters)
    by_kind: dict[ClauseKind, list[tuple[int, Clause]]] = {}
    for index, clause in enumerate(agreement.clauses):
        by_kind.setdefault(clause.kind, []).append((index, clause))
    findings: list[Finding] = []
    context: RuleContext | None = None
    for pack in registry.packs:
        if not pack.applies_to(agreement):
            continue
        for item in pack.rules:
            # One context for every rule of the run, told which rule it serves before each
            # check (checks read it while they run; none keeps it).
            if context is None:
                context = RuleContext(agreement, days, parameters, parent, item, by_kind)
            else:
                context.rule = item
            mark = len(findings)
            try:
                findings.extend(item.check(context))
            except NotInForce as missing:
                # What the check found before it missed a parameter is dropped with it.
                del findings[mark:]
                findings.append(_not_in_force(context, missing))
            if item.basis is Basis.GUIDANCE and len(findings) > mark:
                findings[mark:] = [_as_guidance(f, guidance_as_errors) for f in findings[mark:]]
    return Report(findings)


def _as_guidance(finding: Finding, as_errors: bool) -> Finding:
    """A guidance rule's finding at the severity the caller chose (information stays)."""
    if finding.severity is Severity.INFO:
        return finding
    severity = Severity.ERROR if as_errors else Severity.WARNING
    return (
        finding
        if finding.severity is severity
        else finding.model_copy(update={"severity": severity})
    )
