"""Background reads where the newest request wins: a query runs on its own connection, a superseded result is dropped.

A page asks again whenever a filter or sort changes; only the answer to its latest question is ever shown, so
a slow earlier query that finishes late never replaces what the user asked for since.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QProgressBar, QWidget
from shiboken6 import isValid

from ui.context import AppContext
from ui.tasks import Cancel, Task
from ui.widgets import messages
from ui.widgets.jobs import run_job

Query = Callable[[Any], Any]  # query(db) -> result, run off the UI thread on its own connection


class LatestLoad(QObject):
    """Runs read-only queries off the UI thread (on the UI thread without an app context), newest request wins."""

    busy_changed = Signal(bool)

    def __init__(self, db: Any, ctx: AppContext | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.db = db
        self.ctx = ctx
        self.busy = False
        self.error = ""  # the sentence for the latest load's failure, or ""
        self._generation = 0
        self._task: Task | None = None

    def start(self, query: Query, done: Callable[[Any], None], failed: Callable[[str], None] | None = None) -> None:
        """Run `query(db)` and hand its result to `done` unless another load started meanwhile."""
        self._generation += 1
        generation = self._generation
        if self._task is not None:
            self._task.cancel()  # still queued: it never starts
        if self.ctx is None:
            self._done(generation, done, query(self.db))
            return
        self._set_busy(True)

        def job(ws: Any, _token: Cancel) -> Any:
            return query(ws.db)

        self._task = run_job(
            self.ctx,
            job,
            finished=lambda result: self._done(generation, done, result),
            failed=lambda exc: self._failed(generation, failed, exc),
            cancelled=lambda: None,
        )

    def wait(self, timeout_ms: int = 10_000) -> bool:
        """Process events until the latest load has been shown (tests, benchmarks); False if it did not in time."""
        return wait_until(lambda: not self.busy, timeout_ms)

    def _done(self, generation: int, done: Callable[[Any], None], result: Any) -> None:
        if generation != self._generation or not isValid(self):
            return  # superseded (or its view is gone)
        self._task = None
        self.error = ""
        done(result)
        self._set_busy(False)

    def _failed(self, generation: int, failed: Callable[[str], None] | None, exc: BaseException) -> None:
        if generation != self._generation or not isValid(self):
            return
        self._task = None
        self.error = messages.error_sentence(exc)
        if failed is not None:
            failed(self.error)
        self._set_busy(False)

    def _set_busy(self, busy: bool) -> None:
        if busy != self.busy:
            self.busy = busy
            self.busy_changed.emit(busy)


def wait_until(done: Callable[[], bool], timeout_ms: int) -> bool:
    """Process events until `done()` (a page's background work shown), at most `timeout_ms`; whether it came true."""
    deadline = time.monotonic() + timeout_ms / 1000
    QCoreApplication.processEvents()
    while not done():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.002)
        QCoreApplication.processEvents()
    QCoreApplication.processEvents()
    return True


def busy_bar(load: LatestLoad, parent: QWidget | None = None) -> QProgressBar:
    """A small moving bar shown while `load` reads."""
    bar = QProgressBar(parent)
    bar.setRange(0, 0)
    bar.setTextVisible(False)
    bar.setMaximumWidth(120)
    bar.setMaximumHeight(10)
    bar.setVisible(load.busy)
    load.busy_changed.connect(bar.setVisible)
    return bar
