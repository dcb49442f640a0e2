"""The circular as a PDF: embedded fonts, extracted text, and the GB/T 9704 positions measured from the PDF itself."""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from PIL import Image

from inspector import fonts
from inspector.documents import layout as L
from inspector.documents import render_circular
from inspector.documents.circular import build_circular, circular_title
from inspector.documents.fontset import FontSet, shared_fonts
from inspector.documents.model import Addressee, Document, Heading, Imprint, Masthead, Signature, Title, para
from inspector.documents.pdf import render_pdf
from tests import document_samples as samples

MM = L.MM
TOLERANCE = 1 * MM
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
LOREM = (
    "各区要把文明城市创建工作作为重要任务，压实属地责任，对照测评体系逐项查找短板，"
    "做到问题不解决不放过、整改不到位不放过、群众不满意不放过。"
)


def need(*tools: str) -> None:
    missing = [t for t in tools if shutil.which(t) is None]
    if missing:
        pytest.skip(f"poppler-utils not installed ({', '.join(missing)})")


def words(pdf: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """Word boxes per page from pdftotext -bbox, in points from the page's top-left corner."""
    need("pdftotext")
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, check=True, text=True).stdout
    return [
        [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in WORD.findall(page)]
        for page in out.split("<page ")[1:]
    ]


def text_of(pdf: Path) -> str:
    need("pdftotext")
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True, text=True).stdout


def rows_of_color(pdf: Path, page: int, match, tmp_path: Path, dpi: int = 144) -> list[tuple[float, float, float]]:
    """Horizontal rules on a page drawn by pdftoppm: (y, x_start, x_end) in points for rows of matching pixels."""
    need("pdftoppm")
    stem = tmp_path / f"rule-{page}"
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), str(pdf), str(stem)], check=True
    )
    image = Image.open(next(tmp_path.glob(f"rule-{page}*.png"))).convert("RGB")
    width, height = image.size
    pixels = image.load()
    scale = 72 / dpi
    rules = []
    for y in range(height):
        xs = [x for x in range(0, width, 2) if match(pixels[x, y])]
        if len(xs) > width * 0.3:
            rules.append((y * scale, xs[0] * scale, xs[-1] * scale))
    return rules


def is_red(p) -> bool:
    return p[0] > 180 and p[1] < 90 and p[2] < 90


def is_dark(p) -> bool:
    return sum(p) < 200


@pytest.fixture(scope="module")
def letterhead():
    return samples.sample_letterhead()


@pytest.fixture(scope="module")
def circular(tmp_path_factory, letterhead):
    data = samples.sample_circular(36, 6)
    out = tmp_path_factory.mktemp("circular") / "通报.pdf"
    report = render_circular(data, letterhead, out, "pdf")
    return data, report


@pytest.fixture(scope="module")
def grid_doc(tmp_path_factory, letterhead):
    """A plain document with three pages of body text, for the grid and page-number checks."""
    doc = Document("栅格测试").add(
        Masthead(letterhead.issuing_mark, letterhead.number(2026, 3)),
        Title("关于栅格测试的通知"),
        Addressee("各区创文办"),
    )
    for k in range(12):
        doc.add(Heading(1, f"{'一二三四五六七八九十'[k % 10]}、测试标题"), para(LOREM * 2))
    doc.add(Signature(letterhead.signature, date(2026, 11, 27)))
    doc.imprint = Imprint("市委办公室，市政府办公室", letterhead.printed_by, date(2026, 11, 27))
    out = tmp_path_factory.mktemp("grid") / "grid.pdf"
    return render_pdf(doc, out)


def test_every_font_is_embedded(circular):
    need("pdffonts")
    _, report = circular
    out = subprocess.run(["pdffonts", str(report.path)], capture_output=True, check=True, text=True).stdout
    header, dashes, *rows = out.splitlines()
    spans = [(m.start(), m.end()) for m in re.finditer(r"-+", dashes)]
    emb = next(span for span in spans if header[span[0] : span[1]].strip() == "emb")
    assert rows, "no fonts in the PDF"
    for row in rows:
        assert row[emb[0] : emb[1]].strip() == "yes", f"font not embedded: {row}"
    assert "Type 3" not in out and "Helvetica" not in out


