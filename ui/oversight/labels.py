"""Translated labels for the oversight screens: problem statuses, decisions, ranking dimensions, documents, periods."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from inspector.periods import Period

CONTEXT = "Oversight"

# the rail labels of these pages in main_window.OFFICE_PAGES (translated in this area)
RAIL = {
    "problems": QT_TRANSLATE_NOOP("MainWindow", "Problems"),
    "rankings": QT_TRANSLATE_NOOP("MainWindow", "Rankings"),
    "documents": QT_TRANSLATE_NOOP("MainWindow", "Documents"),
}

STATUSES = {
    "pending": QT_TRANSLATE_NOOP("Oversight", "Pending review"),
    "open": QT_TRANSLATE_NOOP("Oversight", "To rectify"),
    "overdue": QT_TRANSLATE_NOOP("Oversight", "Overdue"),
    "rectified": QT_TRANSLATE_NOOP("Oversight", "Rectified, awaiting recheck"),
    "closed": QT_TRANSLATE_NOOP("Oversight", "Closed after recheck"),
    "rejected": QT_TRANSLATE_NOOP("Oversight", "Rejected"),
    "merged": QT_TRANSLATE_NOOP("Oversight", "Merged"),
}
REVIEWS = {
    "pending": QT_TRANSLATE_NOOP("Oversight", "Pending review"),
    "confirmed": QT_TRANSLATE_NOOP("Oversight", "Confirmed"),
    "rejected": QT_TRANSLATE_NOOP("Oversight", "Rejected"),
    "merged": QT_TRANSLATE_NOOP("Oversight", "Merged"),
}
DECISIONS = {
    "confirm": QT_TRANSLATE_NOOP("Oversight", "Confirmed"),
    "reject": QT_TRANSLATE_NOOP("Oversight", "Rejected"),
    "merge": QT_TRANSLATE_NOOP("Oversight", "Merged as a duplicate"),
    "reopen": QT_TRANSLATE_NOOP("Oversight", "Review undone"),
    "approve": QT_TRANSLATE_NOOP("Oversight", "Approved for exposure"),
    "withdraw": QT_TRANSLATE_NOOP("Oversight", "Exposure withdrawn"),
    "masks": QT_TRANSLATE_NOOP("Oversight", "Mask areas set"),
    "unit": QT_TRANSLATE_NOOP("Oversight", "Responsible unit changed"),
    "deadline": QT_TRANSLATE_NOOP("Oversight", "Deadline changed"),
    "rectified": QT_TRANSLATE_NOOP("Oversight", "Rectification reported"),
}
DIMENSIONS = {
    "district": QT_TRANSLATE_NOOP("Oversight", "District"),
    "street": QT_TRANSLATE_NOOP("Oversight", "Street"),
    "unit": QT_TRANSLATE_NOOP("Oversight", "Responsible unit"),
}
PERIOD_KINDS = {
    "week": QT_TRANSLATE_NOOP("Oversight", "Week"),
    "month": QT_TRANSLATE_NOOP("Oversight", "Month"),
    "quarter": QT_TRANSLATE_NOOP("Oversight", "Quarter"),
    "year": QT_TRANSLATE_NOOP("Oversight", "Year"),
}
DOCUMENTS = {
    "circular": QT_TRANSLATE_NOOP("Oversight", "Circular"),
    "exposure": QT_TRANSLATE_NOOP("Oversight", "Exposure sheet"),
    "notice": QT_TRANSLATE_NOOP("Oversight", "Rectification notice"),
    "problems": QT_TRANSLATE_NOOP("Oversight", "Problem list (Excel)"),
}
FILE_NAMES = {
    "circular": QT_TRANSLATE_NOOP("Oversight", "Circular"),
    "exposure": QT_TRANSLATE_NOOP("Oversight", "Exposure sheet"),
    "notice": QT_TRANSLATE_NOOP("Oversight", "Rectification notice"),
    "problems": QT_TRANSLATE_NOOP("Oversight", "Problem list"),
}
FORMATS = {
    "pdf": QT_TRANSLATE_NOOP("Oversight", "PDF"),
    "docx": QT_TRANSLATE_NOOP("Oversight", "Word (DOCX)"),
    "html": QT_TRANSLATE_NOOP("Oversight", "Web page (HTML)"),
    "xlsx": QT_TRANSLATE_NOOP("Oversight", "Excel (XLSX)"),
}
LISTS = {
    "red": QT_TRANSLATE_NOOP("Oversight", "Red list"),
    "black": QT_TRANSLATE_NOOP("Oversight", "Black list"),
}


def _tr(text: str) -> str:
    """Translate a source string of this area's shared context."""
    return QCoreApplication.translate(CONTEXT, text)


def label(table: dict[str, str], code: str | None) -> str:
    """The translated label of a code from one of the tables above (the code itself when unknown)."""
    text = table.get(code or "")
    return _tr(text) if text else str(code or "")


def choices(table: dict[str, str]) -> list[tuple[str, str]]:
    """(code, translated label) pairs of a table, for a combo box."""
    return [(code, _tr(text)) for code, text in table.items()]


def period_text(period: Period) -> str:
    """A period as the office writes it, e.g. 2026年第48周, 2026年11月, 2026年第4季度."""
    start = period.start
    if period.kind == "week":
        year, week, _ = start.isocalendar()
        return QCoreApplication.translate("Oversight", "Week {week}, {year}").format(week=week, year=year)
    if period.kind == "month":
        return QCoreApplication.translate("Oversight", "{month}/{year}").format(month=start.month, year=start.year)
    if period.kind == "quarter":
        return QCoreApplication.translate("Oversight", "Q{quarter} {year}").format(
            quarter=(start.month - 1) // 3 + 1, year=start.year
        )
    if period.kind == "year":
        return QCoreApplication.translate("Oversight", "Year {year}").format(year=start.year)
    return QCoreApplication.translate("Oversight", "{start} to {end}").format(
        start=day_text(period.start), end=day_text(period.end)
    )


def short_period_text(period: Period) -> str:
    """A period in a chart axis, e.g. 第48周, 11月, 第4季度."""
    if period.kind == "week":
        return QCoreApplication.translate("Oversight", "W{week}").format(week=period.start.isocalendar()[1])
    if period.kind == "month":
        return QCoreApplication.translate("Oversight", "M{month}").format(month=period.start.month)
    if period.kind == "quarter":
        return QCoreApplication.translate("Oversight", "Q{quarter}").format(quarter=(period.start.month - 1) // 3 + 1)
    return str(period.start.year)


def day_text(day: date | None) -> str:
    """A date as 2026-11-30 ("—" when missing)."""
    return day.isoformat() if day else "—"


def rate_text(rate: float | None, closed: int = 0, due: int = 0) -> str:
    """A rectification rate as 66.7% (2/3), "—" when nothing fell due."""
    if rate is None:
        return "—"
    return f"{rate * 100:.1f}% ({closed}/{due})" if due else f"{rate * 100:.1f}%"


def change_text(change: int | None) -> str:
    """Places moved since the previous period: ↑2, ↓1, the same, or — when not ranked before."""
    if change is None:
        return "—"
    if change == 0:
        return QCoreApplication.translate("Oversight", "same")
    return f"↑{change}" if change > 0 else f"↓{-change}"
