"""Two people playing each other from two terminals, through a shared database.

How a contest's online round runs without a web server: each team runs ``bargain play SCENARIO
--as union|employer --db URL --game GAME_ID`` on the same database (an SQLite file both can reach,
or PostgreSQL). The game is a real negotiation in the store, an agreement of id ``GAME_ID`` made
from the scenario's current agreement, so that a deal carries on through the lifecycle:

1. The first terminal to arrive opens it and runs the procedure to the negotiation: the union
   side's written offer (要约) naming the issues, the employer side's acceptance, and the first
   meeting (chaired by the employer side, which received the offer). The second terminal finds it
   done; when both arrive at once, the store's unique ids and optimistic concurrency
   (``ConcurrencyError``) decide which step is whose, and the other terminal carries on from what
   it finds.
2. Each round is a meeting chaired by the side that offers (so the chair alternates, Art 34): it
   records that side's :class:`~bargain.domain.negotiation.Offer` (the game's outcome as clause
   positions, :meth:`Game.offer <bargain.simulation.game.Game.offer>`). A counter-offer rejects
   the offer before it. Round ``n`` is meeting ``n + 1``.
3. Accepting is a meeting, chaired by the accepting side, whose answers accept every open
   position: every clause is then agreed and the draft is agreed (``AgreeDraft``), by whichever
   terminal gets there first. Rejecting the last round's offer, quitting or running out of time is
   a meeting whose answers reject the open positions, with a statement saying why: an impasse.

Each terminal reads the game's state from the stored agreement, and waits for the other side's
move by polling the store's notification log (``events_after``) with a short sleep, giving up after
a while. The store is reached through :class:`Table`, which a ``Workflow`` is; the time comes from
its clock, so tests run on any clock they like.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from bargain.domain.agreement import Agreement
from bargain.domain.calendar import Clock
from bargain.domain.events import Event, EventType
from bargain.domain.language import Bilingual
from bargain.domain.lifecycle import (
    AcceptOffer,
    AgreeDraft,
    Details,
    RecordMeeting,
    SendOffer,
    StartNegotiation,
)
from bargain.domain.negotiation import Answer, Response, Statement, open_clauses
from bargain.domain.parties import Side
from bargain.domain.procedure import Role, Status
from bargain.errors import (
    ConcurrencyError,
    DuplicateAgreement,
    GuardFailed,
    InvalidDocument,
    Problem,
    ProcedureError,
    StorageError,
    UnknownAgreement,
)
from bargain.simulation import screens
from bargain.simulation.game import Game
from bargain.simulation.human import (
    Choice,
    Ending,
    Human,
    Kind,
    Played,
    Terminal,
    Timer,
)
from bargain.simulation.protocol import GameRecord, Move

__all__ = ["Logged", "Standing", "Table", "open_game", "play_online", "standing"]


class Logged(Protocol):
    """An event with its position in the store's log (``bargain.ports.Positioned``)."""

    @property
    def position(self) -> int: ...

    @property
    def event(self) -> Event: ...


class Table(Protocol):
    """What a game between two terminals needs of the store; a ``Workflow`` is one."""

    @property
    def clock(self) -> Clock: ...

    def get(self, agreement_id: str) -> Agreement: ...

    def history(self, agreement_id: str) -> tuple[Event, ...]: ...

    def open(self, agreement: Agreement) -> Agreement: ...

    def handle(self, agreement_id: str, command: Details, actor: Role) -> object: ...

    def events_after(self, position: int = 0, *, limit: int = 100) -> Sequence[Logged]: ...


_ATTEMPTS = 20
"""How often a terminal re-reads and tries again when the other one got to a step first."""
_PAGE = 100
"""Events read from the log at a time."""
_RECHECK = 5.0
"""Seconds of waiting between two reads of the agreement's version."""


@dataclass(frozen=True)
class Standing:
    """Where a game stored as a negotiation stands."""

    moves: tuple[Move, ...]
    """Each round's offer, and whether it was accepted."""
    ended_by: Side | None
    """The side whose meeting ended the game without a deal (rejected, quit, out of time)."""
    over: bool
    """Whether the game is over."""
    version: int
    """The stored agreement's version it was read from."""

    @property
    def deal(self) -> bool:
        """Whether the sides agreed."""
        return bool(self.moves) and self.moves[-1].accepted

    @property
    def to_move(self) -> Side | None:
        """The side whose turn it is (``None`` when the game is over)."""
        if self.over:
            return None
        return self.moves[-1].side.other if self.moves else Side.UNION


