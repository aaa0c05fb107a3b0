"""The named commands for the common steps: thin wrappers around ``bargain step``.

Each names its step and its usual actor, takes the step's details as options (or from
``--from FILE``, which the options override), and runs through :func:`bargain.cli.steps.take`:

========== ======================================== ===============================================
command    step                                     who, by default (``--as`` overrides)
========== ======================================== ===============================================
offer      send_offer                               union_chief
reply      accept_offer, or refuse_offer (--refuse) the chief of the side that received the offer
meeting    start_negotiation, then record_meeting   union_chief first, then the chiefs in turn
suspend    suspend                                  union_chief
draft      agree_draft                              union_chief
vote       hold_congress_vote                       congress
sign       sign                                     union_chief
file       file                                     employer_chief (集体合同规定 Art 42)
object     object                                   labour_bureau
publish    publish                                  union_chief
amend      amend                                    union_chief
renew      request_renewal                          union_chief
========== ======================================== ===============================================
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any

import typer

from bargain.cli.root import LangOption, app, failures
from bargain.cli.steps import (
    FromOption,
    IdArgument,
    Input,
    OnOption,
    RoleOption,
    read_input,
    take,
)
from bargain.cli.store import DbOption, Format, FormatOption
from bargain.domain.language import Bilingual

if TYPE_CHECKING:
    from pathlib import Path

    from bargain.domain.agreement import Agreement
    from bargain.domain.lifecycle import Details
    from bargain.domain.procedure import Role, Trigger

__all__: list[str] = []

_DATE = ["%Y-%m-%d"]


def _day(value: dt.datetime | None) -> dt.date | None:
    return None if value is None else value.date()


def _run(
    agreement_id: str,
    trigger: str,
    options: dict[str, tuple[str, Any]],
    *,
    source: Path | None,
    role: str | None,
    on: dt.datetime | None,
    db: str | None,
    lang: Any,
    fmt: Format,
    default: str | None = None,
    new_id: str | None = None,
    check: Any = None,
) -> None:
    """Take the step ``trigger`` with ``default`` as the role when ``--as`` is not given."""
    from bargain.domain.procedure import Role, Trigger

    with failures(lang):
        given = read_input(source, None, options)
    take(
        agreement_id,
        Trigger(trigger),
        given,
        default=None if default is None else Role(default),
        role=role,
        on=on,
        db=db,
        lang=lang,
        fmt=fmt,
        check=check,
        new_id=new_id,
    )


@app.command("offer")
def offer_command(
    agreement_id: IdArgument,
    lang: LangOption,
    topic: Annotated[
        list[str] | None,
        typer.Option("--topic", help="A topic proposed (repeat for more).", show_default=False),
    ] = None,
    received_on: Annotated[
        dt.datetime | None,
        typer.Option(
            "--received-on",
            formats=_DATE,
            help="The day the other side received it.",
            show_default=False,
        ),
    ] = None,
    role: RoleOption = None,
    on: OnOption = None,
    source: FromOption = None,
    db: DbOption = None,
    fmt: FormatOption = Format.TEXT,
) -> None:
    """Send the written offer to bargain (要约, send_offer; 集体合同规定 Art 32)."""
    options = {
        "topics": ("--topic", topic or None),
        "received_on": ("--received-on", _day(received_on)),
    }
    _run(
        agreement_id,
        "send_offer",
        options,
        source=source,
        role=role,
        on=on,
        db=db,
        lang=lang,
        fmt=fmt,
        default="union_chief",
    )


@app.command("reply")
def reply_command(
    agreement_id: IdArgument,
    lang: LangOption,
    refuse: Annotated[
        str | None,
        typer.Option(
            "--refuse",
            metavar="REASON",
            help="Refuse to bargain, for this reason (default: accept).",
            show_default=False,
        ),
    ] = None,
    role: RoleOption = None,
    on: OnOption = None,
    source: FromOption = None,
    db: DbOption = None,
    fmt: FormatOption = Format.TEXT,
) -> None:
    """Reply to the offer in writing: accept it, or refuse it with a reason (Art 32)."""
    trigger = "accept_offer" if refuse is None else "refuse_offer"
    options = {} if refuse is None else {"reason": ("--refuse", refuse)}
    _run(agreement_id, trigger, options, source=source, role=role, on=on, db=db, lang=lang, fmt=fmt)


@app.command("meeting")
def meeting_command(
    agreement_id: IdArgument,
    lang: LangOption,
    place: Annotated[str | None, typer.Option("--place", help="Where.", show_default=False)] = None,
    topic: Annotated[
        list[str] | None,
        typer.Option("--topic", help="A topic discussed (repeat for more).", show_default=False),
    ] = None,
    summary: Annotated[
        str | None,
        typer.Option("--summary", help="The chiefs' summing-up.", show_default=False),
    ] = None,
    recorder: Annotated[
        str | None,
        typer.Option(
            "--recorder",
            metavar="NAME",
            help="The recorder both sides appoint (first meeting only).",
            show_default=False,
        ),
    ] = None,
    role: RoleOption = None,
    on: OnOption = None,
    source: FromOption = None,
    db: DbOption = None,
    fmt: FormatOption = Format.TEXT,
) -> None:
    """Hold a negotiation meeting: the first (start_negotiation, Art 33) or a further one
    (record_meeting, Art 34), chaired by the chiefs in turn."""
    options: dict[str, tuple[str, Any]] = {
        "place": ("--place", place),
        "topics": ("--topic", topic or None),
        "summary": ("--summary", summary),
    }
    if recorder is not None:
        options["recorder"] = ("--recorder", {"name": recorder})
    with failures(lang):
        given = read_input(source, None, options)
    take(
        agreement_id,
        _meeting,
        given,
        role=role,
        on=on,
        db=db,
        lang=lang,
        fmt=fmt,
    )


def _meeting(agreement: Agreement) -> tuple[Trigger, Role | None]:
    """The first meeting before any is held, else a further one chaired by the other side."""
    from bargain.domain.parties import Side
    from bargain.domain.procedure import Role, Status, Trigger

    meetings = agreement.procedure.meetings
    if agreement.status is not Status.NEGOTIATING or not meetings:
        return Trigger.START_NEGOTIATION, Role.UNION_CHIEF
    last = meetings[-1].chair
    return Trigger.RECORD_MEETING, Role.EMPLOYER_CHIEF if last is Side.UNION else Role.UNION_CHIEF


@app.command("suspend")
def suspend_command(
    agreement_id: IdArgument,
    lang: LangOption,
    resume_on: Annotated[
        dt.datetime | None,
        typer.Option(
            "--resume-on", formats=_DATE, help="The day agreed to resume.", show_default=False
        ),
    ] = None,
    reason: Annotated[str | None, typer.Option("--reason", help="Why.", show_default=False)] = None,
    role: RoleOption = None,
    on: OnOption = None,
    source: FromOption = None,
    db: DbOption = None,
    fmt: FormatOption = Format.TEXT,
) -> None:
    """Suspend the negotiation, with the day agreed to resume (Art 35)."""
    options = {"resume_on": ("--resume-on", _day(resume_on)), "reason": ("--reason", reason)}
    _run(
        agreement_id,
        "suspend",
        options,
        source=source,
        role=role,
        on=on,
        db=db,
        lang=lang,
        fmt=fmt,
        default="union_chief",
    )


@app.command("draft")
def draft_command(
    agreement_id: IdArgument,
    lang: LangOption,
    role: RoleOption = None,
    on: OnOption = None,
    source: FromOption = None,
    db: DbOption = None,
    fmt: FormatOption = Format.TEXT,
) -> None:
    """Agree the draft, signed by both chiefs (agree_draft, Art 34); --from gives its clauses
    and term when they differ from the agreement as it stands."""
    _run(
        agreement_id,
        "agree_draft",
        {},
        source=source,
        role=role,
        on=on,
        db=db,
        lang=lang,
        fmt=fmt,
        default="union_chief",
    )


@app.command("vote")
def vote_command(
    agreement_id: IdArgument,
    lang: LangOption,
    members: Annotated[
        int | None,
        typer.Option("--members", min=0, help="All members of the body.", show_default=False),
    ] = None,
    present: Annotated[
        int | None, typer.Option("--present", min=0, help="Members present.", show_default=False)
    ] = None,
    in_favour: Annotated[
        int | None, typer.Option("--in-favour", min=0, help="Votes for.", show_default=False)
    ] = None,
    against: Annotated[
        int | None, typer.Option("--against", min=0, help="Votes against.", show_default=False)
    ] = None,
    abstaining: Annotated[
        int | None, typer.Option("--abstaining", min=0, help="Abstentions.", show_default=False)
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            help="The body: workers_congress, all_workers, sector_congress or regional_congress "
            "(default: by the agreement's kind).",
            show_default=False,
        ),
    ] = None,
    role: RoleOption = None,
    on: OnOption = None,
    source: FromOption = None,
    db: DbOption = None,
    fmt: FormatOption = Format.TEXT,
) -> None:
    """Record the congress's vote on the draft (hold_congress_vote, Art 36)."""
    options = {
        "members": ("--members", members),
        "present": ("--present", present),
        "in_favour": ("--in-favour", in_favour),
        "against": ("--against", against),
        "abstaining": ("--abstaining", abstaining),
        "kind": ("--kind", kind),
    }
    _run(
        agreement_id,
        "hold_congress_vote",
        options,
        source=source,
        role=role,
        on=on,
        db=db,
        lang=lang,
        fmt=fmt,
        check=check_votes,
    )


