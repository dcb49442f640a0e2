"""Numbered migrations: whole statements, exactly once under concurrency, and no opening a newer database."""

from __future__ import annotations

import multiprocessing
import sqlite3

import pytest

from inspector import workspace
from inspector.store import MIGRATIONS, SchemaTooNewError, open_db
from inspector.store.migrations import latest, statements


def test_statements_are_split_as_sqlite_reads_them():
    sql = """
    CREATE TABLE a (x TEXT DEFAULT ';');
    -- a comment; with a semicolon
    CREATE TRIGGER t AFTER INSERT ON a BEGIN SELECT 1; SELECT 2; END;
    CREATE INDEX a_x ON a(x)
    """
    found = statements(sql)
    assert len(found) == 3
    assert "DEFAULT ';'" in found[0]
    assert found[1].endswith("END;") and "SELECT 2;" in found[1]
    conn = sqlite3.connect(":memory:")
    for statement in found:
        conn.execute(statement)
    assert {r[0] for r in conn.execute("SELECT name FROM sqlite_master")} == {"a", "t", "a_x"}


def _open(path: str, barrier: multiprocessing.synchronize.Barrier, results: multiprocessing.Queue) -> None:
    barrier.wait()
    try:
        db = open_db(path)
        results.put(("ok", sorted(r[0] for r in db.execute("SELECT id FROM _migrations"))))
    except Exception as exc:  # the test reports what went wrong in the child
        results.put(("error", repr(exc)))


def test_two_processes_opening_a_fresh_database_apply_each_migration_once(tmp_path):
    path = str(tmp_path / "workspace.db")
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(3), ctx.Queue()
    children = [ctx.Process(target=_open, args=(path, barrier, results)) for _ in range(3)]
    for child in children:
        child.start()
    outcomes = [results.get(timeout=60) for _ in children]
    for child in children:
        child.join(timeout=60)
    numbers = sorted(n for n, _name, _sql in MIGRATIONS)
    assert outcomes == [("ok", numbers)] * 3
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT COUNT(*), COUNT(DISTINCT id) FROM _migrations").fetchone() == (len(numbers),) * 2


def test_a_database_from_a_newer_app_is_refused_untouched(tmp_path):
    ws = workspace.init_workspace(tmp_path / "ws", role="office")
    with ws:
        ws.db.execute(
            "INSERT INTO _migrations(id, name, applied_at) VALUES (?, 'from the future', 'x')", [latest() + 1]
        )
    before = (tmp_path / "ws" / "workspace.db").read_bytes()
    with pytest.raises(SchemaTooNewError, match="更新版本"):
        workspace.open_workspace(tmp_path / "ws")
    assert (tmp_path / "ws" / "workspace.db").read_bytes() == before


def test_migration_7_makes_each_existing_photo_row_its_devices_claim_and_keeps_time_flags(tmp_path):
    path = tmp_path / "workspace.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("CREATE TABLE _migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
    for number, name, sql in MIGRATIONS:
        if number < 7:
            for statement in statements(sql):
                conn.execute(statement)
            conn.execute("INSERT INTO _migrations VALUES (?, ?, 'x')", [number, name])
    photo = ("a" * 64, 48, 48, 900, "2026-11-02T02:00:00Z", 30.5, 120.25, "IMG_1.jpg", "2026-11-02T02:01:00Z", "dev-a")
    conn.execute("INSERT INTO photos VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", photo)
    conn.execute("PRAGMA foreign_keys = OFF")  # the inspection's site and catalog do not matter here
    conn.execute(
        "INSERT INTO inspections (id, site_id, inspector_id, mode, catalog_version, started_at, local_date,"
        " device_id, created_at) VALUES ('i1', 's1', 'p1', 'announced', 'v', 't', 'd', 'dev-a', 't')"
    )
    conn.execute("INSERT INTO time_flags VALUES ('i1', 'after_signing', '晚了', 'b1', '2026-11-03T00:00:00Z')")
    conn.close()

    db = open_db(path)
    assert db.execute("SELECT * FROM photo_claims").fetchall() == [
        ("a" * 64, "dev-a", "2026-11-02T02:00:00Z", 30.5, 120.25, "IMG_1.jpg", "2026-11-02T02:01:00Z")
    ]
    assert db.execute("SELECT inspection_id, kind, detail FROM time_flags").fetchall() == [
        ("i1", "after_signing", "晚了")
    ]
    db.execute("PRAGMA foreign_keys = OFF")
    db.execute("INSERT INTO time_flags VALUES ('i1', 'photo_time', '照片', 'b2', '2026-11-03T00:00:00Z')")
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO time_flags VALUES ('i2', 'made_up', '?', 'b2', '2026-11-03T00:00:00Z')")
