"""Enter in every dialog, pressed the way a user presses it: on the focused primary field it does the primary action;
a destructive step (revoke, reject, withdraw, undo) is never what Enter does from a field; a key pressed as work
starts never reaches the progress page's Cancel."""

from __future__ import annotations

import threading
from datetime import time

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from inspector import clock
from inspector.exchange import keys, registry
from inspector.exchange.bundle import export
from inspector.field import inspections
from inspector.register import draw, sites
from inspector.tracking.problems import get_problem
from tests.exchange.test_bundle_kit import FIELD_PASS, OFFICE_PASS, kit_fixture, office_fixture  # noqa: F401
from tests.ui import test_oversight_documents as documents
from tests.ui import test_oversight_problems as problems
from tests.ui.test_exchange import PASSPHRASE, finish_one, pin_an_office
from tests.ui.test_import_dialog import HEADERS
from tests.ui.test_office import office_ctx  # noqa: F401

found = problems.found
month = documents.month


def type_text(widget: QWidget, text: str) -> None:
    """Type text key by key, as the key events an input method sends (QTest.keyClicks knows only ASCII)."""
    for ch in text:
        for kind in (QKeyEvent.Type.KeyPress, QKeyEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch))


def enter(qtbot, widget: QWidget) -> None:
    """Put the keyboard focus on a widget of its shown, active window and press Enter there."""
    window = widget.window()
    if not window.isVisible():
        window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2_000)
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(widget.hasFocus, timeout=2_000)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def enter_on_focus(qtbot, dialog: QDialog) -> None:
    """Press Enter wherever the dialog's focus is now (nothing focused: on the dialog itself)."""
    qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return)


