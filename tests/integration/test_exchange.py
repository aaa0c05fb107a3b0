"""An agreement with its history as one JSON document: written, read back, and refused when bad."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

import pytest

from bargain import (
    Export,
    FixedClock,
    InvalidDocument,
    Lang,
    MemoryStore,
    Role,
    Workflow,
    dump_export,
    load_agreement,
    load_export,
    parse_export,
)
from bargain.commands import SendOffer
from tests.conftest import SECTOR_AGREEMENT

KEY = "bengbu-delivery-sector-agreement"


@pytest.fixture(scope="module")
def export() -> Export:
    workflow = Workflow(MemoryStore().unit_of_work, clock=FixedClock(dt.date(2019, 11, 6)))
    workflow.open(load_agreement(SECTOR_AGREEMENT))
    workflow.handle(KEY, SendOffer(topics=["劳动报酬"]), Role.UNION_CHIEF)
    return workflow.export(KEY)


def problems(text: str, source: str = "export.json") -> list[str]:
    with pytest.raises(InvalidDocument) as caught:
        parse_export(text, source)
    return [problem.render(Lang.EN) for problem in caught.value.problems]


def test_an_export_reads_back_unchanged(export: Export, tmp_path: Path) -> None:
    text = dump_export(export)
    assert json.loads(text)["format"] == "bargain-export/2"
    assert parse_export(text) == export
    path = tmp_path / "export.json"
    path.write_text(text, encoding="utf-8")
    again = load_export(path)
    assert again.events[0].type.value == "offer_sent"
    assert again.agreement.procedure.version == 1
    assert again.chain == export.chain is not None
    assert [link.scheme for link in again.chain.links] == ["rfc8785"]


def test_an_export_without_a_chain_is_written_and_read_as_format_1(export: Export) -> None:
    bare = replace(export, chain=None)
    document = json.loads(dump_export(bare))
    assert document["format"] == "bargain-export/1"
    assert "chain" not in document
    assert parse_export(json.dumps(document)) == bare


def test_a_deeply_nested_file_is_refused_not_a_recursion_error() -> None:
    assert problems("[" * 100_000 + "]" * 100_000) == ["export.json: (document): nested too deeply"]
    deep = '{"format": "bargain-export/1", "opening": ' + '{"a": ' * 100 + "1" + "}" * 101
    assert problems(deep) == ["export.json: (document): nested deeper than 64"]


def test_events_that_are_not_a_list_are_refused_with_their_path(export: Export) -> None:
    document = json.loads(dump_export(export))
    document["events"] = {"0": document["events"][0]}
    assert problems(json.dumps(document)) == ["export.json: events: expected a list"]


def test_an_unknown_key_is_refused(export: Export) -> None:
    document = json.loads(dump_export(export))
    document["comment"] = "by hand"
    assert problems(json.dumps(document)) == [
        "export.json: comment: an unknown field (a typo?); found 'by hand'"
    ]


def test_another_format_is_refused(export: Export) -> None:
    document = json.loads(dump_export(export))
    document["format"] = "bargain-export/3"
    assert problems(json.dumps(document)) == [
        "export.json: format: expected one of: bargain-export/1 or bargain-export/2; "
        "found 'bargain-export/3'"
    ]


def test_format_2_has_a_chain_and_format_1_has_none(export: Export) -> None:
    document = json.loads(dump_export(export))
    chain = document.pop("chain")
    assert problems(json.dumps(document)) == [
        "export.json: chain: an export of bargain-export/2 has a chain"
    ]
    document.update(format="bargain-export/1", chain=chain)
    assert problems(json.dumps(document)) == [
        "export.json: chain: no chain in an export of bargain-export/1 (the format with a chain "
        "is bargain-export/2)"
    ]


def test_a_chain_with_a_missing_or_unknown_field_is_refused_with_its_path(export: Export) -> None:
    document = json.loads(dump_export(export))
    del document["chain"]["head"]
    document["chain"]["links"][0]["by"] = "hand"
    assert problems(json.dumps(document)) == [
        "export.json: chain.links[0].by: an unknown field (a typo?); found 'hand'",
        "export.json: chain.head: a required field is missing",
    ]


@pytest.mark.parametrize(
    ("value", "found"),
    [
        ("1.5", "1.5"),
        ("1e3", "1E+3"),
        ("NaN", "nan"),
        ("9007199254740992", "9007199254740992"),
    ],
)
def test_a_number_the_chain_cannot_hold_exactly_is_refused_where_it_is(
    export: Export, value: str, found: str
) -> None:
    text = dump_export(export).replace('"facts": {', f'"facts": {{"x": {value}, ', 1)
    (problem,) = problems(text)
    assert problem.startswith("export.json: events[0].facts.x: expected ")
    assert problem.endswith(f"; found {found}")


def test_an_export_is_no_larger_than_an_agreement_file() -> None:
    assert problems(" " * 5_000_001) == [
        "export.json: (document): file too large (limit 5000000 bytes)"
    ]


def test_a_missing_export_file_names_it(tmp_path: Path) -> None:
    with pytest.raises(InvalidDocument) as caught:
        load_export(tmp_path / "none.json")
    assert caught.value.message(Lang.EN) == f"{tmp_path / 'none.json'}: (document): no such file"
