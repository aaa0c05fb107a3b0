"""Builders of valid domain objects with sensible defaults, for tests that care about one field."""

from __future__ import annotations

from typing import Any

from bargain import Agreement
from bargain.domain.agreement import AgreementKind, Scope
from bargain.domain.clauses import PayClause
from bargain.domain.parties import Delegation, Organisation, OrganisationKind, Party, Representative


def an_organisation(
    id: str = "union", kind: OrganisationKind = OrganisationKind.UNION, **fields: Any
) -> Organisation:
    return Organisation(id=id, name=fields.pop("name", f"组织{id}"), kind=kind, **fields)


def representatives(
    count: int, *, prefix: str = "代表", chief: bool = True
) -> list[Representative]:
    return [
        Representative(name=f"{prefix}{n}", chief=chief and n == 1) for n in range(1, count + 1)
    ]


def a_party(*organisations: Organisation, members: int = 3, prefix: str = "代表") -> Party:
    return Party(
        organisations=organisations or (an_organisation(),),
        delegation=Delegation(representatives=tuple(representatives(members, prefix=prefix))),
    )


def a_pay_clause(id: str = "pay", **fields: Any) -> PayClause:
    return PayClause(
        id=id,
        heading=fields.pop("heading", "劳动报酬"),
        text=fields.pop("text", "配送单价每单4.5元。"),
        **fields,
    )


def an_agreement(**overrides: Any) -> Agreement:
    data: dict[str, Any] = {
        "id": "test-agreement",
        "title": "测试集体合同",
        "kind": AgreementKind.SECTOR,
        "union": a_party(an_organisation("union"), prefix="工会代表"),
        "employer": a_party(
            an_organisation("acme", OrganisationKind.ENTERPRISE), prefix="企业代表"
        ),
        "scope": Scope(region="340300"),
        "clauses": (a_pay_clause(),),
    }
    data.update(overrides)
    return Agreement.model_validate(data)
