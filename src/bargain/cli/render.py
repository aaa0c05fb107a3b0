"""The papers of the procedure as Word documents (and PDF): ``render``, ``render-all``,
``render-many``, ``templates list`` and ``templates check``.

The source of a paper is a stored agreement (its id; its history comes from the database) or a
file: an agreement (.yaml, .yml, .json), or an export with its history (``bargain export``). Each
command takes ``--templates DIR`` (user templates, found by name before the built-in ones) and
``--format json``. The work is the library's (:mod:`bargain.render.context`,
:mod:`bargain.render.docx`, :mod:`bargain.render.pdf`); this module only reads and prints.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from bargain.cli.root import EXIT_INPUT, LangOption, app, failures, stderr, stdout
from bargain.cli.validate import OutputFormat
from bargain.domain.language import Bilingual, Lang

if TYPE_CHECKING:
    from bargain.domain.agreement import Agreement
    from bargain.domain.events import Event
    from bargain.render.pdf import PdfResult
    from bargain.render.templates import TemplateProblem, TemplateSet

__all__ = ["EXIT_PROBLEMS", "templates_app"]

EXIT_PROBLEMS = 1
"""Exit status of ``bargain templates check`` when a template has a problem."""

templates_app = typer.Typer(
    help="The DOCX templates: list them, check user templates.", no_args_is_help=True
)
app.add_typer(templates_app, name="templates")

SourceArgument = Annotated[
    str,
    typer.Argument(
        metavar="ID|FILE",
        help="A stored agreement's id (its history is read from --db), an agreement file "
        "(.yaml, .yml, .json), or an export with its history (bargain export).",
    ),
]
TemplatesOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--templates",
        help="A folder of user templates, searched by name before the built-in ones "
        "(may be given more than once).",
        metavar="DIR",
        file_okay=False,
    ),
]
DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database to read an id from: an SQLite file path or a URL. "
        "Default: $BARGAIN_DATABASE_URL, else ./bargain.db.",
        show_default=False,
    ),
]
ParentOption = Annotated[
    Path | None,
    typer.Option("--parent", help="The agreement a supplementary agreement supplements (a file)."),
]
PdfOption = Annotated[
    bool, typer.Option("--pdf", help="Also convert to PDF with LibreOffice (headless).")
]
FormatOption = Annotated[OutputFormat, typer.Option("--format", help="text or json.")]


@dataclass(frozen=True)
class _Source:
    """What a paper is made from: the agreement, its history, and the agreement it supplements."""

    agreement: Agreement
    history: tuple[Event, ...]
    parent: Agreement | None


@app.command("render")
def render_command(
    source: SourceArgument,
    doc: Annotated[
        str,
        typer.Option(
            "--doc",
            help="The paper: offer, reply, minutes, draft, final_text, … (bargain templates list).",
        ),
    ],
    out: Annotated[
        Path,
        typer.Option(
            "--out", help="The .docx file to write, or a folder (the file is then NAME.docx)."
        ),
    ],
    lang: LangOption,
    pdf: PdfOption = False,
    templates: TemplatesOption = None,
    db: DbOption = None,
    parent: ParentOption = None,
    which: Annotated[
        int,
        typer.Option(
            "--which",
            help="Which one, for a paper the history calls for more than once (the minutes "
            "of each meeting): 1 the first, -1 the last.",
        ),
    ] = -1,
    fmt: FormatOption = OutputFormat.TEXT,
) -> None:
    """Write one paper of an agreement as a Word document (and PDF with --pdf)."""
    from bargain.render.context import context_for
    from bargain.render.docx import render_docx

    target = out / f"{doc}.docx" if out.is_dir() else out.with_suffix(".docx")
    with failures(lang):
        read = _read(source, db, parent)
        index = which - 1 if which > 0 else which
        context = context_for(doc, read.agreement, read.history, which=index, parent=read.parent)
        template = _template_set(templates).find(doc)
        with _writing(target, lang):
            target.parent.mkdir(parents=True, exist_ok=True)
            render_docx(template, context, target)
        converted = _convert([target], lang) if pdf or out.suffix.lower() == ".pdf" else []
    if fmt is OutputFormat.JSON:
        _dump(
            {
                **_written(doc, target, converted[0] if converted else None, template),
                "context": context,
            }
        )
        return
    _say_written(doc, target, converted, lang)


@app.command("render-all")
def render_all_command(
    source: SourceArgument,
    out: Annotated[Path, typer.Option("--out", help="The folder to write the papers into.")],
    lang: LangOption,
    pdf: PdfOption = False,
    templates: TemplatesOption = None,
    db: DbOption = None,
    parent: ParentOption = None,
    fmt: FormatOption = OutputFormat.TEXT,
) -> None:
    """Write every paper the agreement's history calls for (a bare file: the draft and the
    final text)."""
    from bargain.render.context import papers
    from bargain.render.docx import PreparedTemplate

    with failures(lang):
        read = _read(source, db, parent)
        found = papers(read.agreement, read.history, parent=read.parent)
        _warn([paper.context for paper in found], lang)
        template_set = _template_set(templates)
        prepared: dict[Path, PreparedTemplate] = {}
        written: list[tuple[str, Path, Path]] = []
        with _writing(out, lang):
            out.mkdir(parents=True, exist_ok=True)
            for paper in found:
                template = template_set.find(paper.kind.name)
                if template not in prepared:  # the minutes of many meetings: prepared once
                    prepared[template] = PreparedTemplate.load(template)
                target = out / f"{paper.stem}.docx"
                target.write_bytes(prepared[template].render(paper.context))
                written.append((paper.kind.name, target, template))
        converted = _convert([w[1] for w in written], lang) if pdf else []
    pdfs = {result.path.with_suffix(".docx").name: result for result in converted}
    if fmt is OutputFormat.JSON:
        _dump([_written(n, t, pdfs.get(t.name), tpl) for n, t, tpl in written])
        return
    for name, target, _ in written:
        _say_written(name, target, [pdfs[target.name]] if target.name in pdfs else [], lang)


@app.command("render-many")
def render_many_command(
    files: Annotated[
        list[Path],
        typer.Argument(metavar="FILES...", help="Agreement files or exports, one document each."),
    ],
    doc: Annotated[str, typer.Option("--doc", help="The paper to write for each file.")],
    out: Annotated[Path, typer.Option("--out", help="The folder to write the documents into.")],
    lang: LangOption,
    templates: TemplatesOption = None,
    parent: ParentOption = None,
    fmt: FormatOption = OutputFormat.TEXT,
) -> None:
    """Write one paper for many agreements, preparing the template once (with a progress bar)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from bargain.render.context import context_for
    from bargain.render.docx import render_many

    label = Bilingual("读取", "reading").get(lang)
    writing = Bilingual("生成", "writing").get(lang)
    with (
        failures(lang),
        Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=stderr(),
            transient=True,
        ) as bar,
    ):
        _known_paper(doc)
        template = _template_set(templates).find(doc)
        task = bar.add_task(label, total=len(files))
        contexts: list[tuple[str, Mapping[str, Any]]] = []
        for stem, file in zip(_stems(files), files, strict=True):
            read = _read(str(file), None, parent, file_only=True)
            contexts.append(
                (stem, context_for(doc, read.agreement, read.history, parent=read.parent))
            )
            bar.advance(task)
        _warn([context for _, context in contexts], lang)
        bar.update(task, description=writing, completed=0)
        with _writing(out, lang):
            written = render_many(
                template,
                contexts,
                out,
                progress=lambda done: bar.update(task, completed=done),
            )
    if fmt is OutputFormat.JSON:
        _dump([_written(doc, path, None, template) for path in written])
        return
    message = Bilingual(
        f"已生成 {len(written)} 份文档，保存在 {out}", f"wrote {len(written)} documents into {out}"
    )
    typer.echo(message.get(lang))


