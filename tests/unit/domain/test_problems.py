"""One translation from ValidationError to Problems, for every reader."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bargain import Lang
from bargain.domain.clauses import parse_clause
from bargain.domain.language import Bilingual
from bargain.domain.money import Rate
from bargain.domain.problems import problems_from


def _error(data: object) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        parse_clause(data)
    return caught.value


def test_the_union_tag_never_shows_in_a_path_with_or_without_the_input() -> None:
    data = {"kind": "PAY", "id": "pay", "heading": "劳动报酬", "text": "…", "piece_rate": "1/day"}
    error = _error(data)
    for problems in (
        problems_from(error, source="f.yaml", data=data),
        problems_from(error, source="f.yaml"),
    ):
        [problem] = problems
        assert problem.render(Lang.EN) == (
            "f.yaml: piece_rate: expected a rate per order, not per day; found '1/day'"
        )


def test_an_unknown_kind_lists_the_kinds_in_both_languages() -> None:
    data = {"kind": "XX", "id": "a", "heading": "h", "text": "t"}
    [problem] = problems_from(_error(data), source="f", data=data)
    kinds = "PAY, HOURS, REST, OSH, INS, SPECIAL, TRAIN, LC, DISC, RED, ALGO, TERM, VAR, DISP, LIAB, OTHER"
    assert problem.render(Lang.EN) == f"f: (document): kind should be one of: {kinds}"
    assert problem.render(Lang.ZH) == f"f: (文档): 条款类型 kind 应为以下之一：{kinds}"


def test_a_reader_may_place_the_value_and_name_unknown_fields_its_own_way() -> None:
    with pytest.raises(ValidationError) as caught:
        Rate.model_validate({"amount": 1, "per": "day", "extra": 1})
    [problem] = problems_from(
        caught.value,
        source="<step>",
        at=("details", 0),
        unknown_field=Bilingual("这一步没有这一项", "the step takes no such detail"),
    )
    assert (
        problem.render(Lang.EN)
        == "<step>: details[0].extra: the step takes no such detail; found 1"
    )
