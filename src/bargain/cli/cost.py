"""``bargain cost``: what an agreement's text costs against another, and what it means to members.

The costing itself is :func:`bargain.domain.costing.cost`; the report's text is
:meth:`bargain.domain.costing.Costing.report`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bargain.cli.root import LangOption, app, failures
from bargain.cli.validate import OutputFormat
from bargain.domain.language import Bilingual, Lang

if TYPE_CHECKING:
    from bargain.domain.agreement import Agreement, Text
    from bargain.services import Workflow

__all__: list[str] = []


@app.command("cost")
def cost_command(
    source: Annotated[
        str,
        typer.Argument(
            metavar="FILE|ID",
            help="The agreement to cost: a file (.yaml, .yml, .json) or a stored agreement's id.",
        ),
    ],
    profile: Annotated[
        Path,
        typer.Option(
            "--profile",
            metavar="FILE",
            help="The workforce profile (YAML or JSON): categories, headcount, orders, peaks.",
            show_default=False,
        ),
    ],
    lang: LangOption,
    against: Annotated[
        str | None,
        typer.Option(
            "--against",
            metavar="FILE|ID|VERSION",
            help="What to cost against: an agreement file, a stored agreement's id, or a text "
            "version of the stored agreement (0 = as opened). Default for a stored agreement: "
            "the version before its last. A supplementary agreement is costed on top of its "
            "parent when --against names the parent.",
            show_default=False,
        ),
    ] = None,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Database to read ids from: an SQLite file path or a URL. "
            "Default: $BARGAIN_DATABASE_URL, else ./bargain.db.",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        OutputFormat, typer.Option("--format", help="text, or json (every figure).")
    ] = OutputFormat.TEXT,
) -> None:
    """Cost an agreement's text against another: employer's cost, workers' gain, member impact."""
    from bargain._reading import load_model
    from bargain.domain.costing import WorkforceProfile, cost, supplemented

    with failures(lang):
        workforce = load_model(WorkforceProfile, profile)
        workflow: list[Workflow] = []
        agreement = _agreement(source, db, workflow)
        before, label = _against(agreement, source, against, db, workflow, lang)
        after = agreement.text
        if agreement.supplements is not None and before[0].id == agreement.supplements.id:
            after = supplemented(before[1], agreement.text)
        costing = cost(before[1], after, workforce)
    if fmt is OutputFormat.JSON:
        data = costing.model_dump(mode="json")
        data["statements"] = [i.statement(lang) for i in costing.impacts]
        data["against"] = label
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    title = agreement.title if lang is Lang.ZH else agreement.title_en or agreement.title
    typer.echo(Bilingual(f"成本测算：{title}", f"costing: {title}").get(lang))
    typer.echo(Bilingual(f"对照：{label}", f"against: {label}").get(lang))
    typer.echo(costing.report(lang))


def _is_file(source: str) -> bool:
    path = Path(source)
    return path.exists() or path.suffix.lower() in {".yaml", ".yml", ".json"} or "/" in source


def _workflow(db: str | None, opened: list[Workflow]) -> Workflow:
    if not opened:
        from bargain.cli.store import open_workflow

        opened.append(open_workflow(db, existing=True))
    return opened[0]


def _agreement(source: str, db: str | None, opened: list[Workflow]) -> Agreement:
    from bargain.files import load_agreement

    if _is_file(source):
        return load_agreement(source)
    return _workflow(db, opened).get(source)


def _against(
    agreement: Agreement,
    source: str,
    against: str | None,
    db: str | None,
    opened: list[Workflow],
    lang: Lang,
) -> tuple[tuple[Agreement, Text], str]:
    """The agreement and text to cost against, and how to name it."""
    from bargain.errors import InvalidDocument, Problem

    stored = not _is_file(source)
    if against is None or against.isdigit():
        if not stored:
            raise InvalidDocument(
                [
                    Problem(
                        source="--against",
                        path="",
                        expected=Bilingual(
                            "对文件测算成本须用 --against 给出对照的合同文件或标识",
                            "costing a file needs --against: an agreement file or id",
                        ),
                        found=against,
                    )
                ]
            )
        workflow = _workflow(db, opened)
        if against is None:
            versions = workflow.text_versions(agreement.id)
            sequence = versions[-2].sequence if len(versions) > 1 else versions[-1].sequence
        else:
            sequence = int(against)
        label = Bilingual(
            f"{agreement.id} 第{sequence}版文本", f"{agreement.id} text version {sequence}"
        ).get(lang)
        return (agreement, workflow.text_at(agreement.id, sequence)), label
    other = _agreement(against, db, opened)
    return (other, other.text), against
