"""Word documents from DOCX templates: prepared once, rendered many times.

docxtpl renders a template by loading the whole .docx, patching its XML so that Jinja can read the
tags Word split across runs, compiling the result, rendering it and writing every part of the zip
again. It does all of that for every document. :class:`PreparedTemplate` does docxtpl's patching
(it calls docxtpl's own ``patch_xml``) and Jinja's compiling once per template; rendering a
context then only runs the compiled templates, applies docxtpl's post-processing (``\\n`` as line
breaks, tabs, table grids) and writes the zip copying the already-compressed bytes of every part
that did not change. The text of ``word/document.xml`` is the same as docxtpl's for the same
context and environment (a test compares them, hostile clause texts included).

Strict and safe: templates run in :func:`bargain.render.templates.environment` (sandboxed,
autoescape, undefined variables are :class:`~bargain.errors.MissingVariable` naming the paragraph
or table cell); a template reaching for Python internals is
:class:`~bargain.errors.UnsafeTemplate` when it is loaded, before anything runs. Sub-documents
and inline images are :class:`~bargain.errors.UnsupportedTemplateFeature` (there is no fallback:
render such a template with docxtpl itself). Numbered lists inside a loop restart at 1 on each
pass (:mod:`bargain.render._numbering`).
"""

from __future__ import annotations

import html
import os
import re
import zipfile
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from types import TracebackType
from typing import Any

from jinja2 import Template, meta, nodes
from jinja2.exceptions import SecurityError, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree

from bargain.domain.language import Bilingual
from bargain.errors import (
    MissingVariable,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxProblem,
    UnsafeTemplate,
    UnsupportedTemplateFeature,
)
from bargain.render._locate import Locator, line_text
from bargain.render._numbering import ListRestarts, annotate_loops, numbered_styles
from bargain.render._zip import ZipTemplate
from bargain.render.templates import TemplateProblem, environment, unsafe_constructs

__all__ = ["PreparedTemplate", "render_docx", "render_many", "template_problems"]

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_DECLARATION = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
_PARAGRAPH = re.compile(r"<w:p([ >])")
_SEPARATOR = "\x01\x02part\x02\x01"  # printed values never hold control characters
_ESCAPED_TAGS = (("{_{", "{{"), ("}_}", "}}"), ("{_%", "{%"), ("%_}", "%}"))
_CELL_TAGS = re.compile(r"\{[%{#]-?tc |\{%-?\s*(?:colspan|hm|cellbg)\b")
_PROPERTIES = {"title": "dc:title", "subject": "dc:subject", "author": "dc:creator",
               "comments": "dc:description", "identifier": "dc:identifier",
               "language": "dc:language"}  # fmt: skip
_CORE_NS = {
    "dc": "http://purl.org/dc/elements/1.1/",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
}


@dataclass
class _Part:
    """One templated XML part of the package (the body, a header, a footer, the footnotes)."""

    member: str
    filename: str
    label: Bilingual | None
    source: str
    tree: nodes.Template
    template: Template
    prefix: str
    suffix: str
    locator: Locator
    through_lxml: bool = False
    restarts: ListRestarts | None = None


