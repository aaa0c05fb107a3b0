"""Who bargains: organisations, representatives (协商代表), delegations and the recorder (记录员).

An agreement has two sides (集体合同规定 Art 19): the union side (职工一方, led by a union or a sector
union federation 行业工会联合会) and the employer side (用人单位一方; for a sector agreement the
enterprises or association that act as 企业方面代表, 劳动合同法 Art 53). Each side has one
:class:`Party`: its organisations and its :class:`Delegation` of representatives.

These models check shape only. Whether a delegation is lawful (at least three a side, equal
numbers, one chief, outside experts at most a third…) is for :mod:`bargain.law` to judge, so that
an unlawful delegation can still be loaded, shown and corrected.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BeforeValidator, Field, StringConstraints, model_validator

from bargain.domain.base import DomainModel, SafeText, invalid
from bargain.domain.language import Bilingual, LabelledEnum

__all__ = [
    "Delegation",
    "Gender",
    "Identifier",
    "Name",
    "Organisation",
    "OrganisationKind",
    "Party",
    "Recorder",
    "RegionCode",
    "Representative",
    "Side",
    "WorkerCategory",
    "WrittenDelegation",
    "pattern_description",
]

_IDENTIFIER = r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$"
_REGION_CODE = r"^[1-9]\d{5}$"
_CREDIT_CODE = r"^[0-9A-HJ-NPQRTUWXY]{18}$"

Identifier = Annotated[
    str,
    StringConstraints(pattern=_IDENTIFIER, min_length=1, max_length=64),
]
"""A stable identifier: lower-case letters, digits, ``-`` and ``_`` (``bengbu-delivery-2020``)."""

Name = Annotated[
    str, SafeText, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)
]
"""A name or short label: not empty, at most 200 characters, no control characters."""


def _code_as_text(value: object) -> object:
    # YAML reads an unquoted 340300 as a number; a code is text, so accept and convert it.
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


RegionCode = Annotated[str, BeforeValidator(_code_as_text), StringConstraints(pattern=_REGION_CODE)]
"""A six-digit administrative division code of GB/T 2260 (``340300`` is 蚌埠市)."""


_PATTERN_DESCRIPTIONS = {
    _IDENTIFIER: Bilingual(
        "应为标识：小写字母、数字，以 - 或 _ 连接（如 bengbu-delivery-2020）",
        "expected an identifier: lower-case letters and digits joined by - or _ "
        "(bengbu-delivery-2020)",
    ),
    _REGION_CODE: Bilingual(
        "应为六位行政区划代码（GB/T 2260，如蚌埠市 340300）",
        "expected a six-digit GB/T 2260 region code (340300 for Bengbu)",
    ),
    _CREDIT_CODE: Bilingual(
        "应为18位统一社会信用代码", "expected an 18-character unified social credit code"
    ),
}


def pattern_description(pattern: str) -> Bilingual | None:
    """What a text pattern of this module means, for error messages (``None`` if not ours)."""
    return _PATTERN_DESCRIPTIONS.get(pattern)


class Side(LabelledEnum):
    """One of the two sides at the table (集体合同规定 Art 19)."""

    UNION = "union", "职工方（工会）", "union side"
    EMPLOYER = "employer", "企业方", "employer side"

    @property
    def other(self) -> Side:
        """The side across the table."""
        return Side.EMPLOYER if self is Side.UNION else Side.UNION


class OrganisationKind(LabelledEnum):
    """What an organisation is, as far as the procedure cares."""

    UNION = "union", "工会", "trade union"
    SECTOR_UNION_FEDERATION = "sector_union_federation", "行业工会联合会", "sector union federation"
    HIGHER_UNION = "higher_union", "上级工会", "higher-level union"
    ENTERPRISE = "enterprise", "企业", "enterprise"
    INDUSTRY_ASSOCIATION = (
        "industry_association",
        "行业协会（企业方面代表）",
        "industry association (employer side)",
    )
    LABOUR_BUREAU = "labour_bureau", "劳动行政部门", "labour bureau"


class WorkerCategory(LabelledEnum):
    """The three kinds of worker a platform agreement covers (人社部发〔2021〕56号, legal-reference §3.1).

    ``labour_relationship``: a labour contract (劳动合同); ``managed``: not fully a labour
    relationship but managed by the company (不完全符合确立劳动关系情形), with a written agreement
    (书面协议) and the local hourly minimum wage; ``part_time``: 非全日制用工 (劳动合同法 Arts 68-72).
    """

    LABOUR_RELATIONSHIP = "labour_relationship", "建立劳动关系", "labour relationship"
    MANAGED = "managed", "不完全符合确立劳动关系情形", "not fully a labour relationship, managed"
    PART_TIME = "part_time", "非全日制用工", "part-time"


class Gender(LabelledEnum):
    """Gender of a representative, where a local rule asks for women representatives."""

    FEMALE = "female", "女", "female"
    MALE = "male", "男", "male"


class Organisation(DomainModel):
    """A union, federation, enterprise, association or labour bureau taking part."""

    id: Identifier
    """Stable identifier, unique within the agreement."""
    name: Name
    """Full legal name in Chinese (e.g. 蚌埠市网约送餐行业工会联合会)."""
    name_en: Name | None = None
    """Name in English, if one is used."""
    kind: OrganisationKind
    """What the organisation is."""
    region: RegionCode | None = None
    """GB/T 2260 code of where it is registered."""
    address: Name | None = None
    """Postal address (the review opinion names both parties' addresses, Art 45)."""
    legal_representative: Name | None = None
    """法定代表人: by default the employer side's chief (Art 21)."""
    chair: Name | None = None
    """工会主席: by default the union side's chief (Art 20)."""
    credit_code: Annotated[str, StringConstraints(pattern=_CREDIT_CODE)] | None = None
    """统一社会信用代码 (unified social credit code), 18 characters."""


class WrittenDelegation(DomainModel):
    """书面委托: the written authority a chief needs when not the union chair or legal representative.

    集体合同规定 Art 20 (union side) and Art 21 (employer side); outside experts are also appointed
    in writing (Art 23).
    """

    granted_by: Name
    """Who signed the delegation (the union chair or the legal representative)."""
    granted_on: dt.date
    """Date of the delegation letter."""
    reference: Name | None = None
    """Number or title of the letter."""


class Representative(DomainModel):
    """协商代表: a person chosen to represent one side (集体合同规定 Art 19)."""

    name: Name
    """Full name."""
    position: Name | None = None
    """职务: position held in the organisation."""
    affiliation: Name | None = None
    """Organisation the person works for, when not obvious from the side."""
    chief: bool = False
    """首席代表: the chief representative of the side (one per side, Art 19)."""
    outside_expert: bool = False
    """外聘专业人员: an outside professional appointed by the chief (Art 23)."""
    delegation: WrittenDelegation | None = None
    """书面委托, when the chief is not the union chair or legal representative (Arts 20, 21)."""
    gender: Gender | None = None
    """Gender, where a local rule asks for women representatives."""


class Delegation(DomainModel):
    """本方代表团: the representatives of one side."""

    representatives: tuple[Representative, ...] = ()
    """The members, the chief among them."""

    @property
    def chiefs(self) -> tuple[Representative, ...]:
        """Every member marked as chief (the law wants exactly one)."""
        return tuple(r for r in self.representatives if r.chief)

    @property
    def chief(self) -> Representative | None:
        """The chief representative, when there is exactly one."""
        chiefs = self.chiefs
        return chiefs[0] if len(chiefs) == 1 else None

    def __len__(self) -> int:
        return len(self.representatives)


class Recorder(DomainModel):
    """记录员: the neutral note-taker both sides appoint, who is not a representative (Art 33)."""

    name: Name
    """Full name."""
    affiliation: Name | None = None
    """Where the recorder works."""


class Party(DomainModel):
    """One side of an agreement: the organisations that sign, and their delegation."""

    organisations: tuple[Organisation, ...] = Field(min_length=1)
    """The organisations on this side: at least one."""
    delegation: Delegation = Delegation()
    """The representatives of this side."""

    @model_validator(mode="after")
    def _ids_unique(self) -> Party:
        seen: set[str] = set()
        for organisation in self.organisations:
            if organisation.id in seen:
                raise invalid(
                    f"单位标识“{organisation.id}”重复出现",
                    f"organisation id {organisation.id!r} appears twice",
                )
            seen.add(organisation.id)
        return self
