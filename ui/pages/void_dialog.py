"""Voiding (作废) an inspection with a required reason, and confirming that an unanswered one is discarded.

Both are destructive, so neither is ever the default: Enter in the reason field never voids (with a reason typed it
moves to the 作废 button, which Enter then presses, as it presses whichever button has the focus), and the
discard question defaults to No.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector.errors import InspectorError
from inspector.field import inspections
from ui.context import AppContext
from ui.widgets import colors


class VoidDialog(QDialog):
    """Ask why an inspection is voided, then void it through the core; emits `voided(Void)`."""

    voided = Signal(object)

    def __init__(self, ctx: AppContext, inspection_id: str, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.inspection_id = inspection_id
        self.setWindowTitle(self.tr("Void inspection"))
        intro = QLabel(
            self.tr(
                "Void the inspection of {title}? Its answers are kept and it is sent to the office as voided, "
                "but it no longer counts: no problems, scores or rankings come from it. A void cannot be undone."
            ).format(title=title)
        )
        intro.setWordWrap(True)
        self.reason = QLineEdit()
        self.reason.setAccessibleName(self.tr("Reason for voiding"))
        self.reason.setPlaceholderText(self.tr("Reason (required), e.g. wrong site selected"))
        self.reason.setMaxLength(500)
        self.reason.textChanged.connect(self._changed)
        self.reason.installEventFilter(self)
        self.hint = QLabel()
        self.hint.setStyleSheet(colors.style("failed"))
        self.hint.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.cancel_button: QPushButton = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.void_button = QPushButton(self.tr("Void"))
        self.void_button.setAccessibleName(self.tr("Void inspection"))
        self.buttons.addButton(self.void_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.cancel_button.setDefault(True)  # the safe answer; 作废 is never the default
        self.void_button.setDefault(False)
        self.void_button.setEnabled(False)
        self.void_button.clicked.connect(self.void)
        self.cancel_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.reason)
        layout.addWidget(self.hint)
        layout.addWidget(self.buttons)
        self.reason.setFocus()

    def _changed(self, text: str) -> None:
        self.void_button.setEnabled(bool(text.strip()))
        if text.strip():
            self.hint.clear()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        enter = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if watched is self.reason and event.type() == QEvent.Type.KeyPress and event.key() in enter:  # type: ignore[attr-defined]
            if self.reason.text().strip():
                self.void_button.setFocus()  # one more Enter (on the focused 作废 button) voids
            else:
                self.hint.setText(self.tr("Write why the inspection is voided."))
            return True
        return super().eventFilter(watched, event)

    def void(self) -> None:
        """Void the inspection with the reason typed; the dialog stays open with the message when it is refused."""
        reason = self.reason.text()
        if not reason.strip():
            self.hint.setText(self.tr("Write why the inspection is voided."))
            return
        try:
            done = inspections.void_inspection(self.ctx.db, self.inspection_id, reason)
        except InspectorError as exc:
            self.hint.setText(str(exc))
            return
        self.ctx.changes.apply(inspections.void_inspection.changes)
        self.voided.emit(done)
        self.accept()


def discard_question(title: str, parent: QWidget) -> QMessageBox:
    """The question before an unanswered inspection is discarded (deleted); No is the default. Not yet shown."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(QCoreApplication.translate("DiscardQuestion", "Discard inspection"))
    box.setText(
        QCoreApplication.translate(
            "DiscardQuestion",
            "Discard the inspection of {title}? It has no answers yet; it is deleted and cannot be recovered.",
        ).format(title=title)
    )
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    box.setEscapeButton(QMessageBox.StandardButton.No)
    yes = box.button(QMessageBox.StandardButton.Yes)
    yes.setText(QCoreApplication.translate("DiscardQuestion", "Discard"))
    yes.setAutoDefault(False)
    return box
