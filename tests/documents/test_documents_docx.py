"""The circular as DOCX, read back with python-docx: page, margins, grid, fonts, footers, attachment, 版记."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from lxml import etree

from inspector import clock
from inspector.documents import render, render_circular
from inspector.documents.circular import LIST_SIZE, circular_title
from inspector.documents.docx import TITLE_EMS, fit_lines, text_units
from inspector.documents.docx_xml import CELL_MARGIN_TWIPS, SEQUENCES
from inspector.documents.model import Document, Title, para
from tests import document_samples as samples
from tests import lo_kit

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
    lo_kit.soffice()
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils not installed")
    data, path, _ = circular
    (pdf,) = lo_kit.to_pdf([Path(path)], tmp_path)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True, text=True).stdout
    flat = text.replace("\n", "").replace(" ", "")
    assert "云创文办〔2026〕12号" in flat
    assert circular_title(data).replace("\n", "") in flat
    assert "抄送" in flat


def test_no_auto_space_and_no_hanging_punctuation(circular):
    _, _, document = circular
    defaults = document.styles.element.find(f"{W}docDefaults/{W}pPrDefault/{W}pPr")
    normal = document.styles["Normal"].element.find(f"{W}pPr")
    for ppr in (defaults, normal):
        for tag in ("autoSpaceDE", "autoSpaceDN", "overflowPunct"):
            assert ppr.find(f"{W}{tag}").get(qn("w:val")) == "0", tag
    fonts = document.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    assert fonts.get(qn("w:eastAsiaTheme")) is None and fonts.get(qn("w:eastAsia")) == "仿宋_GB2312"


def test_core_properties_are_the_documents_own(tmp_path):
    moment = datetime(2026, 11, 3, 9, 30, 15, 123456, tzinfo=UTC)
    document = Document("关于测试的通知", [Title("关于测试的通知"), para("正文。")], author="云州市创文办")
    with clock.travel(moment, ticking=False):
        render(document, tmp_path / "t.docx", "docx")
    with zipfile.ZipFile(tmp_path / "t.docx") as package:
        names = set(package.namelist())
        core = package.read("docProps/core.xml").decode()
    assert not any("thumbnail" in name for name in names)
    props = docx.Document(str(tmp_path / "t.docx")).core_properties
    assert props.title == "关于测试的通知"
    assert props.author == props.last_modified_by == "云州市创文办"
    assert props.created == props.modified == moment.replace(microsecond=0)
    assert props.revision == 1 and props.language == "zh-CN"
    assert "python-docx" not in core and props.comments == props.keywords == props.category == ""
    assert props.last_printed is None


def test_font_table_names_the_standard_fonts_with_substitutes(circular):
    _, path, _ = circular
    with zipfile.ZipFile(path) as package:
        fonts = etree.fromstring(package.read("word/fontTable.xml"))
    table = {f.get(qn("w:name")): f for f in fonts.iter(f"{W}font")}
    assert {"仿宋_GB2312", "仿宋", "黑体", "楷体_GB2312", "方正小标宋简体", "宋体", "Times New Roman"} <= set(table)
    assert not {"Calibri", "Cambria", "ＭＳ 明朝"} & set(table)  # nothing left from the template
    for name in ("仿宋_GB2312", "楷体_GB2312", "黑体", "方正小标宋简体"):
        font = table[name]
        assert font.find(f"{W}charset").get(qn("w:val")) == "86"
        assert [c.tag.replace(W, "") for c in font][:5] == ["altName", "panose1", "charset", "family", "pitch"]
    assert table["仿宋_GB2312"].find(f"{W}altName").get(qn("w:val")).split(",")[0] == "仿宋"
    assert table["楷体_GB2312"].find(f"{W}altName").get(qn("w:val")).split(",")[0] == "楷体"
    assert table["Times New Roman"].find(f"{W}charset").get(qn("w:val")) == "00"


@pytest.mark.parametrize(
    ("text", "width", "balanced", "expected"),
    [
        (
            "关于2026年11月9日至2026年12月5日全市文明城市创建工作督查情况的通报",
            TITLE_EMS,
            True,
            ["关于2026年11月9日至", "2026年12月5日全市文明城市", "创建工作督查情况的通报"],
        ),
        ("关于2026年10月全市文明城市创建", TITLE_EMS, True, ["关于2026年10月全市文明城市创建"]),
        ("公厕脏乱，地面积水（2处）", 6, False, ["公厕脏乱，", "地面积水", "（2处）"]),
        ("11月24日", 4, False, ["11月", "24日"]),
        ("96f6bd61", 4, False, ["96f6bd61"]),  # a word wider than the cell is left to the application
    ],
)
def test_line_breaks_keep_words_whole(text, width, balanced, expected):
    assert fit_lines(text, width, balanced=balanced) == expected


def test_title_and_cells_carry_the_breaks(circular):
    _, _, document = circular
    title = next(p for p in document.paragraphs if p.style.name == "公文标题")
    assert len(title._p.findall(f".//{W}br")) >= 1
    problem_list = next(t for t in document.tables if t.rows[0].cells[0].text == "序号")
    broken = [c for row in problem_list.rows for c in row.cells if c._tc.find(f".//{W}br") is not None]
    assert broken
    for cell in broken:
        ems = (cell.width / 12700 - 2 * CELL_MARGIN_TWIPS / 20) / LIST_SIZE
        lines = cell.text.split("\n")
        assert all(fit_lines(line, ems) == [line] for line in lines), lines
        assert all(text_units(line) <= ems for line in lines if len(line) > 1 and not line.isascii()), lines