@templates_app.command("list")
def templates_list_command(
    lang: LangOption,
    templates: TemplatesOption = None,
    fmt: FormatOption = OutputFormat.TEXT,
) -> None:
    """List the templates (user folders first, then the built-in ones) with their titles."""
    from rich.table import Table

    from bargain.render.templates import builtin_templates_dir

    with failures(lang):
        template_set = _template_set(templates)
        builtin = builtin_templates_dir().resolve()
        rows: list[dict[str, Any]] = []
        for name in template_set.names():
            path = template_set.find(name)
            rows.append(
                {
                    "name": name,
                    "title": _titles(name, path),
                    "builtin": path.resolve().parent == builtin,
                    "path": str(path),
                }
            )
    if fmt is OutputFormat.JSON:
        _dump(rows)
        return
    heads = Bilingual("名称|标题|来源|文件", "name|title|source|file").get(lang).split("|")
    table = Table()
    for head in heads:
        table.add_column(head, overflow="fold")
    for row in rows:
        title = row["title"]
        origin = Bilingual("内置", "built-in") if row["builtin"] else Bilingual("用户", "user")
        table.add_row(
            row["name"],
            (title or {}).get(lang.value, ""),
            origin.get(lang),
            row["path"],
        )
    stdout().print(table)


@templates_app.command("check")
def templates_check_command(
    folder: Annotated[
        Path, typer.Argument(metavar="DIR", help="A folder of templates, or one .docx file.")
    ],
    lang: LangOption,
    paper: Annotated[
        str | None,
        typer.Option(
            "--paper",
            help="Check every template against this paper's variables (default: the paper "
            "of the template's own name).",
        ),
    ] = None,
    fmt: FormatOption = OutputFormat.TEXT,
) -> None:
    """Check templates: syntax problems and where, unsafe constructs, variables not provided.

    Exit 1 when a template has a problem, 0 when none has.
    """
    from bargain.render.context import PAPERS, sample_context
    from bargain.render.templates import check_template

    with failures(lang):
        files = _template_files(folder, lang)
        if paper is not None:
            _known_paper(paper)
        report: list[tuple[Path, str | None, list[TemplateProblem]]] = []
        for file in files:
            against = paper or (file.stem if file.stem in PAPERS else None)
            provided = sample_context(against) if against is not None else None
            report.append((file, against, list(check_template(file, provided))))
    if fmt is OutputFormat.JSON:
        _dump(
            [
                {
                    "template": str(file),
                    "paper": against,
                    "problems": [_problem_json(p, lang) for p in problems],
                }
                for file, against, problems in report
            ]
        )
    else:
        _print_checks(report, lang)
    if any(problems for _, _, problems in report):
        raise typer.Exit(EXIT_PROBLEMS)


