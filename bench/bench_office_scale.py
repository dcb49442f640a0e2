"""Every goal of issue 12 on a generated fraction of a city-year, each against a plain baseline where one exists.

Opens the cached workspace of `bench/city_year.py` (built on first use), copies it (the operations change it) and
times, with "today" the office's review day after the last generated week:

- the problems of the latest month, first screen (`list_problems(..., limit=200)` and `count_problems`), for
  several filter combinations (status, unit, district, overdue, and all of them), and the year unfiltered, each
  vs an indexed SELECT of the same rows (LIMIT 200) and their COUNT(*) — status by the review events;
- rankings by district for the month and for the year (`rankings.rankings`) vs a GROUP BY of the same scores,
  with the peak memory of each (RSS growth over the call, SQLite included);
- confirming up to 2,000 pending problems (`review.confirm`) vs inserting as many decision rows in one transaction;
- the month's circular (PDF, numbered, with its tables and attachment) and the month's Excel problem list, as
  `doc circular` / `doc problems` write them (`issuing.issue`);
- the workspace digest (`workspace_digest`) vs hashing the same rows' text (what `sqlite3 | sha256sum` does);
- merging a week's 50 new bundles (a full-year week, ~1,900 inspections, signed by the real export) into the
  year with `merge_paths` (its backup first, as the app does) vs ATTACH + INSERT … SELECT of the same payload
  rows into a copy of the same database (`bench_merge.child_baseline`), each in a fresh process; the backup and
  the database check the merge runs first are shown on their own lines, and so is the whole database check
  (the weekly one's database part), run after the merge;
- opening the office app (`ui.app.run`, offscreen) to the first painted Problems page with rows, timed from
  process start, on the year vs on the demo office workspace (`inspector.demo.demo.run_demo`), median of 3; the day's
  backup and the weekly full check are taken before (a second opening of the day: the quick_check still runs).

No ANALYZE in setup (the app does not run it); the durability is the app's (WAL, synchronous=FULL, fsyncs, the
backup before a merge). Each side runs once, ours first, except the app start (median of alternating runs) and
the merge (`--rounds`, alternating, baseline first, the fastest of each kept).
The last lines are one markdown table with every goal, for the README's data section.

    python bench/bench_office_scale.py --fraction 0.05
    python bench/bench_office_scale.py --fraction 0.25 --skip app,merge
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from _common import ratio_line
from bench_merge import extract_payloads, peak_kb, start_measuring
from city_year import CACHE, CST, FIRST_DAY, PASS, SUPERVISOR, YEAR, Laptop, cached

from inspector import clock, workspace
from inspector.demo.demo_office import CLERK
from inspector.exchange import keys
from inspector.exchange.bundle import export
from inspector.exchange.bundle.digest import PARTS, workspace_digest
from inspector.oversight import issuing, rankings, review
from inspector.periods import parse_period
from inspector.store import backup
from inspector.tracking.problems import ProblemFilter, count_problems, list_problems
from inspector.workspace import integrity

ROOT = Path(__file__).resolve().parent.parent
SCREEN = 200  # rows of the Problems page's first screen
WEEK_BUNDLES = 50  # a full-year week: 50 laptops
APP_RUNS = 3

CURRENT = (
    " JOIN finding_revisions r ON r.finding_id = f.id"
    " AND r.rev = (SELECT MAX(rev) FROM finding_revisions WHERE finding_id = f.id)"
)
EVENT = "EXISTS (SELECT 1 FROM problem_events e WHERE e.finding_id = f.id AND e.kind {})"
CONFIRMED, RECTIFIED = EVENT.format("= 'confirm'"), EVENT.format("= 'rectified'")
STATUS_SQL = {  # the baseline's status: from the review events and the deadline, on plain columns
    "pending": "NOT " + EVENT.format("IN ('confirm', 'reject')"),
    "open": f"{CONFIRMED} AND NOT {RECTIFIED} AND r.deadline >= :today",
    "overdue": f"{CONFIRMED} AND NOT {RECTIFIED} AND r.deadline < :today",
}


@dataclass
class Row:
    """One line of the result table."""

    name: str
    ours: float
    base: float | None
    goal: str
    met: bool | None
    note: str = ""


def timed(fn):
    """(seconds, result) of one call."""
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


# ---------------------------------------------------------------- baselines


def base_screen(db, first: date, last: date, today: date, where: dict) -> tuple[list[tuple], int]:
    """The first screen of the same problems with one indexed SELECT (LIMIT 200) and their COUNT(*)."""
    conditions = ["i.local_date BETWEEN :first AND :last", "r.outcome = 'fail'"]
    if "status" in where:
        conditions.append(STATUS_SQL[where["status"]])
    if where.get("overdue"):
        conditions.append(STATUS_SQL["overdue"])
    if "unit" in where:
        conditions.append("r.responsible_unit = :unit")
    if "district" in where:
        conditions.append("s.district = :district")
    body = (
        " FROM inspections i JOIN findings f ON f.inspection_id = i.id" + CURRENT + " JOIN sites s ON s.id = i.site_id"
        " WHERE " + " AND ".join(conditions)
    )
    params = {"first": first.isoformat(), "last": last.isoformat(), "today": today.isoformat(), **where}
    params.pop("status", None)
    params.pop("overdue", None)
    rows = db.execute(
        "SELECT f.id, i.local_date, s.code, s.name, s.district, r.responsible_unit, r.deadline, r.count, r.note,"
        " r.photos" + body + f" ORDER BY r.deadline, f.id LIMIT {SCREEN}",
        params,
    ).fetchall()
    return rows, db.execute("SELECT COUNT(*)" + body, params).fetchone()[0]


def base_rankings(db, first: date, last: date) -> list[tuple]:
    """Average score, inspections and deductions per district over a period: one GROUP BY."""
    return db.execute(
        "SELECT s.district, AVG(i.score), COUNT(*), SUM(i.problem_count), SUM(i.deduction_total)"
        " FROM inspections i JOIN sites s ON s.id = i.site_id"
        " WHERE i.local_date BETWEEN ? AND ? AND i.status = 'finished' GROUP BY s.district ORDER BY 2 DESC",
        [first.isoformat(), last.isoformat()],
    ).fetchall()


def base_confirm(db, ids: list[str], when: str) -> None:
    """The decision rows written in one transaction, without any checks."""
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


# ---------------------------------------------------------------- the goals


def problems_rows(ws, month, year, today: date, first_m: date, first_y: date, last: date) -> list[Row]:
    """First screens of the month under several filters, and of the year unfiltered."""
    q = ws.db.execute
    month_args = [first_m.isoformat(), last.isoformat()]
    unit = q(
        "SELECT r.responsible_unit FROM inspections i JOIN findings f ON f.inspection_id = i.id" + CURRENT + " WHERE"
        " i.local_date BETWEEN ? AND ? AND r.outcome = 'fail' GROUP BY 1 ORDER BY COUNT(*) DESC LIMIT 1",
        month_args,
    ).fetchone()[0]
    district = q(
        "SELECT s.district FROM inspections i JOIN sites s ON s.id = i.site_id WHERE i.local_date BETWEEN ? AND ?"
        " GROUP BY 1 ORDER BY COUNT(*) DESC LIMIT 1",
        month_args,
    ).fetchone()[0]
    combos: list[tuple[str, dict]] = [
        ("no filter", {}),
        ("status pending", {"status": "pending"}),
        ("status open", {"status": "open"}),
        ("overdue", {"overdue": True}),
        ("unit", {"unit": unit}),
        ("district", {"district": district}),
        ("district + unit + open", {"district": district, "unit": unit, "status": "open"}),
    ]
    rows = []
    for label, where in combos:
        flt = ProblemFilter(found_in=month, **where)
        t, (got, count) = timed(
            lambda flt=flt: (
                list_problems(ws.db, flt, today=today, limit=SCREEN),
                count_problems(ws.db, flt, today=today),
            )
        )
        b, (base, base_count) = timed(lambda where=where: base_screen(ws.db, first_m, last, today, where))
        rows.append(
            Row(
                f"problems, month, {label}: first screen",
                t,
                b,
                "≤ 0.3 s and ≤ 3× baseline",
                t <= 0.3 and t <= 3 * b,
                f"{len(got)} of {count.total:,} (baseline {len(base)} of {base_count:,})",
            )
        )
    flt = ProblemFilter(found_in=year)
    t, (got, count) = timed(
        lambda: (list_problems(ws.db, flt, today=today, limit=SCREEN), count_problems(ws.db, flt, today=today))
    )
    b, (base, base_count) = timed(lambda: base_screen(ws.db, first_y, last, today, {}))
    rows.append(
        Row(
            "problems, year, unfiltered: first screen",
            t,
            b,
            "≤ 0.5 s",
            t <= 0.5,
            f"{len(got)} of {count.total:,} (baseline {len(base)} of {base_count:,})",
        )
    )
    return rows


def rankings_rows(ws, month, year, today: date, first_m: date, first_y: date, last: date) -> list[Row]:
    """Rankings by district for the month and the year, with their peak memory."""
    rows = []
    for label, period, first, goal in (("month", month, first_m, 1.0), ("year", year, first_y, 3.0)):
        rss, method = start_measuring()
        t, _ = timed(lambda period=period: rankings.rankings(ws.db, period, "district", today=today))
        grew = (peak_kb(method) - rss) / 1024
        b, base = timed(lambda first=first: base_rankings(ws.db, first, last))
        rows.append(
            Row(
                f"rankings by district, {label}",
                t,
                b,
                f"≤ {goal:g} s, peak ≤ 300 MB",
                t <= goal and grew <= 300,
                f"{len(base)} districts, peak +{grew:.0f} MB",
            )
        )
    return rows


def document_rows(ws, month, today: date, folder: Path) -> list[Row]:
    """The month's circular (PDF, numbered) and Excel problem list, as `doc circular` / `doc problems` write them."""
    rows = []
    for kind, fmt, name in (
        ("circular", "pdf", "circular with tables and attachment (PDF)"),
        ("problems", "xlsx", "Excel problem list"),
    ):
        out = folder / f"{kind}.{fmt}"
        t, made = timed(
            lambda kind=kind, fmt=fmt, out=out: issuing.issue(
                ws, kind, month, fmt=fmt, out=out, today=today, issued_on=today, actor=CLERK
            )
        )
        size = sum(p.stat().st_size for p in made.files) / 2**20
        rows.append(
            Row(
                f"the month's {name}",
                t,
                None,
                "≤ 10 s",
                t <= 10,
                f"{made.counts.get('problems', '?')} problems, {len(made.files)} file(s), {size:.1f} MB",
            )
        )
    return rows


