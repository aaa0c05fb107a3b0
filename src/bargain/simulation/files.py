"""Reading scenarios: the scenario file, and the agreement and profile files it names.

A scenario names its agreement and workforce profile by paths relative to its own file. A name
without a path (``bengbu-delivery``) is one of the scenarios shipped with bargain
(:data:`SHIPPED`), found in ``examples/scenarios``.
"""

from __future__ import annotations

from pathlib import Path

from bargain._reading import load_model
from bargain.domain.costing import WorkforceProfile
from bargain.domain.language import Bilingual
from bargain.errors import InvalidDocument, Problem
from bargain.files import load_agreement
from bargain.simulation.game import Game
from bargain.simulation.scenario import Scenario

__all__ = ["SHIPPED", "load_game", "load_scenario", "scenario_path", "shipped_dir"]

SHIPPED = ("bengbu-delivery", "ride-hailing-commission", "truck-drivers")
"""The scenarios shipped with bargain, by name."""


def shipped_dir() -> Path:
    """The folder of the shipped scenarios: inside the wheel, or the repository's examples."""
    inside = Path(__file__).resolve().parent / "scenarios"
    if inside.is_dir():
        return inside
    return Path(__file__).resolve().parents[3] / "examples" / "scenarios"


def scenario_path(name: str | Path) -> Path:
    """The file of a scenario given by path or by shipped name."""
    path = Path(name)
    if not path.exists() and str(name) in SHIPPED:
        return shipped_dir() / f"{name}.yaml"
    return path


def load_scenario(path: str | Path) -> Scenario:
    """Read a scenario file (without the files it names).

    Raises:
        InvalidDocument: the file cannot be read or is not a valid scenario.
    """
    return load_model(Scenario, scenario_path(path))


def load_game(path: str | Path) -> Game:
    """Read a scenario and the agreement and profile it names, and check them together.

    Raises:
        InvalidDocument: one of the files cannot be read or is not valid, or an issue does not
            fit the agreement; each problem names its file and field path.
    """
    path = scenario_path(path)
    scenario = load_model(Scenario, path)
    base = path.resolve().parent

    def named(field: str, relative: str) -> Path:
        target = base / relative
        if not target.is_file():
            raise InvalidDocument(
                [
                    Problem(
                        str(path),
                        field,
                        Bilingual(
                            f"相对情景文件的已有文件路径（{target}不存在）",
                            f"the path of an existing file, relative to the scenario ({target} "
                            "does not exist)",
                        ),
                        relative,
                    )
                ]
            )
        return target

    agreement = load_agreement(named("agreement", scenario.agreement))
    profile = (
        load_model(WorkforceProfile, named("profile", scenario.profile))
        if scenario.profile
        else None
    )
    return Game(scenario, agreement, profile, source=str(path))
