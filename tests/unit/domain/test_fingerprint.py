"""The fingerprint of an agreement's text (RFC 8785 canonical JSON, SHA-256)."""

from __future__ import annotations

import hashlib
from typing import Any

import orjson
import rfc8785
from hypothesis import given
from hypothesis import strategies as st

from bargain.domain.agreement import Agreement
from bargain.domain.fingerprint import TEXT_FIELDS, canonical_text, text_fingerprint
from bargain.domain.procedure import Status
from bargain.files import load_agreement

EXAMPLES = (
    "examples/bengbu-delivery-sector-agreement.yaml",
    "examples/bengbu-delivery-spring-festival-2021.yaml",
)


def test_the_canonical_text_is_the_rfc8785_form_of_the_text_fields() -> None:
    for path in EXAMPLES:
        agreement = load_agreement(path)
        text = {name: agreement.model_dump(mode="json")[name] for name in TEXT_FIELDS}
        assert canonical_text(agreement) == rfc8785.dumps(text), path
        assert text_fingerprint(agreement) == hashlib.sha256(rfc8785.dumps(text)).hexdigest()


def _schema_nodes(node: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        found.append(node)
        for value in node.values():
            found.extend(_schema_nodes(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(_schema_nodes(value))
    return found


def test_a_text_holds_only_values_where_sorted_compact_json_is_rfc8785() -> None:
    # The fast writer equals RFC 8785 when there is no float, every integer is exactly
    # representable as a double, and every key is ASCII (sorting by bytes = by UTF-16 units).
    schema = Agreement.model_json_schema(mode="serialization")
    text_defs: set[str] = set()
    pending = [schema["properties"][name] for name in TEXT_FIELDS]
    while pending:  # the definitions the text fields reach
        for node in _schema_nodes(pending.pop()):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.split("/")[-1] not in text_defs:
                text_defs.add(ref.split("/")[-1])
                pending.append(schema["$defs"][ref.split("/")[-1]])
    nodes = [n for d in text_defs for n in _schema_nodes(schema["$defs"][d])]
    nodes += [n for name in TEXT_FIELDS for n in _schema_nodes(schema["properties"][name])]
    assert not [n for n in nodes if n.get("type") == "number"]
    integers = [n for n in nodes if n.get("type") == "integer"]
    assert integers
    assert all(n.get("maximum", 2**53) < 2**53 for n in integers), integers
    assert all(n.get("minimum", -(2**53)) > -(2**53) for n in integers), integers
    for node in nodes:
        for name in node.get("properties", {}):
            assert name.isascii(), name
        if "additionalProperties" in node and node["additionalProperties"] is not False:
            keys = node.get("propertyNames", {})
            assert "$ref" in keys, node  # keys from an enum of ASCII category names
            enum = schema["$defs"][keys["$ref"].split("/")[-1]]["enum"]
            assert all(value.isascii() for value in enum)


_keys = st.text(st.characters(max_codepoint=127), max_size=6)
_json = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**53) + 1, 2**53 - 1)
    | st.text(st.characters(exclude_categories=("Cs",))),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_keys, inner, max_size=4),
    max_leaves=20,
)


@given(_json)
def test_the_fast_writer_equals_rfc8785_on_such_values(value: Any) -> None:
    assert orjson.dumps(value, option=orjson.OPT_SORT_KEYS) == rfc8785.dumps(value)


def test_the_record_and_the_title_are_not_part_of_the_text() -> None:
    agreement = load_agreement(EXAMPLES[0])
    moved_on = agreement.model_copy(update={"status": Status.EFFECTIVE, "title": "另一标题"})
    assert text_fingerprint(moved_on) == text_fingerprint(agreement)
    without_organisations = agreement.union.model_copy(update={"organisations": ()})
    assert text_fingerprint(agreement.model_copy(update={"union": without_organisations})) != (
        text_fingerprint(agreement)
    )


def test_a_known_fingerprint_follows_copies_that_keep_the_text_and_only_those() -> None:
    agreement = load_agreement(EXAMPLES[0])
    fresh = text_fingerprint(agreement)
    kept = agreement.model_copy(update={"status": Status.SIGNED, "title": "另一标题"})
    assert kept._text_fingerprint == fresh  # carried, not computed again
    for field, value in (
        ("clauses", agreement.clauses[:-1]),
        ("term", None),
        ("scope", agreement.scope.model_copy(update={"region": "340000"})),
    ):
        changed = agreement.model_copy(update={field: value})
        assert changed._text_fingerprint is None, field
        expected = hashlib.sha256(canonical_text(changed)).hexdigest()
        assert text_fingerprint(changed) == expected != fresh, field


def test_knowing_the_fingerprint_does_not_change_equality() -> None:
    known, unknown = load_agreement(EXAMPLES[0]), load_agreement(EXAMPLES[0])
    text_fingerprint(known)
    assert known == unknown
    assert unknown == known
    assert known != known.model_copy(update={"clauses": ()})
