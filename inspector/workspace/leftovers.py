"""Start-up clean-up of what a killed process left in a workspace, and the lock that tells live work from dead.

Only names the app itself gives its temporary files are touched; a user's own files never match them:
- `.export-*` folders (an export's working folder) and the temporary bundle files of exports recorded in
  `export_temps` (possibly on a USB stick): handled only while holding the workspace's export lock, which
  every export holds from start to end, so never those of an export running now in another process or
  thread. The operating system drops the lock when its process dies, so a held lock means live work.
  A recorded export is finished (renamed into place); an unrecorded temporary file is deleted.
- `.taskpack-*` folders, `.incoming/<id>` folders (the office's private copies of bundles with their
  extracted payloads and photos), `quarantine/.<sha256>.ibundle.*.part` and `evidence/<xx>/.tmp-*.part`: the code that
  writes these holds no lock, so they go only once nothing in them changed for `STALE_AFTER` (an hour),
  far longer than any step that writes them. A second process started meanwhile leaves them alone.
The evidence store can hold hundreds of thousands of photos, so it is swept once per process and workspace.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from inspector import clock
from inspector.workspace import ledger

if TYPE_CHECKING:
    from inspector.workspace import Workspace

log = logging.getLogger(__name__)

STALE_AFTER = 3600.0  # seconds without a change before an unlocked temporary is taken for a dead process's
EXPORT_LOCK = ".export.lock"
EXPORT_WORK_PREFIX = ".export-"
_EXPORT_WORK = re.compile(r"\.export-[A-Za-z0-9_]+")
_TASKPACK_WORK = re.compile(r"\.taskpack-[A-Za-z0-9_]+")
_INCOMING_DIR = ".incoming"
_INCOMING_ENTRY = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_QUARANTINE_PART = re.compile(r"\.[0-9a-f]{64}\.ibundle\.[0-9a-f]+\.part")  # atomic.temp_beside
_EVIDENCE_SHARD = re.compile(r"[0-9a-f]{2}")
_EVIDENCE_PART = re.compile(r"\.tmp-[A-Za-z0-9_]+\.part")
_evidence_swept: set[str] = set()


# ---------------------------------------------------------------- the lock


def _try_lock(fd: int) -> bool:
    """Lock an open file exclusively without waiting; False when another holder has it."""
    if os.name == "nt":
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # flock: two opens conflict even inside one process
    except BlockingIOError:
        return False
    return True


class FileLock:
    """An exclusive, non-waiting lock on a file; released on `release()` or by the OS when the process dies."""

    def __init__(self, path: Path):
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> bool:
        """Take the lock; False (and nothing held) when another process or thread holds it."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        if not _try_lock(fd):
            os.close(fd)
            return False
        self._fd = fd
        return True

    def release(self) -> None:
        """Give the lock back (closing the file releases it)."""
        if self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)


@contextlib.contextmanager
def export_lock(workspace_path: Path) -> Iterator[bool]:
    """Hold the workspace's export lock for the block; yields False (holding nothing) when it is taken."""
    lock = FileLock(workspace_path / EXPORT_LOCK)
    held = lock.acquire()
    try:
        yield held
    finally:
        lock.release()


# ---------------------------------------------------------------- clean-up


@dataclass
class Cleanup:
    """What a clean-up did: paths removed, exports finished, exports it could not finish (seq, file)."""

    removed: list[Path] = field(default_factory=list)
    finished: list[int] = field(default_factory=list)
    unfinished: list[tuple[int, str]] = field(default_factory=list)
    skipped_exports: bool = False


def _newest_change(path: Path) -> float:
    """The latest modification time of a path and, for a folder, of anything in it."""
    newest = path.lstat().st_mtime
    if path.is_dir() and not path.is_symlink():
        for root, dirs, files in os.walk(path):
            for name in dirs + files:
                with contextlib.suppress(OSError):
                    newest = max(newest, os.lstat(os.path.join(root, name)).st_mtime)
    return newest


def _remove(path: Path, report: Cleanup) -> None:
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    except FileNotFoundError:
        return
    except OSError as exc:
        log.warning("could not remove leftover %s: %s", path, exc)
        return
    report.removed.append(path)


def _remove_stale(candidates: list[Path], cutoff: float, report: Cleanup) -> None:
    for path in candidates:
        try:
            if _newest_change(path) >= cutoff:
                continue
        except OSError:
            continue
        _remove(path, report)


def _entries(folder: Path, pattern: re.Pattern[str]) -> list[Path]:
    try:
        with os.scandir(folder) as it:
            return [folder / e.name for e in it if pattern.fullmatch(e.name)]
    except OSError:  # not there, or not readable: nothing of ours to remove
        return []


def export_work_dirs(workspace_path: Path) -> list[Path]:
    """Export working folders in a workspace (left behind only by a killed export when nobody holds the lock)."""
    return [p for p in _entries(workspace_path, _EXPORT_WORK) if p.is_dir() and not p.is_symlink()]


def clean_exports(ws: Workspace, report: Cleanup | None = None) -> Cleanup:
    """With the export lock already held: finish or undo killed exports and remove their working folders."""
    report = report if report is not None else Cleanup()
    for path in export_work_dirs(ws.path):
        _remove(path, report)
    done = ledger.recover(ws.db)
    report.removed.extend(done.removed)
    report.finished.extend(done.finished)
    report.unfinished.extend(done.unfinished)
    return report


def _exports(ws: Workspace, report: Cleanup, names: list[str]) -> None:
    if ws.role != "field":
        return
    if not any(_EXPORT_WORK.fullmatch(name) for name in names) and not ledger.has_temps(ws.db):
        return
    with export_lock(ws.path) as held:
        if not held:
            report.skipped_exports = True  # an export is running now; it cleans up after itself
            return
        clean_exports(ws, report)


def clean_up(ws: Workspace, *, now: float | None = None, evidence: bool | None = None) -> Cleanup:
    """Remove what killed processes left in this workspace and finish killed exports; never raises for a leftover.

    `now` (seconds, the file system's time) defaults to `clock.file_system_now`. `evidence`: sweep the evidence store
    too (default: the first time in this process for this workspace).
    """
    report = Cleanup()
    try:
        with os.scandir(ws.path) as it:  # one look at the workspace folder serves every kind of leftover
            names = [entry.name for entry in it]
    except OSError:
        names = []
    try:
        _exports(ws, report, names)
    except (OSError, sqlite3.Error) as exc:
        log.warning("could not finish earlier exports in %s: %s", ws.path, exc)
    stale = [ws.path / name for name in names if _TASKPACK_WORK.fullmatch(name)]
    if _INCOMING_DIR in names:
        stale += [p for p in _entries(ws.path / _INCOMING_DIR, _INCOMING_ENTRY) if p.is_dir()]
    if "quarantine" in names:
        stale += _entries(ws.path / "quarantine", _QUARANTINE_PART)
    key = os.path.abspath(ws.path)  # (resolve() would cost a system call per part of the path)
    if evidence or (evidence is None and key not in _evidence_swept):
        _evidence_swept.add(key)
        for shard in _entries(ws.evidence_dir, _EVIDENCE_SHARD):
            stale += _entries(shard, _EVIDENCE_PART)
    if stale:  # only then is "now" needed (finding it out writes a probe file)
        _remove_stale(stale, (clock.file_system_now(ws.path) if now is None else now) - STALE_AFTER, report)
    if report.removed or report.finished or report.unfinished:
        log.info(
            "workspace %s: removed %d leftover(s), finished export(s) %s, unfinished %s",
            ws.path,
            len(report.removed),
            report.finished,
            report.unfinished,
        )
    return report
