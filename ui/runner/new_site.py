"""Adding a site found in the field to the register, on the spot."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from inspector import sites
from inspector.errors import InspectorError, ValidationError
from ui.context import AppContext


class NewSiteForm(QWidget):
    """Name, site type, district, street, address and responsible unit; emits `site_added(Site)` once saved."""

    site_added = Signal(object)

    def __init__(self, ctx: AppContext, site_types: dict[str, str], parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.site_types = site_types
        self.site: sites.Site | None = None
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("e.g. Xingfu Road night market"))
        self.site_type = QComboBox()
        for code, name in site_types.items():
            self.site_type.addItem(name, code)
        self.district = QComboBox()
        self.district.setEditable(True)
        self.district.addItems(sites.districts(ctx.db))
        inspector = ctx.workspace.inspector or {}
        if inspector.get("district"):
            self.district.setCurrentText(inspector["district"])
        self.street = QComboBox()
        self.street.setEditable(True)
        self.district.currentTextChanged.connect(self._fill_streets)
        self._fill_streets(self.district.currentText())
        self.address = QLineEdit()
        self.unit = QLineEdit()
        self.add_button = QPushButton(self.tr("Add this site"))
        self.add_button.setMinimumHeight(40)
        self.add_button.clicked.connect(self.add)
        self.status = QLabel()
        self.status.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Site name"), self.name)
        form.addRow(self.tr("Site type"), self.site_type)
        form.addRow(self.tr("District"), self.district)
        form.addRow(self.tr("Street"), self.street)
        form.addRow(self.tr("Address"), self.address)
        form.addRow(self.tr("Responsible unit"), self.unit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.add_button)
        layout.addWidget(self.status)
        layout.addStretch(1)
        for field in (self.name, self.address, self.unit, self.district, self.street):
            field.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and QKeyEvent.key(event) in (Qt.Key.Key_Return, Qt.Key.Key_Enter):  # type: ignore[arg-type]
            self.add()
            return True
        return super().eventFilter(watched, event)

    def _fill_streets(self, district: str) -> None:
        current = self.street.currentText()
        self.street.clear()
        self.street.addItems(sites.streets(self.ctx.db, district or None))
        self.street.setCurrentText(current)

    def add(self) -> None:
        """Save the site to the register (origin: field) and announce it."""
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
            )
        except ValidationError as exc:
            self._error("\n".join(problem.message for problem in exc.problems))
            return
        except InspectorError as exc:
            self._error(str(exc))
            return
        self.site = site
        self.ctx.changes.announce("sites")
        self.status.setStyleSheet("color: #1b7a34;")
        self.status.setText(self.tr("Added “{name}” ({code}) to the register.").format(name=site.name, code=site.code))
        self.add_button.setEnabled(False)
        self.site_added.emit(site)

    def _error(self, text: str) -> None:
        self.status.setStyleSheet("color: #b00020;")
        self.status.setText(text)
