"""Tasks from the office's task packs, as the task list shows them (site, mode, period, due date, status)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from inspector.exchange.taskpack import Task
from ui.runner import labels
from ui.widgets import colors
from ui.widgets.table_model import ListColumn, ListTableModel

Index = QModelIndex | QPersistentModelIndex
STATUSES = {
    "todo": QT_TRANSLATE_NOOP("PackTasksModel", "To do"),
    "started": QT_TRANSLATE_NOOP("PackTasksModel", "In progress"),
    "done": QT_TRANSLATE_NOOP("PackTasksModel", "Done"),
    "expired": QT_TRANSLATE_NOOP("PackTasksModel", "Expired"),
}
_ORDER = {"started": 0, "todo": 1, "done": 2, "expired": 3}


def status_text(status: str) -> str:
    """待检查 / 检查中 / 已完成 / 已过期 (or the English words)."""
    return QCoreApplication.translate("PackTasksModel", STATUSES[status]) if status in STATUSES else status


def _site(task: Task) -> str:
    return QCoreApplication.translate("PackTasksModel", "{site} ({code})").format(
        site=task.site_name, code=task.site_code
    )


class PackTasksModel(ListTableModel):
    """Tasks for this laptop from imported packs: to do and in progress first, then done and expired."""

    SITE, DISTRICT, MODE, PERIOD, DUE, STATUS = range(6)
    CONTEXT = "PackTasksModel"
    COLUMNS = (
        ListColumn(QT_TRANSLATE_NOOP("PackTasksModel", "Site"), _site),
        ListColumn(QT_TRANSLATE_NOOP("PackTasksModel", "District"), lambda t: t.district),
        ListColumn(QT_TRANSLATE_NOOP("PackTasksModel", "Mode"), lambda t: labels.mode_text(t.mode)),
        ListColumn(QT_TRANSLATE_NOOP("PackTasksModel", "Period"), lambda t: t.period),
        ListColumn(QT_TRANSLATE_NOOP("PackTasksModel", "Due"), lambda t: t.due_date),
        ListColumn(QT_TRANSLATE_NOOP("PackTasksModel", "Status"), lambda t: status_text(t.status)),
    )

    @property
    def tasks(self) -> list[Task]:
        """The tasks shown, in model order."""
        return self.records()

    def set_tasks(self, tasks: list[Task]) -> None:
        """Show these tasks (work still to do first, each group in the core's due-date order)."""
        self.set_rows(sorted(tasks, key=lambda t: _ORDER.get(t.status, 9)))

    def task(self, row: int) -> Task | None:
        """The task on a row."""
        return self.record(row)

    def open_count(self) -> int:
        """Tasks still to do or in progress."""
        return sum(1 for t in self._rows if t.status in ("todo", "started"))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid():
            task = self._rows[index.row()]
            if task.status in ("done", "expired"):
                return colors.text_brush("muted")
            if task.status == "started" and index.column() == self.STATUS:
                return colors.text_brush("info")
            return None
        return super().data(index, role)
