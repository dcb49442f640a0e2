"""The one place storage goes through: opening workspace databases, transactions, settings."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import sqlite_utils

from inspector import faults
from inspector.store.migrations import MIGRATIONS, SchemaTooNewError, apply_migrations, database_file
from inspector.store.migrations import pending as pending_migrations

__all__ = [
    "MIGRATIONS",
    "SchemaTooNewError",
    "checkpoint",
    "database_file",
    "get_setting",
    "open_db",
    "open_memory_db",
    "pending_migrations",
    "schema_version",
    "set_setting",
    "transaction",
]


def _configure(conn: sqlite3.Connection, *, wal: bool) -> None:
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 5000")
    if wal:
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")


def open_db(path: Path | str, *, migrate: bool = True) -> sqlite_utils.Database:
    """Open (or create) a workspace database with WAL, synchronous=FULL and the schema up to date.

    The connection runs in autocommit mode; every write goes through `transaction()`.
    """
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    _configure(conn, wal=True)
    db = sqlite_utils.Database(conn, execute_plugins=False)  # no third-party plugins on our connection
    if migrate:
        apply_migrations(db)
    return db


def open_memory_db() -> sqlite_utils.Database:
    """An in-memory database with the full schema, for previews and checks that store nothing."""
    conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    _configure(conn, wal=False)
    db = sqlite_utils.Database(conn, execute_plugins=False)
    apply_migrations(db)
    return db


def _fault(exc: BaseException, conn: sqlite3.Connection) -> BaseException:
    """A machine fault (locked, full, read-only, damaged) as the StorageError a user reads; else `exc` itself."""
    if not isinstance(exc, sqlite3.Error | OSError):
        return exc
    path = None
    if isinstance(exc, sqlite3.Error):
        with suppress(sqlite3.Error):
            path = database_file(conn)
    fault = faults.explain(exc, path=path)
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
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as exc:
        raise _fault(exc, conn) from exc
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException as exc:
        if conn.in_transaction:  # also when COMMIT itself failed (a full disk is often found there)
            with suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
        fault = _fault(exc, conn)
        if fault is exc:
            raise
        raise fault from exc


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
