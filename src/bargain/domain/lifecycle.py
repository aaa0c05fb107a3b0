"""Where an agreement stands in the legal procedure.

The transition table, guards and roles of the procedure arrive with the lifecycle work; this module
holds the states, named as in the glossary so that every layer uses the same words.
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
