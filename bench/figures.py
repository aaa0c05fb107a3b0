"""The figures a bench measures, printed by the bench and written as one JSON object by ``--json``.

Every bench adds the option with :func:`add_json_option`, records what it measured in a
:class:`Figures` (one :class:`Measurement` per thing measured: a baseline rate, the rates next to
it, their ratios and the targets) and calls :meth:`Figures.write` at the end. The object written::

    {
      "bench": "validate",
      "at": "2026-11-30T09:50:00+00:00", "python": "3.11.7", "machine": "x86_64",
      "settings": {"agreements": 500, "repeat": 5},
      "measurements": [
        {"name": "...", "unit": "agreements/s",
         "baseline": {"pydantic_validation": 21000.0},
         "rates": {"rules": 9000.0},
         "ratios": {"rules_over_model": 2.3},
         "targets": {"rules": {"at_least": 5000}, "rules_over_model": {"at_most": 5}}}
      ]
    }

Settings hold numbers and names only: a bench never records a database URL, which may carry a
password.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Figures", "Measurement", "add_json_option"]

Setting = int | float | str | bool | None


def add_json_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--json PATH``: also write the figures to ``PATH`` as one JSON object."""
    parser.add_argument(
        "--json",
        type=Path,
        default=None,
        metavar="PATH",
        help="also write the figures (rates, baseline rates, ratios) to PATH as one JSON object",
    )


@dataclass
class Measurement:
    """One thing measured: the baseline's rate, the rates next to it, their ratios, the targets."""

    name: str
    unit: str
    baseline: dict[str, float] = field(default_factory=dict)
    rates: dict[str, float] = field(default_factory=dict)
    ratios: dict[str, float] = field(default_factory=dict)
    targets: dict[str, dict[str, float]] = field(default_factory=dict)
    differences: dict[str, float] = field(default_factory=dict)
    """Figures that compare by difference (the bench's minus the baseline's), when any."""

    def target(
        self, figure: str, *, at_least: float | None = None, at_most: float | None = None
    ) -> None:
        """The bound the issue sets for one of the rates, ratios or differences."""
        bounds = {"at_least": at_least, "at_most": at_most}
        self.targets[figure] = {key: bound for key, bound in bounds.items() if bound is not None}

    def as_json(self) -> dict[str, object]:
        written: dict[str, object] = {
            "name": self.name,
            "unit": self.unit,
            "baseline": self.baseline,
            "rates": self.rates,
            "ratios": self.ratios,
            "targets": self.targets,
        }
        if self.differences:
            written["differences"] = self.differences
        return written


@dataclass
class Figures:
    """Everything one run of a bench measured, with the settings it ran with."""

    bench: str
    settings: dict[str, Setting]
    measurements: list[Measurement] = field(default_factory=list)

    def measurement(self, name: str, unit: str) -> Measurement:
        """A new measurement, recorded in these figures."""
        measured = Measurement(name, unit)
        self.measurements.append(measured)
        return measured

    def as_json(self) -> dict[str, object]:
        return {
            "bench": self.bench,
            "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "python": platform.python_version(),
            "machine": platform.machine(),
            "settings": self.settings,
            "measurements": [measured.as_json() for measured in self.measurements],
        }

    def write(self, path: Path | None) -> None:
        """Write the figures to ``path`` as one JSON object (nothing when ``path`` is ``None``)."""
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(self.as_json(), ensure_ascii=False, indent=2, allow_nan=False)
        path.write_text(text + "\n", encoding="utf-8")
