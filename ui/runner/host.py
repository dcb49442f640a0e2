"""What the runner's helpers (its photos, its note drafts) use of the checklist runner, so they need not import it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from inspector.field.session import SessionState
    from ui.context import AppContext
    from ui.runner.checklist_model import ChecklistModel
    from ui.runner.detail import DetailPane
    from ui.runner.panels import ImportBar, MessageBar


class RunnerHost(Protocol):
    """The checklist runner as its helpers see it (`ChecklistRunner` is one; it is also the helpers' parent widget)."""

    ctx: AppContext
    inspection_id: str
    state: SessionState
    model: ChecklistModel
    detail: DetailPane
    messages: MessageBar
    import_bar: ImportBar

    def reload(self) -> None:
        """Read the inspection again after a write (answers, photos)."""
