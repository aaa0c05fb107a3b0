"""The step commands: one per step of the procedure, to hand to ``Workflow.handle``.

Each is the step's details model, named after its trigger, declared with the step in
:mod:`bargain.domain.lifecycle`; this module only gathers them (a test keeps the list equal to the
declarations).

>>> import datetime as dt
>>> from bargain import FixedClock, MemoryStore, Role, Workflow, load_agreement
>>> workflow = Workflow(MemoryStore().unit_of_work, clock=FixedClock(dt.date(2019, 11, 6)))
>>> opened = workflow.open(load_agreement("examples/bengbu-delivery-sector-agreement.yaml"))
>>> workflow.handle(opened.id, SendOffer(topics=("劳动报酬",)), Role.UNION_CHIEF).event.type.value
'offer_sent'
"""

from bargain.domain.lifecycle import (
    AcceptOffer,
    AgreeDraft,
    Amend,
    ConcludeCoordination,
    Expire,
    ExtendCoordination,
    File,
    HoldCongressVote,
    Object,
    Publish,
    RecordMeeting,
    RefuseOffer,
    Renegotiate,
    RequestCoordination,
    RequestRenewal,
    Resume,
    SendOffer,
    Sign,
    StartNegotiation,
    SubmitToCongress,
    Suspend,
    TakeEffect,
    Terminate,
)

__all__ = [
    "AcceptOffer",
    "AgreeDraft",
    "Amend",
    "ConcludeCoordination",
    "Expire",
    "ExtendCoordination",
    "File",
    "HoldCongressVote",
    "Object",
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
    "SubmitToCongress",
    "Suspend",
    "TakeEffect",
    "Terminate",
]
