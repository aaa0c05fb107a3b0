"""Steps of the negotiation feature, in zh-CN: the same story from the command line and from Python.

A driver takes the steps: :class:`CommandLine` runs ``bargain`` (in this process, on an SQLite file)
and reads its JSON; :class:`Python` calls ``Workflow``. A meeting's offers and answers are said in
several steps of the feature, so the meeting is held when the next step needs it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from docx import Document
from pytest_bdd import given, parsers, scenarios, then, when

from bargain import FixedClock, SqlStore, Workflow, load_agreement
from bargain.cli import main
from bargain.domain.agreement import Agreement
from bargain.domain.negotiation import ClauseStatus
from bargain.domain.redline import compare
from bargain.errors import BargainError, GuardFailed, InvalidDocument
from bargain.render.context import context_for
from bargain.render.docx import render_docx
from bargain.render.templates import builtin_templates_dir
from tests.conftest import SECTOR_AGREEMENT

scenarios("negotiation.feature")

KEY = "bengbu-delivery-sector-agreement"
SIDES = {"职工方": "union", "企业方": "employer"}
CHIEFS = {"union": "union_chief", "employer": "employer_chief"}
STATUSES = {s.label.zh: s for s in ClauseStatus}
DAY = r"(?P<day>\d{4}-\d{2}-\d{2})"


class Refused(Exception):
    """A step refused by the procedure (exit 1, or a ``GuardFailed``)."""


class BadInput(Exception):
    """Input refused before anything is stored (exit 2, or an ``InvalidDocument``)."""


class Driver:
    """Takes the steps of the story and reads what they left."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.url = f"sqlite:///{folder / 'bargain.db'}"
        self.store = SqlStore(self.url)

    def fire(self, trigger: str, role: str, day: str, **details: Any) -> None:
        raise NotImplementedError

    def agreement(self) -> Agreement:
        return Workflow(self.store.unit_of_work).get(KEY)

    def last_round(self) -> dict[str, Any]:
        raise NotImplementedError

    def paper(self, name: str, which: int) -> Path:
        raise NotImplementedError

    def events(self) -> int:
        return len(Workflow(self.store.unit_of_work).history(KEY))


