"""``bargain playbook``: a side's private playbook (协商预案) for an agreement.

``--from FILE`` saves (replaces) it, ``--show`` prints it (the default), ``--delete`` removes it,
``--assess`` measures the agreement's current text (or ``--version V``) against it and exits 1 when
a position crosses the walk-away. The playbook is kept apart from the shared record: no other
command prints, renders or exports it.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from bargain.cli.root import EXIT_INPUT, LangOption, app, failures, stderr, stdout
from bargain.cli.store import DbOption, Format, FormatOption, _dump
from bargain.domain.language import Bilingual, Lang

if TYPE_CHECKING:
    from bargain.domain.playbook import Playbook

__all__ = ["playbook_command"]

EXIT_CROSSED = 1
"""Exit status of ``--assess`` when the text crosses a walk-away."""


class SideName(StrEnum):
    """The side whose playbook it is (``bargain.domain.parties.Side``, light for ``--help``)."""

    UNION = "union"
    EMPLOYER = "employer"


@app.command("playbook")
def playbook_command(
    agreement_id: Annotated[str, typer.Argument(metavar="ID", help="The agreement's id.")],
    side: Annotated[SideName, typer.Option("--side", help="Whose playbook: union or employer.")],
    lang: LangOption,
    source: Annotated[
        Path | None,
        typer.Option(
            "--from",
            help="Save the playbook in this YAML/JSON file, replacing the side's earlier one.",
            show_default=False,
        ),
    ] = None,
    show: Annotated[bool, typer.Option("--show", help="Print the playbook (the default).")] = False,
    delete: Annotated[bool, typer.Option("--delete", help="Remove the playbook.")] = False,
    judge: Annotated[
        bool,
        typer.Option(
            "--assess",
            help="Measure the agreement's text against the playbook; exit 1 when a position "
            "crosses the walk-away.",
        ),
    ] = False,
    version: Annotated[
        int | None,
        typer.Option(
            "--version",
            min=0,
            help="With --assess: the text after this event (0: as opened). Default: current.",
            show_default=False,
        ),
    ] = None,
    db: DbOption = None,
    fmt: FormatOption = Format.TEXT,
) -> None:
    """Keep, show, delete or assess a side's private playbook: opening, target and walk-away
    per clause field."""
    from bargain.bootstrap import open_store, open_workflow
    from bargain.domain.parties import Side
    from bargain.playbooks import NoPlaybook, Playbooks

    actions = [name for name, on in _actions(source, show, delete, judge) if on]
    if len(actions) > 1 or (version is not None and not judge):
        _refuse(
            Bilingual(
                "--from、--show、--delete、--assess 只能选一个；--version 只与 --assess 同用",
                "give one of --from, --show, --delete and --assess; --version goes with "
                "--assess only",
            ),
            lang,
        )
    action = actions[0] if actions else "show"
    chosen = Side(side.value)
    with failures(lang):
        store = open_store(db, must_exist=True)
        playbooks = Playbooks(store.unit_of_work)
        if action == "from":
            assert source is not None
            saved = playbooks.save_file(agreement_id, chosen, source)
            _saved(saved, fmt, lang)
        elif action == "delete":
            had = playbooks.delete(agreement_id, chosen)
            _deleted(agreement_id, chosen, had, fmt, lang)
        elif action == "assess":
            text = None
            if version is not None:
                text = open_workflow(store).text_at(agreement_id, version)
            assessment = playbooks.assess(agreement_id, chosen, text)
        else:
            found = playbooks.get(agreement_id, chosen)
            if found is None:
                raise NoPlaybook(agreement_id, chosen)
            _show(found, fmt, lang)
    if action == "assess":
        if fmt is Format.JSON:
            _dump(assessment.as_json())
        else:
            for number, line in enumerate(assessment.lines(lang)):
                item = assessment.items[number - 1] if number else None
                style = "bold red" if item is not None and item.crosses_walk_away else None
                stdout().print(line, style=style, markup=False, soft_wrap=True)
        if assessment.crossed:
            raise typer.Exit(EXIT_CROSSED)


def _actions(source: Path | None, show: bool, delete: bool, judge: bool) -> list[tuple[str, bool]]:
    return [("from", source is not None), ("show", show), ("delete", delete), ("assess", judge)]


def _refuse(message: Bilingual, lang: Lang) -> None:
    stderr().print(message.get(lang), markup=False)
    raise typer.Exit(EXIT_INPUT)


def _saved(playbook: Playbook, fmt: Format, lang: Lang) -> None:
    if fmt is Format.JSON:
        _dump(playbook.model_dump(mode="json"))
        return
    side = playbook.side.label
    message = Bilingual(
        f"已保存{side.zh}对集体合同 {playbook.agreement_id} 的协商预案（{len(playbook.entries)}项）",
        f"saved the {side.en}'s playbook for agreement {playbook.agreement_id} "
        f"({len(playbook.entries)} entries)",
    )
    typer.echo(message.get(lang))


def _deleted(agreement_id: str, side: Any, had: bool, fmt: Format, lang: Lang) -> None:
    if fmt is Format.JSON:
        _dump({"agreement_id": agreement_id, "side": side.value, "deleted": had})
        return
    if had:
        message = Bilingual(
            f"已删除{side.label.zh}对集体合同 {agreement_id} 的协商预案",
            f"deleted the {side.label.en}'s playbook for agreement {agreement_id}",
        )
    else:
        message = Bilingual(
            f"{side.label.zh}没有集体合同 {agreement_id} 的协商预案，无需删除",
            f"the {side.label.en} keeps no playbook for agreement {agreement_id}: nothing deleted",
        )
    typer.echo(message.get(lang))


def _show(playbook: Playbook, fmt: Format, lang: Lang) -> None:
    from rich.table import Table

    from bargain.domain.playbook import format_position

    if fmt is Format.JSON:
        _dump(playbook.model_dump(mode="json"))
        return
    heads = Bilingual(
        "优先级|条款字段|开价|目标|底线|方向|备注",
        "priority|clause field|opening|target|walk-away|direction|note",
    )
    title = Bilingual(
        f"{playbook.side.label.zh}协商预案：{playbook.agreement_id}",
        f"{playbook.side.label.en} playbook: {playbook.agreement_id}",
    )
    table = Table(title=title.get(lang))
    for head in heads.get(lang).split("|"):
        table.add_column(head, overflow="fold")
    for entry in sorted(playbook.entries, key=lambda e: e.priority):
        table.add_row(
            str(entry.priority),
            entry.label(lang),
            format_position(entry.opening, lang),
            format_position(entry.target, lang),
            format_position(entry.walk_away, lang),
            entry.direction.label.get(lang),
            entry.note or "",
        )
    stdout().print(table)