class PreparedTemplate:
    """A DOCX template patched and compiled once, rendered any number of times.

    >>> from tests.docx_fixtures import tiny_template
    >>> prepared = PreparedTemplate.load(tiny_template())
    >>> document = prepared.render({"title": "集体合同", "clauses": ["<b>&", "{{ 7*7 }}"]})
    >>> document[:2]
    b'PK'
    """

    def __init__(self, path: Path, name: str) -> None:
        self.path = path
        self.name = name
        self.parts: list[_Part] = []
        self.zip: ZipTemplate
        self.properties: list[tuple[str, Template]] = []
        self.core: str | None = None
        self.numbering_member = "word/numbering.xml"
        self.combined: Template | None = None

    @classmethod
    def load(cls, path: Path) -> PreparedTemplate:
        """Read, patch and compile the template at ``path``.

        Raises:
            TemplateNotFound: there is no file at ``path``.
            TemplateSyntaxProblem: the file is not a .docx, or its tags do not parse.
            UnsafeTemplate: the template reaches for Python internals.
        """
        problems, prepared = _prepare(Path(path))
        if prepared is None:
            raise problems[0]
        return prepared

    def render(self, context: Mapping[str, Any]) -> bytes:
        """The .docx bytes of the template rendered with ``context``."""
        replaced: dict[str, bytes] = {}
        numbering: str | None = None
        outputs = self._render_all(context)
        for part, xml in zip(self.parts, outputs, strict=False):
            xml = _after_jinja(xml)
            if part.restarts is not None:
                xml, new = part.restarts.apply(xml)
                if new is not None:  # the body is the only part with restarts
                    numbering = new
            if part.through_lxml:
                xml = _fix_tables(xml)
            if part.member == "word/document.xml":
                # the body's namespaces are declared on w:document already (as docxtpl writes it)
                xml = "<w:body>" + xml[xml.index(">") + 1 :] if xml.startswith("<w:body ") else xml
            replaced[part.member] = (part.prefix + xml + part.suffix).encode("utf-8")
        if numbering is not None:
            replaced[self.numbering_member] = numbering.encode("utf-8")
        if self.core is not None:
            core = self.core
            for (placeholder, _), value in zip(
                self.properties, outputs[len(self.parts) :], strict=True
            ):
                value = html.unescape(value)
                core = core.replace(placeholder, html.escape(value, quote=False))
            replaced["docProps/core.xml"] = core.encode("utf-8")
        return self.zip.write(replaced)

    def undeclared(self, provided: Mapping[str, Any]) -> list[tuple[str, Bilingual | None]]:
        """The top-level variables the template uses that ``provided`` lacks, with their place."""
        found: list[tuple[str, Bilingual | None]] = []
        for part in self.parts:
            for name in sorted(meta.find_undeclared_variables(part.tree) - set(provided)):
                if name not in {n for n, _ in found}:
                    found.append((name, part.locator.of_name(name)))
        return found

    def _render_all(self, context: Mapping[str, Any]) -> list[str]:
        """What Jinja prints for each part, then each property, in one run of one template.

        The parts are compiled together as well as one by one: one run costs less than five,
        and when it fails the parts run one by one to say where.
        """
        if self.combined is not None:
            try:
                outputs = self.combined.render(context).split(_SEPARATOR)
            except Exception:
                outputs = []
            if len(outputs) == len(self.parts) + len(self.properties):
                return outputs
        outputs = [self._run(p.template, context, p) for p in self.parts]
        return outputs + [self._run(t, context, None) for _, t in self.properties]

    def _run(self, template: Template, context: Mapping[str, Any], part: _Part | None) -> str:
        try:
            return template.render(context)
        except UndefinedError as error:
            if isinstance(error, SecurityError):
                raise UnsafeTemplate(self.name, str(error), _where(part, error)) from error
            raise _missing(self.name, part, error) from error
        except UnsupportedTemplateFeature as error:
            raise UnsupportedTemplateFeature(
                self.name, error.feature, _where(part, error)
            ) from error
        except SecurityError as error:
            raise UnsafeTemplate(self.name, str(error), _where(part, error)) from error
        except TemplateSyntaxError as error:  # an {% include %} or the like, found at run time
            raise TemplateSyntaxProblem(self.name, str(error), _where(part, error)) from error


def _after_jinja(xml: str) -> str:
    """docxtpl's steps after Jinja: paragraphs joined again, escaped tags, tabs and line breaks."""
    xml = xml.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")
    if "_" in xml:
        for escaped, tag in _ESCAPED_TAGS:
            xml = xml.replace(escaped, tag)
    if "\t" in xml or "\n" in xml or "\a" in xml or "\f" in xml:
        xml = _docxtpl().resolve_listing(xml)
    return xml


def render_docx(template: Path, context: Mapping[str, Any], out: Path) -> Path:
    """Render ``template`` with ``context`` into the file ``out`` (its folder is created)."""
    document = PreparedTemplate.load(template).render(context)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(document)
    return out


