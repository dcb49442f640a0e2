"""Reading CSV/XLSX tables: encodings, Excel row numbers, cell rendering, bad files, header matching."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from inspector.errors import ValidationError
from inspector.tabular import Table, cell_text, match_headers, read_table


def write_xlsx(path, rows, title="Sheet1"):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def problems_of(excinfo):
    return excinfo.value.problems


def test_csv_utf8_with_bom_rows_numbered_as_in_excel(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes("\ufeff名称, 数量 \n 甲 ,1\n,\n乙,2\n".encode())
    table = read_table(path)
    assert table.file == "t.csv"
    assert table.headers == ["名称", "数量"]
    assert table.rows == [(2, {"名称": "甲", "数量": "1"}), (4, {"名称": "乙", "数量": "2"})]


def test_csv_without_bom_and_quoted_multiline_cell_keeps_row_numbers(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text('名称,备注\n甲,"两行\n备注"\n乙,x\n', encoding="utf-8")
    table = read_table(path)
    assert [number for number, _ in table.rows] == [2, 3]
    assert table.rows[0][1]["备注"] == "两行\n备注"


def test_csv_gbk_from_chinese_excel(tmp_path):
    path = tmp_path / "gbk.csv"
    path.write_bytes("名称,地址\n幸福路农贸市场,幸福路36号\n".encode("gbk"))
    table = read_table(path)
    assert table.rows == [(2, {"名称": "幸福路农贸市场", "地址": "幸福路36号"})]


def test_csv_short_and_long_rows(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("a,b,c\n1\n1,2,3,4\n", encoding="utf-8")
    table = read_table(path)
    assert table.rows == [(2, {"a": "1", "b": "", "c": ""}), (3, {"a": "1", "b": "2", "c": "3"})]


def test_tab_separated_and_utf16_text(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes("名称\t地址\n甲\t一号\n".encode("utf-16"))
    assert read_table(path).rows == [(2, {"名称": "甲", "地址": "一号"})]


def test_xlsx_numbers_dates_and_empty_rows(tmp_path):
    path = write_xlsx(
        tmp_path / "t.xlsx",
        [
            ["编号", "数值", "日期", "文字"],
            [1001, 2.5, dt.datetime(2026, 11, 27), " 甲 "],
            [None, None, None, None],
            [3.0, 0.1, dt.datetime(2026, 11, 27, 8, 30), "乙"],
        ],
    )
    table = read_table(path)
    assert table.rows == [
        (2, {"编号": "1001", "数值": "2.5", "日期": "2026-11-27", "文字": "甲"}),
        (4, {"编号": "3", "数值": "0.1", "日期": "2026-11-27 08:30:00", "文字": "乙"}),
    ]


def test_xlsx_named_sheet(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.append(["说明"])
    other = workbook.create_sheet("点位")
    other.append(["名称"])
    other.append(["甲"])
    path = tmp_path / "t.xlsx"
    workbook.save(path)
    assert read_table(path).headers == ["说明"]
    assert read_table(path, sheet="点位").rows == [(2, {"名称": "甲"})]
    with pytest.raises(ValidationError) as excinfo:
        read_table(path, sheet="没有")
    assert "找不到工作表“没有”" in problems_of(excinfo)[0].message


def test_cell_text():
    assert cell_text(None) == ""
    assert cell_text(12.0) == "12"
    assert cell_text(13800000000) == "13800000000"
    assert cell_text(True) == "TRUE"
    assert cell_text(dt.date(2026, 1, 2)) == "2026-01-02"


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("photo.xlsx", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "不是有效的 Excel"),
        ("photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "不是文本表格"),
        ("empty.csv", b"", "文件是空的"),
        ("empty.xlsx", b"", "文件是空的"),
        ("blank.csv", b"\xef\xbb\xbf", "没有任何内容"),
        ("old.xls", b"\xd0\xcf\x11\xe0", ".xls"),
        ("notes.txt", b"a,b\n", "不支持的文件类型"),
        ("noheader.csv", b",,\n1,2,3\n", "第1行应为表头"),
    ],
)
def test_bad_files_raise_validation_error(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ValidationError) as excinfo:
        read_table(path)
    [problem] = problems_of(excinfo)
    assert problem.file == name
    assert expected in problem.message


def test_missing_file(tmp_path):
    with pytest.raises(ValidationError) as excinfo:
        read_table(tmp_path / "nowhere.csv")
    assert "找不到" in problems_of(excinfo)[0].message


def test_empty_xlsx_sheet(tmp_path):
    path = tmp_path / "t.xlsx"
    openpyxl.Workbook().save(path)
    with pytest.raises(ValidationError, match="没有任何内容"):
        read_table(path)


def test_match_headers_aliases_width_and_spaces():
    table = Table(file="f.csv", headers=["点位 编号", "Site_Type", "所属区（县）", "责任单位(选填)", ""], rows=[])
    aliases = {
        "code": ["点位编号", "code"],
        "site_type": ["点位类型", "site type"],
        "district": ["所属区", "区"],
        "unit": ["责任单位", "unit"],
        "street": ["街道", "street"],
        "name": ["点位名称", "name"],
    }
    mapping, problems = match_headers(table, aliases, ["code", "site_type", "district", "name"])
    assert mapping == {
        "code": "点位 编号",
        "site_type": "Site_Type",
        "district": "所属区（县）",
        "unit": "责任单位(选填)",
    }
    assert [(p.row, p.column) for p in problems] == [(1, "点位名称")]
    assert problems[0].message == "缺少“点位名称”列"


def test_match_headers_does_not_reuse_a_header():
    table = Table(file="f.csv", headers=["编号", "名称"], rows=[])
    mapping, problems = match_headers(table, {"code": ["编号"], "id": ["编号"]}, ["code", "id"])
    assert mapping == {"code": "编号"}
    assert [p.column for p in problems] == ["编号"]


def test_xlsx_values_match_what_openpyxl_reads(tmp_path):
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    from inspector.tabular import open_workbook

    for epoch in (None, CALENDAR_MAC_1904):
        book = openpyxl.Workbook()
        if epoch is not None:
            book.epoch = epoch
        sheet = book.active
        sheet.title = "数据"
        sheet.append(["文字", "整数", "小数", "日期", "日期时间", "时长", "真假", "中文日期", "富文本"])
        sheet.append(["甲", 1001, 2.5, dt.date(2026, 11, 27), dt.datetime(2026, 11, 27, 8, 30), dt.timedelta(hours=30)])
        sheet["G2"] = True
        sheet["H2"] = dt.datetime(2026, 1, 2)
        sheet["H2"].number_format = 'yyyy"年"m"月"d"日"'
        sheet["I2"] = CellRichText("红", TextBlock(InlineFont(b=True), "字"))
        sheet["B4"] = -7
        sheet["C4"] = 1e-7
        book.create_sheet("第二页").append(["x"])
        path = tmp_path / f"types-{epoch is None}.xlsx"
        book.save(path)

        expected_book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        ours = open_workbook(path)
        assert ours.sheet_names == expected_book.sheetnames == ["数据", "第二页"]
        for name in ours.sheet_names:
            expected = []
            for number, values in enumerate(expected_book[name].iter_rows(values_only=True), start=1):
                values = list(values)
                while values and values[-1] in (None, ""):
                    values.pop()
                if values:
                    expected.append((number, tuple(str(v) if isinstance(v, CellRichText) else v for v in values)))
            assert ours.rows(name) == expected
        expected_book.close()
    assert ours.rows("数据")[1][1][3] == dt.datetime(2026, 11, 27)


def test_xlsx_east_asian_builtin_date_format_is_a_date(tmp_path):
    from tests.spreadsheet_kit import SHEET_TAIL, sheet_head, workbook, write_zip

    styles = (
        b'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="31"/></cellXfs></styleSheet>'
    )
    rels = (
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"'
        b' Target="worksheets/sheet1.xml"/>'
        b'<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"'
        b' Target="styles.xml"/></Relationships>'
    )
    row = (
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>date</t></is></c></row>'
        b'<row r="2"><c r="A2" s="1"><v>46024</v></c></row>'
    )
    parts = workbook(sheet_head() + row + SHEET_TAIL)
    parts.update({"xl/styles.xml": styles, "xl/_rels/workbook.xml.rels": rels})
    table = read_table(write_zip(tmp_path / "cn-date.xlsx", parts))
    assert table.rows == [(2, {"date": "2026-01-02"})]


def test_a_csv_of_exactly_the_row_cap_is_read(tmp_path):
    from inspector.tabular import MAX_ROWS

    path = tmp_path / "cap.csv"
    path.write_bytes(b"n\n" + b"".join(b"%d\n" % n for n in range(2, MAX_ROWS + 1)))
    table = read_table(path)
    assert len(table.rows) == MAX_ROWS - 1 and table.rows[-1] == (MAX_ROWS, {"n": str(MAX_ROWS)})
