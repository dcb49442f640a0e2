"""Running exchange work (export, merge, registration, task packs) off the UI thread on its own connection."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from inspector.workspace import Workspace
from ui.context import AppContext
from ui.tasks import Cancel, Task
from ui.widgets import messages

log = logging.getLogger(__name__)
Job = Callable[[Workspace, Cancel], Any]


def run_job(
    ctx: AppContext,
    job: Job,
    *,
    finished: Callable[[Any], None],
    failed: Callable[[BaseException], None],
    cancelled: Callable[[], None] | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> Task:
    """Start `job(workspace, token)` through the app's runner on a separate connection, closed when it ends.

    Unlike imports, SQLite is never interrupted here: the core's own steps (one transaction per bundle,
    a file published only when complete) decide where work may stop, and the job checks the token there.
    """

    connected = threading.Event()  # a quick job must not signal before anyone listens (its outcome would be lost)

    def work(token: Cancel) -> Any:
        connected.wait()
        token.check()
        ws = ctx.worker_workspace()
        try:
            return job(ws, token)
        finally:
            ws.close()

    task = ctx.runner.start(work)
    if progress is not None:
        task.signals.progress.connect(progress)
    task.signals.finished.connect(finished)
    task.signals.failed.connect(failed)
    if cancelled is not None:
        task.signals.cancelled.connect(cancelled)
    connected.set()
    return task


def error_text(exc: BaseException) -> str:
    """What to tell the user about a failed job: the core's own sentence, or a short translated note."""
    return messages.error_sentence(exc)
