"""Representatives (集体合同规定 Arts 19-24, 33): R1-R7 of legal-reference §6.2."""

from __future__ import annotations

from collections.abc import Iterator

from bargain.domain.agreement import Agreement
from bargain.domain.language import Bilingual
from bargain.domain.parties import Party
from bargain.law.findings import Finding, Severity
from bargain.law.parameters import LegalReference
from bargain.law.rules import RuleContext, rule
from bargain.law.rules.national._common import CCP

__all__ = [
    "employer_chief",
    "neutral_recorder",
    "nobody_on_both_sides",
    "one_chief",
    "outside_experts",
    "representatives_count",
    "union_chief",
]

_SIDES = (
    ("union", Bilingual("职工方", "union side")),
    ("employer", Bilingual("企业方", "employer side")),
)


def _sides(agreement: Agreement) -> Iterator[tuple[str, Bilingual, Party]]:
    for name, label in _SIDES:
        yield name, label, getattr(agreement, name)


def _has_delegations(context: RuleContext) -> bool:
    return any(len(party.delegation) for _, _, party in _sides(context.agreement))


@rule(
    "REP-COUNT",
    title=Bilingual(
        "每方协商代表不少于3人且双方人数对等（R1）",
        "At least 3 representatives a side, equal numbers (R1)",
    ),
    citation=LegalReference(instrument=CCP, article=19),
)
def representatives_count(context: RuleContext) -> Iterator[Finding]:
    """集体合同规定 第十九条: both sides have the same number of representatives, at least three each."""
    if not _has_delegations(context):
        return
    minimum = int(context.number("representatives.min_per_side"))
    counts = {name: len(party.delegation) for name, _, party in _sides(context.agreement)}
    for name, label, party in _sides(context.agreement):
        if len(party.delegation) < minimum:
            yield context.finding(
                f"{name}.delegation.representatives",
                Bilingual(
                    f"{label.zh}协商代表只有{len(party.delegation)}人，每方应不少于{minimum}人",
                    f"the {label.en} has {len(party.delegation)} representatives; "
                    f"each side needs at least {minimum}",
                ),
                found=len(party.delegation),
                required=f">= {minimum}",
            )
    if counts["union"] != counts["employer"]:
        yield context.finding(
            "employer.delegation.representatives",
            Bilingual(
                f"双方协商代表人数不对等：职工方{counts['union']}人，企业方{counts['employer']}人",
                f"the sides are unequal: {counts['union']} union and "
                f"{counts['employer']} employer representatives",
            ),
            found=counts["employer"],
            required=f"= {counts['union']}",
        )


@rule(
    "REP-CHIEF",
    title=Bilingual(
        "每方有且只有一名首席代表（R2）", "Exactly one chief representative a side (R2)"
    ),
    citation=LegalReference(instrument=CCP, article=19),
)
def one_chief(context: RuleContext) -> Iterator[Finding]:
    """集体合同规定 第十九条: each side names exactly one chief representative (首席代表)."""
    for name, label, party in _sides(context.agreement):
        if not len(party.delegation):
            continue
        chiefs = len(party.delegation.chiefs)
        if chiefs != 1:
            yield context.finding(
                f"{name}.delegation.representatives",
                Bilingual(
                    f"{label.zh}有{chiefs}名首席代表，应有且只有一名",
                    f"the {label.en} has {chiefs} chief representatives; it needs exactly one",
                ),
                found=chiefs,
                required="1",
            )


def _chief_check(
    context: RuleContext, side: str, holders: set[str], holder_zh: str, holder_en: str
) -> Iterator[Finding]:
    party: Party = getattr(context.agreement, side)
    chief = party.delegation.chief
    if chief is None or chief.delegation is not None:
        return
    index = party.delegation.representatives.index(chief)
    path = f"{side}.delegation.representatives[{index}]"
    if not holders:
        yield context.finding(
            path,
            Bilingual(
                f"未写明{holder_zh}，无法核对首席代表{chief.name}的资格",
                f"no {holder_en} is given, so the chief {chief.name} cannot be checked",
            ),
            severity=Severity.INFO,
        )
    elif chief.name not in holders:
        yield context.finding(
            path,
            Bilingual(
                f"首席代表{chief.name}不是{holder_zh}，须有书面委托（delegation）",
                f"the chief {chief.name} is not the {holder_en} and needs a written delegation",
            ),
            found=chief.name,
            required=f"{'、'.join(sorted(holders))} 或书面委托 / or a written delegation",
        )


