"""Exporting bundles on the laptop: incremental, self-contained, signed; a failed export changes nothing."""

import errno
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from inspector import envelope, workspace
from inspector.cli import main as cli_main
from inspector.errors import StateError
from inspector.exchange import keys, merge, registry
from inspector.exchange.bundle import export
from inspector.exchange.bundle import manifest as bm
from inspector.exchange.bundle.payload import open_payload
from inspector.exchange.keys import PassphraseError
from inspector.field import inspections
from inspector.store import transaction
from inspector.workspace import ledger, leftovers
from tests.exchange.test_bundle_kit import FIELD_PASS, START, inspect, kit_fixture, split  # noqa: F401


def payload_db(path, tmp_path):
    doc, signature, payload = split(path.read_bytes())
    (tmp_path / "p.sqlite").write_bytes(payload)
    return doc, signature, open_payload(tmp_path / "p.sqlite", bm.SCHEMA).conn


def test_envelope_is_exact_and_signed_over_domain_and_manifest(kit, tmp_path):
    data = kit.bundles["a1"].read_bytes()
    magic, version, length = envelope.HEADER.unpack(data[: envelope.HEADER.size])
    assert (magic, version) == (b"CWDCBNDL", 1) and length <= 64 * 1024
    doc, signature, conn = payload_db(kit.bundles["a1"], tmp_path)
    body = data[envelope.HEADER.size : envelope.HEADER.size + length]
    assert envelope.canonical_json(doc) == body and len(signature) == 64
    assert keys.verify_signature(kit.signers["A"].info.public_key, keys.DOMAIN_BUNDLE, body, signature)
    assert doc["seq"] == 1 and doc["prev_manifest_sha256"] is None and doc["device_id"] == kit.devices["A"]
    payload = data[envelope.HEADER.size + length + 64 :]
    assert payload[:16] == b"SQLite format 3\x00" and payload[18:20] == b"\x01\x01"
    assert doc["payload"]["size"] == len(payload)
    kinds = {row[0] for row in conn.execute("SELECT type FROM sqlite_schema")}
    assert kinds == {"table", "index"}  # indexes: only the primary keys' own
    assert all(
        name.startswith("sqlite_autoindex")
        for (name,) in conn.execute("SELECT name FROM sqlite_schema WHERE type = 'index'")
    )


def test_exports_are_incremental_chained_and_carry_whole_revision_chains(kit, tmp_path):
    docs = {name: split(kit.bundles[name].read_bytes())[0] for name in ("a1", "a2", "a3")}
    assert [d["seq"] for d in docs.values()] == [1, 2, 3]
    assert (
        docs["a2"]["prev_manifest_sha256"]
        == __import__("hashlib").sha256(envelope.canonical_json(docs["a1"])).hexdigest()
    )
    assert docs["a1"]["counts"]["inspections"] == 2 and docs["a1"]["counts"]["sites"] == 2
    _, _, conn = payload_db(kit.bundles["a2"], tmp_path)
    chains = conn.execute("SELECT finding_id, COUNT(*), MAX(rev) FROM finding_revisions GROUP BY finding_id").fetchall()
    assert any(n == 2 for _, n, _ in chains) and all(n == top for _, n, top in chains)
    assert conn.execute("SELECT COUNT(*) FROM inspections").fetchone()[0] == 2  # the edited one and the new one
    field_sites = conn.execute("SELECT COUNT(*) FROM sites WHERE origin = 'field'").fetchone()[0]
    assert field_sites == 0
    conn.close()
    (tmp_path / "p.sqlite").unlink()
    _, _, conn = payload_db(kit.bundles["a3"], tmp_path)
    assert conn.execute("SELECT status FROM inspections").fetchall() == [("finished",)]
    assert conn.execute("SELECT origin FROM sites").fetchall() == [("field",)]


def laptop_copy(kit, tmp_path):
    shutil.copytree(kit.laptops["A"], tmp_path / "laptop")
    return workspace.open_workspace(tmp_path / "laptop")