def standing(game: Game, agreement: Agreement) -> Standing:
    """Where the game stands, read from the stored agreement's meetings (the first meeting
    opens the negotiation; each one after it is a round, or the answer that ends the game)."""
    moves: list[Move] = []
    ended_by: Side | None = None
    deal = False
    for meeting in agreement.procedure.meetings[1:]:
        exchange = meeting.exchange
        offers = exchange.offers if exchange is not None else ()
        answers = exchange.answers if exchange is not None else ()
        if offers:
            outcome = game.outcome_of(offers[-1])
            utilities = (game.utility(Side.UNION, outcome), game.utility(Side.EMPLOYER, outcome))
            moves.append(Move(len(moves) + 1, offers[-1].side, outcome, utilities, False))
        elif moves and answers and all(a.response is Response.ACCEPT for a in answers):
            moves[-1] = replace(moves[-1], accepted=True)
            deal = True
            break
        else:
            ended_by = meeting.chair
            break
    negotiating = agreement.status is Status.NEGOTIATING
    over = deal or ended_by is not None or not negotiating
    return Standing(tuple(moves), ended_by, over, agreement.procedure.version)


def _topics(game: Game) -> tuple[str, ...]:
    return tuple(issue.name for issue in game.issues)


def _not_this_game(game: Game, game_id: str) -> InvalidDocument:
    return InvalidDocument(
        [
            Problem(
                "<play>",
                "--game",
                Bilingual(
                    f"情景“{game.scenario.title}”的对局标识；该标识已被另一份集体合同或另一情景的对局使用",
                    f"the id of a game of scenario {game.scenario.id!r}; this id is taken by "
                    "another agreement or another scenario's game",
                ),
                game_id,
            )
        ]
    )


def _is_this_game(game: Game, agreement: Agreement) -> bool:
    if agreement.title != game.agreement.title:
        return False
    offer = agreement.procedure.offer
    if offer is None:
        return agreement.clauses == game.agreement.clauses
    return offer.topics == _topics(game)


def _setup_step(game: Game, status: Status) -> tuple[Details, Role] | None:
    """The next step of the procedure before the first round, and whose it is."""
    if status is Status.DRAFTING:
        return SendOffer(topics=_topics(game)), Role.UNION_CHIEF
    if status is Status.OFFER_SENT:
        return AcceptOffer(), Role.EMPLOYER_CHIEF
    if status is Status.PREPARING:
        rounds = game.scenario.deadline.round_limit
        summary = (
            f"模拟协商（bargain play，情景 {game.scenario.id}）：双方轮流报价，职工方先报价，"
            f"每轮一次会议，由报价方主持，共{rounds}轮。"
        )
        return StartNegotiation(topics=_topics(game), summary=summary), Role.EMPLOYER_CHIEF
    return None


def open_game(game: Game, table: Table, game_id: str) -> Agreement:
    """The game's agreement in the store, opened and brought to the negotiation when it is not
    yet (the procedure's first steps), whichever terminal takes which step.

    Raises:
        InvalidDocument: ``game_id`` is not a valid id, or is taken by an agreement that is not a
            game of this scenario.
        ProcedureError: a step was refused although nobody else took it.
        StorageError: the database could not be used.
    """
    for attempt in range(1, _ATTEMPTS + 1):
        try:
            agreement = table.get(game_id)
        except UnknownAgreement:
            try:
                table.open(game.agreement.changed(id=game_id))
            except DuplicateAgreement:
                pass  # the other terminal opened it first
            except StorageError:  # both inserted at once: the unique id refused the second
                try:
                    table.get(game_id)
                except UnknownAgreement:
                    raise
            continue
        if not _is_this_game(game, agreement):
            raise _not_this_game(game, game_id)
        step = _setup_step(game, agreement.status)
        if step is None:
            return agreement
        try:
            table.handle(game_id, *step)
        except (ConcurrencyError, ProcedureError):
            moved = table.get(game_id).procedure.version != agreement.procedure.version
            if not moved or attempt == _ATTEMPTS:
                raise  # refused on its own merits, not because the other terminal moved first
    return table.get(game_id)


