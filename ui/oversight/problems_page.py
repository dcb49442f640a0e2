"""问题与整改: failed findings by status, unit, district and deadline (overdue first), the selected problem's
detail, and the review and rectification steps; the recheck list for the coming week opens from here.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from inspector import clock
from inspector.problems import Problem, ProblemFilter, list_problems
from ui.context import AppContext
from ui.exchange.widgets import MessageLine
from ui.oversight.problem_actions import ProblemActions
from ui.oversight.problem_detail import ProblemDetail
from ui.oversight.problems_filters import ProblemFilterBar
from ui.oversight.problems_model import PROBLEM_COLUMN, ProblemTableModel
from ui.oversight.rechecks_dialog import RecheckDialog
from ui.pages.base import BasePage
from ui.widgets import accessible
from ui.widgets.table_model import make_table, set_widths, stretch_columns

COLUMN_EMS = (5, 6.5, 3.5, 9, 14, 2.5, 3, 7, 6, 3, 6)


class ProblemsPage(BasePage):
    """Filters, the problem table, the selected problem's detail and the steps that can be taken on it."""

    WATCHES = frozenset({"problems", "inspections", "findings", "sites", "catalog"})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.recheck_dialog: RecheckDialog | None = None
        title = QLabel(self.tr("Problems and rectification"))
        title.setStyleSheet("font-size: 20px; font-weight: bold;")
        self.count = QLabel()
        self.count.setObjectName("problemCount")
        self.rechecks_button = QPushButton(self.tr("Recheck list…"))
        self.rechecks_button.setToolTip(self.tr("Sites to recheck in the coming week, to record as a draw"))
        self.rechecks_button.clicked.connect(self.open_rechecks)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.count)
        top.addWidget(self.rechecks_button)

        self.filters = ProblemFilterBar(ctx, self)
        self.filters.changed.connect(lambda _flt: self.refresh())
        self.model = ProblemTableModel(self)
        self.table = make_table(self.model)
        self.table.setObjectName("problemsTable")
        accessible.name(self.table, self.tr("Problems and rectification"))
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        set_widths(self.table, COLUMN_EMS)
        stretch_columns(self.table, PROBLEM_COLUMN)
        self.table.horizontalHeader().setSortIndicatorClearable(True)  # a third click: the core's order again
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # overdue first
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self._keep: list[str] = []
        self.model.modelAboutToBeReset.connect(self._remember_selection)
        self.model.modelReset.connect(self._restore_selection)

        self.message = MessageLine()
        reserve = self.message.sizePolicy()
        reserve.setRetainSizeWhenHidden(True)  # the line keeps its room: a message never moves the buttons
        self.message.setSizePolicy(reserve)
        self.message.setMinimumHeight(self.message.fontMetrics().lineSpacing() + 4)
        self.message.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.actions = ProblemActions(ctx, self.today, self)
        self.actions.done.connect(self.message.ok)
        self.actions.failed.connect(self.message.error)
        self.detail = ProblemDetail(ctx, self)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.actions)
        lower_layout.addWidget(self.message)
        lower_layout.addWidget(self.detail, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(lower)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 3)
        split.setSizes([370, 330])  # the list shows 10+ rows on a 768-pixel screen
        self.splitter = split

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 8)
        layout.addLayout(top)
        layout.addWidget(self.filters)
        layout.addWidget(split, 1)
        self.refresh()

    # the clock

    def today(self) -> date:
        """The day statuses are computed for: the clock's today."""
        return clock.today()

    # data

    def current_filter(self) -> ProblemFilter:
        """The filter the table shows."""
        return self.filters.current()

    def refresh(self) -> None:
        """Read the problems again (the same problems stay selected when they still match)."""
        self.filters.reload_options()
        found = list_problems(self.ctx.db, self.current_filter(), today=self.today())
        self.model.set_rows(found)
        header = self.table.horizontalHeader()
        if header.sortIndicatorSection() >= 0:
            self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        overdue = sum(p.overdue for p in found)
        self.count.setText(self.tr("{count} problem(s), {overdue} overdue").format(count=len(found), overdue=overdue))

    def selected_problems(self) -> list[Problem]:
        """The problems selected in the table, in table order."""
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [self.model.record(row) for row in rows]

    def select(self, finding_id: str) -> bool:
        """Select one problem (and show it); False when the filter hides it."""
        row = self.model.row_of(finding_id)
        if row < 0:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def _remember_selection(self) -> None:
        self._keep = [p.finding_id for p in self.selected_problems()]

    def _restore_selection(self) -> None:
        keep, self._keep = self._keep, []
        selection = QItemSelection()
        for finding_id in keep:
            row = self.model.row_of(finding_id)
            if row >= 0:
                selection.select(self.model.index(row, 0), self.model.index(row, self.model.columnCount() - 1))
        self.table.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self._selection_changed()

    def _selection_changed(self, *_args: object) -> None:
        chosen = self.selected_problems()
        self.actions.set_selection(chosen)
        self.detail.show_problem(chosen[0] if len(chosen) == 1 else None)
        if len(chosen) > 1:
            self.detail.title.setText(self.tr("{count} problems selected.").format(count=len(chosen)))

    def open_rechecks(self) -> RecheckDialog:
        """Show the recheck list for the coming week."""
        self.recheck_dialog = RecheckDialog(self.ctx, self.today(), self)
        self.recheck_dialog.open()
        return self.recheck_dialog
