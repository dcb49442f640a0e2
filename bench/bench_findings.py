"""Recording findings one committed answer at a time: `record_finding` against plain sqlite3 inserts.

The baseline inserts the very rows our run produced, into a fresh database with the same schema
and pragmas (WAL, synchronous=FULL), one BEGIN IMMEDIATE … COMMIT per answer, in the same process.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from _common import demo_workspace, ratio_line

from inspector.field import inspections
from inspector.register import sites
from inspector.store import open_db

CST = timezone(timedelta(hours=8))


def ours(ws, total: int) -> float:
    """Record `total` answers through the core, each its own transaction; returns seconds."""
    rng = random.Random(7)
    all_sites = sites.list_sites(ws.db)
    plan = []
    day = datetime(2026, 11, 2, 9, 0, tzinfo=CST)
    while len(plan) < total:
        site = rng.choice(all_sites)
        inspection = inspections.start_inspection(
            ws.db, site_id=site.id, inspector_id="I-003", mode="unannounced", started_at=day
        )
        day += timedelta(hours=1)
        for item in inspections.inspection_checklist(ws.db, inspection).items:
            fails = rng.random() < 0.08
            plan.append((inspection.id, item.code, "fail" if fails else "pass", rng.choice([1, 1, 2])))
    plan = plan[:total]
    start = time.perf_counter()
    for inspection_id, code, outcome, count in plan:
        inspections.record_finding(ws.db, inspection_id, code, outcome=outcome, count=count)
    return time.perf_counter() - start


def baseline(source: Path, target: Path) -> float:
    """Insert the same finding and revision rows with plain sqlite3, one transaction per answer."""
    open_db(target).conn.close()  # same schema and pragmas
    src = sqlite3.connect(source)
    findings = src.execute("SELECT id, inspection_id, item_code, created_at FROM findings ORDER BY rowid").fetchall()
    revisions = {
        row[0]: row
        for row in src.execute(
            "SELECT finding_id, rev, outcome, count, note, photos, multiplier, deduction, responsible_unit, deadline,"
            " reason, recorded_at, device_id, parent_hash, content_hash FROM finding_revisions"
        )
    }
    prerequisites = {
        "sites": src.execute("SELECT * FROM sites").fetchall(),
        "catalog_versions": src.execute("SELECT * FROM catalog_versions").fetchall(),
        "inspections": src.execute("SELECT * FROM inspections").fetchall(),
    }
    src.close()
    conn = sqlite3.connect(target, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("BEGIN")
    for table, rows in prerequisites.items():
        if rows:
            conn.executemany(f"INSERT INTO {table} VALUES ({','.join('?' * len(rows[0]))})", rows)
    conn.execute("COMMIT")
    start = time.perf_counter()
    for finding in findings:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO findings (id, inspection_id, item_code, created_at) VALUES (?, ?, ?, ?)", finding)
        conn.execute(
            "INSERT INTO finding_revisions (finding_id, rev, outcome, count, note, photos, multiplier, deduction,"
            " responsible_unit, deadline, reason, recorded_at, device_id, parent_hash, content_hash)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            revisions[finding[0]],
        )
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--findings", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ws = demo_workspace(Path(tmp) / "ws")
        ours_s = ours(ws, args.findings)
        ws.close()
        base_s = baseline(Path(tmp) / "ws" / "workspace.db", Path(tmp) / "plain.db")
    print(f"{args.findings} findings, one committed answer each (WAL, synchronous=FULL)")
    print(ratio_line("record_finding vs plain sqlite3", ours_s, base_s, goal=3.0))


if __name__ == "__main__":
    main()
