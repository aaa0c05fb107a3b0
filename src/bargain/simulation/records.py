"""Reading a game record honestly: the moves checked against the protocol, the rest recomputed.

A record (``GameRecord.as_json``, as ``bargain simulate --format json`` writes it under ``record``
or ``bargain play --record`` writes it bare) says which outcome each side offered in each round and
whether it was accepted. It also carries each move's utilities and value labels, for people; those
are not read. :func:`read_record` replays the moves against the scenario, so the utilities and
every score are the scenario's, whatever the file says, and refuses a record whose moves break the
protocol, naming the file and the field path.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bargain._reading import Lines
from bargain.domain.language import Bilingual
from bargain.domain.parties import Side
from bargain.domain.problems import FieldPath, format_path, problems_from
from bargain.errors import InvalidDocument, Problem
from bargain.simulation.game import Game
from bargain.simulation.protocol import GameRecord, record_from_json

__all__ = ["read_record"]


class _Move(BaseModel):
    model_config = ConfigDict(extra="ignore")
    round: Annotated[int, Field(ge=1)]
    side: Literal["union", "employer"]
    outcome: list[int]
    accepted: bool


class _Record(BaseModel):
    """The parts of a record that are read: utilities and labels are computed again."""

    model_config = ConfigDict(extra="ignore")
    scenario: str
    union: str
    employer: str
    seed: int = 0
    rounds: Annotated[int, Field(ge=1, le=10_000)]
    moves: list[_Move]


def read_record(
    data: Mapping[str, Any],
    games: Mapping[str, Game],
    source: str = "<record>",
    lines: Lines | None = None,
) -> GameRecord:
    """A game record (bare, or under ``record`` as ``bargain simulate --format json`` writes
    it), replayed against its scenario in ``games``: the utilities are the scenario's, whatever
    the record says. The moves must follow the protocol: rounds numbered from 1, the union side
    offering in odd rounds and the employer side in even ones, only the last offer accepted, no
    more rounds than the record allows, every outcome one of the scenario's.

    Raises:
        InvalidDocument: the record breaks one of these, naming ``source`` and the field path.
    """
    at: FieldPath = ()
    inner = data.get("record")
    if isinstance(inner, Mapping) and "moves" not in data:
        data, at = inner, ("record",)
    lines = lines or {}

    def fault(path: FieldPath, expected: Bilingual, found: Any = None) -> InvalidDocument:
        full = (*at, *path)
        line = next((lines[full[:e]] for e in range(len(full), -1, -1) if full[:e] in lines), None)
        shown = None if found is None else str(found)
        return InvalidDocument([Problem(source, format_path(full), expected, shown, line)])

    try:
        shape = _Record.model_validate(data)
    except ValidationError as error:
        raise InvalidDocument(
            problems_from(error, source=source, data=data, lines=lines, at=at)
        ) from None
    game = games.get(shape.scenario)
    if game is None:
        known = ", ".join(games)
        raise fault(
            ("scenario",),
            Bilingual(f"本竞赛的情景：{known}", f"a scenario of the contest: {known}"),
            shape.scenario,
        )
    if len(shape.moves) > shape.rounds:
        raise fault(
            ("moves",),
            Bilingual(f"至多{shape.rounds}轮", f"at most {shape.rounds} rounds"),
            f"{len(shape.moves)}",
        )
    sizes = game.utilities[Side.UNION].sizes
    for index, move in enumerate(shape.moves):
        side = Side.UNION if index % 2 == 0 else Side.EMPLOYER
        if move.round != index + 1:
            raise fault(
                ("moves", index, "round"),
                Bilingual(f"第{index + 1}轮（轮次从1起连续编号）", f"round {index + 1}"),
                move.round,
            )
        if move.side != side.value:
            raise fault(
                ("moves", index, "side"),
                Bilingual(
                    f"{side.value}（奇数轮由职工方出价，偶数轮由企业方出价）",
                    f"{side.value} (the union side offers in odd rounds, the employer in even)",
                ),
                move.side,
            )
        if move.accepted and index != len(shape.moves) - 1:
            raise fault(
                ("moves", index, "accepted"),
                Bilingual("false（接受出价即结束比赛，其后不得再有出价）",
                          "false (an accepted offer ends the game)"),
                "true",
            )  # fmt: skip
        fits = len(move.outcome) == len(sizes) and all(
            0 <= v < n for v, n in zip(move.outcome, sizes, strict=True)
        )
        if not fits:
            ranges = ", ".join(f"0-{n - 1}" for n in sizes)
            raise fault(
                ("moves", index, "outcome"),
                Bilingual(
                    f"每个议题一个取值序号（{ranges}）",
                    f"one value index per issue ({ranges})",
                ),
                move.outcome,
            )
    return record_from_json(shape.model_dump(), game)
