"""What keeping a workspace whole costs on the paths users feel: opening, SQLite's checks, the backup, the full check.

Two workspaces are built in the same run with the app's schema (an office workspace from `init_workspace`) and plain
SQL of the same shape the app writes (revisions carry real content hashes and chains, finished inspections their
totals): a year-old laptop (1,500 inspections, 75,000 revisions) and a city-year office database (100,000
inspections, 5,000,000 revisions). Both are measured in WAL mode with synchronous=FULL, as the app opens them, and
nothing runs ANALYZE. For each size, against baselines measured in the same run:

- open: `workspace.open_workspace` as the CLI calls it (the header against the file size, the damage mark, whether
  today's backup is due — it has been taken) against the open without them (`open_db` with `check=False` and the
  same reads). Goal: at most 1.2x.
- quick_check and integrity_check at open: their time as a ratio to that plain open — why the app runs them off
  the UI thread right after opening instead.
- backup: `backup.make_backup` (online backup API, integrity_check of the copy, rename) against a plain file copy.
- full check of the database (integrity_check, foreign keys, every revision hash and chain, totals; photo files
  skipped), as a ratio to the plain file copy, and its peak memory in a separate process, at both sizes: the
  rows are streamed, so the city-year's peak stays near the laptop's.

python bench/bench_open.py [--scale laptop|city|both]   (the city-year needs about 10 GB free on the temp disk)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ratio_line

from inspector import catalog, clock, workspace
from inspector.store import backup, get_setting, open_db

SCALES = {"laptop": (1_500, 75_000), "city": (100_000, 5_000_000)}
FINDINGS_PER_INSPECTION = 48
OPEN_ROUNDS = 101
_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def build(folder: Path, inspections: int, revisions: int) -> Path:
    """An office workspace holding `inspections` finished inspections and `revisions` revisions (setup only)."""
    ws = workspace.init_workspace(folder, role="office")
    version = catalog.current_version(ws.db)
    sql = "SELECT code FROM catalog_items WHERE version = ? ORDER BY position LIMIT ?"
    codes = [row[0] for row in ws.db.execute(sql, [version, FINDINGS_PER_INSPECTION])]
    device = ws.device_id
    ws.close()
    findings = inspections * FINDINGS_PER_INSPECTION
    second_every = max(1, findings // max(1, revisions - findings))  # which findings were changed once
    conn = sqlite3.connect(folder / workspace.DB_NAME, isolation_level=None)
    conn.execute("PRAGMA journal_mode = OFF")  # the build only; measured below in WAL with synchronous=FULL
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("BEGIN")
    conn.execute(
        "INSERT INTO sites (id, code, name, site_type, district, street, address, responsible_unit, origin,"
        " created_at, updated_at) VALUES ('site-1', 'S-1', '菜市场', 'market', '云栖区', '北街道', '北路 1 号',"
        " '市场监管局', 'register', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')"
    )
    made = 0
    for n in range(inspections):
        inspection_id = f"{n:08x}-0000-7000-8000-000000000000"
        day = f"2026-{1 + n % 12:02d}-{1 + n % 28:02d}"
        finding_rows, revision_rows, problems, deduction = [], [], 0, 0.0
        for k, code in enumerate(codes):
            finding_id = f"{n:08x}-{k:04x}-7000-8000-000000000000"
            failed = (n + k) % 20 == 0
            body = {
                "finding_id": finding_id,
                "inspection_id": inspection_id,
                "item_code": code,
                "rev": 1,
                "outcome": "fail" if failed else "pass",
                "count": 1 if failed else 0,
                "note": "",
                "photos": [],
                "multiplier": 1.0,
                "deduction": 1.0 if failed else 0.0,
                "responsible_unit": "市场监管局" if failed else None,
                "deadline": day if failed else None,
                "reason": "",
                "recorded_at": f"{day}T02:00:00Z",
                "device_id": device,
                "parent_hash": None,
            }
            finding_rows.append((finding_id, inspection_id, code, f"{day}T02:00:00Z"))
            chain = [body]
            if (n * FINDINGS_PER_INSPECTION + k) % second_every == 0 and made < revisions - findings:
                chain.append({**body, "rev": 2, "note": "复核", "reason": "补充说明"})
                made += 1
            parent = None
            for rev in chain:
                rev["parent_hash"] = parent
                digest = hashlib.sha256(_ENCODER.encode(rev).encode("utf-8")).hexdigest()
                revision_rows.append(
                    (finding_id, rev["rev"], rev["outcome"], rev["count"], rev["note"], "[]", 1.0,
                     rev["deduction"], rev["responsible_unit"], rev["deadline"], rev["reason"], rev["recorded_at"],
                     device, parent, digest)
                )  # fmt: skip
                parent = digest
            if failed:
                problems, deduction = problems + 1, deduction + 1.0
        conn.execute(
            "INSERT INTO inspections (id, site_id, inspector_id, mode, catalog_version, started_at, local_date,"
            " device_id, status, finished_at, problem_count, deduction_total, score, created_at)"
            " VALUES (?, 'site-1', 'I-001', 'announced', ?, ?, ?, ?, 'finished', ?, ?, ?, ?, ?)",
            [inspection_id, version, f"{day}T01:00:00Z", day, device, f"{day}T03:00:00Z", problems, deduction,
             100 - deduction, f"{day}T01:00:00Z"],
        )  # fmt: skip
        conn.executemany(
            "INSERT INTO findings (id, inspection_id, item_code, created_at) VALUES (?, ?, ?, ?)", finding_rows
        )
        conn.executemany(
            "INSERT INTO finding_revisions (finding_id, rev, outcome, count, note, photos, multiplier, deduction,"
            " responsible_unit, deadline, reason, recorded_at, device_id, parent_hash, content_hash)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            revision_rows,
        )
    conn.execute("UPDATE settings SET value = '\"2025-12-01T00:00:00Z\"' WHERE key = 'created_at'")  # a year old
    conn.execute("COMMIT")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    return folder / workspace.DB_NAME


def plain_open(folder: Path) -> float:
    """The open without the checks: same connection settings and migrations look, same settings reads; seconds."""
    start = time.perf_counter()
    workspace.is_workspace(folder)
    db = open_db(folder / workspace.DB_NAME, check=False)
    get_setting(db, "role"), get_setting(db, "device_id"), get_setting(db, "name", "")
    clock.set_zone(get_setting(db, clock.SETTING_KEY, clock.DEFAULT_ZONE))
    elapsed = time.perf_counter() - start
    db.conn.close()
    return elapsed


def checked_open(folder: Path) -> float:
    """`open_workspace` as the CLI calls it (today's backup already taken); seconds."""
    start = time.perf_counter()
    ws = workspace.open_workspace(folder)
    elapsed = time.perf_counter() - start
    ws.close()
    return elapsed


def timed_pragma(db_path: Path, pragma: str) -> float:
    """A fresh connection running one whole-file PRAGMA; seconds."""
    conn = sqlite3.connect(db_path, isolation_level=None)
    start = time.perf_counter()
    result = conn.execute(f"PRAGMA {pragma}").fetchall()
    elapsed = time.perf_counter() - start
    conn.close()
    assert result == [("ok",)], result
    return elapsed


CHILD = """
import resource, sys, time
sys.path.insert(0, {root!r})
from inspector import workspace
from inspector.workspace import integrity
ws = workspace.open_workspace({folder!r}, daily_backup=False)
start = time.perf_counter()
report = integrity.check_workspace(ws, photos="skip", record=False)
elapsed = time.perf_counter() - start
assert report.ok, report.summary()
print(elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, report.checked["revisions"])
"""


def full_check(folder: Path) -> tuple[float, float, int]:
    """The database part of the full check in a separate process: seconds, peak RSS in MiB, revisions checked."""
    script = CHILD.format(root=str(Path(__file__).resolve().parent.parent), folder=str(folder))
    out = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True).stdout.split()
    return float(out[0]), int(out[1]) / 1024, int(out[2])


