"""Every row of the reference's adversarial table, against the real export, verification and merge code."""

import hashlib
import json
import os
import shutil
import sqlite3
import tracemalloc

import pytest

from inspector.envelope import HEADER
from inspector.exchange import keys, merge, registry
from inspector.exchange.bundle import verify
from inspector.exchange.bundle.digest import workspace_digest
from inspector.field import inspections
from tests.exchange.test_bundle_kit import (  # noqa: F401
    FIELD_PASS,
    OFFICE_PASS,
    forge,
    kit_fixture,
    office_fixture,
    page_size,
    set_wal,
    split,
)


def outcome(ws, path):
    v = merge.merge_bundle(ws, path)
    return v.verdict, v.code


def stored(ws):
    return ws.db.execute("SELECT verdict, code, file_sha256, reason FROM bundle_verdicts ORDER BY id").fetchall()


def test_valid_bundle_is_imported_and_the_same_bundle_twice_changes_nothing(kit, office):
    assert outcome(office, kit.bundles["a1"]) == ("imported", "ok")
    digest = workspace_digest(office.db)
    assert digest["counts"]["inspections"] == 2 and digest["counts"]["photos"] == 5
    assert outcome(office, kit.bundles["a1"]) == ("duplicate", "duplicate")
    assert workspace_digest(office.db) == digest
    sha = hashlib.sha256(kit.bundles["a1"].read_bytes()).hexdigest()
    assert [(v, s) for v, _, s, _ in stored(office)] == [("imported", sha), ("duplicate", sha)]
    for (photos,) in office.db.execute("SELECT photos FROM finding_revisions WHERE photos != '[]'"):
        for sha in json.loads(photos):
            from inspector.field.evidence import read_photo

            read_photo(office.evidence_dir, sha)


def test_one_payload_byte_flipped_is_rejected_by_the_payload_hash(kit, office, tmp_path):
    data = bytearray(kit.bundles["a1"].read_bytes())
    data[-5000] ^= 0x01
    (tmp_path / "x.ibundle").write_bytes(bytes(data))
    assert outcome(office, tmp_path / "x.ibundle") == ("rejected", "payload_hash")
    assert stored(office)[0][2] == hashlib.sha256(bytes(data)).hexdigest()


def test_manifest_field_edited_is_rejected_by_the_signature(kit, office, tmp_path):
    data = kit.bundles["a2"].read_bytes()
    manifest = data[HEADER.size : HEADER.size + HEADER.unpack(data[: HEADER.size])[2]]
    edited = manifest.replace(b'"seq":2', b'"seq":7')
    assert edited != manifest
    (tmp_path / "x.ibundle").write_bytes(data.replace(manifest, edited))
    assert outcome(office, tmp_path / "x.ibundle") == ("rejected", "signature")


def test_unregistered_key_and_rogue_key_claiming_a_registered_id(kit, office, tmp_path):
    assert outcome(office, kit.bundles["r1"]) == ("rejected", "unregistered")
    a_key = split(kit.bundles["a1"].read_bytes())[0]["key_id"]

    def claim(doc):
        doc["key_id"], doc["device_id"] = a_key, kit.devices["A"]

    rogue = forge(kit, "r1", tmp_path / "rogue.ibundle", manifest=claim, signer="R")
    assert outcome(office, rogue) == ("rejected", "signature")


def test_same_seq_with_different_content_is_quarantined_and_kept(kit, office, tmp_path):
    assert outcome(office, kit.bundles["a1"])[0] == "imported"
    before = workspace_digest(office.db)
    other = forge(kit, "a1", tmp_path / "other.ibundle", sql=lambda c: c.execute("VACUUM"))
    v = merge.merge_bundle(office, other)
    assert (v.verdict, v.code) == ("quarantined", "equivocation") and "密钥" in v.reason
    assert workspace_digest(office.db) == before
    kept = office.path / "quarantine" / f"{hashlib.sha256(other.read_bytes()).hexdigest()}.ibundle"
    assert kept.read_bytes() == other.read_bytes()


@pytest.mark.parametrize(
    "sql",
    [
        "CREATE TRIGGER t AFTER INSERT ON sites BEGIN DELETE FROM sites; END",
        "CREATE VIEW v AS SELECT * FROM sites",
        "CREATE TABLE extra (x)",
        "CREATE INDEX i ON findings(item_code)",
        "ALTER TABLE sites ADD COLUMN extra TEXT",
    ],
)
def test_payload_with_trigger_view_extra_table_or_index_is_rejected_by_schema(kit, office, tmp_path, sql):
    bad = forge(kit, "a1", tmp_path / "bad.ibundle", sql=lambda c: c.execute(sql), seq=40)
    assert outcome(office, bad) == ("rejected", "schema")