# ---------------------------------------------------------------- merging a week


def make_week(office: Path, root: Path, week: int, say) -> Path:
    """50 new laptops registered with `office`, each recording a full-year week's share and exporting one bundle."""
    before = keys.cost
    keys.cost = keys.ScryptCost(n=keys.MIN_N, r=1, p=1)  # the keys' ~1 s wrapping is not what is measured
    folder = root / "week"
    folder.mkdir()
    rng = random.Random(f"office-scale-week-{week}")
    count = YEAR["inspections"] // YEAR["weeks"]
    try:
        start = datetime.combine(FIRST_DAY + timedelta(weeks=week), datetime.min.time(), CST)
        with clock.travel(start), workspace.open_workspace(office, daily_backup=False) as ws:
            roster = [
                {"id": r[0], "name": r[1], "district": r[2], "unit": r[3]}
                for r in ws.db.execute("SELECT id, name, district, unit FROM inspectors ORDER BY id")
            ]
            laptops = [Laptop(root, ws, 900 + n, roster[n % len(roster)], 20) for n in range(WEEK_BUNDLES)]
        last = FIRST_DAY + timedelta(weeks=week, days=6)
        with clock.travel(datetime(last.year, last.month, last.day, 18, 0, tzinfo=CST)):
            for k, laptop in enumerate(laptops):
                share = count * (k + 1) // WEEK_BUNDLES - count * k // WEEK_BUNDLES
                laptop.record_week(rng, week, share)
                export.export_bundle(laptop.ws, folder / f"laptop-{laptop.n:03d}.ibundle", PASS)
                laptop.ws.close()
        say(f"  made {WEEK_BUNDLES} bundles of week {week + 1} ({count:,} inspections)")
    finally:
        keys.cost = before
    return folder


