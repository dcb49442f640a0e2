"""Application start: QApplication, the main window and the workspace it shows."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

from inspector import workspace
from inspector.errors import InspectorError


class MainWindow(QMainWindow):
    """The main window; its pages arrive with the inspector's app (issue 3)."""

    def __init__(self, info: dict | None) -> None:
        super().__init__()
        self.setWindowTitle(self.tr("创文督查"))
        self.resize(1200, 800)
        if info is None:
            status = self.tr("未配置工作区：请运行 python main.py workspace init 文件夹 --role field")
        else:
            status = self.tr("工作区：{name} · 负面清单 {version}").format(
                name=info["name"], version=(info["catalog_version"] or "")[:8]
            )
        self.statusBar().addWidget(QLabel(status))


def _workspace_info() -> dict | None:
    path = workspace.default_path()
    if not workspace.is_workspace(path):
        return None
    try:
        with workspace.open_workspace(path) as ws:
            return workspace.workspace_info(ws)
    except InspectorError:
        return None


def run(argv: list[str]) -> int:
    """Open the app and run the event loop until the window closes."""
    app = QApplication.instance() or QApplication(argv)
    app.setApplicationName("inspector")
    app.setApplicationDisplayName("创文督查")
    window = MainWindow(_workspace_info())
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(run(sys.argv))