def test_wal_header_is_rejected(kit, office, tmp_path):
    bad = forge(kit, "a1", tmp_path / "wal.ibundle", raw=set_wal, seq=41)
    assert outcome(office, bad) == ("rejected", "wal")


def test_oversized_blob_is_rejected_without_reading_it(kit, office, tmp_path):
    def grow(conn):
        conn.execute(
            "UPDATE photos SET data = zeroblob(33 * 1024 * 1024) WHERE rowid = (SELECT MIN(rowid) FROM photos)"
        )

    big = forge(kit, "a1", tmp_path / "big.ibundle", sql=grow, seq=42)
    tracemalloc.start()
    try:
        assert outcome(office, big) == ("rejected", "too_big")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * 1024 * 1024
    long_note = forge(
        kit,
        "a1",
        tmp_path / "note.ibundle",
        seq=43,
        sql=lambda c: c.execute("UPDATE finding_revisions SET note = ?", ["长" * 2_000_000]),
    )
    assert outcome(office, long_note) == ("rejected", "too_big")


def test_corrupted_page_is_rejected_by_quick_check(kit, office, tmp_path):
    def corrupt(payload: bytes) -> bytes:
        conn = sqlite3.connect(":memory:")
        conn.deserialize(payload)
        root = conn.execute("SELECT rootpage FROM sqlite_schema WHERE name = 'finding_revisions'").fetchone()[0]
        conn.close()
        size = page_size(payload)
        start = (root - 1) * size
        page = bytearray(payload[start : start + size])
        page[8:40] = b"\xff" * 32  # cell pointers of the table's root page point outside the page
        return payload[:start] + bytes(page) + payload[start + size :]

    bad = forge(kit, "a1", tmp_path / "corrupt.ibundle", raw=corrupt, seq=44)
    assert outcome(office, bad) == ("rejected", "corrupt")


