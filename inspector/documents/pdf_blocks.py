"""Tables and photo rows for the PDF renderer: they leave the grid and the text after them snaps back onto it."""

from __future__ import annotations

import hashlib
import io
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reportlab.pdfbase import pdfdoc

from inspector.documents import layout as L
from inspector.documents.images import prepared_key, print_ready
from inspector.documents.linebreak import break_lines
from inspector.documents.model import Figure, Placed, Table
from inspector.documents.segment import segments
from inspector.errors import EvidenceError

if TYPE_CHECKING:
    from inspector.documents.pdf_writer import PdfWriter


@dataclass
class _Row:
    cells: list[list[str]]
    height: float
    header: bool = False


def _wrap(writer: PdfWriter, text: str, role: str, size: float, width: float) -> list[str]:
    """Cell or caption text in lines of at most `width`, broken between segments ("（2处）" and names stay whole)."""
    key = (text, role, size, width)
    known = writer.wrapped.get(key)
    if known is not None:
        return list(known)
    advances = [writer.fonts.advance(role, ch, size) for ch in text]
    out: list[str] = []
    for part_start, part in _paragraphs(text):
        words = segments(part, writer.terms)
        spans = break_lines(part, advances[part_start : part_start + len(part)], [width], words)
        out.extend(part[a:b] for a, b in spans)
    writer.wrapped[key] = tuple(out or [""])
    return out or [""]


def _paragraphs(text: str) -> list[tuple[int, str]]:
    parts: list[tuple[int, str]] = []
    start = 0
    for line in text.split("\n"):
        parts.append((start, line))
        start += len(line) + 1
    return parts


