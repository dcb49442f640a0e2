"""Importing photo files off the UI thread: one file at a time, each rejected file named, cancellable between files."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from inspector.errors import InspectorError
from inspector.field import evidence
from ui.context import AppContext
from ui.tasks import Cancel, Task
from ui.widgets import messages


class PhotoImport(QObject):
    """Runs one import at a time on ctx.runner; reports `progress(done, total, name)` and `done(...)`.

    `done(item_code, sha256s, error_messages, cancelled)` arrives on the UI thread; attaching the photos
    to the answer is left to the receiver, so a cancelled import attaches nothing.
    """

    progress = Signal(int, int, str)
    done = Signal(str, list, list, bool)

    def __init__(self, ctx: AppContext, parent: QObject | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.task: Task | None = None
        self.code = ""

    @property
    def running(self) -> bool:
        """Whether an import is under way."""
        return self.task is not None

    def start(self, paths: list[str], code: str) -> None:
        """Import the files in `paths` for the item `code`."""
        ctx = self.ctx
        unexpected = self.tr("“{name}” could not be imported ({error}). Please copy it again and retry.")

        def work(token: Cancel) -> tuple[list[str], list[str]]:
            shas: list[str] = []
            errors: list[str] = []
            ws = ctx.worker_workspace()
            try:
                for done, path in enumerate(paths):
                    token.check()
                    token.progress(done, len(paths), Path(path).name)
                    try:
                        info = evidence.import_photo(ws.db, ws.evidence_dir, Path(path), device_id=ws.device_id)
                    except InspectorError as exc:
                        errors.append(str(exc))
                    except Exception as exc:  # an unexpected failure on one file must not stop the others
                        errors.append(unexpected.format(name=Path(path).name, error=messages.error_sentence(exc)))
                    else:
                        if info.sha256 not in shas:
                            shas.append(info.sha256)
                token.progress(len(paths), len(paths), "")
            finally:
                ws.close()
            return shas, errors

        self.code = code
        task = ctx.runner.start(work)
        self.task = task
        task.signals.progress.connect(self.progress)
        task.signals.finished.connect(self._finished)
        task.signals.cancelled.connect(self._cancelled)
        task.signals.failed.connect(self._failed)

    def _finished(self, result: tuple[list[str], list[str]]) -> None:
        self._end(result[0], result[1], False)

    def _cancelled(self) -> None:
        self._end([], [], True)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, InspectorError):
            message = str(exc)
        else:
            message = self.tr("The photos could not be imported ({error}).").format(error=messages.error_sentence(exc))
        self._end([], [message], False)

    def cancel(self) -> None:
        """Stop before the next file (files already stored stay in the evidence store, unattached)."""
        if self.task is not None:
            self.task.cancel()

    def _end(self, shas: list[str], errors: list[str], cancelled: bool) -> None:
        self.task = None
        self.done.emit(self.code, shas, errors, cancelled)
