from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator

from bargain import UnknownModel, json_schema, load_agreement, public_model_names
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
