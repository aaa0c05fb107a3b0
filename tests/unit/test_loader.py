"""bargain.files: every fault in a document becomes a problem a person can act on."""

from __future__ import annotations

from pathlib import Path

import pytest

from bargain import InvalidDocument, Lang, dump_agreement, load_agreement, parse_agreement
from bargain.files import format_path
from tests.conftest import SECTOR_AGREEMENT, SPRING_FESTIVAL

MINIMAL = """\
id: demo
title: 示例集体合同
kind: sector
union:
  organisations:
    - {id: u, name: 某工会, kind: union}
employer:
  organisations:
    - {id: e, name: 某企业, kind: enterprise}
scope:
  region: "340300"
"""


def problems(text: str, fmt: str = "yaml") -> list[tuple[str, int | None, str]]:
    with pytest.raises(InvalidDocument) as caught:
        parse_agreement(text, source="t.yaml", fmt=fmt)  # type: ignore[arg-type]
    return [(p.path, p.line, p.render(Lang.EN)) for p in caught.value.problems]


def test_a_minimal_agreement_loads() -> None:
    agreement = parse_agreement(MINIMAL)
    assert agreement.id == "demo"
    assert agreement.clauses == ()


def test_both_examples_load() -> None:
    assert load_agreement(SPRING_FESTIVAL).kind.value == "supplementary"
    assert len(load_agreement(SECTOR_AGREEMENT).clauses) >= 16


def test_a_missing_field_is_named_with_the_line_of_its_parent() -> None:
    text = MINIMAL.replace("title: 示例集体合同\n", "")
    assert problems(text) == [("title", 1, "t.yaml:1: title: a required field is missing")]


def test_an_unknown_field_is_reported_as_a_possible_typo() -> None:
    text = MINIMAL.replace("scope:\n", "scop: x\nscope:\n")
    assert problems(text) == [
        ("scop", 10, "t.yaml:10: scop: an unknown field (a typo?); found 'x'")
    ]


def test_a_bad_clause_field_has_a_path_without_the_union_tag() -> None:
    text = MINIMAL + (
        "clauses:\n"
        "  - {id: p, kind: PAY, heading: 报酬, text: 条文}\n"
        "  - id: q\n"
        "    kind: PAY\n"
        "    heading: 报酬\n"
        "    text: 条文\n"
        "    monthly_floor: 21/hour\n"
    )
    [(path, line, rendered)] = problems(text)
    assert path == "clauses[1].monthly_floor"
    assert line == 18
    assert rendered == (
        "t.yaml:18: clauses[1].monthly_floor: expected a rate per month, not per hour; "
        "found '21/hour'"
    )


def test_an_unknown_clause_kind_lists_the_kinds() -> None:
    text = MINIMAL + "clauses:\n  - {id: p, kind: BONUS, heading: 奖金, text: 条文}\n"
    [(path, _, rendered)] = problems(text)
    assert path == "clauses[0]"
    assert "kind should be one of: PAY, HOURS, REST, OSH" in rendered


def test_several_problems_are_reported_together_in_document_order() -> None:
    text = MINIMAL.replace("kind: sector", "kind: sectoral").replace('"340300"', '"34"')
    found = problems(text)
    assert [p for p, _, _ in found] == ["kind", "scope.region"]
    assert found[1][2] == (
        "t.yaml:11: scope.region: expected a six-digit GB/T 2260 region code (340300 for "
        "Bengbu); found '34'"
    )


def test_a_key_written_twice_is_an_error_in_yaml() -> None:
    [(path, line, rendered)] = problems(MINIMAL + "title: 又一个标题\n")
    assert (path, line) == ("", 12)
    assert "the key 'title' appears twice (first on line 2)" in rendered


def test_a_key_written_twice_is_an_error_in_json() -> None:
    [(_, _, rendered)] = problems('{"id": "a", "id": "b"}', fmt="json")
    assert rendered == "t.yaml: (document): cannot read the JSON: the key 'id' appears twice"


def test_yaml_aliases_are_refused() -> None:
    text = MINIMAL.replace('scope:\n  region: "340300"\n', 'scope: &s\n  region: "340300"\nx: *s\n')
    [(_, line, rendered)] = problems(text)
    assert line == 12
    assert "aliases (*name) are not allowed" in rendered


