"""The task list (任务): tasks from task packs, open inspections to resume, a new spot check, and the runner."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QEvent, QModelIndex, QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inspector import catalog
from inspector.errors import InspectorError
from inspector.exchange import taskpack
from inspector.exchange.taskpack import Task
from inspector.field import inspections
from inspector.field.inspections import Inspection, started_local
from inspector.register import sites
from ui.context import AppContext
from ui.pages.base import BasePage
from ui.runner import labels
from ui.runner.empty_state import FirstSteps
from ui.runner.finished_banner import FinishedBanner
from ui.runner.pack_tasks import PackTasksModel
from ui.widgets import accessible, colors
from ui.widgets.table_model import ListColumn, ListTableModel

if TYPE_CHECKING:  # the runner and the dialog are imported when first opened, not at start-up
    from ui.pages.void_dialog import VoidDialog
    from ui.runner.runner import ChecklistRunner
    from ui.runner.spot_check import SpotCheckDialog


@dataclass(frozen=True)
class OpenRow:
    """One open inspection as the task list shows it."""

    inspection: Inspection
    site_name: str
    district: str
    site_type: str
    answered: int
    total: int


def open_rows(ctx: AppContext) -> list[OpenRow]:
    """The open inspections with their site and progress, newest first."""
    types = {t.code: t.name for t in catalog.get_catalog(ctx.db).site_types}
    rows = []
    for inspection in inspections.open_inspections(ctx.db):
        site = sites.get_site(ctx.db, inspection.site_id)
        state = inspections.progress(ctx.db, inspection.id)
        rows.append(
            OpenRow(
                inspection,
                site.name,
                site.district,
                types.get(site.site_type, site.site_type),
                state["answered"],
                state["total"],
            )
        )
    return rows


class OpenInspectionsModel(ListTableModel):
    """Open inspections: site, district, site type, mode, start time, answered."""

    SITE, DISTRICT, SITE_TYPE, MODE, STARTED, ANSWERED = range(6)
    CONTEXT = "OpenInspectionsModel"
    COLUMNS = (
        ListColumn(QT_TRANSLATE_NOOP("OpenInspectionsModel", "Site"), lambda r: r.site_name),
        ListColumn(QT_TRANSLATE_NOOP("OpenInspectionsModel", "District"), lambda r: r.district),
        ListColumn(QT_TRANSLATE_NOOP("OpenInspectionsModel", "Site type"), lambda r: r.site_type),
        ListColumn(QT_TRANSLATE_NOOP("OpenInspectionsModel", "Mode"), lambda r: labels.mode_text(r.inspection.mode)),
        ListColumn(
            QT_TRANSLATE_NOOP("OpenInspectionsModel", "Started"),
            lambda r: started_local(r.inspection).strftime("%Y-%m-%d %H:%M"),
        ),
        ListColumn(QT_TRANSLATE_NOOP("OpenInspectionsModel", "Answered"), lambda r: f"{r.answered}/{r.total}"),
    )

    @property
    def rows(self) -> list[OpenRow]:
        """The open inspections shown, newest first."""
        return self.records()


def _big_table(model: QAbstractTableModel, stretch: int) -> QTableView:
    """A read-only, row-selecting table with large rows (used standing up); one column takes the spare width."""
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.setStyleSheet("QTableView { font-size: 15px; } QTableView::item { padding: 0 10px; }")
    table.verticalHeader().setDefaultSectionSize(40)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


class TaskList(QWidget):
    """The list side of the page: the new spot check action and the inspections in progress."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        title = QLabel(self.tr("Tasks"))
        title.setStyleSheet("font-size: 22px; font-weight: bold;")
        self.new_button = QPushButton(self.tr("New spot check  (Ctrl+N)"))
        self.new_button.setMinimumHeight(56)
        self.new_button.setStyleSheet("font-size: 18px; font-weight: bold; padding: 0 24px;")
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.new_button)
        self.finished = FinishedBanner()
        self.tasks_section = QLabel()
        self.tasks_section.setStyleSheet("font-size: 17px; font-weight: bold;")
        self.tasks_hint = QLabel(self.tr("Tasks from the office's task packs. Enter or double-click starts a task."))
        self.tasks_hint.setStyleSheet(f"color: {colors.text('muted').name()};")
        self.task_model = PackTasksModel(self)
        self.task_table = _big_table(self.task_model, PackTasksModel.SITE)
        accessible.name(self.task_table, self.tr("Tasks"))
        section = QLabel(self.tr("Inspections in progress"))
        section.setStyleSheet("font-size: 17px; font-weight: bold;")
        hint = QLabel(self.tr("Enter or double-click resumes an inspection where it was left."))
        hint.setStyleSheet(f"color: {colors.text('muted').name()};")
        self.model = OpenInspectionsModel(self)
        self.table = _big_table(self.model, OpenInspectionsModel.SITE)
        accessible.name(self.table, section.text())
        self.empty = QLabel(self.tr("No inspection in progress. Press Ctrl+N to start a spot check."))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet(f"font-size: 16px; color: {colors.text('muted').name()}; padding: 24px;")
        self.error = QLabel()
        self.error.setStyleSheet(f"color: {colors.text('failed').name()};")
        self.error.setWordWrap(True)
        self.error.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addLayout(top)
        layout.addSpacing(12)
        layout.addWidget(self.finished)
        self.task_box = QWidget()
        box = QVBoxLayout(self.task_box)
        box.setContentsMargins(0, 0, 0, 12)
        box.addWidget(self.tasks_section)
        box.addWidget(self.tasks_hint)
        box.addWidget(self.task_table, 1)
        layout.addWidget(self.task_box, 1)
        layout.addWidget(section)
        layout.addWidget(hint)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty, 1)
        # an inspection started by mistake: discarded while unanswered, else voided with a reason (作废)
        self.discard_button = QPushButton(self.tr("Discard inspection…"))
        self.discard_button.setObjectName("discardInspection")
        self.void_button = QPushButton(self.tr("Void inspection…"))
        self.void_button.setObjectName("voidInspection")
        mistakes = QHBoxLayout()
        mistakes.addStretch(1)
        mistakes.addWidget(self.discard_button)
        mistakes.addWidget(self.void_button)
        layout.addLayout(mistakes)
        self.table.selectionModel().currentRowChanged.connect(self._selected)

    def set_tasks(self, tasks: list[Task]) -> None:
        """Show the tasks from task packs (the section is hidden while there are none)."""
        self.task_model.set_tasks(tasks)
        self.task_box.setVisible(bool(tasks))
        self.tasks_section.setText(
            self.tr("Tasks from the office: {open} to do of {count}").format(
                open=self.task_model.open_count(), count=len(tasks)
            )
        )
        if tasks:
            self.task_table.selectRow(0)

    def set_rows(self, rows: list[OpenRow]) -> None:
        """Show the open inspections (or the empty hint)."""
        self.model.set_rows(rows)
        self.table.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        for button in (self.discard_button, self.void_button):  # nothing to discard or void without an inspection
            button.setVisible(bool(rows))
        if rows:
            self.table.selectRow(0)
        self._selected()

    def current_row(self) -> OpenRow | None:
        """The selected open inspection."""
        index = self.table.currentIndex()
        return self.model.rows[index.row()] if index.isValid() and index.row() < len(self.model.rows) else None

    def _selected(self, *_args: object) -> None:
        row = self.current_row()
        self.discard_button.setEnabled(row is not None and row.answered == 0)
        self.void_button.setEnabled(row is not None)  # also unanswered ones not to discard (exported, rechecked)


