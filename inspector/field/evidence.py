"""Photo evidence: validate and re-encode photos, store them by SHA-256, and draw watermarked copies."""

from __future__ import annotations

import functools
import hashlib
import io
import math
import os
import re
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING

import sqlite_utils

from inspector import untrusted
from inspector.atomic import fsync_dir, make_private_dir, temp_beside
from inspector.errors import EvidenceError, NotFoundError
from inspector.ids import from_iso, to_iso, utc_now
from inspector.store import transaction

if TYPE_CHECKING:  # Pillow is imported where photos are decoded or drawn, not at start-up
    from PIL import Image

MAX_SIDE = 2048
MAX_INPUT_BYTES = 100 * 1024 * 1024
MAX_PIXELS = 80_000_000  # stored evidence (at most MAX_SIDE² in practice) and document copies
# Photos from outside: a JPEG is decoded straight at 1/2, 1/4 or 1/8 scale (DCT scaling), so a 100–200 megapixel
# phone photo costs about as much memory as a 12 megapixel one; PNG, WebP and HEIF are decoded whole (about four
# bytes a pixel), hence their lower cap. Beyond these, or at an absurd aspect, a file is a decompression bomb.
MAX_JPEG_PIXELS = 500_000_000
MAX_WHOLE_PIXELS = 200_000_000
MAX_ASPECT = 50
JPEG_QUALITY = 85
# What a photo from outside may be, told by its first bytes before any decoder sees it (Pillow's format names).
IMPORT_FORMATS = ("JPEG", "PNG", "WEBP", "HEIF")
# What the evidence store holds: `prepare_photo` re-encodes every import to a baseline JPEG. Stored photos (and the
# document copies made from them) are decoded in these formats only, never by whatever Pillow recognises.
STORED_FORMATS = ("JPEG",)

_EXIF_IFD = 0x8769
_GPS_IFD = 0x8825
_DATETIME = 0x0132
_DATETIME_ORIGINAL = 0x9003
_OFFSET_TIME = 0x9010
_OFFSET_TIME_ORIGINAL = 0x9011
_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs", b"mif1", b"msf1"}
_SHA256 = re.compile(r"[0-9a-f]{64}")
_TRUNCATION_LOCK = threading.Lock()


@dataclass(frozen=True)
class PhotoInfo:
    """What is recorded about one stored photo; captured_at is UTC ISO-8601 when the photo carried a time.

    Width, height and size are facts of the bytes; capture time, GPS and name are what `device_id` claimed.
    """

    sha256: str
    width: int
    height: int
    size: int
    captured_at: str | None
    gps_lat: float | None
    gps_lon: float | None
    original_name: str
    device_id: str | None = None


# ---------------------------------------------------------------- decoding untrusted bytes


@functools.cache
def _heif_available() -> bool:
    try:
        from pillow_heif import register_heif_opener
    except ImportError:
        return False
    register_heif_opener()
    return True


def _is_heif(data: bytes) -> bool:
    return data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS


def sniff(data: bytes) -> str | None:
    """The photo format the first bytes announce (one of IMPORT_FORMATS), or None: only that decoder is tried."""
    if data[:3] == b"\xff\xd8\xff":
        return "JPEG"
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "PNG"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    if _is_heif(data):
        return "HEIF"
    return None


@contextmanager
def _strict_truncation() -> Iterator[None]:
    """Make sure a cut-off file fails to decode even if someone enabled Pillow's LOAD_TRUNCATED_IMAGES."""
    from PIL import ImageFile

    if not ImageFile.LOAD_TRUNCATED_IMAGES:
        yield
        return
    with _TRUNCATION_LOCK:
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = True


def _too_many_pixels(name: str, detail: str, stored: bool = False, cap: int = MAX_PIXELS) -> EvidenceError:
    if stored:
        return EvidenceError(
            f"证据照片“{name}”像素过多（{detail}），超过 {cap // 1_000_000} 百万像素的上限，"
            "可能是异常或被篡改的文件，不予解码显示。"
        )
    return EvidenceError(
        f"照片“{name}”像素过多（{detail}），超过 {cap // 1_000_000} 百万像素的上限，"
        "可能是异常或被篡改的文件，未导入。请用相机或手机导出普通尺寸的照片后再导入。"
    )


