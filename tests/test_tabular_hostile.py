"""Hostile spreadsheets: each is refused with one clear message, in bounded memory, by every reader that takes it.

The files are built here, cheaply: sheet XML written directly, a ZIP bomb from repeated deflate blocks.
Memory is measured (tracemalloc peak and peak-RSS growth); the tests never look at the clock.
"""

from __future__ import annotations

import functools
import os
import sys

import pytest

from inspector import catalog
from inspector.errors import ValidationError
from inspector.register import inspectors, sites
from inspector.tabular import MAX_ROWS, read_rows, read_table
from inspector.tabular.source import CSV_MAX_BYTES
from tests.conftest import FORMS
from tests.spreadsheet_kit import (
    SHEET,
    SHEET_TAIL,
    deflate,
    measured,
    measured_apart,
    numbered_rows,
    repeated,
    sheet_head,
    workbook,
    write_zip,
)

BOUND = 200 << 20  # bytes: a refusal must stay far below what the hostile file would need
SITE_TYPES = {"market": "农贸市场"}


def refusal(outcome: object) -> str:
    assert isinstance(outcome, ValidationError), f"expected a refusal, got {outcome!r}"
    (problem,) = outcome.problems
    return problem.message


@functools.cache
def base_list() -> catalog.Catalog:
    return catalog.load_catalog(FORMS / "negative-list.yaml")


def every_reader(path):
    """Each way the app reads a spreadsheet: the table reader, the site register, the roster, the negative list."""
    base = base_list()
    return [
        lambda: read_table(path),
        lambda: sites.load_site_register(path, site_types=SITE_TYPES),
        lambda: inspectors.load_roster(path),
        lambda: catalog.load_catalog(path, base=base),
    ]


@pytest.fixture(scope="module")
def bomb(tmp_path_factory):
    """A 1 GiB sheet packed into about a megabyte, sizes declared honestly."""
    body = b'<row><c t="inlineStr"><is><t>zip bomb</t></is></c></row>' * (1 << 20 >> 6)
    body = body + b" " * ((1 << 20) - len(body))
    sheet = repeated(sheet_head(), body, 1024, SHEET_TAIL)
    return write_zip(tmp_path_factory.mktemp("bomb") / "bomb.xlsx", workbook(sheet)), sheet


def test_a_zip_bomb_is_refused_before_anything_is_unpacked(bomb):
    path, sheet = bomb
    assert sheet.size > 1 << 30 and os.path.getsize(path) < 4 << 20
    for read in every_reader(path):
        outcome, peak, rss = measured(read)
        message = refusal(outcome)
        assert "解压后约 1.0 GB" in message and "压缩炸弹" in message and "未读取" in message
        assert peak < BOUND and rss < BOUND


def test_a_zip_that_lies_about_its_sizes_is_a_damaged_file(bomb, tmp_path):
    _, sheet = bomb
    path = write_zip(tmp_path / "liar.xlsx", workbook(sheet), declared={SHEET: 4096})
    outcome, peak, rss = measured(lambda: read_table(path))
    assert refusal(outcome) == f"Excel 文件中的“{SHEET}”已损坏，无法读取"
    assert peak < BOUND and rss < BOUND


def test_a_high_compression_ratio_is_refused(tmp_path):
    sheet = repeated(sheet_head(), b" " * (1 << 20), 64, SHEET_TAIL)  # 64 MiB of blanks: under the size caps
    path = write_zip(tmp_path / "blank.xlsx", workbook(sheet))
    message = refusal(measured(lambda: read_table(path))[0])
    assert message.startswith(f"Excel 文件中的“{SHEET}”压缩比异常") and "未读取" in message


