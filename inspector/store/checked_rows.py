"""How far the workspace's inspection rows have been checked by the app's rules: one mark per table.

A mark is the largest rowid of a table whose rows were all checked (revision hashes and chains, findings with
revisions, stored totals, voids): rows are only appended, so everything after the marks is what changed since.
A passing check records the marks it started from; a merge vouches for the rows it adds, because it verified
every one of them (hash, chain, device, photos, totals recomputed) before inserting it, in the same transaction.
The check before a merge then reads only the rows after the marks (`integrity.check_before`).
"""

from __future__ import annotations

import json
import sqlite3

from inspector.store import set_setting

SETTING = "integrity_checked_rows"
TABLES = ("inspections", "findings", "finding_revisions", "inspection_voids")

Marks = dict[str, int]


def current(conn: sqlite3.Connection) -> Marks:
    """Each table's largest rowid now (0 when empty): one index seek each."""
    return {table: conn.execute(f"SELECT COALESCE(MAX(rowid), 0) FROM {table}").fetchone()[0] for table in TABLES}


def stored(conn: sqlite3.Connection) -> Marks | None:
    """The marks the last passing check or vouching merge left, or None (never checked, or not marks)."""
    row = conn.execute("SELECT value FROM settings WHERE key = ?", [SETTING]).fetchone()
    if row is None:
        return None
    try:
        value = json.loads(row[0])
    except (TypeError, ValueError):
        return None
    if not isinstance(value, dict) or set(value) != set(TABLES):
        return None
    if not all(type(value[t]) is int and value[t] >= 0 for t in TABLES):
        return None
    return {t: value[t] for t in TABLES}


def usable(conn: sqlite3.Connection) -> Marks | None:
    """The stored marks when every row after them is new since; None when a table holds fewer rows than its mark
    (rows were deleted, so a rowid may have been used again): then only a whole check knows."""
    marks = stored(conn)
    if marks is None:
        return None
    now = current(conn)
    return marks if all(now[t] >= marks[t] for t in TABLES) else None


def record(conn: sqlite3.Connection, marks: Marks) -> None:
    """Store the marks, inside the caller's transaction."""
    set_setting(conn, SETTING, marks)


def vouch(conn: sqlite3.Connection, before: Marks) -> None:
    """Inside a merge's transaction, after its rows went in: when every row up to `before` (the marks when the
    transaction began) was already checked, the marks move past the rows the merge verified and added."""
    if stored(conn) == before:
        record(conn, current(conn))