def render_many(
    template: Path,
    contexts: Iterable[tuple[str, Mapping[str, Any]]],
    out_dir: Path,
    *,
    progress: Callable[[int], None] | None = None,
) -> list[Path]:
    """Render one template for many contexts, preparing it once: ``out_dir/<stem>.docx`` each.

    ``contexts`` holds ``(stem, context)`` pairs; ``progress``, when given, is called (in the
    caller's thread) with the number of documents written so far. Files are written by one
    writer thread while the next document renders: writing releases the GIL, so the disk's time
    hides behind the rendering. An error, rendering or writing, stops the batch and is raised.
    """
    prepared = PreparedTemplate.load(template)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    pending: deque[Future[Path]] = deque()

    def settle(block: bool) -> None:
        while pending and (block or pending[0].done()):
            written.append(pending.popleft().result())
            if progress is not None:
                progress(len(written))

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="bargain-docx") as writer:
        try:
            for stem, context in contexts:
                if (
                    not stem
                    or PurePosixPath(stem).name != stem
                    or "\\" in stem
                    or stem in {".", ".."}
                ):
                    raise ValueError(f"not a plain file stem: {stem!r}")
                document = prepared.render(context)
                pending.append(writer.submit(_write, out_dir / f"{stem}.docx", document))
                settle(block=len(pending) > _IN_FLIGHT)
            settle(block=True)
        finally:
            for future in pending:
                future.cancel()
    return written


_IN_FLIGHT = 16  # documents rendered ahead of the writer, at most


def _write(target: Path, document: bytes) -> Path:
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:
        view = memoryview(document)
        while view:
            view = view[os.write(descriptor, view) :]
    finally:
        os.close(descriptor)
    return target


def template_problems(path: Path) -> tuple[list[TemplateProblem], PreparedTemplate | None]:
    """The syntax and safety problems of a template, and the prepared template if it has none."""
    problems, prepared = _prepare(path)
    kinds = {UnsafeTemplate: "unsafe", UnsupportedTemplateFeature: "unsupported"}
    return [
        TemplateProblem(p.template, kinds.get(type(p), "syntax"), p.text, p.where) for p in problems
    ], prepared


# --- preparing ---------------------------------------------------------------------------------


def _docxtpl() -> Any:
    from docxtpl import DocxTemplate

    return DocxTemplate("unused.docx")  # patch_xml, resolve_listing and fix_tables use no state


def _prepare(path: Path) -> tuple[list[TemplateError], PreparedTemplate | None]:
    name = path.name
    if not path.is_file():
        return [TemplateNotFound(name, [str(path.parent)])], None
    try:
        package = ZipTemplate(path.read_bytes())
        document_xml = package.read("word/document.xml")
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as error:
        return [TemplateSyntaxProblem(name, f"not a Word .docx file ({error})")], None
    prepared = PreparedTemplate(path, name)
    prepared.zip = package
    env = environment()
    problems: list[TemplateError] = []
    styles = numbered_styles(_member(package, "word/styles.xml"))
    numbering = _member(package, "word/numbering.xml")

    root = etree.fromstring(document_xml, _PARSER)
    body = root.find(f"{W}body")
    if body is None:
        return [TemplateSyntaxProblem(name, "word/document.xml has no w:body")], None
    locator = Locator(root)
    body_xml = etree.tostring(body, encoding="unicode")
    slot = etree.Element("bargain-slot")
    root.replace(body, slot)
    prefix, suffix = etree.tostring(root, encoding="unicode").split("<bargain-slot/>")
    text = "".join(body.itertext())
    through_lxml = "<w:tbl" in body_xml and bool(_CELL_TAGS.search(text))
    through_lxml = through_lxml or f"{WP}docPr" in {e.tag for e in body.iter()}
    source = _source(body_xml)
    loops: dict[int, frozenset[str]] = {}
    if numbering is not None and ("<w:numPr>" in source or styles):
        source, loops = annotate_loops(source, styles)
    part = _compile(env, name, "word/document.xml", None, source, locator, problems)
    if part is not None:
        part.prefix, part.suffix = _DECLARATION + prefix, suffix
        part.through_lxml = through_lxml
        if loops and numbering is not None:
            part.restarts = ListRestarts.of(numbering, loops)
        prepared.parts.append(part)

    for member, label in _side_parts(package):
        blob = _member(package, member)
        if not blob:
            continue
        part_root = etree.fromstring(blob, _PARSER)
        source = _source(etree.tostring(part_root, encoding="unicode"))
        if "{{" not in source and "{%" not in source and "{#" not in source:
            continue
        part = _compile(env, name, member, label, source, Locator(part_root, label), problems)
        if part is not None:
            part.prefix = _DECLARATION
            prepared.parts.append(part)

    sources = _prepare_properties(prepared, env, problems)
    if problems:
        return problems, None
    whole = _SEPARATOR.join([*(p.source for p in prepared.parts), *sources])
    prepared.combined = env.from_string(whole)
    return problems, prepared


