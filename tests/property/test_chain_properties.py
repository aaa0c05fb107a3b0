"""The chain's canonical JSON and replay, as three implementations compute them, agree.

- ``_chain.canonical`` (orjson, what bargain writes with), the ``rfc8785`` package (what it verifies
  with) and ``tools/verify_export.py``'s own RFC 8785 writer give the same bytes;
- the standalone verifier's replay of events on the opening's JSON gives the JSON of bargain's
  replay, on random walks through the procedure (lawful or not, text recorded or not);
- both verifiers give the same verdict on those histories, intact or tampered with.
"""

from __future__ import annotations

import copy
import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
import rfc8785
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bargain import Agreement, Event, InvalidDocument, ProcedureError, Role, Status, Trigger
from bargain.domain.calendar import DateRange, FixedClock
from bargain.domain.lifecycle import transition
from bargain.domain.parties import Recorder
from bargain.exchange import verify_export_file
from bargain.files import load_agreement
from bargain.law.procedure import lifecycle as law_lifecycle
from bargain.store._chain import canonical, seal
from tests.conftest import SECTOR_AGREEMENT
from tests.factories import a_pay_clause
from tests.integration.test_standalone_verifier import load_tool
from tests.steps import PATHS, lawful_step, procedure_agreement

LIFECYCLE = law_lifecycle()
TOOL = load_tool()
OPENINGS = (procedure_agreement(), load_agreement(SECTOR_AGREEMENT))
SAFE = 2**53 - 1


# --- canonical JSON -----------------------------------------------------------------------------

_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)
_any_json = st.recursive(
    st.none() | st.booleans() | st.integers(-SAFE, SAFE) | _text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_text, inner, max_size=4),
    max_leaves=24,
)


@given(_any_json)
def test_the_standalone_writer_is_rfc8785_on_any_json_without_floats(value: Any) -> None:
    # Any text: controls, U+2028, keys beyond the BMP (sorted by UTF-16 code units).
    assert TOOL.rfc8785(value) == rfc8785.dumps(value)


def test_keys_are_sorted_by_utf16_code_units_not_code_points() -> None:
    value = {"\U0001f600": 1, "\uff61": 2, "a": 3}  # U+1F600 is D83D DE00 in UTF-16: before FF61
    assert TOOL.rfc8785(value) == rfc8785.dumps(value)
    assert TOOL.rfc8785(value).decode().index("\U0001f600") < TOOL.rfc8785(value).decode().index(
        "\uff61"
    )


_names = st.from_regex(r"[a-z][a-z_]{0,11}", fullmatch=True)
# What an event's text may hold: no control character (they are refused before storage).
_plain = st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=12)
_facts = st.dictionaries(
    _names,
    st.recursive(
        st.none() | st.booleans() | st.integers(-SAFE, SAFE) | _plain,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_names, inner, max_size=3),
        max_leaves=10,
    ),
    max_size=5,
)


def _walk_events() -> list[dict[str, Any]]:
    agreement, events = OPENINGS[0], []
    for trigger, role in (
        (Trigger.SEND_OFFER, Role.UNION_CHIEF),
        (Trigger.ACCEPT_OFFER, Role.EMPLOYER_CHIEF),
    ):
        day, details = lawful_step(agreement, trigger)
        step = LIFECYCLE.fire(agreement, trigger, role, at=FixedClock(day).now(), **details)
        agreement = step.agreement
        events.append(step.event.model_dump(mode="json"))
    return events


BASE_EVENTS = _walk_events()


@settings(suppress_health_check=[HealthCheck.filter_too_much])
@given(
    st.sampled_from(BASE_EVENTS), _facts, _plain, st.lists(st.tuples(_plain, _plain), max_size=2)
)
def test_bargains_writer_is_rfc8785_on_event_bodies(
    base: dict[str, Any], facts: dict[str, Any], name: str, notes: list[tuple[str, str]]
) -> None:
    body = {
        **base,
        "facts": facts,
        "actor": {**base["actor"], "name": name},
        "notes": [{"zh": zh, "en": en} for zh, en in notes],
    }
    try:
        event = Event.model_validate(body)
    except InvalidDocument:
        assume(False)  # text an event refuses (controls, empty notes)
        raise
    except ValueError:
        assume(False)
        raise
    dumped = event.model_dump(mode="json")
    assert canonical(dumped) == rfc8785.dumps(dumped) == TOOL.rfc8785(dumped)


# --- replay and verdicts on random walks --------------------------------------------------------

attempts = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=9).map(bool),  # mostly a step allowed now: runs go deep
        st.integers(min_value=0, max_value=1000),  # which trigger
        st.integers(min_value=0, max_value=1000),  # which role
        st.integers(min_value=0, max_value=40),  # days after the last step
        st.integers(min_value=0, max_value=3),  # which text the draft records, which recorder
    ),
    min_size=3,
    max_size=40,
)


def _choose(agreement: Agreement, pick: bool, which: int, who: int) -> tuple[Trigger, Role]:
    allowed = LIFECYCLE.allowed(agreement)
    if pick and allowed:
        trigger = allowed[which % len(allowed)]
        roles = sorted(transition(trigger).who.roles(agreement))
        return trigger, roles[who % len(roles)]
    return list(Trigger)[which % len(Trigger)], list(Role)[who % len(Role)]


