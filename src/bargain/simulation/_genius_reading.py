"""Reading GENIUS domain and profile files (the format is described in :mod:`.genius`).

Every fault is an :class:`~bargain.errors.InvalidDocument` whose problem names the file, the XML
path (``/utility_space/objective[1]/issue[2]/@upperbound``), the line and what was expected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Literal

from pydantic_core import PydanticCustomError

from bargain.domain.base import check_text
from bargain.domain.language import Bilingual
from bargain.errors import InvalidDocument, Problem
from bargain.simulation._xml import Element, read_xml

__all__ = [
    "NONLINEAR_TAGS",
    "GeniusDomain",
    "GeniusIssue",
    "GeniusProfile",
    "read_domain",
    "read_profile",
]

IssueKind = Literal["discrete", "integer"]

_NONLINEAR_TYPES = frozenset({"nonlinear", "constraint"})
NONLINEAR_TAGS = frozenset({"utility", "utility_function", "ufun", "hyperRectangle"})
"""The elements of GENIUS's non-linear utility spaces (hyper-rectangles)."""
_MAX_VALUES = 1000
_MAX_ISSUES = 50
_PLACES = Decimal("0.000001")


@dataclass(frozen=True)
class GeniusIssue:
    """An issue of a GENIUS domain."""

    index: int
    """Its ``index`` attribute, which the profiles' issues and weights refer to."""
    name: str
    """Its name."""
    kind: IssueKind
    """``discrete`` (named items) or ``integer`` (every whole number between two bounds)."""
    values: tuple[str | int, ...]
    """Its values, in the domain's order."""


@dataclass(frozen=True)
class GeniusDomain:
    """A GENIUS domain file: its issues."""

    source: str
    """The file."""
    name: str
    """The domain's name (from the file name)."""
    issues: tuple[GeniusIssue, ...]
    """Its issues, in document order."""


@dataclass(frozen=True)
class GeniusProfile:
    """A party's linear additive utility over a domain, read from a GENIUS profile file."""

    source: str
    """The file."""
    weights: tuple[Decimal, ...]
    """The weight of each of the domain's issues, as written."""
    scores: tuple[tuple[Decimal, ...], ...]
    """The evaluation of each value of each issue, from 0 to 1 (rounded to six places)."""
    reservation: Decimal
    """The reservation value (0 when the file gives none)."""
    discount: Decimal | None
    """The discount factor, when the file gives one (not modelled)."""
    warnings: tuple[Bilingual, ...]
    """What was read but differs from GENIUS's reading or is not modelled."""

    @property
    def name(self) -> str:
        """The file's name."""
        return Path(self.source).name


def _problem(
    source: str, path: str, expected: Bilingual, found: str | None = None, line: int | None = None
) -> InvalidDocument:
    return InvalidDocument([Problem(source, path, expected, found, line)])


# --- the domain ---------------------------------------------------------------------------------


def read_domain(path: str | Path) -> GeniusDomain:
    """Read a GENIUS domain file.

    Raises:
        InvalidDocument: the file is not a GENIUS domain bargain can import; the problem names the
            file, the XML path (``/utility_space/objective[1]/issue[2]/@upperbound``), the line and
            what was expected.
    """
    source = str(path)
    space = _space(read_xml(path), source)
    found = _issue_elements(_objective(space))
    if not found:
        raise _problem(
            source,
            _objective(space).path,
            Bilingual("至少一个 <issue> 议题", "at least one <issue>"),
            line=space.line,
        )
    if len(found) > _MAX_ISSUES:
        raise _problem(
            source,
            found[_MAX_ISSUES][0].path,
            Bilingual(f"至多 {_MAX_ISSUES} 个议题", f"at most {_MAX_ISSUES} issues"),
            str(len(found)),
            found[_MAX_ISSUES][0].line,
        )
    issues: list[GeniusIssue] = []
    seen: dict[int, Element] = {}
    for element, _ in found:
        issue = _domain_issue(element, source)
        if issue.index in seen:
            raise _problem(
                source,
                element.at("index"),
                Bilingual(
                    f"各议题的 index 互不相同（第 {seen[issue.index].line} 行已用）",
                    f"an index no other issue has (line {seen[issue.index].line} has it)",
                ),
                str(issue.index),
                element.line,
            )
        seen[issue.index] = element
        issues.append(issue)
    return GeniusDomain(source, _domain_name(Path(path)), tuple(issues))


def _domain_name(path: Path) -> str:
    stem = re.sub(r"[-_ ]?domain$", "", path.stem, flags=re.IGNORECASE)
    return stem or path.resolve().parent.name or "domain"


