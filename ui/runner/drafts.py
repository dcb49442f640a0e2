"""Note drafts: the note being typed is kept in the workspace database about a second after the last keystroke.

If the app is killed while a note is typed, reopening the inspection puts the draft back into the note field;
it becomes the answer's note when the inspector moves on. A draft never leaves the laptop.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from inspector.errors import InspectorError
from inspector.field import session

if TYPE_CHECKING:
    from ui.runner.host import RunnerHost

DRAFT_DELAY_MS = 1000


class NoteDrafts(QObject):
    """Saves the note being typed (throttled), restores drafts found on opening, forgets them once saved."""

    def __init__(self, runner: RunnerHost):
        super().__init__(runner)
        self.runner = runner
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DRAFT_DELAY_MS)
        self.timer.timeout.connect(self.flush)
        self.code: str | None = None  # the item whose note is being typed
        try:
            self.drafts = session.note_drafts(runner.ctx.db, runner.inspection_id)
        except InspectorError:
            self.drafts = {}
        runner.detail.note_edited.connect(self._edited)

    def _edited(self) -> None:
        self.code = self.runner.detail.code
        self.timer.start()

    def draft_for(self, code: str) -> str | None:
        """The unsaved draft of an item's note, if one is kept."""
        return self.drafts.get(code)

    def flush(self) -> None:
        """Save the draft being typed now (or forget it when the note is back to its saved text)."""
        self.timer.stop()
        detail = self.runner.detail
        code, self.code = self.code, None
        if code is None or detail.code != code:
            return
        text = detail.note.toPlainText()
        if text.strip() == detail.saved_note:
            self.forget(code)
            return
        if self.drafts.get(code) == text:
            return
        try:
            session.save_note_draft(self.runner.ctx.db, self.runner.inspection_id, code, text)
        except InspectorError as exc:
            self.runner.messages.show_message(str(exc), error=True)
            return
        self.drafts[code] = text

    def settle(self) -> None:
        """Stop waiting to save a draft: the note is being saved as the answer's note right now."""
        self.timer.stop()
        self.code = None

    def forget(self, code: str) -> None:
        """The note of an item was saved (or typed back): its draft is not needed any more."""
        if self.code == code:
            self.timer.stop()
            self.code = None
        if self.drafts.pop(code, None) is None:
            return
        try:
            session.discard_note_draft(self.runner.ctx.db, self.runner.inspection_id, code)
        except InspectorError as exc:
            self.runner.messages.show_message(str(exc), error=True)
