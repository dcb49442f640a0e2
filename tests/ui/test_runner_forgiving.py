"""The runner forgives mistakes: Ctrl+Z undoes answer changes, a failure's count and note come back, the cursor
always moves to the next unanswered item, and a finished inspection is confirmed on the task list."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from inspector.field import inspections
from inspector.register import sites
from inspector.workspace import open_workspace
from tests.ui.test_runner import _codes, _runner
from ui.runner import labels


@pytest.fixture
def inspection(ctx):
    """An open unannounced inspection of the demo market."""
    site = sites.list_sites(ctx.db, search="幸福路农贸市场")[0]
    return inspections.start_inspection(
        ctx.db, site_id=site.id, inspector_id="I-001", mode="unannounced", place=site.address
    )


def type_chinese(widget, text):
    """Type as a Chinese input method does: the chosen words are committed to the focused editor."""
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def _ctrl_z(qtbot, runner):
    qtbot.keyClick(runner.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


def _answer(runner, code):
    finding = runner.state.findings.get(code)
    return None if finding is None else (finding.outcome, finding.count, finding.note)


def _fail_with_count_and_note(qtbot, runner, count, note):
    """2 on the current item, back to it, + to the count, then a note typed and committed with Enter."""
    code = runner.current_code()
    qtbot.keyClick(runner.table, Qt.Key.Key_2)
    runner.select_code(code)
    for _ in range(count - 1):
        qtbot.keyClick(runner.table, Qt.Key.Key_Plus)
    qtbot.keyClick(runner.table, Qt.Key.Key_N)
    type_chinese(runner.detail.note, note)
    qtbot.keyClick(runner.detail.note, Qt.Key.Key_Return)
    assert _answer(runner, code) == ("fail", count, note)
    return code


def test_a_stray_1_on_a_failure_is_undone_by_ctrl_z_as_a_new_revision(ctx, qtbot, inspection):
    runner = _runner(ctx, qtbot, inspection.id)
    codes = _codes(ctx, inspection.id)
    code = _fail_with_count_and_note(qtbot, runner, 2, "垃圾桶满溢")

    qtbot.keyClick(runner.table, Qt.Key.Key_1)  # the stray key
    assert _answer(runner, code) == ("pass", 0, "垃圾桶满溢")
    assert runner.current_code() == codes[1]
    assert "第 1 项已由 不合格（2处） 改为 合格" in runner.messages.text() and "Ctrl+Z" in runner.messages.text()

    _ctrl_z(qtbot, runner)
    assert _answer(runner, code) == ("fail", 2, "垃圾桶满溢")
    assert runner.current_code() == code
    assert runner.messages.text() == "已撤销：第 1 项 改回 不合格（2处）"
    other = open_workspace(ctx.workspace.path)  # committed, and history kept whole: the undo is revision 5
    try:
        history = inspections.finding_history(other.db, inspection.id, code)
    finally:
        other.close()
    assert [(f.rev, f.outcome, f.count, f.note) for f in history] == [
        (1, "fail", 1, ""),
        (2, "fail", 2, ""),
        (3, "fail", 2, "垃圾桶满溢"),
        (4, "pass", 0, "垃圾桶满溢"),
        (5, "fail", 2, "垃圾桶满溢"),
    ]
    assert history[-1].parent_hash == history[-2].content_hash
    assert history[-1].deduction == history[2].deduction and history[-1].deadline == history[2].deadline

    _ctrl_z(qtbot, runner)  # further back: the note
    assert _answer(runner, code) == ("fail", 2, "")
    assert "已撤销" in runner.messages.text() and "备注已恢复" in runner.messages.text()
    _ctrl_z(qtbot, runner)  # and the count
    assert _answer(runner, code) == ("fail", 1, "")
    _ctrl_z(qtbot, runner)  # a first answer is not a change: nothing more to undo
    assert _answer(runner, code) == ("fail", 1, "")
    assert "没有可撤销" in runner.messages.text()
    assert len(inspections.finding_history(ctx.db, inspection.id, code)) == 7


def test_ctrl_z_in_the_note_editor_undoes_typing_not_an_answer(ctx, qtbot, inspection):
    runner = _runner(ctx, qtbot, inspection.id)
    code = _fail_with_count_and_note(qtbot, runner, 1, "占道")
    qtbot.keyClick(runner.table, Qt.Key.Key_3)
    runner.select_code(code)
    qtbot.keyClick(runner.table, Qt.Key.Key_N)
    type_chinese(runner.detail.note, "经营")
    qtbot.keyClick(runner.detail.note, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert runner.detail.note.toPlainText() != "占道经营"
    assert _answer(runner, code) == ("na", 0, "占道")


def test_a_failure_keeps_its_count_and_note_through_a_toggle_and_back(ctx, qtbot, inspection):
    runner = _runner(ctx, qtbot, inspection.id)
    code = _fail_with_count_and_note(qtbot, runner, 3, "三处积水")
    for stray in (Qt.Key.Key_1, Qt.Key.Key_3):
        runner.select_code(code)
        qtbot.keyClick(runner.table, stray)
        runner.select_code(code)
        qtbot.keyClick(runner.table, Qt.Key.Key_2)
        assert _answer(runner, code) == ("fail", 3, "三处积水")

    runner.select_code(code)  # a note emptied while passed: the failure's note comes back with the failure
    qtbot.keyClick(runner.table, Qt.Key.Key_1)
    runner.select_code(code)
    qtbot.keyClick(runner.table, Qt.Key.Key_N)
    runner.detail.note.clear()
    qtbot.keyClick(runner.detail.note, Qt.Key.Key_Return)
    assert _answer(runner, code) == ("pass", 0, "")
    runner.close()

    again = _runner(ctx, qtbot, inspection.id)  # reopened later: the latest failing revision is remembered
    again.select_code(code)
    qtbot.keyClick(again.table, Qt.Key.Key_2)
    assert _answer(again, code) == ("fail", 3, "三处积水")


def test_the_cursor_always_goes_to_the_next_unanswered_item(ctx, qtbot, inspection):
    runner = _runner(ctx, qtbot, inspection.id)
    codes = _codes(ctx, inspection.id)
    items = runner.state.items
    photo_rows = [row for row, item in enumerate(items) if item.photo_required]
    assert photo_rows and photo_rows[0] + 2 < len(codes)

    for key in (Qt.Key.Key_1, Qt.Key.Key_3, Qt.Key.Key_2):  # 2 on codes[2]
        before = runner.current_row()
        qtbot.keyClick(runner.table, key)
        assert runner.current_row() == before + 1

    runner.select_code(codes[0])  # re-answering an answered item: on to the next unanswered (codes[1..2] are)
    qtbot.keyClick(runner.table, Qt.Key.Key_2)
    assert runner.current_code() == codes[3]

    row = next(r for r in photo_rows if codes[r] not in runner.state.findings)
    runner.select_code(codes[row])  # a failure that needs a photo: flagged, and the cursor moves on all the same
    qtbot.keyClick(runner.table, Qt.Key.Key_2)
    assert runner.model.is_flagged(row)
    assert runner.current_code() == codes[row + 1] and "P" in runner.messages.text()

    target = next(code for code in codes[3:-1] if code not in runner.state.findings)
    for code in codes:
        if code not in runner.state.findings and code != target:
            inspections.record_finding(ctx.db, inspection.id, code, outcome="pass")
    runner.reload()
    runner.select_code(codes[-1])  # the only unanswered item is above: the cursor wraps round to it
    qtbot.keyClick(runner.table, Qt.Key.Key_3)
    assert runner.current_code() == target
    qtbot.keyClick(runner.table, Qt.Key.Key_1)  # nothing left unanswered: it stays
    assert runner.current_code() == target
    qtbot.keyClick(runner.table, Qt.Key.Key_3)
    assert runner.current_code() == target


def test_finishing_is_confirmed_on_the_task_list_with_a_way_to_the_record(ctx, qtbot, inspection):
    from ui.main_window import MainWindow

    codes = _codes(ctx, inspection.id)
    state_items = {item.code: item for item in inspections.inspection_checklist(ctx.db, inspection).items}
    failing = next(code for code in codes if not state_items[code].photo_required)
    for code in codes:
        outcome = "fail" if code == failing else "pass"
        inspections.record_finding(ctx.db, inspection.id, code, outcome=outcome, count=3 if outcome == "fail" else 1)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2_000)
    page = window.open_page("tasks")
    runner = page.runner
    assert runner is not None and runner.inspection_id == inspection.id
    qtbot.keyClick(runner.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert runner.summary is not None
    with qtbot.waitSignal(runner.finished):
        runner.summary.confirm.click()

    finished = inspections.get_inspection(ctx.db, inspection.id)
    banner = page.list.finished
    assert banner.isVisible() and page.stack.currentWidget() is page.list
    text = banner.text()
    item = state_items[failing]
    assert text.startswith(f"检查已完成：幸福路农贸市场 · 得分 {labels.points(finished.score)} · 问题 3 处")
    assert item.text in text and "（3 处）" in text and f"责任单位：{item.responsible_unit}" in text
    deadline = inspections.current_findings(ctx.db, inspection.id)
    due = date.fromisoformat(next(f.deadline for f in deadline if f.item_code == failing))
    assert f"整改期限：{due.year}年{due.month}月{due.day}日" in text  # a date as Chinese offices write it

    qtbot.mouseClick(banner.view_button, Qt.MouseButton.LeftButton)
    assert window.current_key() == "history" and window.pages["history"].wait_loaded()
    assert window.pages["history"].selected_id() == inspection.id

    window.open_page("tasks")
    qtbot.mouseClick(banner.close_button, Qt.MouseButton.LeftButton)
    assert not banner.isVisible() and banner.text() == ""
