"""The GB/T 9704 frame in the PDF: 版头 (mark, number, red line), title, 主送, 附件说明, 落款, attachments, 版记."""

from __future__ import annotations

from typing import TYPE_CHECKING

from inspector.documents import layout as L
from inspector.documents.linebreak import break_lines, title_lines
from inspector.documents.model import (
    Addressee,
    AttachmentNote,
    AttachmentStart,
    Imprint,
    Masthead,
    Signature,
    Title,
)
from inspector.documents.segment import segments
from inspector.ids import cn_date
from inspector.letters import DocumentError

if TYPE_CHECKING:
    from inspector.documents.pdf_writer import PdfWriter

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
    """The title in 2号 title font, centred, breaking into a trapezoid; `gap_lines` blank lines above it.

    Lines are measured with the advances of the fonts that draw each character and break only between words.
    """
    size = L.TITLE_SIZE
    lines = title_lines(block.text, lambda ch: writer.fonts.advance("title", ch, size), L.TEXT_WIDTH, writer.terms)
    start = writer.y + block.gap_lines * L.LINE_PITCH
    if start > EPS and start + min(len(lines), 3) * L.LINE_PITCH > L.TEXT_HEIGHT + EPS:
        writer.new_page()
        start = 0.0
    for k, line in enumerate(lines):
        if start + (k + 1) * L.LINE_PITCH > L.TEXT_HEIGHT + EPS:
            writer.new_page()
            start = -k * L.LINE_PITCH
        width = writer.width(line, "title", size)
        top = L.MARGIN_TOP + start + k * L.LINE_PITCH + L.top_in_cell(size)
        writer.text(L.MARGIN_LEFT + (L.TEXT_WIDTH - width) / 2, top, line, "title", size, kind="title")
        writer.y = start + (k + 1) * L.LINE_PITCH


def addressee(writer: PdfWriter, block: Addressee) -> None:
    """主送机关 one blank line under the title, flush left, ending with a full-width colon."""
    writer.y += L.ADDRESSEE_GAP_LINES * L.LINE_PITCH
    text = block.text.rstrip("：:") + "："
    writer.lines(text, ["fangsong"] * len(text), align="justify", kind="addressee", whole_words=True)


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
    """Office name and date without seal, one blank line under the body (GB/T 9704 7.3.5.2).

    An office name too long for its place breaks between words into right-aligned lines above the date.
    """
    writer.y = L.cell_top(writer.grid_line() + 1)
    day = cn_date(block.day)
    two = L.indent_width()
    space = L.CHAR_SPACE
    date_w = writer.width(day, "fangsong", L.BODY_SIZE, space)
    advances = [writer.fonts.advance("fangsong", ch, L.BODY_SIZE) + space for ch in block.office]
    words = segments(block.office, writer.terms)
    names = [block.office[a:b] for a, b in break_lines(block.office, advances, [L.TEXT_WIDTH - two], words)]
    office_w = max(writer.width(name, "fangsong", L.BODY_SIZE, space) for name in names)
    if date_w > office_w:
        date_x = L.TEXT_WIDTH - two - date_w
        office_right = date_x - two + office_w
    else:
        office_right = L.TEXT_WIDTH - two
        date_x = min(office_right - office_w + two, L.TEXT_WIDTH - date_w)
    line = writer.grid_line(len(names) + 1)
    rows = [(name, office_right - writer.width(name, "fangsong", L.BODY_SIZE, space)) for name in names]
    for k, (text, x) in enumerate((*rows, (day, date_x))):
        top = L.MARGIN_TOP + L.cell_top(line + k) + L.top_in_cell(L.BODY_SIZE)
        writer.text(L.MARGIN_LEFT + max(0.0, x), top, text, "fangsong", L.BODY_SIZE, char_space=space, kind="signature")
    writer.y = L.cell_top(line + len(rows) + 1)


def attachment_start(writer: PdfWriter, block: AttachmentStart) -> None:
    """New page; 附件N in 3号黑体 on line 1; the title centred from line 3; a blank line before the content."""
    writer.new_page()
    label = f"附件{block.number}" if block.numbered else "附件"
    top = L.MARGIN_TOP + L.top_in_cell(L.BODY_SIZE)
    writer.text(L.MARGIN_LEFT, top, label, "hei", L.BODY_SIZE, char_space=L.CHAR_SPACE, kind="attachment")
    writer.y = L.cell_top(1)
    title(writer, Title(block.title, gap_lines=1))
    writer.y += L.LINE_PITCH


MAX_IMPRINT_ROWS = L.LINES_PER_PAGE // 2


def imprint(writer: PdfWriter, block: Imprint) -> None:
    """版记 on the bottom of the last page: thick rule, 抄送, thin rule, 印发机关 and date, thick rule.

    GB/T 9704 puts the 版记 on the last page, the back of the last sheet (封四) when printed on both sides, so that
    page is even. When the document would end on an odd page, the 版记 goes to the bottom of a new even page. That
    page carries no "（此页无正文）" note: the standard forbids that note for the 落款 (7.3.5.1), and the 版记 with its
    page number already shows the page is meant to be there.
    """
    size = L.IMPRINT_SIZE
    inset = L.IMPRINT_INSET
    copy_lines: list[str] = []
    if block.copy_to:
        text = "抄送：" + block.copy_to.rstrip("。.") + "。"
        label_w = writer.width("抄送：", "fangsong", size)
        advances = [writer.fonts.advance("fangsong", ch, size) for ch in text]
        avail = L.TEXT_WIDTH - 2 * inset
        words = segments(text, writer.terms)
        copy_lines = [text[a:b] for a, b in break_lines(text, advances, [avail, avail - label_w], words)]
    printed = cn_date(block.printed_on) + "印发"
    printed_w = writer.width(printed, "fangsong", size)
    room = L.TEXT_WIDTH - 2 * inset - printed_w - size  # at least one character between the office and the date
    by = block.printed_by
    by_advances = [writer.fonts.advance("fangsong", ch, size) for ch in by]
    by_lines = [by[a:b] for a, b in break_lines(by, by_advances, [room], segments(by, writer.terms))]
    rows = len(copy_lines) + len(by_lines)
    if rows > MAX_IMPRINT_ROWS:  # it would not fit above the 版心 bottom; a 版记 never takes more than half a page
        raise DocumentError(
            f"版记需要 {rows} 行（抄送机关或印发机关过长），超过半页：请精简抄送机关，或使用统称（如“各区人民政府”）。"
        )
    height = rows * L.LINE_PITCH
    if writer.y + height > L.TEXT_HEIGHT - L.LINE_PITCH + EPS:  # keep a blank line above the 版记
        writer.new_page()
    if writer.page % 2:
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
    for k, line in enumerate(by_lines):
        writer.text(L.MARGIN_LEFT + inset, top + k * L.LINE_PITCH, line, "fangsong", size, kind="imprint")
    writer.text(L.MARGIN_LEFT + L.TEXT_WIDTH - inset - printed_w, top, printed, "fangsong", size, kind="imprint")
    writer.rule(L.MARGIN_TOP + L.TEXT_HEIGHT, L.IMPRINT_THICK, kind="imprint_rule")
    writer.y = L.TEXT_HEIGHT
