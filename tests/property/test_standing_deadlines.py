"""The time limits a store keeps (``standing_deadlines``) give exactly the open ones on any day.

``open_deadlines`` is derived from ``standing_deadlines``; the reference below is how it computed
them before there were rows to keep, state by state and day by day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from bargain import Agreement, Status
from bargain.domain.calendar import DateRange, Deadline, add_months
from bargain.domain.lifecycle import Lifecycle, ProcedurePolicy
from bargain.domain.lifecycle.deadlines import (
    DeadlineKind,
    Due,
    open_deadlines,
    standing_deadlines,
    still_open,
)
from tests.steps import PATHS, procedure_agreement, walk

LIFECYCLE = Lifecycle(ProcedurePolicy.national(), validator=None)
REACHED = {
    status: walk(LIFECYCLE, procedure_agreement(), path)[0] for status, path in PATHS.items()
}


def reference(
    agreement: Agreement, on: dt.date, policy: ProcedurePolicy, within: int | None
) -> tuple[Due, ...]:
    """The open time limits as computed before they were stored (release 0.2)."""
    procedure = agreement.procedure
    status = agreement.status
    items: list[tuple[DeadlineKind, Deadline]] = []
    if status is Status.OFFER_SENT and procedure.offer is not None:
        items.append((DeadlineKind.REPLY, procedure.offer.reply_due))
    elif status is Status.IN_COORDINATION and procedure.coordination is not None:
        items.append((DeadlineKind.COORDINATION, procedure.coordination.due))
    elif status is Status.SUSPENDED and procedure.suspension is not None:
        suspension = procedure.suspension
        days = (suspension.resume_on - suspension.since).days
        agreed = Deadline(
            start=suspension.since, days=days, due=suspension.resume_on, convention="agreed"
        )
        items.append((DeadlineKind.RESUMPTION, agreed))
    elif status is Status.SIGNED and procedure.filing_due is not None:
        items.append((DeadlineKind.FILING, procedure.filing_due))
    elif status is Status.UNDER_REVIEW and procedure.filing is not None:
        items.append((DeadlineKind.REVIEW, procedure.filing.review_ends))
    if status is Status.EFFECTIVE and procedure.publication_due is not None:
        items.append((DeadlineKind.PUBLICATION, procedure.publication_due))
    if status.in_force and agreement.term is not None:
        term = agreement.term
        opens = add_months(term.end, -policy.renewal_window_months)
        if procedure.renewal_requested_on is None and on <= term.end:
            window = Deadline(
                start=term.start,
                days=(opens - term.start).days,
                due=opens,
                convention="calendar_days",
            )
            if not window.overdue(on):
                items.append((DeadlineKind.RENEWAL_WINDOW, window))
        expiry = Deadline(
            start=term.start, days=term.days - 1, due=term.end, convention="calendar_days"
        )
        items.append((DeadlineKind.EXPIRY, expiry))
    dues = [Due(agreement.id, kind, deadline, on) for kind, deadline in items]
    if within is not None:
        dues = [d for d in dues if d.remaining <= within]
    return tuple(sorted(dues, key=lambda d: d.deadline.due))


@given(
    status=st.sampled_from(sorted(REACHED, key=lambda s: s.value)),
    on=st.dates(dt.date(2019, 10, 1), dt.date(2023, 12, 31)),
    within=st.none() | st.integers(0, 1200),
    months=st.integers(0, 12),
    term_days=st.integers(400, 3 * 365),  # longer than any window
)
def test_the_standing_deadlines_give_the_open_ones_on_any_day(
    status: Status, on: dt.date, within: int | None, months: int, term_days: int
) -> None:
    agreement = REACHED[status]
    if agreement.term is not None:
        start = agreement.term.start
        term = DateRange(start=start, end=start + dt.timedelta(days=term_days))
        agreement = agreement.changed(term=term)
    policy = replace(ProcedurePolicy.national(), renewal_window_months=months)
    expected = reference(agreement, on, policy, within)
    assert open_deadlines(agreement, on, policy, within=within) == expected
    # What a store does with its rows: keep those still open on the day, and those due in time.
    standing = standing_deadlines(agreement, policy)
    rows = [
        (deadline.due, kind.value)
        for kind, deadline in standing
        if still_open(kind, deadline, on)
        and (within is None or deadline.due <= on + dt.timedelta(days=within))
    ]
    assert sorted(rows) == sorted((d.deadline.due, d.kind.value) for d in expected)


def test_a_window_closed_stays_among_the_standing_deadlines_until_renewal_is_asked() -> None:
    agreement = REACHED[Status.PUBLISHED]
    policy = ProcedurePolicy.national()
    kinds = [kind for kind, _ in standing_deadlines(agreement, policy)]
    assert kinds == [DeadlineKind.RENEWAL_WINDOW, DeadlineKind.EXPIRY]
    assert agreement.term is not None
    after_the_term = agreement.term.end + dt.timedelta(days=1)
    assert [d.kind for d in open_deadlines(agreement, after_the_term, policy)] == [
        DeadlineKind.EXPIRY
    ]
    asked = agreement.model_copy(
        update={
            "procedure": agreement.procedure.model_copy(
                update={"renewal_requested_on": dt.date(2022, 11, 1)}
            )
        }
    )
    assert [kind for kind, _ in standing_deadlines(asked, policy)] == [DeadlineKind.EXPIRY]


def test_a_term_shorter_than_the_window_has_no_window_to_open() -> None:
    agreement = REACHED[Status.PUBLISHED]
    assert agreement.term is not None
    start = agreement.term.start
    short = agreement.changed(term=DateRange(start=start, end=start + dt.timedelta(days=60)))
    policy = ProcedurePolicy.national()  # a window of 3 months: it would open before the term
    assert [kind for kind, _ in standing_deadlines(short, policy)] == [DeadlineKind.EXPIRY]
    assert [d.kind for d in open_deadlines(short, start, policy)] == [DeadlineKind.EXPIRY]
