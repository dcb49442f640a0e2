from datetime import date

import pytest

from inspector.periods import PeriodError, parse_period


@pytest.mark.parametrize(
    ("text", "start", "end", "label"),
    [
        ("2026-W48", date(2026, 11, 23), date(2026, 11, 29), "2026年第48周"),
        ("2026-W01", date(2025, 12, 29), date(2026, 1, 4), "2026年第1周"),
        ("2026-11", date(2026, 11, 1), date(2026, 11, 30), "2026年11月"),
        ("2026-12", date(2026, 12, 1), date(2026, 12, 31), "2026年12月"),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "2024年2月"),
        ("2026-Q4", date(2026, 10, 1), date(2026, 12, 31), "2026年第四季度"),
        ("2026-Q1", date(2026, 1, 1), date(2026, 3, 31), "2026年第一季度"),
        ("2026", date(2026, 1, 1), date(2026, 12, 31), "2026年"),
        ("2026-11-01..2026-11-15", date(2026, 11, 1), date(2026, 11, 15), "2026年11月1日至2026年11月15日"),
    ],
)
def test_periods(text, start, end, label):
    period = parse_period(text)
    assert (period.start, period.end, period.label) == (start, end, label)
    assert period.contains(start) and period.contains(end)


@pytest.mark.parametrize("text", ["2026-13", "2026-W54", "2026-Q5", "last month", "2026-11-15..2026-11-01", ""])
def test_bad_periods_say_what_to_write(text):
    with pytest.raises(PeriodError) as info:
        parse_period(text)
    assert "2026" in str(info.value) or "不存在" in str(info.value) or "早于" in str(info.value)
