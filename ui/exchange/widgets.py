"""Small pieces the exchange and office screens share: a message line, a path field, a passphrase field."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from ui.widgets import accessible, colors

FOLDER, OPEN_FILE, SAVE_FILE = "folder", "open", "save"


class MessageLine(QLabel):
    """One line (wrapped) that says what just happened: green when it worked, red when it did not."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._state = ""
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def ok(self, text: str) -> None:
        """Show a success message."""
        self._show(text, "ok")

    def error(self, text: str) -> None:
        """Show what went wrong."""
        self._show(text, "failed")

    def note(self, text: str) -> None:
        """Show a neutral note."""
        self._show(text, "muted")

    def clear(self) -> None:
        super().clear()
        self._state = ""
        self.hide()

    def is_error(self) -> bool:
        """Whether the line shows an error."""
        return not self.isHidden() and self._state == "failed"

    def _show(self, text: str, state: str) -> None:
        self._state = state
        self.setStyleSheet(colors.style(state))
        self.setText(text)
        self.show()


def passphrase_edit(placeholder: str = "") -> QLineEdit:
    """A line edit that hides what is typed (never stored anywhere)."""
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setPlaceholderText(placeholder)
    edit.setMinimumWidth(240)
    return edit


class PathField(QWidget):
    """A path typed or chosen with a file dialog (opened with open(), never exec)."""

    changed = Signal(str)

    def __init__(self, kind: str, title: str, name_filter: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.kind, self.title, self.name_filter = kind, title, name_filter
        self.dialog: QFileDialog | None = None
        self.edit = QLineEdit()
        accessible.name(self.edit, title)
        self.edit.textChanged.connect(self.changed)
        self.browse = QPushButton(self.tr("Browse…"))
        self.browse.setAutoDefault(False)
        self.browse.clicked.connect(self.choose)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.browse)

    def path(self) -> str:
        """The path as typed (stripped)."""
        return self.edit.text().strip()

    def set_path(self, path: str) -> None:
        """Show a path."""
        self.edit.setText(path)

    def choose(self) -> QFileDialog:
        """Open the file dialog for this field."""
        self.dialog = QFileDialog(self, self.title, self.path(), self.name_filter)
        if self.kind == FOLDER:
            self.dialog.setFileMode(QFileDialog.FileMode.Directory)
            self.dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        elif self.kind == SAVE_FILE:
            self.dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
            self.dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        else:
            self.dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        self.dialog.fileSelected.connect(self.set_path)
        self.dialog.open()
        return self.dialog
