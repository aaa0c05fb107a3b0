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
from typing import Annotated, Any

import typer
from pydantic import ValidationError
from rich.table import Table

from bargain.cli.app import LangOption, app, failures, stdout
from bargain.domain.agreement import Agreement
from bargain.domain.events import Event
from bargain.domain.language import Bilingual, Lang
from bargain.domain.lifecycle import Due
from bargain.domain.procedure import Status
from bargain.errors import InvalidDocument, Problem
from bargain.files import load_agreement
from bargain.services import Workflow
from bargain.store.migrate import head, upgrade
from bargain.store.sqlalchemy import SqlStore, database_url

__all__ = ["EXPORT_FORMAT", "calendar_file", "open_workflow"]

EXPORT_FORMAT = "bargain-export/1"
"""The ``format`` field of an export document."""

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
        ics.write_text(calendar_file(due, lang), encoding="utf-8")
    if fmt is Format.JSON:
        _dump([item.as_json(lang) for item in due])
        return
    if not due:
        typer.echo(Bilingual("没有逾期或临近的期限", "nothing overdue or due soon").get(lang))
    for item in due:
        stdout().print(item.text(lang), style="bold red" if item.overdue else None, markup=False)


def calendar_file(due: Sequence[Due], lang: Lang = Lang.ZH) -> str:
    """The deadlines as an iCalendar (RFC 5545) file of all-day events."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//bargain//deadlines//ZH",
        "CALSCALE:GREGORIAN",
    ]
    for item in due:
        day = item.deadline.due
        lines += [
            "BEGIN:VEVENT",
            f"UID:{item.agreement_id}-{item.kind.value}-{day:%Y%m%d}@bargain",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{day + dt.timedelta(days=1):%Y%m%d}",
            "SUMMARY:" + _ics_text(f"{item.kind.label.get(lang)}：{item.agreement_id}"),
            "DESCRIPTION:" + _ics_text(item.text(lang)),
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"


def _ics_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    # RFC 5545 3.1: lines longer than 75 octets are folded; never split a UTF-8 character.
    out, current = [], ""
    for char in line:
        if len((current + char).encode()) > 75:
            out.append(current)
            current = " " + char
        else:
            current += char
    out.append(current)
    return "\r\n".join(out)


@app.command("verify")
def verify_command(
    lang: LangOption,
    agreement_id: Annotated[
        str | None, typer.Argument(metavar="[ID]", help="One agreement (default: all).")
    ] = None,
    db: DbOption = None,
    fmt: FormatOption = Format.TEXT,
) -> None:
    """Check the hash chain of every stored history and that replaying it gives the snapshot."""
    with failures(lang):
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
        for check in checks:
            stdout().print(check.text(lang), style=None if check.ok else "bold red", markup=False)
    if not all(check.ok for check in checks):
        raise typer.Exit(EXIT_BROKEN)


@app.command("export")
def export_command(
    agreement_id: Annotated[str, typer.Argument(metavar="ID", help="The agreement's id.")],
    lang: LangOption,
    db: DbOption = None,
) -> None:
    """Print an agreement as opened, its events and its snapshot, as one JSON document."""
    with failures(lang):
        workflow = open_workflow(db, existing=True)
        document = {
            "format": EXPORT_FORMAT,
            "opening": workflow.opening(agreement_id).model_dump(mode="json"),
            "events": [e.model_dump(mode="json") for e in workflow.history(agreement_id)],
            "snapshot": workflow.get(agreement_id).model_dump(mode="json"),
        }
    _dump(document)


@app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="An agreement file, or an export (JSON).")],
    lang: LangOption,
    db: DbOption = None,
    fmt: FormatOption = Format.TEXT,
) -> None:
    """Store an agreement file (to start its procedure) or an export with its history."""
    with failures(lang):
        workflow = open_workflow(db)
        export = _read_export(file)
        if export is None:
            agreement = workflow.open(load_agreement(file))
        else:
            agreement = workflow.restore(*export)
    if fmt is Format.JSON:
        _dump(_summary(agreement))
        return
    message = Bilingual(
        f"已导入集体合同 {agreement.id}（{agreement.status.label.zh}，{agreement.procedure.version}个事件）",
        f"imported agreement {agreement.id} ({agreement.status.label.en}, "
        f"{agreement.procedure.version} events)",
    )
    typer.echo(message.get(lang))


def _read_export(file: Path) -> tuple[Agreement, list[Event]] | None:
    if file.suffix.lower() != ".json" or not file.is_file():
        return None
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        return None  # not an export: the agreement loader will say what is wrong with it
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        return None
    try:
        opening = Agreement.model_validate(data.get("opening"))
        events = [Event.model_validate(e) for e in data.get("events", [])]
    except ValidationError as error:
        first = error.errors()[0]
        path = ".".join(str(p) for p in first["loc"])
        expected = Bilingual(f"导出文件格式错误：{first['msg']}", f"bad export: {first['msg']}")
        raise InvalidDocument([Problem(str(file), path, expected)]) from error
    return opening, events
