"""Tiny DOCX templates built with python-docx, for the rendering tests and doctests."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml.ns import qn
from docx.shared import Pt

__all__ = ["build_template", "tiny_template"]


def build_template(path: Path, fill: Callable[[DocumentObject], None]) -> Path:
    """A .docx at ``path`` whose content ``fill`` writes into a new python-docx document."""
    document = Document()
    fill(document)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def _tiny(document: DocumentObject) -> None:
    style = document.styles["Normal"]
    style.font.size = Pt(16)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "仿宋_GB2312")
    document.add_paragraph("{{ title }}")
    document.add_paragraph("{%p for clause in clauses %}")
    document.add_paragraph("第{{ loop.index }}条 {{ clause }}")
    document.add_paragraph("{%p endfor %}")
    document.sections[0].footer.paragraphs[0].text = "— {{ title }} —"


def tiny_template(folder: Path | None = None) -> Path:
    """A template with a title, a loop over ``clauses`` (plain strings) and a footer."""
    folder = folder or Path(tempfile.mkdtemp(prefix="bargain-tpl-"))
    return build_template(folder / "tiny.docx", _tiny)
