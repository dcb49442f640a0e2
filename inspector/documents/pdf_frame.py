"""The GB/T 9704 frame in the PDF: 版头 (mark, number, red line), title, 主送, 附件说明, 落款, attachments, 版记."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from inspector.documents import layout as L
from inspector.documents.linebreak import balanced_title_lines, break_lines
from inspector.documents.model import (
    Addressee,
    AttachmentNote,
    AttachmentStart,
    Imprint,
    Masthead,
    Signature,
    Title,
)
from inspector.ids import cn_date

if TYPE_CHECKING:
    from inspector.documents.pdf import PdfWriter

EPS = 1e-6


def masthead(writer: PdfWriter, block: Masthead) -> None:
    """Red mark 35 mm under the 版心 top, 发文字号 two lines under it, red line 4 mm under the number."""
    size = L.MARK_SIZE
    natural = writer.width(block.mark, "title", size)
    if natural > L.TEXT_WIDTH:
        size = max(L.MARK_MIN_SIZE, size * L.TEXT_WIDTH / natural)
    space = 0.0
    width = writer.width(block.mark, "title", size)
    if width > L.TEXT_WIDTH and len(block.mark) > 1:
        space = (L.TEXT_WIDTH - width) / len(block.mark)
        width = L.TEXT_WIDTH
    top = L.MARGIN_TOP + L.MARK_TOP
    x = L.MARGIN_LEFT + (L.TEXT_WIDTH - width + space) / 2
    writer.text(x, top, block.mark, "title", size, char_space=space, kind="mark", red=True)
    number_top = top + size + L.NUMBER_GAP_LINES * L.LINE_PITCH + L.top_in_cell(L.BODY_SIZE)
    number_width = writer.width(block.number, "fangsong", L.BODY_SIZE)
    x = L.MARGIN_LEFT + (L.TEXT_WIDTH - number_width) / 2
    writer.text(x, number_top, block.number, "fangsong", L.BODY_SIZE, kind="number")
    rule = number_top + L.BODY_SIZE + L.RED_LINE_GAP
    writer.rule(rule, L.RED_LINE_WIDTH, red=True, kind="red_line")
    writer.y = rule - L.MARGIN_TOP


def title(writer: PdfWriter, block: Title) -> None:
    """The title in 2号 title font, centred, breaking into a trapezoid; `gap_lines` blank lines above it."""
    size = L.TITLE_SIZE
    start = writer.y + block.gap_lines * L.LINE_PITCH
    if start + L.LINE_PITCH > L.TEXT_HEIGHT + EPS:
        writer.new_page()
        start = 0.0
    for k, line in enumerate(balanced_title_lines(block.text, math.floor(L.TEXT_WIDTH / size))):
        width = writer.width(line, "title", size)
        top = L.MARGIN_TOP + start + k * L.LINE_PITCH + L.top_in_cell(size)
        writer.text(L.MARGIN_LEFT + (L.TEXT_WIDTH - width) / 2, top, line, "title", size, kind="title")
        writer.y = start + (k + 1) * L.LINE_PITCH


def addressee(writer: PdfWriter, block: Addressee) -> None:
    """主送机关 one blank line under the title, flush left, ending with a full-width colon."""
    writer.y += L.ADDRESSEE_GAP_LINES * L.LINE_PITCH
    text = block.text.rstrip("：:") + "："
    writer.lines(text, ["fangsong"] * len(text), align="justify", kind="addressee")


def attachment_note(writer: PdfWriter, block: AttachmentNote) -> None:
    """附件说明: one blank line under the body, 2-character indent, further names aligned under the first."""
    writer.y = L.cell_top(writer.grid_line() + 1)
    label = "附件："
    indent = L.indent_width()
    hang = indent + writer.width(label, "fangsong", L.BODY_SIZE, L.CHAR_SPACE)
    numbered = len(block.titles) > 1
    for n, name in enumerate(block.titles, start=1):
        text = (label if n == 1 else "") + (f"{n}." if numbered else "") + name
        first = indent if n == 1 else hang
        writer.lines(text, ["fangsong"] * len(text), first_x=first, rest_x=hang, kind="attachment_note")


def signature(writer: PdfWriter, block: Signature) -> None:
    """Office name and date without seal, one blank line under the body (GB/T 9704 7.3.5.2)."""
    writer.y = L.cell_top(writer.grid_line() + 1)
    day = cn_date(block.day)
    two = L.indent_width()
    office_w = writer.width(block.office, "fangsong", L.BODY_SIZE, L.CHAR_SPACE)
    date_w = writer.width(day, "fangsong", L.BODY_SIZE, L.CHAR_SPACE)
    if date_w > office_w:
        date_x = L.TEXT_WIDTH - two - date_w
        office_x = date_x - two
    else:
        office_x = L.TEXT_WIDTH - two - office_w
        date_x = office_x + two
    line = writer.grid_line(2)
    for k, (text, x) in enumerate(((block.office, office_x), (day, date_x))):
        top = L.MARGIN_TOP + L.cell_top(line + k) + L.top_in_cell(L.BODY_SIZE)
        writer.text(L.MARGIN_LEFT + x, top, text, "fangsong", L.BODY_SIZE, char_space=L.CHAR_SPACE, kind="signature")
    writer.y = L.cell_top(line + 2)


def attachment_start(writer: PdfWriter, block: AttachmentStart) -> None:
    """New page; 附件N in 3号黑体 on line 1; the title centred from line 3; a blank line before the content."""
    writer.new_page()
    label = f"附件{block.number}" if block.numbered else "附件"
    top = L.MARGIN_TOP + L.top_in_cell(L.BODY_SIZE)
    writer.text(L.MARGIN_LEFT, top, label, "hei", L.BODY_SIZE, char_space=L.CHAR_SPACE, kind="attachment")
    writer.y = L.cell_top(1)
    title(writer, Title(block.title, gap_lines=1))
    writer.y += L.LINE_PITCH


def imprint(writer: PdfWriter, block: Imprint) -> None:
    """版记 on the bottom of the last page: thick rule, 抄送, thin rule, 印发机关 and date, thick rule."""
    size = L.IMPRINT_SIZE
    inset = L.IMPRINT_INSET
    copy_lines: list[str] = []
    if block.copy_to:
        text = "抄送：" + block.copy_to.rstrip("。.") + "。"
        label_w = writer.width("抄送：", "fangsong", size)
        advances = [writer.fonts.advance("fangsong", ch, size) for ch in text]
        avail = L.TEXT_WIDTH - 2 * inset
        copy_lines = [text[a:b] for a, b in break_lines(text, advances, [avail, avail - label_w])]
    rows = len(copy_lines) + 1
    height = rows * L.LINE_PITCH
    if writer.y + height > L.TEXT_HEIGHT - L.LINE_PITCH + EPS:  # keep a blank line above the 版记
        writer.new_page()
    first = L.MARGIN_TOP + L.TEXT_HEIGHT - height
    writer.rule(first, L.IMPRINT_THICK, kind="imprint_rule")
    for k, line in enumerate(copy_lines):
        x = L.MARGIN_LEFT + inset + (0 if k == 0 else writer.width("抄送：", "fangsong", size))
        writer.text(x, first + k * L.LINE_PITCH + L.top_in_cell(size), line, "fangsong", size, kind="imprint")
    bottom_row = first + len(copy_lines) * L.LINE_PITCH
    if copy_lines:
        writer.rule(bottom_row, L.IMPRINT_THIN, kind="imprint_rule")
    top = bottom_row + L.top_in_cell(size)
    writer.text(L.MARGIN_LEFT + inset, top, block.printed_by, "fangsong", size, kind="imprint")
    printed = cn_date(block.printed_on) + "印发"
    width = writer.width(printed, "fangsong", size)
    writer.text(L.MARGIN_LEFT + L.TEXT_WIDTH - inset - width, top, printed, "fangsong", size, kind="imprint")
    writer.rule(L.MARGIN_TOP + L.TEXT_HEIGHT, L.IMPRINT_THICK, kind="imprint_rule")
    writer.y = L.TEXT_HEIGHT
