"""The agreement (集体合同): kind, scope, parties, term, clauses and where it stands.

An :class:`Agreement` is immutable. A change makes a new, checked value, through the methods here
(:meth:`Agreement.with_clause`, :meth:`Agreement.without_clause`) or
:meth:`~bargain.domain.base.DomainModel.changed`; the history of changes is kept by the lifecycle as
events, not by mutating the value. (``model_copy(update=...)`` checks nothing: not for input.)

>>> from bargain.domain.parties import Organisation, Party
>>> agreement = Agreement(
...     id="demo", title="示例集体合同", kind=AgreementKind.SECTOR,
...     union=Party(organisations=[Organisation(id="u", name="某行业工会联合会",
...                                             kind="sector_union_federation")]),
...     employer=Party(organisations=[Organisation(id="e", name="某配送公司", kind="enterprise")]),
...     scope=Scope(region="340300"),
... )
>>> agreement.status.label.zh
'拟定要约'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Self

from pydantic import (
    Field,
    GetJsonSchemaHandler,
    PrivateAttr,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

from bargain.domain.base import DomainModel, invalid
from bargain.domain.calendar import DateRange
from bargain.domain.clauses import Clause, ClauseKind
from bargain.domain.fingerprint import TEXT_FIELDS
from bargain.domain.language import LabelledEnum
from bargain.domain.parties import (
    Identifier,
    Name,
    Organisation,
    OrganisationKind,
    Party,
    Recorder,
    RegionCode,
    WorkerCategory,
)
from bargain.domain.procedure import Procedure, Status

__all__ = ["Agreement", "AgreementKind", "AgreementRef", "Scope", "SpecialTopic", "Text"]

_TEXT = frozenset(TEXT_FIELDS)

_UNION_KINDS = frozenset(
    {
        OrganisationKind.UNION,
        OrganisationKind.SECTOR_UNION_FEDERATION,
        OrganisationKind.HIGHER_UNION,
    }
)
_EMPLOYER_KINDS = frozenset({OrganisationKind.ENTERPRISE, OrganisationKind.INDUSTRY_ASSOCIATION})


def _unique(what_zh: str, what_en: str, values: list[str]) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise invalid(f"{what_zh}“{value}”重复出现", f"{what_en} {value!r} appears twice")
        seen.add(value)


class AgreementKind(LabelledEnum):
    """What kind of collective agreement this is."""

    COMPREHENSIVE = "comprehensive", "综合性集体合同", "comprehensive agreement"
    SPECIAL = "special", "专项集体合同", "special agreement"
    SECTOR = "sector", "行业性集体合同", "sector agreement"
    REGIONAL = "regional", "区域性集体合同", "regional agreement"
    SUPPLEMENTARY = "supplementary", "集体合同补充协议", "supplementary agreement"


class SpecialTopic(LabelledEnum):
    """The one topic of a special agreement (集体合同规定 Art 3; 劳动合同法 Art 52)."""

    WAGES = "wages", "工资专项", "wages"
    SAFETY_HEALTH = "safety_health", "劳动安全卫生专项", "safety and health"
    WOMEN_WORKERS = "women_workers", "女职工权益保护专项", "women workers' rights"
    OTHER = "other", "其他专项", "other"


class AgreementRef(DomainModel):
    """A reference to another agreement, which may or may not be held by this system."""

    id: Identifier | None = None
    """Its identifier, when this system holds it."""
    title: Name
    """Its title, as signed."""


class Scope(DomainModel):
    """Who and where an agreement covers (劳动合同法 Arts 53, 54)."""

    region: RegionCode
    """GB/T 2260 code of the area covered (340300 is 蚌埠市)."""
    region_name: Name | None = None
    """Name of the area (蚌埠市)."""
    sector: Identifier | None = None
    """Sector identifier for sector agreements (``food-delivery``, ``ride-hailing``…)."""
    sector_name: Name | None = None
    """Sector name in Chinese (网约送餐)."""
    enterprises: tuple[Name, ...] = ()
    """Enterprises covered, beyond those that sign."""
    headcount: dict[WorkerCategory, Annotated[int, Field(ge=0, le=100_000_000)]] = Field(
        default_factory=dict
    )
    """Workers covered, by category."""

    @property
    def total_headcount(self) -> int:
        """All workers covered."""
        return sum(self.headcount.values())


_CROSS_FIELD_CHECKS = (
    "kind special (专项) needs a topic, and no other kind has one",
    "kind supplementary (补充协议) names the agreement it supplements, and no other kind does",
    "union-side organisations are unions, sector union federations or higher unions; "
    "employer-side ones are enterprises or industry associations",
    "the labour bureau (劳动行政部门) is an organisation of kind labour_bureau",
    "clause ids are unique; organisation ids are unique across both sides and the labour bureau",
    "each clause's rate fields are per the unit the field names (x-per)",
)


def _side_kinds(kinds: frozenset[OrganisationKind]) -> dict[str, Any]:
    kind = {"enum": sorted(k.value for k in kinds)}
    organisation = {"properties": {"kind": kind}}
    return {"properties": {"organisations": {"items": organisation}}}


def _only_for(kind: AgreementKind, field: str) -> dict[str, Any]:
    return {
        "if": {"properties": {"kind": {"const": kind.value}}, "required": ["kind"]},
        "then": {"required": [field], "properties": {field: {"not": {"type": "null"}}}},
        "else": {"properties": {field: {"type": "null"}}},
    }


class _KnowsItsText(DomainModel):
    """A model holding a text, that keeps the text's fingerprint once known.

    The fingerprint (see :mod:`bargain.domain.fingerprint`) is computed on first use, kept by
    copies that leave the text alone, and given by a store that keeps each text version under it.
    It is not a field: it is derived from the text, and equality ignores whether it is known yet
    (Pydantic would compare the private attribute too).
    """

    _text_fingerprint: str | None = PrivateAttr(default=None)

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy, unchecked, as Pydantic makes it (see :meth:`changed` for a checked one).

        A copy whose ``update`` changes the text forgets the text's fingerprint.
        """
        copied = super().model_copy(update=update, deep=deep)
        if update and not _TEXT.isdisjoint(update):
            copied._text_fingerprint = None
        return copied

    def __eq__(self, other: object) -> bool:
        if isinstance(other, _KnowsItsText):
            return type(self) is type(other) and self.__dict__ == other.__dict__
        return NotImplemented


