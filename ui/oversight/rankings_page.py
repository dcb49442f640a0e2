"""排名（红黑榜）: a period's ranking by district, street or responsible unit against the previous period, with
the red and black lists highlighted, bars per group and a trend line across the last periods (QtCharts).

Every ranking is computed off the UI thread on its own connection. While it runs the page says so and stays usable;
a newer request (another period, dimension or list size) cancels the older one, whose result is never shown.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from inspector import clock
from inspector.oversight import rankings
from inspector.oversight.rankings import RankingTable, previous_period
from inspector.periods import Period
from inspector.workspace import Workspace
from ui.context import AppContext
from ui.loading import wait_until
from ui.oversight import labels
from ui.oversight.period_picker import PeriodPicker
from ui.oversight.rankings_charts import RankingBarChart, TrendChart
from ui.oversight.rankings_model import RankingTableModel
from ui.pages.base import BasePage
from ui.tasks import Cancel, Task
from ui.widgets import accessible
from ui.widgets.fields import MessageLine
from ui.widgets.jobs import error_text, run_job
from ui.widgets.table_model import make_table, set_widths

TREND_PERIODS = 6
SCORE_COLUMN = 2
COLUMN_EMS = (2.2, 6.5, 3, 2.5, 2.5, 3, 6, 4, 2.5)


class RankingsPage(BasePage):
    """Period, dimension and list sizes on top; the table on the left, bars and trend on the right."""

    WATCHES = frozenset({"problems", "inspections", "findings", "sites", "settings"})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.task: Task | None = None
        self._generation = 0
        self._shown: tuple[Period, str, int, int] | None = None  # the request whose result the page shows
        self.ranking: RankingTable | None = None
        self.trend: list[RankingTable] = []
        title = QLabel(self.tr("Rankings: red and black lists"))
        title.setStyleSheet("font-size: 20px; font-weight: bold;")

        self.period = PeriodPicker(self.today(), "month", self)
        self.by = QComboBox()
        self.by.setObjectName("rankBy")
        for code, text in labels.choices(labels.DIMENSIONS):
            self.by.addItem(text, code)
        self.red = QSpinBox()
        self.red.setObjectName("redSize")
        self.black = QSpinBox()
        self.black.setObjectName("blackSize")
        for spin in (self.red, self.black):
            spin.setRange(0, 50)
        self._set_sizes()
        controls = QHBoxLayout()
        controls.addWidget(QLabel(self.tr("Period")))
        controls.addWidget(self.period)
        controls.addSpacing(12)
        controls.addWidget(QLabel(self.tr("Rank by")))
        controls.addWidget(self.by)
        controls.addSpacing(12)
        controls.addWidget(QLabel(self.tr("Red list: top")))
        controls.addWidget(self.red)
        controls.addWidget(QLabel(self.tr("Black list: bottom")))
        controls.addWidget(self.black)
        controls.addStretch(1)
        self.summary = QLabel()
        self.summary.setObjectName("rankingSummary")
        self.summary.setWordWrap(True)
        self.spinner = QProgressBar()  # an indeterminate bar beside the summary while a ranking is computed
        self.spinner.setObjectName("rankingLoading")
        self.spinner.setRange(0, 0)
        self.spinner.setTextVisible(False)
        self.spinner.setFixedWidth(120)
        self.spinner.hide()
        status = QHBoxLayout()
        status.addWidget(self.summary, 1)
        status.addWidget(self.spinner, 0, Qt.AlignmentFlag.AlignTop)
        self.message = MessageLine()

        self.model = RankingTableModel(self)
        self.table = make_table(self.model)
        self.table.setObjectName("rankingTable")
        accessible.name(self.table, self.tr("Rankings: red and black lists"))
        set_widths(self.table, COLUMN_EMS)
        self.bars = RankingBarChart(self)
        self.bars.setObjectName("rankingBars")
        self.trend_chart = TrendChart(self)
        self.trend_chart.setObjectName("rankingTrend")
        charts = QSplitter(Qt.Orientation.Vertical)
        charts.addWidget(self.bars)
        charts.addWidget(self.trend_chart)
        charts.setSizes([380, 300])
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(charts)
        split.setSizes([690, 430])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 8)
        layout.addWidget(title)
        layout.addLayout(controls)
        layout.addLayout(status)
        layout.addWidget(self.message)
        layout.addWidget(split, 1)

        self.period.changed.connect(self.refresh)
        self.by.currentIndexChanged.connect(self._dimension_changed)
        self.red.valueChanged.connect(self.refresh)
        self.black.valueChanged.connect(self.refresh)
        self.refresh()

    def today(self) -> date:
        """The day rectification rates are counted to: the clock's today."""
        return clock.today()

    def set_period(self, period: Period) -> None:
        """Rank another period."""
        self.period.set_period(period)

    def dimension(self) -> str:
        """What is ranked: district, street or unit."""
        return self.by.currentData()

    def busy(self) -> bool:
        """Whether a ranking is being computed."""
        return self.task is not None

    def loading(self) -> bool:
        """Whether the page is waiting for the newest ranking (the same as busy(): it shows the loading state)."""
        return self.busy()

    def wait_loaded(self, timeout_ms: int = 60_000) -> bool:
        """Process events until the newest ranking is shown or has failed (tests, scripts); False on timeout."""
        return wait_until(lambda: not self.busy(), timeout_ms)

    def _set_sizes(self) -> None:
        red, black = rankings.list_sizes(self.ctx.db, self.by.currentData())
        for spin, value in ((self.red, red), (self.black, black)):
            spin.blockSignals(True)
            spin.setValue(value)
            spin.blockSignals(False)

    def _dimension_changed(self, _index: int) -> None:
        self._set_sizes()  # each dimension has its own default list sizes
        self.refresh()

    def refresh(self, *_args: object) -> None:
        """Compute the ranking and its trend off the UI thread; a newer request cancels an older one still running."""
        self._generation += 1
        generation = self._generation
        if self.task is not None:
            self.task.cancel()  # it stops before its next period; its result, if any, is dropped (generation)
        period, by, today = self.period.period(), self.dimension(), self.today()
        top, bottom = self.red.value(), self.black.value()
        request = (period, by, top, bottom)
        if request != self._shown:
            self._show(None)  # the last result answers another question: never show it as this one's

        def job(ws: Workspace, token: Cancel) -> tuple[RankingTable, list[RankingTable]]:
            table = rankings.rankings(ws.db, period, by, today=today, top=top, bottom=bottom)
            tables, earlier = [table], period
            for _ in range(TREND_PERIODS - 1):  # the trend: the periods before, each ranked with its default lists
                token.check()
                earlier = previous_period(earlier)
                tables.append(rankings.rankings(ws.db, earlier, by, today=today))
            return table, tables[::-1]

        self.message.clear()
        self.summary.setText(self.tr("Ranking {period}…").format(period=labels.period_text(period)))
        self.spinner.show()
        self.task = run_job(
            self.ctx,
            job,
            finished=lambda result: self._ready(generation, request, result),
            failed=lambda exc: self._failed(generation, exc),
        )

    def _current(self, generation: int) -> bool:
        """Whether an outcome answers the newest request (and the page still exists to show it)."""
        return generation == self._generation and isValid(self)

    def _ready(
        self, generation: int, request: tuple[Period, str, int, int], result: tuple[RankingTable, list[RankingTable]]
    ) -> None:
        if not self._current(generation):
            return
        self.task = None
        self.spinner.hide()
        self._shown = request
        self._show(result)

    def _show(self, result: tuple[RankingTable, list[RankingTable]] | None) -> None:
        """Fill the table and the charts with a ranking and its trend, or empty them (None)."""
        if result is None:
            self._shown = None
            self.ranking, self.trend = None, []
            self.model.set_rows([])
            self.bars.show_table(None)
            self.trend_chart.show_trend([])
            return
        self.ranking, self.trend = result
        self.model.set_dimension(self.ranking.by)
        self.model.set_rows(list(self.ranking.entries))
        self.table.setColumnHidden(SCORE_COLUMN, self.ranking.ranked_by == "rectification")  # units have no score
        self.bars.show_table(self.ranking)
        self.trend_chart.show_trend(self.trend)
        self.summary.setText(self._summary(self.ranking))

    def _failed(self, generation: int, exc: BaseException) -> None:
        if not self._current(generation):
            return
        self.task = None
        self.spinner.hide()
        self.summary.clear()
        self.message.error(error_text(exc))

    def _summary(self, table: RankingTable) -> str:
        basis = self.tr("by rectification rate") if table.ranked_by == "rectification" else self.tr("by average score")
        none = self.tr("none")
        return self.tr(
            "{period}, ranked {basis}, compared with {previous}. Red list: {red}. Black list: {black}."
        ).format(
            period=labels.period_text(table.period),
            basis=basis,
            previous=labels.period_text(table.previous),
            red="、".join(table.red_list) or none,
            black="、".join(table.black_list) or none,
        )
