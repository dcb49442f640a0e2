"""A workspace that cannot be used: say what is wrong, then restore a backup, open another workspace, or quit."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector import workspace
from inspector.store import backup
from ui.pages.backups_box import BackupsModel, backups_table
from ui.tasks import TaskRunner
from ui.widgets import colors, messages


class DamagedWorkspaceDialog(QDialog):
    """Shown instead of the main window when a workspace cannot be opened or a check found it damaged.

    Emits `workspace_ready(path)` once a backup is restored or another workspace is chosen, and
    `quit_requested` when the user quits (or `rejected` on Cancel when another workspace is still open).
    """

    workspace_ready = Signal(str)
    quit_requested = Signal()

    def __init__(
        self,
        path: str | Path,
        message: str,
        runner: TaskRunner,
        *,
        can_cancel: bool = False,
        restoring: bool = False,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.path = Path(path)
        self.db_path = self.path / workspace.DB_NAME
        self.runner = runner
        self.can_cancel = can_cancel
        self.folder_dialog: QFileDialog | None = None
        self.setWindowTitle(self.tr("Restore a backup") if restoring else self.tr("The workspace cannot be used"))
        self.setMinimumWidth(640)

        if restoring:  # asked for, not forced: the workspace is sound and opens again on Cancel
            heading = QLabel(self.tr("Restore a backup of “{path}”").format(path=self.path))
        else:
            heading = QLabel(self.tr("The workspace “{path}” cannot be used.").format(path=self.path))
        heading.setWordWrap(True)
        heading.setStyleSheet("font-size: 16px; font-weight: bold;")
        self.message = QLabel(message)
        self.message.setWordWrap(True)
        self.message.setObjectName("damageMessage")
        self.message.setStyleSheet(f"color: {colors.text('failed').name()};")
        self.message.setVisible(bool(message))
        if restoring:
            text = self.tr(
                "The chosen backup is verified first, then it replaces the workspace's database; the current database"
                " is kept aside in its backups folder, not deleted. Everything recorded after the backup was taken is"
                " then only in that kept copy. Cancel opens the workspace again, unchanged."
            )
        else:
            text = self.tr(
                "Nothing more is written to it until it is restored. Restore a backup (the current database is kept"
                " aside in its backups folder, not deleted), open another workspace, or quit."
            )
        advice = QLabel(text)
        advice.setWordWrap(True)

        self.backups = BackupsModel(self)
        self.view = backups_table(self.backups)
        self.no_backups = QLabel(self.tr("No backups of this workspace were found."))
        self.status = QLabel()
        self.status.setWordWrap(True)

        self.restore_button = QPushButton(self.tr("Restore the selected backup"))
        self.restore_button.setAutoDefault(False)  # replacing the database is never what Enter does
        self.restore_button.clicked.connect(self.restore_selected)
        self.open_button = QPushButton(self.tr("Open another workspace…"))
        self.open_button.clicked.connect(self.choose_workspace)
        self.quit_button = QPushButton(self.tr("Cancel") if can_cancel else self.tr("Quit"))
        self.quit_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        buttons.addWidget(self.quit_button)

        layout = QVBoxLayout(self)
        for widget in (heading, self.message, advice, self.view, self.no_backups, self.status):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        self.rejected.connect(self._rejected)
        self.refresh()

    def refresh(self) -> None:
        """List the backups of the workspace (newest selected)."""
        try:
            found = backup.list_backups(self.db_path)
        except OSError:
            found = []
        self.backups.set_rows(found)
        self.view.setVisible(bool(found))
        self.no_backups.setVisible(not found)
        self.restore_button.setEnabled(bool(found))
        if found:
            self.view.selectRow(0)

    def _rejected(self) -> None:
        if not self.can_cancel:
            self.quit_requested.emit()

    # restore

    def selected_backup(self) -> backup.Backup | None:
        """The backup chosen in the list."""
        rows = self.view.selectionModel().selectedRows()
        return self.backups.record(rows[0].row()) if rows else None

    def restore_selected(self) -> None:
        """Restore the chosen backup off the UI thread (verified before it replaces anything)."""
        chosen = self.selected_backup()
        if chosen is None:
            return
        for button in (self.restore_button, self.open_button):
            button.setEnabled(False)
        self.status.setStyleSheet("")
        taken = f"{chosen.taken:%Y-%m-%d %H:%M}"
        self.status.setText(self.tr("Verifying and restoring the backup of {taken}…").format(taken=taken))
        db_path = self.db_path
        task = self.runner.start(lambda _token: backup.restore(db_path, chosen.path))
        task.signals.finished.connect(self._restored)
        task.signals.failed.connect(self._restore_failed)

    def _restored(self, _done: backup.Restored) -> None:
        self.workspace_ready.emit(str(self.path))
        self.accept()

    def _restore_failed(self, exc: BaseException) -> None:
        self.open_button.setEnabled(True)
        self.refresh()
        self.status.setStyleSheet(f"color: {colors.text('failed').name()};")
        self.status.setText(self.tr("The backup was not restored: {error}").format(error=messages.error_sentence(exc)))

    # another workspace

    def choose_workspace(self) -> None:
        """Ask for another workspace folder (non-blocking)."""
        self.folder_dialog = QFileDialog(self, self.tr("Open workspace"), str(self.path.parent))
        self.folder_dialog.setFileMode(QFileDialog.FileMode.Directory)
        self.folder_dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        self.folder_dialog.fileSelected.connect(self.open_other)
        self.folder_dialog.open()

    def open_other(self, path: str) -> bool:
        """Open the chosen folder if it is a workspace; False (with a message) when it is not one."""
        if not workspace.is_workspace(path):
            self.status.setStyleSheet(f"color: {colors.text('failed').name()};")
            self.status.setText(self.tr("“{path}” is not a workspace folder.").format(path=path))
            return False
        self.workspace_ready.emit(path)
        self.accept()
        return True
