"""Adding a site found in the field to the register, on the spot."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from inspector.register import sites
from ui.context import AppContext
from ui.widgets import colors
from ui.widgets.site_form import SiteFields


class NewSiteForm(QWidget):
    """Name, site type, district, street, address and responsible unit; emits `site_added(Site)` once saved."""

    site_added = Signal(object)

    def __init__(self, ctx: AppContext, site_types: dict[str, str], parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.site: sites.Site | None = None
        self.fields = SiteFields(ctx, site_types)
        self.add_button = QPushButton(self.tr("Add this site"))
        self.add_button.setMinimumHeight(40)
        self.add_button.clicked.connect(self.add)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.fields)
        layout.addWidget(self.add_button)
        layout.addWidget(self.status)
        layout.addStretch(1)
        for field in self.fields.text_fields():
            field.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and QKeyEvent.key(event) in (Qt.Key.Key_Return, Qt.Key.Key_Enter):  # type: ignore[arg-type]
            self.add()
            return True
        return super().eventFilter(watched, event)

    def add(self) -> None:
        """Save the site to the register (origin: field) and announce it."""
        site, problems = self.fields.save()
        if site is None:
            self.status.setStyleSheet(f"color: {colors.text('failed').name()};")
            self.status.setText(problems)
            return
        self.site = site
        self.status.setStyleSheet(f"color: {colors.text('ok').name()};")
        self.status.setText(self.tr("Added “{name}” ({code}) to the register.").format(name=site.name, code=site.code))
        self.add_button.setEnabled(False)
        self.site_added.emit(site)
