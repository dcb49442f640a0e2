"""Dates and day counts as the UI's language writes them: 2026年12月6日 and 1 天 in Chinese, 6 Dec 2026 and
1 day in English (never a US short date like 12/6/26, never "1 days")."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, QLocale

CONTEXT = "Dates"
ONE_DAY = QT_TRANSLATE_NOOP("Dates", "{count} day")
DAYS = QT_TRANSLATE_NOOP("Dates", "{count} days")


def chinese_ui() -> bool:
    """Whether the UI is in Chinese (i18n.install sets the default locale with the language)."""
    return QLocale().language() == QLocale.Language.Chinese


def long_date(day: date | None) -> str:
    """A date written out: 2026年12月6日, or 6 Dec 2026 ("" when missing)."""
    if day is None:
        return ""
    if chinese_ui():
        return f"{day.year}年{day.month}月{day.day}日"
    return QLocale().toString(QDate(day.year, day.month, day.day), "d MMM yyyy")


def days_text(count: int) -> str:
    """A number of days: 1 day, 3 days (1 天, 3 天)."""
    return QCoreApplication.translate(CONTEXT, ONE_DAY if count == 1 else DAYS).format(count=count)
