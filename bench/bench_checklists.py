"""Checklists for every demo site: `checklist_for_site` against plain sqlite3 queries doing the same."""

from __future__ import annotations

import json
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from _common import demo_workspace, ratio_line

from inspector import catalog
from inspector.field.checklist import checklist_for_site

ROUNDS = 20


def plain(conn: sqlite3.Connection, version: str, site_ids: list[str]) -> int:
    """The same result built by hand: load the version's items once, then per site filter and order them."""
    categories = {
        code: pos
        for code, pos in conn.execute("SELECT code, position FROM catalog_categories WHERE version = ?", [version])
    }
    items = [
        (*row, set(json.loads(row[3])))
        for row in conn.execute(
            "SELECT code, category, text, site_types, severity, deduction, responsible_unit, rectify_days,"
            " photo_required FROM catalog_items WHERE version = ?",
            [version],
        )
    ]
    total = 0
    for site_id in site_ids:
        (site_type,) = conn.execute("SELECT site_type FROM sites WHERE id = ?", [site_id]).fetchone()
        rows = [row for row in items if site_type in row[-1]]
        rows.sort(key=lambda r: (categories[r[1]], r[0]))
        total += len(rows)
    return total


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        ws = demo_workspace(Path(tmp) / "ws")
        site_ids = [row[0] for row in ws.db.execute("SELECT id FROM sites ORDER BY code")]
        version = catalog.current_version(ws.db)
        conn = sqlite3.connect(ws.path / "workspace.db")
        ours_times, base_times = [], []
        for _ in range(ROUNDS):
            start = time.perf_counter()
            ours = sum(len(checklist_for_site(ws.db, sid, mode="unannounced").codes) for sid in site_ids)
            ours_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            base = plain(conn, version, site_ids)
            base_times.append(time.perf_counter() - start)
            assert ours == base, (ours, base)
        conn.close()
        ws.close()
    print(f"{len(site_ids)} sites, {ours} checklist rows per round, {ROUNDS} rounds (median)")
    print(
        ratio_line(
            "checklists for every demo site", statistics.median(ours_times), statistics.median(base_times), goal=3.0
        )
    )


if __name__ == "__main__":
    main()
