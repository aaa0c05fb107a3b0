#!/usr/bin/env python3
"""Verify a bargain export without bargain: Python's standard library only.

    python3 -I -S tools/verify_export.py EXPORT.json [--lang zh|en] [--format text|json]

Checks what ``bargain verify --export EXPORT.json`` checks, as ``docs/storage.md`` specifies it,
and prints the same line:

1. the root: SHA-256 of ``bargain/opening\\n`` + the canonical JSON of ``opening``;
2. each event: SHA-256 of the previous hash + ``\\n`` + the canonical JSON of the event, in the
   scheme its link names (``rfc8785``, or ``json-sorted-keys`` for older histories), chained from
   the root;
3. the head: the last hash is the chain's ``head`` (so removed last events are found);
4. the state: the events, replayed on the opening's JSON, give the snapshot's JSON exactly.

Exit status: 0 verified, 1 not verified (the line says what broke), 2 the file cannot be read
as an export. The canonical JSON is RFC 8785 for the JSON bargain writes: objects, arrays,
strings, integers, true, false and null. A floating-point number (or an integer beyond 2^53 - 1,
or text with a lone surrogate) is refused and reported, not guessed at: bargain writes none.

It does not check the documents against bargain's models (a value's form, an event's type): an
export whose hashes were recomputed over such values is bargain's to refuse. And like any chain
that travels with what it seals, it proves an export intact against a root or head you already
trust (the one your database shows), not on its own.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

MAX_BYTES = 5_000_000
"""The largest export read, in bytes (bargain's limit for every document)."""
MAX_DEPTH = 64
"""The deepest nesting read (bargain's limit)."""
SAFE_INTEGER = 2**53 - 1
"""The largest integer (in magnitude) RFC 8785 writes exactly."""
CURRENT_SCHEME = "rfc8785"
LEGACY_SCHEME = "json-sorted-keys"
FORMAT = "bargain-export/2"
LEGACY_FORMAT = "bargain-export/1"

# Which step may go where: {trigger: {state before: (states after, ...)}}. The procedure's table,
# as bargain's state machine has it (tests/integration/test_standalone_verifier.py keeps them
# equal). An event whose step the procedure does not allow does not replay.
TRANSITIONS: dict[str, dict[str, tuple[str, ...]]] = {
    "accept_offer": {"offer_sent": ("preparing",)},
    "agree_draft": {"negotiating": ("draft_agreed",)},
    "amend": {"effective": ("negotiating",), "published": ("negotiating",)},
    "conclude_coordination": {"in_coordination": ("negotiating", "preparing")},
    "expire": {"effective": ("expired",), "published": ("expired",)},
    "extend_coordination": {"in_coordination": ("in_coordination",)},
    "file": {"signed": ("under_review",)},
    "hold_congress_vote": {"before_congress": ("adopted", "negotiating")},
    "object": {"under_review": ("objected",)},
    "publish": {"effective": ("published",)},
    "record_meeting": {"negotiating": ("negotiating",)},
    "refuse_offer": {"offer_sent": ("in_coordination",)},
    "renegotiate": {"objected": ("negotiating",)},
    "request_coordination": {
        "negotiating": ("in_coordination",),
        "offer_sent": ("in_coordination",),
        "suspended": ("in_coordination",),
    },
    "request_renewal": {"effective": ("effective",), "published": ("published",)},
    "resume": {"suspended": ("negotiating",)},
    "send_offer": {"drafting": ("offer_sent",)},
    "sign": {"adopted": ("signed",)},
    "start_negotiation": {"preparing": ("negotiating",)},
    "submit_to_congress": {"draft_agreed": ("before_congress",)},
    "suspend": {"negotiating": ("suspended",)},
    "take_effect": {"under_review": ("effective",)},
    "terminate": {"effective": ("terminated",), "published": ("terminated",)},
}

AGREEMENT_FACTS = frozenset({"recorder", "clauses", "term"})
"""Facts that set a field of the agreement itself; ``meeting`` adds a meeting; the rest set
fields of ``procedure``."""

# An event as bargain writes it: its fields, the JSON type of each, and which may be left out.
EVENT_FIELDS: dict[str, tuple[type | tuple[type, ...], bool]] = {
    "agreement_id": (str, True),
    "sequence": (int, True),
    "type": (str, True),
    "trigger": (str, True),
    "actor": (dict, True),
    "at": (str, True),
    "on": (str, True),
    "source": (str, True),
    "target": (str, True),
    "facts": (dict, False),
    "citation": (dict, True),
    "late_days": (int, False),
    "notes": (list, False),
}


class Unreadable(Exception):
    """The file cannot be read as an export (exit status 2)."""

    def __init__(
        self, path: str, zh: str, en: str, found: str | None = None, line: int | None = None
    ) -> None:
        super().__init__(en)
        self.path, self.zh, self.en, self.found, self.at = path, zh, en, found, line

    def line(self, source: str, lang: str) -> str:
        """The problem as bargain prints it: ``file[:line]: field: expected…[; found …]``."""
        where = source if self.at is None else f"{source}:{self.at}"
        field = self.path or ("(文档)" if lang == "zh" else "(document)")
        text = f"{where}: {field}: {self.zh if lang == 'zh' else self.en}"
        if self.found is not None:
            text += f"；实际为 {self.found}" if lang == "zh" else f"; found {self.found}"
        return escape_controls(text)


class _Float:
    """A number with a fraction or an exponent, as written: refused, never converted."""

    def __init__(self, text: str) -> None:
        self.text = text


# --- canonical JSON -----------------------------------------------------------------------------

_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r"}
_ESCAPES["\t"] = "\\t"
for _code in range(0x20):
    _ESCAPES.setdefault(chr(_code), f"\\u{_code:04x}")
_TO_ESCAPE = re.compile('[\\x00-\\x1f"\\\\]')


def _string(text: str) -> str:
    return '"' + _TO_ESCAPE.sub(lambda m: _ESCAPES[m.group()], text) + '"'


def _write(value: Any, out: list[str]) -> None:
    if value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int):
        if abs(value) > SAFE_INTEGER:  # checked on reading; a double could not hold it
            raise ValueError(f"integer beyond 2^53 - 1: {value}")
        out.append(str(value))
    elif isinstance(value, str):
        out.append(_string(value))
    elif isinstance(value, list):
        out.append("[")
        for index, item in enumerate(value):
            if index:
                out.append(",")
            _write(item, out)
        out.append("]")
    elif isinstance(value, dict):
        out.append("{")
        # Keys sorted by their UTF-16 code units (RFC 8785 section 3.2.3): compare UTF-16BE bytes.
        for index, key in enumerate(sorted(value, key=lambda k: k.encode("utf-16-be"))):
            if index:
                out.append(",")
            out.append(_string(key))
            out.append(":")
            _write(value[key], out)
        out.append("}")
    else:  # a float: RFC 8785 writes them as ECMAScript does, which is not attempted here
        raise ValueError(f"not JSON that bargain writes: {type(value).__name__}")


