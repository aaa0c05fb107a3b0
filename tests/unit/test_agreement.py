from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from bargain import (
    InvalidDocument,
    Lang,
    Status,
    dump_agreement,
    load_agreement,
    parse_agreement,
)
from bargain.domain.agreement import AgreementKind, AgreementRef, Scope, SpecialTopic
from bargain.domain.calendar import DateRange
from bargain.domain.clauses import ClauseKind
from bargain.domain.money import Rate
from bargain.domain.parties import Delegation, OrganisationKind, Representative, WorkerCategory
from tests.conftest import SECTOR_AGREEMENT
from tests.factories import a_party, a_pay_clause, an_agreement, an_organisation


def test_an_agreement_starts_in_drafting() -> None:
    assert an_agreement().status is Status.DRAFTING
    assert Status.DRAFTING.label.zh == "拟定要约"


def test_a_special_agreement_needs_a_topic() -> None:
    with pytest.raises(ValidationError, match="a special agreement needs a topic"):
        an_agreement(kind=AgreementKind.SPECIAL)
    assert an_agreement(kind="special", topic="wages").topic is SpecialTopic.WAGES


def test_only_a_special_agreement_has_a_topic() -> None:
    with pytest.raises(ValidationError, match="only a special agreement has a topic"):
        an_agreement(topic="wages")


def test_a_supplementary_agreement_names_what_it_supplements() -> None:
    with pytest.raises(ValidationError, match="must name the agreement it supplements"):
        an_agreement(kind="supplementary")
    parent = AgreementRef(title="蚌埠市网约送餐行业集体合同")
    assert an_agreement(kind="supplementary", supplements=parent).supplements == parent


def test_only_a_supplementary_agreement_supplements_another() -> None:
    with pytest.raises(ValidationError, match="only a supplementary agreement supplements"):
        an_agreement(supplements=AgreementRef(title="某合同"))


def test_clause_ids_are_unique() -> None:
    with pytest.raises(ValidationError, match="clause id 'pay' appears twice"):
        an_agreement(clauses=[a_pay_clause("pay"), a_pay_clause("pay")])


def test_organisation_ids_are_unique_across_both_sides() -> None:
    with pytest.raises(ValidationError, match="organisation id 'same' appears twice"):
        an_agreement(
            union=a_party(an_organisation("same")),
            employer=a_party(an_organisation("same", OrganisationKind.ENTERPRISE)),
        )


def test_organisation_ids_are_unique_within_a_side() -> None:
    with pytest.raises(ValidationError, match="organisation id 'u' appears twice"):
        a_party(an_organisation("u"), an_organisation("u"))


def test_an_enterprise_cannot_sit_on_the_union_side() -> None:
    with pytest.raises(ValidationError, match="'acme' is a enterprise, which cannot sit"):
        an_agreement(union=a_party(an_organisation("acme", OrganisationKind.ENTERPRISE)))


def test_a_union_cannot_sit_on_the_employer_side() -> None:
    with pytest.raises(ValidationError, match="'u2' is a union, which cannot sit on this side"):
        an_agreement(employer=a_party(an_organisation("u2")))


def test_the_labour_bureau_must_be_a_labour_bureau() -> None:
    with pytest.raises(ValidationError, match="'x' is a enterprise, not a labour_bureau"):
        an_agreement(labour_bureau=an_organisation("x", OrganisationKind.ENTERPRISE))
    bureau = an_organisation("hrss", OrganisationKind.LABOUR_BUREAU)
    assert an_agreement(labour_bureau=bureau).labour_bureau == bureau


def test_an_unlawful_delegation_still_loads_because_legality_is_for_the_law_rules() -> None:
    lopsided = an_agreement(
        union=a_party(an_organisation("u"), members=3),
        employer=a_party(an_organisation("e", OrganisationKind.ENTERPRISE), members=2),
    )
    assert (len(lopsided.union.delegation), len(lopsided.employer.delegation)) == (3, 2)
    two_chiefs = Delegation(
        representatives=(
            Representative(name="甲", chief=True),
            Representative(name="乙", chief=True, outside_expert=True),
        )
    )
    assert two_chiefs.chief is None
    assert len(two_chiefs.chiefs) == 2


def test_the_chief_is_the_one_member_marked_chief() -> None:
    delegation = a_party(members=3).delegation
    assert delegation.chief is not None
    assert delegation.chief.name == "代表1"
    assert Delegation().chief is None


def test_an_agreement_is_immutable() -> None:
    agreement = an_agreement()
    with pytest.raises(ValidationError):
        agreement.title = "改"  # type: ignore[misc]


