"""Driving time (X-02): continuous driving and the rest that ends it, for drivers of motor vehicles."""

from __future__ import annotations

from collections.abc import Iterator

from bargain.domain.clauses import ClauseKind, HoursClause
from bargain.domain.language import Bilingual
from bargain.law.findings import Finding
from bargain.law.parameters import LegalReference
from bargain.law.rules import RuleContext, clause_path, rule

__all__ = ["DRIVING_SECTORS", "continuous_driving"]

DRIVING_SECTORS = frozenset({"ride-hailing", "freight"})
"""Sectors whose workers drive motor vehicles (机动车) for the work: there the longest continuous
order time is continuous driving. Food-delivery riders on electric bicycles (非机动车) are not
covered by the rule."""


@rule(
    "DRIVING-CONTINUOUS",
    title=Bilingual(
        "连续驾驶机动车不超过4小时，停车休息不少于20分钟（X-02）",
        "At most 4 h of continuous driving, then a rest of at least 20 min (X-02)",
    ),
    citation=LegalReference(instrument="道路交通安全法实施条例", article=62, item=7),
)
def continuous_driving(context: RuleContext) -> Iterator[Finding]:
    """道路交通安全法实施条例 第六十二条第（七）项: a driver may not drive a motor vehicle for more
    than four hours without stopping to rest, nor rest for less than twenty minutes (a shorter stop
    does not end the continuous driving); 道路运输条例 第二十八条 says the same of road-transport
    drivers. In an agreement for drivers (the ride-hailing and freight sectors) the longest
    continuous order time is continuous driving: it may not pass four hours, and the forced rest
    that ends it may not be shorter than twenty minutes."""
    if context.agreement.scope.sector not in DRIVING_SECTORS:
        return
    longest = context.number("driving.continuous_max_hours")
    shortest = context.number("driving.rest_min_minutes")
    for index, clause in context.clauses(ClauseKind.HOURS):
        assert isinstance(clause, HoursClause)
        hours = clause.max_continuous_order_hours
        if hours is not None and hours > longest:
            yield context.finding(
                clause_path(index, "max_continuous_order_hours"),
                Bilingual(
                    f"连续接单（驾驶）最长{hours}小时，超过连续驾驶机动车的法定上限{longest}小时",
                    f"{hours} h of continuous orders (driving) exceeds the legal limit of "
                    f"{longest} h of continuous driving",
                ),
                found=f"{hours} h",
                required=f"<= {longest} h",
            )
        rest = clause.rest_after_continuous_minutes
        if rest is not None and rest < shortest:
            yield context.finding(
                clause_path(index, "rest_after_continuous_minutes"),
                Bilingual(
                    f"连续接单后休息{rest}分钟，少于{shortest}分钟的停车休息不能中断连续驾驶",
                    f"a rest of {rest} min after continuous orders: a stop shorter than "
                    f"{shortest} min does not end continuous driving",
                ),
                found=f"{rest} min",
                required=f">= {shortest} min",
            )
