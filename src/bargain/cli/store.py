"""Commands on the database: ``db upgrade``, ``list``, ``history``, ``deadlines``, ``verify``,
``export`` and ``import``.

Each takes ``--db`` (default: ``$BARGAIN_DATABASE_URL``, else ``./bargain.db``) and, where it
prints data, ``--format json``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from bargain.cli.root import EXIT_INPUT, LangOption, app, failures, stderr, stdout
from bargain.domain.language import Bilingual, Lang
from bargain.domain.status import Status

if TYPE_CHECKING:
    from bargain.domain.agreement import Agreement
    from bargain.domain.events import Event
    from bargain.domain.lifecycle import Due
    from bargain.ports import Verification
    from bargain.services import Workflow

__all__ = ["open_workflow"]

EXIT_BROKEN = 1
"""Exit status of ``bargain verify`` when a history does not verify."""

db_app = typer.Typer(help="The database: create or migrate its schema.", no_args_is_help=True)
app.add_typer(db_app, name="db")


class Format(StrEnum):
    """How a command prints what it found."""

    TEXT = "text"
    JSON = "json"


DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database: an SQLite file path, or a URL (sqlite:///file.db, "
        "postgresql+psycopg://…). Default: $BARGAIN_DATABASE_URL, else ./bargain.db.",
        show_default=False,
    ),
]
FormatOption = Annotated[Format, typer.Option("--format", help="text or json.")]


def open_workflow(
    db: str | None, *, today: dt.date | None = None, existing: bool = False
) -> Workflow:
    """A workflow on the database (created and migrated on first use).

    ``existing``: for commands that only read, the database must exist already; a missing one is
    reported (:class:`~bargain.errors.NoDatabase`), not created.
    """
    from bargain.bootstrap import open_workflow as assemble

    return assemble(db, today=today, must_exist=existing)


def _dump(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


@db_app.command("upgrade")
def db_upgrade_command(
    lang: LangOption, db: DbOption = None, fmt: FormatOption = Format.TEXT
) -> None:
    """Create or migrate the schema of the database to the newest revision."""
    from bargain.store.migrate import head, upgrade
    from bargain.store.sqlalchemy import SqlStore, database_url

    with failures(lang):
        store = SqlStore(database_url(db), create=False)
        reached = upgrade(store.engine)
        store.dispose()
    if fmt is Format.JSON:
        _dump({"database": store.url, "revision": reached, "newest": head()})
        return
    message = Bilingual(
        f"数据库 {store.url} 已升级至版本 {reached}（最新 {head()}）",
        f"database {store.url} is at revision {reached} (newest {head()})",
    )
    typer.echo(message.get(lang))


@app.command("list")
def list_command(
    lang: LangOption,
    db: DbOption = None,
    state: Annotated[
        Status | None, typer.Option("--state", help="Only agreements in this state.")
    ] = None,
    sector: Annotated[str | None, typer.Option("--sector", help="Only this sector.")] = None,
    fmt: FormatOption = Format.TEXT,
) -> None:
    """List the stored agreements: id, title, state, kind, sector and term."""
    from rich.table import Table

    with failures(lang):
        agreements = open_workflow(db, existing=True).find(status=state, sector=sector)
    if fmt is Format.JSON:
        _dump([_summary(a) for a in agreements])
        return
    heads = Bilingual("标识|标题|状态|类型|行业|期限", "id|title|state|kind|sector|term")
    table = Table()
    for title in heads.get(lang).split("|"):
        table.add_column(title, overflow="fold")
    for agreement in agreements:
        term = agreement.term
        table.add_row(
            agreement.id,
            agreement.title if lang is Lang.ZH else agreement.title_en or agreement.title,
            agreement.status.label.get(lang),
            agreement.kind.label.get(lang),
            agreement.scope.sector_name or agreement.scope.sector or "",
            "" if term is None else f"{term.start} – {term.end}",
        )
    stdout().print(table)


def _summary(agreement: Agreement) -> dict[str, Any]:
    term = agreement.term
    return {
        "id": agreement.id,
        "title": agreement.title,
        "status": agreement.status.value,
        "kind": agreement.kind.value,
        "sector": agreement.scope.sector,
        "region": agreement.scope.region,
        "term": None if term is None else {"start": str(term.start), "end": str(term.end)},
        "version": agreement.procedure.version,
    }


@app.command("history")
def history_command(
    agreement_id: Annotated[str, typer.Argument(metavar="ID", help="The agreement's id.")],
    lang: LangOption,
    db: DbOption = None,
    fmt: FormatOption = Format.TEXT,
) -> None:
    """Print an agreement's history: every step, who took it, when, and the article."""
    from rich.table import Table

    with failures(lang):
        events = open_workflow(db, existing=True).history(agreement_id)
    if fmt is Format.JSON:
        _dump([event.model_dump(mode="json") for event in events])
        return
    heads = Bilingual("序号|日期|事项|进行者|依据|说明", "#|day|what|by|article|notes")
    table = Table(title=agreement_id)
    for title in heads.get(lang).split("|"):
        table.add_column(title, overflow="fold")
    for event in events:
        table.add_row(
            str(event.sequence),
            str(event.on),
            event.type.label.get(lang),
            _actor(event, lang),
            event.citation.format(lang),
            "；".join(note.get(lang) for note in event.notes),
            style="yellow" if event.late else None,
        )
    stdout().print(table)


