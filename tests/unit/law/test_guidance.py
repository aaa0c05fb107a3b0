"""Rules that rest on guidance (指导性文件) warn by default; a union may hold itself to them.

The platform pack rests on opinions and guidelines that bind no one (legal-reference §3): what they
expect is a warning, unless ``validate(..., guidance_as_errors=True)`` (CLI
``--guidance-as-errors``) makes them errors for a union's own policy. Every rule declares its basis
once, and every finding carries it.
"""

from __future__ import annotations

import datetime as dt

from bargain import Agreement, Lang, Severity, load_agreement, validate
from bargain.law.findings import Basis
from bargain.law.rules import Registry
from tests.conftest import SECTOR_AGREEMENT

SECTOR = load_agreement(SECTOR_AGREEMENT)


def strictest() -> Agreement:
    clause = SECTOR.clause("algorithms")
    changed = type(clause).model_validate({**dict(clause), "time_estimation": "strictest"})
    return SECTOR.with_clause(changed)


def test_every_rule_declares_its_basis_and_only_the_platform_pack_rests_on_guidance() -> None:
    registry = Registry.builtin()
    national, platform = registry.packs
    assert {r.basis for r in national.rules} == {Basis.LAW}
    assert {r.basis for r in platform.rules} == {Basis.GUIDANCE}


def test_a_guidance_rule_contradicted_is_a_warning_that_says_it_rests_on_guidance() -> None:
    report = validate(strictest())
    [finding] = report.by_rule("PLAT-TIME-ESTIMATION")
    assert finding.severity is Severity.WARNING
    assert finding.basis is Basis.GUIDANCE
    assert report.ok
    assert finding.text(Lang.ZH) == "不得以“最严算法”作为考核标准（依据指导性文件，不具强制力）"
    assert finding.text(Lang.EN) == (
        "the strictest algorithm may not be the appraisal standard (guidance, not binding law)"
    )
    assert finding.as_json(Lang.EN)["basis"] == "guidance"


def test_a_union_may_treat_guidance_as_errors() -> None:
    report = validate(strictest(), guidance_as_errors=True)
    [finding] = report.by_rule("PLAT-TIME-ESTIMATION")
    assert finding.severity is Severity.ERROR
    assert not report.ok
    assert finding.text(Lang.EN).endswith("(guidance, an error under the union's own policy)")
    assert finding.text(Lang.ZH).endswith("（依据指导性文件，按本方政策视为不合规）")


def test_a_missing_expectation_becomes_an_error_too_and_information_stays_information() -> None:
    bare = SECTOR.model_copy(update={"clauses": ()})
    lenient = validate(bare)
    strict = validate(bare, guidance_as_errors=True)
    guided = [f for f in lenient if f.basis is Basis.GUIDANCE]
    assert guided
    assert {f.severity for f in guided} == {Severity.WARNING}
    assert {f.severity for f in strict if f.basis is Basis.GUIDANCE} == {Severity.ERROR}
    # Binding law is judged the same either way.
    same = [(f.rule, f.severity) for f in lenient if f.basis is Basis.LAW]
    assert same == [(f.rule, f.severity) for f in strict if f.basis is Basis.LAW]


def test_a_law_finding_says_nothing_about_guidance() -> None:
    undated = SECTOR.model_copy(update={"term": None})
    [finding] = validate(undated, dt.date(2000, 1, 1)).by_rule("REP-COUNT")
    assert finding.basis is Basis.LAW
    assert "guidance" not in finding.text(Lang.EN)


def test_the_congress_guard_follows_the_unions_choice_about_guidance() -> None:
    # Art 36's guard refuses a draft with errors: guidance blocks it only when the union says so.
    from bargain.law.procedure import law_validator

    day = dt.date(2020, 6, 1)
    default = [f for f in law_validator()(strictest(), day) if str(f.severity) == "error"]
    strict = law_validator(guidance_as_errors=True)(strictest(), day)
    assert default == []
    assert [f.rule for f in strict if str(f.severity) == "error"] == ["PLAT-TIME-ESTIMATION"]
