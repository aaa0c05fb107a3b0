"""Writing contest files: a commented starter, and judges' scores added without losing a thing.

:func:`starter` is the text of a new contest file (``bargain contest new``): the case, the teams
paired so that each plays one game on each side, the judges' criteria, the weights and the
prizes, with comments in Chinese or English saying what each part is for.

:func:`add_score` adds one judge's scores to a contest file (``bargain contest judge``). The file
and the new entry are checked first, so bad input changes nothing. The entry is added as one line
under ``scores`` and everything else, comments included, is kept; should the file be laid out in a
way that line cannot be placed in, the whole file is written out again (comments lost, data kept).
Either way the new text is read back and must hold exactly the old contest plus the new entry,
and it replaces the file by renaming a finished temporary file, so an interrupted write never
leaves a half-written contest.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from bargain._reading import load_tree, parse_tree, validate_tree
from bargain.domain.language import Lang
from bargain.errors import InvalidDocument
from bargain.simulation.contest import DEFAULT_CRITERIA, Contest, check_contest

__all__ = ["add_score", "pairings", "starter"]


def pairings(teams: int) -> list[tuple[int, int]]:
    """Games in which each of ``teams`` teams plays once on each side (numbered from 1): team
    ``i`` on the worker side against team ``i + 1`` (the last against the first).

    >>> pairings(3)
    [(1, 2), (2, 3), (3, 1)]
    >>> pairings(2)
    [(1, 2), (2, 1)]
    """
    return [(i, i % teams + 1) for i in range(1, teams + 1)]


_ZH = {
    "head": (
        "# 集体协商竞赛定义文件（bargain contest）\n"
        "#\n"
        "# 检查本文件：    bargain contest check {file}\n"
        "# 录入评委评分：  bargain contest judge {file} --team t1 --game 1 --judge 评委一 "
        "--criterion communication=8 --member 队员1-1=9\n"
        "# 成绩表和颁奖文件：bargain contest table {file} --csv 成绩表.csv --docx 获奖名单.docx\n"
    ),
    "title": "集体协商竞赛",
    "organiser": "主办单位",
    "scenarios": "# 赛前抽取的案例：情景文件（相对本文件的路径）或内置情景名",
    "teams": "# 参赛队：每队1至6名队员（通常4名，分任职工方和企业方）",
    "team": "第{n}队",
    "member": "队员{n}-{m}",
    "games": (
        "# 比赛：每队各任一场职工方（union）、一场企业方（employer），角色互换。\n"
        "# 赛后填入比赛记录（相对本文件的路径）：bargain simulate ... --format json > 文件，"
        "或 bargain play ... --record 文件"
    ),
    "game": "第{n}场",
    "criteria": "# 评委评分项（没有公开的官方评分细则，权重由主办方确定）",
    "scale": "# 评委打分区间",
    "weights": (
        "# 各部分权重（按比例折算为100分）：达成协议、己方收益、合法性（违法出价扣分；协议违法按未达成计）、\n"
        "# 案例数据运用（出价在企业承受能力之内的比例，仅为粗略指标，数据分析另由评委评分）、评委评分"
    ),
    "prizes": "# 奖项：团体一、二、三等奖名额；最佳谈判员、优秀协商员名额",
    "scores": "# 评委评分（用 bargain contest judge 录入；不写 game 的为对全部比赛的评分）",
}
_EN = {
    "head": (
        "# A bargaining-skills contest (bargain contest)\n"
        "#\n"
        "# Check this file:      bargain contest check {file}\n"
        "# Enter judges' scores: bargain contest judge {file} --team t1 --game 1 --judge J1 "
        "--criterion communication=8 --member 'Member 1-1=9'\n"
        "# Table and awards:     bargain contest table {file} --csv table.csv --docx awards.docx\n"
    ),
    "title": "集体协商竞赛",
    "organiser": "Organiser",
    "scenarios": "# The cases drawn: scenario files (relative to this file) or shipped scenario names",
    "teams": "# Teams: 1 to 6 members each (usually 4, split between the two sides)",
    "team": "Team {n}",
    "member": "Member {n}-{m}",
    "games": (
        "# Games: each team plays once on the worker side (union), once on the management side\n"
        "# (employer). After a game, add its record (relative to this file): bargain simulate ...\n"
        "# --format json > FILE, or bargain play ... --record FILE"
    ),
    "game": "game {n}",
    "criteria": "# What the judges score (no official rubric is published: the weights are yours)",
    "scale": "# The range of a judge's score",
    "weights": (
        "# Weights of the parts (scaled to 100 points): deal, advantage, legality (illegal offers\n"
        "# count against a side; an illegal deal is no deal), use of the case data (the share of\n"
        "# offers the company can bear: a rough proxy; judges score the analysis), judges"
    ),
    "prizes": "# Prizes: team first, second, third prizes; best and excellent negotiators",
    "scores": "# Judges' scores (bargain contest judge adds them; without game: the whole contest)",
}


def starter(file: str, scenario: str, teams: int, lang: Lang = Lang.ZH) -> str:
    """The text of a new contest file for ``teams`` teams on ``scenario`` (a path relative to
    the file, or a shipped name), with comments in ``lang``.

    Raises:
        ValueError: fewer than 2 teams.
    """
    if teams < 2:
        raise ValueError("a contest needs at least 2 teams")
    words = _ZH if lang is Lang.ZH else _EN
    en = lang is Lang.EN
    out = [words["head"].format(file=file)]
    out.append(f"title: {_scalar(words['title'])}")
    if en:
        out.append("title_en: Bargaining-skills contest")
    out.append(f"organiser: {_scalar(words['organiser'])}")
    out.append("# date: 2025-10-24")
    out += ["", words["scenarios"], "scenarios:", f"  - {_scalar(scenario)}", "", words["teams"]]
    out.append("teams:")
    for n in range(1, teams + 1):
        members = ", ".join(_scalar(words["member"].format(n=n, m=m)) for m in range(1, 5))
        out += [
            f"  - id: t{n}",
            f"    name: {_scalar(words['team'].format(n=n))}",
            f"    members: [{members}]",
        ]
    out += ["", words["games"], "games:"]
    for number, (union, employer) in enumerate(pairings(teams), start=1):
        out += [
            f"  - union: t{union}          # {words['game'].format(n=number)}",
            f"    employer: t{employer}",
            f"    # record: records/game-{number}.json",
        ]
    out += ["", words["criteria"], "criteria:"]
    for criterion in DEFAULT_CRITERIA:
        out.append(
            f"  - {{id: {criterion.id}, name: {criterion.name}, "
            f"name_en: {_scalar(criterion.name_en or criterion.id)}, weight: 1}}"
        )
    out += ["", words["scale"], "scale: {low: 0, high: 10}", "", words["weights"]]
    out.append("weights: {deal: 20, advantage: 25, legality: 15, case_data: 10, judges: 30}")
    out += ["", words["prizes"]]
    out.append(
        "prizes: {first: 1, second: 2, third: 3, best_negotiator: 1, excellent_negotiators: 0}"
    )
    out += ["", words["scores"], "scores: []", ""]
    return "\n".join(out)


def _scalar(value: str) -> str:
    """``value`` as a YAML scalar, quoted only when it must be."""
    text = yaml.safe_dump([value], allow_unicode=True, default_flow_style=True, width=10**6)
    return text.strip()[1:-1]


def _plain(value: Any) -> Any:
    """Data as YAML or JSON can write it: decimals as whole or binary numbers."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def add_score(path: str | Path, entry: Mapping[str, Any]) -> Contest:
    """Add one judge's scores (``team``, optional ``judge`` and ``game``, ``criteria``,
    ``members``) to the contest file at ``path``, and return the contest as written.

    Raises:
        InvalidDocument: the file is not a valid contest, or the entry does not fit it (an
            unknown team, game, criterion or member, a score out of the scale); the file is left
            as it was. The problem names the file and the path the entry would take
            (``scores[4].criteria.foo``).
    """
    path = Path(path)
    data, lines, source = load_tree(path)
    check_contest(validate_tree(Contest, data, lines, source), source, lines)
    entry = {k: _plain(v) for k, v in entry.items() if v is not None and v != {}}
    scores = data.get("scores")
    new = dict(data)
    new["scores"] = [*(scores if isinstance(scores, list) else []), entry]
    expected = validate_tree(Contest, new, {}, source)
    check_contest(expected, source)
    text = path.read_bytes().decode("utf-8-sig")
    fmt = "json" if path.suffix.lower() == ".json" else "yaml"
    candidates = [] if fmt == "json" else [_inserted(text, entry)]
    candidates.append(_dumped(new, fmt))
    for candidate in candidates:
        if candidate is not None and _holds(candidate, expected, source, fmt):
            _replace(path, candidate)
            return expected
    raise AssertionError("the contest file could not be written back")  # pragma: no cover


