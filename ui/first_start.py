"""First start: open the demo workspace, or create the inspector's own field workspace."""

from __future__ import annotations

from pathlib import Path

import platformdirs
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from inspector import workspace
from inspector.errors import InspectorError
from ui.widgets import accessible, colors


def demo_workspace_path() -> Path:
    """Where the demo workspace lives."""
    return Path(platformdirs.user_data_dir("inspector", appauthor=False)) / "demo-workspace"


class FirstStartDialog(QDialog):
    """Asks how to start; emits `workspace_ready(path)` once a workspace exists."""

    workspace_ready = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, demo_path: Path | None = None):
        super().__init__(parent)
        self.demo_path = demo_path or demo_workspace_path()
        self.setWindowTitle(self.tr("Welcome to Civilized-City Inspector"))
        self.setMinimumWidth(560)
        intro = QLabel(self.tr("No workspace is set up on this computer yet. How would you like to start?"))
        intro.setWordWrap(True)
        self.demo = QRadioButton(self.tr("Open the demo workspace (sample negative list, 66 demo sites)"))
        self.own = QRadioButton(self.tr("Create my field workspace"))
        self.demo.setChecked(True)

        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("e.g. Zhang Ming"))
        self.inspector_id = QLineEdit()
        self.inspector_id.setPlaceholderText(self.tr("e.g. I-009"))
        self.district = QLineEdit()
        self.folder = QLineEdit(str(workspace.default_path()))
        browse = QPushButton(self.tr("Choose…"))
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        self.form = QWidget()
        form = QFormLayout(self.form)
        form.addRow(self.tr("Inspector name"), self.name)
        form.addRow(self.tr("Inspector ID"), self.inspector_id)
        form.addRow(self.tr("District"), self.district)
        form.addRow(self.tr("Folder"), folder_row)
        self.form.setEnabled(False)
        self.own.toggled.connect(self.form.setEnabled)

        self.error = QLabel()
        self.error.setStyleSheet(f"color: {colors.text('failed').name()};")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Start"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Quit"))
        buttons.accepted.connect(self._start)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        for widget in (intro, self.demo, self.own, self.form, self.error, buttons):
            layout.addWidget(widget)
        accessible.name_unnamed(self)  # fields named after their labels

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Workspace folder"), self.folder.text())
        if folder:
            self.folder.setText(folder)

    def _start(self) -> None:
        try:
            path = self._create()
        except InspectorError as exc:
            self.error.setText(str(exc))
            return
        except (OSError, ValueError):  # a folder typed by hand: too long, unwritable, a NUL in it...
            self.error.setText(self.tr("This folder cannot hold a workspace: choose another with Choose…."))
            return
        self.workspace_ready.emit(str(path))
        self.accept()

    def _create(self) -> Path:
        if self.demo.isChecked():
            if not workspace.is_workspace(self.demo_path):
                workspace.init_demo_workspace(self.demo_path).close()
            return self.demo_path
        name, inspector_id = self.name.text().strip(), self.inspector_id.text().strip()
        if not name or not inspector_id:
            raise InspectorError(self.tr("Please enter the inspector's name and ID."))
        path = Path(self.folder.text().strip() or workspace.default_path())
        if not workspace.is_workspace(path):
            profile = {"id": inspector_id, "name": name, "district": self.district.text().strip(), "unit": ""}
            workspace.init_workspace(path, role="field", inspector=profile).close()
        return path
