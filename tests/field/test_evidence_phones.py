"""Photos as phones write them: HEIC/HEIF and WebP, and 100+ megapixel JPEGs, from import to the office's merge."""

from __future__ import annotations

import hashlib
import io
import subprocess
import sys
import tracemalloc
import warnings
from datetime import timedelta
from pathlib import Path

import pytest
from PIL import Image, ImageFile

from inspector.errors import EvidenceError
from inspector.exchange import merge
from inspector.exchange.bundle import export
from inspector.field import evidence, inspections, watermark
from inspector.register import sites
from tests.exchange.test_bundle_kit import FIELD_PASS, START, kit_fixture, office_fixture  # noqa: F401
from tests.field.test_evidence import camera_exif, jpeg, stored_files

ROOT = Path(__file__).resolve().parents[2]
BIG = (12000, 9000)  # 108 megapixels, as a 108 MP phone camera writes them


def phone_photo(fmt: str, size=(640, 480), *, exif: Image.Exif | None = None, color=(40, 120, 200)) -> bytes:
    """A photo in `fmt` ("HEIF" through pillow-heif, "WEBP", "JPEG") with the given EXIF: a smooth gradient, which
    the HEVC encoder compresses fast."""
    if fmt == "HEIF":
        from pillow_heif import register_heif_opener

        register_heif_opener()
    ramp = Image.linear_gradient("L").resize(size)
    image = Image.merge("RGB", [ramp.point(lambda v, c=c: (v + c) % 256) for c in color])
    out = io.BytesIO()
    image.save(out, fmt, quality=80, **({"exif": exif.tobytes()} if exif else {}))
    return out.getvalue()


