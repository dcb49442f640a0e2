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

from inspector.documents import blur_regions, render_exposure, render_notice
from inspector.documents.exposure import entry_line
from inspector.documents.notice import REPLY_TITLE
from inspector.letters import DocumentError
from tests import document_samples as samples


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


def test_district_headings_count_places_like_the_circular(letterhead, tmp_path):
    from dataclasses import replace

    from inspector.documents import build_exposure
    from inspector.documents.model import Heading

    base = samples.sample_exposure(2)
    entries = tuple(replace(e, district="云栖区", count=n) for e, n in zip(base.entries, (2, 3), strict=True))
    sheet = replace(base, entries=entries)
    headings = [b.text for b in build_exposure(sheet, letterhead).blocks if isinstance(b, Heading)]
    assert headings == ["一、云栖区（5处）"]  # 2 problems found at 5 places
    page = render_exposure(sheet, letterhead, tmp_path / "x.html", "html").path.read_text(encoding="utf-8")
    assert "云栖区</p>" not in page and "一、云栖区（5处）" in page


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


# ---------------------------------------------------------------- bad photos already in the evidence store

NOVEMBER = "2026-11"
EPS = b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 100 100\n{} loop\nshowpage\n"


def _plant(ws, data: bytes, name: str) -> str:
    """Put bytes straight into the evidence folder under their SHA-256, recorded as a 100×100 photo."""
    from inspector.field import evidence
    from inspector.store import transaction

    sha = hashlib.sha256(data).hexdigest()
    path = evidence.photo_path(ws.evidence_dir, sha)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    with transaction(ws.db) as conn:
        row = (sha, 100, 100, len(data), None, None, None, name, "2026-11-02T02:00:00Z", ws.device_id)
        evidence.record_photo_rows(conn, [row])
    return sha


@pytest.fixture
def no_ghostscript(monkeypatch):
    """Record any attempt to open an EPS file or to start Ghostscript (the test then fails)."""
    from PIL import EpsImagePlugin

    seen: list[str] = []

    def eps_open(self):
        seen.append("EPS opened")
        raise SyntaxError("EPS must never be opened")

    def ghostscript(*args, **kwargs):
        seen.append("Ghostscript called")
        raise OSError("Ghostscript must never run")

    real_popen = subprocess.Popen

    def popen(args, *rest, **kwargs):
        first = args[0] if isinstance(args, list | tuple) else str(args).split()[0]
        if "gs" in str(first).rsplit("/", 1)[-1].lower() or "ghostscript" in str(args).lower():
            seen.append(f"process {first}")
            raise OSError("Ghostscript must never run")
        return real_popen(args, *rest, **kwargs)

    monkeypatch.setattr(EpsImagePlugin.EpsImageFile, "_open", eps_open)
    monkeypatch.setattr(EpsImagePlugin, "Ghostscript", ghostscript)
    monkeypatch.setattr(subprocess, "Popen", popen)
    return seen


