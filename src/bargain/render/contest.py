"""The contest table for the awards ceremony (集体协商竞赛成绩与获奖名单), as a DOCX.

Pure data in, a document out: :func:`contest_context` turns the plain data of a contest table
(``Standings.as_json(lang)`` of :mod:`bargain.simulation.standings`, or any mapping of that shape)
into the template's context, and :func:`render_contest` renders the template
``templates/contest/contest_table.docx`` (official layout, GB/T 9704-2012: A4, title in 小标宋,
body in 仿宋; built by ``tools/build_contest_template.py``) or an organiser's edited copy of it.

>>> data = {"title": "蚌埠市集体协商竞赛", "organiser": "蚌埠市总工会", "date": "2025-10-24",
...         "weights": {"deal": 1}, "criteria": [], "scale": [0, 10], "tie_rule": "…",
...         "teams": [{"rank": 1, "name": "一队", "union": 70.0, "employer": None,
...                    "judges": 60.0, "total": 35.0, "prize": "first",
...                    "prize_label": "团体一等奖"}],
...         "games": [], "individuals": [], "pending": []}
>>> context = contest_context(data)
>>> context["prizes"], context["teams"][0]["employer"], context["date"]
([{'label': '团体一等奖', 'winners': ['一队']}], '—', '2025年10月24日')
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from bargain.domain.language import Bilingual, Lang
from bargain.render.docx import render_docx
from bargain.render.filters import chinese_date
from bargain.render.templates import builtin_templates_dir

__all__ = ["contest_context", "contest_template", "render_contest"]

_LABELS: dict[str, Bilingual] = {
    "subtitle": Bilingual("成绩与获奖名单", "Results and awards"),
    "standings": Bilingual("团体成绩", "Team standings"),
    "rank": Bilingual("名次", "Rank"),
    "team": Bilingual("参赛队", "Team"),
    "union": Bilingual("职工方", "Worker side"),
    "employer": Bilingual("企业方", "Management side"),
    "judges": Bilingual("评委评分", "Judges"),
    "total": Bilingual("总分", "Total"),
    "prize": Bilingual("奖项", "Prize"),
    "awards": Bilingual("获奖名单", "Awards"),
    "games": Bilingual("比赛结果", "Games"),
    "game": Bilingual("场次", "Game"),
    "union_team": Bilingual("职工方队伍", "Worker side"),
    "employer_team": Bilingual("企业方队伍", "Management side"),
    "result": Bilingual("结果", "Result"),
    "union_points": Bilingual("职工方得分", "Worker pts"),
    "employer_points": Bilingual("企业方得分", "Mgmt pts"),
    "none": Bilingual("无。", "None."),
    "separator": Bilingual("、", ", "),
    "colon": Bilingual("：", ": "),
}
_PARTS = {
    "deal": Bilingual("达成协议", "deal"),
    "advantage": Bilingual("己方收益", "advantage"),
    "legality": Bilingual("合法性", "legality"),
    "case_data": Bilingual("案例数据运用", "use of the case data"),
    "judges": Bilingual("评委评分", "judges"),
}
_NOT_PLAYED = Bilingual("未赛", "not played")
_BLANK_DATE = "　　　　年　　月　　日"


def contest_template() -> Path:
    """The built-in template."""
    return builtin_templates_dir() / "contest" / "contest_table.docx"


def contest_context(data: Mapping[str, Any], lang: Lang = Lang.ZH) -> dict[str, Any]:
    """The template's context from a contest table's plain data: ``title``, ``labels``,
    ``teams`` (``rank``, ``name``, ``union``, ``employer``, ``judges``, ``total``, ``prize``, the
    points as printed), ``prizes`` and titles (``label``, ``winners``), ``games`` (``number``,
    ``union``, ``employer``, ``result``, ``union_points``, ``employer_points``), ``tie_rule``,
    ``pending`` (a note, or empty), ``organiser`` and ``date`` (a blank date line without one)."""
    labels = {key: label.get(lang) for key, label in _LABELS.items()}
    teams = [
        {
            "rank": row["rank"],
            "name": row["name"],
            "union": _points(row.get("union")),
            "employer": _points(row.get("employer")),
            "judges": _points(row.get("judges")),
            "total": _points(row.get("total")),
            "prize": row.get("prize_label") or "",
        }
        for row in data["teams"]
    ]
    prizes: list[dict[str, Any]] = []
    for key, label in (("prize", "prize_label"), ("title", "title_label")):
        rows = data["teams"] if key == "prize" else data["individuals"]
        for row in rows:
            if row.get(label) is None:
                continue
            winner = row["name"] if key == "prize" else _person(row, lang)
            found = next((p for p in prizes if p["label"] == row[label]), None)
            if found is None:
                prizes.append({"label": row[label], "winners": [winner]})
            else:
                found["winners"].append(winner)
    games = [
        {
            "number": game["number"],
            "union": game["union_name"],
            "employer": game["employer_name"],
            "result": game.get("result") or _NOT_PLAYED.get(lang),
            "union_points": _points(game.get("union_points")),
            "employer_points": _points(game.get("employer_points")),
        }
        for game in data["games"]
    ]
    pending = ""
    if data.get("pending"):
        numbers = labels["separator"].join(str(n) for n in data["pending"])
        pending = Bilingual(
            f"第{numbers}场尚未比赛，本表为阶段成绩。",
            f"Games {numbers} are still to be played: the standings are provisional.",
        ).get(lang)
    date = data.get("date")
    return {
        "title": data["title"],
        "labels": labels | {"scoring": _scoring(data, lang)},
        "teams": teams,
        "prizes": prizes,
        "games": games,
        "tie_rule": data.get("tie_rule") or "",
        "pending": pending,
        "organiser": data.get("organiser") or "",
        "date": _date(date, lang),
    }


def render_contest(
    data: Mapping[str, Any], out: Path, lang: Lang = Lang.ZH, *, template: Path | None = None
) -> Path:
    """Write the contest table's DOCX to ``out`` from its plain data (:func:`contest_context`),
    with the built-in template or ``template``.

    Raises:
        TemplateError: the template cannot be read or rendered (a variable it lacks, a syntax
            error), naming the template and the place.
    """
    return render_docx(template or contest_template(), contest_context(data, lang), out)


def _points(value: Any) -> str:
    return "—" if value is None else f"{float(value):.2f}"


def _person(row: Mapping[str, Any], lang: Lang) -> str:
    team = row["team_name"]
    return f"{row['member']}（{team}）" if lang is Lang.ZH else f"{row['member']} ({team})"


def _date(value: Any, lang: Lang) -> str:
    if not value:
        return _BLANK_DATE if lang is Lang.ZH else ""
    return chinese_date(str(value)) if lang is Lang.ZH else str(value)


def _scoring(data: Mapping[str, Any], lang: Lang) -> str:
    """How points were made: the weights as shares, and the judges' criteria and scale."""
    weights = {k: float(v) for k, v in data.get("weights", {}).items()}
    total = sum(weights.values()) or 1.0
    sep = "、" if lang is Lang.ZH else ", "
    space = "" if lang is Lang.ZH else " "
    shares = sep.join(
        f"{_PARTS[k].get(lang) if k in _PARTS else k}{space}{100 * v / total:.0f}%"
        for k, v in weights.items()
        if v
    )
    criteria = sep.join(c["name"] for c in data.get("criteria", []))
    low, high = (f"{float(x):g}" for x in data.get("scale", (0, 10)))
    if lang is Lang.ZH:
        text = f"计分办法：每场比赛按{shares}计分（满分100分），职工方和企业方成绩各占一半。"
        return text + (f"评委评分项：{criteria}（{low}至{high}分）。" if criteria else "")
    text = (
        f"Scoring: each game counts {shares} (100 points in all); the worker and management "
        "sides count half each."
    )
    return text + (f" Judges score {criteria} ({low} to {high})." if criteria else "")
