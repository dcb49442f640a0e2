import threading
from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from inspector.errors import InspectorError
from inspector.field import history, inspections
from tests.field.test_history import make_four
from ui.pages.history_model import COLUMNS, HistoryModel
from ui.pages.history_page import HistoryPage

pytestmark = pytest.mark.usefixtures("qapp")

SCORE = next(i for i, c in enumerate(COLUMNS) if c.key == "score")
SITE = next(i for i, c in enumerate(COLUMNS) if c.key == "site")


@pytest.fixture
def made(field_ws):
    """Three finished inspections and one in progress, made through the core on the demo field workspace."""
    return make_four(field_ws)


@pytest.fixture
def page(qtbot, ctx, made):
    widget = HistoryPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1130, 760)
    widget.show()
    assert widget.wait_loaded()
    return widget


def shown_ids(page):
    assert page.wait_loaded()  # the ids are read off the UI thread
    return [page.model.inspection_id(row) for row in range(page.model.rowCount())]


def choose(combo, data):
    combo.setCurrentIndex(combo.findData(data))


def test_filters_search_and_sort(qtbot, page, made):
    assert shown_ids(page) == [made[k].id for k in ("open", "other", "road", "market")]
    assert page.count.text() == "4 条检查记录"
    assert page.model.headerData(SITE, Qt.Orientation.Horizontal) == "点位"
    assert page.model.index(0, COLUMNS.index(next(c for c in COLUMNS if c.key == "status"))).data() == "进行中"

    choose(page.filters.district, "望澜区")
    assert shown_ids(page) == [made["other"].id]
    choose(page.filters.district, None)
    choose(page.filters.status, "finished")
    choose(page.filters.mode, "unannounced")
    assert set(shown_ids(page)) == {made["market"].id, made["other"].id}
    choose(page.filters.mode, None)
    choose(page.filters.site_type, "market")
    assert shown_ids(page) == [made["market"].id]
    choose(page.filters.site_type, None)
    choose(page.filters.status, None)

    page.filters.period.setCurrentIndex(page.filters.period.findData("custom"))
    page.filters.date_from.setDate(datetime(2026, 11, 3).date())
    page.filters.date_to.setDate(datetime(2026, 11, 9).date())
    assert shown_ids(page) == [made["other"].id, made["road"].id]
    page.filters.period.setCurrentIndex(0)

    page.filters.search.setText("幸福路")  # typed text is debounced
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert shown_ids(page) == [made["market"].id]
    page.filters.search.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == 4)

    page.table.horizontalHeader().setSortIndicator(SCORE, Qt.SortOrder.AscendingOrder)
    assert page.model.sort_key == "score" and not page.model.descending
    expected = history.inspection_ids(page.ctx.db, sort="score", descending=False)
    assert shown_ids(page) == expected
    assert shown_ids(page)[-1] == made["road"].id  # a perfect score sorts last ascending (open ones have none)


def test_selection_survives_a_filter_and_a_sort(page, made):
    assert page.select(made["road"].id)
    page.table.sortByColumn(SITE, Qt.SortOrder.AscendingOrder)
    assert page.wait_loaded() and page.selected_id() == made["road"].id
    assert page.detail.detail.inspection.id == made["road"].id
    choose(page.filters.district, "望澜区")
    assert page.wait_loaded() and page.selected_id() is None and page.detail.detail is None


def test_opening_an_inspection_shows_its_findings_and_photos(qtbot, page, made, ctx):
    market = made["market"]
    assert page.select(market.id)
    detail = page.detail
    checklist = inspections.inspection_checklist(ctx.db, market)
    assert detail.findings.rowCount() == len(checklist.codes)
    assert "幸福路农贸市场" in detail.title.text()
    assert "已完成" in detail.facts.text() and "暗访" in detail.facts.text()
    results = [detail.findings.index(r, 2).data() for r in range(detail.findings.rowCount())]
    assert results.count("不合格") == 2 and results.count("合格") == len(results) - 2
    assert detail.photos.photos() == history.inspection_detail(ctx.db, market.id).photos
    assert len(detail.photos.photos()) == 2

    qtbot.keyClick(page.table, Qt.Key.Key_Return)  # Enter: on to the findings, the first one selected
    assert detail.current_line() is not None and detail.current_line().finding.item_code == checklist.codes[0]

    failed_row = results.index("不合格")
    detail.findings_view.selectRow(failed_row)
    line = detail.current_line()
    assert line.finding.outcome == "fail"
    assert detail.photos.photos() == line.finding.photos
    assert detail.revisions.rowCount() == 1
    assert detail.findings.index(failed_row, 7).data() == line.finding.responsible_unit

    detail.photos.photo_activated.emit(line.finding.photos[0])
    assert detail.viewer is not None and detail.viewer.sha256 == line.finding.photos[0]
    qtbot.waitUntil(lambda: detail.viewer.watermarked is not None or bool(detail.viewer.error), timeout=10_000)
    detail.viewer.reject()


