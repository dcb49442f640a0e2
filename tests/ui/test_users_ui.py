"""Who is working in the office: the start dialog (remembered per OS user), the person recorded from the UI, the
actions a role does not allow disabled with the reason, and the users box on the settings page."""

from __future__ import annotations

import getpass
from datetime import date

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QGroupBox, QMainWindow, QMessageBox

from inspector import users
from inspector.tracking.decisions import decisions
from tests.office_kit import WEEK_ITEM, inspect, problem_of

TODAY = date(2026, 11, 5)
BOSS, CLERK = "王敏", "刘堃"


@pytest.fixture
def office(qapp, ws, tmp_path):
    """The office workspace with a supervisor and a clerk, and a factory of AppContexts sharing one settings file."""
    from ui import i18n
    from ui.context import AppContext, Changes
    from ui.tasks import TaskRunner

    i18n.install("zh_CN")
    users.add_user(ws.db, BOSS, "supervisor")
    users.add_user(ws.db, CLERK, "clerk", actor=BOSS)
    runner = TaskRunner()
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)

    def context():
        return AppContext(ws, Changes(), runner, settings)

    yield context
    runner.wait()


def start(qtbot, ctx):
    from ui.office.user_dialog import start_office_user

    window = QMainWindow()
    qtbot.addWidget(window)
    switch = start_office_user(window, ctx)
    return window, switch


def test_the_start_dialog_asks_who_is_working_and_remembers_it_per_os_user(office, qtbot, monkeypatch):
    ctx = office()
    window, switch = start(qtbot, ctx)
    dialog = switch.dialog
    assert dialog is not None and dialog.isVisible()
    assert [dialog.people.item(i).data(Qt.ItemDataRole.UserRole) for i in range(dialog.people.count())] == [
        CLERK,
        BOSS,
    ]
    assert dialog.chosen() == CLERK  # nobody remembered yet: the first one
    dialog.people.setCurrentRow(1)
    qtbot.keyClick(dialog.people, Qt.Key.Key_Return)  # Enter = OK
    assert not dialog.isVisible() and ctx.user == BOSS
    assert ctx.settings.value(f"office_user/{getpass.getuser()}/{ctx.workspace.device_id}") == BOSS
    assert switch.isVisible() == window.isVisible() and BOSS in switch.label.text()

    again = office()  # the next start, same OS user: the same person preselected, still asked
    _window, second = start(qtbot, again)
    assert second.dialog is not None and second.dialog.chosen() == BOSS and again.user is None
    qtbot.keyClick(second.dialog.people, Qt.Key.Key_Return)
    assert again.user == BOSS

    monkeypatch.setattr(getpass, "getuser", lambda: "另一位同事")  # another OS user on the same PC
    other = office()
    _window, third = start(qtbot, other)
    assert third.dialog is not None and third.dialog.chosen() == CLERK

    users.add_user(ctx.db, "陈喆", "supervisor", actor=BOSS)
    users.deactivate(ctx.db, BOSS, actor="陈喆")  # a deactivated person is not offered, nor preselected
    monkeypatch.undo()
    fourth = office()
    assert fourth.remembered_user() is None
    _window, switch4 = start(qtbot, fourth)
    assert switch4.dialog.people.count() == 2 and switch4.dialog.chosen() == CLERK


def test_a_field_workspace_or_an_office_without_users_asks_nobody(ctx, qtbot, tmp_path, qapp):
    from inspector import workspace
    from ui.context import AppContext, Changes

    assert start(qtbot, ctx)[1] is None  # a laptop: the inspector's name is on every record
    with workspace.init_workspace(tmp_path / "bare", role="office") as bare:
        plain = AppContext(bare, Changes(), ctx.runner, ctx.settings)
        _window, switch = start(qtbot, plain)
        assert switch.dialog is None and switch.isHidden()
        assert plain.why_not("review") is None and plain.actor is None


def test_the_chosen_person_is_recorded_and_a_clerk_finds_review_steps_disabled(office, ws, qtbot):
    from ui.office.draw_form import DrawForm
    from ui.oversight.problem_actions import ProblemActions

    first = inspect(ws, "YX-003", date(2026, 11, 2), {WEEK_ITEM: 1})
    problem = problem_of(ws, first, WEEK_ITEM, TODAY)
    ctx = office()
    actions = ProblemActions(ctx, lambda: TODAY)
    qtbot.addWidget(actions)
    form = DrawForm(ctx)
    qtbot.addWidget(form)
    actions.set_selection([problem])
    assert not actions.confirm_button.isEnabled()  # nobody chosen yet
    assert actions.confirm_button.toolTip() == ctx.why_not("review")

    ctx.set_user(CLERK)
    form.reload_options()
    for button in (actions.confirm_button, actions.reject_button, actions.reassign_button, form.draw_button):
        assert not button.isEnabled() and CLERK in button.toolTip()
    assert not actions.reopen_action.isEnabled()

    ctx.set_user(BOSS)  # switching the user enables what the new person may do, with the buttons' own tooltips
    form.reload_options()
    assert actions.confirm_button.isEnabled() and form.draw_button.isEnabled()
    assert actions.confirm_button.toolTip() == actions.tr("Confirm the selected problems (Ctrl+Enter)")
    qtbot.mouseClick(actions.confirm_button, Qt.MouseButton.LeftButton)
    assert [(d.kind, d.actor) for d in decisions(ws.db)] == [("confirm", BOSS)]


