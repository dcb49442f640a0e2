"""The history table's model: the ordered id list from the core (read off the UI thread), rows fetched on demand."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import sqlite_utils
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from inspector.field import history
from inspector.field.history import HistoryFilter, HistoryRow
from ui.context import AppContext
from ui.loading import LatestLoad
from ui.pages import labels
from ui.widgets import colors

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


@dataclass(frozen=True)
class Column:
    """One column: its sort key in the core, untranslated header, and whether it holds numbers."""

    key: str
    header: str
    numeric: bool = False


COLUMNS = (
    Column("started_at", QT_TRANSLATE_NOOP("HistoryModel", "Started")),
    Column("site", QT_TRANSLATE_NOOP("HistoryModel", "Site")),
    Column("district", QT_TRANSLATE_NOOP("HistoryModel", "District")),
    Column("street", QT_TRANSLATE_NOOP("HistoryModel", "Street")),
    Column("site_type", QT_TRANSLATE_NOOP("HistoryModel", "Site type")),
    Column("inspector", QT_TRANSLATE_NOOP("HistoryModel", "Inspector")),
    Column("mode", QT_TRANSLATE_NOOP("HistoryModel", "Mode")),
    Column("status", QT_TRANSLATE_NOOP("HistoryModel", "Status")),
    Column("answered", QT_TRANSLATE_NOOP("HistoryModel", "Answered"), numeric=True),
    Column("problems", QT_TRANSLATE_NOOP("HistoryModel", "Problems"), numeric=True),
    Column("deduction", QT_TRANSLATE_NOOP("HistoryModel", "Deduction"), numeric=True),
    Column("score", QT_TRANSLATE_NOOP("HistoryModel", "Score"), numeric=True),
)
ID_ROLE = int(Qt.ItemDataRole.UserRole) + 1
_BLANK = ("",) * len(COLUMNS)
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGNMENTS = tuple(_RIGHT if column.numeric else None for column in COLUMNS)
_STATUS_COLUMN = next(i for i, column in enumerate(COLUMNS) if column.key == "status")
_SITE_COLUMN = next(i for i, column in enumerate(COLUMNS) if column.key == "site")


def _cells(row: HistoryRow) -> tuple[str, ...]:
    """The display text of every column, formatted once when the row is fetched."""
    return (
        labels.local_time(row.started_at),
        row.site_name,
        row.district,
        row.street,
        row.site_type_name,
        row.inspector_name,
        labels.label(labels.MODES, row.mode),
        labels.label(labels.STATUSES, row.status),
        str(row.answered),
        "" if row.problem_count is None else str(row.problem_count),
        labels.points(row.deduction_total),
        labels.points(row.score),
    )


class HistoryModel(QAbstractTableModel):
    """Inspections matching a filter, sorted by the core; keeps ids and caches a few pages of formatted rows."""

    PAGE_SIZE = 100
    CACHED_PAGES = 50

    def __init__(self, db: sqlite_utils.Database, parent: Any = None, *, ctx: AppContext | None = None):
        super().__init__(parent)
        self.db = db
        self.filter = HistoryFilter()
        self.sort_key = "started_at"
        self.descending = True
        self._ids: list[str] = []
        self._positions: dict[str, int] | None = None
        self._pages: OrderedDict[int, list[tuple[HistoryRow | None, tuple[str, ...]]]] = OrderedDict()
        self._last: tuple[int, list[tuple[HistoryRow | None, tuple[str, ...]]]] = (-1, [])
        self.fetches = 0  # pages read from the core (for tests and the benchmark)
        self.loader = LatestLoad(db, ctx, self)  # with an app context the id list is read off the UI thread
        self.shown = False  # whether an id list has been shown yet

    # queries

    def set_filter(self, flt: HistoryFilter) -> None:
        """Show the inspections matching another filter."""
        self.filter = flt
        self.requery()

    def requery(self) -> None:
        """Ask the core for the ordered ids again (after a filter, sort or data change); the newest request wins."""
        flt, sort, descending = self.filter, self.sort_key, self.descending

        def ids(db: sqlite_utils.Database) -> list[str]:
            return history.inspection_ids(db, flt, sort=sort, descending=descending)

        self.loader.start(ids, self._show_ids)

    @property
    def loading(self) -> bool:
        """Whether the id list is being read."""
        return self.loader.busy

    def wait_loaded(self, timeout_ms: int = 10_000) -> bool:
        """Process events until the latest requery is shown (tests); False if it was not in time."""
        return self.loader.wait(timeout_ms)

    def _show_ids(self, ids: list[str]) -> None:
        self.shown = True
        self.beginResetModel()
        self._ids = ids
        self._positions = None
        self._pages.clear()
        self._last = (-1, [])
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a column: the core orders the ids."""
        if not 0 <= column < len(COLUMNS):
            return
        self.sort_key = COLUMNS[column].key
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.requery()

    def forget(self, inspection_id: str) -> None:
        """Drop one inspection's cached row (it changed) and repaint it."""
        row = self.row_of(inspection_id)
        if row < 0:
            return
        self._pages.pop(row // self.PAGE_SIZE, None)
        self._last = (-1, [])
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    # lookups

    def inspection_id(self, row: int) -> str | None:
        """The id shown on a row."""
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, inspection_id: str) -> int:
        """The row showing an inspection, or -1."""
        if self._positions is None:
            self._positions = {value: index for index, value in enumerate(self._ids)}
        return self._positions.get(inspection_id, -1)

    def history_row(self, row: int) -> HistoryRow | None:
        """The core's row for a table row (fetched with its page when needed)."""
        return self._entry(row)[0]

    def _entry(self, row: int) -> tuple[HistoryRow | None, tuple[str, ...]]:
        number = row // self.PAGE_SIZE
        if number == self._last[0]:  # the view asks for many cells of one page in a row
            return self._last[1][row - number * self.PAGE_SIZE]
        page = self._pages.get(number)
        if page is None:
            ids = self._ids[number * self.PAGE_SIZE : (number + 1) * self.PAGE_SIZE]
            found = {item.id: item for item in history.inspection_rows(self.db, ids)}
            page = [(found.get(i), _cells(found[i]) if i in found else _BLANK) for i in ids]
            self.fetches += 1
            self._pages[number] = page
            while len(self._pages) > self.CACHED_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        self._last = (number, page)
        return page[row - number * self.PAGE_SIZE]

    # Qt model interface

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: _Index, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        if role == _DISPLAY:
            return self._entry(index.row())[1][index.column()]
        if role == _ALIGNMENT:
            return _ALIGNMENTS[index.column()]
        if role == ID_ROLE:
            return self._ids[index.row()]
        if role == _FOREGROUND and index.column() == _STATUS_COLUMN:
            row = self._entry(index.row())[0]
            if row is None:
                return None
            state = {"open": "warning", "voided": "failed"}.get(row.status)  # 已作废 counts nowhere
            return colors.text_brush(state) if state else None
        if role == _TOOLTIP:  # the full text of a cell the view may elide, and where a site is
            row, cells = self._entry(index.row())
            text = cells[index.column()]
            if index.column() == _SITE_COLUMN and row is not None:
                return f"{text}\n{row.site_code} · {row.address}"
            return text if text and not COLUMNS[index.column()].numeric else None
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("HistoryModel", COLUMNS[section].header)
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if COLUMNS[section].numeric else None
        return None
