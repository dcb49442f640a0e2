"""Is a database sound: a cheap look when it opens, SQLite's own checks, and the damage mark that stops writes.

Opening a workspace looks only at what is cheap: the file header against the file's size (a truncated or foreign
file), then SQLite reads the schema. `quick_check` and `integrity_check` read every page: the app runs them off the
UI thread right after opening (bench/bench_open.py has the numbers).
When a check finds damage the database is *marked*: a small file beside it (`workspace.db.damaged`) plus an
in-process note; every write transaction and every opening of the workspace is refused until a restore (or a
full check that passes) clears the mark.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import suppress
from pathlib import Path

from inspector import clock, faults
from inspector.faults import StorageError
from inspector.ids import to_iso

MAGIC = b"SQLite format 3\x00"
MARK_SUFFIX = ".damaged"
MAX_MARK_BYTES = 64 * 1024
MAX_LINES = 100  # problems SQLite reports per check (its own default cap)
Stop = Callable[[], bool]

# database path → what is wrong, in this process (it holds even when the mark file cannot be written)
_marked: dict[str, str] = {}


class CheckStopped(Exception):
    """A long check was asked to stop before it finished."""


def _key(path: Path | str) -> str:
    return os.path.abspath(os.fspath(path))


def mark_path(db_path: Path | str) -> Path:
    """The file that marks a database as damaged."""
    return Path(f"{db_path}{MARK_SUFFIX}")


# ---------------------------------------------------------------- the damage mark


def mark_damaged(db_path: Path | str, detail: str) -> None:
    """Mark a database damaged: writes and openings are refused until `clear_damage` (after a restore)."""
    _marked[_key(db_path)] = detail
    record = {"found_at": to_iso(clock.now()), "detail": detail}
    with suppress(OSError):  # a read-only folder: the in-process mark still stops this process's writes
        mark_path(db_path).write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")


def clear_damage(db_path: Path | str) -> None:
    """Forget a damage mark (the database was restored or a full check passed)."""
    _marked.pop(_key(db_path), None)
    mark_path(db_path).unlink(missing_ok=True)


def damage(db_path: Path | str) -> str | None:
    """What is wrong with a marked database, or None when it is not marked (every write asks: kept cheap)."""
    key = _key(db_path)
    detail = _marked.get(key)
    if detail is not None:
        return detail
    mark = key + MARK_SUFFIX
    if not os.path.exists(mark):
        return None
    try:
        with open(mark, "rb") as f:
            data = f.read(MAX_MARK_BYTES)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"无法读取损坏标记 {os.path.basename(mark)}：{exc.strerror or exc}"
    try:
        record = json.loads(data.decode("utf-8"))
        text = str(record["detail"])
    except (ValueError, KeyError, TypeError):
        text = "上次检查发现数据库损坏"
    return "".join(ch for ch in text if ch.isprintable())[:500]


def damaged_error(db_path: Path | str, detail: str) -> StorageError:
    """The clear 'corrupt' message for a marked database, saying what was found."""
    return StorageError("corrupt", faults.message("corrupt", db_path, detail), path=str(db_path))


def refuse_if_damaged(db_path: Path | str) -> None:
    """Raise the 'corrupt' StorageError when the database is marked damaged."""
    detail = damage(db_path)
    if detail is not None:
        raise damaged_error(db_path, detail)


# ---------------------------------------------------------------- the cheap look at open


def header_problem(db_path: Path | str) -> str | None:
    """What is wrong with a database file's header and size (bounded read of 100 bytes), or None."""
    path = os.fspath(db_path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        return None  # SQLite creates it
    try:
        header = os.read(fd, 100)
        size = os.fstat(fd).st_size
    finally:
        os.close(fd)
    if size == 0:
        return None  # SQLite makes an empty file into a database
    if len(header) < 100 or not header.startswith(MAGIC):
        return "文件头不对，它不是 SQLite 数据库"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return f"数据库文件头中的页大小 {page_size} 无效"
    if size % page_size:
        return f"文件被截断：大小 {size} 字节不是页大小 {page_size} 的整数倍"
    pages = int.from_bytes(header[28:32], "big")
    valid = pages and header[24:28] == header[92:96]
    if valid and size < pages * page_size and not _wal_in_use(path):  # else those pages may live in the WAL
        return f"文件被截断：只有 {size // page_size} 页，文件头记录了 {pages} 页"
    return None


def _wal_in_use(path: str) -> bool:
    try:
        return os.stat(path + "-wal").st_size > 0
    except FileNotFoundError:
        return False


# ---------------------------------------------------------------- checks that read every page


def _lines(conn: sqlite3.Connection, pragma: str, stop: Stop | None) -> Iterator[str]:
    for (line,) in _rows(conn, f"PRAGMA {pragma}", stop):
        if line != "ok":
            yield str(line)


def quick_check(conn: sqlite3.Connection, *, stop: Stop | None = None) -> list[str]:
    """SQLite's quick_check (every page, no index cross-check): the problems it reports, [] when sound."""
    return list(_lines(conn, f"quick_check({MAX_LINES})", stop))


def integrity_check(conn: sqlite3.Connection, *, stop: Stop | None = None) -> list[str]:
    """SQLite's integrity_check (every page and every index entry): the problems it reports, [] when sound."""
    return list(_lines(conn, f"integrity_check({MAX_LINES})", stop))


def foreign_key_problems(conn: sqlite3.Connection, *, stop: Stop | None = None, limit: int = MAX_LINES) -> list[str]:
    """Rows whose foreign key names a missing row, as 'table rowid → parent' lines (at most `limit`)."""
    found: list[str] = []
    for table, rowid, parent, _fk in _rows(conn, "PRAGMA foreign_key_check", stop):
        found.append(f"{table} 第 {rowid} 行 → {parent}")
        if len(found) >= limit:
            break
    return found


def _rows(conn: sqlite3.Connection, sql: str, stop: Stop | None) -> Iterator[tuple]:
    if stop is not None:
        conn.set_progress_handler(lambda: 1 if stop() else 0, 20_000)
    try:
        yield from conn.execute(sql)
    except sqlite3.OperationalError as exc:
        if stop is not None and stop() and "interrupt" in str(exc).lower():
            raise CheckStopped from exc
        raise
    finally:
        if stop is not None:
            conn.set_progress_handler(None, 0)


def connect(db_path: Path | str) -> sqlite3.Connection:
    """A separate connection for a check or a backup (its own thread may use it), with the workspace's settings."""
    conn = sqlite3.connect(os.fspath(db_path), isolation_level=None, check_same_thread=False)
    try:
        conn.execute("PRAGMA busy_timeout = 5000")
        conn.execute("PRAGMA cache_size = -65536")  # 64 MiB: checks that cross-reference indexes read less twice
    except BaseException:
        conn.close()  # a damaged file fails here already; an open connection would hold its WAL
        raise
    return conn
