"""Looking at each photo for faces and licence plates before exposure: suggested face rectangles (from the core's
face detector) are pre-drawn dashed; the supervisor keeps (click), moves (drag) or removes (right-click) them,
draws plates and missed faces by hand, or ticks that the photo shows neither. A preview shows the published copy
(blurred and watermarked by the core exactly as the exposure sheet prints it). Every photo must be looked at before
approval; suggestions are never saved unless kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QImage, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector.changes import NOTHING, OpChanges
from inspector.errors import InspectorError
from inspector.field import evidence, facedetect
from inspector.oversight import reports, review
from inspector.tracking.decisions import Rect
from inspector.tracking.problems import Problem
from inspector.workspace import Workspace
from ui.context import AppContext
from ui.oversight.mask_canvas import MaskCanvas
from ui.oversight.problem_dialogs import ActionDialog
from ui.tasks import Cancel
from ui.widgets.jobs import error_text, run_job
from ui.widgets.photos import jpeg_image

PREVIEW_DELAY_MS = 300


@dataclass
class PhotoState:
    """What the supervisor has decided so far for one photo (what `MaskCanvas` shows while it is current)."""

    rects: list[Rect] = field(default_factory=list)
    kept: list[bool] = field(default_factory=list)
    suggestions: list[Rect] = field(default_factory=list)
    offered: int = 0  # face suggestions the detector made
    asked: bool = False  # the detector was run (or the photo had been looked at already)
    note: str = ""  # what the detector said: unavailable, or why it found nothing
    clear: bool = False

    def decided(self) -> bool:
        """Masks drawn or ticked clear, and no suggestion left undecided."""
        return not self.suggestions and (bool(self.rects) or self.clear)

    def look(self) -> review.Look:
        """The look recorded for this photo."""
        if self.rects:
            return review.Look(tuple(self.rects), suggested=self.offered, confirmed=sum(self.kept))
        return review.Look(clear=True, suggested=self.offered)


class MaskDialog(ActionDialog):
    """Look at each photo of a problem for faces and plates, with a preview of the published copy; approve or save."""

    APPROVE, EDIT = "approve", "edit"

    def __init__(self, ctx: AppContext, problem: Problem, mode: str = APPROVE, parent: QWidget | None = None):
        title = self.tr("Approve for exposure") if mode == self.APPROVE else self.tr("Mask areas")
        ok = self.tr("Approve for exposure") if mode == self.APPROVE else self.tr("Save mask areas")
        super().__init__(title, ok, parent)
        self.ctx, self.problem, self.mode = ctx, problem, mode
        self.states: dict[str, PhotoState] = {}
        self.before: dict[str, tuple[tuple[Rect, ...], bool]] = {}
        for look in review.photo_reviews(ctx.db, problem.finding_id):
            rects = list(problem.masks.get(look.photo, ()))
            state = PhotoState(rects, [False] * len(rects), asked=look.current, clear=look.current and not rects)
            self.states[look.photo] = state
            self.before[look.photo] = (tuple(rects), state.clear) if look.current else ((), False)
        self.published: QPixmap | None = None
        self._generation = 0
        self.resize(1120, 700)

        self.photo = QComboBox()
        for sha in self.states:
            self.photo.addItem("", sha)
        self.photo.currentIndexChanged.connect(self._show_photo)
        self.canvas = MaskCanvas()
        self.canvas.changed.connect(self._rects_changed)
        hint = QLabel(
            self.tr(
                "Drag over faces and licence plates; dashed boxes are suggested faces: click to keep, drag to move, "
                "right-click to remove. Plates are drawn by hand."
            )
        )
        hint.setWordWrap(True)
        self.keep_all = QPushButton(self.tr("Keep all suggestions"))
        self.keep_all.setAutoDefault(False)
        self.keep_all.clicked.connect(self.canvas.keep_all)
        undo = QPushButton(self.tr("Undo last"))
        undo.setAutoDefault(False)
        undo.clicked.connect(self.canvas.undo)
        clear = QPushButton(self.tr("Clear"))
        clear.setAutoDefault(False)
        clear.clicked.connect(self.canvas.clear)
        self.count = QLabel()
        self.nothing = QCheckBox(self.tr("No faces or licence plates in this photo (nothing to mask)"))
        self.nothing.toggled.connect(self._clear_toggled)
        self.faces = QLabel()
        self.faces.setObjectName("faceSuggestions")
        self.faces.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.photo, 1)
        top.addWidget(self.count)
        tools = QHBoxLayout()
        tools.addWidget(self.nothing, 1)
        tools.addWidget(self.keep_all)
        tools.addWidget(undo)
        tools.addWidget(clear)
        left = QVBoxLayout()
        left.addLayout(top)
        left.addWidget(self.canvas, 1)
        left.addLayout(tools)
        left.addWidget(self.faces)
        left.addWidget(hint)

        self.preview = QLabel(self.tr("Preparing the published copy…"))
        self.preview.setObjectName("publishedPreview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(380, 300)
        self.preview.setWordWrap(True)
        self.preview.setStyleSheet("background: #303030; color: #f0f0f0;")
        right = QVBoxLayout()
        heading = QLabel(self.tr("Published copy (blurred and watermarked as printed)"))
        heading.setWordWrap(True)
        right.addWidget(heading)
        right.addWidget(self.preview, 1)
        columns = QHBoxLayout()
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        self.form.addRow(columns)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("Why (optional)"))
        if mode == self.APPROVE:
            self.form.addRow(self.tr("Reason"), self.reason)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.render_preview)
        self.action = self._save
        self._refresh_titles()
        self._show_photo()

    def current_photo(self) -> str:
        """The SHA-256 of the photo being looked at."""
        return self.photo.currentData()

    def state(self, sha: str | None = None) -> PhotoState:
        """What has been decided so far for a photo (the current one by default)."""
        return self.states[sha or self.current_photo()]

    def _status(self, state: PhotoState) -> str:
        if state.suggestions:
            return self.tr("{count} suggestion(s) to check").format(count=len(state.suggestions))
        if state.rects:
            return self.tr("✓ {count} area(s) masked").format(count=len(state.rects))
        if state.clear:
            return self.tr("✓ no faces or plates")
        return self.tr("not looked at yet")

    def _refresh_titles(self) -> None:
        total = len(self.states)
        for n, (sha, state) in enumerate(self.states.items()):
            text = self.tr("Photo {number} of {total} · {hash} · {status}").format(
                number=n + 1, total=total, hash=sha[:8], status=self._status(state)
            )
            self.photo.setItemText(n, text)

    def _show_photo(self, *_args: object) -> None:
        sha = self.current_photo()
        state = self.state(sha)
        try:
            data = evidence.read_photo(self.ctx.workspace.evidence_dir, sha)
            image = jpeg_image(data, sha[:12])
        except InspectorError as exc:
            self.message.error(str(exc))
            self.canvas.set_image(QImage(), [])
            return
        self.canvas.set_image(image, state.rects, state.kept, state.suggestions)
        self.nothing.blockSignals(True)
        self.nothing.setChecked(state.clear)
        self.nothing.blockSignals(False)
        if not state.asked:
            self._suggest(sha)
        self._rects_changed()

    def _suggest(self, sha: str) -> None:
        """Ask the core's face detector for suggestions on one photo (off the UI thread)."""
        self.state(sha).asked = True
        self.faces.setText(self.tr("Looking for faces…"))

        def job(ws: Workspace, _token: Cancel) -> tuple[str, facedetect.Suggestions]:
            try:
                data = evidence.read_photo(ws.evidence_dir, sha)
            except InspectorError as exc:
                return sha, facedetect.Suggestions(why=str(exc))
            return sha, facedetect.suggest(data, sha[:12])

        # bound methods, not lambdas: a result arriving after the dialog is gone is dropped with it
        run_job(self.ctx, job, finished=self._suggested, failed=self._suggest_failed)

    def _suggest_failed(self, exc: BaseException) -> None:
        self.faces.setText(error_text(exc))

    def _suggested(self, result: tuple[str, facedetect.Suggestions]) -> None:
        sha, found = result
        state = self.state(sha)
        if not found.available:
            state.note = self.tr("Face suggestions unavailable: look for faces yourself.")
        elif not found.rects:
            state.note = self.tr("No face suggested: check the photo yourself; draw plates by hand.")
        else:
            state.note = self.tr("{count} suggested face area(s): click to keep, drag to move, right-click to remove.")
            state.note = state.note.format(count=len(found.rects))
        if found.rects:
            if state.clear:  # ticked before the detector answered: its faces must still be seen and decided
                state.clear = False
                state.note = self.tr(
                    '{count} suggested face area(s) arrived after "no faces or plates" was ticked: the tick was '
                    "taken back; keep or remove each suggestion."
                ).format(count=len(found.rects))
                if sha == self.current_photo():
                    self.nothing.setChecked(False)
            state.suggestions = [r for r in found.rects if r not in state.rects]
            state.offered = len(found.rects)
            if sha == self.current_photo():
                self.canvas.set_suggestions(state.suggestions)
        if sha == self.current_photo():
            self._rects_changed()

    def _clear_toggled(self, checked: bool) -> None:
        state = self.state()
        state.clear = checked
        if checked and (self.canvas.rects or self.canvas.suggestions):
            self.canvas.clear()  # ticking "no faces or plates" drops the areas and the suggestions of this photo
        self._rects_changed()

    def _rects_changed(self) -> None:
        state = self.state()
        state.rects, state.kept = list(self.canvas.rects), list(self.canvas.kept)
        state.suggestions = list(self.canvas.suggestions)
        if state.rects and state.clear:
            state.clear = False
            self.nothing.blockSignals(True)
            self.nothing.setChecked(False)
            self.nothing.blockSignals(False)
        self.count.setText(self.tr("{count} area(s)").format(count=len(state.rects)))
        self.keep_all.setEnabled(bool(state.suggestions))
        self.faces.setText(state.note)
        self._refresh_titles()
        self._timer.start()

    def render_preview(self) -> None:
        """Make the published copy of the photo shown, with the rectangles kept so far (off the UI thread)."""
        self._generation += 1
        generation, sha = self._generation, self.current_photo()
        problem = replace(self.problem, masks={sha: tuple(self.state(sha).rects)})

        def job(ws: Workspace, _token: Cancel) -> tuple[int, bytes | None, list[str]]:
            copies = reports.PhotoCopies(ws)
            return generation, copies.copy(problem, sha, public=True), copies.warnings

        run_job(self.ctx, job, finished=self._preview_ready, failed=self._preview_failed)

    def _preview_ready(self, result: tuple[int, bytes | None, list[str]]) -> None:
        generation, data, warnings = result
        if generation != self._generation:
            return
        if data is None:
            self.preview.setText("\n".join(warnings))
            return
        try:
            self.published = QPixmap.fromImage(jpeg_image(data, self.current_photo()[:12]))
        except InspectorError as exc:
            self.preview.setText(str(exc))
            return
        self._scale_preview()

    def _preview_failed(self, exc: BaseException) -> None:
        self.preview.setText(error_text(exc))

    def _scale_preview(self) -> None:
        if self.published is not None and not self.published.isNull():
            self.preview.setPixmap(
                self.published.scaled(
                    self.preview.size(), Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
                )
            )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._scale_preview()

    def looks(self) -> dict[str, review.Look]:
        """Each photo's look; InspectorError naming the photos not yet looked at (and shows the first of them)."""
        undecided = [n for n, state in enumerate(self.states.values()) if not state.decided()]
        if undecided:
            self.photo.setCurrentIndex(undecided[0])
            numbers = "、".join(str(n + 1) for n in undecided)
            raise InspectorError(
                self.tr(
                    "Photo {numbers}: keep or remove the suggested faces and mask faces and plates, or tick "
                    "that the photo shows none."
                ).format(numbers=numbers)
            )
        return {sha: state.look() for sha, state in self.states.items()}

    def _save(self) -> tuple[str, OpChanges]:
        looks = self.looks()
        ref = self.problem.finding_id
        if self.mode == self.APPROVE:
            review.approve_exposure(self.ctx.db, ref, looks=looks, reason=self.reason.text(), actor=self.ctx.actor)
            text = self.tr("{reference} approved for exposure ({count} mask area(s)).").format(
                reference=self.problem.reference, count=sum(len(look.rects) for look in looks.values())
            )
            return text, review.approve_exposure.changes
        changed = {sha: look for sha, look in looks.items() if (tuple(look.rects), look.clear) != self.before.get(sha)}
        if changed:
            review.review_photos(self.ctx.db, ref, changed, actor=self.ctx.actor)
        text = self.tr("Mask areas saved for {count} photo(s) of {reference}.").format(
            count=len(changed), reference=self.problem.reference
        )
        return text, review.review_photos.changes if changed else NOTHING
