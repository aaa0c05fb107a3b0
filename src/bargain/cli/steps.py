"""The procedure from the command line: ``bargain step`` takes any step, ``bargain allowed`` lists
the steps that can be taken now and who may take them.

A step reads its details from ``--from FILE`` (YAML or JSON), then from the command's own options,
then from ``--set NAME=VALUE`` (later sources override earlier ones, field by field), and checks
them with the step's details model (:mod:`bargain.commands`) before the workflow is asked; a
problem names the file or option, the field and what was expected (exit status 2). ``--on`` is the
day the step is taken (default today). A step the procedure refuses prints the reason and the
article and exits with status 1; nothing is stored. The named commands (``offer``, ``vote`` …)
are in :mod:`bargain.cli.step_commands` and run through :func:`take`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Union, get_args, get_origin

import typer

from bargain.cli.root import LangOption, app, failures, stderr
from bargain.cli.store import DbOption, Format, FormatOption, open_workflow
from bargain.domain.language import Bilingual, Lang
from bargain.errors import escape_controls

if TYPE_CHECKING:
    from bargain.domain.agreement import Agreement
    from bargain.domain.lifecycle import Details, Step, Transition
    from bargain.domain.procedure import Role, Trigger
    from bargain.errors import Problem, ProcedureError
    from bargain.services import Workflow

__all__ = ["EXIT_REFUSED", "Input", "take"]

EXIT_REFUSED = 1
"""Exit status of a step the procedure refused (the reason and the article are printed)."""

RoleOption = Annotated[
    str | None,
    typer.Option(
        "--as",
        metavar="ROLE",
        help="Who takes the step: union_chief, employer_chief, congress, labour_bureau, "
        "coordinator or clock (default: the one role that may, when only one may).",
        show_default=False,
    ),
]
OnOption = Annotated[
    dt.datetime | None,
    typer.Option(
        "--on",
        formats=["%Y-%m-%d"],
        help="The day of the step (default today).",
        show_default=False,
    ),
]
FromOption = Annotated[
    Path | None,
    typer.Option(
        "--from",
        metavar="FILE",
        help="Read the step's details from a YAML or JSON file (a mapping of its fields).",
        show_default=False,
    ),
]
SetOption = Annotated[
    list[str] | None,
    typer.Option(
        "--set",
        metavar="NAME=VALUE",
        help="One detail of the step (repeat for more; a list field takes one item each time).",
        show_default=False,
    ),
]
IdArgument = Annotated[str, typer.Argument(metavar="ID", help="The agreement's id.")]

_SET = "--set"


@dataclass
class Input:
    """What the user gave for a step's details, and where each field came from.

    ``fields`` maps a field to its value; ``origin`` maps it to the file or option that gave it
    (for messages); ``lines`` are the lines of the file's fields (YAML).
    """

    fields: dict[str, Any] = field(default_factory=dict)
    origin: dict[str, str] = field(default_factory=dict)
    lines: Mapping[Any, int] = field(default_factory=dict)
    options: dict[str, str] = field(default_factory=dict)
    """The option of the command that sets each field, given or not (``resume_on``:
    ``--resume-on``), so that a missing field names the option that gives it."""

    def default_source(self) -> str:
        """The source a problem names when nothing gave its field."""
        files = [o for o in self.origin.values() if not o.startswith("-")]
        return files[0] if files else _SET


def read_input(
    source: Path | None,
    sets: Sequence[str] | None,
    options: Mapping[str, tuple[str, Any]] | None = None,
) -> Input:
    """The details given, in order: the file, the command's options (those given), ``--set``.

    ``options`` maps a field to the option that sets it and its value (``None``: not given).
    """
    from bargain._reading import load_tree

    given = Input()
    if source is not None:
        data, lines, name = load_tree(source)
        given.lines = lines
        for key, value in data.items():
            given.fields[str(key)] = value
            given.origin[str(key)] = name
    for name, (option, value) in (options or {}).items():
        given.options[name] = option
        if value is not None:
            given.fields[name] = list(value) if isinstance(value, list | tuple) else value
            given.origin[name] = option
            given.lines = {k: v for k, v in given.lines.items() if not k or k[0] != name}
    seen: dict[str, list[str]] = {}
    for item in sets or ():
        name, sign, value = item.partition("=")
        name = name.strip()
        if not sign or not name:
            raise _invalid(
                _SET,
                item,
                Bilingual("应为“字段名=值”（如 reason=工资过低）", "expected NAME=VALUE"),
                None,
            )
        seen.setdefault(name, []).append(value)
    for name, values in seen.items():
        given.fields[name] = values if len(values) > 1 else values[0]
        given.origin[name] = _SET
        given.lines = {k: v for k, v in given.lines.items() if not k or k[0] != name}
    return given


def details_of(row: Transition[Any], given: Input) -> Details:
    """The step's details model from what was given, or ``InvalidDocument`` naming the source."""
    from pydantic import ValidationError

    from bargain.domain.problems import problems_from
    from bargain.errors import InvalidDocument

    model = row.details
    data = dict(given.fields)
    for name, value in data.items():  # one --set item for a list field is a list of one
        info = model.model_fields.get(name)
        if info is not None and isinstance(value, str) and _is_sequence(info.annotation):
            data[name] = [value]
    known = ", ".join(model.model_fields) or "none"
    unknown = Bilingual(
        f"“{row.trigger.label.zh}”没有这一项；可用的项：{known}",
        f"{row.trigger.value} takes no such detail; known: {known}",
    )
    try:
        details: Details = model.model_validate(data)
    except ValidationError as error:
        found = problems_from(error, source="", data=data, unknown_field=unknown)
        raise InvalidDocument([_attributed(p, given) for p in found]) from None
    return details


