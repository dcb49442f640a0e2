"""Confirming 2,000 problems at once, and resolving 2,000 ids one by one, in an office workspace.

The problems are real: finished inspections at the demo markets recorded through `inspector.field.inspections` (the
way `tests/office_kit.inspect` does), every item failing with a photo. To show how the id lookup grows with a
year's data, `--filler` plain rows are added to `findings` only (ids made the way the app makes them, under
one inspection, no revisions): nothing but the table an id lookup has to search grows.

Confirm — ours: `review.confirm` of all the pending problems by full id, in one call (one transaction).
Baseline, same run, same database: one transaction of a plain `executemany` INSERT of the same decision rows.
Resolve — ours: `decisions.resolve_finding` per id, typed without hyphens (the primary key). Before: the SQL the
app ran until now (`replace(id, '-', '') = ?`, a scan of every finding), timed on a sample and scaled.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from _common import demo_workspace, ratio_line

from inspector.field import inspections
from inspector.ids import uuid7
from inspector.oversight import review
from inspector.tracking.decisions import resolve_finding
from tests.office_kit import MARKETS, inspect

OLD_LOOKUP = "SELECT id FROM findings WHERE replace(id, '-', '') = ?"
NOW = "2026-11-30T04:00:00Z"


def build(folder: Path, problems: int, filler: int) -> tuple[object, list[str]]:
    """An office workspace with at least `problems` pending failures (and `filler` extra finding rows)."""
    ws = demo_workspace(folder)
    codes = set(inspections.inspection_checklist(ws.db, inspect(ws, "YX-003", date(2026, 11, 1), ())).codes)
    found: list[str] = []
    day, hour = date(2026, 11, 2), 8
    while len(found) < problems:
        for code in MARKETS.values():
            inspection = inspect(ws, code, day, codes, hour=hour)
            found += [f.finding_id for f in inspections.current_findings(ws.db, inspection.id)]
        hour += 1
        if hour > 17:
            day, hour = day + timedelta(days=1), 8
    if filler:
        host = ws.db.execute("SELECT id FROM inspections LIMIT 1").fetchone()[0]
        with ws.db.conn:
            ws.db.conn.executemany(
                "INSERT INTO findings (id, inspection_id, item_code, created_at) VALUES (?, ?, ?, ?)",
                ((uuid7(), host, f"FILL-{n:07d}", NOW) for n in range(filler)),
            )
    return ws, found[:problems]


def clear_events(ws) -> None:
    """Back to every problem pending (the benchmark's own rows only; untimed)."""
    with ws.db.conn:
        ws.db.conn.execute("DELETE FROM problem_events")


def baseline_confirm(ws, ids: list[str]) -> float:
    """One transaction of a plain executemany INSERT of the same decision rows."""
    conn = ws.db.conn
    rows = [(f, "confirm", json.dumps(None), "", "陈喆", NOW) for f in ids]
    start = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany(
        "INSERT INTO problem_events (finding_id, kind, value, reason, actor, recorded_at) VALUES (?, ?, ?, ?, ?, ?)",
        rows,
    )
    conn.execute("COMMIT")
    return time.perf_counter() - start


def ours_confirm(ws, ids: list[str]) -> float:
    """`review.confirm` of every id in one call."""
    calls: list[tuple[int, int]] = []
    start = time.perf_counter()
    made = review.confirm(ws.db, ids, actor="陈喆", progress=lambda d, t: calls.append((d, t)))
    elapsed = time.perf_counter() - start
    assert len(made) == len(ids) and calls[-1] == (len(ids), len(ids))
    return elapsed


def main() -> int:
    """Build, measure, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--problems", type=int, default=2000)
    parser.add_argument("--filler", type=int, default=200_000, help="extra finding rows (the lookup's table)")
    parser.add_argument("--sample", type=int, default=50, help="ids timed with the old lookup, then scaled")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        ws, ids = build(Path(tmp) / "ws", args.problems, args.filler)
        findings = ws.db.execute("SELECT COUNT(*) FROM findings").fetchone()[0]
        print(
            f"workspace: {len(ids)} pending problems, {findings} findings, built in {time.perf_counter() - start:.1f}s"
        )
        ours, base = [], []
        for _ in range(args.rounds):
            clear_events(ws)
            base.append(baseline_confirm(ws, ids))
            clear_events(ws)
            ours.append(ours_confirm(ws, ids))
        typed = [f.replace("-", "") for f in ids]
        start = time.perf_counter()
        for text in typed:
            resolve_finding(ws.db, text)
        new_resolve = time.perf_counter() - start
        sample = typed[: args.sample]
        start = time.perf_counter()
        for text in sample:
            assert ws.db.execute(OLD_LOOKUP, [text]).fetchone() is not None
        old_resolve = (time.perf_counter() - start) * len(typed) / len(sample)
        ws.close()
    print()
    print(f"| operation ({len(ids)} problems, {findings} findings) | seconds |")
    print("|---|---|")
    print(f"| confirm, ours: review.confirm, one transaction (best of {args.rounds}) | {min(ours):.3f} |")
    print(f"| confirm, baseline: executemany INSERT of the same rows | {min(base):.3f} |")
    print(f"| resolve each id, ours: primary key | {new_resolve:.3f} |")
    print(f"| resolve each id, before: replace() scan ({len(sample)} timed, scaled) | {old_resolve:.2f} |")
    print()
    print(ratio_line("confirm vs executemany baseline", min(ours), min(base), goal=10.0))
    print(f"resolve: before / ours = {old_resolve / new_resolve:.0f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
