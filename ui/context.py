"""What every page is given: the open workspace, the change hub, the task runner and the settings."""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QSettings, Signal
from PySide6.QtWidgets import QWidget

from inspector import users
from inspector.changes import OpChanges
from inspector.errors import NotFoundError
from inspector.workspace import Workspace, open_workspace
from ui.tasks import Cancelled, TaskRunner


class Changes(QObject):
    """The one signal views refresh from: the `OpChanges` core writes return, applied here.

    The kinds are `inspector.changes.KINDS`; a view refreshes when a kind it shows is in the emitted set.
    """

    changed = Signal(object)  # a frozenset of kinds

    def apply(self, changes: OpChanges) -> None:
        """Refresh every view showing what a core write changed (nothing is emitted when it changed nothing)."""
        if changes:
            self.changed.emit(changes.kinds)

    def announce(self, *kinds: str) -> None:
        """Tell every view that `kinds` changed where no core write says so (who is working switched)."""
        self.apply(OpChanges.of(*kinds))


@dataclass
class AppContext:
    """Shared services for pages; a page never reaches for globals."""

    workspace: Workspace
    changes: Changes
    runner: TaskRunner
    settings: QSettings
    user: str | None = None  # the office person working now; None: not chosen yet, or the office has no users
    closed: bool = False  # the workspace was closed (or another opened): jobs not yet started never open it again

    @property
    def db(self) -> Any:
        """The workspace database (for calls into inspector/, never for SQL in the UI)."""
        return self.workspace.db

    def worker_workspace(self) -> Workspace:
        """A separate connection to the same workspace, for a task running off the UI thread (close it after).

        Raises Cancelled once the workspace is closed: a job still queued then (a page's load) ends unstarted,
        instead of opening a workspace the user has left or is restoring.
        """
        if self.closed:
            raise Cancelled
        return open_workspace(self.workspace.path, daily_backup=False)  # the app takes the day's backup itself

    # ------------------------------------------------------------ who is working (office users)

    @property
    def actor(self) -> str | None:
        """The person core calls record as actor (None: a workspace without users records its own name)."""
        return self.user

    def has_users(self) -> bool:
        """True for an office workspace that has people: then every recorded step needs the person working."""
        return self.workspace.role == "office" and users.has_users(self.db)

    def user_key(self) -> str:
        """The QSettings key remembering who works in this workspace, per operating-system user."""
        return f"office_user/{os_user()}/{self.workspace.device_id}"

    def remembered_user(self) -> str | None:
        """The person this OS user chose last time in this workspace, if still an active user."""
        name = self.settings.value(self.user_key())
        active = {u.name for u in users.list_users(self.db, active_only=True)}
        return str(name) if name and str(name) in active else None

    def set_user(self, name: str | None) -> None:
        """Make `name` the person working (remembered for this OS user) and tell every view."""
        self.user = name or None
        if self.user:
            self.settings.setValue(self.user_key(), self.user)
        self.changes.announce("user")

    def why_not(self, action: str) -> str | None:
        """Why the person working may not do `action` (a tooltip sentence), or None when it is allowed."""
        if not self.has_users():
            return None
        if not self.user:
            return QCoreApplication.translate(
                "AppContext", "Choose who is working first (Switch user in the status bar)"
            )
        try:
            person = users.get_user(self.db, self.user)
        except NotFoundError:
            return QCoreApplication.translate("AppContext", "{name} is not a user of this office").format(
                name=self.user
            )
        if not person.active:
            return QCoreApplication.translate("AppContext", "{name} has been deactivated").format(name=person.name)
        if not users.allowed(person.role, action):
            needed = users.ACTIONS[action][0][0]
            return QCoreApplication.translate("AppContext", "{name} is {role}: only {needed} may do this").format(
                name=person.name, role=role_text(person.role), needed=role_text(needed)
            )
        return None

    def gate(self, action: str, *widgets: QWidget | Any) -> bool:
        """Disable the widgets (buttons, actions) when the person working may not do `action`, saying why.

        Call it after the widgets' own enabling; it only ever disables, and restores their own tooltip when allowed.
        """
        why = self.why_not(action)
        for widget in widgets:
            shown, reason = widget.toolTip(), widget.property("gateReason")
            if not reason or shown != reason:
                widget.setProperty("ownToolTip", shown)  # the widget's own tooltip, perhaps changed since
            if why is None:
                if reason and shown == reason:
                    widget.setToolTip(widget.property("ownToolTip") or "")
                widget.setProperty("gateReason", "")
            else:
                widget.setEnabled(False)
                widget.setToolTip(why)
                widget.setProperty("gateReason", why)
        return why is None


def os_user() -> str:
    """The operating-system user's login name ("default" when the system has none to give, e.g. in a sandbox)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):  # no LOGNAME/USER and no passwd entry (KeyError before Python 3.13)
        return os.environ.get("USERNAME") or "default"


def role_text(role: str) -> str:
    """A role in the interface's language: supervisor (督查科) or clerk (文员)."""
    names = {
        "supervisor": QCoreApplication.translate("AppContext", "a supervisor"),
        "clerk": QCoreApplication.translate("AppContext", "a clerk"),
    }
    return names.get(role, role)
