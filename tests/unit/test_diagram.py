"""The procedure's pictures and tables come from the transition table and stay current."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from bargain import Lang, Status, Trigger
from bargain.domain.lifecycle import TABLE, ProcedurePolicy
from bargain.law.procedure import policy_for
from bargain.render.diagram import dot, lifecycle_page, mermaid, table
from tests.conftest import ROOT


def test_the_lifecycle_page_is_current() -> None:
    page = (ROOT / "docs" / "lifecycle.md").read_text(encoding="utf-8")
    assert page == lifecycle_page(), "docs/lifecycle.md is stale: run `make docs`"


def test_the_national_shortcut_agrees_with_the_legal_parameters() -> None:
    # The docs page and the domain's shortcut quote the numbers the law layer reads from YAML.
    # Before the 2024 guideline no number of days applied to publication (Art 48: 及时).
    for year in (2005, 2019):
        assert ProcedurePolicy.national(publication_days=None) == policy_for()(dt.date(year, 6, 1))
    assert ProcedurePolicy.national() == policy_for()(dt.date(2025, 6, 1))


@pytest.mark.parametrize("lang", list(Lang))
def test_every_transition_is_drawn(lang: Lang) -> None:
    # The declarations say where each step leads; the machine draws it.
    expected = {
        (s.value, t.value) for row in TABLE for s in row.sources for t in (row.targets or (s,))
    }
    text = mermaid(lang)
    edges = set(re.findall(r"^  (\w+) --> (\w+): ", text, flags=re.MULTILINE))
    assert edges == expected
    assert f"[*] --> {Status.DRAFTING.value}" in text
    assert all(f"{s.value} --> [*]" in text for s in Status if s.final)
    graph = dot(lang)
    assert graph.startswith("digraph ")
    assert graph.endswith("}\n")
    assert set(re.findall(r"^\t(\w+) -> (\w+) ", graph, flags=re.MULTILINE)) == expected
    rows = table(lang).splitlines()[2:]
    assert len(rows) == len(Trigger)
    assert all(f"`{t.value}`" in row for t, row in zip(Trigger, rows, strict=True))


def test_the_table_cites_the_article_of_each_step() -> None:
    zh = table(Lang.ZH)
    assert "| 发出要约 `send_offer` |" in zh
    assert "《集体合同规定》第三十二条" in zh
    assert "Provisions on Collective Contracts, Art 47" in table(Lang.EN)
