"""Who is working: the start dialog of an office workspace with users, and the status-bar switch.

The person chosen is kept on the AppContext (`ctx.user`) and passed as actor to every core call that records a
person; it is remembered per operating-system user (QSettings) and preselected next time.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector import users
from ui.context import AppContext, role_text


class UserDialog(QDialog):
    """Pick the person working from the office's active users; Enter (or a double click) is OK."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Who is working?"))
        self.setObjectName("userDialog")
        intro = QLabel(
            self.tr(
                "Every review, rectification, draw and document number records the person who made it. Choose yourself:"
            )
        )
        intro.setWordWrap(True)
        self.people = QListWidget()
        self.people.setObjectName("userList")
        self.people.setAccessibleName(self.tr("Office users"))
        chosen = ctx.user or ctx.remembered_user()
        for person in users.list_users(ctx.db, active_only=True):
            item = QListWidgetItem(self.tr("{name} ({role})").format(name=person.name, role=role_text(person.role)))
            item.setData(Qt.ItemDataRole.UserRole, person.name)
            self.people.addItem(item)
            if person.name == chosen:
                self.people.setCurrentItem(item)
        if self.people.currentRow() < 0 and self.people.count():
            self.people.setCurrentRow(0)
        self.people.itemActivated.connect(lambda _item: self.accept())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setDefault(True)
        self.ok_button.setEnabled(self.people.count() > 0)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.people, 1)
        layout.addWidget(buttons)
        self.people.setFocus()

    def chosen(self) -> str | None:
        """The name picked in the list."""
        item = self.people.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def accept(self) -> None:
        """Make the picked person the one working (remembered for this OS user)."""
        name = self.chosen()
        if name is None:
            return
        self.ctx.set_user(name)
        super().accept()


class UserSwitch(QWidget):
    """Status-bar widget of an office workspace: who is working, and 切换用户 (hidden while there are no users)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.dialog: UserDialog | None = None
        self.label = QLabel()
        self.label.setObjectName("currentUser")
        self.button = QPushButton(self.tr("Switch user"))
        self.button.setObjectName("switchUser")
        self.button.setAutoDefault(False)
        self.button.setFlat(True)
        self.button.clicked.connect(self.ask)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.button)
        ctx.changes.changed.connect(self._changed)
        self.refresh()

    def _changed(self, kinds: frozenset[str]) -> None:
        if "user" in kinds:
            self.refresh()

    def refresh(self) -> None:
        """Show who is working (or that nobody is chosen yet)."""
        self.setVisible(self.ctx.has_users())
        if self.ctx.user:
            person = users.get_user(self.ctx.db, self.ctx.user)
            self.label.setText(
                self.tr("Working: {name} ({role})").format(name=person.name, role=role_text(person.role))
            )
        else:
            self.label.setText(self.tr("Nobody chosen: recorded steps are disabled"))

    def ask(self) -> UserDialog:
        """Open the dialog to choose who is working (window-modal; the choice applies when it is accepted)."""
        self.dialog = UserDialog(self.ctx, self.window())
        self.dialog.open()
        return self.dialog


def start_office_user(window: QMainWindow, ctx: AppContext) -> UserSwitch | None:
    """On an office workspace: put the switch in the status bar and, when the office has users and nobody is
    chosen yet, ask who is working (the person remembered for this OS user preselected)."""
    if ctx.workspace.role != "office":
        return None
    switch = UserSwitch(ctx, window)
    window.statusBar().addPermanentWidget(switch)
    if ctx.has_users() and ctx.user is None:
        switch.ask()
    return switch
