"""Choosing a reporting period: week, month, quarter or year, then one of the recent periods of that kind."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QWidget

from inspector import clock
from inspector.oversight.queries import recent_periods
from inspector.periods import Period
from ui.oversight import labels
from ui.widgets import accessible

RECENT = {"week": 26, "month": 24, "quarter": 12, "year": 5}


class PeriodPicker(QWidget):
    """Two combos (kind, period); emits `changed(Period)`; the newest period of the chosen kind comes first."""

    changed = Signal(object)

    def __init__(self, today: date | None = None, kind: str = "month", parent: QWidget | None = None):
        super().__init__(parent)
        self._today = today or clock.today()
        self.kind = QComboBox()
        self.kind.setObjectName("periodKind")
        for code, text in labels.choices(labels.PERIOD_KINDS):
            self.kind.addItem(text, code)
        self.kind.setCurrentIndex(max(self.kind.findData(kind), 0))
        self.period_combo = QComboBox()
        self.period_combo.setObjectName("periodChoice")
        accessible.name(self.kind, self.tr("Kind of period"))
        accessible.name(self.period_combo, QCoreApplication.translate("RankingsPage", "Period"))
        self.period_combo.setMinimumContentsLength(11)
        self.period_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.kind)
        layout.addWidget(self.period_combo)
        self._fill()
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.period_combo.currentIndexChanged.connect(lambda _i: self.changed.emit(self.period()))

    def period(self) -> Period:
        """The period chosen."""
        return self.period_combo.currentData()

    def set_period(self, period: Period) -> None:
        """Choose a period (its kind first); a period older than the list is added at the end."""
        self.kind.blockSignals(True)
        self.kind.setCurrentIndex(max(self.kind.findData(period.kind), 0))
        self.kind.blockSignals(False)
        self._fill(period)
        self.changed.emit(self.period())

    def _kind_changed(self, _index: int) -> None:
        self._fill()
        self.changed.emit(self.period())

    def _fill(self, keep: Period | None = None) -> None:
        code = self.kind.currentData()
        periods = recent_periods(code, self._today, RECENT[code])
        if keep is not None and keep.kind == code and keep not in periods:
            periods.append(keep)
        self.period_combo.blockSignals(True)
        self.period_combo.clear()
        for period in periods:
            self.period_combo.addItem(labels.period_text(period), period)
        index = periods.index(keep) if keep in periods else 0
        self.period_combo.setCurrentIndex(index)
        self.period_combo.blockSignals(False)
