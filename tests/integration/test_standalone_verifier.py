"""A chain any language can verify: the standard-library verifier, ``bargain verify --export`` and
the store's own check give the same verdict on an export, intact or tampered with.

``tools/verify_export.py`` runs as a user would run it (``python -I -S``: no site-packages, so no
bargain); ``bargain verify --export`` runs in-process; ``Workflow.verify`` runs on a store that
holds the same tampered history.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import importlib.util
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import rfc8785
from pydantic import ValidationError

from bargain import Agreement, FixedClock, Lang, MemoryStore, Role, Status, Trigger, Workflow
from bargain.cli import main
from bargain.commands import (
    AcceptOffer,
    AgreeDraft,
    File,
    HoldCongressVote,
    Publish,
    RecordMeeting,
    SendOffer,
    Sign,
    StartNegotiation,
    SubmitToCongress,
)
from bargain.domain.events import Event
from bargain.domain.language import Bilingual
from bargain.domain.lifecycle import machine
from bargain.errors import BrokenExport
from bargain.exchange import dump_export, parse_export, verify_export, verify_export_file
from bargain.files import load_agreement
from bargain.ports import Chain, Link, Verification
from bargain.store._chain import LEGACY_SCHEME, paired, verify_history
from bargain.store._chain import seal as seal_json
from tests.conftest import SECTOR_AGREEMENT
from tests.fenced_blocks import fenced_blocks

ROOT = Path(__file__).resolve().parents[2]
TOOL = ROOT / "tools" / "verify_export.py"
KEY = "bengbu-delivery-sector-agreement"
U, E = Role.UNION_CHIEF, Role.EMPLOYER_CHIEF


def load_tool() -> ModuleType:
    """The standalone verifier as a module (for its table and functions; the runs use a process)."""
    spec = importlib.util.spec_from_file_location("verify_export", TOOL)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def bengbu(store: MemoryStore | None = None) -> tuple[Workflow, MemoryStore]:
    """The Bengbu sector agreement from the offer to publication, as examples/bengbu_procedure.py
    takes it (a late reply, two meetings, a refused vote), with the draft's clauses recorded."""
    store = store or MemoryStore()
    clock = FixedClock(dt.date(2019, 11, 6))
    workflow = Workflow(store.unit_of_work, clock=clock)
    opened = workflow.open(load_agreement(SECTOR_AGREEMENT))

    def on(day: str) -> None:
        clock.set(dt.date.fromisoformat(day))

    workflow.handle(KEY, SendOffer(topics=["劳动报酬", "劳动保护", "算法规则"]), U)
    on("2019-11-27")
    workflow.handle(KEY, AcceptOffer(), E)
    on("2019-11-29")
    workflow.handle(KEY, StartNegotiation(place="蚌埠市总工会", topics=["劳动报酬"]), U)
    on("2019-12-03")
    workflow.handle(KEY, RecordMeeting(summary="就配送单价达成一致：每单4.5元"), E)
    on("2019-12-05")
    workflow.handle(KEY, AgreeDraft(clauses=opened.clauses[:-1]), U)
    on("2019-12-06")
    workflow.handle(KEY, SubmitToCongress(), U)
    on("2019-12-10")
    vote = HoldCongressVote(members=180, present=150, in_favour=132, against=10, abstaining=8)
    workflow.handle(KEY, vote, Role.CONGRESS)
    on("2019-12-11")
    workflow.handle(KEY, Sign(), U)
    on("2019-12-12")
    workflow.handle(KEY, File(), U)
    on("2019-12-30")
    workflow.sweep()
    on("2020-01-03")
    workflow.handle(KEY, Publish(), E)
    return workflow, store


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    """The Bengbu export as JSON: 11 events, from the offer to publication."""
    workflow, _ = bengbu()
    data: dict[str, Any] = json.loads(dump_export(workflow.export(KEY)))
    assert len(data["events"]) == 11
    return data


# --- the three verifiers ------------------------------------------------------------------------


