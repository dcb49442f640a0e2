"""Draw the app icon (a clipboard with a tick on 创文 red): ui/icons/cwdc.svg and .png, packaging/icons/cwdc.ico.

    python packaging/make_icon.py

The SVG is made of shapes only (no text, so it looks the same without any font); Qt renders it at every size the
.ico holds, and Pillow writes the .ico. The SVG and PNG ship inside the `ui` package (the window icon, and the .deb's
icon); the .ico only in the Windows build. The written files are committed; run this again only to change the icon.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

APP_ICONS = Path(__file__).resolve().parent.parent / "ui" / "icons"  # the window icon: ui.app.app_icon
WINDOWS_ICONS = Path(__file__).resolve().parent / "icons"
PNG_SIZE = 256
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)

RED = "#C62828"
GOLD = "#F2B705"
PAPER = "#FFFFFF"
LINE = "#E6B8B8"

SVG = f"""<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256">
  <title>创文督查</title>
  <rect x="8" y="8" width="240" height="240" rx="52" ry="52" fill="{RED}"/>
  <rect x="60" y="50" width="136" height="168" rx="16" ry="16" fill="{PAPER}"/>
  <rect x="98" y="36" width="60" height="30" rx="10" ry="10" fill="{GOLD}"/>
  <rect x="84" y="86" width="88" height="10" rx="5" ry="5" fill="{LINE}"/>
  <polyline points="90,150 118,178 168,118" fill="none" stroke="{RED}" stroke-width="20"
            stroke-linecap="round" stroke-linejoin="round"/>
</svg>
"""


def render_png(svg: bytes, size: int) -> bytes:
    """The SVG drawn by Qt at size × size pixels, as PNG bytes."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(QByteArray(svg)).render(painter)
    painter.end()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data())


def write_icons(app_folder: Path = APP_ICONS, windows_folder: Path = WINDOWS_ICONS) -> list[Path]:
    """Write cwdc.svg and cwdc.png (256 px) into `app_folder`, cwdc.ico (16–256 px, each size drawn from the SVG)
    into `windows_folder`; the paths."""
    from PIL import Image

    app_folder.mkdir(parents=True, exist_ok=True)
    windows_folder.mkdir(parents=True, exist_ok=True)
    svg_path, png_path, ico_path = app_folder / "cwdc.svg", app_folder / "cwdc.png", windows_folder / "cwdc.ico"
    svg_path.write_text(SVG, encoding="utf-8")
    png_path.write_bytes(render_png(SVG.encode(), PNG_SIZE))
    images = [Image.open(io.BytesIO(render_png(SVG.encode(), size))).convert("RGBA") for size in ICO_SIZES]
    largest = images[-1]
    largest.save(ico_path, format="ICO", sizes=[(s, s) for s in ICO_SIZES], append_images=images[:-1])
    return [svg_path, png_path, ico_path]


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    for path in write_icons():
        print(path)