def test_a_declared_dimension_of_22_million_rows_is_refused_before_streaming(tmp_path):
    rows = b"".join(numbered_rows(1, 3))
    path = write_zip(tmp_path / "tall.xlsx", workbook(sheet_head("A1:Z22000000") + rows + SHEET_TAIL))
    for read in every_reader(path):
        outcome, peak, rss = measured(read)
        assert refusal(outcome) == (
            "工作表“Sheet1”声明的范围 A1:Z22000000 有 22,000,000 行，超过 Excel 最多的 1,048,576 行，"
            "不是 Excel 正常保存的文件"
        )
        assert peak < BOUND and rss < BOUND


def test_a_declared_dimension_past_the_row_cap_says_how_to_fix_it(tmp_path):
    path = write_zip(tmp_path / "formatted.xlsx", workbook(sheet_head("A1:I200000") + SHEET_TAIL))
    assert refusal(measured(lambda: read_table(path))[0]) == (
        "工作表“Sheet1”声明的范围 A1:I200000 有 200,000 行，超过可导入的上限 100,000 行：请删除多余的行或拆分文件"
    )


@pytest.fixture(scope="module")
def excel_plus_one(tmp_path_factory):
    """1,048,577 numbered rows, one past Excel's limit, written as sheet XML (no dimension declared)."""
    chunks = [sheet_head()]
    batch: list[bytes] = []
    for row in numbered_rows(1, 1_048_577):
        batch.append(row)
        if len(batch) == 50_000:
            chunks.append(b"".join(batch))
            batch.clear()
    chunks += [b"".join(batch), SHEET_TAIL]
    return write_zip(tmp_path_factory.mktemp("rows") / "rows.xlsx", workbook(deflate(b"".join(chunks))))


@pytest.mark.skipif(sys.platform == "win32", reason="peak RSS is measured with the resource module")
@pytest.mark.parametrize("reader", ["table", "sites", "roster", "catalog"])
def test_more_rows_than_excel_allows_stop_at_the_row_cap(excel_plus_one, reader):
    outcome = measured_apart(excel_plus_one, reader, FORMS / "negative-list.yaml")
    (problem,) = outcome["problems"]
    assert problem["message"] == "表格超过 100,000 行，超出可导入的上限：请删除多余的行或拆分文件"
    assert problem["row"] == MAX_ROWS + 1
    assert outcome["rss_growth"] < BOUND


def test_more_rows_than_excel_allows_when_declared(tmp_path):
    rows = b"".join(numbered_rows(1_048_570, 1_048_577))
    path = write_zip(tmp_path / "declared.xlsx", workbook(sheet_head("A1:B1048577") + rows + SHEET_TAIL))
    message = refusal(measured(lambda: read_table(path))[0])
    assert "1,048,577 行" in message and "超过 Excel 最多的 1,048,576 行" in message


def test_a_row_far_below_the_data_is_past_the_cap(tmp_path):
    rows = b"".join(numbered_rows(1, 2)) + b"".join(numbered_rows(5_000_000, 5_000_000))
    path = write_zip(tmp_path / "far.xlsx", workbook(sheet_head() + rows + SHEET_TAIL))
    outcome = measured(lambda: read_table(path))[0]
    assert "超过 100,000 行" in refusal(outcome) and outcome.problems[0].row == 5_000_000


def test_one_row_with_a_million_cells_is_refused(tmp_path):
    cells = b"".join(b"<c><v>%d</v></c>" % n for n in range(1_000_000))
    path = write_zip(
        tmp_path / "wide.xlsx", workbook(deflate(sheet_head() + b"<row>" + cells + b"</row>" + SHEET_TAIL))
    )
    outcome, peak, rss = measured(lambda: read_table(path))
    assert refusal(outcome) == "表格超过 1,000 列，超出可导入的上限：请删除多余的列"
    assert peak < BOUND and rss < BOUND


def test_a_cell_at_column_xfd_is_refused(tmp_path):
    row = b'<row r="1"><c r="A1"><v>1</v></c><c r="XFD1"><v>2</v></c></row>'
    path = write_zip(tmp_path / "xfd.xlsx", workbook(sheet_head() + row + SHEET_TAIL))
    assert "超过 1,000 列" in refusal(measured(lambda: read_table(path))[0])


