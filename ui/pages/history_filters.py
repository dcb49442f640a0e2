"""The history's filter bar: date range, district, site type, mode, status and a search box."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QCoreApplication, QDate, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QLineEdit, QWidget

from inspector import catalog, clock
from inspector.field.history import HistoryFilter
from inspector.register import sites
from ui.context import AppContext
from ui.pages import labels
from ui.widgets import accessible

SEARCH_DELAY_MS = 250


def fill_combo(combo: QComboBox, everything: str, options: list[tuple[str, str]]) -> None:
    """Fill a filter combo with "all" (data None) and (code, label) options, keeping the current choice."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(everything, None)
    for code, text in options:
        combo.addItem(text, code)
    index = combo.findData(current)
    combo.setCurrentIndex(max(index, 0))
    combo.blockSignals(False)


class HistoryFilterBar(QWidget):
    """Emits `changed(HistoryFilter)` whenever a filter changes (typing in the search box is debounced)."""

    changed = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.period = QComboBox()
        for key, text in (
            ("all", self.tr("All dates")),
            ("today", self.tr("Today")),
            ("week", self.tr("Last 7 days")),
            ("month", self.tr("Last 30 days")),
            ("this_month", self.tr("This month")),
            ("this_year", self.tr("This year")),
            ("custom", self.tr("Date range…")),
        ):
            self.period.addItem(text, key)
        today = QDate(clock.today())
        self.date_from = QDateEdit(today.addDays(-30))
        self.date_to = QDateEdit(today)
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setVisible(False)
        self.district = QComboBox()
        self.site_type = QComboBox()
        self.site_type.setMinimumContentsLength(8)
        self.site_type.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.mode = QComboBox()
        self.status = QComboBox()
        fill_combo(self.mode, self.tr("All modes"), labels.choices(labels.MODES))
        fill_combo(self.status, self.tr("All statuses"), labels.choices(labels.STATUSES))
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search site, address or inspector (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(220)
        accessible.name(self.period, QCoreApplication.translate("HistoryModel", "Started"))
        accessible.name(self.date_from, self.tr("From"))
        accessible.name(self.date_to, self.tr("To"))
        for combo, header in (
            (self.district, "District"),
            (self.site_type, "Site type"),
            (self.mode, "Mode"),
            (self.status, "Status"),
        ):
            accessible.name(combo, QCoreApplication.translate("HistoryModel", header))
        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus)
        self.reload_options()

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._emit)
        self.search.textChanged.connect(self._timer.start)
        self.search.returnPressed.connect(self._emit)
        self.period.currentIndexChanged.connect(self._period_changed)
        for widget in (self.district, self.site_type, self.mode, self.status):
            widget.currentIndexChanged.connect(self._emit)
        self.date_from.dateChanged.connect(self._emit)
        self.date_to.dateChanged.connect(self._emit)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.period)
        layout.addWidget(self.date_from)
        self.dash = QLabel(self.tr("to"))
        self.dash.setVisible(False)
        layout.addWidget(self.dash)
        layout.addWidget(self.date_to)
        for widget in (self.district, self.site_type, self.mode, self.status):
            layout.addWidget(widget)
        layout.addWidget(self.search, 1)

    def reload_options(self) -> None:
        """Refill the district and site-type choices from the workspace."""
        fill_combo(self.district, self.tr("All districts"), [(d, d) for d in sites.districts(self.ctx.db)])
        types = catalog.get_catalog(self.ctx.db).site_types
        fill_combo(self.site_type, self.tr("All site types"), [(t.code, t.name) for t in types])

    def _period_changed(self) -> None:
        custom = self.period.currentData() == "custom"
        for widget in (self.date_from, self.dash, self.date_to):
            widget.setVisible(custom)
        self._emit()

    def _dates(self) -> tuple[date | None, date | None]:
        key = self.period.currentData()
        today = clock.today()
        starts = {
            "today": today,
            "week": today - timedelta(days=6),
            "month": today - timedelta(days=29),
            "this_month": today.replace(day=1),
            "this_year": today.replace(month=1, day=1),
        }
        if key in starts:
            return starts[key], today
        if key == "custom":
            return self.date_from.date().toPython(), self.date_to.date().toPython()
        return None, None

    def current(self) -> HistoryFilter:
        """The filter the bar shows."""
        start, end = self._dates()
        return HistoryFilter(
            date_from=start,
            date_to=end,
            district=self.district.currentData(),
            site_type=self.site_type.currentData(),
            mode=self.mode.currentData(),
            status=self.status.currentData(),
            search=self.search.text(),
        )

    def _emit(self) -> None:
        self._timer.stop()
        self.changed.emit(self.current())
