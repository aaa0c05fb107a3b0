from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator
from pydantic import ValidationError

from bargain import Agreement, UnknownModel, json_schema, load_agreement, public_model_names
from bargain.domain.clauses import DisciplineClause, PayClause
from bargain.domain.money import Per
from tests.conftest import SECTOR_AGREEMENT, SPRING_FESTIVAL


def test_the_agreement_schema_is_valid_draft_2020_12() -> None:
    schema = json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("name", public_model_names())
def test_every_public_model_has_a_valid_schema(name: str) -> None:
    schema = json_schema(name)
    Draft202012Validator.check_schema(schema)
    assert schema.get("title", "Clause") == name


@pytest.mark.parametrize("example", [SPRING_FESTIVAL, SECTOR_AGREEMENT], ids=lambda p: p.stem)
@pytest.mark.parametrize("mode", ["validation", "serialization"])
def test_what_bargain_writes_validates_against_its_schema(example: object, mode: str) -> None:
    data = load_agreement(example).model_dump(mode="json")  # type: ignore[arg-type]
    Draft202012Validator(json_schema(mode=mode)).validate(data)  # type: ignore[arg-type]


def test_the_rate_shorthand_is_part_of_the_input_schema() -> None:
    validator = Draft202012Validator(json_schema("Rate"))
    validator.validate("12.5/order")
    validator.validate({"amount": "12.5", "per": "order"})
    assert not validator.is_valid("twelve")


def test_field_units_and_chinese_labels_are_in_the_schema() -> None:
    pay = json_schema("PayClause")["properties"]
    assert pay["overtime_premium"]["anyOf"][0]["x-unit"] == "%"
    assert pay["monthly_floor"]["description"].startswith("月保底收入:")


def test_an_unknown_model_name_lists_the_known_ones() -> None:
    with pytest.raises(UnknownModel) as caught:
        json_schema("Nope")
    assert "Agreement" in caught.value.known
    assert caught.value.message().startswith("没有名为“Nope”的公开模型")


RATE_FIELDS = [
    (PayClause, "piece_rate"),
    (PayClause, "hourly_floor"),
    (PayClause, "daily_floor"),
    (PayClause, "monthly_floor"),
    (DisciplineClause, "late_delivery_deduction"),
]


@pytest.mark.parametrize(("model", "field"), RATE_FIELDS, ids=lambda v: getattr(v, "__name__", v))
@pytest.mark.parametrize("per", list(Per))
@pytest.mark.parametrize("written", ["mapping", "text", "chinese"])
def test_the_schema_accepts_the_units_the_model_accepts(
    model: type[PayClause | DisciplineClause], field: str, per: Per, written: str
) -> None:
    value = {
        "mapping": {"amount": "12.5", "per": per.value},
        "text": f"12.5/{per.value}",
        "chinese": f"12.5元/{per.label.zh}",
    }[written]
    clause = {"id": "c", "heading": "h", "text": "t", field: value}
    schema = json_schema(model.__name__)
    try:
        model.model_validate(clause)
        accepted = True
    except ValidationError:
        accepted = False
    assert Draft202012Validator(schema).is_valid(clause) == accepted
    assert schema["properties"][field]["anyOf"][0]["x-per"] in {p.value for p in Per}


def test_a_negative_rate_is_refused_by_the_schema_as_by_the_model() -> None:
    validator = Draft202012Validator(json_schema("PayClause"))
    assert validator.is_valid({"id": "c", "heading": "h", "text": "t", "piece_rate": "4.5/order"})
    assert not validator.is_valid(
        {"id": "c", "heading": "h", "text": "t", "piece_rate": "-1/order"}
    )
    negative = {"amount": -1, "per": "order"}
    assert not validator.is_valid({"id": "c", "heading": "h", "text": "t", "piece_rate": negative})


def _agreement(**changes: object) -> dict[str, object]:
    data = load_agreement(SPRING_FESTIVAL).model_dump(mode="json", exclude_none=True)
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.parametrize(
    "changes",
    [
        {"kind": "special"},
        {"kind": "sector", "supplements": None, "topic": "wages"},
        {"kind": "sector", "supplements": {"title": "某合同"}},
        {"kind": "supplementary", "supplements": None},
        {"labour_bureau": {"id": "x", "name": "某局", "kind": "enterprise"}},
    ],
    ids=[
        "special-without-topic",
        "topic-not-special",
        "supplements-not-supplementary",
        "supplementary-without-parent",
        "bureau-not-a-bureau",
    ],
)
def test_cross_field_checks_are_in_the_schema(changes: dict[str, object]) -> None:
    data = _agreement(**changes)
    with pytest.raises(ValidationError):
        Agreement.model_validate(data)
    assert not Draft202012Validator(json_schema()).is_valid(data)


def test_an_organisation_on_the_wrong_side_is_refused_by_the_schema() -> None:
    data = _agreement()
    data["union"]["organisations"][0]["kind"] = "enterprise"  # type: ignore[index]
    assert not Draft202012Validator(json_schema()).is_valid(data)


def test_the_checks_the_schema_cannot_express_are_described() -> None:
    schema = json_schema()
    assert "clause ids are unique" in schema["description"]
    assert any("special" in check for check in schema["x-checks"])