def _damaged(name: str, exc: BaseException, stored: bool) -> EvidenceError:
    # the decoder's own words ("OSError: Truncated File Read") stay on the chained exception, not in the sentence
    if stored:
        return EvidenceError(f"证据照片“{name}”已损坏或不完整，无法显示。")
    return EvidenceError(f"照片“{name}”已损坏或不完整，请从相机或手机重新拷贝后再导入。")


def _pixel_cap(kind: str, stored: bool) -> int:
    if stored:
        return MAX_PIXELS
    return MAX_JPEG_PIXELS if kind == "JPEG" else MAX_WHOLE_PIXELS


def _plugin_open(data: bytes, kind: str) -> Image.Image:
    """Pillow's reader of exactly this format on the bytes, header only; the pixel caps are ours to check.

    Image.open would also apply Pillow's global MAX_IMAGE_PIXELS (anyone may change it, and its default refuses
    the 100–200 megapixel photos phones take); our caps per format are checked by the caller instead.
    """
    from PIL import Image

    if kind not in Image.OPEN:
        Image.init()
    factory, _accept = Image.OPEN[kind]
    return factory(io.BytesIO(data), "")


def _open_checked(data: bytes, name: str, formats: Sequence[str], stored: bool) -> Image.Image:
    """Tell the format by its first bytes, read only the header with that format's reader, and check the pixel
    count and aspect before anything is decoded; EvidenceError otherwise."""
    from PIL import Image

    if not data:
        raise EvidenceError(f"照片“{name}”是空文件（0 字节），请重新从相机或手机拷贝。")
    kind = sniff(data)
    if kind not in formats:
        raise EvidenceError(
            f"证据照片“{name}”不是 JPEG 图像（文件格式不符），无法显示。"
            if stored
            else f"文件“{name}”不是 JPEG、PNG、WebP 或 HEIC 照片（可能是其他文件改了扩展名），不能作为证据导入。"
        )
    if kind == "HEIF" and not _heif_available():
        raise EvidenceError(
            f"照片“{name}”是 HEIC/HEIF 格式，本机未安装读取它所需的 pillow-heif 组件。"
            "请安装 pillow-heif（pip install pillow-heif），或在手机上把照片导出为 JPEG 后再导入。"
        )
    cap = _pixel_cap(kind, stored)
    try:
        image = _plugin_open(data, kind)
        width, height = image.size
    except Image.DecompressionBombError as exc:  # the WebP reader checks before it allocates its canvas
        pixels = re.search(r"\d+", str(exc))
        raise _too_many_pixels(name, f"{pixels.group()} 像素" if pixels else "尺寸异常", stored, cap) from exc
    except Exception as exc:  # any failure reading untrusted bytes is a bad photo, never a crash
        raise _damaged(name, exc, stored) from exc
    if width < 1 or height < 1:
        raise EvidenceError(f"照片“{name}”没有像素内容，不能作为证据导入。")
    if width * height > cap:
        raise _too_many_pixels(name, f"{width}×{height}", stored, cap)
    if not stored and max(width, height) > MAX_ASPECT * min(width, height):
        raise EvidenceError(
            f"照片“{name}”的尺寸 {width}×{height} 长宽比异常（超过 {MAX_ASPECT}:1），可能是异常或被篡改的文件，未导入。"
        )
    return image


def _decode(data: bytes, name: str, *, draft: int | None = None, formats: Sequence[str] | None = None) -> Image.Image:
    """Open and fully decode image bytes, turning every failure into an EvidenceError.

    `formats` defaults to those accepted for import (IMPORT_FORMATS); STORED_FORMATS for stored evidence.
    With `draft`, a JPEG larger than that is decoded at the smallest 1/2, 1/4 or 1/8 scale still at least that
    many pixels on its long side (fast and small, for copies that will be made smaller anyway).
    """
    if len(data) > MAX_INPUT_BYTES:
        raise _too_big(name, len(data))
    stored = formats is not None
    image = _open_checked(data, name, formats if stored else IMPORT_FORMATS, stored)
    try:
        width, height = image.size
        if draft is not None and image.format in ("JPEG", "MPO") and max(width, height) > draft:
            scale = draft / max(width, height)
            image.draft("RGB", (max(1, round(width * scale)), max(1, round(height * scale))))
        with _strict_truncation():
            image.load()
    except Exception as exc:  # any failure decoding untrusted bytes is a bad photo, never a crash
        raise _damaged(name, exc, stored) from exc
    return image


