"""问题与整改 page: overdue first, filters, and every review and rectification step through the page into the core."""

from __future__ import annotations

from datetime import date, time

import pytest
from PySide6.QtCore import QSettings, Qt

from inspector import clock
from inspector.oversight.review import confirm
from inspector.register import draw
from inspector.tracking.problems import get_problem
from tests.office_kit import BOARD_ITEM, DAY_ITEM, WEEK_ITEM, inspect, problem_of
from tests.ui.test_widgets_photos import make_jpeg

TODAY = date(2026, 11, 20)


@pytest.fixture
def found(ws):
    """Problems at the four markets in November: the first two weeks' confirmed (now overdue), the rest pending."""
    made = {
        "yx": inspect(ws, "YX-003", date(2026, 11, 2), {WEEK_ITEM: 2, BOARD_ITEM: 1}),
        "wl": inspect(ws, "WL-003", date(2026, 11, 10), {DAY_ITEM: 1}, mode="announced"),
        "tw": inspect(ws, "TW-003", date(2026, 11, 17), {BOARD_ITEM: 1}),
        "lz": inspect(ws, "LZ-006", date(2026, 11, 18), {WEEK_ITEM: 1}),
        "lz2": inspect(ws, "LZ-006", date(2026, 11, 19), {WEEK_ITEM: 1}, inspector="I-001"),
    }
    items = {"yx": WEEK_ITEM, "yx_board": BOARD_ITEM, "wl": DAY_ITEM, "tw": BOARD_ITEM, "lz": WEEK_ITEM}
    items["lz2"] = WEEK_ITEM
    problems = {key: problem_of(ws, made[key.split("_")[0]], item, TODAY) for key, item in items.items()}
    confirm(ws.db, [problems[k].finding_id for k in ("yx", "yx_board", "wl")])
    return problems


@pytest.fixture
def page(qapp, qtbot, ws, found, tmp_path):
    from ui import i18n
    from ui.context import AppContext, Changes
    from ui.oversight.problems_page import ProblemsPage
    from ui.tasks import TaskRunner

    with clock.travel(clock.at(TODAY, time(10))):  # the pages read the one clock
        i18n.install("zh_CN")
        runner = TaskRunner()
        ctx = AppContext(ws, Changes(), runner, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
        made = ProblemsPage(ctx)
        qtbot.addWidget(made)
        made.resize(1130, 760)
        made.show()
        assert made.wait_loaded()
        yield made
        runner.wait()


def column(page, n: int) -> list[str]:
    return [page.model.index(row, n).data() for row in range(page.model.rowCount())]


def select(page, problem) -> None:
    assert page.select(problem.finding_id)
    assert page.detail.problem.finding_id == problem.finding_id


def test_overdue_first_with_highlight_and_filters(page, found, qtbot):
    refs = column(page, 0)
    assert refs[:3] == [found["yx"].reference, found["yx_board"].reference, found["wl"].reference] or refs[:3] == [
        found["yx_board"].reference,
        found["yx"].reference,
        found["wl"].reference,
    ]
    assert column(page, 1)[:3] == ["逾期"] * 3 and column(page, 9)[:3] == ["11", "11", "9"]
    assert page.model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole).color().name() == "#fde2e2"
    assert page.model.index(3, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    assert page.count.text() == "共 6 个问题，逾期 3 个"
    headers = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())]
    assert headers[:3] == ["编号", "状态", "区"]

    page.filters.status.setCurrentIndex(page.filters.status.findData("pending"))
    assert page.loading() and page.count.text() != "共 6 个问题，逾期 3 个"  # read off the UI thread
    assert page.wait_loaded()
    assert set(column(page, 0)) == {found[k].reference for k in ("tw", "lz", "lz2")}
    page.filters.status.setCurrentIndex(0)
    page.filters.search.setText("WL-003")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and not page.loading())
    assert column(page, 0) == [found["wl"].reference]


