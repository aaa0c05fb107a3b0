"""An agreement printed for people on a terminal (Rich), in Chinese or English.

``bargain show`` prints it; a host system with a console can print it too:

>>> import io
>>> from rich.console import Console
>>> from bargain import Lang, load_agreement
>>> console = Console(width=100, file=io.StringIO())
>>> agreement = load_agreement("examples/bengbu-delivery-sector-agreement.yaml")
>>> with console.capture() as captured:
...     console.print(render_agreement(agreement, Lang.EN))
>>> "Union side" in captured.get()
True
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import Enum
from typing import Any, get_args

from pydantic import BaseModel
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from bargain.domain.agreement import Agreement
from bargain.domain.calendar import DateRange
from bargain.domain.clauses import Clause
from bargain.domain.language import Bilingual, Lang
from bargain.domain.money import Money, Rate
from bargain.domain.parties import Party
from bargain.render.filters import article_number, format_date

__all__ = ["field_label", "format_value", "render_agreement"]

_L = {
    "kind": Bilingual("类型", "Kind"),
    "topic": Bilingual("专项内容", "Topic"),
    "supplements": Bilingual("补充的集体合同", "Supplements"),
    "status": Bilingual("状态", "Status"),
    "region": Bilingual("区域", "Region"),
    "sector": Bilingual("行业", "Sector"),
    "enterprises": Bilingual("覆盖企业", "Enterprises covered"),
    "headcount": Bilingual("覆盖人数", "Workers covered"),
    "term": Bilingual("期限", "Term"),
    "to": Bilingual("至", "to"),
    "recorder": Bilingual("记录员", "Recorder"),
    "bureau": Bilingual("审查机关", "Labour bureau"),
    "organisations": Bilingual("单位", "Organisations"),
    "name": Bilingual("姓名", "Name"),
    "position": Bilingual("职务", "Position"),
    "role": Bilingual("身份", "Role"),
    "chief": Bilingual("首席代表", "chief"),
    "expert": Bilingual("外聘专业人员", "outside expert"),
    "delegated": Bilingual("书面委托", "written delegation"),
    "delegation": Bilingual("协商代表", "Representatives"),
    "none": Bilingual("（无）", "(none)"),
    "clauses": Bilingual("条款", "Clauses"),
    "yes": Bilingual("是", "yes"),
    "no": Bilingual("否", "no"),
    "total": Bilingual("合计", "total"),
    "days": Bilingual("天", "days"),
}
_BASE_FIELDS = {"id", "kind", "heading", "heading_en", "text", "text_en"}


def _t(key: str, lang: Lang) -> str:
    return _L[key].get(lang)


def render_agreement(agreement: Agreement, lang: Lang = Lang.ZH) -> RenderableType:
    """The whole agreement as one Rich renderable."""
    return Group(
        _header(agreement, lang),
        _party(agreement.union, _side_title("union", lang), lang),
        _party(agreement.employer, _side_title("employer", lang), lang),
        *_clauses(agreement.clauses, lang),
    )


def _side_title(side: str, lang: Lang) -> str:
    if side == "union":
        return Bilingual("职工方（工会）", "Union side").get(lang)
    return Bilingual("企业方", "Employer side").get(lang)


def _header(agreement: Agreement, lang: Lang) -> RenderableType:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    table.add_row(_t("kind", lang), agreement.kind.label.get(lang))
    if agreement.topic is not None:
        table.add_row(_t("topic", lang), agreement.topic.label.get(lang))
    if agreement.supplements is not None:
        table.add_row(_t("supplements", lang), agreement.supplements.title)
    table.add_row(_t("status", lang), agreement.status.label.get(lang))
    scope = agreement.scope
    region = f"{scope.region_name} ({scope.region})" if scope.region_name else scope.region
    table.add_row(_t("region", lang), region)
    if scope.sector_name or scope.sector:
        table.add_row(_t("sector", lang), scope.sector_name or scope.sector or "")
    if scope.enterprises:
        table.add_row(_t("enterprises", lang), "、".join(scope.enterprises))
    if scope.headcount:
        counts = [f"{c.label.get(lang)} {n}" for c, n in scope.headcount.items()]
        counts.append(f"{_t('total', lang)} {scope.total_headcount}")
        table.add_row(_t("headcount", lang), "; ".join(counts))
    if agreement.term is not None:
        table.add_row(_t("term", lang), _date_range(agreement.term, lang))
    if agreement.recorder is not None:
        recorder = agreement.recorder
        table.add_row(
            _t("recorder", lang),
            recorder.name + (f" ({recorder.affiliation})" if recorder.affiliation else ""),
        )
    if agreement.labour_bureau is not None:
        table.add_row(_t("bureau", lang), agreement.labour_bureau.name)
    title = agreement.title if lang is Lang.ZH else (agreement.title_en or agreement.title)
    return Panel(table, title=Text(title, style="bold"), title_align="left")


def _party(party: Party, title: str, lang: Lang) -> RenderableType:
    names = "；".join(f"{o.name}（{o.kind.label.get(lang)}）" for o in party.organisations)
    table = Table(title=Text(f"{title}: {names}"), title_justify="left", expand=False)
    table.add_column(_t("name", lang), no_wrap=True)
    table.add_column(_t("position", lang), overflow="fold")
    table.add_column(_t("role", lang), overflow="fold")
    for person in party.delegation.representatives:
        roles = []
        if person.chief:
            roles.append(_t("chief", lang))
        if person.outside_expert:
            roles.append(_t("expert", lang))
        if person.delegation is not None:
            roles.append(
                f"{_t('delegated', lang)}: {person.delegation.granted_by} "
                f"{format_date(person.delegation.granted_on, lang)}"
            )
        table.add_row(person.name, person.position or "", ", ".join(roles))
    if not party.delegation.representatives:
        table.add_row(_t("none", lang), "", "")
    return table


def _clauses(clauses: tuple[Clause, ...], lang: Lang) -> list[RenderableType]:
    items: list[RenderableType] = [Text(_t("clauses", lang), style="bold underline")]
    for number, clause in enumerate(clauses, start=1):
        heading = clause.heading if lang is Lang.ZH else (clause.heading_en or clause.heading)
        label = article_number(number) if lang is Lang.ZH else f"Article {number}"
        title = f"{label}  {heading}  [{clause.kind.label.get(lang)}]"
        body: list[RenderableType] = []
        text = clause.text if lang is Lang.ZH or clause.text_en is None else clause.text_en
        body.append(Text(text))
        facts = _facts(clause, lang)
        if facts.row_count:
            body.append(facts)
        items.append(Panel(Group(*body), title=Text(title), title_align="left"))
    return items


def _facts(model: BaseModel, lang: Lang) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="cyan", no_wrap=True)
    table.add_column(overflow="fold")
    for name, info in type(model).model_fields.items():
        if name in _BASE_FIELDS:
            continue
        value = getattr(model, name)
        if value is None or value == () or value == {}:
            continue
        shown = format_value(value, lang) + _unit(info.annotation, lang)
        table.add_row(field_label(name, info.description, lang), shown)
    return table


_UNITS = {
    "%": Bilingual("%", "%"),
    "hour": Bilingual("小时", " hours"),
    "minute": Bilingual("分钟", " minutes"),
    "day": Bilingual("天", " days"),
}


def _unit(annotation: Any, lang: Lang) -> str:
    """The unit a field's type declares (``x-unit`` in its JSON Schema), as a suffix."""
    for meta in getattr(annotation, "__metadata__", ()):
        extra = getattr(meta, "json_schema_extra", None)
        if isinstance(extra, dict) and extra.get("x-unit") in _UNITS:
            return _UNITS[str(extra["x-unit"])].get(lang)
    for arg in get_args(annotation):
        suffix = _unit(arg, lang)
        if suffix:
            return suffix
    return ""