def open_stored(data: bytes, name: str) -> Image.Image:
    """Open stored evidence (or a document copy of it) as a JPEG within the pixel cap, pixels not yet decoded.

    Only STORED_FORMATS are tried, so a file of another kind (EPS, SVG, a renamed PNG…) is never handed to its
    decoder; EvidenceError for anything else.
    """
    return _open_checked(data, name, STORED_FORMATS, True)


def stored_size(data: bytes, name: str) -> tuple[int, int]:
    """Width and height of stored evidence from its JPEG header (EvidenceError when it is not one, or too big)."""
    return open_stored(data, name).size


@contextmanager
def decoding(name: str) -> Iterator[None]:
    """Decode pixels of an opened stored photo: a cut-off file fails, and every failure is an EvidenceError."""
    try:
        with _strict_truncation():
            yield
    except EvidenceError:
        raise
    except Exception as exc:  # any failure decoding untrusted bytes is a bad photo, never a crash
        raise _damaged(name, exc, True) from exc


# ---------------------------------------------------------------- EXIF capture time and GPS


def _exif_text(value: object) -> str | None:
    if isinstance(value, bytes):
        value = value.decode("ascii", errors="ignore")
    if not isinstance(value, str):
        return None
    return value.strip("\x00 ").strip() or None


def _parse_offset(value: object) -> timezone | None:
    text = _exif_text(value)
    match = re.fullmatch(r"([+-])(\d{2}):?(\d{2})", text or "")
    if not match:
        return None
    sign = 1 if match.group(1) == "+" else -1
    hours, minutes = int(match.group(2)), int(match.group(3))
    if hours > 14 or minutes > 59:
        return None
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _capture_time(exif: Image.Exif) -> tuple[datetime, bool] | None:
    """The capture moment (aware when the photo states its UTC offset) and whether the offset was stated."""
    exif_ifd = exif.get_ifd(_EXIF_IFD)
    for value, offset in (
        (exif_ifd.get(_DATETIME_ORIGINAL), exif_ifd.get(_OFFSET_TIME_ORIGINAL)),
        (exif.get(_DATETIME), exif_ifd.get(_OFFSET_TIME)),
    ):
        text = _exif_text(value)
        if not text:
            continue
        try:
            moment = datetime.strptime(text[:19], "%Y:%m:%d %H:%M:%S")
        except ValueError:
            continue
        if not 1970 <= moment.year <= 2100:
            continue
        tz = _parse_offset(offset)
        return (moment.replace(tzinfo=tz), True) if tz else (moment, False)
    return None


def _degrees(value: object, ref: object, limit: float) -> float | None:
    try:
        d, m, s = (float(part) for part in value)  # type: ignore[union-attr]
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    result = d + m / 60 + s / 3600
    if not math.isfinite(result) or min(d, m, s) < 0 or result > limit:
        return None
    if _exif_text(ref) in ("S", "W"):
        result = -result
    return round(result, 7)


def _gps(exif: Image.Exif) -> tuple[float | None, float | None]:
    gps = exif.get_ifd(_GPS_IFD)
    lat = _degrees(gps.get(2), gps.get(1), 90.0)
    lon = _degrees(gps.get(4), gps.get(3), 180.0)
    if lat is None or lon is None or (lat == 0 and lon == 0):
        return None, None
    return lat, lon


def _read_metadata(image: Image.Image) -> tuple[tuple[datetime, bool] | None, float | None, float | None]:
    try:
        exif = image.getexif()
        capture = _capture_time(exif)
        lat, lon = _gps(exif)
    except Exception:  # malformed EXIF only costs the metadata, not the photo
        return None, None, None
    return capture, lat, lon


