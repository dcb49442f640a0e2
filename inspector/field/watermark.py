"""The watermark on document copies of evidence photos: time, place, site, inspector and reference in a dark band.

Two variants: the evidence copy (circular, notices, the viewer) names the inspector; the public copy (exposure
sheet) gives only time, place and the problem's reference, never the inspector's name (`watermark_fields`).

The stored evidence file and its hash never change; the watermark is drawn on a copy, with a CJK font found on
the machine (each character in the first font of the chain that has it, else in any installed font that has it;
a character no font has is drawn as 〓 and reported through `missing`).
"""

from __future__ import annotations

import functools
import io
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import sqlite_utils

from inspector import clock, fonts
from inspector.field import evidence

if TYPE_CHECKING:
    from PIL import ImageDraw, ImageFont

WATERMARK_QUALITY = 90
MISSING_MARK = "〓"  # drawn for a character no installed font has, as in the PDF documents


@functools.lru_cache(maxsize=32)
def _pil_font(path: str, index: int, size: int) -> ImageFont.FreeTypeFont:
    from PIL import ImageFont

    return ImageFont.truetype(path, size, index=index)


def _font_chain() -> list[fonts.FontChoice]:
    """黑体 first, then every other role's font, for characters the first one lacks (then any font: see _Writer)."""
    chain = [fonts.find_font("hei")]
    for choice in fonts.font_report().values():
        if choice is not None and all((choice.path, choice.subfont_index) != (c.path, c.subfont_index) for c in chain):
            chain.append(choice)
    return chain


class _Writer:
    """Measures and draws text in one size, each character in the first font of the chain that has its glyph,
    else in the first installed font that has it (added to the chain); `missing` collects characters none has."""

    def __init__(self, chain: list[fonts.FontChoice], size: int):
        self.chain = list(chain)
        self.size = size
        self.fonts = [_pil_font(str(c.path), c.subfont_index, size) for c in self.chain]
        ascent, descent = self.fonts[0].getmetrics()
        self.ascent = ascent
        self.line_height = ascent + descent
        self._font_of: dict[str, int] = {}
        self.missing: set[str] = set()

    def font_of(self, ch: str) -> int:
        if ch not in self._font_of:
            found = next((i for i, c in enumerate(self.chain) if not fonts.covers(c, ch)), None)
            if found is None:
                extra = fonts.fallback_font(ch, role="hei")
                loaded = None
                if extra is not None:
                    try:
                        loaded = _pil_font(str(extra.path), extra.subfont_index, self.size)
                    except (OSError, ValueError):  # a damaged or unreadable font file: as if it were not there
                        loaded = None
                if loaded is not None and extra is not None:
                    self.chain.append(extra)
                    self.fonts.append(loaded)
                    found = len(self.chain) - 1
                else:
                    self.missing.add(ch)
                    found = self.font_of(MISSING_MARK) if ch != MISSING_MARK else 0
            self._font_of[ch] = found
        return self._font_of[ch]

    def shown(self, ch: str) -> str:
        """The character as drawn: itself, or MISSING_MARK when no font has it."""
        self.font_of(ch)
        return MISSING_MARK if ch in self.missing else ch

    def runs(self, text: str) -> list[tuple[str, int]]:
        runs: list[tuple[str, int]] = []
        for ch in text:
            which = self.font_of(ch)
            ch = self.shown(ch)
            if runs and runs[-1][1] == which:
                runs[-1] = (runs[-1][0] + ch, which)
            else:
                runs.append((ch, which))
        return runs

    def width(self, text: str) -> float:
        return sum(self.fonts[i].getlength(run) for run, i in self.runs(text))

    def wrap(self, label: str, value: str, max_width: float) -> list[tuple[float, str]]:
        """Lines of `label` + `value` as (indent, text); continuation lines start under the value."""
        indent = self.width(label)
        if indent > max_width / 2:
            indent = 0.0
        lines: list[tuple[float, str]] = []
        current, used = label, indent
        for ch in value:
            advance = self.fonts[self.font_of(ch)].getlength(self.shown(ch))
            if current and used + advance > max_width:
                lines.append((0.0 if not lines else indent, current))
                current, used = ("", indent) if ch.isspace() else (ch, indent + advance)
            else:
                current, used = current + ch, used + advance
        lines.append((0.0 if not lines else indent, current))
        return lines

    def draw(self, draw: ImageDraw.ImageDraw, x: float, baseline: float, text: str) -> None:
        for run, i in self.runs(text):
            draw.text((x, baseline), run, font=self.fonts[i], fill=(255, 255, 255, 255), anchor="ls")
            x += self.fonts[i].getlength(run)


def _local_text(moment: datetime) -> str:
    return clock.local(moment).strftime("%Y-%m-%d %H:%M:%S")


def time_field(taken_at: datetime, *, captured: bool = True) -> tuple[str, str]:
    """The watermark's time line: 拍摄时间 (the photo's own capture time), or, for a photo that carries none,
    导入时间 with a note saying so: a reader must never take the import time for the moment of the photo."""
    if captured:
        return ("拍摄时间", _local_text(taken_at))
    return ("导入时间", f"{_local_text(taken_at)}（照片无拍摄时间）")


