"""Backups of `workspace.db` with SQLite's online backup API: taken, verified, rotated, and restored.

Backups live in `<workspace>/backups/`, named by the city's date and time (`workspace-2026-12-05-0930.db`, with
a suffix for the ones taken by hand or before an operation). Each is written under a temporary name, checked with
`PRAGMA integrity_check` and only then renamed into place, so a file with a backup's name is a verified backup.
Rotation keeps the newest backup of each of the last 7 days that have one and of 4 more weeks, the newest 3 taken
before each kind of operation, and every backup taken by hand. The evidence folder is not copied: photos are
content-addressed and never changed or deleted, so a restored database finds them where they were.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, NoReturn

import sqlite_utils

from inspector import clock, faults
from inspector.atomic import create_private_file, fsync_dir, fsync_file, make_private_dir
from inspector.faults import StorageError
from inspector.store import integrity
from inspector.store.integrity import Stop
from inspector.store.paths import db_path as path_of

BACKUP_DIR = "backups"
DB_FILE = "workspace.db"  # only a workspace's own database is backed up automatically
KEEP_DAILY = 7
KEEP_WEEKLY = 4
KEEP_BEFORE = 3  # per operation
FRESH = timedelta(minutes=30)  # one backup before a run of merges (or imports), not one per bundle
KINDS = {
    "daily": "每日自动",
    "manual": "手动",
    "before-merge": "合并数据包前",
    "before-catalog": "导入负面清单前",
    "before-migration": "升级数据结构前",
}
_NAME = re.compile(
    r"^workspace-(\d{4}-\d{2}-\d{2})-(\d{2})(\d{2})(?:-(manual|before-merge|before-catalog|before-migration))?"
    r"(?:-(\d+))?\.db$"
)


class CopyDamaged(StorageError):
    """A backup's copy failed integrity_check: the database it was copied from is damaged (`detail` says how)."""

    def __init__(self, db_path: Path, detail: str):
        super().__init__("corrupt", faults.message("corrupt", db_path, detail), path=str(db_path))
        self.detail = detail


@dataclass(frozen=True)
class Backup:
    """One verified backup file: when it was taken (city time), why, and how big it is."""

    path: Path
    taken: datetime
    kind: str
    size: int
    serial: int = 1  # the second backup within one minute is "-2", and so on

    @property
    def label(self) -> str:
        """Why it was taken, in Chinese."""
        return KINDS[self.kind]

    def as_dict(self) -> dict[str, Any]:
        """JSON-able form."""
        return {
            "path": str(self.path),
            "taken": self.taken.isoformat(timespec="minutes"),
            "kind": self.kind,
            "label": self.label,
            "size": self.size,
        }


def backups_dir(db_path: Path | str) -> Path:
    """The folder a workspace database's backups are kept in."""
    return Path(db_path).parent / BACKUP_DIR


def parse_name(path: Path, size: int | None = None) -> Backup | None:
    """The backup a file name describes (its size read from disk unless given), or None when it is not one."""
    match = _NAME.match(path.name)
    if match is None:
        return None
    day, hour, minute, kind, serial = match.groups()
    try:
        taken = datetime.combine(date.fromisoformat(day), datetime.min.time()).replace(
            hour=int(hour), minute=int(minute)
        )
        size = path.stat().st_size if size is None else size
    except (ValueError, OSError):
        return None
    return Backup(path, taken, kind or "daily", size, int(serial or 1))


def list_backups(db_path: Path | str) -> list[Backup]:
    """The verified backups of a workspace database, newest first."""
    folder = backups_dir(db_path)
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        return []
    except OSError as exc:
        _raise_explained(exc, folder)
    found = [b for b in (parse_name(Path(e.path)) for e in entries if e.is_file()) if b is not None]
    return sorted(found, key=lambda b: (b.taken, b.serial, b.path.name), reverse=True)


def _free_name(folder: Path, prefix: str, moment: datetime, suffix: str) -> Path:
    stem = f"{prefix}-{moment:%Y-%m-%d-%H%M}{suffix}"
    candidate, n = folder / f"{stem}.db", 2
    while candidate.exists() or (folder / f".{candidate.name}.partial").exists():
        candidate, n = folder / f"{stem}-{n}.db", n + 1
    return candidate