def test_failed_export_changes_nothing_and_can_be_repeated(kit, tmp_path, monkeypatch):
    ws = laptop_copy(kit, tmp_path)
    inspect(ws, site_code="YX-005", when=START.replace(day=25), seed=11)
    before = (export.list_exports(ws.db), export.unexported_count(ws.db))
    seq = len(before[0]) + 1
    out = tmp_path / "usb"
    out.mkdir()
    with pytest.raises(PassphraseError):
        export.export_bundle(ws, out, "not the passphrase")

    def full_disk(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(export, "write_temp", full_disk)
    with pytest.raises(export.ExportError, match="未做任何改动"):
        export.export_bundle(ws, out, FIELD_PASS)
    monkeypatch.undo()
    real_replace = envelope.os.replace

    def broken_rename(src, dst):
        raise OSError(errno.EIO, "I/O error")

    monkeypatch.setattr(envelope.os, "replace", broken_rename)
    with pytest.raises(export.ExportError):
        export.export_bundle(ws, out, FIELD_PASS)
    monkeypatch.setattr(envelope.os, "replace", real_replace)
    assert (export.list_exports(ws.db), export.unexported_count(ws.db)) == before
    assert list(out.iterdir()) == [] and not list(ws.path.glob(".export-*"))
    result = export.export_bundle(ws, out, FIELD_PASS)
    assert result.seq == seq and export.unexported_count(ws.db) == {"revisions": 0, "findings": 0, "inspections": 0}
    assert [p.name for p in out.iterdir()] == [f"I-001-{ws.device_id[-8:]}-{seq:05d}.ibundle"]
    with pytest.raises(StateError, match="--all"):
        export.export_bundle(ws, out, FIELD_PASS)
    with pytest.raises(export.ExportError, match="已经存在"):
        export.export_bundle(ws, out / result.path.split("/")[-1], FIELD_PASS, full=True)
    full = export.export_bundle(ws, out, FIELD_PASS, full=True)
    assert full.seq == seq + 1 and full.counts["inspections"] == 4 and full.full
    ws.close()


def test_missing_or_altered_photo_stops_the_export_cleanly(kit, tmp_path):
    ws = laptop_copy(kit, tmp_path)
    found = inspect(ws, site_code="YX-006", when=START.replace(day=26), seed=12)
    sha = inspections.current_findings(ws.db, found.id)[0].photos[0]
    from inspector.field.evidence import EvidenceError, photo_path

    photo_path(ws.evidence_dir, sha).write_bytes(b"not the photo")
    with pytest.raises(EvidenceError, match="改动"):
        export.export_bundle(ws, tmp_path, FIELD_PASS)
    assert len(export.list_exports(ws.db)) == 4
    ws.close()


def test_a_laptop_that_pinned_no_office_key_cannot_export_and_a_bundle_names_the_pinned_office(kit, tmp_path):
    ws = laptop_copy(kit, tmp_path)
    office_key = registry.pinned_office_key(ws.db).key_id
    doc, _, conn = payload_db(kit.bundles["a1"], tmp_path)
    conn.close()
    assert doc["format_version"] == bm.FORMAT_VERSION == 2 and doc["office_key_id"] == office_key
    inspect(ws, site_code="YX-005", when=START.replace(day=25), seed=13)
    ws.db.execute("DELETE FROM office_trust")
    before = (export.list_exports(ws.db), export.unexported_count(ws.db))
    out = tmp_path / "usb"
    out.mkdir()
    with pytest.raises(StateError, match=r"还没有导入督查科的信任文件.*office trust import"):
        export.export_bundle(ws, out, FIELD_PASS)
    assert (export.list_exports(ws.db), export.unexported_count(ws.db)) == before and list(out.iterdir()) == []
    ws.close()


def test_office_cannot_export(kit, tmp_path):
    shutil.copytree(kit.office, tmp_path / "o")
    with workspace.open_workspace(tmp_path / "o") as ws, pytest.raises(workspace.WorkspaceError):
        export.export_bundle(ws, tmp_path, "whatever passphrase")


def test_unexported_count_follows_edits_and_finishing(kit, tmp_path):
    ws = laptop_copy(kit, tmp_path)
    assert export.unexported_count(ws.db) == {"revisions": 0, "findings": 0, "inspections": 0}
    found = inspect(ws, site_code="YX-007", when=START.replace(day=27), seed=13, finish=False)
    pending = export.unexported_count(ws.db)
    assert pending["inspections"] == 1 and pending["revisions"] == pending["findings"] > 0
    export.export_bundle(ws, tmp_path, FIELD_PASS)
    inspections.finish_inspection(ws.db, found.id)
    assert export.unexported_count(ws.db) == {"revisions": 0, "findings": 0, "inspections": 1}
    history = export.list_exports(ws.db)
    assert history[0]["seq"] == 5 and json.dumps(history)
    sqlite3.connect(ws.path / "workspace.db").close()
    ws.close()


NOTHING_EXPORTED = {"revisions": 0, "findings": 0, "inspections": 0}


def test_next_export_carries_exactly_the_unexported_revisions_after_rowids_are_renumbered(kit, tmp_path):
    ws = laptop_copy(kit, tmp_path)
    _, _, through = ledger.last_export(ws.db)
    inspect(ws, site_code="YX-010", when=START.replace(day=28), seed=31)
    exported = inspections.current_findings(ws.db, ws.db.execute("SELECT MIN(id) FROM inspections").fetchone()[0])[0]
    inspections.record_finding(
        ws.db, exported.inspection_id, exported.item_code, outcome="fail", count=4, note="复查", reason="复查"
    )
    unexported = set(ws.db.execute("SELECT finding_id, rev FROM finding_revisions WHERE local_seq > ?", [through]))
    assert (exported.finding_id, exported.rev + 1) in unexported
    # Store the rows in another physical order, as a dump and restore or a table rebuild may, then VACUUM.
    with transaction(ws.db) as conn:
        conn.execute("CREATE TEMP TABLE keep AS SELECT * FROM finding_revisions")
        conn.execute("DELETE FROM finding_revisions")
        conn.execute("INSERT INTO finding_revisions SELECT * FROM temp.keep ORDER BY local_seq DESC")
        conn.execute("DROP TABLE temp.keep")
    ws.db.execute("VACUUM")
    by_rowid = set(ws.db.execute("SELECT finding_id, rev FROM finding_revisions WHERE rowid > ?", [through]))
    assert by_rowid != unexported  # counting in rowids would now export the wrong revisions
    assert export.unexported_count(ws.db)["revisions"] == len(unexported)
    result = export.export_bundle(ws, tmp_path / "next.ibundle", FIELD_PASS)
    doc, _, conn = payload_db(Path(result.path), tmp_path)
    carried = set(conn.execute("SELECT finding_id, rev FROM finding_revisions"))
    conn.close()
    touched = sorted({finding for finding, _ in unexported})
    chains = set(
        ws.db.execute(
            "SELECT finding_id, rev FROM finding_revisions WHERE finding_id IN (SELECT value FROM json_each(?))",
            [json.dumps(touched)],
        )
    )
    assert carried == chains and unexported <= carried  # whole chains of exactly the findings with new revisions
    newest = ws.db.execute("SELECT MAX(local_seq) FROM finding_revisions").fetchone()[0]
    assert doc["revisions"] == {"after": through, "through": newest}
    assert export.unexported_count(ws.db) == NOTHING_EXPORTED
    ws.close()


def test_full_or_read_only_stick_leaves_no_partial_file_and_says_what_to_do(
    kit, tmp_path, mount_tmpfs, monkeypatch, capsys
):
    ws = laptop_copy(kit, tmp_path)
    inspect(ws, site_code="YX-011", when=START.replace(day=28), seed=32)
    before = (export.list_exports(ws.db), export.unexported_count(ws.db))
    small = mount_tmpfs("size=32k")
    with pytest.raises(export.ExportError, match="空间不足") as full:
        export.export_bundle(ws, small, FIELD_PASS)
    assert "请清理 U 盘或换一个空间足够的文件夹" in str(full.value) and "未做任何改动" in str(full.value)
    assert list(small.iterdir()) == []
    read_only = mount_tmpfs("ro,size=1m")
    with pytest.raises(export.ExportError, match="只读或没有写入权限") as refused:
        export.export_bundle(ws, read_only, FIELD_PASS)
    assert "写保护" in str(refused.value)
    assert (export.list_exports(ws.db), export.unexported_count(ws.db)) == before
    assert not ledger.has_temps(ws.db) and not list(ws.path.glob(".export-*"))
    ws.close()
    monkeypatch.setenv("INSPECTOR_PASSPHRASE", FIELD_PASS)
    capsys.readouterr()
    assert cli_main(["--workspace", str(ws.path), "bundle", "export", "--out", str(small)]) == 1
    said = capsys.readouterr()
    assert "错误：" in said.err and "空间不足" in said.err and "Traceback" not in said.err + said.out
    assert list(small.iterdir()) == []
    roomy = mount_tmpfs("size=4m")
    assert cli_main(["--workspace", str(ws.path), "bundle", "export", "--out", str(roomy)]) == 0
    with workspace.open_workspace(ws.path) as again:
        assert [p.name for p in roomy.iterdir()] == [export.list_exports(again.db)[0]["file_name"]]
        assert export.list_exports(again.db)[0]["seq"] == len(before[0]) + 1


def test_one_export_at_a_time(kit, tmp_path):
    ws = laptop_copy(kit, tmp_path)
    inspect(ws, site_code="YX-012", when=START.replace(day=28), seed=33)
    other = leftovers.FileLock(ws.path / leftovers.EXPORT_LOCK)  # as another window or the CLI exporting now
    assert other.acquire()
    try:
        with pytest.raises(export.ExportError, match="另一个导出正在进行"):
            export.export_bundle(ws, tmp_path, FIELD_PASS)
    finally:
        other.release()
    assert export.export_bundle(ws, tmp_path, FIELD_PASS).seq == 5
    ws.close()


class Killed(BaseException):
    """Stands for the process dying at a step (the kill -9 test is in test_crash.py)."""


def test_export_recorded_but_not_renamed_waits_for_its_stick_and_a_full_export_goes_past_it(kit, tmp_path, monkeypatch):
    ws = laptop_copy(kit, tmp_path)
    inspect(ws, site_code="YX-013", when=START.replace(day=28), seed=34)
    usb, elsewhere, share = tmp_path / "usb", tmp_path / "usb-taken-out", tmp_path / "share"
    usb.mkdir()
    share.mkdir()

    def die_after_recording(step):
        if step == "recorded":
            raise Killed

    monkeypatch.setattr(export, "reached", die_after_recording)
    with pytest.raises(Killed):
        export.export_bundle(ws, usb, FIELD_PASS)
    monkeypatch.undo()
    ws.close()
    usb.rename(elsewhere)  # the stick is out when the laptop starts again
    ws = workspace.open_workspace(ws.path)
    assert [(e["seq"], e["pending"]) for e in export.list_exports(ws.db)][:2] == [(5, True), (4, False)]
    inspect(ws, site_code="YX-014", when=START.replace(day=29), seed=35)
    with pytest.raises(export.ExportError, match="第 5 号数据包已经记录，但还没有写完") as waiting:
        export.export_bundle(ws, share, FIELD_PASS)
    assert str(usb) in str(waiting.value) and "--all" in str(waiting.value)
    assert list(share.iterdir()) == []
    everything = export.export_bundle(ws, share, FIELD_PASS, full=True)
    assert everything.seq == 6
    inspect(ws, site_code="YX-015", when=START.replace(day=30), seed=36)
    assert export.export_bundle(ws, share, FIELD_PASS).seq == 7
    ws.close()
    elsewhere.rename(usb)
    ws = workspace.open_workspace(ws.path)
    assert [e["pending"] for e in export.list_exports(ws.db)] == [False] * 7
    assert [envelope.manifest_sha256_of(p) for p in usb.iterdir()] == [export.list_exports(ws.db)[2]["manifest_sha256"]]
    ws.close()
    with kit.office_copy(tmp_path / "office") as office:
        files = [kit.bundles[n] for n in ("a1", "a2", "a3", "a4")] + sorted(usb.iterdir()) + sorted(share.iterdir())
        verdicts = merge.merge_paths(office, files)
        assert [v.verdict for v in verdicts] == ["imported"] * 7, [v.reason for v in verdicts]


def test_after_restoring_an_older_backup_the_next_bundle_goes_on_from_the_newest(kit, tmp_path):
    from inspector.store import backup

    ws = laptop_copy(kit, tmp_path)
    db_path = ws.path / workspace.DB_NAME
    saved = backup.make_backup(db_path, "manual")  # before the export below
    (tmp_path / "usb").mkdir()
    inspect(ws, site_code="YX-005", when=START.replace(day=25), seed=11)
    newest = export.export_bundle(ws, tmp_path / "usb", FIELD_PASS)
    ws.close()
    backup.restore(db_path, saved.path)  # the laptop's database forgets that export; the office has it
    ws = workspace.open_workspace(tmp_path / "laptop")
    assert export.list_exports(ws.db)[0]["seq"] == newest.seq - 1
    inspect(ws, site_code="YX-006", when=START.replace(day=26), seed=12)
    after = export.export_bundle(ws, tmp_path / "usb", FIELD_PASS)
    manifest, _, _ = split(Path(after.path).read_bytes())
    assert after.seq == newest.seq + 1 and manifest["prev_manifest_sha256"] == newest.manifest_sha256
    ws.close()
    with kit.office_copy(tmp_path / "office") as office:
        earlier = sorted(kit.bundles[name] for name in kit.bundles if name.startswith("a"))
        verdicts = merge.merge_paths(office, [*earlier, newest.path, after.path])
    assert {v.verdict for v in verdicts} == {"imported"}  # no number twice, no forked chain: nothing quarantined
