"""The fields of a new site (新增点位) and saving it through the core, shared by the spot check and the sites page."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QWidget

from inspector.errors import InspectorError, ValidationError
from inspector.register import sites
from ui.context import AppContext


class SiteFields(QWidget):
    """Name, site type, district, street, address, responsible unit (and optionally a code) of a new site."""

    def __init__(
        self, ctx: AppContext, site_types: dict[str, str], *, with_code: bool = False, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.ctx = ctx
        self.site_types = site_types
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("e.g. Xingfu Road farmers' market"))
        self.site_type = QComboBox()
        for code, name in site_types.items():
            self.site_type.addItem(name, code)
        self.district = QComboBox()
        self.district.setEditable(True)
        self.district.addItems(sites.districts(ctx.db))
        profile = ctx.workspace.inspector or {}
        if profile.get("district"):
            self.district.setCurrentText(profile["district"])
        self.street = QComboBox()
        self.street.setEditable(True)
        self.district.currentTextChanged.connect(self._fill_streets)
        self._fill_streets(self.district.currentText())
        self.address = QLineEdit()
        self.unit = QLineEdit()
        self.unit.setPlaceholderText(self.tr("Who answers for this place"))
        self.code: QLineEdit | None = None
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Site name"), self.name)
        form.addRow(self.tr("Site type"), self.site_type)
        form.addRow(self.tr("District"), self.district)
        form.addRow(self.tr("Street"), self.street)
        form.addRow(self.tr("Address"), self.address)
        form.addRow(self.tr("Responsible unit"), self.unit)
        if with_code:
            self.code = QLineEdit()
            self.code.setPlaceholderText(self.tr("Leave empty to number it automatically"))
            form.addRow(self.tr("Site code"), self.code)

    def text_fields(self) -> list[QWidget]:
        """The fields where Enter means "save"."""
        fields: list[QWidget] = [self.name, self.address, self.unit, self.district, self.street]
        return [*fields, self.code] if self.code is not None else fields

    def _fill_streets(self, district: str) -> None:
        current = self.street.currentText()
        self.street.clear()
        self.street.addItems(sites.streets(self.ctx.db, district.strip() or None))
        self.street.setCurrentText(current)

    def save(self) -> tuple[sites.Site | None, str]:
        """Add the site to the register; (site, "") or (None, every problem the core found, one per line)."""
        try:
            site = sites.add_site(
                self.ctx.db,
                name=self.name.text(),
                site_type=str(self.site_type.currentData() or ""),
                district=self.district.currentText(),
                street=self.street.currentText(),
                address=self.address.text(),
                responsible_unit=self.unit.text(),
                site_types=self.site_types,
                code=(self.code.text() or None) if self.code is not None else None,
            )
        except ValidationError as exc:
            return None, "\n".join(problem.message for problem in exc.problems)
        except InspectorError as exc:
            return None, str(exc)
        self.ctx.changes.apply(sites.add_site.changes)
        return site, ""