def check_votes(details: Details, given: Input) -> None:
    """Refuse a count that cannot be: more present than members, more votes than present."""
    from bargain.errors import InvalidDocument, Problem

    members: int = getattr(details, "members")  # noqa: B009 (any Details model)
    present: int = getattr(details, "present")  # noqa: B009
    votes = {n: getattr(details, n) for n in ("in_favour", "against", "abstaining")}
    problems = []

    def where(name: str) -> str:
        return given.origin.get(name) or given.options.get(name) or given.default_source()

    if present > members:
        problems.append(
            Problem(
                where("present"),
                "present",
                Bilingual(
                    f"出席人数应不多于全体人数（{members}）",
                    f"expected at most members ({members})",
                ),
                str(present),
            )
        )
    if sum(votes.values()) > present:
        cast = " + ".join(f"{n}={v}" for n, v in votes.items() if v)
        name = max(votes, key=lambda n: votes[n])
        problems.append(
            Problem(
                where(name),
                name,
                Bilingual(
                    f"赞成、反对、弃权票合计应不多于出席人数（{present}）",
                    f"expected in_favour + against + abstaining at most present ({present})",
                ),
                cast,
            )
        )
    if problems:
        raise InvalidDocument(problems)


def _plain(name: str, trigger: str, doc: str, default: str | None) -> None:
    """Register a named command for a step with no options of its own."""

    def command(
        agreement_id: IdArgument,
        lang: LangOption,
        role: RoleOption = None,
        on: OnOption = None,
        source: FromOption = None,
        db: DbOption = None,
        fmt: FormatOption = Format.TEXT,
    ) -> None:
        _run(
            agreement_id,
            trigger,
            {},
            source=source,
            role=role,
            on=on,
            db=db,
            lang=lang,
            fmt=fmt,
            default=default,
        )

    command.__doc__ = doc
    command.__name__ = f"{name}_command"
    app.command(name)(command)


