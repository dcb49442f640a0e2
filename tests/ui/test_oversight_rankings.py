"""排名 page: ties share a rank, red and black lists highlighted, list sizes in the page, QtCharts bars and trend."""

from __future__ import annotations

import threading
from datetime import date, time

import pytest
from PySide6.QtCore import QCoreApplication, QSettings, Qt

from inspector import clock
from inspector.periods import parse_period
from tests.office_kit import BOARD_ITEM, WEEK_ITEM, inspect

TODAY = date(2026, 11, 16)


@pytest.fixture
def two_weeks(ws):
    """W45: 云栖 99.5, 望澜 99, 桐湾 100, 鹭洲 100. W46: 云栖 100, 望澜 99.5, 桐湾 99, 鹭洲 99."""
    inspect(ws, "YX-003", date(2026, 11, 2), {WEEK_ITEM: 1})
    inspect(ws, "WL-003", date(2026, 11, 3), {BOARD_ITEM: 1})
    inspect(ws, "TW-003", date(2026, 11, 4))
    inspect(ws, "LZ-006", date(2026, 11, 5))
    inspect(ws, "YX-003", date(2026, 11, 9))
    inspect(ws, "WL-003", date(2026, 11, 10), {WEEK_ITEM: 1})
    inspect(ws, "TW-003", date(2026, 11, 11), {BOARD_ITEM: 1})
    inspect(ws, "LZ-006", date(2026, 11, 12), {BOARD_ITEM: 1})
    return ws


