"""Commands on the database: ``db upgrade``, ``list``, ``history``, ``deadlines``, ``verify``,
``export`` and ``import``.

Each takes ``--db`` (default: ``$BARGAIN_DATABASE_URL``, else ``./bargain.db``) and, where it
prints data, ``--format json``.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from bargain.cli.root import EXIT_INPUT, LangOption, app, failures, stderr, stdout
from bargain.domain.language import Bilingual, Lang
from bargain.domain.status import Status
from bargain.errors import escape_controls

if TYPE_CHECKING:
    from bargain.domain.agreement import Agreement, AgreementKind
    from bargain.domain.events import Event
    from bargain.domain.lifecycle import Due
    from bargain.ports import Page, Summary, Verification
    from bargain.services import Workflow

__all__ = ["open_workflow"]

T = TypeVar("T")

_PAGE = 500
"""How many items a listing reads from the database at a time."""

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


LimitOption = Annotated[
    int | None,
    typer.Option(
        "--limit",
        min=1,
        help="At most this many items (one page); the cursor of the next page is printed.",
        show_default=False,
    ),
]
AfterOption = Annotated[
    str | None,
    typer.Option(
        "--after",
        metavar="CURSOR",
        help="Start after this cursor: the one the page before printed.",
        show_default=False,
    ),
]


@app.command("list")
def list_command(
    lang: LangOption,
    db: DbOption = None,
    state: Annotated[
        Status | None, typer.Option("--state", help="Only agreements in this state.")
    ] = None,
    sector: Annotated[str | None, typer.Option("--sector", help="Only this sector.")] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            help="Only agreements of this kind: comprehensive, special, sector, regional or "
            "supplementary.",
        ),
    ] = None,
    region: Annotated[
        str | None,
        typer.Option(
            "--region", help="Only this region code (a province or city takes in its parts)."
        ),
    ] = None,
    limit: LimitOption = None,
    after: AfterOption = None,
    fmt: FormatOption = Format.TEXT,
) -> None:
    """List the stored agreements, by id: id, title, state, kind, sector and term."""
    with failures(lang):
        filters: dict[str, Any] = {
            "status": state,
            "sector": sector,
            "kind": _kind(kind),
            "region": region,
        }
        workflow = open_workflow(db, existing=True)
        if limit is None:
            items: Iterable[Summary] = _pages(
                lambda cursor: workflow.page(**filters, after=cursor, limit=_PAGE), after
            )
            cursor = None
        else:
            page = workflow.page(**filters, after=after, limit=limit)
            items, cursor = page.items, page.after
        if fmt is Format.JSON:
            _stream_json((item.as_json() for item in items), cursor)
            return
        heads = Bilingual("标识|标题|状态|类型|行业|期限", "id|title|state|kind|sector|term")
        typer.echo("\t".join(heads.get(lang).split("|")))
        for item in items:
            term = "" if item.term_start is None else f"{item.term_start} – {item.term_end}"
            title = item.title if lang is Lang.ZH else item.title_en or item.title
            row = (
                item.id,
                title,
                item.status.label.get(lang),
                item.kind.label.get(lang),
                item.sector_name or item.sector or "",
                term,
            )
            typer.echo("\t".join(escape_controls(field) for field in row))
    _next_page(cursor, lang)


def _kind(value: str | None) -> AgreementKind | None:
    """The kind ``--kind`` names (``InvalidDocument`` for a name that is none)."""
    from bargain.domain.agreement import AgreementKind
    from bargain.errors import InvalidDocument, Problem

    if value is None:
        return None
    try:
        return AgreementKind(value)
    except ValueError:
        known = ", ".join(kind.value for kind in AgreementKind)
        expected = Bilingual(f"应为以下合同类型之一：{known}", f"expected one of: {known}")
        raise InvalidDocument([Problem("<list>", "--kind", expected, repr(value))]) from None


def _pages(fetch: Callable[[str | None], Page[T]], after: str | None) -> Iterator[T]:
    """The items of every page from the cursor ``after`` on, one page at a time."""
    cursor = after
    while True:
        page = fetch(cursor)
        yield from page.items
        if page.after is None:
            return
        cursor = page.after


def _stream_json(items: Iterable[dict[str, Any]], after: str | None) -> None:
    """``{"items": [...], "after": cursor}``, written item by item as the items come (orjson:
    the same text as ``json.dumps(indent=2, ensure_ascii=False)``, several times faster)."""
    import orjson

    write = sys.stdout.write
    write('{"items": [')
    for number, item in enumerate(items):
        text = orjson.dumps(item, option=orjson.OPT_INDENT_2).decode()
        write(("," if number else "") + "\n  " + text.replace("\n", "\n  "))
    write(f"\n], {json.dumps('after')}: {json.dumps(after, ensure_ascii=False)}}}\n")


def _next_page(cursor: str | None, lang: Lang) -> None:
    """Say on standard error how to ask for the next page, if there is one."""
    if cursor is not None:
        message = Bilingual(f"下一页：--after {cursor}", f"next page: --after {cursor}")
        stderr().print(message.get(lang), markup=False)


def _imported(agreement: Agreement) -> dict[str, Any]:
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
    limit: LimitOption = None,
    after: AfterOption = None,
    fmt: FormatOption = Format.TEXT,
) -> None:
    """List the legal deadlines across all agreements, soonest first: overdue, then upcoming."""
    listed: list[Due] = []
    with failures(lang):
        today = None if on is None else on.date()
        workflow = open_workflow(db, today=today, existing=True)
        if limit is None:
            items: Iterable[Due] = _pages(
                lambda cursor: workflow.due_page(within=within, after=cursor, limit=_PAGE), after
            )
            cursor = None
        else:
            page = workflow.due_page(within=within, after=after, limit=limit)
            items, cursor = page.items, page.after
        if ics is not None:  # a calendar is written whole: keep what is printed
            items = _keeping(items, listed)
        if fmt is Format.JSON:
            _stream_json((item.as_json(lang) for item in items), cursor)
        else:
            printed = False
            for item in items:
                printed = True
                style = "bold red" if item.overdue else None
                stdout().print(item.text(lang), style=style, markup=False)
            if not printed:
                typer.echo(
                    Bilingual("没有逾期或临近的期限", "nothing overdue or due soon").get(lang)
                )
    if ics is not None:
        _write_calendar(ics, listed, lang)
    _next_page(cursor, lang)


def _keeping(items: Iterable[Due], kept: list[Due]) -> Iterator[Due]:
    for item in items:
        kept.append(item)
        yield item


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
        _dump(_imported(agreement))
        return
    message = Bilingual(
        f"已导入集体合同 {agreement.id}（{agreement.status.label.zh}，{agreement.procedure.version}个事件）",
        f"imported agreement {agreement.id} ({agreement.status.label.en}, "
        f"{agreement.procedure.version} events)",
    )
    typer.echo(message.get(lang))