def _print_checks(
    report: Sequence[tuple[Path, str | None, list[TemplateProblem]]], lang: Lang
) -> None:
    console = stdout()
    unchecked = Bilingual(
        "（不是内置文书的名称，未检查变量；可用 --paper 指定）",
        "(not the name of a built-in paper: variables not checked; name one with --paper)",
    )
    for file, against, problems in report:
        if not problems:
            ok = Bilingual("无问题", "no problems").get(lang)
            console.print(f"{file.name}: {ok}", style="green", markup=False, soft_wrap=True)
        for problem in problems:
            line = f"{file.name}: {problem.render(lang)}"
            console.print(line, style="red", markup=False, soft_wrap=True)
        if against is None:
            line = f"{file.name}: {unchecked.get(lang)}"
            console.print(line, style="dim", markup=False, soft_wrap=True)


def _problem_json(problem: TemplateProblem, lang: Lang) -> dict[str, Any]:
    return {
        "kind": problem.kind,
        "message": problem.render(lang),
        "where": None if problem.where is None else problem.where.get(lang),
        "variable": problem.variable,
    }


def _template_files(folder: Path, lang: Lang) -> list[Path]:
    if folder.is_file() and folder.suffix.lower() == ".docx":
        return [folder]
    files = sorted(folder.glob("*.docx")) if folder.is_dir() else []
    files = [f for f in files if not f.name.startswith("~$")]  # Word's lock files
    if not files:
        message = Bilingual(
            f"{folder}: 不是 .docx 模板文件，也不是含有 .docx 模板的文件夹",
            f"{folder}: not a .docx template, nor a folder holding any",
        )
        stderr().print(message.get(lang), markup=False)
        raise typer.Exit(EXIT_INPUT)
    return files


def _read(source: str, db: str | None, parent: Path | None, *, file_only: bool = False) -> _Source:
    """The agreement and its history, from a file (agreement or export) or from the database."""
    from bargain.cli.show import _looks_like_file
    from bargain.exchange import Export, load_agreement_or_export
    from bargain.files import load_agreement

    parent_agreement = load_agreement(parent) if parent is not None else None
    if file_only or _looks_like_file(source):
        document = load_agreement_or_export(source)
        if isinstance(document, Export):
            return _Source(document.agreement, document.events, parent_agreement)
        return _Source(document, (), parent_agreement)
    from bargain.cli.store import open_workflow

    workflow = open_workflow(db, existing=True)
    agreement = workflow.get(source)
    return _Source(agreement, tuple(workflow.history(source)), parent_agreement)


def _template_set(folders: Sequence[Path] | None) -> TemplateSet:
    from bargain.render.templates import TemplateSet

    return TemplateSet(*(folders or ()))


