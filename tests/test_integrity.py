"""`workspace check`: SQLite's checks and the app's own invariants, each problem with its place; damage stops writes."""

from __future__ import annotations

import json
import os
import sqlite3
import tracemalloc
from datetime import timedelta
from pathlib import Path

import pytest

from inspector import clock, evidence, inspections, integrity, merge, problem_state, workspace
from inspector.bundle import export
from inspector.cli import main as cli_main
from inspector.faults import StorageError
from inspector.store import backup
from inspector.store import integrity as store_integrity
from tests.test_bundle_kit import FIELD_PASS, START, field_workspace, inspect

PERSON = {"id": "I-001", "name": "张明", "district": "云栖区"}


@pytest.fixture
def laptop(tmp_path):
    """A field workspace with two finished inspections (failed items with photos) and one changed answer."""
    ws = field_workspace(tmp_path / "laptop", PERSON)
    first = inspect(ws, site_code="YX-001", when=START, fails=2, photos=1, seed=1)
    inspect(ws, site_code="YX-002", when=START + timedelta(hours=2), fails=1, photos=2, seed=2)
    code = inspections.current_findings(ws.db, first.id)[-1].item_code
    inspections.record_finding(ws.db, first.id, code, outcome="fail", count=2, reason="复核后更正")
    yield ws
    ws.close()


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    """Run a command in-process: (exit code, stdout, stderr); a check that found problems exits with 3."""
    code = cli_main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def changed_revision(ws: workspace.Workspace) -> tuple[str, int]:
    """A finding with two revisions (the answer changed after finishing): (finding id, 2)."""
    row = ws.db.execute("SELECT finding_id, MAX(rev) FROM finding_revisions GROUP BY finding_id HAVING MAX(rev) > 1")
    return tuple(row.fetchone())


def test_a_sound_workspace_passes_and_is_remembered_as_checked(laptop, capsys):
    assert integrity.weekly_due(laptop)
    code, out, _ = run_cli(capsys, "--workspace", str(laptop.path), "workspace", "check", "--json")
    report = json.loads(out)
    assert code == 0 and report["ok"] and not report["damaged"]
    revisions = laptop.db.execute("SELECT COUNT(*) FROM finding_revisions").fetchone()[0]
    photos = laptop.db.execute("SELECT COUNT(*) FROM photos").fetchone()[0]
    assert report["checked"] == {"revisions": revisions, "inspections": 2, "photos": photos} and photos == 4
    assert not integrity.weekly_due(laptop)
    with clock.travel(clock.now() + timedelta(days=8)):
        assert integrity.weekly_due(laptop)


def test_an_altered_revision_is_found_and_stops_every_write(laptop, capsys):
    finding_id, rev = changed_revision(laptop)
    laptop.db.execute("UPDATE finding_revisions SET note = '改过' WHERE finding_id = ? AND rev = ?", [finding_id, rev])
    code, out, _ = run_cli(capsys, "--workspace", str(laptop.path), "workspace", "check")
    assert code == 3 and "修订内容与哈希不符 1 处" in out
    assert f"检查结果 {finding_id} 第 {rev} 版" in out  # where it is
    assert "workspace restore --latest" in out or "还没有备份" in out
    inspection_id = laptop.db.execute("SELECT inspection_id FROM findings WHERE id = ?", [finding_id]).fetchone()[0]
    with pytest.raises(StorageError, match="已损坏") as refused:
        inspections.record_finding(laptop.db, inspection_id, "NL-ENV-001", outcome="pass", reason="再改")
    assert refused.value.kind == "corrupt" and "修订内容与哈希不符" in str(refused.value)
    code, _, err = run_cli(capsys, "--workspace", str(laptop.path), "workspace", "info")
    assert code == 1 and "已损坏" in err and "workspace restore" in err
    with pytest.raises(StorageError, match="已损坏"):
        export.export_bundle(laptop, laptop.path.parent / "usb", FIELD_PASS)


def test_broken_chains_name_the_finding_and_revision(laptop):
    finding_id, _ = changed_revision(laptop)
    sql = "UPDATE finding_revisions SET parent_hash = ? WHERE finding_id = ? AND rev = 2"
    laptop.db.execute(sql, ["0" * 64, finding_id])
    laptop.db.execute("PRAGMA foreign_keys = OFF")
    other = laptop.db.execute("SELECT finding_id FROM finding_revisions WHERE finding_id != ? LIMIT 1", [finding_id])
    lonely = other.fetchone()[0]
    laptop.db.execute("DELETE FROM finding_revisions WHERE finding_id = ?", [lonely])
    report = integrity.check_workspace(laptop)
    chain = [f for f in report.flaws if f.kind == "revision_chain"]
    expected = [(f"检查结果 {finding_id} 第 2 版", "记录的上一版哈希与第 1 版不符")]
    assert [(f.where, f.message) for f in chain] == expected
    assert report.counts["revision_hash"] == 1  # the parent hash is part of the hashed content
    assert [f.where.split("（")[0] for f in report.flaws if f.kind == "finding_empty"] == [f"检查结果 {lonely}"]
    assert report.damaged


