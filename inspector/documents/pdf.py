"""The PDF renderer: draws a Document with reportlab on the GB/T 9704 22 × 28 grid with embedded TrueType fonts.

Each block goes to the writer's primitives (pdf_writer), the frame (pdf_frame) or the tables and figures (pdf_blocks).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from reportlab import rl_config

from inspector.atomic import atomic_path
from inspector.documents import layout as L
from inspector.documents import pdf_blocks, pdf_frame
from inspector.documents.fontset import FontSet, shared_fonts
from inspector.documents.images import photo_requests, prepare_many
from inspector.documents.model import (
    Addressee,
    AttachmentNote,
    AttachmentStart,
    BlankLine,
    Document,
    Figure,
    Heading,
    Masthead,
    PageBreak,
    Paragraph,
    RenderReport,
    Signature,
    Table,
    Title,
)
from inspector.documents.pdf_writer import PdfWriter

_RL_CONFIG = threading.Lock()


@contextmanager
def _binary_streams():
    """Write binary streams: reportlab's default ASCII85 text encoding is slow in pure Python and 25% larger."""
    with _RL_CONFIG:
        saved = rl_config.useA85
        rl_config.useA85 = 0
        try:
            yield
        finally:
            rl_config.useA85 = saved


def _dispatch(writer: PdfWriter) -> dict[type, Callable[[object], None]]:
    frame = {
        Masthead: pdf_frame.masthead,
        Title: pdf_frame.title,
        Addressee: pdf_frame.addressee,
        AttachmentNote: pdf_frame.attachment_note,
        Signature: pdf_frame.signature,
        AttachmentStart: pdf_frame.attachment_start,
        Table: pdf_blocks.table,
        Figure: pdf_blocks.figure,
    }
    handlers: dict[type, Callable[[object], None]] = {
        kind: functools.partial(draw, writer) for kind, draw in frame.items()
    }  # type: ignore[misc]
    handlers.update(
        {
            Heading: writer.heading,
            Paragraph: writer.paragraph,
            BlankLine: lambda _block: setattr(writer, "y", L.cell_top(writer.grid_line() + 1)),
            PageBreak: lambda _block: writer.new_page(),
        }  # type: ignore[dict-item]
    )
    return handlers


def render_pdf(document: Document, out: Path, fonts: FontSet | None = None) -> RenderReport:
    """Draw the document as a PDF at `out` (through a temporary file); FontNotFoundError without CJK fonts."""
    out = Path(out)
    fonts = fonts or shared_fonts()
    out.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(out) as tmp, _binary_streams():
        writer = PdfWriter(tmp, document, fonts, pdf_blocks.figure_height)
        writer.prepared = prepare_many(photo_requests(document.blocks))
        handlers = _dispatch(writer)
        blocks = document.blocks
        for i, block in enumerate(blocks):
            writer.upcoming = blocks[i + 1 : i + 4]
            handlers[type(block)](block)
        if document.imprint is not None:
            pdf_frame.imprint(writer, document.imprint)
        writer.save()
    return RenderReport(
        path=out,
        format="pdf",
        pages=writer.page,
        fonts=fonts.report(),
        missing_glyphs=writer.chars & fonts.missing,
        layout=writer.log,
        files=[out],
    )