def _known_paper(name: str) -> None:
    """Refuse a name that is not a built-in paper before any work is done."""
    from bargain.errors import UnknownPaper
    from bargain.render.context import PAPERS

    if name not in PAPERS:
        raise UnknownPaper(name, list(PAPERS))


def _titles(name: str, path: Path) -> dict[str, str] | None:
    """The paper's title in both languages; for a user template of another name, its own title."""
    from bargain.render.context import PAPERS

    kind = PAPERS.get(name)
    if kind is not None:
        return {"zh": kind.title.zh, "en": kind.title.en}
    title = _document_title(path)
    return None if title is None else {"zh": title, "en": title}


def _document_title(path: Path) -> str | None:
    """The title in a DOCX file's properties (File > Properties in Word), if it has one."""
    import re
    import zipfile
    from xml.sax.saxutils import unescape

    try:
        with zipfile.ZipFile(path) as archive:
            core = archive.read("docProps/core.xml").decode("utf-8")
    except (OSError, KeyError, zipfile.BadZipFile, UnicodeDecodeError):
        return None
    found = re.search(r"<dc:title>([^<]*)</dc:title>", core)
    return unescape(found.group(1)).strip() or None if found else None


def _stems(files: Sequence[Path]) -> list[str]:
    """A file stem per input, numbered where two inputs share one (a/x.yaml, b/x.yaml)."""
    seen: dict[str, int] = {}
    stems = []
    for file in files:
        seen[file.stem] = seen.get(file.stem, 0) + 1
        count = seen[file.stem]
        stems.append(file.stem if count == 1 else f"{file.stem}-{count}")
    return stems


def _convert(documents: Sequence[Path], lang: Lang) -> list[PdfResult]:
    """The PDFs of ``documents`` (one LibreOffice start), saying which fonts were replaced."""
    from bargain.render.pdf import to_pdfs

    results = to_pdfs(documents)
    # One line per set of replaced fonts, naming the files: render-all's papers share their fonts.
    by_note: dict[str, list[str]] = {}
    for result in results:
        note = result.note(lang)
        if note is not None:
            by_note.setdefault(note, []).append(result.path.name)
    console = stderr()
    for note, names in by_note.items():
        line = f"{'、'.join(names)}：{note}" if lang is Lang.ZH else f"{', '.join(names)}: {note}"
        console.print(line, style="yellow", markup=False, soft_wrap=True)
    return results


@contextmanager
def _writing(path: Path, lang: Lang) -> Iterator[None]:
    """One line and status 2 when an output file or folder cannot be written."""
    try:
        yield
    except OSError as error:
        reason = error.strerror or type(error).__name__
        where = error.filename or path
        message = Bilingual(f"{where}: 无法写入：{reason}", f"{where}: cannot write: {reason}")
        stderr().print(message.get(lang), markup=False)
        raise typer.Exit(EXIT_INPUT) from None


def _written(name: str, docx: Path, pdf: PdfResult | None, template: Path) -> dict[str, Any]:
    return {
        "doc": name,
        "template": str(template),
        "docx": str(docx),
        "pdf": None if pdf is None else str(pdf.path),
        "substituted_fonts": [] if pdf is None else pdf.substituted_fonts,
        "fallbacks": {} if pdf is None else pdf.fallbacks,
    }


def _say_written(name: str, docx: Path, converted: Sequence[PdfResult], lang: Lang) -> None:
    from bargain.render.context import PAPERS

    kind = PAPERS.get(name)
    title = kind.title.get(lang) if kind is not None else name
    typer.echo(Bilingual(f"已生成{title}：{docx}", f"wrote the {title}: {docx}").get(lang))
    for result in converted:
        typer.echo(Bilingual(f"已转换为 PDF：{result.path}", f"PDF: {result.path}").get(lang))


def _warn(contexts: Iterable[Mapping[str, Any]], lang: Lang) -> None:
    """Print, once each, the warnings the contexts carry (figures that differ between the texts)."""
    said: list[str] = []
    for context in contexts:
        for warning in context.get("warnings") or ():
            text = warning.get(lang.value) if isinstance(warning, Mapping) else str(warning)
            if text and text not in said:
                said.append(text)
    console = stderr()
    for text in said:
        line = Bilingual(f"警告：{text}", f"warning: {text}").get(lang)
        console.print(line, style="yellow", markup=False)


def _dump(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
