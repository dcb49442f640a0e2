"""Adding a site found in the field (新增点位): a form whose problems the core reports all at once."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from inspector import catalog
from ui.context import AppContext
from ui.widgets import accessible, colors
from ui.widgets.site_form import SiteFields


class AddSiteDialog(QDialog):
    """Asks for a new site's details and adds it through the core; emits `saved(Site)`."""

    saved = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Add a site"))
        self.setMinimumWidth(520)
        types = {t.code: t.name for t in catalog.get_catalog(ctx.db).site_types}
        self.fields = SiteFields(ctx, types, with_code=True)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {colors.text('failed').name()};")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Add site"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.fields)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        accessible.name_unnamed(self)  # fields named after their labels

    def save(self) -> None:
        """Add the site; on problems list them all and stay open."""
        site, problems = self.fields.save()
        if site is None:
            self.error.setText(problems)
            return
        self.saved.emit(site)
        self.accept()
