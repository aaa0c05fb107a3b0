"""Who may take a step: the table says it as a :class:`Who`, which turns into roles per agreement."""

from __future__ import annotations

from bargain.domain.agreement import Agreement, AgreementKind
from bargain.domain.language import LabelledEnum
from bargain.domain.parties import Side
from bargain.domain.procedure import Actor, Role

__all__ = ["ACTORS", "Who"]


class Who(LabelledEnum):
    """Who may fire a trigger, as the table says it; :meth:`roles` turns it into roles."""

    UNION_CHIEF = "union_chief", "职工方首席代表", "the union chief"
    EITHER_CHIEF = "either_chief", "任一方首席代表", "either chief"
    RECEIVING_CHIEF = (
        "receiving_chief",
        "收到要约一方的首席代表",
        "the chief of the side that received the offer",
    )
    FILER = (
        "filer",
        "企业方首席代表（行业性、区域性集体合同也可由职工方报送）",
        "the employer chief (for sector and regional agreements, the union chief too)",
    )
    CHIEF_OR_BUREAU = (
        "chief_or_bureau",
        "任一方首席代表或劳动行政部门",
        "either chief or the bureau",
    )
    CONGRESS = "congress", "职工代表大会或全体职工", "the workers' congress or all workers"
    LABOUR_BUREAU = "labour_bureau", "劳动行政部门", "the labour bureau"
    COORDINATOR = "coordinator", "协调处理人员", "the coordinator"
    CLOCK = "clock", "期限届满（时钟）", "the clock"
    CLOCK_OR_BUREAU = "clock_or_bureau", "期限届满或劳动行政部门", "the clock or the labour bureau"

    def roles(self, agreement: Agreement) -> frozenset[Role]:
        """The roles that may act for this agreement, as it stands."""
        if self is Who.RECEIVING_CHIEF:
            offer = agreement.procedure.offer
            if offer is None:
                return _CHIEFS
            return _RECEIVING[offer.from_side]
        if self is Who.FILER and agreement.kind not in (
            AgreementKind.SECTOR,
            AgreementKind.REGIONAL,
        ):
            return _EMPLOYER_ONLY
        return _POSSIBLE[self]

    @property
    def possible_roles(self) -> frozenset[Role]:
        """Every role that may act in some case (for docs and diagrams)."""
        return _POSSIBLE[self]


_CHIEFS = frozenset({Role.UNION_CHIEF, Role.EMPLOYER_CHIEF})
_EMPLOYER_ONLY = frozenset({Role.EMPLOYER_CHIEF})
_RECEIVING = {
    Side.UNION: frozenset({Role.EMPLOYER_CHIEF}),
    Side.EMPLOYER: frozenset({Role.UNION_CHIEF}),
}
_POSSIBLE: dict[Who, frozenset[Role]] = {
    Who.UNION_CHIEF: frozenset({Role.UNION_CHIEF}),
    Who.EITHER_CHIEF: _CHIEFS,
    Who.RECEIVING_CHIEF: _CHIEFS,
    Who.FILER: _CHIEFS,
    Who.CHIEF_OR_BUREAU: _CHIEFS | {Role.LABOUR_BUREAU},
    Who.CONGRESS: frozenset({Role.CONGRESS}),
    Who.LABOUR_BUREAU: frozenset({Role.LABOUR_BUREAU}),
    Who.COORDINATOR: frozenset({Role.COORDINATOR}),
    Who.CLOCK: frozenset({Role.CLOCK}),
    Who.CLOCK_OR_BUREAU: frozenset({Role.CLOCK, Role.LABOUR_BUREAU}),
}

ACTORS: dict[Role, Actor] = {role: Actor(role=role) for role in Role}
"""One anonymous actor per role, for steps that name no person."""
