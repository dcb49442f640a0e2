"""The workspace's backups: the list (newest first) and "Back up now", for the settings page."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from inspector.store import backup
from ui.tasks import TaskRunner
from ui.widgets import accessible, messages
from ui.widgets.table_model import ListColumn, ListTableModel, make_table, set_widths

KIND_LABELS = {
    "daily": QT_TRANSLATE_NOOP("BackupsModel", "Daily (automatic)"),
    "manual": QT_TRANSLATE_NOOP("BackupsModel", "By hand"),
    "before-merge": QT_TRANSLATE_NOOP("BackupsModel", "Before merging bundles"),
    "before-catalog": QT_TRANSLATE_NOOP("BackupsModel", "Before a negative-list import"),
    "before-migration": QT_TRANSLATE_NOOP("BackupsModel", "Before a schema upgrade"),
}


def kind_label(kind: str) -> str:
    """Why a backup was taken, in the interface language."""
    return QCoreApplication.translate("BackupsModel", KIND_LABELS.get(kind, kind))


def _size(made: backup.Backup) -> str:
    return f"{made.size / 2**20:.1f} MB"


class BackupsModel(ListTableModel):
    """A workspace's verified backups (backup.Backup records), newest first."""

    CONTEXT = "BackupsModel"
    COLUMNS = (
        ListColumn(QT_TRANSLATE_NOOP("BackupsModel", "Taken"), lambda b: f"{b.taken:%Y-%m-%d %H:%M}"),
        ListColumn(QT_TRANSLATE_NOOP("BackupsModel", "Why"), lambda b: kind_label(b.kind)),
        ListColumn(QT_TRANSLATE_NOOP("BackupsModel", "Size"), _size, numeric=True, sort=lambda b: b.size),
        ListColumn(QT_TRANSLATE_NOOP("BackupsModel", "File"), lambda b: b.path.name, tooltip=lambda b: str(b.path)),
    )


def backups_table(model: BackupsModel) -> QWidget:
    """The read-only table of backups."""
    view = make_table(model)
    set_widths(view, (9, 10, 5, 16))
    view.setMinimumHeight(140)
    return view


class BackupsBox(QGroupBox):
    """Backups of the open workspace: the list, and taking one now (off the UI thread)."""

    backed_up = Signal(object)  # the new backup.Backup
    restore_requested = Signal()  # the workspace must be closed for a restore: the window does it

    def __init__(self, db_path: Path, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(self.tr("Backups"), parent)
        self.db_path = db_path
        self.runner = runner
        self.model = BackupsModel(self)
        self.view = backups_table(self.model)
        accessible.name(self.view, self.title())
        note = QLabel(
            self.tr(
                "The database is backed up at the first opening of each day and before merges, negative-list"
                " imports and upgrades; 7 daily and 4 weekly backups are kept. Photos are not copied: the evidence"
                " folder only ever grows. When the workspace is damaged, the app offers to restore a backup."
            )
        )
        note.setWordWrap(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.backup_button = QPushButton(self.tr("Back up now"))
        self.backup_button.clicked.connect(self.back_up)
        self.restore_button = QPushButton(self.tr("Restore a backup…"))
        self.restore_button.setAutoDefault(False)  # replacing the database is never what Enter does
        self.restore_button.clicked.connect(self.restore_requested)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.backup_button)
        row.addWidget(self.restore_button)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.view, 1)
        layout.addLayout(row)
        self.refresh()

    def refresh(self) -> None:
        """List the backups as they are on disk now."""
        try:
            found = backup.list_backups(self.db_path)
        except OSError as exc:
            self.status.setText(messages.error_sentence(exc))
            found = []
        self.model.set_rows(found)
        self.restore_button.setEnabled(bool(found))
        if not found:
            self.status.setText(self.tr("No backups yet."))

    def back_up(self) -> None:
        """Take a backup now (verified before it counts), off the UI thread."""
        self.backup_button.setEnabled(False)
        self.status.setText(self.tr("Backing up and verifying…"))
        path = self.db_path
        task = self.runner.start(lambda _token: backup.make_backup(path, "manual"))
        task.signals.finished.connect(self._done)
        task.signals.failed.connect(self._failed)

    def _done(self, made: backup.Backup) -> None:
        self.backup_button.setEnabled(True)
        self.refresh()
        self.status.setText(self.tr("Backed up and verified: {name}").format(name=made.path.name))
        self.backed_up.emit(made)

    def _failed(self, exc: BaseException) -> None:
        self.backup_button.setEnabled(True)
        self.status.setText(self.tr("The backup failed: {error}").format(error=messages.error_sentence(exc)))