def test_text_carries_title_number_and_page_numbers(circular, letterhead):
    data, report = circular
    text = text_of(report.path)
    flat = text.replace("\n", "")
    assert circular_title(data).replace("\n", "") in flat
    assert "云创文办〔2026〕12号" in text
    assert "— 1 —" in text and "— 2 —" in text
    assert "2026年11月3日" in text  # no zero padding
    assert letterhead.issuing_mark in text


def test_rare_name_characters_print_as_themselves(circular):
    _data, report = circular
    text = text_of(report.path)
    for name in ("刘堃", "堃元物业服务有限公司"):
        assert name in text.replace("\n", "")
    assert report.missing_glyphs == set()
    fontset = shared_fonts()
    for ch in "堃喆":
        face = fontset.face_for("fangsong", ch)
        assert fonts.covers(face.choice, ch) == set(), f"{ch} drawn with {face.choice.family}, which lacks it"


def test_per_character_fallback_when_the_role_font_lacks_a_glyph(tmp_path):
    dejavu = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not dejavu.exists():
        pytest.skip("DejaVu Sans not installed")
    latin = fonts.FontChoice("fangsong", "DejaVu Sans", dejavu, 0, False)
    fontset = FontSet({"fangsong": latin})
    runs = fontset.runs("Liu 刘堃 Chen 陈喆", "fangsong")
    for name, run in runs:
        face = next(f for f in fontset.chains["fangsong"] if f.name == name)
        assert fonts.covers(face.choice, run) == set(), f"{run!r} drawn in {face.choice.family}"
    used = {name for name, _ in runs}
    assert len(used) >= 2 and fontset.name("fangsong") in used  # Latin in the role's font, the rest in CJK fonts
    doc = Document("回退").add(para("督查员：刘堃、陈喆。"))
    report = render_pdf(doc, tmp_path / "fallback.pdf", fontset)
    assert "刘堃、陈喆" in text_of(report.path)
    assert report.missing_glyphs == set()


def test_masthead_positions_from_the_pdf(circular, tmp_path):
    _, report = circular
    page = words(report.path)[0]
    mark = next(w for w in page if w[4] == "云州市创文办")
    assert abs(mark[1] - (L.MARGIN_TOP + L.MARK_TOP)) < TOLERANCE
    assert abs((mark[0] + mark[2]) / 2 - (L.MARGIN_LEFT + L.TEXT_WIDTH / 2)) < TOLERANCE
    number = next(w for w in page if w[4].startswith("云创文办"))
    mark_size = mark[3] - mark[1]
    expected_number_top = mark[1] + mark_size + 2 * L.LINE_PITCH + (L.LINE_PITCH - 16) / 2
    assert abs(number[1] - expected_number_top) < TOLERANCE
    red = rows_of_color(report.path, 1, is_red, tmp_path)
    assert red, "no red separator found"
    rule_y = (red[0][0] + red[-1][0]) / 2
    assert abs(rule_y - (number[3] + 4 * MM)) < TOLERANCE
    assert abs(red[0][1] - L.MARGIN_LEFT) < TOLERANCE
    assert abs(red[0][2] - (L.MARGIN_LEFT + L.TEXT_WIDTH)) < TOLERANCE
    assert abs((red[-1][0] - red[0][0]) + 0.5 - L.RED_LINE_WIDTH) < 0.5 * MM
    title = next(w for w in page if w[4].startswith("关于"))
    assert abs(title[1] - (rule_y + 2 * L.LINE_PITCH + (L.LINE_PITCH - L.TITLE_SIZE) / 2)) < TOLERANCE
    assert abs(title[3] - title[1] - L.TITLE_SIZE) < 0.5


