"""The PDF writer's primitives: page state, text on the GB/T 9704 22 × 28 grid with embedded TrueType fonts.

The frame (pdf_frame) and the tables and figures (pdf_blocks) draw through it; pdf.py hands each block to one of them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from pathlib import Path

from reportlab.lib.rl_accel import escapePDF
from reportlab.pdfgen import canvas

from inspector.documents import layout as L
from inspector.documents.fontset import FontSet
from inspector.documents.images import PreparedKey
from inspector.documents.linebreak import break_lines
from inspector.documents.model import (
    Addressee,
    AttachmentNote,
    Document,
    Figure,
    Heading,
    Paragraph,
    Placed,
    Run,
    Signature,
    Table,
    one_line,
)
from inspector.documents.segment import segments

EPS = 1e-6
FigureHeight = Callable[["PdfWriter", Figure, float], float]


class PdfWriter:
    """Page state while drawing: the canvas, the page number and a cursor `y` measured down from the 版心 top."""

    def __init__(self, path: Path, document: Document, fonts: FontSet, figure_height: FigureHeight):
        self.figure_height = figure_height  # how tall a figure is drawn at a scale (the blocks module knows)
        self.fonts = fonts
        self.document = document
        self.canvas = canvas.Canvas(
            str(path),
            pagesize=(L.PAGE_WIDTH, L.PAGE_HEIGHT),
            initialFontName=fonts.name("fangsong"),
            initialFontSize=L.BODY_SIZE,
            pageCompression=1,
        )
        self.canvas.setTitle(document.title)
        self.canvas.setAuthor(document.author)
        self.canvas.setCreator("创文督查")
        self.page = 1
        self.y = 0.0
        self.log: list[Placed] = []
        self.chars: set[str] = set()
        self.images: dict[PreparedKey, tuple[str, tuple[int, int]]] = {}
        self.prepared: dict[PreparedKey, tuple[bytes, tuple[int, int]]] = {}
        self.upcoming: list[object] = []  # the blocks after the one being drawn, for keep-with-next decisions
        # Names lines should not break inside: the document's own and its addressees.
        self.terms: tuple[str, ...] = (
            *document.terms,
            *(part for b in document.blocks if isinstance(b, Addressee) for part in re.split(r"[，、,；;：:]", b.text)),
        )
        # Cell text broken into lines, by (text, role, size, width): an attachment repeats its districts, units and
        # statuses thousands of times.
        self.wrapped: dict[tuple[str, str, float, float], tuple[str, ...]] = {}
        self.drawn: dict[tuple[str, str | tuple[str, ...], float, bool], str] = {}  # see `text`

    # ---------------------------------------------------------------- pages and the grid

    def new_page(self) -> None:
        """Finish this page (page number) and start the next with the cursor on the first grid line."""
        self._finish_page()
        self.canvas.showPage()
        self.page += 1
        self.y = 0.0

    def _finish_page(self) -> None:
        if not self.document.page_numbers:
            return
        text = f"— {self.page} —"
        size = L.PAGE_NUMBER_SIZE
        width = self.width(text, "song", size)
        if self.page % 2:
            x = L.MARGIN_LEFT + L.TEXT_WIDTH - L.PAGE_NUMBER_INSET - width
        else:
            x = L.MARGIN_LEFT + L.PAGE_NUMBER_INSET
        self.text(x, L.MARGIN_TOP + L.TEXT_HEIGHT + L.PAGE_NUMBER_TOP, text, "song", size, kind="page_number")

    def grid_line(self, keep: int = 1) -> int:
        """The grid line the next text line goes on, leaving `keep` lines free on this page or moving to the next."""
        line = max(0, math.ceil(self.y / L.LINE_PITCH - EPS))
        if line + keep > L.LINES_PER_PAGE:
            self.new_page()
            line = 0
        return line

    def room(self, height: float) -> None:
        """Start a new page unless `height` points fit below the cursor."""
        if self.y > EPS and self.y + height > L.TEXT_HEIGHT + EPS:
            self.new_page()

    # ---------------------------------------------------------------- text

    def width(self, text: str, roles: list[str] | str, size: float, char_space: float = 0.0) -> float:
        """Advance width of a text in points, character spacing included."""
        if isinstance(roles, str):
            return sum(self.fonts.advance(roles, ch, size) for ch in text) + char_space * len(text)
        return sum(self.fonts.advance(r, ch, size) for r, ch in zip(roles, text, strict=True)) + char_space * len(text)

    def text(
        self,
        x: float,
        top: float,
        text: str,
        roles: list[str] | str,
        size: float,
        *,
        char_space: float = 0.0,
        kind: str = "text",
        red: bool = False,
        width: float | None = None,
    ) -> float:
        """Draw one line with its top edge at `top` (points from the page top); returns its width.

        `width` saves measuring again when the caller knows it (character spacing included).
        """
        role = roles if isinstance(roles, str) else roles[0]
        baseline = top + self.fonts.ascent(role) * size
        # PDF operators written directly: reportlab's text objects also measure every string, which we already did.
        # The operators after the position are kept per text, roles, size and colour: a table repeats its cells
        # (a glyph's subset, once assigned in this document, never changes).
        key = (text, roles if isinstance(roles, str) else tuple(roles), size, red)
        body = self.drawn.get(key)
        if body is None:
            doc = self.canvas._doc
            ops = ["{:.3f} {:.3f} {:.3f} rg".format(*L.RED)] if red else []
            for name, run in self.fonts.runs(text, roles):
                font = self.fonts.reportlab_font(name)
                for subset, chunk in font.splitString(run, doc):
                    ops.append(f"{font.getSubsetInternalName(subset, doc)} {size:g} Tf ({escapePDF(chunk)}) Tj")
            ops.append("0 0 0 rg ET" if red else "ET")
            body = self.drawn[key] = " ".join(ops)
        self.canvas._code.append(f"BT {char_space:.4f} Tc 1 0 0 1 {x:.3f} {L.PAGE_HEIGHT - baseline:.3f} Tm {body}")
        self.chars.update(text)
        if width is None:
            width = self.width(text, roles, size, char_space)
        self.log.append(Placed(kind, self.page, x, top, width - char_space, size, text, self.fonts.name(role)))
        return width

    def lines(
        self,
        text: str,
        roles: list[str],
        *,
        size: float = L.BODY_SIZE,
        first_x: float = 0.0,
        rest_x: float = 0.0,
        align: str = "justify",
        kind: str = "body",
        keep: int = 1,
        red: bool = False,
        tail: int = 0,
        whole_words: bool = False,
    ) -> None:
        """Set text on consecutive grid lines from the cursor, breaking lines and pages as needed.

        `keep` lines must fit with the first line; `tail` grid lines must follow the last line on its page
        (the 落款 after the last paragraph): if they would not, the last two lines move on with them.
        `whole_words` breaks only between segments (names, numbers with units, terms), as headings, centred lines
        and the 主送 do; body text breaks between any two ideographs to fill the grid.
        """
        text = one_line(text)
        space = L.grid_char_space(size)
        advances = [self.fonts.advance(r, ch, size) + space for r, ch in zip(roles, text, strict=True)]
        words = segments(text, self.terms) if whole_words or align == "center" else None
        spans = break_lines(text, advances, [L.TEXT_WIDTH - first_x, L.TEXT_WIDTH - rest_x], words)
        carry_from = -1
        if tail:
            start = self.grid_line(keep)
            last = (start + len(spans) - 1) % L.LINES_PER_PAGE
            if last + 1 + tail > L.LINES_PER_PAGE:
                carry_from = max(0, len(spans) - 2)
        for k, (a, b) in enumerate(spans):
            if k == carry_from and self.y > EPS:
                self.new_page()
            line = self.grid_line(keep if k == 0 else 1)
            offset = first_x if k == 0 else rest_x
            avail = L.TEXT_WIDTH - offset
            natural = sum(advances[a:b])
            char_space = space
            x = L.MARGIN_LEFT + offset
            last = k == len(spans) - 1
            if align == "justify" and not last and b - a > 1 and 0 < avail - natural < size * 4:
                char_space += (avail - natural + space) / (b - a - 1)
            elif align == "center":
                x += (avail - natural + space) / 2
            elif align == "right":
                x += avail - natural + space
            top = L.MARGIN_TOP + L.cell_top(line) + L.top_in_cell(size)
            width = natural + (char_space - space) * (b - a)
            self.text(x, top, text[a:b], roles[a:b], size, char_space=char_space, kind=kind, red=red, width=width)
            self.y = L.cell_top(line + 1)

    def paragraph(self, block: Paragraph, kind: str = "body", keep: int = 1) -> None:
        """A paragraph of runs on the grid."""
        text, roles = _flatten(block.runs)
        if not text:
            self.y = L.cell_top(self.grid_line() + 1)
            return
        if block.keep_with_next and self.upcoming:
            self.keep_with_next(text, roles, block)
        self.lines(
            text,
            roles,
            size=block.size,
            first_x=L.indent_width(block.indent),
            rest_x=L.indent_width(block.hanging),
            align=block.align,
            kind=kind,
            keep=keep,
            red=block.red,
            tail=self.tail_lines(),
        )

    def keep_with_next(self, text: str, roles: list[str], block: Paragraph) -> None:
        """Start a new page unless the paragraph and the start of the next block (a photo row at its smallest) fit."""
        space = L.grid_char_space(block.size)
        advances = [self.fonts.advance(r, ch, block.size) + space for r, ch in zip(roles, text, strict=True)]
        widths = [L.TEXT_WIDTH - L.indent_width(block.indent), L.TEXT_WIDTH - L.indent_width(block.hanging)]
        start = L.cell_top(max(0, math.ceil(self.y / L.LINE_PITCH - EPS)))
        own = len(break_lines(one_line(text), advances, widths)) * L.LINE_PITCH
        follow = self.upcoming[0]
        if isinstance(follow, Figure):
            need = self.figure_height(self, follow, L.FIGURE_MIN_SCALE)
        else:
            need = self.lead_height()
        if start > EPS and start + own + need > L.TEXT_HEIGHT + EPS:
            self.new_page()

    def tail_lines(self) -> int:
        """Grid lines the 附件说明 and 落款 right after the current block need (0 when they do not follow)."""
        lines = 0
        for block in self.upcoming:
            if isinstance(block, AttachmentNote):
                label = self.width("附件：1.", "fangsong", L.BODY_SIZE, L.CHAR_SPACE)
                avail = L.TEXT_WIDTH - L.indent_width() - label
                lines += 1 + sum(
                    math.ceil(self.width(t, "fangsong", L.BODY_SIZE, L.CHAR_SPACE) / avail) for t in block.titles
                )
            elif isinstance(block, Signature):
                return lines + 3
            else:
                return 0
        return 0

    def lead_height(self, ahead: int = 0) -> float:
        """Height the next block needs on the same page as a heading before it (its first line, row or photo row).

        A heading right after a heading needs its own line and the lead of what follows it, so a section heading
        never stays at the foot of a page while its first subsection moves on.
        """
        block = self.upcoming[ahead] if len(self.upcoming) > ahead else None
        if isinstance(block, Figure):
            return self.figure_height(self, block, L.FIGURE_MIN_SCALE)
        if isinstance(block, Table):
            return 2 * L.LINE_PITCH + 2 * (block.size * L.TABLE_LEADING + 2 * L.TABLE_PADDING)
        if isinstance(block, Heading):
            return L.LINE_PITCH + (self.lead_height(ahead + 1) if len(self.upcoming) > ahead + 1 else L.LINE_PITCH)
        return L.LINE_PITCH if block is not None else 0.0

    # ---------------------------------------------------------------- blocks

    def rule(self, top: float, thickness: float, *, red: bool = False, kind: str = "rule", inset: float = 0.0) -> None:
        """A horizontal line across the 版心 centred on `top` (points from the page top)."""
        c = self.canvas
        c.saveState()
        c.setLineWidth(thickness)
        c.setStrokeColorRGB(*(L.RED if red else (0, 0, 0)))
        y = L.PAGE_HEIGHT - top
        c.line(L.MARGIN_LEFT + inset, y, L.MARGIN_LEFT + L.TEXT_WIDTH - inset, y)
        c.restoreState()
        self.log.append(Placed(kind, self.page, L.MARGIN_LEFT + inset, top, L.TEXT_WIDTH - 2 * inset, thickness))

    def heading(self, block: Heading) -> None:
        """A heading on its own line, indented two characters, kept on one page with the start of what follows."""
        start = L.cell_top(self.grid_line())
        if start > EPS and start + L.LINE_PITCH + self.lead_height() > L.TEXT_HEIGHT + EPS:
            self.new_page()
        roles = [block.role] * len(block.text)
        self.lines(block.text, roles, first_x=L.indent_width(), kind="heading", whole_words=True)

    def save(self) -> None:
        """Finish the last page and write the file."""
        self._finish_page()
        self.canvas.showPage()
        self.canvas.save()


def _flatten(runs: tuple[Run, ...]) -> tuple[str, list[str]]:
    text = "".join(run.text for run in runs)
    roles = [run.role for run in runs for _ in run.text]
    return text, roles
