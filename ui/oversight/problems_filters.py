"""The problems page's filter bar: status, deadline, district, responsible unit, when found, and a search box."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

from PySide6.QtCore import QCoreApplication, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QWidget

from inspector import clock
from inspector.oversight.queries import period_of
from inspector.oversight.rankings import previous_period
from inspector.oversight.rectification import RECHECK_DAYS, UNRESOLVED
from inspector.register import sites
from inspector.tracking import problems
from inspector.tracking.problems import ProblemFilter
from ui.context import AppContext
from ui.oversight import labels
from ui.pages.history_filters import SEARCH_DELAY_MS, fill_combo
from ui.widgets import accessible


@dataclass(frozen=True)
class FilterOptions:
    """The choices the workspace offers: districts with active sites, responsible units named by problems."""

    districts: tuple[str, ...] = ()
    units: tuple[str, ...] = ()


def filter_options(db: Any) -> FilterOptions:
    """Read the district and unit choices (on any connection: a page calls it from its background load)."""
    return FilterOptions(tuple(sites.districts(db)), tuple(problems.units(db)))


class ProblemFilterBar(QWidget):
    """Emits `changed(ProblemFilter)` when a filter changes (typing in the search box is debounced)."""

    changed = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.status = QComboBox()
        self.status.setObjectName("statusFilter")
        self.status.addItem(self.tr("All statuses"), None)
        self.status.addItem(self.tr("Unresolved"), "unresolved")
        for code, text in labels.choices(labels.STATUSES):
            self.status.addItem(text, code)
        self.status.addItem(self.tr("Approved for exposure"), "exposure")
        self.deadline = QComboBox()
        self.deadline.addItem(self.tr("Any deadline"), None)
        self.deadline.addItem(self.tr("Overdue"), "overdue")
        self.deadline.addItem(self.tr("Due within {days} days").format(days=RECHECK_DAYS), "soon")
        self.found = QComboBox()
        for key, text in (
            (None, self.tr("Found any time")),
            ("week", self.tr("Found this week")),
            ("month", self.tr("Found this month")),
            ("last_month", self.tr("Found last month")),
            ("quarter", self.tr("Found this quarter")),
            ("year", self.tr("Found this year")),
        ):
            self.found.addItem(text, key)
        self.district = QComboBox()
        self.unit = QComboBox()
        for combo, length in ((self.status, 10), (self.deadline, 10), (self.found, 12), (self.unit, 8)):
            combo.setMinimumContentsLength(length)  # a long choice is shortened in the closed box, not the row widened
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.search = QLineEdit()
        self.search.setObjectName("problemSearch")
        self.search.setPlaceholderText(self.tr("Search ref., site, problem, unit (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(160)
        for combo, header in (
            (self.status, "Status"),
            (self.deadline, "Deadline"),
            (self.found, "Found"),
            (self.district, "District"),
            (self.unit, "Responsible unit"),
        ):
            accessible.name(combo, QCoreApplication.translate("ProblemTableModel", header))
        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus)
        self.set_options(FilterOptions())  # the page reads the choices off the UI thread

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._emit)
        self.search.textChanged.connect(self._timer.start)
        self.search.returnPressed.connect(self._emit)
        for combo in (self.status, self.deadline, self.found, self.district, self.unit):
            combo.currentIndexChanged.connect(self._emit)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.status, self.deadline, self.found, self.district, self.unit):
            layout.addWidget(widget)
        layout.addWidget(self.search, 1)

    def set_options(self, options: FilterOptions) -> None:
        """Show district and unit choices read elsewhere (by a background load), keeping what is chosen."""
        fill_combo(self.district, self.tr("All districts"), [(d, d) for d in options.districts])
        fill_combo(self.unit, self.tr("All units"), [(u, u) for u in options.units])

    def current(self) -> ProblemFilter:
        """The filter as chosen."""
        flt = ProblemFilter(
            district=self.district.currentData(),
            unit=self.unit.currentData(),
            search=self.search.text().strip(),
        )
        status = self.status.currentData()
        if status == "unresolved":
            flt = replace(flt, status=UNRESOLVED)
        elif status == "exposure":
            flt = replace(flt, exposure=True)
        elif status:
            flt = replace(flt, status=status)
        deadline = self.deadline.currentData()
        if deadline == "overdue":
            flt = replace(flt, overdue=True)
        elif deadline == "soon":
            flt = replace(flt, due_by=clock.today() + timedelta(days=RECHECK_DAYS), status=flt.status or UNRESOLVED)
        found = self.found.currentData()
        if found == "last_month":
            flt = replace(flt, found_in=previous_period(period_of("month", clock.today())))
        elif found:
            flt = replace(flt, found_in=period_of(found, clock.today()))
        return flt

    def _emit(self) -> None:
        self._timer.stop()
        self.changed.emit(self.current())
