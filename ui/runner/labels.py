"""Display words for core codes (outcomes, severities, modes) and number formats, translated at the UI edge."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from inspector.catalog import format_deduction

CONTEXT = "RunnerLabels"
OUTCOMES = {
    "pass": QT_TRANSLATE_NOOP("RunnerLabels", "Pass"),
    "fail": QT_TRANSLATE_NOOP("RunnerLabels", "Fail"),
    "na": QT_TRANSLATE_NOOP("RunnerLabels", "N/A"),
}
OUTCOME_SYMBOLS = {"pass": "✓", "fail": "✗", "na": "—"}
SEVERITIES = {
    "minor": QT_TRANSLATE_NOOP("RunnerLabels", "Minor"),
    "major": QT_TRANSLATE_NOOP("RunnerLabels", "Major"),
    "severe": QT_TRANSLATE_NOOP("RunnerLabels", "Severe"),
}
MODES = {
    "announced": QT_TRANSLATE_NOOP("RunnerLabels", "Announced"),
    "unannounced": QT_TRANSLATE_NOOP("RunnerLabels", "Unannounced"),
}


def translate(text: str) -> str:
    """Translate a label marked in this module."""
    return QCoreApplication.translate(CONTEXT, text)


def outcome_text(outcome: str) -> str:
    """合格 / 不合格 / 不适用 (or the English words)."""
    return translate(OUTCOMES[outcome]) if outcome in OUTCOMES else outcome


def outcome_cell(outcome: str) -> str:
    """The outcome with its symbol, e.g. "✓ 合格"."""
    return f"{OUTCOME_SYMBOLS.get(outcome, '')} {outcome_text(outcome)}".strip()


def severity_text(severity: str) -> str:
    """一般 / 较重 / 严重 (or the English words)."""
    return translate(SEVERITIES[severity]) if severity in SEVERITIES else severity


def mode_text(mode: str) -> str:
    """明察 / 暗访 (or the English words)."""
    return translate(MODES[mode]) if mode in MODES else mode


def points(value: float | None) -> str:
    """A deduction or score without trailing zeros, e.g. 95.5, 1."""
    return "" if value is None else format_deduction(value)


def answer_text(outcome: str, count: int) -> str:
    """An answer in words, with the count of a failure, e.g. "不合格（2处）" or "合格"."""
    if outcome != "fail":
        return outcome_text(outcome)
    return QCoreApplication.translate("RunnerLabels", "{outcome} ({count} place(s))").format(
        outcome=outcome_text(outcome), count=count
    )
