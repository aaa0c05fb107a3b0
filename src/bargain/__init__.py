"""bargain: collective-bargaining agreements (集体合同) as code.

The public API is what this module exports (``__all__``, documented name by name in docs/api.md);
everything else may change between releases and is imported from its own module. Names are loaded
on first use, so ``import bargain`` costs almost nothing and the command line starts fast.

>>> import bargain
>>> agreement = bargain.load_agreement("examples/bengbu-delivery-sector-agreement.yaml")
>>> agreement.kind.label.zh
'行业性集体合同'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from bargain.__about__ import __version__

if TYPE_CHECKING:
    from bargain.bootstrap import open_workflow
    from bargain.domain.agreement import Agreement
    from bargain.domain.calendar import FixedClock, SystemClock
    from bargain.domain.events import Event, EventType
    from bargain.domain.fingerprint import text_fingerprint
    from bargain.domain.language import Bilingual, Lang
    from bargain.domain.procedure import Actor, Role, Status, Trigger
    from bargain.errors import (
        BargainError,
        ConcurrencyError,
        DuplicateAgreement,
        DuplicateRule,
        GuardFailed,
        HistoryMismatch,
        InvalidDocument,
        InvalidRulePlugin,
        MissingVariable,
        NoDatabase,
        NoDayToJudge,
        NoLibreOffice,
        NotAuthorised,
        NotOpenable,
        PaperNotReady,
        PdfConversionFailed,
        Problem,
        ProcedureError,
        StorageError,
        TemplateError,
        TemplateNotFound,
        TemplateSyntaxProblem,
        TransitionNotAllowed,
        UnitMismatch,
        UnknownAgreement,
        UnknownModel,
        UnknownPaper,
        UnsafeTemplate,
        UnsupportedTemplateFeature,
    )
    from bargain.exchange import Export, dump_export, load_export, parse_export
    from bargain.files import dump_agreement, load_agreement, parse_agreement
    from bargain.law.findings import Finding, Report, Severity
    from bargain.law.rules import validate
    from bargain.render.context import context_for, papers
    from bargain.render.docx import render_docx, render_many
    from bargain.render.pdf import to_pdf
    from bargain.render.templates import TemplateSet
    from bargain.schema import json_schema, public_model_names
    from bargain.services import Workflow
    from bargain.store.memory import MemoryStore
    from bargain.store.sqlalchemy import SqlStore

# Where each public name lives. A name is imported from its module on first use.
_EXPORTS = {
    # the agreement, its files and its exchange with its history
    "Agreement": "bargain.domain.agreement",
    "load_agreement": "bargain.files",
    "parse_agreement": "bargain.files",
    "dump_agreement": "bargain.files",
    "Export": "bargain.exchange",
    "load_export": "bargain.exchange",
    "parse_export": "bargain.exchange",
    "dump_export": "bargain.exchange",
    "json_schema": "bargain.schema",
    "public_model_names": "bargain.schema",
    # the documents of the procedure
    "papers": "bargain.render.context",
    "context_for": "bargain.render.context",
    "render_docx": "bargain.render.docx",
    "render_many": "bargain.render.docx",
    "TemplateSet": "bargain.render.templates",
    "to_pdf": "bargain.render.pdf",
    "text_fingerprint": "bargain.domain.fingerprint",
    # checking it against the law
    "validate": "bargain.law.rules",
    "Report": "bargain.law.findings",
    "Finding": "bargain.law.findings",
    "Severity": "bargain.law.findings",
    # the procedure
    "Workflow": "bargain.services",
    "Actor": "bargain.domain.procedure",
    "Role": "bargain.domain.procedure",
    "Status": "bargain.domain.procedure",
    "Trigger": "bargain.domain.procedure",
    "Event": "bargain.domain.events",
    "EventType": "bargain.domain.events",
    "FixedClock": "bargain.domain.calendar",
    "SystemClock": "bargain.domain.calendar",
    "open_workflow": "bargain.bootstrap",
    # the stores
    "MemoryStore": "bargain.store.memory",
    "SqlStore": "bargain.store.sqlalchemy",
    # languages
    "Bilingual": "bargain.domain.language",
    "Lang": "bargain.domain.language",
    # the errors
    "BargainError": "bargain.errors",
    "ConcurrencyError": "bargain.errors",
    "DuplicateAgreement": "bargain.errors",
    "DuplicateRule": "bargain.errors",
    "GuardFailed": "bargain.errors",
    "HistoryMismatch": "bargain.errors",
    "InvalidDocument": "bargain.errors",
    "InvalidRulePlugin": "bargain.errors",
    "NoDatabase": "bargain.errors",
    "NoDayToJudge": "bargain.errors",
    "NotAuthorised": "bargain.errors",
    "NotOpenable": "bargain.errors",
    "Problem": "bargain.errors",
    "ProcedureError": "bargain.errors",
    "StorageError": "bargain.errors",
    "TransitionNotAllowed": "bargain.errors",
    "UnitMismatch": "bargain.errors",
    "UnknownAgreement": "bargain.errors",
    "UnknownModel": "bargain.errors",
    "TemplateError": "bargain.errors",
    "TemplateNotFound": "bargain.errors",
    "TemplateSyntaxProblem": "bargain.errors",
    "MissingVariable": "bargain.errors",
    "UnsafeTemplate": "bargain.errors",
    "UnsupportedTemplateFeature": "bargain.errors",
    "UnknownPaper": "bargain.errors",
    "PaperNotReady": "bargain.errors",
    "NoLibreOffice": "bargain.errors",
    "PdfConversionFailed": "bargain.errors",
}

__all__ = [
    "Actor",
    "Agreement",
    "BargainError",
    "Bilingual",
    "ConcurrencyError",
    "DuplicateAgreement",
    "DuplicateRule",
    "Event",
    "EventType",
    "Export",
    "Finding",
    "FixedClock",
    "GuardFailed",
    "HistoryMismatch",
    "InvalidDocument",
    "InvalidRulePlugin",
    "Lang",
    "MemoryStore",
    "MissingVariable",
    "NoDatabase",
    "NoDayToJudge",
    "NoLibreOffice",
    "NotAuthorised",
    "NotOpenable",
    "PaperNotReady",
    "PdfConversionFailed",
    "Problem",
    "ProcedureError",
    "Report",
    "Role",
    "Severity",
    "SqlStore",
    "Status",
    "StorageError",
    "SystemClock",
    "TemplateError",
    "TemplateNotFound",
    "TemplateSet",
    "TemplateSyntaxProblem",
    "TransitionNotAllowed",
    "Trigger",
    "UnitMismatch",
    "UnknownAgreement",
    "UnknownModel",
    "UnknownPaper",
    "UnsafeTemplate",
    "UnsupportedTemplateFeature",
    "Workflow",
    "__version__",
    "context_for",
    "dump_agreement",
    "dump_export",
    "json_schema",
    "load_agreement",
    "load_export",
    "open_workflow",
    "papers",
    "parse_agreement",
    "parse_export",
    "public_model_names",
    "render_docx",
    "render_many",
    "text_fingerprint",
    "to_pdf",
    "validate",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'bargain' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