def measure(name: str, folder: Path, inspections: int, revisions: int) -> None:
    """Build one workspace and print its ratios."""
    start = time.perf_counter()
    db_path = build(folder, inspections, revisions)
    size = db_path.stat().st_size
    print(f"\n{name}: {inspections:,} inspections, {revisions:,} revisions, {size / 2**20:,.0f} MiB"
          f" (built in {time.perf_counter() - start:.0f}s)")  # fmt: skip
    checked_open(folder)  # the first open of the day takes today's backup; the opens measured below find it
    plain_open(folder)
    ours, base = [], []
    for _ in range(OPEN_ROUNDS):
        base.append(plain_open(folder))
        ours.append(checked_open(folder))
    plain, checked = statistics.median(base), statistics.median(ours)
    verdict = "within goal" if checked / plain <= 1.2 else "OVER GOAL"
    print(f"open with the checks at open: ours {checked * 1e3:.2f}ms, baseline {plain * 1e3:.2f}ms, ratio"
          f" {checked / plain:.2f}x (goal <= 1.2x, {verdict}; median of {OPEN_ROUNDS} each, interleaved)")  # fmt: skip
    quick = timed_pragma(db_path, "quick_check")
    print(f"PRAGMA quick_check: {quick:.2f}s = {quick / plain:,.0f}x the plain open (so the app runs it after")
    print("  opening, off the UI thread)")
    whole = timed_pragma(db_path, "integrity_check")
    print(f"PRAGMA integrity_check: {whole:.2f}s = {whole / plain:,.0f}x the plain open")
    copy_to = folder / "plain-copy.db"
    start = time.perf_counter()
    shutil.copyfile(db_path, copy_to)
    copied = time.perf_counter() - start
    copy_to.unlink()
    start = time.perf_counter()
    made = backup.make_backup(db_path, "manual")
    backed = time.perf_counter() - start
    made.path.unlink()
    print(ratio_line("backup (online API + integrity_check of the copy)", backed, copied, float("inf")).replace(
        "goal <= infx, within goal", "no goal: it runs off the UI thread or before a merge"))  # fmt: skip
    seconds, peak, checked = full_check(folder)
    print(f"full check of the database: {seconds:.1f}s for {checked:,} revisions = {seconds / copied:.1f}x the plain "
          f"file copy; peak memory {peak:.0f} MiB")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=("laptop", "city", "both"), default="both")
    args = parser.parse_args()
    scales = ["laptop", "city"] if args.scale == "both" else [args.scale]
    with tempfile.TemporaryDirectory(prefix="bench-open-") as tmp:
        free = shutil.disk_usage(tmp).free
        if "city" in scales and free < 10 * 2**30:
            raise SystemExit(f"the city-year database needs about 10 GB free in {tmp}; {free / 2**30:.1f} GB are")
        for name in scales:
            measure("year-old laptop" if name == "laptop" else "city-year office", Path(tmp) / name, *SCALES[name])
            shutil.rmtree(Path(tmp) / name)


if __name__ == "__main__":
    main()