_plain("sign", "sign", "Sign the adopted text, both chiefs (sign, Art 37).", "union_chief")
_plain(
    "publish",
    "publish",
    "Publish the agreement in force to all workers (publish, Art 48).",
    "union_chief",
)


@app.command("file")
def file_command(
    agreement_id: IdArgument,
    lang: LangOption,
    received_on: Annotated[
        dt.datetime | None,
        typer.Option(
            "--received-on",
            formats=_DATE,
            help="The day the bureau received it.",
            show_default=False,
        ),
    ] = None,
    copies: Annotated[
        int | None, typer.Option("--copies", help="Copies filed (default 3).", show_default=False)
    ] = None,
    role: RoleOption = None,
    on: OnOption = None,
    source: FromOption = None,
    db: DbOption = None,
    fmt: FormatOption = Format.TEXT,
) -> None:
    """File the signed agreement with the labour bureau for review (file, Art 42)."""
    options = {
        "received_on": ("--received-on", _day(received_on)),
        "copies": ("--copies", copies),
    }
    _run(
        agreement_id,
        "file",
        options,
        source=source,
        role=role,
        on=on,
        db=db,
        lang=lang,
        fmt=fmt,
        default="employer_chief",
    )


@app.command("object")
def object_command(
    agreement_id: IdArgument,
    lang: LangOption,
    opinion: Annotated[
        str | None,
        typer.Option("--opinion", help="The bureau's opinion (审查意见).", show_default=False),
    ] = None,
    item: Annotated[
        list[str] | None,
        typer.Option("--item", help="An item objected to (repeat for more).", show_default=False),
    ] = None,
    role: RoleOption = None,
    on: OnOption = None,
    source: FromOption = None,
    db: DbOption = None,
    fmt: FormatOption = Format.TEXT,
) -> None:
    """Serve the bureau's objection to the filed agreement (object, Art 45)."""
    options = {"opinion": ("--opinion", opinion), "items": ("--item", item or None)}
    _run(
        agreement_id, "object", options, source=source, role=role, on=on, db=db, lang=lang, fmt=fmt
    )


@app.command("amend")
def amend_command(
    agreement_id: IdArgument,
    lang: LangOption,
    ground: Annotated[
        str | None,
        typer.Option(
            "--ground",
            help="by_agreement, merger_dissolution_bankruptcy, force_majeure, agreed_condition "
            "or law.",
            show_default=False,
        ),
    ] = None,
    reason: Annotated[
        str | None, typer.Option("--reason", help="Details.", show_default=False)
    ] = None,
    role: RoleOption = None,
    on: OnOption = None,
    source: FromOption = None,
    db: DbOption = None,
    fmt: FormatOption = Format.TEXT,
) -> None:
    """Open an amendment of the agreement in force (amend, Arts 39-41)."""
    options = {"ground": ("--ground", ground), "reason": ("--reason", reason)}
    _run(
        agreement_id,
        "amend",
        options,
        source=source,
        role=role,
        on=on,
        db=db,
        lang=lang,
        fmt=fmt,
        default="union_chief",
    )


@app.command("renew")
def renew_command(
    agreement_id: IdArgument,
    lang: LangOption,
    new_id: Annotated[
        str | None,
        typer.Option(
            "--new-id",
            help="The id of the new draft (default: ID-renewal-YEAR).",
            show_default=False,
        ),
    ] = None,
    role: RoleOption = None,
    on: OnOption = None,
    source: FromOption = None,
    db: DbOption = None,
    fmt: FormatOption = Format.TEXT,
) -> None:
    """Ask to renew the agreement within 3 months of its end; opens the new draft (Art 38)."""
    _run(
        agreement_id,
        "request_renewal",
        {},
        source=source,
        role=role,
        on=on,
        db=db,
        lang=lang,
        fmt=fmt,
        default="union_chief",
        new_id=new_id,
    )