def child_merge(office: Path, folder: Path, moment: str) -> dict:
    """In a fresh process: `merge_paths` as the app runs it, with the clock at `moment`; seconds and the backup's."""
    from inspector.exchange import merge

    spent = {"backup": 0.0, "check": 0.0}

    def timing(key, real):
        def call(*args):
            started = time.perf_counter()
            try:
                return real(*args)
            finally:
                spent[key] += time.perf_counter() - started

        return call

    real_check = integrity.check_workspace  # timed after the merge, on its own
    backup.before_operation = timing("backup", backup.before_operation)
    integrity.check_before = timing("check", integrity.check_before)
    with clock.travel(datetime.fromisoformat(moment)):
        ws = workspace.open_workspace(office, daily_backup=False)
        base, method = start_measuring()
        started = time.perf_counter()
        verdicts = merge.merge_paths(ws, [folder])
        seconds = time.perf_counter() - started
        peak = peak_kb(method)
        started = time.perf_counter()
        report = real_check(ws, photos="skip", record=False, derived=False)
        whole = time.perf_counter() - started
        ws.close()
    bad = [v.reason for v in verdicts if v.verdict != "imported"] + [str(f) for f in report.flaws[:3]]
    return {"seconds": seconds, **spent, "whole": whole, "peak_mb": (peak - base) / 1024, "bad": bad[:3]}