def _holds(text: str, expected: Contest, source: str, fmt: str) -> bool:
    try:
        data, lines = parse_tree(text, source=source, fmt="json" if fmt == "json" else "yaml")
        return validate_tree(Contest, data, lines, source) == expected
    except InvalidDocument:  # the next way of writing it, then
        return False


def _dumped(data: Mapping[str, Any], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(_plain(data), ensure_ascii=False, indent=2, default=str) + "\n"
    return yaml.safe_dump(_plain(data), allow_unicode=True, sort_keys=False, width=100)


def _inserted(text: str, entry: Mapping[str, Any]) -> str | None:
    """``text`` with ``entry`` added as one flow-style line under the top-level ``scores``, or
    ``None`` where the layout does not allow it."""
    line = yaml.safe_dump(
        entry, allow_unicode=True, default_flow_style=True, sort_keys=False, width=10**6
    ).strip()
    newline = "\r\n" if "\r\n" in text else "\n"
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    if not isinstance(root, yaml.MappingNode):
        return None
    value = next((v for k, v in root.value if getattr(k, "value", None) == "scores"), None)
    if value is None:
        whole = text if text.endswith(("\n", "\r")) or not text else text + newline
        return f"{whole}scores:{newline}  - {line}{newline}"
    if not isinstance(value, yaml.SequenceNode):
        return None
    start, stop = value.start_mark.index, value.end_mark.index
    if value.flow_style:
        if not value.value:  # scores: []  →  a block list of one line
            return f"{text[:start].rstrip(' ')}{newline}  - {line}{text[stop:]}"
        return f"{text[: stop - 1]}, {line}{text[stop - 1 :]}"
    first = value.value[0]
    prefix = text[text.rfind("\n", 0, first.start_mark.index) + 1 : first.start_mark.index]
    if prefix.strip() != "-":  # "  - " before the first item's text: its indentation
        return None
    indent = prefix[: prefix.index("-")]
    end = _end(value.value[-1])
    at = end if end and text[end - 1] == "\n" else text.find("\n", end) + 1
    if at == 0:  # the last line has no line break
        return f"{text}{newline}{indent}- {line}{newline}"
    return f"{text[:at]}{indent}- {line}{newline}{text[at:]}"


def _end(node: yaml.Node) -> int:
    """Where the last text of ``node`` ends (block collections end where the next key starts,
    after any comment lines, so their deepest scalar or flow item is used instead)."""
    if isinstance(node, yaml.MappingNode) and not node.flow_style:
        children: Sequence[yaml.Node] = [n for pair in node.value for n in pair]
    elif isinstance(node, yaml.SequenceNode) and not node.flow_style:
        children = node.value
    else:
        return int(node.end_mark.index)
    return max((_end(child) for child in children), default=int(node.end_mark.index))


def _replace(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path`` and rename it over ``path``."""
    mode = path.stat().st_mode & 0o7777
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        Path(temporary).chmod(mode)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
