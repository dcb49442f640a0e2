"""The draw form: which sites may be drawn, how many (per district or site type), the seed, and inspectors."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from inspector import catalog
from inspector.errors import InspectorError
from inspector.register import draw, sites
from inspector.store import get_setting
from ui.context import AppContext
from ui.pages.history_filters import fill_combo
from ui.widgets.fields import MessageLine


class DrawForm(QGroupBox):
    """Draws sites, then (optionally) inspectors for them with recusal; emits `drawn(Draw)` with the last draw."""

    drawn = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setTitle(self.tr("Draw"))
        rules: dict[str, Any] = get_setting(ctx.db, "draw", {}) or {}
        recusal = {**draw.DEFAULT_RECUSAL, **(rules.get("recusal") or {})}
        self.district = QComboBox()
        self.site_type = QComboBox()
        for combo, length in ((self.district, 7), (self.site_type, 8)):
            combo.setMinimumContentsLength(length)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.count = QSpinBox()
        self.count.setRange(1, 500)
        self.count.setValue(2)
        self.per = QComboBox()
        self.per.addItem(self.tr("In total"), None)
        self.per.addItem(self.tr("Per district"), "district")
        self.per.addItem(self.tr("Per site type"), "site-type")
        self.per.setCurrentIndex(1)
        self.seed = QLineEdit()
        self.seed.setPlaceholderText(self.tr("Blank: a random seed is made and recorded"))
        self.assign = QCheckBox(self.tr("Assign inspectors"))
        self.assign.setChecked(True)
        self.per_site = QSpinBox()
        self.per_site.setRange(1, 10)
        self.per_site.setValue(int(rules.get("inspectors_per_site", 1)))
        self.same_district = QCheckBox(self.tr("Not in their own district"))
        self.same_district.setChecked(bool(recusal["district"]))
        self.same_unit = QCheckBox(self.tr("Not at their own unit"))
        self.same_unit.setChecked(bool(recusal["unit"]))
        self.assign.toggled.connect(self._assign_toggled)
        self.draw_button = QPushButton(self.tr("Draw"))
        self.draw_button.setStyleSheet("font-weight: bold; padding: 4px 24px;")
        self.draw_button.clicked.connect(self.run_draw)
        self.seed.returnPressed.connect(self.draw_button.click)  # Enter on the seed draws (a disabled button won't)
        self.message = MessageLine()

        grid = QGridLayout()
        cells = (
            (self.tr("District"), self.district),
            (self.tr("Site type"), self.site_type),
            (self.tr("Sites"), self.count),
            (self.tr("Counted"), self.per),
        )
        for n, (text, widget) in enumerate(cells):  # two pairs a row: fits a 1280-pixel-wide screen in English
            grid.addWidget(QLabel(text), n // 2, n % 2 * 2)
            grid.addWidget(widget, n // 2, n % 2 * 2 + 1)
        grid.addWidget(QLabel(self.tr("Seed")), 2, 0)
        grid.addWidget(self.seed, 2, 1, 1, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        people = QHBoxLayout()
        people.addWidget(self.assign)
        people.addWidget(QLabel(self.tr("per site")))
        people.addWidget(self.per_site)
        people.addStretch(1)
        recusal = QHBoxLayout()
        recusal.addWidget(QLabel(self.tr("Recusal:")))
        recusal.addWidget(self.same_district)
        recusal.addWidget(self.same_unit)
        recusal.addStretch(1)
        recusal.addWidget(self.draw_button)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addLayout(people)
        layout.addLayout(recusal)
        layout.addWidget(self.message)
        self.reload_options()

    def reload_options(self) -> None:
        """Refill the district and site-type choices."""
        fill_combo(self.district, self.tr("All districts"), [(d, d) for d in sites.districts(self.ctx.db)])
        types = catalog.get_catalog(self.ctx.db).site_types
        fill_combo(self.site_type, self.tr("All site types"), [(t.code, t.name) for t in types])
        self.draw_button.setEnabled(self.ctx.gate("draw", self.draw_button))  # who is working (office users)

    def _assign_toggled(self, on: bool) -> None:
        for widget in (self.per_site, self.same_district, self.same_unit):
            widget.setEnabled(on)

    def run_draw(self) -> draw.Draw | None:
        """Draw and record; None, with the reason shown, when the draw cannot be made."""
        try:
            made = draw.draw_sites(
                self.ctx.db,
                count=self.count.value(),
                district=self.district.currentData(),
                site_type=self.site_type.currentData(),
                per=self.per.currentData(),
                seed=self.seed.text().strip() or None,
                actor=self.ctx.actor,
            )
            if self.assign.isChecked():
                made = draw.draw_inspectors(
                    self.ctx.db,
                    site_draw_id=made.id,
                    per_site=self.per_site.value(),
                    seed=made.seed,
                    recusal={"district": self.same_district.isChecked(), "unit": self.same_unit.isChecked()},
                    actor=self.ctx.actor,
                )
        except InspectorError as exc:
            self.message.error(str(exc))
            return None
        self.message.clear()
        self.ctx.changes.apply(made.changes)
        self.drawn.emit(made)
        return made
