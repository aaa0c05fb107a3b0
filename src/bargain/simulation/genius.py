"""Importing the negotiation domains of the GENIUS platform and the ANAC competitions.

GENIUS describes a negotiation in XML: a *domain* file lists the issues and their values, and one
*profile* (preference profile, utility space) per party gives that party's linear additive
utility, ``u(bid) = sum of weight(issue) * evaluation(issue, value)``::

    <negotiation_template>                       (optional wrapper of a domain file)
      <utility_space>                            (type="nonlinear" or "constraint": refused)
        <objective index="0" name="root">
          <issue index="1" name="Maker" type="discrete">
            <item index="1" value="Canon" evaluation="320"/>     (evaluation: profiles only,
            ...                                                   also inside an <evaluator
          </issue>                                                ftype="discrete">)
          <issue index="2" name="Price" type="integer" lowerbound="0" upperbound="10">
            <evaluator ftype="linear" slope="0.1" offset="0"/>   (profiles only; the bounds
          </issue>                                                may be a <range> child)
          <weight index="1" value="0.6"/>                        (profiles only)
        </objective>
        <reservation value="0.5"/>  <discount_factor value="0.9"/>   (profiles only)
      </utility_space>
    </negotiation_template>

As GENIUS does, a discrete issue's evaluations are divided by the issue's largest one when that
is above 1 (else taken as they are), an integer value ``v`` is worth
``offset + slope * (v - lowerbound)`` kept between 0 and 1, and a weight is matched to its issue
by ``index``. Unlike GENIUS, the weights are scaled to add up to 1 (a warning says so when they
do not already) and evaluations are not rounded to whole numbers first. The discount factor is
not modelled (a warning says so); non-linear and constraint spaces and real-valued issues are
refused. The XML is read without any document type declaration, so no entity is ever expanded or
fetched.

:func:`import_genius` turns a folder holding one domain and its profiles into a scenario: each
GENIUS issue is an issue of the scenario, mapped to the ``text`` of a clause of kind OTHER (其他)
of a generated agreement, so that a value is a text (``Maker: Canon``) and a deal is an agreement
like any other. The agreement's parties (研究用工会, 研究用企业) and the case figures are research
placeholders; the weights, evaluations and reservation values are each side's private brief.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from bargain._reading import validate_tree
from bargain.domain.agreement import Agreement
from bargain.domain.language import Bilingual
from bargain.errors import InvalidDocument, Problem
from bargain.simulation._genius_reading import (
    NONLINEAR_TAGS,
    GeniusDomain,
    GeniusIssue,
    GeniusProfile,
    read_domain,
    read_profile,
)
from bargain.simulation._xml import read_xml
from bargain.simulation.game import Game
from bargain.simulation.scenario import Scenario

__all__ = [
    "DEFAULT_ROUNDS",
    "GeniusDomain",
    "GeniusImport",
    "GeniusIssue",
    "GeniusProfile",
    "find_genius_files",
    "genius_scenario",
    "import_genius",
    "read_domain",
    "read_profile",
]

DEFAULT_ROUNDS = 100
"""The deadline of an imported scenario, in rounds, unless told otherwise."""

PLACEHOLDER_REGION = "100000"
"""The region of the generated agreement: a well-formed code that names no real place."""

PLACEHOLDER_TERM = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
"""The term of the generated agreement (the law judges a text over its term)."""


@dataclass(frozen=True)
class GeniusImport:
    """A GENIUS domain made into a scenario and the agreement it plays on."""

    domain: GeniusDomain
    """The domain read."""
    union: GeniusProfile
    """The profile that is the union side's brief."""
    employer: GeniusProfile
    """The profile that is the employer side's brief."""
    scenario: Scenario
    """The scenario."""
    agreement: Agreement
    """The agreement on the table: one clause of kind OTHER per issue."""
    warnings: tuple[Bilingual, ...]
    """What GENIUS has and the scenario does not model (discount factors, say)."""
    scenario_data: dict[str, Any] = field(repr=False)
    """The scenario as plain data, as it is written."""
    agreement_data: dict[str, Any] = field(repr=False)
    """The agreement as plain data, as it is written."""

    @property
    def scenario_file(self) -> str:
        """The scenario's file name."""
        return f"{self.scenario.id}.yaml"

    def game(self) -> Game:
        """The scenario joined to its agreement, ready to play."""
        return Game(self.scenario, self.agreement, source=self.scenario_file)

    def write(self, folder: str | Path) -> tuple[Path, Path]:
        """Write the scenario and the agreement into ``folder`` (made if missing, files replaced).

        Returns the scenario's path and the agreement's.

        Raises:
            InvalidDocument: a file cannot be written.
        """
        where = Path(folder)
        scenario = where / self.scenario_file
        agreement = where / self.scenario.agreement
        try:
            where.mkdir(parents=True, exist_ok=True)
            scenario.write_text(
                self._header("scenario") + _yaml(self.scenario_data, flow=True), encoding="utf-8"
            )
            agreement.write_text(
                self._header("agreement") + _yaml(self.agreement_data, flow=False),
                encoding="utf-8",
            )
        except OSError as error:
            raise InvalidDocument(
                [
                    Problem(
                        str(error.filename or where),
                        "",
                        Bilingual(
                            f"可写入的路径（{error.strerror}）",
                            f"a writable path ({error.strerror})",
                        ),
                    )
                ]
            ) from None
        return scenario, agreement

    def _header(self, what: str) -> str:
        lines = [
            f"# GENIUS domain {self.domain.name}: the {what} made by `bargain scenario import-genius`.",
            "#",
            f"# Domain {Path(self.domain.source).name}; the union's profile {self.union.name}, the "
            f"employer's {self.employer.name}.",
            "# The parties (研究用工会, 研究用企业) and the case figures are research placeholders,",
            "# not a real union or company; each issue is the text of one clause of kind OTHER.",
        ]
        lines.extend(f"# Note: {warning.en}" for warning in self.warnings)
        # A line break in a file name must not end the comment.
        return "\n".join(" ".join(line.split()) for line in lines) + "\n"