def merge_rows(copy: Path, root: Path, week: int, rounds: int, say) -> list[Row]:
    """A week's 50 bundles merged into the year vs ATTACH copies of the same rows into the same database.

    With `rounds` > 1 the two alternate (each from the same database again) and each side's fastest is kept.
    """
    folder = make_week(copy, root, week, say)
    payloads = extract_payloads(folder, root / "payloads")
    after = FIRST_DAY + timedelta(weeks=week + 1)
    moment = datetime(after.year, after.month, after.day, 8, 0, tzinfo=CST).isoformat()
    before = root / "office-before-merge"
    if rounds > 1:
        shutil.copytree(copy, before)
    script = Path(__file__).with_name("bench_merge.py")
    runs: dict[str, list[dict]] = {"ours": [], "base": []}
    for n in range(rounds):
        if n:
            shutil.rmtree(copy)
            shutil.copytree(before, copy)
        target = root / "baseline.db"
        shutil.copyfile(copy / workspace.DB_NAME, target)  # the same database, at the same size
        out = subprocess.run(
            [sys.executable, str(script), "--child", "baseline", str(target), *map(str, payloads)],
            capture_output=True,
            text=True,
            check=True,
        )
        runs["base"].append(json.loads(out.stdout.strip().splitlines()[-1]))
        target.unlink()
        runs["ours"].append(json.loads(_child("merge", str(copy), str(folder), moment)))
        if runs["ours"][-1]["bad"]:
            raise SystemExit(
                f"merge did not import everything, or the check after it failed: {runs['ours'][-1]['bad']}"
            )
    shutil.rmtree(before, ignore_errors=True)
    ours = min(runs["ours"], key=lambda r: r["seconds"] - r["backup"])
    base = min(runs["base"], key=lambda r: r["seconds"])
    merge_only = ours["seconds"] - ours["backup"]
    mb = sum(p.stat().st_size for p in folder.iterdir()) / 2**20
    return [
        Row(
            f"merge a week ({WEEK_BUNDLES} bundles, {mb:.0f} MB) into the year",
            merge_only,
            base["seconds"],
            "≤ 3× ATTACH copy",
            merge_only <= 3 * base["seconds"],
            f"peak +{ours['peak_mb']:.0f} MB; without the backup before it; best of {rounds}",
        ),
        Row(
            "  the same, with the app's backup before it",
            ours["seconds"],
            base["seconds"],
            "(reported)",
            None,
            f"backup {ours['backup']:.1f} s (copy + integrity check of the whole database)",
        ),
        Row(
            "  of which the database check before merging",
            ours["check"],
            None,
            "(reported)",
            None,
            "integrity.check_before: the rows added since the last passing check (merges vouch for the rows they"
            " verified), once per 30 min of merges",
        ),
        Row(
            "  the whole database check, after the merge (reported)",
            ours["whole"],
            None,
            "(reported)",
            None,
            "integrity_check, foreign keys, every revision chain and total: the weekly check's database part"
            " (in the background) and the first check before a merge",
        ),
    ]