@pytest.fixture
def bad_photo_office(tmp_path):
    """An office month with three exposed problems: one photo good, one a cut-off JPEG, one an EPS file (masked)."""
    from inspector import catalog, forms, workspace
    from inspector.field import inspections
    from inspector.oversight import review
    from inspector.register import inspectors, sites
    from tests.office_kit import BOARD_ITEM, WEEK_ITEM, at, inspect, problem_of

    ws = workspace.init_workspace(tmp_path / "ws", role="office")
    types = {t.code: t.name for t in catalog.get_catalog(ws.db).site_types}
    sites.import_sites(ws.db, forms.form_path(forms.DEMO_SITES_FILE), site_types=types)
    inspectors.import_roster(ws.db, forms.form_path(forms.DEMO_INSPECTORS_FILE))
    day = date(2026, 11, 2)
    done = inspect(ws, "YX-003", day, {WEEK_ITEM: 1, BOARD_ITEM: 1, "NL-ENV-008": 1})
    cut = _plate_photo()
    bad = {WEEK_ITEM: _plant(ws, cut[: len(cut) // 2], "cut.jpg"), BOARD_ITEM: _plant(ws, EPS, "eps.jpg")}
    for item, sha in bad.items():
        inspections.record_finding(
            ws.db, done.id, item, outcome="fail", count=1, photos=[sha], reason="换照片", recorded_at=at(day, 11)
        )
    problems = {item: problem_of(ws, done, item, date(2026, 11, 30)) for item in (WEEK_ITEM, BOARD_ITEM, "NL-ENV-008")}
    review.confirm(ws.db, [p.finding_id for p in problems.values()])
    for item, p in problems.items():
        masks = {p.photos[0]: [(10, 10, 40, 40)]} if item == BOARD_ITEM else None
        review.approve_exposure(ws.db, p.reference, masks=masks, clear=[] if masks else p.photos)
    yield ws, problems, bad
    ws.close()


def test_documents_with_bad_evidence_photos_are_still_made_and_say_so(bad_photo_office, no_ghostscript, tmp_path):
    from inspector.oversight import issuing
    from inspector.periods import parse_period

    ws, problems, bad = bad_photo_office
    period, issued = parse_period(NOVEMBER), date(2026, 11, 30)
    for fmt in ("pdf", "docx", "html"):
        made = issuing.issue(ws, "exposure", period, fmt=fmt, out=tmp_path / f"曝光台.{fmt}", issued_on=issued)
        assert made.counts["problems"] == 3  # no problem is dropped for its photo
        notes = "\n".join(made.warnings)
        assert all(sha[:12] in notes for sha in bad.values()) and "照片无法显示" in notes
        assert made.files[0].stat().st_size > 0
    text = pdf_text(tmp_path / "曝光台.pdf").replace("\n", "")
    assert all(p.reference in text for p in problems.values())
    images = subprocess.run(["pdfimages", "-list", str(tmp_path / "曝光台.pdf")], capture_output=True, text=True)
    assert images.returncode != 0 or len(images.stdout.strip().splitlines()) - 2 == 3  # placeholders included
    page = (tmp_path / "曝光台.html").read_text(encoding="utf-8")
    assert len(re.findall(r'<img src="([^"]+)"', page)) == 3
    circular = issuing.issue(ws, "circular", period, fmt="pdf", out=tmp_path / "通报.pdf", issued_on=issued)
    assert circular.files[0].is_file() and any("照片无法显示" in w for w in circular.warnings)
    notices = issuing.issue(ws, "notice", period, fmt="docx", out=tmp_path / "notices", issued_on=issued)
    assert notices.files and all(path.is_file() for path in notices.files)
    assert no_ghostscript == []


def test_doc_exposure_cli_writes_the_pdf_and_names_the_unusable_photos(bad_photo_office, no_ghostscript, tmp_path):
    from inspector.cli import main

    ws, _problems, bad = bad_photo_office
    ws.close()
    out = tmp_path / "曝光台.pdf"
    import contextlib

    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        code = main(["--workspace", str(ws.path), "doc", "exposure", "--period", NOVEMBER, "--out", str(out)])
    text = printed.getvalue()
    assert code == 0 and out.is_file(), text
    assert "注意" in text and "照片无法显示" in text and all(sha[:12] in text for sha in bad.values())
    assert no_ghostscript == []


def test_exposure_lines_follow_the_problem_state(ws, letterhead, tmp_path):
    from dataclasses import replace

    from inspector.oversight import reports, review
    from inspector.periods import parse_period
    from inspector.tracking.problems import list_problems
    from tests.office_kit import WEEK_ITEM, inspect

    inspect(ws, "YX-003", date(2026, 11, 2), {WEEK_ITEM: 1})  # due 11-09: past the deadline when issued
    inspect(ws, "WL-003", date(2026, 11, 28), {WEEK_ITEM: 1})  # due 12-05
    found = {p.site_code: p for p in list_problems(ws.db, today=date(2026, 11, 30))}
    review.confirm(ws.db, [p.finding_id for p in found.values()])
    for problem in found.values():
        review.approve_exposure(ws.db, problem.reference, clear=problem.photos)
    issued = date(2026, 11, 30)
    sheet = reports.exposure_sheet(ws, parse_period("2026-11"), issue=1, issued_on=issued, today=date(2026, 11, 5))
    entries = {e.reference: e for e in sheet.entries}
    early, late = entries[found["YX-003"].reference], entries[found["WL-003"].reference]
    assert (early.status, late.status) == ("overdue", "open")  # open on 11-05, but overdue on the issue date
    assert "已逾期，请立即整改" in entry_line(early) and "整改时限：" not in entry_line(early)
    assert "已逾期" not in entry_line(late) and "整改时限：2026年12月5日前" in entry_line(late)
    assert "待复查" in entry_line(replace(late, status="rectified")) and "已逾期" not in entry_line(replace(late))
    text = pdf_text(render_exposure(sheet, letterhead, tmp_path / "曝光台.pdf", "pdf").path).replace("\n", "")
    assert text.count("已逾期") == 1 and "请立即整改" in text