class CommandLine(Driver):
    """``bargain import``, ``bargain meeting --from FILE`` and the other commands."""

    def __init__(self, folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
        super().__init__(folder)
        self.capsys = capsys
        self.files = 0
        self.run("import", str(SECTOR_AGREEMENT))

    def run(self, *args: str) -> str:
        self.capsys.readouterr()
        code = main([*args, "--db", self.url])
        out, err = self.capsys.readouterr()
        if code == 1:
            raise Refused(err)
        if code == 2:
            raise BadInput(err)
        assert code == 0, (args, out, err)
        return out

    def fire(self, trigger: str, role: str, day: str, **details: Any) -> None:
        self.files += 1
        source = self.folder / f"step-{self.files}.yaml"
        source.write_text(yaml.safe_dump(details, allow_unicode=True), encoding="utf-8")
        self.run("step", KEY, trigger, "--as", role, "--on", day, "--from", str(source))

    def last_round(self) -> dict[str, Any]:
        found: dict[str, Any] = json.loads(self.run("diff", KEY, "--format", "json"))
        return found

    def paper(self, name: str, which: int) -> Path:
        out = self.folder / f"{name}-{which}.docx"
        self.run("render", KEY, "--doc", name, "--which", str(which + 1), "--out", str(out))
        return out


class Python(Driver):
    """``Workflow`` on the same kind of store."""

    def __init__(self, folder: Path) -> None:
        super().__init__(folder)
        self.clock = FixedClock(dt.date(2019, 11, 6))
        self.workflow = Workflow(self.store.unit_of_work, clock=self.clock)
        self.workflow.open(load_agreement(SECTOR_AGREEMENT))

    def fire(self, trigger: str, role: str, day: str, **details: Any) -> None:
        self.clock.set(dt.date.fromisoformat(day))
        try:
            self.workflow.fire(KEY, trigger, role, **details)
        except GuardFailed as error:
            raise Refused(error.message()) from error
        except InvalidDocument as error:
            raise BadInput(error.message()) from error

    def last_round(self) -> dict[str, Any]:
        versions = self.workflow.text_versions(KEY)
        before = self.workflow.text_at(KEY, versions[-2].sequence)
        after = self.workflow.text_at(KEY, versions[-1].sequence)
        return compare(before, after).as_json()

    def paper(self, name: str, which: int) -> Path:
        agreement, history = self.workflow.get(KEY), self.workflow.history(KEY)
        context = context_for(name, agreement, history, which=which)
        return render_docx(
            builtin_templates_dir() / f"{name}.docx", context, self.folder / f"{name}.docx"
        )


@pytest.fixture
def story(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Iterator[dict[str, Any]]:
    """The driver, the meeting being said (held when a later step needs it), the last error."""
    made: dict[str, Any] = {"capsys": capsys, "folder": tmp_path, "meeting": None, "error": None}
    yield made
    if made.get("driver") is not None:
        made["driver"].store.dispose()


def driver(story: dict[str, Any]) -> Driver:
    """The driver, after holding the meeting said so far."""
    meeting = story["meeting"]
    if meeting is not None:
        story["meeting"] = None
        chair, day, details = meeting
        try:
            story["driver"].fire(_meeting_trigger(story["driver"]), CHIEFS[chair], day, **details)
        except (Refused, BadInput) as error:
            story["error"] = error
    found: Driver = story["driver"]
    return found


def _meeting_trigger(chosen: Driver) -> str:
    return "record_meeting" if chosen.agreement().procedure.meetings else "start_negotiation"


def _pay_text(agreement: Agreement, amount: str) -> str:
    text = agreement.clause("pay-levels").text
    return re.sub(r"每单[\d.]+元", f"每单{amount}元", text, count=1)


# --------------------------------------------------------------------------- given


@given(
    parsers.re(
        r"通过(?P<way>命令行|Python)导入蚌埠市网约送餐行业集体合同，(?P<sent>\S+) 发出要约，"
        r"(?P<accepted>\S+) 得到书面同意"
    )
)
def opened(story: dict[str, Any], way: str, sent: str, accepted: str) -> None:
    folder: Path = story["folder"]
    chosen: Driver = CommandLine(folder, story["capsys"]) if way == "命令行" else Python(folder)
    story["driver"] = chosen
    chosen.fire("send_offer", "union_chief", sent, topics=["劳动报酬"])
    chosen.fire("accept_offer", "employer_chief", accepted)


# --------------------------------------------------------------------------- when


@when(
    parsers.re(
        DAY
        + r" 召开协商会议，(?P<side>职工方|企业方)(?:报价|还价)：“(?P<clause>[^”]+)”计件单价每单"
        r"(?P<amount>[\d.]+)元，理由为“(?P<reason>[^”]+)”"
    )
)
def meeting_with_an_offer(
    story: dict[str, Any], day: str, side: str, clause: str, amount: str, reason: str
) -> None:
    agreement = driver(story).agreement()
    changes = {"piece_rate": f"{amount}/order", "text": _pay_text(agreement, amount)}
    position = {"clause_id": clause, "changes": changes, "reason": reason}
    offer = {"side": SIDES[side], "positions": [position]}
    story["meeting"] = (SIDES[side], day, {"place": "蚌埠市总工会", "offers": [offer]})


@when(
    parsers.re(r"(?P<side>职工方|企业方)对“(?P<clause>[^”]+)”的还价答复“(?P<answer>接受|不接受)”")
)
def answer(story: dict[str, Any], side: str, clause: str, answer: str) -> None:
    response = "accept" if answer == "接受" else "reject"
    _, _, details = story["meeting"]
    details.setdefault("answers", []).append(
        {"side": SIDES[side], "clause_id": clause, "response": response}
    )


@when(parsers.re(DAY + r" 双方中止协商，约定 (?P<resume>\S+) 恢复"))
def suspended(story: dict[str, Any], day: str, resume: str) -> None:
    driver(story).fire("suspend", "union_chief", day, resume_on=resume, reason="单价分歧较大")


@when(parsers.re(DAY + r" 双方恢复协商"))
def resumed(story: dict[str, Any], day: str) -> None:
    driver(story).fire("resume", "employer_chief", day)


@when(parsers.re(DAY + r" 双方首席代表形成草案(?:，将“(?P<later>[^”]+)”留待以后协商)?"))
def draft(story: dict[str, Any], day: str, later: str | None) -> None:
    details = {"left_for_later": [later]} if later else {}
    try:
        driver(story).fire("agree_draft", "union_chief", day, **details)
    except (Refused, BadInput) as error:
        story["error"] = error


@when(
    parsers.re(
        DAY + r" 提交职工代表大会，(?P<voted>\S+) 表决：应到 (?P<members>\d+) 人，实到 "
        r"(?P<present>\d+) 人，赞成 (?P<for_>\d+) 人"
    )
)
def voted(
    story: dict[str, Any], day: str, voted: str, members: str, present: str, for_: str
) -> None:
    chosen = driver(story)
    chosen.fire("submit_to_congress", "union_chief", day)
    counts = {"members": int(members), "present": int(present), "in_favour": int(for_)}
    chosen.fire("hold_congress_vote", "congress", voted, **counts)


# --------------------------------------------------------------------------- then


@then(parsers.re(r"条款“(?P<clause>[^”]+)”处于“(?P<status>[^”]+)”状态"))
def clause_status(story: dict[str, Any], clause: str, status: str) -> None:
    negotiation = driver(story).agreement().procedure.negotiation
    assert story["error"] is None, story["error"]
    assert negotiation is not None
    record = negotiation.record(clause)
    assert record is not None
    assert record.status is STATUSES[status]


@then(
    parsers.re(
        r"本轮文本对照显示“(?P<clause>[^”]+)”的计件单价由 (?P<old>[\d.]+) 改为 (?P<new>[\d.]+)，"
        r"条文中删去“(?P<gone>[^”]+)”、加入“(?P<came>[^”]+)”"
    )
)
def last_round(
    story: dict[str, Any], clause: str, old: str, new: str, gone: str, came: str
) -> None:
    found = driver(story).last_round()
    (changed,) = [c for c in found["clauses"] if c["change"] == "changed"]
    assert changed["clause"] == clause
    fields = {f["field"]: f for f in changed["fields"]}
    rate = fields["piece_rate"]
    assert (rate["before"]["amount"], rate["after"]["amount"]) == (old, new)
    edits = [(d["op"], d["text"]) for d in fields["text"]["diff"] if d["op"] != "="]
    assert edits == [("-", gone), ("+", came)]


@then(parsers.re(r"合同处于“(?P<state>[^”]+)”状态"))
def in_state(story: dict[str, Any], state: str) -> None:
    assert driver(story).agreement().status.label.zh == state


@then(parsers.re(r"合同的“(?P<clause>[^”]+)”计件单价为每单(?P<amount>[\d.]+)元"))
def piece_rate(story: dict[str, Any], clause: str, amount: str) -> None:
    clause_now = driver(story).agreement().clause(clause)
    assert clause_now.piece_rate.amount == Decimal(amount)
    assert f"每单{amount}元" in clause_now.text


@then(
    parsers.re(
        r"第(?P<number>\d+)次协商会议记录载明“(?P<side>[^”]+)”的报价“(?P<summary>.+)”和"
        r"“(?P<other>[^”]+)”的答复“(?P<answer>[^”]+)”"
    )
)
def minutes(
    story: dict[str, Any], number: str, side: str, summary: str, other: str, answer: str
) -> None:
    path = driver(story).paper("minutes", int(number) - 1)
    text = "\n".join(p.text for p in Document(str(path)).paragraphs)
    assert summary in text
    assert side in text
    assert other in text
    assert answer in text
    assert "已达成一致" in _table_text(path)


@then(
    parsers.re(
        r"协商对照表中“(?P<heading>[^”]+)”一行：职工方为每单(?P<union>[\d.]+)元，企业方为每单"
        r"(?P<employer>[\d.]+)元，结果为每单(?P<agreed>[\d.]+)元"
    )
)
def comparison(story: dict[str, Any], heading: str, union: str, employer: str, agreed: str) -> None:
    path = driver(story).paper("comparison_table", 0)
    rows = [
        [cell.text for cell in row.cells]
        for table in Document(str(path)).tables
        for row in table.rows
    ]
    (row,) = [r for r in rows if any(heading in cell for cell in r[:2])]
    assert any(f"每单{union}元" in cell for cell in row)
    assert any(f"每单{employer}元" in cell for cell in row)
    assert f"每单{agreed}元" in row[-1]


@then(parsers.re(r"操作被拒绝，理由包含“(?P<what>[^”]+)”"))
def refused(story: dict[str, Any], what: str) -> None:
    error = story["error"]
    assert isinstance(error, Refused), error
    assert what in str(error)
    story["error"] = None


@then(parsers.re(r"输入被拒绝，字段“(?P<field>[^”]+)”应为职工方报价，未保存任何内容"))
def bad_input(story: dict[str, Any], field: str) -> None:
    before = story["driver"].events()
    driver(story)
    error = story["error"]
    assert isinstance(error, BadInput), error
    assert field in str(error)
    assert "职工方" in str(error) or "union" in str(error)
    assert story["driver"].events() == before
    assert story["driver"].agreement().procedure.meetings == ()


def _table_text(path: Path) -> str:
    return "\n".join(
        cell.text
        for table in Document(str(path)).tables
        for row in table.rows
        for cell in row.cells
    )


_ = BargainError  # the drivers turn bargain's errors into Refused and BadInput
