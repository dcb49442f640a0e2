"""New spot check: pick a site (register search, seeded random draw, or a new site), choose 明察/暗访, start."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QItemSelectionModel, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from inspector import catalog
from inspector.errors import InspectorError
from inspector.field import inspections
from inspector.register import draw, sites
from ui.context import AppContext
from ui.runner import labels
from ui.runner.new_site import NewSiteForm
from ui.runner.site_model import SitesModel
from ui.widgets import accessible, colors

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def _site_table(model: SitesModel) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    table.setTabKeyNavigation(False)
    table.verticalHeader().setDefaultSectionSize(36)
    return table


class SpotCheckDialog(QDialog):
    """Starts an inspection; emits `inspection_started(id)`. Open it with `open()`; Enter on a site starts."""

    inspection_started = Signal(str)
    REGISTER, DRAW, NEW_SITE = range(3)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.site_types = {t.code: t.name for t in catalog.get_catalog(ctx.db).site_types}
        self.last_draw: draw.Draw | None = None
        self.setWindowTitle(self.tr("New spot check"))
        self.resize(1040, 700)
        self.setStyleSheet("* { font-size: 16px; } QTableView::item { padding: 0 6px; }")

        self.district = QComboBox()
        self.district.addItem(self.tr("All districts"), None)
        for name in sites.districts(ctx.db):
            self.district.addItem(name, name)
        self.street = QComboBox()
        self.site_type = QComboBox()
        self.site_type.addItem(self.tr("All site types"), None)
        for code, name in self.site_types.items():
            self.site_type.addItem(name, code)
        self._fill_streets()
        filters = QHBoxLayout()
        for text, combo in (
            (self.tr("District"), self.district),
            (self.tr("Street"), self.street),
            (self.tr("Site type"), self.site_type),
        ):
            filters.addWidget(QLabel(text))
            filters.addWidget(combo, 1)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._register_tab(), self.tr("Pick from the register"))
        self.tabs.addTab(self._draw_tab(), self.tr("Random draw"))
        self.new_site = NewSiteForm(ctx, self.site_types)
        self.tabs.addTab(self.new_site, self.tr("Add a new site"))

        self.announced = QRadioButton(labels.mode_text("announced"))
        self.unannounced = QRadioButton(labels.mode_text("unannounced"))
        self.modes = QButtonGroup(self)
        self.modes.addButton(self.announced)
        self.modes.addButton(self.unannounced)
        last_mode = str(ctx.settings.value("runner/mode", "announced"))
        (self.unannounced if last_mode == "unannounced" else self.announced).setChecked(True)
        self.place = QLineEdit()
        bottom = QHBoxLayout()
        bottom.addWidget(QLabel(self.tr("Mode")))
        bottom.addWidget(self.announced)
        bottom.addWidget(self.unannounced)
        bottom.addSpacing(24)
        bottom.addWidget(QLabel(self.tr("Place")))
        bottom.addWidget(self.place, 1)

        self.chosen = QLabel()
        self.chosen.setStyleSheet("font-weight: bold;")
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {colors.text('failed').name()};")
        self.start_button = QPushButton(self.tr("Start inspection"))
        self.start_button.setDefault(True)
        cancel = QPushButton(self.tr("Cancel"))
        cancel.setAutoDefault(False)
        for button in (self.start_button, cancel):
            button.setMinimumHeight(44)
        self.start_button.clicked.connect(self.start)
        cancel.clicked.connect(self.reject)
        actions = QHBoxLayout()
        actions.addWidget(self.chosen, 1)
        actions.addWidget(cancel)
        actions.addWidget(self.start_button)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.error)
        layout.addLayout(actions)

        self.district.currentIndexChanged.connect(self._district_changed)
        self.street.currentIndexChanged.connect(self.refresh_sites)
        self.site_type.currentIndexChanged.connect(self.refresh_sites)
        self.search.textChanged.connect(self.refresh_sites)
        self.tabs.currentChanged.connect(self._selection_changed)
        self.new_site.site_added.connect(self._selection_changed)
        self.refresh_sites()
        self.search.setFocus()
        accessible.name_unnamed(self)  # fields named after their labels

    # tabs

    def _register_tab(self) -> QWidget:
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search by name, address, code or street"))
        self.search.setClearButtonEnabled(True)
        self.search.installEventFilter(self)
        self.sites_model = SitesModel(self.site_types, self)
        self.table = _site_table(self.sites_model)
        self.table.installEventFilter(self)
        self.table.doubleClicked.connect(self.start)
        accessible.name(self.table, QCoreApplication.translate("SitesPage", "Sites"))
        self.table.selectionModel().currentRowChanged.connect(self._selection_changed)
        self.count_label = QLabel()
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        return page

    def _draw_tab(self) -> QWidget:
        self.draw_count = QSpinBox()
        self.draw_count.setRange(1, 50)
        self.draw_count.setValue(3)
        self.seed = QLineEdit()
        self.seed.setPlaceholderText(self.tr("Optional: leave empty for a random seed"))
        self.seed.installEventFilter(self)
        self.draw_count.installEventFilter(self)
        draw_button = QPushButton(self.tr("Draw"))
        draw_button.setAutoDefault(False)
        draw_button.clicked.connect(self.draw_sites)
        self.seed_used = QLineEdit()
        self.seed_used.setReadOnly(True)
        self.seed_used.setPlaceholderText(self.tr("The seed used appears here after the draw"))
        self.draw_info = QLabel(
            self.tr("The filters above limit the candidates. Anyone can re-run a draw from its seed.")
        )
        self.draw_info.setWordWrap(True)
        self.drawn_model = SitesModel(self.site_types, self)
        self.drawn_table = _site_table(self.drawn_model)
        self.drawn_table.installEventFilter(self)
        self.drawn_table.doubleClicked.connect(self.start)
        accessible.name(self.drawn_table, QCoreApplication.translate("DrawPage", "Drawn sites"))
        self.drawn_table.selectionModel().currentRowChanged.connect(self._selection_changed)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Number of sites")))
        row.addWidget(self.draw_count)
        row.addWidget(QLabel(self.tr("Seed")))
        row.addWidget(self.seed, 1)
        row.addWidget(draw_button)
        used = QHBoxLayout()
        used.addWidget(QLabel(self.tr("Seed used")))
        used.addWidget(self.seed_used, 1)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(row)
        layout.addLayout(used)
        layout.addWidget(self.draw_info)
        layout.addWidget(self.drawn_table, 1)
        return page

    # filters and lists

    def _filters(self) -> dict[str, str | None]:
        return {
            "district": self.district.currentData(),
            "street": self.street.currentData(),
            "site_type": self.site_type.currentData(),
        }

    def _fill_streets(self) -> None:
        self.street.blockSignals(True)
        self.street.clear()
        self.street.addItem(self.tr("All streets"), None)
        for name in sites.streets(self.ctx.db, self.district.currentData()):
            self.street.addItem(name, name)
        self.street.blockSignals(False)

    def _district_changed(self) -> None:
        self._fill_streets()
        self.refresh_sites()

    def refresh_sites(self) -> None:
        """Reload the register list from the search text and filters."""
        found = sites.list_sites(self.ctx.db, search=self.search.text(), **self._filters())
        self.sites_model.set_sites(found)
        self.count_label.setText(self.tr("{count} site(s)").format(count=len(found)))
        if found:
            self._select(self.table, 0)
        self._selection_changed()

    def _select(self, table: QTableView, row: int) -> None:
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        table.selectionModel().setCurrentIndex(table.model().index(row, 0), flags)

    def draw_sites(self) -> None:
        """Draw n sites at random with the (optional) seed, show the seed used and the drawn sites."""
        self.error.clear()
        try:
            result = draw.draw_sites(
                self.ctx.db, count=self.draw_count.value(), seed=self.seed.text().strip() or None, **self._filters()
            )
        except InspectorError as exc:
            self.error.setText(str(exc))
            return
        self.last_draw = result
        self.seed_used.setText(result.seed)
        self.draw_info.setText(
            self.tr("Drawn {count} of {candidates} candidate site(s) with {algorithm}.").format(
                count=len(result.result), candidates=len(result.candidates), algorithm=result.algorithm
            )
        )
        self.drawn_model.set_sites([sites.get_site(self.ctx.db, site_id) for site_id in result.result])
        self._select(self.drawn_table, 0)
        self.drawn_table.setFocus()
        self._selection_changed()

    # choosing

    def selected_site(self) -> sites.Site | None:
        """The site the inspection would be started on."""
        tab = self.tabs.currentIndex()
        if tab == self.NEW_SITE:
            return self.new_site.site
        table, model = (self.table, self.sites_model) if tab == self.REGISTER else (self.drawn_table, self.drawn_model)
        row = table.currentIndex().row()
        return model.site_at(row) if 0 <= row < model.rowCount() else None

    def _selection_changed(self, *_args: object) -> None:
        site = self.selected_site()
        if site is None:
            self.chosen.setText(self.tr("No site chosen"))
            self.place.setPlaceholderText("")
            return
        self.chosen.setText(
            self.tr("Site: {name} ({code}) · {district}").format(name=site.name, code=site.code, district=site.district)
        )
        self.place.setPlaceholderText(self._default_place(site))

    @staticmethod
    def _default_place(site: sites.Site) -> str:
        return site.address or f"{site.district}{site.street}{site.name}"

    def start(self) -> None:
        """Start the inspection on the chosen site and mode."""
        site = self.selected_site()
        if site is None:
            self.error.setText(self.tr("Choose a site first."))
            return
        inspector = self.ctx.workspace.inspector
        if not inspector or not inspector.get("id"):
            self.error.setText(self.tr("This workspace has no inspector profile; set it in Settings first."))
            return
        mode = "unannounced" if self.unannounced.isChecked() else "announced"
        drawn = self.tabs.currentIndex() == self.DRAW and self.last_draw is not None
        try:
            inspection = inspections.start_inspection(
                self.ctx.db,
                site_id=site.id,
                inspector_id=inspector["id"],
                mode=mode,
                place=self.place.text().strip() or self._default_place(site),
                draw_id=self.last_draw.id if drawn and self.last_draw else None,
            )
        except InspectorError as exc:
            self.error.setText(str(exc))
            return
        self.ctx.settings.setValue("runner/mode", mode)
        self.ctx.changes.apply(inspections.start_inspection.changes)
        self.inspection_started.emit(inspection.id)
        self.accept()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress:
            return super().eventFilter(watched, event)
        key = QKeyEvent.key(event)  # type: ignore[arg-type]
        if watched is self.search and key in (*ENTER_KEYS, Qt.Key.Key_Down) and self.sites_model.rowCount():
            self.table.setFocus()
            return True
        if watched in (self.seed, self.draw_count) and key in ENTER_KEYS:
            self.draw_sites()
            return True
        if watched in (self.table, self.drawn_table) and key in ENTER_KEYS:
            self.start()
            return True
        return super().eventFilter(watched, event)
