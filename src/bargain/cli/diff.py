"""``bargain diff``: the redline between two texts of an agreement, or between two files.

``bargain diff ID [--from V] [--to V]`` compares two of a stored agreement's text versions (``V``
is a version's sequence number, as ``Workflow.text_versions`` lists them: 0 is the text as
opened); ``bargain diff FILE FILE`` compares two agreement files. The redline itself is
:func:`bargain.domain.redline.compare`, the view :func:`bargain.render.redline_view.render_redline`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from bargain.cli.root import EXIT_INPUT, LangOption, app, failures, stderr, stdout
from bargain.cli.validate import OutputFormat
from bargain.domain.language import Bilingual, Lang

if TYPE_CHECKING:
    from bargain.domain.agreement import Text
    from bargain.domain.redline import Redline
    from bargain.ports import TextVersion
    from bargain.services import Workflow

__all__ = ["diff_command"]


def _version_option(name: str, help_text: str) -> Any:
    return typer.Option(
        name,
        min=0,
        metavar="V",
        help=f"{help_text} V: a text version's sequence number (0: the text as opened).",
        show_default=False,
    )


@app.command("diff")
def diff_command(
    sources: Annotated[
        list[str],
        typer.Argument(
            metavar="ID | FILE FILE",
            help="The id of a stored agreement, or two agreement files (.yaml, .yml, .json).",
            show_default=False,
        ),
    ],
    lang: LangOption,
    version_from: Annotated[
        int | None,
        _version_option("--from", "Compare from this version (default: the one before the last)."),
    ] = None,
    version_to: Annotated[
        int | None, _version_option("--to", "Compare to this version (default: the last).")
    ] = None,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Database to read an id from: an SQLite file path or a URL. "
            "Default: $BARGAIN_DATABASE_URL, else ./bargain.db.",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        OutputFormat, typer.Option("--format", help="text, or json for programs.")
    ] = OutputFormat.TEXT,
    no_color: Annotated[
        bool,
        typer.Option(
            "--no-color", help="Plain markers [-deleted-] {+inserted+} instead of colours."
        ),
    ] = False,
) -> None:
    """Show what changed between two texts: clauses added, removed and changed, and within a
    changed clause the characters deleted and inserted."""
    from bargain.domain.redline import compare

    if len(sources) > 2:
        _refuse(Bilingual("最多比较两个文件", "compare at most two files"), lang)
    with failures(lang):
        if len(sources) == 2:
            if version_from is not None or version_to is not None:
                _refuse(
                    Bilingual(
                        "比较两个文件时不能使用 --from/--to",
                        "--from/--to are for a stored agreement, not for two files",
                    ),
                    lang,
                )
            before, after, sides = _files(sources[0], sources[1])
        else:
            before, after, sides = _versions(sources[0], version_from, version_to, db, lang)
    redline = compare(before, after)
    if fmt is OutputFormat.JSON:
        typer.echo(json.dumps({**sides, **redline.as_json()}, ensure_ascii=False, indent=2))
        return
    _print(redline, sides, lang, no_color)


def _refuse(message: Bilingual, lang: Lang) -> None:
    stderr().print(message.get(lang), markup=False)
    raise typer.Exit(EXIT_INPUT)


def _files(first: str, second: str) -> tuple[Text, Text, dict[str, Any]]:
    from bargain.files import load_agreement

    before, after = load_agreement(first), load_agreement(second)
    return before.text, after.text, {"from": {"file": first}, "to": {"file": second}}


def _versions(
    agreement_id: str, version_from: int | None, version_to: int | None, db: str | None, lang: Lang
) -> tuple[Text, Text, dict[str, Any]]:
    from bargain.cli.store import open_workflow

    if Path(agreement_id).suffix.lower() in {".yaml", ".yml", ".json"}:
        _refuse(
            Bilingual(
                f"{agreement_id}：比较文件需要两个文件（bargain diff FILE FILE）",
                f"{agreement_id}: comparing files takes two (bargain diff FILE FILE)",
            ),
            lang,
        )
    workflow = open_workflow(db, existing=True)
    versions = workflow.text_versions(agreement_id)
    last = versions[-1].sequence
    start = version_from if version_from is not None else _before_last(versions, version_to)
    end = version_to if version_to is not None else last
    return (
        workflow.text_at(agreement_id, start),
        workflow.text_at(agreement_id, end),
        {
            "agreement": agreement_id,
            "from": _version(workflow, agreement_id, start),
            "to": _version(workflow, agreement_id, end),
        },
    )


def _before_last(versions: Sequence[TextVersion], version_to: int | None) -> int:
    """The version before ``version_to`` (before the last when not given), or the first."""
    sequences = [v.sequence for v in versions]
    end = version_to if version_to is not None else sequences[-1]
    earlier = [n for n in sequences if n < end]
    return earlier[-1] if earlier else sequences[0]


def _version(workflow: Workflow, agreement_id: str, sequence: int) -> dict[str, Any]:
    version = [v for v in workflow.text_versions(agreement_id) if v.sequence <= sequence][-1]
    return {
        "sequence": sequence,
        "fingerprint": version.fingerprint,
        "on": version.on.isoformat() if version.on else None,
    }


def _print(redline: Redline, sides: dict[str, Any], lang: Lang, no_color: bool) -> None:
    from bargain.render.redline_view import render_redline

    console = stdout()
    color = console.is_terminal and not console.no_color and not no_color
    heading = _heading(sides, lang)
    shown = render_redline(redline, lang, color=color)
    if color:
        console.print(heading, markup=False)
        console.print(shown)
    else:  # as it is, unwrapped, so that the markers stay whole
        typer.echo(heading)
        typer.echo(shown.plain, nl=False)


def _heading(sides: dict[str, Any], lang: Lang) -> str:
    first, second = sides["from"], sides["to"]
    if "file" in first:
        return f"{first['file']} → {second['file']}"

    def name(version: dict[str, Any]) -> str:
        day = f"，{version['on']}" if version["on"] else ""
        if lang is Lang.EN:
            day = f", {version['on']}" if version["on"] else ", as opened"
            return f"version {version['sequence']}{day} ({version['fingerprint'][:12]})"
        day = day or "，登记时的文本"
        return f"版本{version['sequence']}{day}（{version['fingerprint'][:12]}）"

    return f"{sides['agreement']}: {name(first)} → {name(second)}"
