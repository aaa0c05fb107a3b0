"""The template contexts: plain data, exactly the declared names, the papers a history calls for."""

from __future__ import annotations

import json

import pytest

from bargain import Lang, load_agreement
from bargain.domain.fingerprint import text_fingerprint
from bargain.errors import PaperNotReady, UnknownPaper
from bargain.render._sample import SAMPLE_CLAUSES, sample_history
from bargain.render.context import (
    PAPERS,
    bilingual_number_mismatches,
    context_for,
    papers,
    sample_context,
)
from tests.conftest import SECTOR_AGREEMENT, SPRING_FESTIVAL


def test_there_are_the_twelve_papers_of_the_procedure() -> None:
    assert list(PAPERS) == [
        "offer",
        "reply",
        "minutes",
        "draft",
        "congress_resolution",
        "final_text",
        "final_text_en",
        "filing_letter",
        "review_opinion",
        "coordination_agreement",
        "publication_notice",
        "comparison_table",
    ]
    assert PAPERS["final_text_en"].lang is Lang.EN
    assert PAPERS["offer"].title.zh == "集体协商要约书"


@pytest.mark.parametrize("name", list(PAPERS))
def test_a_sample_context_is_plain_json_with_exactly_the_declared_names(name: str) -> None:
    context = sample_context(name)
    assert set(context) == PAPERS[name].variables
    assert json.loads(json.dumps(context)) == context
    assert context["lang"] == PAPERS[name].lang.value


def test_the_sample_keeps_the_example_agreements_parties_and_clauses() -> None:
    example = load_agreement(SECTOR_AGREEMENT)
    sample, _ = sample_history()
    assert sample.union == example.union
    assert sample.employer == example.employer
    assert sample.clauses == tuple(example.clause(c) for c in SAMPLE_CLAUSES)


def test_an_agreement_file_calls_for_the_draft_and_the_final_text() -> None:
    agreement = load_agreement(SPRING_FESTIVAL)
    assert [(p.kind.name, p.stem) for p in papers(agreement)] == [
        ("draft", "draft"),
        ("final_text", "final_text"),
    ]


def test_articles_are_numbered_continuously_through_chapters_of_one_kind() -> None:
    context = context_for("final_text", load_agreement(SECTOR_AGREEMENT))
    first, second = context["chapters"][:2]
    assert (first["number"], first["heading"]) == (1, "劳动报酬")
    assert [(a["number"], a["id"]) for a in first["articles"]] == [
        (1, "pay-levels"),
        (2, "pay-hourly"),
    ]
    assert (second["number"], second["articles"][0]["number"]) == (2, 3)
    assert context["clause_count"] == len(load_agreement(SECTOR_AGREEMENT).clauses) == 17


def test_the_final_text_carries_the_fingerprint_of_its_text() -> None:
    agreement = load_agreement(SECTOR_AGREEMENT)
    assert context_for("final_text", agreement)["fingerprint"] == text_fingerprint(agreement)
    english = context_for("final_text_en", agreement)
    assert english["chapters"][0]["articles"][0]["text"].startswith("Pay follows the work done")
    assert english["agreement"]["title"] == "Bengbu food-delivery sector collective agreement"


def test_a_paper_whose_step_has_not_happened_is_refused_in_both_languages() -> None:
    agreement = load_agreement(SECTOR_AGREEMENT)
    with pytest.raises(PaperNotReady) as raised:
        context_for("minutes", agreement)
    assert raised.value.message(Lang.ZH) == (
        "集体合同 bengbu-delivery-sector-agreement 还不能生成《集体协商会议记录》（minutes）："
        "历史中没有协商会议"
    )
    assert raised.value.message(Lang.EN) == (
        "agreement bengbu-delivery-sector-agreement has no Minutes of the bargaining meeting "
        "(minutes) yet: its history has no meeting"
    )


def test_an_unknown_paper_names_the_known_ones() -> None:
    with pytest.raises(UnknownPaper, match="no paper named 'letter'; the papers are: offer, reply"):
        context_for("letter", load_agreement(SECTOR_AGREEMENT))
    with pytest.raises(UnknownPaper):
        sample_context("letter")


def test_which_picks_one_of_several_meetings() -> None:
    agreement, history = sample_history()
    assert context_for("minutes", agreement, history, which=0)["meeting"]["number"] == 1
    assert context_for("minutes", agreement, history)["meeting"]["number"] == 2
    with pytest.raises(PaperNotReady):
        context_for("minutes", agreement, history, which=2)


def test_the_review_opinion_names_a_disputed_clause_by_its_article() -> None:
    # The sample objection disputes clause "hours", the second article of the sample.
    assert sample_context("review_opinion")["review"]["matters"] == ["第二条（工作时间）"]


def test_the_examples_say_the_same_figures_in_both_languages() -> None:
    for path in (SECTOR_AGREEMENT, SPRING_FESTIVAL):
        assert bilingual_number_mismatches(load_agreement(path)) == []


def test_a_figure_that_differs_between_the_two_texts_is_a_warning_naming_the_clause() -> None:
    agreement = load_agreement(SPRING_FESTIVAL)
    pay = agreement.clause("festival-pay")
    wrong = agreement.with_clause(pay.changed(text_en=pay.text_en.replace("12.5", "15")))
    [finding] = bilingual_number_mismatches(wrong)
    assert (finding.clause_id, finding.only_zh, finding.only_en) == (
        "festival-pay",
        ("12.5",),
        ("15",),
    )
    assert finding.message.en.startswith(
        "clause festival-pay: the Chinese and English texts differ"
    )
    [paper] = [p for p in papers(wrong) if p.stem == "final_text"]
    assert paper.warnings == (finding,)
    assert paper.context["warnings"] == [finding.as_dict()]


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        ("保额不低于60万元", "at least 600,000 yuan"),
        ("12时至15时", "from 12:00 to 15:00"),
        ("每周至少休息1日", "at least one day a week"),
        ("至2022年12月31日止", "to 31 December 2022"),
    ],
)
def test_figures_written_differently_but_equal_agree(zh: str, en: str) -> None:
    agreement = load_agreement(SPRING_FESTIVAL)
    care = agreement.clause("festival-care")
    changed = agreement.with_clause(care.changed(text=zh, text_en=en))
    assert bilingual_number_mismatches(changed) == []