def _details(agreement: Agreement, trigger: Trigger, delay: int, variant: int) -> tuple[Any, ...]:
    day, details = lawful_step(agreement, trigger, delay=delay)
    if trigger is Trigger.AGREE_DRAFT and variant & 1:
        details["clauses"] = (a_pay_clause(text="配送单价每单5元。"), a_pay_clause(id="pay-2"))
    if trigger is Trigger.AGREE_DRAFT and variant & 2 and agreement.term is not None:
        details["term"] = DateRange(
            start=agreement.term.start,
            end=agreement.term.end.replace(year=agreement.term.end.year - 1),
        )
    if trigger is Trigger.START_NEGOTIATION and variant:
        details["recorder"] = Recorder(name=f"记录员{variant}")
    return day, details


def _history(
    opening: Agreement, steps: list[tuple[bool, int, int, int, int]]
) -> tuple[Agreement, list[Event]]:
    agreement, events = opening, []
    for pick, which, who, delay, variant in steps:
        trigger, role = _choose(agreement, pick, which, who)
        day, details = _details(agreement, trigger, delay, variant)
        try:
            step = LIFECYCLE.fire(agreement, trigger, role, at=FixedClock(day).now(), **details)
        except (ProcedureError, InvalidDocument):
            continue
        agreement = step.agreement
        events.append(step.event)
    return agreement, events


def _document(opening: Agreement, events: list[Event], agreement: Agreement) -> dict[str, Any]:
    opening_json = opening.model_dump(mode="json")
    bodies = [e.model_dump(mode="json") for e in events]
    chain = seal(opening_json, bodies)
    return {
        "format": "bargain-export/2",
        "opening": opening_json,
        "events": bodies,
        "snapshot": agreement.model_dump(mode="json"),
        "chain": {
            "root": chain.root,
            "root_scheme": chain.root_scheme,
            "links": [
                {"previous": x.previous, "hash": x.hash, "scheme": x.scheme} for x in chain.links
            ],
            "head": chain.head,
        },
    }


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(OPENINGS), attempts)
def test_the_json_replay_is_bargains_replay(
    opening: Agreement, steps: list[tuple[bool, int, int, int, int]]
) -> None:
    agreement, events = _history(opening, steps)
    bodies = [e.model_dump(mode="json") for e in events]
    replayed = TOOL.replay(opening.model_dump(mode="json"), copy.deepcopy(bodies))
    expected = agreement.model_dump(mode="json")
    assert TOOL.rfc8785(replayed) == rfc8785.dumps(expected)
    assert LIFECYCLE.replay(opening, events).model_dump(mode="json") == expected
    for body in bodies:
        assert canonical(body) == rfc8785.dumps(body) == TOOL.rfc8785(body)


def _verdicts(data: dict[str, Any]) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.json"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        check = verify_export_file(path)
    verdict = TOOL.verify(TOOL.read_export(json.dumps(data).encode()))
    return (
        (check.ok, check.broken_at, check.snapshot_ok, check.events, check.text()),
        (verdict.ok, verdict.broken_at, verdict.snapshot_ok, verdict.events, verdict.text("zh")),
    )


def _tamper(data: dict[str, Any], how: int, where: int) -> None:
    events, links = data["events"], data["chain"]["links"]
    if how == 1 and events:  # drop an event (and its link, half of the time)
        index = where % len(events)
        events.pop(index)
        if where % 2:
            links.pop(index)
    elif how == 2 and len(events) > 1:  # swap two neighbours
        index = where % (len(events) - 1)
        events[index], events[index + 1] = events[index + 1], events[index]
    elif how == 3 and events:  # a different day
        events[where % len(events)]["on"] = "2030-01-01"
    elif how == 4:  # the snapshot one version on
        data["snapshot"]["procedure"]["version"] += 1
    elif how == 5:  # the opening
        data["opening"]["title"] += "（改）"
    elif how == 6 and events:  # a new fact, hashed again up to the head: the replay differs
        events[where % len(events)].setdefault("facts", {})["published_on"] = "2030-01-01"
        previous = data["chain"]["root"]
        for body, link in zip(events, links, strict=False):
            link.update(previous=previous, hash=TOOL.event_hash(previous, body, "rfc8785"))
            previous = link["hash"]
        data["chain"]["head"] = previous


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(OPENINGS),
    attempts,
    st.integers(min_value=0, max_value=6),
    st.integers(min_value=0, max_value=1000),
)
def test_both_verifiers_give_the_same_verdict(
    opening: Agreement, steps: list[tuple[bool, int, int, int, int]], how: int, where: int
) -> None:
    agreement, events = _history(opening, steps)
    data = _document(opening, events, agreement)
    _tamper(data, how, where)
    bargain, standalone = _verdicts(data)
    assert bargain == standalone
    if how == 0:
        assert bargain[0] is True


@pytest.mark.parametrize("variant", [0, 3])
@pytest.mark.parametrize("status", list(PATHS), ids=lambda s: s.value)
def test_the_path_to_every_state_replays_in_json_and_verifies(status: Status, variant: int) -> None:
    opening = agreement = procedure_agreement()
    events = []
    for trigger, role in PATHS[status]:
        day, details = _details(agreement, trigger, 1, variant)
        step = LIFECYCLE.fire(agreement, trigger, role, at=FixedClock(day).now(), **details)
        agreement = step.agreement
        events.append(step.event)
    assert agreement.status is status
    data = _document(opening, events, agreement)
    replayed = TOOL.replay(data["opening"], data["events"])
    assert TOOL.rfc8785(replayed) == rfc8785.dumps(data["snapshot"])
    bargain, standalone = _verdicts(data)
    assert bargain == standalone
    assert bargain[0] is True
