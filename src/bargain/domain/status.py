"""The states of the procedure (集体合同的状态), apart from the models that record them.

:class:`Status` is a plain enum that imports nothing but the language module, so that the command
line can offer ``--state`` without loading Pydantic. It is re-exported by
:mod:`bargain.domain.procedure`, where the other words of the procedure live.
"""

from __future__ import annotations

from bargain.domain.language import LabelledEnum

__all__ = ["Status"]


class Status(LabelledEnum):
    """A state of the procedure (集体合同规定 Arts 32-48; legal-reference §6.1)."""

    DRAFTING = "drafting", "拟定要约", "drafting the offer"
    OFFER_SENT = "offer_sent", "已发出要约", "offer sent"
    PREPARING = "preparing", "协商准备", "preparing"
    NEGOTIATING = "negotiating", "协商中", "negotiating"
    SUSPENDED = "suspended", "中止协商", "suspended"
    IN_COORDINATION = "in_coordination", "协调处理中", "in coordination"
    DRAFT_AGREED = "draft_agreed", "已形成草案", "draft agreed"
    BEFORE_CONGRESS = "before_congress", "提交职工代表大会", "before the workers' congress"
    ADOPTED = "adopted", "审议通过", "adopted"
    SIGNED = "signed", "首席代表已签字", "signed"
    UNDER_REVIEW = "under_review", "审查中", "under review"
    OBJECTED = "objected", "审查有异议", "objected"
    EFFECTIVE = "effective", "已生效", "effective"
    PUBLISHED = "published", "已公布", "published"
    TERMINATED = "terminated", "已解除", "terminated"
    EXPIRED = "expired", "已期满", "expired"

    @property
    def in_force(self) -> bool:
        """Whether an agreement in this state binds the parties (effective or published)."""
        return self in (Status.EFFECTIVE, Status.PUBLISHED)

    @property
    def final(self) -> bool:
        """Whether nothing can happen any more (terminated or expired)."""
        return self in (Status.TERMINATED, Status.EXPIRED)
