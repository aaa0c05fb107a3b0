"""The congress vote and the signatures (集体合同规定 Arts 36, 37)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from bargain.domain.agreement import AgreementKind
from bargain.domain.events import EventType
from bargain.domain.fingerprint import text_fingerprint
from bargain.domain.language import Bilingual
from bargain.domain.lifecycle.declaration import Context, Decision, Details, Transition, ccp
from bargain.domain.lifecycle.roles import Who
from bargain.domain.parties import Side
from bargain.domain.procedure import ApprovalRule, CongressKind, CongressVote, Status, Trigger
from bargain.errors import InvalidDocument, Problem

__all__ = [
    "HOLD_CONGRESS_VOTE",
    "SIGN",
    "SUBMIT_TO_CONGRESS",
    "HoldCongressVote",
    "Sign",
    "SubmitToCongress",
]


class SubmitToCongress(Details):
    """Submitting the agreed draft to the workers' congress or all workers (Art 36)."""


def submit_to_congress(c: Context[SubmitToCongress]) -> Decision:
    """集体合同规定 第三十六条: the draft goes to the workers' congress or all workers; a draft the
    law finds unlawful (any error finding) cannot go."""
    c.require_valid(
        c.agreement,
        "",
        Bilingual(
            "草案有不合规之处，不能提交职工代表大会",
            "the draft has errors and cannot go to congress",
        ),
    )
    return Decision(Status.BEFORE_CONGRESS)


SUBMIT_TO_CONGRESS = Transition(
    Trigger.SUBMIT_TO_CONGRESS,
    (Status.DRAFT_AGREED,),
    (Status.BEFORE_CONGRESS,),
    Who.UNION_CHIEF,
    SubmitToCongress,
    submit_to_congress,
    EventType.SUBMITTED_TO_CONGRESS,
    ccp(36),
)

_Count = Annotated[int, Field(ge=0, le=100_000_000)]


class HoldCongressVote(Details):
    """The count of the congress's vote (Art 36)."""

    members: Annotated[int, Field(ge=1, le=100_000_000)]
    """All members of the body (or all workers)."""
    present: _Count
    """Members present."""
    in_favour: _Count
    """Votes for."""
    against: _Count = 0
    """Votes against."""
    abstaining: _Count = 0
    """Abstentions."""
    kind: CongressKind | None = None
    """The body (default: the sector or regional congress for those agreements, else the
    workers' congress)."""


_CONGRESS_BY_KIND = {
    AgreementKind.SECTOR: CongressKind.SECTOR_CONGRESS,
    AgreementKind.REGIONAL: CongressKind.REGIONAL_CONGRESS,
}


def hold_congress_vote(c: Context[HoldCongressVote]) -> Decision:
    """集体合同规定 第三十六条: at least two thirds of the members must be present, and the draft
    is adopted with the votes of more than half of all members (半数以上; whether exactly half
    passes is the policy's ``approval_rule``, and a tie is noted). A draft not adopted goes back
    to the representatives."""
    details = c.details
    members, present = details.members, details.present
    votes = details.in_favour + details.against + details.abstaining
    if present > members or votes > present:
        raise InvalidDocument(
            [
                Problem(
                    f"<{c.row.trigger.value}>",
                    "present",
                    Bilingual(
                        "应满足：赞成+反对+弃权 ≤ 出席人数 ≤ 全体人数",
                        "expected in_favour + against + abstaining <= present <= members",
                    ),
                    f"members={members}, present={present}, votes={votes}",
                )
            ]
        )
    quorum = c.policy.congress_quorum
    if present * quorum.denominator < members * quorum.numerator:
        needed = -(-members * quorum.numerator // quorum.denominator)
        raise c.refuse(
            Bilingual(
                f"出席人数{present}人，未达全体{members}人的{quorum}（至少{needed}人），"
                f"不能表决，应另行召集",
                f"{present} of {members} present, short of the {quorum} quorum "
                f"({needed} needed); the vote cannot be held, reconvene",
            )
        )
    approval = c.policy.congress_approval
    share = details.in_favour * approval.denominator
    threshold = members * approval.numerator
    tie = share == threshold
    if c.policy.approval_rule is ApprovalRule.AT_LEAST_HALF:
        adopted = share >= threshold
    else:
        adopted = share > threshold
    kind = details.kind or _CONGRESS_BY_KIND.get(c.agreement.kind, CongressKind.WORKERS_CONGRESS)
    vote = CongressVote(
        kind=kind,
        held_on=c.on,
        members=members,
        present=present,
        in_favour=details.in_favour,
        against=details.against,
        abstaining=details.abstaining,
        adopted=adopted,
    )
    decision = Decision(Status.ADOPTED if adopted else Status.NEGOTIATING, {"congress": vote})
    if tie:
        outcome = Bilingual("按现行配置视为通过", "counted as adopted by the rule in use")
        if not adopted:
            outcome = Bilingual("按现行配置视为未通过", "counted as not adopted by the rule in use")
        decision.notes.append(
            Bilingual(
                f"赞成票{details.in_favour}恰为全体{members}人的{approval}，"
                f"“半数以上”是否含本数存在不同理解，{outcome.zh}",
                f"{details.in_favour} votes is exactly {approval} of {members}; whether that "
                f"is 'half or more' is a matter of interpretation; {outcome.en}",
            )
        )
    if not adopted:
        decision.notes.append(
            Bilingual(
                "草案未获通过，退回双方协商代表重新协商",
                "the draft was not adopted and goes back to the representatives",
            )
        )
    return decision


HOLD_CONGRESS_VOTE = Transition(
    Trigger.HOLD_CONGRESS_VOTE,
    (Status.BEFORE_CONGRESS,),
    (Status.ADOPTED, Status.NEGOTIATING),
    Who.CONGRESS,
    HoldCongressVote,
    hold_congress_vote,
    EventType.CONGRESS_VOTED,
    ccp(36),
)


class Sign(Details):
    """The chief representatives' signatures on the adopted text (Art 37)."""


def sign(c: Context[Sign]) -> Decision:
    """集体合同规定 第三十七条: the adopted text is signed by the chief representative of each
    side; 第四十二条: it is filed within 10 days of signing. The step records the fingerprint of
    the text signed, which the final text prints."""
    for party, side in ((c.agreement.union, Side.UNION), (c.agreement.employer, Side.EMPLOYER)):
        if party.delegation.chief is None:
            raise c.refuse(
                Bilingual(
                    f"{side.label.zh}须有且仅有一名首席代表签字",
                    f"the {side.label.en} needs exactly one chief representative to sign",
                )
            )
    due = c.policy.convention.due(c.on, c.policy.filing_days)
    facts = {
        "signed_on": c.on,
        "filing_due": due,
        "signed_fingerprint": text_fingerprint(c.agreement),
    }
    return Decision(Status.SIGNED, facts)


SIGN = Transition(
    Trigger.SIGN,
    (Status.ADOPTED,),
    (Status.SIGNED,),
    Who.EITHER_CHIEF,
    Sign,
    sign,
    EventType.SIGNED,
    ccp(37),
    Bilingual("签字之日起10日内报送", "file within 10 days of signing"),
)
