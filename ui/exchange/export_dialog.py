"""Exporting a bundle: where to, the passphrase, then progress with Cancel and what was written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from inspector.exchange.bundle import export
from inspector.exchange.bundle.export import ExportResult
from inspector.exchange.keys import PassphraseError
from inspector.workspace import Workspace
from ui.context import AppContext
from ui.tasks import Cancel, Task
from ui.widgets import accessible, colors
from ui.widgets.fields import FOLDER, MessageLine, PathField, passphrase_edit, path_kind
from ui.widgets.jobs import error_text, run_job

FOLDER_SETTING = "exchange/export_dir"
# the core's progress stages -> what the dialog says
STAGES = {
    "整理记录": QT_TRANSLATE_NOOP("ExportDialog", "Collecting the records not yet exported…"),
    "照片": QT_TRANSLATE_NOOP("ExportDialog", "Copying photos: {done} of {total}…"),
    "写入文件": QT_TRANSLATE_NOOP("ExportDialog", "Signing and writing the bundle…"),
    "完成": QT_TRANSLATE_NOOP("ExportDialog", "Done."),
}
DONE_STAGE = "完成"


def file_size(size: int) -> str:
    """A byte count as KB or MB."""
    if size < 1024 * 1024:
        return f"{max(size, 1) / 1024:.0f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def unexported_text(counts: dict[str, int]) -> str:
    """What the next export would carry, in one sentence."""
    if not counts["inspections"] and not counts["findings"]:
        return QCoreApplication.translate("ExportDialog", "Everything has been exported.")
    return QCoreApplication.translate(
        "ExportDialog",
        "Not yet exported: {inspections} inspection(s), {findings} finding(s) ({revisions} revision(s)).",
    ).format(**counts)


class ExportDialog(QDialog):
    """Asks for a folder and the passphrase, exports off the UI thread; emits `exported(ExportResult)`."""

    exported = Signal(object)
    FORM, RUNNING, DONE = range(3)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.task: Task | None = None
        self.result: ExportResult | None = None
        self.setWindowTitle(self.tr("Export a bundle"))
        self.setMinimumWidth(640)
        self.stack = QStackedWidget()
        self.stack.addWidget(self._form_page())
        self.stack.addWidget(self._running_page())
        self.stack.addWidget(self._done_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)
        self.export_button.setDefault(True)  # Enter on the passphrase (or the folder) exports; set once it is ours
        self.passphrase.setFocus(Qt.FocusReason.OtherFocusReason)  # the folder is remembered; the passphrase is not
        accessible.name_unnamed(self)  # fields named after their labels

    def _form_page(self) -> QWidget:
        self.summary = QLabel(unexported_text(export.unexported_count(self.ctx.db)))
        self.summary.setWordWrap(True)
        self.folder = PathField(FOLDER, self.tr("Export to folder"))
        self.folder.set_path(str(self.ctx.settings.value(FOLDER_SETTING, str(Path.home()))))
        self.passphrase = passphrase_edit(self.tr("The passphrase of this laptop's key"))
        self.full = QCheckBox(self.tr("Export every record again (the office ignores what it already has)"))
        self.message = MessageLine()
        hint = QLabel(self.tr("Choose a USB stick or a shared folder; the file name says whose bundle it is."))
        hint.setWordWrap(True)
        hint.setStyleSheet(f"color: {colors.text('muted').name()};")
        form = QFormLayout()
        form.addRow(self.tr("Folder"), self.folder)
        form.addRow("", hint)
        form.addRow(self.tr("Passphrase"), self.passphrase)
        form.addRow("", self.full)
        self.export_button = QPushButton(self.tr("Export"))
        self.export_button.clicked.connect(self.start)
        close = QPushButton(self.tr("Cancel"))
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.export_button)
        row.addWidget(close)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.summary)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addLayout(row)
        return page

    def _running_page(self) -> QWidget:
        self.stage = QLabel()
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setAutoDefault(False)  # Enter (or its auto-repeat) from the form never cancels
        self.cancel_button.clicked.connect(self.cancel)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.cancel_button)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.stage)
        layout.addWidget(self.bar)
        layout.addLayout(row)
        return page

    def _done_page(self) -> QWidget:
        self.headline = QLabel()
        self.headline.setStyleSheet(f"font-size: 16px; font-weight: bold; color: {colors.text('ok').name()};")
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.close_button)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.headline)
        layout.addWidget(self.details)
        layout.addStretch(1)
        layout.addLayout(row)
        return page

    # running

    def start(self) -> Task | None:
        """Export off the UI thread (None, with the reason shown, when the form is not complete)."""
        folder, passphrase = self.folder.path(), self.passphrase.text()
        if path_kind(folder) != "dir":  # a path typed by hand: any text gets this verdict, never an exception
            self.message.error(self.tr("Choose a folder that exists (a USB stick or a shared folder)."))
            return None
        if not passphrase:
            self.message.error(self.tr("Type the passphrase of this laptop's key."))
            self.passphrase.setFocus()
            return None
        self.ctx.settings.setValue(FOLDER_SETTING, folder)
        full = self.full.isChecked()

        def job(ws: Workspace, token: Cancel) -> ExportResult:
            def progress(stage: str, done: int, total: int) -> None:
                if stage != DONE_STAGE:  # once the file is published the export has happened: no stopping
                    token.check()
                token.progress(done, total, stage)

            return export.export_bundle(ws, folder, passphrase, full=full, progress=progress)

        self.message.clear()
        self.stage.setText(self.tr(STAGES["整理记录"]))
        self.cancel_button.setEnabled(True)
        self.stack.setCurrentIndex(self.RUNNING)
        self.bar.setFocus(Qt.FocusReason.OtherFocusReason)  # not Cancel: keys typed on the form stay harmless
        self.task = run_job(
            self.ctx,
            job,
            finished=self._finished,
            failed=self._failed,
            cancelled=self._cancelled,
            progress=self._progress,
        )
        return self.task

    def running(self) -> bool:
        """Whether an export is going on."""
        return self.stack.currentIndex() == self.RUNNING

    def cancel(self) -> None:
        """Stop at the next step; nothing is written unless the file was already complete."""
        if self.task is not None and self.running():
            self.task.cancel()
            self.cancel_button.setEnabled(False)
            self.stage.setText(self.tr("Cancelling…"))

    def reject(self) -> None:
        if self.running():
            self.cancel()
            return
        super().reject()

    def _progress(self, done: int, total: int, stage: str) -> None:
        if not self.cancel_button.isEnabled():
            return
        text = STAGES.get(stage)
        self.stage.setText(self.tr(text).format(done=done, total=total) if text else stage)
        if stage == "照片" and total:
            self.bar.setRange(0, total)
            self.bar.setValue(done)
        else:
            self.bar.setRange(0, 0)

    # outcomes

    def _finished(self, result: ExportResult) -> None:
        self.result = result
        self.headline.setText(self.tr("Bundle no. {seq} is written").format(seq=result.seq))
        counts: dict[str, Any] = result.counts
        self.details.setText(
            self.tr(
                "{path}\n{inspections} inspection(s), {findings} finding(s), {photos} photo(s), {size}. "
                "Take the file to the office; it can be copied freely, the signature protects it."
            ).format(
                path=result.path,
                inspections=counts.get("inspections", 0),
                findings=counts.get("findings", 0),
                photos=counts.get("photos", 0),
                size=file_size(result.size),
            )
        )
        self.stack.setCurrentIndex(self.DONE)
        self.close_button.setFocus()
        self.ctx.changes.apply(result.changes)
        self.exported.emit(result)

    def _failed(self, exc: BaseException) -> None:
        self.stack.setCurrentIndex(self.FORM)
        self.message.error(error_text(exc))
        if isinstance(exc, PassphraseError):
            self.passphrase.clear()
            self.passphrase.setFocus()

    def _cancelled(self) -> None:
        self.stack.setCurrentIndex(self.FORM)
        self.message.note(self.tr("The export was cancelled. Nothing was written."))