def test_layout_log_matches_the_standard(circular):
    _, report = circular
    (mark,) = report.placed("mark")
    (number,) = report.placed("number")
    (red,) = report.placed("red_line")
    assert abs(mark.top - (L.MARGIN_TOP + 35 * MM)) < 0.01
    assert abs(number.top - (mark.top + mark.height + 2 * L.LINE_PITCH + (L.LINE_PITCH - 16) / 2)) < 0.01
    assert abs(red.top - (number.top + 16 + 4 * MM)) < 0.01
    assert abs(red.width - 156 * MM) < 0.01 and abs(red.x - 28 * MM) < 0.01
    titles = report.placed("title", page=1)
    assert abs(titles[0].top - (red.top + 2 * L.LINE_PITCH + (L.LINE_PITCH - 22) / 2)) < 0.01
    assert len(titles) == 2 and titles[0].width >= titles[1].width  # long title breaks, upper line longer
    (addressee,) = report.placed("addressee")
    assert addressee.text.endswith("：") and abs(addressee.x - L.MARGIN_LEFT) < 0.01
    assert addressee.top - titles[-1].top >= 2 * L.LINE_PITCH - 0.01  # one blank line under the title
    for line in report.placed("body"):
        offset = (line.top - L.MARGIN_TOP - (L.LINE_PITCH - 16) / 2) / L.LINE_PITCH
        assert abs(offset - round(offset)) < 1e-6, "body line off the grid"
        assert 0 <= round(offset) < 22
        assert line.x + line.width <= L.MARGIN_LEFT + L.TEXT_WIDTH + 0.5


def test_signature_attachment_and_imprint(circular):
    data, report = circular
    office, day = report.placed("signature")
    assert day.text == "2026年11月3日"
    assert day.top - office.top == pytest.approx(L.LINE_PITCH)
    right = L.MARGIN_LEFT + L.TEXT_WIDTH
    if day.width <= office.width:
        assert office.x + office.width + L.CHAR_SPACE == pytest.approx(right - 2 * L.CHAR_ADVANCE, abs=0.5)
        assert day.x == pytest.approx(office.x + 2 * L.CHAR_ADVANCE, abs=0.01)
    (label,) = report.placed("attachment")
    assert label.text == "附件" and label.page > office.page
    assert label.top == pytest.approx(L.MARGIN_TOP + (L.LINE_PITCH - 16) / 2)
    assert label.x == pytest.approx(L.MARGIN_LEFT)
    attachment_title = report.placed("title", page=label.page)[0]
    assert attachment_title.top == pytest.approx(L.MARGIN_TOP + 2 * L.LINE_PITCH + (L.LINE_PITCH - 22) / 2)
    rules = report.placed("imprint_rule")
    assert {r.page for r in rules} == {report.pages}
    assert rules[-1].top == pytest.approx(L.MARGIN_TOP + L.TEXT_HEIGHT)
    thick, thin = round(L.IMPRINT_THICK, 3), round(L.IMPRINT_THIN, 3)
    assert [round(r.height, 3) for r in rules] == [thick, thin, thick]
    table_rows = [p for p in report.placed("table") if p.page >= label.page]
    assert any(p.text == data.problems[-1].reference for p in table_rows)


def test_imprint_rules_measured_from_pixels(circular, tmp_path):
    _, report = circular
    dark = rows_of_color(report.path, report.pages, is_dark, tmp_path)
    bottom = L.MARGIN_TOP + L.TEXT_HEIGHT
    last_rule = [r for r in dark if abs(r[0] - bottom) < 2 * MM]
    assert last_rule, "no thick rule on the 版心 bottom of the last page"
    assert all(
        abs(r[1] - L.MARGIN_LEFT) < TOLERANCE and abs(r[2] - (L.MARGIN_LEFT + L.TEXT_WIDTH)) < TOLERANCE
        for r in last_rule
    )


def test_grid_pitch_first_line_and_page_numbers_from_the_pdf(grid_doc):
    pages = words(grid_doc.path)
    assert len(pages) >= 3
    for index, page in enumerate(pages, start=1):
        numbers = [w for w in page if w[4] == str(index)]
        assert numbers, f"page number {index} missing"
        number = max(numbers, key=lambda w: w[1])
        dashes = sorted((w for w in page if w[4] == "—" and abs(w[1] - number[1]) < 1), key=lambda w: w[0])
        assert len(dashes) == 2
        # The em box's top half a size above the 一字线, which lies 7 mm under the 版心 (GB/T 9704 7.5).
        assert abs(number[1] + L.PAGE_NUMBER_SIZE / 2 - (L.MARGIN_TOP + L.TEXT_HEIGHT + 7 * MM)) < TOLERANCE
        if index % 2:
            assert abs(dashes[-1][2] - (L.MARGIN_LEFT + L.TEXT_WIDTH - L.PAGE_NUMBER_SIZE)) < TOLERANCE
        else:
            assert abs(dashes[0][0] - (L.MARGIN_LEFT + L.PAGE_NUMBER_SIZE)) < TOLERANCE
    body = sorted({round(w[1], 2) for w in pages[1] if w[1] < L.MARGIN_TOP + L.TEXT_HEIGHT and w[3] - w[1] > 15})
    assert len(body) >= 20
    assert abs(body[0] - (L.MARGIN_TOP + (L.LINE_PITCH - 16) / 2)) < TOLERANCE
    ascent = shared_fonts().ascent("fangsong")
    first = min((w for w in pages[1] if w[3] - w[1] > 15), key=lambda w: w[1])
    baseline = first[3] - (1 - ascent) * 16  # the box a reader reports runs from ascent to descent
    assert abs(baseline - (L.MARGIN_TOP + (L.LINE_PITCH - 16) / 2 + ascent * 16)) < TOLERANCE
    for upper, lower in itertools.pairwise(body):
        steps = (lower - upper) / L.LINE_PITCH
        assert abs(steps - round(steps)) * L.LINE_PITCH < 0.1
    full = [w for w in pages[1] if w[2] - w[0] > 400]
    assert full and all(abs(w[0] - L.MARGIN_LEFT) < 0.5 or w[0] > L.MARGIN_LEFT for w in full)
    assert all(w[2] <= L.MARGIN_LEFT + L.TEXT_WIDTH + 1 for w in full)


