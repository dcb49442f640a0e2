"""The one place storage goes through: opening workspace databases, transactions, settings."""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import sqlite_utils

from inspector import faults
from inspector.atomic import create_private_file
from inspector.store import integrity
from inspector.store.migrations import MIGRATIONS, SchemaTooNewError, apply_migrations
from inspector.store.migrations import pending as pending_migrations
from inspector.store.paths import db_path, remember

__all__ = [
    "MIGRATIONS",
    "SchemaTooNewError",
    "checkpoint",
    "db_path",
    "get_setting",
    "open_db",
    "open_memory_db",
    "optimize",
    "pending_migrations",
    "schema_version",
    "set_setting",
    "settle",
    "settle_with",
    "transaction",
]


def _configure(conn: sqlite3.Connection, *, wal: bool) -> None:
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 5000")
    if wal:
        _set_wal(conn)
    conn.execute("PRAGMA synchronous = FULL")


_Check = Callable[[sqlite3.Connection], bool]
_Settle = Callable[[sqlite3.Connection], object]
_settlers: list[tuple[_Check, _Settle]] = []


def settle_with(pending: _Check, settle: _Settle) -> None:
    """Have every transaction bring state derived from its writes up to date just before it commits.

    `pending(conn)` says whether writes left work noted, `settle(conn)` does it inside the transaction. The derived
    problem state (`tracking.problem_state`) registers here when imported, and `inspector/__init__.py` imports it, so
    it is registered before any database is opened: the store itself never imports the floors above it.
    """
    if (pending, settle) not in _settlers:
        _settlers.append((pending, settle))


def settle(db: sqlite_utils.Database) -> None:
    """Settle what a write that bypassed `transaction()` left noted, before derived state is read.

    Nothing noted: nothing written (a reader takes no write lock). Inside a transaction: settled in it.
    """
    conn = db.conn
    if not any(pending(conn) for pending, _ in _settlers):
        return
    if conn.in_transaction:
        _settle(conn)
        return
    with transaction(db):
        pass  # the transaction settles before it commits


def _set_wal(conn: sqlite3.Connection, tries: int = 100) -> None:
    """Switch to WAL; two processes creating one database at once may be told 'locked' without the busy wait."""
    for attempt in range(tries):
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == tries - 1:
                raise
            time.sleep(0.05)


def open_db(path: Path | str, *, migrate: bool = True, check: bool = True) -> sqlite_utils.Database:
    """Open (or create) a workspace database with WAL, synchronous=FULL and the schema up to date.

    The connection runs in autocommit mode; every write goes through `transaction()`. `check` looks at the file's
    header against its size first (a truncated or foreign file is refused with a clear message); an existing
    database is backed up before migrations change it.
    A machine fault (damaged file, no permission, full disk) is raised as `faults.StorageError`.
    """
    path = os.path.abspath(os.fspath(path))
    conn: sqlite3.Connection | None = None
    try:
        problem = integrity.header_problem(path) if check else None
        if problem is not None:
            raise integrity.damaged_error(path, problem)
        with suppress(OSError):  # a folder that is not there or not writable: SQLite says so in its own words
            create_private_file(Path(path))  # the WAL and shared-memory files take the database file's mode
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        _configure(conn, wal=True)
        db = sqlite_utils.Database(conn, execute_plugins=False)  # no third-party plugins on our connection
        remember(db, path)
        if migrate:
            _migrate(db)
    except (sqlite3.Error, OSError) as exc:
        if conn is not None:
            conn.close()
        explained = faults.explain(exc, path=path)
        if explained is None:
            raise
        raise explained from exc
    except BaseException:
        if conn is not None:
            conn.close()
        raise
    return db


def _migrate(db: sqlite_utils.Database) -> None:
    """Apply pending migrations, backing up first when the database already holds a workspace."""
    todo = pending_migrations(db)
    if not todo:
        return
    if len(todo) < len(MIGRATIONS) and _holds_workspace(db):
        from inspector.store import backup

        backup.before_operation(db, "migration")
    apply_migrations(db)
    with transaction(db):
        pass  # a migration that derives state (14: problem_state) has it computed before the workspace is used


def _holds_workspace(db: sqlite_utils.Database) -> bool:
    """Whether a database already has a workspace's identity (not one being created right now)."""
    known = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'settings'").fetchone()
    return known is not None and db.execute("SELECT 1 FROM settings WHERE key = 'role'").fetchone() is not None


def open_memory_db() -> sqlite_utils.Database:
    """An in-memory database with the full schema, for previews and checks that store nothing."""
    conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    _configure(conn, wal=False)
    db = sqlite_utils.Database(conn, execute_plugins=False)
    apply_migrations(db)
    return db


