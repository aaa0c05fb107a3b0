"""DOCX to PDF through LibreOffice: private profiles, time limits, and fonts that had to be replaced."""

from __future__ import annotations

import stat
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from bargain import Lang
from bargain.render.pdf import (
    NoLibreOffice,
    PdfConversionFailed,
    PdfResult,
    libreoffice,
    requested_fonts,
    to_pdf,
    to_pdfs,
)

OFFICIAL = ("方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312")
NOWHERE = "Bargain Test Font That Nobody Has"


def official_docx(path: Path, *, extra_font: str | None = None) -> Path:
    """A small document whose paragraphs name the official fonts (and maybe one more)."""
    document = Document()
    for font in (*OFFICIAL, *([extra_font] if extra_font else [])):
        run = document.add_paragraph().add_run(f"蚌埠市外卖送餐行业集体合同 {font}")
        run.font.name = font
        run._element.rPr.rFonts.set(qn("w:eastAsia"), font)
    document.save(str(path))
    return path


def installed(family: str) -> bool:
    listed = subprocess.run(
        ["fc-list", "--format", "%{family}\n"], capture_output=True, text=True, check=True
    ).stdout
    return any(family in line.split(",") for line in listed.splitlines())


def running(pid: int) -> bool:
    """Whether the process lives (a zombie waiting for its new parent to reap it does not)."""
    status = Path(f"/proc/{pid}/status")
    try:
        state = next(line for line in status.read_text().splitlines() if line.startswith("State:"))
    except FileNotFoundError:
        return False
    return "zombie" not in state


def fake_soffice(tmp_path: Path, body: str) -> Path:
    script = tmp_path / "soffice"
    script.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script


def test_the_fonts_a_document_names_are_read_from_its_runs_and_styles(tmp_path: Path) -> None:
    docx = official_docx(tmp_path / "fonts.docx", extra_font=NOWHERE)
    names = requested_fonts(docx)
    assert set(OFFICIAL) | {NOWHERE} <= set(names)
    assert "en-US" not in names  # a language tag in the styles is not a font


@pytest.mark.pdf
def test_a_document_becomes_a_pdf_and_missing_fonts_are_named_with_their_fallback(
    soffice: Path, tmp_path: Path
) -> None:
    docx = official_docx(tmp_path / "offer.docx", extra_font=NOWHERE)
    result = to_pdf(docx, tmp_path / "pdf")
    assert result.path == tmp_path / "pdf" / "offer.pdf"
    assert result.path.read_bytes().startswith(b"%PDF-")
    assert NOWHERE in result.substituted_fonts
    for font in OFFICIAL:
        assert (font in result.substituted_fonts) is not installed(font)
    # Chinese text is set in a CJK face, never in a Latin font without the glyphs.
    assert any("CJK" in name for name in result.embedded_fonts), result.embedded_fonts
    if not installed("仿宋_GB2312"):
        assert result.fallbacks["仿宋_GB2312"] == "Noto Serif CJK SC"
        assert result.fallbacks["黑体"] == "Noto Sans CJK SC"
        assert "仿宋_GB2312 → Noto Serif CJK SC" in (result.note(Lang.ZH) or "")


@pytest.mark.pdf
def test_two_conversions_at_once_do_not_collide(soffice: Path, tmp_path: Path) -> None:
    documents = [official_docx(tmp_path / f"minutes-{n}.docx") for n in (1, 2)]
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda d: to_pdf(d, tmp_path / d.stem), documents))
    assert [r.path.name for r in results] == ["minutes-1.pdf", "minutes-2.pdf"]
    assert all(r.path.stat().st_size > 1000 for r in results)


@pytest.mark.pdf
def test_many_documents_are_converted_with_one_start(soffice: Path, tmp_path: Path) -> None:
    documents = [official_docx(tmp_path / f"{stem}.docx") for stem in ("draft", "final_text")]
    results = to_pdfs(documents, tmp_path / "out")
    assert [r.path for r in results] == [
        tmp_path / "out" / "draft.pdf",
        tmp_path / "out" / "final_text.pdf",
    ]
    assert all(r.path.is_file() for r in results)


def test_without_libreoffice_the_error_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BARGAIN_SOFFICE", str(tmp_path / "no-such-soffice"))
    assert libreoffice() is None
    with pytest.raises(NoLibreOffice) as raised:
        to_pdf(official_docx(tmp_path / "offer.docx"))
    assert "apt-get install libreoffice-writer-nogui fonts-noto-cjk" in raised.value.message(
        Lang.ZH
    )
    assert raised.value.message(Lang.EN).startswith("LibreOffice (soffice) was not found")


def test_a_conversion_that_hangs_is_ended_at_the_time_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = tmp_path / "child.pid"
    # Like soffice, the script starts a helper; the whole group must end, not only the script.
    script = fake_soffice(tmp_path, f"sleep 30 & echo $! > {marker}\nwait")
    monkeypatch.setenv("BARGAIN_SOFFICE", str(script))
    docx = official_docx(tmp_path / "offer.docx")
    started = time.monotonic()
    with pytest.raises(PdfConversionFailed) as raised:
        to_pdf(docx, timeout=1)
    assert time.monotonic() - started < 10
    assert raised.value.message(Lang.EN).endswith("it did not finish within 1 s")
    assert "offer.docx" in raised.value.message(Lang.ZH)
    assert not running(int(marker.read_text()))


@pytest.mark.parametrize(
    ("body", "said"),
    [
        (
            "echo 'Error: source file could not be loaded'; exit 1",
            "source file could not be loaded",
        ),
        ("exit 0", "no PDF was written"),
    ],
)
def test_a_conversion_that_writes_no_pdf_is_an_error(
    body: str, said: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BARGAIN_SOFFICE", str(fake_soffice(tmp_path, body)))
    stale = tmp_path / "offer.pdf"
    stale.write_bytes(b"%PDF- from an earlier run")
    with pytest.raises(PdfConversionFailed, match=said):
        to_pdf(official_docx(tmp_path / "offer.docx"))
    assert not stale.exists()  # an old PDF cannot pass for the new one


def test_a_missing_document_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BARGAIN_SOFFICE", str(fake_soffice(tmp_path, "exit 0")))
    with pytest.raises(PdfConversionFailed) as raised:
        to_pdf(tmp_path / "absent.docx")
    assert (
        raised.value.message(Lang.ZH)
        == f"{tmp_path / 'absent.docx'}: LibreOffice 未能转换为 PDF：文件不存在"
    )


def test_the_note_names_each_replaced_font_in_either_language(tmp_path: Path) -> None:
    result = PdfResult(
        tmp_path / "offer.pdf",
        ["仿宋_GB2312", "黑体"],
        {"仿宋_GB2312": "Noto Serif CJK SC", "黑体": None},
    )
    assert result.note(Lang.ZH) == (
        "本机未安装文档所用字体，已改用免费字体：仿宋_GB2312 → Noto Serif CJK SC；黑体 → （未知）"
    )
    assert result.note(Lang.EN) == (
        "fonts the document names are not installed here; free fonts stand in: "
        "仿宋_GB2312 → Noto Serif CJK SC; 黑体 → (unknown)"
    )
    assert PdfResult(tmp_path / "offer.pdf").note() is None
