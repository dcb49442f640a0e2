"""Application start: settings, language, the workspace to open (or the first-start dialog), the main window.

A workspace that cannot be opened (damaged, from a newer app, unreadable) never stops the app: the damaged-workspace
dialog says what is wrong and offers a restore, another workspace, or quitting. Right after a workspace opens, its
quick_check, the day's first backup and the weekly full check run off the UI thread.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtGui import QFont, QIcon, QImageReader, QImageWriter
from PySide6.QtWidgets import QApplication, QLabel

from inspector import program, workspace
from inspector.errors import InspectorError
from inspector.field import session
from inspector.store import backup
from ui import crash_dialog, i18n
from ui.context import AppContext, Changes
from ui.main_window import ElidedLabel, MainWindow, pages_for
from ui.office.user_dialog import start_office_user
from ui.tasks import Cancel, Cancelled, Task, TaskRunner
from ui.widgets import colors, messages

if TYPE_CHECKING:  # these dialogs are imported only when they are needed
    from inspector.workspace.integrity import AfterOpen
    from ui.damaged import DamagedWorkspaceDialog
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
        self.damaged: DamagedWorkspaceDialog | None = None
        self.checks: Task | None = None
        self.check_note = ""  # what the checks after opening found wrong (shown in the status bar), or ""
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
            if candidate and _worth_opening(str(candidate)):
                return str(candidate)
        default = workspace.default_path()
        return str(default) if workspace.is_workspace(default) else None

    def open_workspace(self, path: str) -> None:
        """Open a workspace and show the main window for it; when it cannot be opened, say why and offer a way on."""
        try:
            # the day's backup and the sweep of the evidence store for a killed process's leftovers (hundreds of
            # thousands of photos in a city-year) happen off the UI thread, in the checks after opening
            ws = workspace.open_workspace(path, daily_backup=False, sweep_evidence=False)
        except InspectorError as exc:
            self.show_damaged(path, str(exc))
            return
        self._stop_checks()
        self.check_note = ""
        if self.ctx is not None:
            self.ctx.closed = True
            self.ctx.workspace.close()
        self.settings.setValue("workspace/last", str(ws.path))
        self.ctx = AppContext(ws, Changes(), self.runner, self.settings)
        self._show_window()
        self._start_checks(ws.path)

    # a workspace that cannot be used

    def show_damaged(self, path: str | Path, message: str, *, restoring: bool = False) -> None:
        """The damaged-workspace dialog: restore a backup, open another workspace, or quit (cancel when one is open).

        `restoring`: asked for from the settings page; Cancel opens the same workspace again.
        """
        from ui.damaged import DamagedWorkspaceDialog

        if self.damaged is not None:
            self.damaged.close()
        cancel = restoring or self.window is not None
        dialog = DamagedWorkspaceDialog(path, message, self.runner, can_cancel=cancel, restoring=restoring)
        dialog.workspace_ready.connect(self.open_workspace)
        dialog.quit_requested.connect(self.quit)
        if restoring:
            dialog.rejected.connect(lambda: self.open_workspace(str(path)))
        self.damaged = dialog
        dialog.open()

    def offer_restore(self) -> None:
        """From the settings page: close the workspace and choose a backup (Cancel opens it again, unchanged)."""
        if self.ctx is None:
            return
        path = self.ctx.workspace.path
        self._close_workspace()
        self.show_damaged(path, "", restoring=True)

    def _close_workspace(self) -> None:
        assert self.ctx is not None
        self._stop_checks()
        window, self.window = self.window, None
        self.ctx.closed = True
        self.ctx.workspace.close()
        self.ctx = None
        if window is not None:
            window.close()
            window.deleteLater()

    def _workspace_damaged(self, message: str) -> None:
        """A check found the open workspace damaged: close it (writes are refused anyway) and offer the way on."""
        if self.ctx is None:
            return
        path = self.ctx.workspace.path
        self._close_workspace()
        self.show_damaged(path, message)

    def quit(self) -> None:
        """Leave the app (from the damaged-workspace dialog)."""
        self._stop_checks()
        self.app.quit()

    # checks after opening

    def _start_checks(self, path: Path) -> None:
        """quick_check, the day's first backup and the weekly full check, on their own connection off the UI thread."""
        from inspector.workspace import integrity

        def work(token: Cancel) -> AfterOpen:
            try:
                return integrity.after_open(path, stop=lambda: token.cancelled)
            except integrity.CheckStopped as exc:
                raise Cancelled from exc

        task = self.runner.start(work)
        task.signals.finished.connect(lambda result: self._checks_done(task, result))
        task.signals.failed.connect(lambda exc: self._checks_failed(task, exc))
        self.checks = task

    def _stop_checks(self) -> None:
        if self.checks is not None:
            self.checks.cancel()
            self.checks = None

    def _checks_done(self, task: Task, result: AfterOpen) -> None:
        if task is not self.checks or self.ctx is None:
            return  # stopped: another workspace was opened meanwhile
        self.checks = None
        if result.damage is not None:
            self._workspace_damaged(result.damage)
            return
        problems = []
        if result.backup_error is not None:
            problems.append(
                QApplication.translate("AppController", "Today's backup failed: {error}").format(
                    error=result.backup_error
                )
            )
        if result.report is not None and not result.report.ok:
            problems.append(
                QApplication.translate(
                    "AppController", "The weekly check found problems: {summary} (see {command})"
                ).format(summary=result.report.summary(), command=program.command("workspace check"))
            )
        if problems:
            self._note(" · ".join(problems))

    def _checks_failed(self, task: Task, exc: BaseException) -> None:
        if task is not self.checks or self.ctx is None:
            return
        self.checks = None
        if getattr(exc, "kind", None) == "corrupt":
            self._workspace_damaged(str(exc))
        else:
            self._note(
                QApplication.translate("AppController", "The workspace check could not run: {error}").format(
                    error=messages.error_sentence(exc)
                )
            )

    def _note(self, text: str) -> None:
        """Show what the checks found wrong in the status bar until another workspace is opened."""
        self.check_note = text
        if self.window is None:
            return
        label = self.window.findChild(QLabel, "checkNote")
        if label is None:
            label = ElidedLabel()
            label.setObjectName("checkNote")
            label.setStyleSheet(f"color: {colors.text('failed').name()};")
            self.window.statusBar().addPermanentWidget(label)
        label.setText(text)
        label.setToolTip(text)

    def _show_window(self, page: str | None = None) -> None:
        assert self.ctx is not None
        old = self.window
        self.window = MainWindow(self.ctx, pages_for(self.ctx.workspace.role))
        self.window.language_change_requested.connect(self.switch_language)
        self.window.workspace_change_requested.connect(self.open_workspace)
        self.window.restore_requested.connect(self.offer_restore)
        target = page or str(self.settings.value("window/page", "tasks"))
        field = self.ctx.workspace.role == "field"
        if page is None and field and session.resume_candidate(self.ctx.db) is not None:
            target = "tasks"  # an inspection was interrupted: reopen it where it was
        if any(spec.key == target for spec in self.window.specs):
            self.window.open_page(target)
        if self.check_note:
            self._note(self.check_note)
        if old is not None:
            self.window.follow(old)  # the same place, still maximised or full screen
        self.window.show()
        start_office_user(self.window, self.ctx)  # who is working (office users; ui/office/user_dialog.py)
        if old is not None:
            old.close()
            old.deleteLater()

    def switch_language(self, language: str) -> None:
        """Install another language and rebuild the window on the same page."""
        self.settings.setValue("language", language)
        self.language = i18n.install(language)
        page = self.window.current_key() if self.window else None
        self._show_window(page)