def watermark_fields(
    *,
    taken_at: datetime,
    place: str,
    site: str,
    inspector: str = "",
    reference: str | None = None,
    photo_id: str | None = None,
    public: bool = False,
    captured: bool = True,
) -> list[tuple[str, str]]:
    """The (label, value) lines of a watermark. Public: time, place, site and the problem's reference only.

    `captured` says `taken_at` is the photo's capture time; False: it is the import time (`evidence.photo_time`).
    The evidence variant adds the inspector, and the photo id when no problem reference is given.
    """
    fields = [time_field(taken_at, captured=captured), ("地点", place), ("点位", site)]
    if not public:
        fields.append(("督查员", inspector))
    if reference:
        fields.append(("编号", reference))
    elif photo_id and not public:
        fields.append(("照片", photo_id[:12]))
    return fields


def render_watermark(
    image_bytes: bytes,
    *,
    taken_at: datetime,
    place: str,
    site: str,
    inspector: str = "",
    photo_id: str | None = None,
    reference: str | None = None,
    public: bool = False,
    captured: bool = True,
    max_side: int | None = None,
    missing: set[str] | None = None,
) -> bytes:
    """A JPEG copy of the photo with a dark band at the bottom giving the `watermark_fields`.

    `public` leaves the inspector's name out (exposure sheet); `reference` is the problem's printed reference.
    `captured` False says `taken_at` is the import time of a photo without a capture time (the band says so).
    `max_side` makes a smaller copy (documents print photos about 7 cm wide: 1024 px is plenty). Characters no
    installed font has are drawn as 〓 and added to `missing` when given.
    """
    from PIL import Image, ImageDraw

    chain = _font_chain()
    image = evidence.upright_rgb(image_bytes, "水印底图", draft=max_side)
    if max_side is not None and max(image.size) > max_side:
        image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    width, height = image.size
    fields = watermark_fields(
        taken_at=taken_at,
        place=place,
        site=site,
        inspector=inspector,
        reference=reference,
        photo_id=photo_id,
        public=public,
        captured=captured,
    )
    size = max(8, round(max(width, height) / 36))
    while True:
        writer = _Writer(chain, size)
        margin = max(4, round(size * 0.6))
        gap = round(size * 0.3)
        lines = [
            line for label, value in fields if value for line in writer.wrap(f"{label}：", value, width - 2 * margin)
        ]
        band = len(lines) * writer.line_height + (len(lines) - 1) * gap + 2 * margin
        if band <= height * 0.5 or size <= 8:
            break
        size = max(8, int(size * 0.85))
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    top = max(0, height - band)
    draw.rectangle((0, top, width, height), fill=(0, 0, 0, 150))
    y = top + margin
    for indent, line in lines:
        writer.draw(draw, margin + indent, y + writer.ascent, line)
        y += writer.line_height + gap
    if missing is not None:
        missing |= writer.missing
    composed = image.convert("RGBA")
    composed.alpha_composite(overlay)
    out = io.BytesIO()
    composed.convert("RGB").save(out, "JPEG", quality=WATERMARK_QUALITY, optimize=False, progressive=False)
    return out.getvalue()


PLACEHOLDER_SIZE = (1024, 768)


def render_placeholder(
    lines: list[str], *, size: tuple[int, int] = PLACEHOLDER_SIZE, missing: set[str] | None = None
) -> bytes:
    """A grey JPEG saying, in its centre, why a photo is missing from a document (the first line larger).

    Characters no installed font has are drawn as 〓 and added to `missing` when given.
    """
    from PIL import Image, ImageDraw

    chain = _font_chain()
    width, height = size
    image = Image.new("RGB", size, (225, 225, 225))
    draw = ImageDraw.Draw(image)
    draw.rectangle((6, 6, width - 7, height - 7), outline=(150, 150, 150), width=4)
    big, small = _Writer(chain, max(12, width // 14)), _Writer(chain, max(10, width // 32))
    rows = [(big, text) for _, text in big.wrap("", lines[0], width * 0.85)] if lines else []
    rows += [(small, text) for line in lines[1:] for _, text in small.wrap("", line, width * 0.85)]
    total = sum(w.line_height * 1.3 for w, _ in rows)
    y = (height - total) / 2
    for writer, text in rows:
        x = (width - writer.width(text)) / 2
        for run, i in writer.runs(text):
            draw.text((x, y + writer.ascent), run, font=writer.fonts[i], fill=(70, 70, 70), anchor="ls")
            x += writer.fonts[i].getlength(run)
        y += writer.line_height * 1.3
    if missing is not None:
        missing |= big.missing | small.missing
    out = io.BytesIO()
    image.save(out, "JPEG", quality=WATERMARK_QUALITY, optimize=False, progressive=False)
    return out.getvalue()


def watermarked_copy(
    db: sqlite_utils.Database,
    evidence_dir: Path,
    sha256: str,
    *,
    place: str,
    site: str,
    inspector: str,
    taken_at: datetime | None = None,
) -> bytes:
    """A watermarked JPEG of a stored photo for documents; the stored file and its hash stay untouched.

    The time is the photo's capture time, or its import time marked as such (`evidence.photo_time`); a
    `taken_at` given instead is shown as the capture time.
    """
    when = evidence.photo_time(db, sha256)
    data = evidence.read_photo(evidence_dir, sha256)
    return render_watermark(
        data,
        taken_at=taken_at or when.moment,
        captured=taken_at is not None or when.captured,
        place=place,
        site=site,
        inspector=inspector,
        photo_id=sha256,
    )