def _fresh_exif(capture: tuple[datetime, bool] | None) -> bytes:
    """A minimal EXIF block holding only the capture time (and its UTC offset when the photo stated one)."""
    if capture is None:
        return b""
    from PIL import Image

    moment, has_offset = capture
    exif = Image.Exif()
    exif_ifd = exif.get_ifd(_EXIF_IFD)
    exif_ifd[_DATETIME_ORIGINAL] = moment.strftime("%Y:%m:%d %H:%M:%S")
    if has_offset:
        offset = moment.utcoffset() or timedelta(0)
        minutes = int(offset.total_seconds() // 60)
        sign = "+" if minutes >= 0 else "-"
        exif_ifd[_OFFSET_TIME_ORIGINAL] = f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    return exif.tobytes()


# ---------------------------------------------------------------- pixels


_TRANSPOSE = {2: "FLIP_LEFT_RIGHT", 3: "ROTATE_180", 4: "FLIP_TOP_BOTTOM", 5: "TRANSPOSE", 6: "ROTATE_270"}
_TRANSPOSE |= {7: "TRANSVERSE", 8: "ROTATE_90"}  # EXIF orientation → the turn that makes the photo upright


def _turn_upright(original: Image.Image, pixels: Image.Image) -> Image.Image:
    """`pixels` (made from `original`, e.g. made smaller) turned as `original`'s EXIF orientation says."""
    from PIL import Image

    try:
        orientation = original.getexif().get(0x0112)
    except Exception:  # an unreadable orientation tag leaves the pixels as they are
        return pixels
    method = _TRANSPOSE.get(orientation) if isinstance(orientation, int) else None
    return pixels.transpose(Image.Transpose[method]) if method else pixels


def _oriented(image: Image.Image) -> Image.Image:
    from PIL import ImageOps

    try:
        return ImageOps.exif_transpose(image)
    except Exception:  # an unreadable orientation tag leaves the pixels as they are
        return image


def _to_rgb(image: Image.Image) -> Image.Image:
    """RGB pixels; alpha is flattened onto white and 16-bit grey is scaled to 8 bits."""
    from PIL import Image

    if image.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        image = image.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    has_alpha = image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info
    if image.mode == "RGB" and not has_alpha:
        return image  # no copy: a big photo is held in memory once
    if has_alpha:
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        background.alpha_composite(rgba)
        return background.convert("RGB")
    return image.convert("RGB")


def _fit(image: Image.Image) -> Image.Image:
    width, height = image.size
    longest = max(width, height)
    if longest <= MAX_SIDE:
        return image
    from PIL import Image

    scale = MAX_SIDE / longest
    size = (max(1, min(MAX_SIDE, round(width * scale))), max(1, min(MAX_SIDE, round(height * scale))))
    # a whole-decoded big photo is first reduced by an integer factor (fast, box filter), then resampled
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)


def upright_rgb(data: bytes, name: str, *, draft: int | None = None) -> Image.Image:
    """Decode stored evidence (JPEG only) as an upright RGB image (EvidenceError when it is not a usable photo).

    `draft` lets a JPEG decode at a smaller size when only that much is wanted.
    """
    image = _decode(data, name, draft=draft, formats=STORED_FORMATS)
    with decoding(name):
        return _to_rgb(_oriented(image))


def _clean_name(original_name: str) -> str:
    name = original_name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    return (name or "未命名照片")[:255]


def prepare_photo(data: bytes, original_name: str) -> tuple[bytes, PhotoInfo]:
    """Validate photo bytes and re-encode them as the stored JPEG (≤ MAX_SIDE px, only the capture time kept).

    The photo may be a JPEG, PNG, WebP or HEIC/HEIF (IMPORT_FORMATS) of up to MAX_JPEG_PIXELS (JPEG, decoded at
    reduced scale) or MAX_WHOLE_PIXELS (the others); what is stored, and hashed, is always the re-encoded JPEG.
    """
    name = _clean_name(original_name)
    image = _decode(data, name, draft=MAX_SIDE)
    capture, lat, lon = _read_metadata(image)
    try:
        # made smaller before it is turned upright: a big photo is never copied at full size
        pixels = _turn_upright(image, _fit(_to_rgb(image)))
        out = io.BytesIO()
        pixels.save(out, "JPEG", quality=JPEG_QUALITY, optimize=False, progressive=False, exif=_fresh_exif(capture))
    except Exception as exc:  # a decoded image that still cannot be converted is a bad photo
        raise EvidenceError(f"照片“{name}”已损坏或格式特殊，无法转换，请换一张照片。") from exc
    stored = out.getvalue()
    info = PhotoInfo(
        sha256=hashlib.sha256(stored).hexdigest(),
        width=pixels.width,
        height=pixels.height,
        size=len(stored),
        captured_at=to_iso(capture[0]) if capture else None,
        gps_lat=lat,
        gps_lon=lon,
        original_name=name,
    )
    return stored, info


# ---------------------------------------------------------------- the content-addressed store


