"""The laptop's export ledger: what was exported, what the next incremental export would carry, and finishing
exports that a killed process left half-done.

Revisions are counted in `finding_revisions.local_seq`, never in the implicit rowid (a VACUUM or a table
rebuild may renumber that): an export carries as new the revisions with `after < local_seq <= through`,
and `exports.revisions_after/through` hold those numbers. An export leaves two records on its way (the whole
protocol is in inspector.exchange.bundle.export): an `export_temps` row before its temporary file exists, and its
`exports` row once the file is complete; the `export_temps` row goes when the file has its final name.
Plain queries and file renames, no cryptography, so the status bar can ask at start-up.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils

from inspector import voids
from inspector.atomic import fsync_dir, write_text_atomic
from inspector.envelope import manifest_sha256_of
from inspector.store import transaction

log = logging.getLogger(__name__)

# an inspection's state as exported; a change to any of these makes the inspection part of the next export (a void
# shows as the status 'voided', so voiding an exported inspection exports it again; states recorded before are equal)
STATE_SQL = f"json_array({voids.shown_status('i')}, i.finished_at, i.problem_count, i.deduction_total, i.score)"


def _pending(alias: str) -> str:
    """SQL: the export row `alias` is recorded, but its file is not yet known to have its final name."""
    return (
        f"EXISTS (SELECT 1 FROM export_temps t WHERE t.seq = {alias}.seq"
        f" AND t.manifest_sha256 = {alias}.manifest_sha256)"
    )


def last_export(db: sqlite_utils.Database) -> tuple[int, str | None, int]:
    """(sequence number, manifest hash, last revision `local_seq`) of the newest export, or (0, None, 0)."""
    row = db.execute("SELECT seq, manifest_sha256, revisions_through FROM exports ORDER BY seq DESC LIMIT 1").fetchone()
    return (0, None, 0) if row is None else (row[0], row[1], row[2])


# The head of the laptop's chain of bundles, kept beside the database too: a restored backup of workspace.db
# forgets the exports made after it, but the office has them. The next export continues from the head (a new
# number, the newest manifest as its previous one) instead of reusing a number the office already holds, which
# it would take for two different bundles under one number.
HEAD_FILE = "export-head.json"


def chain_head(folder: Path) -> tuple[int, str | None]:
    """(sequence number, manifest hash) of the newest export this workspace folder remembers, or (0, None)."""
    try:
        head = json.loads((folder / HEAD_FILE).read_text(encoding="utf-8"))
        seq, sha = head["seq"], head["manifest_sha256"]
    except (OSError, ValueError, KeyError, TypeError):
        return 0, None
    if isinstance(seq, int) and not isinstance(seq, bool) and seq > 0 and isinstance(sha, str):
        return seq, sha
    return 0, None


def remember_head(folder: Path, seq: int, manifest_sha256: str) -> None:
    """Keep a recorded export as the chain's head unless a newer one is already kept."""
    if chain_head(folder)[0] >= seq:
        return
    write_text_atomic(folder / HEAD_FILE, json.dumps({"seq": seq, "manifest_sha256": manifest_sha256}))


def unexported_count(db: sqlite_utils.Database) -> dict[str, int]:
    """What the next incremental export would carry as new: revisions, findings and inspections."""
    _, _, through = last_export(db)
    new = "(r.local_seq > :through OR r.local_seq IS NULL)"
    revisions, findings = db.execute(
        f"SELECT COUNT(*), COUNT(DISTINCT finding_id) FROM finding_revisions r WHERE {new}", {"through": through}
    ).fetchone()
    inspections = db.execute(
        "SELECT COUNT(*) FROM inspections i LEFT JOIN export_inspections e ON e.inspection_id = i.id"
        f" WHERE e.state IS NOT {STATE_SQL} OR i.id IN (SELECT f.inspection_id FROM findings f"
        f" JOIN finding_revisions r ON r.finding_id = f.id WHERE {new})",
        {"through": through},
    ).fetchone()[0]
    return {"revisions": revisions, "findings": findings, "inspections": inspections}


