"""Table models of the problems page: problems (loaded in chunks, overdue first) and one problem's decisions."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt

from inspector.decisions import Decision
from inspector.documents.data import short_reference
from inspector.problems import Problem
from ui.oversight import labels
from ui.pages.labels import local_time, points
from ui.widgets import colors
from ui.widgets.table_model import ListColumn, ListTableModel

CHUNK = 200
_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


def _overdue_days(p: Problem) -> str:
    return str(p.days_overdue) if p.overdue else ""


def _deduction(p: Problem) -> str:
    return points(p.deduction) + (f" ×{p.multiplier:g}" if p.escalated else "")


PROBLEM_COLUMNS = (
    ListColumn(QT_TRANSLATE_NOOP("ProblemTableModel", "Ref."), lambda p: p.reference),
    ListColumn(QT_TRANSLATE_NOOP("ProblemTableModel", "Status"), lambda p: labels.label(labels.STATUSES, p.status)),
    ListColumn(QT_TRANSLATE_NOOP("ProblemTableModel", "District"), lambda p: p.district),
    ListColumn(QT_TRANSLATE_NOOP("ProblemTableModel", "Site"), lambda p: p.site_name, tooltip=lambda p: p.address),
    ListColumn(QT_TRANSLATE_NOOP("ProblemTableModel", "Problem"), lambda p: p.description, tooltip=lambda p: p.note),
    ListColumn(QT_TRANSLATE_NOOP("ProblemTableModel", "Count"), lambda p: str(p.count), True, lambda p: p.count),
    ListColumn(QT_TRANSLATE_NOOP("ProblemTableModel", "Deduction"), _deduction, True, lambda p: p.deduction),
    ListColumn(QT_TRANSLATE_NOOP("ProblemTableModel", "Responsible unit"), lambda p: p.responsible_unit),
    ListColumn(
        QT_TRANSLATE_NOOP("ProblemTableModel", "Deadline"),
        lambda p: labels.day_text(p.deadline),
        sort=lambda p: p.deadline or date.max,
    ),
    ListColumn(QT_TRANSLATE_NOOP("ProblemTableModel", "Days overdue"), _overdue_days, True, lambda p: p.days_overdue),
    ListColumn(QT_TRANSLATE_NOOP("ProblemTableModel", "Found"), lambda p: p.found_on.isoformat()),
)
STATUS_COLUMN, PROBLEM_COLUMN = 1, 4
STATUS_STATES = {"overdue": "overdue", "pending": "warning", "closed": "ok", "rejected": "muted"}


class ProblemTableModel(ListTableModel):
    """Problems in the core's order (overdue first); rows are handed to the view in chunks as it scrolls."""

    CONTEXT = "ProblemTableModel"
    COLUMNS = PROBLEM_COLUMNS

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._core: list[Problem] = []
        self._all: list[Problem] = []

    def set_rows(self, rows: list[Problem]) -> None:
        """Replace every problem; the first chunk is shown at once."""
        self.beginResetModel()
        self._core = list(rows)
        self._all = list(rows)
        self._rows = self._all[:CHUNK]
        self.endResetModel()

    def total(self) -> int:
        """How many problems match, loaded or not."""
        return len(self._all)

    def canFetchMore(self, parent: _Index = _ROOT) -> bool:
        return not parent.isValid() and len(self._rows) < len(self._all)

    def fetchMore(self, parent: _Index = _ROOT) -> None:
        if parent.isValid():
            return
        start = len(self._rows)
        more = self._all[start : start + CHUNK]
        if more:
            self.beginInsertRows(QModelIndex(), start, start + len(more) - 1)
            self._rows.extend(more)
            self.endInsertRows()

    def row_of(self, finding_id: str) -> int:
        """The row of a problem (loading chunks until it is shown), or -1."""
        ids = [p.finding_id for p in self._all]
        if finding_id not in ids:
            return -1
        wanted = ids.index(finding_id)
        while len(self._rows) <= wanted:
            self.fetchMore()
        return wanted

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a column (ties keep the core's overdue-first order); column -1 restores that order."""
        self.beginResetModel()
        if 0 <= column < len(self.COLUMNS):
            spec = self.COLUMNS[column]
            key = spec.sort or spec.text
            self._all = sorted(self._core, key=key, reverse=order == Qt.SortOrder.DescendingOrder)
        else:
            self._all = list(self._core)
        self._rows = self._all[: max(len(self._rows), CHUNK)]
        self.endResetModel()

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        problem: Problem = self._rows[index.row()]
        status_column = index.column() == STATUS_COLUMN
        if problem.overdue and role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
            foreground, background = colors.row_brushes("overdue", highlighted=status_column)
            return background if role == Qt.ItemDataRole.BackgroundRole else foreground
        if role == Qt.ItemDataRole.ForegroundRole and status_column:
            state = STATUS_STATES.get(problem.status)
            return colors.text_brush(state) if state else None
        return super().data(index, role)


def decision_detail(decision: Decision) -> str:
    """What a decision set, in words: the new unit or deadline, the primary, the masks, the unit's report."""
    value = decision.value
    if decision.kind == "unit":
        return str(value)
    if decision.kind == "deadline":
        return str(value)
    if decision.kind == "merge":
        return QCoreApplication.translate("DecisionsModel", "into {reference}").format(
            reference=short_reference(str(value))
        )
    if decision.kind == "masks" and value.get("verdict") == "clear":
        return QCoreApplication.translate("DecisionsModel", "photo {photo}: no faces or plates").format(
            photo=value["photo"][:8]
        )
    if decision.kind == "masks":
        return QCoreApplication.translate("DecisionsModel", "{count} area(s) on photo {photo}").format(
            count=len(value["rects"]), photo=value["photo"][:8]
        )
    if decision.kind == "rectified":
        return QCoreApplication.translate("DecisionsModel", "{day}: {report} ({photos} photo(s))").format(
            day=value.get("on", ""), report=value.get("report", ""), photos=len(value.get("photos", []))
        )
    return ""


class DecisionsModel(ListTableModel):
    """A problem's review and rectification history, oldest first."""

    CONTEXT = "DecisionsModel"
    COLUMNS = (
        ListColumn(QT_TRANSLATE_NOOP("DecisionsModel", "Time"), lambda d: local_time(d.recorded_at)),
        ListColumn(QT_TRANSLATE_NOOP("DecisionsModel", "By"), lambda d: d.actor),
        ListColumn(QT_TRANSLATE_NOOP("DecisionsModel", "Decision"), lambda d: labels.label(labels.DECISIONS, d.kind)),
        ListColumn(
            QT_TRANSLATE_NOOP("DecisionsModel", "Detail"),
            lambda d: " · ".join(t for t in (decision_detail(d), d.reason) if t),
            tooltip=lambda d: " · ".join(t for t in (decision_detail(d), d.reason) if t),
        ),
    )
