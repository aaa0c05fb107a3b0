"""bargain: collective-bargaining agreements (集体合同) as code.

The public API is what this module exports; everything else may change between releases.

>>> import bargain
>>> agreement = bargain.load_agreement("examples/bengbu-delivery-sector-agreement.yaml")
>>> agreement.kind.label.zh
'行业性集体合同'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from bargain.__about__ import __version__
from bargain.domain.agreement import Agreement, AgreementKind, AgreementRef, Scope, SpecialTopic
from bargain.domain.calendar import DateRange
from bargain.domain.clauses import (
    AlgoClause,
    Allowance,
    AllowanceKind,
    AveragingPeriod,
    Benefit,
    Clause,
    ClauseKind,
    ContractForm,
    ContractType,
    DisciplineClause,
    DisputeClause,
    DisputeStep,
    FloorComponent,
    HoursClause,
    InsuranceClause,
    LabourContractClause,
    Leave,
    LiabilityClause,
    OtherClause,
    PayClause,
    PremiumPayer,
    RedundancyClause,
    RestClause,
    SafetyClause,
    SpecialProtectionClause,
    TermClause,
    TimeEstimation,
    TrainingClause,
    VariationClause,
    VariationGround,
    WeatherCondition,
    WeatherMeasure,
    WorkingTimeSystem,
    parse_clause,
)
from bargain.domain.language import Bilingual, LabelledEnum, Lang
from bargain.domain.lifecycle import Status
from bargain.domain.money import Money, Per, Rate
from bargain.domain.parties import (
    Delegation,
    Gender,
    Organisation,
    OrganisationKind,
    Party,
    Recorder,
    Representative,
    Side,
    WorkerCategory,
    WrittenDelegation,
)
from bargain.domain.references import LegalReference
from bargain.errors import BargainError, InvalidDocument, Problem, UnitMismatch, UnknownModel
from bargain.schema import json_schema, public_model_names

if TYPE_CHECKING:
    from bargain.files import dump_agreement, load_agreement, parse_agreement
    from bargain.law.findings import Finding, Report, Severity
    from bargain.law.parameters import (
        Confidence,
        ParameterSet,
        default_parameters,
        load_parameters,
    )
    from bargain.law.rules import Registry, Rule, RuleContext, RulePack, validate

# Names whose modules need a file-format library (PyYAML: the file functions, and the law, which
# reads its parameter files) are imported on first use, so that importing the pure domain
# (``bargain.domain.*``, which runs this module first) stays free of them.
_LAZY = {
    "Confidence": "bargain.law.parameters",
    "Finding": "bargain.law.findings",
    "ParameterSet": "bargain.law.parameters",
    "Registry": "bargain.law.rules",
    "Report": "bargain.law.findings",
    "Rule": "bargain.law.rules",
    "RuleContext": "bargain.law.rules",
    "RulePack": "bargain.law.rules",
    "Severity": "bargain.law.findings",
    "default_parameters": "bargain.law.parameters",
    "dump_agreement": "bargain.files",
    "load_agreement": "bargain.files",
    "load_parameters": "bargain.law.parameters",
    "parse_agreement": "bargain.files",
    "validate": "bargain.law.rules",
}

__all__ = [
    "Agreement",
    "AgreementKind",
    "AgreementRef",
    "AlgoClause",
    "Allowance",
    "AllowanceKind",
    "AveragingPeriod",
    "BargainError",
    "Benefit",
    "Bilingual",
    "Clause",
    "ClauseKind",
    "Confidence",
    "ContractForm",
    "ContractType",
    "DateRange",
    "Delegation",
    "DisciplineClause",
    "DisputeClause",
    "DisputeStep",
    "Finding",
    "FloorComponent",
    "Gender",
    "HoursClause",
    "InsuranceClause",
    "InvalidDocument",
    "LabelledEnum",
    "LabourContractClause",
    "Lang",
    "Leave",
    "LegalReference",
    "LiabilityClause",
    "Money",
    "Organisation",
    "OrganisationKind",
    "OtherClause",
    "ParameterSet",
    "Party",
    "PayClause",
    "Per",
    "PremiumPayer",
    "Problem",
    "Rate",
    "Recorder",
    "RedundancyClause",
    "Registry",
    "Report",
    "Representative",
    "RestClause",
    "Rule",
    "RuleContext",
    "RulePack",
    "SafetyClause",
    "Scope",
    "Severity",
    "Side",
    "SpecialProtectionClause",
    "SpecialTopic",
    "Status",
    "TermClause",
    "TimeEstimation",
    "TrainingClause",
    "UnitMismatch",
    "UnknownModel",
    "VariationClause",
    "VariationGround",
    "WeatherCondition",
    "WeatherMeasure",
    "WorkerCategory",
    "WorkingTimeSystem",
    "WrittenDelegation",
    "__version__",
    "default_parameters",
    "dump_agreement",
    "json_schema",
    "load_agreement",
    "load_parameters",
    "parse_agreement",
    "parse_clause",
    "public_model_names",
    "validate",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'bargain' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