def test_an_impossible_date_is_reported() -> None:
    [(_, _, rendered)] = problems(MINIMAL + "term: {start: 2021-02-30, end: 2021-03-01}\n")
    assert "cannot read the YAML" in rendered
    assert "day is out of range for month" in rendered


def test_a_date_with_a_time_is_refused() -> None:
    [(path, _, rendered)] = problems(
        MINIMAL + "term: {start: '2021-02-01T10:00:00', end: 2021-03-01}\n"
    )
    assert path == "term.start"
    assert "expected a date without a time" in rendered


def test_broken_yaml_syntax_gives_the_line() -> None:
    [(_, line, rendered)] = problems("id: a\ntitle: [unclosed\n")
    assert line == 3
    assert rendered.startswith("t.yaml:3: (document): invalid YAML:")


def test_broken_json_syntax_gives_the_line() -> None:
    [(_, line, rendered)] = problems('{\n  "id": "a",\n}', fmt="json")
    assert line == 3
    assert "invalid JSON" in rendered


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "the file is empty"),
        ("- a\n- b\n", "expected a mapping at the top level; found a list of 2"),
        ("just text\n", "expected a mapping at the top level; found 'just text'"),
    ],
)
def test_a_document_that_is_not_an_agreement_at_all(text: str, expected: str) -> None:
    [(_, _, rendered)] = problems(text)
    assert rendered.endswith(expected)


def test_bytes_that_are_not_utf8_are_reported_with_their_offset() -> None:
    with pytest.raises(InvalidDocument) as caught:
        parse_agreement(b"id: \xff\n", source="t.yaml")
    assert caught.value.problems[0].render(Lang.EN) == (
        "t.yaml: (document): expected UTF-8 text; found a byte 0xff at offset 4"
    )


def test_a_byte_order_mark_is_accepted() -> None:
    assert parse_agreement(b"\xef\xbb\xbf" + MINIMAL.encode()).id == "demo"


def test_a_missing_file_and_a_directory_are_named(tmp_path: Path) -> None:
    with pytest.raises(InvalidDocument, match="no such file"):
        load_agreement(tmp_path / "nope.yaml")
    with pytest.raises(InvalidDocument, match="is a directory"):
        load_agreement(tmp_path)


def test_a_json_file_is_read_as_json(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(dump_agreement(load_agreement(SPRING_FESTIVAL), "json"), encoding="utf-8")
    assert load_agreement(path) == load_agreement(SPRING_FESTIVAL)


@pytest.mark.parametrize("fmt", ["yaml", "json"])
@pytest.mark.parametrize("example", [SPRING_FESTIVAL, SECTOR_AGREEMENT], ids=lambda p: p.stem)
def test_a_dumped_agreement_reads_back_equal(example: Path, fmt: str) -> None:
    agreement = load_agreement(example)
    assert parse_agreement(dump_agreement(agreement, fmt), fmt=fmt) == agreement  # type: ignore[arg-type]


def test_problems_render_in_chinese_by_default() -> None:
    text = MINIMAL.replace('"340300"', '"34"')
    with pytest.raises(InvalidDocument) as caught:
        parse_agreement(text, source="t.yaml")
    assert caught.value.problems[0].render() == (
        "t.yaml:11: scope.region: 应为六位行政区划代码（GB/T 2260，如蚌埠市 340300）；实际为 '34'"
    )
    assert str(caught.value).startswith("t.yaml:11: scope.region: 应为六位行政区划代码")


def test_long_values_are_shortened_in_messages() -> None:
    [(_, _, rendered)] = problems(MINIMAL.replace('"340300"', '"' + "9" * 200 + '"'))
    assert rendered.endswith("…")
    assert len(rendered) < 200


def test_paths_are_written_the_way_users_write_them() -> None:
    assert format_path(("clauses", 3, "monthly_floor")) == "clauses[3].monthly_floor"
    assert format_path(()) == ""
    assert format_path(("a b", "x\ny", 0)) == '["a b"]["x\\ny"][0]'
