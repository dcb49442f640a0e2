"""Exporting bundles on the laptop: incremental, self-contained, signed; a failed export changes nothing."""

import errno
import json
import shutil
import sqlite3

import pytest

from inspector import inspections, keys, workspace
from inspector.bundle import envelope, export
from inspector.bundle import manifest as bm
from inspector.bundle.payload import open_payload
from inspector.errors import StateError
from inspector.keys import PassphraseError
from tests.test_bundle_kit import FIELD_PASS, START, inspect, kit_fixture, split  # noqa: F401


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
    from inspector.evidence import EvidenceError, photo_path

    photo_path(ws.evidence_dir, sha).write_bytes(b"not the photo")
    with pytest.raises(EvidenceError, match="改动"):
        export.export_bundle(ws, tmp_path, FIELD_PASS)
    assert len(export.list_exports(ws.db)) == 4
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