def rfc8785(value: Any) -> bytes:
    """RFC 8785 canonical JSON of the JSON bargain writes: no float, integers within 2^53 - 1.

    Objects with their keys sorted by UTF-16 code units, no whitespace, strings with only ``"``,
    ``\\`` and the controls U+0000-U+001F escaped (``\\b \\t \\n \\f \\r``, the rest as
    ``\\u00xx``), everything else as UTF-8.
    """
    out: list[str] = []
    _write(value, out)
    return "".join(out).encode("utf-8")


def json_sorted_keys(value: Any) -> bytes:
    """The canonical JSON of the ``json-sorted-keys`` scheme (histories of database revision 0001)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


SCHEMES = {CURRENT_SCHEME: rfc8785, LEGACY_SCHEME: json_sorted_keys}


def root_hash(opening: Any, scheme: str) -> str:
    """The root of the chain: SHA-256 of ``bargain/opening\\n`` + canonical(opening)."""
    return hashlib.sha256(b"bargain/opening\n" + SCHEMES[scheme](opening)).hexdigest()


def event_hash(previous: str, event: Any, scheme: str) -> str:
    """An event's hash: SHA-256 of previous + ``\\n`` + canonical(event)."""
    return hashlib.sha256(previous.encode() + b"\n" + SCHEMES[scheme](event)).hexdigest()