def photo_path(evidence_dir: Path, sha256: str) -> Path:
    """Where a photo lives in the evidence store: evidence_dir/ab/abcdef….jpg."""
    if not _SHA256.fullmatch(sha256):
        raise EvidenceError(f"“{sha256}”不是有效的照片编号（应为 64 位小写十六进制 SHA-256）。")
    return Path(evidence_dir) / sha256[:2] / f"{sha256}.jpg"


def _too_big(name: str, size: int | None = None) -> EvidenceError:
    amount = f"（{size / 1024 / 1024:.1f} MB）" if size is not None else ""
    return EvidenceError(
        f"照片“{name}”太大{amount}，超过 {MAX_INPUT_BYTES // 1024 // 1024} MB 的上限，请导出较小的照片后再导入。"
    )


def _read_source(source: Path, name: str) -> bytes:
    """Open the file once, check it is a regular file within the cap, and read at most the cap from that descriptor."""
    try:
        return untrusted.read_bounded(source, MAX_INPUT_BYTES)
    except untrusted.Unreadable as exc:
        if exc.reason == "too_large":
            raise _too_big(name, exc.size) from None
        raise EvidenceError(
            {
                "missing": f"找不到照片文件“{source}”，请确认 U 盘或文件夹仍然连接。",
                "directory": f"“{source}”是文件夹，不是照片文件。",
                "not_regular": f"“{source}”不是普通文件（可能是设备或管道），不能作为照片导入。",
                "unreadable": f"无法读取照片文件“{source}”（{exc.detail}），请检查文件权限或重新拷贝。",
            }[exc.reason]
        ) from None


PHOTO_COLUMNS = (
    "sha256",
    "width",
    "height",
    "size",
    "captured_at",
    "gps_lat",
    "gps_lon",
    "original_name",
    "imported_at",
    "device_id",
)
CLAIM_COLUMNS = ("sha256", "device_id", "captured_at", "gps_lat", "gps_lon", "original_name", "imported_at")
_CLAIMED = ("captured_at", "gps_lat", "gps_lon", "original_name", "imported_at", "device_id")
_RECORD_PHOTO = (
    f"INSERT INTO photos ({', '.join(PHOTO_COLUMNS)}) VALUES ({', '.join('?' * len(PHOTO_COLUMNS))})"
    f" ON CONFLICT(sha256) DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in _CLAIMED)}"
    " WHERE excluded.device_id < photos.device_id"
)
_RECORD_CLAIM = (
    f"INSERT INTO photo_claims ({', '.join(CLAIM_COLUMNS)}) VALUES ({', '.join('?' * len(CLAIM_COLUMNS))})"
    " ON CONFLICT(sha256, device_id) DO NOTHING"
)


def claim_of(row: Sequence[object]) -> tuple:
    """A photo row (PHOTO_COLUMNS order) as its device's claim (CLAIM_COLUMNS order)."""
    return (row[0], row[9], row[4], row[5], row[6], row[7], row[8])


def record_photo_rows(conn: sqlite3.Connection, rows: Sequence[Sequence[object]]) -> None:
    """Record photo rows (PHOTO_COLUMNS order) inside the caller's transaction: each device's claim, once.

    Capture time, GPS, name and import time are what one device claims for the bytes: kept per device in
    `photo_claims` and never rewritten by another device. The `photos` row keeps the bytes' facts and, for
    readers that name no device, the claim of the smallest device id (the same whatever order rows arrive in).
    """
    conn.executemany(_RECORD_PHOTO, rows)
    conn.executemany(_RECORD_CLAIM, [claim_of(row) for row in rows])


def _intact(path: Path, sha256: str) -> bool:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest() == sha256
    except OSError:
        return False


class PhotoSetError(EvidenceError):
    """Some photos of a set cannot be used as evidence; none of the set was imported."""

    def __init__(self, failures: list[tuple[int, EvidenceError]], total: int):
        self.failures = failures
        lines = "\n".join(f"  {error}" for _, error in failures)
        super().__init__(f"{total} 张照片中有 {len(failures)} 张不能导入，这组照片都没有导入：\n{lines}")


