"""The law layer's errors belong to bargain's tree and say, in both languages, what to do."""

from __future__ import annotations

from typing import Any

import pytest

from bargain import Lang, load_agreement, validate
from bargain.errors import BargainError, DuplicateRule, InvalidRulePlugin, NoDayToJudge
from bargain.law import rules as rules_module
from bargain.law.rules import Registry, RulePack
from tests.conftest import SECTOR_AGREEMENT

SECTOR = load_agreement(SECTOR_AGREEMENT)


def test_judging_an_agreement_without_a_term_and_without_a_day_is_a_bargain_error() -> None:
    undated = SECTOR.model_copy(update={"term": None})
    with pytest.raises(NoDayToJudge) as raised:
        validate(undated)
    error = raised.value
    assert isinstance(error, BargainError)
    assert isinstance(error, ValueError)
    assert error.agreement_id == SECTOR.id
    assert error.message(Lang.ZH) == (
        f"集体合同 {SECTOR.id} 没有期限（term），请给出评判日期"
        "（validate(..., on=日期)；命令行 --on YYYY-MM-DD）"
    )
    assert error.message(Lang.EN) == (
        f"agreement {SECTOR.id} has no term: give the day to judge it on "
        "(validate(..., on=day); on the command line --on YYYY-MM-DD)"
    )


def test_a_rule_id_in_two_packs_is_a_bargain_error_naming_both() -> None:
    pack = Registry.builtin().packs[0]
    with pytest.raises(DuplicateRule) as raised:
        Registry([pack, RulePack(name="copy", title=pack.title, rules=pack.rules)])
    error = raised.value
    assert isinstance(error, BargainError)
    assert isinstance(error, ValueError)
    assert (error.rule_id, error.first_pack, error.second_pack) == ("REP-COUNT", "national", "copy")
    assert error.message(Lang.EN) == (
        "rule id 'REP-COUNT' is in both the national and copy packs; rule ids must be unique"
    )
    assert (
        error.message(Lang.ZH)
        == "规则编号“REP-COUNT”同时出现在national和copy两个规则包中；规则编号不得重复"
    )


def test_an_entry_point_that_is_not_a_pack_is_a_bargain_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Bad:
        name = "anhui"

        def load(self) -> Any:
            return 42

    monkeypatch.setattr(rules_module, "entry_points", lambda group: [Bad()])
    with pytest.raises(InvalidRulePlugin) as raised:
        Registry.with_plugins()
    error = raised.value
    assert isinstance(error, BargainError)
    assert isinstance(error, TypeError)
    assert (error.entry_point, error.group, error.found) == ("anhui", "bargain.rules", "int")
    assert error.message(Lang.EN) == (
        "the entry point 'anhui' in the bargain.rules group gave int, not a RulePack "
        "(or a function returning one)"
    )
    assert error.message(Lang.ZH) == (
        "bargain.rules 入口点“anhui”给出的是int，不是规则包（RulePack）或返回规则包的函数"
    )