def _fault(exc: BaseException, path: str | None) -> BaseException:
    """A machine fault (locked, full, read-only, damaged) as the StorageError a user reads; else `exc` itself."""
    if not isinstance(exc, sqlite3.Error | OSError):
        return exc
    fault = faults.explain(exc, path=path if isinstance(exc, sqlite3.Error) else None)
    return exc if fault is None else fault


@contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[sqlite3.Connection]:
    """One write transaction (BEGIN IMMEDIATE … COMMIT); rolled back whole on any exception.

    Inside, write with `conn.execute`: sqlite-utils' table helpers commit on their own. A lock held elsewhere is
    waited for (the busy timeout), then reported; a full disk, a read-only or damaged database ends the
    transaction with nothing written and a `faults.StorageError` that says what to do.
    """
    conn = db.conn
    if conn.in_transaction:
        raise RuntimeError("transaction() does not nest")
    path = db_path(db)
    if path is not None:
        integrity.refuse_if_damaged(path)  # damage found by a check stops every write until a restore
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as exc:
        raise _fault(exc, path) from exc
    try:
        yield conn
        _settle(conn)
        conn.execute("COMMIT")
    except BaseException as exc:
        if conn.in_transaction:  # also when COMMIT itself failed (a full disk is often found there)
            with suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
        fault = _fault(exc, path)
        if fault is exc:
            raise
        raise fault from exc


def _settle(conn: sqlite3.Connection) -> None:
    """Bring derived state (the problems' stored state) up to the transaction's writes before it commits."""
    for pending, settle_now in _settlers:
        if pending(conn):
            settle_now(conn)


def checkpoint(db: sqlite_utils.Database) -> bool:
    """Copy what the write-ahead log holds into the database file, without waiting for anyone.

    Done after each finished inspection and when the app is idle, so recent work does not live only in the
    `-wal` file (a copy of workspace.db alone then has it). Returns whether every logged page was copied.
    """
    try:
        busy, logged, copied = db.conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    except sqlite3.Error:
        return False  # a reader or writer elsewhere: the next checkpoint copies it
    return not busy and copied == logged


def optimize(db: sqlite_utils.Database) -> None:
    """Refresh the query planner's statistics where they are missing or stale (`PRAGMA optimize`).

    Called when a workspace closes and after a merge, so plans stay right as the data grows. Each table's sample is
    bounded (`analysis_limit`), so it stays cheap on a city-year. Skipped inside a transaction (the caller's to end)
    and quietly given up on a busy or read-only database: statistics are a hint, never needed for correctness.
    """
    with suppress(sqlite3.Error):  # also a connection already closed
        if db.conn.in_transaction:
            return
        db.conn.execute("PRAGMA analysis_limit = 400")
        db.conn.execute("PRAGMA optimize")
        for table in _grown(db.conn):
            db.conn.execute(f"ANALYZE {table}")  # bounded by analysis_limit too


# Tables whose statistics steer the office's plans; SQLite before 3.46 re-analyses a table only when it has none.
_WATCHED = ("inspections", "findings", "finding_revisions", "problem_events", "problem_state")


def _grown(conn: sqlite3.Connection) -> list[str]:
    """The watched tables with statistics that have more than doubled in rows since (an index of) them was analysed.

    The row count of the statistics is the first number of an index's `stat`; the table's is its largest rowid
    (rows are only ever added), read from the end of the b-tree without counting.
    """
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone() is None:
        return []
    counted = dict(
        conn.execute(
            "SELECT tbl, MAX(CAST(stat AS INTEGER)) FROM sqlite_stat1 WHERE tbl IN"
            f" ({', '.join('?' * len(_WATCHED))}) GROUP BY tbl",
            _WATCHED,
        ).fetchall()
    )
    grown = []
    for table, rows in counted.items():
        largest = conn.execute(f"SELECT MAX(rowid) FROM {table}").fetchone()[0] or 0
        if largest > 2 * max(rows or 0, 1):
            grown.append(table)
    return grown


def schema_version(db: sqlite_utils.Database) -> int:
    """The number of the last migration applied to this database."""
    row = db.execute("SELECT MAX(id) FROM _migrations").fetchone()
    return int(row[0] or 0)


def get_setting(db: sqlite_utils.Database, key: str, default: Any = None) -> Any:
    """A workspace setting (JSON value), or `default` when it is not set."""
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return default if row is None else json.loads(row[0])


def set_setting(conn: sqlite3.Connection, key: str, value: Any) -> None:
    """Write a workspace setting inside an open transaction."""
    conn.execute(
        "INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [key, json.dumps(value, ensure_ascii=False, sort_keys=True)],
    )
