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
from bargain.domain.calendar import (
    CalendarDays,
    CivilCode,
    Clock,
    DateRange,
    DayCount,
    Deadline,
    FixedClock,
    SystemClock,
    WorkingDays,
)
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
from bargain.domain.events import Event, EventType, Note
from bargain.domain.language import Bilingual, LabelledEnum, Lang
from bargain.domain.lifecycle import (
    DeadlineKind,
    Due,
    FindingLike,
    Lifecycle,
    ProcedurePolicy,
    Step,
    Transition,
    Validator,
    Who,
)
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
from bargain.domain.procedure import (
    Actor,
    Amendment,
    AmendmentGround,
    ApprovalRule,
    CongressKind,
    CongressVote,
    Coordination,
    Filing,
    Meeting,
    Objection,
    Offer,
    Procedure,
    Reply,
    Role,
    Status,
    Suspension,
    Trigger,
)
from bargain.domain.references import LegalReference
from bargain.errors import (
    BargainError,
    ConcurrencyError,
    DuplicateAgreement,
    DuplicateRule,
    GuardFailed,
    HistoryMismatch,
    InvalidDocument,
    InvalidRulePlugin,
    NoDayToJudge,
    NotAuthorised,
    NotOpenable,
    Problem,
    ProcedureError,
    StorageError,
    TransitionNotAllowed,
    UnitMismatch,
    UnknownAgreement,
    UnknownModel,
)
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
    from bargain.services import Renewal, SweepReport, Workflow
    from bargain.store.chain import Positioned, Verification
    from bargain.store.memory import MemoryStore, MemoryUnitOfWork
    from bargain.store.sqlalchemy import SqlStore, SqlUnitOfWork

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
    "Renewal": "bargain.services",
    "SweepReport": "bargain.services",
    "Workflow": "bargain.services",
    "MemoryStore": "bargain.store.memory",
    "MemoryUnitOfWork": "bargain.store.memory",
    "Positioned": "bargain.store.chain",
    "SqlStore": "bargain.store.sqlalchemy",
    "SqlUnitOfWork": "bargain.store.sqlalchemy",
    "Verification": "bargain.store.chain",
}

__all__ = [
    "Actor",
    "Agreement",
    "AgreementKind",
    "AgreementRef",
    "AlgoClause",
    "Allowance",
    "AllowanceKind",
    "Amendment",
    "AmendmentGround",
    "ApprovalRule",
    "AveragingPeriod",
    "BargainError",
    "Benefit",
    "Bilingual",
    "CalendarDays",
    "CivilCode",
    "Clause",
    "ClauseKind",
    "Clock",
    "ConcurrencyError",
    "Confidence",
    "CongressKind",
    "CongressVote",
    "ContractForm",
    "ContractType",
    "Coordination",
    "DateRange",
    "DayCount",
    "Deadline",
    "DeadlineKind",
    "Delegation",
    "DisciplineClause",
    "DisputeClause",
    "DisputeStep",
    "Due",
    "DuplicateAgreement",
    "DuplicateRule",
    "Event",
    "EventType",
    "Filing",
    "Finding",
    "FindingLike",
    "FixedClock",
    "FloorComponent",
    "Gender",
    "GuardFailed",
    "HistoryMismatch",
    "HoursClause",
    "InsuranceClause",
    "InvalidDocument",
    "InvalidRulePlugin",
    "LabelledEnum",
    "LabourContractClause",
    "Lang",
    "Leave",
    "LegalReference",
    "LiabilityClause",
    "Lifecycle",
    "Meeting",
    "MemoryStore",
    "MemoryUnitOfWork",
    "Money",
    "NoDayToJudge",
    "NotAuthorised",
    "NotOpenable",
    "Note",
    "Objection",
    "Offer",
    "Organisation",
    "OrganisationKind",
    "OtherClause",
    "ParameterSet",
    "Party",
    "PayClause",
    "Per",
    "Positioned",
    "PremiumPayer",
    "Problem",
    "Procedure",
    "ProcedureError",
    "ProcedurePolicy",
    "Rate",
    "Recorder",
    "RedundancyClause",
    "Registry",
    "Renewal",
    "Reply",
    "Report",
    "Representative",
    "RestClause",
    "Role",
    "Rule",
    "RuleContext",
    "RulePack",
    "SafetyClause",
    "Scope",
    "Severity",
    "Side",
    "SpecialProtectionClause",
    "SpecialTopic",
    "SqlStore",
    "SqlUnitOfWork",
    "Status",
    "Step",
    "StorageError",
    "Suspension",
    "SweepReport",
    "SystemClock",
    "TermClause",
    "TimeEstimation",
    "TrainingClause",
    "Transition",
    "TransitionNotAllowed",
    "Trigger",
    "UnitMismatch",
    "UnknownAgreement",
    "UnknownModel",
    "Validator",
    "VariationClause",
    "VariationGround",
    "Verification",
    "WeatherCondition",
    "WeatherMeasure",
    "Who",
    "WorkerCategory",
    "Workflow",
    "WorkingDays",
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
