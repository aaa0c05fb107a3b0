"""Special protection of minors and women workers (R20, R21)."""

from __future__ import annotations

from collections.abc import Iterator

from bargain.domain.clauses import (
    ClauseKind,
    SpecialProtectionClause,
)
from bargain.domain.language import Bilingual
from bargain.law.findings import Finding
from bargain.law.parameters import LegalReference
from bargain.law.rules import RuleContext, clause_path, rule

__all__ = ["maternity", "minimum_age"]

# --- special protection (R20, R21) --------------------------------------------------------------


@rule(
    "MINORS-AGE",
    title=Bilingual("禁止招用未满16周岁的未成年人（R20）", "Nobody under 16 is employed (R20)"),
    citation=LegalReference(instrument="劳动法", article=15),
)
def minimum_age(context: RuleContext) -> Iterator[Finding]:
    """劳动法 第十五条: employers may not recruit minors under sixteen; 第五十八条 and 第六十四条:
    minor workers aged sixteen and seventeen are kept from the forbidden kinds of work."""
    least = int(context.number("minors.minimum_age"))
    for index, clause in context.clauses(ClauseKind.SPECIAL):
        assert isinstance(clause, SpecialProtectionClause)
        if clause.minimum_age is not None and clause.minimum_age < least:
            yield context.finding(
                clause_path(index, "minimum_age"),
                Bilingual(
                    f"最低用工年龄{clause.minimum_age}周岁，低于法定{least}周岁",
                    f"employing from age {clause.minimum_age}; the law forbids under {least}",
                ),
                found=clause.minimum_age,
                required=f">= {least}",
            )


@rule(
    "MATERNITY",
    title=Bilingual(
        "产假不少于98天，难产、多胞胎各增加15天，孕7个月以上不得延长劳动时间或安排夜班（R21）",
        "Maternity leave of 98 days (+15, +15), no overtime or nights from the 7th month (R21)",
    ),
    citation=LegalReference(instrument="女职工劳动保护特别规定", article=7),
)
def maternity(context: RuleContext) -> Iterator[Finding]:
    """女职工劳动保护特别规定 第七条: 98 days of maternity leave, 15 more for a difficult birth and
    15 more for each extra infant; 第六条第二款: no extended hours or night work from the seventh
    month of pregnancy. (劳动法 第六十二条's 90 days applied before 2012-04-28.)"""
    for index, clause in context.clauses(ClauseKind.SPECIAL):
        assert isinstance(clause, SpecialProtectionClause)
        for field_name, parameter, label in (
            ("maternity_leave_days", "maternity.leave_days", Bilingual("产假", "maternity leave")),
            (
                "difficult_birth_extra_days",
                "maternity.difficult_birth_extra_days",
                Bilingual("难产增加的产假", "extra leave for a difficult birth"),
            ),
            (
                "extra_infant_days",
                "maternity.extra_infant_days",
                Bilingual("多胞胎增加的产假", "extra leave per extra infant"),
            ),
        ):
            value: int | None = getattr(clause, field_name)
            if value is None:
                continue
            entry = context.parameters.entry(parameter, context.on)
            if entry is None:  # not a rule yet on that day (the extra days date from 2012)
                continue
            if value < entry.value:
                yield context.finding(
                    clause_path(index, field_name),
                    Bilingual(
                        f"{label.zh}{value}天，少于法定{entry.value}天",
                        f"{label.en} of {value} days; the law gives {entry.value}",
                    ),
                    found=f"{value} days",
                    required=f">= {entry.value} days",
                    citation=entry.reference,
                )
        month = clause.no_night_work_from_month
        rule_month = context.parameters.entry("maternity.no_overtime_from_month", context.on)
        limit = None if rule_month is None else int(rule_month.value)
        if month is not None and limit is not None and month > limit:
            yield context.finding(
                clause_path(index, "no_night_work_from_month"),
                Bilingual(
                    f"自怀孕第{month}个月起才停止加班和夜班，应自第{limit}个月起",
                    f"overtime and night work stop only from month {month} of pregnancy; the law says from month {limit}",
                ),
                found=month,
                required=f"<= {limit}",
                citation=LegalReference(
                    instrument="女职工劳动保护特别规定", article=6, paragraph=2
                ),
            )
