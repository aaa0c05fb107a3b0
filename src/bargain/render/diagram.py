"""The procedure drawn by its machine: Mermaid and Graphviz diagrams, a Markdown table, a docs page.

The diagrams come from ``transitions``' own diagram extension, fed the definition the shared
machine runs on (:func:`bargain.domain.lifecycle.machine.definition`) with the project's bilingual
labels; the tables come from the step declarations. So a picture of the procedure can never
disagree with the procedure. ``bargain diagram`` prints them; ``make docs`` writes
``docs/lifecycle.md``, and a test regenerates it and compares.

>>> print(mermaid(Lang.EN).splitlines()[3])
stateDiagram-v2
"""

from __future__ import annotations

from typing import Any, Literal

from bargain.domain.language import Lang
from bargain.domain.lifecycle import TABLE, ProcedurePolicy, Transition
from bargain.domain.lifecycle.machine import definition
from bargain.domain.procedure import Role, Status, Trigger

__all__ = ["FORMATS", "commands", "dot", "lifecycle_page", "mermaid", "table"]

FORMATS = ("mermaid", "dot", "table")
"""What ``bargain diagram --format`` accepts."""

_TITLE = {Lang.ZH: "集体协商程序", Lang.EN: "The bargaining procedure"}


def _state(status: Status, lang: Lang) -> str:
    return f"{status.label.zh} {status.value}" if lang is Lang.ZH else status.label.en


def _step(trigger: Trigger, lang: Lang) -> str:
    return trigger.label.zh if lang is Lang.ZH else trigger.value


