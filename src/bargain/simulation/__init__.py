"""Bargaining simulations: for training, for bargaining-skills contests (集体协商竞赛), for research.

A :class:`Scenario` (YAML, ``bargain schema scenario``) is a case: the agreement on the table,
the company's figures, the issues mapped to clause fields, and each side's private brief. A
:class:`Game` joins it to its agreement. :func:`play` runs two strategies
(:mod:`~bargain.simulation.strategies`) through the alternating-offers protocol
(:mod:`~bargain.simulation.protocol`), where each round is a meeting and each offer the same
:class:`~bargain.domain.negotiation.Offer` as in a real negotiation; :func:`score` scores the
game, the law judging the deal and every offer. A deal becomes an agreement with
:meth:`Game.deal`. docs/simulation.md is the guide.

>>> game = load_game("bengbu-delivery")
>>> record = play(game, "boulware", "conceder", seed=7)
>>> record.deal is not None, record.agreed_in
(True, 17)
"""

from bargain.simulation.files import SHIPPED, load_game, load_scenario, scenario_path
from bargain.simulation.game import Game
from bargain.simulation.protocol import GameRecord, Move, play, run
from bargain.simulation.scenario import Scenario
from bargain.simulation.scoring import Flag, GameScore, SideScore, score
from bargain.simulation.strategies import NAMES, Strategy, UnknownStrategy, View, make
from bargain.simulation.utility import Additive, Outcome

__all__ = [
    "NAMES",
    "SHIPPED",
    "Additive",
    "Flag",
    "Game",
    "GameRecord",
    "GameScore",
    "Move",
    "Outcome",
    "Scenario",
    "SideScore",
    "Strategy",
    "UnknownStrategy",
    "View",
    "load_game",
    "load_scenario",
    "make",
    "play",
    "run",
    "scenario_path",
    "score",
]
