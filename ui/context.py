"""What every page is given: the open workspace, the change hub, the task runner and the settings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QSettings, Signal

from inspector.workspace import Workspace, open_workspace
from ui.tasks import TaskRunner


class Changes(QObject):
    """The one signal views refresh from: core writes announce which kinds of record changed.

    Kinds: "inspections", "findings", "photos", "sites", "catalog", "settings", "tasks", "exports".
    """

    changed = Signal(object)  # a frozenset of kinds

    def announce(self, *kinds: str) -> None:
        """Tell every view which kinds of record changed."""
        self.changed.emit(frozenset(kinds))


@dataclass
class AppContext:
    """Shared services for pages; a page never reaches for globals."""

    workspace: Workspace
    changes: Changes
    runner: TaskRunner
    settings: QSettings

    @property
    def db(self) -> Any:
        """The workspace database (for calls into inspector/, never for SQL in the UI)."""
        return self.workspace.db

    def worker_workspace(self) -> Workspace:
        """A separate connection to the same workspace, for a task running off the UI thread (close it after)."""
        return open_workspace(self.workspace.path, daily_backup=False)  # the app takes the day's backup itself
