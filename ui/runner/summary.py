"""The finish summary: problems with responsible units and deadlines, deductions and score, to confirm."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
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

from inspector.field import session
from inspector.field.inspections import started_local
from inspector.field.session import FinishSummary, ProblemLine
from ui.context import AppContext
from ui.runner import labels
from ui.widgets import colors, dates
from ui.widgets.table_model import ListColumn, ListTableModel

Index = QModelIndex | QPersistentModelIndex
_CENTER = int(Qt.AlignmentFlag.AlignCenter)


def _deadline(line: ProblemLine) -> str:
    if line.deadline is None:
        return ""
    return QCoreApplication.translate("ProblemsModel", "{date} ({days})").format(
        date=dates.long_date(line.deadline), days=dates.days_text(line.item.rectify_days)
    )


class ProblemsModel(ListTableModel):
    """The failed items of an inspection, in checklist order."""

    NUMBER, PROBLEM, COUNT, DEDUCTION, UNIT, DEADLINE = range(6)
    CONTEXT = "ProblemsModel"
    COLUMNS = (
        ListColumn(QT_TRANSLATE_NOOP("ProblemsModel", "#"), lambda p: str(p.index)),
        ListColumn(
            QT_TRANSLATE_NOOP("ProblemsModel", "Problem"), lambda p: p.item.text + (f"\n{p.note}" if p.note else "")
        ),
        ListColumn(QT_TRANSLATE_NOOP("ProblemsModel", "Count"), lambda p: str(p.count)),
        ListColumn(QT_TRANSLATE_NOOP("ProblemsModel", "Deduction"), lambda p: labels.points(p.deduction)),
        ListColumn(QT_TRANSLATE_NOOP("ProblemsModel", "Responsible unit"), lambda p: p.responsible_unit),
        ListColumn(QT_TRANSLATE_NOOP("ProblemsModel", "Rectification deadline"), _deadline),
    )

    def __init__(self, problems: list[ProblemLine], parent: Any = None):
        super().__init__(parent)
        self.set_rows(problems)

    @property
    def problems(self) -> list[ProblemLine]:
        """The problem lines shown, in order."""
        return self.records()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and index.isValid():
            return _CENTER if index.column() in (self.NUMBER, self.COUNT, self.DEDUCTION) else None
        return super().data(index, role)


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
        self.totals.setStyleSheet(f"font-size: 20px; font-weight: bold; color: {colors.text('info').name()};")
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
        empty.setStyleSheet(f"font-size: 16px; color: {colors.text('ok').name()};")
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
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.totals)
        layout.addWidget(self.table, 1)
        layout.addWidget(empty, 1 if not summary.problems else 0)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.confirm.setDefault(True)  # once in the dialog: set before, Qt made Back the default on show
        self.confirm.setFocus()
