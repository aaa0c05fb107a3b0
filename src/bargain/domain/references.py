"""Citations: where a rule, a value or a step of the procedure comes from in the law."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from bargain.domain.base import DomainModel, PlainText
from bargain.domain.language import Lang, chinese_numeral

__all__ = ["LegalReference"]

_INSTRUMENT_NAMES_EN = {
    "集体合同规定": "Provisions on Collective Contracts",
    "劳动法": "Labour Law",
    "劳动合同法": "Labour Contract Law",
    "最低工资规定": "Minimum Wage Provisions",
    "国务院关于职工工作时间的规定": "State Council Provisions on Working Hours",
    "女职工劳动保护特别规定": "Special Provisions on Labour Protection of Female Employees",
    "民法典": "Civil Code",
    "人社部发〔2021〕56号": "MOHRSS Guiding Opinions on Platform Workers (2021) No. 56",
    "新就业形态劳动者休息和劳动报酬权益保障指引": "Guideline on Rest and Pay of Platform Workers",
    "新就业形态劳动者权益协商指引": "ACFTU Guideline on Negotiating Platform Workers' Rights",
    "关于落实网络餐饮平台责任切实维护外卖送餐员权益的指导意见": (
        "Seven-Department Opinion on Food-Delivery Riders' Rights"
    ),
}


class LegalReference(DomainModel):
    """Where a rule or a value comes from: an instrument and, where there is one, its article.

    >>> LegalReference(instrument="集体合同规定", article=36).format(Lang.ZH)
    '《集体合同规定》第三十六条'
    """

    instrument: Annotated[PlainText, StringConstraints(min_length=1, max_length=200)]
    """The instrument's Chinese name without book-title marks (集体合同规定)."""
    article: Annotated[int, Field(ge=1, le=10_000)] | None = None
    """Article number."""
    paragraph: Annotated[int, Field(ge=1, le=100)] | None = None
    """Paragraph (款) within the article."""
    item: Annotated[int, Field(ge=1, le=100)] | None = None
    """Item (项) within the paragraph."""
    title: PlainText | None = None
    """Full title or document number, when the instrument name alone is ambiguous."""
    address: PlainText | None = None
    """Where the text was read (a web address)."""

    def format(self, lang: Lang = Lang.ZH) -> str:
        """The citation as people write it: 《集体合同规定》第十九条第二款 / ... Art 19(2)."""
        if lang is Lang.ZH:
            text = f"《{self.instrument}》"
            if self.article is not None:
                text += f"第{chinese_numeral(self.article)}条"
            if self.paragraph is not None:
                text += f"第{chinese_numeral(self.paragraph)}款"
            if self.item is not None:
                text += f"第（{chinese_numeral(self.item)}）项"
            return text
        text = _INSTRUMENT_NAMES_EN.get(self.instrument, self.instrument)
        if self.article is not None:
            text += f", Art {self.article}"
            if self.paragraph is not None:
                text += f"({self.paragraph})"
            if self.item is not None:
                text += f"({self.item})"
        return text
