"""The photo a supervisor masks: mask rectangles and dashed face suggestions over the photo, in its own pixels."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from inspector.tracking.decisions import Rect

MIN_SIDE = 4  # pixels of the photo: smaller drags are taken as clicks
MASK_COLOUR, SUGGESTION_COLOUR = QColor("#ff3030"), QColor("#00e0ff")


class MaskCanvas(QWidget):
    """A photo scaled to fit, with mask rectangles in the photo's own pixels and dashed face suggestions.

    Drag on the photo to add a mask; click a suggestion to keep it, drag a suggestion or a mask to move it;
    right-click a suggestion or a mask to remove it.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.image = QImage()
        self.rects: list[Rect] = []
        self.kept: list[bool] = []  # beside `rects`: True for a face suggestion the supervisor kept
        self.suggestions: list[Rect] = []
        self._start: QPointF | None = None
        self._end: QPointF | None = None
        self._moving: tuple[str, int, QPointF, Rect] | None = None  # (which list, index, pressed at, rect then)
        self.setMinimumSize(420, 320)
        self.setMouseTracking(False)
        self.setCursor(Qt.CursorShape.CrossCursor)

    def set_image(
        self, image: QImage, rects: list[Rect], kept: list[bool] | None = None, suggestions: list[Rect] = ()
    ) -> None:
        """Show a photo, its mask rectangles (which of them were kept suggestions) and pending suggestions."""
        self.image = image
        self.rects = list(rects)
        self.kept = list(kept) if kept is not None else [False] * len(self.rects)
        self.suggestions = list(suggestions)
        self._moving = None
        self.update()

    def set_suggestions(self, rects: list[Rect]) -> None:
        """Show face suggestions still to be kept, moved or removed."""
        self.suggestions = list(rects)
        self.changed.emit()
        self.update()

    def keep_all(self) -> None:
        """Keep every suggestion as a mask where it is."""
        for rect in self.suggestions:
            self.rects.append(rect)
            self.kept.append(True)
        self.suggestions = []
        self.changed.emit()
        self.update()

    def clear(self) -> None:
        """Remove every rectangle and suggestion."""
        self.rects, self.kept, self.suggestions = [], [], []
        self.changed.emit()
        self.update()

    def undo(self) -> None:
        """Remove the last rectangle drawn or kept."""
        if self.rects:
            self.rects.pop()
            self.kept.pop()
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

    def _hit(self, point: QPointF) -> tuple[str, int] | None:
        """The suggestion or mask under a widget point (suggestions first, the latest drawn on top)."""
        for which, rects in (("suggestion", self.suggestions), ("mask", self.rects)):
            for index in range(len(rects) - 1, -1, -1):
                if self._widget_rect(rects[index]).contains(point):
                    return which, index
        return None

    def _moved(self, rect: Rect, start: QPointF, point: QPointF) -> Rect:
        x, y, w, h = rect
        dx, dy = point.x() - start.x(), point.y() - start.y()
        nx = min(max(round(x + dx), 0), max(0, self.image.width() - w))
        ny = min(max(round(y + dy), 0), max(0, self.image.height() - h))
        return nx, ny, w, h

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self.image.isNull():
            return
        hit = self._hit(event.position())
        if event.button() == Qt.MouseButton.RightButton:
            if hit is not None:
                which, index = hit
                if which == "suggestion":
                    self.suggestions.pop(index)
                else:
                    self.rects.pop(index)
                    self.kept.pop(index)
                self.changed.emit()
                self.update()
            return
        if event.button() != Qt.MouseButton.LeftButton:
            return
        point = self.to_image(event.position())
        if hit is not None:
            which, index = hit
            rect = self.suggestions[index] if which == "suggestion" else self.rects[index]
            self._moving = (which, index, point, rect)
        else:
            self._start = self._end = point

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        point = self.to_image(event.position())
        if self._moving is not None:
            which, index, start, rect = self._moving
            target = self.suggestions if which == "suggestion" else self.rects
            target[index] = self._moved(rect, start, point)
            self.update()
        elif self._start is not None:
            self._end = point
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        point = self.to_image(event.position())
        if self._moving is not None:
            which, index, start, rect = self._moving
            self._moving = None
            if which == "suggestion":  # a click keeps a suggestion where it is, a drag keeps it where it was left
                self.suggestions.pop(index)
                self.rects.append(self._moved(rect, start, point))
                self.kept.append(True)
            else:
                self.rects[index] = self._moved(rect, start, point)
            self.changed.emit()
            self.update()
            return
        if self._start is None:
            return
        box = QRectF(self._start, point).normalized()
        self._start = self._end = None
        if box.width() >= MIN_SIDE and box.height() >= MIN_SIDE:
            self.rects.append((round(box.x()), round(box.y()), round(box.width()), round(box.height())))
            self.kept.append(False)
            self.changed.emit()
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#202020"))
        if not self.image.isNull():
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(self.target(), self.image)
            painter.setPen(QPen(MASK_COLOUR, 2))
            for rect in self.rects:
                painter.fillRect(self._widget_rect(rect), QColor(255, 48, 48, 110))
                painter.drawRect(self._widget_rect(rect))
            painter.setPen(QPen(SUGGESTION_COLOUR, 2, Qt.PenStyle.DashLine))
            for rect in self.suggestions:
                box = self._widget_rect(rect)
                painter.fillRect(box, QColor(0, 224, 255, 40))
                painter.drawRect(box)
                painter.drawText(box.adjusted(3, 2, 0, 0), Qt.AlignmentFlag.AlignLeft, self.tr("Face?"))
            if self._start is not None and self._end is not None:
                painter.setPen(QPen(QColor("#ffd000"), 2, Qt.PenStyle.DashLine))
                target = self.target()
                scale = target.width() / self.image.width()
                live = QRectF(self._start * scale, self._end * scale).normalized()
                painter.drawRect(live.translated(target.topLeft()))
        painter.end()
