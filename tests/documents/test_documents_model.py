"""Building blocks of the documents: line breaking, titles, numbers, letterhead, the Excel list."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import docx
import pytest
from openpyxl import load_workbook

from inspector.documents import write_problem_list
from inspector.documents.circular import build_circular, circular_title
from inspector.documents.linebreak import NO_LINE_END, NO_LINE_START, balanced_title_lines, break_lines
from inspector.documents.model import AttachmentNote, AttachmentStart, Heading, Masthead, Signature, cn_number
from inspector.documents.official import short_date
from inspector.documents.problems_xlsx import COLUMNS
from inspector.letters import DocumentError, Letterhead, short_reference
from tests import document_samples as samples


def _lines(text: str, width: float) -> list[str]:
    advances = [8.0 if ch.isascii() else 16.0 for ch in text]
    return [text[a:b] for a, b in break_lines(text, advances, [width])]


def test_line_breaks_keep_punctuation_rules_and_words():
    text = "发现问题356处（其中暗访发现201处），条目NL-ENV-001问题最多。“门前三包”落实不到位，整改率为87.5%。"
    for width in (80, 96, 112, 160, 200):
        lines = _lines(text, width)
        assert "".join(lines) == text
        for line in lines[1:]:
            assert line[0] not in NO_LINE_START, (width, lines)
        for line in lines[:-1]:
            assert line[-1] not in NO_LINE_END, (width, lines)
        assert not any("NL-ENV-001" not in line and "NL-" in line for line in lines)
        assert all(sum(8 if c.isascii() else 16 for c in line) <= width for line in lines if len(line) > 1)


def test_a_word_longer_than_the_line_is_split():
    lines = _lines("编号" + "a" * 40, 100)
    assert "".join(lines) == "编号" + "a" * 40
    assert all(len(line) * 8 <= 100 or not line.isascii() for line in lines)


def test_long_titles_break_into_a_trapezoid():
    lines = balanced_title_lines("关于开展背街小巷和农贸市场环境卫生专项整治工作督查情况的通报", 20)
    assert len(lines) == 2
    assert len(lines[0]) >= len(lines[1])
    assert balanced_title_lines("短标题", 20) == ["短标题"]
    assert balanced_title_lines("第一行\n第二行", 20) == ["第一行", "第二行"]


def test_numbers_and_dates():
    assert [cn_number(n) for n in (1, 4, 10, 11, 20, 23)] == ["一", "四", "十", "十一", "二十", "二十三"]
    assert short_date(date(2026, 11, 4), 2026) == "11月4日"
    assert short_date(date(2027, 1, 5), 2026) == "2027年1月5日"
    assert short_reference("0196a3f2-7c1e-7000-8000-00000000beef") == "0000beef"  # the random tail, not the time


def test_letterhead_from_setting_and_number():
    letterhead = samples.sample_letterhead()
    assert letterhead.number(2026, 12) == "云创文办〔2026〕12号"
    assert letterhead.number(2026, 3) == "云创文办〔2026〕3号"  # no zero padding
    with pytest.raises(DocumentError) as caught:
        Letterhead.from_setting({"issuing_office": "云州市创文办"})
    assert "发文机关标志" in str(caught.value) and "发文字号前缀" in str(caught.value)
    setting = {"issuing_office": "a", "issuing_mark": "b", "number_prefix": "c", "signature": "d", "unknown": 1}
    partial = Letterhead.from_setting(setting)
    assert partial.printed_by == "d"


def test_circular_structure(tmp_path):
    data = samples.sample_circular(30, 2)
    document = build_circular(data, samples.sample_letterhead())
    kinds = [type(b) for b in document.blocks]
    assert kinds[0] is Masthead
    assert kinds.index(AttachmentNote) < kinds.index(Signature) < kinds.index(AttachmentStart)
    headings = [b.text for b in document.blocks if isinstance(b, Heading) and b.level == 1]
    assert headings == ["一、总体情况", "二、存在问题", "三、排名情况", "四、整改要求"]
    without = build_circular(type(data)(**{**data.__dict__, "rankings": ()}), samples.sample_letterhead())
    assert [b.text for b in without.blocks if isinstance(b, Heading) and b.level == 1][-1] == "三、整改要求"
    assert document.imprint is not None and document.imprint.printed_on == data.issued_on
    assert "\n" in circular_title(data)  # the customary break before 工作 while the first line clearly fits
    long = samples.sample_circular(6, 0, long_names=True)
    assert "\n" not in circular_title(long)  # a long period: the renderers balance the title


def test_notice_title_is_one_text_with_names_as_terms_and_a_lead_in_kept_with_its_photos():
    from inspector.documents.model import Figure, Paragraph
    from inspector.documents.notice import build_notice, notice_title

    data = samples.sample_notice(3, long_names=True)
    assert notice_title(data) == f"关于限期整改{samples.LONG_PERIOD}文明城市创建督查发现问题的通知"
    document = build_notice(data, samples.sample_letterhead())
    assert data.unit in document.terms and data.problems[0].site in document.terms
    blocks = document.blocks
    (lead,) = [k for k, b in enumerate(blocks) if isinstance(b, Paragraph) and b.text == "现场照片如下："]
    assert blocks[lead].keep_with_next and isinstance(blocks[lead + 1], Figure)


def test_excel_problem_list(tmp_path):
    rows = samples.sample_problems(40)
    aware = rows[0].__class__(
        **{**rows[0].__dict__, "inspected_at": datetime(2026, 10, 2, 1, 30, tzinfo=timezone(timedelta(hours=0)))}
    )
    rows[0] = aware
    out = write_problem_list(rows, tmp_path / "问题清单.xlsx")
    book = load_workbook(out)
    sheet = book.active
    header = [c.value for c in sheet[1]]
    assert header == [name for name, _, _ in COLUMNS]
    assert header[:4] == ["序号", "编号", "区", "街道"] and header[-1] == "督查员"
    assert sheet.max_row == len(rows) + 1
    assert sheet.auto_filter.ref == f"A1:P{len(rows) + 1}"
    assert sheet.freeze_panes == "A2"
    assert all(c.font.bold for c in sheet[1])
    deadline = sheet.cell(row=2, column=header.index("整改时限") + 1)
    inspected = sheet.cell(row=3, column=header.index("检查时间") + 1)
    assert isinstance(deadline.value, datetime) and deadline.is_date
    assert isinstance(inspected.value, datetime) and inspected.is_date
    assert sheet.cell(row=2, column=header.index("扣分") + 1).value == rows[0].deduction
    assert sheet.column_dimensions["H"].width >= 30  # 问题描述
    assert sheet.cell(row=2, column=2).value == rows[0].reference
    assert any("堃" in (sheet.cell(row=r, column=11).value or "") for r in range(2, sheet.max_row + 1))


def test_line_breaks_in_data_do_not_break_paragraphs(tmp_path):
    from inspector.documents.docx import render_docx
    from inspector.documents.model import Document, para
    from inspector.documents.pdf import render_pdf

    doc = Document("换行").add(para("第一行\n第二行\t第三行"))
    report = render_pdf(doc, tmp_path / "x.pdf")
    assert [p.text for p in report.placed("body")] == ["第一行 第二行 第三行"]
    word = docx.Document(str(render_docx(doc, tmp_path / "x.docx").path))
    assert [p.text for p in word.paragraphs if p.text] == ["第一行 第二行 第三行"]