def _attributed(problem: Problem, given: Input) -> Problem:
    """The problem with the file or option that gave its field as its source."""
    top = problem.path.split(".", 1)[0].split("[", 1)[0]
    origin = given.origin.get(top) or given.options.get(top) or given.default_source()
    if origin.startswith("-"):
        return replace(problem, source=origin, line=None)
    path = tuple(int(p) if p.isdigit() else p for p in _parts(problem.path))
    return replace(problem, source=origin, line=given.lines.get(path, problem.line))


def _parts(path: str) -> list[str]:
    return [p for p in path.replace("[", ".").replace("]", "").split(".") if p]


def _is_sequence(annotation: Any) -> bool:
    origin = get_origin(annotation)
    if origin in (tuple, list):
        return True
    if origin is Union or type(annotation).__name__ == "UnionType":
        return any(_is_sequence(arg) for arg in get_args(annotation))
    if origin is Annotated:
        return _is_sequence(get_args(annotation)[0])
    return False


def _invalid(source: str, path: str, expected: Bilingual, found: str | None) -> Exception:
    from bargain.errors import InvalidDocument, Problem

    return InvalidDocument([Problem(source, path, expected, found)])


def parse_role(value: str) -> Role:
    """The role named by ``--as``, or ``InvalidDocument`` naming the option."""
    from bargain.domain.procedure import Role

    try:
        return Role(value.strip().lower())
    except ValueError:
        known = ", ".join(r.value for r in Role)
        expected = Bilingual(f"应为以下角色之一：{known}", f"expected one of: {known}")
        raise _invalid("--as", "role", expected, repr(value)) from None


def parse_trigger(value: str) -> Trigger:
    """The step named on the command line, or ``InvalidDocument`` naming the argument."""
    from bargain.domain.procedure import Trigger

    try:
        return Trigger(value.strip().lower())
    except ValueError:
        known = ", ".join(t.value for t in Trigger)
        expected = Bilingual(f"应为以下步骤之一：{known}", f"expected one of: {known}")
        raise _invalid("TRIGGER", "trigger", expected, repr(value)) from None


def sole_role(agreement: Agreement, trigger: Trigger) -> Role:
    """The one role that may take the step now, or ``InvalidDocument`` asking for ``--as``."""
    from bargain.domain.lifecycle.table import transition
    from bargain.domain.procedure import Role

    roles = [r for r in Role if r in transition(trigger).who.roles(agreement)]
    if len(roles) == 1:
        return roles[0]
    listed = ", ".join(r.value for r in roles)
    expected = Bilingual(
        f"须用 --as 指明由谁进行“{trigger.label.zh}”：{listed}",
        f"say who takes {trigger.value} with --as: {listed}",
    )
    raise _invalid("--as", "role", expected, None)