def _newest_migration_known() -> int:
    from inspector.store.migrations import latest

    return latest()


def verify_copy(conn: sqlite3.Connection, *, stop: Stop | None = None, whole: bool = True) -> list[str]:
    """What is wrong with a copied workspace database ([] when it may be used): integrity, identity, schema.

    `whole=False` checks integrity only (a backup: whatever the database holds, the copy must hold it soundly).
    """
    try:
        return _verify(conn, stop) if whole else integrity.integrity_check(conn, stop=stop)
    except sqlite3.DatabaseError as exc:
        explained = faults.explain(exc)
        if explained is None or explained.kind != "corrupt":
            raise
        return [str(exc)]  # too damaged for the checks to finish


def _verify(conn: sqlite3.Connection, stop: Stop | None) -> list[str]:
    problems = integrity.integrity_check(conn, stop=stop)
    if problems:
        return problems
    names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not {"_migrations", "settings"} <= names:
        return ["不是创文督查的工作区数据库（缺少 settings 或 _migrations 表）"]
    keys = {row[0] for row in conn.execute("SELECT key FROM settings WHERE key IN ('role', 'device_id')")}
    if keys != {"role", "device_id"}:
        return ["工作区数据库缺少角色或设备编号"]
    newest = conn.execute("SELECT MAX(id) FROM _migrations").fetchone()[0] or 0
    if newest > _newest_migration_known():
        return [f"由更新版本的创文督查创建（数据结构第 {newest} 版），本软件不能使用它"]
    return []


def _copy(source: sqlite3.Connection, target_path: Path, stop: Stop | None, *, whole: bool) -> list[str]:
    """Copy a database page by page into `target_path` (one consistent snapshot) and verify the copy.

    The copy holds what the workspace database holds (the wrapped signing key too): only its owner may read it.
    """
    create_private_file(target_path)
    target = sqlite3.connect(os.fspath(target_path), isolation_level=None)
    try:
        source.backup(target)
        target.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        return verify_copy(target, stop=stop, whole=whole)
    finally:
        target.close()


def _raise_explained(exc: BaseException, path: Path) -> NoReturn:
    """Raise the clear message for a machine fault, or `exc` itself when it is not one."""
    explained = faults.explain(exc, path=path)
    if explained is None:
        raise exc
    raise explained from exc


def _remove_stale_partials(folder: Path, age: float = 24 * 3600) -> None:
    """Remove what a backup cut short by a crash left (a day old: one being written now is younger)."""
    now = clock.file_system_now(folder)  # the disk's stamps, not a clock set elsewhere
    for entry in os.scandir(folder):
        if entry.name.startswith(".") and entry.name.endswith(".partial"):
            with suppress(OSError):
                if now - entry.stat().st_mtime > age:
                    os.unlink(entry.path)


