from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from bargain import InvalidDocument, Lang
from bargain.domain.references import LegalReference
from bargain.law.parameters import (
    Confidence,
    DatedValue,
    ValueHistory,
    default_parameters,
    load_parameters,
)
from bargain.law.wages import minimum_wage

GOOD = """\
references:
  ll-44: {instrument: 劳动法, article: 44}
parameters:
  demo.rate:
    unit: "%"
    reference: ll-44
    values:
      - {start: 2000-01-01, value: 150}
      - {start: 2010-01-01, value: 175.5, confidence: secondary}
      - {start: 2015-01-01, announced: true}
      - {start: 2020-01-01, value: null}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "params.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_values_are_read_with_their_dates_references_and_confidence(tmp_path: Path) -> None:
    history = load_parameters(write(tmp_path, GOOD)).history("demo.rate")
    first = history.value_at(dt.date(2005, 6, 1))
    assert first is not None
    assert first.value == 150
    assert first.reference == LegalReference(instrument="劳动法", article=44)
    later = history.value_at(dt.date(2012, 1, 1))
    assert later is not None
    assert (later.value, later.confidence) == (Decimal("175.5"), Confidence.SECONDARY)


def test_an_announced_value_is_skipped_and_marks_the_earlier_one_unconfirmed(
    tmp_path: Path,
) -> None:
    entry = (
        load_parameters(write(tmp_path, GOOD)).history("demo.rate").value_at(dt.date(2016, 1, 1))
    )
    assert entry is not None
    assert entry.value == Decimal("175.5")
    assert entry.confidence is Confidence.UNCONFIRMED


def test_a_null_value_ends_the_rule_and_nothing_is_in_force_before_the_first(
    tmp_path: Path,
) -> None:
    history = load_parameters(write(tmp_path, GOOD)).history("demo.rate")
    assert history.value_at(dt.date(2021, 1, 1)) is None
    assert history.value_at(dt.date(1999, 12, 31)) is None


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        (
            (
                "      - {start: 2000-01-01, value: 150}\n",
                "      - {start: 2000-01-01, value: 150}\n      - {start: 1999-01-01, value: 1}\n",
            ),
            'parameters["demo.rate"]',
            "values must be in date order",
        ),
        (
            ('    unit: "%"\n', '    unit: "%"\n    units: x\n'),
            'parameters["demo.rate"].units',
            "an unknown field (a typo?); found 'x'",
        ),
        (('    unit: "%"\n', '    unit: "%"\n    unit: x\n'), "", "the key 'unit' appears twice"),
        (("2010-01-01", "2010-02-30"), "", "cannot read the YAML: day is out of range for month"),
        (
            ("reference: ll-44", "reference: ll-45"),
            'parameters["demo.rate"]',
            "unknown reference 'll-45'",
        ),
        (
            ("start: 2015-01-01, announced: true", "start: 2015-01-01, announced: true, value: 3"),
            'parameters["demo.rate"].values[2]',
            "an announced change has no value yet",
        ),
    ],
)
def test_a_bad_parameter_file_names_the_file_and_the_key(
    tmp_path: Path, change: tuple[str, str], path: str, message: str
) -> None:
    before, after = change
    assert before in GOOD
    file = write(tmp_path, GOOD.replace(before, after, 1))
    with pytest.raises(InvalidDocument) as caught:
        load_parameters(file)
    [problem] = caught.value.problems
    assert problem.source == str(file)
    assert problem.path == path
    assert message in problem.render(Lang.EN)


def test_a_parameter_defined_in_two_files_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(GOOD, encoding="utf-8")
    with pytest.raises(InvalidDocument, match="already defined in"):
        load_parameters(tmp_path)


def test_a_union_can_add_its_own_province_beside_the_shipped_data(tmp_path: Path) -> None:
    jiangsu = tmp_path / "jiangsu.yaml"
    jiangsu.write_text(
        """\
parameters:
  minimum_wage.monthly.320000.tier_1:
    values: [{start: 2023-01-01, value: 2490, confidence: secondary}]
  minimum_wage.tier.320412:
    values: [{start: 2023-01-01, value: 1, confidence: unconfirmed}]
""",
        encoding="utf-8",
    )
    parameters = default_parameters().merged(load_parameters(jiangsu))
    wage = minimum_wage(parameters, "320412", dt.date(2024, 1, 1), "monthly")
    assert wage is not None
    assert (wage.amount, wage.confidence) == (Decimal("2490"), Confidence.UNCONFIRMED)


@pytest.mark.parametrize(
    ("region", "day", "kind", "amount"),
    [
        ("340300", dt.date(2016, 1, 1), "monthly", "1350"),
        ("340300", dt.date(2021, 1, 26), "monthly", "1380"),
        ("340300", dt.date(2021, 1, 26), "hourly", "16"),
        ("340321", dt.date(2021, 1, 26), "monthly", "1280"),
        ("340300", dt.date(2023, 3, 1), "monthly", "1930"),
        ("340300", dt.date(2023, 3, 1), "hourly", "20"),
    ],
)
def test_bengbu_minimum_wages_by_date_follow_legal_reference_2_5(
    region: str, day: dt.date, kind: str, amount: str
) -> None:
    wage = minimum_wage(default_parameters(), region, day, kind)  # type: ignore[arg-type]
    assert wage is not None
    assert wage.amount == Decimal(amount)


def test_before_any_data_there_is_no_minimum_wage() -> None:
    assert minimum_wage(default_parameters(), "340300", dt.date(2010, 1, 1), "monthly") is None


def test_every_shipped_value_carries_a_reference() -> None:
    for history in default_parameters():
        for value in history.values:
            assert value.reference is not None, history.name


def test_citations_are_written_the_chinese_way_and_the_english_way() -> None:
    reference = LegalReference(instrument="劳动法", article=44, item=3)
    assert reference.format() == "《劳动法》第四十四条第（三）项"
    assert reference.format(Lang.EN) == "Labour Law, Art 44(3)"


def test_a_history_must_be_in_date_order() -> None:
    with pytest.raises(ValueError, match="values must be in date order"):
        ValueHistory(
            name="x",
            values=(
                DatedValue(start=dt.date(2020, 1, 1), value=1),
                DatedValue(start=dt.date(2020, 1, 1), value=2),
            ),
        )
