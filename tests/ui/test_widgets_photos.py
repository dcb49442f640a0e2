"""The photo strip (thumbnails, dropped files) and the photo viewer (watermarked copy, hash, time)."""

from __future__ import annotations

import warnings
from pathlib import Path

from PIL import Image, ImageDraw
from PySide6.QtCore import QEvent, QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget

from inspector.field import evidence


def make_jpeg(path: Path, *, color: tuple[int, int, int] = (90, 140, 60), taken: str | None = None) -> Path:
    """A small real JPEG (optionally with an EXIF capture time "YYYY:MM:DD HH:MM:SS")."""
    image = Image.new("RGB", (640, 480), color)
    ImageDraw.Draw(image).rectangle((120, 100, 420, 360), fill=(200, 40, 40))
    exif = Image.Exif()
    if taken:
        exif.get_ifd(0x8769)[0x9003] = taken
    image.save(path, "JPEG", quality=85, exif=exif.tobytes() if taken else b"")
    return path


def drop_files(widget: QWidget, paths: list[Path], pos: QPoint | None = None) -> None:
    """Drag files onto a widget and drop them, as a file manager would."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    point = pos if pos is not None else widget.rect().center()
    with warnings.catch_warnings():  # PySide6 marks the QPoint constructor deprecated; it is the one there is
        warnings.simplefilter("ignore", DeprecationWarning)
        enter = QDragEnterEvent(
            point, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
        )
    QApplication.sendEvent(widget, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        QPointF(point), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    drop.setDropAction(Qt.DropAction.CopyAction)
    assert drop.type() == QEvent.Type.Drop
    QApplication.sendEvent(widget, drop)


def _store(ctx, path: Path) -> str:
    return evidence.import_photo(ctx.db, ctx.workspace.evidence_dir, path, device_id=ctx.workspace.device_id).sha256


def test_strip_shows_thumbnails_and_reports_drops_and_activation(ctx, qtbot, tmp_path):
    from ui.widgets.photos import PhotoStrip

    shas = [_store(ctx, make_jpeg(tmp_path / f"p{i}.jpg", color=(40 * i, 90, 60))) for i in range(3)]
    strip = PhotoStrip(ctx)
    qtbot.addWidget(strip)
    strip.resize(400, 140)
    strip.show()
    strip.set_photos(shas)
    assert strip.photos() == shas
    assert strip.count() == 3
    assert not strip.item(0).icon().isNull()

    dropped = [make_jpeg(tmp_path / f"new{i}.jpg") for i in range(4)]
    with qtbot.waitSignal(strip.photos_dropped) as blocker:
        drop_files(strip.viewport(), dropped)
    assert blocker.args == [[str(p) for p in dropped]]

    strip.setCurrentRow(1)
    with qtbot.waitSignal(strip.photo_activated) as activated:
        strip.itemActivated.emit(strip.item(1))
    assert activated.args == [shas[1]]

    strip.set_photos([])
    assert strip.count() == 0


def test_a_dropped_folder_contributes_its_photos(ctx, qtbot, tmp_path):
    from ui.widgets.photos import PhotoStrip

    folder = tmp_path / "DCIM"
    folder.mkdir()
    photos = [make_jpeg(folder / name) for name in ("b.jpg", "a.JPG")]
    (folder / "notes.txt").write_text("x", encoding="utf-8")
    strip = PhotoStrip(ctx)
    qtbot.addWidget(strip)
    with qtbot.waitSignal(strip.photos_dropped) as blocker:
        drop_files(strip.viewport(), [folder])
    assert blocker.args == [sorted(str(p) for p in photos)]


def test_viewer_shows_the_watermarked_copy_with_hash_and_capture_time(ctx, qtbot, tmp_path):
    from ui.widgets.photos import PhotoViewer

    sha = _store(ctx, make_jpeg(tmp_path / "exif.jpg", taken="2025:03:14 09:26:53"))
    context = {"taken_at": "2025-01-01T00:00:00Z", "place": "幸福路36号", "site": "幸福路农贸市场", "inspector": "张明"}
    viewer = PhotoViewer(ctx, sha, context)
    qtbot.addWidget(viewer)
    viewer.open()
    qtbot.waitUntil(lambda: viewer.watermarked is not None or viewer.note.text() != "", timeout=10_000)
    assert viewer.sha_label.text() == sha
    assert viewer.time_label.text() == "2025-03-14 09:26:53"
    assert "exif.jpg" in viewer.name_label.text()
    assert viewer.image.pixmap() is not None and not viewer.image.pixmap().isNull()
    if viewer.watermarked is not None:
        # the stored photo keeps its hash; the watermark is drawn on a copy
        assert evidence.read_photo(ctx.workspace.evidence_dir, sha)
        assert viewer.watermarked != evidence.read_photo(ctx.workspace.evidence_dir, sha)
    viewer.close()


def test_viewer_of_a_photo_without_capture_time_gives_the_import_time_and_says_so(ctx, qtbot, tmp_path, monkeypatch):
    from datetime import UTC, datetime

    from inspector import clock
    from inspector.field import watermark
    from ui.widgets.photos import PhotoViewer

    with clock.travel(datetime(2026, 12, 6, 1, 42, tzinfo=UTC), ticking=False):
        sha = _store(ctx, make_jpeg(tmp_path / "bare.jpg"))
    drawn: list[tuple[str, str]] = []
    fields = watermark.watermark_fields
    monkeypatch.setattr(watermark, "watermark_fields", lambda **kw: drawn.extend(fields(**kw)) or fields(**kw))
    context = {"taken_at": "2025-01-01T00:00:00Z", "place": "幸福路36号", "site": "幸福路农贸市场", "inspector": "张明"}
    viewer = PhotoViewer(ctx, sha, context)
    qtbot.addWidget(viewer)
    viewer.open()
    qtbot.waitUntil(lambda: viewer.watermarked is not None or viewer.note.text() != "", timeout=10_000)
    assert "2026-12-06 09:42:00" in viewer.time_label.text() and "2025" not in viewer.time_label.text()
    if viewer.watermarked is not None:
        assert drawn[0] == ("导入时间", "2026-12-06 09:42:00（照片无拍摄时间）")
    viewer.close()


def test_viewer_says_when_the_photo_file_is_gone(ctx, qtbot, tmp_path):
    from ui.widgets.photos import PhotoViewer

    sha = _store(ctx, make_jpeg(tmp_path / "gone.jpg"))
    evidence.photo_path(ctx.workspace.evidence_dir, sha).unlink()
    viewer = PhotoViewer(ctx, sha, {"taken_at": None, "place": "", "site": "", "inspector": ""})
    qtbot.addWidget(viewer)
    viewer.open()
    qtbot.waitUntil(lambda: viewer.error != "", timeout=10_000)
    assert sha[:12] in viewer.image.text()
    assert "不见了" in viewer.error


def _plant(ctx, data: bytes) -> str:
    """Bytes put straight into the evidence folder under their SHA-256, recorded as a photo."""
    import hashlib

    from inspector.store import transaction

    sha = hashlib.sha256(data).hexdigest()
    path = evidence.photo_path(ctx.workspace.evidence_dir, sha)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    with transaction(ctx.db) as conn:
        row = (sha, 100, 100, len(data), None, None, None, "bad.jpg", "2026-11-02T02:00:00Z", ctx.workspace.device_id)
        evidence.record_photo_rows(conn, [row])
    return sha


def test_a_bad_file_in_the_evidence_folder_is_a_broken_thumbnail_and_a_clear_viewer_message(
    ctx, qtbot, tmp_path, monkeypatch
):
    from PIL import EpsImagePlugin

    from ui.widgets.photos import PhotoStrip, PhotoViewer

    opened = []

    def eps_open(self):
        opened.append(True)
        raise SyntaxError("EPS must never be opened")

    monkeypatch.setattr(EpsImagePlugin.EpsImageFile, "_open", eps_open)
    whole = make_jpeg(tmp_path / "whole.jpg").read_bytes()
    eps = b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 100 100\n{} loop\n"
    shas = [_plant(ctx, whole[: len(whole) // 3]), _plant(ctx, eps)]
    strip = PhotoStrip(ctx)
    qtbot.addWidget(strip)
    strip.set_photos(shas)
    assert "不是 JPEG" in strip.item(1).toolTip()
    for sha in shas:
        viewer = PhotoViewer(ctx, sha, {"taken_at": None, "place": "", "site": "", "inspector": ""})
        qtbot.addWidget(viewer)
        viewer.open()
        qtbot.waitUntil(lambda viewer=viewer: viewer.error != "", timeout=10_000)
        assert "证据照片" in viewer.error
        viewer.close()
    assert opened == []
