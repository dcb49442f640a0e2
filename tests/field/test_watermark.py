"""The watermark on document copies: readable Chinese in a bottom band, the city's time, the stored photo untouched."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta, timezone

import pytest
from PIL import Image, ImageChops, ImageStat

from inspector import clock, fonts
from inspector.errors import EvidenceError, FontNotFoundError, NotFoundError
from inspector.field import evidence, watermark
from inspector.ids import from_iso
from tests.field.test_evidence import camera_exif, jpeg


def _band_bright_fraction(image: Image.Image, top: int) -> float:
    band = image.crop((0, top, image.width, image.height)).convert("L")
    histogram = band.histogram()
    return sum(histogram[200:]) / (band.width * band.height)


@pytest.mark.parametrize("size", [(640, 480), (2048, 1536), (1536, 2048)])
def test_watermark_draws_readable_chinese_in_a_bottom_band(size, tmp_path):
    hei = fonts.find_font("hei")
    assert fonts.covers(hei, "时间地点点位督查员编号幸福区文明街道农贸市场张堃") == set()
    original = jpeg(size, noise=False)
    marked = watermark.render_watermark(
        original,
        taken_at=datetime(2026, 11, 27, 1, 42, 5, tzinfo=UTC),
        place="幸福区文明街道人民路与解放路交叉口东北角农贸市场门口往南五十米公交站台旁边",
        site="农贸市场（幸福区）",
        inspector="张堃",
        photo_id="2feb0da895d070878c1285377cf6559e2fa8748c8641339ae4d1e0547164403e",
    )
    result = Image.open(io.BytesIO(marked))
    assert result.format == "JPEG" and result.size == size
    source = Image.open(io.BytesIO(original)).convert("RGB")
    width, height = size
    diff = ImageChops.difference(source, result.convert("RGB"))
    assert max(ImageStat.Stat(diff.crop((0, 0, width, height // 3))).mean) < 3  # top untouched
    assert max(ImageStat.Stat(diff.crop((0, height - height // 10, width, height))).mean) > 40  # band darkened
    assert 0.02 < _band_bright_fraction(result, height - height // 4) < 0.5  # white text, not only background
    (tmp_path / f"watermark-{width}x{height}.jpg").write_bytes(marked)


def test_watermark_time_is_the_citys_and_optional_fields_may_be_blank():
    when = datetime(2026, 11, 27, 9, 42, 5, tzinfo=timezone(timedelta(hours=8)))
    marked = watermark.render_watermark(jpeg(noise=False), taken_at=when, place="", site="广场", inspector="李四")
    assert Image.open(io.BytesIO(marked)).size == (640, 480)
    assert watermark._local_text(when) == "2026-11-27 09:42:05"
    assert watermark._local_text(when.astimezone(UTC)) == "2026-11-27 09:42:05"  # whatever zone it came in
    assert watermark._local_text(datetime(2026, 1, 2, 3, 4, 5)) == "2026-01-02 03:04:05"


def test_watermark_rejects_a_bad_image():
    with pytest.raises(EvidenceError):
        watermark.render_watermark(b"not an image", taken_at=datetime.now(UTC), place="a", site="b", inspector="c")


def test_watermark_without_cjk_font_says_how_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr(fonts, "SYSTEM_FONT_DIRS", ())
    monkeypatch.setattr(fonts, "USER_FONT_DIRS", ())
    monkeypatch.setattr(fonts, "USE_FC_LIST", False)
    monkeypatch.setenv(fonts.FONT_DIRS_ENV, str(tmp_path))
    fonts.clear_cache()
    try:
        with pytest.raises(FontNotFoundError, match="apt-get install"):
            watermark.render_watermark(jpeg(), taken_at=datetime.now(UTC), place="a", site="b", inspector="c")
    finally:
        fonts.clear_cache()


def test_watermarked_copy_leaves_the_stored_photo_alone(db, tmp_path):
    store = tmp_path / "evidence"
    info = evidence.import_photo(
        db, store, jpeg((1600, 1200), exif=camera_exif()), device_id="dev-1", original_name="a.jpg"
    )
    before = evidence.photo_path(store, info.sha256).read_bytes()
    marked = watermark.watermarked_copy(
        db,
        store,
        info.sha256,
        taken_at=datetime(2026, 11, 27, 1, 42, 5, tzinfo=UTC),
        place="人民路",
        site="农贸市场",
        inspector="张三",
    )
    assert Image.open(io.BytesIO(marked)).size == (info.width, info.height)
    assert marked != before
    assert evidence.photo_path(store, info.sha256).read_bytes() == before
    assert evidence.read_photo(store, info.sha256) == before
    with pytest.raises(NotFoundError):
        watermark.watermarked_copy(db, store, "f" * 64, taken_at=datetime.now(UTC), place="", site="", inspector="")


WHEN = datetime(2026, 11, 27, 1, 42, 5, tzinfo=UTC)


def test_public_watermark_fields_are_time_place_and_reference_only():
    public = watermark.watermark_fields(
        taken_at=WHEN, place="人民路", site="农贸市场", inspector="张堃", reference="0912c9e1", photo_id="ab" * 32,
        public=True,
    )  # fmt: skip
    assert public == [
        ("拍摄时间", "2026-11-27 09:42:05"),
        ("地点", "人民路"),
        ("点位", "农贸市场"),
        ("编号", "0912c9e1"),
    ]
    evidence_copy = watermark.watermark_fields(
        taken_at=WHEN, place="人民路", site="农贸市场", inspector="张堃", reference="0912c9e1", photo_id="ab" * 32
    )
    assert ("督查员", "张堃") in evidence_copy and ("编号", "0912c9e1") in evidence_copy
    assert all(value != "ab" * 6 for _label, value in evidence_copy)  # the reference, not a different photo id
    viewer = watermark.watermark_fields(taken_at=WHEN, place="", site="", inspector="张堃", photo_id="ab" * 32)
    assert viewer[-1] == ("照片", "ab" * 6)
    assert (
        watermark.watermark_fields(taken_at=WHEN, place="", site="", photo_id="ab" * 32, public=True)[-1][0] == "点位"
    )


def test_the_time_line_says_whether_it_is_the_capture_time_or_the_import_time():
    assert watermark.watermark_fields(taken_at=WHEN, place="", site="")[0] == ("拍摄时间", "2026-11-27 09:42:05")
    assert watermark.watermark_fields(taken_at=WHEN, place="", site="", captured=False, public=True)[0] == (
        "导入时间",
        "2026-11-27 09:42:05（照片无拍摄时间）",
    )


def test_a_photo_without_a_capture_time_is_watermarked_with_its_import_time_said_so(db, tmp_path, drawn):
    store = tmp_path / "evidence"
    with clock.travel(datetime(2026, 12, 6, 1, 42, 7, tzinfo=UTC), ticking=False):
        bare = evidence.import_photo(db, store, jpeg((800, 600)), device_id="dev-1", original_name="bare.jpg")
    with clock.travel(datetime(2026, 12, 7, 3, 0, tzinfo=UTC), ticking=False):  # later: the import time stays
        camera = evidence.import_photo(
            db, store, jpeg((800, 600), exif=camera_exif(when="2026:12:05 16:20:00", offset=None)), device_id="dev-1"
        )
        assert evidence.photo_time(db, bare.sha256) == evidence.PhotoTime(
            datetime(2026, 12, 6, 1, 42, 7, tzinfo=UTC), False
        )
        assert evidence.photo_time(db, camera.sha256).captured
        watermark.watermarked_copy(db, store, bare.sha256, place="人民路", site="农贸市场", inspector="张三")
        assert drawn[0] == "导入时间：2026-12-06 09:42:07（照片无拍摄时间）"  # the city's time of the import
        drawn.clear()
        # a capture time without a stated offset is the city's wall-clock time
        watermark.watermarked_copy(db, store, camera.sha256, place="人民路", site="农贸市场", inspector="张三")
        assert drawn[0] == "拍摄时间：2026-12-05 16:20:00" and "导入时间" not in "".join(drawn)


@pytest.fixture
def drawn(monkeypatch):
    """Every line of text the watermark draws."""
    lines: list[str] = []
    original = watermark._Writer.draw

    def spy(self, draw, x, baseline, text):
        lines.append(text)
        return original(self, draw, x, baseline, text)

    monkeypatch.setattr(watermark._Writer, "draw", spy)
    return lines


def test_public_watermark_draws_no_inspector_name(drawn):
    marked = watermark.render_watermark(
        jpeg(noise=False), taken_at=WHEN, place="人民路", site="农贸市场", inspector="张堃", reference="0912c9e1",
        public=True,
    )  # fmt: skip
    assert Image.open(io.BytesIO(marked)).size == (640, 480)
    text = "".join(drawn)
    assert "张堃" not in text and "督查员" not in text and "编号：0912c9e1" in text and "人民路" in text
    drawn.clear()
    watermark.render_watermark(jpeg(noise=False), taken_at=WHEN, place="人民路", site="农贸市场", inspector="张堃")
    assert "督查员：张堃" in "".join(drawn)


def test_document_copies_carry_the_reference_the_document_prints(ws, drawn, monkeypatch):
    from inspector.letters import short_reference
    from inspector.oversight import reports, review
    from inspector.periods import parse_period
    from tests.office_kit import BOARD_ITEM, inspect, problem_of

    day = datetime(2026, 11, 2).date()
    problem = problem_of(ws, inspect(ws, "YX-003", day, {BOARD_ITEM: 1}), BOARD_ITEM, day)
    review.confirm(ws.db, [problem.finding_id])
    review.approve_exposure(ws.db, problem.reference, clear=problem.photos)
    calls = []
    fields = watermark.watermark_fields
    monkeypatch.setattr(watermark, "watermark_fields", lambda **kw: calls.append(kw) or fields(**kw))
    sheet = reports.exposure_sheet(ws, parse_period("2026-11"), issue=1, issued_on=day)
    (entry,) = sheet.entries
    assert entry.reference == problem.reference == short_reference(problem.finding_id)
    assert [(c["public"], c["reference"], c["inspector"]) for c in calls] == [(True, entry.reference, "")]
    assert problem.inspector_name and problem.inspector_name not in "".join(drawn)
    assert f"编号：{entry.reference}" in drawn
    calls.clear()
    drawn.clear()
    circular = reports.circular_data(ws, parse_period("2026-11"), year=2026, serial=1, issued_on=day)
    assert circular.groups[0].examples[0].reference == problem.reference
    assert [(c["public"], c["reference"]) for c in calls] == [(False, problem.reference)]
    assert f"督查员：{problem.inspector_name}" in drawn and f"编号：{problem.reference}" in drawn
    # the kit's photos carry no capture time: the documents show when they were imported, and say so
    imported = ws.db.execute("SELECT imported_at FROM photos WHERE sha256 = ?", [problem.photos[0]]).fetchone()[0]
    assert (
        drawn[0] == "导入时间：" + clock.local(from_iso(imported)).strftime("%Y-%m-%d %H:%M:%S") + "（照片无拍摄时间）"
    )
