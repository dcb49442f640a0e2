"""Is a workspace whole: SQLite's integrity check, foreign keys, revision chains, stored totals and photo files.

`check_workspace` is what `workspace check` and the app's weekly background check run; `check_before` is the
database part of it, run before every bundle export and merge. Everything is streamed (memory does not grow
with a city-year's 5 million revisions) and each kind of problem lists at most 100 places.
Damage to the database (anything but a photo file) marks the workspace damaged: writes stop until a restore.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from inspector import clock, faults, scoring
from inspector.errors import EvidenceError, InspectorError
from inspector.faults import StorageError
from inspector.field import evidence
from inspector.ids import to_iso
from inspector.store import backup as backup_mod
from inspector.store import checked_rows, db_path, get_setting, set_setting, transaction
from inspector.store import integrity as store_integrity
from inspector.store.checked_rows import Marks
from inspector.store.integrity import CheckStopped, Stop
from inspector.store.queries import current_revision
from inspector.workspace import DB_NAME, Workspace, open_workspace

__all__ = [
    "AfterOpen",
    "CheckReport",
    "CheckStopped",
    "Flaw",
    "after_open",
    "check_before",
    "check_pages",
    "check_workspace",
    "mark_damaged",
    "weekly_due",
]

Progress = Callable[[int, int, str], None]
CHECKED_SETTING = "integrity_checked_at"  # when the last full check passed (UTC)
WEEK = timedelta(days=7)
FRESH = 30 * 60  # seconds a passing check before an operation covers the next ones (a run of merges)
MAX_LISTED = 100  # places listed per kind of problem; the count covers them all
CHUNK = 1024 * 1024
KINDS = {
    "database": "数据库结构损坏",
    "foreign_key": "引用了不存在的记录",
    "revision_hash": "修订内容与哈希不符",
    "revision_chain": "修订链断开",
    "finding_empty": "检查结果没有任何修订",
    "photo_unknown": "修订引用了未登记的照片",
    "score": "检查的扣分合计与检查结果不符",
    "void": "作废记录与所作废的检查不符",
    "photo_missing": "照片文件缺失",
    "photo_altered": "照片文件内容被改动",
    "photo_unreadable": "照片文件无法读取",
    "problem_state": "问题状态与事件不符（已按事件重新计算）",
}
EVIDENCE_KINDS = frozenset({"photo_missing", "photo_altered", "photo_unreadable"})
# Derived data the check recomputes from the events when it disagrees: reported, but no damage (nothing is lost).
REPAIRED_KINDS = frozenset({"problem_state"})
PHOTO_MODES = ("hash", "exists", "skip")
STEPS = 6

# `inspections.content_hash` is SHA-256 of json.dumps(body, sort_keys=True, separators=(",", ":"),
# ensure_ascii=False). Reading the columns in sorted key order and encoding the dict as built gives the same bytes
# without sorting 16 keys per revision, with one reused encoder: a city-year check hashes 5 million revisions.
_HASH_ENCODER = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)
_HASHED_KEYS = (
    "count",
    "deadline",
    "deduction",
    "device_id",
    "finding_id",
    "inspection_id",
    "item_code",
    "multiplier",
    "note",
    "outcome",
    "parent_hash",
    "photos",
    "reason",
    "recorded_at",
    "responsible_unit",
    "rev",
)
_COLUMN = {"inspection_id": "f.inspection_id", "item_code": "f.item_code"}
_REVISIONS_SQL = (
    "SELECT "
    + ", ".join(_COLUMN.get(key, f"r.{key}") for key in _HASHED_KEYS)
    + ", r.content_hash FROM finding_revisions r LEFT JOIN findings f ON f.id = r.finding_id"
    " ORDER BY r.finding_id, r.rev"
)
# The revisions after a mark, each with the revision before it in its chain (the whole chain need not be read).
_REVISIONS_SINCE_SQL = (
    "SELECT "
    + ", ".join(_COLUMN.get(key, f"r.{key}") for key in _HASHED_KEYS)
    + ", r.content_hash, p.content_hash FROM finding_revisions r LEFT JOIN findings f ON f.id = r.finding_id"
    " LEFT JOIN finding_revisions p ON p.finding_id = r.finding_id AND p.rev = r.rev - 1"
    " WHERE r.rowid > ? ORDER BY r.rowid"
)
_AT = {key: n for n, key in enumerate(_HASHED_KEYS)}
_FINDING, _INSPECTION, _ITEM, _REV = _AT["finding_id"], _AT["inspection_id"], _AT["item_code"], _AT["rev"]
_PHOTOS, _PARENT, _HASH = _AT["photos"], _AT["parent_hash"], len(_HASHED_KEYS)
_TOTALS_SQL = f"""
SELECT i.id, i.problem_count, i.deduction_total, r.count, r.deduction
FROM inspections i
LEFT JOIN findings f ON f.inspection_id = i.id
LEFT JOIN finding_revisions r ON r.finding_id = f.id AND r.outcome = 'fail'
     AND {current_revision()}
