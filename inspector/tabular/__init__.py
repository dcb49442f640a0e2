"""Reading CSV and XLSX tables the way a clerk sees them in Excel: header in row 1, rows numbered from 1.

Every spreadsheet the app reads (negative list, site register, inspector roster, answers) comes through
here: opened once as a regular file, read within a size cap, formats checked before decoding, rows
streamed until a cap; a bad or hostile file ends in one clear problem (ValidationError), never a traceback.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from inspector.errors import Problem
from inspector.tabular.delimited import decode_text, parse_csv, read_csv_rows
from inspector.tabular.messages import CodedProblem, column_letter, format_rows, reader_problem, refuse
from inspector.tabular.source import MAX_ROWS, Rows, read_bounded
from inspector.tabular.xlsx import Workbook, open_workbook

__all__ = [
    "CSV_EXTENSIONS",
    "MAX_ROWS",
    "XLSX_EXTENSIONS",
    "CodedProblem",
    "Rows",
    "Table",
    "Workbook",
    "cell_text",
    "check_suffix",
    "column_letter",
    "decode_text",
    "format_rows",
    "match_headers",
    "normalize_header",
    "open_workbook",
    "parse_csv",
    "read_bounded",
    "read_csv_rows",
    "read_rows",
    "read_table",
]

CSV_EXTENSIONS = (".csv",)
XLSX_EXTENSIONS = (".xlsx", ".xlsm", ".xltx", ".xltm")


@dataclass(frozen=True)
class Table:
    """A table read from a file: its display name, header texts and numbered data rows."""

    file: str
    headers: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)


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


def _build(file: str, raw_rows: Rows) -> Table:
    rows_with_text = [(number, [cell_text(value) for value in values]) for number, values in raw_rows]
    rows_with_text = [(number, cells) for number, cells in rows_with_text if any(cells)]
    if not rows_with_text:
        raise refuse(file, "table.no_content")
    first_number, header_cells = rows_with_text[0]
    if first_number != 1:
        raise refuse(file, "table.no_header", row=1)
    while header_cells and not header_cells[-1]:
        header_cells = header_cells[:-1]
    rows: list[tuple[int, dict[str, str]]] = []
    for number, cells in rows_with_text[1:]:
        record: dict[str, str] = {}
        for index, header in enumerate(header_cells):
            if header and header not in record:
                record[header] = cells[index] if index < len(cells) else ""
        rows.append((number, record))
    return Table(file=file, headers=list(header_cells), rows=rows)


def check_suffix(path: Path, accepted: tuple[str, ...] = CSV_EXTENSIONS + XLSX_EXTENSIONS) -> None:
    """Refuse a file whose extension is not a spreadsheet the app reads (with the hint for old .xls)."""
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise refuse(path.name, "file.xls")
    if suffix not in accepted:
        raise refuse(path.name, "file.unsupported", suffix=path.suffix or "—")


def read_rows(path: Path | str, *, sheet: str | None = None) -> Rows:
    """The numbered rows of a CSV file or of one worksheet (the first by default), read within the caps."""
    path = Path(path)
    check_suffix(path)
    if path.suffix.lower() in CSV_EXTENSIONS:
        return read_csv_rows(path)
    return open_workbook(path).rows(sheet)


def read_table(path: Path | str, *, sheet: str | None = None) -> Table:
    """Read a CSV or XLSX file into headers and numbered, stripped text rows; bad files raise ValidationError."""
    path = Path(path)
    return _build(path.name, read_rows(path, sheet=sheet))


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
    problems: list[Problem] = []
    for name in required:
        if name not in mapping:
            expected = (aliases.get(name) or [name])[0]
            problems.append(reader_problem(table.file, "table.missing_column", row=1, column=expected, header=expected))
    return mapping, problems
