"""Photos in field bundles: the office accepts only what the evidence store writes, and photo facts have owners.

Hostile photos are put into real bundles and signed again with the laptop's real key (`forge`), so they get past
the signature and the hash checks and reach the photo checks themselves.
"""

from __future__ import annotations

import hashlib
import io
import json
import sqlite3
import subprocess

import pytest
from PIL import Image

from inspector import timecheck
from inspector.cli.bundle_cmd import _verdict_line
from inspector.exchange import merge
from inspector.exchange.bundle import manifest as bm
from inspector.exchange.bundle.content import _REVISION_KEYS
from inspector.exchange.bundle.digest import workspace_digest
from inspector.exchange.bundle.photocheck import JpegCheck, PhotoProblem
from inspector.field import evidence, inspections
from inspector.oversight import review
from inspector.oversight.references import find_by_reference
from inspector.tracking.decisions import ReviewError
from tests.exchange.test_bundle_kit import forge, kit_fixture, office_fixture, split  # noqa: F401
from tests.field.test_evidence import png_declaring

EPS = b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 100 100\n{} loop\nshowpage\n"


def store_jpeg(size=(48, 48), **options) -> bytes:
    """A JPEG as the evidence store writes them (baseline, RGB), or with other encoder options."""
    out = io.BytesIO()
    Image.effect_noise(size, 50).convert("RGB").save(out, "JPEG", quality=85, **options)
    return out.getvalue()


def with_frame_size(data: bytes, width: int, height: int) -> bytes:
    """A JPEG whose frame header (SOF0) claims another size: its pixels were never that many."""
    out = bytearray(data)
    sof = out.index(b"\xff\xc0")
    out[sof + 5 : sof + 9] = height.to_bytes(2, "big") + width.to_bytes(2, "big")
    return bytes(out)


def payload_rows(kit, name: str, sql: str) -> list[tuple]:
    conn = sqlite3.connect(":memory:")
    conn.deserialize(split(kit.bundles[name].read_bytes())[2])
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def rehash(conn: sqlite3.Connection) -> None:
    """Recompute every revision's content hash and parent link in a payload, as the laptop would have."""
    cols = ", ".join(f"r.{c}" for c in bm.columns("finding_revisions"))
    rows = conn.execute(
        f"SELECT {cols}, f.inspection_id, f.item_code FROM finding_revisions r JOIN findings f ON f.id = r.finding_id"
        " ORDER BY r.finding_id, r.rev"
    ).fetchall()
    parents: dict[str, str] = {}
    for row in rows:
        revision = list(row[:15])
        revision[13] = parents.get(row[0]) if row[1] > 1 else None
        body = dict(zip(_REVISION_KEYS, (row[0], row[15], row[16], *revision[1:14]), strict=True))
        body["photos"] = json.loads(revision[5])
        digest = inspections.content_hash(body)
        parents[row[0]] = digest
        conn.execute(
            "UPDATE finding_revisions SET parent_hash = ?, content_hash = ? WHERE finding_id = ? AND rev = ?",
            [revision[13], digest, row[0], row[1]],
        )


def swap_photo(data: bytes, *, which: int = 0, width: int | None = None, height: int | None = None, **facts):
    """SQL for `forge`: replace one photo of the payload by `data` (renamed to its SHA-256, referenced by the same
    revisions, hashes recomputed); `facts` overwrite other columns of its row."""

    def edit(conn: sqlite3.Connection) -> None:
        old = conn.execute("SELECT sha256 FROM photos ORDER BY sha256").fetchall()[which][0]
        new = hashlib.sha256(data).hexdigest()
        conn.execute(
            "UPDATE photos SET sha256 = ?, data = ?, size = ?, width = COALESCE(?, width),"
            " height = COALESCE(?, height) WHERE sha256 = ?",
            [new, data, len(data), width, height, old],
        )
        for column, value in facts.items():
            conn.execute(f"UPDATE photos SET {column} = ? WHERE sha256 = ?", [value, new])
        conn.execute("UPDATE finding_revisions SET photos = replace(photos, ?, ?)", [old, new])
        rehash(conn)

    return edit


