"""Costing (成本测算): what a text version costs against another, and what it means to members.

A :class:`WorkforceProfile` says who works and how much; :func:`cost` reads the pay clauses of
two texts (piece rates, income floors, allowances, late-delivery deductions) and reports the
employer's cost and the workers' gain per month, per year and over the term, in total, per worker
and per category, with a member impact statement per category (成员影响说明) for the workers'
congress. :func:`supplemented` lays a supplementary agreement's clauses over its parent's text.

The modules: ``profile`` (the profile), ``terms`` (which clause decides a worker's pay on a day),
``engine`` (the arithmetic, exact), ``result`` (the reported figures, rounded once) and
``calculation`` (:func:`cost`). docs/costing.md explains the rules with a worked example.
"""

from bargain.domain.costing.calculation import cost
from bargain.domain.costing.profile import CategoryProfile, Peak, PeakCategory, WorkforceProfile
from bargain.domain.costing.result import (
    Amounts,
    CategoryCosting,
    Costing,
    MemberImpact,
    Note,
    PeriodCost,
)
from bargain.domain.costing.terms import PayTerms, pay_terms, supplemented

__all__ = [
    "Amounts",
    "CategoryCosting",
    "CategoryProfile",
    "Costing",
    "MemberImpact",
    "Note",
    "PayTerms",
    "Peak",
    "PeakCategory",
    "PeriodCost",
    "WorkforceProfile",
    "cost",
    "pay_terms",
    "supplemented",
]
