"""The circular as DOCX, read back with python-docx: page, margins, grid, fonts, footers, attachment, 版记."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from inspector.documents import render_circular, samples
from inspector.documents.circular import circular_title
from inspector.documents.docx_xml import SEQUENCES

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def circular(tmp_path_factory):
    data = samples.sample_circular(36, 6)
    out = tmp_path_factory.mktemp("docx") / "通报.docx"
    report = render_circular(data, samples.sample_letterhead(), out, "docx")
    return data, report.path, docx.Document(str(report.path))


def east_asian(style_or_run_element) -> str | None:
    fonts = style_or_run_element.find(f".//{W}rPr/{W}rFonts")
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def test_page_size_and_margins(circular):
    _, _, document = circular
    (section,) = document.sections
    for value, expected in (
        (section.page_width, Mm(210)),
        (section.page_height, Mm(297)),
        (section.top_margin, Mm(37)),
        (section.bottom_margin, Mm(35)),
        (section.left_margin, Mm(28)),
        (section.right_margin, Mm(26)),
    ):
        assert abs(value - expected) < Mm(0.1)
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579"
    assert grid.get(qn("w:type")) is None


def test_line_spacing_and_east_asian_fonts(circular):
    _, _, document = circular
    normal = document.styles["Normal"]
    assert normal.paragraph_format.line_spacing == Pt(28.95)
    assert normal.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert normal.font.size == Pt(16)
    assert normal.font.name == "Times New Roman"
    expected = {"Normal": "仿宋_GB2312", "一级标题": "黑体", "二级标题": "楷体_GB2312", "公文标题": "方正小标宋简体"}
    for name, font in expected.items():
        assert east_asian(document.styles[name].element) == font, name
    assert document.styles["公文标题"].font.size == Pt(22)
    assert document.styles["发文机关标志"].font.color.rgb is not None
    headings = [p for p in document.paragraphs if p.style.name == "一级标题"]
    assert [p.text for p in headings] == ["一、总体情况", "二、存在问题", "三、排名情况", "四、整改要求"]
    indent = normal.element.find(f"{W}pPr/{W}ind")
    assert indent.get(qn("w:firstLineChars")) == "200"


def test_text_number_title_signature(circular):
    data, _, document = circular
    texts = [p.text for p in document.paragraphs]
    assert "云创文办〔2026〕12号" in texts
    assert circular_title(data) in texts  # the same line break as the PDF
    assert "云州市创文办" in texts and "2026年11月3日" in texts
    assert texts[texts.index("2026年11月3日") - 1] == "云州市创文办"
    assert any(t.startswith("附件：") for t in texts)


def test_odd_and_even_page_number_footers(circular):
    _, _, document = circular
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    for footer, alignment in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        paragraph = footer.paragraphs[0]
        assert paragraph.alignment == alignment
        xml = paragraph._p
        assert [i.text.strip() for i in xml.iter(f"{W}instrText")] == ["PAGE"]
        assert {f.get(qn("w:fldCharType")) for f in xml.iter(f"{W}fldChar")} == {"begin", "separate", "end"}
        assert paragraph.text == "— 1 —"
        hints = [r.find(f"{W}rPr/{W}rFonts").get(qn("w:hint")) for r in xml.iter(f"{W}r")]
        assert set(hints) == {"eastAsia"}
        assert east_asian(xml) == "宋体"


def test_rare_characters_get_a_font_that_has_them(circular):
    _, _, document = circular
    body = document.element.body
    runs = [r for r in body.iter(f"{W}r") if any("堃" in (t.text or "") for t in r.iter(f"{W}t"))]
    assert runs
    for run in runs:
        assert east_asian(run) in ("仿宋", "黑体", "楷体", "宋体")


def test_elements_in_schema_order(circular):
    _, _, document = circular
    parts = [document.element, document.styles.element]
    parts += [s.footer._element for s in document.sections] + [s.even_page_footer._element for s in document.sections]
    checked = 0
    for part in parts:
        for element in part.iter(f"{W}rPr", f"{W}pPr", f"{W}sectPr"):
            sequence = SEQUENCES[element.tag.replace(W, "w:")]
            tags = [child.tag.replace(W, "w:") for child in element]
            assert all(tag in sequence for tag in tags), f"unknown child in {element.tag}: {tags}"
            # header and footer references form one choice group: either may come first
            order = [sequence.index("w:headerReference" if tag == "w:footerReference" else tag) for tag in tags]
            assert order == sorted(order), f"misordered children in {element.tag}: {tags}"
            checked += 1
    assert checked > 100


def test_attachment_on_new_page_and_imprint_at_bottom(circular):
    data, _, document = circular
    label = next(p for p in document.paragraphs if p.text == "附件")
    assert label.paragraph_format.page_break_before
    tables = document.tables
    problem_list = next(t for t in tables if t.rows[0].cells[0].text == "序号")
    assert len(problem_list.rows) == len(data.problems) + 2  # the header, a row per problem, 合计
    assert problem_list.rows[0]._tr.find(f"{W}trPr/{W}tblHeader") is not None
    imprint = tables[-1]
    position = imprint._tbl.find(f"{W}tblPr/{W}tblpPr")
    assert position is not None and position.get(qn("w:tblpYSpec")) == "bottom"
    assert imprint.rows[0].cells[0].text.startswith("抄送：")
    assert imprint.rows[-1].cells[-1].text == "2026年11月3日印发"


def test_photos_are_embedded(circular):
    data, _, document = circular
    photos = sum(len(e.photos) for g in data.groups for e in g.examples)
    assert photos == 6
    assert len(document.inline_shapes) == photos


def test_opens_in_libreoffice(circular, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils not installed")
    data, path, _ = circular
    profile = tmp_path / "profile"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / (Path(path).stem + ".pdf")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True, text=True).stdout
    flat = text.replace("\n", "").replace(" ", "")
    assert "云创文办〔2026〕12号" in flat
    assert circular_title(data).replace("\n", "") in flat
    assert "抄送" in flat
