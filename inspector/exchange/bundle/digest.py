"""A digest of a workspace's field content that does not depend on the order bundles were merged in.

It covers what bundles carry (inspections with their merged state and voids, findings, every revision, photo facts and
each device's photo claims, field-added sites, draws and catalog versions) and leaves out office bookkeeping
(arrival times, verdicts).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import sqlite_utils

PARTS: tuple[tuple[str, str], ...] = (
    ("catalog_versions", "SELECT version FROM catalog_versions ORDER BY version"),
    (
        "sites",
        "SELECT id, code, name, site_type, district, street, address, responsible_unit, created_at FROM sites"
        " WHERE origin = 'field' ORDER BY id",
    ),
    ("draws", "SELECT id, kind, algorithm, seed, candidates_sha256, result FROM draws ORDER BY id"),
    (
        "inspections",
        "SELECT id, site_id, inspector_id, mode, catalog_version, started_at, local_date, place, device_id,"
        " recheck_of, draw_id, sample_draw_id, item_codes, status, finished_at, problem_count, deduction_total, score,"
        " created_at, task_id FROM inspections ORDER BY id",
    ),
    (
        "inspection_voids",
        "SELECT inspection_id, reason, voided_at, device_id, recorded_at FROM inspection_voids ORDER BY inspection_id",
    ),
    ("findings", "SELECT id, inspection_id, item_code, created_at FROM findings ORDER BY id"),
    ("revisions", "SELECT finding_id, rev, content_hash FROM finding_revisions ORDER BY finding_id, rev"),
    (
        "photos",
        "SELECT sha256, width, height, size, captured_at, gps_lat, gps_lon, original_name, imported_at, device_id"
        " FROM photos ORDER BY sha256",
    ),
    (
        "photo_claims",
        "SELECT sha256, device_id, captured_at, gps_lat, gps_lon, original_name, imported_at FROM photo_claims"
        " ORDER BY sha256, device_id",
    ),
)


BATCH = 5000
# One encoder for every row (json.dumps with options builds a new one per call): the same text json.dumps gives.
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _lines(rows: list[Any]) -> bytes:
    """Each row as its compact JSON array on a line of its own (UTF-8), the whole batch encoded in one call.

    The batch is encoded as one JSON list of rows and split at the rows' closing brackets. That is exact when the
    only "]" in the text are those brackets (one per row and the list's own): no value in the batch holds a "]".
    Otherwise the batch is encoded row by row.
    """
    text = _ENCODE(rows)
    if text.count("]") != len(rows) + 1:
        return ("\n".join(map(_ENCODE, rows)) + "\n").encode("utf-8")
    return (text[1:-1].replace("],[", "]\n[") + "\n").encode("utf-8")


def workspace_digest(db: sqlite_utils.Database) -> dict[str, Any]:
    """SHA-256 over the merged field content in a fixed order, with the row count of each part.

    Each part is hashed as `#name` and then one line per row, the row as a compact JSON array (non-ASCII kept).
    Rows are read in batches and hashed a batch at a time.
    """
    digest = hashlib.sha256()
    counts: dict[str, int] = {}
    for name, sql in PARTS:
        digest.update(f"#{name}\n".encode())
        n = 0
        cursor = db.execute(sql)
        while rows := cursor.fetchmany(BATCH):
            digest.update(_lines(rows))
            n += len(rows)
        counts[name] = n
    return {"digest": digest.hexdigest(), "counts": counts}
