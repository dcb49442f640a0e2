"""Face suggestions for the mask dialog: OpenCV's frontal-face Haar cascade (shipped inside opencv-python-headless).

Suggestions only: the supervisor confirms, moves or removes each one, and draws plates by hand; nothing is blurred
because of a suggestion alone. The photo is decoded through the evidence module's safe JPEG path (pixel cap,
strict truncation) at a bounded size, so a hostile file costs no more than a normal one. Without OpenCV or its
cascade file the dialog says face suggestions are unavailable; a photo that cannot be read gives no suggestion.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from inspector.errors import EvidenceError
from inspector.field import evidence

CASCADE_FILE = "haarcascade_frontalface_default.xml"
DETECT_SIDE = 800  # long side, in pixels, of the copy the detector sees: faces of about 30 px there are found
MIN_FACE = 24  # smallest face, in pixels of that copy
PADDING = 0.15  # each side of a suggestion grows by this share of its size: the blur covers hair and chin
Rect = tuple[int, int, int, int]


@dataclass(frozen=True)
class Suggestions:
    """Face rectangles in the photo's own pixels, and whether the detector could run at all (with why not)."""

    rects: tuple[Rect, ...] = ()
    available: bool = True
    why: str = ""


@functools.lru_cache(maxsize=1)
def _detector() -> tuple[Any, str]:
    """The loaded cascade, or (None, why) when OpenCV or its face cascade is missing."""
    try:
        import cv2
    except ImportError:
        return None, "未安装 OpenCV（opencv-python-headless），人脸提示不可用"
    path = Path(getattr(getattr(cv2, "data", None), "haarcascades", "") or "") / CASCADE_FILE
    if not path.is_file():
        return None, f"OpenCV 未附带人脸模型 {CASCADE_FILE}，人脸提示不可用"
    cascade = cv2.CascadeClassifier(str(path))
    if cascade.empty():
        return None, f"人脸模型 {CASCADE_FILE} 无法读取，人脸提示不可用"
    return cascade, ""


def availability() -> tuple[bool, str]:
    """(True, "") when face suggestions can be made, else (False, a sentence saying why not)."""
    cascade, why = _detector()
    return cascade is not None, why


def _detect(gray: Any) -> list[Rect]:
    """Faces in a greyscale numpy image, in its own pixels (x, y, width, height)."""
    import cv2

    cascade, _why = _detector()
    found = cascade.detectMultiScale(
        cv2.equalizeHist(gray), scaleFactor=1.1, minNeighbors=5, minSize=(MIN_FACE, MIN_FACE)
    )
    return [tuple(int(v) for v in box) for box in found]  # type: ignore[misc]


def to_photo(boxes: list[Rect], scale: float, size: tuple[int, int]) -> tuple[Rect, ...]:
    """Detector boxes (in the small copy) as padded rectangles in the photo's pixels, kept inside the photo."""
    width, height = size
    rects = []
    for x, y, w, h in boxes:
        pad_w, pad_h = w * PADDING, h * PADDING
        left = max(0, round((x - pad_w) * scale))
        top = max(0, round((y - pad_h) * scale))
        right = min(width, round((x + w + pad_w) * scale))
        bottom = min(height, round((y + h + pad_h) * scale))
        if right - left >= 1 and bottom - top >= 1:
            rects.append((left, top, right - left, bottom - top))
    return tuple(sorted(rects))


def suggest(jpeg_bytes: bytes, name: str = "人脸提示") -> Suggestions:
    """Suggested face rectangles for a stored photo (JPEG); never raises for bad bytes: they give none."""
    cascade, why = _detector()
    if cascade is None:
        return Suggestions(available=False, why=why)
    try:
        width, height = evidence.stored_size(jpeg_bytes, name)
        image = evidence.upright_rgb(jpeg_bytes, name, draft=DETECT_SIDE)
        if (image.size[0] > image.size[1]) != (width > height):
            width, height = height, width
        if max(image.size) > DETECT_SIDE:
            image.thumbnail((DETECT_SIDE, DETECT_SIDE))
        import numpy

        gray = numpy.asarray(image.convert("L"))
        scale = width / image.size[0]
        return Suggestions(to_photo(_detect(gray), scale, (width, height)))
    except EvidenceError as exc:
        return Suggestions(why=str(exc))
    except Exception as exc:  # the detector failing on odd pixels must not stop the supervisor drawing by hand
        return Suggestions(why=f"人脸提示出错（{type(exc).__name__}），请手动画出遮挡区域")


def suggest_faces(jpeg_bytes: bytes) -> list[Rect]:
    """Suggested face rectangles (x, y, width, height in the photo's pixels); [] when none or unavailable."""
    return list(suggest(jpeg_bytes).rects)
