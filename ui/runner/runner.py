"""The checklist runner: walk one inspection's checklist by keyboard; every answer is saved the moment it is made."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QItemSelectionModel, QObject, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QHideEvent, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QListView,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from inspector.errors import InspectorError
from inspector.field import inspections, session
from inspector.field.inspections import IncompleteError
from ui.context import AppContext
from ui.runner import labels
from ui.runner.checklist_model import CategoryDelegate, CategoryModel, ChecklistModel, checklist_table
from ui.runner.detail import DetailPane
from ui.runner.drafts import NoteDrafts
from ui.runner.panels import ActionBar, ImportBar, MessageBar, RunnerHeader
from ui.runner.photo_import import PhotoImport
from ui.runner.runner_photos import RunnerPhotos
from ui.runner.summary import SummaryDialog
from ui.runner.undo import AnswerUndo
from ui.widgets import accessible
from ui.widgets.photos import PhotoViewer, dropped_paths

ANSWER_KEYS = {Qt.Key.Key_1: "pass", Qt.Key.Key_2: "fail", Qt.Key.Key_3: "na"}
MORE_KEYS = (Qt.Key.Key_Plus, Qt.Key.Key_Equal)
LESS_KEYS = (Qt.Key.Key_Minus, Qt.Key.Key_Underscore)


class ChecklistRunner(QWidget):
    """One inspection's checklist: categories, items, the current item's detail, and keys for everything.

    Emits `finished(inspection_id)` once the inspection is finished and `back_requested()` when the
    inspector returns to the task list (the inspection stays open).
    """

    finished = Signal(str)
    back_requested = Signal()

    def __init__(self, ctx: AppContext, inspection_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.inspection_id = inspection_id
        self.state = session.load_session(ctx.db, inspection_id)
        self.summary: SummaryDialog | None = None
        self.setAcceptDrops(True)

        self.header = RunnerHeader()
        self.messages = MessageBar()
        self.categories = QListView()
        self.category_model = CategoryModel(self)
        self.categories.setModel(self.category_model)
        self.categories.setItemDelegate(CategoryDelegate(self.categories))
        self.categories.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.categories.setStyleSheet("QListView { font-size: 15px; } QListView::item { min-height: 34px; }")
        self.categories.setMinimumWidth(150)
        self.model = ChecklistModel(self)
        self.table = checklist_table(self.model)
        self.detail = DetailPane(ctx)
        detail_scroll = QScrollArea()
        detail_scroll.setWidget(self.detail)
        detail_scroll.setWidgetResizable(True)
        detail_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        for widget in (self.categories, self.table, detail_scroll):
            splitter.addWidget(widget)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([170, 640, 320])
        splitter.setChildrenCollapsible(False)
        self.import_bar = ImportBar()
        self.photos = RunnerPhotos(self)
        self.undo_stack = AnswerUndo()
        self.drafts = NoteDrafts(self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.header)
        layout.addWidget(self.messages)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.import_bar)
        layout.addWidget(self._make_actions())
        accessible.name(self.table, self.tr("Checklist"))
        accessible.name(self.categories, QCoreApplication.translate("ItemsModel", "Category"))
        accessible.name_unnamed(self)  # the note and photos after the labels above them

        self.table.installEventFilter(self)
        self.table.viewport().installEventFilter(self)
        self.table.viewport().setAcceptDrops(True)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.categories.clicked.connect(self._category_clicked)
        self.detail.note.done.connect(self._note_done)
        self.detail.note.left.connect(self.save_note)
        self.detail.photos.photos_dropped.connect(lambda paths: self.import_photos(paths))
        self.detail.photos.photo_activated.connect(self.photos.open)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.request_finish)
        undo = QShortcut(QKeySequence(QKeySequence.StandardKey.Undo), self)
        undo.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)  # the note editor keeps its own Ctrl+Z
        undo.activated.connect(self.undo)

        self.header.set_state(self.state)
        self.model.set_checklist(self.state.items, self.state.findings, self.state.progress["missing_photos"])
        self.category_model.set_progress(session.category_progress(self.state.checklist, self.state.findings))
        drafted = [code for code in self.state.checklist.codes if self._pending_draft(code) is not None]
        self.select_code(drafted[0] if drafted else self.state.first_unanswered() or self.state.checklist.codes[0])
        if drafted:
            self.messages.show_message(
                self.tr("The note being typed on item {number} was kept; it is saved when you move on.").format(
                    number=self.model.row_of(drafted[0]) + 1
                )
            )

    # building

    def _make_actions(self) -> ActionBar:
        bar = ActionBar()
        for button, slot in (
            (bar.pass_button, lambda: self.answer("pass")),
            (bar.fail_button, lambda: self.answer("fail")),
            (bar.na_button, lambda: self.answer("na")),
            (bar.more_button, lambda: self.change_count(1)),
            (bar.less_button, lambda: self.change_count(-1)),
            (bar.note_button, self.focus_note),
            (bar.photos_button, self.choose_photos),
            (bar.back_button, self._back),
            (bar.finish_button, self.request_finish),
        ):
            button.clicked.connect(slot)
        self.back_button, self.finish_button = bar.back_button, bar.finish_button
        return bar

    # where the cursor is

    def current_row(self) -> int:
        """The row of the current item."""
        return self.table.currentIndex().row()

    def current_code(self) -> str | None:
        """The code of the current item."""
        row = self.current_row()
        return self.model.item_at(row).code if row >= 0 else None

    def select_code(self, code: str) -> None:
        """Make an item current and give the table the keyboard."""
        row = self.model.row_of(code)
        if row < 0:
            return
        index = self.model.index(row, ChecklistModel.PROBLEM)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.table.selectionModel().setCurrentIndex(index, flags)
        self.table.scrollTo(index)
        self.table.setFocus()
        self._show_detail(row)

    def _row_changed(self, current: Any, _previous: Any) -> None:
        if not current.isValid():
            return
        if self.detail.code is not None and self.detail.code != self.model.item_at(current.row()).code:
            self.save_note()  # moving on keeps what was typed (or a draft kept from before)
        self._show_detail(self.current_row())

    def _show_detail(self, row: int) -> None:
        item = self.model.item_at(row)
        category = self.category_model.row_for_item(row)
        self.detail.show_item(
            row + 1,
            item,
            self.category_model.progress_at(category).name,
            self.model.finding_at(row),
            self.model.is_flagged(row),
        )
        draft = self._pending_draft(item.code)
        if draft is not None:
            self.detail.show_draft(draft)
        self.categories.setCurrentIndex(self.category_model.index(category))

    def _pending_draft(self, code: str) -> str | None:
        """A kept note draft of an answered item that differs from its saved note."""
        draft = self.drafts.draft_for(code)
        finding = self.state.findings.get(code)
        if draft is None or finding is None or draft.strip() == finding.note:
            return None
        return draft

    def _category_clicked(self, index: Any) -> None:
        first = self.category_model.progress_at(index.row()).first_index
        self.select_code(self.model.item_at(first).code)

    # answering

    def reload(self) -> None:
        """Read the inspection again and repaint what changed."""
        self.state = session.load_session(self.ctx.db, self.inspection_id)
        self.model.update_answers(self.state.findings, self.state.progress["missing_photos"])
        self.category_model.set_progress(session.category_progress(self.state.checklist, self.state.findings))
        self.header.set_progress(self.state.progress)
        self.drafts.flush()  # what is being typed is kept (and shown again) when the item is repainted
        if self.current_row() >= 0:
            self._show_detail(self.current_row())

    def _write(self, code: str, **answer: Any) -> bool:
        before = self.state.findings.get(code)
        try:
            inspections.record_finding(self.ctx.db, self.inspection_id, code, **answer)
        except InspectorError as exc:
            self.messages.show_message(str(exc), error=True)
            return False
        self.ctx.changes.apply(inspections.record_finding.changes)
        self.reload()
        self.undo_stack.record(code, before, self.state.findings.get(code))
        return True

    def _failure_to_restore(self, code: str, previous: Any) -> tuple[int, str]:
        """Count and note for failing an item: its current ones, or those of its latest failure in this inspection."""
        if previous is not None and previous.outcome == "fail":
            return previous.count, previous.note
        note = previous.note if previous else ""
        try:
            failed = inspections.latest_failure(self.ctx.db, self.inspection_id, code)
        except InspectorError:
            failed = None
        if failed is None:
            return 1, note
        return failed.count, note or failed.note

    def answer(self, outcome: str) -> None:
        """Record pass / fail / na for the current item, then move to the next unanswered item (always)."""
        code = self.current_code()
        if code is None:
            return
        self.save_note()
        previous = self.state.findings.get(code)
        if outcome == "fail":
            count, note = self._failure_to_restore(code, previous)
        else:
            count, note = 1, previous.note if previous else ""
        photos = previous.photos if previous else []
        if not self._write(code, outcome=outcome, count=count, note=note, photos=photos):
            return
        number = self.model.row_of(code) + 1
        lines = []
        current = self.state.findings[code]
        if previous is not None and previous.outcome != current.outcome:
            lines.append(
                self.tr("Item {number} changed from {before} to {after}. Ctrl+Z undoes it.").format(
                    number=number,
                    before=labels.answer_text(previous.outcome, previous.count),
                    after=labels.answer_text(current.outcome, current.count),
                )
            )
        if code in self.state.progress["missing_photos"]:
            lines.append(
                self.tr(
                    "Item {number} failed and needs a photo: go back to it and press P, or drop photos onto its row."
                ).format(number=number)
            )
        following = session.next_unanswered(self.state.checklist.codes, self.state.findings, code)
        self.select_code(following or code)
        if following is None and not self.state.progress["missing_photos"]:
            lines.append(self.tr("Every item is answered. Press Ctrl+Enter to finish the inspection."))
        if lines:
            self.messages.show_message("\n".join(lines))
        else:
            self.messages.clear()

    def undo(self) -> None:
        """Undo the newest answer change of this session as a new revision saying what the answer was before."""
        self.save_note()
        change = self.undo_stack.pop(self.state.findings)
        if change is None:
            self.messages.show_message(
                self.tr("Nothing to undo: no answer was changed since the inspection was opened.")
            )
            return
        current = self.state.findings[change.code]
        try:
            inspections.restore_revision(self.ctx.db, self.inspection_id, change.code, change.before.rev)
        except InspectorError as exc:
            self.messages.show_message(str(exc), error=True)
            return
        self.ctx.changes.apply(inspections.restore_revision.changes)
        self.reload()
        self.select_code(change.code)
        before = change.before
        text = self.tr("Undone: item {number} back to {answer}").format(
            number=self.model.row_of(change.code) + 1, answer=labels.answer_text(before.outcome, before.count)
        )
        if before.note != current.note:
            text += self.tr(", note restored")
        self.messages.show_message(text)

    def change_count(self, delta: int) -> None:
        """Raise or lower the number of occurrences of a failed item (never below 1)."""
        code = self.current_code()
        finding = self.state.findings.get(code) if code else None
        if code is None or finding is None or finding.outcome != "fail":
            self.messages.show_message(self.tr("The count applies to failed items only."))
            return
        count = max(1, finding.count + delta)
        if count != finding.count:
            self._write(code, outcome="fail", count=count, note=finding.note, photos=finding.photos)

    def focus_note(self) -> None:
        """Put the keyboard in the note editor of the current item."""
        code = self.current_code()
        if code is None or code not in self.state.findings:
            self.messages.show_message(self.tr("Answer the item first (1, 2 or 3), then add a note."))
            return
        self.detail.note.setFocus()
        self.detail.note.moveCursor(self.detail.note.textCursor().MoveOperation.End)

    def save_note(self) -> None:
        """Save the note being edited as a new revision of its item's answer, when it changed."""
        code = self.detail.code
        finding = self.state.findings.get(code) if code else None
        text = self.detail.note_text()
        if code is None or finding is None:
            return
        if text == finding.note:
            self.drafts.forget(code)
            return
        count = finding.count if finding.outcome == "fail" else 1
        self.drafts.settle()
        if self._write(code, outcome=finding.outcome, count=count, note=text, photos=finding.photos):
            self.drafts.forget(code)

    def _note_done(self) -> None:
        self.save_note()
        self.table.setFocus()

    # photos

    def choose_photos(self) -> None:
        """Open the file dialog to pick photos (several at once) for the current item."""
        code = self.current_code()
        if code is not None:
            self.photos.choose(code)

    def import_photos(self, paths: list[str], code: str | None = None) -> None:
        """Import photo files off the UI thread and attach them to an item (the current one by default)."""
        code = code or self.current_code()
        if code is not None:
            self.photos.add(paths, code)

    @property
    def importer(self) -> PhotoImport:
        """The photo import in progress (or idle)."""
        return self.photos.importer

    @property
    def viewer(self) -> PhotoViewer | None:
        """The photo viewer last opened."""
        return self.photos.viewer

    # finishing

    def request_finish(self) -> None:
        """Finish: blocked (saying which items, jumping to the first) or a summary to confirm."""
        self.save_note()
        if self.importer.running:
            self.messages.show_message(self.tr("Photos are still being imported; please wait."), error=True)
            return
        progress = inspections.progress(self.ctx.db, self.inspection_id)
        if progress["unanswered"] or progress["missing_photos"]:
            self._blocked(progress["unanswered"], progress["missing_photos"])
            return
        self.summary = SummaryDialog(self.ctx, self.inspection_id, self)
        self.summary.accepted.connect(self._finish)
        self.summary.open()

    def _numbers(self, codes: list[str]) -> str:
        numbers = [str(self.model.row_of(code) + 1) for code in codes]
        return self.tr(", ").join(numbers[:10]) + ("…" if len(numbers) > 10 else "")

    def _blocked(self, unanswered: list[str], missing: list[str]) -> None:
        lines = [self.tr("The inspection cannot be finished yet.")]
        if unanswered:
            lines.append(
                self.tr("{count} item(s) unanswered: No. {numbers}").format(
                    count=len(unanswered), numbers=self._numbers(unanswered)
                )
            )
        if missing:
            lines.append(
                self.tr("{count} failed item(s) need a photo: No. {numbers}").format(
                    count=len(missing), numbers=self._numbers(missing)
                )
            )
        self.messages.show_message("\n".join(lines), error=True)
        self.select_code((unanswered or missing)[0])

    def _finish(self) -> None:
        try:
            inspections.finish_inspection(self.ctx.db, self.inspection_id)
        except IncompleteError as exc:
            self._blocked(exc.unanswered, exc.missing_photos)
            return
        except InspectorError as exc:
            self.messages.show_message(str(exc), error=True)
            return
        self.ctx.changes.apply(inspections.finish_inspection.changes)
        self.finished.emit(self.inspection_id)

    def _back(self) -> None:
        self.save_note()
        self.back_requested.emit()

    def hideEvent(self, event: QHideEvent) -> None:
        self.save_note()  # leaving the page or closing the window keeps what was typed
        super().hideEvent(event)

    # keys and drops

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and event.type() == QEvent.Type.KeyPress:
            return self._table_key(event)  # type: ignore[arg-type]
        if watched is self.table.viewport() and event.type() in (
            QEvent.Type.DragEnter,
            QEvent.Type.DragMove,
            QEvent.Type.Drop,
        ):
            return self._row_drop(event)  # type: ignore[arg-type]
        return super().eventFilter(watched, event)

    def _table_key(self, event: QKeyEvent) -> bool:
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier & ~Qt.KeyboardModifier.ShiftModifier
        if modifiers:
            return False
        key = event.key()
        if key in ANSWER_KEYS:
            self.answer(ANSWER_KEYS[key])
        elif key in MORE_KEYS:
            self.change_count(1)
        elif key in LESS_KEYS:
            self.change_count(-1)
        elif key == Qt.Key.Key_N:
            self.focus_note()
        elif key == Qt.Key.Key_P:
            self.choose_photos()
        else:
            return False
        return True

    def _row_drop(self, event: QDropEvent) -> bool:
        paths = dropped_paths(event.mimeData())
        if not paths:
            return False
        index = self.table.indexAt(event.position().toPoint())
        if index.isValid() and index.row() != self.current_row():
            self.select_code(self.model.item_at(index.row()).code)
        event.acceptProposedAction()
        if event.type() == QEvent.Type.Drop:
            self.import_photos(paths)
        return True

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped_paths(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = dropped_paths(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.import_photos(paths)