def list_exports(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """The history of exports, newest first; `pending`: recorded, but its file is not yet in place."""
    rows = db.execute(
        "SELECT seq, bundle_id, manifest_sha256, full, inspections, findings, revisions, photos, size, file_name,"
        f" created_at, {_pending('e')} FROM exports e ORDER BY seq DESC"
    ).fetchall()
    names = ("seq", "bundle_id", "manifest_sha256", "full", "inspections", "findings", "revisions", "photos", "size")
    return [
        {
            **dict(zip(names, row[:9], strict=True)),
            "full": bool(row[3]),
            "file_name": row[9],
            "created_at": row[10],
            "pending": bool(row[11]),
        }
        for row in rows
    ]


def number_missing(db: sqlite_utils.Database) -> int:
    """Give revisions written without a `local_seq` (by a tool outside the app) the next numbers, in rowid order."""
    if db.execute("SELECT 1 FROM finding_revisions WHERE local_seq IS NULL LIMIT 1").fetchone() is None:
        return 0
    with transaction(db) as conn:
        top = conn.execute("SELECT COALESCE(MAX(local_seq), 0) FROM finding_revisions").fetchone()[0]
        rows = conn.execute("SELECT rowid FROM finding_revisions WHERE local_seq IS NULL ORDER BY rowid").fetchall()
        conn.executemany(
            "UPDATE finding_revisions SET local_seq = ? WHERE rowid = ?",
            [(top + n, row[0]) for n, row in enumerate(rows, 1)],
        )
    return len(rows)


# ---------------------------------------------------------------- files on their way


def add_temp(
    db: sqlite_utils.Database, temp: Path, target: Path, seq: int, manifest_sha256: str, size: int, at: str
) -> None:
    """Note a temporary bundle file before it is created, so that a killed export can be cleaned up."""
    with transaction(db) as conn:
        conn.execute(
            "INSERT INTO export_temps (temp_path, target_path, seq, manifest_sha256, size, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [str(temp), str(target), seq, manifest_sha256, size, at],
        )


def drop_temp(db: sqlite_utils.Database, temp: Path) -> None:
    """Forget a temporary bundle file: renamed into place, or deleted."""
    with transaction(db) as conn:
        conn.execute("DELETE FROM export_temps WHERE temp_path = ?", [str(temp)])


def has_temps(db: sqlite_utils.Database) -> bool:
    """Whether an export left a temporary file to finish or remove."""
    return db.execute("SELECT 1 FROM export_temps LIMIT 1").fetchone() is not None


def unfinished_exports(db: sqlite_utils.Database) -> list[tuple[int, str]]:
    """(seq, file) of recorded exports whose file is not in place, and that no later full export supersedes."""
    rows = db.execute(
        "SELECT e.seq, t.target_path FROM exports e JOIN export_temps t"
        " ON t.seq = e.seq AND t.manifest_sha256 = e.manifest_sha256"
        " WHERE e.seq > COALESCE((SELECT MAX(f.seq) FROM exports f WHERE f.full = 1"
        f" AND NOT {_pending('f')}), 0) ORDER BY e.seq"
    ).fetchall()
    return [(row[0], row[1]) for row in rows]


@dataclass
class Recovery:
    """What finishing earlier exports did."""

    removed: list[Path] = field(default_factory=list)
    finished: list[int] = field(default_factory=list)
    unfinished: list[tuple[int, str]] = field(default_factory=list)


def _finish(temp: Path, target: Path, manifest_sha256: str, size: int) -> bool:
    """Put a recorded bundle under its final name; False when neither it nor its complete temporary file is there."""
    if manifest_sha256_of(target) == manifest_sha256:
        fsync_dir(target.parent, quiet=True)  # renamed before the kill: make the rename durable
        if temp.exists() and manifest_sha256_of(temp) == manifest_sha256:
            temp.unlink()
        return True
    if target.exists() or not temp.is_file() or temp.stat().st_size != size:
        return False
    if manifest_sha256_of(temp) != manifest_sha256:
        return False
    os.replace(temp, target)
    fsync_dir(target.parent, quiet=True)
    return True


def recover(db: sqlite_utils.Database) -> Recovery:
    """Finish or undo what killed exports left; the caller holds the export lock.

    A temporary file whose export was recorded is complete (it was fsynced before the record): it is renamed
    into place unless that already happened. One whose export was never recorded was never renamed, and its
    sequence number was never spent: it is deleted. A folder that cannot be reached now (a USB stick taken
    out) is left for the next time.
    """
    done = Recovery()
    rows = db.execute(
        "SELECT t.temp_path, t.target_path, t.seq, t.manifest_sha256, t.size, e.seq IS NOT NULL FROM export_temps t"
        " LEFT JOIN exports e ON e.seq = t.seq AND e.manifest_sha256 = t.manifest_sha256 ORDER BY t.seq"
    ).fetchall()
    for temp_name, target_name, seq, sha, size, recorded in rows:
        temp, target = Path(temp_name), Path(target_name)
        try:
            if not recorded:
                if not temp.parent.is_dir():
                    continue
                if temp.exists():
                    temp.unlink()
                    done.removed.append(temp)
            elif not _finish(temp, target, sha, size):
                done.unfinished.append((seq, target_name))
                continue
            else:
                done.finished.append(seq)
            drop_temp(db, temp)
        except OSError as exc:
            log.warning("could not finish export %s (%s): %s", seq, target_name, exc)
            if recorded:
                done.unfinished.append((seq, target_name))
    return done
