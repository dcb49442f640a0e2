"""Voided inspections (作废): which inspections no longer count, why, and since when.

An inspection started or answered by mistake is voided with a reason, never deleted once it has answers: its
findings stay (the record of what was done), it is exported and merged as voided, and it counts nowhere — no
problems, scores, rankings or documents come from it. A void is final. The writes are in `inspections`
(`void_inspection`, `discard_inspection`); this module holds what every query needs to leave voided ones out.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import sqlite_utils

MAX_REASON = 500  # characters
STATUS = "voided"  # the status a voided inspection shows with (its stored status stays open or finished)
LABEL = "已作废"


def not_voided(alias: str = "i") -> str:
    """SQL: the inspection `alias` (a row of `inspections`) is not voided."""
    return f"NOT EXISTS (SELECT 1 FROM inspection_voids v WHERE v.inspection_id = {alias}.id)"


def shown_status(alias: str = "i") -> str:
    """SQL: the status an inspection shows with: 'voided', else its stored status (open or finished)."""
    return f"CASE WHEN {not_voided(alias)} THEN {alias}.status ELSE '{STATUS}' END"


@dataclass(frozen=True)
class Void:
    """Why and when an inspection was voided, and by which device."""

    inspection_id: str
    reason: str
    voided_at: str
    device_id: str
    recorded_at: str

    def as_dict(self) -> dict[str, Any]:
        """JSON-able form."""
        return asdict(self)


COLUMNS = ("inspection_id", "reason", "voided_at", "device_id", "recorded_at")


def void_of(db: sqlite_utils.Database, inspection_id: str) -> Void | None:
    """The void of an inspection, or None when it is not voided."""
    row = db.execute(
        f"SELECT {', '.join(COLUMNS)} FROM inspection_voids WHERE inspection_id = ?", [inspection_id]
    ).fetchone()
    return None if row is None else Void(*row)


def list_voids(db: sqlite_utils.Database) -> list[Void]:
    """Every void in the workspace, newest first."""
    rows = db.execute(f"SELECT {', '.join(COLUMNS)} FROM inspection_voids ORDER BY voided_at DESC, inspection_id")
    return [Void(*row) for row in rows]
