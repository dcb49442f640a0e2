"""Masking faces and licence plates before exposure: drag rectangles over the photo, preview the published copy
(blurred and watermarked by the core exactly as the exposure sheet prints it), then approve or save.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPen, QPixmap, QResizeEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from inspector import evidence, reports, review
from inspector.decisions import Rect
from inspector.errors import InspectorError
from inspector.problems import Problem
from inspector.workspace import Workspace
from ui.context import AppContext
from ui.exchange.work import error_text, run_job
from ui.oversight.problem_dialogs import ActionDialog
from ui.tasks import Cancel
from ui.widgets.photos import jpeg_image

PREVIEW_DELAY_MS = 300
MIN_SIDE = 4  # pixels of the photo: smaller drags are taken as clicks


class MaskCanvas(QWidget):
    """A photo scaled to fit, with mask rectangles in the photo's own pixels; drag to add, right-click to remove."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.image = QImage()
        self.rects: list[Rect] = []
        self._start: QPointF | None = None
        self._end: QPointF | None = None
        self.setMinimumSize(420, 320)
        self.setMouseTracking(False)
        self.setCursor(Qt.CursorShape.CrossCursor)

    def set_image(self, image: QImage, rects: list[Rect]) -> None:
        """Show a photo and its mask rectangles."""
        self.image = image
        self.rects = list(rects)
        self.update()

    def clear(self) -> None:
        """Remove every rectangle."""
        self.rects = []
        self.changed.emit()
        self.update()

    def undo(self) -> None:
        """Remove the last rectangle drawn."""
        if self.rects:
            self.rects.pop()
            self.changed.emit()
            self.update()

    def target(self) -> QRectF:
        """Where the photo is drawn in the widget."""
        if self.image.isNull():
            return QRectF()
        scale = min(self.width() / self.image.width(), self.height() / self.image.height())
        w, h = self.image.width() * scale, self.image.height() * scale
        return QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)

    def to_image(self, point: QPointF) -> QPointF:
        """A widget point in the photo's pixels (clamped to the photo)."""
        target = self.target()
        scale = self.image.width() / target.width()
        x = min(max((point.x() - target.x()) * scale, 0.0), float(self.image.width()))
        y = min(max((point.y() - target.y()) * scale, 0.0), float(self.image.height()))
        return QPointF(x, y)

    def to_widget(self, x: float, y: float) -> QPoint:
        """A point of the photo in widget coordinates."""
        target = self.target()
        scale = target.width() / self.image.width()
        return QPoint(round(target.x() + x * scale), round(target.y() + y * scale))

    def _widget_rect(self, rect: Rect) -> QRectF:
        target = self.target()
        scale = target.width() / self.image.width()
        x, y, w, h = rect
        return QRectF(target.x() + x * scale, target.y() + y * scale, w * scale, h * scale)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self.image.isNull():
            return
        if event.button() == Qt.MouseButton.RightButton:
            for rect in reversed(self.rects):
                if self._widget_rect(rect).contains(event.position()):
                    self.rects.remove(rect)
                    self.changed.emit()
                    self.update()
                    return
            return
        if event.button() == Qt.MouseButton.LeftButton:
            self._start = self._end = self.to_image(event.position())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._start is not None:
            self._end = self.to_image(event.position())
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._start is None or event.button() != Qt.MouseButton.LeftButton:
            return
        end = self.to_image(event.position())
        box = QRectF(self._start, end).normalized()
        self._start = self._end = None
        if box.width() >= MIN_SIDE and box.height() >= MIN_SIDE:
            self.rects.append((round(box.x()), round(box.y()), round(box.width()), round(box.height())))
            self.changed.emit()
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#202020"))
        if not self.image.isNull():
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(self.target(), self.image)
            painter.setPen(QPen(QColor("#ff3030"), 2))
            for rect in self.rects:
                painter.fillRect(self._widget_rect(rect), QColor(255, 48, 48, 110))
                painter.drawRect(self._widget_rect(rect))
            if self._start is not None and self._end is not None:
                painter.setPen(QPen(QColor("#ffd000"), 2, Qt.PenStyle.DashLine))
                target = self.target()
                scale = target.width() / self.image.width()
                live = QRectF(self._start * scale, self._end * scale).normalized()
                painter.drawRect(live.translated(target.topLeft()))
        painter.end()


