"""The laptop's side of registration: write the registration file, and pin the office key from its trust file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QFormLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from inspector.exchange import registry
from inspector.exchange.keys import PassphraseError
from inspector.workspace import Workspace
from ui.context import AppContext
from ui.tasks import Cancel, Task
from ui.widgets import accessible
from ui.widgets.fields import FOLDER, MessageLine, PathField, passphrase_edit, path_kind
from ui.widgets.jobs import error_text, run_job

FOLDER_SETTING = "exchange/registration_dir"


def registration_name(ws: Workspace) -> str:
    """The registration file's name: whose laptop it is."""
    who = (ws.inspector or {}).get("id") or "field"
    return f"{who}-{ws.device_id[-8:]}.registration.json"


class RegistrationDialog(QDialog):
    """Writes the self-signed registration file into a chosen folder; emits `written(path)`."""

    written = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.task: Task | None = None
        self.setWindowTitle(self.tr("Export the registration file"))
        self.setMinimumWidth(600)
        intro = QLabel(
            self.tr(
                "The registration file carries your name, this laptop's id and the public half of its key. "
                "Give it to the office; they answer with a trust file to import here."
            )
        )
        intro.setWordWrap(True)
        self.folder = PathField(FOLDER, self.tr("Save the registration file in"))
        self.folder.set_path(str(ctx.settings.value(FOLDER_SETTING, str(Path.home()))))
        self.passphrase = passphrase_edit()
        form = QFormLayout()
        form.addRow(self.tr("Folder"), self.folder)
        form.addRow(self.tr("Passphrase"), self.passphrase)
        self.message = MessageLine()
        self.save_button = QPushButton(self.tr("Export"))
        self.save_button.clicked.connect(self.start)
        cancel = QPushButton(self.tr("Cancel"))
        cancel.setAutoDefault(False)
        cancel.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.save_button)
        row.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(row)
        self.save_button.setDefault(True)  # once the button is the dialog's (set before, Qt may pick another)
        self.passphrase.setFocus(Qt.FocusReason.OtherFocusReason)
        accessible.name_unnamed(self)  # fields named after their labels

    def start(self) -> Task | None:
        """Sign and write the file off the UI thread."""
        folder, passphrase = self.folder.path(), self.passphrase.text()
        if path_kind(folder) != "dir":  # a path typed by hand: any text gets this verdict, never an exception
            self.message.error(self.tr("Choose a folder that exists."))
            return None
        self.ctx.settings.setValue(FOLDER_SETTING, folder)
        target = Path(folder) / registration_name(self.ctx.workspace)

        def job(ws: Workspace, _token: Cancel) -> str:
            registry.export_registration(ws, passphrase, target)
            return str(target)

        self.save_button.setEnabled(False)
        self.message.note(self.tr("Signing…"))
        self.task = run_job(self.ctx, job, finished=self._finished, failed=self._failed)
        return self.task

    def _finished(self, path: str) -> None:
        self.save_button.setEnabled(True)
        self.written.emit(path)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.message.error(error_text(exc))
        if isinstance(exc, PassphraseError):
            self.passphrase.clear()
            self.passphrase.setFocus()
