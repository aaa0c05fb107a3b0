"""The official page and the small vocabulary of papers, for ``tools/build_templates.py``.

Layout after GB/T 9704-2012 (../shared/domain/document-style.md): A4; top margin 37 mm, binding
side 28 mm, type area 156 × 225 mm, 22 lines of 28 characters (a w:docGrid of 22 lines, and body
characters closed up by a quarter point so that 28 fill a line); body 3号 (16 pt) 仿宋_GB2312 with a first-line indent of two characters; title 2号 (22 pt) 方正小标宋简体,
centred; headings 黑体 / 楷体_GB2312 / bold 仿宋; page numbers "— 3 —" in 4号 (14 pt) 宋体 at the
outer side, one character in from the edge: odd pages on the right, even pages on the left
(different odd and even footers, w:evenAndOddHeaders). Every style and every run names its
East-Asian font (w:eastAsia), so Chinese never falls back to a Latin face. Signatures and seals
sit in borderless two-column tables, one side a column, so that no label wraps mid-phrase.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import zipfile
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.section import WD_SECTION_START
from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm, Pt, RGBColor, Twips
from docx.styles.style import BaseStyle
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

__all__ = [
    "FANGSONG",
    "HEITI",
    "KAITI",
    "LATIN",
    "SONG",
    "XIAOBIAOSONG",
    "Builder",
]

FANGSONG, XIAOBIAOSONG, HEITI, KAITI, SONG = (
    "仿宋_GB2312",
    "方正小标宋简体",
    "黑体",
    "楷体_GB2312",
    "宋体",
)
LATIN = "Times New Roman"
BODY, TITLE, PAGE_NUMBER, SMALL = Pt(16), Pt(22), Pt(14), Pt(10.5)
TYPE_WIDTH, TYPE_HEIGHT = Mm(156), Mm(225)
LINES, CHARACTERS = 22, 28  # GB/T 9704: 22 lines a page, 28 characters a line
LINE_PITCH = int(TYPE_HEIGHT.twips / LINES)  # 579 twips: 22 lines fill the type area
LINE = Twips(LINE_PITCH)
# 28 characters of 16 pt are 448 pt, a line 442 pt: the body closes its characters up by a quarter
# point (w:spacing, in twentieths of a point), so that 28 fit and a 29th does not
CLOSE_UP = math.floor((TYPE_WIDTH.pt / CHARACTERS - BODY.pt) * 20)  # -5
FIXED_TIME = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
RULED_LINES = 8  # blank ruled lines where a paper is filled in by hand


def _fonts(element: object, east_asia: str, latin: str = LATIN) -> None:
    """Name the Latin and the East-Asian font of a run or style (w:rFonts w:eastAsia)."""
    if hasattr(element, "get_or_add_rPr"):  # a run or a style
        r_pr = element.get_or_add_rPr()
    else:  # the document defaults' w:rPrDefault
        r_pr = element.find(qn("w:rPr"))  # type: ignore[attr-defined]
        if r_pr is None:
            r_pr = OxmlElement("w:rPr")
            element.append(r_pr)  # type: ignore[attr-defined]
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attribute), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)


def _no_first_line_indent(p_pr: BaseOxmlElement) -> None:
    """No first-line indent, in points and in characters (w:firstLineChars wins in Word)."""
    ind = p_pr.get_or_add_ind()  # type: ignore[attr-defined]
    ind.set(qn("w:firstLine"), "0")
    ind.set(qn("w:firstLineChars"), "0")


def _borders(table: Table, *, ruled: bool = False) -> None:
    """No borders at all; ``ruled``: a line under every row (blank lines to write on)."""
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        border = OxmlElement(f"w:{edge}")
        if ruled and edge in ("bottom", "insideH"):
            border.set(qn("w:val"), "single")
            border.set(qn("w:sz"), "4")
            border.set(qn("w:space"), "0")
            border.set(qn("w:color"), "000000")
        else:
            border.set(qn("w:val"), "nil")
        borders.append(border)
    later = [tbl_pr.find(qn(f"w:{name}")) for name in _AFTER_BORDERS]
    following = next((element for element in later if element is not None), None)
    if following is None:
        tbl_pr.append(borders)
    else:  # the schema's order of w:tblPr's children
        following.addprevious(borders)
    table.autofit = False  # w:tblLayout fixed: the columns keep their widths


_AFTER_BORDERS = ("shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription")


class Builder:
    """One template being written: its document and the small vocabulary of official papers."""

    def __init__(self, title: str, *, english: bool = False) -> None:
        self.doc: DocumentType = Document()
        self.english = english
        self._page()
        self._styles()
        properties = self.doc.core_properties
        properties.title = title
        properties.author = properties.last_modified_by = "bargain"
        properties.created = properties.modified = FIXED_TIME
        properties.revision = 1
        properties.comments = "bargain built-in template (GB/T 9704-2012 layout)"

    # -- page and styles ---------------------------------------------------------------------

    def _page(self) -> None:
        section = self.doc.sections[0]
        section.start_type = WD_SECTION_START.NEW_PAGE
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.left_margin = Mm(37), Mm(28)
        section.right_margin = Mm(210 - 28 - 156)
        section.bottom_margin = Mm(297 - 37 - 225)
        section.header_distance, section.footer_distance = Mm(15), Mm(28)
        grid = section._sectPr.find(qn("w:docGrid"))
        if grid is None:
            grid = OxmlElement("w:docGrid")
            section._sectPr.append(grid)
        # A grid of lines: 22 a page. Not of characters (linesAndChars): LibreOffice gives every
        # 16 pt character two of its 15.8 pt cells, 14 a line; the body's closed-up spacing sets
        # 28 a line in Word and LibreOffice alike.
        grid.attrib.clear()
        grid.set(qn("w:type"), "lines")
        grid.set(qn("w:linePitch"), str(LINE_PITCH))
        # GB/T 9704 puts the page number at the outer side: odd pages right, even pages left
        self.doc.settings.odd_and_even_pages_header_footer = True
        for footer, side in ((section.footer, "right"), (section.even_page_footer, "left")):
            footer.is_linked_to_previous = False
            paragraph = footer.paragraphs[0]
            paragraph.style = self.doc.styles["Footer"]
            if side == "right":
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                paragraph.paragraph_format.right_indent = PAGE_NUMBER  # 空一字
            else:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
                paragraph.paragraph_format.left_indent = PAGE_NUMBER  # 空一字
            self.run(paragraph, "— ", SONG, size=PAGE_NUMBER, latin=SONG)
            self._page_field(paragraph)
            self.run(paragraph, " —", SONG, size=PAGE_NUMBER, latin=SONG)

    def _page_field(self, paragraph: Paragraph) -> None:
        """The PAGE field, so Word and LibreOffice print each page's own number."""
        for kind, text in (("begin", None), ("instr", " PAGE "), ("separate", None), ("t", "1")):
            run = self.run(paragraph, "", SONG, size=PAGE_NUMBER, latin=SONG)
            if kind == "instr":
                instr = OxmlElement("w:instrText")
                instr.set(qn("xml:space"), "preserve")
                instr.text = text
                run._r.append(instr)
            elif kind == "t":
                run.text = text or ""
            else:
                char = OxmlElement("w:fldChar")
                char.set(qn("w:fldCharType"), kind)
                run._r.append(char)
        end = self.run(paragraph, "", SONG, size=PAGE_NUMBER, latin=SONG)
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), "end")
        end._r.append(char)

    def _styles(self) -> None:
        styles = self.doc.styles
        defaults = styles.element.find(qn("w:docDefaults"))
        if defaults is not None:
            r_pr_default = defaults.find(qn("w:rPrDefault"))
            if r_pr_default is not None:
                _fonts(r_pr_default, FANGSONG)
        for style in styles:
            if style.type != 4:  # numbering styles carry no run properties
                _fonts(style.element, FANGSONG)
        normal = styles["Normal"]
        self._style(normal, FANGSONG, BODY)
        fmt = normal.paragraph_format
        fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, LINE
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.first_line_indent = Pt(32)  # two characters of 16 pt
        # 28 characters a line (see CLOSE_UP)
        r_pr = normal.element.get_or_add_rPr()
        spacing = OxmlElement("w:spacing")
        spacing.set(qn("w:val"), str(CLOSE_UP))
        later = [r_pr.find(qn(f"w:{name}")) for name in ("w", "kern", "position", "sz", "szCs")]
        next(e for e in later if e is not None).addprevious(spacing)
        ind = normal.element.get_or_add_pPr().find(qn("w:ind"))
        if ind is not None:
            ind.set(qn("w:firstLineChars"), "200")
        title = styles["Title"]
        self._style(title, XIAOBIAOSONG, TITLE, bold=self.english)
        title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        title.paragraph_format.first_line_indent = Pt(0)
        title.paragraph_format.space_after = Pt(16)
        title.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        title.paragraph_format.line_spacing = Pt(36)
        borders = title.element.get_or_add_pPr().find(qn("w:pBdr"))
        if borders is not None:
            borders.getparent().remove(borders)
        for name, face, bold in (
            ("Heading 1", HEITI, False),
            ("Heading 2", KAITI, False),
            ("Heading 3", FANGSONG, True),
        ):
            heading = styles[name]
            self._style(heading, face, BODY, bold=bold or self.english)
            heading.paragraph_format.first_line_indent = Pt(0)
            heading.paragraph_format.space_before = heading.paragraph_format.space_after = Pt(0)
        styles["Heading 1"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self._style(styles["Footer"], SONG, PAGE_NUMBER, latin=SONG)
        self._style(styles["Header"], HEITI, BODY)
        for name in ("Footer", "Header"):  # the page number sits one character from the edge
            _no_first_line_indent(styles[name].element.get_or_add_pPr())

    def _style(
        self, style: BaseStyle, face: str, size: Pt, *, bold: bool = False, latin: str = LATIN
    ) -> None:
        """Set a style's faces (East-Asian ``face``, Latin ``latin``), size, weight; black."""
        font = style.font  # type: ignore[attr-defined]
        font.size, font.bold, font.italic = size, bold, False
        font.color.rgb = RGBColor(0, 0, 0)
        _fonts(style.element, face, latin)

    # -- content -----------------------------------------------------------------------------

    def run(
        self,
        paragraph: Paragraph,
        text: str,
        face: str = FANGSONG,
        *,
        size: Pt | None = None,
        bold: bool = False,
        latin: str = LATIN,
    ) -> Run:
        """A run of ``text`` whose East-Asian face is ``face`` and Latin face ``latin``."""
        run = paragraph.add_run(text)
        _fonts(run._r, face, latin)
        if size is not None:
            run.font.size = size
        if bold:
            run.font.bold = True
        return run

    def title(self, text: str) -> None:
        self.run(self.doc.add_paragraph(style="Title"), text, XIAOBIAOSONG, bold=self.english)

    def heading(self, text: str, level: int = 1) -> None:
        face = (HEITI, KAITI, FANGSONG)[level - 1]
        bold = level == 3 or self.english
        self.run(self.doc.add_paragraph(style=f"Heading {level}"), text, face, bold=bold)

    def para(
        self, *parts: str | tuple[str, str], indent: bool = True, align: str = ""
    ) -> Paragraph:
        """A body paragraph; a part given as (text, face) is set in that face (黑体 article numbers)."""
        paragraph = self.doc.add_paragraph()
        if not indent:
            paragraph.paragraph_format.first_line_indent = Pt(0)
            ind = paragraph._p.get_or_add_pPr().find(qn("w:ind"))
            if ind is not None:
                ind.set(qn("w:firstLineChars"), "0")
        if align:
            paragraph.alignment = {
                "right": WD_ALIGN_PARAGRAPH.RIGHT,
                "center": WD_ALIGN_PARAGRAPH.CENTER,
            }[align]
        for part in parts:
            text, face = part if isinstance(part, tuple) else (part, FANGSONG)
            self.run(paragraph, text, face, bold=face == LATIN)
        return paragraph

    def tag(self, text: str) -> None:
        """A paragraph-level docxtpl tag ({%p for … %}), alone in its paragraph."""
        self.para(text, indent=False)

    def table(self, rows: list[list[str]], widths: list[int] | None = None) -> None:
        """A ruled table (the facts of a meeting, the counts of a vote)."""
        table = self.doc.add_table(rows=len(rows), cols=len(rows[0]))
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                cell = table.cell(r, c)
                if widths:
                    cell.width = Mm(widths[c])
                self._cell(cell, text)

    def signatures(self, rows: list[list[str]]) -> None:
        """Signature and seal blocks: a borderless table, the union's side left, the employer's
        right, each label whole on its line (no wrapping mid-phrase); ``\n`` starts a paragraph."""
        table = self.doc.add_table(rows=len(rows), cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _borders(table)
        half = Mm(156 / 2)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                cell = table.cell(r, c)
                cell.width = half
                for n, line in enumerate(text.split("\n")):  # a paragraph a line
                    paragraph = cell.paragraphs[0] if n == 0 else cell.add_paragraph()
                    _no_first_line_indent(paragraph._p.get_or_add_pPr())
                    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
                    paragraph.paragraph_format.line_spacing = LINE
                    # the block stays on one page: every row keeps with the next
                    paragraph.paragraph_format.keep_with_next = r < len(rows) - 1
                    if line:
                        self.run(paragraph, line)

    def ruled_lines(self, count: int = RULED_LINES) -> None:
        """Blank lines ruled across the type area, for a paper completed by hand and signed."""
        table = self.doc.add_table(rows=count, cols=1)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _borders(table, ruled=True)
        for row in table.rows:
            row.height, row.height_rule = LINE, WD_ROW_HEIGHT_RULE.EXACTLY
            cell = row.cells[0]
            cell.width = TYPE_WIDTH
            _no_first_line_indent(cell.paragraphs[0]._p.get_or_add_pPr())

    def _cell(self, cell: _Cell, text: str) -> None:
        paragraph = cell.paragraphs[0]
        paragraph.paragraph_format.first_line_indent = Pt(0)
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        self.run(paragraph, text)

    def header(self, text: str) -> None:
        """A header on every page, odd and even (the draft's 草案)."""
        section = self.doc.sections[0]
        for header in (section.header, section.even_page_header):
            header.is_linked_to_previous = False
            paragraph = header.paragraphs[0]
            paragraph.style = self.doc.styles["Header"]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            self.run(paragraph, text, HEITI)

    def footer_line(self, text: str) -> None:
        """A line under the page number on every page, odd and even (the fingerprint)."""
        section = self.doc.sections[0]
        for footer in (section.footer, section.even_page_footer):
            paragraph = footer.add_paragraph(style="Footer")
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
            self.run(paragraph, text, SONG, size=SMALL)

    def date_line(self, value: str) -> None:
        """The date under the signature, right-aligned (GB/T 9704: Arabic numerals)."""
        self.para(value, indent=False, align="right")

    def bytes(self) -> bytes:
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()


def same_parts(a: bytes, path: Path) -> bool:
    """Whether ``path`` holds the same parts as ``a`` (zip dates aside)."""
    if not path.is_file():
        return False
    with zipfile.ZipFile(io.BytesIO(a)) as new, zipfile.ZipFile(path) as old:
        names = sorted(new.namelist())
        return names == sorted(old.namelist()) and all(new.read(n) == old.read(n) for n in names)
