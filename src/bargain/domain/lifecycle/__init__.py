"""The legal procedure as a state machine: steps declared once, one shared machine that decides.

The procedure of 集体合同规定 Arts 32-48 (and 劳动合同法 Arts 51-56 for sector and regional
agreements) is :data:`TABLE`: one :class:`Transition` per step, declaring its trigger, the states
it starts from and leads to, who may take it, its details model (which is also the command that
asks for it, :class:`SendOffer` for ``send_offer``), its guard, its event type and its article.
One ``transitions.Machine`` built from the table serves every agreement and decides which step may
follow which (design decision 2). :class:`Lifecycle` runs a step; ``Workflow`` in
:mod:`bargain.services` stores it.

The modules: :mod:`.declaration` (what a step is), :mod:`.steps` (the steps, by phase),
:mod:`.table` (the list), :mod:`.machine` (the shared machine), :mod:`.roles` (who acts),
:mod:`.policy` (the numbers and the law), :mod:`.deadlines`, :mod:`.replay` and :mod:`.engine`.
This package only re-exports them.

>>> import datetime as dt
>>> from bargain.domain.calendar import FixedClock
>>> from bargain.domain.procedure import Role
>>> from bargain.domain.lifecycle.engine import _example
>>> lifecycle = Lifecycle(ProcedurePolicy.national(), validator=None)
>>> step = lifecycle.handle(_example(), SendOffer(topics=("劳动报酬",)), Role.UNION_CHIEF,
...                         at=FixedClock(dt.date(2019, 11, 6)).now())
>>> step.agreement.status.label.zh, step.event.type.value
('已发出要约', 'offer_sent')
>>> step.agreement.procedure.offer.reply_due.due
datetime.date(2019, 11, 26)
"""

from bargain.domain.lifecycle.deadlines import DeadlineKind, Due
from bargain.domain.lifecycle.declaration import Context, Decision, Details, Transition
from bargain.domain.lifecycle.engine import Lifecycle, Step
from bargain.domain.lifecycle.machine import reachable_states
from bargain.domain.lifecycle.policy import FindingLike, ProcedurePolicy, Validator
from bargain.domain.lifecycle.replay import replay
from bargain.domain.lifecycle.roles import Who
from bargain.domain.lifecycle.steps.adoption import HoldCongressVote, Sign, SubmitToCongress
from bargain.domain.lifecycle.steps.coordination import (
    ConcludeCoordination,
    ExtendCoordination,
    RequestCoordination,
)
from bargain.domain.lifecycle.steps.in_force import Amend, Expire, RequestRenewal, Terminate
from bargain.domain.lifecycle.steps.negotiation import (
    AgreeDraft,
    RecordMeeting,
    Resume,
    StartNegotiation,
    Suspend,
)
from bargain.domain.lifecycle.steps.offer import AcceptOffer, RefuseOffer, SendOffer
from bargain.domain.lifecycle.steps.review import File, Object, Publish, Renegotiate, TakeEffect
from bargain.domain.lifecycle.table import TABLE, check_declarations, transition

__all__ = [
    "TABLE",
    "AcceptOffer",
    "AgreeDraft",
    "Amend",
    "ConcludeCoordination",
    "Context",
    "DeadlineKind",
    "Decision",
    "Details",
    "Due",
    "Expire",
    "ExtendCoordination",
    "File",
    "FindingLike",
    "HoldCongressVote",
    "Lifecycle",
    "Object",
    "ProcedurePolicy",
    "Publish",
    "RecordMeeting",
    "RefuseOffer",
    "Renegotiate",
    "RequestCoordination",
    "RequestRenewal",
    "Resume",
    "SendOffer",
    "Sign",
    "StartNegotiation",
    "Step",
    "SubmitToCongress",
    "Suspend",
    "TakeEffect",
    "Terminate",
    "Transition",
    "Validator",
    "Who",
    "check_declarations",
    "reachable_states",
    "replay",
    "transition",
]
