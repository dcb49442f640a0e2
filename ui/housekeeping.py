"""What the app does when nobody is working: fold the write-ahead log into the database file."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from inspector.store import checkpoint
from ui.context import AppContext

IDLE_MS = 30_000  # after this long without a change, the app counts as idle


class IdleCheckpoint(QObject):
    """After a change, once the app has been idle for a while, copy the WAL into workspace.db."""

    def __init__(self, ctx: AppContext, parent: QObject | None = None, *, idle_ms: int = IDLE_MS):
        super().__init__(parent)
        self.ctx = ctx
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(idle_ms)
        self.timer.timeout.connect(self.run)
        ctx.changes.changed.connect(self._changed)

    def _changed(self, _kinds: object) -> None:
        self.timer.start()  # each change restarts the wait

    def run(self) -> bool:
        """Checkpoint now; returns whether every logged page reached the database file."""
        return checkpoint(self.ctx.db)
