"""Starting proposals per sector, as package data: an agreement in drafting with placeholders.

Each ``SECTOR.yaml`` here is an agreement file with commented placeholders (marked ``TODO``) for
the negotiators to fill in. Comment lines start ``#zh:`` or ``#en:``; :func:`proposal` keeps those
of one language. ``__REGION__``, ``__YEAR__``, ``__START__`` and ``__END__`` are filled in with
the region code and a three-year term starting the next 1 January. ``bargain new`` writes them.
"""

from __future__ import annotations

import datetime as dt
from importlib import resources

__all__ = ["SECTORS", "proposal"]

SECTORS = ("delivery", "ride_hailing", "courier")
"""The sectors that have a starting proposal (sectors-reference.md)."""

DEFAULT_REGION = "340300"
"""The region code written when none is given (蚌埠市), for the negotiators to change."""


def proposal(sector: str, *, lang: str = "zh", today: dt.date, region: str = DEFAULT_REGION) -> str:
    """The starting proposal of a sector as YAML text, with comments in ``lang`` (zh or en).

    Raises:
        KeyError: no proposal for that sector.
    """
    if sector not in SECTORS:
        raise KeyError(sector)
    text = resources.files(__name__).joinpath(f"{sector}.yaml").read_text(encoding="utf-8")
    start = dt.date(today.year + 1, 1, 1)
    end = dt.date(start.year + 2, 12, 31)
    values = {
        "__REGION__": region,
        "__YEAR__": str(start.year),
        "__START__": start.isoformat(),
        "__END__": end.isoformat(),
    }
    kept = []
    for line in text.splitlines():
        stripped = line.lstrip()
        for tag in ("#zh:", "#en:"):
            if stripped.startswith(tag):
                if tag[1:3] != lang:
                    break
                comment = stripped[len(tag) :].strip()
                indent = line[: len(line) - len(stripped)]
                kept.append(f"{indent}# {comment}".rstrip() if comment else f"{indent}#")
                break
        else:
            kept.append(line)
    result = "\n".join(kept) + "\n"
    for token, value in values.items():
        result = result.replace(token, value)
    return result