def load_image_plugins() -> None:
    """Load Qt's image-format plugins on the GUI thread (call once the QApplication exists).

    Loaded first in a worker (decoding a photo, printing), they can deadlock Qt's thread-data mutex against the
    GIL: see document_work.prepare_printing.
    """
    QImageReader.supportedImageFormats()
    QImageWriter.supportedImageFormats()


def use_app_font(app: QApplication) -> None:
    """The app's text size: at least 11 points, readable standing up (the screen-fit check renders with it too)."""
    font = QFont(app.font())
    font.setPointSize(max(font.pointSize(), 11))
    app.setFont(font)


ICONS = Path(__file__).resolve().parent / "icons"
DESKTOP_FILE = "cwdc"  # cwdc.desktop, the .deb's desktop entry: Wayland matches the window to it by this name


def app_icon() -> QIcon:
    """The app's icon (a clipboard with a tick on 创文 red), drawn from the SVG at any size, the PNG as fallback."""
    icon = QIcon()
    for name in ("cwdc.svg", "cwdc.png"):
        path = ICONS / name
        if path.is_file():
            icon.addFile(str(path))
    return icon


def identify(app: QApplication) -> None:
    """Name the app as the desktop sees it: title, icon, desktop entry. The organisation and application names
    stay "inspector": the settings and the data folder are found by them."""
    app.setOrganizationName("inspector")
    app.setApplicationName("inspector")
    app.setApplicationDisplayName("创文督查")
    app.setDesktopFileName(DESKTOP_FILE)
    app.setWindowIcon(app_icon())


def run(argv: list[str]) -> int:
    """Open the app and run the event loop until the last window closes."""
    app = QApplication.instance() or QApplication(argv)
    identify(app)
    use_app_font(app)
    crash_dialog.install()
    load_image_plugins()
    controller = AppController(app, app_settings())
    controller.start()
    code = app.exec()
    controller._stop_checks()
    controller.runner.wait()
    if controller.ctx is not None:
        controller.ctx.workspace.close()
    return code


def _worth_opening(path: str) -> bool:
    """A remembered workspace to open at start: one that is there, or one whose folder cannot be looked into or
    lost its database but kept its backups (the damaged-workspace dialog then says so and offers the backups)."""
    db_path = Path(path) / workspace.DB_NAME
    try:
        os.stat(db_path)
    except FileNotFoundError:
        try:
            return os.path.isdir(path) and bool(backup.list_backups(db_path))
        except InspectorError:
            return False
    except OSError:
        return os.path.exists(path)  # there, but not to be looked into: the dialog says why
    return workspace.is_workspace(path)


if __name__ == "__main__":
    sys.exit(run(sys.argv))