# ---------------------------------------------------------------- opening the app

APP = """
import os, sys, time
sys.path.insert(0, {root!r})
from datetime import datetime
from inspector import clock
clock.set_moment(datetime.fromisoformat({moment!r}))
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

app = QApplication(sys.argv)


class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and obj.objectName() == "qt_scrollarea_viewport":
            table = obj.parent()
            if table is not None and table.objectName() == "problemsTable" and table.model().rowCount() > 0:
                print("painted", table.model().rowCount(), flush=True)
                os._exit(0)  # measured: nothing after the first paint matters here
        return False


watcher = FirstPaint()
app.installEventFilter(watcher)
QTimer.singleShot(900_000, lambda: (print("timeout", flush=True), os._exit(1)))
from ui.app import run

run([sys.argv[0]])
print("closed before the Problems page painted rows", flush=True)
"""


def prepare_app(ws_path: Path, moment: datetime, config: Path) -> dict[str, str]:
    """The environment of an app opened on `ws_path` on the Problems page, the day's checks and backup done.

    As on an office's second opening of the day: the quick_check runs again at start, the backup and the weekly
    full check (already done) do not.
    """
    with clock.travel(moment):
        integrity.after_open(ws_path)
    (config / "inspector").mkdir(parents=True, exist_ok=True)
    (config / "inspector" / "inspector.conf").write_text(
        f"[window]\npage=problems\n\n[workspace]\nlast={ws_path}\n", encoding="utf-8"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(config))
    env[workspace.ENV_VAR] = str(ws_path)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(config / "pycache")  # bytecode cached, as an installed app has it
    return env


def painted_after(env: dict[str, str], moment: datetime) -> float:
    """Seconds from spawning the app until its Problems page painted rows."""
    script = APP.format(root=str(ROOT), moment=moment.isoformat())
    with tempfile.TemporaryFile() as errors:  # Qt's offscreen plugin notes, shown only when the app fails
        start = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=errors, text=True, env=env
        )
        assert child.stdout is not None
        line = child.stdout.readline()
        elapsed = time.perf_counter() - start
        child.wait()
        if not line.startswith("painted"):
            errors.seek(0)
            tail = errors.read().decode("utf-8", "replace")[-2000:]
            raise SystemExit(f"the app did not paint the Problems page: {line.strip() or child.returncode}\n{tail}")
    return elapsed


def demo_office(today: date, say) -> Path:
    """The demo office workspace (`python main.py demo`) ending on `today`, cached beside the city-years."""
    from inspector.demo.demo import run_demo

    target = CACHE / f"demo-office-{today.isoformat()}"
    if not (target / "workspace" / workspace.DB_NAME).exists():
        say(f"building the demo office workspace under {target} …")
        shutil.rmtree(target, ignore_errors=True)
        run_demo(target, today=today)
    return target / "workspace"


def app_rows(year_copy: Path, root: Path, today: date, say) -> list[Row]:
    """The app opened to the first painted Problems page: the year vs the demo office, median of alternating runs."""
    moment = datetime(today.year, today.month, today.day, 10, 0, tzinfo=CST)
    demo = root / "demo"
    shutil.copytree(demo_office(today, say), demo, ignore=shutil.ignore_patterns("backups"))
    envs = {
        "year": prepare_app(year_copy, moment, root / "config-year"),
        "demo": prepare_app(demo, moment, root / "config-demo"),
    }
    for env in envs.values():
        painted_after(env, moment)  # warm the file cache and the bytecode cache
    times: dict[str, list[float]] = {"year": [], "demo": []}
    for _ in range(APP_RUNS):
        for key, env in envs.items():
            times[key].append(painted_after(env, moment))
    y, d = statistics.median(times["year"]), statistics.median(times["demo"])
    return [
        Row(
            "open the app to the first painted Problems page",
            y,
            d,
            "≤ 2× the demo workspace",
            y <= 2 * d,
            f"median of {APP_RUNS}; baseline = the same on the demo office",
        )
    ]


