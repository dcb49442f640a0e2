"""Base class for pages: the context, tracked connections, and refreshing from the change hub."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QMetaObject, SignalInstance
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QFrame, QLayout, QScrollArea, QWidget

from ui.context import AppContext
from ui.widgets import accessible


def scroll_area(content: QWidget | QLayout) -> QScrollArea:
    """`content` in a frameless scroll area as wide as the page: a tall page still fits a 720-pixel-high screen."""
    if isinstance(content, QLayout):
        holder = QWidget()
        holder.setLayout(content)
        content = holder
    area = QScrollArea()
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidgetResizable(True)
    area.setWidget(content)
    area.viewport().setAutoFillBackground(False)
    content.setAutoFillBackground(False)
    return area


class BasePage(QWidget):
    """A page of the main window.

    Subclasses set `WATCHES` (the change kinds they show) and implement `refresh()`. A page that is
    hidden when its data change refreshes the next time it is shown. Connections made with
    `listen()` are disconnected when the page is closed.
    """

    WATCHES: frozenset[str] = frozenset()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self._connections: list[tuple[SignalInstance, QMetaObject.Connection]] = []
        self._stale = False
        self.listen(ctx.changes.changed, self._on_changes)

    def listen(self, signal: SignalInstance, slot: Callable[..., Any]) -> None:
        """Connect and remember, so `disconnect_all` can undo it."""
        self._connections.append((signal, signal.connect(slot)))

    def disconnect_all(self) -> None:
        """Undo every connection made with `listen`."""
        for signal, connection in self._connections:
            signal.disconnect(connection)
        self._connections.clear()

    def refresh(self) -> None:
        """Reload what the page shows from the core."""

    def _on_changes(self, kinds: frozenset[str]) -> None:
        if not (kinds & self.WATCHES):
            return
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        accessible.name_unnamed(self)  # controls built since the last show get the names their labels give
        if self._stale:
            self._stale = False
            self.refresh()
        super().showEvent(event)

    def closeEvent(self, event: Any) -> None:
        self.disconnect_all()
        super().closeEvent(event)
