"""Properties of the law layer: dated values and rules hold for any input, not just examples."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from bargain import Agreement, InvalidDocument, Report, load_agreement, parse_agreement, validate
from bargain.law.parameters import DatedValue, ValueHistory
from tests.conftest import SECTOR_AGREEMENT

days = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2035, 12, 31))


@st.composite
def histories(draw: st.DrawFn) -> ValueHistory:
    starts = sorted(draw(st.sets(days, min_size=1, max_size=8)))
    values = []
    for start in starts:
        kind = draw(st.sampled_from(["value", "value", "end", "announced"]))
        if kind == "value":
            values.append(DatedValue(start=start, value=draw(st.integers(0, 10_000))))
        elif kind == "end":
            values.append(DatedValue(start=start, value=None))
        else:
            values.append(DatedValue(start=start, announced=True))
    return ValueHistory(name="p", values=tuple(values))


def oracle(history: ValueHistory, day: dt.date) -> Any:
    """The value in force by brute force: the last known entry that started on or before day."""
    known = [v for v in history.values if v.start <= day and not v.announced]
    return known[-1].value if known else None


@given(histories(), days)
def test_the_value_in_force_is_the_last_known_one_started_on_or_before_the_day(
    history: ValueHistory, day: dt.date
) -> None:
    entry = history.value_at(day)
    assert (None if entry is None else entry.value) == oracle(history, day)


SECTOR_DATA = load_agreement(SECTOR_AGREEMENT).model_dump(mode="json", exclude_none=True)
NUMERIC_FIELDS = [
    (index, name)
    for index, clause in enumerate(SECTOR_DATA["clauses"])
    for name, value in clause.items()
    if isinstance(value, int | float) and not isinstance(value, bool)
]


@settings(max_examples=150)
@given(
    st.sampled_from(NUMERIC_FIELDS),
    st.integers(min_value=-5, max_value=5000),
    days,
)
def test_any_agreement_that_loads_can_be_judged_without_crashing(
    field: tuple[int, str], value: int, day: dt.date
) -> None:
    data = json.loads(json.dumps(SECTOR_DATA))
    index, name = field
    data["clauses"][index][name] = value
    try:
        agreement = parse_agreement(yaml.safe_dump(data, allow_unicode=True))
    except InvalidDocument:
        return
    report = validate(agreement, day)
    assert isinstance(report, Report)
    for finding in report:
        assert finding.path == "" or finding.path.startswith(
            ("clauses", "union", "employer", "recorder", "term", "supplements")
        )
        assert finding.citation.instrument


@settings(max_examples=60)
@given(st.integers(min_value=0, max_value=3000))
def test_raising_a_monthly_floor_never_adds_minimum_wage_errors(floor: int) -> None:
    base = load_agreement(SECTOR_AGREEMENT)
    clause = base.clause("pay-levels")

    def errors_at(amount: int) -> int:
        changed: Agreement = base.with_clause(
            type(clause).model_validate({**dict(clause), "monthly_floor": f"{amount}/month"})
        )
        return len(validate(changed).by_rule("PAY-MIN-WAGE"))

    assert errors_at(floor + 100) <= errors_at(floor)
