"""The laptop's signing key and its registration with the office, as a box on the exchange page."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractButton,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector.exchange import registry
from inspector.workspace import Workspace
from ui.context import AppContext
from ui.exchange.passphrase import CHANGE, SET, PassphraseDialog
from ui.exchange.registration import RegistrationDialog
from ui.pages import labels
from ui.tasks import Cancel, Task
from ui.widgets.fields import OPEN_FILE, MessageLine, path_problem
from ui.widgets.jobs import error_text, run_job


class KeyBox(QGroupBox):
    """Key status, set or change the passphrase, export the registration file, import the office's trust file."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.dialog: PassphraseDialog | RegistrationDialog | None = None
        self.file_dialog: QFileDialog | None = None
        self.confirm: QMessageBox | None = None
        self.task: Task | None = None
        self.setTitle(self.tr("Signing key and registration"))
        self.key_line = QLabel()
        self.key_line.setWordWrap(True)
        self.office_line = QLabel()
        self.office_line.setWordWrap(True)
        self.set_button = QPushButton(self.tr("Set passphrase…"))
        self.set_button.clicked.connect(lambda: self.open_passphrase(SET))
        self.change_button = QPushButton(self.tr("Change passphrase…"))
        self.change_button.clicked.connect(lambda: self.open_passphrase(CHANGE))
        self.register_button = QPushButton(self.tr("Export registration file…"))
        self.register_button.clicked.connect(self.export_registration)
        self.trust_button = QPushButton(self.tr("Import trust file…"))
        self.trust_button.clicked.connect(self.choose_trust)
        self.message = MessageLine()
        row = QHBoxLayout()
        for button in (self.set_button, self.change_button, self.register_button, self.trust_button):
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.key_line)
        layout.addWidget(self.office_line)
        layout.addLayout(row)
        layout.addWidget(self.message)
        self.refresh()

    def refresh(self) -> None:
        """Show the key and the pinned office key as they are now."""
        status = registry.key_status(self.ctx.db)
        has_key = status["has_key"]
        if has_key:
            self.key_line.setText(
                self.tr("This laptop's key: {key} (created {date}).").format(
                    key=labels.short_hash(status["key_id"], 16), date=labels.local_time(status["created_at"])
                )
            )
        else:
            self.key_line.setText(self.tr("No signing key yet: set a passphrase before the first export."))
        if status["office_key_id"]:
            self.office_line.setText(
                self.tr("Trusts the office key of “{office}”: {key} (since {date}).").format(
                    office=status["office_name"],
                    key=labels.short_hash(status["office_key_id"], 16),
                    date=labels.local_time(status["pinned_at"]),
                )
            )
        else:
            self.office_line.setText(
                self.tr(
                    "Not registered with the office yet: export the registration file, "
                    "then import the trust file the office gives back."
                )
            )
        self.set_button.setVisible(not has_key)
        self.change_button.setVisible(has_key)
        self.register_button.setEnabled(has_key)
        self.trust_button.setEnabled(has_key)

    # key

    def open_passphrase(self, mode: str = SET) -> PassphraseDialog:
        """Open the dialog that creates the key (SET) or changes its passphrase (CHANGE)."""
        self.dialog = PassphraseDialog(self.ctx, mode, self)
        self.dialog.key_ready.connect(self._key_ready)
        self.dialog.open()
        return self.dialog

    def _key_ready(self, _info: object) -> None:
        self.refresh()
        self.message.ok(self.tr("The passphrase is set. Type it each time you export."))

    # registration

    def export_registration(self) -> RegistrationDialog:
        """Ask where to write the registration file, and the passphrase."""
        self.dialog = RegistrationDialog(self.ctx, self)
        self.dialog.written.connect(self._registration_written)
        self.dialog.open()
        return self.dialog

    def _registration_written(self, path: str) -> None:
        self.message.ok(self.tr("Registration file written: {path}. Give it to the office.").format(path=path))

    def choose_trust(self) -> None:
        """Ask for the trust file the office issued for this laptop."""
        self.file_dialog = QFileDialog(
            self, self.tr("Import the office trust file"), "", self.tr("Trust files (*.json);;All files (*)")
        )
        self.file_dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        self.file_dialog.fileSelected.connect(self.import_trust)
        self.file_dialog.open()

    def import_trust(self, path: str, reset: bool = False) -> Task | None:
        """Pin the office key from a trust file (off the UI thread); another key without a hand-over asks first.
        None, with the reason shown, when the path names no file."""
        problem = path_problem(path, OPEN_FILE)
        if problem is not None:
            self.message.error(problem)
            return None

        def job(ws: Workspace, _token: Cancel) -> registry.Trust:
            return registry.import_trust(ws, path, reset=reset)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, registry.TrustChangeRefused) and not reset:
                self._ask_reset(path, exc)
            else:
                self.message.error(error_text(exc))

        self.task = run_job(self.ctx, job, finished=self._trusted, failed=failed)
        return self.task

    def _ask_reset(self, path: str, refused: registry.TrustChangeRefused) -> None:
        """The trust file names another office key and no hand-over from the pinned one: say what a reset does."""
        self.confirm = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Another office key"),
            self.tr(
                "This trust file names another office key, and the key this laptop trusts did not hand over to it."
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        self.confirm.setInformativeText(
            self.tr(
                "Reset this laptop's trust? It will stop trusting office key {current} and trust key {offered}; "
                "task packs signed by {current} will be refused, and bundles will be for the new key's office only. "
                "Do this only when the office has told you so in person."
            ).format(current=refused.current, offered=refused.offered)
        )
        self.confirm.setDefaultButton(QMessageBox.StandardButton.No)

        def clicked(button: QAbstractButton) -> None:
            assert self.confirm is not None
            if self.confirm.standardButton(button) == QMessageBox.StandardButton.Yes:
                self.import_trust(path, reset=True)
            else:
                self.message.note(self.tr("The trust file was not imported; the office key stays as it was."))

        self.confirm.buttonClicked.connect(clicked)
        self.confirm.open()

    def _trusted(self, trust: registry.Trust) -> None:
        self.refresh()
        self.message.ok(
            self.tr("The office key of “{office}” is pinned: task packs signed by it can be imported.").format(
                office=trust.office_name
            )
        )
        self.ctx.changes.apply(registry.import_trust.changes)