# ---------------------------------------------------------------- main


def _child(*args: str) -> str:
    out = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(f"child failed:\n{out.stderr[-2000:]}")
    return out.stdout.strip().splitlines()[-1]


def table(rows: list[Row]) -> str:
    """The markdown table of every goal."""
    lines = [
        "| operation | ours (s) | baseline (s) | ratio | goal | met | notes |",
        "|---|---:|---:|---:|---|---|---|",
    ]
    for r in rows:
        base = f"{r.base:.3f}" if r.base is not None else "–"
        ratio = f"{r.ours / r.base:.1f}×" if r.base else "–"
        met = "–" if r.met is None else ("yes" if r.met else "**no**")
        lines.append(f"| {r.name} | {r.ours:.3f} | {base} | {ratio} | {r.goal} | {met} | {r.note} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fraction", type=float, default=0.05, help="of a city-year (default 0.05)")
    parser.add_argument(
        "--skip",
        default="",
        help="comma-separated parts to leave out: problems,rankings,confirm,documents,digest,merge,app",
    )
    parser.add_argument("--rounds", type=int, default=1, help="runs of each side of the merge (the fastest kept)")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child_merge(Path(args.child[1]), Path(args.child[2]), args.child[3])))
        return
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    office, meta = cached(args.fraction)
    today = date.fromisoformat(meta["last_day"])
    month_end = today - timedelta(days=1)
    month = parse_period(f"{month_end.year}-{month_end.month:02d}")
    year = parse_period(str(month_end.year))
    first_m, first_y = month_end.replace(day=1), month_end.replace(month=1, day=1)
    print(
        f"{meta['fraction']:g} of a city-year: {meta['inspections']:,} inspections, {meta['findings']:,} findings,"
        f" {meta['problems']:,} problems, {meta['size_mb']:,} MB; today {today}, month {month.text}",
        flush=True,
    )
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="office-scale-") as tmp:
        root = Path(tmp)
        copy = root / "office"
        shutil.copytree(office, copy, ignore=shutil.ignore_patterns("backups"))  # not read by these operations
        t, ws = timed(lambda: workspace.open_workspace(copy, daily_backup=False))
        print(f"opened (migrations applied to the copy) in {t:.1f}s", flush=True)
        try:
            if "problems" not in skip:
                rows += problems_rows(ws, month, year, today, first_m, first_y, month_end)
            if "rankings" not in skip:
                rows += rankings_rows(ws, month, year, today, first_m, first_y, month_end)
            if "documents" not in skip:
                (root / "docs").mkdir()
                rows += document_rows(ws, month, today, root / "docs")
            if "confirm" not in skip:
                ids = pending(ws.db, 2000)
                at = datetime(today.year, today.month, today.day, 10, 0, tzinfo=CST)
                t, _ = timed(lambda: review.confirm(ws.db, ids, actor=SUPERVISOR, at=at))
                b, _ = timed(lambda: base_confirm(ws.db, ids, at.isoformat()))
                rows.append(Row(f"confirm {len(ids):,} pending problems", t, b, "≤ 3 s", t <= 3, "one transaction"))
            if "digest" not in skip:
                t, got = timed(lambda: workspace_digest(ws.db))
                b, _ = timed(lambda: base_digest(ws.db))
                n = sum(got["counts"].values())
                rows.append(Row("workspace digest", t, b, "≤ 2× text hash", t <= 2 * b, f"{n:,} rows"))
        finally:
            ws.close()
        for row in rows:
            print(f"  {row.name}: {row.ours:.3f}s", flush=True)
        if "merge" not in skip:
            rows += merge_rows(copy, root, (today - FIRST_DAY).days // 7, args.rounds, print)
        if "app" not in skip:
            rows += app_rows(copy, root, today, print)
    print()
    print(table(rows))
    digest = next((r for r in rows if r.name == "workspace digest"), None)
    if digest is not None and digest.base:
        print(ratio_line("workspace digest vs text hash of the same rows", digest.ours, digest.base, 2.0))


if __name__ == "__main__":
    main()