def _yaml(data: dict[str, Any], *, flow: bool) -> str:
    """YAML text; with ``flow``, lists and mappings of plain values on one line each."""
    return yaml.safe_dump(
        data,
        allow_unicode=True,
        sort_keys=False,
        width=100,
        default_flow_style=None if flow else False,
    )


def import_genius(
    folder: str | Path,
    *,
    union: str | None = None,
    employer: str | None = None,
    rounds: int = DEFAULT_ROUNDS,
) -> GeniusImport:
    """Read a folder holding one GENIUS domain and its profiles, and make a scenario of it.

    ``union`` and ``employer`` name the profiles of the two sides (a file name, with or without
    ``.xml``, in the folder, or a path); by default the first two profiles in file-name order.

    Raises:
        InvalidDocument: a file is not what GENIUS writes or not a linear additive space, a
            profile named is not found, or ``rounds`` is out of range; each problem names its file
            (or option), the XML path and what was expected.
    """
    domain_path, profiles = find_genius_files(folder)
    union_path = _choose(profiles, union, 0, "--union")
    employer_path = _choose(profiles, employer, 1, "--employer")
    domain = read_domain(domain_path)
    return genius_scenario(
        domain,
        read_profile(union_path, domain),
        read_profile(employer_path, domain),
        rounds=rounds,
    )


def _choose(profiles: list[Path], wanted: str | None, position: int, option: str) -> Path:
    names = ", ".join(p.name for p in profiles)
    if wanted is None:
        if position < len(profiles):
            return profiles[position]
        expected = Bilingual(
            f"第二个效用文件（只找到：{names}），或用 {option} 指定",
            f"a second profile (found only {names}), or name one with {option}",
        )
        raise InvalidDocument([Problem(option, "", expected)])
    for path in profiles:
        if wanted in (path.name, path.stem):
            return path
    if Path(wanted).is_file():
        return Path(wanted)
    expected = Bilingual(f"效用文件之一：{names}", f"one of the profiles: {names}")
    raise InvalidDocument([Problem(option, "", expected, wanted)])


# --- a folder -----------------------------------------------------------------------------------


