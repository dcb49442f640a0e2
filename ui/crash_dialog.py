"""The app's last guard: an error nobody caught becomes one dialog with a clear sentence, never a traceback.

A machine fault (a damaged, locked or read-only database, a full disk) says what to do; a defect writes a crash
report file and names it. While one such dialog is open, further errors only add reports.
"""

from __future__ import annotations

import logging
import sys
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from inspector import crash, faults

log = logging.getLogger(__name__)
_open: list[QMessageBox] = []


def explain(exc: BaseException) -> str:
    """The sentence a user reads about an error nobody caught."""
    fault = faults.explain(exc)
    if fault is not None:
        return str(fault)
    return crash.report(exc)


def show_error(exc: BaseException) -> QMessageBox | None:
    """Show one dialog for an uncaught error (or only record it when one is already open)."""
    text = explain(exc)
    log.error("uncaught error: %s", text)
    if _open or QApplication.instance() is None:
        return None
    parent = QApplication.activeWindow()
    if parent is not None and not parent.isVisible():
        parent = None  # a window already closed (an earlier dialog) may still count as active; it may be deleted
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        QCoreApplication.translate("CrashDialog", "Something went wrong"),
        text,
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setObjectName("crashDialog")
    box.finished.connect(lambda _code: _open.clear())
    _open.append(box)
    box.open()
    return box


def install() -> None:
    """Route every uncaught exception on the UI thread to `show_error` (Ctrl+C in a terminal still quits)."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, exc, tb)
            return
        show_error(exc.with_traceback(tb))

    sys.excepthook = hook
