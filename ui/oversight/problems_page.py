"""问题与整改: failed findings by status, unit, district and deadline (overdue first), the selected problem's
detail, and the review and rectification steps; the recheck list for the coming week opens from here.

The list is read off the UI thread a page at a time, filtered and ordered by the core (a header click is a core
order); the newest load wins and the same problems stay selected.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QEventLoop, QItemSelection, QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from inspector import clock
from inspector.tracking.problems import Problem, ProblemCount, ProblemFilter, count_problems, list_problems
from inspector.workspace import Workspace
from ui.context import AppContext
from ui.oversight.problem_actions import ProblemActions
from ui.oversight.problem_detail import ProblemDetail
from ui.oversight.problems_filters import FilterOptions, ProblemFilterBar, filter_options
from ui.oversight.problems_model import PROBLEM_COLUMN, ProblemTableModel
from ui.oversight.rechecks_dialog import RecheckDialog
from ui.pages.base import BasePage
from ui.tasks import Cancel, Cancelled, Task
from ui.widgets import accessible
from ui.widgets.fields import MessageLine
from ui.widgets.jobs import error_text, run_job
from ui.widgets.table_model import make_table, set_widths, stretch_columns

COLUMN_EMS = (5, 6.5, 3.5, 9, 14, 2.5, 3, 7, 6, 3, 6)


@dataclass(frozen=True)
class _Query:
    flt: ProblemFilter
    today: date
    order: tuple[str, bool] | None


@dataclass(frozen=True)
class _Loaded:
    generation: int
    query: _Query
    count: ProblemCount
    rows: list[Problem]
    options: FilterOptions | None


@dataclass(frozen=True)
class _Page:
    generation: int
    offset: int
    rows: list[Problem]


class _LoadFailed(Exception):
    """A load that failed (the core's error is its cause), tagged with the load it belonged to."""

    def __init__(self, generation: int):
        super().__init__(generation)
        self.generation = generation


class ProblemsPage(BasePage):
    """Filters, the problem table, the selected problem's detail and the steps that can be taken on it."""

    WATCHES = frozenset({"problems", "inspections", "findings", "sites", "catalog"})
    load_ended = Signal()  # the newest load was shown (or failed)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.recheck_dialog: RecheckDialog | None = None
        self._generation = 0  # of the newest load: results of older loads and their pages are dropped
        self._task: Task | None = None
        self._loading = False
        self._query: _Query | None = None  # what the shown rows answer (pages read further use the same)
        self._options_stale = True
        self._load_error = False
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
        self.filters.changed.connect(lambda _flt: self.load())
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
        self.model.order_changed.connect(self.load)  # a header click: the core reads that order
        self.model.more_wanted.connect(self._fetch_more)
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
        """Read the problems again, and the filter's choices (the data changed); the same problems stay selected."""
        self._options_stale = True
        self.actions.setEnabled(False)  # the steps wait for the problems as they are now (no step twice)
        selected = [index.row() for index in self.table.selectionModel().selectedRows()]
        self.load(rows=max(selected, default=0) + 1)

    def load(self, *, rows: int = 1) -> None:
        """Count the problems and read the first page (at least `rows`) off the UI thread; the newest load wins.

        The table keeps what it shows until the rows arrive; a load started meanwhile drops this one's result.
        """
        self._generation += 1
        generation = self._generation
        if self._task is not None:
            self._task.cancel()  # not started yet: it never runs; started: its result is dropped
        query = _Query(self.current_filter(), self.today(), self.model.order())
        chunk = self.model.chunk
        limit = -(-max(rows, 1) // chunk) * chunk  # whole pages, at least one
        options = self._options_stale

        def job(ws: Workspace, token: Cancel) -> _Loaded:
            try:
                count = count_problems(ws.db, query.flt, today=query.today)
                token.check()
                found = list_problems(ws.db, query.flt, today=query.today, order=query.order, limit=limit)
                token.check()
                return _Loaded(generation, query, count, found, filter_options(ws.db) if options else None)
            except Cancelled:
                raise
            except Exception as exc:
                raise _LoadFailed(generation) from exc

        self._loading = True
        self.count.setText(self.tr("Loading problems…"))
        self._task = run_job(self.ctx, job, finished=self._loaded, failed=self._load_failed)

    def loading(self) -> bool:
        """Whether the list is being loaded (the table still shows the previous rows)."""
        return self._loading

    def wait_loaded(self, timeout_ms: int = 30_000) -> bool:
        """Process events until the running load has been shown (tests, and callers that select a problem)."""
        if self._loading:
            loop, timer = QEventLoop(), QTimer()
            timer.setSingleShot(True)
            timer.timeout.connect(loop.quit)
            self.load_ended.connect(loop.quit)
            timer.start(timeout_ms)
            loop.exec()
            timer.stop()
            self.load_ended.disconnect(loop.quit)
        return not self._loading

    def _loaded(self, result: _Loaded) -> None:
        if result.generation != self._generation:
            return
        self._task, self._loading, self._query = None, False, result.query
        self.actions.setEnabled(True)
        if result.options is not None:
            self._options_stale = False
            self.filters.set_options(result.options)
            if self.filters.current() != result.query.flt:  # a chosen unit or district is gone: "all" again
                self.load()
                return
        if self._load_error:  # a step's own message stays
            self._load_error = False
            self.message.clear()
        self.model.set_rows(result.rows, result.count.total)
        self.count.setText(
            self.tr("{count} problem(s), {overdue} overdue").format(
                count=result.count.total, overdue=result.count.overdue
            )
        )
        self.load_ended.emit()

    def _load_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, _LoadFailed) or exc.generation != self._generation:
            return
        self._task, self._loading = None, False
        self.actions.setEnabled(True)
        self.count.clear()
        self._load_error = True
        self.message.error(error_text(exc.__cause__ or exc))
        self.load_ended.emit()

    def _fetch_more(self, offset: int) -> None:
        """The view scrolled to the end of the loaded rows: read the next page off the UI thread."""
        query, generation, chunk = self._query, self._generation, self.model.chunk
        if query is None or self._loading:
            self.model.page_failed()  # the load under way replaces these rows anyway
            return

        def job(ws: Workspace, _token: Cancel) -> _Page:
            try:
                rows = list_problems(ws.db, query.flt, today=query.today, order=query.order, limit=chunk, offset=offset)
            except Exception as exc:
                raise _LoadFailed(generation) from exc
            return _Page(generation, offset, rows)

        run_job(self.ctx, job, finished=self._page_arrived, failed=self._page_failed)

    def _page_arrived(self, page: _Page) -> None:
        if page.generation == self._generation and not self._loading:
            self.model.add_page(page.offset, page.rows)

    def _page_failed(self, exc: BaseException) -> None:
        if isinstance(exc, _LoadFailed) and exc.generation == self._generation and not self._loading:
            self.model.page_failed()
            self.message.error(error_text(exc.__cause__ or exc))

    def _read_page_now(self) -> bool:
        """Read the next page on this thread (one page query); False when there is none to read."""
        query, offset = self._query, self.model.loaded()
        if query is None or offset >= self.model.total():
            return False
        rows = list_problems(
            self.ctx.db, query.flt, today=query.today, order=query.order, limit=self.model.chunk, offset=offset
        )
        return self.model.add_page(offset, rows) and bool(rows)

    def selected_problems(self) -> list[Problem]:
        """The problems selected in the table, in table order."""
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [self.model.record(row) for row in rows]

    def select(self, finding_id: str) -> bool:
        """Select one problem (and show it), reading further pages until it is loaded; False when the filter hides it.

        Waits for a load under way first; at most the matching problems are read, one page query at a time.
        """
        self.wait_loaded()
        row = self.model.row_of(finding_id)
        while row < 0 and self._read_page_now():
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

    def closeEvent(self, event: QCloseEvent) -> None:
        self._generation += 1  # a load or page still being read is dropped: the workspace may be closing
        self._loading = False
        if self._task is not None:
            self._task.cancel()
            self._task = None
        self.load_ended.emit()
        super().closeEvent(event)

    def open_rechecks(self) -> RecheckDialog:
        """Show the recheck list for the coming week."""
        self.recheck_dialog = RecheckDialog(self.ctx, self.today(), self)
        self.recheck_dialog.open()
        return self.recheck_dialog