def find_genius_files(folder: str | Path) -> tuple[Path, list[Path]]:
    """The domain file and the profile files of a folder, profiles in file-name order.

    A file with weights (or a non-linear utility) is a profile, any other ``.xml`` file a domain.

    Raises:
        InvalidDocument: the folder does not hold exactly one domain and at least one profile.
    """
    where = Path(folder)
    if not where.is_dir():
        expected = Bilingual("存放 GENIUS 文件的目录", "a folder of GENIUS files")
        raise InvalidDocument([Problem(str(where), "", expected)])
    domains: list[Path] = []
    profiles: list[Path] = []
    for path in sorted(where.glob("*.xml"), key=lambda p: p.name):
        root = read_xml(path)
        profile = any(e.tag == "weight" or e.tag in NONLINEAR_TAGS for e in root.walk())
        (profiles if profile else domains).append(path)
    if len(domains) != 1 or not profiles:
        listing = ", ".join(p.name for p in domains) or "-"
        expected = Bilingual(
            f"恰好一个谈判域文件和至少一个效用文件（.xml）；谈判域：{listing}，效用文件："
            f"{len(profiles)}个",
            f"exactly one domain file and at least one profile (.xml); domains: {listing}, "
            f"profiles: {len(profiles)}",
        )
        raise InvalidDocument([Problem(str(where), "", expected)])
    return domains[0], profiles


def genius_scenario(
    domain: GeniusDomain,
    union: GeniusProfile,
    employer: GeniusProfile,
    *,
    rounds: int = DEFAULT_ROUNDS,
) -> GeniusImport:
    """The scenario and agreement of a GENIUS domain, ``union`` and ``employer`` being the
    profiles of the two sides.

    Raises:
        InvalidDocument: ``rounds`` is not from 1 to 10,000.
    """
    if not 1 <= rounds <= 10_000:
        expected = Bilingual("1到10000之间的整数", "a whole number from 1 to 10,000")
        raise InvalidDocument([Problem("--rounds", "", expected, str(rounds))])
    keys = _keys(domain.issues)
    key = _identifier(domain.name)
    agreement_file = f"{key}-agreement.yaml"
    issues: list[dict[str, Any]] = []
    clauses: list[dict[str, Any]] = []
    for issue_key, issue in zip(keys, domain.issues, strict=True):
        label = issue.name.replace("{", "(").replace("}", ")")
        label = label if len(label) <= 34 else label[:33] + "…"
        entry: dict[str, Any] = {
            "id": issue_key,
            "name": issue.name,
            "name_en": issue.name,
            "clause": issue_key,
            "field": "text",
        }
        if issue.kind == "integer":
            entry["range"] = {"low": issue.values[0], "high": issue.values[-1], "step": 1}
        else:
            entry["values"] = list(issue.values)
        entry["format"] = f"{label}: {{}}"
        issues.append(entry)
        clauses.append(
            {
                "id": issue_key,
                "kind": "OTHER",
                "heading": issue.name,
                "heading_en": issue.name,
                "text": f"{issue.name}：待协商（to be agreed）",
            }
        )
    name = domain.name if len(domain.name) <= 80 else domain.name[:79] + "…"
    scenario_data: dict[str, Any] = {
        "id": key,
        "title": f"GENIUS 谈判域：{name}（研究用）",
        "title_en": f"GENIUS domain: {name} (research)",
        "description": _DESCRIPTION.zh,
        "description_en": _DESCRIPTION.en,
        "agreement": agreement_file,
        "case": {
            "workers": 1,
            "orders_per_day": 0,
            "revenue_per_order": 0,
            "margin": 0,
            "facts": [
                _fact("GENIUS 谈判域文件", "GENIUS domain file", Path(domain.source).name),
                _fact("工会方效用文件", "the union's profile", union.name),
                _fact("企业方效用文件", "the employer's profile", employer.name),
            ],
        },
        "issues": issues,
        "union": _brief(union, keys),
        "employer": _brief(employer, keys),
        "deadline": {"rounds": rounds},
    }
    agreement_data: dict[str, Any] = {
        "id": key,
        "title": f"研究用集体合同（GENIUS 谈判域 {name}）",
        "title_en": f"Research agreement (GENIUS domain {name})",
        "kind": "comprehensive",
        "union": _placeholder("research-union", "研究用工会（占位）", "research union", "union"),
        "employer": _placeholder(
            "research-employer", "研究用企业（占位）", "research employer", "enterprise"
        ),
        "scope": {"region": PLACEHOLDER_REGION, "region_name": "研究用占位地区"},
        "term": {"start": PLACEHOLDER_TERM[0], "end": PLACEHOLDER_TERM[1]},
        "clauses": clauses,
    }
    source = f"<{key}>"
    scenario = validate_tree(Scenario, scenario_data, {}, source)
    agreement = validate_tree(Agreement, agreement_data, {}, f"<{agreement_file}>")
    Game(scenario, agreement, source=source)  # the values fit the clauses: checked once here
    return GeniusImport(
        domain,
        union,
        employer,
        scenario,
        agreement,
        union.warnings + employer.warnings,
        scenario_data,
        agreement_data,
    )