def test_an_edit_asks_for_a_reason_and_writes_the_next_revision(qtbot, page, made, ctx):
    market = made["market"]
    page.select(market.id)
    detail = page.detail
    code = next(line.finding.item_code for line in detail.findings.records() if line.finding.outcome == "fail")
    detail.select_item(code)
    detail.edit_current()
    dialog = detail.dialog
    assert dialog is not None and dialog.isVisible()
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    dialog.set_outcome("pass")
    assert not save.isEnabled()  # a finished inspection needs a reason
    dialog.reason.insertPlainText("复查时确认已当场整改")
    assert save.isEnabled()
    with qtbot.waitSignal(ctx.changes.changed) as changed:
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert changed.args[0] == inspections.record_finding.changes.kinds == {"findings"}  # what the core said
    assert not dialog.isVisible()
    assert page.wait_loaded()  # the refresh after the change reads the ids again off the UI thread

    assert page.selected_id() == market.id and detail.current_line().finding.item_code == code
    revisions = detail.revisions.records()
    assert [r.rev for r in revisions] == [1, 2]
    assert revisions[1].outcome == "pass" and revisions[1].reason == "复查时确认已当场整改"
    assert detail.revisions.index(1, 2).data() == "合格"
    assert detail.revisions.index(1, 6).data() == "复查时确认已当场整改"
    assert inspections.finding_history(ctx.db, market.id, code)[-1].rev == 2
    row = page.model.row_of(market.id)
    assert page.model.history_row(row).problem_count == 2  # the counts of 1 and 2 failed; one is now passed
    assert "已完成" in detail.facts.text()


def test_an_unchanged_answer_writes_nothing(qtbot, page, made, ctx):
    page.select(made["road"].id)
    detail = page.detail
    detail.findings_view.selectRow(0)
    detail.edit_current()
    dialog = detail.dialog
    dialog.reason.insertPlainText("只是看看")
    dialog.save()
    assert dialog.isVisible() and dialog.error.text()
    assert len(inspections.finding_history(ctx.db, made["road"].id, detail.current_line().finding.item_code)) == 1
    dialog.reject()


def test_the_model_fetches_only_the_pages_it_shows(ctx, made):
    model = HistoryModel(ctx.db)
    model.PAGE_SIZE = 1
    model.requery()
    assert model.rowCount() == 4 and model.fetches == 0
    assert model.index(3, SITE).data() == "幸福路农贸市场"
    assert model.fetches == 1
    model.index(3, 0).data()
    assert model.fetches == 1  # cached
    model.forget(made["market"].id)
    model.index(3, 0).data()
    assert model.fetches == 2


def test_a_superseded_load_is_never_shown(qtbot, page, made, monkeypatch):
    started, release = threading.Event(), threading.Event()
    real = history.inspection_ids

    def held_for_one_district(db, flt=None, **kwargs):
        if flt is not None and flt.district == "望澜区":
            started.set()
            release.wait(10)  # asked first, answered last
        return real(db, flt, **kwargs)

    monkeypatch.setattr(history, "inspection_ids", held_for_one_district)
    choose(page.filters.district, "望澜区")
    assert page.model.loading and page.busy.isVisible()
    assert started.wait(10)  # the query runs (a load superseded before it starts is never run at all)
    choose(page.filters.district, "云栖区")
    yunqi = [made[k].id for k in ("open", "road", "market")]
    assert shown_ids(page) == yunqi
    release.set()
    assert page.ctx.runner.wait()
    qtbot.wait(50)  # the late answer reaches the UI thread, and is dropped
    assert shown_ids(page) == yunqi and page.count.text() == "3 条检查记录"
    assert not page.model.loading and not page.busy.isVisible()


def test_a_failed_load_says_why(page, monkeypatch):
    def refused(*_args, **_kwargs):
        raise InspectorError("数据库正忙，请稍后再试")

    monkeypatch.setattr(history, "inspection_ids", refused)
    page.refresh()
    assert page.wait_loaded() and page.count.text() == "数据库正忙，请稍后再试"
    monkeypatch.undo()
    page.refresh()
    assert page.wait_loaded() and page.count.text() == "4 条检查记录"


def test_an_inspection_asked_for_while_the_list_loads_is_selected_when_it_is_in(page, made):
    page.refresh()
    assert page.model.loading and page.select(made["road"].id)
    assert page.wait_loaded() and page.selected_id() == made["road"].id
    assert page.detail.detail.inspection.id == made["road"].id
