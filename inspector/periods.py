"""Reporting periods: ISO week, month, quarter, year or a date range, as inclusive local dates."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from inspector.errors import InspectorError


class PeriodError(InspectorError):
    """A period text that is not one of the accepted forms."""


@dataclass(frozen=True)
class Period:
    """An inclusive range of local dates with the text it was given as."""

    text: str
    kind: str  # week | month | quarter | year | range
    start: date
    end: date

    @property
    def label(self) -> str:
        """The period as a Chinese office writes it, e.g. 2026年第48周, 2026年11月, 2026年第四季度."""
        if self.kind == "week":
            year, week, _ = self.start.isocalendar()
            return f"{year}年第{week}周"
        if self.kind == "month":
            return f"{self.start.year}年{self.start.month}月"
        if self.kind == "quarter":
            quarter = (self.start.month - 1) // 3 + 1
            return f"{self.start.year}年第{'一二三四'[quarter - 1]}季度"
        if self.kind == "year":
            return f"{self.start.year}年"
        return f"{_cn(self.start)}至{_cn(self.end)}"

    def contains(self, day: date) -> bool:
        """Whether a date falls inside the period."""
        return self.start <= day <= self.end


def _cn(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


_WEEK = re.compile(r"^(\d{4})-W(\d{1,2})$", re.IGNORECASE)
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$", re.IGNORECASE)
_YEAR = re.compile(r"^(\d{4})$")
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\s*(?:\.\.|~|至)\s*(\d{4}-\d{2}-\d{2})$")


def parse_period(text: str) -> Period:
    """Parse 2026-W48, 2026-11, 2026-Q4, 2026 or 2026-11-01..2026-11-15."""
    value = text.strip()
    try:
        if m := _WEEK.match(value):
            start = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return Period(value, "week", start, start + timedelta(days=6))
        if m := _MONTH.match(value):
            start = date(int(m[1]), int(m[2]), 1)
            nxt = date(start.year + (start.month == 12), start.month % 12 + 1, 1)
            return Period(value, "month", start, nxt - timedelta(days=1))
        if m := _QUARTER.match(value):
            first = (int(m[2]) - 1) * 3 + 1
            start = date(int(m[1]), first, 1)
            nxt = date(start.year + (first == 10), (first + 2) % 12 + 1, 1)
            return Period(value, "quarter", start, nxt - timedelta(days=1))
        if m := _YEAR.match(value):
            year = int(m[1])
            return Period(value, "year", date(year, 1, 1), date(year, 12, 31))
        if m := _RANGE.match(value):
            start, end = date.fromisoformat(m[1]), date.fromisoformat(m[2])
            if end < start:
                raise PeriodError(f"时间段“{text}”的结束日期早于开始日期")
            return Period(value, "range", start, end)
    except ValueError as exc:
        raise PeriodError(f"时间段“{text}”中的日期不存在（{exc}）") from exc
    raise PeriodError(
        f"无法识别时间段“{text}”：请写成 2026-W48（周）、2026-11（月）、2026-Q4（季）、2026（年）"
        "或 2026-11-01..2026-11-15（日期范围）"
    )
