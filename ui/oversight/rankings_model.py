"""The ranking table: rank (ties share one), score, problems, deductions, rectification rate, change, red/black."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from inspector.oversight.rankings import RankingEntry
from ui.oversight import labels
from ui.pages.labels import points
from ui.widgets import colors
from ui.widgets.table_model import ListColumn, ListTableModel

_Index = QModelIndex | QPersistentModelIndex
NAME_COLUMN = 1


def _score(e: RankingEntry) -> str:
    return "—" if e.score is None else points(e.score)


def _previous(e: RankingEntry) -> str:
    text = QCoreApplication.translate("RankingTableModel", "Previous rank {rank}, previous score {score}").format(
        rank=e.previous_rank or "—", score="—" if e.previous_score is None else points(e.previous_score)
    )
    if e.score_change is not None:
        text += QCoreApplication.translate("RankingTableModel", ", score change {change}").format(
            change=f"{e.score_change:+.2f}".rstrip("0").rstrip(".")
        )
    return text


def listed_text(code: str) -> str:
    """红榜, 黑榜 or nothing."""
    return labels.label(labels.LISTS, code) if code else ""


class RankingTableModel(ListTableModel):
    """Entries of one ranking in rank order; red-list rows in red, black-list rows in grey with bold text."""

    CONTEXT = "RankingTableModel"
    COLUMNS = (
        ListColumn(
            QT_TRANSLATE_NOOP("RankingTableModel", "Rank"), lambda e: str(e.rank or "—"), True, lambda e: e.rank or 1e9
        ),
        ListColumn(QT_TRANSLATE_NOOP("RankingTableModel", "Name"), lambda e: e.name),
        ListColumn(QT_TRANSLATE_NOOP("RankingTableModel", "Score"), _score, True, lambda e: e.score or 0.0),
        ListColumn(QT_TRANSLATE_NOOP("RankingTableModel", "Checks"), lambda e: str(e.inspections), True),
        ListColumn(QT_TRANSLATE_NOOP("RankingTableModel", "Problems"), lambda e: str(e.problems), True),
        ListColumn(QT_TRANSLATE_NOOP("RankingTableModel", "Deductions"), lambda e: points(e.deductions), True),
        ListColumn(
            QT_TRANSLATE_NOOP("RankingTableModel", "Rectification rate"),
            lambda e: labels.rate_text(e.rectification_rate, e.closed, e.due),
            True,
        ),
        ListColumn(
            QT_TRANSLATE_NOOP("RankingTableModel", "Change"),
            lambda e: labels.change_text(e.rank_change),
            tooltip=_previous,
        ),
        ListColumn(QT_TRANSLATE_NOOP("RankingTableModel", "List"), lambda e: listed_text(e.listed)),
    )

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.dimension = "district"

    def set_dimension(self, by: str) -> None:
        """Name the second column after what is ranked (district, street or unit)."""
        self.dimension = by
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, NAME_COLUMN, NAME_COLUMN)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and section == NAME_COLUMN and role == Qt.ItemDataRole.DisplayRole:
            return labels.label(labels.DIMENSIONS, self.dimension)
        return super().headerData(section, orientation, role)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry: RankingEntry = self._rows[index.row()]
        if entry.listed and role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
            foreground, background = colors.row_brushes(f"{entry.listed}_list", highlighted=True)
            return background if role == Qt.ItemDataRole.BackgroundRole else foreground
        if role == Qt.ItemDataRole.FontRole and entry.listed:
            font = QFont()
            font.setBold(True)
            return font
        return super().data(index, role)