def test_a_missing_revision_in_the_middle_of_a_chain(laptop):
    finding_id, _ = changed_revision(laptop)
    laptop.db.execute("UPDATE finding_revisions SET rev = 3 WHERE finding_id = ? AND rev = 2", [finding_id])
    report = integrity.check_workspace(laptop, photos="skip")
    messages = {(f.kind, f.message) for f in report.flaws}
    assert ("revision_chain", "上一版是第 1 版，中间缺了修订") in messages


def test_stored_totals_that_disagree_with_the_findings(laptop):
    inspection_id = laptop.db.execute("SELECT id FROM inspections ORDER BY id LIMIT 1").fetchone()[0]
    laptop.db.execute("UPDATE inspections SET problem_count = problem_count + 5 WHERE id = ?", [inspection_id])
    report = integrity.check_workspace(laptop, photos="skip")
    assert [f.where for f in report.flaws] == [f"检查 {inspection_id}"]
    assert report.counts == {"score": 1} and report.damaged


def test_dangling_references_are_foreign_key_problems(laptop):
    laptop.db.execute("PRAGMA foreign_keys = OFF")
    laptop.db.execute("UPDATE findings SET inspection_id = 'gone' WHERE rowid = 1")
    report = integrity.check_workspace(laptop, photos="skip")
    assert report.counts["foreign_key"] >= 1
    assert any("findings 第 1 行 → inspections" in f.message for f in report.flaws)


def test_photo_files_missing_or_altered_are_reported_without_stopping_writes(laptop):
    shas = [row[0] for row in laptop.db.execute("SELECT sha256 FROM photos ORDER BY sha256")]
    evidence.photo_path(laptop.evidence_dir, shas[0]).unlink()
    altered = evidence.photo_path(laptop.evidence_dir, shas[1])
    data = bytearray(altered.read_bytes())
    data[-10] ^= 0xFF
    altered.write_bytes(bytes(data))
    quick = integrity.check_workspace(laptop, photos="exists")
    assert quick.counts == {"photo_missing": 1}  # same size: only reading the bytes finds the change
    report = integrity.check_workspace(laptop)
    assert report.counts == {"photo_missing": 1, "photo_altered": 1} and not report.damaged
    assert shas[0] in report.flaws[0].where or shas[0] in report.flaws[1].where
    assert store_integrity.damage(laptop.path / workspace.DB_NAME) is None
    first = laptop.db.execute("SELECT id FROM inspections ORDER BY id LIMIT 1").fetchone()[0]
    code = inspections.current_findings(laptop.db, first)[0].item_code
    inspections.record_finding(laptop.db, first, code, outcome="pass", reason="照片问题不影响写入")


