"""Table models of the problems page: problems (read page by page, in the core's order) and a problem's decisions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt, Signal

from inspector.letters import short_reference
from inspector.tracking.decisions import Decision
from inspector.tracking.problems import Problem
from ui.oversight import labels
from ui.pages.labels import local_time, points
from ui.widgets import colors
from ui.widgets.table_model import ListColumn, ListTableModel

CHUNK = 200  # problems a page query reads (the first screen, then one page per fetchMore)
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


# the core's order key (problems.ORDERS) behind each column: a header click asks the core for that order
COLUMN_ORDERS = (
    "reference",
    "status",
    "district",
    "site",
    "problem",
    "count",
    "deduction",
    "unit",
    "deadline",
    "days_overdue",
    "found",
)


class ProblemTableModel(ListTableModel):
    """A window on the core's list of problems: the pages loaded so far, in the order the core was asked for.

    The model never reads the database itself. It holds the loaded rows and how many match; when the view wants
    more (`fetchMore`) it emits `more_wanted(offset)` once and waits for `add_page`. A header click (`sort`)
    records the core order (a key of problems.ORDERS, descending) and emits `order_changed`: rows are never
    sorted here, since most of them are not loaded.
    """

    CONTEXT = "ProblemTableModel"
    COLUMNS = PROBLEM_COLUMNS
    more_wanted = Signal(int)  # the offset of the next page
    order_changed = Signal()

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._total = 0
        self._fetching = False
        self._order: tuple[str, bool] | None = None
        self.chunk = CHUNK  # rows a page query reads

    def set_rows(self, rows: Sequence[Problem], total: int | None = None) -> None:
        """Show the first page of a new list; `total` is how many match (default: just these rows)."""
        self.beginResetModel()
        self._rows = list(rows)
        self._total = len(self._rows) if total is None else max(total, len(self._rows))
        self._fetching = False
        self.endResetModel()

    def add_page(self, offset: int, rows: Sequence[Problem]) -> bool:
        """Append a page that was asked for at `offset`; False (and nothing added) when it no longer fits there."""
        if offset != len(self._rows):
            return False
        self._fetching = False
        if len(rows) < self.chunk:  # the list ended sooner than counted (it changed meanwhile): stop asking for more
            self._total = offset + len(rows)
        if rows:
            self.beginInsertRows(QModelIndex(), offset, offset + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()
        return True

    def page_failed(self) -> None:
        """A page could not be read: stop asking for more until the list is loaded again."""
        self._fetching = False
        self._total = len(self._rows)

    def total(self) -> int:
        """How many problems match, loaded or not."""
        return self._total

    def loaded(self) -> int:
        """How many problems are loaded (the rows the view has)."""
        return len(self._rows)

    def canFetchMore(self, parent: _Index = _ROOT) -> bool:
        return not parent.isValid() and not self._fetching and len(self._rows) < self._total

    def fetchMore(self, parent: _Index = _ROOT) -> None:
        if not self.canFetchMore(parent):
            return
        self._fetching = True
        self.more_wanted.emit(len(self._rows))

    def row_of(self, finding_id: str) -> int:
        """The row of a loaded problem, or -1."""
        return next((row for row, p in enumerate(self._rows) if p.finding_id == finding_id), -1)

    def order(self) -> tuple[str, bool] | None:
        """The order asked of the core: (a key of problems.ORDERS, descending), or None for overdue first."""
        return self._order

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Ask the core for a column's order (ties keep overdue first); column -1 restores overdue first."""
        wanted = None
        if 0 <= column < len(COLUMN_ORDERS):
            wanted = (COLUMN_ORDERS[column], order == Qt.SortOrder.DescendingOrder)
        if wanted != self._order:
            self._order = wanted
            self.order_changed.emit()

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
