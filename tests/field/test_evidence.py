"""Photo evidence: validation, re-encoding, the content-addressed store and watermarks, on images made by Pillow."""

from __future__ import annotations

import hashlib
import io
import os
import re
import struct
import time
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageStat, TiffImagePlugin

from inspector.errors import EvidenceError, NotFoundError
from inspector.field import evidence
from inspector.store import transaction

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def jpeg(size=(640, 480), *, exif: Image.Exif | None = None, noise: bool = True, color=(90, 140, 190)) -> bytes:
    image = Image.merge("RGB", [Image.effect_noise(size, 40)] * 3) if noise else Image.new("RGB", size, color)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, exif=exif.tobytes() if exif else b"")
    return out.getvalue()


def camera_exif(*, when="2026:11:27 09:42:05", offset: str | None = "+08:00", gps=True) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "Canon"
    exif[0x0110] = "EOS Secret"
    exif[0x0131] = "Firmware 1.2"
    exif_ifd = exif.get_ifd(0x8769)
    exif_ifd[0x9003] = when
    if offset:
        exif_ifd[0x9011] = offset
    exif_ifd[0x927C] = b"MAKERNOTE-SERIAL-12345"
    exif_ifd[0xA431] = "BODY-SERIAL-999"
    if gps:
        r = TiffImagePlugin.IFDRational
        gps_ifd = exif.get_ifd(0x8825)
        gps_ifd[1] = "N"
        gps_ifd[2] = (r(30), r(15), r(3050, 100))
        gps_ifd[3] = "E"
        gps_ifd[4] = (r(120), r(5), r(0))
    return exif


def png_declaring(width: int, height: int) -> bytes:
    """A small PNG whose header claims the given size (a decompression-bomb stand-in)."""
    out = io.BytesIO()
    Image.new("L", (8, 8)).save(out, "PNG")
    data = bytearray(out.getvalue())
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def app_markers(data: bytes) -> list[bytes]:
    """The APPn/COM segments of a JPEG before its first scan, as their first bytes."""
    found, pos = [], 2
    while pos < len(data):
        marker = data[pos + 1]
        if marker == 0xDA:
            break
        length = struct.unpack(">H", data[pos + 2 : pos + 4])[0]
        if 0xE0 <= marker <= 0xEF or marker == 0xFE:
            found.append(bytes([marker]) + data[pos + 4 : pos + 4 + 12])
        pos += 2 + length
    return found


def stored_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


@pytest.fixture
def store(tmp_path):
    return tmp_path / "evidence"


# ---------------------------------------------------------------- prepare_photo


def test_big_camera_jpeg_is_downscaled_and_stripped_but_keeps_time_and_gps(db, store):
    info = evidence.import_photo(
        db, store, jpeg((4000, 3000), exif=camera_exif()), device_id="dev-1", original_name="IMG_0001.JPG"
    )
    assert (info.width, info.height) == (2048, 1536)
    assert info.captured_at == "2026-11-27T01:42:05Z"
    assert info.gps_lat == pytest.approx(30 + 15 / 60 + 30.5 / 3600, abs=1e-6)
    assert info.gps_lon == pytest.approx(120 + 5 / 60, abs=1e-6)
    assert info.original_name == "IMG_0001.JPG"

    data = evidence.photo_path(store, info.sha256).read_bytes()
    assert hashlib.sha256(data).hexdigest() == info.sha256 and len(data) == info.size
    stored = Image.open(io.BytesIO(data))
    assert stored.format == "JPEG" and stored.size == (2048, 1536)
    exif = stored.getexif()
    assert set(exif) == {0x8769}
    assert dict(exif.get_ifd(0x8769)) == {0x9003: "2026:11:27 09:42:05", 0x9011: "+08:00"}
    assert not exif.get_ifd(0x8825)
    assert "icc_profile" not in stored.info
    for secret in (b"Canon", b"MAKERNOTE", b"SERIAL", b"Firmware"):
        assert secret not in data
    assert [m[:1] for m in app_markers(data)] == [b"\xe0", b"\xe1"]  # JFIF and the minimal Exif only
    assert len(stored.info["exif"]) < 120
    assert evidence.get_photo(db, info.sha256) == info