def test_not_sqlite_truncated_and_empty_files_are_rejected(kit, office, tmp_path):
    junk = forge(kit, "a1", tmp_path / "junk.ibundle", raw=lambda p: os.urandom(len(p)), seq=45)
    assert outcome(office, junk) == ("rejected", "not_sqlite")
    half = forge(kit, "a1", tmp_path / "half.ibundle", raw=lambda p: p[: len(p) // 2], seq=46)
    assert outcome(office, half) == ("rejected", "not_sqlite")
    data = kit.bundles["a1"].read_bytes()
    (tmp_path / "cut.ibundle").write_bytes(data[: len(data) // 2])
    assert outcome(office, tmp_path / "cut.ibundle") == ("rejected", "payload_hash")
    (tmp_path / "head.ibundle").write_bytes(data[:100])
    assert outcome(office, tmp_path / "head.ibundle") == ("rejected", "truncated")
    (tmp_path / "empty.ibundle").write_bytes(b"")
    assert outcome(office, tmp_path / "empty.ibundle") == ("rejected", "empty")
    (tmp_path / "plain.ibundle").write_bytes(split(data)[2])
    assert outcome(office, tmp_path / "plain.ibundle") == ("rejected", "not_bundle")
    (tmp_path / "text.ibundle").write_text("你好", encoding="utf-8")
    assert outcome(office, tmp_path / "text.ibundle") == ("rejected", "not_bundle")
    assert outcome(office, tmp_path / "missing.ibundle") == ("rejected", "unreadable")
    assert len(stored(office)) == 8 and workspace_digest(office.db)["counts"]["findings"] == 0


def test_revoked_key_after_the_cutoff_rejected_before_it_imported(kit, office):
    registry.revoke(office.db, kit.devices["A"], 1)
    assert outcome(office, kit.bundles["a2"]) == ("rejected", "revoked")
    assert outcome(office, kit.bundles["a1"]) == ("imported", "ok")
    assert outcome(office, kit.bundles["b1"]) == ("imported", "ok")


def test_a_laptop_registered_at_two_offices_has_its_bundles_accepted_only_by_the_office_it_names(kit, office, tmp_path):
    other = kit.other_office_copy(tmp_path / "other")
    laptop = kit.laptop_copy("A", tmp_path / "a")
    registry.export_registration(laptop, FIELD_PASS, tmp_path / "a.json")
    registry.register_device(other, tmp_path / "a.json", OFFICE_PASS, trust_out=tmp_path / "a.trust.json")
    laptop.close()
    verdict = merge.merge_bundle(other, kit.bundles["a1"])  # A pinned the first office's key, and says so
    assert (verdict.verdict, verdict.code) == ("rejected", "other_office") and "另一个办公室" in verdict.reason
    assert verdict.reason.count(keys.key_info(office.db).key_id[:12]) == 1
    assert outcome(office, kit.bundles["a1"]) == ("imported", "ok")
    other_key = keys.key_info(other.db).key_id
    forged = forge(kit, "b1", tmp_path / "b1.ibundle", manifest=lambda m: m.update(office_key_id=other_key))
    assert outcome(office, forged) == ("rejected", "other_office")
    other.close()


def test_a_bundle_of_the_format_before_office_names_is_refused_with_what_to_do(kit, office, tmp_path):
    def old_format(manifest):
        manifest["format_version"] = 1
        del manifest["office_key_id"]

    verdict = merge.merge_bundle(office, forge(kit, "a1", tmp_path / "old.ibundle", manifest=old_format))
    assert (verdict.verdict, verdict.code) == ("rejected", "old_format")
    assert "升级" in verdict.reason and "--all" in verdict.reason
    newer = forge(kit, "a1", tmp_path / "new.ibundle", manifest=lambda m: m.update(format_version=3))
    assert outcome(office, newer) == ("rejected", "bad_manifest")


def test_revision_or_inspection_of_another_device_is_rejected(kit, office, tmp_path):
    revision = forge(
        kit,
        "a1",
        tmp_path / "rev.ibundle",
        seq=47,
        sql=lambda c: c.execute("UPDATE finding_revisions SET device_id = 'other-laptop' WHERE rev = 1 AND rowid = 1"),
    )
    assert outcome(office, revision) == ("rejected", "foreign_device")
    inspection = forge(
        kit,
        "a1",
        tmp_path / "insp.ibundle",
        seq=48,
        sql=lambda c: c.execute("UPDATE inspections SET device_id = 'other-laptop'"),
    )
    assert outcome(office, inspection) == ("rejected", "foreign_device")
    assert outcome(office, kit.bundles["b1"])[0] == "imported"
    b_as_a = forge(
        kit,
        "b1",
        tmp_path / "b-as-a.ibundle",
        signer="A",
        seq=49,
        manifest=lambda d: d.update(
            device_id=kit.devices["A"], key_id=split(kit.bundles["a1"].read_bytes())[0]["key_id"]
        ),
    )
    assert outcome(office, b_as_a) == ("rejected", "foreign_device")


def test_revision_whose_parent_hash_does_not_link_is_rejected(kit, office, tmp_path):
    def unlink(conn):
        cols = [r[1] for r in conn.execute("PRAGMA table_info(finding_revisions)")]
        row = dict(zip(cols, conn.execute("SELECT * FROM finding_revisions WHERE rev = 2").fetchone(), strict=True))
        item, insp = conn.execute(
            "SELECT item_code, inspection_id FROM findings WHERE id = ?", [row["finding_id"]]
        ).fetchone()
        body = {k: row[k] for k in cols if k != "content_hash"} | {"item_code": item, "inspection_id": insp}
        body["photos"] = json.loads(body["photos"])
        body["parent_hash"] = "0" * 64
        conn.execute(
            "UPDATE finding_revisions SET parent_hash = ?, content_hash = ? WHERE rev = 2",
            [body["parent_hash"], inspections.content_hash(body)],
        )

    bad = forge(kit, "a2", tmp_path / "chain.ibundle", sql=unlink, seq=50)
    assert outcome(office, bad) == ("rejected", "chain")
    dropped = forge(
        kit,
        "a2",
        tmp_path / "drop.ibundle",
        sql=lambda c: c.execute(
            "DELETE FROM finding_revisions WHERE rev = 1"
            " AND finding_id IN (SELECT finding_id FROM finding_revisions WHERE rev = 2)"
        ),
        seq=51,
        recount=True,
    )
    assert outcome(office, dropped) == ("rejected", "chain")
    edited = forge(
        kit,
        "a2",
        tmp_path / "edit.ibundle",
        sql=lambda c: c.execute("UPDATE finding_revisions SET count = 9 WHERE rev = 2"),
        seq=52,
    )
    assert outcome(office, edited) == ("rejected", "content_hash")


def test_photo_whose_bytes_do_not_match_its_hash_is_rejected(kit, office, tmp_path):
    flipped = forge(
        kit,
        "a1",
        tmp_path / "flip.ibundle",
        seq=53,
        sql=lambda c: c.execute("UPDATE photos SET data = zeroblob(size) WHERE rowid = 1"),
    )
    assert outcome(office, flipped) == ("rejected", "photo_hash")
    missing = forge(
        kit,
        "a1",
        tmp_path / "missing.ibundle",
        seq=54,
        recount=True,
        sql=lambda c: c.execute("DELETE FROM photos WHERE rowid = 1"),
    )
    assert outcome(office, missing) == ("rejected", "photo_missing")
    assert not list(office.evidence_dir.rglob("*.jpg"))


def test_counts_and_non_canonical_manifests_are_rejected(kit, office, tmp_path):
    wrong = forge(kit, "a1", tmp_path / "count.ibundle", seq=55, manifest=lambda d: d["counts"].update(photos=99))
    assert outcome(office, wrong) == ("rejected", "counts")
    data = kit.bundles["a1"].read_bytes()
    doc, _, payload = split(data)
    body = json.dumps(doc, ensure_ascii=False, indent=1).encode()
    signer = kit.signers["A"]
    from inspector.exchange import keys

    sig = signer.sign(keys.DOMAIN_BUNDLE, body)
    (tmp_path / "spaces.ibundle").write_bytes(HEADER.pack(b"CWDCBNDL", 1, len(body)) + body + sig + payload)
    assert outcome(office, tmp_path / "spaces.ibundle") == ("rejected", "bad_manifest")
    dup = b'{"seq":1,' + json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()[1:]
    (tmp_path / "dup.ibundle").write_bytes(
        HEADER.pack(b"CWDCBNDL", 1, len(dup)) + dup + signer.sign(keys.DOMAIN_BUNDLE, dup) + payload
    )
    assert outcome(office, tmp_path / "dup.ibundle") == ("rejected", "bad_manifest")


def test_file_swapped_on_the_usb_stick_after_verification_has_no_effect(kit, office, tmp_path):
    stick = tmp_path / "stick.ibundle"
    shutil.copyfile(kit.bundles["a1"], stick)
    folder = verify.private_dir(office.path)
    checked = verify.receive_checked(office.db, stick, folder, verify.Intake(str(stick)))
    stick.write_bytes(b"swapped by someone")
    counts = merge._verify_and_merge(office, checked, folder, False, {})
    assert counts["new"]["findings"] > 0 and stick.read_bytes() == b"swapped by someone"


def test_registered_site_unknown_to_the_office_is_rejected_with_advice(kit, office):
    office.db.execute("PRAGMA foreign_keys = OFF")
    office.db.execute("UPDATE sites SET code = 'ZZ-' || code WHERE code = 'YX-003'")
    office.db.execute("PRAGMA foreign_keys = ON")
    v = merge.merge_bundle(office, kit.bundles["a1"])
    assert (v.verdict, v.code) == ("rejected", "unknown_site") and "点位名册" in v.reason


def test_verdict_keeps_reason_for_bundle_verify_without_merging(kit, office):
    v = merge.merge_bundle(office, kit.bundles["a1"], dry_run=True)
    assert v.verdict == "valid" and v.counts["new"]["revisions"] > 0
    assert stored(office) == [] and workspace_digest(office.db)["counts"]["findings"] == 0
    assert not list(office.evidence_dir.rglob("*.jpg"))
    assert not (office.path / verify.INCOMING).exists() or not any((office.path / verify.INCOMING).iterdir())


def test_defences_hold_even_inside_the_payload_connection(tmp_path):
    """Defence in depth: views and triggers cannot run on a payload connection, whatever the schema check says."""
    from inspector.exchange.bundle import payload as payload_mod

    path = tmp_path / "v.sqlite"
    conn = sqlite3.connect(path)
    conn.executescript("CREATE TABLE t (x); INSERT INTO t VALUES (1); CREATE VIEW v AS SELECT x FROM t;")
    conn.close()
    ro = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)
    payload_mod._defend(ro)
    assert ro.execute("SELECT x FROM t").fetchall() == [(1,)]
    with pytest.raises(sqlite3.DatabaseError):
        ro.execute("SELECT x FROM v").fetchall()
    with pytest.raises(sqlite3.DatabaseError):
        ro.execute("ATTACH DATABASE ':memory:' AS other")
    with pytest.raises(sqlite3.DatabaseError):
        ro.execute("SELECT zeroblob(10 * 1024 * 1024)").fetchall()
    ro.close()


def test_fast_revision_hash_is_the_inspections_content_hash():
    from inspector.exchange.bundle.content import _revision_hash

    body = {
        "finding_id": "f",
        "inspection_id": "i",
        "item_code": "NL-1",
        "rev": 2,
        "outcome": "fail",
        "count": 3,
        "note": "东门“两处”\n",
        "photos": ["a" * 64],
        "multiplier": 1.5,
        "deduction": 4.5,
        "responsible_unit": "城管",
        "deadline": "2026-12-01",
        "reason": "补记",
        "recorded_at": "2026-11-23T01:00:00Z",
        "device_id": "d",
        "parent_hash": "b" * 64,
    }
    assert _revision_hash(body) == inspections.content_hash(body)
