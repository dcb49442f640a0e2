"""Photo evidence widgets: a thumbnail strip that accepts dropped files, and a viewer of the watermarked copy."""

from __future__ import annotations

import functools
import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QMimeData, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QIcon,
    QImage,
    QImageReader,
    QPainter,
    QPaintEvent,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector import clock
from inspector.errors import EvidenceError, FontNotFoundError, InspectorError
from inspector.field import evidence, watermark
from ui.context import AppContext
from ui.widgets import colors, messages

PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".heic", ".heif")
THUMB_SIZE = 96


def dropped_paths(mime: QMimeData) -> list[str]:
    """Local files in a drag (a dropped folder contributes the photo files directly inside it)."""
    paths: list[str] = []
    for url in mime.urls() if mime.hasUrls() else []:
        if not url.isLocalFile():
            continue
        path = Path(url.toLocalFile())
        if path.is_dir():
            paths += sorted(str(p) for p in path.iterdir() if p.is_file() and p.suffix.lower() in PHOTO_SUFFIXES)
        else:
            paths.append(str(path))
    return paths


def jpeg_image(data: bytes, name: str, *, fit: int | None = None) -> QImage:
    """Decode a stored photo or a document copy as a JPEG only (Qt's other decoders are never tried), after its
    header was checked against the pixel cap; `fit` decodes it scaled to that many pixels at most.
    EvidenceError when the bytes are not a usable JPEG."""
    width, height = evidence.stored_size(data, name)
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    reader = QImageReader(buffer, b"jpeg")
    reader.setAutoDetectImageFormat(False)
    if fit is not None:
        reader.setScaledSize(QSize(width, height).scaled(QSize(fit, fit), Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    if image.isNull():
        raise EvidenceError(f"证据照片“{name}”无法解码（{reader.errorString()}），无法显示。")
    return image


@functools.lru_cache(maxsize=256)
def thumbnail(evidence_dir: str, sha256: str, size: int = THUMB_SIZE) -> QImage:
    """A small image of a stored photo (decoded at reduced size); EvidenceError when missing, altered or bad."""
    data = evidence.read_photo(Path(evidence_dir), sha256)
    return jpeg_image(data, sha256[:12], fit=size)


def _broken_icon(size: int) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor("#f3d6d6"))
    painter = QPainter(pixmap)
    painter.setPen(QColor("#b00020"))
    font = painter.font()
    font.setPixelSize(size // 2)
    painter.setFont(font)
    painter.drawText(pixmap.rect(), Qt.AlignmentFlag.AlignCenter, "!")
    painter.end()
    return QIcon(pixmap)


class PhotoStrip(QListWidget):
    """Thumbnails of photos (by SHA-256); emits `photos_dropped(paths)` for dropped files and `photo_activated`."""

    photos_dropped = Signal(list)
    photo_activated = Signal(str)
    photo_selected = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self._shas: list[str] = []
        self._device: str | None = None
        self._placeholder = self.tr("No photos. Drop photo files here.")
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setIconSize(QSize(THUMB_SIZE, THUMB_SIZE))
        self.setGridSize(QSize(THUMB_SIZE + 16, THUMB_SIZE + 16))
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setWrapping(True)
        self.setUniformItemSizes(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.viewport().setAcceptDrops(True)
        self.setMinimumHeight(THUMB_SIZE + 24)
        self.itemActivated.connect(self._activated)
        self.currentItemChanged.connect(self._selected)

    def set_placeholder(self, text: str) -> None:
        """The hint shown while there are no photos."""
        self._placeholder = text
        self.viewport().update()

    def set_photos(self, shas: list[str], device: str | None = None) -> None:
        """Show these photos (SHA-256 of stored photos), in order; names as `device` (the finding's) recorded them."""
        if list(shas) == self._shas and device == self._device:
            return
        self._shas, self._device = list(shas), device
        self.clear()
        for sha in self._shas:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, sha)
            try:
                info = evidence.get_photo(self.ctx.db, sha, device)
                image = thumbnail(str(self.ctx.workspace.evidence_dir), sha)
                item.setIcon(QIcon(QPixmap.fromImage(image)))
                item.setToolTip(
                    self.tr("{name}\n{width}×{height} px\nSHA-256 {sha}…").format(
                        name=info.original_name, width=info.width, height=info.height, sha=sha[:16]
                    )
                )
            except InspectorError as exc:
                item.setIcon(_broken_icon(THUMB_SIZE))
                item.setToolTip(str(exc))
            self.addItem(item)
        self.viewport().update()

    def photos(self) -> list[str]:
        """The SHA-256 of the photos shown."""
        return list(self._shas)

    def current_photo(self) -> str | None:
        """The selected photo, if any."""
        item = self.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _activated(self, item: QListWidgetItem) -> None:
        self.photo_activated.emit(item.data(Qt.ItemDataRole.UserRole))

    def _selected(self, item: QListWidgetItem | None, _previous: object = None) -> None:
        if item is not None:
            self.photo_selected.emit(item.data(Qt.ItemDataRole.UserRole))

    # drops of photo files

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped_paths(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if dropped_paths(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = dropped_paths(event.mimeData())
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self.photos_dropped.emit(paths)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.count() == 0 and self._placeholder:
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().placeholderText().color())
            flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
            painter.drawText(self.viewport().rect().adjusted(8, 8, -8, -8), flags, self._placeholder)
            painter.end()


class PhotoViewer(QDialog):
    """The watermarked copy of one photo, with its SHA-256 and capture time.

    `context` gives the watermark's place, site and inspector; `device`, when given, is the device whose finding
    shows the photo (its own record of the capture time and name is shown). The time is the photo's capture time,
    or, when it carries none, its import time said to be one. Open it with `open()`.
    """

    def __init__(self, ctx: AppContext, sha256: str, context: dict[str, Any], parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.sha256 = sha256
        self.watermarked: bytes | None = None
        self.error = ""
        self._pixmap: QPixmap | None = None
        self.setWindowTitle(self.tr("Photo evidence"))
        self.resize(960, 760)

        self.image = QLabel(self.tr("Drawing the watermark…"))
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image.setMinimumSize(480, 360)
        self.image.setWordWrap(True)
        self.image.setStyleSheet("background: #202020; color: #f0f0f0; font-size: 16px;")

        self.sha_label = QLabel(sha256)
        self.sha_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sha_label.setStyleSheet("font-family: monospace;")
        self.time_label = QLabel()
        self.name_label = QLabel()
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet(f"color: {colors.text('warning').name()};")
        self.note.hide()
        info = QFormLayout()
        info.addRow(self.tr("SHA-256"), self.sha_label)
        info.addRow(self.tr("Taken"), self.time_label)
        info.addRow(self.tr("Original file"), self.name_label)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.image, 1)
        layout.addLayout(info)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self._start(context)

    def _start(self, context: dict[str, Any]) -> None:
        try:
            info = evidence.get_photo(self.ctx.db, self.sha256, context.get("device"))
            when = evidence.photo_time(self.ctx.db, self.sha256, context.get("device"))
        except (InspectorError, ValueError) as exc:
            self._failed(exc)
            return
        text = clock.local(when.moment).strftime("%Y-%m-%d %H:%M:%S")
        if not when.captured:  # the watermark says the same: the import time, never passed off as the capture time
            text = self.tr("Imported {time} (the photo carries no capture time)").format(time=text)
        self.time_label.setText(text)
        self.name_label.setText(
            self.tr("{name} · {width}×{height} px").format(
                name=info.original_name, width=info.width, height=info.height
            )
        )
        evidence_dir = self.ctx.workspace.evidence_dir
        sha = self.sha256
        fields = {
            "taken_at": when.moment,
            "captured": when.captured,
            "place": str(context.get("place") or ""),
            "site": str(context.get("site") or ""),
            "inspector": str(context.get("inspector") or ""),
        }

        connected = threading.Event()  # a quick failure must not signal before anyone listens (it would be lost)

        def work(_token: object) -> tuple[bytes, str]:
            connected.wait()
            data = evidence.read_photo(evidence_dir, sha)
            try:
                return watermark.render_watermark(data, photo_id=sha, **fields), ""
            except FontNotFoundError as exc:
                evidence.stored_size(data, sha[:12])  # shown as it is only when it is a JPEG within the caps
                return data, str(exc)

        task = self.ctx.runner.start(work)
        task.signals.finished.connect(self._ready)
        task.signals.failed.connect(self._failed)
        connected.set()

    def _ready(self, result: tuple[bytes, str]) -> None:
        data, font_problem = result
        self.watermarked = None if font_problem else data
        if font_problem:
            self.note.setText(self.tr("Shown without a watermark: {reason}").format(reason=font_problem))
            self.note.show()
        try:
            image = jpeg_image(data, self.sha256[:12])
        except InspectorError as exc:
            self._failed(exc)
            return
        self._pixmap = QPixmap.fromImage(image)
        self._show_pixmap()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, InspectorError):
            self.error = str(exc)
        else:
            self.error = self.tr("The photo could not be shown ({error}).").format(error=messages.error_sentence(exc))
        self.image.setText(self.error)

    def _show_pixmap(self) -> None:
        if self._pixmap is None or self._pixmap.isNull():
            return
        target = self.image.size()
        self.image.setPixmap(
            self._pixmap.scaled(target, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._show_pixmap()
