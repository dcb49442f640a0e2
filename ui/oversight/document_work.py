"""The clerk's work off the UI thread: a preview (no number reserved), an export (numbered by the core), and
printing a numbered PDF onto a printer page by page (QPainter may paint on a QPrinter outside the UI thread).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QImageWriter, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from inspector import fonts
from inspector.documents import ProblemRow
from inspector.letters import DocumentError
from inspector.oversight import issuing, reports
from inspector.oversight.issuing import IssuedDocument
from inspector.oversight.queries import issued_number
from inspector.periods import Period
from inspector.workspace import Workspace
from ui.tasks import Cancel

MAX_PRINT_DPI = 300


@dataclass(frozen=True)
class DocumentRequest:
    """What the clerk asked for on the form."""

    kind: str
    period: Period
    unit: str | None
    addressees: str
    copy_to: str
    issued_on: date
    today: date
    actor: str | None = None  # the person working (office users): recorded with the number

    def issue(self, ws: Workspace, out: Path, fmt: str, *, preview: bool) -> IssuedDocument:
        """Write the document through the core (a preview reserves no number)."""
        return issuing.issue(
            ws,
            self.kind,
            self.period,
            fmt=fmt,
            out=out,
            unit=self.unit if self.kind == "notice" else None,
            addressees=self.addressees,
            copy_to=self.copy_to,
            today=self.today,
            issued_on=self.issued_on,
            preview=preview,
            actor=self.actor,
        )


@dataclass(frozen=True)
class ListPreview:
    """The problem list's rows (an Excel workbook has no PDF to preview), with the pending-review count."""

    rows: tuple[ProblemRow, ...]
    pending: int
    missing_glyphs: tuple[str, ...] = ()  # characters of the rows no installed font has


@dataclass(frozen=True)
class PdfPreview:
    """A preview PDF; `reserved` when the number it shows was reserved by an earlier issue of the same document."""

    issued: IssuedDocument
    reserved: bool


def preview(ws: Workspace, token: Cancel, request: DocumentRequest, folder: Path, serial: int) -> object:
    """A PDF preview of the document (PdfPreview), or the rows of the problem list (ListPreview)."""
    token.progress(0, 1, "prepare")
    if request.kind == "problems":
        scope = reports.document_scope(ws.db, request.period, today=request.today)
        rows = tuple(reports.problem_rows(scope.problems))
        text = "".join(f"{r.district}{r.street}{r.site}{r.description}{r.responsible_unit}" for r in rows)
        missing = tuple(sorted(fonts.uncovered(text)))
        return ListPreview(rows, scope.pending, missing)
    reserved = issued_number(ws.db, request.kind, request.period, request.unit or "") is not None
    out = folder / f"preview-{serial}.pdf"  # a new name each time: the viewer may still hold the last one
    return PdfPreview(request.issue(ws, out, "pdf", preview=True), reserved)


def notice_units(ws: Workspace, token: Cancel, period: Period, today: date) -> list[str]:
    """The responsible units with open problems in the period, by name: those a notice can go to."""
    token.check()
    return list(reports.notice_problems(ws.db, period, today=today))


def export(ws: Workspace, token: Cancel, request: DocumentRequest, path: Path, fmt: str) -> IssuedDocument:
    """Write the document in a format to a path; circulars, notices and exposure sheets get their number."""
    token.progress(0, 1, "write")
    if fmt not in issuing.FORMATS[request.kind]:
        raise DocumentError(f"{issuing.TITLES[request.kind]}可以导出为 {'、'.join(issuing.FORMATS[request.kind])}")
    return request.issue(ws, path, fmt, preview=False)


@dataclass(frozen=True)
class Printed:
    """A document issued and printed: what was issued and how many pages went to the printer."""

    issued: IssuedDocument
    pages: int


