"""Photos for documents: sizes, print-ready copies that are not wastefully large, and blurring faces and plates."""

from __future__ import annotations

import io
import os
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor

from PIL import Image, ImageFilter, ImageOps

from inspector.documents import layout as L
from inspector.documents.model import Figure
from inspector.field import evidence

MAX_PRINT_DPI = 450  # photos sharper than this at their printed size are scaled down to TARGET_DPI
TARGET_DPI = 250
PRINT_QUALITY = 85
BLUR_QUALITY = 92


PHOTO_NAME = "文书中的照片"


def _open(data: bytes) -> Image.Image:
    """The photo's header, read as a JPEG only (the store's format) within the pixel cap; EvidenceError else."""
    return evidence.open_stored(data, PHOTO_NAME)


def _orientation(image: Image.Image) -> int:
    try:
        return int(image.getexif().get(0x0112, 1)) if image.format == "JPEG" else 1
    except Exception:  # an unreadable EXIF block leaves the pixels as they are
        return 1


def image_size(data: bytes) -> tuple[int, int]:
    """Pixel width and height of a photo as it is shown (EXIF rotation applied)."""
    image = _open(data)
    width, height = image.size
    return (height, width) if _orientation(image) in (5, 6, 7, 8) else (width, height)


def print_ready(data: bytes, width_pt: float, height_pt: float) -> tuple[bytes, tuple[int, int]]:
    """The photo to embed in a box of this size, and its pixel size: the same bytes unless they are far too sharp.

    EvidenceError when the bytes are not a usable JPEG (never another decoder, never past the pixel cap).
    """
    image = _open(data)
    orientation = _orientation(image)
    width, height = (image.height, image.width) if orientation in (5, 6, 7, 8) else image.size
    scale = min(width_pt / width, height_pt / height)
    if 72 / scale <= MAX_PRINT_DPI and orientation == 1:
        return data, (width, height)
    target = (max(1, round(width * scale * TARGET_DPI / 72)), max(1, round(height * scale * TARGET_DPI / 72)))
    with evidence.decoding(PHOTO_NAME):
        image.draft("RGB", target if orientation < 5 else target[::-1])  # decode at 1/2, 1/4 or 1/8 scale: fast
        image = ImageOps.exif_transpose(image)
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        if image.width > target[0] * 1.2:
            image = image.resize(target, Image.Resampling.LANCZOS, reducing_gap=2.0)
        out = io.BytesIO()
        image.save(out, "JPEG", quality=PRINT_QUALITY)
    return out.getvalue(), image.size


PreparedKey = tuple[int, int, int]


def prepared_key(data: bytes, width_pt: float, height_pt: float) -> PreparedKey:
    """Key of a photo prepared for one box size (photos are held by the document model, so ids are stable)."""
    return id(data), round(width_pt * 10), round(height_pt * 10)


def prepare_many(
    requests: Iterable[tuple[bytes, float, float]],
) -> dict[PreparedKey, tuple[bytes, tuple[int, int]]]:
    """print_ready for many (photo, box width, box height) at once on a few threads (Pillow releases the GIL)."""
    unique: dict[PreparedKey, tuple[bytes, float, float]] = {}
    for data, width, height in requests:
        unique.setdefault(prepared_key(data, width, height), (data, width, height))
    if not unique:
        return {}
    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        results = list(pool.map(lambda item: print_ready(*item), unique.values()))
    return dict(zip(unique, results, strict=True))


def blur_regions(data: bytes, regions: Iterable[tuple[int, int, int, int]]) -> bytes:
    """A JPEG copy of a photo with each (x, y, width, height) rectangle blurred past recognition (faces, plates).

    Rectangles are in the photo's pixels as shown; parts outside the photo are ignored. The input bytes are not
    changed, so the evidence original keeps its SHA-256. EvidenceError when they are not a usable JPEG.
    """
    image = _open(data)
    with evidence.decoding(PHOTO_NAME):
        image = ImageOps.exif_transpose(image).convert("RGB")
        return _blurred(image, regions)


def _blurred(image: Image.Image, regions: Iterable[tuple[int, int, int, int]]) -> bytes:
    for x, y, w, h in regions:
        left, top = max(0, int(x)), max(0, int(y))
        right, bottom = min(image.width, int(x + w)), min(image.height, int(y + h))
        if right <= left or bottom <= top:
            continue
        box = (left, top, right, bottom)
        patch = image.crop(box)
        # Pixelate first so no detail survives, then blur the blocks so the result looks soft rather than tiled.
        side = max(right - left, bottom - top)
        block = max(4, side // 8)
        small = patch.resize(
            (max(1, patch.width // block), max(1, patch.height // block)), Image.Resampling.BOX
        ).resize(patch.size, Image.Resampling.NEAREST)
        radius = max(6.0, side / 6)
        image.paste(small.filter(ImageFilter.GaussianBlur(radius)), box)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=BLUR_QUALITY)
    return out.getvalue()


def photo_requests(blocks: Iterable[object]) -> list[tuple[bytes, float, float]]:
    """Every photo of the document with the box it is drawn in, for preparing them all up front."""
    requests = []
    for block in blocks:
        if isinstance(block, Figure):
            box_w, box_h = L.figure_box(block.columns, block.aspect)
            requests.extend((p.data, box_w, box_h) for p in block.pictures)
    return requests