def _space(root: Element, source: str) -> Element:
    """The ``<utility_space>`` of a file: its root, or the child of ``<negotiation_template>``."""
    if root.tag == "utility_space":
        return root
    if root.tag == "negotiation_template":
        space = root.first("utility_space")
        if space is not None:
            return space
        expected = Bilingual(
            "<negotiation_template> 中的 <utility_space>", "a <utility_space> in the template"
        )
        raise _problem(source, root.path, expected, line=root.line)
    raise _problem(
        source,
        root.path,
        Bilingual(
            "根元素 <utility_space>（或包含它的 <negotiation_template>）",
            "the root element <utility_space> (or a <negotiation_template> holding one)",
        ),
        f"<{root.tag}>",
        root.line,
    )


def _objective(space: Element) -> Element:
    return space.first("objective") or space


def _issue_elements(objective: Element) -> list[tuple[Element, Element]]:
    """Each ``<issue>`` under the objective in document order, with the element holding it (and
    its weights); issues under nested objectives too, as GENIUS reads them."""
    found: list[tuple[Element, Element]] = []

    def visit(holder: Element) -> None:
        for child in holder.children:
            if child.tag == "issue":
                found.append((child, holder))
            elif child.tag == "objective":
                visit(child)

    visit(objective)
    return found


def _kind(element: Element, source: str) -> IssueKind:
    attributes = element.attributes
    written = attributes.get("type") or attributes.get("etype") or attributes.get("vtype")
    kind = (written or "discrete").strip().lower()
    if kind in ("discrete", "integer"):
        return "discrete" if kind == "discrete" else "integer"
    real = kind == "real"
    raise _problem(
        source,
        element.at("type"),
        Bilingual(
            "discrete 或 integer 议题"
            + ("（不支持实数议题：请改为离散或整数议题）" if real else ""),
            "a discrete or integer issue"
            + (
                " (real-valued issues are not supported: make them discrete or integer)"
                if real
                else ""
            ),
        ),
        written,
        element.line,
    )


def _text(element: Element, attribute: str, source: str, what: Bilingual) -> str:
    value = element.attributes.get(attribute)
    if value is None or not value.strip() or len(value) > 200:
        expected = Bilingual(f"{what.zh}：1至200个字符", f"{what.en}: 1 to 200 characters")
        raise _problem(source, element.at(attribute), expected, value, element.line)
    try:
        check_text(value)
    except PydanticCustomError as error:
        context = error.context or {}
        expected = Bilingual(
            f"{what.zh}（{context.get('zh', '')}）", f"{what.en} ({context.get('en', '')})"
        )
        raise _problem(source, element.at(attribute), expected, repr(value), element.line) from None
    return value.strip()


def _integer(element: Element, attribute: str, source: str) -> int:
    value = element.attributes.get(attribute)
    try:
        return int((value or "").strip())
    except ValueError:
        raise _problem(
            source, element.at(attribute), Bilingual("整数", "a whole number"), value, element.line
        ) from None


def _number(element: Element, attribute: str, source: str, what: Bilingual) -> Decimal:
    value = element.attributes.get(attribute)
    try:
        number = Decimal((value or "").strip())
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite():
        raise _problem(source, element.at(attribute), what, value, element.line)
    return number


def _domain_issue(element: Element, source: str) -> GeniusIssue:
    index = _integer(element, "index", source)
    name = _text(element, "name", source, Bilingual("议题名称", "the issue's name"))
    kind = _kind(element, source)
    items = element.all("item")
    low, high, where = _bounds(element, source) if kind == "integer" else (1, len(items), element)
    if high - low + 1 > _MAX_VALUES:
        many = Bilingual(
            f"一个议题至多 {_MAX_VALUES} 个取值", f"at most {_MAX_VALUES} values an issue"
        )
        path = where.at("upperbound") if kind == "integer" else element.path
        raise _problem(source, path, many, f"{high - low + 1}", where.line)
    values: tuple[str | int, ...] = tuple(range(low, high + 1))
    if kind == "discrete":
        names = [_text(item, "value", source, Bilingual("取值", "the value")) for item in items]
        for number, (item, value) in enumerate(zip(items, names, strict=True)):
            if value in names[:number]:
                raise _problem(
                    source,
                    item.at("value"),
                    Bilingual("议题内互不相同的取值", "a value no other item of the issue has"),
                    value,
                    item.line,
                )
        values = tuple(names)
    if len(values) < 2:
        raise _problem(
            source,
            element.path,
            Bilingual(
                f"议题“{name}”至少两个取值（<item> 或 lowerbound < upperbound）",
                f"at least two values for issue {name!r} (<item>s, or lowerbound < upperbound)",
            ),
            str(len(values)),
            element.line,
        )
    return GeniusIssue(index, name, kind, values)


