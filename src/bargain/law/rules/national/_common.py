"""What several modules of the national pack share."""

from __future__ import annotations

from bargain.domain.parties import WorkerCategory

__all__ = ["CCP", "EMPLOYED"]

CCP = "集体合同规定"
"""The instrument most rules cite: 《集体合同规定》 (劳动和社会保障部令第22号)."""

EMPLOYED = (WorkerCategory.LABOUR_RELATIONSHIP, WorkerCategory.PART_TIME)
"""The workers the labour law covers: those in a labour relationship, full-time or part-time."""
