"""Translated labels for the core's codes (mode, status, outcome, severity, role) and display formats."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from inspector.catalog import format_deduction
from inspector.ids import from_iso

_CONTEXT = "Labels"

MODES = {
    "announced": QT_TRANSLATE_NOOP("Labels", "Announced"),
    "unannounced": QT_TRANSLATE_NOOP("Labels", "Unannounced"),
}
STATUSES = {
    "open": QT_TRANSLATE_NOOP("Labels", "In progress"),
    "finished": QT_TRANSLATE_NOOP("Labels", "Finished"),
    "voided": QT_TRANSLATE_NOOP("Labels", "Voided"),
}
OUTCOMES = {
    "pass": QT_TRANSLATE_NOOP("Labels", "Pass"),
    "fail": QT_TRANSLATE_NOOP("Labels", "Fail"),
    "na": QT_TRANSLATE_NOOP("Labels", "Not applicable"),
}
SEVERITIES = {
    "minor": QT_TRANSLATE_NOOP("Labels", "Minor"),
    "major": QT_TRANSLATE_NOOP("Labels", "Major"),
    "severe": QT_TRANSLATE_NOOP("Labels", "Severe"),
}
ROLES = {
    "field": QT_TRANSLATE_NOOP("Labels", "Field laptop"),
    "office": QT_TRANSLATE_NOOP("Labels", "Office"),
}
ORIGINS = {
    "register": QT_TRANSLATE_NOOP("Labels", "Register"),
    "field": QT_TRANSLATE_NOOP("Labels", "Added in the field"),
}
YES_NO = {True: QT_TRANSLATE_NOOP("Labels", "Yes"), False: QT_TRANSLATE_NOOP("Labels", "No")}


def label(table: dict, code: object) -> str:
    """The translated label of a code from one of the tables above (the code itself when unknown)."""
    text = table.get(code)
    return QCoreApplication.translate(_CONTEXT, text) if text else str(code)


def choices(table: dict) -> list[tuple[str, str]]:
    """(code, translated label) pairs of a table, for a combo box."""
    return [(code, QCoreApplication.translate(_CONTEXT, text)) for code, text in table.items()]


def local_time(stamp: str | None, *, seconds: bool = False) -> str:
    """A stored UTC timestamp shown in local time, e.g. 2026-11-02 09:42 ("" when missing)."""
    if not stamp:
        return ""
    return from_iso(stamp).strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def points(value: float | None) -> str:
    """A deduction or score without trailing zeros ("" when missing)."""
    return "" if value is None else format_deduction(value)


def short_hash(value: str, length: int = 12) -> str:
    """The first characters of a version, device id or hash, with an ellipsis."""
    return value[:length] + "…" if len(value) > length else value
