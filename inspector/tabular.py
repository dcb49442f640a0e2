"""Reading CSV and XLSX tables the way a clerk sees them in Excel: header in row 1, rows numbered from 1."""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from inspector.errors import Problem, ValidationError

CSV_EXTENSIONS = (".csv",)
XLSX_EXTENSIONS = (".xlsx", ".xlsm", ".xltx", ".xltm")


@dataclass(frozen=True)
class Table:
    """A table read from a file: its display name, header texts and numbered data rows."""

    file: str
    headers: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)


def _fail(file: str, message: str, row: int | None = None) -> ValidationError:
    return ValidationError([Problem(file, row, None, message)])


def cell_text(value: object) -> str:
    """Render a spreadsheet cell as the text a user sees (1001 not 1001.0, dates as ISO)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value).strip()


def _build(file: str, raw_rows: list[tuple[int, list[str]]]) -> Table:
    if not raw_rows or not any(raw_rows[0][1]):
        if any(any(cells) for _, cells in raw_rows):
            raise _fail(file, "第1行应为表头（列名），但它是空的", row=1)
        raise _fail(file, "文件中没有任何内容")
    header_cells = raw_rows[0][1]
    while header_cells and not header_cells[-1]:
        header_cells = header_cells[:-1]
    rows: list[tuple[int, dict[str, str]]] = []
    for number, cells in raw_rows[1:]:
        if not any(cells):
            continue
        record: dict[str, str] = {}
        for index, header in enumerate(header_cells):
            if header and header not in record:
                record[header] = cells[index] if index < len(cells) else ""
        rows.append((number, record))
    return Table(file=file, headers=list(header_cells), rows=rows)


def _decode_csv(file: str, data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise _fail(file, "文件编码无法识别，请在 Excel 中另存为“CSV UTF-8（逗号分隔）”") from exc
    if b"\x00" in data:
        raise _fail(file, "这不是文本表格文件（CSV），请检查是否选错了文件")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _fail(file, "文件编码无法识别，请在 Excel 中另存为“CSV UTF-8（逗号分隔）”")


def _read_csv(file: str, data: bytes) -> list[tuple[int, list[str]]]:
    text = _decode_csv(file, data)
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "," not in first_line and "\t" in first_line else ","
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise _fail(file, f"CSV 格式有误：{exc}") from exc
    return [(number, [cell.strip() for cell in cells]) for number, cells in enumerate(records, start=1)]


def _read_xlsx(file: str, path: Path, sheet: str | None) -> list[tuple[int, list[str]]]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, data_only=True)
    except Exception as exc:  # any parse failure of an untrusted file is the user's bad file, not a crash
        raise _fail(file, "这不是有效的 Excel（.xlsx）文件，可能已损坏或选错了文件") from exc
    try:
        if sheet is None:
            if not workbook.worksheets:
                raise _fail(file, "工作簿中没有工作表")
            worksheet = workbook.worksheets[0]
        elif sheet in workbook.sheetnames:
            worksheet = workbook[sheet]
        else:
            names = "、".join(workbook.sheetnames)
            raise _fail(file, f"找不到工作表“{sheet}”，现有工作表：{names}")
        return [
            (number, [cell_text(value) for value in values])
            for number, values in enumerate(worksheet.iter_rows(min_row=1, values_only=True), start=1)
        ]
    finally:
        workbook.close()


def read_table(path: Path | str, *, sheet: str | None = None) -> Table:
    """Read a CSV or XLSX file into headers and numbered, stripped text rows; bad files raise ValidationError."""
    path = Path(path)
    file = path.name
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise _fail(file, "不支持旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 或 CSV")
    if suffix not in CSV_EXTENSIONS + XLSX_EXTENSIONS:
        raise _fail(file, "不支持的文件类型，请使用 Excel（.xlsx）或 CSV 文件")
    if not path.is_file():
        raise _fail(file, "找不到该文件")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _fail(file, f"无法读取文件：{exc.strerror or exc}") from exc
    if not data.strip():
        raise _fail(file, "文件是空的")
    raw = _read_csv(file, data) if suffix in CSV_EXTENSIONS else _read_xlsx(file, path, sheet)
    return _build(file, raw)


def normalize_header(text: str) -> str:
    """Compare form of a header: full/half-width folded, spaces, '_', '-' and '*' dropped, case-folded."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[\s_\-*]+", "", folded)


def _without_notes(text: str) -> str:
    return re.sub(r"\([^)]*\)", "", text)


def match_headers(
    table: Table, aliases: Mapping[str, Sequence[str]], required: Sequence[str]
) -> tuple[dict[str, str], list[Problem]]:
    """Map each field to the table header matching one of its aliases; report missing required columns.

    The first alias of a field is the expected Chinese header named in problems. A header such as
    "所属区（县）" also matches "所属区" when nothing matches exactly.
    """
    normalized = [(header, normalize_header(header)) for header in table.headers if header]
    used: set[str] = set()
    mapping: dict[str, str] = {}
    for compare in (lambda n: n, _without_notes):
        for name, names in aliases.items():
            if name in mapping:
                continue
            wanted = [normalize_header(alias) for alias in names] or [normalize_header(name)]
            for alias in wanted:
                found = next((h for h, n in normalized if h not in used and compare(n) == alias), None)
                if found is not None:
                    mapping[name] = found
                    used.add(found)
                    break
    problems = [
        Problem(table.file, 1, (aliases.get(name) or [name])[0], f"缺少“{(aliases.get(name) or [name])[0]}”列")
        for name in required
        if name not in mapping
    ]
    return mapping, problems