def _drawn(engine: Literal["mermaid", "graphviz"], lang: Lang) -> str:
    """The diagram source that ``transitions`` draws of the machine, with our labels."""
    from transitions import State
    from transitions.extensions.diagrams import GraphMachine

    class LabelledState(State):
        def __init__(self, *args: Any, label: str | None = None, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.label = label

    class Drawing(GraphMachine):
        state_cls = LabelledState

    class Token:
        pass

    token = Token()
    config = definition(lambda s: _state(s, lang), lambda t: _step(t, lang))
    machine = Drawing(
        model=token, graph_engine=engine, title=_TITLE[lang], show_conditions=False, **config
    )
    # A picture of the procedure, not of one agreement: no state is highlighted as current.
    machine.model_graphs[id(token)].reset_styling()
    return str(token.get_graph().source)  # type: ignore[attr-defined]


def mermaid(lang: Lang = Lang.ZH) -> str:
    """A Mermaid ``stateDiagram-v2`` of the procedure, drawn by ``transitions``."""
    lines = _drawn("mermaid", lang).splitlines()
    # transitions writes the title as bare front matter and styles every node; Mermaid wants
    # ``title:`` and a static picture needs no classes.
    lines[1] = f"title: {lines[1]}"
    kept = [
        line.rstrip()
        for line in lines
        if not line.strip().startswith(("classDef ", "Class ")) and line.strip()
    ]
    kept += [f"  {status.value} --> [*]" for status in Status if status.final]
    return "\n".join(kept) + "\n"


def dot(lang: Lang = Lang.ZH) -> str:
    """A Graphviz ``digraph`` of the procedure, drawn by ``transitions``."""
    return _drawn("graphviz", lang).rstrip() + "\n"


def _roles(row: Transition[Any], lang: Lang) -> str:
    if lang is Lang.ZH:
        return row.who.label.zh
    roles = ", ".join(f"`{r.value}`" for r in Role if r in row.who.possible_roles)
    return f"{row.who.label.en} ({roles})"


def table(lang: Lang = Lang.ZH) -> str:
    """The procedure as a Markdown table: trigger, from, to, who, time limit, article."""
    if lang is Lang.ZH:
        header = "| 步骤 | 从 | 到 | 有权进行 | 期限 | 依据 |"
    else:
        header = "| trigger | from | to | who | time limit | article |"
    lines = [header, "|---|---|---|---|---|---|"]
    for row in TABLE:
        sources = "<br>".join(_state(s, lang) for s in row.sources)
        stays = "（不变）" if lang is Lang.ZH else "(stays)"
        targets = "<br>".join(_state(s, lang) for s in row.targets) or stays
        limit = "" if row.time_limit is None else row.time_limit.get(lang)
        trigger = (
            f"{row.trigger.label.zh} `{row.trigger.value}`"
            if lang is Lang.ZH
            else f"`{row.trigger.value}`"
        )
        lines.append(
            f"| {trigger} | {sources} | {targets} | {_roles(row, lang)} | {limit} "
            f"| {row.citation.format(lang)} |"
        )
    return "\n".join(lines) + "\n"


def _signature(row: Transition[Any]) -> str:
    fields = []
    for name, info in row.details.model_fields.items():
        fields.append(name if info.is_required() else f"{name}={info.default!r}")
    return f"`{row.details.__name__}({', '.join(fields)})`"


def commands() -> str:
    """The commands as a Markdown table: command and its details, step, who, article."""
    lines = [
        "| command | step | who | article |",
        "|---|---|---|---|",
    ]
    for row in TABLE:
        lines.append(
            f"| {_signature(row)} | {row.trigger.label.zh} `{row.trigger.value}` "
            f"| {row.who.label.en} | {row.citation.format(Lang.EN)} |"
        )
    return "\n".join(lines) + "\n"


_PAGE_HEADER = """\
# The procedure (集体协商程序)

<!-- Generated by `make docs` (bargain.render.diagram); do not edit by hand. -->

Every agreement runs this procedure, from the written offer (要约) to publication (公布) and on to
amendment, termination, renewal and expiry. The diagram and the tables below are generated from
the transition table in `bargain.domain.lifecycle`, the same table that the one shared state
machine is built from, so they cannot drift from the code. How to run the procedure from Python
is in [Running the procedure](procedure.md).

Some steps have more than one destination; the step's facts choose: the congress vote adopts the
draft or sends it back to negotiation (Art 36), and a coordination agreement returns to
preparation if no meeting was held yet, otherwise to negotiation (Art 54). Steps of "either chief"
that the law gives to both sides jointly (agreeing the draft, signing, publishing) are recorded by
one chief on behalf of both; the event names who recorded it.
"""


def _numbers(policy: ProcedurePolicy) -> str:
    rows = [
        ("书面回应要约 reply to an offer", f"{policy.reply_days} 日 days", "第三十二条 Art 32"),
        ("签字后报送审查 file after signing", f"{policy.filing_days} 日 days", "第四十二条 Art 42"),
        (
            "审查 review (objection, or effect)",
            f"{policy.review_days} 日 days",
            "第四十五、四十七条 Arts 45, 47",
        ),
        (
            "协调处理 coordination",
            f"{policy.coordination_days} + ≤{policy.coordination_extension_days} 日 days",
            "第五十二条 Art 52",
        ),
        (
            "生效后公布 publish after effect",
            f"{policy.publication_days} 日 days (configurable)",
            "全总2024年指引 ACFTU 2024 guideline; 第四十八条 Art 48 sets none",
        ),
        (
            "续订申请期 renewal window",
            f"期满前 {policy.renewal_window_months} 个月 months before expiry",
            "第三十八条 Art 38",
        ),
        (
            "职代会出席 congress quorum",
            f"≥ {policy.congress_quorum} of members present",
            "第三十六条 Art 36",
        ),
        (
            "草案通过 adoption",
            f"≥ {policy.congress_approval} of all members (configurable: > {policy.congress_approval})",
            "第三十六条 Art 36; 民法典 Art 1259",
        ),
    ]
    lines = ["| time limit or threshold | national value | source |", "|---|---|---|"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    return "\n".join(lines) + "\n"


def lifecycle_page() -> str:
    """``docs/lifecycle.md``."""
    policy = ProcedurePolicy.national()
    parts = [
        _PAGE_HEADER,
        "## Diagram\n",
        "```mermaid\n" + mermaid(Lang.ZH) + "```\n",
        "## Steps\n",
        table(Lang.EN),
        "## 步骤（中文）\n",
        table(Lang.ZH),
        "## Commands\n",
        "Each step is asked for with its command, the step's details model in"
        " `bargain.domain.lifecycle`: `workflow.handle(agreement_id, SendOffer(topics=(...)),"
        ' actor)`. `workflow.fire(agreement_id, "send_offer", actor, topics=[...])` takes the'
        " same details by the trigger's name, as JSON drives it.\n",
        commands(),
        "## Time limits and thresholds\n",
        "Periods are counted by the Civil Code's convention unless configured otherwise: from the"
        " day after the triggering day, ending at 24:00 of the last day, a last day that is a rest"
        " day or public holiday rolling to the next working day (民法典 Arts 201, 203).\n",
        _numbers(policy),
    ]
    return "\n".join(parts)