_DESCRIPTION = Bilingual(
    "由 GENIUS / ANAC 谈判平台的线性可加效用域导入的研究用情景。当事双方为研究用占位（并非真实的工会或企业），"
    "案例数据为占位数值，不作成本测算；每个议题对应合同中一条“其他”类条款，条文即议题的取值。"
    "双方的权重、评价值和保留值取自各自的效用文件；折扣因子未建模。",
    "A research scenario imported from a linear additive domain of the GENIUS / ANAC negotiation "
    "platform. The parties are research placeholders (not a real union or company) and the case "
    "figures are placeholders, so nothing is costed; each issue is one clause of kind OTHER of "
    "the agreement, whose text is the issue's value. Each side's weights, evaluations and "
    "reservation value come from its profile; discount factors are not modelled.",
)


def _fact(label: str, label_en: str, value: str) -> dict[str, str]:
    return {"label": label, "label_en": label_en, "value": value}


def _placeholder(key: str, name: str, name_en: str, kind: str) -> dict[str, Any]:
    organisation = {"id": key, "name": name, "name_en": f"{name_en} (placeholder)", "kind": kind}
    return {"organisations": [organisation]}


def _brief(profile: GeniusProfile, keys: list[str]) -> dict[str, Any]:
    preferences: dict[str, Any] = {}
    for key, scores in zip(keys, profile.scores, strict=True):
        even = [(Decimal(i) / (len(scores) - 1)).quantize(scores[0]) for i in range(len(scores))]
        if list(scores) == even:
            preferences[key] = "higher"
        elif list(scores) == even[::-1]:
            preferences[key] = "lower"
        else:
            preferences[key] = [_plain(s) for s in scores]
    notes = Bilingual(
        f"权重、评价值和保留值取自 GENIUS 效用文件 {profile.name}。",
        f"Weights, evaluations and reservation value from the GENIUS profile {profile.name}.",
    )
    return {
        "weights": {key: _plain(w) for key, w in zip(keys, profile.weights, strict=True)},
        "preferences": preferences,
        "reservation": _plain(profile.reservation),
        "notes": notes.zh,
        "notes_en": notes.en,
    }


def _plain(number: Decimal) -> int | float:
    """A number as YAML writes it plainly (``0.34``, ``1``)."""
    return int(number) if number == number.to_integral_value() else float(number)


def _keys(issues: tuple[GeniusIssue, ...]) -> list[str]:
    """An issue key (``shift_length``) per issue: its name in lower case, else ``issue_1``."""
    keys: list[str] = []
    for issue in issues:
        base = re.sub(r"[^a-z0-9]+", "_", issue.name.lower())[:40].strip("_")
        if not base or not base[0].isalpha():
            base = f"issue_{issue.index}" if not base else f"issue_{base}"
        key, number = base, 2
        while key in keys:
            key, number = f"{base}_{number}", number + 1
        keys.append(key)
    return keys


def _identifier(name: str) -> str:
    """The scenario's id: ``genius-`` and the domain's name in lower case."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower())[:40].strip("-")
    return f"genius-{slug}" if slug else "genius-domain"