def _actor(event: Event, lang: Lang) -> str:
    role = event.actor.role.label.get(lang)
    return role if event.actor.name is None else f"{role} {event.actor.name}"


@app.command("deadlines")
def deadlines_command(
    lang: LangOption,
    db: DbOption = None,
    within: Annotated[
        int, typer.Option("--within", min=0, help="Days ahead to include (overdue always).")
    ] = 30,
    on: Annotated[
        dt.datetime | None,
        typer.Option("--on", formats=["%Y-%m-%d"], help="Count from this day (default today)."),
    ] = None,
    ics: Annotated[
        Path | None, typer.Option("--ics", help="Also write the deadlines as an iCalendar file.")
    ] = None,
    fmt: FormatOption = Format.TEXT,
) -> None:
    """List the legal deadlines across all agreements: overdue, then upcoming."""
    with failures(lang):
        today = None if on is None else on.date()
        due = open_workflow(db, today=today, existing=True).due(within=within)
    if ics is not None:
        _write_calendar(ics, due, lang)
    if fmt is Format.JSON:
        _dump([item.as_json(lang) for item in due])
        return
    if not due:
        typer.echo(Bilingual("没有逾期或临近的期限", "nothing overdue or due soon").get(lang))
    for item in due:
        stdout().print(item.text(lang), style="bold red" if item.overdue else None, markup=False)


def _write_calendar(path: Path, due: Sequence[Due], lang: Lang) -> None:
    from bargain.render.ical import deadline_calendar

    try:
        path.write_bytes(deadline_calendar(due, lang))
    except OSError as error:
        reason = error.strerror or type(error).__name__
        message = Bilingual(
            f"{path}: 无法写入日历文件：{reason}", f"{path}: cannot write: {reason}"
        )
        stderr().print(message.get(lang), markup=False)
        raise typer.Exit(EXIT_INPUT) from None


@app.command("verify")
def verify_command(
    lang: LangOption,
    agreement_id: Annotated[
        str | None, typer.Argument(metavar="[ID]", help="One agreement (default: all).")
    ] = None,
    db: DbOption = None,
    export: Annotated[
        Path | None,
        typer.Option(
            "--export",
            help="Verify an export file (bargain-export/2) instead: no database is used.",
            show_default=False,
        ),
    ] = None,
    fmt: FormatOption = Format.TEXT,
) -> None:
    """Check the hash chain of every stored history and that replaying it gives the snapshot."""
    if export is not None and (agreement_id is not None or db is not None):
        message = Bilingual(
            "--export 校验导出文件，不能同时指定集体合同标识或 --db",
            "--export verifies an export file: give no agreement id and no --db with it",
        )
        stderr().print(message.get(lang), markup=False)
        raise typer.Exit(EXIT_INPUT)
    with failures(lang):
        if export is not None:
            from bargain.exchange import verify_export_file

            checks: Sequence[Verification] = (verify_export_file(export),)
        else:
            checks = open_workflow(db, existing=True).verify(agreement_id)
    if fmt is Format.JSON:
        _dump(
            [
                {
                    "agreement_id": c.agreement_id,
                    "ok": c.ok,
                    "events": c.events,
                    "broken_at": c.broken_at,
                    "snapshot_ok": c.snapshot_ok,
                    "message": c.text(lang),
                }
                for c in checks
            ]
        )
    else:
        if not checks:
            typer.echo(Bilingual("数据库中没有集体合同", "no agreement is stored").get(lang))
        for check in checks:  # one line each, however wide (a script reads them)
            style = None if check.ok else "bold red"
            stdout().print(check.text(lang), style=style, markup=False, soft_wrap=True)
    if not all(check.ok for check in checks):
        raise typer.Exit(EXIT_BROKEN)


@app.command("export")
def export_command(
    agreement_id: Annotated[str, typer.Argument(metavar="ID", help="The agreement's id.")],
    lang: LangOption,
    db: DbOption = None,
) -> None:
    """Print an agreement as opened, its events, its snapshot and its hash chain, as one JSON
    document (bargain-export/2)."""
    from bargain.exchange import dump_export

    with failures(lang):
        export = open_workflow(db, existing=True).export(agreement_id)
    typer.echo(dump_export(export), nl=False)


@app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="An agreement file, or an export (JSON).")],
    lang: LangOption,
    db: DbOption = None,
    fmt: FormatOption = Format.TEXT,
) -> None:
    """Store an agreement file (to start its procedure) or an export with its history.

    An export's hash chain is verified first: a broken one is refused, and nothing is stored.
    """
    from bargain.exchange import Export, check_export, load_agreement_or_export

    with failures(lang):
        document = load_agreement_or_export(file)
        if isinstance(document, Export):
            check_export(document)  # before a database is created for it
        workflow = open_workflow(db)
        if isinstance(document, Export):
            agreement = workflow.restore(document)  # verifies the chain too, when it has one
        else:
            agreement = workflow.open(document)
    if fmt is Format.JSON:
        _dump(_summary(agreement))
        return
    message = Bilingual(
        f"已导入集体合同 {agreement.id}（{agreement.status.label.zh}，{agreement.procedure.version}个事件）",
        f"imported agreement {agreement.id} ({agreement.status.label.en}, "
        f"{agreement.procedure.version} events)",
    )
    typer.echo(message.get(lang))
