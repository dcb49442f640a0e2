"""The laptop's export ledger: what was exported, and what the next incremental export would carry.

Plain queries with no cryptography, so the app can show "not yet exported" in its status bar at start-up.
"""

from __future__ import annotations

from typing import Any

import sqlite_utils

# an inspection's state as exported; a change to any of these makes the inspection part of the next export
STATE_SQL = "json_array(i.status, i.finished_at, i.problem_count, i.deduction_total, i.score)"


def last_export(db: sqlite_utils.Database) -> tuple[int, str | None, int]:
    """(sequence number, manifest hash, last revision rowid) of the newest export, or (0, None, 0)."""
    row = db.execute("SELECT seq, manifest_sha256, revisions_through FROM exports ORDER BY seq DESC LIMIT 1").fetchone()
    return (0, None, 0) if row is None else (row[0], row[1], row[2])


def unexported_count(db: sqlite_utils.Database) -> dict[str, int]:
    """What the next incremental export would carry as new: revisions, findings and inspections."""
    _, _, through = last_export(db)
    revisions, findings = db.execute(
        "SELECT COUNT(*), COUNT(DISTINCT finding_id) FROM finding_revisions WHERE rowid > ?", [through]
    ).fetchone()
    inspections = db.execute(
        "SELECT COUNT(*) FROM inspections i LEFT JOIN export_inspections e ON e.inspection_id = i.id"
        f" WHERE e.state IS NOT {STATE_SQL} OR i.id IN (SELECT f.inspection_id FROM findings f"
        " JOIN finding_revisions r ON r.finding_id = f.id WHERE r.rowid > ?)",
        [through],
    ).fetchone()[0]
    return {"revisions": revisions, "findings": findings, "inspections": inspections}


def list_exports(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """The history of exports, newest first."""
    rows = db.execute(
        "SELECT seq, bundle_id, manifest_sha256, full, inspections, findings, revisions, photos, size, file_name,"
        " created_at FROM exports ORDER BY seq DESC"
    ).fetchall()
    names = ("seq", "bundle_id", "manifest_sha256", "full", "inspections", "findings", "revisions", "photos", "size")
    return [
        {**dict(zip(names, row[:9], strict=True)), "full": bool(row[3]), "file_name": row[9], "created_at": row[10]}
        for row in rows
    ]
