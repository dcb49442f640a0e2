"""The runner's right pane: the current item in full, its note, its photos and a preview."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QPixmap
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from inspector.catalog import Item
from inspector.errors import InspectorError
from inspector.field.inspections import Finding
from ui.context import AppContext
from ui.runner import labels
from ui.widgets import colors, dates
from ui.widgets.photos import PhotoStrip, thumbnail

PREVIEW_SIZE = 320


class NoteEdit(QPlainTextEdit):
    """The note editor: Enter or Esc hands the keyboard back (Shift+Enter is a new line); leaving commits."""

    done = Signal()
    left = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        enter = key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if (enter and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier) or key == Qt.Key.Key_Escape:
            self.done.emit()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.left.emit()
        super().focusOutEvent(event)


class DetailPane(QWidget):
    """Shows one checklist item with its answer's note and photos; `note_edited` is a change typed in the note."""

    note_edited = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setMinimumWidth(300)
        self.title = QLabel()
        self.title.setStyleSheet(f"font-size: 14px; color: {colors.text('muted').name()};")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setStyleSheet("font-size: 17px; font-weight: bold;")
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.facts.setStyleSheet("font-size: 14px;")
        note_label = QLabel(self.tr("Note (N)"))
        self.note = NoteEdit()
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(64)
        self.note.setStyleSheet("font-size: 15px;")
        photos_label = QLabel(self.tr("Photos (P, or drop files)"))
        self.photos = PhotoStrip(ctx)
        self.photos.set_placeholder(self.tr("No photos. Press P or drop photo files here."))
        self.photos.setFixedHeight(124)
        self.preview = QLabel()
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumHeight(90)
        self.preview.setStyleSheet("background: palette(alternate-base); border-radius: 4px; " + colors.style("muted"))
        self.preview.setWordWrap(True)
        for label in (note_label, photos_label):
            label.setStyleSheet("font-size: 14px; font-weight: bold;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        for widget in (self.title, self.text, self.facts, note_label, self.note, photos_label, self.photos):
            layout.addWidget(widget)
        layout.addWidget(self.preview, 1)
        self.code: str | None = None
        self.saved_note = ""
        self._loading = False
        self.note.textChanged.connect(self._note_changed)
        self.photos.photo_selected.connect(self._preview)

    def _note_changed(self) -> None:
        if not self._loading and not self.note.isReadOnly():
            self.note_edited.emit()

    def _set_note(self, text: str) -> None:
        self._loading = True
        try:
            self.note.setPlainText(text)
        finally:
            self._loading = False

    def show_draft(self, text: str) -> None:
        """Put an unsaved draft of the current item's note into the note field (saved when the inspector moves on)."""
        if self.note.toPlainText() != text:
            self._set_note(text)

    def show_item(self, number: int, item: Item, category: str, finding: Finding | None, flagged: bool) -> None:
        """Show an item and its current answer (the note is editable only once the item is answered)."""
        self.code = item.code
        self.title.setText(
            self.tr("No. {number} · {code} · {category}").format(number=number, code=item.code, category=category)
        )
        self.text.setText(item.text)
        rectify = self.tr("Rectify within {days}").format(days=dates.days_text(item.rectify_days))
        if item.photo_required:
            rectify += " · " + self.tr("a failure needs photo evidence")
        facts = [
            self.tr("Severity: {severity} · Deduction: {points} per occurrence").format(
                severity=labels.severity_text(item.severity), points=labels.points(item.deduction)
            ),
            self.tr("Responsible unit: {unit}").format(unit=item.responsible_unit),
            rectify,
        ]
        if finding is not None:
            result = self.tr("Result: {result}").format(result=labels.outcome_cell(finding.outcome))
            if finding.outcome == "fail":
                result += " · " + self.tr("Count: {count}").format(count=finding.count)
            facts.insert(0, result)
        if flagged:
            facts.append(self.tr("⚠ Photo missing: press P or drop photos here."))
        self.facts.setText("\n".join(facts))
        self.saved_note = finding.note if finding else ""
        if self.note.toPlainText() != self.saved_note:
            self._set_note(self.saved_note)
        self.note.setReadOnly(finding is None)
        self.note.setPlaceholderText(
            self.tr("Type a note, then Enter") if finding else self.tr("Answer the item first (1, 2 or 3)")
        )
        self.photos.set_photos(finding.photos if finding else [])
        if finding and finding.photos:
            self.photos.setCurrentRow(0)
            self._preview(finding.photos[0])
        else:
            self.preview.clear()
            self.preview.setText(self.tr("Photo preview"))

    def note_text(self) -> str:
        """The note as typed."""
        return self.note.toPlainText().strip()

    def _preview(self, sha: str) -> None:
        try:
            image = thumbnail(str(self.ctx.workspace.evidence_dir), sha, PREVIEW_SIZE)
        except InspectorError as exc:
            self.preview.setText(str(exc))
            return
        pixmap = QPixmap.fromImage(image)
        target = self.preview.size().boundedTo(pixmap.size())
        self.preview.setPixmap(
            pixmap.scaled(target, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
        )