Decide = Callable[["Agreement"], "tuple[Trigger, Role | None]"]
"""A named command's choice of step and default role from the agreement as it stands."""
Check = Callable[["Details", Input], None]
"""A named command's check of impossible input, before the workflow takes the step."""


def take(
    agreement_id: str,
    decide: Trigger | Decide,
    given: Input,
    *,
    role: str | None,
    on: dt.datetime | None,
    db: str | None,
    lang: Lang,
    fmt: Format,
    check: Check | None = None,
    default: Role | None = None,
    new_id: str | None = None,
) -> None:
    """Take one step: read the agreement, choose the step, check the details, run it, print it.

    ``decide`` is the step (its details are then checked before the database is opened), or
    gives the step and the default role from the agreement as it stands. The default role of a
    step given as such is ``default``; ``None`` means the one role that may take it; ``--as``
    overrides it. A refused step prints why and exits with status 1.
    """
    from bargain.domain.procedure import Trigger
    from bargain.errors import ProcedureError

    with failures(lang):
        actor = None if role is None else parse_role(role)
        details = None
        if not callable(decide):  # the step is known: check its details before any database
            details = _checked(decide, given, check)
        workflow = open_workflow(db, today=None if on is None else on.date(), existing=True)
        agreement = workflow.get(agreement_id)
        trigger, default = decide(agreement) if callable(decide) else (decide, default)
        if details is None:
            details = _checked(trigger, given, check)
        if actor is None:
            actor = default or sole_role(agreement, trigger)
        try:
            draft = None
            if trigger is Trigger.REQUEST_RENEWAL:
                renewal = workflow.request_renewal(agreement_id, actor, new_id=new_id)
                step, draft = renewal.step, renewal.draft
            else:
                step = workflow.handle(agreement_id, details, actor)
        except ProcedureError as error:
            _refused(error, lang, fmt)
            raise typer.Exit(EXIT_REFUSED) from None
        _print_step(workflow, step, lang, fmt, None if draft is None else draft.id)


def _checked(trigger: Trigger, given: Input, check: Check | None) -> Details:
    from bargain.domain.lifecycle.table import transition

    details = details_of(transition(trigger), given)
    if check is not None:
        check(details, given)
    return details


def _refused(error: ProcedureError, lang: Lang, fmt: Format) -> None:
    """Say why the step was refused and the article behind it."""
    from bargain.domain.lifecycle.table import transition
    from bargain.errors import GuardFailed, NotAuthorised, TransitionNotAllowed

    citation = (
        error.citation if isinstance(error, GuardFailed) else transition(error.trigger).citation
    )
    reason = error.reason.get(lang) if isinstance(error, GuardFailed) else error.message(lang)
    if fmt is Format.JSON:
        data: dict[str, Any] = {
            "refused": True,
            "agreement_id": error.agreement_id,
            "state": error.state.value,
            "trigger": error.trigger.value,
            "error": type(error).__name__,
            "reason": reason,
            "article": citation.format(lang),
            "message": error.message(lang),
        }
        if isinstance(error, TransitionNotAllowed):
            data["allowed"] = [t.value for t in error.allowed]
        if isinstance(error, NotAuthorised):
            data["roles"] = [r.value for r in error.allowed_roles]
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
    words = Bilingual("不能进行此步骤：|依据：", "refused: |article: ").get(lang).split("|")
    console = stderr()
    console.print(words[0] + escape_controls(reason), markup=False)
    console.print(words[1] + citation.format(lang), markup=False)


