"""Backups of workspace.db: online API, verified before they count, rotated; restores verified before they replace."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from datetime import date, time, timedelta
from pathlib import Path

import pytest

from inspector import catalog, clock, forms, workspace
from inspector.cli import main as cli_main
from inspector.faults import StorageError
from inspector.field import inspections
from inspector.store import MIGRATIONS, backup, open_db
from inspector.store import integrity as store_integrity
from inspector.store.migrations import latest, statements
from tests.exchange.test_bundle_kit import START, field_workspace, inspect

PERSON = {"id": "I-001", "name": "张明", "district": "云栖区"}
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def laptop(tmp_path):
    """A field workspace with one finished inspection."""
    ws = field_workspace(tmp_path / "laptop", PERSON)
    inspect(ws, site_code="YX-001", when=START, fails=1, photos=1, seed=3)
    yield ws
    ws.close()


def db_of(ws: workspace.Workspace) -> Path:
    return ws.path / workspace.DB_NAME


def count(path: Path, table: str = "inspections") -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def test_a_backup_is_named_by_the_city_clock_verified_and_whole(laptop):
    with clock.travel(clock.at(date(2026, 12, 5), time(9, 30)), ticking=False):
        made = backup.make_backup(db_of(laptop), "manual")
        again = backup.make_backup(db_of(laptop), "manual")
    assert made.path.name == "workspace-2026-12-05-0930-manual.db"
    assert again.path.name == "workspace-2026-12-05-0930-manual-2.db"
    assert [b.path for b in backup.list_backups(db_of(laptop))] == [again.path, made.path]  # newest first
    conn = sqlite3.connect(made.path)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one self-contained file
    conn.close()
    assert count(made.path, "finding_revisions") == count(db_of(laptop), "finding_revisions") > 0
    assert sorted(p.name for p in made.path.parent.iterdir()) == [again.path.name, made.path.name]
    assert not (made.path.parent / "evidence").exists()  # photos are not copied


def _noise_in_an_index(path: Path) -> None:
    """An index page full of noise: the header and schema still read fine, integrity_check does not."""
    conn = sqlite3.connect(path)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'inspections_date'").fetchone()[0]
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with open(path, "r+b") as f:
        f.seek((root - 1) * page)
        f.write(b"\x0d" + os.urandom(page - 1))


def test_a_damaged_database_gives_no_backup_and_leaves_no_partial_file(laptop):
    path = db_of(laptop)
    laptop.close()
    _noise_in_an_index(path)
    with pytest.raises(StorageError, match="备份副本未通过完整性检查") as refused:
        backup.make_backup(path, "manual")
    assert refused.value.kind == "corrupt"
    assert list(backup.backups_dir(path).iterdir()) == []


def test_the_first_open_of_each_city_day_backs_up_and_rotation_keeps_7_days_and_4_weeks(laptop):
    path = laptop.path
    laptop.close()
    first = date(2026, 1, 5)
    for n in range(40):
        with clock.travel(clock.at(first + timedelta(days=n), time(8, 15))):
            workspace.open_workspace(path).close()
            workspace.open_workspace(path).close()  # the second open of the day takes none
    kept = [b.taken.date().isoformat() for b in backup.list_backups(path / workspace.DB_NAME)]
    assert kept == [
        *(f"2026-02-{d:02d}" for d in range(13, 6, -1)),  # the last 7 days
        "2026-02-01",  # then the newest of each of 4 more ISO weeks
        "2026-01-25",
        "2026-01-18",
        "2026-01-11",
    ]
    assert {b.kind for b in backup.list_backups(path / workspace.DB_NAME)} == {"daily"}


def test_the_daily_backup_of_a_damaged_database_refuses_the_opening_and_marks_it(laptop):
    path = laptop.path
    laptop.close()
    _noise_in_an_index(path / workspace.DB_NAME)
    tomorrow = clock.travel(clock.now() + timedelta(days=1))
    with tomorrow, pytest.raises(StorageError, match="备份副本未通过完整性检查") as refused:
        workspace.open_workspace(path)
    assert refused.value.kind == "corrupt" and store_integrity.damage(path / workspace.DB_NAME) is not None
    assert backup.list_backups(path / workspace.DB_NAME) == []


def test_a_backup_that_cannot_be_written_does_not_stop_the_work(laptop):
    backup.backups_dir(db_of(laptop)).write_text("not a folder")  # as a full disk or a read-only folder would
    with clock.travel(clock.now() + timedelta(days=1)), workspace.open_workspace(laptop.path) as ws:
        assert workspace.workspace_info(ws)["inspections"] == 1


def test_no_daily_backup_on_the_day_a_workspace_is_made(tmp_path):
    with workspace.init_workspace(tmp_path / "ws", role="office") as ws:
        pass
    workspace.open_workspace(ws.path).close()
    assert backup.list_backups(db_of(ws)) == []
    with clock.travel(clock.now() + timedelta(days=1)):
        workspace.open_workspace(ws.path).close()
    assert [b.kind for b in backup.list_backups(db_of(ws))] == ["daily"]


def test_backups_before_operations_are_one_per_run_and_capped(tmp_path):
    ws = workspace.init_workspace(tmp_path / "office", role="office")
    with ws:
        moment = clock.at(date(2026, 12, 1), time(9))
        for n in range(5):
            with clock.travel(moment + timedelta(hours=n)):
                catalog.import_catalog_file(ws.db, forms.form_path(forms.CATALOG_FILE))
                catalog.import_catalog_file(ws.db, forms.form_path(forms.CATALOG_FILE))  # same run: no second one
    taken = [(b.kind, f"{b.taken:%H:%M}") for b in backup.list_backups(db_of(ws))]
    assert taken == [("before-catalog", "13:00"), ("before-catalog", "12:00"), ("before-catalog", "11:00")]


def _old_workspace(folder: Path) -> Path:
    """A workspace database made by an older app: only the first two migrations applied."""
    folder.mkdir()
    path = folder / workspace.DB_NAME
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("CREATE TABLE _migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
    for number, name, sql in MIGRATIONS[:2]:
        for statement in statements(sql):
            conn.execute(statement)
        conn.execute("INSERT INTO _migrations VALUES (?, ?, '2025-06-01T00:00:00Z')", [number, name])
    identity = {"role": "field", "device_id": "dev-old", "name": "旧笔记本", "created_at": "2025-06-01T00:00:00Z"}
    for key, value in identity.items():
        conn.execute("INSERT INTO settings VALUES (?, ?)", [key, json.dumps(value)])
    conn.close()
    return path


def test_an_existing_database_is_backed_up_before_migrations(tmp_path):
    path = _old_workspace(tmp_path / "old")
    with clock.travel(clock.at(date(2026, 12, 2), time(7, 5))):
        workspace.open_workspace(tmp_path / "old").close()
    found = {b.kind: b for b in backup.list_backups(path)}
    assert set(found) == {"before-migration", "daily"}
    conn = sqlite3.connect(found["before-migration"].path)
    assert conn.execute("SELECT MAX(id) FROM _migrations").fetchone()[0] == 2
    conn.close()
    assert count(path, "_migrations") == len(MIGRATIONS)  # every migration applied (their numbers may skip)
    (tmp_path / "fresh").mkdir()
    open_db(tmp_path / "fresh" / workspace.DB_NAME).conn.close()
    assert not (tmp_path / "fresh" / backup.BACKUP_DIR).exists()  # a new database has nothing to keep


def test_restore_verifies_then_replaces_and_keeps_the_old_database_aside(laptop, capsys):
    made = backup.make_backup(db_of(laptop), "manual")
    inspect(laptop, site_code="YX-002", when=START + timedelta(days=1), fails=0, photos=0)
    path = laptop.path
    laptop.close()
    script = (
        "import sqlite3, os, sys; c = sqlite3.connect(sys.argv[1], isolation_level=None);"
        " c.execute('PRAGMA journal_mode=WAL'); c.execute(\"INSERT INTO settings VALUES ('late', '1')\"); os._exit(0)"
    )
    subprocess.run([sys.executable, "-c", script, str(path / workspace.DB_NAME)], check=True)  # a WAL left behind
    assert Path(f"{path / workspace.DB_NAME}-wal").stat().st_size > 0
    code = cli_main(["--workspace", str(path), "workspace", "restore", str(made.path), "--json"])
    result = json.loads(capsys.readouterr().out)
    assert code == 0 and result["workspace"]["inspections"] == 1
    aside = Path(result["kept_aside"])
    assert aside.parent == backup.backups_dir(path / workspace.DB_NAME) and aside.name.startswith("replaced-")
    assert not Path(f"{path / workspace.DB_NAME}-wal").exists()  # no stray WAL beside the restored database
    kept = sqlite3.connect(aside)
    assert kept.execute("SELECT value FROM settings WHERE key = 'late'").fetchone() == ("1",)  # nothing lost
    assert kept.execute("SELECT COUNT(*) FROM inspections").fetchone()[0] == 2
    kept.close()
    assert backup.latest_backup(path / workspace.DB_NAME).path == made.path  # the aside copy is not a backup


def test_a_bad_backup_is_refused_and_nothing_changes(laptop, tmp_path):
    made = backup.make_backup(db_of(laptop), "manual")
    bad = tmp_path / "bad.db"
    data = bytearray(made.path.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 4096] = os.urandom(4096)
    bad.write_bytes(bytes(data))
    laptop.close()
    before = db_of(laptop).read_bytes()
    for candidate, message in ((bad, "不能用于恢复"), (tmp_path / "none.db", "找不到")):
        with pytest.raises(StorageError, match=message):
            backup.restore(db_of(laptop), candidate)
    assert db_of(laptop).read_bytes() == before
    assert not (laptop.path / ".workspace.db.restoring").exists()


def test_restore_refuses_another_workspaces_backup_a_newer_apps_and_an_open_workspace(laptop, tmp_path):
    other = workspace.init_workspace(tmp_path / "other", role="office")
    with other:
        foreign = backup.make_backup(db_of(other), "manual")
    own = backup.make_backup(db_of(laptop), "manual")
    newer = tmp_path / "newer.db"
    newer.write_bytes(own.path.read_bytes())
    conn = sqlite3.connect(newer)
    conn.execute("INSERT INTO _migrations VALUES (?, 'from a newer app', 'x')", [latest() + 1])
    conn.commit()
    conn.close()
    with pytest.raises(StorageError, match="另一个程序使用") as busy:
        backup.restore(db_of(laptop), own.path)  # the fixture still has it open
    assert busy.value.kind == "locked"
    laptop.close()
    with pytest.raises(StorageError, match="另一个工作区"):
        backup.restore(db_of(laptop), foreign.path)
    with pytest.raises(StorageError, match="更新版本"):
        backup.restore(db_of(laptop), newer)
    assert backup.restore(db_of(laptop), own.path).source == own.path


def test_a_workspace_of_random_bytes_is_restored_from_the_latest_backup(laptop, capsys):
    made = backup.make_backup(db_of(laptop), "manual")
    path = laptop.path
    laptop.close()
    db_of(laptop).write_bytes(os.urandom(8192))
    code = cli_main(["--workspace", str(path), "workspace", "info"])
    assert code == 1 and "已损坏" in capsys.readouterr().err
    assert cli_main(["--workspace", str(path), "workspace", "backups"]) == 0
    assert made.path.name in capsys.readouterr().out
    assert cli_main(["--workspace", str(path), "workspace", "restore", "--latest"]) == 0
    assert "已用备份" in capsys.readouterr().out
    with workspace.open_workspace(path) as ws:
        assert workspace.workspace_info(ws)["inspections"] == 1
        inspections.start_inspection(ws.db, site_id=ws.db.execute("SELECT id FROM sites").fetchone()[0],
                                     inspector_id="I-001", mode="announced")  # fmt: skip


def test_restore_clears_the_damage_mark_and_writes_work_again(laptop):
    made = backup.make_backup(db_of(laptop), "manual")
    store_integrity.mark_damaged(db_of(laptop), "测试：检查发现损坏")
    site = laptop.db.execute("SELECT id FROM sites").fetchone()[0]
    with pytest.raises(StorageError, match="测试：检查发现损坏"):
        inspections.start_inspection(laptop.db, site_id=site, inspector_id="I-001", mode="announced")
    laptop.close()
    backup.restore(db_of(laptop), made.path)
    assert store_integrity.damage(db_of(laptop)) is None
    with workspace.open_workspace(laptop.path) as ws:
        site = ws.db.execute("SELECT id FROM sites").fetchone()[0]
        inspections.start_inspection(ws.db, site_id=site, inspector_id="I-001", mode="announced")


def test_backup_commands(laptop, capsys, tmp_path):
    args = ["--workspace", str(laptop.path), "workspace"]
    assert cli_main([*args, "backup", "--json"]) == 0
    made = json.loads(capsys.readouterr().out)
    assert made["kind"] == "manual" and Path(made["path"]).is_file()
    assert cli_main([*args, "backups", "--json"]) == 0
    assert [b["path"] for b in json.loads(capsys.readouterr().out)] == [made["path"]]
    assert cli_main([*args, "restore"]) == 1
    assert "--latest" in capsys.readouterr().err
    assert cli_main(["--workspace", str(tmp_path / "nowhere"), "workspace", "backups"]) == 1
    assert "不是工作区" in capsys.readouterr().err


def test_a_backup_taken_while_the_clock_reads_an_earlier_day_is_kept(laptop):
    path = db_of(laptop)
    days = [date(2026, 11, d) for d in (2, 9, 16, 23)] + [date(2026, 12, 1) + timedelta(days=n) for n in range(8)]
    for day in days:  # 7 days and 4 more weeks: rotation is full
        with clock.travel(clock.at(day, time(9))):
            backup.make_backup(path, "daily")
    before = backup.list_backups(path)
    with clock.travel(clock.at(date(2026, 10, 1), time(9))):  # a clock set back (a test, a wrong machine clock)
        made = backup.make_backup(path, "daily")
    assert made.path.is_file() and backup.list_backups(path) == [*before, made]


def test_a_daily_backup_being_taken_elsewhere_is_not_taken_twice_and_a_crashed_one_is_cleaned(laptop):
    path = db_of(laptop)
    folder = backup.backups_dir(path)
    folder.mkdir()
    tomorrow = clock.now() + timedelta(days=1)
    with clock.travel(tomorrow, ticking=False):
        name = f".workspace-{clock.today().isoformat()}-0600.db.partial"
        (folder / name).write_bytes(b"half a backup")  # another process is writing today's backup
        assert not backup.daily_due(path)
    old = folder / ".workspace-2020-01-01-0600-manual.db.partial"
    old.write_bytes(b"left by a crash")
    os.utime(old, (0, 0))
    backup.make_backup(path, "manual")
    assert not old.exists() and (folder / name).exists()
