"""Table and list models of a checklist in progress: one row per item, one row per category."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QAbstractTableModel, QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QPainter, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
)

from inspector.catalog import Item
from inspector.field.inspections import Finding
from inspector.field.session import CategoryProgress
from ui.runner import labels
from ui.widgets import colors

Index = QModelIndex | QPersistentModelIndex

OUTCOME_STATES = {"pass": "ok", "fail": "failed", "na": "muted"}


class ChecklistModel(QAbstractTableModel):
    """The checklist's items with their current answers; rows flagged while a required photo is missing."""

    NUMBER, PROBLEM, SEVERITY, DEDUCTION, RESULT, COUNT, PHOTOS = range(7)
    CODE_ROLE = Qt.ItemDataRole.UserRole + 1
    OUTCOME_ROLE = Qt.ItemDataRole.UserRole + 2
    FLAG_ROLE = Qt.ItemDataRole.UserRole + 3

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._items: list[Item] = []
        self._row: dict[str, int] = {}
        self._findings: dict[str, Finding] = {}
        self._missing: set[str] = set()

    def set_checklist(self, items: list[Item], findings: dict[str, Finding], missing_photos: list[str]) -> None:
        """Show a whole checklist and its answers."""
        self.beginResetModel()
        self._items = list(items)
        self._row = {item.code: row for row, item in enumerate(self._items)}
        self._findings = dict(findings)
        self._missing = set(missing_photos)
        self.endResetModel()

    def update_answers(self, findings: dict[str, Finding], missing_photos: list[str]) -> None:
        """Take new answers and flags, repainting only the rows that changed."""
        changed = {
            code for code in findings.keys() | self._findings.keys() if findings.get(code) != self._findings.get(code)
        }
        changed |= self._missing ^ set(missing_photos)
        self._findings = dict(findings)
        self._missing = set(missing_photos)
        last = self.columnCount() - 1
        for code in changed:
            row = self._row.get(code)
            if row is not None:
                self.dataChanged.emit(self.index(row, 0), self.index(row, last))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 7

    def item_at(self, row: int) -> Item:
        """The checklist item on a row."""
        return self._items[row]

    def finding_at(self, row: int) -> Finding | None:
        """The current answer on a row, if answered."""
        return self._findings.get(self._items[row].code)

    def row_of(self, code: str) -> int:
        """The row of an item code (-1 when absent)."""
        return self._row.get(code, -1)

    def is_flagged(self, row: int) -> bool:
        """Whether the row failed and still lacks its required photo."""
        return self._items[row].code in self._missing

    def flag_text(self) -> str:
        """What the photos cell says while a required photo is missing."""
        return self.tr("⚠ needed")

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            self.tr("#"),
            self.tr("Problem"),
            self.tr("Severity"),
            self.tr("Deduction"),
            self.tr("Result"),
            self.tr("Count"),
            self.tr("Photos"),
        )[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self._items[index.row()]
        finding = self._findings.get(item.code)
        flagged = item.code in self._missing
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(column, index.row(), item, finding, flagged)
        if role == Qt.ItemDataRole.ToolTipRole and column == self.PROBLEM:
            return f"{item.code}\n{item.text}"
        if flagged and role in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.BackgroundRole):
            # a flagged row is a failure still missing its photo: the whole row in the failed tint
            foreground, background = colors.row_brushes("failed", highlighted=column in (self.RESULT, self.PHOTOS))
            return background if role == Qt.ItemDataRole.BackgroundRole else foreground
        if role == Qt.ItemDataRole.ForegroundRole and column == self.RESULT and finding is not None:
            return colors.text_brush(OUTCOME_STATES[finding.outcome])
        if role == Qt.ItemDataRole.TextAlignmentRole and column != self.PROBLEM:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == self.CODE_ROLE:
            return item.code
        if role == self.OUTCOME_ROLE:
            return finding.outcome if finding else None
        if role == self.FLAG_ROLE:
            return flagged
        return None

    def _display(self, column: int, row: int, item: Item, finding: Finding | None, flagged: bool) -> str:
        if column == self.NUMBER:
            return str(row + 1)
        if column == self.PROBLEM:
            return item.text
        if column == self.SEVERITY:
            return labels.severity_text(item.severity)
        if column == self.DEDUCTION:
            return labels.points(item.deduction)
        if finding is None:
            return ""
        if column == self.RESULT:
            return labels.outcome_cell(finding.outcome)
        if column == self.COUNT:
            return str(finding.count) if finding.outcome == "fail" else ""
        if column == self.PHOTOS:
            if flagged:
                return self.flag_text()
            return str(len(finding.photos)) if finding.photos else ""
        return ""