def make_backup(db_path: Path | str, kind: str = "manual", *, stop: Stop | None = None) -> Backup:
    """Back up a workspace database now: copied with the online backup API, verified, renamed into place, rotated."""
    if kind not in KINDS:
        raise ValueError(f"unknown backup kind {kind!r}")
    db_path = Path(db_path)
    if not db_path.is_file():
        raise StorageError("missing", faults.message("missing", db_path), path=str(db_path))
    folder = backups_dir(db_path)
    try:
        make_private_dir(folder, exist_ok=True)
        _remove_stale_partials(folder)
        final = _free_name(folder, "workspace", clock.local(clock.now()), "" if kind == "daily" else f"-{kind}")
        partial = folder / f".{final.name}.partial"
    except OSError as exc:
        _raise_explained(exc, folder)
    try:
        source = integrity.connect(db_path)
        try:
            problems = _copy(source, partial, stop, whole=False)
        finally:
            source.close()
        if problems:
            raise CopyDamaged(db_path, f"备份副本未通过完整性检查：{problems[0]}")
        fsync_file(partial)
        size = partial.stat().st_size
        os.replace(partial, final)
        fsync_dir(folder)
    except (sqlite3.Error, OSError) as exc:
        partial.unlink(missing_ok=True)
        _raise_explained(exc, db_path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    made = parse_name(final, size)
    assert made is not None  # _free_name made the name
    rotate(db_path, keep=final)
    return made


def rotate(db_path: Path | str, *, keep: Path | None = None) -> list[Path]:
    """Delete the automatic backups rotation no longer keeps (never `keep`, the one just taken); returns them."""
    backups = list_backups(db_path)
    kept: set[Path] = {b.path for b in backups if b.kind == "manual"}
    if keep is not None:
        kept.add(keep)
    daily = [b for b in backups if b.kind == "daily"]
    days: set[date] = set()
    for b in daily:
        if b.taken.date() not in days and len(days) < KEEP_DAILY:
            days.add(b.taken.date())
            kept.add(b.path)
    covered = {b.taken.isocalendar()[:2] for b in daily if b.path in kept}
    weeks: set[tuple[int, int]] = set()
    for b in daily:
        week = b.taken.isocalendar()[:2]
        if week not in covered and week not in weeks and len(weeks) < KEEP_WEEKLY:
            weeks.add(week)
            kept.add(b.path)
    for kind in KINDS:
        if kind.startswith("before-"):
            kept.update(b.path for b in [b for b in backups if b.kind == kind][:KEEP_BEFORE])
    removed = [b.path for b in backups if b.path not in kept]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def _created_on(created_at: str | None) -> date | None:
    if not created_at:
        return None
    try:
        return clock.local_date(datetime.fromisoformat(created_at.replace("Z", "+00:00")))
    except ValueError:
        return None


def _taken_today(db_path: Path | str) -> bool:
    """Whether a daily backup dated today (city date) exists or is being taken; names only: every open asks."""
    prefix = f"workspace-{clock.today().isoformat()}-"
    try:
        names = os.listdir(os.path.join(os.path.dirname(os.fspath(db_path)), BACKUP_DIR))
    except FileNotFoundError:
        return False
    for name in names:
        if name.startswith(prefix) or name.startswith("." + prefix):
            match = _NAME.match(name.removeprefix(".").removesuffix(".partial"))
            if match is not None and match.group(4) is None:
                return True  # taken, or being taken by another thread or process right now
    return False


def daily_due(db_path: Path | str, *, created_at: str | Callable[[], str | None] | None = None) -> bool:
    """Whether today's (city date) automatic backup is still to be taken; not on the day the workspace was made.

    `created_at` (UTC ISO) may be given as a callable, read only when no backup was taken today.
    """
    if _taken_today(db_path):
        return False
    created = created_at() if callable(created_at) else created_at
    return _created_on(created) != clock.today()  # on its first day a workspace has nothing older to keep


def daily_backup_if_due(
    db_path: Path | str,
    *,
    created_at: str | Callable[[], str | None] | None = None,
    stop: Stop | None = None,
) -> Backup | None:
    """Take the first backup of the city's day, if it has not been taken yet."""
    if not daily_due(db_path, created_at=created_at):
        return None
    return make_backup(db_path, "daily", stop=stop)


def before_operation(db: sqlite_utils.Database, operation: str) -> Backup | None:
    """Back up a workspace database before a merge, catalog import or migration (one per run of them)."""
    path = path_of(db)
    if path is None or Path(path).name != DB_FILE:
        return None  # an in-memory database, or one still being built
    kind = f"before-{operation}"
    now = clock.local(clock.now()).replace(tzinfo=None, second=0, microsecond=0)
    recent = next((b for b in list_backups(path) if b.kind == kind), None)
    if recent is not None and timedelta(0) <= now - recent.taken < FRESH:
        return None
    return make_backup(path, kind)


# ---------------------------------------------------------------- restore


def latest_backup(db_path: Path | str) -> Backup | None:
    """The newest verified backup of a workspace database, or None."""
    return next(iter(list_backups(db_path)), None)


def _device_id(db_path: Path) -> str | None:
    """The current database's device id, when it can still be read."""
    try:
        conn = integrity.connect(db_path)
        try:
            row = conn.execute("SELECT value FROM settings WHERE key = 'device_id'").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return None if row is None else str(row[0])


def _refuse_if_in_use(db_path: Path) -> None:
    """Refuse while another connection has the database open (in WAL mode each one holds a shared lock)."""
    try:
        conn = sqlite3.connect(os.fspath(db_path), isolation_level=None, timeout=5)
    except sqlite3.Error:
        return
    try:
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("ROLLBACK")
    except sqlite3.Error as exc:
        explained = faults.explain(exc, path=db_path)
        if explained is not None and explained.kind == "locked":
            raise explained from exc
    finally:
        conn.close()


@dataclass(frozen=True)
class Restored:
    """What a restore did: the backup used and where the database it replaced was kept."""

    source: Path
    kept_aside: Path | None

    def as_dict(self) -> dict[str, Any]:
        """JSON-able form."""
        return {"source": str(self.source), "kept_aside": str(self.kept_aside) if self.kept_aside else None}


def restore(db_path: Path | str, backup_path: Path | str, *, stop: Stop | None = None) -> Restored:
    """Replace a workspace database by a backup, verified first; the replaced database is kept in backups/.

    The backup is copied beside the database and the copy is checked (integrity, identity, schema); only then is
    the current database (with its WAL) moved to `backups/replaced-<date>.db` and the copy renamed into its place.
    """
    db_path, source_path = Path(db_path), Path(backup_path)
    if not source_path.is_file():
        raise StorageError("missing", faults.message("missing", source_path), path=str(source_path))
    folder = db_path.parent
    restoring = folder / f".{db_path.name}.restoring"
    try:
        restoring.unlink(missing_ok=True)
        problems = _copy_backup(source_path, restoring, stop)
        if problems:
            raise StorageError(
                "corrupt",
                f"备份“{source_path}”不能用于恢复：{problems[0]}。工作区没有任何改动，请选择另一个备份。",
                path=str(source_path),
            )
        if db_path.exists():
            current, restored_id = _device_id(db_path), _device_id(restoring)
            if current is not None and current != restored_id:
                raise StorageError(
                    "corrupt",
                    f"备份“{source_path}”属于另一个工作区（设备编号不同），不能恢复到这里。工作区没有任何改动。",
                    path=str(source_path),
                )
            _refuse_if_in_use(db_path)
        fsync_file(restoring)
        kept = _set_aside(db_path)
        os.replace(restoring, db_path)
        fsync_dir(folder)
    except (sqlite3.Error, OSError) as exc:
        restoring.unlink(missing_ok=True)
        _raise_explained(exc, db_path)
    except BaseException:
        restoring.unlink(missing_ok=True)
        raise
    integrity.clear_damage(db_path)
    return Restored(source_path, kept)


def _copy_backup(source_path: Path, restoring: Path, stop: Stop | None) -> list[str]:
    """Copy a backup file beside the workspace and verify the copy; a backup SQLite cannot read is a problem too."""
    try:
        source = sqlite3.connect(f"{source_path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
        try:
            return _copy(source, restoring, stop, whole=True)
        finally:
            source.close()
    except sqlite3.DatabaseError as exc:
        explained = faults.explain(exc)
        if explained is None or explained.kind != "corrupt":
            raise
        return [str(exc)]


def _set_aside(db_path: Path) -> Path | None:
    """Move the current database and its journal files into backups/ under a dated name; never delete them.

    The journal files go first: a WAL left beside the restored database would be replayed into it.
    """
    companions = [Path(f"{db_path}{suffix}") for suffix in ("-wal", "-journal")]
    if not db_path.exists() and not any(c.exists() for c in companions):
        return None
    folder = backups_dir(db_path)
    make_private_dir(folder, exist_ok=True)
    aside = _free_name(folder, "replaced", clock.local(clock.now()), "")
    for companion, suffix in zip(companions, ("-wal", "-journal"), strict=True):
        if companion.exists():
            os.replace(companion, Path(f"{aside}{suffix}"))
    Path(f"{db_path}-shm").unlink(missing_ok=True)  # only an index of the WAL, rebuilt from it
    if db_path.exists():
        os.replace(db_path, aside)
    fsync_dir(folder)
    return aside