@dataclass
class PhotoSet:
    """A set of photos checked and re-encoded, waiting in the evidence store under temporary names.

    `record(conn)` moves them into place and adds their rows inside the caller's transaction; the
    `stage_photos` block that made the set removes whatever it wrote if the block fails.
    """

    evidence_dir: Path
    device_id: str
    infos: list[PhotoInfo]
    _pending: dict[str, Path] = field(default_factory=dict)
    _placed: list[Path] = field(default_factory=list)
    _made_dirs: list[Path] = field(default_factory=list)

    @property
    def shas(self) -> list[str]:
        """The SHA-256 of each source, in the order given."""
        return [info.sha256 for info in self.infos]

    def record(self, conn: sqlite3.Connection, *, now: datetime | None = None) -> None:
        """Put the files in the store and record them in `photos`, inside the caller's open transaction."""
        if not conn.in_transaction:
            raise RuntimeError("PhotoSet.record needs an open transaction")
        try:
            for sha, tmp in list(self._pending.items()):
                final = photo_path(self.evidence_dir, sha)
                existed = final.exists()
                if existed and _intact(final, sha):
                    tmp.unlink()
                else:  # a damaged copy already there is repaired, and then is not ours to remove
                    os.replace(tmp, final)
                    if not existed:
                        self._placed.append(final)
                del self._pending[sha]
            for directory in {path.parent for path in self._placed}:
                fsync_dir(directory)
        except OSError as exc:
            raise _unwritable(exc) from exc
        moment = to_iso(now or utc_now())
        record_photo_rows(
            conn,
            [
                (
                    info.sha256,
                    info.width,
                    info.height,
                    info.size,
                    info.captured_at,
                    info.gps_lat,
                    info.gps_lon,
                    info.original_name,
                    moment,
                    self.device_id,
                )
                for info in {info.sha256: info for info in self.infos}.values()
            ],
        )

    def _clean(self, *, failed: bool) -> None:
        for tmp in self._pending.values():
            with suppress(FileNotFoundError):
                tmp.unlink()
        self._pending.clear()
        if failed:
            for path in self._placed:
                with suppress(FileNotFoundError):
                    path.unlink()
            self._placed.clear()
        for directory in reversed(self._made_dirs):
            with suppress(OSError):  # only when empty
                directory.rmdir()


def _make_dirs(directory: Path, made: list[Path]) -> None:
    missing = []
    for parent in (directory, *directory.parents):
        if parent.exists():
            break
        missing.append(parent)
    for path in reversed(missing):
        if make_private_dir(path, exist_ok=True):
            made.append(path)


def _unwritable(exc: OSError) -> EvidenceError:
    return EvidenceError(
        f"无法把照片写入证据文件夹（{exc.strerror or exc}），请检查磁盘空间和文件夹权限；照片都没有导入。"
    )


def _stage(evidence_dir: Path, sha: str, data: bytes, made: list[Path]) -> Path:
    """Write re-encoded bytes under a temporary name next to where they will live; fsynced."""
    directory = photo_path(evidence_dir, sha).parent
    try:
        _make_dirs(directory, made)
        fd, tmp = temp_beside(directory / sha, prefix=".tmp-", private=True)
    except OSError as exc:
        raise _unwritable(exc) from exc
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    except BaseException as exc:
        with suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise _unwritable(exc) from exc
        raise
    return Path(tmp)


@contextmanager
def stage_photos(
    evidence_dir: Path,
    sources: Sequence[Path | bytes],
    *,
    device_id: str,
    original_names: Sequence[str | None] | None = None,
) -> Iterator[PhotoSet]:
    """Check and re-encode every photo of a set first; PhotoSetError names each bad one and nothing stays behind.

    Inside the block, call `record(conn)` in the transaction that uses the photos. When the block raises, the
    files this set put into the store are removed again (never a file that was already there).
    """
    names = list(original_names) if original_names is not None else [None] * len(sources)
    photo_set = PhotoSet(Path(evidence_dir), device_id, [])
    failures: list[tuple[int, EvidenceError]] = []
    try:
        for index, source in enumerate(sources):
            try:
                if isinstance(source, bytes | bytearray | memoryview):
                    name = _clean_name(names[index] or "")
                    data = bytes(source)
                else:
                    name = _clean_name(names[index] or Path(source).name)
                    data = _read_source(Path(source), name)
                stored, info = prepare_photo(data, name)
            except EvidenceError as exc:
                failures.append((index, exc))
                continue
            photo_set.infos.append(info)
            if info.sha256 not in photo_set._pending and not failures:
                photo_set._pending[info.sha256] = _stage(
                    photo_set.evidence_dir, info.sha256, stored, photo_set._made_dirs
                )
        if failures:
            raise PhotoSetError(failures, len(sources))
        yield photo_set
    except BaseException:
        photo_set._clean(failed=True)
        raise
    photo_set._clean(failed=False)


