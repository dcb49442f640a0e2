"""QtCharts for a ranking: bars per district, street or unit (red list, others, black list) and a trend line per
group across the last periods. The value is what the ranking goes by: the average score, or the rectification rate.
"""

from __future__ import annotations

import math

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalStackedBarSeries,
    QLineSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QCoreApplication, QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QWidget

from inspector.oversight.rankings import RankingEntry, RankingTable
from ui.oversight import labels
from ui.widgets import colors

BAR_COLOURS = {"red": "#d9363e", "": "#7b98b5", "black": "#333333"}
DARK_BAR_COLOURS = {**BAR_COLOURS, "black": "#a3a3a3"}  # a black bar would vanish on a dark chart
LINE_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf")
MAX_LINES = len(LINE_COLOURS)
VERTICAL_LIMIT = 6  # more groups than this: horizontal bars, so long names stay readable


def ranking_value(entry: RankingEntry, ranked_by: str) -> float | None:
    """The figure a ranking goes by: the average score, or the rectification rate in percent."""
    if ranked_by == "rectification":
        return None if entry.rectification_rate is None else round(entry.rectification_rate * 100, 1)
    return entry.score


def value_title(ranked_by: str) -> str:
    """The value axis title."""
    if ranked_by == "rectification":
        return QCoreApplication.translate("RankingCharts", "Rectification rate (%)")
    return QCoreApplication.translate("RankingCharts", "Average score")


def axis_range(values: list[float], ranked_by: str, *, from_zero: bool) -> tuple[float, float]:
    """The value axis range: 0–100 for bars (a bar's length is its value); a trend may zoom in on its scores."""
    if from_zero or ranked_by == "rectification" or not values:
        return 0.0, 100.0
    low = max(0.0, math.floor(min(values)) - 1.0)
    return (low, 100.0) if low < 100.0 else (99.0, 100.0)


def _value_axis(values: list[float], ranked_by: str, *, from_zero: bool) -> QValueAxis:
    axis = QValueAxis()
    low, high = axis_range(values, ranked_by, from_zero=from_zero)
    axis.setRange(low, high)
    axis.applyNiceNumbers()
    axis.setRange(max(axis.min(), 0.0), min(axis.max(), 100.0))
    axis.setLabelFormat("%g")
    if axis.min() > 0:  # a zoomed axis says so, so nobody reads small gaps as large ones
        axis.setTitleText(
            QCoreApplication.translate("RankingCharts", "{value} (from {low:g})").format(
                value=value_title(ranked_by), low=axis.min()
            )
        )
    return axis


def _chart() -> QChart:
    chart = QChart()
    if colors.is_dark():
        chart.setTheme(QChart.ChartTheme.ChartThemeDark)
    chart.setBackgroundRoundness(0)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    return chart


def _title_font() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


class RankingBarChart(QChartView):
    """One bar per group in rank order, coloured by list (a stacked series: each bar sits in one set)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(220)
        self.sets: dict[str, QBarSet] = {}
        self.categories: list[str] = []
        self.value_axis: QValueAxis | None = None
        self.setChart(_chart())

    def show_table(self, table: RankingTable | None) -> None:
        """Draw the bars of a ranking (an empty chart for None)."""
        chart = _chart()
        self.sets, self.categories, self.value_axis = {}, [], None
        if table is not None and table.entries:
            chart.setTitle(
                QCoreApplication.translate("RankingCharts", "{dimension}: {value}, {period}").format(
                    dimension=labels.label(labels.DIMENSIONS, table.by),
                    value=value_title(table.ranked_by),
                    period=labels.period_text(table.period),
                )
            )
            chart.setTitleFont(_title_font())
            horizontal = len(table.entries) > VERTICAL_LIMIT
            series = QHorizontalStackedBarSeries() if horizontal else QStackedBarSeries()
            names = {
                "red": labels.label(labels.LISTS, "red"),
                "": QCoreApplication.translate("RankingCharts", "Others"),
            }
            names["black"] = labels.label(labels.LISTS, "black")
            bar_colours = DARK_BAR_COLOURS if colors.is_dark() else BAR_COLOURS
            for code in ("red", "", "black"):
                bar_set = QBarSet(names[code])
                bar_set.setColor(QColor(bar_colours[code]))
                bar_set.setBorderColor(QColor(bar_colours[code]))
                self.sets[code] = bar_set
            entries = list(reversed(table.entries)) if horizontal else list(table.entries)  # rank 1 at the top
            values = []
            for entry in entries:
                value = ranking_value(entry, table.ranked_by)
                if value is not None:
                    values.append(value)
                for code, bar_set in self.sets.items():
                    bar_set.append((value or 0.0) if entry.listed == code else 0.0)
                self.categories.append(entry.name)
            for code in ("red", "", "black"):
                series.append(self.sets[code])
            series.setBarWidth(0.6)
            chart.addSeries(series)
            axis_names = QBarCategoryAxis()
            axis_names.append(self.categories)
            axis_names.setTruncateLabels(False)
            if horizontal:
                font = QFont(axis_names.labelsFont())
                font.setPixelSize(11)
                axis_names.setLabelsFont(font)
            axis_values = self.value_axis = _value_axis(values, table.ranked_by, from_zero=True)
            chart.addAxis(axis_names, Qt.AlignmentFlag.AlignLeft if horizontal else Qt.AlignmentFlag.AlignBottom)
            chart.addAxis(axis_values, Qt.AlignmentFlag.AlignBottom if horizontal else Qt.AlignmentFlag.AlignLeft)
            series.attachAxis(axis_names)
            series.attachAxis(axis_values)
        old = self.chart()
        self.setChart(chart)
        old.deleteLater()

    def bar_count(self) -> int:
        """How many bars (groups) the chart shows."""
        return len(self.categories)


class TrendChart(QChartView):
    """A line per group across the last periods (the listed groups when there are too many to read)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(220)
        self.lines: list[QLineSeries] = []
        self.value_axis: QValueAxis | None = None
        self.setChart(_chart())

    def show_trend(self, tables: list[RankingTable]) -> None:
        """Draw the trend of the groups ranked in the last table across all the tables (oldest first)."""
        chart = _chart()
        self.lines, self.value_axis = [], None
        if tables and tables[-1].entries:
            last = tables[-1]
            chart.setTitle(
                QCoreApplication.translate("RankingCharts", "Trend over the last {count} periods").format(
                    count=len(tables)
                )
            )
            chart.setTitleFont(_title_font())
            entries = list(last.entries)
            if len(entries) > MAX_LINES:
                entries = [e for e in entries if e.listed][:MAX_LINES]
            axis_x = QBarCategoryAxis()
            axis_x.append([labels.short_period_text(t.period) for t in tables])
            axis_x.setTruncateLabels(False)
            values: list[float] = []
            for n, entry in enumerate(entries):
                line = QLineSeries()
                line.setName(entry.name)
                line.setPen(QPen(QColor(LINE_COLOURS[n % len(LINE_COLOURS)]), 2.5))
                line.setPointsVisible(True)
                for x, table in enumerate(tables):
                    found = next((e for e in table.entries if e.name == entry.name), None)
                    value = None if found is None else ranking_value(found, table.ranked_by)
                    if value is not None:
                        line.append(float(x), value)
                        values.append(value)
                chart.addSeries(line)
                self.lines.append(line)
            axis_y = self.value_axis = _value_axis(values, last.ranked_by, from_zero=False)
            chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
            chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
            chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
            for line in self.lines:
                line.attachAxis(axis_x)
                line.attachAxis(axis_y)
        old = self.chart()
        self.setChart(chart)
        old.deleteLater()
