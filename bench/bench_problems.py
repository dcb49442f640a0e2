"""Benchmark: one month's problem list on an office workspace of a few thousand inspections over six months.

Compares `problems.list_problems` (the stored problem state, read with the filter in SQL) with what it replaced:
`problems.derive_from_events`, the same problems computed from the events (revisions, rechecks, decisions, repeats)
— still the reference that `workspace check` verifies the stored state against — and with a plain indexed SELECT of
the month's stored rows. Both lists must agree. No ANALYZE: the workspace is built and measured without statistics,
as the app has them before its first close. The workspace is cached in a temporary folder between runs (delete it
to rebuild). At a city-year, `bench_office_scale.py` measures the list's first screen.

    python bench/bench_problems.py [--inspections 4000] [--folder /tmp/bench-problems]
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import demo_workspace

from inspector import workspace
from inspector.field import inspections
from inspector.periods import parse_period
from inspector.register import sites
from inspector.tracking.problems import ProblemFilter, derive_from_events, list_problems
from tests.office_kit import at, photo

MONTHS = ((2026, 6), (2026, 7), (2026, 8), (2026, 9), (2026, 10), (2026, 11))
TODAY = date(2026, 12, 10)


def build(folder: Path, count: int) -> None:
    """Inspections at every demo site through the project's own calls: failures that repeat, some rechecks."""
    ws = demo_workspace(folder)
    ws.db.execute("PRAGMA synchronous = OFF")  # a scratch workspace: building it need not survive a power cut
    rng = random.Random(12)
    codes = [row[0] for row in ws.db.execute("SELECT code FROM sites ORDER BY code")]
    shots = [photo(ws, shade=n) for n in range(8)]
    per_month = max(1, count // (len(codes) * len(MONTHS)))
    last: dict[str, str] = {}
    made = 0
    for year, month in MONTHS:
        for round_ in range(per_month):
            for code in codes:
                day = date(year, month, 1 + (round_ * 28 // per_month + rng.randrange(3)) % 28)
                site = sites.get_site(ws.db, code)
                started = at(day, 9 + rng.randrange(8))
                recheck = last.get(code) if rng.random() < 0.2 else None
                inspection = inspections.start_inspection(
                    ws.db, site_id=site.id, inspector_id="I-003", mode="unannounced", started_at=started,
                    place=site.address, recheck_of=recheck,
                )  # fmt: skip
                items = inspections.inspection_checklist(ws.db, inspection).codes
                usual = set(random.Random(code).sample(items, min(8, len(items))))  # a site fails the same items
                for n, item in enumerate(items):
                    moment = started + timedelta(seconds=10 * n)
                    if item in usual and rng.random() < 0.5:
                        inspections.record_finding(
                            ws.db, inspection.id, item, outcome="fail", count=1 + rng.randrange(3),
                            photos=[rng.choice(shots)], recorded_at=moment,
                        )  # fmt: skip
                    else:
                        inspections.record_finding(ws.db, inspection.id, item, outcome="pass", recorded_at=moment)
                inspections.finish_inspection(ws.db, inspection.id, finished_at=started + timedelta(minutes=30))
                last[code] = inspection.id
                made += 1
    ws.db.conn.close()  # not ws.close(): that would gather statistics (store.optimize)
    print(f"built {made} inspections at {len(codes)} sites over {len(MONTHS)} months")


def timed(work, runs: int = 1) -> tuple[float, float, object]:
    """(CPU seconds, wall seconds, result), the best of `runs`."""
    best = None
    for _ in range(runs):
        cpu, wall = time.process_time(), time.perf_counter()
        result = work()
        took = (time.process_time() - cpu, time.perf_counter() - wall, result)
        best = took if best is None or took[0] < best[0] else best
    return best


def main() -> None:
    """Build (or reuse) the workspace, then time the month's list three ways."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inspections", type=int, default=4000)
    parser.add_argument("--folder", type=Path, default=Path("/tmp/bench-problems"))
    args = parser.parse_args()
    folder = args.folder / str(args.inspections)
    if not workspace.is_workspace(folder):
        building = folder.with_name(folder.name + ".building")
        shutil.rmtree(building, ignore_errors=True)
        _cpu, wall, _ = timed(lambda: build(building, args.inspections))
        building.rename(folder)
        print(f"build: {wall:.0f} s")
    db = workspace.open_workspace(folder, daily_backup=False).db
    stats = db.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone()
    total = db.execute("SELECT COUNT(*) FROM inspections").fetchone()[0]
    print(f"{total} inspections; statistics: {'present' if stats else 'none'}; SQLite {sqlite3.sqlite_version}")
    for month in ("2026-07", "2026-11"):  # July has four months of later inspections, November none
        period = parse_period(month)
        flt = ProblemFilter(found_in=period)
        sql = "SELECT * FROM problem_state WHERE found_on BETWEEN ? AND ?"
        params = [period.start.isoformat(), period.end.isoformat()]
        base_cpu, base_wall, _rows = timed(lambda sql=sql, params=params: db.execute(sql, params).fetchall(), 3)
        new_cpu, new_wall, new = timed(lambda flt=flt: list_problems(db, flt, today=TODAY), 3)
        old_cpu, old_wall, old = timed(lambda period=period: derive_from_events(db, found_in=period, today=TODAY), 3)
        stored = {p.finding_id: (p.status, p.overdue, p.repeat_of) for p in new}
        derived = {p.finding_id: (p.status, p.overdue, p.repeat_of) for p in old if p.review != "rejected"}
        assert stored == derived, "the stored state and the events disagree"
        repeats = sum(p.repeat_of is not None for p in new)
        print(f"{month}: {len(new)} problems ({repeats} repeats)")
        print(f"  plain indexed SELECT of the stored rows: {base_cpu:.3f} s CPU, {base_wall:.3f} s wall")
        print(f"  derived from the events (before the stored state): {old_cpu:.3f} s CPU, {old_wall:.3f} s wall")
        print(f"  list_problems (the stored state): {new_cpu:.3f} s CPU, {new_wall:.3f} s wall")
        print(f"  speed-up {old_cpu / new_cpu:.1f}x CPU; now {new_cpu / base_cpu:.1f}x the plain SELECT")
    db.conn.close()


if __name__ == "__main__":
    main()
