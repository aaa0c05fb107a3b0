"""Text holds no control or bidirectional-override character, however it comes in.

A raw control character is refused by the YAML reader; the same character written as an escape
(``"\\0"`` in YAML, ``\\u0000`` in JSON), passed from Python, or carried by an event is refused by the
model, with the field path. A bidirectional override (U+202E) can make a clause display in an order
other than the one stored and signed, so it is refused too. Nothing is ever printed raw.
"""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator
from pydantic import ValidationError

from bargain import (
    InvalidDocument,
    Lang,
    Problem,
    Role,
    Trigger,
    UnknownAgreement,
    json_schema,
    parse_agreement,
)
from bargain.domain.language import Bilingual
from bargain.law.procedure import lifecycle as law_lifecycle
from tests.factories import a_pay_clause
from tests.steps import procedure_agreement, walk
from tests.unit.test_loader import MINIMAL


def _clause_text(written: str) -> str:
    return MINIMAL + f'clauses:\n  - {{id: p, kind: PAY, heading: 报酬, text: "条文{written}"}}\n'


def _refused(text: str, fmt: str = "yaml") -> Problem:
    with pytest.raises(InvalidDocument) as caught:
        parse_agreement(text, source="t", fmt=fmt)  # type: ignore[arg-type]
    [problem] = caught.value.problems
    return problem


@pytest.mark.parametrize(
    ("written", "code"),
    [("\\0", "U+0000"), ("\\e", "U+001B"), ("\\x7f", "U+007F"), ("\\x85", "U+0085")],
)
def test_a_control_character_written_as_a_yaml_escape_is_refused(written: str, code: str) -> None:
    problem = _refused(_clause_text(written))
    assert problem.path == "clauses[0].text"
    assert problem.render(Lang.EN).startswith(
        f"t:13: clauses[0].text: a control character {code} is not allowed; found '条文\\"
    )
    assert f"含有不允许的控制字符 {code}" in problem.render(Lang.ZH)


@pytest.mark.parametrize(
    ("escape", "expected", "found"),
    [
        ("\\u0000", "a control character U+0000 is not allowed", "\\x00"),
        ("\\u001b", "a control character U+001B is not allowed", "\\x1b"),
        ("\\ud800", "U+D800 is not a valid Unicode character", "\\ud800"),
    ],
)
def test_a_control_character_written_as_a_json_escape_is_refused(
    escape: str, expected: str, found: str
) -> None:
    data = parse_agreement(MINIMAL).model_dump(mode="json")
    data["union"]["organisations"][0]["name"] = "某工会"
    text = json.dumps(data).replace("\\u67d0\\u5de5\\u4f1a", f"\\u67d0{escape}")
    problem = _refused(text, fmt="json")
    assert problem.render(Lang.EN) == (
        f"t: union.organisations[0].name: {expected}; found '某{found}'"
    )


@pytest.mark.parametrize(
    "code", [0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069]
)
def test_a_bidirectional_override_in_a_clause_is_refused_in_both_languages(code: int) -> None:
    problem = _refused(_clause_text(chr(code)))
    hex_code = f"U+{code:04X}"
    assert problem.path == "clauses[0].text"
    assert problem.expected == Bilingual(
        f"含有不允许的双向文本控制字符 {hex_code}（可使文字的显示顺序与存储的不同）",
        f"a bidirectional control character {hex_code} is not allowed "
        "(it can make text display in an order other than the one stored)",
    )
    assert chr(code) not in problem.render(Lang.EN)
    assert f"\\u{code:04x}" in problem.render(Lang.EN)


def test_python_construction_refuses_what_the_loader_refuses() -> None:
    with pytest.raises(ValidationError, match="a control character U\\+0000 is not allowed"):
        a_pay_clause(text="条文\0")
    with pytest.raises(ValidationError, match="bidirectional control character U\\+202E"):
        a_pay_clause(heading="\u202e报酬")
    with pytest.raises(InvalidDocument, match="<PayClause>: text_en: a control character U\\+001B"):
        a_pay_clause().changed(text_en="red \x1b[31m")


def test_line_breaks_and_tabs_stay_allowed_in_clause_text() -> None:
    assert a_pay_clause(text="第一款\n第二款\t（略）\r\n").text.startswith("第一款\n")


def test_a_problem_never_prints_a_control_character_raw() -> None:
    problem = Problem(
        source="bad\x1b[2Jname.yaml",
        path="clauses[0].\u202etext",
        expected=Bilingual("应为\x07文本", "expected\x07 text"),
        found="'\x1b[31mred\x00'",
    )
    for lang in Lang:
        rendered = problem.render(lang)
        assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in rendered), rendered
        assert "\u202e" not in rendered
        assert "\\x1b[31mred\\x00" in rendered


def test_the_schema_refuses_the_characters_the_model_refuses() -> None:
    validator = Draft202012Validator(json_schema("PayClause"))
    clause = {"id": "c", "heading": "报酬", "text": "第一款\n第二款"}
    assert validator.is_valid(clause)
    for bad in ("\0", "\x1b", "\u202e", "\u2066", "\x85"):
        assert not validator.is_valid({**clause, "text": f"条文{bad}"}), repr(bad)
        assert not validator.is_valid({**clause, "heading": f"报酬{bad}"}), repr(bad)


def test_an_event_cannot_carry_a_control_character_in_its_facts() -> None:
    lifecycle = law_lifecycle()
    _, [event] = walk(lifecycle, procedure_agreement(), [(Trigger.SEND_OFFER, Role.UNION_CHIEF)])
    with pytest.raises(InvalidDocument) as caught:
        event.changed(facts={**event.facts, "offer": {**event.facts["offer"], "topics": ["\0"]}})
    [problem] = caught.value.problems
    assert problem.render(Lang.EN).startswith(
        "<Event>: facts: a control character U+0000 is not allowed"
    )


def test_an_id_with_a_control_character_is_refused_and_never_printed_raw() -> None:
    with pytest.raises(InvalidDocument, match="expected an identifier"):
        procedure_agreement().changed(id="demo\x1b")
    error = UnknownAgreement("demo\x1b[2J")
    assert "\x1b" not in str(error)
    assert error.message(Lang.EN) == "no agreement with id 'demo\\x1b[2J'"
