"""Build the first versions of the built-in DOCX templates (``templates/*.docx``) with python-docx.

The .docx files are the source of truth that staff edit in Word; this script wrote their first
versions, and ``tests/integration/test_template_build.py`` keeps them in step with it: a change
made here must be written out (``python tools/build_templates.py``), and a template edited in Word
must be edited here too, or the test fails and says which part differs.

Layout after GB/T 9704-2012 (../shared/domain/document-style.md): A4; top margin 37 mm, binding
side 28 mm, type area 156 × 225 mm; body 3号 (16 pt) 仿宋_GB2312 with a first-line indent of two
characters; title 2号 (22 pt) 方正小标宋简体, centred; headings 黑体 / 楷体_GB2312 / bold 仿宋;
page numbers "— 3 —" in 4号 (14 pt) 宋体 at the bottom. Every style and every run names its
East-Asian font (w:eastAsia), so Chinese never falls back to a Latin face. Articles and chapters
are numbered by filter (``article_number``), never by Word's list numbering.

Run: python tools/build_templates.py [OUT_DIR]   (default: templates/)
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.section import WD_SECTION_START
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import BaseStyle
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

ROOT = Path(__file__).resolve().parent.parent

FANGSONG, XIAOBIAOSONG, HEITI, KAITI, SONG = (
    "仿宋_GB2312",
    "方正小标宋简体",
    "黑体",
    "楷体_GB2312",
    "宋体",
)
LATIN = "Times New Roman"
BODY, TITLE, PAGE_NUMBER, SMALL = Pt(16), Pt(22), Pt(14), Pt(10.5)
LINE = Pt(28.9)  # 22 lines in the 225 mm type area
FIXED_TIME = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
Paper = Callable[["Builder"], None]


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
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        footer.style = self.doc.styles["Footer"]
        self.run(footer, "— ", SONG, size=PAGE_NUMBER, latin=SONG)
        self._page_field(footer)
        self.run(footer, " —", SONG, size=PAGE_NUMBER, latin=SONG)

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
        table = self.doc.add_table(rows=len(rows), cols=len(rows[0]))
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                cell = table.cell(r, c)
                if widths:
                    cell.width = Mm(widths[c])
                self._cell(cell, text)

    def _cell(self, cell: _Cell, text: str) -> None:
        paragraph = cell.paragraphs[0]
        paragraph.paragraph_format.first_line_indent = Pt(0)
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        self.run(paragraph, text)

    def header(self, text: str) -> None:
        header = self.doc.sections[0].header.paragraphs[0]
        header.style = self.doc.styles["Header"]
        header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        self.run(header, text, HEITI)

    def footer_line(self, text: str) -> None:
        paragraph = self.doc.sections[0].footer.add_paragraph(style="Footer")
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self.run(paragraph, text, SONG, size=SMALL)

    def date_line(self, value: str) -> None:
        """The date under the signature, right-aligned (GB/T 9704: Arabic numerals)."""
        self.para(value, indent=False, align="right")

    def bytes(self) -> bytes:
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()


# --- the papers ---------------------------------------------------------------------------------

_BLANK_DATE = "　　　　年　　月　　日"


def _date(expr: str) -> str:
    """A date from the context, or a blank date line when the step has not happened yet."""
    return f"{{% if {expr} %}}{{{{ {expr}|chinese_date }}}}{{% else %}}{_BLANK_DATE}{{% endif %}}"


def offer(b: Builder) -> None:
    b.title("集体协商要约书")
    b.para("{{ offer.to_name }}：", indent=False)
    b.para(
        "根据《中华人民共和国劳动合同法》和《集体合同规定》第三十二条的规定，"
        "{{ offer.from_name }}现就订立《{{ agreement.title }}》向你方提出集体协商要约。"
        "拟协商的议题如下："
    )
    b.tag("{%p for topic in offer.topics %}")
    b.para("{{ loop.index|chinese_numeral }}、{{ topic }}")
    b.tag("{%p endfor %}")
    b.para(
        "请你方自收到本要约书之日（{{ offer.received_on|chinese_date }}）起"
        "{{ offer.reply_days|chinese_numeral }}日内，即于{{ offer.reply_due|chinese_date }}前"
        "书面回应。无正当理由，不得拒绝进行集体协商。"
    )
    b.para("{{ offer.from_name }}", indent=False, align="right")
    b.para("首席协商代表：{{ offer.from_chief or '' }}", indent=False, align="right")
    b.date_line("{{ offer.sent_on|chinese_date }}")


def reply(b: Builder) -> None:
    b.title("集体协商要约回应书")
    b.para("{{ reply.to_name }}：", indent=False)
    b.para(
        "我方于{{ offer.received_on|chinese_date }}收到你方发出的集体协商要约书"
        "（议题：{{ offer.topics|join('、') }}）。"
    )
    b.tag("{%p if reply.accepted %}")
    b.para(
        "经研究，我方同意就上述议题进行集体协商，并将按照《集体合同规定》第三十三条做好协商准备。"
    )
    b.tag("{%p else %}")
    b.para("经研究，我方不同意进行集体协商，理由如下：{{ reply.reason }}")
    b.tag("{%p endif %}")
    b.para("特此回应。")
    b.para("{{ reply.from_name }}", indent=False, align="right")
    b.para("首席协商代表：{{ reply.from_chief or '' }}", indent=False, align="right")
    b.date_line("{{ reply.on|chinese_date }}")


def minutes(b: Builder) -> None:
    b.title("集体协商会议记录")
    b.para("（第{{ meeting.number|chinese_numeral }}次会议）", indent=False, align="center")
    b.table(
        [
            ["会议时间", "{{ meeting.on|chinese_date }}"],
            ["会议地点", "{{ meeting.place or '' }}"],
            ["主持人", "{{ meeting.chair_side }}首席代表{{ meeting.chair or '' }}"],
            ["记录员", "{{ recorder.name if recorder else '' }}"],
            ["职工方出席人员", "{{ union.representatives|map(attribute='name')|join('、') }}"],
            ["企业方出席人员", "{{ employer.representatives|map(attribute='name')|join('、') }}"],
            ["协商议题", "{{ meeting.topics|join('、') }}"],
        ],
        [40, 116],
    )
    b.heading("协商情况和结果")
    b.para("{{ meeting.summary or '' }}")
    b.heading("签字", 2)
    b.para("职工方首席代表（签字）：　　　　　　企业方首席代表（签字）：", indent=False)
    b.para("记录员（签字）：", indent=False)


def _chapters(b: Builder, *, english: bool = False) -> None:
    b.tag("{%p for chapter in chapters %}")
    if english:
        b.heading("Chapter {{ chapter.number }}  {{ chapter.heading }}")
    else:
        b.heading("{{ chapter.number|chapter_number }}　{{ chapter.heading }}")
    b.tag("{%p for article in chapter.articles %}")
    if english:
        b.para(("Article {{ article.number }}", LATIN), "  {{ article.text }}")
    else:
        b.para(("{{ article.number|article_number }}", HEITI), "　{{ article.text }}")
    b.tag("{%p endfor %}")
    b.tag("{%p endfor %}")


def _preamble(b: Builder) -> None:
    b.para("职工方：{{ union.name }}", indent=False)
    b.para("企业方：{{ employer.name }}", indent=False)
    b.tag("{%p if agreement.supplements %}")
    b.para("本协议是《{{ agreement.supplements }}》的补充协议，与其具有同等效力。")
    b.tag("{%p endif %}")
    b.para(
        "为维护{{ agreement.region or '' }}{{ agreement.sector or '' }}行业劳动者和企业的合法权益，"
        "根据《中华人民共和国劳动法》《中华人民共和国劳动合同法》和《集体合同规定》等法律法规，"
        "双方经平等协商，订立本合同。"
    )


def draft(b: Builder) -> None:
    b.header("草案")
    b.title("{{ agreement.title }}（草案）")
    _preamble(b)
    _chapters(b)
    b.tag("{%p if draft_agreed_on %}")
    b.para(
        "本草案由双方协商代表于{{ draft_agreed_on|chinese_date }}协商形成，提交职工代表大会审议。"
    )
    b.tag("{%p endif %}")
    b.para("职工方首席代表（签字）：　　　　　　企业方首席代表（签字）：", indent=False)


def _term_zh(b: Builder) -> None:
    b.tag("{%p if term %}")
    b.para("本合同期限自{{ term.start|chinese_date }}起至{{ term.end|chinese_date }}止。")
    b.tag("{%p endif %}")


def final_text(b: Builder) -> None:
    b.title("{{ agreement.title }}")
    _preamble(b)
    _chapters(b)
    _term_zh(b)
    b.para("本合同一式若干份，双方各执一份，报劳动行政部门审查一份（一式三份）。")
    b.table(
        [
            ["职工方（盖章）", "企业方（盖章）"],
            ["{{ union.name }}", "{{ employer.organisations|map(attribute='name')|join('、') }}"],
            [
                "首席代表（签字）：{{ union.chief.name if union.chief else '' }}",
                "首席代表（签字）：{{ employer.chief.name if employer.chief else '' }}",
            ],
            [_date("signed_on"), _date("signed_on")],
        ],
        [78, 78],
    )
    b.footer_line("文本指纹（SHA-256）：{{ fingerprint }}")
    b.doc.core_properties.identifier = "{{ fingerprint }}"
    b.doc.core_properties.subject = "{{ agreement.title }}"


def final_text_en(b: Builder) -> None:
    b.title("{{ agreement.title }}")
    b.para("Union side: {{ union.name }}", indent=False)
    b.para("Employer side: {{ employer.name }}", indent=False)
    b.tag("{%p if agreement.supplements %}")
    b.para("This agreement supplements “{{ agreement.supplements }}”.")
    b.tag("{%p endif %}")
    b.para(
        "Under the Labour Law, the Labour Contract Law and the Provisions on Collective Contracts, "
        "the two sides have bargained as equals and conclude this agreement."
    )
    _chapters(b, english=True)
    b.tag("{%p if term %}")
    b.para("This agreement runs from {{ term.start }} to {{ term.end }}.")
    b.tag("{%p endif %}")
    b.table(
        [
            ["Union side (seal)", "Employer side (seal)"],
            ["{{ union.name }}", "{{ employer.organisations|map(attribute='name')|join('、') }}"],
            [
                "Chief representative: {{ union.chief.name if union.chief else '' }}",
                "Chief representative: {{ employer.chief.name if employer.chief else '' }}",
            ],
            ["Date: {{ signed_on or '' }}", "Date: {{ signed_on or '' }}"],
        ],
        [78, 78],
    )
    b.para(
        "The Chinese text is the authoritative one; this English text is for reference.",
        indent=False,
    )
    b.footer_line("Text fingerprint (SHA-256): {{ fingerprint }}")
    b.doc.core_properties.identifier = "{{ fingerprint }}"
    b.doc.core_properties.subject = "{{ agreement.title }}"


def congress_resolution(b: Builder) -> None:
    b.title("{{ congress.body }}决议")
    b.para(
        "{{ congress.held_on|chinese_date }}，{{ congress.body }}审议了"
        "《{{ agreement.title }}》（草案）。根据《集体合同规定》第三十六条，表决结果如下："
    )
    b.table(
        [
            ["应到人数", "实到人数", "赞成", "反对", "弃权"],
            [
                "{{ congress.members }}",
                "{{ congress.present }}",
                "{{ congress.in_favour }}",
                "{{ congress.against }}",
                "{{ congress.abstaining }}",
            ],
        ]
    )
    b.tag("{%p if congress.adopted %}")
    b.para(
        "会议决定：通过《{{ agreement.title }}》（草案），由双方首席代表签字后报送劳动行政部门审查。"
    )
    b.tag("{%p else %}")
    b.para("草案未获通过，退回双方协商代表重新协商后再行提交审议。")
    b.tag("{%p endif %}")
    b.para("{{ congress.body }}", indent=False, align="right")
    b.date_line("{{ congress.held_on|chinese_date }}")


def filing_letter(b: Builder) -> None:
    b.title("集体合同报送审查函")
    b.para("{{ labour_bureau.name if labour_bureau else '劳动行政部门' }}：", indent=False)
    b.para(
        "《{{ agreement.title }}》已经职工代表大会审议通过，双方首席代表于"
        "{{ filing.signed_on|chinese_date }}签字。根据《集体合同规定》第四十二条，现将合同文本"
        "一式{{ filing.copies|chinese_numeral }}份报送你局审查，请予登记。"
    )
    b.para(
        "依照上述规定，本合同应自首席代表签字之日起{{ filing.days|chinese_numeral }}日内，"
        "即于{{ filing.due|chinese_date }}前报送。"
    )
    b.para("附件：", indent=False)
    b.tag("{%p for item in filing.attachments %}")
    b.para("{{ loop.index }}．{{ item }}")
    b.tag("{%p endfor %}")
    b.para("{{ filing.by }}", indent=False, align="right")
    b.date_line(_date("filing.filed_on"))


def review_opinion(b: Builder) -> None:
    b.title("集体合同审查意见书")
    b.para("《{{ agreement.title }}》双方协商代表：", indent=False)
    b.para("根据《集体合同规定》第四十四条、第四十五条，本机关对报送的集体合同审查意见如下：")
    b.heading("一、双方当事人的名称、地址", 2)
    b.tag("{%p for party in review.parties %}")
    b.para("{{ party.name }}（地址：{{ party.address or '未载明' }}）")
    b.tag("{%p endfor %}")
    b.heading("二、收到集体合同文本的时间", 2)
    b.para(_date("review.received_on"))
    b.heading("三、审查意见", 2)
    b.para("{{ review.opinion }}")
    b.tag("{%p for item in review.matters %}")
    b.para("涉及条款或事项：{{ item }}")
    b.tag("{%p endfor %}")
    b.heading("四、作出审查意见的时间", 2)
    b.para("{{ review.served_on|chinese_date }}")
    b.para("{{ review.bureau or '' }}（盖章）", indent=False, align="right")
    b.date_line("{{ review.served_on|chinese_date }}")


def coordination_agreement(b: Builder) -> None:
    b.title("协调处理协议书")
    b.para("职工方：{{ union.name }}", indent=False)
    b.para("企业方：{{ employer.name }}", indent=False)
    b.para(
        "{{ coordination.requested_by }}于{{ coordination.since|chinese_date }}就集体协商争议申请"
        "协调处理。争议事项：{{ coordination.reason }}"
    )
    b.para(
        "根据《集体合同规定》第四十九条至第五十四条，经劳动行政部门会同同级工会和企业组织协调，"
        "双方于{{ coordination.concluded_on|chinese_date }}达成本协议。"
    )
    b.heading("尚未达成一致、留待继续协商的事项", 2)
    b.tag("{%p for item in coordination.outstanding %}")
    b.para("{{ loop.index|chinese_numeral }}、{{ item }}")
    b.tag("{%p else %}")
    b.para("无。")
    b.tag("{%p endfor %}")
    b.para("本协议由协调处理人员和双方首席代表签字、盖章后生效，双方应当遵守。")
    b.para("协调处理人员（签字）：", indent=False)
    b.para("职工方首席代表（签字）：　　　　　　企业方首席代表（签字）：", indent=False)
    b.date_line("{{ coordination.concluded_on|chinese_date }}")


def publication_notice(b: Builder) -> None:
    b.title("集体合同公示通知")
    b.para("全体职工和各有关企业：", indent=False)
    b.para(
        "《{{ agreement.title }}》经职工代表大会审议通过，双方首席代表签字，报"
        "{{ labour_bureau.name if labour_bureau else '劳动行政部门' }}审查，"
        "已于{{ publication.effective_on|chinese_date }}生效。"
        "根据《集体合同规定》第四十八条，现予公布。"
    )
    _term_zh(b)
    b.para(
        "本合同对{{ agreement.region or '' }}{{ agreement.sector or '' }}行业的企业和劳动者具有约束力。"
    )
    b.para("{{ union.name }}", indent=False, align="right")
    b.para("{{ employer.name }}", indent=False, align="right")
    b.date_line(_date("publication.published_on"))


PAPERS: dict[str, tuple[str, Paper]] = {
    "offer": ("集体协商要约书", offer),
    "reply": ("集体协商要约回应书", reply),
    "minutes": ("集体协商会议记录", minutes),
    "draft": ("集体合同草案", draft),
    "congress_resolution": ("职工代表大会决议", congress_resolution),
    "final_text": ("集体合同文本", final_text),
    "final_text_en": ("Collective agreement", final_text_en),
    "filing_letter": ("集体合同报送审查函", filing_letter),
    "review_opinion": ("集体合同审查意见书", review_opinion),
    "coordination_agreement": ("协调处理协议书", coordination_agreement),
    "publication_notice": ("集体合同公示通知", publication_notice),
}


def build(name: str) -> bytes:
    """The .docx bytes of template ``name``."""
    title, write = PAPERS[name]
    builder = Builder(title, english=name.endswith("_en"))
    write(builder)
    return builder.bytes()


def _same_parts(a: bytes, path: Path) -> bool:
    """Whether ``path`` holds the same parts as ``a`` (zip dates aside)."""
    if not path.is_file():
        return False
    with zipfile.ZipFile(io.BytesIO(a)) as new, zipfile.ZipFile(path) as old:
        names = sorted(new.namelist())
        return names == sorted(old.namelist()) and all(new.read(n) == old.read(n) for n in names)


def main(argv: list[str]) -> None:
    out = Path(argv[0]) if argv else ROOT / "templates"
    out.mkdir(parents=True, exist_ok=True)
    for name in PAPERS:
        path, data = out / f"{name}.docx", build(name)
        if _same_parts(data, path):  # leave an unchanged file alone (no churn in git)
            continue
        path.write_bytes(data)
        print(path)


if __name__ == "__main__":
    main(sys.argv[1:])
