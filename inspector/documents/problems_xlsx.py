"""The problem list as an Excel workbook (openpyxl): the columns offices use, filterable, dates as real dates.

Text columns are as wide as their longest cell (a Chinese character counts two), between the header's width and a
cap; longer text wraps within the cell, so nothing is cut off on screen or on paper.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from copy import copy
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from inspector import clock
from inspector.atomic import atomic_path
from inspector.documents.data import ProblemRow

# Header, largest width in characters (text columns fit their longest cell up to it), cell format.
COLUMNS = (
    ("序号", 6, "0"),
    ("编号", 11, "@"),
    ("区", 12, "@"),
    ("街道", 16, "@"),
    ("点位", 28, "@"),
    ("点位类型", 24, "@"),
    ("问题类别", 16, "@"),
    ("问题描述", 50, "@"),
    ("处数", 6, "0"),
    ("扣分", 7, "0.0#"),
    ("责任单位", 26, "@"),
    ("整改时限", 12, "yyyy-mm-dd"),
    ("状态", 14, "@"),
    ("检查方式", 9, "@"),
    ("检查时间", 17, "yyyy-mm-dd hh:mm"),
    ("督查员", 12, "@"),
)
WRAPPED = {"点位", "点位类型", "问题类别", "问题描述", "责任单位", "状态"}
PADDING = 2  # characters of room beside the longest text
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
THIN = Side(style="thin", color="A6A6A6")


def _local(moment: datetime | None) -> datetime | None:
    """Excel has no time zones: times are shown as the city's wall-clock time."""
    if moment is None:
        return moment
    return clock.local(moment).replace(tzinfo=None)


def text_width(text: str) -> int:
    """How many Latin characters wide a text shows in Excel: wide (CJK) characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def column_width(header: str, cells: Iterable[object], cap: int) -> int:
    """A text column's width: its longest cell (or header) plus padding, at most `cap`."""
    longest = max((text_width(str(v)) for v in cells if isinstance(v, str)), default=0)
    return min(cap, max(longest, text_width(header)) + PADDING)


def _values(n: int, row: ProblemRow) -> list[object]:
    return [
        n,
        row.reference,
        row.district,
        row.street,
        row.site,
        row.site_type,
        row.category,
        row.description,
        row.count,
        row.deduction,
        row.responsible_unit,
        row.deadline,
        row.status,
        row.mode,
        _local(row.inspected_at),
        row.inspector,
    ]


def write_problem_list(rows: Iterable[ProblemRow], out: Path, *, title: str = "问题清单") -> Path:
    """Write the problem list to `out` (.xlsx): styled header, autofilter, frozen header row, print settings."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    book.properties.title = title
    border = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
    sheet.append([name for name, _, _ in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
    count = 0
    values = []
    for count, row in enumerate(rows, start=1):
        values.append(_values(count, row))
        sheet.append(values[-1])
    for index, (name, width, number_format) in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        cells = [v[index - 1] for v in values]
        fitted = column_width(name, cells, width) if number_format == "@" else width
        sheet.column_dimensions[letter].width = fitted
        styled = None
        for (cell,) in sheet.iter_rows(min_row=2, max_row=count + 1, min_col=index, max_col=index):
            if styled is None:
                cell.number_format = number_format
                cell.alignment = Alignment(vertical="top", wrap_text=name in WRAPPED)
                cell.border = border
                styled = cell
            else:  # the column's style by reference: a style set per cell is looked up (hashed) per cell
                cell._style = copy(styled._style)
    last = get_column_letter(len(COLUMNS))
    sheet.auto_filter.ref = f"A1:{last}{count + 1}"
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    with atomic_path(out) as tmp:
        book.save(tmp)
    return out
