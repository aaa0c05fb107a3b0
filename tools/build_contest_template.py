"""Build the contest awards template (``templates/contest/contest_table.docx``) with python-docx.

The contest table for the awards ceremony (集体协商竞赛成绩与获奖名单): the teams ranked, the team
prizes, the individual titles, the games, the tie rule, the organiser and the date. It is not a
paper of an agreement (``bargain.render.context.PAPERS``), so it lives in its own folder and is
rendered by ``bargain.render.contest``; staff may edit it in Word, and ``bargain contest table
--template FILE`` takes an edited copy. The page and styles are the official ones of
``tools/_docx_style.py`` (GB/T 9704-2012); the labels come from the context, so one template
serves Chinese and English. ``tests/integration/test_contest_cli.py`` keeps the committed file in
step with this script: after changing it, run ``python tools/build_contest_template.py``.

Run: python tools/build_contest_template.py [OUT_FILE]
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.shared import Mm, Pt

if __package__:  # imported as tools.build_contest_template (the tests)
    from tools._docx_style import FANGSONG, HEITI, Builder, same_parts
else:  # run as a script: tools/ is on the path
    from _docx_style import FANGSONG, HEITI, Builder, same_parts

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "templates" / "contest" / "contest_table.docx"
TABLE_TEXT = Pt(12)  # 小四: seven columns in the 156 mm type area


def _table(b: Builder, rows: list[list[str]], widths: list[int]) -> None:
    """A ruled table in 小四 仿宋, its first row (the heads) in 黑体."""
    assert sum(widths) == 156, widths
    table = b.doc.add_table(rows=len(rows), cols=len(widths))
    table.style = b.doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            cell = table.cell(r, c)
            cell.width = Mm(widths[c])
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.first_line_indent = Pt(0)
            paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            b.run(paragraph, text, HEITI if r == 0 else FANGSONG, size=TABLE_TEXT)


def contest_table(b: Builder) -> None:
    b.title("{{ title }}")
    b.para("{{ labels.subtitle }}", indent=False, align="center")
    b.heading("{{ labels.standings }}")
    _table(
        b,
        [
            [
                "{{ labels.rank }}",
                "{{ labels.team }}",
                "{{ labels.union }}",
                "{{ labels.employer }}",
                "{{ labels.judges }}",
                "{{ labels.total }}",
                "{{ labels.prize }}",
            ],
            ["{%tr for team in teams %}", "", "", "", "", "", ""],
            [
                "{{ team.rank }}",
                "{{ team.name }}",
                "{{ team.union }}",
                "{{ team.employer }}",
                "{{ team.judges }}",
                "{{ team.total }}",
                "{{ team.prize }}",
            ],
            ["{%tr endfor %}", "", "", "", "", "", ""],
        ],
        [14, 38, 20, 20, 20, 20, 24],
    )
    b.heading("{{ labels.awards }}")
    b.tag("{%p for prize in prizes %}")
    b.para(
        ("{{ prize.label }}", HEITI),
        "{{ labels.colon }}{{ prize.winners|join(labels.separator) }}",
    )
    b.tag("{%p else %}")
    b.para("{{ labels.none }}")
    b.tag("{%p endfor %}")
    b.heading("{{ labels.games }}")
    _table(
        b,
        [
            [
                "{{ labels.game }}",
                "{{ labels.union_team }}",
                "{{ labels.employer_team }}",
                "{{ labels.result }}",
                "{{ labels.union_points }}",
                "{{ labels.employer_points }}",
            ],
            ["{%tr for game in games %}", "", "", "", "", ""],
            [
                "{{ game.number }}",
                "{{ game.union }}",
                "{{ game.employer }}",
                "{{ game.result }}",
                "{{ game.union_points }}",
                "{{ game.employer_points }}",
            ],
            ["{%tr endfor %}", "", "", "", "", ""],
        ],
        [16, 34, 34, 32, 20, 20],
    )
    b.para("{{ labels.scoring }}")
    b.para("{{ tie_rule }}")
    b.tag("{%p if pending %}")
    b.para("{{ pending }}")
    b.tag("{%p endif %}")
    b.para("{{ organiser }}", indent=False, align="right")
    b.date_line("{{ date }}")


def build() -> bytes:
    """The .docx bytes of the contest template."""
    builder = Builder("集体协商竞赛成绩与获奖名单")
    contest_table(builder)
    return builder.bytes()


def main(argv: list[str]) -> None:
    out = Path(argv[0]) if argv else OUT
    data = build()
    if same_parts(data, out):  # leave an unchanged file alone (no churn in git)
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    print(out)


if __name__ == "__main__":
    main(sys.argv[1:])