def _bounds(element: Element, source: str) -> tuple[int, int, Element]:
    """An integer issue's bounds: attributes of the issue, or of its ``<range>`` child."""
    where = element
    if "lowerbound" not in element.attributes:
        where = element.first("range") or element
    if "lowerbound" not in where.attributes or "upperbound" not in where.attributes:
        raise _problem(
            source,
            element.path,
            Bilingual(
                "整数议题的 lowerbound 和 upperbound 属性（或 <range> 子元素）",
                "lowerbound and upperbound attributes (or a <range> child) on an integer issue",
            ),
            line=element.line,
        )
    return _integer(where, "lowerbound", source), _integer(where, "upperbound", source), where


# --- a profile ----------------------------------------------------------------------------------


def read_profile(path: str | Path, domain: GeniusDomain) -> GeniusProfile:
    """Read a GENIUS profile (preference profile) over ``domain``.

    Raises:
        InvalidDocument: the file is not a linear additive profile of the domain; the problem
            names the file, the XML path, the line and what was expected.
    """
    source = str(path)
    space = _space(read_xml(path), source)
    _refuse_nonlinear(space, source)
    warnings: list[Bilingual] = []
    found: dict[int, tuple[Element, Element]] = {}
    known = {issue.index for issue in domain.issues}
    for element, holder in _issue_elements(_objective(space)):
        index = _integer(element, "index", source)
        if index in found:
            raise _problem(
                source,
                element.at("index"),
                Bilingual("各议题的 index 互不相同", "an index no other issue has"),
                str(index),
                element.line,
            )
        found[index] = (element, holder)
        if index not in known:
            raise _problem(
                source,
                element.at("index"),
                Bilingual(
                    f"谈判域 {Path(domain.source).name} 中的议题序号",
                    f"the index of an issue of the domain {Path(domain.source).name}",
                ),
                str(index),
                element.line,
            )
    weights: list[Decimal] = []
    scores: list[tuple[Decimal, ...]] = []
    objective = _objective(space)
    for issue in domain.issues:
        if issue.index not in found:
            raise _problem(
                source,
                objective.path,
                Bilingual(
                    f'谈判域议题“{issue.name}”的 <issue index="{issue.index}">',
                    f'an <issue index="{issue.index}"> for the domain\'s issue {issue.name!r}',
                ),
                line=objective.line,
            )
        element, holder = found[issue.index]
        written = element.attributes.get("name", "").strip()
        if written and written != issue.name:
            warnings.append(
                Bilingual(
                    f"{Path(source).name}：序号 {issue.index} 的议题名为“{written}”，谈判域中为"
                    f"“{issue.name}”；按序号对应（与 GENIUS 相同）",
                    f"{Path(source).name}: issue {issue.index} is named {written!r}, the domain "
                    f"names it {issue.name!r}; matched by index, as GENIUS does",
                )
            )
        written_kind = element.attributes.get("type") or element.attributes.get("etype")
        if written_kind and _kind(element, source) != issue.kind:
            raise _problem(
                source,
                element.at("type"),
                Bilingual(f"{issue.kind}（与谈判域相同）", f"{issue.kind}, as in the domain"),
                written_kind,
                element.line,
            )
        weights.append(_weight(holder, issue, source))
        if issue.kind == "discrete":
            scores.append(_discrete_scores(element, issue, source))
        else:
            scores.append(_integer_scores(element, issue, source))
    reservation, discount = _reservation(space, source), _discount(space, source)
    if discount is not None:
        warnings.append(
            Bilingual(
                f"{Path(source).name}：折扣因子 {discount} 未建模，效用不随时间折减",
                f"{Path(source).name}: the discount factor {discount} is not modelled; "
                "utilities are not discounted over time",
            )
        )
    total = sum(weights, Decimal(0))
    if total <= 0:
        raise _problem(
            source,
            objective.path,
            Bilingual("权重之和大于0", "weights adding up to more than 0"),
            str(total),
            objective.line,
        )
    if abs(total - 1) > Decimal("0.02"):
        warnings.append(
            Bilingual(
                f"{Path(source).name}：权重之和为 {total}，已按比例调整为1",
                f"{Path(source).name}: the weights add up to {total}; they are scaled to add up "
                "to 1",
            )
        )
    return GeniusProfile(
        source, tuple(weights), tuple(scores), reservation, discount, tuple(warnings)
    )


def _refuse_nonlinear(space: Element, source: str) -> None:
    kind = space.attributes.get("type", "").strip().lower()
    if kind in _NONLINEAR_TYPES:
        raise _problem(
            source,
            space.at("type"),
            _linear_only(),
            space.attributes["type"],
            space.line,
        )
    for element in space.walk():
        if element.tag in NONLINEAR_TAGS:
            raise _problem(source, element.path, _linear_only(), f"<{element.tag}>", element.line)


