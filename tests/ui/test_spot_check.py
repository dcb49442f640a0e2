"""A whole spot check driven by keys, the seeded draw, and a site added on the spot."""

from __future__ import annotations

from PySide6.QtCore import Qt

from inspector import scoring
from inspector.field import inspections
from inspector.register import draw, sites
from tests.ui.test_widgets_photos import drop_files, make_jpeg


def _tasks_page(ctx, qtbot):
    from ui.runner.tasks_page import TasksPage

    page = TasksPage(ctx)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    _activate(qtbot, page)
    return page


def _activate(qtbot, widget):
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow, timeout=2_000)


def _key(qtbot, widget, key, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(widget, key, modifier)


def test_whole_spot_check_by_keyboard(ctx, qtbot, tmp_path):
    page = _tasks_page(ctx, qtbot)
    assert page.runner is None and page.list.empty.isVisible()
    qtbot.keyClick(page.list.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = page.dialog
    assert dialog is not None
    assert dialog.isVisible() and dialog.windowTitle() == "新建抽查"

    dialog.search.insert("幸福路农贸")  # what an input method commits (QTest types ASCII only)
    assert [s.name for s in dialog.sites_model.sites()] == ["幸福路农贸市场"]
    dialog.unannounced.setChecked(True)
    _key(qtbot, dialog.search, Qt.Key.Key_Down)
    assert dialog.table.hasFocus() or dialog.focusWidget() is dialog.table
    _key(qtbot, dialog.table, Qt.Key.Key_Return)

    runner = page.runner
    assert runner is not None and page.stack.currentWidget() is runner
    _activate(qtbot, page)
    inspection = inspections.get_inspection(ctx.db, runner.inspection_id)
    site = sites.get_site(ctx.db, inspection.site_id)
    assert (site.name, inspection.mode, inspection.place) == ("幸福路农贸市场", "unannounced", site.address)
    codes = runner.state.checklist.codes
    table = runner.table
    assert runner.current_code() == codes[0]
    assert "暗访" in runner.header.mode_tag.text()

    _key(qtbot, table, Qt.Key.Key_1)  # pass, moves on
    assert runner.state.findings[codes[0]].outcome == "pass"
    assert runner.current_code() == codes[1]
    _key(qtbot, table, Qt.Key.Key_3)  # not applicable
    assert runner.state.findings[codes[1]].outcome == "na"
    failing = runner.current_code()
    item = runner.model.item_at(runner.model.row_of(failing))
    assert item.photo_required
    _key(qtbot, table, Qt.Key.Key_2)  # fail: needs a photo, so the row is flagged; the cursor moves on as always
    assert runner.current_code() == codes[3]
    assert runner.model.is_flagged(runner.model.row_of(failing))
    assert "P" in runner.messages.text()
    _key(qtbot, table, Qt.Key.Key_Up)
    assert runner.current_code() == failing
    _key(qtbot, table, Qt.Key.Key_Plus)
    _key(qtbot, table, Qt.Key.Key_Plus)
    _key(qtbot, table, Qt.Key.Key_Minus)
    assert runner.state.findings[failing].count == 2

    _key(qtbot, table, Qt.Key.Key_N)
    assert runner.detail.note.hasFocus()
    runner.detail.note.insertPlainText("垃圾桶满溢")
    _key(qtbot, runner.detail.note, Qt.Key.Key_Return)
    assert table.hasFocus()
    assert runner.state.findings[failing].note == "垃圾桶满溢"

    _key(qtbot, table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # finish: blocked
    assert "不能完成" in runner.messages.text() and runner.summary is None
    assert runner.current_code() == codes[3]  # the first unanswered item

    photo = make_jpeg(tmp_path / "evidence.jpg")
    row = runner.model.row_of(failing)
    drop_files(table.viewport(), [photo], table.visualRect(runner.model.index(row, 1)).center())
    assert runner.current_code() == failing
    qtbot.waitUntil(lambda: bool(runner.state.findings[failing].photos), timeout=10_000)
    assert not runner.model.is_flagged(row)
    assert runner.detail.photos.count() == 1

    runner.select_code(codes[3])
    while runner.state.progress["unanswered"]:
        _key(qtbot, table, Qt.Key.Key_1)
    _key(qtbot, table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    summary = runner.summary
    assert summary is not None and summary.isVisible()
    assert [line.item.code for line in summary.result_summary.problems] == [failing]
    line = summary.result_summary.problems[0]
    assert (line.count, line.responsible_unit, line.photos) == (2, item.responsible_unit, 1)
    assert summary.model.rowCount() == 1

    with qtbot.waitSignal(runner.finished):
        summary.confirm.click()
    assert page.runner is None and page.stack.currentWidget() is page.list
    finished = inspections.get_inspection(ctx.db, inspection.id)
    _, expected = scoring.site_score(scoring.load_rules(ctx.db), [item.deduction * 2])
    assert (finished.status, finished.problem_count, finished.score) == ("finished", 2, expected)
    assert inspection.id not in [i.id for i in inspections.open_inspections(ctx.db)]
    assert page.list.finished.isVisible()  # the task list confirms what was finished
    assert "检查已完成" in page.list.finished.text() and "问题 2 处" in page.list.finished.text()
    assert history_has(ctx, failing, inspection.id)


def history_has(ctx, code, inspection_id) -> bool:
    """The note and the photo were saved as later revisions of the same finding."""
    revisions = inspections.finding_history(ctx.db, inspection_id, code)
    return revisions[-1].note == "垃圾桶满溢" and len(revisions[-1].photos) == 1 and len(revisions) >= 4


def test_seeded_draw_shows_its_seed_and_the_same_sites_as_pick(ctx, qtbot):
    from ui.runner.spot_check import SpotCheckDialog

    dialog = SpotCheckDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.open()
    dialog.tabs.setCurrentIndex(SpotCheckDialog.DRAW)
    dialog.district.setCurrentIndex(dialog.district.findData("云栖区"))
    dialog.draw_count.setValue(3)
    qtbot.keyClicks(dialog.seed, "2025-W11")
    _key(qtbot, dialog.seed, Qt.Key.Key_Return)
    assert dialog.seed_used.text() == "2025-W11"
    candidates = [s.id for s in sites.list_sites(ctx.db, district="云栖区")]
    expected = draw.pick("2025-W11", candidates, 3)
    assert [s.id for s in dialog.drawn_model.sites()] == expected

    _key(qtbot, dialog.drawn_table, Qt.Key.Key_Down)
    with qtbot.waitSignal(dialog.inspection_started) as started:
        _key(qtbot, dialog.drawn_table, Qt.Key.Key_Return)
    inspection = inspections.get_inspection(ctx.db, started.args[0])
    assert inspection.site_id == expected[1]
    assert inspection.draw_id == dialog.last_draw.id
    assert draw.get_draw(ctx.db, inspection.draw_id).seed == "2025-W11"


def test_a_blank_seed_draws_with_a_random_seed_that_is_shown(ctx, qtbot):
    from ui.runner.spot_check import SpotCheckDialog

    dialog = SpotCheckDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.tabs.setCurrentIndex(SpotCheckDialog.DRAW)
    dialog.draw_count.setValue(2)
    dialog.draw_sites()
    seed = dialog.seed_used.text()
    assert len(seed) == 32
    assert [s.id for s in dialog.drawn_model.sites()] == draw.pick(seed, [s.id for s in sites.list_sites(ctx.db)], 2)


def test_adding_a_site_on_the_spot_and_starting_there(ctx, qtbot):
    from ui.runner.spot_check import SpotCheckDialog

    dialog = SpotCheckDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.tabs.setCurrentIndex(SpotCheckDialog.NEW_SITE)
    form = dialog.new_site
    form.add()
    assert "点位名称" in form.status.text()  # nothing saved while the name is missing
    form.fields.name.insert("春风路夜市")
    form.fields.site_type.setCurrentIndex(form.fields.site_type.findData("market"))
    form.fields.district.setCurrentText("云栖区")
    form.fields.street.setCurrentText("明月街道")
    form.fields.address.insert("春风路88号")
    with qtbot.waitSignal(ctx.changes.changed) as changed:
        _key(qtbot, form.fields.name, Qt.Key.Key_Return)
    assert "sites" in changed.args[0]
    added = [s for s in sites.list_sites(ctx.db, search="春风路夜市")]
    assert len(added) == 1 and added[0].origin == "field" and added[0].site_type == "market"
    assert dialog.selected_site() == added[0]
    assert dialog.place.placeholderText() == "春风路88号"

    with qtbot.waitSignal(dialog.inspection_started) as started:
        dialog.start_button.click()
    inspection = inspections.get_inspection(ctx.db, started.args[0])
    assert (inspection.site_id, inspection.place, inspection.mode) == (added[0].id, "春风路88号", "announced")


def test_filters_narrow_the_register(ctx, qtbot):
    from ui.runner.spot_check import SpotCheckDialog

    dialog = SpotCheckDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.district.setCurrentIndex(dialog.district.findData("望澜区"))
    dialog.site_type.setCurrentIndex(dialog.site_type.findData("school"))
    shown = dialog.sites_model.sites()
    assert shown == sites.list_sites(ctx.db, district="望澜区", site_type="school")
    assert all(
        dialog.street.itemData(i) in (None, *sites.streets(ctx.db, "望澜区")) for i in range(dialog.street.count())
    )
    dialog.search.setText("不存在的点位")
    assert dialog.sites_model.rowCount() == 0
    dialog.start()
    assert dialog.error.text() == "请先选择点位。"
