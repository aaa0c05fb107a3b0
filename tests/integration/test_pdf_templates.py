"""Every built-in template, rendered with its sample context, converts to PDF with LibreOffice.

Runs wherever LibreOffice and the Chinese fonts are installed, and always in CI (.ci/run installs
them; there a missing LibreOffice fails the test rather than skipping it).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bargain import Lang
from bargain.render.context import PAPERS, sample_context
from bargain.render.docx import render_docx
from bargain.render.pdf import FALLBACKS, PdfResult, requested_fonts, to_pdfs
from bargain.render.templates import TemplateSet
from tests.integration.test_pdf import OFFICIAL, installed

pytestmark = pytest.mark.pdf


@pytest.fixture(scope="module")
def converted(soffice: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, PdfResult]:
    """Each built-in paper as DOCX and PDF, converted with one start of LibreOffice."""
    folder = tmp_path_factory.mktemp("papers")
    templates = TemplateSet()
    documents = [
        render_docx(templates.find(name), sample_context(name), folder / f"{name}.docx")
        for name in PAPERS
    ]
    return {result.path.stem: result for result in to_pdfs(documents, folder / "pdf")}


def test_every_built_in_paper_converts_to_a_pdf(converted: dict[str, PdfResult]) -> None:
    assert set(converted) == set(PAPERS)
    for name, result in converted.items():
        assert result.path.read_bytes().startswith(b"%PDF-"), name
        assert result.path.stat().st_size > 5000, name


@pytest.mark.parametrize("name", sorted(n for n, k in PAPERS.items() if k.lang is Lang.ZH))
def test_chinese_text_is_set_in_a_chinese_face(name: str, converted: dict[str, PdfResult]) -> None:
    # Were the official fonts to fall back to a Latin font, the Chinese would come out as boxes.
    assert any(
        "CJK" in f or "GB2312" in f or "Song" in f for f in converted[name].embedded_fonts
    ), converted[name].embedded_fonts


def test_the_official_fonts_are_named_and_each_missing_one_has_a_free_fallback(
    converted: dict[str, PdfResult],
) -> None:
    named: set[str] = set()
    for name, result in converted.items():
        requested = set(requested_fonts(result.path.parent.parent / f"{name}.docx"))
        named |= requested
        missing = {f for f in requested if not installed(f)}
        assert set(result.substituted_fonts) == missing, name
        for font in missing & set(OFFICIAL):
            assert result.fallbacks[font] in FALLBACKS[font], (name, font, result.fallbacks)
    assert set(OFFICIAL) <= named  # GB/T 9704: 仿宋 body, 小标宋 titles, 黑体 and 楷体 headings