def _linear_only() -> Bilingual:
    return Bilingual(
        "线性可加效用空间（权重与各议题的评价值）；不支持非线性或约束效用空间",
        "a linear additive utility space (weights and evaluations per issue); non-linear and "
        "constraint spaces are not supported",
    )


def _weight(holder: Element, issue: GeniusIssue, source: str) -> Decimal:
    for element in holder.all("weight"):
        if element.attributes.get("index", "").strip() == str(issue.index):
            weight = _number(element, "value", source, _non_negative("权重", "a weight"))
            if weight < 0:
                raise _problem(
                    source,
                    element.at("value"),
                    _non_negative("权重", "a weight"),
                    str(weight),
                    element.line,
                )
            return weight
    raise _problem(
        source,
        holder.path,
        Bilingual(
            f'议题“{issue.name}”的 <weight index="{issue.index}" value="…">',
            f'a <weight index="{issue.index}" value="..."> for issue {issue.name!r}',
        ),
        line=holder.line,
    )


def _non_negative(zh: str, en: str) -> Bilingual:
    return Bilingual(f"{zh}：不小于0的数", f"{en}: a number of at least 0")


def _discrete_scores(element: Element, issue: GeniusIssue, source: str) -> tuple[Decimal, ...]:
    items = list(element.all("item"))
    for evaluator in element.all("evaluator"):
        items.extend(evaluator.all("item"))
    by_value = {item.attributes.get("value", "").strip(): item for item in items}
    evaluations: list[Decimal] = []
    for value in issue.values:
        item = by_value.get(str(value))
        if item is None:
            raise _problem(
                source,
                element.path,
                Bilingual(
                    f'取值“{value}”的 <item value="{value}" evaluation="…">（谈判域的每个取值都须有评价值）',
                    f'an <item value="{value}" evaluation="..."> (every value of the domain needs '
                    "an evaluation)",
                ),
                line=element.line,
            )
        what = _non_negative("评价值", "an evaluation")
        evaluation = _number(item, "evaluation", source, what)
        if evaluation < 0:
            raise _problem(source, item.at("evaluation"), what, str(evaluation), item.line)
        evaluations.append(evaluation)
    top = max(evaluations)
    if top > 1:
        evaluations = [e / top for e in evaluations]
    return tuple(e.quantize(_PLACES) for e in evaluations)


def _integer_scores(element: Element, issue: GeniusIssue, source: str) -> tuple[Decimal, ...]:
    evaluator = element.first("evaluator")
    if evaluator is None:
        raise _problem(
            source,
            element.path,
            Bilingual(
                '整数议题的 <evaluator ftype="linear" slope="…" offset="…">',
                'an <evaluator ftype="linear" slope="..." offset="..."> on an integer issue',
            ),
            line=element.line,
        )
    ftype = evaluator.attributes.get("ftype", "linear").strip().lower()
    if ftype != "linear":
        raise _problem(
            source,
            evaluator.at("ftype"),
            Bilingual(
                "linear（整数议题只支持线性评价函数）",
                "linear (the one evaluator of integer issues)",
            ),
            ftype,
            evaluator.line,
        )
    slope = _number(evaluator, "slope", source, Bilingual("斜率（数）", "a slope (a number)"))
    offset = _number(evaluator, "offset", source, Bilingual("截距（数）", "an offset (a number)"))
    # GENIUS measures from the profile's own lower bound when it gives one.
    low = int(issue.values[0])
    if "lowerbound" in element.attributes or element.first("range") is not None:
        low = _bounds(element, source)[0]
    return tuple(
        min(Decimal(1), max(Decimal(0), offset + slope * (int(v) - low))).quantize(_PLACES)
        for v in issue.values
    )


def _reservation(space: Element, source: str) -> Decimal:
    element = next((e for e in space.walk() if e.tag == "reservation"), None)
    if element is None:
        return Decimal(0)
    what = Bilingual("保留值：0到1之间的数", "a reservation value from 0 to 1")
    value = _number(element, "value", source, what)
    if not 0 <= value <= 1:
        raise _problem(source, element.at("value"), what, str(value), element.line)
    return value


def _discount(space: Element, source: str) -> Decimal | None:
    element = next((e for e in space.walk() if e.tag == "discount_factor"), None)
    if element is None:
        return None
    value = _number(element, "value", source, Bilingual("折扣因子（数）", "a discount factor"))
    # GENIUS takes a factor outside (0, 1) as 1: no discount.
    return value if 0 < value < 1 else None