class MaskDialog(ActionDialog):
    """Mask rectangles per photo of a problem with a preview of the published copy; approve or save them."""

    APPROVE, EDIT = "approve", "edit"

    def __init__(self, ctx: AppContext, problem: Problem, mode: str = APPROVE, parent: QWidget | None = None):
        title = self.tr("Approve for exposure") if mode == self.APPROVE else self.tr("Mask areas")
        ok = self.tr("Approve for exposure") if mode == self.APPROVE else self.tr("Save mask areas")
        super().__init__(title, ok, parent)
        self.ctx, self.problem, self.mode = ctx, problem, mode
        self.masks: dict[str, list[Rect]] = {sha: list(problem.masks.get(sha, ())) for sha in problem.photos}
        self.published: QPixmap | None = None
        self._generation = 0
        self.resize(1120, 660)

        self.photo = QComboBox()
        for n, sha in enumerate(problem.photos, start=1):
            self.photo.addItem(
                self.tr("Photo {number} of {total} · {hash}").format(number=n, total=len(problem.photos), hash=sha[:8]),
                sha,
            )
        self.photo.currentIndexChanged.connect(self._show_photo)
        self.canvas = MaskCanvas()
        self.canvas.changed.connect(self._rects_changed)
        hint = QLabel(self.tr("Drag over faces and licence plates; right-click an area to remove it."))
        hint.setWordWrap(True)
        undo = QPushButton(self.tr("Undo last"))
        undo.setAutoDefault(False)
        undo.clicked.connect(self.canvas.undo)
        clear = QPushButton(self.tr("Clear"))
        clear.setAutoDefault(False)
        clear.clicked.connect(self.canvas.clear)
        self.count = QLabel()
        tools = QHBoxLayout()
        tools.addWidget(self.photo, 1)
        tools.addWidget(self.count)
        tools.addWidget(undo)
        tools.addWidget(clear)
        left = QVBoxLayout()
        left.addLayout(tools)
        left.addWidget(self.canvas, 1)
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
        self._show_photo()

    def current_photo(self) -> str:
        """The SHA-256 of the photo being masked."""
        return self.photo.currentData()

    def _show_photo(self, *_args: object) -> None:
        sha = self.current_photo()
        try:
            data = evidence.read_photo(self.ctx.workspace.evidence_dir, sha)
            image = jpeg_image(data, sha[:12])
        except InspectorError as exc:
            self.message.error(str(exc))
            self.canvas.set_image(QImage(), [])
            return
        self.canvas.set_image(image, self.masks[sha])
        self._rects_changed()

    def _rects_changed(self) -> None:
        self.masks[self.current_photo()] = list(self.canvas.rects)
        self.count.setText(self.tr("{count} area(s)").format(count=len(self.canvas.rects)))
        self._timer.start()

    def render_preview(self) -> None:
        """Make the published copy of the photo shown, with the rectangles drawn so far (off the UI thread)."""
        self._generation += 1
        generation, sha = self._generation, self.current_photo()
        problem = replace(self.problem, masks={sha: tuple(self.masks[sha])})

        def job(ws: Workspace, _token: Cancel) -> tuple[bytes | None, list[str]]:
            copies = reports.PhotoCopies(ws)
            return copies.copy(problem, sha), copies.warnings

        run_job(
            self.ctx,
            job,
            finished=lambda result: self._preview_ready(generation, result),
            failed=lambda exc: self._preview_failed(generation, exc),
        )

    def _preview_ready(self, generation: int, result: tuple[bytes | None, list[str]]) -> None:
        if generation != self._generation:
            return
        data, warnings = result
        if data is None:
            self.preview.setText("\n".join(warnings))
            return
        try:
            self.published = QPixmap.fromImage(jpeg_image(data, self.current_photo()[:12]))
        except InspectorError as exc:
            self.preview.setText(str(exc))
            return
        self._scale_preview()

    def _preview_failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
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

    def _save(self) -> str:
        masks = {sha: rects for sha, rects in self.masks.items() if rects}
        ref = self.problem.finding_id
        if self.mode == self.APPROVE:
            review.approve_exposure(self.ctx.db, ref, masks=masks, reason=self.reason.text())
            return self.tr("{reference} approved for exposure ({count} mask area(s)).").format(
                reference=self.problem.reference, count=sum(len(r) for r in masks.values())
            )
        changed = [sha for sha in self.problem.photos if self.masks[sha] != list(self.problem.masks.get(sha, ()))]
        for sha in changed:
            review.set_masks(self.ctx.db, ref, sha, self.masks[sha])
        return self.tr("Mask areas saved for {count} photo(s) of {reference}.").format(
            count=len(changed), reference=self.problem.reference
        )
