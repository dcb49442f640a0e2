"""Face suggestions for the mask dialog: boxes found on a small copy land padded on the photo's own pixels, inside
it; no OpenCV, no cascade, a blank or a broken photo give no suggestion and never an exception."""

from __future__ import annotations

import io
import sys

import pytest
from PIL import Image

from inspector.field import facedetect


def jpeg(size=(1600, 1200), colour=(200, 200, 200)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG", quality=85)
    return out.getvalue()


@pytest.fixture
def seen(monkeypatch):
    """The detector replaced: it reports `boxes` on whatever copy it is shown, and records that copy's size."""
    shapes: list[tuple[int, int]] = []
    boxes: list[tuple[int, int, int, int]] = []

    def detect(gray):
        shapes.append((gray.shape[1], gray.shape[0]))
        return list(boxes)

    monkeypatch.setattr(facedetect, "_detect", detect)
    return shapes, boxes


def test_boxes_on_the_small_copy_map_back_padded_to_the_photo(seen):
    shapes, boxes = seen
    boxes.append((100, 50, 40, 40))
    found = facedetect.suggest(jpeg())
    assert shapes == [(800, 600)] and max(shapes[0]) <= facedetect.DETECT_SIDE  # the detector sees a bounded copy
    assert found.available and found.rects == ((188, 88, 104, 104),)  # (100-6)*2, (50-6)*2, (40+12)*2
    assert facedetect.suggest_faces(jpeg()) == [(188, 88, 104, 104)]


def test_suggestions_stay_inside_the_photo_and_portraits_keep_their_axes(seen):
    shapes, boxes = seen
    boxes.extend([(0, 0, 50, 50), (560, 760, 40, 40)])
    found = facedetect.suggest(jpeg((1200, 1600)))
    assert shapes == [(600, 800)]
    assert found.rects == ((0, 0, 115, 115), (1108, 1508, 92, 92))
    for x, y, w, h in found.rects:
        assert x >= 0 and y >= 0 and x + w <= 1200 and y + h <= 1600


def test_a_small_photo_is_not_enlarged(seen):
    shapes, boxes = seen
    boxes.append((10, 10, 30, 30))
    assert facedetect.suggest(jpeg((320, 240))).rects == ((6, 6, 38, 38),)
    assert shapes == [(320, 240)]


def test_the_real_cascade_finds_nothing_on_a_blank_photo():
    assert facedetect.availability() == (True, "")
    found = facedetect.suggest(jpeg())
    assert found == facedetect.Suggestions()


@pytest.mark.parametrize("data", [b"", b"garbage", jpeg()[:300], b"\x89PNG\r\n\x1a\n" + b"\0" * 64])
def test_broken_bytes_give_no_suggestion_and_say_why(data):
    found = facedetect.suggest(data)
    assert found.rects == () and found.available and found.why
    assert facedetect.suggest_faces(data) == []


def test_without_opencv_suggestions_are_unavailable(monkeypatch):
    monkeypatch.setitem(sys.modules, "cv2", None)  # import cv2 now raises ImportError
    facedetect._detector.cache_clear()
    try:
        found = facedetect.suggest(jpeg())
        assert found == facedetect.Suggestions(available=False, why=found.why) and "OpenCV" in found.why
        assert facedetect.availability()[0] is False and facedetect.suggest_faces(jpeg()) == []
    finally:
        facedetect._detector.cache_clear()


def test_without_the_cascade_file_suggestions_are_unavailable(monkeypatch, tmp_path):
    import cv2

    monkeypatch.setattr(cv2.data, "haarcascades", str(tmp_path))
    facedetect._detector.cache_clear()
    try:
        found = facedetect.suggest(jpeg())
        assert not found.available and facedetect.CASCADE_FILE in found.why
    finally:
        facedetect._detector.cache_clear()
