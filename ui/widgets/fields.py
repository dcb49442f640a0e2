"""Small pieces the exchange and office screens share: a message line, a path field, a passphrase field."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from ui.widgets import accessible, colors

FOLDER, OPEN_FILE, SAVE_FILE = "folder", "open", "save"
MAX_NAME_BYTES = 255  # the longest file or folder name common file systems take
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")  # NUL, tab, line breaks...: never in a path a person means


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


def path_kind(text: str) -> str | None:
    """ "dir", "file" or "other" for what a typed path names; None when nothing can be reached there (missing,
    unreadable, too long, or not a path at all): never an exception."""
    try:
        mode = os.stat(text).st_mode
    except (OSError, ValueError):
        return None
    return "dir" if stat.S_ISDIR(mode) else "file" if stat.S_ISREG(mode) else "other"


def path_problem(text: str, kind: str = OPEN_FILE, *, required: bool = True) -> str | None:
    """Why a path typed by hand cannot be used as a folder, a file to open or a file to save (FOLDER, OPEN_FILE,
    SAVE_FILE), in a sentence for the user; None when it can (or, not `required`, when it is blank). Any text
    gets this verdict, never an exception."""
    translate = QCoreApplication.translate
    if not text:
        return translate("PathField", "Type a path or choose one with Browse….") if required else None
    if CONTROL_CHARACTERS.search(text):
        return translate(
            "PathField", "The path contains control characters (a tab or a line break, say): choose it with Browse…."
        )
    if any(len(part.encode("utf-8", "surrogateescape")) > MAX_NAME_BYTES for part in Path(text).parts):
        return translate(
            "PathField", "A name in the path is too long for the file system: choose a shorter one with Browse…."
        )
    found = path_kind(text)
    if kind == FOLDER:
        if found == "dir":
            return None
        return translate("PathField", "“{path}” is not a folder that exists.").format(path=text)
    if found == "dir" or (kind == SAVE_FILE and (text.endswith(("/", "\\")) or Path(text).name in ("", "."))):
        return translate("PathField", "“{path}” is a folder: give a file name.").format(path=text)
    if kind == OPEN_FILE:
        if found == "file":
            return None
        return translate("PathField", "“{path}” is not a file that exists.").format(path=text)
    folder = str(Path(text).parent)
    if path_kind(folder) != "dir":
        return translate("PathField", "The folder “{folder}” does not exist.").format(folder=folder)
    return None


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

    def problem(self, *, required: bool = True) -> str | None:
        """Why the path as typed cannot be used (see path_problem); None when it can."""
        return path_problem(self.path(), self.kind, required=required)

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
