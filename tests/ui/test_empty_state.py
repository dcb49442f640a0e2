"""A new field workspace without sites: the Tasks page says what to do next, and its buttons do it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt

from inspector import forms, workspace
from inspector.exchange import keys
from tests.exchange.test_bundle_kit import FIELD_PASS


@pytest.fixture
def new_ctx(qapp, tmp_path):
    """An AppContext over a field workspace just made by the first-start dialog: no sites, no key, no office."""
    from ui import i18n
    from ui.context import AppContext, Changes
    from ui.tasks import TaskRunner

    person = {"id": "I-009", "name": "张明", "district": "云栖区", "unit": ""}
    ws = workspace.init_workspace(tmp_path / "field", role="field", inspector=person)
    i18n.install("zh_CN")
    runner = TaskRunner()
    yield AppContext(ws, Changes(), runner, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    runner.wait()
    ws.close()


@pytest.fixture
def window(new_ctx, qtbot):
    from ui.main_window import MainWindow

    made = MainWindow(new_ctx)
    qtbot.addWidget(made)
    made.show()
    qtbot.waitExposed(made)
    return made


def test_a_new_field_workspace_shows_the_first_steps_on_the_tasks_page(window):
    tasks = window.pages["tasks"]
    assert window.current_key() == "tasks"
    steps = tasks.first_steps
    assert steps.isVisible() and steps.status.text() == steps.tr("Not registered with the office yet.")
    assert [
        b.isVisible() and b.isEnabled() for b in (steps.register_button, steps.pack_button, steps.sites_button)
    ] == [
        True,
        True,
        True,
    ]


def test_register_goes_to_the_key_box_with_its_next_step_open(window, new_ctx, qtbot):
    from ui.exchange.passphrase import PassphraseDialog
    from ui.exchange.registration import RegistrationDialog

    steps = window.pages["tasks"].first_steps
    qtbot.mouseClick(steps.register_button, Qt.MouseButton.LeftButton)
    assert window.current_key() == "exchange"
    box = window.pages["exchange"].keys
    assert isinstance(box.dialog, PassphraseDialog) and box.dialog.isVisible()  # no key yet: set the passphrase
    box.dialog.reject()
    keys.init_key(new_ctx.db, FIELD_PASS)
    window.open_page("tasks")
    qtbot.mouseClick(steps.register_button, Qt.MouseButton.LeftButton)
    assert isinstance(box.dialog, RegistrationDialog) and box.dialog.isVisible()  # then: export the registration
    box.dialog.reject()


def test_import_task_pack_opens_the_exchange_pages_pack_import(window, qtbot):
    steps = window.pages["tasks"].first_steps
    qtbot.mouseClick(steps.pack_button, Qt.MouseButton.LeftButton)
    assert window.current_key() == "exchange"
    packs = window.pages["exchange"].packs
    assert packs.file_dialog is not None and packs.file_dialog.isVisible()
    assert ".itask" in " ".join(packs.file_dialog.nameFilters())
    packs.file_dialog.reject()


def test_import_sites_opens_the_register_import_and_the_steps_go_once_there_are_sites(window, new_ctx, qtbot):
    steps = window.pages["tasks"].first_steps
    qtbot.mouseClick(steps.sites_button, Qt.MouseButton.LeftButton)
    assert window.current_key() == "sites"
    page = window.pages["sites"]
    assert page.file_dialog is not None and page.file_dialog.isVisible()
    page.file_dialog.fileSelected.emit(str(forms.form_path(forms.DEMO_SITES_FILE)))  # the user picks the register
    dialog = page.import_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: not dialog.running(), timeout=20_000)
    assert dialog.result is not None and dialog.result.report.added > 0, dialog.message.text()
    dialog.accept()
    window.open_page("tasks")
    assert steps.isHidden()


def test_a_workspace_with_sites_shows_no_first_steps(ctx, qtbot):
    from ui.runner.tasks_page import TasksPage

    page = TasksPage(ctx)
    qtbot.addWidget(page)
    page.show()
    assert page.first_steps.isHidden()
