"""A table model of sites from the register (for picking the site of a spot check)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from inspector.sites import Site

Index = QModelIndex | QPersistentModelIndex


class SitesModel(QAbstractTableModel):
    """Sites with name, code, site type, district, street and address."""

    NAME, CODE, SITE_TYPE, DISTRICT, STREET, ADDRESS = range(6)
    ID_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, site_types: dict[str, str], parent: Any = None):
        super().__init__(parent)
        self.site_types = site_types
        self._sites: list[Site] = []

    def set_sites(self, sites: list[Site]) -> None:
        """Show these sites."""
        self.beginResetModel()
        self._sites = list(sites)
        self.endResetModel()

    def site_at(self, row: int) -> Site:
        """The site on a row."""
        return self._sites[row]

    def sites(self) -> list[Site]:
        """The sites shown, in order."""
        return list(self._sites)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._sites)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 6

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            self.tr("Site"),
            self.tr("Code"),
            self.tr("Site type"),
            self.tr("District"),
            self.tr("Street"),
            self.tr("Address"),
        )[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        site = self._sites[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                site.name,
                site.code,
                self.site_types.get(site.site_type, site.site_type),
                site.district,
                site.street,
                site.address,
            )[index.column()]
        if role == self.ID_ROLE:
            return site.id
        return None