def test_confirm_several_and_reject_with_a_reason(page, found, ws, qtbot):
    page.table.selectRow(page.model.row_of(found["tw"].finding_id))
    page.table.selectionModel().select(
        page.model.index(page.model.row_of(found["lz"].finding_id), 0),
        page.table.selectionModel().SelectionFlag.Select | page.table.selectionModel().SelectionFlag.Rows,
    )
    assert len(page.selected_problems()) == 2 and page.actions.confirm_button.isEnabled()
    qtbot.mouseClick(page.actions.confirm_button, Qt.MouseButton.LeftButton)
    for key in ("tw", "lz"):
        assert get_problem(ws.db, found[key].finding_id, today=TODAY).review == "confirmed"
    assert page.message.text() == "已确认 2 个问题。" and not page.message.is_error()
    assert page.wait_loaded()  # the page read the problems again: the same two stay selected, now confirmed
    assert {p.finding_id for p in page.selected_problems()} == {found[k].finding_id for k in ("tw", "lz")}
    assert {p.review for p in page.selected_problems()} == {"confirmed"}
    assert page.message.text() == "已确认 2 个问题。"

    select(page, found["lz2"])
    assert [page.detail.history.index(r, 2).data() for r in range(page.detail.history.rowCount())] == []
    qtbot.mouseClick(page.actions.reject_button, Qt.MouseButton.LeftButton)
    dialog = page.actions.dialog
    assert dialog.isVisible() and not dialog.ok_button().isEnabled()  # a reason is required
    dialog.reason.setEditText("点位核实有误")
    qtbot.mouseClick(dialog.ok_button(), Qt.MouseButton.LeftButton)
    rejected = get_problem(ws.db, found["lz2"].finding_id, today=TODAY)
    assert (rejected.review, rejected.review_reason, rejected.status) == ("rejected", "点位核实有误", "rejected")
    assert not dialog.isVisible()
    select(page, found["lz2"])
    assert page.detail.history.index(0, 2).data() == "已驳回"
    assert "点位核实有误" in page.detail.history.index(0, 3).data()


def test_a_rejection_refreshes_the_page_through_the_changes_the_core_returned(page, found, qtbot, monkeypatch):
    from inspector.oversight import review

    returned = []
    original = review.reject

    def spy(*args, **kwargs):
        returned.append(original(*args, **kwargs))
        return returned[-1]

    monkeypatch.setattr(review, "reject", spy)
    refreshed = []
    monkeypatch.setattr(page, "refresh", lambda: refreshed.append(True))
    select(page, found["lz2"])
    dialog = page.actions.reject()
    dialog.reason.setEditText("点位核实有误")
    with qtbot.waitSignal(page.ctx.changes.changed) as changed:
        qtbot.mouseClick(dialog.ok_button(), Qt.MouseButton.LeftButton)
    assert changed.args[0] == returned[0].changes.kinds == {"problems"}  # what the core said, not a literal
    assert refreshed == [True]  # the page watches problems: it read them again, with no manual refresh


def test_a_refused_step_keeps_the_dialog_open_with_the_reason(page, found, qtbot):
    select(page, found["yx"])
    dialog = page.actions.reassign()
    dialog.reason.setText("申请延期")
    dialog.deadline.setDate(dialog.deadline.date())  # nothing changed
    qtbot.mouseClick(dialog.ok_button(), Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.message.is_error()


def test_approve_for_exposure_with_a_mask_drawn_on_the_photo(page, found, ws, qtbot):
    select(page, found["yx_board"])
    assert page.actions.approve_button.isEnabled()
    qtbot.mouseClick(page.actions.approve_button, Qt.MouseButton.LeftButton)
    dialog = page.actions.dialog
    qtbot.waitExposed(dialog)
    canvas = dialog.canvas
    assert not canvas.image.isNull() and (canvas.image.width(), canvas.image.height()) == (320, 240)
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=canvas.to_widget(40, 40))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=canvas.to_widget(120, 100))
    assert len(canvas.rects) == 1
    x, y, w, h = canvas.rects[0]
    assert abs(x - 40) <= 1 and abs(y - 40) <= 1 and abs(w - 80) <= 2 and abs(h - 60) <= 2
    qtbot.waitUntil(lambda: dialog.published is not None, timeout=10_000)  # the blurred, watermarked copy
    assert dialog.preview.pixmap() is not None and not dialog.preview.pixmap().isNull()
    qtbot.mouseClick(dialog.ok_button(), Qt.MouseButton.LeftButton)
    approved = get_problem(ws.db, found["yx_board"].finding_id, today=TODAY)
    assert approved.exposure and approved.masks == {approved.photos[0]: (canvas.rects[0],)}
    select(page, found["yx_board"])
    assert "1 个遮挡区域" in page.detail.exposure.text()
    assert page.actions.masks_action.isEnabled() and not page.actions.approve_button.isEnabled()


