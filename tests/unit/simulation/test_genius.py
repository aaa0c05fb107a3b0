"""GENIUS / ANAC domains: reading the XML, the utilities it gives, the scenario made of it, and
every way a file can be refused (each naming the file, the XML path and what was expected)."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from bargain.domain.agreement import Agreement
from bargain.domain.language import Lang
from bargain.domain.parties import Side
from bargain.errors import InvalidDocument, Problem
from bargain.files import load_agreement
from bargain.simulation import load_game, play
from bargain.simulation.genius import (
    find_genius_files,
    import_genius,
    read_domain,
    read_profile,
)

DATA = Path(__file__).resolve().parents[2] / "data" / "genius"
SHIFTS = DATA / "shifts"
NESTED = DATA / "nested"


def copy(tmp_path: Path, folder: Path = SHIFTS) -> Path:
    target = tmp_path / folder.name
    shutil.copytree(folder, target)
    return target


def edit(folder: Path, name: str, old: str, new: str) -> Path:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def the_problem(error: pytest.ExceptionInfo[InvalidDocument]) -> Problem:
    assert len(error.value.problems) == 1
    return error.value.problems[0]


# --- reading ------------------------------------------------------------------------------------


def test_a_domain_lists_its_issues_in_order_with_items_and_integer_ranges() -> None:
    domain = read_domain(SHIFTS / "shifts-domain.xml")
    assert domain.name == "shifts"
    assert [(i.index, i.name, i.kind) for i in domain.issues] == [
        (1, "Shift length", "discrete"),
        (2, "Meal allowance", "integer"),
        (3, "Night work", "discrete"),
    ]
    assert domain.issues[0].values == ("8 hours", "10 hours", "12 hours")
    assert domain.issues[1].values == tuple(range(10, 21))


def test_issues_under_a_nested_objective_and_a_range_child_are_read_as_genius_reads_them() -> None:
    # The file also has a comment before its XML declaration, which GENIUS accepts.
    domain = read_domain(NESTED / "nested-domain.xml")
    assert [(i.index, i.name, i.values) for i in domain.issues] == [
        (1, "Training days", (0, 1, 2, 3, 4)),
        (3, "Bonus", ("none", "small", "large")),
    ]


def test_evaluations_above_one_are_divided_by_the_issues_largest() -> None:
    domain = read_domain(SHIFTS / "shifts-domain.xml")
    union = read_profile(SHIFTS / "shifts-prof1.xml", domain)
    # Shift length 10, 6, 1 (largest 10); night work 4, 5, 0 (largest 5).
    assert union.scores[0] == (Decimal(1), Decimal("0.6"), Decimal("0.1"))
    assert union.scores[2] == (Decimal("0.8"), Decimal(1), Decimal(0))
    assert union.weights == (Decimal("0.5"), Decimal("0.3"), Decimal("0.2"))
    assert union.reservation == Decimal("0.3")


def test_evaluations_up_to_one_inside_a_discrete_evaluator_are_taken_as_they_are() -> None:
    domain = read_domain(SHIFTS / "shifts-domain.xml")
    employer = read_profile(SHIFTS / "shifts-prof2.xml", domain)
    assert employer.scores[0] == (Decimal("0.2"), Decimal("0.7"), Decimal(1))
    assert employer.scores[2] == (Decimal("0.5"), Decimal("0.8"), Decimal("0.9"))
    assert employer.discount is None
    assert employer.warnings == ()


def test_an_integer_value_is_offset_plus_slope_times_its_distance_from_the_lower_bound() -> None:
    domain = read_domain(SHIFTS / "shifts-domain.xml")
    union = read_profile(SHIFTS / "shifts-prof1.xml", domain)
    employer = read_profile(SHIFTS / "shifts-prof2.xml", domain)
    # Union: 0 + 0.1 * (v - 10). Employer: 1.2 - 0.15 * (v - 10), kept between 0 and 1.
    assert union.scores[1] == tuple(Decimal(v - 10) / 10 for v in range(10, 21))
    expected = [
        min(Decimal(1), max(Decimal(0), Decimal("1.2") - Decimal("0.15") * (v - 10)))
        for v in range(10, 21)
    ]
    assert employer.scores[1] == tuple(expected)
    assert employer.scores[1][:3] == (Decimal(1), Decimal(1), Decimal("0.9"))
    assert employer.scores[1][-3:] == (Decimal(0),) * 3


def test_the_discount_factor_is_read_but_not_modelled_and_a_warning_says_so(
    tmp_path: Path,
) -> None:
    domain = read_domain(SHIFTS / "shifts-domain.xml")
    union = read_profile(SHIFTS / "shifts-prof1.xml", domain)
    assert union.discount == Decimal("0.9")
    assert [w.en for w in union.warnings] == [
        "shifts-prof1.xml: the discount factor 0.9 is not modelled; utilities are not "
        "discounted over time"
    ]
    # A factor of 1 (or outside 0..1, which GENIUS discards) discounts nothing: no warning.
    folder = copy(tmp_path)
    edit(folder, "shifts-prof1.xml", 'discount_factor value="0.9"', 'discount_factor value="1"')
    assert read_profile(folder / "shifts-prof1.xml", domain).warnings == ()


def test_weights_are_matched_by_index_at_the_level_of_their_issue_and_names_by_index() -> None:
    domain = read_domain(NESTED / "nested-domain.xml")
    first = read_profile(NESTED / "first.xml", domain)
    # The weight of issue 3 is inside its objective; the objective's own weight (index 2) is
    # not an issue's.
    assert first.weights == (Decimal("0.5"), Decimal("1.5"))
    assert [w.en for w in first.warnings] == [
        "first.xml: issue 1 is named 'Days of training', the domain names it 'Training days'; "
        "matched by index, as GENIUS does",
        "first.xml: the weights add up to 2.0; they are scaled to add up to 1",
    ]


def test_a_folder_holds_one_domain_and_its_profiles_in_file_name_order() -> None:
    domain, profiles = find_genius_files(NESTED)
    assert domain.name == "nested-domain.xml"
    assert [p.name for p in profiles] == ["first.xml", "second.xml"]


# --- the scenario -------------------------------------------------------------------------------


def test_the_imported_scenario_gives_each_side_its_genius_utility() -> None:
    game = import_genius(SHIFTS).game()
    outcome = (1, 5, 1)  # 10 hours, a meal allowance of 15, voluntary night work
    assert game.describe(outcome, Lang.EN) == [
        ("Shift length", "10 hours"),
        ("Meal allowance", "15"),
        ("Night work", "voluntary"),
    ]
    # Union: 0.5 * 6/10 + 0.3 * 0.5 + 0.2 * 5/5. Employer: 0.4 * 0.7 + 0.4 * 0.45 + 0.2 * 0.8.
    assert game.utility(Side.UNION, outcome) == pytest.approx(0.65)
    assert game.utility(Side.EMPLOYER, outcome) == pytest.approx(0.62)
    assert game.reservations == {Side.UNION: 0.3, Side.EMPLOYER: 0.4}


def test_weights_not_adding_up_to_one_are_scaled() -> None:
    game = import_genius(NESTED).game()
    # first.xml: weights 0.5 and 1.5 become 0.25 and 0.75; 3 training days (0.75), small bonus
    # (2 of 4).
    assert game.utility(Side.UNION, (3, 1)) == pytest.approx(0.25 * 0.75 + 0.75 * 0.5)
    assert game.utility(Side.EMPLOYER, (3, 1)) == pytest.approx(0.3 * 0.25 + 0.7 * 0.6)


def test_each_issue_is_the_text_of_an_other_clause_of_a_placeholder_agreement() -> None:
    imported = import_genius(SHIFTS)
    agreement = imported.agreement
    assert [(c.id, c.kind.value, c.heading) for c in agreement.clauses] == [
        ("shift_length", "OTHER", "Shift length"),
        ("meal_allowance", "OTHER", "Meal allowance"),
        ("night_work", "OTHER", "Night work"),
    ]
    assert agreement.union.organisations[0].name == "研究用工会（占位）"
    assert agreement.employer.organisations[0].name_en == "research employer (placeholder)"
    assert [(i.clause, i.field) for i in imported.scenario.issues] == [
        ("shift_length", "text"),
        ("meal_allowance", "text"),
        ("night_work", "text"),
    ]
    offer = imported.game().offer(Side.UNION, (0, 10, 2))
    assert [p.changes for p in offer.positions] == [
        {"text": "Shift length: 8 hours"},
        {"text": "Meal allowance: 20"},
        {"text": "Night work: rostered"},
    ]


def test_the_imported_scenario_plays_a_game_whose_deal_is_a_lawful_agreement() -> None:
    game = import_genius(SHIFTS).game()
    record = play(game, "boulware", "conceder", seed=3)
    assert record.deal is not None
    assert play(game, "boulware", "conceder", seed=3).moves == record.moves
    for side in Side:
        assert game.utility(side, record.deal) >= game.reservations[side]
    deal = game.deal(record.deal)
    assert isinstance(deal, Agreement)
    labels = [label for _, label in game.describe(record.deal, Lang.EN)]
    assert [c.text.splitlines()[0] for c in deal.clauses] == [
        f"{name}: {label}"
        for name, label in zip(
            ["Shift length", "Meal allowance", "Night work"], labels, strict=True
        )
    ]
    assert game.legal(record.deal)


def test_profiles_can_be_chosen_by_name_and_the_sides_swapped() -> None:
    swapped = import_genius(SHIFTS, union="shifts-prof2", employer="shifts-prof2.xml")
    assert (swapped.union.name, swapped.employer.name) == ("shifts-prof2.xml", "shifts-prof2.xml")
    swapped = import_genius(SHIFTS, union="shifts-prof2.xml", employer="shifts-prof1.xml", rounds=7)
    assert swapped.game().reservations == {Side.UNION: 0.4, Side.EMPLOYER: 0.3}
    assert swapped.scenario.deadline.rounds == 7


def test_the_written_files_read_back_as_the_same_game(tmp_path: Path) -> None:
    imported = import_genius(SHIFTS)
    scenario_path, agreement_path = imported.write(tmp_path / "out")
    assert scenario_path.name == "genius-shifts.yaml"
    assert agreement_path.name == "genius-shifts-agreement.yaml"
    assert load_agreement(agreement_path) == imported.agreement
    game = load_game(scenario_path)
    assert game.scenario == imported.scenario
    assert game.utilities[Side.EMPLOYER].tables == imported.game().utilities[Side.EMPLOYER].tables
    header = scenario_path.read_text(encoding="utf-8").splitlines()[:7]
    assert any("research placeholders" in line for line in header)
    assert any("discount factor 0.9 is not modelled" in line for line in header)


def test_values_that_look_like_numbers_or_yaml_words_stay_texts(tmp_path: Path) -> None:
    folder = copy(tmp_path)
    for name in ("shifts-domain.xml", "shifts-prof1.xml", "shifts-prof2.xml"):
        edit(folder, name, 'value="8 hours"', 'value="1"')
        edit(folder, name, 'value="10 hours"', 'value="yes"')
        edit(folder, name, 'value="12 hours"', 'value="null"')
    scenario_path, _ = import_genius(folder).write(tmp_path / "out")
    data = yaml.safe_load(scenario_path.read_text(encoding="utf-8"))
    assert data["issues"][0]["values"] == ["1", "yes", "null"]
    assert load_game(scenario_path).issues[0].options == ("1", "yes", "null")


def test_issue_names_become_keys_and_labels_of_the_clause_text(tmp_path: Path) -> None:
    folder = copy(tmp_path)
    for name in ("shifts-domain.xml", "shifts-prof1.xml", "shifts-prof2.xml"):
        edit(folder, name, 'name="Shift length"', 'name="勤務時間"')
        edit(folder, name, 'name="Night work"', 'name="Night {work} on 3 shifts"')
    imported = import_genius(folder)
    first, _, third = imported.scenario.issues
    assert (first.id, first.name, first.format) == ("issue_1", "勤務時間", "勤務時間: {}")
    assert (third.id, third.format) == ("night_work_on_3_shifts", "Night (work) on 3 shifts: {}")
    positions = imported.game().offer(Side.UNION, (0, 0, 0)).positions
    assert [p.changes["text"] for p in positions] == [
        "勤務時間: 8 hours",
        "Meal allowance: 10",
        "Night (work) on 3 shifts: none",
    ]


# --- refused files ------------------------------------------------------------------------------

BAD = [
    pytest.param(
        "shifts-domain.xml",
        '</issue>\n      <issue index="2"',
        '</issu>\n      <issue index="2"',
        "",
        "well-formed XML (mismatched tag)",
        id="malformed",
    ),
    pytest.param(
        "shifts-domain.xml",
        "<negotiation_template",
        '<!DOCTYPE t [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>\n<negotiation_template',
        "",
        "XML without a document type declaration (<!DOCTYPE>)",
        id="entities",
    ),
    pytest.param(
        "shifts-domain.xml",
        "<negotiation_template",
        '<!DOCTYPE t SYSTEM "file:///etc/passwd">\n<negotiation_template',
        "",
        "XML without a document type declaration (<!DOCTYPE>)",
        id="external-entity",
    ),
    pytest.param(
        "shifts-prof2.xml",
        '<utility_space type="linear">',
        '<utility_space type="nonlinear">',
        "/utility_space/@type",
        "a linear additive utility space",
        id="nonlinear-type",
    ),
    pytest.param(
        "shifts-prof2.xml",
        '<weight index="1" value="0.4"/>',
        '<weight index="1" value="0.4"/><utility maxutility="1"><ufun type="PlainUfun"/></utility>',
        "/utility_space/objective[1]/utility[1]",
        "non-linear and constraint spaces are not supported",
        id="hyper-rectangles",
    ),
    pytest.param(
        "shifts-domain.xml",
        'name="Meal allowance" type="integer" etype="integer" vtype="integer"',
        'name="Meal allowance" type="real" etype="real" vtype="real"',
        "/negotiation_template/utility_space[1]/objective[1]/issue[2]/@type",
        "real-valued issues are not supported",
        id="real-issue",
    ),
    pytest.param(
        "shifts-domain.xml",
        'lowerbound="10" upperbound="20"',
        'lowerbound="10"',
        "/negotiation_template/utility_space[1]/objective[1]/issue[2]",
        "lowerbound and upperbound attributes (or a <range> child) on an integer issue",
        id="integer-without-bounds",
    ),
    pytest.param(
        "shifts-domain.xml",
        'upperbound="20"',
        'upperbound="twenty"',
        "/negotiation_template/utility_space[1]/objective[1]/issue[2]/@upperbound",
        "a whole number",
        id="integer-bound-not-a-number",
    ),
    pytest.param(
        "shifts-domain.xml",
        'upperbound="20"',
        'upperbound="5000"',
        "/negotiation_template/utility_space[1]/objective[1]/issue[2]/@upperbound",
        "at most 1000 values an issue",
        id="integer-too-many-values",
    ),
    pytest.param(
        "shifts-domain.xml",
        '<item index="2" value="voluntary"/>\n        <item index="3" value="rostered"/>',
        "",
        "/negotiation_template/utility_space[1]/objective[1]/issue[3]",
        "at least two values for issue 'Night work'",
        id="one-value",
    ),
    pytest.param(
        "shifts-domain.xml",
        'value="rostered"',
        'value="none"',
        "/negotiation_template/utility_space[1]/objective[1]/issue[3]/item[3]/@value",
        "a value no other item of the issue has",
        id="duplicate-value",
    ),
    pytest.param(
        "shifts-domain.xml",
        'value="rostered"',
        'value="&#x202E;rostered"',
        "/negotiation_template/utility_space[1]/objective[1]/issue[3]/item[3]/@value",
        "a bidirectional control character U+202E is not allowed",
        id="bidi-value",
    ),
    pytest.param(
        "shifts-prof1.xml",
        'value="12 hours" evaluation="1"',
        'value="12 hours"',
        "/utility_space/objective[1]/issue[1]/item[3]/@evaluation",
        "an evaluation: a number of at least 0",
        id="no-evaluation",
    ),
    pytest.param(
        "shifts-prof1.xml",
        'evaluation="6"',
        'evaluation="-6"',
        "/utility_space/objective[1]/issue[1]/item[2]/@evaluation",
        "an evaluation: a number of at least 0",
        id="negative-evaluation",
    ),
    pytest.param(
        "shifts-prof1.xml",
        '<item index="3" value="rostered" evaluation="0"/>',
        "",
        "/utility_space/objective[1]/issue[3]",
        'an <item value="rostered" evaluation="..."> (every value of the domain needs',
        id="value-without-item",
    ),
    pytest.param(
        "shifts-prof1.xml",
        '<weight index="2" value="0.3"/>',
        "",
        "/utility_space/objective[1]",
        'a <weight index="2" value="..."> for issue \'Meal allowance\'',
        id="no-weight",
    ),
    pytest.param(
        "shifts-prof1.xml",
        '<weight index="2" value="0.3"/>',
        '<weight index="2" value="NaN"/>',
        "/utility_space/objective[1]/weight[2]/@value",
        "a weight: a number of at least 0",
        id="weight-not-a-number",
    ),
    pytest.param(
        "shifts-domain.xml",
        '<issue index="3" name="Night work"',
        '<issue index="2" name="Night work"',
        "/negotiation_template/utility_space[1]/objective[1]/issue[3]/@index",
        "an index no other issue has (line 14 has it)",
        id="domain-index-twice",
    ),
    pytest.param(
        "shifts-prof1.xml",
        '<issue index="3" name="Night work"',
        '<issue index="2" name="Night work"',
        "/utility_space/objective[1]/issue[3]/@index",
        "an index no other issue has",
        id="profile-index-twice",
    ),
    pytest.param(
        "shifts-prof1.xml",
        '<reservation value="0.3"/>',
        '<reservation value="1.3"/>',
        "/utility_space/reservation[1]/@value",
        "a reservation value from 0 to 1",
        id="reservation-above-one",
    ),
    pytest.param(
        "shifts-prof1.xml",
        '<issue index="3" name="Night work"',
        '<issue index="4" name="Night work"',
        "/utility_space/objective[1]/issue[3]/@index",
        "the index of an issue of the domain shifts-domain.xml",
        id="issue-not-in-domain",
    ),
    pytest.param(
        "shifts-prof2.xml",
        '<evaluator ftype="linear" slope="-0.15" offset="1.2"/>',
        '<evaluator ftype="exponential" slope="-0.15" offset="1.2"/>',
        "/utility_space/objective[1]/issue[2]/evaluator[1]/@ftype",
        "linear (the one evaluator of integer issues)",
        id="integer-evaluator-not-linear",
    ),
    pytest.param(
        "shifts-prof2.xml",
        '<evaluator ftype="linear" slope="-0.15" offset="1.2"/>',
        "",
        "/utility_space/objective[1]/issue[2]",
        'an <evaluator ftype="linear" slope="..." offset="..."> on an integer issue',
        id="integer-without-evaluator",
    ),
]


@pytest.mark.parametrize(("name", "old", "new", "path", "expected"), BAD)
def test_a_bad_file_is_refused_naming_the_file_the_xml_path_and_what_was_expected(
    tmp_path: Path, name: str, old: str, new: str, path: str, expected: str
) -> None:
    folder = copy(tmp_path)
    edited = edit(folder, name, old, new)
    with pytest.raises(InvalidDocument) as error:
        import_genius(folder)
    problem = the_problem(error)
    assert problem.source == str(edited)
    assert problem.path == path
    assert expected in problem.expected.en
    assert problem.expected.zh
    assert problem.line is not None
    rendered = problem.render(Lang.EN)
    assert rendered.startswith(f"{edited}:{problem.line}: ")


def test_a_file_whose_root_is_not_a_utility_space_is_refused(tmp_path: Path) -> None:
    folder = copy(tmp_path)
    (folder / "shifts-domain.xml").write_text("<domain><issue/></domain>", encoding="utf-8")
    with pytest.raises(InvalidDocument) as error:
        read_domain(folder / "shifts-domain.xml")
    problem = the_problem(error)
    assert (problem.path, problem.found, problem.line) == ("/domain", "<domain>", 1)
    assert "the root element <utility_space>" in problem.expected.en


def test_a_malformed_file_names_the_line_of_the_fault(tmp_path: Path) -> None:
    folder = copy(tmp_path)
    edit(
        folder,
        "shifts-prof1.xml",
        '<weight index="2" value="0.3"/>',
        '<weight index="2" value=0.3/>',
    )
    with pytest.raises(InvalidDocument) as error:
        import_genius(folder)
    problem = the_problem(error)
    line = (folder / "shifts-prof1.xml").read_text(encoding="utf-8").splitlines().index(
        '    <weight index="2" value=0.3/>'
    ) + 1
    assert problem.line == line
    assert problem.expected.en == "well-formed XML (not well-formed (invalid token))"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            "second-domain",
            "exactly one domain file and at least one profile (.xml); domains: "
            "other-domain.xml, shifts-domain.xml, profiles: 2",
        ),
        (
            "no-profile",
            "exactly one domain file and at least one profile (.xml); domains: "
            "shifts-domain.xml, profiles: 0",
        ),
    ],
)
def test_a_folder_must_hold_one_domain_and_profiles(
    tmp_path: Path, change: str, expected: str
) -> None:
    folder = copy(tmp_path)
    if change == "second-domain":
        shutil.copy(folder / "shifts-domain.xml", folder / "other-domain.xml")
    else:
        (folder / "shifts-prof1.xml").unlink()
        (folder / "shifts-prof2.xml").unlink()
    with pytest.raises(InvalidDocument) as error:
        import_genius(folder)
    problem = the_problem(error)
    assert (problem.source, problem.expected.en) == (str(folder), expected)


def test_one_profile_is_not_enough_unless_both_sides_name_it(tmp_path: Path) -> None:
    folder = copy(tmp_path)
    (folder / "shifts-prof2.xml").unlink()
    with pytest.raises(InvalidDocument) as error:
        import_genius(folder)
    problem = the_problem(error)
    assert problem.source == "--employer"
    assert problem.expected.en == (
        "a second profile (found only shifts-prof1.xml), or name one with --employer"
    )
    imported = import_genius(folder, union="shifts-prof1", employer="shifts-prof1")
    assert imported.union == imported.employer


def test_a_profile_option_naming_no_profile_lists_the_profiles() -> None:
    with pytest.raises(InvalidDocument) as error:
        import_genius(SHIFTS, union="workers.xml")
    problem = the_problem(error)
    assert (problem.source, problem.found) == ("--union", "workers.xml")
    assert problem.expected.en == "one of the profiles: shifts-prof1.xml, shifts-prof2.xml"


def test_rounds_out_of_range_are_refused() -> None:
    with pytest.raises(InvalidDocument) as error:
        import_genius(SHIFTS, rounds=0)
    assert the_problem(error).source == "--rounds"


def test_a_profile_of_another_domain_is_refused_naming_the_missing_issue() -> None:
    with pytest.raises(InvalidDocument) as error:
        read_profile(NESTED / "first.xml", read_domain(SHIFTS / "shifts-domain.xml"))
    problem = the_problem(error)
    assert problem.source == str(NESTED / "first.xml")
    assert problem.path == "/utility_space/objective[1]/issue[1]/@type"
    assert (problem.expected.en, problem.found) == ("discrete, as in the domain", "integer")
