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
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from inspector import catalog, scoring
from inspector.catalog import CatalogValidationError, NewDefinitionsError
from inspector.changes import OpChanges
from inspector.errors import InspectorError, ValidationError
from inspector.register import sites
from inspector.register.sites import SiteImportReport
from inspector.tabular import CodedProblem
from inspector.workspace import Workspace
from ui.context import AppContext
from ui.pages.problem_text import KINDS, problem_column, problem_message, problem_rows
from ui.pages.problem_text import tr as problem_tr
from ui.tasks import Cancel, Cancelled, Task
from ui.widgets import accessible, messages
from ui.widgets.fields import OPEN_FILE, path_problem
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
    added: tuple[CodedProblem, ...] = ()

    @property
    def changes(self) -> OpChanges:
        """What the import changed: the negative list (stored and made current)."""
        return catalog.import_catalog.changes


@dataclass(frozen=True)
class SiteImportResult:
    """What importing a site register did."""

    file: str
    report: SiteImportReport

    @property
    def changes(self) -> OpChanges:
        """What the import changed: the register, unless every site was unchanged."""
        return self.report.changes


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


def catalog_import_job(path: str, accept_new: bool = False) -> Job:
    """Check a negative-list file (YAML/XLSX/CSV), then store it as a version and make it current.

    New categories or site types stop the import (NewDefinitionsError) unless `accept_new`.
    """

    def job(ws: Workspace, token: Cancel) -> CatalogImportResult:
        token.progress(0, 2, "read")
        base = catalog.get_catalog(ws.db)
        defaults = scoring.load_rules(ws.db).deduction_by_severity
        check = catalog.read_catalog_file(path, base=base, default_deductions=defaults, accept_new=accept_new)
        loaded = check.catalog
        assert loaded is not None
        token.check()
        token.progress(1, 2, "write")
        known = {v["version"] for v in catalog.list_versions(ws.db)}
        version = catalog.import_catalog(ws.db, loaded, source=Path(path).name)
        return CatalogImportResult(
            Path(path).name, loaded.name, version, len(loaded.items), version not in known, tuple(check.new)
        )

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
    """Every problem of a file that could not be imported, worded in the UI's language."""

    CONTEXT = "ProblemsModel"
    COLUMNS = (
        ListColumn(QT_TRANSLATE_NOOP("ProblemsModel", "File"), lambda p: p.file),
        ListColumn(QT_TRANSLATE_NOOP("ProblemsModel", "Row"), problem_rows, True, sort=lambda p: p.row or 0),
        ListColumn(QT_TRANSLATE_NOOP("ProblemsModel", "Column"), problem_column),
        ListColumn(QT_TRANSLATE_NOOP("ProblemsModel", "What is wrong"), problem_message, tooltip=problem_message),
    )


def _argument(name: str) -> Callable[[CodedProblem], str]:
    return lambda p: str(p.arguments.get(name, ""))


class NewDefinitionsModel(ListTableModel):
    """Categories and site types a file names that the workspace does not know, with the codes they would get."""

    CONTEXT = "NewDefinitionsModel"
    COLUMNS = (
        ListColumn(QT_TRANSLATE_NOOP("NewDefinitionsModel", "Kind"), lambda p: problem_tr(KINDS[p.arguments["kind"]])),
        ListColumn(QT_TRANSLATE_NOOP("NewDefinitionsModel", "Code"), _argument("new_code")),
        ListColumn(QT_TRANSLATE_NOOP("NewDefinitionsModel", "Name"), _argument("name")),
        ListColumn(QT_TRANSLATE_NOOP("NewDefinitionsModel", "Rows"), problem_rows, sort=lambda p: p.row or 0),
        ListColumn(QT_TRANSLATE_NOOP("NewDefinitionsModel", "Column"), problem_column),
    )


