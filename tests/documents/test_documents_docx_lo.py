"""The DOCX printed through LibreOffice: page count close to the PDF renderer's, every line inside the 版心, titles
and table cells broken between words, the 版记 on the last page.

LibreOffice's DOCX import ignores w:autoSpaceDE/w:autoSpaceDN (writerfilter DomainMapper: both cases only
`break`), so it still spaces digits off from Chinese; Word and WPS honour the setting. The width estimates in
docx.py allow for that gap, and these tests measure the result. LibreOffice also reads w:overflowPunct inverted
(val 0, "keep punctuation inside", becomes hanging punctuation), so a line there may end with one closing
punctuation mark past the 版心; Word and WPS keep it inside.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from datetime import UTC, datetime
from html import unescape
from pathlib import Path

import pytest

from inspector import clock
from inspector.documents import layout as L
from inspector.documents import render as render_model
from inspector.documents import render_circular, render_notice
from inspector.documents.model import Column, Document, Table
from tests import document_samples as samples
from tests import lo_kit

PERIOD = "2026年11月9日至2026年12月5日"
TOLERANCE = 1.0  # pt
HANGING = "，。、；：？！）》”’"
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


def _tools() -> None:
    lo_kit.soffice()
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) is not installed")


def _counted_cells() -> Document:
    """A table whose narrow cells hold counts in brackets, where a careless break would split （2处）."""
    notes = ("路面破损坑洼（2处）", "机动车乱停放占用盲道（12处）", "公益广告破损褪色（3处）", "垃圾桶满溢（1处）")
    rows = tuple((str(k), f"{note}，责任单位未及时处置（{k}处）", "12月11日") for k, note in enumerate(notes, 1))
    table = Table((Column("序号", 0.6, "center"), Column("问题", 2.2), Column("整改时限", 1.1)), rows * 6)
    return Document("计数不拆行", [table])


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """The demo-like circular and a notice, as DOCX converted by LibreOffice and as the PDF renderer's own PDF."""
    _tools()
    folder = tmp_path_factory.mktemp("docx_lo")
    letterhead = samples.sample_letterhead()
    documents = {
        "circular": (render_circular, replace(samples.sample_circular(36, 6), period_label=PERIOD)),
        "notice": (render_notice, replace(samples.sample_notice(), period_label=PERIOD)),
        "cells": (lambda doc, _letterhead, out, fmt: render_model(doc, out, fmt), _counted_cells()),
    }
    reference_pages = {}
    with clock.travel(datetime(2026, 12, 6, 1, 0, tzinfo=UTC)):
        for name, (render, data) in documents.items():
            render(data, letterhead, folder / f"{name}.docx", "docx")
            reference_pages[name] = render(data, letterhead, folder / "reference" / f"{name}.pdf", "pdf").pages
    lo_kit.to_pdf([folder / f"{name}.docx" for name in documents], folder, timeout=120)
    return {name: (folder / f"{name}.pdf", reference_pages[name]) for name in documents}


def _pages(pdf: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """Word boxes per page from pdftotext -bbox."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, check=True, text=True).stdout
    pages = []
    for page in html.split("<page ")[1:]:
        pages.append([(*map(float, m.groups()[:4]), unescape(m.group(5))) for m in WORD.finditer(page)])
    return pages


def _lines(pdf: Path, page: int) -> list[str]:
    out = subprocess.run(
        ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    return out.splitlines()


@pytest.mark.parametrize("name", ["circular", "notice"])
def test_page_count_close_to_the_pdf(printed, name):
    pdf, reference = printed[name]
    assert abs(len(_pages(pdf)) - reference) <= 1


@pytest.mark.parametrize("name", ["circular", "notice"])
def test_every_line_inside_the_text_block(printed, name):
    pdf, _ = printed[name]
    left, right = L.MARGIN_LEFT - TOLERANCE, L.MARGIN_LEFT + L.TEXT_WIDTH + TOLERANCE
    top, bottom = L.MARGIN_TOP - TOLERANCE, L.MARGIN_TOP + L.TEXT_HEIGHT + TOLERANCE
    checked = 0
    for number, words in enumerate(_pages(pdf), start=1):
        for x0, y0, x1, y1, text in words:
            assert x0 >= 0 and x1 <= L.PAGE_WIDTH and y0 >= 0 and y1 <= L.PAGE_HEIGHT, (number, text)
            if y0 >= bottom and re.fullmatch(r"—|\d+", text):
                continue  # the page number under the 版心
            hang = L.BODY_SIZE if text[-1] in HANGING else 0.0  # LibreOffice's hanging punctuation, see above
            assert left <= x0 and x1 <= right + hang, f"page {number}: {text!r} at x {x0:.1f}–{x1:.1f}"
            assert top <= y0 and y1 <= bottom, f"page {number}: {text!r} at y {y0:.1f}–{y1:.1f}"
            checked += 1
    assert checked > 100


@pytest.mark.parametrize("name", ["circular", "notice"])
def test_imprint_on_the_last_page(printed, name):
    pdf, _ = printed[name]
    pages = _pages(pdf)
    texts = ["".join(w[4] for w in words) for words in pages]
    assert [k for k, text in enumerate(texts) if "印发" in text] == [len(pages) - 1]
    assert "抄送" in texts[-1]
    imprint = [w for w in pages[-1] if "印发" in w[4]]
    assert max(w[3] for w in imprint) > L.MARGIN_TOP + L.TEXT_HEIGHT - L.LINE_PITCH  # on the 版心 bottom


def test_titles_break_between_words(printed):
    """The long dates stay on one line each; 文明城市 is not parted."""
    for name, first in (("notice", "关于限期整改"), ("circular", "关于")):
        pdf, _ = printed[name]
        lines = [re.sub(r"\s+", "", line) for line in _lines(pdf, 1)]
        start = next(k for k, line in enumerate(lines) if line.startswith(first))
        title = lines[start : start + 3]
        for date in ("2026年11月9日", "2026年12月5日"):
            assert any(date in line for line in title), (name, title)
        assert any("文明城市" in line for line in title), (name, title)


def test_table_cells_keep_counts_whole(printed):
    """No line in a table cell ends inside a number with its unit or a bracketed count such as （2处）."""
    pdf, _ = printed["cells"]
    pages = _pages(pdf)
    counts = 0
    for number in range(1, len(pages) + 1):
        for line in _lines(pdf, number):
            for fragment in re.split(r"\s{2,}", line.strip()):
                counts += len(re.findall(r"（ ?\d+ ?处）", fragment))  # LibreOffice spaces digits off
                assert not re.search(r"（[ \d]*处?$", fragment), (number, fragment)
                assert not re.match(r"^[ \d]*处?）", fragment), (number, fragment)
    assert counts > 0