def test_with_clause_replaces_a_clause_of_the_same_id_and_returns_a_new_agreement() -> None:
    agreement = an_agreement()
    raised = a_pay_clause("pay", piece_rate=Rate.parse("5/order"))
    changed = agreement.with_clause(raised)
    assert changed.clause("pay") == raised
    assert agreement.clause("pay") != raised
    assert len(changed.clauses) == 1


def test_with_clause_appends_a_new_clause() -> None:
    changed = an_agreement().with_clause(a_pay_clause("bonus"))
    assert [c.id for c in changed.clauses] == ["pay", "bonus"]


def test_without_clause_removes_it_and_refuses_an_unknown_id() -> None:
    agreement = an_agreement(clauses=[a_pay_clause("a"), a_pay_clause("b")])
    assert [c.id for c in agreement.without_clause("a").clauses] == ["b"]
    with pytest.raises(KeyError):
        agreement.without_clause("zzz")
    with pytest.raises(KeyError):
        agreement.clause("zzz")


def test_clauses_of_a_kind_keep_their_order() -> None:
    agreement = an_agreement(clauses=[a_pay_clause("a"), a_pay_clause("b")])
    assert [c.id for c in agreement.clauses_of(agreement.clauses[0].kind)] == ["a", "b"]


def test_the_scope_counts_workers_by_category() -> None:
    scope = Scope(region="340300", headcount={"labour_relationship": 300, "managed": 1200})
    assert scope.total_headcount == 1500
    assert scope.headcount[WorkerCategory.MANAGED] == 1200


@pytest.mark.parametrize("code", ["34030", "040300", "abcdef", "3403000"])
def test_a_region_is_a_six_digit_code(code: str) -> None:
    with pytest.raises(ValidationError, match="String should match pattern"):
        Scope(region=code)


def test_an_unquoted_region_code_is_read_as_text() -> None:
    assert Scope.model_validate({"region": 340300}).region == "340300"


def test_a_date_range_includes_both_ends_and_refuses_a_backward_span() -> None:
    span = DateRange(start=dt.date(2021, 2, 11), end=dt.date(2021, 2, 17))
    assert span.days == 7
    assert dt.date(2021, 2, 17) in span
    assert dt.date(2021, 2, 18) not in span
    assert "2021-02-12" not in span
    with pytest.raises(ValidationError, match="the end 2021-02-10 is before the start"):
        DateRange(start=dt.date(2021, 2, 11), end=dt.date(2021, 2, 10))


def test_a_clause_changed_with_model_copy_is_checked_by_with_clause() -> None:
    # The README's path: model_copy does not validate, so with_clause must.
    agreement = load_agreement(SECTOR_AGREEMENT)
    pay = agreement.clauses_of(ClauseKind.PAY)[0]
    unchecked = pay.model_copy(update={"piece_rate": Rate.parse("12.5/day")})
    with pytest.raises(InvalidDocument) as caught:
        agreement.with_clause(unchecked)
    [problem] = caught.value.problems
    assert problem.path == "piece_rate"
    assert problem.render(Lang.EN) == (
        "<PayClause>: piece_rate: expected a rate per order, not per day; found 12.5/day"
    )
    assert problem.render(Lang.ZH) == (
        "<PayClause>: piece_rate: 应为按单计的金额，而不是按日计；实际为 12.5/day"
    )


def test_changed_validates_like_the_loader() -> None:
    pay = a_pay_clause("pay")
    assert pay.changed(piece_rate="5/order").piece_rate == Rate.parse("5/order")
    with pytest.raises(InvalidDocument, match="expected a rate per order, not per day"):
        pay.changed(piece_rate=Rate.parse("12.5/day"))
    with pytest.raises(InvalidDocument, match="an unknown field"):
        pay.changed(piece_rat="5/order")


def test_an_agreement_built_from_unchecked_parts_is_refused() -> None:
    unchecked = a_pay_clause("pay").model_copy(update={"daily_floor": Rate.parse("200/month")})
    with pytest.raises(ValidationError, match="expected a rate per day, not per month"):
        an_agreement(clauses=[unchecked])


def test_a_cross_field_check_holds_for_changed_agreements() -> None:
    with pytest.raises(InvalidDocument, match="a special agreement needs a topic") as caught:
        an_agreement().changed(kind=AgreementKind.SPECIAL)
    assert [p.path for p in caught.value.problems] == ["topic"]


def test_whatever_with_clause_accepts_the_loader_reads_back() -> None:
    agreement = load_agreement(SECTOR_AGREEMENT)
    pay = agreement.clauses_of(ClauseKind.PAY)[0]
    raised = agreement.with_clause(pay.changed(piece_rate=Rate.parse("5/order")))
    assert parse_agreement(dump_agreement(raised)) == raised
