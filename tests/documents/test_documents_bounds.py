"""Nothing is drawn outside the 版心: titles, addressees, table cells, captions and names of any length, measured from
the PDF's own word boxes (pdftotext -bbox); and titles break between words."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from datetime import date
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspector.documents import layout as L
from inspector.documents.fontset import shared_fonts
from inspector.documents.linebreak import balanced_title_lines, title_lines
from inspector.documents.model import (
    Addressee,
    Column,
    Document,
    Figure,
    Heading,
    Imprint,
    Masthead,
    Picture,
    Signature,
    Table,
    Title,
    para,
)
from inspector.documents.notice import build_notice
from inspector.documents.pdf import render_pdf
from inspector.documents.segment import words
from tests import document_samples as samples

TOLERANCE = 0.3  # pt
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
PAGE_NUMBER = re.compile(r"^(—|\d+)$")

PIECES = (
    samples.LONG_PERIOD,
    "2026年10月",
    "（2处）",
    "〔2026〕12号",
    "《整改回执》",
    "“门前三包”",
    "NL-ENV-001",
    "International Plaza",
    "87.5%",
    "0871-63125678",
    "文明城市",
    "全国文明城市创建",
    "督查发现问题",
    "，",
    "。",
    "、",
    *samples.LONG_UNITS,
    *samples.LONG_SITES,
    *samples.LONG_DISTRICTS,
)
ALPHABET = "关于限期整改文明城市创建督查发现问题的通知堃喆镕珺玥旸淏昇彧翀赟犇垚abcXYZ0123456789（）《》“”，。、：-. "
piece = st.one_of(st.sampled_from(PIECES), st.text(alphabet=ALPHABET, min_size=1, max_size=10))
phrase = st.lists(piece, min_size=1, max_size=4).map("".join).map(str.strip).filter(bool)
long_phrase = st.lists(piece, min_size=3, max_size=14).map("".join).map(str.strip).filter(bool)


def need(*tools: str) -> None:
    missing = [t for t in tools if shutil.which(t) is None]
    if missing:
        pytest.skip(f"poppler-utils not installed ({', '.join(missing)})")


def word_boxes(pdf: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """Word boxes per page from pdftotext -bbox, in points from the page's top-left corner."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, check=True, text=True).stdout
    return [
        [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in WORD.findall(page)]
        for page in out.split("<page ")[1:]
    ]


def outside(pdf: Path) -> list[tuple[int, tuple[float, float, float, float, str]]]:
    """Word boxes that leave the 版心 (page numbers under it excepted, but they must stay on the page)."""
    left, top = L.MARGIN_LEFT - TOLERANCE, L.MARGIN_TOP - TOLERANCE
    right, bottom = L.MARGIN_LEFT + L.TEXT_WIDTH + TOLERANCE, L.MARGIN_TOP + L.TEXT_HEIGHT + TOLERANCE
    bad = []
    for page, boxes in enumerate(word_boxes(pdf), start=1):
        for box in boxes:
            x0, y0, x1, y1, text = box
            if y0 > bottom and PAGE_NUMBER.match(text):
                if not (left <= x0 and x1 <= right and y1 < L.PAGE_HEIGHT - 10 * L.MM):
                    bad.append((page, box))
            elif x0 < left or x1 > right or y0 < top or y1 > bottom:
                bad.append((page, box))
    return bad


@lru_cache(maxsize=1)
def _photo() -> bytes:
    return samples.sample_photo(7, (400, 300), watermark=False)


def _document(title: str, addressee: str, units: list[str], cells: list[str], caption: str) -> Document:
    letterhead = samples.sample_letterhead()
    doc = Document("边界测试", terms=tuple(units)).add(
        Masthead(letterhead.issuing_mark, letterhead.number(2026, 7)),
        Title(title),
        Addressee(addressee),
        para(f"{title}。{addressee}。"),
        Table(
            (Column("序号", 0.6, "center"), Column("责任单位", 2.4), Column("问题", 3.0), Column("数量", 0.9, "right")),
            tuple((str(n), unit, cells[n % len(cells)], f"（{n + 2}处）") for n, unit in enumerate(units)),
        ),
        para("现场照片如下：", keep_with_next=True),
        Figure((Picture(_photo(), caption), Picture(_photo(), units[0])), slots=2),
        Signature(units[-1], date(2026, 12, 4)),
    )
    doc.imprint = Imprint("，".join(units[:2]), units[0], date(2026, 12, 4))
    return doc


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    title=long_phrase,
    addressee=phrase,
    units=st.lists(phrase, min_size=1, max_size=4),
    cells=st.lists(long_phrase, min_size=1, max_size=3),
    caption=phrase,
)
def test_every_word_lies_inside_the_text_block(tmp_path, title, addressee, units, cells, caption):
    need("pdftotext")
    report = render_pdf(_document(title, addressee, units, cells, caption), tmp_path / "bounds.pdf")
    assert outside(report.path) == []
    for placed in report.layout:
        if placed.kind in ("page_number", "rule", "red_line", "imprint_rule", "table_box"):
            continue
        assert placed.x >= L.MARGIN_LEFT - TOLERANCE, placed
        assert placed.x + placed.width <= L.MARGIN_LEFT + L.TEXT_WIDTH + TOLERANCE, placed


