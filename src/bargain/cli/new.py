"""``bargain new``: write a starting proposal for a sector, for the negotiators to fill in."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, NoReturn

import typer

from bargain.cli.root import EXIT_INPUT, LangOption, app, stderr
from bargain.domain.language import Bilingual, Lang

__all__: list[str] = []

_SECTORS = {
    "delivery": ("网约送餐", "food delivery"),
    "ride_hailing": ("网约车", "ride hailing"),
    "courier": ("快递", "courier"),
}
"""The sectors with a starting proposal (kept equal to ``bargain.proposals.SECTORS`` by a test)."""


@app.command("new")
def new_command(
    lang: LangOption,
    sector: Annotated[
        str,
        typer.Option(
            "--sector", help="The sector: delivery, ride_hailing or courier.", show_default=False
        ),
    ],
    out: Annotated[
        Path, typer.Option("--out", metavar="FILE", help="Where to write the proposal (YAML).")
    ],
    force: Annotated[bool, typer.Option("--force", help="Overwrite FILE if it exists.")] = False,
) -> None:
    """Write a starting proposal (an agreement in drafting, with commented placeholders marked
    TODO) that bargain validate reads and the negotiators fill in."""
    import datetime as dt

    from bargain.domain.calendar import CHINA_TIME
    from bargain.proposals import proposal

    key = sector.strip().lower().replace("-", "_")
    if key not in _SECTORS:
        known = ", ".join(_SECTORS)
        _fail(
            Bilingual(
                f"--sector：应为以下行业之一：{known}；实际为 {sector!r}",
                f"--sector: expected one of: {known}; found {sector!r}",
            ),
            lang,
        )
    if out.exists() and not force:
        _fail(
            Bilingual(
                f"{out}：文件已存在；如需覆盖请加 --force",
                f"{out}: the file exists; give --force to overwrite it",
            ),
            lang,
        )
    text = proposal(key, lang=lang.value, today=dt.datetime.now(CHINA_TIME).date())
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as error:
        reason = error.strerror or type(error).__name__
        _fail(Bilingual(f"{out}：无法写入：{reason}", f"{out}: cannot write: {reason}"), lang)
    zh, en = _SECTORS[key]
    typer.echo(
        Bilingual(
            f"已写入{zh}行业起始方案 {out}：填写标有 TODO 的项，再用 bargain validate 检查",
            f"wrote a starting {en} proposal to {out}: fill in the items marked TODO, then "
            "check it with bargain validate",
        ).get(lang)
    )


def _fail(message: Bilingual, lang: Lang) -> NoReturn:
    stderr().print(message.get(lang), markup=False)
    raise typer.Exit(EXIT_INPUT)
