"""Playing a game at a prompt: a person against a program (``bargain play``).

A :class:`Human` plays one side through a :class:`Terminal`, a line reader and a writer (the
command line passes ``input`` and ``print``; tests pass a script and a list). At each of its
turns it shows the round, the meeting, who chairs it and the time left, then the other side's
last offer with what it is worth to the player and what it costs the employer, and reads one
line: an offer (``piece_rate=5.1 late_deduction=0``; an issue left out keeps the player's previous
offer, the first offer the current agreement's value), ``accept``, ``reject`` (last round only),
``help``, ``show`` (the case and the brief again) or ``quit``. A line it cannot use gets a message
and the prompt again. An offer whose text the law finds an error in is sent only when the player
confirms it (it counts against that side, :func:`~bargain.simulation.scoring.score`).

:func:`play_against` runs the alternating-offers protocol (:mod:`bargain.simulation.protocol`)
step by step with a person on one side and a named strategy on the other: the program is made,
seeded and timed exactly as :func:`~bargain.simulation.protocol.play` makes it, and the game's
:class:`~bargain.simulation.protocol.GameRecord` is the same. Unlike a program, a person can quit
(an impasse) and can run out of time: with ``deadline.minutes`` the game also ends when the
minutes have passed, on a clock that tests inject. :mod:`bargain.simulation.online` plays two
people against each other through a shared database.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from bargain.domain.calendar import Clock, SystemClock
from bargain.domain.language import Bilingual, LabelledEnum, Lang
from bargain.domain.parties import Side
from bargain.errors import InvalidDocument
from bargain.simulation import screens
from bargain.simulation.game import Game
from bargain.simulation.protocol import GameRecord, Move, view
from bargain.simulation.scoring import score
from bargain.simulation.strategies import check, make
from bargain.simulation.utility import Outcome

__all__ = [
    "Choice",
    "Ending",
    "Human",
    "Kind",
    "Played",
    "Terminal",
    "Timer",
    "finish",
    "play_against",
    "welcome",
]


@dataclass
class Terminal:
    """Where a person plays: ``read(prompt)`` returns a line (``EOFError`` when input ends) and
    ``write(text)`` prints one."""

    read: Callable[[str], str]
    write: Callable[[str], None]
    lang: Lang = Lang.ZH

    def say(self, *lines: str | Bilingual) -> None:
        """Print lines (a :class:`Bilingual` in the terminal's language)."""
        for line in lines:
            self.write(line.get(self.lang) if isinstance(line, Bilingual) else line)

    def ask(self, prompt: Bilingual) -> str | None:
        """One line typed at ``prompt``, or ``None`` when the input has ended."""
        try:
            return self.read(prompt.get(self.lang))
        except EOFError:
            return None


class Timer:
    """The time left of a game with ``deadline.minutes``, on an injectable clock."""

    def __init__(
        self, clock: Clock, minutes: int | None, started: dt.datetime | None = None
    ) -> None:
        self.clock = clock
        self.minutes = minutes
        self.started = started or clock.now()

    def left(self) -> dt.timedelta | None:
        """The time left (``None`` without a limit in minutes; never below zero)."""
        if self.minutes is None:
            return None
        ends = self.started + dt.timedelta(minutes=self.minutes)
        return max(dt.timedelta(0), ends - self.clock.now())

    @property
    def up(self) -> bool:
        """Whether the minutes have run out."""
        left = self.left()
        return left is not None and left <= dt.timedelta(0)


class Kind(StrEnum):
    """What a person did at a turn."""

    OFFER = "offer"
    ACCEPT = "accept"
    REJECT = "reject"
    QUIT = "quit"
    LATE = "late"


@dataclass(frozen=True)
class Choice:
    """A person's move: an offer (its outcome), accepting, rejecting, quitting, or too late."""

    kind: Kind
    outcome: Outcome | None = None


class Ending(LabelledEnum):
    """How a game ended."""

    DEAL = "deal", "双方达成一致", "the sides agreed"
    DEADLINE = "deadline", "最后一轮已过，未达成一致", "the last round passed without a deal"
    QUIT = "quit", "你退出了协商", "you left the negotiation"
    LEFT = "left", "对方退出了协商", "the other side left the negotiation"
    TIME = "time", "协商时间已到", "the time ran out"
    GONE = "gone", "对方在等待时限内没有回应", "the other side did not move in time"
    MOVED = (
        "moved",
        "协商已不在进行中（程序已转入其他步骤）",
        "the negotiation is no longer going on",
    )


@dataclass(frozen=True)
class Played:
    """A finished game: its record, how it ended and the side the person played."""

    record: GameRecord
    ending: Ending
    side: Side


_WORDS: dict[str, Kind | str] = {
    "accept": Kind.ACCEPT,
    "接受": Kind.ACCEPT,
    "reject": Kind.REJECT,
    "拒绝": Kind.REJECT,
    "quit": Kind.QUIT,
    "exit": Kind.QUIT,
    "退出": Kind.QUIT,
    "help": "help",
    "?": "help",
    "帮助": "help",
    "show": "show",
    "查看": "show",
}
_YES = frozenset({"y", "yes", "是", "确定"})
_PROMPT = Bilingual("报价或命令（help 帮助）> ", "offer or command (help) > ")


def _help(game: Game, final: bool) -> list[Bilingual]:
    example = " ".join(
        f"{issue.id}={issue.options[len(issue.options) // 2]}" for issue in game.issues[:2]
    )
    lines = [
        Bilingual(
            f"报价：议题=取值，空格分隔，如 {example}；未写出的议题沿用你上一次的报价"
            "（第一次报价沿用现行合同）。",
            f"An offer: issue=value, separated by spaces, e.g. {example}; an issue left out "
            "keeps your previous offer (the current agreement's value in your first offer).",
        ),
        Bilingual("accept（接受）：接受对方的报价", "accept: accept the other side's offer"),
        Bilingual(
            "show（查看）：再看案情和你的秘密指令", "show: the case and your private brief again"
        ),
        Bilingual("help（帮助）：本说明", "help: this text"),
        Bilingual("quit（退出）：退出协商（协商未果）", "quit: leave the negotiation (no deal)"),
    ]
    if final:
        lines.insert(
            2,
            Bilingual(
                "reject（拒绝）：拒绝对方的最后报价（协商未果）",
                "reject: reject the other side's last offer (no deal)",
            ),
        )
    return lines


def welcome(terminal: Terminal, game: Game, side: Side) -> None:
    """Show the case, ``side``'s private brief and how to play."""
    terminal.say(*screens.case(game, terminal.lang), "")
    terminal.say(*screens.brief(game, side, terminal.lang), "")
    terminal.say(*_help(game, False), "")


@dataclass
class Human:
    """One side played by a person at a :class:`Terminal`.

    ``meetings`` is how many meetings come before the first round (the opening meeting of a
    game in a database), for the meeting numbers shown.
    """

    game: Game
    side: Side
    terminal: Terminal
    rounds: int
    timer: Timer
    meetings: int = 0
    previous: Outcome | None = field(default=None)
    """The person's last offer."""

    def header(self, number: int, chair: Side) -> str:
        """The line above a turn: the round, the meeting, the chair and the time left."""
        lang = self.terminal.lang
        you = Bilingual("（你方）", " (you)").get(lang) if chair is self.side else ""
        left = self.rounds - number
        text = Bilingual(
            f"—— 第{number}/{self.rounds}轮 · 第{number + self.meetings}次协商会议 · 主持："
            f"{chair.label.zh}{you} · 此后还剩{left}轮",
            f"—— round {number} of {self.rounds} · meeting {number + self.meetings} · chaired "
            f"by the {chair.label.en}{you} · {left} rounds after this one",
        ).get(lang)
        time = self.timer.left()
        if time is not None:
            minutes, seconds = divmod(int(time.total_seconds()), 60)
            text += Bilingual(
                f"，剩余时间{minutes}分{seconds:02d}秒", f", {minutes}:{seconds:02d} left"
            ).get(lang)
        return text + " ——"

    def turn(self, number: int, last: Outcome | None) -> Choice:
        """The person's move at round ``number``: answering the other side's offer ``last``
        made in it (accept, or a counter-offer for the next round), or opening (no ``last``)."""
        say, lang = self.terminal.say, self.terminal.lang
        if self.timer.up:
            return Choice(Kind.LATE)
        final = last is not None and number >= self.rounds
        say("", self.header(number, self.side.other if last is not None else self.side))
        if last is not None:
            say(
                Bilingual(
                    f"{self.side.other.label.zh}的报价（第{number}轮）：",
                    f"The {self.side.other.label.en}'s offer (round {number}):",
                ),
                *screens.offer(self.game, self.side, last, lang),
            )
            if final:
                say(
                    Bilingual(
                        "这是最后一轮：接受（accept）或拒绝（reject），拒绝即协商未果。",
                        "This is the last round: accept, or reject and end without a deal.",
                    )
                )
        while True:
            line = self.terminal.ask(_PROMPT)
            if line is None:
                say(Bilingual("输入已结束，退出协商。", "The input ended: leaving the game."))
                return Choice(Kind.QUIT)
            typed = line.strip()
            if not typed:
                continue
            word = _WORDS.get(typed.lower())
            if word == "help":
                say(*_help(self.game, final))
            elif word == "show":
                say(*screens.case(self.game, lang), "", *screens.brief(self.game, self.side, lang))
            elif word is Kind.QUIT:
                return Choice(Kind.QUIT)
            elif word is Kind.ACCEPT and last is None:
                say(Bilingual("对方尚未报价，无可接受。", "There is no offer to accept yet."))
            elif word is Kind.REJECT and not final:
                say(
                    Bilingual(
                        "不接受对方的报价，请直接提出你的还价。",
                        "To reject the offer, make your counter-offer.",
                    )
                )
            elif (
                word is Kind.ACCEPT
                and last is not None
                and not self.timer.up
                and not self._accept_unlawful(last)
            ):
                continue
            elif isinstance(word, Kind):
                return Choice(Kind.LATE) if self.timer.up else Choice(word)
            elif final:
                say(
                    Bilingual(
                        "最后一轮不能再还价：请输入 accept 或 reject。",
                        "No counter-offer in the last round: type accept or reject.",
                    )
                )
            else:
                outcome = self._offer(typed)
                if outcome is not None:
                    if self.timer.up:
                        return Choice(Kind.LATE)
                    self.previous = outcome
                    return Choice(Kind.OFFER, outcome)

    def _offer(self, typed: str) -> Outcome | None:
        """The offer typed, once checked and confirmed (``None``: the prompt again)."""
        say, lang = self.terminal.say, self.terminal.lang
        try:
            outcome = self.read_offer(typed)
        except InvalidDocument as error:
            for problem in error.problems:
                found = f"（实际为 {problem.found}）" if problem.found else ""
                found_en = f" (found {problem.found})" if problem.found else ""
                say(
                    Bilingual(
                        f"无法识别的输入：{problem.path}：{problem.expected.zh}{found}",
                        f"cannot use that: {problem.path}: {problem.expected.en}{found_en}",
                    )
                )
            return None
        say(
            Bilingual("你的报价：", "Your offer:"),
            *screens.offer(self.game, self.side, outcome, lang),
        )
        return outcome if self._lawful_or_confirmed(outcome, own=True) else None

    def _accept_unlawful(self, offer: Outcome) -> bool:
        """Whether to go on accepting ``offer``: at once when the law finds no error in it, else
        only when the person confirms, told that such a deal scores as no deal."""
        return self._lawful_or_confirmed(offer, own=False)

    def _lawful_or_confirmed(self, outcome: Outcome, *, own: bool) -> bool:
        """True when the law finds no error in ``outcome``; else its findings are shown and the
        person asked to go on all the same (sending their own offer, or accepting the other's)."""
        if self.game.legal(outcome):
            return True
        say, lang = self.terminal.say, self.terminal.lang
        say(
            Bilingual("法律审查发现该报价有误：", "The law finds errors in this offer:")
            if own
            else Bilingual(
                "法律审查发现对方的报价有误：", "The law finds errors in the other side's offer:"
            )
        )
        for finding in self.game.judge(outcome).errors:
            say(f"  {finding.rule}: {finding.text(lang)}")
        if own:
            return self.confirm()
        return self._yes(
            Bilingual(
                "仍要接受吗？违法的协议按未达成协议计分（yes/no）> ",
                "Accept it all the same? An unlawful deal scores as no deal (yes/no) > ",
            )
        )

    def confirm(self) -> bool:
        """Whether the person sends an offer the law finds errors in all the same."""
        return self._yes(
            Bilingual(
                "仍要发出吗？违法报价计入本方扣分（yes/no）> ",
                "Send it all the same? It counts against your side (yes/no) > ",
            )
        )

    def _yes(self, question: Bilingual) -> bool:
        answer = self.terminal.ask(question)
        return answer is not None and answer.strip().lower() in _YES

    def read_offer(self, typed: str) -> Outcome:
        """The outcome of an offer typed at the prompt, issues left out keeping the person's
        previous offer.

        Raises:
            InvalidDocument: an unknown issue, or a value the issue does not take.
        """
        outcome = self.game.parse(typed)
        if self.previous is None:
            return outcome
        named = {
            part.partition("=")[0] for part in typed.replace("，", " ").replace(",", " ").split()
        }
        return tuple(
            value if issue.id in named else before
            for issue, value, before in zip(self.game.issues, outcome, self.previous, strict=True)
        )


def _time(number: int, rounds: int) -> float:
    return (number - 1) / (rounds - 1) if rounds > 1 else 1.0


def play_against(
    game: Game,
    side: Side,
    terminal: Terminal,
    against: str,
    *,
    seed: int = 0,
    clock: Clock | None = None,
    rounds: int | None = None,
) -> Played:
    """A person playing ``side`` against the strategy ``against`` (:mod:`.strategies`).

    Raises:
        UnknownStrategy: ``against`` is unknown or cannot play the other side.
    """
    other = side.other
    check(against, other)
    limit = rounds or game.scenario.deadline.round_limit
    rng = random.Random(f"{seed}:{other.value}")
    costs = against.partition(":")[0] == "costing"
    program = make(against, view(game, other, limit, costs=costs), rng)
    timer = Timer(clock or SystemClock(), game.scenario.deadline.minutes)
    human = Human(game, side, terminal, limit, timer)
    moves: list[Move] = []
    pending: Outcome | None = None
    ending = Ending.DEADLINE

    def move(number: int, by: Side, outcome: Outcome, accepted: bool) -> None:
        utilities = (game.utility(Side.UNION, outcome), game.utility(Side.EMPLOYER, outcome))
        moves.append(Move(number, by, outcome, utilities, accepted))

    for number in range(1, limit + 1):
        t = _time(number, limit)
        proposer = Side.UNION if number % 2 else Side.EMPLOYER
        if proposer is side:
            if pending is None:  # the union side's opening offer
                choice = human.turn(number, None)
                if choice.outcome is None:
                    ending = Ending.TIME if choice.kind is Kind.LATE else Ending.QUIT
                    break
                pending = choice.outcome
            accepted = program.respond(pending, t)
            move(number, side, pending, accepted)
            pending = None
            terminal.say(screens.answered(other, accepted))
            if accepted:
                ending = Ending.DEAL
                break
        else:
            offered = program.propose(t)
            choice = human.turn(number, offered)
            move(number, other, offered, choice.kind is Kind.ACCEPT)
            if choice.kind is Kind.ACCEPT:
                ending = Ending.DEAL
                break
            if choice.kind in (Kind.QUIT, Kind.LATE):
                ending = Ending.TIME if choice.kind is Kind.LATE else Ending.QUIT
                break
            pending = choice.outcome
    names = ("human", against) if side is Side.UNION else (against, "human")
    record = GameRecord(game.scenario.id, names[0], names[1], seed, limit, tuple(moves), game)
    return Played(record, ending, side)


def finish(terminal: Terminal, played: Played) -> None:
    """Show how the game ended and its scores."""
    lang = terminal.lang
    terminal.say("", *screens.result(played.record, played.ending.label, lang), "")
    terminal.say(*screens.scores(score(played.record, lang), lang))
