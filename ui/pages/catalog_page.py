"""负面清单: browse the items of a catalog version by category and site type with search; import a new list."""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
)
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from inspector import catalog
from inspector.catalog import Catalog, Item
from ui.context import AppContext
from ui.pages import labels
from ui.pages.base import BasePage
from ui.pages.history_filters import SEARCH_DELAY_MS, fill_combo
from ui.pages.import_dialog import CATALOG, ImportDialog
from ui.widgets import accessible
from ui.widgets.table_model import SORT_ROLE, ListColumn, ListTableModel, make_table, set_widths


class ItemRow(NamedTuple):
    """An item with the names of its category and site types."""

    item: Item
    category_name: str
    site_type_names: str


def _days(days: int) -> str:
    return QCoreApplication.translate("ItemsModel", "{days} d").format(days=days)


class ItemsModel(ListTableModel):
    """The items of one catalog version (ItemRow records)."""

    CONTEXT = "ItemsModel"
    COLUMNS = (
        ListColumn(QT_TRANSLATE_NOOP("ItemsModel", "Code"), lambda r: r.item.code),
        ListColumn(QT_TRANSLATE_NOOP("ItemsModel", "Category"), lambda r: r.category_name),
        ListColumn(QT_TRANSLATE_NOOP("ItemsModel", "Problem"), lambda r: r.item.text, tooltip=lambda r: r.item.text),
        ListColumn(
            QT_TRANSLATE_NOOP("ItemsModel", "Severity"),
            lambda r: labels.label(labels.SEVERITIES, r.item.severity),
            sort=lambda r: catalog.SEVERITIES.index(r.item.severity),
        ),
        ListColumn(
            QT_TRANSLATE_NOOP("ItemsModel", "Deduction"),
            lambda r: labels.points(r.item.deduction),
            numeric=True,
            sort=lambda r: r.item.deduction,
        ),
        ListColumn(
            QT_TRANSLATE_NOOP("ItemsModel", "Deadline"),
            lambda r: _days(r.item.rectify_days),
            numeric=True,
            sort=lambda r: r.item.rectify_days,
        ),
        ListColumn(
            QT_TRANSLATE_NOOP("ItemsModel", "Photo"), lambda r: labels.label(labels.YES_NO, r.item.photo_required)
        ),
        ListColumn(QT_TRANSLATE_NOOP("ItemsModel", "Responsible unit"), lambda r: r.item.responsible_unit),
        ListColumn(
            QT_TRANSLATE_NOOP("ItemsModel", "Site types"),
            lambda r: r.site_type_names,
            tooltip=lambda r: r.site_type_names,
        ),
    )


class VersionsModel(ListTableModel):
    """Every imported catalog version, newest first (dicts from catalog.list_versions)."""

    CONTEXT = "VersionsModel"
    COLUMNS = (
        ListColumn(
            QT_TRANSLATE_NOOP("VersionsModel", "Current"),
            lambda v: QCoreApplication.translate("VersionsModel", "current") if v["current"] else "",
        ),
        ListColumn(QT_TRANSLATE_NOOP("VersionsModel", "Name"), lambda v: v["name"]),
        ListColumn(
            QT_TRANSLATE_NOOP("VersionsModel", "Version"),
            lambda v: labels.short_hash(v["version"]),
            tooltip=lambda v: v["version"],
        ),
        ListColumn(QT_TRANSLATE_NOOP("VersionsModel", "Items"), lambda v: str(v["item_count"]), numeric=True),
        ListColumn(QT_TRANSLATE_NOOP("VersionsModel", "Imported"), lambda v: labels.local_time(v["imported_at"])),
        ListColumn(QT_TRANSLATE_NOOP("VersionsModel", "Source"), lambda v: v["source"]),
    )


def matches(row: ItemRow, category: str | None, site_type: str | None, text: str) -> bool:
    """Whether an item is in the category and applies to the site type, and its code, text or unit has the text."""
    item = row.item
    if category and item.category != category:
        return False
    if site_type and site_type not in item.site_types:
        return False
    needle = text.strip().lower()
    return not needle or needle in f"{item.code} {item.text} {item.responsible_unit} {row.category_name}".lower()


