"""文书: the clerk's screen. Choose a document, Generate a preview (PDF in the app, or the problem list's rows),
Export it in any of its formats (the core reserves the document number), or Print it through the Qt print dialog.

Nothing that reads the period's problems runs on the UI thread: previews, exports and printing run as tasks, and
the form reads the units a notice can go to in a worker (wait_loaded() waits for that).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, SLOT, Qt, Slot
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from inspector import clock
from inspector.oversight.issuing import IssuedDocument, safe_name
from inspector.workspace import Workspace
from ui.context import AppContext
from ui.loading import wait_until
from ui.oversight import document_work, labels
from ui.oversight.document_work import ListPreview, PdfPreview, Printed
from ui.oversight.documents_form import DocumentForm
from ui.pages.base import BasePage
from ui.pages.labels import points
from ui.tasks import Cancel, Task
from ui.widgets import colors, dates
from ui.widgets.fields import MessageLine
from ui.widgets.jobs import Job, error_text, run_job
from ui.widgets.table_model import ListColumn, ListTableModel, make_table, set_widths

PLACEHOLDER, PDF, LIST = 0, 1, 2
MAX_PAGES = 999  # the print dialog's last page when no current preview tells the document's length
STAGES = {
    "prepare": QT_TRANSLATE_NOOP("DocumentsPage", "Gathering the period's problems…"),
    "write": QT_TRANSLATE_NOOP("DocumentsPage", "Laying out the document…"),
    "print": QT_TRANSLATE_NOOP("DocumentsPage", "Sending pages to the printer…"),
}


class ProblemListModel(ListTableModel):
    """The rows of the Excel problem list, as the workbook will have them."""

    CONTEXT = "ProblemListModel"
    COLUMNS = (
        ListColumn(QT_TRANSLATE_NOOP("ProblemListModel", "Ref."), lambda r: r.reference),
        ListColumn(QT_TRANSLATE_NOOP("ProblemListModel", "District"), lambda r: r.district),
        ListColumn(QT_TRANSLATE_NOOP("ProblemListModel", "Site"), lambda r: r.site),
        ListColumn(QT_TRANSLATE_NOOP("ProblemListModel", "Problem"), lambda r: r.description),
        ListColumn(QT_TRANSLATE_NOOP("ProblemListModel", "Deduction"), lambda r: points(r.deduction), True),
        ListColumn(QT_TRANSLATE_NOOP("ProblemListModel", "Responsible unit"), lambda r: r.responsible_unit),
        ListColumn(QT_TRANSLATE_NOOP("ProblemListModel", "Deadline"), lambda r: labels.day_text(r.deadline)),
        ListColumn(QT_TRANSLATE_NOOP("ProblemListModel", "Status"), lambda r: r.status),
    )


class DocumentsPage(BasePage):
    """The form and the buttons on the left, the preview on the right."""

    WATCHES = frozenset({"problems", "inspections", "findings", "user"})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self._folder = tempfile.TemporaryDirectory(prefix="inspector-documents-")
        self._serial = 0
        self.task: Task | None = None
        self.issued: IssuedDocument | None = None
        self.file_dialog: QFileDialog | None = None
        self.print_dialog: QPrintDialog | None = None
        self.printer: QPrinter | None = None
        self._preview_pages = 0  # pages of the preview of what the form says now (0: none, or the form changed)
        title = QLabel(self.tr("Documents"))
        title.setStyleSheet("font-size: 20px; font-weight: bold;")

        self.form = DocumentForm(ctx, self)
        self.form.changed.connect(self._form_changed)
        self.form.submitted.connect(self.generate)  # Enter on the form makes the preview, as the default button says
        self.form.load_failed.connect(lambda text: self.message.error(text))
        self.generate_button = QPushButton(self.tr("Generate preview"))
        self.generate_button.setObjectName("generate")
        self.generate_button.setDefault(True)
        self.generate_button.clicked.connect(self.generate)
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.clicked.connect(self.choose_export)
        self.print_button = QPushButton(self.tr("Print…"))
        self.print_button.clicked.connect(lambda: self.start_print())
        buttons = QHBoxLayout()
        for button in (self.generate_button, self.export_button, self.print_button):
            buttons.addWidget(button)
        self.stage = QLabel()
        self.bar = QProgressBar()
        self.bar.setTextVisible(False)
        self.progress_row = QWidget()
        progress = QVBoxLayout(self.progress_row)
        progress.setContentsMargins(0, 0, 0, 0)
        progress.addWidget(self.stage)
        progress.addWidget(self.bar)
        self.progress_row.hide()
        self.number = QLabel()
        self.number.setObjectName("documentNumber")
        self.number.setWordWrap(True)
        self.number.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message = MessageLine()
        self.notes = MessageLine()
        left = QVBoxLayout()
        left.addWidget(self.form)
        left.addLayout(buttons)
        left.addWidget(self.progress_row)
        left.addWidget(self.number)
        left.addWidget(self.message)
        left.addWidget(self.notes)
        left.addStretch(1)
        side = QWidget()
        side.setLayout(left)
        side.setFixedWidth(400)

        self.document = QPdfDocument(self)
        self.viewer = QPdfView()
        self.viewer.setObjectName("pdfPreview")
        self.viewer.setDocument(self.document)
        self.viewer.setPageMode(QPdfView.PageMode.MultiPage)
        self.viewer.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.viewer.setPageSpacing(12)
        self.list_model = ProblemListModel(self)
        self.list_view = make_table(self.list_model)
        self.list_view.setObjectName("listPreview")
        set_widths(self.list_view, (5, 3.5, 8, 12, 3, 6, 5.5, 5))
        self.placeholder = QLabel(self.tr("Choose a document on the left and press Generate preview."))
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setStyleSheet(f"color: {colors.text('muted').name()}; font-size: 15px;")
        self.preview = QStackedWidget()
        for widget in (self.placeholder, self.viewer, self.list_view):
            self.preview.addWidget(widget)
        self.pages = QLabel()
        self.fit_width = QPushButton(self.tr("Fit width"))
        self.fit_page = QPushButton(self.tr("Whole page"))
        self.fit_width.clicked.connect(lambda: self.viewer.setZoomMode(QPdfView.ZoomMode.FitToWidth))
        self.fit_page.clicked.connect(lambda: self.viewer.setZoomMode(QPdfView.ZoomMode.FitInView))
        view_bar = QHBoxLayout()
        view_bar.addWidget(self.pages, 1)
        view_bar.addWidget(self.fit_width)
        view_bar.addWidget(self.fit_page)
        right = QVBoxLayout()
        right.addLayout(view_bar)
        right.addWidget(self.preview, 1)

        columns = QHBoxLayout()
        columns.addWidget(side)
        columns.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 8)
        layout.addWidget(title)
        layout.addLayout(columns, 1)
        self._update_buttons()

    # the clock

    def today(self) -> date:
        """The day documents are dated and statuses counted: the clock's today."""
        return clock.today()

    def refresh(self) -> None:
        """After changes elsewhere: the units with open problems may differ."""
        self.form.reload()

    # state

    def busy(self) -> bool:
        """Whether a document is being made or printed."""
        return self.task is not None

    def loading(self) -> bool:
        """Whether the form is still reading what it offers (the units a notice can go to)."""
        return self.form.loading()

    def wait_loaded(self, timeout_ms: int = 60_000) -> bool:
        """Process events until the form has read what it offers (tests, scripts); False on timeout."""
        return wait_until(lambda: not self.form.loading(), timeout_ms)

    def _update_buttons(self) -> None:
        ready = self.form.ready() and not self.busy()
        self.generate_button.setEnabled(ready)
        self.export_button.setEnabled(ready)
        self.print_button.setEnabled(ready and self.form.kind() != "problems")
        if self.form.kind() == "problems":
            self.print_button.setToolTip(self.tr("Open the exported workbook in Excel to print the list"))
        else:
            self.print_button.setToolTip(self.tr("Prints the numbered document (the number is reserved)"))
        self.ctx.gate("preview" if self.form.kind() == "problems" else "issue", self.export_button, self.print_button)
        showing_pdf = self.preview.currentIndex() == PDF
        self.fit_width.setEnabled(showing_pdf)
        self.fit_page.setEnabled(showing_pdf)

    def _form_changed(self) -> None:
        self._preview_pages = 0
        if self.preview.currentIndex() != PLACEHOLDER:
            self.number.setText(self.tr("The form changed since this preview: press Generate preview again."))
        self._update_buttons()

    def _start(self, job: Job, finished: Callable[[Any], None], text: str) -> Task:
        self.message.clear()
        self.notes.clear()
        self.stage.setText(text)
        self.bar.setRange(0, 0)
        self.progress_row.show()
        self.task = run_job(
            self.ctx,
            job,
            finished=finished,
            failed=self._failed,
            progress=self._progress,  # type: ignore[arg-type]
        )
        self._update_buttons()
        return self.task

    def _progress(self, done: int, total: int, stage: str) -> None:
        text = STAGES.get(stage)
        if text:
            self.stage.setText(self.tr(text))
        if stage == "print" and total:
            self.bar.setRange(0, total)
            self.bar.setValue(done)

    def _stop(self) -> None:
        self.task = None
        self.progress_row.hide()
        self._update_buttons()

    def _failed(self, exc: BaseException) -> None:
        self._stop()
        self.message.error(error_text(exc))

    def _next_serial(self) -> int:
        self._serial += 1
        return self._serial

    # generate

    def generate(self) -> Task | None:
        """Make the preview off the UI thread: a PDF (no number reserved) or the problem list's rows."""
        if self.busy() or not self.form.ready():
            return None
        request, folder, serial = self.form.request(), Path(self._folder.name), self._next_serial()

        def job(ws: Workspace, token: Cancel) -> object:
            return document_work.preview(ws, token, request, folder, serial)

        return self._start(job, self._previewed, self.tr("Making the preview…"))

    def _previewed(self, result: object) -> None:
        self._stop()
        if isinstance(result, ListPreview):
            self.list_model.set_rows(list(result.rows))
            self.preview.setCurrentIndex(LIST)
            self.pages.setText(self.tr("{count} problem(s) in the list").format(count=len(result.rows)))
            self.number.setText(self.tr("Problem list preview: export it as an Excel workbook."))
            lines = [self._glyph_note(result.missing_glyphs)] if result.missing_glyphs else []
            if result.pending:
                lines.insert(
                    0,
                    self.tr(
                        "{count} problem(s) are still pending review and are not in the list; "
                        "confirm them first to include them."
                    ).format(count=result.pending),
                )
            if lines:
                self.notes.note("\n".join(lines))
            self._update_buttons()
            return
        assert isinstance(result, PdfPreview)
        made = result.issued
        self.show_pdf(made.files[0])
        numbers = "、".join(made.numbers)
        if result.reserved:
            text = self.tr("Preview: number {number}, kept from the earlier issue of this document.")
        else:
            text = self.tr("Preview: number {number} (not reserved yet; exporting or printing reserves it).")
        self.number.setText(text.format(number=numbers))
        self._show_warnings(made)

    def show_pdf(self, path: Path) -> int:
        """Load a PDF into the preview; returns its page count."""
        self.document.close()
        self.document.load(str(path))
        self.preview.setCurrentIndex(PDF)
        count = self._preview_pages = self.document.pageCount()
        self.pages.setText(self.tr("{count} page(s) · {file}").format(count=count, file=path.name))
        self._update_buttons()
        return count

    def _show_warnings(self, made: IssuedDocument) -> None:
        lines = list(made.warnings)
        pending = int(made.counts.get("pending_excluded", 0) or 0)
        if pending and lines and not dates.chinese_ui():  # the core's first warning says this in Chinese (_pending)
            lines[0] = self.tr(
                "{count} problem(s) of the period are not reviewed yet: they are left out of the circular, the "
                "exposure sheet, the notices and the problem list, and do not count in the rankings."
            ).format(count=pending)
        if made.missing_glyphs:
            lines.append(self._glyph_note(made.missing_glyphs))
        if lines:
            self.notes.note("\n".join(lines))

    def _glyph_note(self, chars: tuple[str, ...]) -> str:
        """The warning naming characters no installed font has (shown with the preview, before export)."""
        named = "、".join(f"{ch}（U+{ord(ch):04X}）" for ch in chars)
        return self.tr(
            "No installed font has {chars}: the document prints them as 〓. Install a font that has them "
            "(or put one in the folder INSPECTOR_FONT_DIRS names) before exporting."
        ).format(chars=named)

    # export

    def choose_export(self) -> QFileDialog:
        """Ask where to save the document in the chosen format (the dialog opens without blocking)."""
        request, fmt = self.form.request(), self.form.format.currentData()
        name = labels.label(labels.FILE_NAMES, request.kind)
        if request.unit:
            name += f"-{safe_name(request.unit)}"  # a unit such as 城管/执法 stays one file name
        name = f"{name}-{labels.period_text(request.period)}.{fmt}".replace("/", "-")
        folder = str(self.ctx.settings.value("documents/folder", str(Path.home())))
        self.file_dialog = QFileDialog(self, self.tr("Export document"), str(Path(folder) / name))
        self.file_dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        self.file_dialog.setNameFilter(labels.label(labels.FORMATS, fmt) + f" (*.{fmt})")
        self.file_dialog.setDefaultSuffix(fmt)
        self.file_dialog.fileSelected.connect(lambda path: self.export_to(Path(path), fmt))
        self.file_dialog.open()
        return self.file_dialog

    def export_to(self, path: Path, fmt: str) -> Task | None:
        """Write the document to a path in a format, off the UI thread; the core numbers it."""
        if self.busy() or not self.form.ready():
            return None
        self.ctx.settings.setValue("documents/folder", str(path.parent))
        request = self.form.request()

        def job(ws: Workspace, token: Cancel) -> IssuedDocument:
            return document_work.export(ws, token, request, path, fmt)

        return self._start(job, self._exported, self.tr("Writing {file}…").format(file=path.name))

    def _exported(self, made: IssuedDocument) -> None:
        self._stop()
        self.issued = made
        files = [str(f) for f in made.files if f.suffix.lower() != ".jpg"]
        text = self.tr("Exported: {files}").format(files="、".join(files))
        if made.numbers:
            text += " " + self.tr("Number: {number}.").format(number="、".join(made.numbers))
        self.message.ok(text)
        self._show_warnings(made)
        if made.format == "pdf":
            self.show_pdf(made.files[0])
            self.number.setText(self.tr("Issued: {number}").format(number="、".join(made.numbers)))
        self.ctx.changes.apply(made.changes)

    # print

    def start_print(self, printer: QPrinter | None = None) -> QPrintDialog | Task | None:
        """Print the numbered document: through the print dialog (it opens without blocking and prints when
        accepted, with the page range, copies and duplex chosen there), or straight onto a given printer."""
        if self.busy() or not self.form.ready() or self.form.kind() == "problems":
            return None
        if printer is not None:
            return self._print(printer)
        self.printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        self.printer.setDocName(labels.label(labels.FILE_NAMES, self.form.kind()))
        self.print_dialog = dialog = QPrintDialog(self.printer, self)
        dialog.setWindowTitle(self.tr("Print document"))
        options = QAbstractPrintDialog.PrintDialogOption
        dialog.setOption(options.PrintPageRange, True)
        dialog.setOption(options.PrintCollateCopies, True)
        dialog.setOption(options.PrintSelection, False)  # a document has no selection,
        dialog.setOption(options.PrintCurrentPage, False)  # and the preview may not be of what is printed
        dialog.setMinMax(1, self._preview_pages or MAX_PAGES)
        dialog.open(self, SLOT("print_accepted()"))
        return dialog

    @Slot()
    def print_accepted(self) -> None:
        """The print dialog was accepted: print onto the printer it set up."""
        self._print(self.printer)

    def _print(self, printer: QPrinter | None) -> Task | None:
        if printer is None:
            return None
        self.printer = printer
        document_work.prepare_printing()  # on this (GUI) thread, before the worker prints: see its docstring
        request, folder, serial = self.form.request(), Path(self._folder.name), self._next_serial()

        def job(ws: Workspace, token: Cancel) -> Printed:
            return document_work.issue_and_print(ws, token, request, folder, serial, printer)

        return self._start(job, self._printed, self.tr("Preparing the numbered document…"))

    def _printed(self, result: Printed) -> None:
        self._stop()
        self.issued = result.issued
        self.show_pdf(result.issued.files[0])
        number = "、".join(result.issued.numbers)
        self.number.setText(self.tr("Issued: {number}").format(number=number))
        self.message.ok(self.tr("Sent {pages} page(s) to the printer.").format(pages=result.pages))
        self._show_warnings(result.issued)
        self.ctx.changes.apply(result.issued.changes)

    def closeEvent(self, event: object) -> None:
        self.document.close()
        super().closeEvent(event)  # type: ignore[arg-type]