def standalone(path: Path, *options: str) -> tuple[int, str, str]:
    result = subprocess.run(
        [sys.executable, "-I", "-S", str(TOOL), str(path), *options],
        capture_output=True,
        text=True,
        cwd=path.parent,
        check=False,
    )
    return result.returncode, result.stdout, result.stderr


def bargain(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def stored_verdict(data: dict[str, Any]) -> tuple[bool, int | None]:
    """``Workflow.verify`` on a memory store holding this history as its rows would hold it.

    The memory store keeps no head apart from its last event, and only the current scheme for its
    root: those cases are the export's alone (see ``STORE_CASES``).
    """
    store = MemoryStore()
    chain = data["chain"]
    record = _record_type()(
        Agreement.model_validate(data["opening"]),
        Agreement.model_validate(data["snapshot"]),
        chain["root"],
        (),
        events=[_event_or_none(body) for body in data["events"]],
        stored=list(paired(data["events"], _links(chain))),
    )
    store._records[_id(data)] = record
    (check,) = Workflow(store.unit_of_work).verify(_id(data))
    return check.ok, check.broken_at


def _event_or_none(body: dict[str, Any]) -> Any:
    # The memory store keeps the parsed events beside their stored bodies; a forged body that
    # does not parse is kept as None (verify reads the bodies).
    try:
        return Event.model_validate(body)
    except ValidationError:
        return None


def _record_type() -> Any:
    from bargain.store import memory

    return memory._Record


def _links(chain: dict[str, Any]) -> list[Link]:
    return [Link(x["previous"], x["hash"], x["scheme"]) for x in chain["links"]]


def _id(data: dict[str, Any]) -> str:
    return str(data["opening"]["id"])


# --- what is tampered with ----------------------------------------------------------------------

Tamper = Callable[[dict[str, Any]], None]


def _swap(items: list[Any], i: int, j: int) -> None:
    items[i], items[j] = items[j], items[i]


TAMPERS: dict[str, Tamper] = {
    "intact": lambda d: None,
    "event-body-changed": lambda d: d["events"][3]["facts"]["meeting"].update(summary="未达成一致"),
    "event-day-changed": lambda d: d["events"][1].update(on="2019-11-26"),
    "event-removed-middle": lambda d: (d["events"].pop(4), d["chain"]["links"].pop(4)),
    "event-removed-middle-link-kept": lambda d: d["events"].pop(4),
    "event-removed-last": lambda d: (d["events"].pop(), d["chain"]["links"].pop()),
    "event-removed-last-head-moved": lambda d: (
        d["events"].pop(),
        d["chain"]["links"].pop(),
        d["chain"].update(head=d["chain"]["links"][-1]["hash"]),
    ),
    "events-swapped": lambda d: _swap(d["events"], 5, 6),
    "events-and-links-swapped": lambda d: (
        _swap(d["events"], 5, 6),
        _swap(d["chain"]["links"], 5, 6),
    ),
    "opening-changed": lambda d: d["opening"].update(title="蚌埠市网约送餐行业集体合同（修订）"),
    "snapshot-state-changed": lambda d: d["snapshot"]["procedure"].update(
        published_on="2020-01-02"
    ),
    "snapshot-status-changed": lambda d: d["snapshot"].update(status="effective"),
    "snapshot-text-changed": lambda d: d["snapshot"]["clauses"].pop(),
    "snapshot-meeting-removed": lambda d: d["snapshot"]["procedure"]["meetings"].pop(),
    "hash-changed": lambda d: d["chain"]["links"][2].update(hash="0" * 64),
    "previous-changed": lambda d: d["chain"]["links"][2].update(previous="0" * 64),
    "root-changed": lambda d: d["chain"].update(root="0" * 64),
    "head-changed": lambda d: d["chain"].update(head="0" * 64),
    "unknown-scheme": lambda d: d["chain"]["links"][2].update(scheme="sha3-json"),
    "unknown-root-scheme": lambda d: d["chain"].update(root_scheme="RFC8785"),
    "legacy-scheme-relabelled": lambda d: d["chain"]["links"][2].update(scheme=LEGACY_SCHEME),
}

EXPECTED: dict[str, tuple[bool, int | None, str]] = {
    "intact": (True, None, "11 events, chain intact, snapshot matches"),
    "event-body-changed": (False, 4, "event 4 was changed or is missing"),
    "event-day-changed": (False, 2, "event 2 was changed or is missing"),
    "event-removed-middle": (False, 5, "event 5 was changed or is missing"),
    "event-removed-middle-link-kept": (False, 5, "event 5 was changed or is missing"),
    "event-removed-last": (False, 11, "the events from 11 on are missing"),
    "event-removed-last-head-moved": (False, None, "the stored snapshot differs from the replay"),
    "events-swapped": (False, 6, "event 6 was changed or is missing"),
    "events-and-links-swapped": (False, 6, "event 6 was changed or is missing"),
    "opening-changed": (False, 0, "the agreement as opened was changed"),
    "snapshot-state-changed": (False, None, "the stored snapshot differs from the replay"),
    "snapshot-status-changed": (False, None, "the stored snapshot differs from the replay"),
    "snapshot-text-changed": (False, None, "the stored snapshot differs from the replay"),
    "snapshot-meeting-removed": (False, None, "the stored snapshot differs from the replay"),
    "hash-changed": (False, 3, "event 3 was changed or is missing"),
    "previous-changed": (False, 3, "event 3 was changed or is missing"),
    "root-changed": (False, 0, "the agreement as opened was changed"),
    "head-changed": (False, 12, "the events from 12 on are missing"),
    "unknown-scheme": (
        False,
        3,
        "event 3 has an unknown hash scheme 'sha3-json' (known: rfc8785, json-sorted-keys)",
    ),
    "unknown-root-scheme": (
        False,
        0,
        "the agreement as opened has an unknown hash scheme 'RFC8785' "
        "(known: rfc8785, json-sorted-keys)",
    ),
    "legacy-scheme-relabelled": (True, None, "11 events, chain intact, snapshot matches"),
}

# What a store's rows can hold: not a head apart from the last event, not a root scheme.
STORE_CASES = sorted(
    set(TAMPERS) - {"event-removed-last", "head-changed", "root-changed", "unknown-root-scheme"}
)


def tampered(document: dict[str, Any], case: str, tmp_path: Path) -> tuple[dict[str, Any], Path]:
    data = copy.deepcopy(document)
    TAMPERS[case](data)
    path = tmp_path / f"{case}.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return data, path


@pytest.mark.parametrize("case", sorted(TAMPERS))
def test_the_standalone_verifier_agrees_with_bargain(
    document: dict[str, Any], case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, path = tampered(document, case, tmp_path)
    ok, broken_at, reason = EXPECTED[case]
    status, out, err = standalone(path, "--format", "json", "--lang", "en")
    assert (status, err) == (0 if ok else 1, "")
    (verdict,) = json.loads(out)
    assert (verdict["ok"], verdict["broken_at"]) == (ok, broken_at)
    assert verdict["message"] == f"{KEY}: {reason}"
    assert bargain(capsys, "verify", "--export", str(path), "--format", "json", "--lang", "en") == (
        status,
        out,
        "",
    )
    for lang in ("zh", "en"):  # the same line, in either language
        line = standalone(path, "--lang", lang)[1]
        assert bargain(capsys, "verify", "--export", str(path), "--lang", lang) == (
            status,
            line,
            "",
        )
        assert line.count("\n") == 1


@pytest.mark.parametrize("case", STORE_CASES)
def test_the_store_finds_what_the_export_verifiers_find(
    document: dict[str, Any], case: str, tmp_path: Path
) -> None:
    data, path = tampered(document, case, tmp_path)
    check = verify_export_file(path)
    assert (check.ok, check.broken_at) == EXPECTED[case][:2]
    ok, broken_at = stored_verdict(data)
    assert ok is check.ok
    if case != "event-removed-last-head-moved":  # the store's head is its last event: no gap
        assert broken_at == check.broken_at


def test_the_tool_is_run_without_bargain_and_its_table_is_the_machines() -> None:
    probe = "import sys; sys.path[:0] = [sys.argv[1]]; import verify_export; import bargain"
    result = subprocess.run(
        [sys.executable, "-I", "-S", "-c", probe, str(TOOL.parent)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert "No module named 'bargain'" in result.stderr  # the tool loaded; bargain cannot
    tool = load_tool()
    table = {
        trigger.value: {
            state.value: tuple(s.value for s in machine.destinations(state, trigger))
            for state in Status
            if machine.may(state, trigger)
        }
        for trigger in Trigger
    }
    assert table == tool.TRANSITIONS


def test_an_event_the_procedure_does_not_allow_is_found_by_both(
    document: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Hashes recomputed over a forged step (publish straight from signing): the chain holds, the
    # replay does not.
    tool = load_tool()
    data = copy.deepcopy(document)
    data["events"] = data["events"][:8]  # up to signing
    data["events"].append({**document["events"][10], "sequence": 9, "source": "signed"})
    previous = data["chain"]["root"]
    links = []
    for body in data["events"]:
        digest = tool.event_hash(previous, body, "rfc8785")
        links.append({"previous": previous, "hash": digest, "scheme": "rfc8785"})
        previous = digest
    data["chain"].update(links=links, head=previous)
    replayed = tool.replay(copy.deepcopy(data["opening"]), data["events"][:8])
    replayed["procedure"].update(version=9, published_on="2020-01-03", last_on="2020-01-03")
    data["snapshot"] = {**replayed, "status": "published"}
    path = tmp_path / "forged.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    status, out, _ = standalone(path, "--lang", "en")
    assert (status, out) == (1, f"{KEY}: the stored snapshot differs from the replay\n")
    assert bargain(capsys, "verify", "--export", str(path), "--lang", "en")[:2] == (status, out)


# --- a legacy history ---------------------------------------------------------------------------


def test_a_history_hashed_in_the_legacy_scheme_verifies(
    document: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tool = load_tool()
    data = copy.deepcopy(document)
    # As revision 0001 wrote it: json.dumps with sorted keys, schemes recorded as json-sorted-keys.
    legacy = lambda value: json.dumps(  # noqa: E731
        value, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    ).encode()
    root = hashlib.sha256(b"bargain/opening\n" + legacy(data["opening"])).hexdigest()
    previous, links = root, []
    for body in data["events"]:
        digest = hashlib.sha256(previous.encode() + b"\n" + legacy(body)).hexdigest()
        links.append({"previous": previous, "hash": digest, "scheme": LEGACY_SCHEME})
        previous = digest
    data["chain"] = {"root": root, "root_scheme": LEGACY_SCHEME, "links": links, "head": previous}
    path = tmp_path / "legacy.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert standalone(path, "--lang", "en")[:2] == (
        0,
        f"{KEY}: 11 events, chain intact, snapshot matches\n",
    )
    assert bargain(capsys, "verify", "--export", str(path), "--lang", "en")[0] == 0
    assert tool.root_hash(data["opening"], LEGACY_SCHEME) == root
    # The store's check, on rows migrated from revision 0001, is the same.
    check = verify_history(
        KEY,
        data["opening"],
        root,
        paired(data["events"], _links(data["chain"])),
        data["snapshot"],
        previous,
        root_scheme=LEGACY_SCHEME,
    )
    assert check.ok
    # For the JSON bargain writes, both schemes give the same bytes, so the same hashes.
    assert root == document["chain"]["root"]
    assert previous == document["chain"]["head"]


class _EarlierRows:
    """A unit of work on a store whose rows an earlier release wrote: its chain covers JSON
    without a field the models have gained since, and its own check (over that JSON) holds or not.
    """

    def __init__(self, inner: Any, chain: Chain, intact: bool) -> None:
        self._inner, self._chain, self._intact = inner, chain, intact

    def __enter__(self) -> _EarlierRows:
        self._inner.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._inner.__exit__(*exc)

    @property
    def agreements(self) -> Any:
        rows = self

        class Repository:
            def __getattr__(self, name: str) -> Any:
                return getattr(rows._inner.agreements, name)

            def chain(self, agreement_id: str) -> Chain:
                return rows._chain

            def verify(self, agreement_id: str | None = None) -> tuple[Verification, ...]:
                reason = None if rows._intact else Bilingual("坏", "broken")
                return (Verification(KEY, 11, None if rows._intact else 1, rows._intact, reason),)

        return Repository()


@pytest.mark.parametrize("intact", [True, False])
def test_a_history_whose_stored_json_predates_a_field_is_exported_sealed_afresh(
    intact: bool,
) -> None:
    workflow, store = bengbu()
    stored = workflow.export(KEY)
    older = stored.opening.model_dump(mode="json")
    del older["procedure"]["signed_fingerprint"]  # a field earlier releases did not write
    legacy = seal_json(older, [e.model_dump(mode="json") for e in stored.events], LEGACY_SCHEME)
    earlier = Workflow(lambda: _EarlierRows(store.unit_of_work(), legacy, intact))
    export = earlier.export(KEY)
    assert export.chain is not None
    if intact:  # verified as stored, then sealed over the JSON the export holds
        assert export.chain == stored.chain
        assert export.chain.root_scheme == "rfc8785"
        assert verify_export(parse_export(dump_export(export))).ok
    else:  # a broken history keeps its chain, and its export does not verify either
        assert export.chain == legacy
        check = verify_export(parse_export(dump_export(export)))
        assert (check.ok, check.broken_at) == (False, 0)


# --- what cannot be read ------------------------------------------------------------------------

UNREADABLE: dict[str, Callable[[dict[str, Any]], str]] = {
    "not-json": lambda d: '{"format": "bargain-export/2",',
    "not-a-mapping": lambda d: "[1, 2]",
    "a-float": lambda d: json.dumps(d).replace('"late_days": 1', '"late_days": 1.0', 1),
    "a-huge-integer": lambda d: json.dumps(d).replace(
        '"late_days": 1', '"late_days": 1' + "0" * 20, 1
    ),
    "a-lone-surrogate": lambda d: json.dumps(d, ensure_ascii=False).replace("蚌埠", "\\ud800", 1),
    "a-duplicate-key": lambda d: json.dumps(d).replace('{"format"', '{"format": 1, "format"', 1),
    "no-events": lambda d: json.dumps({k: v for k, v in d.items() if k != "events"}),
    "an-unknown-section": lambda d: json.dumps({**d, "signature": "x"}),
    "links-not-a-list": lambda d: json.dumps({**d, "chain": {**d["chain"], "links": {}}}),
    "a-hash-not-text": lambda d: json.dumps({**d, "chain": {**d["chain"], "head": 7}}),
    "format-2-without-chain": lambda d: json.dumps({k: v for k, v in d.items() if k != "chain"}),
    "too-deep": lambda d: json.dumps(
        {**d, "opening": {**d["opening"], "x": [[[[[[[[[[[[1]]]]]]]]]]]]}}
    ).replace("[1]", "[" * 60 + "1" + "]" * 60),
}


@pytest.mark.parametrize("case", sorted(UNREADABLE))
def test_input_that_is_no_export_exits_2_in_both_without_a_traceback(
    document: dict[str, Any], case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "export.json"
    path.write_text(UNREADABLE[case](document), encoding="utf-8")
    status, out, err = standalone(path, "--lang", "en")
    assert (status, out) == (2, "")
    assert err.startswith(f"{path}"), err
    assert err.count("\n") == 1, err
    status, out, same = bargain(capsys, "verify", "--export", str(path), "--lang", "en")
    assert (status, out) == (2, "")
    assert same == err


def test_a_float_is_reported_where_it_is_by_both(
    document: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "export.json"
    path.write_text(UNREADABLE["a-float"](document), encoding="utf-8")
    message = (
        f"{path}: events[1].facts.reply.late_days: expected a whole number (bargain writes no floating-point "
        "number, and the chain's canonical JSON takes none); found 1.0\n"
    )
    assert standalone(path, "--lang", "en")[2] == message
    assert bargain(capsys, "verify", "--export", str(path), "--lang", "en")[2] == message


def test_a_missing_file_and_bad_arguments_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "none.json"
    assert standalone(missing, "--lang", "en")[::2] == (2, f"{missing}: (document): no such file\n")
    status, _, err = bargain(capsys, "verify", "--export", str(missing), "--lang", "en")
    assert (status, err) == (2, f"{missing}: (document): no such file\n")
    assert standalone(missing, "--lang", "fr")[0] == 2
    status, _, err = bargain(capsys, "verify", KEY, "--export", str(missing), "--lang", "en")
    assert status == 2
    assert "give no agreement id and no --db with it" in err


def test_an_export_of_format_1_has_nothing_to_verify(
    document: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = {k: v for k, v in document.items() if k != "chain"}
    path = tmp_path / "old.json"
    path.write_text(json.dumps({**old, "format": "bargain-export/1"}), encoding="utf-8")
    line = f"{KEY}: the export has no hash chain (bargain-export/1): it cannot be verified\n"
    assert standalone(path, "--lang", "en")[:2] == (1, line)
    assert bargain(capsys, "verify", "--export", str(path), "--lang", "en")[:2] == (1, line)
    # It is still imported (replayed, as before).
    workflow = Workflow(MemoryStore().unit_of_work)
    assert (
        workflow.restore(parse_export(path.read_text(encoding="utf-8"))).status is Status.PUBLISHED
    )


# --- importing ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "case", ["event-body-changed", "event-removed-last", "opening-changed", "snapshot-text-changed"]
)
def test_a_tampered_export_is_not_imported(
    document: dict[str, Any], case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, path = tampered(document, case, tmp_path)
    reason = EXPECTED[case][2]
    expected = f"the export of agreement {KEY} does not verify: {reason}; nothing was imported"
    # The library: nothing is stored.
    store = MemoryStore()
    workflow = Workflow(store.unit_of_work)
    with pytest.raises(BrokenExport) as refused:
        workflow.restore(parse_export(path.read_text(encoding="utf-8")))
    assert refused.value.message(Lang.EN) == expected
    assert "导出文件未通过校验" in refused.value.message(Lang.ZH)
    with store.unit_of_work() as uow:
        assert uow.agreements.ids() == ()
    # The command line: one line, status 2, and no database made for it.
    db = tmp_path / "bargain.db"
    status, out, err = bargain(capsys, "import", str(path), "--db", str(db), "--lang", "en")
    assert (status, out, err) == (2, "", expected + "\n")
    assert not db.exists()


def test_an_intact_export_is_imported_with_the_same_chain(document: dict[str, Any]) -> None:
    export = parse_export(json.dumps(document))
    store = MemoryStore()
    workflow = Workflow(store.unit_of_work)
    assert workflow.restore(export) == export.agreement
    again = workflow.export(KEY)
    assert again.chain == export.chain
    assert json.loads(dump_export(again)) == document
    (check,) = workflow.verify(KEY)
    assert check.ok


def test_the_test_vector_of_the_specification_holds() -> None:
    blocks = fenced_blocks(ROOT / "docs" / "storage.md", "docs/storage.md")
    (index,) = [i for i, b in enumerate(blocks) if b.marker_value == "chain-vector.json"]
    value = json.loads(blocks[index].text)
    written = blocks[index + 1].text.strip().encode()
    tool = load_tool()
    assert tool.rfc8785(value) == rfc8785.dumps(value) == written
    root = hashlib.sha256(b"bargain/opening\n" + written).hexdigest()
    event = tool.event_hash(root, {"sequence": 1}, "rfc8785")
    page = (ROOT / "docs" / "storage.md").read_text(encoding="utf-8")
    assert f"its root is `{root}`" in page
    assert f"`{event}`" in page
    assert tool.root_hash(value, "rfc8785") == root
