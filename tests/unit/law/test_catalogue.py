from __future__ import annotations

from typing import Any

import pytest

from bargain import Agreement, load_agreement, validate
from bargain.domain.language import Bilingual
from bargain.law import rules as rules_module
from bargain.law.catalogue import render_catalogue
from bargain.law.parameters import LegalReference
from bargain.law.rules import Registry, RulePack, default_registry, rule
from tests.conftest import ROOT, SECTOR_AGREEMENT


def test_the_rule_catalogue_in_the_docs_is_current() -> None:
    page = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert page == render_catalogue(), "docs/rules.md is stale: run `make docs`"


def test_every_rule_states_the_law_in_its_docstring_and_cites_an_instrument() -> None:
    for item in Registry.builtin().rules:
        assert len(item.law) > 40, item.id
        assert item.citation.instrument, item.id
        assert item.citation.instrument.split("〔")[0] in item.law or item.citation.article, item.id


def test_rule_ids_are_unique_across_packs() -> None:
    pack = Registry.builtin().packs[0]
    with pytest.raises(ValueError, match="'REP-COUNT' is in both the national and copy packs"):
        Registry([pack, RulePack(name="copy", title=pack.title, rules=pack.rules)])


@rule(
    "LOCAL-DEMO",
    title=Bilingual("示例地方规则", "demo local rule"),
    citation=LegalReference(instrument="安徽省集体合同条例", article=3),
)
def _always(context: Any) -> Any:
    """安徽省集体合同条例 第三条: a demonstration rule that fires on every agreement."""
    yield context.finding("", Bilingual("示例", "demo"))


LOCAL = RulePack(name="anhui", title=Bilingual("安徽", "Anhui"), rules=(_always,))


class _EntryPoint:
    name = "anhui"

    def load(self) -> Any:
        return LOCAL


def test_a_pack_registered_as_an_entry_point_runs_after_the_built_in_packs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(rules_module, "entry_points", lambda group: [_EntryPoint()])
    registry = Registry.with_plugins()
    assert [p.name for p in registry.packs] == ["national", "platform", "anhui"]
    report = validate(load_agreement(SECTOR_AGREEMENT), registry=registry)
    assert [f.rule for f in report] == ["LOCAL-DEMO"]


def test_an_entry_point_that_is_not_a_pack_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    class Bad(_EntryPoint):
        def load(self) -> Any:
            return 42

    monkeypatch.setattr(rules_module, "entry_points", lambda group: [Bad()])
    with pytest.raises(TypeError, match="gave int, not a RulePack"):
        Registry.with_plugins()


def test_the_default_registry_is_the_built_in_packs_when_nothing_is_installed() -> None:
    assert [p.name for p in default_registry().packs][:2] == ["national", "platform"]
    assert isinstance(load_agreement(SECTOR_AGREEMENT), Agreement)
