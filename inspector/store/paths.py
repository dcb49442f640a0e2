"""Which file each database opened by `store.open_db` lives in: for the damage mark, the backups and the checks."""

from __future__ import annotations

import weakref

import sqlite_utils

_paths: weakref.WeakKeyDictionary[sqlite_utils.Database, str] = weakref.WeakKeyDictionary()


def remember(db: sqlite_utils.Database, path: str) -> None:
    """Note the file `db` was opened from (called by `store.open_db`)."""
    _paths[db] = path


def db_path(db: sqlite_utils.Database) -> str | None:
    """The file a database opened by `open_db` lives in (None for an in-memory one)."""
    return _paths.get(db)