# --- reading ------------------------------------------------------------------------------------

_PLAIN_KEY = re.compile(r"[^\W\d]\w*")
_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def escape_controls(text: str) -> str:
    """``text`` with control, invalid and bidirectional characters written as escapes."""
    return _UNPRINTABLE.sub(lambda m: repr(m.group())[1:-1], text)


def field_path(path: tuple[str | int, ...]) -> str:
    """``('events', 2, 'facts')`` → ``events[2].facts`` (bargain's way of naming a field)."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        elif not _PLAIN_KEY.fullmatch(part):
            text += f"[{json.dumps(part, ensure_ascii=False)}]"
        else:
            text += f".{part}" if text else part
    return text


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"the key {key!r} appears twice")
        result[key] = value
    return result


def _constant(name: str) -> Any:
    return _Float(name)  # NaN, Infinity, -Infinity: not JSON; refused as numbers


def _valid_text(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _check_values(data: Any) -> None:
    """Refuse what the canonical JSON cannot hold exactly, at its path, in document order."""
    stack: list[tuple[tuple[str | int, ...], Any, int]] = [((), data, 0)]
    while stack:
        path, value, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise Unreadable("", f"嵌套超过 {MAX_DEPTH} 层", f"nested deeper than {MAX_DEPTH}")
        if isinstance(value, bool) or value is None:
            continue
        if isinstance(value, _Float):
            raise Unreadable(
                field_path(path),
                "应为整数（bargain 不写浮点数，哈希链的规范 JSON 不接受浮点数）",
                "expected a whole number (bargain writes no floating-point number, and the "
                "chain's canonical JSON takes none)",
                value.text,
            )
        if isinstance(value, int) and abs(value) > SAFE_INTEGER:
            raise Unreadable(
                field_path(path),
                "应为 -(2^53-1) 到 2^53-1 之间的整数（RFC 8785）",
                "expected an integer from -(2^53-1) to 2^53-1 (RFC 8785)",
                str(value),
            )
        if isinstance(value, str) and not _valid_text(value):
            raise Unreadable(
                field_path(path),
                "应为有效的 Unicode 文本（不含孤立的代理码元）",
                "expected valid Unicode text (no lone surrogate)",
            )
        if isinstance(value, dict):
            for key in value:
                if not _valid_text(key):
                    raise Unreadable(
                        field_path((*path, key)),
                        "应为有效的 Unicode 文本（不含孤立的代理码元）",
                        "expected valid Unicode text (no lone surrogate)",
                    )
            items = list(value.items())
            stack.extend(((*path, k), v, depth + 1) for k, v in reversed(items))
        elif isinstance(value, list):
            items = list(enumerate(value))
            stack.extend(((*path, i), v, depth + 1) for i, v in reversed(items))


def _expect(value: Any, kind: type, path: tuple[str | int, ...]) -> None:
    names: dict[type, tuple[str, str]] = {
        dict: ("应为键值映射", "expected a mapping"),
        list: ("应为列表", "expected a list"),
        str: ("应为文本", "expected text"),
    }
    if not isinstance(value, kind):
        zh, en = names[kind]
        raise Unreadable(field_path(path), zh, en, _describe(value))


def _describe(value: Any) -> str | None:
    """What was found, as bargain shows it (a mapping is not shown)."""
    if isinstance(value, dict):
        return None
    if isinstance(value, list):
        return f"a list of {len(value)}"
    if value is None:
        return "null"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, _Float):
        return value.text
    return json.dumps(value)


def _check_keys(value: dict[str, Any], allowed: tuple[str, ...], at: tuple[str | int, ...]) -> None:
    for key in value:
        if key not in allowed:
            raise Unreadable(
                field_path((*at, key)),
                "不认识的字段（拼写错误？）",
                "an unknown field (a typo?)",
                _describe(value[key]),
            )
    for key in allowed:
        if key not in value and key != "chain":
            raise Unreadable(field_path((*at, key)), "缺少必填字段", "a required field is missing")


def read_export(raw: bytes) -> dict[str, Any]:
    """The export's JSON, read as strictly as bargain reads it (raises :class:`Unreadable`)."""
    if len(raw) > MAX_BYTES:
        raise Unreadable(
            "", f"文件过大（上限 {MAX_BYTES} 字节）", f"file too large (limit {MAX_BYTES} bytes)"
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise Unreadable(
            "",
            "应为 UTF-8 编码的文本",
            "expected UTF-8 text",
            f"a byte 0x{raw[error.start]:02x} at offset {error.start}",
        ) from None
    try:
        data = json.loads(
            text, object_pairs_hook=_no_duplicates, parse_float=_Float, parse_constant=_constant
        )
    except json.JSONDecodeError as error:
        raise Unreadable(
            "", f"JSON 格式错误：{error.msg}", f"invalid JSON: {error.msg}", line=error.lineno
        ) from None
    except RecursionError:
        raise Unreadable("", "嵌套过深", "nested too deeply") from None
    except ValueError as error:
        raise Unreadable(
            "", f"JSON 内容无法解析：{error}", f"cannot read the JSON: {error}"
        ) from None
    if not isinstance(data, dict):
        raise Unreadable(
            "",
            "文档应为键值映射（mapping）",
            "expected a mapping at the top level",
            _describe(data),
        )
    _check_values(data)
    _check_keys(data, ("format", "opening", "events", "snapshot", "chain"), ())
    if data["format"] not in (LEGACY_FORMAT, FORMAT):
        raise Unreadable(
            "format",
            f"应为以下之一：{LEGACY_FORMAT}, {FORMAT}",
            f"expected one of: {LEGACY_FORMAT} or {FORMAT}",
            _describe(data["format"]),
        )
    _expect(data["opening"], dict, ("opening",))
    _expect(data["events"], list, ("events",))
    for index, event in enumerate(data["events"]):
        _expect(event, dict, ("events", index))
    _expect(data["snapshot"], dict, ("snapshot",))
    chain = data.get("chain")
    if data["format"] == FORMAT and chain is None:
        raise Unreadable(
            "chain", f"{FORMAT} 格式的导出文件须有哈希链", f"an export of {FORMAT} has a chain"
        )
    if data["format"] == LEGACY_FORMAT and chain is not None:
        raise Unreadable(
            "chain",
            f"{LEGACY_FORMAT} 格式的导出文件没有哈希链（有哈希链的格式为 {FORMAT}）",
            f"no chain in an export of {LEGACY_FORMAT} (the format with a chain is {FORMAT})",
        )
    if chain is not None:
        _expect(chain, dict, ("chain",))
        _check_keys(chain, ("root", "root_scheme", "links", "head"), ("chain",))
        for name in ("root", "root_scheme", "head"):
            _expect(chain[name], str, ("chain", name))
        _expect(chain["links"], list, ("chain", "links"))
        for index, link in enumerate(chain["links"]):
            at = ("chain", "links", index)
            _expect(link, dict, at)
            _check_keys(link, ("previous", "hash", "scheme"), at)
            for name in ("previous", "hash", "scheme"):
                _expect(link[name], str, (*at, name))
    return data


# --- verifying ----------------------------------------------------------------------------------


class Verdict:
    """What verifying found: the same fields as bargain's ``Verification``."""

    def __init__(
        self,
        agreement_id: str,
        events: int,
        broken_at: int | None,
        snapshot_ok: bool,
        reason: tuple[str, str] | None = None,
    ) -> None:
        self.agreement_id = agreement_id
        self.events = events
        self.broken_at = broken_at
        self.snapshot_ok = snapshot_ok
        self.reason = reason

    @property
    def ok(self) -> bool:
        return self.broken_at is None and self.snapshot_ok

    def text(self, lang: str) -> str:
        if self.ok:
            if lang == "zh":
                return f"{self.agreement_id}：{self.events}个事件，哈希链完整，快照与重放一致"
            return f"{self.agreement_id}: {self.events} events, chain intact, snapshot matches"
        reason = "" if self.reason is None else self.reason[0 if lang == "zh" else 1]
        return f"{self.agreement_id}: {reason}"

    def as_json(self, lang: str) -> dict[str, Any]:
        return {
            "agreement_id": self.agreement_id,
            "ok": self.ok,
            "events": self.events,
            "broken_at": self.broken_at,
            "snapshot_ok": self.snapshot_ok,
            "message": self.text(lang),
        }


class _NoReplay(Exception):
    """The events do not replay from the opening."""


def _readable(event: Any) -> bool:
    """Whether an event has bargain's fields, each of its JSON type (not their values)."""
    if not isinstance(event, dict) or any(key not in EVENT_FIELDS for key in event):
        return False
    for name, (kind, required) in EVENT_FIELDS.items():
        if name not in event:
            if required:
                return False
            continue
        value = event[name]
        if isinstance(value, bool) or not isinstance(value, kind):
            return False
    return bool(event["sequence"] >= 1 and event.get("late_days", 0) >= 0)


def replay(opening: dict[str, Any], events: list[dict[str, Any]]) -> dict[str, Any]:
    """The agreement after the events, from the agreement as opened, in JSON.

    Each event must belong to the agreement, come next in sequence and start from the state the
    history has reached, and its step must lead where it went (:data:`TRANSITIONS`). Then it sets
    ``procedure.version`` to its sequence, ``procedure.last_on`` to its day and ``status`` to its
    target, and applies its facts: ``meeting`` is appended to ``procedure.meetings``;
    ``clauses``, ``term`` and ``recorder`` replace the agreement's; any other fact replaces the
    field of that name in ``procedure``.
    """
    agreement = dict(opening)
    procedure = agreement.get("procedure")
    if not isinstance(procedure, dict):
        raise _NoReplay
    procedure = dict(procedure)
    for event in events:
        version = procedure.get("version")
        meetings = procedure.get("meetings")
        if not isinstance(version, int) or isinstance(version, bool):
            raise _NoReplay
        if not isinstance(meetings, list):
            raise _NoReplay
        if event["agreement_id"] != agreement.get("id") or event["sequence"] != version + 1:
            raise _NoReplay
        status = agreement.get("status")
        if event["source"] != status:
            raise _NoReplay
        if event["target"] not in TRANSITIONS.get(event["trigger"], {}).get(event["source"], ()):
            raise _NoReplay
        procedure["version"] = event["sequence"]
        procedure["last_on"] = event["on"]
        agreement["status"] = event["target"]
        for name, value in event.get("facts", {}).items():
            if name == "meeting":
                procedure["meetings"] = [*meetings, value]
            elif name in AGREEMENT_FACTS:
                agreement[name] = value
            else:
                procedure[name] = value
    agreement["procedure"] = procedure
    return agreement


def verify(document: dict[str, Any]) -> Verdict:
    """Check a read export: its root, each event's hash, its head, and its state."""
    opening = document["opening"]
    key = opening.get("id")
    agreement_id = escape_controls(key) if isinstance(key, str) else "?"
    bodies: list[Any] = document["events"]
    chain = document.get("chain")
    if chain is None:
        return Verdict(
            agreement_id,
            len(bodies),
            0,
            False,
            (
                f"导出文件没有哈希链（{LEGACY_FORMAT}），无法校验",
                f"the export has no hash chain ({LEGACY_FORMAT}): it cannot be verified",
            ),
        )
    links: list[dict[str, str]] = chain["links"]
    count = max(len(bodies), len(links))
    missing = {"previous": "", "hash": "", "scheme": CURRENT_SCHEME}
    known = ", ".join(SCHEMES)

    def unknown(scheme: str, zh: str, en: str) -> tuple[str, str]:
        shown = escape_controls(scheme)
        return (
            f"{zh}的哈希方案 '{shown}' 未知（已知：{known}）",
            f"{en} has an unknown hash scheme '{shown}' (known: {known})",
        )

    if chain["root_scheme"] not in SCHEMES:
        reason = unknown(chain["root_scheme"], "开户时的合同文本", "the agreement as opened")
        return Verdict(agreement_id, count, 0, False, reason)
    if root_hash(opening, chain["root_scheme"]) != chain["root"]:
        reason = ("开户时的合同文本已被改动", "the agreement as opened was changed")
        return Verdict(agreement_id, count, 0, False, reason)
    previous = chain["root"]
    for number in range(1, count + 1):
        body = bodies[number - 1] if number <= len(bodies) else {}
        link = links[number - 1] if number <= len(links) else missing
        if link["scheme"] not in SCHEMES:
            reason = unknown(link["scheme"], f"第{number}个事件", f"event {number}")
            return Verdict(agreement_id, count, number, False, reason)
        if (
            link["previous"] != previous
            or event_hash(previous, body, link["scheme"]) != link["hash"]
        ):
            reason = (f"第{number}个事件被改动或缺失", f"event {number} was changed or is missing")
            return Verdict(agreement_id, count, number, False, reason)
        previous = link["hash"]
        if not _readable(body):
            reason = (f"第{number}个事件无法读取", f"event {number} cannot be read")
            return Verdict(agreement_id, count, number, False, reason)
    if chain["head"] != previous:
        after = count + 1
        reason = (f"第{after}个事件起缺失", f"the events from {after} on are missing")
        return Verdict(agreement_id, count, after, False, reason)
    try:
        matches = rfc8785(replay(opening, bodies)) == rfc8785(document["snapshot"])
    except _NoReplay:
        matches = False
    if not matches:
        reason = ("存储的快照与事件重放结果不一致", "the stored snapshot differs from the replay")
        return Verdict(agreement_id, count, None, False, reason)
    return Verdict(agreement_id, count, None, True)


# --- the command --------------------------------------------------------------------------------

USAGE = "usage: verify_export.py EXPORT.json [--lang zh|en] [--format text|json]"


def main(argv: list[str]) -> int:
    """Verify the export named in ``argv``; print one line; return the exit status."""
    lang = "en" if os.environ.get("BARGAIN_LANG", "zh").strip().lower().startswith("en") else "zh"
    fmt = "text"
    paths: list[str] = []
    args = iter(argv)
    for arg in args:
        if arg in ("--lang", "--format"):
            value = next(args, "")
            if arg == "--lang" and value in ("zh", "en"):
                lang = value
            elif arg == "--format" and value in ("text", "json"):
                fmt = value
            else:
                print(f"{USAGE}\n{arg}: {value!r}?", file=sys.stderr)
                return 2
        elif arg in ("-h", "--help"):
            print(__doc__)
            return 0
        else:
            paths.append(arg)
    if len(paths) != 1:
        print(USAGE, file=sys.stderr)
        return 2
    source = paths[0]
    try:
        with Path(source).open("rb") as file:
            raw = file.read(MAX_BYTES + 1)
    except FileNotFoundError:
        print(Unreadable("", "文件不存在", "no such file").line(source, lang), file=sys.stderr)
        return 2
    except OSError as error:
        reason = error.strerror or type(error).__name__
        problem = Unreadable("", f"无法读取文件：{reason}", f"cannot read: {reason}")
        print(problem.line(source, lang), file=sys.stderr)
        return 2
    try:
        document = read_export(raw)
    except Unreadable as problem:
        print(problem.line(source, lang), file=sys.stderr)
        return 2
    verdict = verify(document)
    if fmt == "json":
        print(json.dumps([verdict.as_json(lang)], ensure_ascii=False, indent=2))
    else:
        print(verdict.text(lang))
    return 0 if verdict.ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