def test_the_long_names_notice_stays_inside_and_keeps_its_dates_whole(tmp_path):
    need("pdftotext")
    data = samples.sample_notice(5, long_names=True)
    report = render_pdf(build_notice(data, samples.sample_letterhead()), tmp_path / "notice.pdf")
    assert outside(report.path) == []
    lines = [p.text for p in report.placed("title", page=1)]
    assert "".join(lines) == f"关于限期整改{samples.LONG_PERIOD}文明城市创建督查发现问题的通知"
    for line in lines:
        assert not line.endswith(("2026", "年", "12月", "11月")), lines
        assert not line.startswith(("年", "月", "日")), lines
    assert any("2026年12月4日" in line for line in lines) and any("2026年11月9日" in line for line in lines)
    assert not any(line.endswith("文明") or line.startswith("城市") for line in lines)


def test_the_long_names_circular_stays_inside(tmp_path):
    need("pdftotext")
    from inspector.documents import render_circular

    data = samples.sample_circular(24, 4, long_names=True)
    # references of the widest hex letters (short_reference is hex: b and d are wider than digits)
    wide = tuple(
        replace(row, reference="bdbdbd" + "bd"[k % 2] + "db"[k // 2 % 2]) for k, row in enumerate(data.problems)
    )
    data = replace(data, problems=wide)
    report = render_circular(data, samples.sample_letterhead(), tmp_path / "circular.pdf", "pdf")
    assert outside(report.path) == []
    cells = {p.text for p in report.placed("table")}
    for problem in data.problems:  # the 8-character reference is never split over two lines of its cell
        assert problem.reference in cells, problem.reference


def test_table_cells_keep_counts_whole(tmp_path):
    """Narrow cells break between words: （2处） and a number with its unit never split across lines."""
    need("pdftotext")
    notes = ("路面破损坑洼（2处）", "机动车乱停放占用盲道（12处）", "公益广告破损褪色（3处）", "垃圾桶满溢（1处）")
    rows = tuple((str(k), f"{note}，责任单位未及时处置（{k}处）", "12月11日") for k, note in enumerate(notes, 1))
    table = Table((Column("序号", 0.6, "center"), Column("问题", 2.2), Column("整改时限", 1.1)), rows * 6)
    report = render_pdf(Document("计数不拆行").add(table), tmp_path / "cells.pdf")
    assert outside(report.path) == []
    cells = [p.text for p in report.placed("table")]
    assert sum(len(re.findall(r"（\d+处）", text)) for text in cells) >= 2 * len(rows) * 6
    for text in cells:
        assert not re.search(r"（\d*处?$", text) and not re.match(r"^\d*处?）", text), text


def test_headings_keep_their_count_whole(tmp_path):
    heading = "一、云州经济技术开发区（云州高新技术产业开发区）（3处）"
    report = render_pdf(Document("标题测试").add(Heading(1, heading)), tmp_path / "heading.pdf")
    lines = [p.text for p in report.placed("heading")]
    assert "".join(lines) == heading and len(lines) == 2 and lines[-1].endswith("（3处）")


def test_segments_keep_numbers_dates_brackets_and_terms():
    assert words("关于限期整改2026年11月9日至2026年12月4日文明城市创建督查") == [
        "关于",
        "限期",
        "整改",
        "2026年11月9日",
        "至",
        "2026年12月4日",
        "文明城市",
        "创建",
        "督查",
    ]
    assert "（2处）" in words("卫生死角（2处）")
    assert "NL-ENV-001" in words("条目NL-ENV-001问题最多")
    assert "87.5%。" in words("整改率为87.5%。")
    assert "金碧路社区" in words("吴井街道金碧路社区", ["金碧路社区"])
    for word in words("发现问题356处（其中暗访发现201处），“门前三包”落实不到位"):
        assert word[0] not in "，。）”"


def test_titles_balance_into_a_trapezoid_without_splitting_words():
    fonts = shared_fonts()
    size = L.TITLE_SIZE
    lines = title_lines("关于开展全国文明城市创建工作督查情况的通报", lambda ch: fonts.advance("title", ch, size), 300)
    assert len(lines) == 2 and "".join(lines) == "关于开展全国文明城市创建工作督查情况的通报"
    widths = [sum(fonts.advance("title", ch, size) for ch in line) for line in lines]
    assert widths[0] >= widths[1] and widths[0] - widths[1] <= 3 * size
    assert not any(line.endswith(("文明", "全国")) for line in lines)
    for width in (200, 260, 320, 442):
        for line in title_lines(samples.LONG_PERIOD * 2, lambda ch: fonts.advance("title", ch, size), width):
            assert sum(fonts.advance("title", ch, size) for ch in line) <= width + 0.01
            assert not line.startswith(("年", "月", "日"))
    lines = balanced_title_lines("关于" + "长" * 50, 20)
    assert len(lines) == 3 and "".join(lines) == "关于" + "长" * 50
    assert [len(line) for line in lines] == sorted((len(line) for line in lines), reverse=True) and len(lines[0]) <= 20


def test_a_lead_in_moves_to_the_next_page_with_its_photos(tmp_path):
    letterhead = samples.sample_letterhead()
    filler = "各区要把文明城市创建工作作为重要任务，压实属地责任，对照测评体系逐项查找短板。"
    doc = Document("照片测试").add(Masthead(letterhead.issuing_mark, letterhead.number(2026, 8)), Title("照片测试"))
    photos = Figure((Picture(_photo(), "甲"), Picture(_photo(), "乙")), slots=2)
    doc.add(*[para(filler) for _ in range(5)], para("现场照片如下：", keep_with_next=True), photos)
    report = render_pdf(doc, tmp_path / "lead.pdf")
    (lead,) = [p for p in report.placed("body") if p.text == "现场照片如下："]
    (row,) = report.placed("figure")
    assert lead.page == row.page == 2
    assert lead.top == pytest.approx(L.MARGIN_TOP + L.top_in_cell(L.BODY_SIZE))


def test_a_photo_row_shrinks_rather_than_leave_a_hole(tmp_path):
    filler = "各区要把文明城市创建工作作为重要任务，压实属地责任，对照测评体系逐项查找短板。"
    photos = Figure((Picture(_photo(), "甲"), Picture(_photo(), "乙")), slots=2)
    full_lines = None
    for lines in range(8, 22):
        doc = Document("照片测试").add(*[para(filler) for _ in range(lines // 2)], photos)
        if lines % 2:
            doc.add(para("短"))
        report = render_pdf(doc, tmp_path / f"shrink-{lines}.pdf")
        (row,) = report.placed("figure")
        scale = float(row.text)
        assert L.FIGURE_MIN_SCALE - 1e-3 <= scale <= 1.0
        assert row.top + row.height <= L.MARGIN_TOP + L.TEXT_HEIGHT + 1e-6
        if row.page == 1 and scale < 1:
            full_lines = lines
        if row.page == 2:  # moved: even the smallest row would not have fitted under the text
            bodies = [p for p in report.placed("body") if p.page == 1]
            free = L.MARGIN_TOP + L.TEXT_HEIGHT - (bodies[-1].top - L.top_in_cell(16) + L.LINE_PITCH)
            assert free < row.height * L.FIGURE_MIN_SCALE + 1
    assert full_lines is not None, "no row was shrunk to stay on its page"


def test_the_imprint_lands_on_an_even_page(tmp_path):
    letterhead = samples.sample_letterhead()
    for count in (1, 30, 60):
        doc = Document("版记测试").add(Title("版记测试"), *[para("正文内容。" * 5) for _ in range(count)])
        doc.imprint = Imprint("各区创文办", letterhead.printed_by, date(2026, 12, 4))
        report = render_pdf(doc, tmp_path / f"imprint-{count}.pdf")
        rules = report.placed("imprint_rule")
        assert report.pages % 2 == 0 and {r.page for r in rules} == {report.pages}
        body_pages = {p.page for p in report.placed("body")}
        assert max(body_pages) >= report.pages - 1  # at most the one blank page before the 版记


def test_a_caption_longer_than_a_page_is_cut_inside_the_text_block(tmp_path):
    need("pdftotext")
    note = "现场发现垃圾桶满溢，周边散落垃圾，商户门前堆放杂物，" * 60  # an inspector's long note in the caption
    photos = Figure((Picture(_photo(), note), Picture(_photo(), "乙")), slots=2)
    report = render_pdf(Document("长说明").add(para("现场照片如下：", keep_with_next=True), photos), tmp_path / "c.pdf")
    assert outside(report.path) == []
    captions = report.placed("caption")
    assert sum(p.text.endswith("…") for p in captions) == 1  # the long caption is cut once; "乙" is whole
    assert all(p.top + p.height <= L.MARGIN_TOP + L.TEXT_HEIGHT + 0.3 for p in captions)


def test_a_copy_to_list_longer_than_half_a_page_is_refused(tmp_path):
    from inspector.documents.model import Imprint
    from inspector.letters import DocumentError

    fits = Document("版记").add(para("正文。"))
    fits.imprint = Imprint("、".join(f"第{k}区人民政府办公室" for k in range(1, 9)), "云州市创文办", date(2026, 12, 6))
    report = render_pdf(fits, tmp_path / "fits.pdf")
    assert all(p.top >= L.MARGIN_TOP - 0.3 for p in report.placed("imprint"))
    too_long = Document("版记").add(para("正文。"))
    too_long.imprint = Imprint("、".join(f"云州市第{k}区人民政府办公室" for k in range(1, 60)), "云州市创文办",
                               date(2026, 12, 6))  # fmt: skip
    with pytest.raises(DocumentError, match="版记需要"):
        render_pdf(too_long, tmp_path / "long.pdf")
    assert not (tmp_path / "long.pdf").exists()  # nothing half-written