def test_merge_a_duplicate_into_its_primary(page, found, ws, qtbot):
    select(page, found["lz2"])
    dialog = page.actions.merge()
    assert dialog.candidates.rowCount() == 1 and dialog.primary().finding_id == found["lz"].finding_id
    qtbot.mouseClick(dialog.ok_button(), Qt.MouseButton.LeftButton)
    merged = get_problem(ws.db, found["lz2"].finding_id, today=TODAY)
    assert (merged.review, merged.primary_id) == ("merged", found["lz"].finding_id)
    assert page.message.text() == f"{found['lz2'].reference} 已合并到 {found['lz'].reference}。"


def test_change_unit_and_deadline_then_record_rectification(page, found, ws, qtbot, tmp_path):
    select(page, found["wl"])
    dialog = page.actions.reassign()
    dialog.unit.setCurrentText("望澜区城市管理局")
    dialog.deadline.setDate(dialog.deadline.date().addDays(20))
    dialog.reason.setText("属地管理")
    qtbot.mouseClick(dialog.ok_button(), Qt.MouseButton.LeftButton)
    moved = get_problem(ws.db, found["wl"].finding_id, today=TODAY)
    assert (moved.responsible_unit, moved.deadline, moved.status) == ("望澜区城市管理局", date(2026, 12, 1), "open")

    select(page, found["wl"])
    dialog = page.actions.rectify()
    dialog.report.setPlainText("已清理并设专人保洁")
    dialog.photo.set_path(str(make_jpeg(tmp_path / "after.jpg")))
    qtbot.mouseClick(dialog.ok_button(), Qt.MouseButton.LeftButton)
    fixed = get_problem(ws.db, found["wl"].finding_id, today=TODAY)
    assert (fixed.status, fixed.rectified_on, len(fixed.rectification_photos)) == ("rectified", TODAY, 1)
    select(page, found["wl"])
    assert page.detail.after.photos() == list(fixed.rectification_photos)
    assert [page.detail.history.index(r, 2).data() for r in range(page.detail.history.rowCount())] == [
        "已确认",
        "调整责任单位",
        "调整整改时限",
        "报告已整改",
    ]


def test_recheck_list_becomes_a_recorded_draw(page, found, ws, qtbot):
    heard = []
    page.ctx.changes.changed.connect(heard.append)
    dialog = page.open_rechecks()
    assert dialog.model.rowCount() == 2  # the overdue markets (YX-003, WL-003)
    assert dialog.model.index(0, 0).data() == "YX-003"
    made = dialog.record()
    assert made is not None and sorted(made.result) == sorted(draw.get_draw(ws.db, made.id).result)
    assert made.params["purpose"] == "recheck" and frozenset({"draws"}) in heard
    assert not dialog.record_button.isEnabled() and "复查抽签" in dialog.message.text()


def test_the_office_rail_has_the_oversight_pages(page, qtbot):
    from ui.main_window import MainWindow

    window = MainWindow(page.ctx)
    qtbot.addWidget(window)
    labels = [window.rail.item(i).text() for i in range(window.rail.count())]
    assert labels[3:6] == ["问题与整改", "排名", "文书"]
    window.show()
    for key in ("problems", "rankings", "documents"):
        assert window.open_page(key).isVisible()
    qtbot.waitUntil(lambda: not window.pages["rankings"].busy())
