"""The exposure sheet as an HTML page for a WeChat article: inline styles only, photos as files beside the page."""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

from inspector.atomic import write_bytes_atomic
from inspector.documents.data import ExposureSheet
from inspector.documents.exposure import (
    by_district,
    entry_line,
    exposure_intro,
    exposure_subtitle,
    exposure_title,
    places,
)
from inspector.documents.model import RenderReport, heading_number
from inspector.errors import EvidenceError
from inspector.field import evidence
from inspector.letters import DocumentError, Letterhead

FONT = "-apple-system, BlinkMacSystemFont, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', sans-serif"
ACCENT = "#c00000"


def _photo_bytes(data: bytes) -> bytes:
    """The JPEG bytes for the page (document copies are JPEG); EvidenceError when they are not a usable JPEG."""
    evidence.open_stored(data, "曝光台照片")
    return data


def _safe(text: str) -> str:
    return re.sub(r"[^0-9A-Za-z_-]+", "", text)[:16] or "photo"


def _write(path: Path, data: bytes) -> None:
    write_bytes_atomic(path, data, fsync=False)


def render_exposure_html(sheet: ExposureSheet, letterhead: Letterhead, out: Path) -> RenderReport:
    """Write `out` (an .html file) and one JPEG per problem beside it, named <page>-<n>-<reference>.jpg."""
    if not sheet.entries:
        raise DocumentError("曝光台没有可发布的问题：请先在审核中把问题标记为“可曝光”。")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    parts = [
        f'<p style="margin:0 0 4px;text-align:center;font-size:22px;font-weight:bold;color:{ACCENT};">'
        f"{escape(exposure_title(sheet))}</p>",
        f'<p style="margin:0 0 16px;text-align:center;font-size:14px;color:#888;">'
        f"{escape(exposure_subtitle(sheet, letterhead))}</p>",
        f'<p style="margin:0 0 16px;text-indent:2em;">{escape(exposure_intro(sheet, letterhead))}</p>',
    ]
    n = 0
    for k, (district, entries) in enumerate(by_district(sheet.entries), start=1):
        parts.append(
            f'<p style="margin:24px 0 12px;padding-left:8px;border-left:4px solid {ACCENT};'
            f'font-size:18px;font-weight:bold;">{escape(heading_number(1, k) + district)}（{places(entries)}处）</p>'
        )
        for entry in entries:
            n += 1
            name = f"{out.stem}-{n:03d}-{_safe(entry.reference)}.jpg"
            try:
                picture = _photo_bytes(entry.photo)
            except EvidenceError:  # the page is still made, saying so where the photo would be
                shown = (
                    '<p style="margin:0;padding:48px 8px;text-align:center;background:#e1e1e1;color:#444;">'
                    "照片无法显示</p>"
                )
            else:
                photo = out.parent / name
                _write(photo, picture)
                files.append(photo)
                shown = (
                    f'<img src="{escape(name)}" alt="{escape(entry.site)}"'
                    ' style="display:block;width:100%;height:auto;">'
                )
            parts.append(
                '<section style="margin:0 0 20px;">'
                f"{shown}"
                f'<p style="margin:8px 0 0;font-size:15px;color:#333;">{escape(entry_line(entry))}</p>'
                "</section>"
            )
    page = (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(exposure_title(sheet))}（{escape(sheet.period_label)}）</title>\n</head>\n"
        '<body style="margin:0;background:#fff;">\n'
        f'<section style="max-width:677px;margin:0 auto;padding:16px;font-family:{FONT};'
        'font-size:16px;line-height:1.75;color:#333;">\n' + "\n".join(parts) + "\n</section>\n</body>\n</html>\n"
    )
    _write(out, page.encode("utf-8"))
    return RenderReport(path=out, format="html", pages=1, files=[out, *files])
