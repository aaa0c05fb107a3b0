"""Where an agreement stands in the legal procedure.

The transition table, guards and roles of the procedure arrive with the lifecycle work; this module
holds the states, named as in the glossary so that every layer uses the same words.
"""

from __future__ import annotations

from enum import StrEnum

from bargain.domain.language import Bilingual

__all__ = ["Status"]


class Status(StrEnum):
    """A state of the procedure (集体合同规定 Arts 32-48; legal-reference §6.1)."""

    DRAFTING = "drafting"
    OFFER_SENT = "offer_sent"
    PREPARING = "preparing"
    NEGOTIATING = "negotiating"
    SUSPENDED = "suspended"
    IN_COORDINATION = "in_coordination"
    DRAFT_AGREED = "draft_agreed"
    BEFORE_CONGRESS = "before_congress"
    ADOPTED = "adopted"
    SIGNED = "signed"
    UNDER_REVIEW = "under_review"
    OBJECTED = "objected"
    EFFECTIVE = "effective"
    PUBLISHED = "published"
    TERMINATED = "terminated"
    EXPIRED = "expired"

    @property
    def label(self) -> Bilingual:
        """The state's name in both languages."""
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    Status.DRAFTING: Bilingual("拟定要约", "drafting the offer"),
    Status.OFFER_SENT: Bilingual("已发出要约", "offer sent"),
    Status.PREPARING: Bilingual("协商准备", "preparing"),
    Status.NEGOTIATING: Bilingual("协商中", "negotiating"),
    Status.SUSPENDED: Bilingual("中止协商", "suspended"),
    Status.IN_COORDINATION: Bilingual("协调处理中", "in coordination"),
    Status.DRAFT_AGREED: Bilingual("已形成草案", "draft agreed"),
    Status.BEFORE_CONGRESS: Bilingual("提交职工代表大会", "before the workers' congress"),
    Status.ADOPTED: Bilingual("审议通过", "adopted"),
    Status.SIGNED: Bilingual("首席代表已签字", "signed"),
    Status.UNDER_REVIEW: Bilingual("审查中", "under review"),
    Status.OBJECTED: Bilingual("审查有异议", "objected"),
    Status.EFFECTIVE: Bilingual("已生效", "effective"),
    Status.PUBLISHED: Bilingual("已公布", "published"),
    Status.TERMINATED: Bilingual("已解除", "terminated"),
    Status.EXPIRED: Bilingual("已期满", "expired"),
}