def field_label(name: str, description: str | None, lang: Lang) -> str:
    """A field's label: the Chinese term that starts its docstring, or its name in English."""
    if lang is Lang.ZH and description and ":" in description:
        head = description.split(":", 1)[0]
        if any("\u4e00" <= ch <= "\u9fff" for ch in head):
            return head
    return name.replace("_", " ")


def format_value(value: Any, lang: Lang) -> str:
    """A field's value as ``bargain show`` prints it (amounts with their unit, dates, lists)."""
    if isinstance(value, Rate | Money):
        return value.format(lang)
    if isinstance(value, DateRange):
        return _date_range(value, lang)
    if isinstance(value, dt.date):
        return format_date(value, lang)
    if isinstance(value, bool):
        return _t("yes" if value else "no", lang)
    if isinstance(value, Enum):
        label = getattr(value, "label", None)
        return label.get(lang) if isinstance(label, Bilingual) else str(value.value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, tuple | list):
        return "；".join(format_value(item, lang) for item in value)
    if isinstance(value, BaseModel):
        parts = []
        for name, info in type(value).model_fields.items():
            item = getattr(value, name)
            if item is None or item == () or item is False:
                continue
            parts.append(f"{field_label(name, info.description, lang)} {format_value(item, lang)}")
        return "，".join(parts) if lang is Lang.ZH else ", ".join(parts)
    return str(value)


def _date_range(span: DateRange, lang: Lang) -> str:
    return f"{format_date(span.start, lang)} {_t('to', lang)} {format_date(span.end, lang)}"