class CategoryModel(QAbstractListModel):
    """The checklist's categories with answered / total and whether any item failed."""

    PROGRESS_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._rows: list[CategoryProgress] = []

    def set_progress(self, rows: list[CategoryProgress]) -> None:
        """Show new per-category progress (same categories: repaint; otherwise reset)."""
        if [r.category for r in rows] == [r.category for r in self._rows]:
            self._rows = list(rows)
            if rows:
                self.dataChanged.emit(self.index(0), self.index(len(rows) - 1))
            return
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def progress_at(self, row: int) -> CategoryProgress:
        """The progress of the category on a row."""
        return self._rows[row]

    def row_for_item(self, item_index: int) -> int:
        """The category row holding the checklist item at `item_index`."""
        found = 0
        for row, category in enumerate(self._rows):
            if category.first_index <= item_index:
                found = row
        return found

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.name
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("{name}: {answered} of {total} answered, {failures} failed").format(
                name=row.name, answered=row.answered, total=row.total, failures=row.failures
            )
        if role == self.PROGRESS_ROLE:
            return row
        return None


class CategoryDelegate(QStyledItemDelegate):
    """Paints a category as: name … answered/total ●(when something failed)."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        progress: CategoryProgress = index.data(CategoryModel.PROGRESS_ROLE)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        text_color = opt.palette.highlightedText().color() if selected else opt.palette.text().color()
        rect = opt.rect.adjusted(10, 0, -8, 0)
        dot_width = painter.fontMetrics().horizontalAdvance("●") + 6
        painter.save()
        painter.setFont(opt.font)
        done = progress.answered == progress.total
        painter.setPen(text_color if selected or not done else colors.text("ok", opt.palette))
        count = f"{progress.answered}/{progress.total}"
        count_width = painter.fontMetrics().horizontalAdvance(count)
        name_rect = QRect(rect.left(), rect.top(), rect.width() - count_width - dot_width - 8, rect.height())
        align = Qt.AlignmentFlag.AlignVCenter
        name = painter.fontMetrics().elidedText(progress.name, Qt.TextElideMode.ElideRight, name_rect.width())
        painter.drawText(name_rect, align | Qt.AlignmentFlag.AlignLeft, name)
        count_rect = QRect(rect.right() - dot_width - count_width, rect.top(), count_width, rect.height())
        painter.drawText(count_rect, align | Qt.AlignmentFlag.AlignRight, count)
        if progress.failures:
            painter.setPen(text_color if selected else colors.text("failed", opt.palette))
            dot_rect = QRect(rect.right() - dot_width + 6, rect.top(), dot_width, rect.height())
            painter.drawText(dot_rect, align | Qt.AlignmentFlag.AlignLeft, "●")
        painter.restore()


class ChecklistTable(QTableView):
    """The checklist's table. In a narrow window the severity, deduction and count columns give their room to the
    problem text, which would otherwise wrap a character or two a line; the detail pane beside it shows all three for
    the current row (the count once it is a failure, the only answer that has one)."""

    FOLDABLE = (ChecklistModel.SEVERITY, ChecklistModel.DEDUCTION, ChecklistModel.COUNT)
    MIN_PROBLEM = 160  # px: the narrowest problem column that reads as text (about eight characters a line)
    HYSTERESIS = 24  # px: a vertical scroll bar coming and going near the edge does not fold and unfold the columns

    def __init__(self) -> None:
        super().__init__()
        self.widths: dict[int, int] = {}  # the fixed columns' widths, measured once from their longest texts

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fold()

    def problem_room(self) -> int:
        """The width the problem column gets with every column shown."""
        return self.viewport().width() - sum(self.widths.values())

    def fold(self) -> None:
        """Hide the foldable columns while the problem column would be narrower than MIN_PROBLEM."""
        if not self.widths:
            return
        folded = self.isColumnHidden(self.FOLDABLE[0])
        room = self.problem_room()
        fold = room < self.MIN_PROBLEM + (self.HYSTERESIS if folded else 0)
        if fold != folded:
            for column in self.FOLDABLE:
                self.setColumnHidden(column, fold)


def checklist_table(model: ChecklistModel) -> ChecklistTable:
    """A keyboard-first table over a checklist model: whole rows, wrapped problem text, narrow fixed columns."""
    table = ChecklistTable()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(True)
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.setStyleSheet("QTableView { font-size: 15px; } QHeaderView::section { font-size: 14px; padding: 4px; }")
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    header.setSectionResizeMode(ChecklistModel.PROBLEM, QHeaderView.ResizeMode.Stretch)
    table.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    table.ensurePolished()
    cell, head = table.fontMetrics(), header.fontMetrics()
    samples = {
        ChecklistModel.NUMBER: ["000"],
        ChecklistModel.SEVERITY: [labels.severity_text(code) for code in labels.SEVERITIES],
        ChecklistModel.DEDUCTION: ["0.5"],
        ChecklistModel.RESULT: [labels.outcome_cell(code) for code in labels.OUTCOMES],
        ChecklistModel.COUNT: ["00"],
        ChecklistModel.PHOTOS: [model.flag_text()],
    }
    for column, texts in samples.items():
        title = str(model.headerData(column, Qt.Orientation.Horizontal))
        width = max([head.horizontalAdvance(title)] + [cell.horizontalAdvance(t) for t in texts]) + 20
        header.resizeSection(column, width)
        table.widths[column] = width
    table.fold()
    return table
