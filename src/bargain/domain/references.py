"""Citations: where a rule, a value or a step of the procedure comes from in the law.

Laws, administrative regulations and ministry rules are cited by their title in book-title marks
(《集体合同规定》第十九条). Normative documents (规范性文件: opinions, notices, guidelines) are cited
by title and then their document number (文号) in parentheses, before any article:
《关于维护新就业形态劳动者劳动保障权益的指导意见》（人社部发〔2021〕56号）. In English the title is
translated where bargain knows it and the document number stays as issued.
"""

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
    "道路交通安全法实施条例": "Regulations for the Implementation of the Road Traffic Safety Law",
    "关于维护新就业形态劳动者劳动保障权益的指导意见": (
        "Guiding Opinions on Safeguarding the Labour Rights and Interests of Workers in New Forms "
        "of Employment"
    ),
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
    >>> LegalReference(instrument="关于维护新就业形态劳动者劳动保障权益的指导意见",
    ...                number="人社部发〔2021〕56号").format(Lang.ZH)
    '《关于维护新就业形态劳动者劳动保障权益的指导意见》（人社部发〔2021〕56号）'
    """

    instrument: Annotated[PlainText, StringConstraints(min_length=1, max_length=200)]
    """The instrument's Chinese title without book-title marks (集体合同规定)."""
    number: Annotated[PlainText, StringConstraints(min_length=1, max_length=100)] | None = None
    """The document number (文号) of a normative document, as issued (人社部发〔2021〕56号);
    printed after the title. Laws and regulations have none here (see ``title``)."""
    article: Annotated[int, Field(ge=1, le=10_000)] | None = None
    """Article number."""
    paragraph: Annotated[int, Field(ge=1, le=100)] | None = None
    """Paragraph (款) within the article."""
    item: Annotated[int, Field(ge=1, le=100)] | None = None
    """Item (项) within the paragraph."""
    title: PlainText | None = None
    """How the version cited was issued, for readers of the data, not printed: the order that
    promulgated a regulation and any revision (劳动和社会保障部令第22号), or the issuer and date
    of a document whose number is not known."""
    address: PlainText | None = None
    """Where the text was read (a web address)."""

    def format(self, lang: Lang = Lang.ZH) -> str:
        """The citation as people write it: 《集体合同规定》第十九条第二款 / ... Art 19(2).

        A document number follows the title: 《…指导意见》（人社部发〔2021〕56号）第三条 /
        Guiding Opinions … (人社部发〔2021〕56号), Art 3.
        """
        if lang is Lang.ZH:
            text = f"《{self.instrument}》"
            if self.number is not None:
                text += f"（{self.number}）"
            if self.article is not None:
                text += f"第{chinese_numeral(self.article)}条"
            if self.paragraph is not None:
                text += f"第{chinese_numeral(self.paragraph)}款"
            if self.item is not None:
                text += f"第（{chinese_numeral(self.item)}）项"
            return text
        text = _INSTRUMENT_NAMES_EN.get(self.instrument, self.instrument)
        if self.number is not None:
            text += f" ({self.number})"
        if self.article is not None:
            text += f", Art {self.article}"
            if self.paragraph is not None:
                text += f"({self.paragraph})"
            if self.item is not None:
                text += f"({self.item})"
        return text
