"""Checking a bundle photo's bytes as they stream past: they must be what the evidence store writes.

A laptop's evidence store only ever holds baseline JPEGs it re-encoded itself (at most MAX_SIDE pixels on the long
side). So a photo is accepted when its marker structure is a whole JPEG (SOI, segments, one baseline scan, EOI and
nothing after it), when Pillow reads its header as a JPEG (no other decoder is ever tried) and when its size is
within the caps. The entropy-coded data is scanned for markers, not decoded: decoding every photo would cost more
than the rest of the merge, and a complete, well-formed file that still draws wrong pixels is shown by the
documents as a photo that cannot be used, never decoded past the caps.
"""

from __future__ import annotations

import io
import re
import warnings

from inspector.field.evidence import MAX_PIXELS, MAX_SIDE, STORED_FORMATS
from inspector.untrusted import printable

HEAD_CAP = 1024 * 1024  # the segments before the scan; the app writes a few hundred bytes
_MARKER = re.compile(rb"\xff[^\x00\xd0-\xd7]")  # in entropy-coded data: a marker (or fill), not stuffing or RSTn
_FILL = re.compile(rb"\xff+")
_BASELINE = 0xC0  # SOF0: baseline sequential DCT, what the store's encoder writes
_FRAMES = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}  # every SOFn (C4 DHT, C8 JPG, CC DAC are not frames)
_START, _MARKERS, _SEGMENT, _SCAN, _END = range(5)


class PhotoProblem(Exception):
    """Why a photo's bytes are not what the evidence store holds (a Chinese phrase)."""


class JpegCheck:
    """Feed a photo's bytes chunk by chunk, then `finish()` for its (width, height) or a PhotoProblem."""

    def __init__(self) -> None:
        self._state = _START
        self._carry = b""
        self._skip = 0
        self._code = 0
        self._offset = 0  # bytes of the file consumed before the current buffer
        self._head = bytearray()
        self._head_end: int | None = None
        self._frame: int | None = None
        self._scans = 0
        self.problem: str | None = None

    def feed(self, chunk: bytes) -> None:
        """Check the next bytes of the file (the first problem found is kept; later bytes are then ignored)."""
        if self.problem is not None:
            return
        if self._head_end is None:
            self._head += chunk[: HEAD_CAP - len(self._head)]
        data = self._carry + chunk
        start = self._offset - len(self._carry)
        self._carry = b""
        try:
            used = self._walk(data, start)
        except PhotoProblem as problem:
            self.problem = str(problem)
            return
        self._carry = data[used:]
        self._offset = start + len(data)
        if (self._offset if self._head_end is None else self._head_end) > HEAD_CAP:
            self.problem = "在文件开头 1 MB 内没有图像数据（不是证据库照片的结构）"

    def _walk(self, data: bytes, start: int) -> int:
        """Advance the state machine over `data` (which begins at file offset `start`); returns bytes consumed."""
        i, n = 0, len(data)
        while i < n:
            state = self._state
            if state == _START:
                if n - i < 3:
                    return i
                if data[i : i + 3] != b"\xff\xd8\xff":
                    raise PhotoProblem("不是 JPEG 图像（文件开头的格式标记不符）")
                self._state, i = _MARKERS, i + 2
            elif state == _MARKERS:
                if data[i] != 0xFF:
                    raise PhotoProblem("JPEG 结构损坏（应为标记处出现了数据）")
                j = _FILL.match(data, i).end()  # fill bytes before a marker, skipped in C
                if j >= n:
                    return n - 1  # keep one 0xFF: a long run of fill is never carried and read again
                code = data[j]
                if self._scans and code != 0xD9:
                    raise PhotoProblem("JPEG 图像数据之后还有其他段（证据库的照片在图像数据之后只有结束标记）")
                if code == 0xD9:
                    if not self._scans:
                        raise PhotoProblem("JPEG 没有图像数据就结束了")
                    self._state, i = _END, j + 1
                elif 0xD0 <= code <= 0xD7 or code == 0x01:
                    i = j + 1
                elif code in (0x00, 0xD8):
                    raise PhotoProblem("JPEG 结构损坏（出现了无效或重复的标记）")
                else:
                    if n - j < 3:
                        return i
                    length = (data[j + 1] << 8) | data[j + 2]
                    if length < 2:
                        raise PhotoProblem("JPEG 结构损坏（段长度无效）")
                    self._segment(code)
                    self._code, self._skip, self._state, i = code, length - 2, _SEGMENT, j + 3
            elif state == _SEGMENT:
                step = min(self._skip, n - i)
                i += step
                self._skip -= step
                if self._skip == 0:
                    if self._code == 0xDA:
                        self._scans += 1
                        if self._head_end is None:
                            self._head_end = start + i
                        self._state = _SCAN
                    else:
                        self._state = _MARKERS
            elif state == _SCAN:
                found = _MARKER.search(data, i)
                if found is None:
                    # keep a trailing 0xFF: whether it starts a marker shows in the next chunk
                    return n - 1 if data[-1] == 0xFF else n
                i = found.start()
                self._state = _MARKERS
            else:
                raise PhotoProblem("JPEG 结束标记之后还有多余的数据")
        return i

    def _segment(self, code: int) -> None:
        if code in _FRAMES:
            if self._frame is not None:
                raise PhotoProblem("JPEG 含有多个图像帧")
            if code != _BASELINE:
                raise PhotoProblem("JPEG 不是证据库使用的基线编码（如渐进式或无损编码）")
            self._frame = code
        elif code == 0xDA:
            if self._frame is None:
                raise PhotoProblem("JPEG 在图像帧之前就开始了图像数据")
            if self._scans:
                raise PhotoProblem("JPEG 含有多个扫描段，不是证据库使用的基线编码")

    def finish(self) -> tuple[int, int]:
        """The photo's width and height once every byte was fed; PhotoProblem when it is not a stored photo."""
        if self.problem is None and self._state == _START:
            self.problem = "不是 JPEG 图像（文件太短）"
        if self.problem is None and self._state != _END:
            self.problem = "JPEG 不完整（缺少结束标记，文件可能被截断）"
        if self.problem is not None:
            raise PhotoProblem(self.problem)
        assert self._head_end is not None
        return _header_size(bytes(self._head[: self._head_end]))


def _header_size(head: bytes) -> tuple[int, int]:
    """Width and height from the segments before the scan, read by Pillow's JPEG reader only, within the caps."""
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(head), formats=list(STORED_FORMATS))
            width, height = image.size
            kind = image.format
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoProblem(f"像素过多（超过 {MAX_PIXELS // 1_000_000} 百万像素的上限）") from None
    except Exception:  # any failure reading the header of untrusted bytes is a bad photo
        raise PhotoProblem("JPEG 文件头无法识别") from None
    if kind not in STORED_FORMATS:
        raise PhotoProblem(f"是 {printable(kind, limit=12)} 格式，不是证据库使用的普通 JPEG")
    if width < 1 or height < 1:
        raise PhotoProblem("没有像素内容")
    if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
        raise PhotoProblem(f"尺寸 {width}×{height} 超过证据库照片的上限（长边 {MAX_SIDE} 像素）")
    return width, height
