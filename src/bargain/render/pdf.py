"""DOCX to PDF through LibreOffice in headless mode, saying which fonts it had to replace.

The templates name the fonts of Chinese official documents (GB/T 9704): 仿宋_GB2312 for the body,
方正小标宋简体 for titles, 黑体 and 楷体_GB2312 for headings. These are commercial fonts that a Linux
machine rarely has. Where fontconfig shows one is missing, the conversion falls back on purpose to
the free CJK fonts (Noto, Debian's ``fonts-noto-cjk``): a serif face for 仿宋, 宋 and 小标宋, a sans
face for 黑体, a Kai face where one is installed for 楷体. :attr:`PdfResult.substituted_fonts` names
the fonts that were replaced and :attr:`PdfResult.fallbacks` what replaced each, so a caller can say
so: the PDF is a faithful proof of the layout, not of the typefaces.

Every conversion runs LibreOffice with a user profile of its own in a temporary folder
(``-env:UserInstallation``), so two conversions at once, or a LibreOffice the user has open, never
collide, and a time limit ends one that hangs.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from bargain.domain.language import Bilingual, Lang
from bargain.errors import NoLibreOffice, PdfConversionFailed

__all__ = [
    "FALLBACKS",
    "NoLibreOffice",
    "PdfConversionFailed",
    "PdfResult",
    "libreoffice",
    "requested_fonts",
    "to_pdf",
    "to_pdfs",
]

TIMEOUT = 180.0
"""Seconds one LibreOffice run may take before it is ended (the first run builds a profile)."""

FALLBACKS: Mapping[str, tuple[str, ...]] = {
    "仿宋_GB2312": ("Noto Serif CJK SC", "AR PL UMing CN"),
    "仿宋": ("Noto Serif CJK SC", "AR PL UMing CN"),
    "方正小标宋简体": ("Noto Serif CJK SC", "AR PL UMing CN"),
    "方正小标宋_GBK": ("Noto Serif CJK SC", "AR PL UMing CN"),
    "宋体": ("Noto Serif CJK SC", "AR PL UMing CN"),
    "黑体": ("Noto Sans CJK SC", "WenQuanYi Zen Hei"),
    "楷体_GB2312": ("AR PL UKai CN", "Noto Serif CJK SC"),
    "楷体": ("AR PL UKai CN", "Noto Serif CJK SC"),
}
"""The free fonts that stand in for each official font when it is missing, best first."""

_CANDIDATES = (
    "soffice",
    "libreoffice",
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    "C:/Program Files/LibreOffice/program/soffice.exe",
)
_PARTS = re.compile(r"word/(document|styles|header\d*|footer\d*|footnotes|endnotes)\.xml")
_FONTS_ELEMENT = re.compile(rb"<w:rFonts\b[^>]*>")
_FONT_ATTRIBUTE = re.compile(rb'w:(?:ascii|hAnsi|eastAsia|cs)="([^"]+)"')
_BASE_FONT = re.compile(rb"/BaseFont\s*/([^\s/<>\[\]()]+)")


@dataclass(frozen=True)
class PdfResult:
    """A PDF written by :func:`to_pdf`.

    Attributes:
        path: the PDF file.
        substituted_fonts: fonts the document names that this machine does not have (fontconfig
            says so), sorted; empty when all are installed or when fontconfig is not there to ask.
        fallbacks: for each substituted font, the font fontconfig gives instead (``None`` when it
            could not tell).
        embedded_fonts: the fonts the PDF embeds, by their PostScript names without the subset
            prefix (``NotoSerifCJKjp-Regular``), sorted.
    """

    path: Path
    substituted_fonts: list[str] = field(default_factory=list)
    fallbacks: dict[str, str | None] = field(default_factory=dict)
    embedded_fonts: list[str] = field(default_factory=list)

    def note(self, lang: Lang = Lang.ZH) -> str | None:
        """One line saying which fonts were replaced and by what; ``None`` when none were."""
        if not self.substituted_fonts:
            return None
        unknown = Bilingual("（未知）", "(unknown)").get(lang)
        pairs = [
            f"{name} → {self.fallbacks.get(name) or unknown}" for name in self.substituted_fonts
        ]
        if lang is Lang.ZH:
            return f"本机未安装文档所用字体，已改用免费字体：{'；'.join(pairs)}"
        return f"fonts the document names are not installed here; free fonts stand in: {'; '.join(pairs)}"


def libreoffice() -> Path | None:
    """LibreOffice's ``soffice`` (or ``libreoffice``) program, or ``None`` when it is not installed.

    ``$BARGAIN_SOFFICE`` names it when it is somewhere else (and then only that program is
    looked for); otherwise ``PATH`` is searched, then the usual install folders on Linux, macOS
    and Windows.
    """
    named = os.environ.get("BARGAIN_SOFFICE", "").strip()
    for candidate in (named,) if named else _CANDIDATES:
        found = shutil.which(candidate)
        if found is not None:
            return Path(found)
    return None


def to_pdf(docx: Path, out_dir: Path | None = None, *, timeout: float = TIMEOUT) -> PdfResult:
    """Convert one DOCX file to PDF; the PDF has the same stem, in ``out_dir`` (default: beside it).

    Raises:
        NoLibreOffice: LibreOffice is not installed (the message says how to install it).
        PdfConversionFailed: LibreOffice gave no PDF, or did not finish within ``timeout`` seconds.
    """
    (result,) = to_pdfs([docx], out_dir, timeout=timeout)
    return result


def to_pdfs(
    documents: Iterable[Path], out_dir: Path | None = None, *, timeout: float = TIMEOUT
) -> list[PdfResult]:
    """Convert many DOCX files with one start of LibreOffice (much faster than one each).

    ``out_dir`` defaults to each file's own folder. Two files with the same stem cannot share an
    output folder (``ValueError``). Raises as :func:`to_pdf` does; ``timeout`` is for the whole run.
    """
    files = [Path(d) for d in documents]
    if not files:
        return []
    program = libreoffice()
    if program is None:
        raise NoLibreOffice
    for file in files:
        if not file.is_file():
            raise PdfConversionFailed(str(file), Bilingual("文件不存在", "the file does not exist"))
    targets = [(out_dir or f.parent) / f"{f.stem}.pdf" for f in files]
    if len(set(targets)) != len(targets):
        raise ValueError("two documents with the same name would be written to one PDF")
    with tempfile.TemporaryDirectory(prefix="bargain-soffice-") as scratch:
        work = Path(scratch)
        environment = _environment(work)
        by_folder: dict[Path, list[Path]] = {}
        for file, target in zip(files, targets, strict=True):
            by_folder.setdefault(target.parent, []).append(file)
        for target in targets:
            target.unlink(missing_ok=True)  # so that a PDF left from before cannot pass for new
        for folder, group in by_folder.items():
            folder.mkdir(parents=True, exist_ok=True)
            _run(program, group, folder, work, environment, timeout)
        families = _installed_families(environment)
        results = []
        for file, target in zip(files, targets, strict=True):
            if not target.is_file():
                raise PdfConversionFailed(
                    str(file), Bilingual("未生成 PDF 文件", "no PDF was written")
                )
            results.append(_result(file, target, families, environment))
    return results


def requested_fonts(docx: Path) -> list[str]:
    """The font families a DOCX file names in its text, styles, headers and footers, sorted."""
    names: set[str] = set()
    with zipfile.ZipFile(docx) as archive:
        for part in archive.namelist():
            if _PARTS.fullmatch(part):
                for element in _FONTS_ELEMENT.findall(archive.read(part)):
                    names.update(m.decode("utf-8") for m in _FONT_ATTRIBUTE.findall(element))
    return sorted(names)


def _run(
    program: Path,
    files: Sequence[Path],
    out_dir: Path,
    work: Path,
    environment: Mapping[str, str],
    timeout: float,
) -> None:
    command = [
        str(program),
        f"-env:UserInstallation={(work / 'profile').as_uri()}",
        "--headless",
        "--invisible",
        "--nodefault",
        "--nolockcheck",
        "--nologo",
        "--norestore",
        "--convert-to",
        "pdf:writer_pdf_Export",
        "--outdir",
        str(out_dir),
        *(str(f.resolve()) for f in files),
    ]
    # soffice starts helpers of its own: a session of its own lets a timeout end all of them.
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=dict(environment),
        start_new_session=True,
    )
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _end(process)
        raise PdfConversionFailed(
            str(files[0]),
            Bilingual(f"超过 {timeout:g} 秒仍未完成", f"it did not finish within {timeout:g} s"),
        ) from None
    if process.returncode != 0:
        said = output.decode("utf-8", "replace").strip().splitlines()[-3:]
        raise PdfConversionFailed(
            str(files[0]), f"exit status {process.returncode}: {' / '.join(said)}"
        )


def _end(process: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, AttributeError):  # gone, or not POSIX
        process.kill()
    process.communicate()


def _environment(work: Path) -> dict[str, str]:
    """The environment LibreOffice runs in: a fontconfig file that names the free fallbacks.

    The aliases *accept* the fallbacks (after the font itself), so an installed official font is
    still used; only a missing one is replaced, by the first free font that is installed.
    """
    environment = dict(os.environ)
    if shutil.which("fc-match") is None:  # no fontconfig (Windows, macOS): LibreOffice decides
        return environment
    system = environment.get("FONTCONFIG_FILE") or "/etc/fonts/fonts.conf"
    aliases = "".join(
        f'<alias binding="same"><family>{escape(name)}</family><accept>'
        + "".join(f"<family>{escape(f)}</family>" for f in fallbacks)
        + "</accept></alias>\n"
        for name, fallbacks in FALLBACKS.items()
    )
    config = work / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        f'<fontconfig>\n<include ignore_missing="yes">{escape(system)}</include>\n{aliases}'
        "</fontconfig>\n",
        encoding="utf-8",
    )
    environment["FONTCONFIG_FILE"] = str(config)
    return environment


def _installed_families(environment: Mapping[str, str]) -> set[str] | None:
    """Every font family fontconfig knows, under each of its names; ``None`` without fontconfig."""
    if shutil.which("fc-list") is None:
        return None
    listed = _ask(["fc-list", "--format", "%{family}\n"], environment)
    if listed is None:
        return None
    return {name.strip() for line in listed.splitlines() for name in line.split(",")}


def _result(
    docx: Path, pdf: Path, families: set[str] | None, environment: Mapping[str, str]
) -> PdfResult:
    missing = [] if families is None else [n for n in requested_fonts(docx) if n not in families]
    fallbacks: dict[str, str | None] = {}
    for name in missing:
        # A Chinese font name stands for Chinese text: ask for a face that has its glyphs.
        pattern = f"{name}:lang=zh-cn" if any(c >= "\u2e80" for c in name) else name
        said = _ask(["fc-match", "--format", "%{family[0]}", pattern], environment)
        fallbacks[name] = said.strip() or None if said is not None else None
    embedded = sorted(
        {
            m.decode("latin-1").partition("+")[2] or m.decode("latin-1")
            for m in _BASE_FONT.findall(pdf.read_bytes())
        }
    )
    return PdfResult(pdf, missing, fallbacks, embedded)


def _ask(command: list[str], environment: Mapping[str, str]) -> str | None:
    try:
        done = subprocess.run(
            command, capture_output=True, env=dict(environment), timeout=30, check=True
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.decode("utf-8", "replace")
