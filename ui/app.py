"""Application start: settings, language, the workspace to open (or the first-start dialog), the main window."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from inspector import session, workspace
from inspector.errors import InspectorError
from ui import crash_dialog, i18n
from ui.context import AppContext, Changes
from ui.main_window import MainWindow, pages_for
from ui.tasks import TaskRunner

if TYPE_CHECKING:  # the first-start dialog is imported only when there is no workspace to open
    from ui.first_start import FirstStartDialog


def app_settings() -> QSettings:
    """The user's app settings (last workspace, language, window layout)."""
    return QSettings("inspector", "inspector")


class AppController:
    """Owns the open workspace and the main window; rebuilds the window on a language switch."""

    def __init__(self, app: QApplication, settings: QSettings):
        self.app = app
        self.settings = settings
        self.window: MainWindow | None = None
        self.ctx: AppContext | None = None
        self.first_start: FirstStartDialog | None = None
        self.runner = TaskRunner(app)
        self.language = i18n.install(str(settings.value("language", i18n.DEFAULT_LANGUAGE)))

    def start(self) -> None:
        """Open the last workspace, or ask on first start."""
        path = self._initial_path()
        if path is not None:
            self.open_workspace(path)
            return
        from ui.first_start import FirstStartDialog

        self.first_start = FirstStartDialog()
        self.first_start.workspace_ready.connect(self.open_workspace)
        self.first_start.open()

    def _initial_path(self) -> str | None:
        for candidate in (os.environ.get(workspace.ENV_VAR), self.settings.value("workspace/last")):
            if candidate and workspace.is_workspace(str(candidate)):
                return str(candidate)
        default = workspace.default_path()
        return str(default) if workspace.is_workspace(default) else None

    def open_workspace(self, path: str) -> None:
        """Open a workspace and show the main window for it."""
        try:
            ws = workspace.open_workspace(path)
        except InspectorError as exc:
            from PySide6.QtWidgets import QMessageBox  # only on this error path: not loaded at start-up

            QMessageBox.critical(None, QApplication.translate("AppController", "Cannot open workspace"), str(exc))
            return
        if self.ctx is not None:
            self.ctx.workspace.close()
        self.settings.setValue("workspace/last", str(ws.path))
        self.ctx = AppContext(ws, Changes(), self.runner, self.settings)
        self._show_window()

    def _show_window(self, page: str | None = None) -> None:
        assert self.ctx is not None
        old = self.window
        self.window = MainWindow(self.ctx, pages_for(self.ctx.workspace.role))
        self.window.language_change_requested.connect(self.switch_language)
        self.window.workspace_change_requested.connect(self.open_workspace)
        target = page or str(self.settings.value("window/page", "tasks"))
        field = self.ctx.workspace.role == "field"
        if page is None and field and session.resume_candidate(self.ctx.db) is not None:
            target = "tasks"  # an inspection was interrupted: reopen it where it was
        if any(spec.key == target for spec in self.window.specs):
            self.window.open_page(target)
        self.window.show()
        if old is not None:
            old.close()
            old.deleteLater()

    def switch_language(self, language: str) -> None:
        """Install another language and rebuild the window on the same page."""
        self.settings.setValue("language", language)
        self.language = i18n.install(language)
        page = self.window.current_key() if self.window else None
        self._show_window(page)


def run(argv: list[str]) -> int:
    """Open the app and run the event loop until the last window closes."""
    app = QApplication.instance() or QApplication(argv)
    app.setOrganizationName("inspector")
    app.setApplicationName("inspector")
    app.setApplicationDisplayName("创文督查")
    font = QFont(app.font())
    font.setPointSize(max(font.pointSize(), 11))
    app.setFont(font)
    crash_dialog.install()
    controller = AppController(app, app_settings())
    controller.start()
    code = app.exec()
    controller.runner.wait()
    if controller.ctx is not None:
        controller.ctx.workspace.close()
    return code


if __name__ == "__main__":
    sys.exit(run(sys.argv))
