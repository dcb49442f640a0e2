"""检查记录: every inspection, filtered and sorted by the core off the UI thread, loaded lazily, with a detail pane."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget

from inspector.field.history import HistoryFilter
from ui.context import AppContext
from ui.loading import busy_bar
from ui.pages.base import BasePage
from ui.pages.history_detail import InspectionDetailPane
from ui.pages.history_filters import HistoryFilterBar
from ui.pages.history_model import COLUMNS, HistoryModel
from ui.widgets import accessible, colors
from ui.widgets.table_model import make_table, set_widths, stretch_columns

COLUMN_EMS = {"started_at": 9, "site": 10.5, "district": 3, "street": 4, "site_type": 8, "inspector": 3, "status": 3}


class HistoryPage(BasePage):
    """Filters on top, the lazily loaded inspection table, and the selected inspection's detail below."""

    WATCHES = frozenset({"inspections", "findings", "photos", "sites", "catalog"})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        title = QLabel(self.tr("Inspections"))
        title.setStyleSheet("font-size: 20px; font-weight: bold;")
        self.filters = HistoryFilterBar(ctx, self)
        self.count = QLabel()
        self.count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        self.model = HistoryModel(ctx.db, self, ctx=ctx)
        self.busy = busy_bar(self.model.loader, self)
        self.table = make_table(self.model)
        self.table.setObjectName("historyTable")
        accessible.name(self.table, self.tr("Inspections"))
        header = self.table.horizontalHeader()
        set_widths(self.table, [COLUMN_EMS.get(spec.key, 2) for spec in COLUMNS])
        stretch_columns(self.table, next(n for n, spec in enumerate(COLUMNS) if spec.key == "site"))
        header.setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)  # sorts (so starts loading) at once; model.sort asks the core
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self._keep: str | None = None
        self._wanted: str | None = None  # asked for while the list was being read
        self.model.modelAboutToBeReset.connect(self._remember_selection)
        self.model.modelReset.connect(self._restore_selection)

        self.detail = InspectionDetailPane(ctx, self)
        self.table.activated.connect(self.detail.focus_findings)  # Enter or double-click: on to the findings
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setSizes([360, 380])  # the list shows 10+ rows on a 768-pixel screen
        self.splitter = split

        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.busy)
        top.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 8)
        layout.addLayout(top)
        layout.addWidget(self.filters)
        layout.addWidget(split, 1)

        self.filters.changed.connect(self.apply_filter)
        self.model.loader.busy_changed.connect(self._update_count)
        self._update_count()

    # state

    def selected_id(self) -> str | None:
        """The inspection selected in the table."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.inspection_id(rows[0].row()) if rows else None

    def select(self, inspection_id: str) -> bool:
        """Select an inspection (and show its detail); False when the current filter hides it.

        While the list is being read the inspection is selected once it is in (if the filter shows it)."""
        if self.model.loading:
            self._wanted = inspection_id
            return True
        return self._select_row(inspection_id)

    def _select_row(self, inspection_id: str) -> bool:
        row = self.model.row_of(inspection_id)
        if row < 0:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def apply_filter(self, flt: HistoryFilter) -> None:
        """Show the inspections matching a filter (the selection stays when it still matches)."""
        self.model.set_filter(flt)

    def wait_loaded(self, timeout_ms: int = 10_000) -> bool:
        """Process events until the latest filter, sort or refresh is on screen (tests); False if not in time."""
        return self.model.wait_loaded(timeout_ms)

    def refresh(self) -> None:
        """Read everything again after a change elsewhere (the same inspection and finding stay selected)."""
        self.filters.reload_options()
        self.model.requery()

    def _remember_selection(self) -> None:
        self._keep = self.selected_id()

    def _restore_selection(self) -> None:
        self._update_count()
        keep, self._keep = self._wanted or self._keep, None
        self._wanted = None
        if not (keep and self._select_row(keep)):
            self.detail.show_inspection(None)

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self.detail.show_inspection(self.selected_id())

    def _update_count(self, *_args: object) -> None:
        error = self.model.loader.error
        self.count.setStyleSheet(colors.style("failed") if error else "")
        if self.model.loading and not self.model.shown:
            self.count.setText("")  # the bar moves until the first list is in: "0 inspections" would be wrong
            return
        self.count.setText(error or self.tr("{count} inspection(s)").format(count=f"{self.model.rowCount():,}"))