class ImportDialog(QDialog):
    """Runs one import; emits `done(result)` at the end (the result object, or None when nothing was imported)."""

    done = Signal(object)

    def __init__(self, ctx: AppContext, kind: str, path: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.kind, self.path = ctx, kind, path
        self.task: Task | None = None
        self.result: Any = None
        self.accept_new = False
        self.problems = ProblemsModel(self)
        self.proposals = NewDefinitionsModel(self)
        self.setWindowTitle(self.tr("Import site register") if kind == SITES else self.tr("Import negative list"))
        self.setMinimumSize(720, 200)

        self.stage = QLabel()
        self.stage.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setAutoDefault(False)  # a key pressed as the import starts never cancels it
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
        set_widths(self.table, (8, 4, 8, 20))
        self.new_label = QLabel()
        self.new_label.setWordWrap(True)
        self.new_table = make_table(self.proposals)
        set_widths(self.new_table, (6, 5, 12, 6, 10))
        self.accept_box = QCheckBox(self.tr("Accept new categories"))
        self.accept_box.setToolTip(
            self.tr("Add the new categories and site types with the codes shown, as part of the imported list")
        )
        self.import_button = QPushButton(self.tr("Import"))
        self.import_button.setEnabled(False)
        self.accept_box.toggled.connect(self._accept_toggled)
        self.import_button.clicked.connect(self.import_accepted)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.clicked.connect(self.accept)
        report = QWidget()
        report_layout = QVBoxLayout(report)
        report_layout.addWidget(self.headline)
        report_layout.addWidget(self.message)
        report_layout.addWidget(self.table, 2)
        report_layout.addWidget(self.new_label)
        report_layout.addWidget(self.new_table, 1)
        row = QHBoxLayout()
        row.addWidget(self.accept_box)
        row.addStretch(1)
        row.addWidget(self.import_button)
        row.addWidget(self.close_button)
        report_layout.addLayout(row)

        self.stack = QStackedWidget()
        self.stack.addWidget(running)
        self.stack.addWidget(report)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)
        accessible.name_unnamed(self)  # fields named after their labels

    # running

    def start(self) -> Task | None:
        """Open the dialog and start the import off the UI thread (None, with the reason shown, when the path
        names no file)."""
        self.open()
        problem = path_problem(self.path, OPEN_FILE)
        if problem is not None:
            self._report(self.tr("Nothing was imported"), problem)
            self.done.emit(None)
            return None
        return self._run()

    def import_accepted(self) -> Task | None:
        """Import again, this time adding the new categories and site types (the clerk ticked the box)."""
        if not self.accept_box.isChecked():
            return None
        self.accept_new = True
        return self._run()

    def _run(self) -> Task:
        job = site_import_job(self.path) if self.kind == SITES else catalog_import_job(self.path, self.accept_new)
        self.cancel_button.setEnabled(True)
        self._show_stage("read")
        self.stack.setCurrentIndex(0)
        self.bar.setFocus(Qt.FocusReason.OtherFocusReason)
        self.task = self.ctx.runner.start(in_worker_workspace(self.ctx, job))
        self.task.signals.progress.connect(self._progress)
        self.task.signals.finished.connect(self._finished)
        self.task.signals.failed.connect(self._failed)
        self.task.signals.cancelled.connect(self._cancelled)
        return self.task

    def _accept_toggled(self, on: bool) -> None:
        """Ticking “Accept new categories” makes Import what Enter does; unticked, Enter closes."""
        self.import_button.setEnabled(on)
        (self.import_button if on else self.close_button).setDefault(True)

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

    def _report(
        self,
        headline: str,
        message: str,
        problems: list | None = None,
        new: list | None = None,
        new_label: str = "",
        can_accept: bool = False,
    ) -> None:
        self.headline.setText(headline)
        self.message.setText(message)
        self.problems.set_rows(problems or [])
        self.table.setVisible(bool(problems))
        self.proposals.set_rows(new or [])
        self.new_table.setVisible(bool(new))
        self.new_label.setText(new_label)
        self.new_label.setVisible(bool(new_label))
        self.accept_box.setChecked(False)
        self.close_button.setDefault(True)
        self.accept_box.setVisible(can_accept)
        self.import_button.setVisible(can_accept)
        self.stack.setCurrentIndex(1)
        if problems or new:
            self.resize(max(self.width(), 900), 520)
        else:
            self.stack.widget(0).hide()  # size the dialog for the short report, not for the pages it is not showing
            self.resize(self.width(), self.minimumSizeHint().height())
        self.close_button.setFocus()

    def _finished(self, result: Any) -> None:
        self.result = result
        if isinstance(result, SiteImportResult):
            r = result.report
            message = self.tr("{file}: {added} added, {updated} updated, {unchanged} unchanged.").format(
                file=result.file, added=r.added, updated=r.updated, unchanged=r.unchanged
            )
            self._report(self.tr("Site register imported"), message)
            self.ctx.changes.apply(result.changes)
        else:
            if result.new:
                text = self.tr("“{name}” ({file}, {items} items, version {version}) is now the current list.")
            else:
                text = self.tr(
                    "“{name}” ({file}, {items} items, version {version}) was imported before and is current again."
                )
            message = text.format(name=result.name, file=result.file, items=result.items, version=result.version[:12])
            added = self.tr("Added with the list:") if result.added else ""
            self._report(self.tr("Negative list imported"), message, new=list(result.added), new_label=added)
            self.ctx.changes.apply(result.changes)
        self.done.emit(result)

    def _failed(self, exc: BaseException) -> None:
        nothing = self.tr("Nothing was imported")
        file = Path(self.path).name
        if isinstance(exc, NewDefinitionsError):
            message = self.tr(
                "“{file}” names {count} categories or site types that the workspace's negative list does not have."
                " Nothing has been imported yet. They are listed below with the codes they would get: tick"
                " “Accept new categories” and import to add them, or correct the file."
            ).format(file=file, count=len(exc.new))
            self._report(self.tr("New categories to confirm"), message, new=exc.new, can_accept=True)
        elif isinstance(exc, ValidationError):
            message = self.tr(
                "{count} problem(s) found in “{file}”. Nothing was imported: correct the file and import it again."
            ).format(count=len(exc.problems), file=file)
            new = exc.new if isinstance(exc, CatalogValidationError) else []
            label = (
                self.tr(
                    "The file also names categories or site types the workspace does not have;"
                    " once the problems are corrected, they will be proposed as new:"
                )
                if new
                else ""
            )
            self._report(nothing, message, exc.problems, new=new, new_label=label)
        elif isinstance(exc, InspectorError):
            self._report(nothing, str(exc))
        else:
            self._report(nothing, messages.error_sentence(exc))
        self.done.emit(None)

    def _cancelled(self) -> None:
        self._report(self.tr("Import cancelled"), self.tr("The import was cancelled. Nothing was imported."))
        self.done.emit(None)
