"""Build the first versions of the built-in DOCX templates (``templates/*.docx``) with python-docx.

The .docx files are the source of truth that staff edit in Word; this script wrote their first
versions, and ``tests/integration/test_template_build.py`` keeps them in step with it: a change
made here must be written out (``python tools/build_templates.py``), and a template edited in Word
must be edited here too, or the test fails and says which part differs.

The page and its styles (GB/T 9704-2012: A4, the 156 × 225 mm type area on a grid of 22 lines of
28 characters, the faces and sizes, page numbers at the outer side of odd and even pages) are
written by ``tools/_docx_style.py``; this script says what each paper holds. Articles and chapters
are numbered by filter (``article_number``), never by Word's list numbering; signatures and seals
sit in borderless two-column tables.

Run: python tools/build_templates.py [OUT_DIR]   (default: templates/)
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

if __package__:  # imported as tools.build_templates (the tests)
    from tools._docx_style import HEITI, LATIN, Builder, same_parts
else:  # run as a script: tools/ is on the path
    from _docx_style import HEITI, LATIN, Builder, same_parts

ROOT = Path(__file__).resolve().parent.parent
Paper = Callable[[Builder], None]


# --- the papers ---------------------------------------------------------------------------------

_BLANK_DATE = "　　　　年　　月　　日"


def _date(expr: str) -> str:
    """A date from the context, or a blank date line when the step has not happened yet."""
    return f"{{% if {expr} %}}{{{{ {expr}|chinese_date }}}}{{% else %}}{_BLANK_DATE}{{% endif %}}"


_EMPLOYERS = (  # one enterprise a line in its column of a signature block
    "{%p for organisation in employer.organisations %}\n{{ organisation.name }}\n{%p endfor %}"
)


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
            [
                "协商议题",
                "{% if meeting.topics %}{{ meeting.topics|join('、') }}"
                "{% elif offer and offer.topics %}{{ offer.topics|join('、') }}（要约议题）"
                "{% endif %}",
            ],
        ],
        [40, 116],
    )
    b.heading("协商情况和结果")
    _exchange(b)
    b.tag("{%p if meeting.summary %}")
    b.para("{{ meeting.summary }}")
    b.tag("{%p else %}")
    b.ruled_lines()  # recorded on paper at the meeting, then signed
    b.tag("{%p endif %}")
    b.heading("签字", 2)
    b.signatures(
        [["职工方首席代表（签字）：", "企业方首席代表（签字）："], ["记录员（签字）：", ""]]
    )


def _exchange(b: Builder) -> None:
    """What each side said, offered and answered at the meeting, and where each clause stands."""
    b.tag("{%p if meeting.exchange %}")
    b.heading("一、双方陈述", 2)
    b.tag("{%p for statement in meeting.exchange.statements %}")
    b.para("{{ statement.side }}：{{ statement.text }}")
    b.tag("{%p else %}")
    b.para("无。")
    b.tag("{%p endfor %}")
    b.heading("二、提出的意见", 2)
    b.tag("{%p for position in meeting.exchange.positions %}")
    b.para(
        "{{ loop.index }}．{{ position.side }}就{{ position.clause }}{{ position.action }}："
        "{{ position.summary }}{% if position.reason %}（理由：{{ position.reason }}）{% endif %}"
    )
    b.tag("{%p else %}")
    b.para("无。")
    b.tag("{%p endfor %}")
    b.heading("三、对意见的答复", 2)
    b.tag("{%p for answer in meeting.exchange.answers %}")
    b.para(
        "{{ loop.index }}．{{ answer.side }}对{{ answer.clause }}：{{ answer.answer }}"
        "{% if answer.reason %}（理由：{{ answer.reason }}）{% endif %}"
    )
    b.tag("{%p else %}")
    b.para("无。")
    b.tag("{%p endfor %}")
    b.heading("四、各条款协商结果", 2)
    b.table(
        [
            ["条款", "结果"],
            ["{%tr for outcome in meeting.exchange.outcomes %}", ""],
            ["{{ outcome.clause }}", "{{ outcome.status }}"],
            ["{%tr endfor %}", ""],
        ],
        [100, 56],
    )
    b.tag("{%p endif %}")


def comparison_table(b: Builder) -> None:
    b.title("集体协商对照表")
    b.para("《{{ agreement.title }}》", indent=False, align="center")
    b.table(
        [
            ["条款", "职工方意见", "企业方意见", "协商结果"],
            ["{%tr for row in rows %}", "", "", ""],
            ["{{ row.clause }}", "{{ row.union }}", "{{ row.employer }}", "{{ row.agreed }}"],
            ["{%tr endfor %}", "", "", ""],
        ],
        [30, 42, 42, 42],
    )
    b.para(
        "共{{ tally.total|chinese_numeral }}条：已达成一致{{ tally.agreed|chinese_numeral }}条，"
        "未达成一致{{ tally.open|chinese_numeral }}条，撤回{{ tally.withdrawn|chinese_numeral }}条。"
    )
    b.signatures([["职工方首席代表（签字）：", "企业方首席代表（签字）："]])
    b.date_line(_BLANK_DATE)


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
    b.signatures([["职工方首席代表（签字）：", "企业方首席代表（签字）："]])


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
    b.signatures(
        [
            ["职工方（盖章）", "企业方（盖章）"],
            ["{{ union.name }}", _EMPLOYERS],
            [
                "首席代表（签字）：{{ union.chief.name if union.chief else '' }}",
                "首席代表（签字）：{{ employer.chief.name if employer.chief else '' }}",
            ],
            [_date("signed_on"), _date("signed_on")],
        ]
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
    b.signatures(
        [
            ["Union side (seal)", "Employer side (seal)"],
            ["{{ union.name }}", _EMPLOYERS],
            [
                "Chief representative: {{ union.chief.name if union.chief else '' }}",
                "Chief representative: {{ employer.chief.name if employer.chief else '' }}",
            ],
            ["Date: {{ signed_on or '' }}", "Date: {{ signed_on or '' }}"],
        ]
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
    b.signatures(
        [
            ["职工方（盖章）", "企业方（盖章）"],
            ["首席代表（签字）：", "首席代表（签字）："],
        ]
    )
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
    b.signatures([["{{ union.name }}", _EMPLOYERS]])
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
    "comparison_table": ("集体协商对照表", comparison_table),
}


def build(name: str) -> bytes:
    """The .docx bytes of template ``name``."""
    title, write = PAPERS[name]
    builder = Builder(title, english=name.endswith("_en"))
    write(builder)
    return builder.bytes()


def main(argv: list[str]) -> None:
    out = Path(argv[0]) if argv else ROOT / "templates"
    out.mkdir(parents=True, exist_ok=True)
    for name in PAPERS:
        path, data = out / f"{name}.docx", build(name)
        if same_parts(data, path):  # leave an unchanged file alone (no churn in git)
            continue
        path.write_bytes(data)
        print(path)


if __name__ == "__main__":
    main(sys.argv[1:])