def _started(table: Table, game_id: str, clock: Clock) -> dt.datetime:
    """When the negotiation started (the game's minutes count from then)."""
    for event in table.history(game_id):
        if event.type is EventType.NEGOTIATION_STARTED:
            return event.at
    return clock.now()


def _head(table: Table) -> int:
    """The position of the last event in the store's log."""
    position = 0
    while True:
        batch = table.events_after(position, limit=_PAGE)
        if batch:
            position = batch[-1].position
        if len(batch) < _PAGE:
            return position


@dataclass
class _Waiting:
    table: Table
    game_id: str
    clock: Clock
    poll: float
    sleep: Callable[[float], None]
    position: int = 0

    def wait(self, version: int, patience: float) -> bool:
        """Wait for an event of the game after the last position seen; ``False`` after
        ``patience`` seconds without one (by the clock, or by the sleeps taken when the clock
        stands still). Every few seconds the agreement's version is read too, in case the log
        showed an event late."""
        until = self.clock.now() + dt.timedelta(seconds=patience)
        slept = checked = 0.0
        while True:
            batch = self.table.events_after(self.position, limit=_PAGE)
            if batch:
                self.position = batch[-1].position
            if any(logged.event.agreement_id == self.game_id for logged in batch):
                return True
            if len(batch) == _PAGE:
                continue
            if self.clock.now() >= until or slept >= patience:
                return False
            if slept - checked >= _RECHECK:
                checked = slept
                if self.table.get(self.game_id).procedure.version != version:
                    return True
            self.sleep(self.poll)
            slept += self.poll


def _meeting(
    game: Game, side: Side, choice: Choice, agreement: Agreement, number: int
) -> RecordMeeting:
    """The meeting that records ``side``'s move."""
    topics = _topics(game)
    if choice.kind is Kind.OFFER:
        assert choice.outcome is not None
        offer = game.offer(side, choice.outcome)
        if not game.legal(choice.outcome):
            offer = offer.model_copy(update={"anyway": True})
        summary = f"第{number}轮：{side.label.zh}报价。"
        return RecordMeeting(topics=topics, summary=summary, offers=(offer,))
    still = open_clauses(agreement.procedure.negotiation)
    if choice.kind is Kind.ACCEPT:
        answers = tuple(Answer(side=side, clause_id=c, response=Response.ACCEPT) for c in still)
        summary = f"{side.label.zh}接受第{number}轮报价，双方就全部议题达成一致。"
        return RecordMeeting(topics=topics, summary=summary, answers=answers)
    answers = tuple(Answer(side=side, clause_id=c, response=Response.REJECT) for c in still)
    why = {
        Kind.REJECT: "不接受最后一轮报价，协商未果",
        Kind.QUIT: "退出协商，协商未果",
        Kind.LATE: "协商时间已到，协商未果",
    }[choice.kind]
    return RecordMeeting(
        topics=topics,
        summary=f"{side.label.zh}{why}。",
        answers=answers,
        statements=(Statement(side=side, text=why),),
    )


def _agree_draft(table: Table, game_id: str, side: Side) -> Agreement:
    """The draft agreed (by this terminal, unless the other one did it first)."""
    for _ in range(_ATTEMPTS):
        agreement = table.get(game_id)
        if agreement.status is not Status.NEGOTIATING:
            return agreement
        try:
            table.handle(game_id, AgreeDraft(), Role.chief_of(side))
        except (ConcurrencyError, ProcedureError):
            if table.get(game_id).procedure.version == agreement.procedure.version:
                raise
    return table.get(game_id)