def issue_and_print(
    ws: Workspace, token: Cancel, request: DocumentRequest, folder: Path, serial: int, printer: QPrinter
) -> Printed:
    """Issue the PDF (reserving its number) and print it."""
    token.progress(0, 1, "write")
    issued = request.issue(ws, folder / f"print-{serial}.pdf", "pdf", preview=False)
    token.check()
    return Printed(issued, print_pdf(issued.files[0], printer, token))


def print_order(printer: QPrinter, count: int) -> list[int | None]:
    """The pages of a `count`-page document in the order they go to the printer (None: a blank back side).

    Honours what the print dialog set on the printer: the page range (from/to or a list such as "1,3-4"), the page
    order, and the copies when the printer's engine cannot make them itself (the PDF engine, printers without CUPS):
    the document is then sent `copyCount()` times, collated or page by page, and on a two-sided printer an
    odd-paged collated copy gets a blank back so the next copy starts on a new sheet.
    """
    pages = list(range(count))
    if printer.printRange() == QPrinter.PrintRange.PageRange:
        ranges = printer.pageRanges()
        if not ranges.isEmpty():
            pages = [i for i in pages if ranges.contains(i + 1)]
        elif printer.fromPage() > 0:
            pages = [i for i in pages if printer.fromPage() <= i + 1 <= (printer.toPage() or count)]
    if printer.pageOrder() == QPrinter.PageOrder.LastPageFirst:
        pages.reverse()
    copies = 1 if printer.supportsMultipleCopies() else max(printer.copyCount(), 1)
    if copies == 1 or not pages:
        return list(pages)
    if not printer.collateCopies():
        return [index for index in pages for _ in range(copies)]
    two_sided = printer.duplex() != QPrinter.DuplexMode.DuplexNone and len(pages) % 2 == 1
    order: list[int | None] = []
    for copy in range(copies):
        if copy and two_sided:
            order.append(None)
        order.extend(pages)
    return order


def prepare_printing() -> None:
    """Call on the GUI thread before print_pdf runs in a worker.

    The PDF printer engine loads Qt's image-format plugins the first time it draws an image; doing that on a worker
    moves the plugin loader between threads under Qt's thread-data mutex while PySide holds the GIL for the call,
    and the GUI thread, disconnecting a signal with that mutex held, waits for the GIL: a deadlock (seen in CI).
    Loading the plugins here first leaves the worker nothing to move.
    """
    QImageWriter.supportedImageFormats()


def print_pdf(path: Path, printer: QPrinter, token: Cancel | None = None) -> int:
    """Draw the pages of a PDF onto a printer as the print dialog set it up (see print_order), scaled to fit the
    paper; returns the pages sent (copies and blank backs included)."""
    document = QPdfDocument()
    try:
        if document.load(str(path)) != QPdfDocument.Error.None_:
            raise DocumentError(f"打印失败：无法读取“{path.name}”")
        count = document.pageCount()
        pages = print_order(printer, count)
        if not pages:
            raise DocumentError(
                f"打印失败：所选页码（{printer.fromPage()}–{printer.toPage()}）不在文书的 1–{count} 页之内"
            )
        dpi = min(printer.resolution(), MAX_PRINT_DPI)
        painter = QPainter()
        if not painter.begin(printer):
            raise DocumentError("打印失败：打印机无法开始打印，请检查打印机是否连接、是否有纸")
        try:
            for n, index in enumerate(pages):
                if token is not None:
                    token.check()
                    token.progress(n, len(pages), "print")
                if n and not printer.newPage():
                    raise DocumentError("打印失败：打印机无法换页，请检查打印机")
                if index is None:
                    continue  # the blank back of a copy's last sheet
                points = document.pagePointSize(index)
                image = document.render(
                    index, QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
                )
                area = QRectF(painter.viewport())  # the printable area, in device pixels
                scale = min(area.width() / image.width(), area.height() / image.height())
                width, height = image.width() * scale, image.height() * scale
                target = QRectF(
                    area.x() + (area.width() - width) / 2, area.y() + (area.height() - height) / 2, width, height
                )
                painter.drawImage(target, image)
        finally:
            painter.end()
        return len(pages)
    finally:
        document.close()