WHERE i.status = 'finished'
"""
# Inspections added after a mark, and those that own a revision added after one (their totals may have changed).
_TOTALS_SINCE = (
    "AND i.id IN (SELECT id FROM inspections WHERE rowid > :inspections UNION SELECT f2.inspection_id"
    " FROM finding_revisions r2 JOIN findings f2 ON f2.id = r2.finding_id WHERE r2.rowid > :finding_revisions)"
)

_passed_at: dict[str, float] = {}  # database path → monotonic time its database check last passed (this process)
_pages_at: dict[str, float] = {}  # database path → when this process last saw every page sound (a check or backup)


@dataclass(frozen=True)
class Flaw:
    """One thing wrong, and where it is."""

    kind: str
    where: str
    message: str

    @property
    def damage(self) -> bool:
        """Whether it is damage to the database (a restore is the remedy), not a photo file."""
        return self.kind not in EVIDENCE_KINDS | REPAIRED_KINDS

    def __str__(self) -> str:
        return f"{self.where}：{self.message}"

    def as_dict(self) -> dict[str, Any]:
        """JSON-able form."""
        return {"kind": self.kind, "label": KINDS[self.kind], "where": self.where, "message": self.message}


@dataclass
class CheckReport:
    """What a check found: counts per kind of problem, the first places of each, and what was looked at."""

    path: str
    photos: str
    flaws: list[Flaw] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    checked: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, where: str, message: str) -> None:
        """Count a problem and list it while fewer than MAX_LISTED of its kind are listed."""
        self.counts[kind] = self.counts.get(kind, 0) + 1
        if self.counts[kind] <= MAX_LISTED:
            self.flaws.append(Flaw(kind, where, message))

    @property
    def ok(self) -> bool:
        """Nothing wrong at all."""
        return not self.counts

    @property
    def damaged(self) -> bool:
        """The database itself is damaged (writes must stop until a restore)."""
        return any(kind not in EVIDENCE_KINDS | REPAIRED_KINDS for kind in self.counts)

    def summary(self) -> str:
        """One line: how many problems of which kinds, or that everything is sound."""
        if self.ok:
            return "未发现问题"
        parts = [f"{KINDS[kind]} {n} 处" for kind, n in self.counts.items()]
        return f"发现 {sum(self.counts.values())} 处问题：" + "，".join(parts)

    def as_dict(self) -> dict[str, Any]:
        """JSON-able form."""
        return {
            "path": self.path,
            "ok": self.ok,
            "damaged": self.damaged,
            "summary": self.summary(),
            "photos": self.photos,
            "counts": dict(self.counts),
            "checked": dict(self.checked),
            "flaws": [f.as_dict() for f in self.flaws],
        }


class _Pacer:
    """Calls `stop` every so many rows (raising CheckStopped) and reports progress now and then."""

    def __init__(self, stop: Stop | None, progress: Progress | None):
        self.stop, self.progress = stop, progress
        self.rows = 0

    def tick(self, every: int = 10_000) -> None:
        self.rows += 1
        if self.rows % every == 0 and self.stop is not None and self.stop():
            raise CheckStopped

    def step(self, n: int, text: str) -> None:
        if self.stop is not None and self.stop():
            raise CheckStopped
        if self.progress is not None:
            self.progress(n, STEPS, text)


def check_workspace(
    ws: Workspace,
    *,
    photos: str = "hash",
    progress: Progress | None = None,
    stop: Stop | None = None,
    record: bool = True,
    derived: bool = True,
) -> CheckReport:
    """Check the whole workspace; damage marks it damaged, a sound database clears an old mark.

    `photos`: "hash" reads every photo file and compares its SHA-256, "exists" only looks for the files, "skip"
    leaves them alone. `record` remembers a passing check as the weekly one. `stop` is asked between steps and
    every 10,000 rows; when it says yes the check raises CheckStopped. `derived=False` leaves out the derived
    problem state (recomputed, never damage): the check before a merge looks for damage only.
    """
    if photos not in PHOTO_MODES:
        raise ValueError(f"photos must be one of {PHOTO_MODES}")
    path = db_path(ws.db) or str(ws.path)
    report = CheckReport(path, photos)
    conn = ws.db.conn
    pace = _Pacer(stop, progress)
    marks = _marks(conn)  # rows added while the check runs are checked next time

    def pages() -> None:
        for line in store_integrity.integrity_check(conn, stop=stop):
            report.add("database", "数据库", line)

    def keys() -> None:
        for line in store_integrity.foreign_key_problems(conn, stop=stop, limit=MAX_LISTED + 1):
            report.add("foreign_key", "数据库", line)

    steps: list[tuple[str, Callable[[], None]]] = [
        ("数据库完整性", pages),
        ("外键", keys),
        ("修订链与内容哈希", lambda: _check_revisions(conn, report, pace)),
        ("检查的扣分合计与作废记录", lambda: (_check_totals(ws, report, pace), _check_voids(ws, report))),
    ]
    if derived:
        steps.append(("问题状态", lambda: _check_problem_state(ws, report)))
    _run_steps(steps, report, pace, path)
    pace.step(len(steps), "照片文件")
    if photos != "skip":
        _check_photos(ws, report, pace, read=photos == "hash")
    if progress is not None:
        progress(STEPS, STEPS, report.summary())
    _conclude(ws, report, marks, record=record and photos == "hash")
    return report


def _run_steps(steps: list[tuple[str, Callable[[], None]]], report: CheckReport, pace: _Pacer, path: str) -> None:
    """Run the steps in order; a page SQLite cannot read is reported as damage and ends the run."""
    for n, (text, step) in enumerate(steps):
        pace.step(n, text)
        try:
            step()
        except sqlite3.DatabaseError as exc:
            explained = faults.explain(exc, path=path)
            if explained is None:
                raise
            if explained.kind != "corrupt":
                raise explained from exc
            report.add("database", f"数据库（{text}）", f"读取时出错：{exc}")
            break  # the rest would read the same damaged pages


def _marks(conn: sqlite3.Connection) -> Marks | None:
    """How far the rows go now; None when SQLite cannot read that far (the check's steps report the damage)."""
    try:
        return checked_rows.current(conn)
    except sqlite3.DatabaseError:
        return None


def _conclude(ws: Workspace, report: CheckReport, marks: Marks | None, *, record: bool, whole: bool = True) -> None:
    """Mark damage, or remember a pass: how far the rows are checked, and when `record` the weekly check's time.

    Only a `whole` check (every page and row) clears an old damage mark.
    """
    path = db_path(ws.db)
    if path is None:
        return
    if report.damaged:
        first = next(f for f in report.flaws if f.damage)
        mark_damaged(path, f"{report.summary()}；例如 {first}")
        return
    now = time.monotonic()
    if whole:
        store_integrity.clear_damage(path)
        _pages_at[path] = now
    _passed_at[path] = now
    if marks is None and not record:
        return
    try:
        with transaction(ws.db) as conn:
            if marks is not None:
                checked_rows.record(conn, marks)
            if record:
                set_setting(conn, CHECKED_SETTING, to_iso(clock.now()))
    except (sqlite3.Error, StorageError):
        pass  # a read-only workspace: the check simply runs again next time


def _check_revisions(conn: sqlite3.Connection, report: CheckReport, pace: _Pacer) -> None:
    """Every revision's hash recomputes, chains run 1, 2, 3… each naming its parent's hash; photos are known."""
    assert sorted(_HASHED_KEYS) == list(_HASHED_KEYS)
    previous: tuple | None = None
    count = 0
    lookup = conn.cursor()
    for row in conn.execute(_REVISIONS_SQL):
        pace.tick()
        count += 1
        _check_revision(row, report, lookup)
        finding_id, rev = row[_FINDING], row[_REV]
        if previous is not None and previous[_FINDING] == finding_id:
            if rev != previous[_REV] + 1:
                report.add(
                    "revision_chain",
                    f"检查结果 {finding_id} 第 {rev} 版",
                    f"上一版是第 {previous[_REV]} 版，中间缺了修订",
                )
            elif row[_PARENT] != previous[_HASH]:
                report.add(
                    "revision_chain",
                    f"检查结果 {finding_id} 第 {rev} 版",
                    f"记录的上一版哈希与第 {previous[_REV]} 版不符",
                )
        else:
            _check_first(row, report)
        previous = row
    report.checked["revisions"] = count
    empty = conn.execute(
        "SELECT f.id, f.inspection_id, f.item_code FROM findings f"
        " WHERE NOT EXISTS (SELECT 1 FROM finding_revisions r WHERE r.finding_id = f.id)"
    )
    for finding_id, inspection_id, item_code in empty:
        pace.tick()
        report.add("finding_empty", f"检查结果 {finding_id}（检查 {inspection_id}，条目 {item_code}）", "没有任何修订")


def _check_revisions_since(conn: sqlite3.Connection, report: CheckReport, pace: _Pacer, marks: Marks) -> None:
    """The revisions added after the marks, each against the one before it in its chain; their findings too."""
    count = 0
    lookup = conn.cursor()
    for row in conn.execute(_REVISIONS_SINCE_SQL, [marks["finding_revisions"]]):
        pace.tick()
        count += 1
        _check_revision(row, report, lookup)
        finding_id, rev, parent = row[_FINDING], row[_REV], row[_HASH + 1]
        if rev <= 1:
            _check_first(row, report)
        elif parent is None:
            report.add("revision_chain", f"检查结果 {finding_id} 第 {rev} 版", f"缺少第 {rev - 1} 版")
        elif row[_PARENT] != parent:
            report.add("revision_chain", f"检查结果 {finding_id} 第 {rev} 版", f"记录的上一版哈希与第 {rev - 1} 版不符")
    report.checked["revisions"] = count
    findings = conn.execute(
        "SELECT f.id, f.inspection_id, f.item_code, i.id IS NULL FROM findings f"
        " LEFT JOIN inspections i ON i.id = f.inspection_id WHERE f.rowid > ?"
        " AND (i.id IS NULL OR NOT EXISTS (SELECT 1 FROM finding_revisions r WHERE r.finding_id = f.id))",
        [marks["findings"]],
    )
    for finding_id, inspection_id, item_code, orphan in findings:
        pace.tick()
        where = f"检查结果 {finding_id}（检查 {inspection_id}，条目 {item_code}）"
        if orphan:
            report.add("foreign_key", where, "所属的检查记录不存在")
        else:
            report.add("finding_empty", where, "没有任何修订")
    orphans = conn.execute(
        "SELECT i.id, i.site_id FROM inspections i WHERE i.rowid > ?"
        " AND NOT EXISTS (SELECT 1 FROM sites s WHERE s.id = i.site_id)",
        [marks["inspections"]],
    )
    for inspection, site in orphans:
        report.add("foreign_key", f"检查 {inspection}", f"检查的场所 {site} 不存在")


def _check_revision(row: tuple, report: CheckReport, lookup: sqlite3.Cursor) -> None:
    """One revision: it belongs to a finding, its content hashes to its hash, its photos are registered."""
    finding_id, rev = row[_FINDING], row[_REV]
    if row[_INSPECTION] is None:
        report.add("foreign_key", f"检查结果 {finding_id} 第 {rev} 版", "所属的检查结果记录不存在")
        return
    body = dict(zip(_HASHED_KEYS, row, strict=False))
    photos = [] if row[_PHOTOS] == "[]" else _photo_list(row[_PHOTOS])
    body["photos"] = photos
    if hashlib.sha256(_HASH_ENCODER.encode(body).encode("utf-8")).hexdigest() != row[_HASH]:
        where = f"检查结果 {finding_id} 第 {rev} 版（检查 {row[_INSPECTION]}，条目 {row[_ITEM]}）"
        report.add("revision_hash", where, "内容与其哈希不符")
    for sha in photos or ():
        if lookup.execute("SELECT 1 FROM photos WHERE sha256 = ?", [sha]).fetchone() is None:
            report.add("photo_unknown", f"检查结果 {finding_id} 第 {rev} 版", f"引用的照片 {sha[:12]} 没有登记")


def _check_first(row: tuple, report: CheckReport) -> None:
    """The first revision of a chain is number 1 and names no parent."""
    finding_id, rev = row[_FINDING], row[_REV]
    if rev != 1:
        report.add("revision_chain", f"检查结果 {finding_id} 第 {rev} 版", "缺少第 1 版")
    elif row[_PARENT] is not None:
        report.add("revision_chain", f"检查结果 {finding_id} 第 {rev} 版", "第 1 版不应有上一版哈希")


def _photo_list(text: object) -> list[str] | None:
    """A revision's photo list as stored (JSON list of strings), or None when it is not one (the hash then fails)."""
    try:
        value = json.loads(text) if isinstance(text, str) else None
    except ValueError:
        return None
    if isinstance(value, list) and all(isinstance(sha, str) for sha in value):
        return value
    return None


def _check_totals(ws: Workspace, report: CheckReport, pace: _Pacer, marks: Marks | None = None) -> None:
    """Each finished inspection's stored problem count and deduction total match its current failed findings.

    With `marks`, only the inspections added after them or owning a revision added after them.
    """
    rules = scoring.load_rules(ws.db)
    checked = 0

    def compare(inspection: str, stored_count: Any, stored_total: Any, counts: list[int], deductions: list) -> None:
        total, _score = scoring.site_score(rules, deductions)
        if stored_count != sum(counts) or stored_total is None or abs(stored_total - total) > 1e-6:
            report.add(
                "score",
                f"检查 {inspection}",
                f"记录的问题数 {stored_count}、扣分 {stored_total}，按检查结果应为 {sum(counts)}、{total:g}",
            )

    current: list[Any] | None = None
    sql = _TOTALS_SQL + (_TOTALS_SINCE if marks is not None else "") + " ORDER BY i.id"
    for inspection, stored_count, stored_total, count, deduction in ws.db.conn.execute(sql, marks or {}):
        pace.tick()
        if current is None or current[0] != inspection:
            if current is not None:
                compare(*current)
            current = [inspection, stored_count, stored_total, [], []]
            checked += 1
        if count is not None:
            current[3].append(count)
            current[4].append(deduction)
    if current is not None:
        compare(*current)
    report.checked["inspections"] = checked


def _check_voids(ws: Workspace, report: CheckReport, marks: Marks | None = None) -> None:
    """Each void (作废) was made by the device that recorded the inspection it voids (with `marks`: each newer)."""
    rows = ws.db.conn.execute(
        "SELECT v.inspection_id, v.device_id, i.device_id FROM inspection_voids v"
        " JOIN inspections i ON i.id = v.inspection_id WHERE v.device_id != i.device_id AND v.rowid > ?"
        " ORDER BY v.rowid",
        [0 if marks is None else marks["inspection_voids"]],
    )
    for inspection, void_device, device in rows:
        report.add("void", f"检查 {inspection}", f"作废记录来自设备 {void_device}，而检查由设备 {device} 记录")


def _check_problem_state(ws: Workspace, report: CheckReport) -> None:
    """The stored problem state equals the state computed from the events; where not, it is computed again."""
    from inspector.tracking import problem_state

    differences = problem_state.check(ws.db, most=MAX_LISTED)
    for line in differences:
        report.add("problem_state", "问题状态", line)
    if differences and not report.damaged:
        with suppress(InspectorError, sqlite3.Error), transaction(ws.db) as conn:
            conn.execute("INSERT OR IGNORE INTO problem_dirty (kind, id) VALUES ('all', '')")  # recomputed at commit


def _check_photos(ws: Workspace, report: CheckReport, pace: _Pacer, *, read: bool) -> None:
    """Every registered photo's file is in evidence/ (and, when `read`, its bytes hash to its name)."""
    checked = 0
    for sha, size in ws.db.conn.execute("SELECT sha256, size FROM photos ORDER BY sha256"):
        pace.tick(every=20 if read else 10_000)  # reading photos is slow: ask about stopping more often
        checked += 1
        where = f"照片 {sha}"
        try:
            path = evidence.photo_path(ws.evidence_dir, sha)
        except EvidenceError as exc:
            report.add("photo_unknown", where, str(exc))
            continue
        try:
            found = os.stat(path).st_size
            if found != size:
                report.add("photo_altered", f"{where}（{path}）", f"文件大小 {found} 字节，登记的是 {size} 字节")
            elif read and _file_sha256(path) != sha:
                report.add("photo_altered", f"{where}（{path}）", "文件内容与登记的 SHA-256 不符")
        except FileNotFoundError:
            report.add("photo_missing", f"{where}（{path}）", "证据文件夹中没有这张照片")
        except OSError as exc:
            report.add("photo_unreadable", f"{where}（{path}）", exc.strerror or str(exc))
    report.checked["photos"] = checked


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def check_before(ws: Workspace, operation: str) -> None:
    """The database part of the check before an export or merge; damage raises the clear 'corrupt' error.

    Before an export, the whole database (a laptop's). Before a merge, the rows added since the last passing check
    (`checked_rows`: the revisions' hashes and chains, new findings, the totals of the inspections they touch, new
    voids) — or the whole database when no check ever passed or rows went away. A merge vouches for the rows it
    verified and added, so at a city-year the check before the next merge has nothing left to re-hash; the office
    adds rows no other way. SQLite's page check before a merge follows the backup (`check_pages`): a backup's copy of
    every page must pass `integrity_check`, and when none is taken `quick_check` runs. Damage in rows checked earlier
    is the weekly full check's to find. One passing check covers the operations of the next 30 minutes in this
    process (a run of merges). Photo files are left to the weekly check: reading every photo before each merge
    would take hours.
    """
    path = db_path(ws.db)
    if path is None:
        return
    store_integrity.refuse_if_damaged(path)
    passed = _passed_at.get(path)
    if passed is not None and time.monotonic() - passed < FRESH:
        return
    try:
        since = checked_rows.usable(ws.db.conn) if operation == "merge" else None
    except sqlite3.DatabaseError:  # unreadable: the whole check says where
        since = None
    if since is None:
        report = check_workspace(ws, photos="skip", record=False, derived=False)
    else:
        report = _check_since(ws, since)
    if report.damaged:
        raise store_integrity.damaged_error(path, store_integrity.damage(path) or report.summary())


def _check_since(ws: Workspace, since: Marks) -> CheckReport:
    """The rows added after `since`, by the app's rules."""
    path = db_path(ws.db) or str(ws.path)
    report = CheckReport(path, "skip")
    conn = ws.db.conn
    pace = _Pacer(None, None)
    marks = _marks(conn)
    steps: list[tuple[str, Callable[[], None]]] = [
        ("修订链与内容哈希", lambda: _check_revisions_since(conn, report, pace, since)),
        ("检查的扣分合计与作废记录", lambda: (_check_totals(ws, report, pace, since), _check_voids(ws, report, since))),
    ]
    _run_steps(steps, report, pace, path)
    _conclude(ws, report, marks, record=False, whole=False)
    return report


def check_pages(ws: Workspace, *, backed_up: bool) -> None:
    """SQLite's page check before a merge, after its backup: a backup just taken read every page into a copy that
    passed `integrity_check`; otherwise (one was taken less than 30 minutes ago, perhaps by another process)
    `quick_check` runs, unless this process saw every page sound in the last 30 minutes. Damage raises."""
    path = db_path(ws.db)
    if path is None:
        return
    if backed_up:
        _pages_at[path] = time.monotonic()
        return
    seen = _pages_at.get(path)
    if seen is not None and time.monotonic() - seen < FRESH:
        return
    problems = _quick_check(ws.db.conn, path)
    if problems:
        raise mark_damaged(path, f"quick_check 发现问题：{problems[0]}")
    _pages_at[path] = time.monotonic()


def _quick_check(conn: sqlite3.Connection, path: str, stop: Stop | None = None) -> list[str]:
    """SQLite's quick_check; a page too damaged for it to finish is one problem, not an exception."""
    try:
        return store_integrity.quick_check(conn, stop=stop)
    except sqlite3.DatabaseError as exc:
        explained = faults.explain(exc, path=path)
        if explained is None or explained.kind != "corrupt":
            raise
        return [str(exc)]


def mark_damaged(path: str, detail: str) -> StorageError:
    """Mark a database damaged and forget that this process saw it sound; returns the error that says so."""
    store_integrity.mark_damaged(path, detail)
    _passed_at.pop(path, None)
    _pages_at.pop(path, None)
    return store_integrity.damaged_error(path, detail)


def last_checked(ws: Workspace) -> datetime | None:
    """When the last full check passed (UTC), or None."""
    text = get_setting(ws.db, CHECKED_SETTING)
    if not text:
        return None
    try:
        return datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        return None


def weekly_due(ws: Workspace) -> bool:
    """Whether a week has passed since the last full check (or there never was one)."""
    last = last_checked(ws)
    return last is None or clock.now() - last >= WEEK


@dataclass
class AfterOpen:
    """What the checks after opening found: damage (the message to show), today's backup, the weekly check."""

    damage: str | None = None
    backup: backup_mod.Backup | None = None
    backup_error: str | None = None
    report: CheckReport | None = None


def after_open(path: Path | str, *, stop: Stop | None = None, progress: Progress | None = None) -> AfterOpen:
    """What the app runs off the UI thread right after opening a workspace, on its own connection.

    SQLite's quick_check (too slow for the open itself at a city-year, see bench/bench_open.py), then the first
    backup of the city's day, then the full check when a week has passed since the last one. Damage marks the
    workspace damaged (writes stop) and is returned as the message to show.
    """
    result = AfterOpen()
    with open_workspace(path, daily_backup=False) as ws:
        database = db_path(ws.db) or str(Path(path) / DB_NAME)
        problems = _quick_check(ws.db.conn, database, stop)
        if problems:
            detail = f"quick_check 发现问题：{problems[0]}"
            store_integrity.mark_damaged(database, detail)
            result.damage = str(store_integrity.damaged_error(database, detail))
            return result
        try:
            result.backup = backup_mod.daily_backup_if_due(
                database, created_at=lambda: get_setting(ws.db, "created_at"), stop=stop
            )
        except backup_mod.CopyDamaged as exc:  # the copy failed integrity_check: so does its database
            store_integrity.mark_damaged(database, exc.detail)
            result.damage = str(exc)
            return result
        except StorageError as exc:
            result.backup_error = str(exc)
        if weekly_due(ws):
            result.report = check_workspace(ws, progress=progress, stop=stop)
            if result.report.damaged:
                result.damage = str(store_integrity.damaged_error(database, store_integrity.damage(database) or ""))
    return result