def import_photos(
    db: sqlite_utils.Database,
    evidence_dir: Path,
    sources: Sequence[Path | bytes],
    *,
    device_id: str,
    original_names: Sequence[str | None] | None = None,
) -> list[PhotoInfo]:
    """Import a set of photos all or nothing, in one transaction; PhotoSetError names every bad photo."""
    with (
        stage_photos(evidence_dir, sources, device_id=device_id, original_names=original_names) as photo_set,
        transaction(db) as conn,
    ):
        photo_set.record(conn)
    return photo_set.infos


def import_photo(
    db: sqlite_utils.Database,
    evidence_dir: Path,
    source: Path | bytes,
    *,
    device_id: str,
    original_name: str | None = None,
) -> PhotoInfo:
    """Validate, re-encode and store a photo, recording it in `photos`; importing the same photo twice is harmless."""
    try:
        infos = import_photos(db, evidence_dir, [source], device_id=device_id, original_names=[original_name])
    except PhotoSetError as exc:
        raise exc.failures[0][1] from None
    return get_photo(db, infos[0].sha256)


def read_photo(evidence_dir: Path, sha256: str) -> bytes:
    """The stored bytes of a photo, checked against its SHA-256; EvidenceError when missing or altered."""
    path = photo_path(evidence_dir, sha256)
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise EvidenceError(f"证据照片 {sha256[:12]} 的文件不见了（{path}），请从原始数据包重新导入。") from exc
    except OSError as exc:
        raise EvidenceError(f"无法读取证据照片 {sha256[:12]}（{exc.strerror or exc}）。") from exc
    if hashlib.sha256(data).hexdigest() != sha256:
        raise EvidenceError(
            f"证据照片 {sha256[:12]} 的文件内容已被改动（与登记的 SHA-256 不符：{path}），不能再作为证据使用。"
        )
    return data


def get_photo(db: sqlite_utils.Database, sha256: str, device: str | None = None) -> PhotoInfo:
    """The recorded facts about a stored photo; NotFoundError when it was never imported.

    With `device` (the device whose finding shows the photo), capture time, GPS and name are that device's own
    claim; without one, or when that device claimed nothing, those of the photo row (`device_id` says whose).
    """
    row = db.execute(
        "SELECT sha256, width, height, size, captured_at, gps_lat, gps_lon, original_name, device_id"
        " FROM photos WHERE sha256 = ?",
        [sha256],
    ).fetchone()
    if row is None:
        raise NotFoundError(f"没有编号为 {sha256[:12]} 的证据照片。")
    if device is not None and device != row[8]:
        claim = db.execute(
            "SELECT captured_at, gps_lat, gps_lon, original_name FROM photo_claims WHERE sha256 = ? AND device_id = ?",
            [sha256, device],
        ).fetchone()
        if claim is not None:
            return PhotoInfo(*row[:4], *claim, device)
    return PhotoInfo(*row)


@dataclass(frozen=True)
class PhotoTime:
    """The time a photo's watermark gives: its capture time (`captured`), else when it was imported."""

    moment: datetime
    captured: bool


def photo_time(db: sqlite_utils.Database, sha256: str, device: str | None = None) -> PhotoTime:
    """When the photo was taken, as `device` (see `get_photo`) claims; for a photo that carries no capture time,
    the time that device imported it, marked as such. NotFoundError when it was never imported."""
    info = get_photo(db, sha256, device)
    if info.captured_at:
        return PhotoTime(from_iso(info.captured_at), True)
    row = db.execute(
        "SELECT COALESCE((SELECT imported_at FROM photo_claims WHERE sha256 = ? AND device_id = ?), imported_at)"
        " FROM photos WHERE sha256 = ?",
        [sha256, info.device_id, sha256],
    ).fetchone()
    return PhotoTime(from_iso(row[0]), False)


def photo_claimants(db: sqlite_utils.Database, sha256: str) -> list[str]:
    """The devices that sent these photo bytes with a claim of their own (two or more: a shared photo)."""
    rows = db.execute("SELECT device_id FROM photo_claims WHERE sha256 = ? ORDER BY device_id", [sha256])
    return [row[0] for row in rows]
