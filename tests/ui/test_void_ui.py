"""Discarding an inspection started by mistake from the tasks page, and voiding (作废) one from the history."""

from datetime import datetime, timedelta, timezone

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from inspector import voids
from inspector.field import inspections
from inspector.register import sites
from tests.field.test_history import make_four
from ui.pages.history_model import COLUMNS
from ui.pages.history_page import HistoryPage
from ui.runner.tasks_page import TasksPage

pytestmark = pytest.mark.usefixtures("qapp")

CST = timezone(timedelta(hours=8))
STATUS = next(i for i, c in enumerate(COLUMNS) if c.key == "status")


def tasks_page(ctx, qtbot):
    page = TasksPage(ctx)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    page.show_list()  # the page resumes the newest open inspection; back to the list, as the 返回 button does
    return page


def start(ctx, code, hour):
    return inspections.start_inspection(
        ctx.db,
        site_id=sites.get_site(ctx.db, code).id,
        inspector_id="I-001",
        mode="announced",
        started_at=datetime(2026, 11, 20, hour, 0, tzinfo=CST),
    )


def select(page, inspection_id):
    row = next(n for n, r in enumerate(page.list.model.rows) if r.inspection.id == inspection_id)
    page.list.table.selectRow(row)


def test_an_unanswered_inspection_is_discarded_after_a_question_whose_default_is_no(qtbot, ctx):
    mistake = start(ctx, "YX-002", 9)
    answered = start(ctx, "YX-001", 8)
    inspections.record_finding(
        ctx.db, answered.id, inspections.inspection_checklist(ctx.db, answered).codes[0], outcome="pass"
    )
    page = tasks_page(ctx, qtbot)
    select(page, answered.id)
    assert not page.list.discard_button.isEnabled() and page.list.void_button.isEnabled()
    select(page, mistake.id)
    # both: one that was exported (or is rechecked) cannot be discarded, and the refusal points to 作废
    assert page.list.discard_button.isEnabled() and page.list.void_button.isEnabled()

    qtbot.mouseClick(page.list.discard_button, Qt.MouseButton.LeftButton)
    box = page.question
    assert box is not None and box.isVisible()
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.No)
    qtbot.keyClick(box, Qt.Key.Key_Return)  # Enter takes the default: No, nothing is discarded
    assert not box.isVisible()
    assert inspections.get_inspection(ctx.db, mistake.id).status == "open"

    qtbot.mouseClick(page.list.discard_button, Qt.MouseButton.LeftButton)
    box = page.question
    with qtbot.waitSignal(ctx.changes.changed):
        qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    assert [r.inspection.id for r in page.list.model.rows] == [answered.id]
    assert [i.id for i in inspections.open_inspections(ctx.db)] == [answered.id]


def test_an_answered_open_inspection_is_voided_from_the_tasks_page(qtbot, ctx):
    answered = start(ctx, "YX-001", 8)
    inspections.record_finding(
        ctx.db, answered.id, inspections.inspection_checklist(ctx.db, answered).codes[0], outcome="pass"
    )
    page = tasks_page(ctx, qtbot)
    select(page, answered.id)
    qtbot.mouseClick(page.list.void_button, Qt.MouseButton.LeftButton)
    dialog = page.void_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.reason.insert("开错了点位")
    qtbot.mouseClick(dialog.void_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert voids.void_of(ctx.db, answered.id).reason == "开错了点位"
    assert page.list.model.rows == [] and page.list.empty.isVisible()


@pytest.fixture
def history(qtbot, ctx):
    made = make_four(ctx.workspace)
    page = HistoryPage(ctx)
    qtbot.addWidget(page)
    page.resize(1130, 760)
    page.show()
    assert page.wait_loaded()
    return page, made


def test_enter_in_an_empty_reason_never_voids_and_void_is_never_the_default(qtbot, ctx, history):
    page, made = history
    market = made["market"]
    assert page.select(market.id)
    detail = page.detail
    assert detail.void_button.isEnabled() and detail.void_note.isHidden()
    qtbot.mouseClick(detail.void_button, Qt.MouseButton.LeftButton)
    dialog = detail.void_dialog
    assert dialog is not None and dialog.isVisible()
    assert not dialog.void_button.isDefault() and dialog.cancel_button.isDefault()
    assert not dialog.void_button.isEnabled()

    dialog.reason.setFocus()
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)  # empty: nothing happens but a hint
    assert dialog.isVisible() and dialog.hint.text()
    qtbot.keyClicks(dialog.reason, "   ")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)  # blanks are no reason either
    assert dialog.isVisible() and not dialog.void_button.isEnabled()
    assert voids.void_of(ctx.db, market.id) is None

    dialog.reason.clear()
    dialog.reason.insert("录入时选错了点位")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)  # with a reason: on to the 作废 button, still nothing voided
    assert dialog.isVisible() and voids.void_of(ctx.db, market.id) is None
    assert dialog.void_button.hasFocus() or dialog.focusWidget() is dialog.void_button
    with qtbot.waitSignal(ctx.changes.changed):
        qtbot.keyClick(dialog.void_button, Qt.Key.Key_Return)  # Enter presses the button under focus
    assert not dialog.isVisible()
    assert voids.void_of(ctx.db, market.id).reason == "录入时选错了点位"

    assert detail.void_note.isVisible() and "录入时选错了点位" in detail.void_note.text()
    assert not detail.void_button.isEnabled() and not detail.edit_button.isEnabled()
    assert page.wait_loaded()  # the refresh after the void reads the ids again off the UI thread
    qtbot.waitUntil(lambda: page.model.index(page.model.row_of(market.id), STATUS).data() != "已完成")
    row = page.model.row_of(market.id)
    assert page.model.index(row, STATUS).data() in ("已作废", "Voided")


def test_escape_cancels_the_void(qtbot, ctx, history):
    page, made = history
    page.select(made["road"].id)
    page.detail.void_current()
    dialog = page.detail.void_dialog
    dialog.reason.insert("不作废了")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert voids.void_of(ctx.db, made["road"].id) is None
