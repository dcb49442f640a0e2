"""Adding a site found in the field (新增点位): a form whose problems the core reports all at once."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from inspector import catalog, sites
from inspector.errors import InspectorError, ValidationError
from ui.context import AppContext


class AddSiteDialog(QDialog):
    """Asks for a new site's details and adds it through the core; emits `saved(Site)`."""

    saved = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Add a site"))
        self.setMinimumWidth(520)
        self.types = {t.code: t.name for t in catalog.get_catalog(ctx.db).site_types}

        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("e.g. Xingfu Road farmers' market"))
        self.site_type = QComboBox()
        for code, name in self.types.items():
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
        self.code = QLineEdit()
        self.code.setPlaceholderText(self.tr("Leave empty to number it automatically"))
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")

        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Site type"), self.site_type)
        form.addRow(self.tr("District"), self.district)
        form.addRow(self.tr("Street"), self.street)
        form.addRow(self.tr("Address"), self.address)
        form.addRow(self.tr("Responsible unit"), self.unit)
        form.addRow(self.tr("Site code"), self.code)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Add site"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _fill_streets(self, district: str) -> None:
        current = self.street.currentText()
        self.street.clear()
        self.street.addItems(sites.streets(self.ctx.db, district.strip() or None))
        self.street.setCurrentText(current)

    def save(self) -> None:
        """Add the site; on problems list them all and stay open."""
        try:
            site = sites.add_site(
                self.ctx.db,
                name=self.name.text(),
                site_type=str(self.site_type.currentData() or ""),
                district=self.district.currentText(),
                street=self.street.currentText(),
                address=self.address.text(),
                responsible_unit=self.unit.text(),
                site_types=self.types,
                code=self.code.text() or None,
            )
        except ValidationError as exc:
            self.error.setText("\n".join(problem.message for problem in exc.problems))
            return
        except InspectorError as exc:
            self.error.setText(str(exc))
            return
        self.ctx.changes.announce("sites")
        self.saved.emit(site)
        self.accept()