def test_the_users_box_adds_and_deactivates_users_on_the_office_settings_page(office, qtbot, monkeypatch):
    from ui.office.users_box import UsersBox
    from ui.pages.settings_page import SettingsPage

    ctx = office()
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    assert page.findChild(QGroupBox, "usersBox") is not None
    box = UsersBox(ctx)
    qtbot.addWidget(box)
    assert [u.name for u in box.model.records()] == [CLERK, BOSS]
    assert not box.add_button.isEnabled() and box.add_button.toolTip() == ctx.why_not("manage_users")  # nobody yet
    ctx.set_user(BOSS)  # the box follows who is working
    assert box.add_button.isEnabled() and box.name.isEnabled()
    box.name.setText("张三")  # QTest types ASCII only
    box.role.setCurrentIndex(box.role.findData("clerk"))
    qtbot.keyClick(box.name, Qt.Key.Key_Return)
    assert users.get_user(ctx.db, "张三").role == "clerk" and box.name.text() == ""
    assert users.get_user(ctx.db, "张三").created_by == BOSS
    box.name.setText("张三")  # QTest types ASCII only
    qtbot.mouseClick(box.add_button, Qt.MouseButton.LeftButton)
    assert "已有名为“张三”" in box.message.text()
    box.view.selectRow(next(i for i, u in enumerate(box.model.records()) if u.name == BOSS))
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(box.deactivate_button, Qt.MouseButton.LeftButton)  # the last supervisor: refused
    assert users.get_user(ctx.db, BOSS).active and "至少要保留一名在岗的督查科人员" in box.message.text()
    users.add_user(ctx.db, "陈喆", "supervisor", actor=BOSS)
    box.refresh()
    box.view.selectRow(next(i for i, u in enumerate(box.model.records()) if u.name == BOSS))
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.No)
    qtbot.mouseClick(box.deactivate_button, Qt.MouseButton.LeftButton)
    assert users.get_user(ctx.db, BOSS).active
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(box.deactivate_button, Qt.MouseButton.LeftButton)
    assert not users.get_user(ctx.db, BOSS).active and ctx.user is None
    assert users.get_user(ctx.db, BOSS).deactivated_by == BOSS
    assert [u.name for u in box.model.records()][-1] == BOSS  # still listed: the name is in the records
    assert not box.add_button.isEnabled()  # nobody working now


def test_a_clerk_finds_the_users_box_disabled(office, qtbot):
    from ui.office.users_box import UsersBox

    ctx = office()
    box = UsersBox(ctx)
    qtbot.addWidget(box)
    ctx.set_user(CLERK)
    box.view.selectRow(next(i for i, u in enumerate(box.model.records()) if u.name == BOSS))
    for widget in (box.add_button, box.deactivate_button, box.name, box.role):
        assert not widget.isEnabled() and CLERK in widget.toolTip()
    qtbot.mouseClick(box.add_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(box.name, Qt.Key.Key_Return)
    assert [u.name for u in users.list_users(ctx.db)] == [CLERK, BOSS]
    ctx.set_user(BOSS)  # a supervisor working: enabled again, with the buttons' own tooltips
    assert box.add_button.isEnabled() and box.deactivate_button.isEnabled()
    assert box.deactivate_button.toolTip() == box.tr("The user can no longer act; the name stays in the records")


def test_the_first_user_added_in_the_box_becomes_the_person_working(qapp, qtbot, tmp_path):
    from inspector import workspace
    from ui import i18n
    from ui.context import AppContext, Changes
    from ui.office.users_box import UsersBox
    from ui.tasks import TaskRunner

    i18n.install("zh_CN")
    runner = TaskRunner()
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    with workspace.init_workspace(tmp_path / "bare", role="office") as bare:
        ctx = AppContext(bare, Changes(), runner, settings)
        box = UsersBox(ctx)
        qtbot.addWidget(box)
        assert box.add_button.isEnabled() and ctx.actor is None  # no users yet: anyone sets the office up
        box.name.setText("Wang Min")
        box.role.setCurrentIndex(box.role.findData("supervisor"))
        qtbot.mouseClick(box.add_button, Qt.MouseButton.LeftButton)
        assert ctx.user == "Wang Min" and users.get_user(ctx.db, "Wang Min").created_by is None
        assert box.add_button.isEnabled()  # the person working now is that supervisor: not locked out
        box.name.setText("Liu Kun")
        box.role.setCurrentIndex(box.role.findData("clerk"))
        qtbot.mouseClick(box.add_button, Qt.MouseButton.LeftButton)
        assert users.get_user(ctx.db, "Liu Kun").created_by == "Wang Min" and ctx.user == "Wang Min"
    runner.wait()
