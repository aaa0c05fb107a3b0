"""``bargain validate``: judge an agreement against the law and list the findings."""

from __future__ import annotations

import datetime as dt
import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bargain.cli.root import LangOption, app, failures, stdout
from bargain.domain.language import Bilingual, Lang

if TYPE_CHECKING:
    from rich.console import Group
    from rich.text import Text

    from bargain.law.findings import Report

EXIT_FINDINGS = 1
"""Exit status when any error is found."""


class OutputFormat(StrEnum):
    """How ``validate`` prints its findings."""

    TEXT = "text"
    JSON = "json"


@app.command("validate")
def validate_command(
    file: Annotated[Path, typer.Argument(help="Agreement file (.yaml, .yml or .json).")],
    lang: LangOption,
    on: Annotated[
        dt.datetime | None,
        typer.Option(
            "--on",
            formats=["%Y-%m-%d"],
            help="Judge on this day (YYYY-MM-DD). Default: the term's first day and every day "
            "in the term when a minimum wage changes; today when there is no term.",
        ),
    ] = None,
    parent: Annotated[
        Path | None,
        typer.Option("--parent", help="The agreement a supplementary agreement supplements."),
    ] = None,
    output: Annotated[
        OutputFormat, typer.Option("--format", help="text (a table) or json.")
    ] = OutputFormat.TEXT,
    guidance_as_errors: Annotated[
        bool,
        typer.Option(
            "--guidance-as-errors",
            help="Report rules that rest only on guidance (指导性文件: the platform pack) as "
            "errors, for a union that holds itself to the guidance. Default: warnings.",
        ),
    ] = False,
) -> None:
    """Check an agreement against the law: exit 1 on any error, 0 otherwise, 2 on bad input."""
    from bargain.files import load_agreement
    from bargain.law.rules import validate

    with failures(lang):
        agreement = load_agreement(file)
        parent_agreement = load_agreement(parent) if parent is not None else None
    day = on.date() if on is not None else None
    if day is None and agreement.term is None:
        day = dt.date.today()
    with failures(lang):
        report = validate(
            agreement, day, parent=parent_agreement, guidance_as_errors=guidance_as_errors
        )
    if output is OutputFormat.JSON:
        payload = [finding.as_json(lang) for finding in report]
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        stdout().print(_table(report, lang))
    if not report.ok:
        raise typer.Exit(EXIT_FINDINGS)


def _table(report: Report, lang: Lang) -> Group | Text:
    """One table per severity: rule and path, the finding with found and required, the law."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from bargain.law.findings import Severity

    style = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "dim"}
    if not len(report):
        return Text(Bilingual("未发现问题。", "No findings.").get(lang), style="green")
    found_label = Bilingual("实际", "found").get(lang)
    required_label = Bilingual("要求", "required").get(lang)
    tables: list[Table] = []
    for severity in Severity:
        findings = [f for f in report if f.severity is severity]
        if not findings:
            continue
        table = Table(
            title=Text(f"{severity.label.get(lang)} ({len(findings)})", style=style[severity]),
            title_justify="left",
            show_lines=True,
            expand=True,
        )
        table.add_column(Bilingual("规则 / 位置", "Rule / path").get(lang), no_wrap=True)
        table.add_column(Bilingual("说明", "Finding").get(lang), ratio=3, overflow="fold")
        table.add_column(Bilingual("依据", "Citation").get(lang), ratio=2, overflow="fold")
        for finding in findings:
            message = finding.text(lang)
            if finding.found is not None or finding.required is not None:
                message += f"\n{found_label}: {finding.found or '-'}; "
                message += f"{required_label}: {finding.required or '-'}"
            table.add_row(
                Text(f"{finding.rule}\n{finding.path}"),
                Text(message),
                Text(finding.citation.format(lang)),
            )
        tables.append(table)
    return Group(*tables)
