"""Citations: 《title》（document number）then the article, in both languages, in rules and data.

Laws, administrative regulations and ministry rules are cited by title (《集体合同规定》第十九条);
normative documents (规范性文件) by title and document number (文号):
《关于维护新就业形态劳动者劳动保障权益的指导意见》（人社部发〔2021〕56号）.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from bargain import Lang, load_agreement, validate
from bargain.domain.references import LegalReference
from bargain.law.parameters import default_parameters
from bargain.law.rules import Registry
from tests.conftest import SECTOR_AGREEMENT

OPINION_56 = LegalReference(
    instrument="关于维护新就业形态劳动者劳动保障权益的指导意见", number="人社部发〔2021〕56号"
)
DOCUMENT_NUMBER = re.compile(r"^[\u4e00-\u9fff]+〔\d{4}〕\d+号$")


def test_a_normative_document_is_cited_by_title_then_number() -> None:
    assert OPINION_56.format(Lang.ZH) == (
        "《关于维护新就业形态劳动者劳动保障权益的指导意见》（人社部发〔2021〕56号）"
    )
    assert OPINION_56.format(Lang.EN) == (
        "Guiding Opinions on Safeguarding the Labour Rights and Interests of Workers in New "
        "Forms of Employment (人社部发〔2021〕56号)"
    )


def test_the_article_follows_the_number() -> None:
    cited = OPINION_56.model_copy(update={"article": 3, "paragraph": 2})
    assert cited.format(Lang.ZH).endswith("（人社部发〔2021〕56号）第三条第二款")
    assert cited.format(Lang.EN).endswith("(人社部发〔2021〕56号), Art 3(2)")


def test_a_regulation_is_cited_by_title_alone() -> None:
    ccp = LegalReference(instrument="集体合同规定", article=19, title="劳动和社会保障部令第22号")
    assert ccp.format(Lang.ZH) == "《集体合同规定》第十九条"
    assert ccp.format(Lang.EN) == "Provisions on Collective Contracts, Art 19"


def every_citation() -> list[LegalReference]:
    cited = [rule.citation for rule in Registry.builtin().rules]
    parameters = default_parameters()
    for name in parameters.names(""):
        cited += [v.reference for v in parameters.history(name).values if v.reference]
    report = validate(load_agreement(SECTOR_AGREEMENT).model_copy(update={"clauses": ()}))
    return cited + [finding.citation for finding in report]


@pytest.mark.parametrize("citation", every_citation(), ids=lambda c: c.format(Lang.EN)[:40])
def test_every_citation_names_a_title_and_a_well_formed_number(citation: LegalReference) -> None:
    assert not re.search(r"[《》〔〕]", citation.instrument), "the instrument is a title"
    assert citation.number is None or DOCUMENT_NUMBER.match(citation.number)
    english = citation.format(Lang.EN)
    assert "《" not in english
    if citation.number:
        assert english.count(citation.number) == 1


def test_the_56_opinion_is_cited_with_its_number_in_findings() -> None:
    agreement = load_agreement(SECTOR_AGREEMENT).model_copy(update={"clauses": ()})
    [finding] = validate(agreement).by_rule("PLAT-BAD-WEATHER")
    assert finding.citation.format(Lang.ZH) == OPINION_56.format(Lang.ZH)


def shipped(name: str, year: int) -> LegalReference:
    entry = default_parameters().entry(name, dt.date(year, 6, 1))
    assert entry is not None
    assert entry.reference is not None
    return entry.reference


@pytest.mark.parametrize(
    ("parameter", "issued"),
    [
        ("representatives.min_per_side", "劳动和社会保障部令第22号"),
        ("maternity.leave_days", "国务院令第619号"),
        # The 1995 text (40 hours) is the 1994 order as revised by State Council order 174.
        ("hours.daily_standard", "国务院令第146号发布，根据1995年3月25日国务院令第174号修订"),
    ],
)
def test_the_shipped_data_names_the_order_of_the_revision_it_cites(
    parameter: str, issued: str
) -> None:
    reference = shipped(parameter, 2020)
    assert reference.title == issued
    assert reference.number is None  # a regulation: cited by title alone


def test_the_anhui_2015_notice_is_cited_with_its_number() -> None:
    notice = shipped("minimum_wage.monthly.340000.tier_1", 2016)
    assert notice.format(Lang.ZH) == (
        "《安徽省人民政府办公厅关于调整全省最低工资标准的通知》（皖政办〔2015〕57号）"
    )
