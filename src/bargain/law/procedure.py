"""The law behind the procedure: its numbers from the legal parameters, and the law as a guard.

The lifecycle in :mod:`bargain.domain.lifecycle` knows no numbers and no rules of its own; this
module gives it both. :func:`policy_for` reads the ``procedure.*`` parameters in force on a day (20
days to reply, 2/3 quorum, 10 days to file…); :func:`law_validator` lets the lifecycle refuse a
first meeting with unlawful representatives, or a draft with errors before the congress;
:func:`lifecycle` puts the two together.

>>> import datetime as dt
>>> policy = policy_for()(dt.date(2025, 6, 1))
>>> policy.reply_days, policy.congress_quorum, policy.publication_days
(20, Fraction(2, 3), 10)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import replace
from fractions import Fraction
from typing import Any

from bargain.domain.agreement import Agreement
from bargain.domain.calendar import CivilCode, DayCount
from bargain.domain.lifecycle import FindingLike, Lifecycle, ProcedurePolicy, Validator
from bargain.domain.procedure import ApprovalRule
from bargain.law.parameters import ParameterSet, default_parameters
from bargain.law.rules import Registry, default_registry, validate

__all__ = ["law_validator", "lifecycle", "policy_for"]

_FROM_LAW: Any = object()


def _first_value(parameters: ParameterSet, name: str) -> Any:
    return parameters.history(name).values[0].value


def policy_for(
    parameters: ParameterSet | None = None,
    *,
    approval_rule: ApprovalRule = ApprovalRule.AT_LEAST_HALF,
    convention: DayCount | None = None,
    publication_days: int | None = _FROM_LAW,
) -> Callable[[dt.date], ProcedurePolicy]:
    """The procedure's numbers in force on a day, from the legal parameters.

    Args:
        parameters: the legal parameters (default: those shipped with bargain).
        approval_rule: whether exactly half of all members adopts the draft (default: yes, as
            民法典 Art 1259 reads 以上; a tie is always noted on the event).
        convention: how periods are counted (default: :class:`~bargain.domain.calendar.CivilCode`).
        publication_days: days to publish after effect, on every day. By default the
            ``procedure.publication_days`` parameter in force on the day asked: 10 days from the
            2024 ACFTU guideline (全总办公厅等四部门《新就业形态劳动者权益协商指引》, 2024-11-06)
            on, and ``None`` (no day limit) before it, when 集体合同规定 Art 48 asked only that
            an agreement be published promptly (及时). ``None`` sets no time limit on any day.
    """
    parameters = parameters or default_parameters()
    counting = convention or CivilCode()

    def number(name: str, day: dt.date) -> Any:
        entry = parameters.entry(name, day)
        return _first_value(parameters, name) if entry is None else entry.value

    def build(day: dt.date) -> ProcedurePolicy:
        publication = publication_days
        if publication is _FROM_LAW:
            # No borrowing here: before the guideline the law set no number of days (Art 48).
            entry = parameters.entry("procedure.publication_days", day)
            publication = None if entry is None else int(entry.value)
        return ProcedurePolicy(
            reply_days=int(number("procedure.reply_days", day)),
            filing_days=int(number("procedure.filing_days", day)),
            review_days=int(number("procedure.review_days", day)),
            coordination_days=int(number("procedure.coordination_days", day)),
            coordination_extension_days=int(number("procedure.coordination_extension_days", day)),
            renewal_window_months=int(number("procedure.renewal_window_months", day)),
            publication_days=publication,
            congress_quorum=Fraction(str(number("procedure.congress_quorum", day))),
            congress_approval=Fraction(str(number("procedure.congress_approval", day))),
            approval_rule=approval_rule,
            convention=counting,
        )

    built: dict[dt.date, ProcedurePolicy] = {}

    def policy(day: dt.date) -> ProcedurePolicy:
        try:
            return built[day]
        except KeyError:
            result = built[day] = build(day)
            return result

    return policy


def law_validator(
    parameters: ParameterSet | None = None,
    *,
    registry: Registry | None = None,
    guidance_as_errors: bool = False,
) -> Validator:
    """A validator for the lifecycle's guards, running :func:`bargain.law.rules.validate`.

    An agreement with a term is judged over its term; one without, on the day of the step. The
    parent of a supplementary agreement (rule R22) comes with each call, read by the workflow in
    the same unit of work as the step.

    Args:
        parameters: the legal parameters (default: those shipped with bargain).
        registry: the rule packs (default: built-in packs and installed plugins).
        guidance_as_errors: let findings of rules that rest on guidance (the platform pack)
            block the congress as errors do, for a union's own policy (default: they warn).
    """

    selections: dict[str, Registry] = {}

    def select(prefix: str) -> Registry:
        # The rules a guard asks for (``REP-`` before the first meeting), chosen once.
        if prefix not in selections:
            every = registry or default_registry()
            packs = (
                replace(pack, rules=tuple(r for r in pack.rules if r.id.startswith(prefix)))
                for pack in every.packs
            )
            selections[prefix] = Registry(pack for pack in packs if pack.rules)
        return selections[prefix]

    def check(
        agreement: Agreement,
        day: dt.date,
        *,
        rules: str = "",
        parent: Agreement | None = None,
    ) -> Iterable[FindingLike]:
        on = None if agreement.term is not None else day
        return validate(
            agreement,
            on,
            parent=parent,
            parameters=parameters,
            registry=select(rules),
            guidance_as_errors=guidance_as_errors,
        )

    return check


def lifecycle(
    parameters: ParameterSet | None = None,
    *,
    registry: Registry | None = None,
    approval_rule: ApprovalRule = ApprovalRule.AT_LEAST_HALF,
    convention: DayCount | None = None,
    publication_days: int | None = _FROM_LAW,
    guidance_as_errors: bool = False,
) -> Lifecycle:
    """A lifecycle running on the law: the parameters' numbers and the rules as guards.

    The keywords are those of :func:`policy_for` and :func:`law_validator`.
    """
    policy = policy_for(
        parameters,
        approval_rule=approval_rule,
        convention=convention,
        publication_days=publication_days,
    )
    validator = law_validator(parameters, registry=registry, guidance_as_errors=guidance_as_errors)
    return Lifecycle(policy, validator=validator)
