"""What the law rules say about an agreement: findings, with severity, path and citation."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict

from bargain.domain.language import Bilingual, Lang
from bargain.law.parameters import Confidence, LegalReference

__all__ = ["Basis", "Finding", "Report", "Severity"]


class Severity(StrEnum):
    """How serious a finding is: ``error`` (违法 / 不合规), ``warning`` (提示), ``info``."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> Bilingual:
        """The severity's name in both languages."""
        return {
            Severity.ERROR: Bilingual("不合规", "error"),
            Severity.WARNING: Bilingual("提示", "warning"),
            Severity.INFO: Bilingual("说明", "info"),
        }[self]

    @property
    def rank(self) -> int:
        """0 for errors, 1 for warnings, 2 for information: the order of a report."""
        return list(Severity).index(self)


class Basis(StrEnum):
    """What a rule rests on: binding law, or guidance that binds no one.

    ``law`` (法律规定): laws, administrative regulations and ministry rules (劳动法, 集体合同规定).
    ``guidance`` (指导性文件): opinions and guidelines (人社部发〔2021〕56号, the ACFTU and MOHRSS
    guidelines) that say what is expected but impose nothing. A finding of a guidance rule is a
    warning by default; ``validate(..., guidance_as_errors=True)`` makes it an error, for a union
    that holds itself to the guidance.
    """

    LAW = "law"
    GUIDANCE = "guidance"

    @property
    def label(self) -> Bilingual:
        """The basis's name in both languages."""
        if self is Basis.LAW:
            return Bilingual("法律规定", "binding law")
        return Bilingual("指导性文件", "guidance")


_GUIDANCE_NOTE = {
    (Severity.ERROR, Lang.ZH): "（依据指导性文件，按本方政策视为不合规）",
    (Severity.ERROR, Lang.EN): " (guidance, an error under the union's own policy)",
    (Severity.WARNING, Lang.ZH): "（依据指导性文件，不具强制力）",
    (Severity.WARNING, Lang.EN): " (guidance, not binding law)",
}


class Finding(BaseModel):
    """One thing a rule found, with everything a negotiator needs to act on it.

    Attributes:
        rule: stable rule id (``PAY-MIN-WAGE``).
        severity: error, warning or info.
        path: where in the agreement (``clauses[3].monthly_floor``; empty for the whole agreement).
        message: what is wrong, in Chinese and English.
        citation: the instrument and article behind the rule.
        found: the value in the agreement, as text (``None`` when it is missing).
        required: what the law requires, as text.
        confidence: how sure the legal value compared against is; ``unconfirmed`` findings say so.
        basis: whether the rule rests on binding law or on guidance; guidance findings say so.
    """

    model_config = ConfigDict(frozen=True)

    rule: str
    severity: Severity
    path: str
    message: Bilingual
    citation: LegalReference
    found: str | None = None
    required: str | None = None
    confidence: Confidence = Confidence.CONFIRMED
    basis: Basis = Basis.LAW

    def text(self, lang: Lang = Lang.ZH) -> str:
        """The message, with the caveats: an unconfirmed legal value, a rule resting on guidance."""
        message = self.message.get(lang)
        if self.confidence is Confidence.UNCONFIRMED:
            message += (
                "（所依据的标准未经确认）"
                if lang is Lang.ZH
                else " (the legal value compared against is unconfirmed)"
            )
        if self.basis is Basis.GUIDANCE:
            message += _GUIDANCE_NOTE.get((self.severity, lang), "")
        return message

    def as_json(self, lang: Lang = Lang.ZH) -> dict[str, Any]:
        """The finding as the ``bargain validate --format json`` object."""
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "path": self.path,
            "message": self.text(lang),
            "citation": {
                "instrument": self.citation.instrument,
                "number": self.citation.number,
                "article": self.citation.article,
                "text": self.citation.format(lang),
            },
            "found": self.found,
            "required": self.required,
            "confidence": self.confidence.value,
            "basis": self.basis.value,
        }


class Report:
    """All findings of one validation, errors first, then warnings, then information."""

    def __init__(self, findings: Iterable[Finding]) -> None:
        self.findings: tuple[Finding, ...] = tuple(
            sorted(findings, key=lambda f: (f.severity.rank, f.path, f.rule))
        )

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.findings)

    def __repr__(self) -> str:
        return f"Report({len(self.errors)} errors, {len(self.warnings)} warnings)"

    @property
    def errors(self) -> tuple[Finding, ...]:
        """The findings of severity ``error``."""
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """The findings of severity ``warning``."""
        return tuple(f for f in self.findings if f.severity is Severity.WARNING)

    @property
    def ok(self) -> bool:
        """True when there is no error (warnings allowed)."""
        return not self.errors

    def by_rule(self, rule: str) -> tuple[Finding, ...]:
        """The findings of one rule."""
        return tuple(f for f in self.findings if f.rule == rule)