def test_a_dtd_is_refused(tmp_path):
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row>' + SHEET_TAIL
    )
    path = write_zip(tmp_path / "dtd.xlsx", workbook(laughs))
    assert refusal(measured(lambda: read_table(path))[0]) == (
        f"Excel 文件中的“{SHEET}”含有 DTD 声明，不是 Excel 正常保存的文件，未读取"
    )


def test_too_many_parts(tmp_path):
    parts = workbook(sheet_head() + SHEET_TAIL)
    parts.update({f"xl/media/{n}.bin": b"" for n in range(1_001)})
    assert "内部有 1,006 个部件，超过上限 1,000" in refusal(
        measured(lambda: read_table(write_zip(tmp_path / "p.xlsx", parts)))[0]
    )


def test_a_csv_over_the_row_cap(tmp_path):
    path = tmp_path / "tall.csv"
    path.write_bytes(b"a,b\n" + b"1,2\n" * (MAX_ROWS + 5))
    for number, read in enumerate(every_reader(path)):
        outcome, peak, rss = measured(read, traced=number == 0)
        assert refusal(outcome) == "表格超过 100,000 行，超出可导入的上限：请删除多余的行或拆分文件"
        assert peak < BOUND and rss < BOUND


def test_a_csv_over_the_size_cap_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.csv"
    with open(path, "wb") as handle:
        handle.truncate(CSV_MAX_BYTES + (8 << 20))  # sparse: nothing is written
    outcome, peak, _ = measured(lambda: read_table(path))
    assert refusal(outcome) == "文件过大（40 MB），超过上限 32 MB"
    assert peak < 1 << 20


def test_a_csv_line_longer_than_any_table_row(tmp_path):
    path = tmp_path / "line.csv"
    path.write_bytes(b"a,b\n" + b"x," * 600_000 + b"\n")
    outcome, peak, rss = measured(lambda: read_table(path))
    assert refusal(outcome) == "这一行超过 1,000,000 个字符，不像是表格文件的内容"
    assert outcome.problems[0].row == 2
    assert peak < BOUND and rss < BOUND


def test_a_csv_with_too_many_columns(tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text("a\n" + ",".join("x" * 1_001) + "\n", encoding="utf-8")
    assert refusal(measured(lambda: read_table(path))[0]) == "表格超过 1,000 列，超出可导入的上限：请删除多余的列"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path):
    for name in ("pipe.csv", "pipe.xlsx", "pipe.yaml"):
        os.mkfifo(tmp_path / name)
    assert refusal(measured(lambda: read_table(tmp_path / "pipe.csv"))[0]).startswith("这不是普通文件")
    assert refusal(measured(lambda: read_table(tmp_path / "pipe.xlsx"))[0]).startswith("这不是普通文件")
    (problem,) = catalog.validate_catalog_file(tmp_path / "pipe.yaml")
    assert problem.message.startswith("这不是普通文件")


@pytest.mark.skipif(not os.path.exists("/dev/zero") or sys.platform == "win32", reason="needs /dev/zero")
def test_a_device_behind_a_spreadsheet_name_is_refused(tmp_path):
    (tmp_path / "zero.csv").symlink_to("/dev/zero")
    (tmp_path / "zero.xlsx").symlink_to("/dev/zero")
    for name in ("zero.csv", "zero.xlsx"):
        outcome, peak, _ = measured(lambda name=name: read_table(tmp_path / name))
        assert refusal(outcome) == "这不是普通文件（可能是管道或设备），不能作为表格读取"
        assert peak < 1 << 20


def test_a_folder_named_like_a_spreadsheet(tmp_path):
    (tmp_path / "folder.csv").mkdir()
    assert refusal(measured(lambda: read_rows(tmp_path / "folder.csv"))[0]) == "这是一个文件夹，不是文件"
