"""One way to run long work: a callable off the UI thread, with progress, cancel, result and error by signal.

Worker code never touches widgets. Each task gets its own database connection through the
callable it is given (writes are serialized by SQLite's BEGIN IMMEDIATE), and a `Cancel` token
it checks between steps; cancelling between transactions leaves no half-written data.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class Cancelled(Exception):
    """Raised inside a task when the user cancelled it."""


class Cancel:
    """A cancel token the task checks between steps; also carries progress reports back."""

    def __init__(self, report: Callable[[int, int, str], None]):
        self._event = threading.Event()
        self._report = report

    def cancel(self) -> None:
        """Ask the task to stop at its next check."""
        self._event.set()

    @property
    def cancelled(self) -> bool:
        """Whether cancelling was asked for."""
        return self._event.is_set()

    def check(self) -> None:
        """Raise Cancelled if the user asked to stop."""
        if self._event.is_set():
            raise Cancelled

    def progress(self, done: int, total: int, text: str = "") -> None:
        """Report progress (thread-safe: delivered to the UI thread by signal)."""
        self._report(done, total, text)


class TaskSignals(QObject):
    """Signals of one task, delivered on the UI thread."""

    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(object)  # the exception
    cancelled = Signal()


class _Runnable(QRunnable):
    def __init__(self, func: Callable[[Cancel], Any], signals: TaskSignals, token: Cancel):
        super().__init__()
        self.func, self.signals, self.token = func, signals, token
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self.func(self.token)
        except Cancelled:
            self.signals.cancelled.emit()
        except Exception as exc:  # every error reaches the UI as a signal, never a crash of the pool
            exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(result)


class Task:
    """A started task: its signals and its cancel token."""

    def __init__(self, signals: TaskSignals, token: Cancel):
        self.signals = signals
        self.token = token

    def cancel(self) -> None:
        """Ask the task to stop."""
        self.token.cancel()


class TaskRunner(QObject):
    """Runs callables on a thread pool; keeps references until each task ends."""

    def __init__(self, parent: QObject | None = None, *, max_threads: int = 2):
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        self._live: set[Task] = set()

    def start(self, func: Callable[[Cancel], Any]) -> Task:
        """Start `func(cancel_token)` off the UI thread; connect to the task's signals to get the outcome."""
        signals = TaskSignals()
        token = Cancel(signals.progress.emit)
        task = Task(signals, token)
        self._live.add(task)

        def forget(*_args: object) -> None:
            self._live.discard(task)

        signals.finished.connect(forget)
        signals.failed.connect(forget)
        signals.cancelled.connect(forget)
        self.pool.start(_Runnable(func, signals, token))
        return task

    def wait(self, msecs: int = 30_000) -> bool:
        """Wait for running tasks (tests, shutdown)."""
        return self.pool.waitForDone(msecs)