def _print_step(workflow: Workflow, step: Step, lang: Lang, fmt: Format, draft: str | None) -> None:
    """What happened (the event) and where the agreement stands now, with its time limits."""
    event, agreement = step.event, step.agreement
    due = workflow.lifecycle.deadlines(agreement, event.on)
    if fmt is Format.JSON:
        data: dict[str, Any] = {
            "agreement_id": agreement.id,
            "event": event.model_dump(mode="json"),
            "state": agreement.status.value,
            "state_label": agreement.status.label.get(lang),
            "deadlines": [d.as_json(lang) for d in due],
        }
        if draft is not None:
            data["renewal_draft"] = draft
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    role = event.actor.role.label.get(lang)
    if lang is Lang.ZH:
        lines = [
            f"{agreement.id}：第{event.sequence}步 {event.type.label.zh}（{event.trigger.value}），"
            f"{event.on}，{role}，依据{event.citation.format(lang)}",
            f"状态：{event.source.label.zh} → {event.target.label.zh}",
        ]
    else:
        lines = [
            f"{agreement.id}: step {event.sequence} {event.type.label.en} "
            f"({event.trigger.value}), {event.on}, {role}, {event.citation.format(lang)}",
            f"state: {event.source.label.en} -> {event.target.label.en}",
        ]
    label = Bilingual("说明：", "note: ").get(lang)
    lines += [label + note.get(lang) for note in event.notes]
    label = Bilingual("期限：", "time limit: ").get(lang)
    lines += [label + d.text(lang) for d in due]
    if draft is not None:
        lines.append(
            Bilingual(f"已开启续订草案 {draft}", f"renewal draft {draft} opened").get(lang)
        )
    for line in lines:
        typer.echo(escape_controls(line))


@app.command("step")
def step_command(
    agreement_id: IdArgument,
    trigger: Annotated[
        str,
        typer.Argument(
            metavar="TRIGGER",
            help="The step: send_offer, accept_offer, … (bargain diagram --format table lists "
            "them).",
        ),
    ],
    lang: LangOption,
    role: RoleOption = None,
    on: OnOption = None,
    source: FromOption = None,
    sets: SetOption = None,
    db: DbOption = None,
    fmt: FormatOption = Format.TEXT,
) -> None:
    """Take any step of the procedure on a stored agreement; a refused step exits 1."""
    with failures(lang):
        chosen = parse_trigger(trigger)
        given = read_input(source, sets)
    take(
        agreement_id,
        chosen,
        given,
        role=role,
        on=on,
        db=db,
        lang=lang,
        fmt=fmt,
    )


@app.command("allowed")
def allowed_command(
    agreement_id: IdArgument,
    lang: LangOption,
    role: RoleOption = None,
    db: DbOption = None,
    fmt: FormatOption = Format.TEXT,
) -> None:
    """List the steps that can be taken now on an agreement, and who may take them."""
    from bargain.domain.lifecycle.table import transition
    from bargain.domain.procedure import Role

    with failures(lang):
        actor = None if role is None else parse_role(role)
        workflow = open_workflow(db, existing=True)
        agreement = workflow.get(agreement_id)
        triggers = workflow.lifecycle.allowed(agreement, actor)
    rows = []
    for trigger in triggers:
        row = transition(trigger)
        roles = [r for r in Role if r in row.who.roles(agreement)]
        rows.append(
            {
                "trigger": trigger.value,
                "label": trigger.label.get(lang),
                "roles": [r.value for r in roles],
                "role_labels": [r.label.get(lang) for r in roles],
                "article": row.citation.format(lang),
                "command": COMMANDS.get(trigger.value, f"step {trigger.value}"),
            }
        )
    state = agreement.status
    if fmt is Format.JSON:
        data = {"agreement_id": agreement.id, "state": state.value, "allowed": rows}
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    typer.echo(
        Bilingual(
            f"{agreement.id}：{state.label.zh}（{state.value}）",
            f"{agreement.id}: {state.label.en} ({state.value})",
        ).get(lang)
    )
    if not rows:
        typer.echo(Bilingual("现在没有可进行的步骤", "no step can be taken now").get(lang))
    separator = "、" if lang is Lang.ZH else ", "
    for item in rows:
        who = separator.join(item["role_labels"])
        typer.echo(
            f"{item['trigger']}\t{item['label']}\t{who}\t{item['article']}\t"
            f"bargain {item['command']}"
        )


COMMANDS: dict[str, str] = {
    "send_offer": "offer",
    "accept_offer": "reply",
    "refuse_offer": "reply --refuse REASON",
    "start_negotiation": "meeting",
    "record_meeting": "meeting",
    "suspend": "suspend",
    "agree_draft": "draft",
    "hold_congress_vote": "vote",
    "sign": "sign",
    "file": "file",
    "object": "object",
    "publish": "publish",
    "amend": "amend",
    "request_renewal": "renew",
}
"""The named command that takes each step, where there is one (else ``bargain step``)."""
