"""The checklist runner: resuming, photos (good, broken, cancelled), counts and notes, blocked finishing."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from inspector.field import inspections, session
from inspector.register import sites
from inspector.workspace import open_workspace
from tests.ui.test_widgets_photos import drop_files, make_jpeg


@pytest.fixture
def inspection(ctx):
    """An open unannounced inspection of the demo market."""
    site = sites.list_sites(ctx.db, search="幸福路农贸市场")[0]
    return inspections.start_inspection(
        ctx.db, site_id=site.id, inspector_id="I-001", mode="unannounced", place=site.address
    )


def _runner(ctx, qtbot, inspection_id):
    from ui.runner.runner import ChecklistRunner

    runner = ChecklistRunner(ctx, inspection_id)
    qtbot.addWidget(runner)
    runner.resize(1130, 760)
    runner.show()
    runner.activateWindow()
    qtbot.waitUntil(runner.isActiveWindow, timeout=2_000)
    return runner


def _codes(ctx, inspection_id):
    return session.load_session(ctx.db, inspection_id).checklist.codes


def test_reopening_the_page_resumes_the_open_inspection_at_the_first_unanswered_item(ctx, qtbot, inspection):
    from ui.runner.tasks_page import TasksPage

    codes = _codes(ctx, inspection.id)
    for code in codes[:3]:
        inspections.record_finding(ctx.db, inspection.id, code, outcome="pass")
    inspections.record_finding(ctx.db, inspection.id, codes[4], outcome="na")
    page = TasksPage(ctx)
    qtbot.addWidget(page)
    page.show()
    runner = page.runner
    assert runner is not None and page.stack.currentWidget() is runner
    assert runner.current_code() == codes[3]
    assert runner.header.progress_line.text().startswith("已答 4/")

    runner.back_button.click()
    assert page.runner is None and page.list.model.rowCount() == 1
    assert page.list.model.data(page.list.model.index(0, 5)) == f"4/{len(codes)}"
    qtbot.keyClick(page.list.table, Qt.Key.Key_Return)
    assert page.runner is not None and page.runner.current_code() == codes[3]


def test_every_answer_is_saved_at_once(ctx, qtbot, inspection):
    runner = _runner(ctx, qtbot, inspection.id)
    codes = _codes(ctx, inspection.id)
    other = open_workspace(ctx.workspace.path)  # what a restarted app would read
    try:
        qtbot.keyClick(runner.table, Qt.Key.Key_1)
        assert [f.item_code for f in inspections.current_findings(other.db, inspection.id)] == [codes[0]]
        qtbot.keyClick(runner.table, Qt.Key.Key_Up)
        qtbot.keyClick(runner.table, Qt.Key.Key_3)
        history = inspections.finding_history(other.db, inspection.id, codes[0])
        assert [f.outcome for f in history] == ["pass", "na"]
    finally:
        other.close()


def test_count_and_note_are_new_revisions_and_apply_to_failures_only(ctx, qtbot, inspection):
    runner = _runner(ctx, qtbot, inspection.id)
    code = runner.current_code()
    qtbot.keyClick(runner.table, Qt.Key.Key_Plus)
    assert "不合格" in runner.messages.text() and code not in runner.state.findings
    qtbot.keyClick(runner.table, Qt.Key.Key_N)
    assert "先作答" in runner.messages.text()
    qtbot.keyClick(runner.table, Qt.Key.Key_2)
    assert runner.current_code() != code  # answering always moves on, even to a failure that needs a photo
    qtbot.keyClick(runner.table, Qt.Key.Key_Up)
    qtbot.keyClick(runner.table, Qt.Key.Key_Equal)  # the unshifted + key
    qtbot.keyClick(runner.table, Qt.Key.Key_Minus)
    qtbot.keyClick(runner.table, Qt.Key.Key_Minus)  # never below 1
    qtbot.keyClick(runner.table, Qt.Key.Key_N)
    runner.detail.note.insertPlainText("摊位占道")
    qtbot.keyClick(runner.detail.note, Qt.Key.Key_Escape)
    qtbot.keyClick(runner.table, Qt.Key.Key_N)
    qtbot.keyClick(runner.detail.note, Qt.Key.Key_Return)  # unchanged note: no new revision
    history = inspections.finding_history(ctx.db, inspection.id, code)
    assert [(f.outcome, f.count, f.note) for f in history] == [
        ("fail", 1, ""),
        ("fail", 2, ""),
        ("fail", 1, ""),
        ("fail", 1, "摊位占道"),
    ]
    qtbot.keyClick(runner.table, Qt.Key.Key_1)  # changing the outcome keeps the note
    assert runner.state.findings[code].note == "摊位占道"
    assert runner.current_code() != code


def test_finishing_is_blocked_while_a_failure_lacks_its_photo(ctx, qtbot, inspection):
    runner = _runner(ctx, qtbot, inspection.id)
    codes = _codes(ctx, inspection.id)
    qtbot.keyClick(runner.table, Qt.Key.Key_2)
    flagged = codes[0]
    for code in codes[1:]:
        inspections.record_finding(ctx.db, inspection.id, code, outcome="pass")
    runner.select_code(codes[-1])
    qtbot.keyClick(runner.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert runner.summary is None
    assert "缺少照片：第 1 项" in runner.messages.text()
    assert runner.current_code() == flagged
    assert runner.model.data(runner.model.index(0, runner.model.PHOTOS)) == "⚠ 缺照片"
    assert inspections.get_inspection(ctx.db, inspection.id).status == "open"


def test_a_broken_photo_is_named_and_nothing_is_attached(ctx, qtbot, inspection, tmp_path):
    runner = _runner(ctx, qtbot, inspection.id)
    code = runner.current_code()
    qtbot.keyClick(runner.table, Qt.Key.Key_2)
    broken = tmp_path / "IMG_0042.jpg"
    broken.write_bytes(b"\xff\xd8\xff\xe0 this is not really a photo")
    drop_files(runner.table.viewport(), [broken], runner.table.visualRect(runner.model.index(0, 1)).center())
    qtbot.waitUntil(lambda: not runner.importer.running, timeout=10_000)
    text = runner.messages.text()
    assert runner.messages.level == "error"
    assert "IMG_0042.jpg" in text and "Traceback" not in text
    assert runner.state.findings[code].photos == []
    assert runner.model.is_flagged(0)

    good = make_jpeg(tmp_path / "IMG_0043.jpg")
    drop_files(runner, [broken, good])  # onto the runner itself: the current item
    qtbot.waitUntil(lambda: not runner.importer.running, timeout=10_000)
    assert len(runner.state.findings[code].photos) == 1
    assert "1 张照片" in runner.messages.text() and "IMG_0042.jpg" in runner.messages.text()
    assert not runner.model.is_flagged(0)


def test_photos_need_an_answer_first(ctx, qtbot, inspection, tmp_path):
    runner = _runner(ctx, qtbot, inspection.id)
    drop_files(runner.detail.photos.viewport(), [make_jpeg(tmp_path / "a.jpg")])
    assert not runner.importer.running
    assert "先对第 1 项作答" in runner.messages.text()


def test_cancelling_an_import_attaches_nothing(ctx, qtbot, inspection, tmp_path):
    runner = _runner(ctx, qtbot, inspection.id)
    code = runner.current_code()
    qtbot.keyClick(runner.table, Qt.Key.Key_2)
    qtbot.keyClick(runner.table, Qt.Key.Key_Up)
    release = threading.Event()
    for _ in range(ctx.runner.pool.maxThreadCount()):  # keep the pool busy so the import waits in the queue
        ctx.runner.start(lambda _token: release.wait(10))
    runner.import_photos([str(make_jpeg(tmp_path / f"p{i}.jpg")) for i in range(3)])
    assert runner.import_bar.isVisible()
    runner.import_bar.cancel_button.click()
    release.set()
    qtbot.waitUntil(lambda: not runner.importer.running, timeout=10_000)
    assert "已取消" in runner.messages.text()
    assert runner.state.findings[code].photos == []
    assert not runner.import_bar.isVisible()


def test_a_photo_opens_in_the_viewer(ctx, qtbot, inspection, tmp_path):
    runner = _runner(ctx, qtbot, inspection.id)
    qtbot.keyClick(runner.table, Qt.Key.Key_2)
    qtbot.keyClick(runner.table, Qt.Key.Key_Up)
    runner.import_photos([str(make_jpeg(tmp_path / "p.jpg"))])
    qtbot.waitUntil(lambda: not runner.importer.running, timeout=10_000)
    strip = runner.detail.photos
    assert strip.count() == 1
    strip.itemActivated.emit(strip.item(0))
    viewer = runner.viewer
    assert viewer is not None and viewer.isVisible()
    qtbot.waitUntil(lambda: viewer.watermarked is not None or viewer.note.text() != "", timeout=10_000)
    assert viewer.sha_label.text() == strip.photos()[0]
    viewer.close()


def test_category_list_shows_progress_and_failures(ctx, qtbot, inspection):
    runner = _runner(ctx, qtbot, inspection.id)
    qtbot.keyClick(runner.table, Qt.Key.Key_2)
    first = runner.category_model.progress_at(0)
    assert (first.answered, first.failures) == (1, 1)
    second = runner.category_model.progress_at(1)
    runner.categories.clicked.emit(runner.category_model.index(1))
    assert runner.current_row() == second.first_index
    assert runner.categories.currentIndex().row() == 1


def test_p_opens_a_multi_file_dialog_whose_choice_is_imported(ctx, qtbot, inspection, tmp_path):
    from PySide6.QtWidgets import QFileDialog

    runner = _runner(ctx, qtbot, inspection.id)
    code = runner.current_code()
    qtbot.keyClick(runner.table, Qt.Key.Key_2)
    qtbot.keyClick(runner.table, Qt.Key.Key_Up)
    qtbot.keyClick(runner.table, Qt.Key.Key_P)
    dialog = runner.photos.file_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.fileMode() == QFileDialog.FileMode.ExistingFiles
    files = [str(make_jpeg(tmp_path / f"IMG_{i}.jpg", color=(30 * i, 80, 80))) for i in range(3)]
    dialog.filesSelected.emit(files)
    dialog.close()
    qtbot.waitUntil(lambda: not runner.importer.running, timeout=10_000)
    assert len(runner.state.findings[code].photos) == 3
    assert runner.detail.photos.count() == 3
    assert ctx.settings.value("runner/photo_folder") == str(tmp_path)


def test_a_typed_note_is_kept_when_the_runner_is_left(ctx, qtbot, inspection):
    runner = _runner(ctx, qtbot, inspection.id)
    code = runner.current_code()
    qtbot.keyClick(runner.table, Qt.Key.Key_1)
    runner.select_code(code)
    qtbot.keyClick(runner.table, Qt.Key.Key_N)
    runner.detail.note.insertPlainText("门前三包已落实")
    runner.hide()
    assert inspections.current_findings(ctx.db, inspection.id)[0].note == "门前三包已落实"


def test_the_buttons_do_what_the_keys_do(ctx, qtbot, inspection):
    runner = _runner(ctx, qtbot, inspection.id)
    first = runner.current_code()
    runner.findChild(QPushButton, "failButton").click()
    runner.select_code(first)
    runner.findChild(QPushButton, "moreButton").click()
    assert (runner.state.findings[first].outcome, runner.state.findings[first].count) == ("fail", 2)
    runner.select_code(runner.state.checklist.codes[1])
    runner.findChild(QPushButton, "passButton").click()
    assert runner.state.findings[runner.state.checklist.codes[1]].outcome == "pass"
    assert runner.table.hasFocus()  # the buttons never take the keyboard away from the table


def test_a_narrow_window_keeps_the_problem_text_readable(ctx, qtbot, inspection):
    """At 1085 px (the runner beside the rail in a small window) the problem column would get about 50 px and wrap
    a character or two a line: severity, deduction and count fold away (the detail pane shows them) and come back
    wider."""
    from ui.runner.checklist_model import ChecklistModel

    runner = _runner(ctx, qtbot, inspection.id)
    table, header = runner.table, runner.table.horizontalHeader()
    folded = (ChecklistModel.SEVERITY, ChecklistModel.DEDUCTION, ChecklistModel.COUNT)
    runner.resize(935, 760)
    qtbot.waitUntil(lambda: table.isColumnHidden(ChecklistModel.SEVERITY), timeout=2_000)
    assert header.sectionSize(ChecklistModel.PROBLEM) >= table.MIN_PROBLEM
    assert all(table.isColumnHidden(column) for column in folded)
    assert "严重程度" in runner.detail.facts.text() and "扣分" in runner.detail.facts.text()  # shown in the pane
    runner.resize(1600, 900)
    qtbot.waitUntil(lambda: not table.isColumnHidden(ChecklistModel.SEVERITY), timeout=2_000)
    assert not any(table.isColumnHidden(column) for column in folded)
    assert header.sectionSize(ChecklistModel.PROBLEM) >= table.MIN_PROBLEM
