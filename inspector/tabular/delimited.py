"""CSV files as Excel shows them: UTF-8 (with or without BOM), GBK/GB18030 or UTF-16, comma or tab, bounded."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from pathlib import Path

from inspector.tabular.messages import format_count, refuse
from inspector.tabular.source import (
    CSV_MAX_BYTES,
    CSV_MAX_LINE,
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_ROWS,
    Rows,
    read_bounded,
)


def decode_text(file: str, data: bytes) -> str:
    """The text of a CSV file: UTF-16 with BOM, UTF-8 (BOM or not) or GB18030; binary data is refused."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise refuse(file, "csv.encoding") from None
    if b"\x00" in data:
        raise refuse(file, "csv.binary")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise refuse(file, "csv.encoding")


def _lines(file: str, text: str) -> Iterator[str]:
    """The lines of the text; a line longer than any table row is refused before csv splits it into cells."""
    for number, line in enumerate(io.StringIO(text, newline=""), start=1):
        if len(line) > CSV_MAX_LINE:
            raise refuse(file, "csv.line_too_long", row=number, limit=format_count(CSV_MAX_LINE))
        yield line


def parse_csv(file: str, text: str) -> Rows:
    """Rows of stripped cell texts numbered as Excel numbers them (a quoted line break stays in its row)."""
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "," not in first_line and "\t" in first_line else ","
    reader = csv.reader(_lines(file, text), delimiter=delimiter)
    rows: Rows = []
    cells = 0
    number = 0
    try:
        for number, record in enumerate(reader, start=1):
            if number > MAX_ROWS:
                raise refuse(file, "table.too_many_rows", row=number, limit=format_count(MAX_ROWS))
            while record and not record[-1].strip():
                record.pop()
            if len(record) > MAX_COLUMNS:
                raise refuse(file, "table.too_many_columns", row=number, limit=format_count(MAX_COLUMNS))
            cells += len(record)
            if cells > MAX_CELLS:
                raise refuse(file, "table.too_many_cells", row=number, limit=format_count(MAX_CELLS))
            rows.append((number, tuple(cell.strip() for cell in record)))
    except csv.Error as error:
        raise refuse(file, "csv.format", row=number + 1, error=str(error)) from None
    return rows


def read_csv_rows(path: Path | str) -> Rows:
    """Read a CSV file within the caps: numbered rows of stripped texts; ValidationError with one clear problem."""
    path = Path(path)
    data = read_bounded(path, CSV_MAX_BYTES)
    if not data.strip():
        raise refuse(path.name, "file.empty")
    return parse_csv(path.name, decode_text(path.name, data))
