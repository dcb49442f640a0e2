"""The finish summary: problems with responsible units and deadlines, deductions and score, to confirm."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QDate, QLocale, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inspector import session
from inspector.inspections import started_local
from inspector.session import FinishSummary, ProblemLine
from ui.context import AppContext
from ui.runner import labels

Index = QModelIndex | QPersistentModelIndex


class ProblemsModel(QAbstractTableModel):
    """The failed items of an inspection, in checklist order."""

    NUMBER, PROBLEM, COUNT, DEDUCTION, UNIT, DEADLINE = range(6)

    def __init__(self, problems: list[ProblemLine], parent: Any = None):
        super().__init__(parent)
        self.problems = problems

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.problems)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 6

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            self.tr("#"),
            self.tr("Problem"),
            self.tr("Count"),
            self.tr("Deduction"),
            self.tr("Responsible unit"),
            self.tr("Rectification deadline"),
        )[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line = self.problems[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.NUMBER:
                return str(line.index)
            if column == self.PROBLEM:
                return line.item.text + (f"\n{line.note}" if line.note else "")
            if column == self.COUNT:
                return str(line.count)
            if column == self.DEDUCTION:
                return labels.points(line.deduction)
            if column == self.UNIT:
                return line.responsible_unit
            if column == self.DEADLINE:
                return self._deadline(line)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (self.NUMBER, self.COUNT, self.DEDUCTION):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _deadline(self, line: ProblemLine) -> str:
        if line.deadline is None:
            return ""
        day = QDate(line.deadline.year, line.deadline.month, line.deadline.day)
        return self.tr("{date} ({days} days)").format(
            date=QLocale().toString(day, QLocale.FormatType.ShortFormat), days=line.item.rectify_days
        )


class SummaryDialog(QDialog):
    """Shows what finishing will fix; `accepted` means the inspector confirmed. Open it with `open()`."""

    def __init__(self, ctx: AppContext, inspection_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.inspection_id = inspection_id
        state = session.load_session(ctx.db, inspection_id)
        self.result_summary: FinishSummary = session.summarize(state)
        summary = self.result_summary
        self.setWindowTitle(self.tr("Finish the inspection"))
        self.resize(980, 600)

        heading = QLabel(
            self.tr("{site} · {site_type} · {mode} · started {time}").format(
                site=state.site.name,
                site_type=state.checklist.site_type_name,
                mode=labels.mode_text(state.inspection.mode),
                time=started_local(state.inspection).strftime("%Y-%m-%d %H:%M"),
            )
        )
        heading.setStyleSheet("font-size: 17px; font-weight: bold;")
        heading.setWordWrap(True)
        self.totals = QLabel(
            self.tr(
                "{problems} problem(s) · Deduction {deduction} · Score {score} · {answered}/{total} answered"
            ).format(
                problems=summary.problem_count,
                deduction=labels.points(summary.deduction),
                score=labels.points(summary.score),
                answered=summary.answered,
                total=summary.total,
            )
        )
        self.totals.setStyleSheet("font-size: 20px; font-weight: bold; color: #24415e;")
        self.model = ProblemsModel(summary.problems, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setWordWrap(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.setStyleSheet("* { font-size: 16px; } QTableView::item { padding: 6px 4px; }")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ProblemsModel.PROBLEM, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ProblemsModel.UNIT, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(ProblemsModel.UNIT, 220)
        empty = QLabel(self.tr("No problems found: every item passed or does not apply."))
        empty.setStyleSheet("font-size: 16px; color: #1b7a34;")
        empty.setVisible(not summary.problems)
        self.table.setVisible(bool(summary.problems))
        note = QLabel(
            self.tr("Finishing fixes the score. A later change needs a reason and is kept as a new revision.")
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.confirm = buttons.addButton(self.tr("Confirm and finish"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.back = buttons.addButton(self.tr("Back to the checklist"), QDialogButtonBox.ButtonRole.RejectRole)
        for button in (self.confirm, self.back):
            button.setMinimumHeight(44)
            button.setStyleSheet("font-size: 15px; padding: 0 16px;")
        self.confirm.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.totals)
        layout.addWidget(self.table, 1)
        layout.addWidget(empty, 1 if not summary.problems else 0)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.confirm.setFocus()