def play_online(
    game: Game,
    side: Side,
    terminal: Terminal,
    table: Table,
    game_id: str,
    *,
    poll: float = 0.2,
    patience: float | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Played:
    """A person playing ``side`` of game ``game_id`` in the store against another terminal.

    ``patience``: how long to wait for the other side's move, in seconds (default: until the
    game's minutes are up and one more minute, or an hour without a limit in minutes).

    Raises:
        InvalidDocument: ``game_id`` is taken by something that is not a game of this scenario.
        ProcedureError: the store refused a step for a reason of its own.
        StorageError: the database could not be used.
    """
    lang = terminal.lang
    rounds = game.scenario.deadline.round_limit
    clock = table.clock
    waiting = _Waiting(table, game_id, clock, poll, sleep, _head(table))
    open_game(game, table, game_id)
    timer = Timer(clock, game.scenario.deadline.minutes, _started(table, game_id, clock))
    human = Human(game, side, terminal, rounds, timer, meetings=1)
    said = False
    ending: Ending | None = None
    while True:
        agreement = table.get(game_id)
        state = standing(game, agreement)
        own = [m.outcome for m in state.moves if m.side is side]
        human.previous = own[-1] if own else None
        if state.over:
            break
        if state.to_move is side:
            said = False
            number = len(state.moves) or 1
            choice = human.turn(number, state.moves[-1].outcome if state.moves else None)
            _record(game, side, terminal, table, game_id, human, choice, agreement, state)
            continue
        if not said:
            terminal.say(Bilingual("等待对方……", "Waiting for the other side…"))
            said = True
        left = timer.left()
        wait = (
            patience
            if patience is not None
            else (3600.0 if left is None else left.total_seconds() + 60.0)
        )
        if not waiting.wait(state.version, wait):
            ending = Ending.TIME if timer.up else Ending.GONE
            break
    if state.deal:
        ending = Ending.DEAL
        if state.moves[-1].side is side:
            terminal.say(screens.answered(side.other, True))
        drafted = _agree_draft(table, game_id, side)
        if drafted.status is Status.DRAFT_AGREED or drafted.procedure.draft_agreed_on:
            terminal.say(
                Bilingual(
                    f"合同草案已形成（{game_id}），可继续提交职工代表大会审议。",
                    f"The draft is agreed ({game_id}); it goes on to the workers' congress.",
                ).get(lang)
            )
    elif ending is None:
        ending = _why(state, side, rounds, timer)
    record = GameRecord(game.scenario.id, "human", "human", 0, rounds, state.moves, game)
    return Played(record, ending, side)


def _why(state: Standing, side: Side, rounds: int, timer: Timer) -> Ending:
    if state.ended_by is None:
        return Ending.MOVED
    if len(state.moves) >= rounds:
        return Ending.DEADLINE
    if timer.up:
        return Ending.TIME
    return Ending.QUIT if state.ended_by is side else Ending.LEFT


def _record(
    game: Game,
    side: Side,
    terminal: Terminal,
    table: Table,
    game_id: str,
    human: Human,
    choice: Choice,
    agreement: Agreement,
    state: Standing,
) -> None:
    """Record the person's move. When the game moved on meanwhile (another terminal of the same
    side was first), the move is dropped with a message, and the state is read again.

    An offer the store refuses by the law (judged on the meeting's day, which the game's own
    check does not know) is sent anyway when the person confirms it.
    """
    number = len(state.moves) + (1 if choice.kind is Kind.OFFER else 0)
    command = _meeting(game, side, choice, agreement, max(number, 1))
    actor = Role.chief_of(side)
    try:
        table.handle(game_id, command, actor)
    except GuardFailed as refused:
        if table.get(game_id).procedure.version != state.version:
            _moved_on(terminal)
            return
        offers = command.offers
        if not offers or offers[0].anyway:
            raise
        terminal.say(refused.message(terminal.lang))
        if human.confirm():
            anyway = offers[0].model_copy(update={"anyway": True})
            table.handle(game_id, command.model_copy(update={"offers": (anyway,)}), actor)
    except (ConcurrencyError, ProcedureError, InvalidDocument):
        if table.get(game_id).procedure.version == state.version:
            raise
        _moved_on(terminal)


def _moved_on(terminal: Terminal) -> None:
    terminal.say(
        Bilingual(
            "对局已有新进展（另一个终端抢先一步），你的这一步未记录。",
            "The game moved on meanwhile (another terminal was first); your move was not recorded.",
        )
    )
