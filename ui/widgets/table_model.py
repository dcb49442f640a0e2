"""Tables: a model over a short list of records (columns declared once) and the read-only view every page uses."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QSplitter, QTableView, QVBoxLayout, QWidget

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
RECORD_ROLE = Qt.ItemDataRole.UserRole + 3


@dataclass(frozen=True)
class ListColumn:
    """A column: untranslated header, the text shown for a record, an optional sort value and tooltip."""

    header: str
    text: Callable[[Any], str]
    numeric: bool = False
    sort: Callable[[Any], Any] | None = None
    tooltip: Callable[[Any], str] | None = None


def tooltip_text(column: ListColumn, record: Any) -> str | None:
    """A cell's tooltip: its full text (the view may elide it) and the column's own tooltip below it."""
    text = "" if column.numeric else column.text(record)
    extra = column.tooltip(record) if column.tooltip else ""
    if extra and text in extra:  # the column's tooltip already holds the full text
        return extra
    return "\n".join(t for t in (text, extra) if t) or None


class ListTableModel(QAbstractTableModel):
    """Records in a list; subclasses set CONTEXT (translation context of the headers) and COLUMNS."""

    CONTEXT = "ListTableModel"
    COLUMNS: tuple[ListColumn, ...] = ()

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        """Replace every record."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def record(self, row: int) -> Any:
        """The record on a row (None outside the table)."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def records(self) -> list[Any]:
        """Every record, in model order."""
        return list(self._rows)

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        record, column = self._rows[index.row()], self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(record)
        if role == SORT_ROLE:
            return column.sort(record) if column.sort else column.text(record)
        if role == RECORD_ROLE:
            return record
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column.numeric else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip_text(column, record)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate(self.CONTEXT, self.COLUMNS[section].header)
        if role == Qt.ItemDataRole.TextAlignmentRole and self.COLUMNS[section].numeric:
            return _RIGHT
        return None


def make_table(model: QAbstractItemModel) -> QTableView:
    """A read-only, row-selecting table view over a model; the last column takes the spare width."""
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(28)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    return view


def set_widths(view: QTableView, ems: Sequence[float]) -> None:
    """Column widths in ems (one em holds a Chinese character), never narrower than the translated header."""
    model, em = view.model(), QFontInfo(view.font()).pixelSize()
    header_metrics = view.horizontalHeader().fontMetrics()
    for column, width in enumerate(ems):
        text = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        view.setColumnWidth(column, max(round(width * em), header_metrics.horizontalAdvance(text)) + 20)


def stretch_columns(view: QTableView, *columns: int) -> None:
    """Give the spare width to the long-text columns (a problem, a site) instead of the last column."""
    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    for column in columns:
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)


def fit_columns(view: QTableView, *columns: int) -> None:
    """Size short columns that must never be cut (timestamps) to their contents; only for small models."""
    for column in columns:
        view.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)


def titled_split(sections: Sequence[tuple[QWidget, QWidget]], sizes: Sequence[int]) -> QSplitter:
    """Views stacked in a vertical splitter, each under its heading."""
    split = QSplitter(Qt.Orientation.Vertical)
    for heading, view in sections:
        box = QWidget()
        box_layout = QVBoxLayout(box)
        box_layout.setContentsMargins(0, 4, 0, 0)
        box_layout.addWidget(heading)
        box_layout.addWidget(view, 1)
        split.addWidget(box)
    split.setSizes(list(sizes))
    return split
