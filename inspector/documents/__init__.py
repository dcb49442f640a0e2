"""Documents the clerk prints: circulars, exposure sheets, rectification notices (PDF, DOCX, HTML) and Excel lists.

Each document is built once as a format-free model (model.py) from plain data (data.py), then rendered by
pdf.py (reportlab, GB/T 9704 grid, embedded TrueType CJK fonts) or docx.py (python-docx, standard font names).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from inspector.documents.circular import build_circular
from inspector.documents.data import (
    CircularData,
    ExposureEntry,
    ExposureSheet,
    ModeCount,
    NoticeData,
    NoticeProblem,
    ProblemExample,
    ProblemGroup,
    ProblemRow,
    Ranking,
    RankingRow,
    Requirement,
)
from inspector.documents.exposure import build_exposure
from inspector.documents.model import Document, RenderReport
from inspector.documents.notice import build_notice
from inspector.letters import DocumentError, Letterhead, short_reference

FORMATS = ("pdf", "docx")
# The renderers (reportlab, python-docx, openpyxl, Pillow) are imported when first used, not at start-up.

__all__ = [
    "CircularData",
    "DocumentError",
    "ExposureEntry",
    "ExposureSheet",
    "Letterhead",
    "ModeCount",
    "NoticeData",
    "NoticeProblem",
    "ProblemExample",
    "ProblemGroup",
    "ProblemRow",
    "Ranking",
    "RankingRow",
    "RenderReport",
    "Requirement",
    "blur_regions",
    "build_circular",
    "build_exposure",
    "build_notice",
    "render",
    "render_circular",
    "render_exposure",
    "render_notice",
    "short_reference",
    "write_problem_list",
]


def render(document: Document, out: Path, fmt: str = "pdf") -> RenderReport:
    """Render a built document model as PDF or DOCX."""
    if fmt == "pdf":
        from inspector.documents.pdf import render_pdf

        return render_pdf(document, Path(out))
    if fmt == "docx":
        from inspector.documents.docx import render_docx

        return render_docx(document, Path(out))
    raise DocumentError(f"不支持的文书格式“{fmt}”，可选：{'、'.join(FORMATS)}。")


def _render(build: Callable[[], Document], out: Path, fmt: str) -> RenderReport:
    if fmt not in FORMATS:
        raise DocumentError(f"不支持的文书格式“{fmt}”，可选：{'、'.join(FORMATS)}。")
    return render(build(), out, fmt)


def render_circular(data: CircularData, letterhead: Letterhead, out: Path, fmt: str = "pdf") -> RenderReport:
    """Write the period circular (督查情况通报) as PDF or DOCX; FontNotFoundError when a PDF has no CJK font."""
    return _render(lambda: build_circular(data, letterhead), out, fmt)


def render_exposure(sheet: ExposureSheet, letterhead: Letterhead, out: Path, fmt: str = "pdf") -> RenderReport:
    """Write the exposure sheet (曝光台) as PDF, DOCX, or HTML with its photos beside the page."""
    if fmt == "html":
        from inspector.documents.html import render_exposure_html

        return render_exposure_html(sheet, letterhead, Path(out))
    if fmt not in FORMATS:
        raise DocumentError(f"不支持的曝光台格式“{fmt}”，可选：pdf、docx、html。")
    return _render(lambda: build_exposure(sheet, letterhead), out, fmt)


def render_notice(data: NoticeData, letterhead: Letterhead, out: Path, fmt: str = "pdf") -> RenderReport:
    """Write a rectification notice (整改通知书) with its reply slip as PDF or DOCX."""
    return _render(lambda: build_notice(data, letterhead), out, fmt)


def write_problem_list(rows: Iterable[ProblemRow], out: Path, *, title: str = "问题清单") -> Path:
    """Write the problem list as an Excel workbook (.xlsx): filterable, frozen header, dates as dates."""
    from inspector.documents.problems_xlsx import write_problem_list as write

    return write(rows, Path(out), title=title)


def blur_regions(data: bytes, regions: Iterable[tuple[int, int, int, int]]) -> bytes:
    """A JPEG copy of a photo with (x, y, width, height) rectangles blurred past recognition; input unchanged."""
    from inspector.documents.images import blur_regions as blur

    return blur(data, regions)