class Text(_KnowsItsText):
    """The text of an agreement: what the parties agree to (decision 9).

    Its parties with their delegations, its scope, its term and its clauses; not the title, the
    status nor the procedure record. A store keeps each distinct text once, addressed by its
    fingerprint (:func:`bargain.domain.fingerprint.text_fingerprint`), and an agreement's text
    versions are the texts its history went through (``Workflow.text_versions``).
    """

    union: Party
    """The union side: its organisations and delegation."""
    employer: Party
    """The employer side: its organisations and delegation."""
    scope: Scope
    """Who and where the agreement covers."""
    term: DateRange | None = None
    """Start and end of the agreement's term (Art 38)."""
    clauses: tuple[Clause, ...] = ()
    """The articles of the agreement, in order."""


class Agreement(_KnowsItsText):
    """A collective agreement (集体合同): the aggregate every layer of bargain works on."""

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        # The checks across fields, stated for host systems: those JSON Schema can express are
        # added as rules, and every one is listed in x-checks and the description.
        json_schema = handler.resolve_ref_schema(handler(schema))
        json_schema["description"] += (
            " Checks across fields: " + "; ".join(_CROSS_FIELD_CHECKS) + "."
        )
        json_schema["x-checks"] = list(_CROSS_FIELD_CHECKS)
        json_schema["allOf"] = [
            _only_for(AgreementKind.SPECIAL, "topic"),
            _only_for(AgreementKind.SUPPLEMENTARY, "supplements"),
            {
                "properties": {
                    "union": _side_kinds(_UNION_KINDS),
                    "employer": _side_kinds(_EMPLOYER_KINDS),
                    "labour_bureau": {
                        "anyOf": [
                            {"type": "null"},
                            {
                                "properties": {
                                    "kind": {"const": OrganisationKind.LABOUR_BUREAU.value}
                                }
                            },
                        ]
                    },
                }
            },
        ]
        return json_schema

    id: Identifier
    """Stable identifier (``bengbu-delivery-2020``)."""
    title: Name
    """Title in Chinese, as it will be signed."""
    title_en: Name | None = None
    """Title in English."""
    kind: AgreementKind
    """Comprehensive, special, sector, regional or supplementary."""
    topic: SpecialTopic | None = None
    """The topic of a special agreement (required for ``special``, not allowed otherwise)."""
    supplements: AgreementRef | None = None
    """The agreement a supplementary agreement supplements (required for ``supplementary``)."""
    renews: AgreementRef | None = None
    """The agreement this one renews (续订, Art 38), when it was opened by a renewal request."""
    union: Party
    """The union side: its organisations and delegation."""
    employer: Party
    """The employer side: its organisations and delegation."""
    recorder: Recorder | None = None
    """记录员, appointed jointly during preparation (Art 33)."""
    labour_bureau: Organisation | None = None
    """The labour bureau the agreement is filed with (Art 42)."""
    scope: Scope
    """Who and where the agreement covers."""
    term: DateRange | None = None
    """Start and end of the agreement's term (Art 38)."""
    clauses: tuple[Clause, ...] = ()
    """The articles of the agreement, in order."""
    status: Status = Status.DRAFTING
    """Where the agreement stands in the procedure."""
    procedure: Procedure = Procedure()
    """What has happened in the procedure so far (kept by the lifecycle from its events)."""

    @property
    def text(self) -> Text:
        """The agreement's text (parties, scope, term, clauses), sharing its values."""
        text = Text.model_construct(**{name: getattr(self, name) for name in TEXT_FIELDS})
        text._text_fingerprint = self._text_fingerprint
        return text

    def with_text(self, text: Text) -> Agreement:
        """A new agreement with another text, checked as :meth:`changed` checks.

        Raises:
            InvalidDocument: the agreement with that text is not valid.
        """
        changed = self.changed(**{name: getattr(text, name) for name in TEXT_FIELDS})
        changed._text_fingerprint = text._text_fingerprint
        return changed

    @field_validator("topic")
    @classmethod
    def _topic_for_special_only(cls, topic: SpecialTopic | None, info: ValidationInfo) -> Any:
        kind = info.data.get("kind")
        if kind is AgreementKind.SPECIAL and topic is None:
            raise invalid(
                "专项集体合同须写明专项内容（topic）", "a special agreement needs a topic"
            )
        if kind is not None and kind is not AgreementKind.SPECIAL and topic is not None:
            raise invalid(
                f"只有专项集体合同才有专项内容，本合同为{kind.label.zh}",
                f"only a special agreement has a topic, not a {kind.value} one",
            )
        return topic

    @field_validator("supplements")
    @classmethod
    def _parent_for_supplementary_only(
        cls, supplements: AgreementRef | None, info: ValidationInfo
    ) -> Any:
        kind = info.data.get("kind")
        if kind is AgreementKind.SUPPLEMENTARY and supplements is None:
            raise invalid(
                "补充协议须写明所补充的集体合同（supplements）",
                "a supplementary agreement must name the agreement it supplements",
            )
        if kind is not None and kind is not AgreementKind.SUPPLEMENTARY and supplements:
            raise invalid(
                f"只有补充协议才补充其他集体合同，本合同为{kind.label.zh}",
                f"only a supplementary agreement supplements another, not a {kind.value} one",
            )
        return supplements

    @field_validator("union", "employer")
    @classmethod
    def _organisations_fit_the_side(cls, party: Party, info: ValidationInfo) -> Party:
        allowed = _UNION_KINDS if info.field_name == "union" else _EMPLOYER_KINDS
        for organisation in party.organisations:
            if organisation.kind not in allowed:
                raise invalid(
                    f"{organisation.id} 是{organisation.kind.label.zh}，不能列在这一方；"
                    f"应为{'、'.join(k.label.zh for k in allowed)}",
                    f"organisation {organisation.id!r} is a {organisation.kind.value}, which "
                    f"cannot sit on this side; expected {', '.join(k.value for k in allowed)}",
                )
        return party

    @field_validator("labour_bureau")
    @classmethod
    def _bureau_is_a_bureau(cls, bureau: Organisation | None) -> Organisation | None:
        if bureau is not None and bureau.kind is not OrganisationKind.LABOUR_BUREAU:
            raise invalid(
                f"{bureau.id} 是{bureau.kind.label.zh}，不是劳动行政部门",
                f"organisation {bureau.id!r} is a {bureau.kind.value}, not a labour_bureau",
            )
        return bureau

    @field_validator("clauses")
    @classmethod
    def _clause_ids_unique(cls, clauses: tuple[Clause, ...]) -> tuple[Clause, ...]:
        _unique("条款标识", "clause id", [c.id for c in clauses])
        return clauses

    @model_validator(mode="after")
    def _organisation_ids_unique(self) -> Agreement:
        organisations = [*self.union.organisations, *self.employer.organisations]
        if self.labour_bureau is not None:
            organisations.append(self.labour_bureau)
        _unique("单位标识", "organisation id", [o.id for o in organisations])
        return self

    def clause(self, clause_id: str) -> Clause:
        """The clause with this id.

        Raises:
            KeyError: no clause has that id.
        """
        for clause in self.clauses:
            if clause.id == clause_id:
                return clause
        raise KeyError(clause_id)

    def clauses_of(self, kind: ClauseKind) -> tuple[Clause, ...]:
        """The clauses of one kind, in order."""
        return tuple(c for c in self.clauses if c.kind is kind)

    def with_clause(self, clause: Clause) -> Agreement:
        """A new agreement with ``clause`` replacing the one of the same id, or appended.

        The clause is checked again first (it may have been changed with ``model_copy``, which
        checks nothing), then the agreement.

        Raises:
            InvalidDocument: the clause, or the agreement with it, is not valid.
        """
        clause = clause.changed()
        clauses = list(self.clauses)
        for index, existing in enumerate(clauses):
            if existing.id == clause.id:
                clauses[index] = clause
                break
        else:
            clauses.append(clause)
        return self.changed(clauses=tuple(clauses))

    def without_clause(self, clause_id: str) -> Agreement:
        """A new agreement without the clause of this id.

        Raises:
            KeyError: no clause has that id.
        """
        self.clause(clause_id)
        return self.changed(clauses=tuple(c for c in self.clauses if c.id != clause_id))
