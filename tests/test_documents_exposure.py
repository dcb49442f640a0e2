"""Exposure sheet (PDF, DOCX, WeChat HTML), blurring faces and plates, and the rectification notice."""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import subprocess
from datetime import date

import docx
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageStat

from inspector.documents import (
    DocumentError,
    blur_regions,
    render_exposure,
    render_notice,
    samples,
)
from inspector.documents.exposure import entry_line
from inspector.documents.notice import REPLY_TITLE


def pdf_text(path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils not installed")
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout


@pytest.fixture(scope="module")
def letterhead():
    return samples.sample_letterhead()


@pytest.fixture(scope="module")
def sheet():
    return samples.sample_exposure(8)


@pytest.fixture(scope="module")
def notice():
    return samples.sample_notice(5)


def test_exposure_pdf_groups_by_district_with_one_line_per_problem(sheet, letterhead, tmp_path):
    report = render_exposure(sheet, letterhead, tmp_path / "曝光台.pdf", "pdf")
    text = pdf_text(report.path).replace("\n", "")
    districts = list(dict.fromkeys(e.district for e in sheet.entries))
    positions = [text.index(f"{d}（") for d in districts]
    assert positions == sorted(positions)
    for entry in sheet.entries:
        assert entry.reference in text
        assert entry.responsible_unit in text
    assert len(report.placed("image")) == len(sheet.entries)
    assert "— 1 —" in pdf_text(report.path)


def test_exposure_docx_has_every_photo_and_line(sheet, letterhead, tmp_path):
    report = render_exposure(sheet, letterhead, tmp_path / "曝光台.docx", "docx")
    document = docx.Document(str(report.path))
    assert len(document.inline_shapes) == len(sheet.entries)
    cells = {c.text for t in document.tables for row in t.rows for c in row.cells}
    for entry in sheet.entries:
        assert entry_line(entry) in cells


def test_exposure_html_page_with_images_beside_it(sheet, letterhead, tmp_path):
    out = tmp_path / "wechat" / "exposure.html"
    report = render_exposure(sheet, letterhead, out, "html")
    page = out.read_text(encoding="utf-8")
    images = re.findall(r'<img src="([^"]+)"', page)
    assert len(images) == len(sheet.entries)
    for name in images:
        assert (out.parent / name).is_file() and "/" not in name
        Image.open(out.parent / name).verify()
    assert set(report.files) == {out, *(out.parent / n for n in images)}
    assert "<style" not in page and "<script" not in page and "class=" not in page  # WeChat keeps inline styles only
    for entry in sheet.entries:
        assert entry.reference in page
    assert "&lt;" not in page


def test_html_escapes_text(letterhead, tmp_path):
    base = samples.sample_exposure(1)
    entry = base.entries[0]
    hostile = type(entry)(**{**entry.__dict__, "problem": '<script>alert("x")</script>占道经营'})
    sheet = type(base)(**{**base.__dict__, "entries": (hostile,)})
    page = render_exposure(sheet, letterhead, tmp_path / "x.html", "html").path.read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_empty_exposure_is_an_error(letterhead, tmp_path):
    empty = type(samples.sample_exposure(1))(period_label="2026年10月", issued_on=date(2026, 11, 3), entries=())
    for fmt in ("pdf", "html"):
        with pytest.raises(DocumentError, match="可曝光"):
            render_exposure(empty, letterhead, tmp_path / f"x.{fmt}", fmt)
    with pytest.raises(DocumentError, match="格式"):
        render_exposure(samples.sample_exposure(1), letterhead, tmp_path / "x.odt", "odt")


def _plate_photo() -> bytes:
    image = Image.new("RGB", (800, 600), (90, 120, 160))
    pen = ImageDraw.Draw(image)
    pen.rectangle((300, 380, 520, 450), fill=(20, 60, 200))
    for k in range(7):  # high-contrast strokes standing in for plate characters
        x = 312 + 30 * k
        pen.rectangle((x, 392, x + 8, 438), fill=(255, 255, 255))
        pen.rectangle((x + 12, 392, x + 20, 400), fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95)
    return out.getvalue()


def _detail(image: Image.Image, box: tuple[int, int, int, int]) -> float:
    return ImageStat.Stat(image.convert("L").filter(ImageFilter.FIND_EDGES).crop(box)).mean[0]


def test_blur_hides_the_rectangle_and_keeps_the_original(tmp_path):
    original = _plate_photo()
    digest = hashlib.sha256(original).hexdigest()
    blurred = blur_regions(original, [(300, 380, 220, 70), (-50, -50, 10, 10)])
    assert hashlib.sha256(original).hexdigest() == digest
    before, after = Image.open(io.BytesIO(original)), Image.open(io.BytesIO(blurred))
    assert after.size == before.size
    plate = (310, 390, 510, 440)
    assert _detail(after, plate) < 0.1 * _detail(before, plate)
    assert (
        ImageStat.Stat(after.crop(plate).convert("L")).stddev[0]
        < 0.15 * ImageStat.Stat(before.crop(plate).convert("L")).stddev[0]
    )
    outside = (20, 20, 200, 200)
    assert abs(ImageStat.Stat(before.crop(outside)).mean[0] - ImageStat.Stat(after.crop(outside)).mean[0]) < 3
    assert blur_regions(original, []) != original  # always a fresh copy, never the evidence bytes


def test_notice_pdf_and_docx(notice, letterhead, tmp_path):
    pdf = render_notice(notice, letterhead, tmp_path / "通知书.pdf", "pdf")
    text = pdf_text(pdf.path).replace("\n", "")
    assert "云创文办〔2026〕31号" in text
    assert f"{notice.unit}：" in text
    assert REPLY_TITLE in text and "单位负责人（签字）" in text
    for problem in notice.problems:
        assert problem.reference in text
    (label,) = pdf.placed("attachment")
    assert label.text == "附件"
    assert pdf.missing_glyphs == set()
    word = render_notice(notice, letterhead, tmp_path / "通知书.docx", "docx")
    document = docx.Document(str(word.path))
    texts = [p.text for p in document.paragraphs]
    assert f"{notice.unit}：" in texts
    reply = next(t for t in document.tables if t.rows[0].cells[0].text == "序号")
    assert len(reply.rows) == len(notice.problems) + 1
    assert all(row.cells[3].text == "" for row in reply.rows[1:])  # blanks for the unit to fill
    assert len(document.inline_shapes) == sum(len(p.photos) for p in notice.problems)


def test_notice_without_problems_is_an_error(letterhead, tmp_path):
    empty = type(samples.sample_notice(1))(**{**samples.sample_notice(1).__dict__, "problems": ()})
    with pytest.raises(DocumentError, match="无需发整改通知书"):
        render_notice(empty, letterhead, tmp_path / "x.pdf", "pdf")