def test_naive_capture_time_is_local_time(monkeypatch):
    if not hasattr(time, "tzset"):
        pytest.skip("time.tzset is POSIX-only")
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    try:
        _, info = evidence.prepare_photo(jpeg(exif=camera_exif(offset=None, gps=False)), "a.jpg")
    finally:
        monkeypatch.undo()
        time.tzset()
    assert info.captured_at == "2026-11-27T01:42:05Z"
    assert info.gps_lat is None and info.gps_lon is None


def test_offset_keeps_utc_and_datetime_is_the_fallback():
    _, info = evidence.prepare_photo(jpeg(exif=camera_exif(when="2026:01:01 00:30:00", offset="-05:00")), "a.jpg")
    assert info.captured_at == "2026-01-01T05:30:00Z"

    exif = Image.Exif()
    exif[0x0132] = "2026:03:04 10:00:00"
    exif.get_ifd(0x8769)[0x9010] = "+08:00"
    stored, info = evidence.prepare_photo(jpeg(exif=exif), "b.jpg")
    assert info.captured_at == "2026-03-04T02:00:00Z"
    assert dict(Image.open(io.BytesIO(stored)).getexif().get_ifd(0x8769)) == {
        0x9003: "2026:03:04 10:00:00",
        0x9011: "+08:00",
    }


def test_photo_without_exif_has_no_time_and_no_exif_block():
    stored, info = evidence.prepare_photo(jpeg(), "plain.jpg")
    assert info.captured_at is None and info.gps_lat is None
    assert not Image.open(io.BytesIO(stored)).getexif()


def test_nonsense_exif_values_are_ignored():
    exif = camera_exif(when="0000:00:00 00:00:00", offset="+99:99", gps=False)
    r = TiffImagePlugin.IFDRational
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (r(95), r(0), r(0)), "E", (r(1), r(0, 0), r(0))
    _, info = evidence.prepare_photo(jpeg(exif=exif), "odd.jpg")
    assert (info.captured_at, info.gps_lat, info.gps_lon) == (None, None, None)


def test_southern_western_gps_is_negative():
    exif = camera_exif()
    gps = exif.get_ifd(0x8825)
    gps[1], gps[3] = "S", "W"
    _, info = evidence.prepare_photo(jpeg(exif=exif), "a.jpg")
    assert info.gps_lat < 0 and info.gps_lon < 0


def test_output_is_deterministic():
    data = jpeg((1200, 900), exif=camera_exif())
    assert evidence.prepare_photo(data, "a.jpg") == evidence.prepare_photo(data, "a.jpg")


def test_exif_orientation_is_applied():
    image = Image.new("RGB", (300, 200), (255, 0, 0))
    image.paste((0, 0, 255), (150, 0, 300, 200))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95, exif=exif.tobytes())
    stored, info = evidence.prepare_photo(out.getvalue(), "turned.jpg")
    result = Image.open(io.BytesIO(stored))
    assert (info.width, info.height) == result.size == (200, 300)
    assert 0x0112 not in result.getexif()
    top, bottom = result.getpixel((100, 50)), result.getpixel((100, 250))
    assert top[0] > 200 and top[2] < 60  # the left (red) half is now on top
    assert bottom[2] > 200 and bottom[0] < 60


def test_png_alpha_is_flattened_on_white():
    image = Image.new("RGBA", (400, 300), (0, 0, 0, 0))
    image.paste((200, 0, 0, 255), (0, 0, 200, 300))
    out = io.BytesIO()
    image.save(out, "PNG")
    stored, info = evidence.prepare_photo(out.getvalue(), "screen.png")
    result = Image.open(io.BytesIO(stored))
    assert result.format == "JPEG" and result.mode == "RGB" and (info.width, info.height) == (400, 300)
    assert min(result.getpixel((350, 150))) > 245
    red = result.getpixel((50, 150))
    assert red[0] > 180 and red[1] < 40


