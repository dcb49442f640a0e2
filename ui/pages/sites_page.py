"""点位: the site register with search and filters; add a site, import a register file."""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSortFilterProxyModel, Qt, QTimer
from PySide6.QtWidgets import QComboBox, QFileDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from inspector import catalog
from inspector.register import sites
from inspector.register.sites import Site
from ui.context import AppContext
from ui.pages import labels
from ui.pages.base import BasePage
from ui.pages.history_filters import SEARCH_DELAY_MS, fill_combo
from ui.pages.import_dialog import SITES, ImportDialog
from ui.pages.site_dialog import AddSiteDialog
from ui.widgets import accessible
from ui.widgets.table_model import SORT_ROLE, ListColumn, ListTableModel, make_table, set_widths


class SiteRow(NamedTuple):
    """A site with its site type's name."""

    site: Site
    type_name: str


class SitesModel(ListTableModel):
    """Sites of the register (SiteRow records)."""

    CONTEXT = "SitesModel"
    COLUMNS = (
        ListColumn(QT_TRANSLATE_NOOP("SitesModel", "Code"), lambda r: r.site.code),
        ListColumn(QT_TRANSLATE_NOOP("SitesModel", "Name"), lambda r: r.site.name),
        ListColumn(QT_TRANSLATE_NOOP("SitesModel", "Site type"), lambda r: r.type_name),
        ListColumn(QT_TRANSLATE_NOOP("SitesModel", "District"), lambda r: r.site.district),
        ListColumn(QT_TRANSLATE_NOOP("SitesModel", "Street"), lambda r: r.site.street),
        ListColumn(QT_TRANSLATE_NOOP("SitesModel", "Address"), lambda r: r.site.address),
        ListColumn(QT_TRANSLATE_NOOP("SitesModel", "Responsible unit"), lambda r: r.site.responsible_unit),
        ListColumn(QT_TRANSLATE_NOOP("SitesModel", "Source"), lambda r: labels.label(labels.ORIGINS, r.site.origin)),
    )


class SitesPage(BasePage):
    """Browse the register by district, street, site type and text; add a site or import a register."""

    WATCHES = frozenset({"sites", "catalog"})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.import_dialog: ImportDialog | None = None
        self.add_dialog: AddSiteDialog | None = None
        self.file_dialog: QFileDialog | None = None
        title = QLabel(self.tr("Sites"))
        title.setStyleSheet("font-size: 20px; font-weight: bold;")
        self.count = QLabel()
        self.add_button = QPushButton(self.tr("Add site…"))
        self.add_button.clicked.connect(self.add_site)
        self.import_button = QPushButton(self.tr("Import register…"))
        self.import_button.setToolTip(self.tr("Import a site register from Excel (.xlsx) or CSV"))
        self.import_button.clicked.connect(self.choose_file)

        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search name, address, code or street"))
        self.search.setClearButtonEnabled(True)
        self.district = QComboBox()
        self.street = QComboBox()
        self.site_type = QComboBox()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.reload)
        self.search.textChanged.connect(self._timer.start)
        self.district.currentIndexChanged.connect(self._district_changed)
        self.street.currentIndexChanged.connect(self.reload)
        self.site_type.currentIndexChanged.connect(self.reload)

        self.model = SitesModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = make_table(self.proxy)
        set_widths(self.table, (5, 11, 8, 3, 4, 12, 10, 4))
        for combo, header in ((self.district, "District"), (self.street, "Street"), (self.site_type, "Site type")):
            accessible.name(combo, QCoreApplication.translate("SitesModel", header))
        accessible.name(self.table, self.tr("Sites"))
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the core's order until a header is clicked

        top = QHBoxLayout()
        top.addWidget(title)
        top.addWidget(self.count, 1)
        top.addWidget(self.add_button)
        top.addWidget(self.import_button)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        for combo in (self.district, self.street, self.site_type):
            filters.addWidget(combo)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 8)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        self.refresh()

    def _fill_filters(self) -> None:
        fill_combo(self.district, self.tr("All districts"), [(d, d) for d in sites.districts(self.ctx.db)])
        self._fill_streets()
        types = catalog.get_catalog(self.ctx.db).site_types
        fill_combo(self.site_type, self.tr("All site types"), [(t.code, t.name) for t in types])

    def _fill_streets(self) -> None:
        streets = sites.streets(self.ctx.db, self.district.currentData())
        fill_combo(self.street, self.tr("All streets"), [(s, s) for s in streets])

    def _district_changed(self) -> None:
        self._fill_streets()
        self.reload()

    def refresh(self) -> None:
        """After a change elsewhere: refill the filter choices, then the table."""
        self._fill_filters()
        self.reload()

    def reload(self) -> None:
        """Read the sites matching the filters from the core."""
        self._timer.stop()
        types = {t.code: t.name for t in catalog.get_catalog(self.ctx.db).site_types}
        found = sites.list_sites(
            self.ctx.db,
            district=self.district.currentData(),
            street=self.street.currentData(),
            site_type=self.site_type.currentData(),
            search=self.search.text(),
        )
        self.model.set_rows([SiteRow(site, types.get(site.site_type, site.site_type)) for site in found])
        self.count.setText(self.tr("{count} site(s)").format(count=len(found)))

    # actions

    def add_site(self) -> AddSiteDialog:
        """Open the form for a new site."""
        self.add_dialog = AddSiteDialog(self.ctx, self)
        self.add_dialog.open()
        return self.add_dialog

    def choose_file(self) -> None:
        """Ask for a register file, then import it."""
        self.file_dialog = QFileDialog(
            self, self.tr("Import site register"), "", self.tr("Site registers (*.xlsx *.xlsm *.csv)")
        )
        self.file_dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        self.file_dialog.fileSelected.connect(self.start_import)
        self.file_dialog.open()

    def start_import(self, path: str) -> ImportDialog:
        """Import a register file off the UI thread; the dialog reports every problem or the counts."""
        self.import_dialog = ImportDialog(self.ctx, SITES, path, self)
        self.import_dialog.start()
        return self.import_dialog