@pytest.fixture
def no_subprocess(monkeypatch):
    """Fail the test if anything starts a process (Ghostscript for an EPS file, say)."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"a subprocess was started: {args[:1]}")

    monkeypatch.setattr(subprocess, "Popen", refuse)


def test_the_checker_accepts_exactly_what_the_store_writes_whatever_the_chunking():
    good = store_jpeg((300, 200))
    for size in (1, 2, 3, 5, 64, len(good)):
        check = JpegCheck()
        for start in range(0, len(good), size):
            check.feed(good[start : start + size])
        assert check.finish() == (300, 200)
    stored, info = evidence.prepare_photo(store_jpeg((4000, 3000)), "big.jpg")
    check = JpegCheck()
    check.feed(stored)
    assert check.finish() == (info.width, info.height) == (2048, 1536)


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"", "太短"),
        (store_jpeg()[:-200], "截断"),
        (store_jpeg()[:-1], "截断"),
        (store_jpeg() + b"<html><script>alert(1)</script></html>", "多余"),
        (store_jpeg(progressive=True), "基线"),
        (with_frame_size(store_jpeg(), 60000, 60000), "像素过多"),
        (with_frame_size(store_jpeg(), 3000, 10), "上限"),
        (png_declaring(100000, 100000), "不是 JPEG"),
        (EPS, "不是 JPEG"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" width="9e9" height="9e9"/>', "不是 JPEG"),
        (b"\xff\xd8\xff\xd9", "没有图像数据"),
    ],
)
def test_the_checker_refuses_everything_else(data, why):
    check = JpegCheck()
    check.feed(data)
    with pytest.raises(PhotoProblem, match=why):
        check.finish()


HOSTILE = {
    "png_bomb": png_declaring(100000, 100000),
    "jpeg_bomb": with_frame_size(store_jpeg(), 60000, 60000),
    "svg": b'<svg xmlns="http://www.w3.org/2000/svg" width="100000" height="100000"><script>x</script></svg>',
    "html": b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
    "truncated": store_jpeg((640, 480))[:3000],
    "eps": EPS,
    "progressive": store_jpeg(progressive=True),
    "polyglot": store_jpeg() + b"<html><script>alert(1)</script></html>",
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_a_hostile_photo_rejects_the_whole_bundle(kit, office, tmp_path, kind, no_subprocess):
    before = workspace_digest(office.db)
    name = "IMG\x1b[31m\u202e_0001.jpg"
    bad = forge(kit, "a1", tmp_path / "bad.ibundle", sql=swap_photo(HOSTILE[kind], original_name=name))
    v = merge.merge_bundle(office, bad)
    sha = hashlib.sha256(HOSTILE[kind]).hexdigest()
    assert (v.verdict, v.code) == ("rejected", "bad_photo"), v.reason
    assert sha[:12] in v.reason and "IMG?[31m?_0001.jpg" in v.reason and "\x1b" not in v.reason
    assert "\u202e" not in v.reason and "拒收" in v.reason
    assert workspace_digest(office.db) == before
    assert not list(office.evidence_dir.rglob("*.jpg"))
    stored = office.db.execute("SELECT verdict, code, reason FROM bundle_verdicts").fetchall()
    assert stored == [("rejected", "bad_photo", v.reason)]
    dry = merge.merge_bundle(office, bad, dry_run=True)
    assert (dry.verdict, dry.code) == ("rejected", "bad_photo")


def test_a_photo_whose_bytes_do_not_match_its_hash_is_still_a_hash_refusal(kit, office, tmp_path):
    def edit(conn):
        swap_photo(HOSTILE["svg"])(conn)
        conn.execute(
            "UPDATE photos SET data = zeroblob(size) WHERE sha256 = ?", [hashlib.sha256(HOSTILE["svg"]).hexdigest()]
        )

    bad = forge(kit, "a1", tmp_path / "bad.ibundle", sql=edit)
    assert merge.merge_bundle(office, bad).code == "photo_hash"


def test_claimed_width_and_height_must_be_the_real_ones(kit, office, tmp_path):
    before = workspace_digest(office.db)
    lie = forge(kit, "a1", tmp_path / "lie.ibundle", sql=lambda c: c.execute("UPDATE photos SET width = 4096"))
    v = merge.merge_bundle(office, lie)
    assert (v.verdict, v.code) == ("rejected", "photo_facts") and "4096×48" in v.reason and "48×48" in v.reason
    assert workspace_digest(office.db) == before
    assert merge.merge_bundle(office, kit.bundles["a1"]).verdict == "imported"
    for sha, width, height in office.db.execute("SELECT sha256, width, height FROM photos"):
        real = evidence.stored_size(evidence.read_photo(office.evidence_dir, sha), sha)
        assert real == (width, height) == (48, 48)
    finding, photos = office.db.execute(
        "SELECT finding_id, photos FROM finding_revisions WHERE photos != '[]' ORDER BY finding_id LIMIT 1"
    ).fetchone()
    sha = json.loads(photos)[0]
    with pytest.raises(ReviewError, match="48×48"):  # mask rectangles are bounded by the real size
        review.set_masks(office.db, finding, sha, [(40, 40, 10, 10)])
    assert review.set_masks(office.db, finding, sha, [(38, 38, 10, 10)]).kind == "masks"


# ---------------------------------------------------------------- one owner per photo claim


def shared_copy(kit, tmp_path):
    """B's bundle b1 with B's photo replaced by a byte-identical copy of one of A's photos from a1, claimed by
    B with an earlier capture and import time and another name."""
    sha, width, height = payload_rows(kit, "a1", "SELECT sha256, width, height FROM photos ORDER BY sha256")[0]
    (data,) = payload_rows(kit, "a1", f"SELECT data FROM photos WHERE sha256 = '{sha}'")[0]
    copied = forge(
        kit,
        "b1",
        tmp_path / "b-copies-a.ibundle",
        sql=swap_photo(
            data,
            width=width,
            height=height,
            captured_at="2020-01-01T00:00:00Z",
            original_name="B的照片.jpg",
            imported_at="2020-01-01T00:00:00Z",
        ),
    )
    return sha, copied


def a_claim(kit, sha):
    cols = "captured_at, gps_lat, gps_lon, original_name, imported_at"
    return payload_rows(kit, "a1", f"SELECT {cols} FROM photos WHERE sha256 = '{sha}'")[0]


def finding_with(db, sha, device):
    return db.execute(
        "SELECT r.finding_id FROM finding_revisions r WHERE r.photos LIKE ? AND r.device_id = ?", [f"%{sha}%", device]
    ).fetchone()[0]


def test_a_second_device_never_rewrites_another_devices_photo_facts_in_either_order(kit, tmp_path):
    sha, copied = shared_copy(kit, tmp_path)
    a_dev, b_dev = kit.devices["A"], kit.devices["B"]
    a_captured, a_lat, a_lon, a_name, _ = a_claim(kit, sha)
    digests = []
    for n, order in enumerate([(kit.bundles["a1"], copied), (copied, kit.bundles["a1"])]):
        with kit.office_copy(tmp_path / f"office-{n}") as office:
            verdicts = [merge.merge_bundle(office, path) for path in order]
            assert [v.verdict for v in verdicts] == ["imported", "imported"], [v.reason for v in verdicts]
            assert [v.counts["new"]["shared_photos"] for v in verdicts] == [0, 1]
            assert "注意" in _verdict_line(verdicts[1]) and "完全相同" in _verdict_line(verdicts[1])
            assert "完全相同" not in _verdict_line(verdicts[0])

            a_info = evidence.get_photo(office.db, sha, a_dev)
            assert (a_info.captured_at, a_info.gps_lat, a_info.gps_lon) == (a_captured, a_lat, a_lon)
            assert (a_info.original_name, a_info.device_id) == (a_name, a_dev)
            b_info = evidence.get_photo(office.db, sha, b_dev)
            assert (b_info.captured_at, b_info.original_name) == ("2020-01-01T00:00:00Z", "B的照片.jpg")
            assert evidence.photo_claimants(office.db, sha) == sorted([a_dev, b_dev])
            # readers naming no device get one fixed claim, whatever the order
            assert evidence.get_photo(office.db, sha).device_id == min(a_dev, b_dev)

            finding = finding_with(office.db, sha, a_dev)
            (trace,) = find_by_reference(office.db, finding, evidence_dir=office.evidence_dir)
            (photo,) = [p for p in trace.photos if p.sha256 == sha]
            assert (photo.captured_at, photo.original_name, photo.intact) == (a_captured, a_name, True)
            assert photo.other_devices == (b_dev,)
            b_inspection = office.db.execute("SELECT id FROM inspections WHERE device_id = ?", [b_dev]).fetchone()[0]
            flags = timecheck.flags_of(office.db, b_inspection)
            assert [f["kind"] for f in flags] == ["photo_time"] and "B的照片.jpg" in flags[0]["detail"]
            digests.append(workspace_digest(office.db))
    assert digests[0] == digests[1] and digests[0]["counts"]["photo_claims"] == 6


def test_the_trace_cli_names_the_other_device(kit, office, tmp_path, capsys):
    from inspector.cli import main

    sha, copied = shared_copy(kit, tmp_path)
    for path in (copied, kit.bundles["a1"]):
        assert merge.merge_bundle(office, path).verdict == "imported"
    finding = finding_with(office.db, sha, kit.devices["A"])
    office.close()
    assert main(["--workspace", str(office.path), "problems", "show", finding[-8:]]) == 0
    text = capsys.readouterr().out
    assert f"同一照片也由设备 {kit.devices['B'][:8]} 提交" in text


def test_a_device_resending_its_own_photo_is_idempotent_and_a_changed_claim_is_quarantined(kit, office, tmp_path):
    assert merge.merge_bundle(office, kit.bundles["a1"]).verdict == "imported"
    claims = office.db.execute("SELECT * FROM photo_claims ORDER BY sha256").fetchall()
    v = merge.merge_bundle(office, kit.bundles["a4"])  # the full export sends a1's photos again
    assert v.verdict == "imported" and v.counts["new"]["shared_photos"] == 0
    shas = [row[0] for row in claims]
    again = office.db.execute(
        f"SELECT * FROM photo_claims WHERE sha256 IN ({', '.join('?' * len(shas))}) ORDER BY sha256", shas
    ).fetchall()
    assert again == claims
    before = workspace_digest(office.db)
    renamed = forge(
        kit,
        "a3",
        tmp_path / "renamed.ibundle",
        seq=31,
        sql=lambda c: c.execute("UPDATE photos SET original_name = 'x.jpg'"),
    )
    v = merge.merge_bundle(office, renamed)
    assert (v.verdict, v.code) == ("quarantined", "equivocation") and "照片" in v.reason
    assert workspace_digest(office.db) == before


# ---------------------------------------------------------------- capture times the office can check


@pytest.mark.parametrize(
    ("captured", "flagged"),
    [
        ("2026-11-23T02:00:00Z", None),  # 10:00 in the city, an hour after the inspection started
        ("2026-11-22T02:00:00Z", None),  # the day before, within 24 hours
        ("2026-11-25T06:00:00Z", "拍摄于 2026-11-25 14:00"),
        ("2026-10-01T00:00:00Z", "拍摄于 2026-10-01 08:00"),
        ("not a time\x1b[2J", "无法识别"),
    ],
)
def test_a_photo_taken_far_from_its_inspection_is_flagged(kit, office, tmp_path, captured, flagged, capsys):
    bundle = forge(
        kit, "a1", tmp_path / "t.ibundle", sql=lambda c: c.execute("UPDATE photos SET captured_at = ?", [captured])
    )
    v = merge.merge_bundle(office, bundle)
    assert v.verdict == "imported", v.reason
    first = office.db.execute("SELECT id FROM inspections ORDER BY started_at LIMIT 1").fetchone()[0]
    flags = [f for f in timecheck.flags_of(office.db, first) if f["kind"] == "photo_time"]
    if flagged is None:
        assert flags == []
        return
    (flag,) = flags
    assert flagged in flag["detail"] and "等 4 张" in flag["detail"] and "24 小时" in flag["detail"]
    assert "\x1b" not in flag["detail"] and flag["label"] == "照片拍摄时间与检查时间相差超过 24 小时"
    assert "照片拍摄时间" in _verdict_line(v)


def test_a_segment_between_the_scan_and_the_end_marker_is_refused():
    data = store_jpeg()
    hidden = data[:-2] + b"\xff\xfe" + (640 + 2).to_bytes(2, "big") + b"x" * 640 + b"\xff\xd9"
    check = JpegCheck()
    check.feed(hidden)
    with pytest.raises(PhotoProblem, match="结束标记"):
        check.finish()


def test_a_long_run_of_fill_bytes_is_never_carried_from_chunk_to_chunk():
    """Fill bytes before the end marker: each chunk is looked at once, whatever the run's length."""
    data = store_jpeg()
    check = JpegCheck()
    check.feed(data[:-2])
    for _ in range(8):
        check.feed(b"\xff" * (1 << 20))
        assert len(check._carry) <= 1  # nothing to read again with the next chunk
    check.feed(b"\xd9")
    assert check.finish() == (48, 48)