def _source(xml: str) -> str:
    """docxtpl's patched XML, one line per paragraph (so that Jinja's line numbers find them)."""
    return _PARAGRAPH.sub(r"\n<w:p\1", _docxtpl().patch_xml(xml))


def _member(package: ZipTemplate, member: str) -> bytes | None:
    return package.read(member) if member in package.names else None


def _side_parts(package: ZipTemplate) -> list[tuple[str, Bilingual]]:
    """The headers, footers and footnotes the document refers to, in the order of its rels."""
    rels = _member(package, "word/_rels/document.xml.rels")
    if rels is None:
        return []
    labels = {"header": ("页眉", "header"), "footer": ("页脚", "footer"),
              "footnotes": ("脚注", "footnotes")}  # fmt: skip
    found: list[tuple[str, Bilingual]] = []
    for rel in etree.fromstring(rels).iter(f"{_RELS}Relationship"):
        kind = rel.get("Type", "").removeprefix(_REL_TYPE)
        if kind in labels and rel.get("TargetMode") != "External":
            target = str(PurePosixPath("word") / rel.get("Target", "")).removeprefix("word//")
            target = target.lstrip("/")
            file = PurePosixPath(target).name
            zh, en = labels[kind]
            found.append((target, Bilingual(f"{zh}（{file}）", f"{en} ({file})")))
    return found


def _compile(
    env: SandboxedEnvironment,
    name: str,
    member: str,
    label: Bilingual | None,
    source: str,
    locator: Locator,
    problems: list[TemplateError],
) -> _Part | None:
    filename = f"{name}:{member}"
    try:
        tree = env.parse(source, name=filename, filename=filename)
    except TemplateSyntaxError as error:
        where = locator.of_text(line_text(source, error.lineno))
        if where is None or _at_the_end(error, source):
            # a tag or block left open: Jinja stops at the end, the place is where it opened
            where = locator.unclosed() or locator.open_block() or where
        problems.append(TemplateSyntaxProblem(name, error.message or str(error), where or label))
        return None
    unsafe = list(unsafe_constructs(tree))
    for construct in unsafe:
        where = locator.of_text(construct.strip(".[]'\"()|")) or label
        problems.append(UnsafeTemplate(name, construct, where))
    if unsafe:
        return None
    code = env.compile(tree, name=filename, filename=filename)
    template = env.template_class.from_code(env, code, env.make_globals(None))
    return _Part(member, filename, label, source, tree, template, "", "", locator)


def _at_the_end(error: TemplateSyntaxError, source: str) -> bool:
    """Whether Jinja gave up at the end of the template (a tag or a block never closed)."""
    message = error.message or ""
    return "end of template" in message or error.lineno >= source.count("\n") + 1


