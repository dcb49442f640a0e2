"""The runner's photos: the file dialog, imports off the UI thread with progress and cancel, and the viewer."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog

from inspector.errors import InspectorError
from inspector.field import inspections
from inspector.field.inspections import started_local
from inspector.register import inspectors
from ui.runner.photo_import import PhotoImport
from ui.widgets.photos import PHOTO_SUFFIXES, PhotoViewer

if TYPE_CHECKING:
    from ui.runner.host import RunnerHost

PHOTO_FILTER = " ".join(f"*{suffix} *{suffix.upper()}" for suffix in PHOTO_SUFFIXES)


class RunnerPhotos(QObject):
    """Adds photos to the runner's items and shows them; messages go to the runner's message bar."""

    def __init__(self, runner: RunnerHost):
        super().__init__(runner)
        self.runner = runner
        self.ctx = runner.ctx
        self.importer = PhotoImport(runner.ctx, self)
        self.file_dialog: QFileDialog | None = None
        self.viewer: PhotoViewer | None = None
        runner.import_bar.cancel_requested.connect(self._cancel)
        self.importer.progress.connect(runner.import_bar.advance)
        self.importer.done.connect(self._imported)

    def _number(self, code: str) -> int:
        return self.runner.model.row_of(code) + 1

    def can_take(self, code: str) -> bool:
        """Whether photos can be added to an item now (it is answered, no import is running); says why not."""
        if code not in self.runner.state.findings:
            self.runner.messages.show_message(
                self.tr("Answer item {number} first (1, 2 or 3), then add its photos.").format(
                    number=self._number(code)
                ),
                error=True,
            )
            return False
        if self.importer.running:
            self.runner.messages.show_message(self.tr("Photos are still being imported; please wait."), error=True)
            return False
        return True

    def choose(self, code: str) -> None:
        """Open the file dialog (several files at once) for an item."""
        if not self.can_take(code):
            return
        folder = str(self.ctx.settings.value("runner/photo_folder", ""))
        patterns = self.tr("Photos ({patterns})").format(patterns=PHOTO_FILTER)
        dialog = QFileDialog(self.runner, self.tr("Choose photos"), folder, patterns)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.filesSelected.connect(lambda paths: self.add(paths, code))
        self.file_dialog = dialog
        dialog.open()

    def add(self, paths: list[str], code: str) -> None:
        """Import files off the UI thread and attach them to an item."""
        if not paths or not self.can_take(code):
            return
        self.ctx.settings.setValue("runner/photo_folder", str(Path(paths[0]).parent))
        self.runner.import_bar.start(len(paths))
        self.importer.start(paths, code)

    def _cancel(self) -> None:
        self.runner.import_bar.cancelling()
        self.importer.cancel()

    def _imported(self, code: str, shas: list[str], errors: list[str], cancelled: bool) -> None:
        runner = self.runner
        runner.import_bar.hide()
        number = self._number(code)
        if cancelled:
            runner.messages.show_message(self.tr("Photo import cancelled; no photos were added."))
            return
        added = 0
        if shas:
            current = runner.state.findings.get(code)
            before = len(current.photos) if current else 0
            try:
                finding = inspections.add_photos(self.ctx.db, runner.inspection_id, code, shas)
            except InspectorError as exc:
                errors = [str(exc), *errors]
            else:
                added = len(finding.photos) - before
                self.ctx.changes.apply(inspections.add_photos.changes)
                runner.reload()
        if added:
            lines = [self.tr("{count} photo(s) added to item {number}.").format(count=added, number=number)]
        elif shas:
            lines = [self.tr("These photos are already attached to item {number}.").format(number=number)]
        else:
            lines = [self.tr("No photo was added to item {number}.").format(number=number)]
        if errors:
            lines.append(self.tr("These files were not added:"))
            lines += [f"• {error}" for error in errors]
        runner.messages.show_message("\n".join(lines), error=bool(errors))

    def open(self, sha: str) -> None:
        """Show a photo's watermarked copy with its hash and time."""
        state = self.runner.state
        try:
            person = inspectors.get_inspector(self.ctx.db, state.inspection.inspector_id).name
        except InspectorError:
            person = state.inspection.inspector_id
        context = {
            "taken_at": started_local(state.inspection),
            "place": state.inspection.place or state.site.address,
            "site": state.site.name,
            "inspector": person,
        }
        self.viewer = PhotoViewer(self.ctx, sha, context, self.runner)
        self.viewer.open()