def _corrupt_index(db_path: Path) -> None:
    """Overwrite an index's root page with noise (the tables stay readable)."""
    conn = sqlite3.connect(db_path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'inspections_date'").fetchone()[0]
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    with open(db_path, "r+b") as f:
        f.seek((root - 1) * page_size)
        f.write(b"\x0d" + os.urandom(page_size - 1))


def test_damaged_pages_are_found_by_sqlites_integrity_check(laptop):
    path = laptop.path
    laptop.close()
    _corrupt_index(path / workspace.DB_NAME)
    with workspace.open_workspace(path, daily_backup=False, damaged_ok=True) as ws:
        report = integrity.check_workspace(ws, photos="skip")
    assert report.counts.get("database", 0) >= 1 and report.damaged
    assert all(f.where.startswith("数据库") for f in report.flaws if f.kind == "database")
    with pytest.raises(StorageError, match="已损坏") as refused:
        workspace.open_workspace(path)
    assert refused.value.kind == "corrupt"


def test_a_passing_check_clears_an_old_damage_mark(laptop):
    db_path = laptop.path / workspace.DB_NAME
    store_integrity.mark_damaged(db_path, "测试用的损坏标记")
    with pytest.raises(StorageError, match="测试用的损坏标记"):
        workspace.open_workspace(laptop.path)
    assert integrity.check_workspace(laptop, photos="skip").ok
    assert store_integrity.damage(db_path) is None and not store_integrity.mark_path(db_path).exists()
    workspace.open_workspace(laptop.path).close()


def test_the_check_before_a_merge_refuses_a_damaged_office(tmp_path):
    office = workspace.init_workspace(tmp_path / "office", role="office")
    with office:
        office.db.execute("PRAGMA foreign_keys = OFF")
        office.db.execute(
            "INSERT INTO findings (id, inspection_id, item_code, created_at) VALUES ('f', 'nowhere', 'X', 'now')"
        )
        with pytest.raises(StorageError, match="已损坏"):
            merge.merge_paths(office, [tmp_path])
        assert not backup.list_backups(tmp_path / "office" / workspace.DB_NAME)  # nothing backed up either


def test_a_sound_office_is_checked_once_for_a_run_of_merges(tmp_path, monkeypatch):
    office = workspace.init_workspace(tmp_path / "office", role="office")
    calls = []
    real = integrity.check_workspace
    monkeypatch.setattr(integrity, "check_workspace", lambda *a, **k: calls.append(k) or real(*a, **k))
    (tmp_path / "empty").mkdir()
    with office:
        for _ in range(3):
            assert merge.merge_paths(office, [tmp_path / "empty"]) == []
    assert calls == [{"photos": "skip", "record": False, "derived": False}]
    assert [b.kind for b in backup.list_backups(office.path / workspace.DB_NAME)] == ["before-merge"]


def test_the_check_stops_when_asked(laptop):
    asked = []

    def stop() -> bool:
        asked.append(1)
        return len(asked) > 2

    with pytest.raises(integrity.CheckStopped):
        integrity.check_workspace(laptop, stop=stop)
    assert store_integrity.damage(laptop.path / workspace.DB_NAME) is None


def _grow(ws: workspace.Workspace, copies: int, label: str) -> None:
    """Clone every inspection `copies` times with plain SQL, keeping hashes and chains valid (setup only)."""
    keys = integrity._HASHED_KEYS
    rows = ws.db.execute(integrity._REVISIONS_SQL).fetchall()
    findings = ws.db.execute("SELECT id, inspection_id, item_code, created_at FROM findings").fetchall()
    inspections_rows = ws.db.execute("SELECT * FROM inspections").fetchall()
    conn = ws.db.conn
    conn.execute("BEGIN")
    for n in range(copies):
        tag = f"-{label}{n:04d}"
        for row in inspections_rows:
            conn.execute(f"INSERT INTO inspections VALUES ({','.join('?' * len(row))})", [row[0] + tag, *row[1:]])
        for fid, iid, code, created in findings:
            conn.execute("INSERT INTO findings VALUES (?, ?, ?, ?)", [fid + tag, iid + tag, code, created])
        parents: dict[str, str] = {}
        for row in rows:
            body = dict(zip(keys, row, strict=False))
            body.update(finding_id=body["finding_id"] + tag, inspection_id=body["inspection_id"] + tag)
            body["photos"] = json.loads(row[integrity._PHOTOS])
            body["parent_hash"] = parents.get(body["finding_id"])
            digest = inspections.content_hash(body)
            parents[body["finding_id"]] = digest
            conn.execute(
                "INSERT INTO finding_revisions (finding_id, rev, outcome, count, note, photos, multiplier, deduction,"
                " responsible_unit, deadline, reason, recorded_at, device_id, parent_hash, content_hash)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [body["finding_id"], body["rev"], body["outcome"], body["count"], body["note"],
                 json.dumps(body["photos"]), body["multiplier"], body["deduction"], body["responsible_unit"],
                 body["deadline"], body["reason"], body["recorded_at"], body["device_id"], body["parent_hash"], digest],
            )  # fmt: skip
    conn.execute("COMMIT")


def test_memory_does_not_grow_with_the_number_of_revisions(laptop, monkeypatch):
    # The problem-state step compares a chunk of problems at a time (its bound: tests/test_problem_state.py); these
    # copies all sit at two sites on one day, where every copy repeats every other, which no real month does.
    monkeypatch.setattr(problem_state, "check", lambda db, most=20: [])

    def peak() -> tuple[int, int]:
        tracemalloc.start()
        report = integrity.check_workspace(laptop, photos="skip", record=False)
        _, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert report.ok, report.summary()
        return report.checked["revisions"], top

    _grow(laptop, 5, "a")
    small_count, small_peak = peak()
    _grow(laptop, 8, "b")
    large_count, large_peak = peak()
    assert large_count > 6 * small_count
    assert large_peak < 2 * small_peak
