"""The office's daily operations on a generated fraction of a city-year, each against a plain-SQLite baseline.

Opens the cached workspace of `bench/city_year.py` (built on first use), copies it (confirming changes it) and
times, with "today" the office's review day after the last generated week:

- the problems of the latest month (`problems.list_problems`) vs an indexed SELECT of the same failed findings;
- rankings by district for the month and for the year (`rankings.rankings`) vs a GROUP BY of the same scores;
- confirming 200 pending problems (`review.confirm`) vs inserting 200 decision rows in one transaction;
- (the peak memory of each ranking: RSS growth over the call, SQLite included)
- the workspace digest (`workspace_digest`) vs hashing the same rows' text (what `sqlite3 | sha256sum` does).

No ANALYZE in setup: the app does not run it. Each side runs once, ours first (the machine is shared).

    python bench/bench_office_scale.py --fraction 0.01
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from _common import ratio_line
from bench_merge import peak_kb, start_measuring
from city_year import CST, SUPERVISOR, cached

from inspector import rankings, review, workspace
from inspector.bundle.digest import PARTS, workspace_digest
from inspector.periods import parse_period
from inspector.problems import ProblemFilter, list_problems

CURRENT = (
    " JOIN finding_revisions r ON r.finding_id = f.id"
    " AND r.rev = (SELECT MAX(rev) FROM finding_revisions WHERE finding_id = f.id)"
)


def timed(fn):
    """(seconds, result) of one call."""
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def base_problems(db, first: date, last: date) -> list[tuple]:
    """The month's failed findings with their site and inspection: one indexed SELECT."""
    return db.execute(
        "SELECT f.id, i.local_date, s.code, s.district, r.responsible_unit, r.deadline, r.count, r.photos"
        " FROM inspections i JOIN findings f ON f.inspection_id = i.id" + CURRENT + " JOIN sites s ON s.id = i.site_id"
        " WHERE i.local_date BETWEEN ? AND ? AND r.outcome = 'fail' ORDER BY r.deadline",
        [first.isoformat(), last.isoformat()],
    ).fetchall()


def base_rankings(db, first: date, last: date) -> list[tuple]:
    """Average score, inspections and deductions per district over a period: one GROUP BY."""
    return db.execute(
        "SELECT s.district, AVG(i.score), COUNT(*), SUM(i.problem_count), SUM(i.deduction_total)"
        " FROM inspections i JOIN sites s ON s.id = i.site_id"
        " WHERE i.local_date BETWEEN ? AND ? AND i.status = 'finished' GROUP BY s.district ORDER BY 2 DESC",
        [first.isoformat(), last.isoformat()],
    ).fetchall()


def base_confirm(db, ids: list[str], when: str) -> None:
    """200 decision rows written in one transaction, without any checks."""
    conn = db.conn
    conn.execute("CREATE TABLE IF NOT EXISTS bench_events (finding_id TEXT, kind TEXT, actor TEXT, at TEXT)")
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany("INSERT INTO bench_events VALUES (?, 'confirm', ?, ?)", [(f, SUPERVISOR, when) for f in ids])
    conn.execute("COMMIT")


def base_digest(db) -> str:
    """SHA-256 of the digest's rows as text, as `sqlite3 db "SELECT …" | sha256sum` would hash them."""
    digest = hashlib.sha256()
    for _, sql in PARTS:
        for row in db.execute(sql):
            digest.update("|".join("" if v is None else str(v) for v in row).encode("utf-8"))
            digest.update(b"\n")
    return digest.hexdigest()


def pending(db, n: int) -> list[str]:
    """Up to `n` failed findings of the latest inspections with no decision yet."""
    return [
        row[0]
        for row in db.execute(
            "SELECT f.id FROM inspections i JOIN findings f ON f.inspection_id = i.id" + CURRENT + " WHERE r.outcome"
            " = 'fail' AND NOT EXISTS (SELECT 1 FROM problem_events e WHERE e.finding_id = f.id)"
            " ORDER BY i.local_date DESC, f.id LIMIT ?",
            [n],
        )
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fraction", type=float, default=0.01, help="of a city-year (default 0.01)")
    args = parser.parse_args()
    office, meta = cached(args.fraction)
    today = date.fromisoformat(meta["last_day"])
    month_end = today - timedelta(days=1)
    month = parse_period(f"{month_end.year}-{month_end.month:02d}")
    year = parse_period(str(month_end.year))
    first_m, last_m = month_end.replace(day=1), month_end
    first_y = month_end.replace(month=1, day=1)
    print(
        f"{meta['fraction']:g} of a city-year: {meta['inspections']:,} inspections, {meta['findings']:,} findings,"
        f" {meta['problems']:,} problems, {meta['size_mb']:,} MB; today {today}, month {month.text}"
    )
    with tempfile.TemporaryDirectory(prefix="office-scale-") as tmp:
        copy = Path(tmp) / "office"
        shutil.copytree(office, copy, ignore=shutil.ignore_patterns("backups"))  # not read by these operations
        ws = workspace.open_workspace(copy)
        rows: list[tuple[str, float, float | None, str]] = []
        try:
            t, got = timed(lambda: list_problems(ws.db, ProblemFilter(found_in=month), today=today))
            b, base = timed(lambda: base_problems(ws.db, first_m, last_m))
            rows.append(("problems list, latest month", t, b, f"{len(got):,} problems / {len(base):,} rows"))
            for label, period, first in (("month", month, first_m), ("year", year, first_y)):
                rss, method = start_measuring()
                t, got = timed(lambda period=period: rankings.rankings(ws.db, period, "district", today=today))
                grew = (peak_kb(method) - rss) / 1024
                b, base = timed(lambda first=first: base_rankings(ws.db, first, month_end))
                rows.append((f"rankings by district, {label}", t, b, f"{len(base)} districts, peak +{grew:.0f} MB"))
            ids = pending(ws.db, 200)
            at = datetime(today.year, today.month, today.day, 10, 0, tzinfo=CST)
            t, _ = timed(lambda: review.confirm(ws.db, ids, actor=SUPERVISOR, at=at))
            b, _ = timed(lambda: base_confirm(ws.db, ids, at.isoformat()))
            rows.append((f"confirm {len(ids)} pending problems", t, b, "one transaction"))
            t, got = timed(lambda: workspace_digest(ws.db))
            b, _ = timed(lambda: base_digest(ws.db))
            rows.append(("workspace digest", t, b, f"{sum(got['counts'].values()):,} rows"))
        finally:
            ws.close()
    print(f"{'operation':36s} {'ours (s)':>10s} {'baseline (s)':>13s} {'ratio':>8s}  notes")
    for name, ours, base, note in rows:
        ratio = f"{ours / base:.1f}x" if base else "-"
        print(f"{name:36s} {ours:10.3f} {base:13.4f} {ratio:>8s}  {note}")
    print(ratio_line("workspace digest vs text hash of the same rows", rows[-1][1], rows[-1][2], 2.0))


if __name__ == "__main__":
    main()