def test_page_number_dashes_lie_7_mm_under_the_text_block_in_pixels(grid_doc, tmp_path):
    need("pdftoppm")
    for page in (1, 2):
        dash = min((w for w in words(grid_doc.path)[page - 1] if w[4] == "—"), key=lambda w: w[0])
        stem = tmp_path / f"number-{page}"
        subprocess.run(["pdftoppm", "-png", "-r", "288", "-f", str(page), "-l", str(page), grid_doc.path, stem])
        image = Image.open(next(tmp_path.glob(f"number-{page}*.png"))).convert("L")
        scale = 288 / 72
        left, right = int(dash[0] * scale) + 4, int(dash[2] * scale) - 4
        rows = [
            y
            for y in range(int((dash[1] - 4) * scale), int((dash[3] + 4) * scale))
            if sum(image.getpixel((x, y)) < 128 for x in range(left, right)) > (right - left) * 0.6
        ]
        assert rows, "no dash found"
        middle = (rows[0] + rows[-1]) / 2 / scale
        assert abs(middle - (L.MARGIN_TOP + L.TEXT_HEIGHT + 7 * MM)) < 0.5 * MM
        log = grid_doc.placed("page_number", page)[0]
        assert log.top == pytest.approx(L.MARGIN_TOP + L.TEXT_HEIGHT + 7 * MM - L.PAGE_NUMBER_SIZE / 2)
        inset = L.PAGE_NUMBER_SIZE
        expected = L.MARGIN_LEFT + L.TEXT_WIDTH - inset - log.width if page % 2 else L.MARGIN_LEFT + inset
        assert log.x == pytest.approx(expected) and log.top + log.height < L.PAGE_HEIGHT


def test_grid_lines_hold_28_characters(grid_doc):
    lines = [p for p in grid_doc.placed("body") if len(p.text) == 28 and abs(p.x - L.MARGIN_LEFT) < 0.01]
    assert lines, "no full 28-character line"
    for line in lines:
        assert line.width == pytest.approx(L.TEXT_WIDTH, abs=0.5)


def test_missing_fonts_raise_the_install_hint(monkeypatch, tmp_path, letterhead):
    from inspector.documents import fontset
    from inspector.errors import FontNotFoundError

    def no_font(role: str):
        raise FontNotFoundError("没有找到可用于“仿宋”的中文字体。sudo apt-get install fonts-arphic-uming")

    monkeypatch.setattr(fonts, "find_font", no_font)
    fontset.reset_fonts()
    try:
        with pytest.raises(FontNotFoundError, match="apt-get install"):
            render_circular(samples.sample_circular(3, 0), letterhead, tmp_path / "x.pdf", "pdf")
        assert not (tmp_path / "x.pdf").exists()
    finally:
        fontset.reset_fonts()


def test_build_once_render_twice_same_text(tmp_path, letterhead):
    data = samples.sample_circular(12, 0)
    doc = build_circular(data, letterhead)
    report = render_pdf(doc, tmp_path / "a.pdf")
    text = text_of(report.path).replace("\n", "")
    for problem in data.problems:
        assert problem.reference in text
