"""Table models for one inspection's findings and for the revisions of one finding."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

from inspector.field.history import FindingLine
from inspector.field.inspections import Finding
from ui.pages import labels
from ui.widgets.table_model import ListColumn, ListTableModel


def _outcome(finding: Finding) -> str:
    return labels.label(labels.OUTCOMES, finding.outcome)


def _count(finding: Finding) -> str:
    return str(finding.count) if finding.outcome == "fail" else ""


def _deduction(finding: Finding) -> str:
    return labels.points(finding.deduction) if finding.outcome == "fail" else ""


class FindingsModel(ListTableModel):
    """The current answer to every answered item of an inspection (FindingLine records)."""

    CONTEXT = "FindingsModel"
    COLUMNS = (
        ListColumn(QT_TRANSLATE_NOOP("FindingsModel", "Item"), lambda line: line.finding.item_code),
        ListColumn(
            QT_TRANSLATE_NOOP("FindingsModel", "Problem"),
            lambda line: line.item_text,
            tooltip=lambda line: f"{line.category_name} · {line.item_text}",
        ),
        ListColumn(QT_TRANSLATE_NOOP("FindingsModel", "Result"), lambda line: _outcome(line.finding)),
        ListColumn(QT_TRANSLATE_NOOP("FindingsModel", "Count"), lambda line: _count(line.finding), numeric=True),
        ListColumn(
            QT_TRANSLATE_NOOP("FindingsModel", "Deduction"), lambda line: _deduction(line.finding), numeric=True
        ),
        ListColumn(
            QT_TRANSLATE_NOOP("FindingsModel", "Photos"),
            lambda line: str(len(line.finding.photos)) if line.finding.photos else "",
            numeric=True,
        ),
        ListColumn(QT_TRANSLATE_NOOP("FindingsModel", "Rev."), lambda line: str(line.finding.rev), numeric=True),
        ListColumn(
            QT_TRANSLATE_NOOP("FindingsModel", "Responsible unit"), lambda line: line.finding.responsible_unit or ""
        ),
        ListColumn(QT_TRANSLATE_NOOP("FindingsModel", "Deadline"), lambda line: line.finding.deadline or ""),
        ListColumn(
            QT_TRANSLATE_NOOP("FindingsModel", "Note"),
            lambda line: line.finding.note,
            tooltip=lambda line: line.finding.note or None,
        ),
    )

    def row_of(self, item_code: str) -> int:
        """The row of an item's finding, or -1."""
        return next((i for i, line in enumerate(self.records()) if line.finding.item_code == item_code), -1)

    def line(self, row: int) -> FindingLine | None:
        """The finding on a row."""
        return self.record(row)


class RevisionsModel(ListTableModel):
    """Every revision of one finding, oldest first."""

    CONTEXT = "RevisionsModel"
    COLUMNS = (
        ListColumn(QT_TRANSLATE_NOOP("RevisionsModel", "Rev."), lambda f: str(f.rev), numeric=True),
        ListColumn(QT_TRANSLATE_NOOP("RevisionsModel", "Recorded"), lambda f: labels.local_time(f.recorded_at)),
        ListColumn(QT_TRANSLATE_NOOP("RevisionsModel", "Result"), _outcome),
        ListColumn(QT_TRANSLATE_NOOP("RevisionsModel", "Count"), _count, numeric=True),
        ListColumn(QT_TRANSLATE_NOOP("RevisionsModel", "Note"), lambda f: f.note, tooltip=lambda f: f.note or None),
        ListColumn(
            QT_TRANSLATE_NOOP("RevisionsModel", "Device"),
            lambda f: labels.short_hash(f.device_id, 8),
            tooltip=lambda f: f.device_id,
        ),
        ListColumn(
            QT_TRANSLATE_NOOP("RevisionsModel", "Reason for change"),
            lambda f: f.reason,
            tooltip=lambda f: f.reason or None,
        ),
    )
