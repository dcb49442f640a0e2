"""Changing a recorded answer: a dialog that asks for the reason and writes revision n+1 through the core."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from inspector.errors import InspectorError
from inspector.field import inspections
from inspector.field.history import FindingLine
from inspector.field.inspections import Inspection
from ui.context import AppContext
from ui.pages import labels
from ui.widgets import accessible, colors


class FindingEditDialog(QDialog):
    """Edit one finding; on a finished inspection the reason is required. Emits `saved(Finding)`."""

    saved = Signal(object)

    def __init__(self, ctx: AppContext, inspection: Inspection, line: FindingLine, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.inspection = inspection
        self.line = line
        finding = line.finding
        self.setWindowTitle(self.tr("Change result"))
        self.setMinimumWidth(520)

        item = QLabel(f"{finding.item_code}　{line.item_text}")
        item.setWordWrap(True)
        item.setStyleSheet("font-weight: bold;")
        current = QLabel(
            self.tr("Current answer (revision {rev}): {outcome}").format(
                rev=finding.rev, outcome=labels.label(labels.OUTCOMES, finding.outcome)
            )
        )
        self.outcomes = QButtonGroup(self)
        outcome_row = QHBoxLayout()
        for number, (code, text) in enumerate(labels.choices(labels.OUTCOMES), start=1):
            button = QRadioButton(f"&{number} {text}")
            button.setProperty("outcome", code)
            button.setChecked(code == finding.outcome)
            self.outcomes.addButton(button)
            outcome_row.addWidget(button)
        outcome_row.addStretch(1)
        self.count = QSpinBox()
        self.count.setRange(1, 999)
        self.count.setValue(max(finding.count, 1))
        self.note = QLineEdit(finding.note)
        self.reason = QPlainTextEdit()
        self.reason.setFixedHeight(70)
        self.reason.setTabChangesFocus(True)
        self.finished = inspection.status == "finished"
        self.reason.setPlaceholderText(
            self.tr("Why is the result of this finished inspection changed? (required)")
            if self.finished
            else self.tr("Reason for the change (optional)")
        )
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {colors.text('failed').name()};")

        form = QFormLayout()
        form.addRow(self.tr("Result"), outcome_row)
        form.addRow(self.tr("Count"), self.count)
        form.addRow(self.tr("Note"), self.note)
        form.addRow(self.tr("Reason for change"), self.reason)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Save as new revision"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.outcomes.buttonToggled.connect(self._update)
        self.reason.textChanged.connect(self._update)

        layout = QVBoxLayout(self)
        for widget in (item, current):
            layout.addWidget(widget)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._update()
        self.reason.setFocus()
        accessible.name_unnamed(self)  # fields named after their labels

    def outcome(self) -> str:
        """The outcome code chosen."""
        button = self.outcomes.checkedButton()
        return str(button.property("outcome")) if button else self.line.finding.outcome

    def set_outcome(self, code: str) -> None:
        """Choose an outcome (keyboard shortcuts and tests)."""
        for button in self.outcomes.buttons():
            button.setChecked(button.property("outcome") == code)

    def _update(self, *_args: object) -> None:
        self.count.setEnabled(self.outcome() == "fail")
        ready = bool(self.reason.toPlainText().strip()) or not self.finished
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(ready)

    def save(self) -> None:
        """Write the change through the core; stay open with the message when it is refused."""
        finding = self.line.finding
        try:
            result = inspections.record_finding(
                self.ctx.db,
                self.inspection.id,
                finding.item_code,
                outcome=self.outcome(),
                count=self.count.value() if self.outcome() == "fail" else 1,
                note=self.note.text().strip(),
                photos=finding.photos,
                reason=self.reason.toPlainText().strip(),
            )
        except InspectorError as exc:
            self.error.setText(str(exc))
            return
        if result.rev == finding.rev:
            self.error.setText(self.tr("Nothing was changed, so no new revision was written."))
            return
        self.saved.emit(result)
        self.accept()