@pytest.fixture
def page(qapp, qtbot, two_weeks, tmp_path):
    from ui import i18n
    from ui.context import AppContext, Changes
    from ui.oversight.rankings_page import RankingsPage
    from ui.tasks import TaskRunner

    with clock.travel(clock.at(TODAY, time(10))):  # the pages read the one clock
        i18n.install("zh_CN")
        runner = TaskRunner()
        ctx = AppContext(two_weeks, Changes(), runner, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
        made = RankingsPage(ctx)
        qtbot.addWidget(made)
        made.resize(1130, 760)
        made.show()
        made.set_period(parse_period("2026-W46"))
        assert made.wait_loaded() and made.ranking is not None and made.ranking.period.text == "2026-W46"
        yield made
        runner.wait()


def rows(page) -> list[tuple[str, ...]]:
    model = page.model
    return [tuple(model.index(r, c).data() for c in (0, 1, 2, 7, 8)) for r in range(model.rowCount())]


def background(page, row: int) -> str | None:
    brush = page.model.index(row, 0).data(Qt.ItemDataRole.BackgroundRole)
    return None if brush is None else brush.color().name()


def test_ties_lists_and_changes_in_the_table(page):
    assert rows(page) == [
        ("1", "云栖区", "100", "↑2", "红榜"),
        ("2", "望澜区", "99.5", "↑2", ""),
        ("3", "桐湾区", "99", "↓2", "黑榜"),
        ("3", "鹭洲区", "99", "↓2", "黑榜"),
    ]
    assert [background(page, r) for r in range(4)] == ["#fde3e1", None, "#d6d6d6", "#d6d6d6"]
    assert page.model.headerData(1, Qt.Orientation.Horizontal) == "区"
    assert (page.red.value(), page.black.value()) == (1, 1)  # forms/rankings.yaml: one each for districts
    assert "红榜：云栖区" in page.summary.text() and "2026年第45周" in page.summary.text()


def test_charts_have_a_bar_per_row_and_a_trend_line_per_group(page):
    assert page.bars.bar_count() == page.model.rowCount() == 4
    assert all(bar_set.count() == 4 for bar_set in page.bars.sets.values())
    assert page.bars.sets["red"].at(0) == 100 and page.bars.sets["black"].at(2) == 99
    assert len(page.bars.chart().series()) == 1
    assert len(page.trend_chart.lines) == len(page.trend_chart.chart().series()) == 4
    yunqi = next(line for line in page.trend_chart.lines if line.name() == "云栖区")
    assert [(p.x(), p.y()) for p in yunqi.points()] == [(4.0, 99.5), (5.0, 100.0)]  # W45, W46 of six weeks


def test_list_sizes_in_the_page_and_units_by_rectification_rate(page, qtbot):
    page.red.setValue(2)
    assert page.wait_loaded() and page.ranking.red_size == 2
    assert [background(page, r) for r in range(4)] == ["#fde3e1", "#fde3e1", "#d6d6d6", "#d6d6d6"]
    page.by.setCurrentIndex(page.by.findData("unit"))
    assert page.wait_loaded() and page.ranking.by == "unit"
    assert (page.red.value(), page.black.value()) == (5, 3)
    assert page.table.isColumnHidden(2) and page.model.headerData(1, Qt.Orientation.Horizontal) == "责任单位"
    assert page.bars.bar_count() == page.model.rowCount()


def test_bars_start_at_zero_and_a_zoomed_trend_says_where_it_starts(page):
    assert (page.bars.value_axis.min(), page.bars.value_axis.max()) == (0.0, 100.0)
    assert page.bars.value_axis.titleText() == ""
    trend = page.trend_chart.value_axis
    assert 0 < trend.min() <= 99 and trend.max() == 100  # scores 99–100: zoomed in, and the title marks the break
    assert f"{trend.min():g}" in trend.titleText()


def test_axis_range_of_bars_is_zero_based_even_for_close_scores():
    from ui.oversight.rankings_charts import axis_range

    assert axis_range([99.0, 99.5], "score", from_zero=True) == (0.0, 100.0)
    assert axis_range([99.0, 99.5], "score", from_zero=False) == (98.0, 100.0)
    assert axis_range([40.0], "rectification", from_zero=False) == (0.0, 100.0)


class Gate:
    """Holds the worker that ranks one period by districts until released; records that it got there and that it
    finished."""

    def __init__(self, monkeypatch, period: str):
        from inspector.oversight import rankings

        real = rankings.rankings
        self.reached, self.open, self.finished = threading.Event(), threading.Event(), []
        self.ranked: list[tuple[str, str]] = []  # every ranking asked for: (period, dimension)

        def ranking(db, ranked, by, **kwargs):
            self.ranked.append((ranked.text, by))
            if (ranked.text, by) != (period, "district"):
                return real(db, ranked, by, **kwargs)
            self.reached.set()
            self.open.wait(30)
            result = real(db, ranked, by, **kwargs)
            self.finished.append(ranked.text)
            return result

        monkeypatch.setattr(rankings, "rankings", ranking)


def test_the_page_is_usable_while_ranking_and_a_superseded_result_is_never_shown(page, monkeypatch):
    gate = Gate(monkeypatch, "2026-W40")  # the last period of W45's trend: its worker waits there
    page.set_period(parse_period("2026-W45"))
    assert page.busy() and page.loading() and page.spinner.isVisible()
    assert page.summary.text() == "正在计算2026年第45周排名…"
    assert page.ranking is None and page.model.rowCount() == 0 and page.bars.bar_count() == 0  # W46 is gone
    controls = (page.period.kind, page.period.period_combo, page.by, page.red, page.black, page.table)
    assert all(widget.isEnabled() for widget in controls)
    assert gate.reached.wait(10)
    page.set_period(parse_period("2026-11"))  # supersedes W45 while its worker still runs
    assert page.wait_loaded() and not page.spinner.isVisible()
    shown = (rows(page), page.summary.text(), page.bars.categories)
    assert page.ranking.period.text == "2026-11" and "2026年11月" in shown[1]
    gate.open.set()
    assert page.ctx.runner.wait()
    QCoreApplication.processEvents()  # W45's outcome arrives now
    assert gate.finished == ["2026-W40"]  # its worker did finish with a result...
    assert page.ranking.period.text == "2026-11" and (rows(page), page.summary.text(), page.bars.categories) == shown


def test_a_newer_request_cancels_the_older_worker(page, monkeypatch):
    gate = Gate(monkeypatch, "2026-W44")  # the first period of W45's trend
    page.set_period(parse_period("2026-W45"))
    older = page.task
    assert gate.reached.wait(10)
    page.by.setCurrentIndex(page.by.findData("street"))
    assert older.token.cancelled and page.task is not older
    gate.open.set()
    assert page.wait_loaded() and page.ranking.by == "street" and page.ranking.period.text == "2026-W45"
    assert page.ctx.runner.wait()
    QCoreApplication.processEvents()
    assert gate.finished == ["2026-W44"]  # the older one stopped before ranking W43..W40 (it checks between periods)
    assert [ranked for ranked, by in gate.ranked if by == "district"] == ["2026-W45", "2026-W44"]
    assert page.ranking.by == "street" and page.model.headerData(1, Qt.Orientation.Horizontal) == "街道"
