"""Importing a site register or a negative list off the UI thread: progress, Cancel, then a full report."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from inspector import catalog, scoring, sites
from inspector.errors import InspectorError, ValidationError
from inspector.sites import SiteImportReport
from inspector.workspace import Workspace
from ui.context import AppContext
from ui.tasks import Cancel, Cancelled, Task
from ui.widgets.table_model import ListColumn, ListTableModel, make_table, set_widths

log = logging.getLogger(__name__)
SITES, CATALOG = "sites", "catalog"
Job = Callable[[Workspace, Cancel], Any]


@dataclass(frozen=True)
class CatalogImportResult:
    """What importing a negative list did."""

    file: str
    name: str
    version: str
    items: int
    new: bool


@dataclass(frozen=True)
class SiteImportResult:
    """What importing a site register did."""

    file: str
    report: SiteImportReport


def site_import_job(path: str) -> Job:
    """Check a site register file, then import it in one transaction."""

    def job(ws: Workspace, token: Cancel) -> SiteImportResult:
        token.progress(0, 2, "read")
        types = {t.code: t.name for t in catalog.get_catalog(ws.db).site_types}
        sites.load_site_register(path, site_types=types)  # every problem at once, before writing anything
        token.check()
        token.progress(1, 2, "write")
        report = sites.import_sites(ws.db, path, site_types=types)
        return SiteImportResult(Path(path).name, report)

    return job


def catalog_import_job(path: str) -> Job:
    """Check a negative-list file (YAML/XLSX/CSV), then store it as a version and make it current."""

    def job(ws: Workspace, token: Cancel) -> CatalogImportResult:
        token.progress(0, 2, "read")
        base = catalog.get_catalog(ws.db)
        defaults = scoring.load_rules(ws.db).deduction_by_severity
        loaded = catalog.load_catalog(path, base=base, default_deductions=defaults)
        token.check()
        token.progress(1, 2, "write")
        known = {v["version"] for v in catalog.list_versions(ws.db)}
        version = catalog.import_catalog(ws.db, loaded, source=Path(path).name)
        return CatalogImportResult(Path(path).name, loaded.name, version, len(loaded.items), version not in known)

    return job


def in_worker_workspace(ctx: AppContext, job: Job) -> Callable[[Cancel], Any]:
    """Run a job on its own connection; cancelling interrupts SQLite, so an open transaction rolls back."""

    def work(token: Cancel) -> Any:
        token.check()
        ws = ctx.worker_workspace()
        ws.db.conn.set_progress_handler(lambda: 1 if token.cancelled else 0, 200)
        try:
            return job(ws, token)
        except sqlite3.OperationalError:
            if token.cancelled:
                raise Cancelled from None
            raise
        finally:
            ws.db.conn.set_progress_handler(None, 0)
            ws.close()  # closing also rolls back anything left uncommitted

    return work


class ProblemsModel(ListTableModel):
    """Every problem of a file that could not be imported."""

    CONTEXT = "ProblemsModel"
    COLUMNS = (
        ListColumn(QT_TRANSLATE_NOOP("ProblemsModel", "File"), lambda p: p.file),
        ListColumn(QT_TRANSLATE_NOOP("ProblemsModel", "Row"), lambda p: "" if p.row is None else str(p.row), True),
        ListColumn(QT_TRANSLATE_NOOP("ProblemsModel", "Column"), lambda p: p.column or ""),
        ListColumn(
            QT_TRANSLATE_NOOP("ProblemsModel", "What is wrong"), lambda p: p.message, tooltip=lambda p: p.message
        ),
    )


class ImportDialog(QDialog):
    """Runs one import; emits `done(result)` at the end (the result object, or None when nothing was imported)."""

    done = Signal(object)

    def __init__(self, ctx: AppContext, kind: str, path: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.kind, self.path = ctx, kind, path
        self.task: Task | None = None
        self.result: Any = None
        self.problems = ProblemsModel(self)
        self.setWindowTitle(self.tr("Import site register") if kind == SITES else self.tr("Import negative list"))
        self.setMinimumSize(720, 200)

        self.stage = QLabel()
        self.stage.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.cancel)
        running = QWidget()
        running_layout = QVBoxLayout(running)
        running_layout.addWidget(self.stage)
        running_layout.addWidget(self.bar)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.cancel_button)
        running_layout.addLayout(row)

        self.headline = QLabel()
        self.headline.setStyleSheet("font-size: 16px; font-weight: bold;")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = make_table(self.problems)
        set_widths(self.table, (8, 2, 6, 20))
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.clicked.connect(self.accept)
        report = QWidget()
        report_layout = QVBoxLayout(report)
        report_layout.addWidget(self.headline)
        report_layout.addWidget(self.message)
        report_layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.close_button)
        report_layout.addLayout(row)

        self.stack = QStackedWidget()
        self.stack.addWidget(running)
        self.stack.addWidget(report)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)

    # running

    def start(self) -> Task:
        """Open the dialog and start the import off the UI thread."""
        job = site_import_job(self.path) if self.kind == SITES else catalog_import_job(self.path)
        self._show_stage("read")
        self.open()
        self.task = self.ctx.runner.start(in_worker_workspace(self.ctx, job))
        self.task.signals.progress.connect(self._progress)
        self.task.signals.finished.connect(self._finished)
        self.task.signals.failed.connect(self._failed)
        self.task.signals.cancelled.connect(self._cancelled)
        return self.task

    def running(self) -> bool:
        """Whether the import is still going."""
        return self.stack.currentIndex() == 0 and self.task is not None

    def cancel(self) -> None:
        """Ask the import to stop; nothing is written unless it had already finished."""
        if self.task is not None and self.running():
            self.task.cancel()
            self.cancel_button.setEnabled(False)
            self.stage.setText(self.tr("Cancelling…"))

    def reject(self) -> None:
        if self.running():
            self.cancel()  # the dialog closes with the report once the task has stopped
            return
        super().reject()

    def _show_stage(self, stage: str) -> None:
        name = Path(self.path).name
        if stage == "write":
            self.stage.setText(self.tr("Writing “{file}” to the workspace…").format(file=name))
        else:
            self.stage.setText(self.tr("Reading and checking “{file}”…").format(file=name))

    def _progress(self, done: int, total: int, stage: str) -> None:
        if not self.cancel_button.isEnabled():
            return
        self._show_stage(stage)

    # outcomes

    def _report(self, headline: str, message: str, problems: list | None = None) -> None:
        self.headline.setText(headline)
        self.message.setText(message)
        self.problems.set_rows(problems or [])
        self.table.setVisible(bool(problems))
        if problems:
            self.resize(max(self.width(), 900), 520)
        self.stack.setCurrentIndex(1)
        self.close_button.setFocus()

    def _finished(self, result: Any) -> None:
        self.result = result
        if isinstance(result, SiteImportResult):
            r = result.report
            message = self.tr("{file}: {added} added, {updated} updated, {unchanged} unchanged.").format(
                file=result.file, added=r.added, updated=r.updated, unchanged=r.unchanged
            )
            self._report(self.tr("Site register imported"), message)
            self.ctx.changes.announce("sites")
        else:
            if result.new:
                text = self.tr("“{name}” ({file}, {items} items, version {version}) is now the current list.")
            else:
                text = self.tr(
                    "“{name}” ({file}, {items} items, version {version}) was imported before and is current again."
                )
            message = text.format(name=result.name, file=result.file, items=result.items, version=result.version[:12])
            self._report(self.tr("Negative list imported"), message)
            self.ctx.changes.announce("catalog")
        self.done.emit(result)

    def _failed(self, exc: BaseException) -> None:
        nothing = self.tr("Nothing was imported")
        if isinstance(exc, ValidationError):
            message = self.tr(
                "{count} problem(s) found in “{file}”. Nothing was imported: correct the file and import it again."
            ).format(count=len(exc.problems), file=Path(self.path).name)
            self._report(nothing, message, exc.problems)
        elif isinstance(exc, InspectorError):
            self._report(nothing, str(exc))
        elif isinstance(exc, OSError):
            detail = exc.strerror or str(exc)
            self._report(nothing, self.tr("The file could not be read: {error}").format(error=detail))
        else:
            log.error("import failed: %s", getattr(exc, "__traceback_text__", exc))
            message = self.tr("The import stopped because of an unexpected error ({error}).").format(error=exc)
            self._report(nothing, message)
        self.done.emit(None)

    def _cancelled(self) -> None:
        self._report(self.tr("Import cancelled"), self.tr("The import was cancelled. Nothing was imported."))
        self.done.emit(None)
