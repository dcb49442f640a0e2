"""Tasks from the office's task packs, as the task list shows them (site, mode, period, due date, status)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from inspector.taskpack import Task
from ui.runner import labels

Index = QModelIndex | QPersistentModelIndex
STATUSES = {
    "todo": QT_TRANSLATE_NOOP("PackTasksModel", "To do"),
    "started": QT_TRANSLATE_NOOP("PackTasksModel", "In progress"),
    "done": QT_TRANSLATE_NOOP("PackTasksModel", "Done"),
    "expired": QT_TRANSLATE_NOOP("PackTasksModel", "Expired"),
}
_ORDER = {"started": 0, "todo": 1, "done": 2, "expired": 3}
_DIMMED = QColor("#8a949c")
_STARTED = QColor("#1f5fa8")


def status_text(status: str) -> str:
    """待检查 / 检查中 / 已完成 / 已过期 (or the English words)."""
    return QCoreApplication.translate("PackTasksModel", STATUSES[status]) if status in STATUSES else status


class PackTasksModel(QAbstractTableModel):
    """Tasks for this laptop from imported packs: to do and in progress first, then done and expired."""

    SITE, DISTRICT, MODE, PERIOD, DUE, STATUS = range(6)

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.tasks: list[Task] = []

    def set_tasks(self, tasks: list[Task]) -> None:
        """Show these tasks (work still to do first, each group in the core's due-date order)."""
        self.beginResetModel()
        self.tasks = sorted(tasks, key=lambda t: _ORDER.get(t.status, 9))
        self.endResetModel()

    def task(self, row: int) -> Task | None:
        """The task on a row."""
        return self.tasks[row] if 0 <= row < len(self.tasks) else None

    def open_count(self) -> int:
        """Tasks still to do or in progress."""
        return sum(1 for t in self.tasks if t.status in ("todo", "started"))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.tasks)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 6

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            self.tr("Site"),
            self.tr("District"),
            self.tr("Mode"),
            self.tr("Period"),
            self.tr("Due"),
            self.tr("Status"),
        )[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        task = self.tasks[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                self.tr("{site} ({code})").format(site=task.site_name, code=task.site_code),
                task.district,
                labels.mode_text(task.mode),
                task.period,
                task.due_date,
                status_text(task.status),
            )[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole:
            if task.status in ("done", "expired"):
                return _DIMMED
            if task.status == "started" and index.column() == self.STATUS:
                return _STARTED
        return None
