"""The Bengbu food-delivery sector agreement, from the written offer to publication.

Runs the procedure on an SQLite file (recreated on every run) with a clock set to each step's day,
and prints every event, the deadlines and what went wrong on the way (a late reply, a congress
without quorum). Afterwards ``bargain history``, ``bargain verify`` and the other database
commands work on that file.

Run: .venv/bin/python examples/bengbu_procedure.py [--db build/demo.db] [--lang en]
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from bargain import (
    FixedClock,
    GuardFailed,
    Lang,
    Role,
    SqlStore,
    load_agreement,
    open_workflow,
)
from bargain.commands import (
    AcceptOffer,
    AgreeDraft,
    File,
    HoldCongressVote,
    Publish,
    RecordMeeting,
    SendOffer,
    Sign,
    StartNegotiation,
    SubmitToCongress,
)

AGREEMENT = Path(__file__).resolve().parent / "bengbu-delivery-sector-agreement.yaml"
U, E = Role.UNION_CHIEF, Role.EMPLOYER_CHIEF


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lang", choices=[lang.value for lang in Lang], default=Lang.ZH.value)
    parser.add_argument("--db", type=Path, default=Path("build/demo.db"), help="SQLite file")
    options = parser.parse_args()
    lang = Lang(options.lang)
    options.db.parent.mkdir(parents=True, exist_ok=True)
    options.db.unlink(missing_ok=True)

    clock = FixedClock(dt.date(2019, 11, 6))
    store = SqlStore(options.db)  # a file path or a database URL
    workflow = open_workflow(store, clock=clock)
    key = workflow.open(load_agreement(AGREEMENT)).id

    def on(day: str) -> None:
        clock.set(dt.date.fromisoformat(day))

    workflow.handle(key, SendOffer(topics=["劳动报酬", "劳动保护", "算法规则"]), U)
    on("2019-11-27")
    for due in workflow.sweep().overdue:
        print("!", due.text(lang))
    workflow.handle(key, AcceptOffer(), E)
    on("2019-11-29")
    first = StartNegotiation(
        place="蚌埠市总工会",
        topics=["劳动报酬", "劳动保护", "算法规则"],
        summary="双方首席代表说明了各自的协商方案。职工方提出基础配送单价每单不低于4.5元、"
        "专送骑手月收入不低于2100元，并要求公开派单和计价规则；企业方同意公开规则，"
        "对配送单价提出异议，要求测算成本后再议。双方约定于12月3日继续协商。",
    )
    workflow.handle(key, first, U)
    on("2019-12-03")
    second = RecordMeeting(
        place="六安儒鑫配送物流公司蚌埠分公司会议室",
        topics=["配送单价", "保底收入", "恶劣天气和高温补贴"],
        summary="就配送单价、保底收入达成一致：基础配送单价每单4.5元，专送骑手月收入不低于"
        "2100元，报酬标准每年协商调整。双方同意据此形成合同草案，提交职工代表大会审议。",
    )
    workflow.handle(key, second, E)
    on("2019-12-05")
    workflow.handle(key, AgreeDraft(), U)
    on("2019-12-06")
    workflow.handle(key, SubmitToCongress(), U)
    on("2019-12-10")
    try:
        workflow.handle(
            key, HoldCongressVote(members=180, present=119, in_favour=119), Role.CONGRESS
        )
    except GuardFailed as refused:
        print("!", refused.message(lang))
    workflow.handle(
        key,
        HoldCongressVote(members=180, present=150, in_favour=132, against=10, abstaining=8),
        Role.CONGRESS,
    )
    on("2019-12-11")
    workflow.handle(key, Sign(), U)
    on("2019-12-12")
    workflow.handle(key, File(), U)
    on("2019-12-30")
    workflow.sweep()
    on("2020-01-03")
    workflow.handle(key, Publish(), E)

    print()
    for event in workflow.history(key):
        late = f"  [{event.notes[0].get(lang)}]" if event.notes else ""
        name = event.type.label.zh if lang is Lang.ZH else event.type.label.en
        print(f"{event.sequence:2d}  {event.on}  {name}  ({event.citation.format(lang)}){late}")
    agreement = workflow.get(key)
    print()
    print(agreement.status.label.get(lang))
    for due in workflow.deadlines(key):
        print(" ", due.text(lang))
    assert workflow.rebuild(key) == agreement
    store.dispose()


if __name__ == "__main__":
    main()