@rule(
    "REP-UNION-CHIEF",
    title=Bilingual(
        "职工方首席代表为工会主席或经其书面委托（R3）",
        "Union chief is the chair or delegated in writing (R3)",
    ),
    citation=LegalReference(instrument=CCP, article=20),
)
def union_chief(context: RuleContext) -> Iterator[Finding]:
    """集体合同规定 第二十条: the union side's chief is the union chair (工会主席), or a
    representative the chair delegates in writing (书面委托)."""
    holders = {o.chair for o in context.agreement.union.organisations if o.chair}
    yield from _chief_check(context, "union", holders, "工会主席", "union chair")


@rule(
    "REP-EMPLOYER-CHIEF",
    title=Bilingual(
        "企业方首席代表为法定代表人或经其书面委托（R4）",
        "Employer chief is the legal representative or delegated in writing (R4)",
    ),
    citation=LegalReference(instrument=CCP, article=21),
)
def employer_chief(context: RuleContext) -> Iterator[Finding]:
    """集体合同规定 第二十一条: the employer side's chief is the legal representative (法定代表人),
    or a manager the legal representative authorises in writing."""
    holders = {
        o.legal_representative
        for o in context.agreement.employer.organisations
        if o.legal_representative
    }
    yield from _chief_check(context, "employer", holders, "法定代表人", "legal representative")


@rule(
    "REP-EXPERTS",
    title=Bilingual(
        "外聘专业人员不超过本方代表的三分之一，且不得任首席代表（R5）",
        "Outside experts at most a third, never the chief (R5)",
    ),
    citation=LegalReference(instrument=CCP, article=23),
)
def outside_experts(context: RuleContext) -> Iterator[Finding]:
    """集体合同规定 第二十三条: a chief may appoint outside professionals (外聘专业人员) in writing,
    at most one third of the side's representatives (不得超过三分之一: exactly a third is allowed,
    so one expert in a side of three); the chief may not be an outsider. The share is compared
    exactly, as a fraction."""
    share = context.fraction("representatives.outside_expert_max_share")
    for name, label, party in _sides(context.agreement):
        members = party.delegation.representatives
        experts = sum(1 for r in members if r.outside_expert)
        # Exact, in integers: a third of 3 is 1 (floor of numerator * n / denominator).
        allowed = share.numerator * len(members) // share.denominator
        if experts > allowed:
            yield context.finding(
                f"{name}.delegation.representatives",
                Bilingual(
                    f"{label.zh}外聘专业人员{experts}人，超过本方{len(members)}名代表的三分之一",
                    f"the {label.en} has {experts} outside experts among {len(members)} "
                    "representatives: more than a third",
                ),
                found=experts,
                required=f"<= {allowed}",
            )
        for index, person in enumerate(members):
            if person.chief and person.outside_expert:
                yield context.finding(
                    f"{name}.delegation.representatives[{index}]",
                    Bilingual(
                        f"首席代表{person.name}不得由外聘专业人员担任",
                        f"the chief {person.name} may not be an outside expert",
                    ),
                    found=person.name,
                )


@rule(
    "REP-BOTH-SIDES",
    title=Bilingual("双方协商代表不得相互兼任（R6）", "Nobody represents both sides (R6)"),
    citation=LegalReference(instrument=CCP, article=24),
)
def nobody_on_both_sides(context: RuleContext) -> Iterator[Finding]:
    """集体合同规定 第二十四条: employer-side and worker-side representatives may not be the same
    people (不得相互兼任)."""
    union = {r.name for r in context.agreement.union.delegation.representatives}
    for index, person in enumerate(context.agreement.employer.delegation.representatives):
        if person.name in union:
            yield context.finding(
                f"employer.delegation.representatives[{index}]",
                Bilingual(
                    f"{person.name}同时是双方的协商代表",
                    f"{person.name} is a representative of both sides",
                ),
                found=person.name,
            )


@rule(
    "REP-RECORDER",
    title=Bilingual("记录员不得是协商代表（R7）", "The recorder is not a representative (R7)"),
    citation=LegalReference(instrument=CCP, article=33, item=5),
)
def neutral_recorder(context: RuleContext) -> Iterator[Finding]:
    """集体合同规定 第三十三条第（五）项: the two sides jointly appoint a recorder (记录员) who is not a
    representative, and who is neutral and impartial."""
    recorder = context.agreement.recorder
    if recorder is None:
        return
    for _, label, party in _sides(context.agreement):
        if any(r.name == recorder.name for r in party.delegation.representatives):
            yield context.finding(
                "recorder.name",
                Bilingual(
                    f"记录员{recorder.name}同时是{label.zh}协商代表",
                    f"the recorder {recorder.name} is also a {label.en} representative",
                ),
                found=recorder.name,
            )