def _prepare_properties(
    prepared: PreparedTemplate, env: SandboxedEnvironment, problems: list[TemplateError]
) -> list[str]:
    """Compile the document properties that hold Jinja tags (docxtpl renders six of them)."""
    core = _member(prepared.zip, "docProps/core.xml")
    sources: list[str] = []
    if core is None:
        return sources
    root = etree.fromstring(core, _PARSER)
    label = Bilingual("文档属性", "document properties")
    for index, (prop, tag) in enumerate(_PROPERTIES.items()):
        element = root.find(tag, _CORE_NS)
        value = element.text if element is not None else None
        if element is None or not value or ("{{" not in value and "{%" not in value):
            continue
        locator = Locator(etree.fromstring(f"<r>{html.escape(value)}</r>"), label)
        part = _compile(env, prepared.name, f"docProps/core.xml:{prop}", label, value, locator,
                        problems)  # fmt: skip
        if part is not None:
            placeholder = f"BARGAIN-PROPERTY-{index}-{id(prepared)}"
            element.text = placeholder
            prepared.properties.append((placeholder, part.template))
            sources.append(value)
    if prepared.properties:
        prepared.core = _DECLARATION + etree.tostring(root, encoding="unicode")
    return sources


# --- rendering ---------------------------------------------------------------------------------


def _fix_tables(xml: str) -> str:
    """docxtpl's table-grid fix (for cells made in loops) and its renumbering of drawings."""
    tree = _docxtpl().fix_tables(xml)
    for number, drawing in enumerate(tree.iter(f"{WP}docPr"), 1001):
        drawing.set("id", str(number))
    return str(etree.tostring(tree, encoding="unicode"))


def _template_line(error: BaseException, part: _Part | None) -> int | None:
    if part is None:
        return getattr(error, "lineno", None)
    line = None
    trace: TracebackType | None = error.__traceback__
    while trace is not None:
        if trace.tb_frame.f_code.co_filename == part.filename:
            line = trace.tb_lineno
        trace = trace.tb_next
    return line


def _where(part: _Part | None, error: BaseException) -> Bilingual | None:
    if part is None:
        return None
    line = _template_line(error, part)
    if line is None:
        return part.label
    return part.locator.of_text(line_text(part.source, line)) or part.label


_UNDEFINED = re.compile(r"^'([^']+)' is undefined")
_NO_ATTRIBUTE = re.compile(r"has no (?:attribute|element) '?([^']+?)'?$")


def _missing(name: str, part: _Part | None, error: UndefinedError) -> MissingVariable:
    message = error.message or ""
    if part is None:
        return MissingVariable(name, message, Bilingual("文档属性", "document properties"))
    line = _template_line(error, part)
    here = line_text(part.source, line) if line is not None else ""
    if (plain := _UNDEFINED.match(message)) is not None:
        variable, attribute = plain.group(1), False
    elif (attr := _NO_ATTRIBUTE.search(message)) is not None:
        variable, attribute = attr.group(1), True
    else:
        return MissingVariable(name, message, _where(part, error))
    where = None
    places = [place for place in part.locator.places if _uses(place.tags, variable, attribute)]
    for place in places:
        if here and _overlaps(place.text, here):
            where = place.where
            break
    if where is None and places:
        where = places[0].where
    if attribute:
        variable = _expression(places[0].tags if places else [], variable)
    return MissingVariable(name, variable, where or part.label)


def _uses(tags: list[str], variable: str, attribute: bool) -> bool:
    token = re.escape(variable)
    pattern = rf"\.\s*{token}\b|\[\s*['\"]{token}" if attribute else rf"(?<![\w.]){token}\b"
    return any(re.search(pattern, tag) for tag in tags)


def _overlaps(text: str, line: str) -> bool:
    squeeze = re.compile(r"\s+")
    a, b = squeeze.sub("", text), squeeze.sub("", line)
    return bool(a) and bool(b) and (a in b or b in a)


def _expression(tags: list[str], attribute: str) -> str:
    for tag in tags:
        found = re.search(rf"([A-Za-z_][\w.]*)\.{re.escape(attribute)}\b", tag)
        if found:
            return f"{found.group(1)}.{attribute}"
    return attribute
