"""问题与整改 page off the UI thread: the first page at once, further pages on demand, orders asked of the core,
a superseded load never shown, and the selection kept across loads."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from inspector.tracking.problems import ORDERS, list_problems
from tests.ui import test_oversight_problems as base
from ui.oversight import problems_page as page_module
from ui.oversight.problems_model import COLUMN_ORDERS, PROBLEM_COLUMNS

TODAY = base.TODAY
found, page = base.found, base.page  # the fixtures: six problems at four markets, the page showing them

PROBLEM_COLUMN = 4  # the first page of that order is not the first page of the default order


@pytest.fixture
def asked(monkeypatch):
    """Every list the page asks the core for: (order, limit, offset), recorded on whichever thread asks."""
    calls: list[tuple] = []
    real = page_module.list_problems

    def recording(db, flt=None, **kw):
        calls.append((kw.get("order"), kw.get("limit"), kw.get("offset", 0)))
        return real(db, flt, **kw)

    monkeypatch.setattr(page_module, "list_problems", recording)
    return calls


def ids(page) -> list[str]:
    return [p.finding_id for p in page.model.records()]


def small_pages(page, size: int = 2) -> None:
    """Pages of `size` problems: the six problems of the fixture span three pages."""
    page.model.chunk = size
    page.load()
    assert page.wait_loaded()


def fetch_all(page, qtbot) -> None:
    """Every page (the view may fetch some itself to fill its viewport)."""

    def complete() -> bool:
        page.model.fetchMore()  # nothing while a page is being read
        return page.model.rowCount() >= page.model.total()

    qtbot.waitUntil(complete)


def click_header(page, qtbot, column: int) -> None:
    header = page.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))


def test_every_column_has_a_core_order():
    assert len(COLUMN_ORDERS) == len(PROBLEM_COLUMNS) and set(COLUMN_ORDERS) == set(ORDERS)


def test_the_first_page_shows_before_more_is_fetched(page, found, asked, qtbot, ws):
    page.model.modelReset.connect(lambda: asked.append(("shown", page.model.rowCount())))
    small_pages(page)
    assert asked[:2] == [(None, 2, 0), ("shown", 2)]  # one page read and shown, not the whole list
    assert page.model.total() == 6 and page.count.text() == "共 6 个问题，逾期 3 个"
    if page.model.canFetchMore():  # (the view may already be reading the next page to fill its viewport)
        page.model.fetchMore()
    assert not page.model.canFetchMore()  # one page at a time: a second call waits for the first
    fetch_all(page, qtbot)
    assert ids(page) == [p.finding_id for p in list_problems(ws.db, today=TODAY)]
    assert asked[2:] == [(None, 2, 2), (None, 2, 4)]  # each page read once, by offset


def test_a_header_click_asks_the_core_for_that_order_across_pages(page, found, asked, qtbot, ws):
    small_pages(page)
    del asked[:]
    click_header(page, qtbot, PROBLEM_COLUMN)
    assert page.model.order() in (("problem", False), ("problem", True))
    assert page.wait_loaded()
    by_problem = [p.finding_id for p in list_problems(ws.db, today=TODAY, order=page.model.order())]
    assert by_problem[:2] != [p.finding_id for p in list_problems(ws.db, today=TODAY)][:2]  # an order of its own
    assert asked[0] == (page.model.order(), 2, 0) and ids(page)[:2] == by_problem[:2]
    fetch_all(page, qtbot)
    assert ids(page) == by_problem  # the core's order over every page, not a sort of the loaded rows
    assert asked == [(page.model.order(), 2, offset) for offset in (0, 2, 4)]

    click_header(page, qtbot, PROBLEM_COLUMN)
    click_header(page, qtbot, PROBLEM_COLUMN)  # the other direction, then the indicator cleared
    assert page.model.order() is None and page.table.horizontalHeader().sortIndicatorSection() == -1
    assert page.wait_loaded()
    fetch_all(page, qtbot)
    assert ids(page) == [p.finding_id for p in list_problems(ws.db, today=TODAY)]  # overdue first again


def test_a_superseded_load_is_never_shown(page, found, monkeypatch, qtbot):
    gate = threading.Event()
    real = page_module.list_problems

    def slow_for_pending(db, flt=None, **kw):
        if flt is not None and flt.status == "pending":
            gate.wait(10)  # the first load is still reading when the second one is asked for
        return real(db, flt, **kw)

    monkeypatch.setattr(page_module, "list_problems", slow_for_pending)
    shown: list[list[str]] = []
    page.model.modelReset.connect(lambda: shown.append(ids(page)))
    page.filters.status.setCurrentIndex(page.filters.status.findData("pending"))
    page.filters.status.setCurrentIndex(page.filters.status.findData("overdue"))
    assert page.wait_loaded()
    gate.set()
    page.ctx.runner.wait()
    for _ in range(3):
        QApplication.processEvents()
    overdue = {found[k].finding_id for k in ("yx", "yx_board", "wl")}
    assert len(shown) == 1 and set(shown[0]) == overdue and set(ids(page)) == overdue
    assert page.count.text() == "共 3 个问题，逾期 3 个"


def test_the_selection_survives_a_load_and_select_reads_further_pages(page, found, asked, qtbot):
    small_pages(page)
    last = found["lz2"]
    assert page.model.row_of(last.finding_id) < 0  # not on the first page
    assert page.select(last.finding_id)  # pages read until it is there
    assert page.detail.problem.finding_id == last.finding_id
    assert page.model.rowCount() <= page.model.total() and len(asked) <= 1 + 2
    page.refresh()  # the data changed: every page up to the selected row is read again, the row stays selected
    assert page.loading() and page.wait_loaded()
    assert [p.finding_id for p in page.selected_problems()] == [last.finding_id]
    page.filters.search.setText("没有这个问题")
    qtbot.waitUntil(lambda: page.model.rowCount() == 0 and not page.loading())
    assert not page.select(found["yx"].finding_id) and page.count.text() == "共 0 个问题，逾期 0 个"


def test_the_filter_choices_are_read_with_the_list_only_after_a_change(page, found, monkeypatch):
    assert page.filters.district.count() > 1 and page.filters.unit.count() > 1  # read by the first load
    read = []
    real = page_module.filter_options
    monkeypatch.setattr(page_module, "filter_options", lambda db: read.append(1) or real(db))
    page.filters.status.setCurrentIndex(page.filters.status.findData("pending"))
    assert page.wait_loaded() and read == []  # a filter change lists the same districts and units
    page.ctx.changes.announce("problems")
    assert page.wait_loaded() and read == [1]


def test_a_closed_page_drops_the_load_under_way(page, found):
    before = ids(page)
    page.filters.status.setCurrentIndex(page.filters.status.findData("pending"))
    assert page.loading()
    page.close()  # the workspace may close next: the rows read meanwhile are never shown
    assert not page.loading() and page.wait_loaded()
    page.ctx.runner.wait()
    for _ in range(3):
        QApplication.processEvents()
    assert ids(page) == before and len(before) == 6
