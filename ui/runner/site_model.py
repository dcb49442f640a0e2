"""A table model of sites from the register (for picking the site of a spot check)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QModelIndex, QPersistentModelIndex, Qt

from inspector.register.sites import Site
from ui.widgets.table_model import ListColumn, ListTableModel

Index = QModelIndex | QPersistentModelIndex


class SitesModel(ListTableModel):
    """Sites with name, code, site type, district, street and address."""

    NAME, CODE, SITE_TYPE, DISTRICT, STREET, ADDRESS = range(6)
    ID_ROLE = Qt.ItemDataRole.UserRole + 1
    CONTEXT = "SitesModel"

    def __init__(self, site_types: dict[str, str], parent: Any = None):
        super().__init__(parent)
        self.site_types = site_types
        self.COLUMNS = (
            ListColumn(QT_TRANSLATE_NOOP("SitesModel", "Site"), lambda s: s.name),
            ListColumn(QT_TRANSLATE_NOOP("SitesModel", "Code"), lambda s: s.code),
            ListColumn(
                QT_TRANSLATE_NOOP("SitesModel", "Site type"), lambda s: self.site_types.get(s.site_type, s.site_type)
            ),
            ListColumn(QT_TRANSLATE_NOOP("SitesModel", "District"), lambda s: s.district),
            ListColumn(QT_TRANSLATE_NOOP("SitesModel", "Street"), lambda s: s.street),
            ListColumn(QT_TRANSLATE_NOOP("SitesModel", "Address"), lambda s: s.address),
        )

    def set_sites(self, sites: list[Site]) -> None:
        """Show these sites."""
        self.set_rows(sites)

    def site_at(self, row: int) -> Site:
        """The site on a row."""
        return self._rows[row]

    def sites(self) -> list[Site]:
        """The sites shown, in order."""
        return self.records()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == self.ID_ROLE and index.isValid():
            return self._rows[index.row()].id
        return super().data(index, role)