def big_jpeg(size=BIG, *, exif: Image.Exif | None = None) -> bytes:
    """A baseline JPEG of `size` in one colour, built without ever holding its pixels: one MCU row (16 lines) is
    encoded with a restart marker after each row, and that row's bytes repeat, since every restart starts afresh."""
    width, height = size
    out = io.BytesIO()
    Image.new("RGB", (width, 32), (90, 140, 190)).save(
        out, "JPEG", quality=85, subsampling=2, restart_marker_rows=1, exif=exif.tobytes() if exif else b""
    )
    data = out.getvalue()
    sof = data.index(b"\xff\xc0")
    sos = data.index(b"\xff\xda")
    scan = sos + 2 + int.from_bytes(data[sos + 2 : sos + 4], "big")
    row = data[scan : data.index(b"\xff\xd0", scan)]
    assert data[scan:] == row + b"\xff\xd0" + row + b"\xff\xd9"  # two identical rows, as the trick needs
    head = bytearray(data[:scan])
    head[sof + 5 : sof + 9] = height.to_bytes(2, "big") + width.to_bytes(2, "big")
    rows = -(-height // 16)
    body = b"".join(row + bytes([0xFF, 0xD0 + n % 8]) for n in range(rows - 1)) + row
    return bytes(head) + body + b"\xff\xd9"


@pytest.fixture
def store(tmp_path):
    return tmp_path / "evidence"


# ---------------------------------------------------------------- HEIC and WebP


@pytest.mark.parametrize("fmt", ["HEIF", "WEBP"])
def test_heic_and_webp_are_stored_as_jpeg_with_their_capture_time_and_place(fmt, db, store, tmp_path):
    data = phone_photo(fmt, exif=camera_exif())
    assert evidence.sniff(data) == fmt
    name = "IMG_0001.HEIC" if fmt == "HEIF" else "IMG_0001.webp"
    (tmp_path / name).write_bytes(data)
    info = evidence.import_photo(db, store, tmp_path / name, device_id="dev-1")
    assert (info.width, info.height, info.original_name) == (640, 480, name)
    assert info.captured_at == "2026-11-27T01:42:05Z"  # DateTimeOriginal with OffsetTimeOriginal +08:00
    assert info.gps_lat == pytest.approx(30 + 15 / 60 + 30.5 / 3600, abs=1e-6)
    stored = evidence.read_photo(store, info.sha256)
    assert hashlib.sha256(stored).hexdigest() == info.sha256 and len(stored) == info.size
    assert stored[:3] == b"\xff\xd8\xff" and Image.open(io.BytesIO(stored)).format == "JPEG"
    assert stored_files(store) == [evidence.photo_path(store, info.sha256)]
    assert b"Canon" not in stored and b"SERIAL" not in stored
    marked = watermark.watermarked_copy(
        db, store, info.sha256, taken_at=START, place="人民路", site="农贸市场", inspector="张明"
    )
    assert Image.open(io.BytesIO(marked)).size == (640, 480)
    assert evidence.read_photo(store, info.sha256) == stored  # the watermark is drawn on a copy


def test_a_turned_webp_is_stored_upright():
    exif = camera_exif()
    exif[0x0112] = 6  # taken with the phone upright: pixels stored sideways, turn 90° clockwise to show
    _, info = evidence.prepare_photo(phone_photo("WEBP", (640, 480), exif=exif), "turned.webp")
    assert (info.width, info.height) == (480, 640)


def test_heic_and_webp_are_told_by_their_first_bytes_and_only_their_reader_is_tried(db, store):
    heic = phone_photo("HEIF")
    for brand in (b"heix", b"mif1", b"msf1", b"hevc"):
        assert evidence.sniff(heic[:8] + brand + heic[12:]) == "HEIF"
    assert evidence.sniff(heic[:8] + b"avif" + heic[12:]) is None  # AVIF is not a format photos are taken in
    webp = phone_photo("WEBP")
    renamed = [(webp, "IMG_1.HEIC"), (heic, "IMG_2.jpg")]  # the name does not matter, the bytes do
    assert [evidence.import_photo(db, store, d, device_id="dev-1", original_name=n).width for d, n in renamed] == [
        640,
        640,
    ]
    for bad, why in [
        (heic[: len(heic) // 2], "损坏或不完整"),
        (webp[:200], "损坏或不完整"),
        (b"RIFF\x00\x00\x00\x00WAVEfmt " + bytes(64), "不是 JPEG、PNG、WebP 或 HEIC"),
    ]:
        with pytest.raises(EvidenceError, match=why):
            evidence.prepare_photo(bad, "x.heic")


def test_a_multi_picture_jpeg_is_imported_as_its_first_picture():
    main, preview = Image.new("RGB", (4800, 3600), (10, 200, 30)), Image.new("RGB", (320, 240), (200, 0, 0))
    out = io.BytesIO()
    main.save(out, "MPO", save_all=True, append_images=[preview])  # as some phones write portraits and panoramas
    stored, info = evidence.prepare_photo(out.getvalue(), "IMG_2.jpg")
    assert (info.width, info.height) == (2048, 1536)
    assert Image.open(io.BytesIO(stored)).getpixel((5, 5)) == pytest.approx((10, 200, 30), abs=4)


def test_heic_and_webp_photos_reach_the_office_in_a_bundle(kit, office, tmp_path):
    laptop = kit.laptop_copy("A", tmp_path / "laptop")
    photos = [
        phone_photo(fmt, exif=camera_exif(), color=color) for fmt, color in (("HEIF", (9, 9, 9)), ("WEBP", (1, 2, 3)))
    ]
    shas = [evidence.import_photo(laptop.db, laptop.evidence_dir, p, device_id=laptop.device_id).sha256 for p in photos]
    when = START + timedelta(days=5)
    site = sites.get_site(laptop.db, "YX-004")
    insp = inspections.start_inspection(
        laptop.db, site_id=site.id, inspector_id=laptop.inspector["id"], mode="announced", started_at=when
    )
    first, *others = inspections.inspection_checklist(laptop.db, insp).items
    inspections.record_finding(laptop.db, insp.id, first.code, outcome="fail", count=1, photos=shas, recorded_at=when)
    for item in others:
        inspections.record_finding(laptop.db, insp.id, item.code, outcome="pass", recorded_at=when)
    inspections.finish_inspection(laptop.db, insp.id, finished_at=when + timedelta(minutes=20))
    bundle = export.export_bundle(laptop, tmp_path / "phones.ibundle", FIELD_PASS, full=True).path
    laptop.close()
    verdict = merge.merge_bundle(office, bundle)
    assert verdict.verdict == "imported", verdict.reason
    for sha in shas:
        assert evidence.get_photo(office.db, sha).captured_at == "2026-11-27T01:42:05Z"
        assert Image.open(io.BytesIO(evidence.read_photo(office.evidence_dir, sha))).format == "JPEG"


# ---------------------------------------------------------------- very large phone photos


def test_a_108_megapixel_jpeg_is_downscaled_never_decoded_whole(db, store, monkeypatch):
    data = big_jpeg(exif=camera_exif())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # Pillow's global default frowns at 108 MP
        assert len(data) < 8 * 2**20 and Image.open(io.BytesIO(data)).size == BIG
    decoded: list[tuple[int, int]] = []
    load = ImageFile.ImageFile.load

    def spy(self):
        result = load(self)
        decoded.append(self.size)
        return result

    monkeypatch.setattr(ImageFile.ImageFile, "load", spy)
    tracemalloc.start()
    try:
        info = evidence.import_photo(db, store, data, device_id="dev-1", original_name="IMG_108MP.jpg")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (info.width, info.height) == (2048, 1536) and info.captured_at == "2026-11-27T01:42:05Z"
    stored = evidence.read_photo(store, info.sha256)
    assert Image.open(io.BytesIO(stored)).getpixel((1024, 768)) == pytest.approx((90, 140, 190), abs=4)
    assert decoded and max(w * h for w, h in decoded) <= BIG[0] * BIG[1] // 16  # at most a quarter of each side
    assert peak < 3 * len(data) + 32 * 2**20  # Python-side buffers: the file and the small copies, no pixel array


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ru_maxrss in KiB is Linux's")
def test_importing_a_108_megapixel_jpeg_takes_bounded_memory(tmp_path):
    """The pixels Pillow allocates are outside tracemalloc's view: the process's peak resident memory says it."""
    source = tmp_path / "IMG_108MP.jpg"
    source.write_bytes(big_jpeg())
    probe = (
        "import resource, sys\n"
        "from pathlib import Path\n"
        "from inspector.field import evidence\n"
        "evidence.prepare_photo(Path(sys.argv[2]).read_bytes(), 'warm-up.jpg')\n"
        "data = Path(sys.argv[1]).read_bytes()\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "_, info = evidence.prepare_photo(data, 'big.jpg')\n"
        "after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "print(info.width, info.height, (after - before) // 1024)\n"
    )
    (tmp_path / "small.jpg").write_bytes(jpeg((800, 600)))
    result = subprocess.run(
        [sys.executable, "-c", probe, str(source), str(tmp_path / "small.jpg")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    width, height, grown_mib = map(int, result.stdout.split())
    assert (width, height) == (2048, 1536)
    assert grown_mib < 160  # decoded whole, 108 MP would take over 400 MiB (four bytes a pixel)


def test_bigger_than_any_phone_is_still_refused_before_decoding(db, store):
    from tests.field.test_evidence import frame_claiming, png_declaring

    for data, name, why in [
        (frame_claiming(jpeg((64, 48)), 30000, 20000), "600MP.jpg", "超过 500 百万像素的上限"),
        (png_declaring(15000, 15000), "225MP.png", "超过 200 百万像素的上限"),  # decoded whole: a lower cap
        (png_declaring(60000, 1000), "sliver.png", "长宽比异常"),
    ]:
        with pytest.raises(EvidenceError, match=why):
            evidence.import_photo(db, store, data, device_id="dev-1", original_name=name)
    assert stored_files(store) == []
