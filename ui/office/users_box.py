"""The office's people, for the settings page: the list (active first), add a user with a role, deactivate.

Users are never deleted: their names stay in the audit trail. This is not a login (see README, Office users).
Adding and deactivating are for a supervisor working now (gated with `ctx.gate("manage_users", ...)`), except the
office's first user, who is added by nobody and then becomes the person working so the office is not locked out.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector import users
from inspector.errors import InspectorError
from ui.context import AppContext, role_text
from ui.widgets import colors
from ui.widgets.table_model import ListColumn, ListTableModel, make_table, set_widths


def _state(person: users.User) -> str:
    if person.active:
        return QCoreApplication.translate("UsersModel", "Active")
    return QCoreApplication.translate("UsersModel", "Deactivated")


class UsersModel(ListTableModel):
    """The office's users (users.User records), active first."""

    CONTEXT = "UsersModel"
    COLUMNS = (
        ListColumn(QT_TRANSLATE_NOOP("UsersModel", "Name"), lambda u: u.name),
        ListColumn(QT_TRANSLATE_NOOP("UsersModel", "Role"), lambda u: role_text(u.role)),
        ListColumn(QT_TRANSLATE_NOOP("UsersModel", "State"), _state),
    )


class UsersBox(QGroupBox):
    """Add and deactivate the people whose names every recorded step carries."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setTitle(self.tr("Office users"))
        self.setObjectName("usersBox")
        self.model = UsersModel(self)
        self.view = make_table(self.model)
        self.view.setObjectName("usersView")
        set_widths(self.view, (12, 8, 8))
        self.view.setMinimumHeight(110)
        self.view.setMaximumHeight(180)
        self.name = QLineEdit()
        self.name.setObjectName("newUserName")
        self.name.setPlaceholderText(self.tr("Full name"))
        self.name.setAccessibleName(self.tr("Full name"))
        self.role = QComboBox()
        self.role.setAccessibleName(self.tr("Role"))
        for role in users.ROLES:
            self.role.addItem(role_text(role), role)
        self.add_button = QPushButton(self.tr("Add user"))
        self.add_button.setObjectName("addUser")
        self.add_button.clicked.connect(self.add)
        self.name.returnPressed.connect(self.add)
        self.deactivate_button = QPushButton(self.tr("Deactivate…"))
        self.deactivate_button.setObjectName("deactivateUser")
        self.deactivate_button.setAutoDefault(False)
        self.deactivate_button.setToolTip(self.tr("The user can no longer act; the name stays in the records"))
        self.deactivate_button.clicked.connect(self.deactivate_selected)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("usersMessage")
        note = QLabel(
            self.tr(
                "Each review, rectification, draw and document number records the person working. "
                "A record of who did what, not a password protection."
            )
        )
        note.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.name, 2)
        row.addWidget(self.role, 1)
        row.addWidget(self.add_button)
        row.addStretch(1)
        row.addWidget(self.deactivate_button)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.view)
        layout.addLayout(row)
        layout.addWidget(self.message)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        ctx.changes.changed.connect(self._changed)
        self.refresh()

    def _changed(self, kinds: frozenset[str]) -> None:
        if "user" in kinds:  # another person working, or the users changed: other steps allowed
            self.refresh()

    def refresh(self) -> None:
        """Show the users as they are now (the selected user stays selected)."""
        chosen = self.selected()
        self.model.set_rows(users.list_users(self.ctx.db))
        if chosen is not None:
            rows = [i for i, person in enumerate(self.model.records()) if person.name == chosen.name]
            if rows:
                self.view.selectRow(rows[0])
        self._enable()

    def selected(self) -> users.User | None:
        """The user selected in the list, if any."""
        rows = self.view.selectionModel().selectedRows()
        return self.model.record(rows[0].row()) if rows else None

    def _enable(self) -> None:
        person = self.selected()
        self.deactivate_button.setEnabled(bool(person and person.active))
        for widget in (self.add_button, self.name, self.role):
            widget.setEnabled(True)
        self.ctx.gate("manage_users", self.add_button, self.name, self.role, self.deactivate_button)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet(colors.style("failed") if error else "")
        self.message.setText(text)

    def add(self) -> None:
        """Add the typed name with the chosen role (the office's first user then becomes the person working)."""
        if not self.add_button.isEnabled():  # Enter in the name field of a box the person working may not use
            return
        first = not users.has_users(self.ctx.db)
        try:
            person = users.add_user(self.ctx.db, self.name.text(), str(self.role.currentData()), actor=self.ctx.actor)
        except InspectorError as exc:
            self._say(str(exc), error=True)
            return
        self.name.clear()
        self._say(self.tr("Added {name} ({role}).").format(name=person.name, role=role_text(person.role)))
        if first:  # from now on every step needs a person: the one who set the office up is working
            self.ctx.set_user(person.name)  # announces "user": this box and every page refresh
        else:
            self.ctx.changes.apply(users.add_user.changes)

    def deactivate_selected(self) -> None:
        """Deactivate the selected user (never deleted: the name stays in the records)."""
        person = self.selected()
        if person is None:
            return
        asked = QMessageBox.question(
            self,
            self.tr("Deactivate user"),
            self.tr("Deactivate {name}? The user can no longer act; this cannot be undone.").format(name=person.name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if asked != QMessageBox.StandardButton.Yes:
            return
        try:
            users.deactivate(self.ctx.db, person.name, actor=self.ctx.actor)
        except InspectorError as exc:
            self._say(str(exc), error=True)
            return
        self._say(self.tr("{name} is deactivated; the name stays in the records.").format(name=person.name))
        if self.ctx.user == person.name:
            self.ctx.set_user(None)  # announces "user": this box and every page refresh
        else:
            self.ctx.changes.apply(users.deactivate.changes)
