"""Setting the signing key's passphrase (which creates the key) and changing it; the passphrase is never stored."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from inspector.errors import InspectorError
from inspector.exchange import keys
from ui.context import AppContext
from ui.widgets import accessible
from ui.widgets.fields import MessageLine, passphrase_edit

SET, CHANGE = "set", "change"


class PassphraseDialog(QDialog):
    """SET: passphrase + confirmation create the workspace's key. CHANGE: the old one, then the new one twice.

    Emits `key_ready(KeyInfo)` and closes when it worked; a wrong or weak passphrase is shown and nothing changes.
    """

    key_ready = Signal(object)

    def __init__(self, ctx: AppContext, mode: str = SET, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.mode = ctx, mode
        self.setWindowTitle(self.tr("Set the passphrase") if mode == SET else self.tr("Change the passphrase"))
        self.setMinimumWidth(560)
        if mode == SET:
            text = self.tr(
                "Bundles, registration files and task packs are signed with this workspace's key. "
                "The key is kept only encrypted under a passphrase that you type each time you sign: "
                "at least {count} characters, not written down on the laptop. "
                "If it is forgotten the key cannot be recovered and the office must register a new one."
            ).format(count=keys.MIN_PASSPHRASE)
        else:
            text = self.tr("The key stays the same; only the passphrase that protects it changes.")
        intro = QLabel(text)
        intro.setWordWrap(True)
        self.old = passphrase_edit()
        self.new = passphrase_edit(self.tr("At least {count} characters").format(count=keys.MIN_PASSPHRASE))
        self.confirm = passphrase_edit()
        form = QFormLayout()
        if mode == CHANGE:
            form.addRow(self.tr("Current passphrase"), self.old)
        form.addRow(self.tr("New passphrase") if mode == CHANGE else self.tr("Passphrase"), self.new)
        form.addRow(self.tr("Type it again"), self.confirm)
        self.message = MessageLine()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.addButton(
            self.tr("Create key") if mode == SET else self.tr("Change passphrase"),
            QDialogButtonBox.ButtonRole.AcceptRole,
        )
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.ok_button.setDefault(True)  # now that it is the dialog's: set earlier, Qt made Cancel the default on show
        (self.old if mode == CHANGE else self.new).setFocus(Qt.FocusReason.OtherFocusReason)
        accessible.name_unnamed(self)  # fields named after their labels

    def submit(self) -> bool:
        """Check the entries and create the key (or re-wrap it); False, with the reason shown, when it did not."""
        if self.new.text() != self.confirm.text():
            self._fail(self.tr("The two passphrases are not the same. Type them again."))
            return False
        try:
            if self.mode == SET:
                info, changes = keys.init_key(self.ctx.db, self.new.text()), keys.init_key.changes
            else:
                info = keys.change_passphrase(self.ctx.db, self.old.text(), self.new.text())
                changes = keys.change_passphrase.changes
        except InspectorError as exc:
            self._fail(str(exc))
            return False
        self.accept()
        self.ctx.changes.apply(changes)
        self.key_ready.emit(info)
        return True

    def _fail(self, text: str) -> None:
        self.message.error(text)
        self.new.clear()
        self.confirm.clear()
        self.new.setFocus()