class CatalogPage(BasePage):
    """The current negative list (or another imported version), its versions, and importing a new list."""

    WATCHES = frozenset({"catalog"})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.shown: Catalog | None = None
        self.import_dialog: ImportDialog | None = None
        self.file_dialog: QFileDialog | None = None
        title = QLabel(self.tr("Negative list"))
        title.setStyleSheet("font-size: 20px; font-weight: bold;")
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.import_button = QPushButton(self.tr("Import list…"))
        self.import_button.setToolTip(self.tr("Import a negative list from YAML, Excel (.xlsx) or CSV"))
        self.import_button.clicked.connect(self.choose_file)

        self.category = QComboBox()
        self.site_type = QComboBox()
        self.site_type.setMinimumContentsLength(10)
        self.site_type.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        accessible.name(self.category, QCoreApplication.translate("ItemsModel", "Category"))
        accessible.name(self.site_type, QCoreApplication.translate("ItemsModel", "Site types"))
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search code, problem or responsible unit"))
        self.search.setClearButtonEnabled(True)
        self.count = QLabel()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._apply_filter)
        self.search.textChanged.connect(self._timer.start)
        self.category.currentIndexChanged.connect(self._apply_filter)
        self.site_type.currentIndexChanged.connect(self._apply_filter)

        self.all_rows: list[ItemRow] = []
        self.items = ItemsModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setSourceModel(self.items)
        self.items_view = make_table(self.proxy)
        set_widths(self.items_view, (6, 4, 17, 2, 2, 2, 2, 6, 8))
        self.items_view.setSortingEnabled(True)
        accessible.name(self.items_view, self.tr("Negative list"))
        self.items_view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)

        self.versions = VersionsModel(self)
        self.versions_view = make_table(self.versions)
        set_widths(self.versions_view, (2, 12, 8, 2, 9, 10))
        self.versions_view.selectionModel().currentRowChanged.connect(self._version_chosen)
        versions_box = QGroupBox(self.tr("Versions (select one to browse it)"))
        box_layout = QVBoxLayout(versions_box)
        box_layout.addWidget(self.versions_view)

        top = QHBoxLayout()
        top.addWidget(title)
        top.addWidget(self.info, 1)
        top.addWidget(self.import_button)
        filters = QHBoxLayout()
        filters.addWidget(self.category)
        filters.addWidget(self.site_type)
        filters.addWidget(self.search, 1)
        filters.addWidget(self.count)
        browse = QWidget()
        browse_layout = QVBoxLayout(browse)
        browse_layout.setContentsMargins(0, 0, 0, 0)
        browse_layout.addLayout(filters)
        browse_layout.addWidget(self.items_view, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(browse)
        split.addWidget(versions_box)
        split.setStretchFactor(0, 1)
        split.setSizes([560, 160])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 8)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        self.refresh()

    def refresh(self) -> None:
        """Read the versions again and show the current one."""
        self.versions.set_rows(catalog.list_versions(self.ctx.db))
        current = next((row for row, v in enumerate(self.versions.records()) if v["current"]), 0)
        self.versions_view.selectRow(current)
        self.show_version(self.versions.record(current)["version"] if self.versions.rowCount() else None)

    def _version_chosen(self, index: QModelIndex, _previous: QModelIndex) -> None:
        record = self.versions.record(index.row())
        if record is not None and (self.shown is None or record["version"] != self.shown.version):
            self.show_version(record["version"])

    def show_version(self, version: str | None) -> None:
        """Browse one imported version (None: the current one)."""
        cat = catalog.get_catalog(self.ctx.db, version)
        self.shown = cat
        meta = next((v for v in self.versions.records() if v["version"] == cat.version), None)
        text = self.tr("{name} · version {version} · {items} items · {categories} categories · {types} site types")
        text = text.format(
            name=cat.name,
            version=labels.short_hash(cat.version),
            items=len(cat.items),
            categories=len(cat.categories),
            types=len(cat.site_types),
        )
        if meta is not None and not meta["current"]:
            text += " · " + self.tr("not the current version")
        self.info.setText(text)
        categories = {c.code: c.name for c in cat.categories}
        types = {t.code: t.name for t in cat.site_types}
        fill_combo(self.category, self.tr("All categories"), list(categories.items()))
        fill_combo(self.site_type, self.tr("All site types"), list(types.items()))
        separator = self.tr(", ", "between site type names")
        rows = [
            ItemRow(
                item,
                categories.get(item.category, item.category),
                separator.join(types.get(t, t) for t in item.site_types),
            )
            for item in cat.items
        ]
        self.all_rows = rows
        self._apply_filter()

    def _apply_filter(self) -> None:
        self._timer.stop()
        category, site_type, text = self.category.currentData(), self.site_type.currentData(), self.search.text()
        self.items.set_rows([row for row in self.all_rows if matches(row, category, site_type, text)])
        self.count.setText(
            self.tr("{shown} of {total} items").format(shown=self.items.rowCount(), total=len(self.all_rows))
        )

    # importing

    def choose_file(self) -> None:
        """Ask for a negative-list file, then import it."""
        self.file_dialog = QFileDialog(
            self, self.tr("Import negative list"), "", self.tr("Negative lists (*.yaml *.yml *.xlsx *.csv)")
        )
        self.file_dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        self.file_dialog.fileSelected.connect(self.start_import)
        self.file_dialog.open()

    def start_import(self, path: str) -> ImportDialog:
        """Import a negative-list file off the UI thread; the dialog reports every problem or the new version."""
        self.import_dialog = ImportDialog(self.ctx, CATALOG, path, self)
        self.import_dialog.start()
        return self.import_dialog
