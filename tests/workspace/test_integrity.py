"""`workspace check`: SQLite's checks and the app's own invariants, each problem with its place; damage stops writes."""

from __future__ import annotations

import json
import os
import sqlite3
import tracemalloc
from datetime import timedelta
from pathlib import Path

import pytest

from inspector import clock, workspace
from inspector.cli import main as cli_main
from inspector.exchange import merge
from inspector.exchange.bundle import export
from inspector.faults import StorageError
from inspector.field import evidence, inspections
from inspector.store import backup, checked_rows, transaction
from inspector.store import integrity as store_integrity
from inspector.tracking import problem_state
from inspector.workspace import integrity
from tests.exchange.test_bundle_kit import FIELD_PASS, START, field_workspace, inspect, kit_fixture, office_fixture  # noqa: F401

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


def _corrupt_index(db_path: Path, name: str = "inspections_date") -> None:
    """Overwrite an index's (or a table's) root page with noise; by default an index: the tables stay readable."""
    conn = sqlite3.connect(db_path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", [name]).fetchone()[0]
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
    with transaction(ws.db):  # the problem state of the copies, as the app's next write computes it
        pass


def test_memory_does_not_grow_with_the_number_of_revisions(laptop, monkeypatch):
    # The problem-state step compares a chunk of problems at a time (its bound: tests/tracking/test_problem_state.py);
    # these copies all sit at two sites on one day, where every copy repeats every other, which no real month does.
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


# ---------------------------------------------------------------- the check before a merge: only what changed since


def _checked(ws: workspace.Workspace, monkeypatch) -> None:
    """A whole check passed (the marks are now), in a session that has not checked since."""
    assert integrity.check_workspace(ws, photos="skip", record=False).ok
    monkeypatch.setattr(integrity, "_passed_at", {})


def _spy_since(monkeypatch) -> list[integrity.CheckReport]:
    """The reports of the checks of rows since the marks; a whole check fails the test."""
    reports: list[integrity.CheckReport] = []
    real = integrity._check_since

    def since(*args, **kwargs):
        reports.append(real(*args, **kwargs))
        return reports[-1]

    def whole(*args, **kwargs):
        raise AssertionError("the whole workspace was checked again")

    monkeypatch.setattr(integrity, "_check_since", since)
    monkeypatch.setattr(integrity, "check_workspace", whole)
    return reports


def _set_marks(ws: workspace.Workspace, marks: checked_rows.Marks) -> None:
    with transaction(ws.db) as conn:
        checked_rows.record(conn, marks)


def test_a_passing_check_records_how_far_the_rows_are_checked(laptop):
    conn = laptop.db.conn
    assert checked_rows.stored(conn) is None
    assert integrity.check_workspace(laptop, photos="skip", record=False).ok
    marks = checked_rows.stored(conn)
    assert marks == checked_rows.current(conn)
    assert marks["finding_revisions"] == conn.execute("SELECT MAX(rowid) FROM finding_revisions").fetchone()[0]


def test_the_check_before_an_export_reads_the_whole_laptop_database(laptop, monkeypatch):
    _checked(laptop, monkeypatch)
    calls = []
    real = integrity.check_workspace
    monkeypatch.setattr(integrity, "check_workspace", lambda *a, **k: calls.append(k) or real(*a, **k))
    integrity.check_before(laptop, "export")
    assert calls == [{"photos": "skip", "record": False, "derived": False}]


@pytest.fixture
def unvouched(kit, office, monkeypatch):
    """An office where a1's rows were checked and a2's rows came in unchecked (the marks stop after a1's)."""
    monkeypatch.setattr(integrity, "_passed_at", {})
    merge.merge_paths(office, [kit.bundles["a1"]])
    after_a1 = checked_rows.current(office.db.conn)
    merge.merge_paths(office, [kit.bundles["a2"]])
    _set_marks(office, after_a1)
    monkeypatch.setattr(integrity, "_passed_at", {})
    return office, after_a1


def _new_revision_2(ws: workspace.Workspace, marks: checked_rows.Marks) -> str:
    """A finding whose second revision came after the marks (a1 brought its first)."""
    sql = "SELECT finding_id FROM finding_revisions WHERE rev = 2 AND rowid > ?"
    return ws.db.execute(sql, [marks["finding_revisions"]]).fetchone()[0]


def _new_inspection(ws: workspace.Workspace, marks: checked_rows.Marks) -> str:
    sql = "SELECT id FROM inspections WHERE rowid > ? AND status = 'finished' ORDER BY rowid LIMIT 1"
    return ws.db.execute(sql, [marks["inspections"]]).fetchone()[0]


def _alter_hash(ws, marks):
    finding = _new_revision_2(ws, marks)
    ws.db.execute("UPDATE finding_revisions SET note = '改过' WHERE finding_id = ? AND rev = 2", [finding])
    return "revision_hash", f"检查结果 {finding} 第 2 版", "内容与其哈希不符"


def _break_chain(ws, marks):
    finding = _new_revision_2(ws, marks)
    ws.db.execute("UPDATE finding_revisions SET parent_hash = ? WHERE finding_id = ? AND rev = 2", ["0" * 64, finding])
    return "revision_chain", f"检查结果 {finding} 第 2 版", "记录的上一版哈希与第 1 版不符"


def _drop_first(ws, marks):
    finding = _new_revision_2(ws, marks)
    ws.db.execute("DELETE FROM finding_revisions WHERE finding_id = ? AND rev = 1", [finding])
    return "revision_chain", f"检查结果 {finding} 第 2 版", "缺少第 1 版"


def _alter_totals(ws, marks):
    inspection = _new_inspection(ws, marks)
    ws.db.execute("UPDATE inspections SET deduction_total = deduction_total + 3 WHERE id = ?", [inspection])
    return "score", f"检查 {inspection}", "按检查结果应为"


def _alter_old_totals(ws, marks):
    finding = _new_revision_2(ws, marks)  # a1's inspection, touched by a2's revision
    old = ws.db.execute("SELECT inspection_id FROM findings WHERE id = ?", [finding]).fetchone()[0]
    assert ws.db.execute("SELECT rowid FROM inspections WHERE id = ?", [old]).fetchone()[0] <= marks["inspections"]
    ws.db.execute("UPDATE inspections SET problem_count = problem_count + 5 WHERE id = ?", [old])
    return "score", f"检查 {old}", "按检查结果应为"


def _empty_finding(ws, marks):
    ws.db.execute(
        "INSERT INTO findings (id, inspection_id, item_code, created_at) VALUES ('f-empty', ?, 'NO-SUCH', 'now')",
        [_new_inspection(ws, marks)],
    )
    return "finding_empty", "检查结果 f-empty", "没有任何修订"


def _foreign_void(ws, marks):
    inspection = _new_inspection(ws, marks)
    ws.db.execute(
        "INSERT INTO inspection_voids (inspection_id, reason, voided_at, device_id, recorded_at)"
        " VALUES (?, '误录', 'now', 'another-device', 'now')",
        [inspection],
    )
    return "void", f"检查 {inspection}", "another-device"


@pytest.mark.parametrize(
    "damage",
    [_alter_hash, _break_chain, _drop_first, _alter_totals, _alter_old_totals, _empty_finding, _foreign_void],
    ids=lambda f: f.__name__.strip("_"),
)
def test_damage_in_rows_added_since_the_last_pass_stops_the_merge(kit, unvouched, monkeypatch, damage):
    office, marks = unvouched
    kind, where, message = damage(office, marks)
    reports = _spy_since(monkeypatch)
    with pytest.raises(StorageError, match="已损坏"):
        merge.merge_paths(office, [kit.bundles["b1"]])
    [report] = reports
    found = [f for f in report.flaws if f.kind == kind]
    assert len(found) == 1 and found[0].where.startswith(where) and message in found[0].message, report.flaws
    others = {f.kind for f in report.flaws} - {kind}
    assert others <= ({"revision_hash"} if damage is _break_chain else set())  # the parent hash is hashed too
    assert integrity.KINDS[kind] in (store_integrity.damage(office.path / workspace.DB_NAME) or "")
    assert checked_rows.stored(office.db.conn) == marks  # no pass recorded
    assert not office.db.execute("SELECT 1 FROM received_bundles WHERE device_id = ?", [kit.devices["B"]]).fetchone()


def test_sound_rows_added_since_the_last_pass_are_checked_once(kit, unvouched, monkeypatch):
    office, marks = unvouched
    reports = _spy_since(monkeypatch)
    merge.merge_paths(office, [kit.bundles["b1"]])
    new = office.db.execute("SELECT COUNT(*) FROM finding_revisions WHERE rowid > ?", [marks["finding_revisions"]])
    b1 = office.db.execute("SELECT COUNT(*) FROM finding_revisions WHERE device_id = ?", [kit.devices["B"]])
    assert [r.checked["revisions"] for r in reports] == [new.fetchone()[0] - b1.fetchone()[0]] != [0]
    assert checked_rows.stored(office.db.conn) == checked_rows.current(office.db.conn)  # checked, then vouched
    merge.merge_paths(office, [kit.bundles["b2"]])  # within 30 minutes of the pass: not again
    assert len(reports) == 1


def test_damage_to_rows_checked_before_is_left_to_the_weekly_check(kit, office, monkeypatch):
    monkeypatch.setattr(integrity, "_passed_at", {})
    merge.merge_paths(office, [kit.bundles["a1"]])
    finding = office.db.execute("SELECT finding_id FROM finding_revisions LIMIT 1").fetchone()[0]
    office.db.execute("UPDATE finding_revisions SET note = '改过' WHERE finding_id = ? AND rev = 1", [finding])
    monkeypatch.setattr(integrity, "_passed_at", {})
    merge.merge_paths(office, [kit.bundles["a2"]])  # its rows were vouched for: nothing re-hashed
    report = integrity.check_workspace(office, photos="skip")  # the weekly check reads every row
    assert report.counts == {"revision_hash": 1} and report.damaged


def test_when_rows_went_away_the_whole_database_is_checked(kit, office, monkeypatch):
    monkeypatch.setattr(integrity, "_passed_at", {})
    merge.merge_paths(office, [kit.bundles["a1"]])
    beyond = {**checked_rows.current(office.db.conn)}
    beyond["inspections"] += 1  # as if the newest inspection had been deleted: its rowid may come again
    _set_marks(office, beyond)
    assert checked_rows.usable(office.db.conn) is None
    monkeypatch.setattr(integrity, "_passed_at", {})
    calls = []
    real = integrity.check_workspace
    monkeypatch.setattr(integrity, "check_workspace", lambda *a, **k: calls.append(k) or real(*a, **k))
    merge.merge_paths(office, [kit.bundles["a2"]])
    assert calls == [{"photos": "skip", "record": False, "derived": False}]


def test_a_merge_vouches_for_the_rows_it_verified(kit, office, monkeypatch):
    monkeypatch.setattr(integrity, "_passed_at", {})
    conn = office.db.conn
    merge.merge_paths(office, [kit.bundles["a1"]])  # never checked: the whole database first
    assert checked_rows.stored(conn) == checked_rows.current(conn)
    monkeypatch.setattr(integrity, "_passed_at", {})  # the next session
    reports = _spy_since(monkeypatch)
    [verdict] = merge.merge_paths(office, [kit.bundles["a2"]])
    assert verdict.verdict == "imported"
    assert [r.checked for r in reports] == [{"revisions": 0, "inspections": 0}]  # a1's rows were vouched for
    assert checked_rows.stored(conn) == checked_rows.current(conn)


def test_a_merge_does_not_vouch_past_rows_nobody_checked(kit, office, monkeypatch):
    monkeypatch.setattr(integrity, "_passed_at", {})
    conn = office.db.conn
    _checked(office, monkeypatch)
    empty = checked_rows.current(conn)
    merge.merge_paths(office, [kit.bundles["a1"]])
    _set_marks(office, empty)  # as if a1's rows had arrived some other way
    merge.merge_paths(office, [kit.bundles["a2"]])  # within 30 minutes of the last pass: no check
    assert checked_rows.stored(conn) == empty
    monkeypatch.setattr(integrity, "_passed_at", {})
    reports = _spy_since(monkeypatch)
    merge.merge_paths(office, [kit.bundles["b1"]])
    a_revisions = conn.execute(
        "SELECT COUNT(*) FROM finding_revisions WHERE device_id = ?", [kit.devices["A"]]
    ).fetchone()[0]
    assert [r.checked["revisions"] for r in reports] == [a_revisions]  # everything since the marks, once
    assert checked_rows.stored(conn) == checked_rows.current(conn)


def test_damaged_pages_found_by_the_backup_before_a_merge_stop_it(kit, tmp_path, monkeypatch):
    monkeypatch.setattr(integrity, "_passed_at", {})
    monkeypatch.setattr(integrity, "_pages_at", {})
    with kit.office_copy(tmp_path / "office") as office:
        merge.merge_paths(office, [kit.bundles["a1"]])
        path = office.path
    for old in backup.list_backups(path / workspace.DB_NAME):
        old.path.unlink()  # the next merge takes its backup
    _corrupt_index(path / workspace.DB_NAME)
    monkeypatch.setattr(integrity, "_passed_at", {})
    with workspace.open_workspace(path, daily_backup=False) as office:
        reports = _spy_since(monkeypatch)
        with pytest.raises(StorageError, match="已损坏"):
            merge.merge_paths(office, [kit.bundles["a2"]])
        assert [r.ok for r in reports] == [True]  # the rows since were sound: the backup's copy was not
        assert office.db.execute("SELECT COUNT(*) FROM received_bundles").fetchone()[0] == 1  # a2 not merged
    assert store_integrity.damage(path / workspace.DB_NAME)
    with pytest.raises(StorageError, match="已损坏"):
        workspace.open_workspace(path)


def test_without_a_new_backup_the_pages_get_a_quick_check_before_a_merge(kit, tmp_path, monkeypatch):
    monkeypatch.setattr(integrity, "_passed_at", {})
    monkeypatch.setattr(integrity, "_pages_at", {})
    with kit.office_copy(tmp_path / "office") as office:
        merge.merge_paths(office, [kit.bundles["a1"]])  # its backup is less than 30 minutes old from here on
        path = office.path
    _corrupt_index(path / workspace.DB_NAME)
    monkeypatch.setattr(integrity, "_passed_at", {})  # another process (the command line, the app again)
    monkeypatch.setattr(integrity, "_pages_at", {})
    quick = []
    real = store_integrity.quick_check
    monkeypatch.setattr(store_integrity, "quick_check", lambda conn, **k: quick.append(1) or real(conn, **k))
    with workspace.open_workspace(path, daily_backup=False) as office:
        with pytest.raises(StorageError, match="已损坏"):
            merge.merge_paths(office, [kit.bundles["a2"]])
        assert quick == [1]
        assert len(backup.list_backups(path / workspace.DB_NAME)) == 1  # no second backup was taken
        assert office.db.execute("SELECT COUNT(*) FROM received_bundles").fetchone()[0] == 1
    assert "quick_check" in (store_integrity.damage(path / workspace.DB_NAME) or "")


def test_a_sound_office_gets_no_quick_check_when_its_pages_were_seen_lately(kit, office, monkeypatch):
    monkeypatch.setattr(integrity, "_passed_at", {})
    monkeypatch.setattr(integrity, "_pages_at", {})
    merge.merge_paths(office, [kit.bundles["a1"]])  # the backup saw every page
    monkeypatch.setattr(integrity, "_passed_at", {})
    quick = []
    monkeypatch.setattr(store_integrity, "quick_check", lambda conn, **k: quick.append(1) or [])
    merge.merge_paths(office, [kit.bundles["a2"]])
    assert quick == []


@pytest.mark.parametrize("table", ["inspection_voids", "findings"])
def test_an_unreadable_table_is_reported_as_damage_not_raised(kit, tmp_path, monkeypatch, table):
    monkeypatch.setattr(integrity, "_passed_at", {})
    with kit.office_copy(tmp_path / "office") as office:
        merge.merge_paths(office, [kit.bundles["a1"]])
        path = office.path
    _corrupt_index(path / workspace.DB_NAME, table)
    monkeypatch.setattr(integrity, "_passed_at", {})
    with workspace.open_workspace(path, daily_backup=False) as office, pytest.raises(StorageError, match="已损坏"):
        merge.merge_paths(office, [kit.bundles["a2"]])
    assert store_integrity.damage(path / workspace.DB_NAME)
    with workspace.open_workspace(path, daily_backup=False, damaged_ok=True) as office:
        report = integrity.check_workspace(office, photos="skip")
    assert report.counts.get("database", 0) >= 1 and report.damaged