def table(writer: PdfWriter, block: Table) -> None:
    """A ruled table starting on a grid line; rows never split unless one is taller than a page; header repeats."""
    size = block.size
    lead = size * L.TABLE_LEADING
    pad = L.TABLE_PADDING
    total = sum(c.width for c in block.columns)
    widths = [L.TEXT_WIDTH * c.width / total for c in block.columns]
    min_height = block.min_row_height * L.MM

    def row(cells: tuple[str, ...], role: str, header: bool = False) -> _Row:
        wrapped = [_wrap(writer, text, role, size, w - 2 * pad) for text, w in zip(cells, widths, strict=True)]
        height = max(len(lines) for lines in wrapped) * lead + 2 * pad
        return _Row(wrapped, max(height, min_height if not header else 0.0), header)

    head = row(tuple(c.title for c in block.columns), "hei", header=True) if block.header else None
    writer.y = L.cell_top(math.ceil(writer.y / L.LINE_PITCH - 1e-6))
    head_height = head.height if head else 0.0
    writer.room(head_height + (lead + 2 * pad) * 2)
    segment_top = writer.y
    if head:
        _draw_row(writer, head, widths, block, lead, True)
    for cells in block.rows:
        current = row(cells, "fangsong")
        while current is not None:
            fits = writer.y + current.height <= L.TEXT_HEIGHT + 1e-6
            if not fits:
                free = L.TEXT_HEIGHT - writer.y - 2 * pad
                page_room = L.TEXT_HEIGHT - head_height - 2 * pad
                if current.height - 2 * pad > page_room and free >= lead:
                    current, rest = _split(current, int(free // lead), lead, pad)
                else:
                    rest = current
                    current = None
                if current is not None:
                    _draw_row(writer, current, widths, block, lead, writer.y == segment_top)
                _verticals(writer, segment_top, widths)
                writer.new_page()
                segment_top = writer.y
                if head:
                    _draw_row(writer, head, widths, block, lead, True)
                current = rest
                continue
            _draw_row(writer, current, widths, block, lead, writer.y == segment_top)
            current = None
    _verticals(writer, segment_top, widths)


def _split(row: _Row, lines: int, lead: float, pad: float) -> tuple[_Row, _Row]:
    first = [cell[:lines] for cell in row.cells]
    rest = [cell[lines:] or [""] for cell in row.cells]
    height_rest = max(len(cell) for cell in rest) * lead + 2 * pad
    return _Row(first, lines * lead + 2 * pad), _Row(rest, height_rest)


def _draw_row(writer: PdfWriter, row: _Row, widths: list[float], block: Table, lead: float, top_rule: bool) -> None:
    c = writer.canvas
    top = L.MARGIN_TOP + writer.y
    pad = L.TABLE_PADDING
    size = block.size
    role = "hei" if row.header else "fangsong"
    x = L.MARGIN_LEFT
    for lines, width, column in zip(row.cells, widths, block.columns, strict=True):
        used = len(lines) * lead
        first = top + pad + (row.height - 2 * pad - used) / 2 + (lead - size) / 2
        align = "center" if row.header else column.align
        for k, line in enumerate(lines):
            if not line:
                continue
            line_w = writer.width(line, role, size)
            if align == "center":
                lx = x + (width - line_w) / 2
            elif align == "right":
                lx = x + width - pad - line_w
            else:
                lx = x + pad
            writer.text(lx, first + k * lead, line, role, size, kind="table_header" if row.header else "table")
        x += width
    c.setLineWidth(L.TABLE_RULE)
    if top_rule:
        c.line(L.MARGIN_LEFT, L.PAGE_HEIGHT - top, L.MARGIN_LEFT + L.TEXT_WIDTH, L.PAGE_HEIGHT - top)
    bottom = top + row.height
    c.line(L.MARGIN_LEFT, L.PAGE_HEIGHT - bottom, L.MARGIN_LEFT + L.TEXT_WIDTH, L.PAGE_HEIGHT - bottom)
    writer.y += row.height


def _verticals(writer: PdfWriter, segment_top: float, widths: list[float]) -> None:
    c = writer.canvas
    c.setLineWidth(L.TABLE_RULE)
    top = L.PAGE_HEIGHT - L.MARGIN_TOP - segment_top
    bottom = L.PAGE_HEIGHT - L.MARGIN_TOP - writer.y
    x = L.MARGIN_LEFT
    c.line(x, top, x, bottom)
    for width in widths:
        x += width
        c.line(x, top, x, bottom)
    writer.log.append(Placed("table_box", writer.page, L.MARGIN_LEFT, L.MARGIN_TOP + segment_top, L.TEXT_WIDTH, 0))


def _figure_layout(writer: PdfWriter, block: Figure, scale: float = 1.0) -> tuple[float, float, list[list[str]], float]:
    """Slot width, photo box height (shrunk by `scale`), each caption's lines, and the whole row's height.

    Captions keep the full slot width when the photos shrink, so a shrunk row does not grow taller captions.
    """
    slot_w, box_h = L.figure_box(block.columns, block.aspect)
    size = block.caption_size
    captions = [_wrap(writer, p.caption, "fangsong", size, slot_w) if p.caption else [] for p in block.pictures]
    # A caption never makes the row taller than a page (an inspector's note may run to 2,000 characters): what
    # does not fit under the photo on a whole page is cut, its last line ending in "…".
    room = int((L.TEXT_HEIGHT - box_h - 1.5 * L.MM) // (size * L.TABLE_LEADING))
    captions = [_clip(writer, lines, max(room, 1), size, slot_w) for lines in captions]
    caption_h = max((len(lines) for lines in captions), default=0) * size * L.TABLE_LEADING
    return slot_w, box_h * scale, captions, box_h * scale + (1.5 * L.MM + caption_h if caption_h else 0.0)


def _clip(writer: PdfWriter, lines: list[str], most: int, size: float, width: float) -> list[str]:
    """At most `most` lines; when cut, the last kept line ends in "…" within `width`."""
    if len(lines) <= most:
        return lines
    last = lines[most - 1].rstrip("，。、；：")
    while last and writer.width(last + "…", "fangsong", size) > width:
        last = last[:-1]
    return [*lines[: most - 1], last + "…"]


def figure_height(writer: PdfWriter, block: Figure, scale: float = 1.0) -> float:
    """Height of a photo row with its captions, its photos shrunk by `scale`."""
    return _figure_layout(writer, block, scale)[3]


def _fitting_scale(writer: PdfWriter, block: Figure) -> float:
    """1.0 when the row fits under the cursor; else the largest scale down to FIGURE_MIN_SCALE that fits; else 1.0
    (the row moves to the next page whole)."""
    free = L.TEXT_HEIGHT - writer.y
    if writer.y <= 1e-6 or figure_height(writer, block) <= free + 1e-6:
        return 1.0
    if figure_height(writer, block, L.FIGURE_MIN_SCALE) > free + 1e-6:
        return 1.0
    low, high = L.FIGURE_MIN_SCALE, 1.0
    for _ in range(12):
        middle = (low + high) / 2
        low, high = (middle, high) if figure_height(writer, block, middle) <= free + 1e-6 else (low, middle)
    return low


def figure(writer: PdfWriter, block: Figure) -> None:
    """A row of photos with captions, kept on one page, starting on a grid line; shrunk (down to FIGURE_MIN_SCALE)
    rather than moved when that keeps it on this page."""
    count = len(block.pictures)
    if count == 0:
        return
    gap = L.FIGURE_GAP
    writer.y = L.cell_top(math.ceil(writer.y / L.LINE_PITCH - 1e-6))
    scale = _fitting_scale(writer, block)
    slot_w, box_h, captions, height = _figure_layout(writer, block, scale)
    full_h = box_h / scale
    box_w = slot_w * scale
    left = L.MARGIN_LEFT + (block.columns - count) * (slot_w + gap) / 2
    size = block.caption_size
    lead = size * L.TABLE_LEADING
    writer.room(height)
    top = L.MARGIN_TOP + writer.y
    row_w = count * slot_w + (count - 1) * gap
    writer.log.append(Placed("figure", writer.page, left, top, row_w, height, f"{scale:.3f}"))
    for k, picture in enumerate(block.pictures):
        x = left + k * (slot_w + gap)
        reader, (px_w, px_h) = _image(writer, picture.data, slot_w, full_h)
        fit = min(box_w / px_w, box_h / px_h)
        w, h = px_w * fit, px_h * fit
        ix, iy = x + (slot_w - w) / 2, top + (box_h - h) / 2
        _draw_image(writer, reader, ix, iy, w, h)
        writer.log.append(Placed("image", writer.page, ix, iy, w, h))
        lines = captions[k]
        for n, line in enumerate(lines):
            line_w = writer.width(line, "fangsong", size)
            lx = x + (slot_w - line_w) / 2
            ly = top + box_h + 1.5 * L.MM + n * lead + (lead - size) / 2
            writer.text(lx, ly, line, "fangsong", size, kind="caption")
    writer.y += height + gap / 2


def _image(writer: PdfWriter, data: bytes, box_w: float, box_h: float) -> tuple[str, tuple[int, int]]:
    """Register a photo as a PDF image once (the JPEG passes through undecoded); returns its name and pixel size."""
    key = prepared_key(data, box_w, box_h)
    cached = writer.images.get(key)
    if cached is None:
        ready, size = writer.prepared.pop(key, None) or print_ready(data, box_w, box_h)
        name = "img" + hashlib.blake2b(ready, digest_size=12).hexdigest()
        doc = writer.canvas._doc
        reg_name = doc.getXObjectName(name)
        if doc.idToObject.get(reg_name) is None:
            xobject = pdfdoc.PDFImageXObject(name)
            if not xobject.loadImageFromJPEG(io.BytesIO(ready)):
                raise EvidenceError("文书中的照片不是有效的 JPEG 图像。")
            xobject.name = name
            writer.canvas._setXObjects(xobject)
            doc.Reference(xobject, reg_name)
            doc.addForm(name, xobject)
        cached = writer.images[key] = (name, size)
    return cached


def _draw_image(writer: PdfWriter, name: str, x: float, top: float, w: float, h: float) -> None:
    c = writer.canvas
    reg_name = c._doc.getXObjectName(name)
    c._currentPageHasImages = 1
    c._formsinuse.append(name)
    c.saveState()
    c.translate(x, L.PAGE_HEIGHT - top - h)
    c.scale(w, h)
    c._code.append(f"/{reg_name} Do")
    c.restoreState()