@pytest.mark.parametrize("mode", ["L", "P", "I;16", "CMYK", "LA", "1"])
def test_other_pixel_modes_are_accepted(mode):
    image = Image.linear_gradient("L").resize((320, 240))
    image = image.convert("I").point(lambda v: v * 256).convert("I;16") if mode == "I;16" else image.convert(mode)
    out = io.BytesIO()
    image.save(out, "JPEG" if mode == "CMYK" else "PNG")
    stored, info = evidence.prepare_photo(out.getvalue(), f"{mode}.img")
    result = Image.open(io.BytesIO(stored))
    assert result.mode == "RGB" and result.size == (320, 240) == (info.width, info.height)
    if mode == "I;16":
        assert 100 < ImageStat.Stat(result).mean[0] < 160  # scaled from 16 bits, not clipped to white


def test_portrait_long_side_is_capped():
    _, info = evidence.prepare_photo(jpeg((1500, 4500)), "tall.jpg")
    assert (info.width, info.height) == (683, 2048)


# ---------------------------------------------------------------- rejects


def _heic_bytes() -> bytes:
    return b"\0\0\0\x18ftypheic\0\0\0\0mif1heic" + b"\0" * 200


REJECTS = {
    "text.jpg": (lambda: "这不是照片，只是一段文字。\n".encode() * 20, "不是 JPEG、PNG、WebP 或 HEIC"),
    "report.jpg": (lambda: b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n" * 10, "不是 JPEG、PNG、WebP 或 HEIC"),
    "anim.gif": (lambda: _gif(), "不是 JPEG、PNG、WebP 或 HEIC"),
    "half.jpg": (lambda: (lambda d: d[: len(d) // 2])(jpeg((800, 600))), "损坏或不完整"),
    "empty.jpg": (lambda: b"", "空文件"),
    "bomb.png": (lambda: png_declaring(30000, 30000), "像素过多"),
    "just-over.png": (lambda: png_declaring(14200, 14100), "像素过多"),  # 200.2 MP, decoded whole: refused
    "just-over.jpg": (lambda: frame_claiming(jpeg((64, 48)), 25000, 20001), "像素过多"),  # 500.0 MP, even a JPEG
    "sliver.png": (lambda: png_declaring(20000, 300), "长宽比异常"),
    "fake.webp": (lambda: b"RIFF\x10\x00\x00\x00WEBPVP8 " + b"\x00" * 40, "损坏或不完整"),
    "broken.png": (lambda: png_declaring(64, 64), "损坏或不完整"),
}


def _gif() -> bytes:
    out = io.BytesIO()
    Image.new("P", (50, 50)).save(out, "GIF")
    return out.getvalue()


@pytest.mark.parametrize("name", sorted(REJECTS))
def test_bad_files_are_rejected_and_nothing_is_stored(name, db, store, tmp_path):
    make, expected = REJECTS[name]
    data = make()
    for source in (data, tmp_path / name):
        if isinstance(source, Path):
            source.write_bytes(data)
        with pytest.raises(EvidenceError) as err:
            evidence.import_photo(db, store, source, device_id="dev-1", original_name=name)
        message = str(err.value)
        assert CHINESE.search(message) and name in message and expected in message
    assert stored_files(store) == []
    assert db.execute("SELECT COUNT(*) FROM photos").fetchone()[0] == 0


def test_heic_without_pillow_heif_says_what_to_install(db, store, monkeypatch):
    monkeypatch.setattr(evidence, "_heif_available", lambda: False)  # as on a machine without the component
    with pytest.raises(EvidenceError, match="pillow-heif") as err:
        evidence.import_photo(db, store, _heic_bytes(), device_id="dev-1", original_name="IMG_1234.HEIC")
    assert "IMG_1234.HEIC" in str(err.value) and CHINESE.search(str(err.value))
    assert stored_files(store) == []


def test_oversized_input_is_rejected_before_decoding(db, store, tmp_path, monkeypatch):
    monkeypatch.setattr(evidence, "MAX_INPUT_BYTES", 10_000)
    data = jpeg((400, 300))
    assert len(data) > 10_000
    (tmp_path / "big.jpg").write_bytes(data)
    for source in (data, tmp_path / "big.jpg"):
        with pytest.raises(EvidenceError, match="太大"):
            evidence.import_photo(db, store, source, device_id="dev-1", original_name="big.jpg")
    assert stored_files(store) == []


def test_missing_source_file_is_an_evidence_error(db, store, tmp_path):
    with pytest.raises(EvidenceError, match="找不到照片文件"):
        evidence.import_photo(db, store, tmp_path / "gone.jpg", device_id="dev-1")


# ---------------------------------------------------------------- the store


def test_importing_twice_keeps_one_row_and_one_file(db, store, tmp_path):
    data = jpeg((1000, 750), exif=camera_exif())
    (tmp_path / "first.jpg").write_bytes(data)
    first = evidence.import_photo(db, store, tmp_path / "first.jpg", device_id="dev-1")
    again = evidence.import_photo(db, store, data, device_id="dev-2", original_name="copy.jpg")
    assert again == first and first.original_name == "first.jpg"
    assert db.execute("SELECT COUNT(*) FROM photos").fetchone()[0] == 1
    assert stored_files(store) == [evidence.photo_path(store, first.sha256)]
    row = db.execute("SELECT device_id, imported_at FROM photos").fetchone()
    assert row[0] == "dev-1" and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", row[1])


def test_photo_path_is_content_addressed_and_checked():
    sha = "ab" + "0" * 62
    assert evidence.photo_path(Path("/ev"), sha) == Path("/ev/ab") / f"{sha}.jpg"
    for bad in ("../../etc/passwd", "AB" + "0" * 62, "ab" * 31):
        with pytest.raises(EvidenceError):
            evidence.photo_path(Path("/ev"), bad)


def test_read_photo_detects_a_changed_or_missing_file(db, store):
    info = evidence.import_photo(db, store, jpeg(), device_id="dev-1", original_name="a.jpg")
    path = evidence.photo_path(store, info.sha256)
    assert hashlib.sha256(evidence.read_photo(store, info.sha256)).hexdigest() == info.sha256
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(EvidenceError, match="已被改动"):
        evidence.read_photo(store, info.sha256)
    path.unlink()
    with pytest.raises(EvidenceError, match="不见了"):
        evidence.read_photo(store, info.sha256)


def test_reimport_repairs_a_damaged_file(db, store):
    data = jpeg()
    info = evidence.import_photo(db, store, data, device_id="dev-1", original_name="a.jpg")
    evidence.photo_path(store, info.sha256).write_bytes(b"damaged")
    evidence.import_photo(db, store, data, device_id="dev-1", original_name="a.jpg")
    assert evidence.read_photo(store, info.sha256)
    assert [p.name for p in stored_files(store)] == [f"{info.sha256}.jpg"]


def test_get_photo_unknown_is_not_found(db):
    with pytest.raises(NotFoundError):
        evidence.get_photo(db, "0" * 64)


# ---------------------------------------------------------------- photo sets: all or nothing


def photo_rows(db) -> int:
    return db.execute("SELECT COUNT(*) FROM photos").fetchone()[0]


def test_a_set_with_a_bad_photo_imports_none_and_names_each_bad_one(db, store, tmp_path):
    (tmp_path / "a.jpg").write_bytes(jpeg(color=(10, 20, 30), noise=False))
    (tmp_path / "b.jpg").write_bytes(jpeg(color=(40, 50, 60), noise=False))
    (tmp_path / "notes.jpg").write_text("这不是照片", encoding="utf-8")
    sources = [tmp_path / "a.jpg", tmp_path / "notes.jpg", tmp_path / "b.jpg", b"", tmp_path / "gone.jpg"]
    with pytest.raises(evidence.PhotoSetError) as err:
        evidence.import_photos(db, store, sources, device_id="dev-1", original_names=[None, None, None, "空.jpg", None])
    assert [index for index, _ in err.value.failures] == [1, 3, 4]
    message = str(err.value)
    assert "5 张照片中有 3 张不能导入" in message and "notes.jpg" in message and "空.jpg" in message
    assert "gone.jpg" in message and "a.jpg" not in message
    assert stored_files(store) == [] and list(store.rglob("*")) == [] and photo_rows(db) == 0


def test_a_good_set_is_recorded_once_per_photo(db, store, tmp_path):
    data = jpeg()
    (tmp_path / "a.jpg").write_bytes(data)
    infos = evidence.import_photos(db, store, [tmp_path / "a.jpg", data, jpeg(noise=False)], device_id="dev-1")
    assert infos[0].sha256 == infos[1].sha256 != infos[2].sha256
    assert photo_rows(db) == 2 and len(stored_files(store)) == 2
    assert not [p for p in store.rglob("*") if p.name.startswith(".tmp-")]


def test_a_failure_after_staging_removes_only_the_files_this_set_added(db, store):
    old = evidence.import_photo(db, store, jpeg(color=(1, 2, 3), noise=False), device_id="dev-1", original_name="o.jpg")
    before = stored_files(store)
    with (
        pytest.raises(RuntimeError, match="answers failed"),
        evidence.stage_photos(store, [jpeg(color=(1, 2, 3), noise=False), jpeg()], device_id="dev-1") as staged,
        transaction(db) as conn,
    ):
        staged.record(conn)
        assert len(stored_files(store)) == 2  # placed, not yet committed
        raise RuntimeError("answers failed")
    assert stored_files(store) == before and photo_rows(db) == 1
    assert evidence.read_photo(store, old.sha256)  # never removes a file that was already in the store


def test_a_set_left_unrecorded_leaves_nothing_behind(db, store):
    with evidence.stage_photos(store, [jpeg()], device_id="dev-1") as staged:
        assert len(staged.shas) == 1
    assert list(store.rglob("*")) == [] and photo_rows(db) == 0


def test_recording_a_set_needs_an_open_transaction(db, store):
    with evidence.stage_photos(store, [jpeg()], device_id="dev-1") as staged, pytest.raises(RuntimeError):
        staged.record(db.conn)
    assert list(store.rglob("*")) == []


def test_a_damaged_copy_is_repaired_by_a_set_and_kept_when_it_fails(db, store):
    data = jpeg()
    info = evidence.import_photo(db, store, data, device_id="dev-1", original_name="a.jpg")
    evidence.photo_path(store, info.sha256).write_bytes(b"damaged")
    with (
        pytest.raises(RuntimeError),
        evidence.stage_photos(store, [data], device_id="dev-1") as staged,
        transaction(db) as conn,
    ):
        staged.record(conn)
        raise RuntimeError("later step failed")
    assert evidence.read_photo(store, info.sha256)  # the repaired file stays: it was in the store before


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_source_that_is_not_a_regular_file_is_refused_without_blocking(db, store, tmp_path):
    fifo = tmp_path / "pipe.jpg"
    os.mkfifo(fifo)
    with pytest.raises(EvidenceError, match="不是普通文件"):
        evidence.import_photo(db, store, fifo, device_id="dev-1")
    with pytest.raises(EvidenceError, match="是文件夹"):
        evidence.import_photo(db, store, tmp_path, device_id="dev-1")
    assert list(store.rglob("*")) == []


# ---------------------------------------------------------------- reading stored evidence


EPS = b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 100 100\n{} loop\nshowpage\n"


def frame_claiming(data: bytes, width: int, height: int) -> bytes:
    out = bytearray(data)
    sof = out.index(b"\xff\xc0")
    out[sof + 5 : sof + 9] = height.to_bytes(2, "big") + width.to_bytes(2, "big")
    return bytes(out)


def test_stored_evidence_is_read_as_jpeg_only_within_the_cap_whatever_the_global(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", None)  # someone switched Pillow's own guard off
    png = io.BytesIO()
    Image.new("RGB", (8, 8)).save(png, "PNG")
    for bad, why in [
        (png.getvalue(), "不是 JPEG"),
        (png_declaring(100000, 100000), "不是 JPEG"),
        (frame_claiming(jpeg((64, 48)), 20000, 20000), "像素过多"),
        (b"", "空文件"),
    ]:
        with pytest.raises(EvidenceError, match=why):
            evidence.stored_size(bad, "x")
        with pytest.raises(EvidenceError, match=why):
            evidence.upright_rgb(bad, "x")
    assert evidence.stored_size(jpeg((64, 48)), "x") == (64, 48)
    with pytest.raises(EvidenceError, match="不完整"):
        evidence.upright_rgb(jpeg()[:3000], "x")
    _, info = evidence.prepare_photo(png.getvalue(), "a.png")  # a photo from outside may still be a PNG
    assert (info.width, info.height) == (8, 8)


def test_an_eps_file_is_never_handed_to_its_decoder(monkeypatch):
    from PIL import EpsImagePlugin

    from inspector.documents.images import blur_regions, image_size, print_ready

    opened = []

    def eps_open(self):
        opened.append(True)
        raise SyntaxError("EPS must never be opened")

    monkeypatch.setattr(EpsImagePlugin.EpsImageFile, "_open", eps_open)
    for read in (
        lambda: evidence.stored_size(EPS, "x"),
        lambda: evidence.upright_rgb(EPS, "x"),
        lambda: print_ready(EPS, 100, 100),
        lambda: blur_regions(EPS, [(1, 1, 5, 5)]),
        lambda: image_size(EPS),
    ):
        with pytest.raises(EvidenceError, match="不是 JPEG"):
            read()
    with pytest.raises(EvidenceError):
        evidence.prepare_photo(EPS, "x.eps")
    assert opened == []


def test_documents_refuse_a_cut_off_photo_with_an_evidence_error():
    from inspector.documents.images import blur_regions, print_ready

    cut = jpeg((1600, 1200))[:20000]
    with pytest.raises(EvidenceError, match="不完整"):
        blur_regions(cut, [(1, 1, 5, 5)])
    with pytest.raises(EvidenceError, match="不完整"):
        print_ready(cut, 20, 20)  # far too sharp for the box: it must be decoded, and that fails cleanly


def test_each_device_keeps_its_own_claim_for_the_same_bytes(db):
    rows = [
        ("a" * 64, 10, 10, 99, "2026-11-02T02:00:00Z", 30.0, 120.0, "mine.jpg", "2026-11-02T02:01:00Z", "dev-b"),
        ("a" * 64, 10, 10, 99, "2020-01-01T00:00:00Z", None, None, "copy.jpg", "2020-01-01T00:00:00Z", "dev-c"),
        ("a" * 64, 10, 10, 99, "2019-01-01T00:00:00Z", None, None, "late.jpg", "2019-01-01T00:00:00Z", "dev-a"),
    ]
    with transaction(db) as conn:
        evidence.record_photo_rows(conn, rows[:2])
    assert evidence.get_photo(db, "a" * 64, "dev-b").original_name == "mine.jpg"
    assert evidence.get_photo(db, "a" * 64, "dev-c").original_name == "copy.jpg"
    assert evidence.get_photo(db, "a" * 64).device_id == "dev-b"  # the smallest device id, not the earliest time
    with transaction(db) as conn:
        evidence.record_photo_rows(conn, rows[2:] + rows[:1])
    assert evidence.get_photo(db, "a" * 64, "dev-b").original_name == "mine.jpg"
    assert evidence.get_photo(db, "a" * 64).device_id == "dev-a"
    fallback = evidence.get_photo(db, "a" * 64, "dev-unknown")
    assert fallback.device_id == "dev-a"  # a device that claimed nothing sees whose facts these are
    assert evidence.photo_claimants(db, "a" * 64) == ["dev-a", "dev-b", "dev-c"]