def page_of(cls, ws, qtbot, tmp_path):
    from ui import i18n
    from ui.context import AppContext, Changes
    from ui.tasks import TaskRunner

    i18n.install("zh_CN")
    runner = TaskRunner()
    ctx = AppContext(ws, Changes(), runner, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    made = cls(ctx)
    qtbot.addWidget(made)
    made.resize(1130, 760)
    made.show()
    return made, runner


@pytest.fixture
def busy_pool(ctx):
    """Every worker busy until released: work started now waits in the queue, its progress page showing."""
    release = threading.Event()
    for _ in range(ctx.runner.pool.maxThreadCount()):
        ctx.runner.start(lambda _token: release.wait(10))
    yield release
    release.set()


# the field laptop


def test_enter_on_the_passphrase_exports_and_never_reaches_cancel(ctx, qtbot, tmp_path, busy_pool):
    from ui.exchange.exchange_page import ExchangePage

    finish_one(ctx.workspace)
    keys.init_key(ctx.db, PASSPHRASE)
    pin_an_office(ctx.workspace, PASSPHRASE, tmp_path)
    page = ExchangePage(ctx)
    qtbot.addWidget(page)
    page.show()
    dialog = page.start_export()
    usb = tmp_path / "usb"
    usb.mkdir()
    dialog.folder.set_path(str(usb))
    assert dialog.focusWidget() is dialog.passphrase  # the folder is remembered, the passphrase is typed
    type_text(dialog.passphrase, PASSPHRASE)
    enter(qtbot, dialog.passphrase)
    assert dialog.running() and dialog.focusWidget() is not dialog.cancel_button
    for _ in range(3):  # Enter again (or held down) while the export waits
        enter_on_focus(qtbot, dialog)
    assert dialog.running() and dialog.cancel_button.isEnabled() and dialog.stage.text() != "正在取消…"
    with qtbot.waitSignal(dialog.exported, timeout=15_000):
        busy_pool.set()
    assert "已取消" not in dialog.message.text() and len(list(usb.iterdir())) == 1
    assert export.list_exports(ctx.db)[0]["seq"] == 1
    enter_on_focus(qtbot, dialog)  # the last page: Enter closes
    assert not dialog.isVisible() and QDialog.result(dialog) == QDialog.DialogCode.Accepted


def test_enter_in_the_passphrase_dialogs_and_the_registration_dialog(ctx, qtbot, tmp_path):
    from ui.exchange.key_box import KeyBox
    from ui.exchange.passphrase import CHANGE, SET

    box = KeyBox(ctx)
    qtbot.addWidget(box)
    box.show()
    setter = box.open_passphrase(SET)
    type_text(setter.new, PASSPHRASE)
    type_text(setter.confirm, PASSPHRASE)
    enter(qtbot, setter.confirm)
    assert keys.key_info(ctx.db) is not None and not setter.isVisible()

    changer = box.open_passphrase(CHANGE)
    for field, text in ((changer.old, PASSPHRASE), (changer.new, FIELD_PASS), (changer.confirm, FIELD_PASS)):
        type_text(field, text)
    enter(qtbot, changer.confirm)
    assert not changer.isVisible() and changer.result() == QDialog.DialogCode.Accepted

    written = box.export_registration()
    written.folder.set_path(str(tmp_path))
    type_text(written.passphrase, FIELD_PASS)  # signs with the changed passphrase
    with qtbot.waitSignal(written.written, timeout=10_000) as done:
        enter(qtbot, written.passphrase)
    assert done.args[0].endswith(".registration.json") and not written.isVisible()


def test_enter_confirms_the_finish_summary(ctx, qtbot):
    from ui.runner.summary import SummaryDialog

    site = sites.list_sites(ctx.db, search="幸福路农贸市场")[0]
    inspection = inspections.start_inspection(ctx.db, site_id=site.id, inspector_id="I-001", mode="announced")
    for n, item in enumerate(inspections.inspection_checklist(ctx.db, inspection).items):
        inspections.record_finding(ctx.db, inspection.id, item.code, outcome="fail" if n == 0 else "pass")
    dialog = SummaryDialog(ctx, inspection.id)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitExposed(dialog)
    with qtbot.waitSignal(dialog.accepted, timeout=2_000):
        enter_on_focus(qtbot, dialog)  # opened with the focus on 确认并完成
    dialog.open()
    with qtbot.waitSignal(dialog.accepted, timeout=2_000):
        enter(qtbot, dialog.table)  # Enter in the problem list is not 返回检查表 either


def test_enter_while_an_import_runs_never_cancels_and_closes_the_report(ctx, qtbot, tmp_path, busy_pool):
    from ui.pages.sites_page import SitesPage

    page = SitesPage(ctx)
    qtbot.addWidget(page)
    page.show()
    path = tmp_path / "新增点位.csv"
    path.write_text(",".join(HEADERS) + "\nYX-950,云栖新市场,农贸市场,云栖区,明月街道,新市路1号,单位\n", "utf-8")
    dialog = page.start_import(str(path))
    enter(qtbot, dialog.bar)
    enter_on_focus(qtbot, dialog)
    assert dialog.running() and dialog.cancel_button.isEnabled()
    with qtbot.waitSignal(dialog.done, timeout=10_000) as done:
        busy_pool.set()
    assert done.args[0] is not None and dialog.headline.text() == "点位表已导入"
    enter_on_focus(qtbot, dialog)
    assert not dialog.isVisible()


# the office


def test_enter_registers_a_laptop_but_never_revokes_from_a_field(office_ctx, ctx, qtbot, tmp_path):  # noqa: F811
    from ui.office.registry_page import RegistryPage

    keys.init_key(ctx.db, FIELD_PASS)
    registration = tmp_path / "laptop.registration.json"
    registry.export_registration(ctx.workspace, FIELD_PASS, registration)
    page = RegistryPage(office_ctx)
    qtbot.addWidget(page)
    page.show()
    dialog = page.register_laptop()
    type_text(dialog.registration.edit, str(registration))
    assert dialog.trust.path() == str(tmp_path / "laptop.trust.json")
    type_text(dialog.passphrase, OFFICE_PASS)
    with qtbot.waitSignal(dialog.registered, timeout=10_000):
        enter(qtbot, dialog.passphrase)
    device = page.selected_device()
    assert device["device_id"] == ctx.workspace.device_id

    revoke = page.revoke_selected()
    assert not revoke.revoke_button.isDefault() and revoke.cancel_button.isDefault()
    type_text(revoke.reason, "笔记本遗失")
    enter(qtbot, revoke.reason)
    assert not revoke.isVisible() and revoke.result() == QDialog.DialogCode.Rejected
    assert registry.find_device(office_ctx.db, device["key_id"]).revoked_after_seq is None
    revoke = page.revoke_selected()
    enter(qtbot, revoke.after)  # the number field: still the safe choice
    assert registry.find_device(office_ctx.db, device["key_id"]).revoked_after_seq is None
    revoke = page.revoke_selected()
    type_text(revoke.reason, "笔记本遗失")
    enter(qtbot, revoke.revoke_button)  # Enter on the focused 吊销 button does what it says
    assert registry.find_device(office_ctx.db, device["key_id"]).revoked_after_seq == 0

    back = page.reinstate_selected()
    type_text(back.reason, "笔记本已找回")
    enter(qtbot, back.reason)
    assert not back.isVisible() and registry.find_device(office_ctx.db, device["key_id"]).revoked_after_seq is None


def test_enter_on_the_seed_draws(office_ctx, qtbot):  # noqa: F811
    from ui.office.draw_page import DrawPage

    page = DrawPage(office_ctx)
    qtbot.addWidget(page)
    page.show()
    page.form.count.setValue(1)
    type_text(page.form.seed, "w48")
    enter(qtbot, page.form.seed)
    assert [d.seed for d in draw.list_draws(office_ctx.db)] == ["w48", "w48"]


@pytest.fixture
def problems_page(qapp, qtbot, ws, found, tmp_path):
    from ui.oversight.problems_page import ProblemsPage

    with clock.travel(clock.at(problems.TODAY, time(10))):
        made, runner = page_of(ProblemsPage, ws, qtbot, tmp_path)
        assert made.wait_loaded()
        yield made
        runner.wait()


def test_enter_in_a_reason_never_rejects(problems_page, found, ws, qtbot):
    page = problems_page
    problems.select(page, found["lz2"])
    qtbot.mouseClick(page.actions.reject_button, Qt.MouseButton.LeftButton)
    dialog = page.actions.dialog
    type_text(dialog.reason, "点位核实有误")
    assert dialog.ok_button().isEnabled() and not dialog.ok_button().isDefault()
    enter(qtbot, dialog.reason)
    assert (
        not dialog.isVisible()
        and get_problem(ws.db, found["lz2"].finding_id, today=problems.TODAY).review != "rejected"
    )
    assert dialog.reason.count() == 4  # the typed reason did not become one of the choices


def test_enter_in_the_reassign_and_rectify_dialogs_does_the_step(problems_page, found, ws, qtbot):
    page = problems_page
    problems.select(page, found["yx"])
    dialog = page.actions.reassign()
    dialog.deadline.setDate(dialog.deadline.date().addDays(7))
    type_text(dialog.reason, "申请延期")
    enter(qtbot, dialog.reason)
    assert not dialog.isVisible() and "申请延期" not in dialog.message.text()
    assert get_problem(ws.db, found["yx"].finding_id, today=problems.TODAY).deadline != found["yx"].deadline

    dialog = page.actions.rectify()
    dialog.report.setPlainText("已清理占道摊位")
    enter(qtbot, dialog.photo.edit)  # no photo: it is optional
    assert not dialog.isVisible()
    assert get_problem(ws.db, found["yx"].finding_id, today=problems.TODAY).status != found["yx"].status


def test_enter_on_the_days_records_the_recheck_list(problems_page, qtbot):
    dialog = problems_page.open_rechecks()
    enter(qtbot, dialog.days)
    assert "复查抽签" in dialog.message.text() and not dialog.record_button.isEnabled()


@pytest.fixture
def documents_page(qapp, qtbot, month, tmp_path):
    from ui.oversight.documents_page import DocumentsPage

    with clock.travel(clock.at(documents.ISSUED, time(10))):
        made, runner = page_of(DocumentsPage, month, qtbot, tmp_path)
        yield made
        runner.wait()
        made.close()


def test_enter_on_the_documents_form_makes_the_preview(documents_page, qtbot):
    page = documents_page
    page.form.addressees.clear()
    type_text(page.form.addressees, "各区创文办")
    enter(qtbot, page.form.addressees)
    assert page.busy()
    documents.finish(page, qtbot)
    assert page.document.pageCount() >= 1 and "云创文办〔2026〕1号" in page.number.text()
    enter(qtbot, page.form.copy_to)
    documents.finish(page, qtbot)
    assert page.preview.currentWidget() is not None and not page.message.is_error()
