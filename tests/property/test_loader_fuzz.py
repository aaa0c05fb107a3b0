"""The loader's promise: whatever it is given, it returns an agreement or raises InvalidDocument."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bargain import Agreement, InvalidDocument, dump_agreement, load_agreement
from bargain.domain.money import Per, Rate
from bargain.render.filters import chinese_numeral
from tests.conftest import SPRING_FESTIVAL

EXAMPLE = load_agreement(SPRING_FESTIVAL)
EXAMPLE_DATA = EXAMPLE.model_dump(mode="json", exclude_none=True)

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20)
    | st.sampled_from(["12.5/order", "2021-02-30", "PAY", "sector", "340300", "-1/day", "1e999"])
)
RATES = [Rate(amount=Decimal(a), per=p) for a in ("0", "12.5", "-1") for p in Per]
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)


def outcome_of(text: str | bytes, fmt: str) -> Agreement | InvalidDocument:
    """Parse, letting any exception but InvalidDocument fail the test; check the problems."""
    try:
        return _parse(text, fmt)
    except InvalidDocument as error:
        outcome: InvalidDocument = error
    assert outcome.problems
    for problem in outcome.problems:
        assert "\n" not in problem.render(), problem
    return outcome


def _parse(text: str | bytes, fmt: str) -> Agreement:
    from bargain import parse_agreement

    return parse_agreement(text, source="fuzz", fmt=fmt)  # type: ignore[arg-type]


@settings(max_examples=150)
@given(st.text(max_size=300))
@example("{")
@example("a: &x [*x]")
@example("- - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - -")
@example("[" * 2000)
@example("!!python/object/apply:os.system ['true']")
@example("id: !!binary ZZZ")
@example("? [a, b]\n: c\n")
def test_random_text_never_escapes_the_loader(text: str) -> None:
    outcome_of(text, "yaml")
    outcome_of(text, "json")


@settings(max_examples=100)
@given(st.binary(max_size=300))
def test_random_bytes_never_escape_the_loader(data: bytes) -> None:
    outcome_of(data, "yaml")
    outcome_of(data, "json")


@settings(max_examples=100)
@given(json_values)
def test_random_documents_never_escape_the_loader(document: Any) -> None:
    text = json.dumps(document, default=str)
    outcome_of(text, "json")
    outcome_of(yaml.safe_dump(document, allow_unicode=True), "yaml")


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


PATHS = _paths(EXAMPLE_DATA)


def _mutate(data: Any, path: tuple[Any, ...], replacement: Any, delete: bool) -> Any:
    copy = json.loads(json.dumps(data))
    parent = copy
    for part in path[:-1]:
        parent = parent[part]
    if delete:
        del parent[path[-1]]
    else:
        parent[path[-1]] = replacement
    return copy


@settings(max_examples=200)
@given(st.sampled_from(PATHS), json_values, st.booleans(), st.sampled_from(["yaml", "json"]))
def test_mutated_examples_give_an_agreement_or_problems_that_name_a_path(
    path: tuple[Any, ...], replacement: Any, delete: bool, fmt: str
) -> None:
    mutated = _mutate(EXAMPLE_DATA, path, replacement, delete)
    if fmt == "json":
        text = json.dumps(mutated, ensure_ascii=False, default=str)
    else:
        text = yaml.safe_dump(mutated, allow_unicode=True)
    outcome = outcome_of(text, fmt)
    if isinstance(outcome, InvalidDocument):
        assert any(p.path or p.line for p in outcome.problems) or fmt == "json"


@settings(max_examples=50)
@given(st.integers(min_value=0, max_value=len(dump_agreement(EXAMPLE)) - 1), st.text(max_size=5))
def test_an_example_with_text_spliced_in_never_escapes_the_loader(
    position: int, inserted: str
) -> None:
    text = dump_agreement(EXAMPLE)
    outcome_of(text[:position] + inserted + text[position:], "yaml")


@given(
    st.decimals(min_value=0, max_value=10**9, places=4, allow_nan=False, allow_infinity=False),
    st.sampled_from(list(Per)),
)
def test_a_rate_reads_back_from_its_text(amount: Decimal, per: Per) -> None:
    rate = Rate(amount=amount, per=per)
    assert Rate.parse(str(rate)) == rate


def test_chinese_numerals_are_distinct_for_distinct_numbers() -> None:
    written = {chinese_numeral(n) for n in range(100_001)}
    assert len(written) == 100_001


CLAUSE_FIELDS = [
    (index, name)
    for index, clause in enumerate(EXAMPLE.clauses)
    for name in type(clause).model_fields
    if name != "kind"
]


@settings(max_examples=200)
@given(st.sampled_from(CLAUSE_FIELDS), json_values | st.sampled_from(RATES))
def test_what_changed_accepts_the_loader_reads_back(field: tuple[int, str], value: Any) -> None:
    index, name = field
    clause = EXAMPLE.clauses[index]
    try:
        agreement = EXAMPLE.with_clause(clause.changed(**{name: value}))
    except InvalidDocument as error:
        refused: InvalidDocument = error
    else:
        for fmt in ("yaml", "json"):
            assert _parse(dump_agreement(agreement, fmt), fmt) == agreement  # type: ignore[arg-type]
        return
    assert all(p.path for p in refused.problems)