class TasksPage(BasePage):
    """任务: the list of open inspections and the runner; on first show an open inspection is resumed."""

    WATCHES = frozenset({"inspections", "sites", "tasks"})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.runner: ChecklistRunner | None = None
        self.dialog: SpotCheckDialog | None = None
        self._resumed = False
        self.list = TaskList()
        self.first_steps = FirstSteps(ctx)  # a new laptop without sites: what to do next
        self.list.layout().insertWidget(1, self.first_steps)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.list)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.list.new_button.clicked.connect(self.new_spot_check)
        self.list.finished.view_requested.connect(self.view_record)
        self.list.table.doubleClicked.connect(self._resume_row)
        self.list.table.installEventFilter(self)
        self.list.task_table.doubleClicked.connect(self._start_task_row)
        self.list.discard_button.clicked.connect(self.discard_current)
        self.list.void_button.clicked.connect(self.void_current)
        self.question: QMessageBox | None = None
        self.void_dialog: VoidDialog | None = None
        self.list.task_table.installEventFilter(self)
        shortcut = QShortcut(QKeySequence("Ctrl+N"), self.list)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(self.new_spot_check)
        self.refresh()

    def refresh(self) -> None:
        """Reload the tasks from task packs and the open inspections."""
        self.list.error.hide()
        self.first_steps.refresh()
        try:
            self.list.set_tasks(taskpack.list_tasks(self.ctx.db))
            self.list.set_rows(open_rows(self.ctx))
        except InspectorError as exc:
            self.list.error.setText(str(exc))
            self.list.error.show()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._resumed:
            self._resumed = True
            self.resume_last()

    def resume_last(self) -> None:
        """Reopen the newest open inspection in the runner at its first unanswered item (after a restart)."""
        rows = self.list.model.rows
        if self.runner is None and rows:
            self.open_runner(rows[0].inspection.id)

    def new_spot_check(self) -> None:
        """Open the new spot check dialog."""
        if self.runner is not None:
            return
        from ui.runner.spot_check import SpotCheckDialog

        self.dialog = SpotCheckDialog(self.ctx, self)
        self.dialog.inspection_started.connect(self.open_runner)
        self.dialog.open()

    def open_runner(self, inspection_id: str) -> ChecklistRunner:
        """Show the runner on an inspection (at its first unanswered item)."""
        from ui.runner.runner import ChecklistRunner

        self.close_runner()
        self.list.finished.hide()
        self.runner = ChecklistRunner(self.ctx, inspection_id, self)
        self.runner.finished.connect(self._runner_finished)
        self.runner.back_requested.connect(self.show_list)
        self.stack.addWidget(self.runner)
        self.stack.setCurrentWidget(self.runner)
        self.runner.table.setFocus()
        return self.runner

    def close_runner(self) -> None:
        """Remove the runner (the inspection stays as saved)."""
        if self.runner is not None:
            self.stack.removeWidget(self.runner)
            self.runner.deleteLater()
            self.runner = None

    def show_list(self) -> None:
        """Back to the task list."""
        self.close_runner()
        self.refresh()
        self.stack.setCurrentWidget(self.list)
        self.list.table.setFocus()

    def _runner_finished(self, inspection_id: str) -> None:
        self.show_list()
        self.list.finished.show_finished(self.ctx.db, inspection_id)

    def view_record(self, inspection_id: str) -> None:
        """Show a finished inspection in the inspection history (检查记录)."""
        window = self.window()
        open_page = getattr(window, "open_page", None)
        if open_page is None:
            return
        history = open_page("history")
        select = getattr(history, "select", None)
        if select is not None:
            select(inspection_id)

    def _resume_row(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_runner(self.list.model.rows[index.row()].inspection.id)

    def start_task(self, task_id: str) -> ChecklistRunner | None:
        """Open the runner on a task: a new inspection linked to it, or the one already begun for it."""
        task = taskpack.get_task(self.ctx.db, task_id)
        if task.status == "done":
            self._say(self.tr("This task is done. Its inspection is in the inspection history."))
            return None
        if task.status == "started" and task.inspection_id:
            return self.open_runner(task.inspection_id)
        try:
            inspection = taskpack.start_task(self.ctx.db, task_id, place=task.site_name)
        except InspectorError as exc:
            self._say(str(exc))
            return None
        self.ctx.changes.apply(taskpack.start_task.changes)
        return self.open_runner(inspection.id)

    def discard_current(self) -> None:
        """Ask, then discard the selected unanswered inspection (No is the default answer)."""
        row = self.list.current_row()
        if row is None or row.answered:
            return
        from ui.pages.void_dialog import discard_question

        self.question = discard_question(f"{row.site_name} · {started_local(row.inspection):%Y-%m-%d %H:%M}", self)
        self.question.finished.connect(lambda answer: self._discard(row.inspection.id, answer))
        self.question.open()

    def _discard(self, inspection_id: str, answer: int) -> None:
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            inspections.discard_inspection(self.ctx.db, inspection_id)
        except InspectorError as exc:
            self._say(str(exc))
            return
        self.ctx.changes.apply(inspections.discard_inspection.changes)
        self.refresh()

    def void_current(self) -> None:
        """Ask for a reason and void the selected inspection, which has answers."""
        row = self.list.current_row()
        if row is None:
            return
        from ui.pages.void_dialog import VoidDialog

        title = f"{row.site_name} · {started_local(row.inspection):%Y-%m-%d %H:%M}"
        self.void_dialog = VoidDialog(self.ctx, row.inspection.id, title, self)
        self.void_dialog.voided.connect(lambda _void: self.refresh())
        self.void_dialog.open()

    def _say(self, text: str) -> None:
        self.list.error.setText(text)
        self.list.error.show()

    def _start_task_row(self, index: QModelIndex) -> None:
        task = self.list.task_model.task(index.row()) if index.isValid() else None
        if task is not None:
            self.start_task(task.id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        enter = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if event.type() == QEvent.Type.KeyPress and event.key() in enter:  # type: ignore[attr-defined]
            if watched is self.list.table:
                self._resume_row(self.list.table.currentIndex())
                return True
            if watched is self.list.task_table:
                self._start_task_row(self.list.task_table.currentIndex())
                return True
        return super().eventFilter(watched, event)
