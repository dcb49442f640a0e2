"""Reading .xlsx worksheets within caps: declared dimension checked first, then rows streamed until a cap.

Cells come back as openpyxl gives them in read-only, data-only mode: text, int, float, bool, dates as
datetime (by the cell's number format), formula results as cached values.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from inspector.tabular.messages import format_count, refuse
from inspector.tabular.source import (
    EXCEL_MAX_ROWS,
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_ROWS,
    XLSX_MAX_BYTES,
    Rows,
    read_bounded,
)
from inspector.tabular.xlsx_parts import (
    EXCEL_CELL_TEXT,
    Refused,
    Structure,
    find_part,
    local,
    open_archive,
    parse_part,
    read_date_styles,
    read_shared_strings,
    read_structure,
)

MAX_ELEMENTS = 5 * MAX_CELLS
_REFERENCE = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d{1,9})")
_INTEGER = re.compile(r"[+-]?\d{1,18}")


def column_index(letters: str) -> int:
    """The 1-based index of a column written as letters: A -> 1, AA -> 27."""
    index = 0
    for letter in letters.upper():
        index = index * 26 + ord(letter) - 64
    return index


def _dimension(ref: str) -> tuple[int, int] | None:
    """(last row, last column) of a declared range such as A1:Z22000000; None when it is not one."""
    corners = [_REFERENCE.fullmatch(part) for part in ref.strip().split(":")]
    if not corners or len(corners) > 2 or not all(corners):
        return None
    return max(int(c.group(2)) for c in corners if c), max(column_index(c.group(1)) for c in corners if c)


_NAMES: dict[str, str] = {}
_COLUMNS: dict[str, int] = {}
_DIGITS = "0123456789"


def _remember(tag: str) -> str:
    """The local name of an expat tag, remembered (a sheet repeats a handful of tags millions of times)."""
    name = local(tag)
    if len(_NAMES) < 1024:
        _NAMES[tag] = name
    return name


def _column(letters: str) -> int:
    """The index of a cell reference's column letters, remembered; 0 when they are not 1-3 letters."""
    if not (0 < len(letters) <= 3 and letters.isascii() and letters.isalpha()):
        return 0
    index = column_index(letters)
    _COLUMNS[letters] = index
    return index


class _SheetReader:
    """Expat callbacks that turn one worksheet into numbered rows of values, refusing past the caps."""

    def __init__(self, book: Workbook, sheet: str, part: str):
        self.book, self.sheet, self.part = book, sheet, part
        self.rows: Rows = []
        self.elements = self.cells = self.row_number = self.column = self.style = 0
        self.values: dict[int, Any] = {}
        self.kind = "n"
        self.text: list[str] = []
        self.length = 0
        self.capture = False
        self.inline = self.phonetic = 0

    def refuse(self, code: str, **params: Any) -> Refused:
        return Refused(refuse(self.book.file, code, **params))

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        self.elements += 1
        if self.elements > MAX_ELEMENTS:
            raise self.refuse("table.too_many_cells", row=self.row_number, limit=format_count(MAX_CELLS))
        name = _NAMES.get(tag) or _remember(tag)
        if name == "c":
            letters = attrs.get("r", "").rstrip(_DIGITS)
            self.column = _COLUMNS.get(letters) or _column(letters) or self.column + 1
            if self.column > MAX_COLUMNS:
                raise self.refuse("table.too_many_columns", row=self.row_number, limit=format_count(MAX_COLUMNS))
            self.kind = attrs.get("t", "n")
            style = attrs.get("s", "0")
            self.style = int(style) if style.isdigit() else 0
            self.text = []
            self.length = 0
        elif name == "row":
            number = attrs.get("r", "")
            self.row_number = int(number) if number.isdigit() else self.row_number + 1
            if self.row_number > MAX_ROWS:
                raise self.refuse("table.too_many_rows", row=self.row_number, limit=format_count(MAX_ROWS))
            self.values = {}
            self.column = 0
        elif name == "v":
            self.capture = True
        elif name == "is":
            self.inline += 1
        elif name == "rPh":
            self.phonetic += 1
        elif name == "t" and self.inline and not self.phonetic:
            self.capture = True
        elif name == "dimension":
            self.check_dimension(attrs.get("ref", ""))

    def check_dimension(self, ref: str) -> None:
        size = _dimension(ref)
        if size is None:
            return
        rows, columns = size
        shown = {"sheet": self.sheet, "ref": ref}
        if rows > EXCEL_MAX_ROWS:
            raise self.refuse("xlsx.dimension_excel", rows=format_count(rows), **shown)
        if rows > MAX_ROWS:
            raise self.refuse("xlsx.dimension_rows", rows=format_count(rows), limit=format_count(MAX_ROWS), **shown)
        if columns > MAX_COLUMNS:
            limit = format_count(MAX_COLUMNS)
            raise self.refuse("xlsx.dimension_columns", columns=format_count(columns), limit=limit, **shown)

    def end(self, tag: str) -> None:
        name = _NAMES.get(tag) or _remember(tag)
        if name in ("v", "t"):
            self.capture = False
        elif name == "is":
            self.inline -= 1
        elif name == "rPh":
            self.phonetic -= 1
        elif name == "c":
            value = self.book.value(self.kind, "".join(self.text), self.style, self.part)
            if value is not None and value != "":
                self.values[self.column] = value
        elif name == "row" and self.values:
            width = max(self.values)
            self.cells += width
            if self.cells > MAX_CELLS:
                raise self.refuse("table.too_many_cells", row=self.row_number, limit=format_count(MAX_CELLS))
            self.rows.append((self.row_number, tuple(self.values.get(i) for i in range(1, width + 1))))

    def data(self, text: str) -> None:
        if self.capture:
            self.text.append(text)
            self.length += len(text)
            if self.length > EXCEL_CELL_TEXT:
                raise Refused(refuse(self.book.file, "xlsx.corrupt", part=self.part))


class Workbook:
    """An .xlsx workbook checked and opened within the caps; worksheets are read when asked for."""

    def __init__(self, file: str, data: bytes):
        self.file = file
        self._archive: zipfile.ZipFile = open_archive(file, data)
        self._structure: Structure = read_structure(file, self._archive)
        self._strings: list[str] | None = None
        self._dates: tuple[frozenset[int], frozenset[int]] | None = None
        self._epoch: Any = None

    @property
    def title(self) -> str:
        """The workbook's title (document properties), "" when it has none."""
        return self._structure.title

    @property
    def sheet_names(self) -> list[str]:
        """The worksheet names in workbook order."""
        return [name for name, _ in self._structure.sheets]

    def rows(self, sheet: str | None = None) -> Rows:
        """The non-empty rows of a worksheet (the first when None), numbered as in Excel, within the caps."""
        if not self._structure.sheets:
            raise refuse(self.file, "xlsx.no_sheets")
        if sheet is None:
            name, part = self._structure.sheets[0]
        else:
            found = [(n, p) for n, p in self._structure.sheets if n == sheet]
            if not found:
                raise refuse(self.file, "xlsx.sheet_missing", sheet=sheet, names="、".join(self.sheet_names))
            name, part = found[0]
        entry = find_part(self._archive, part)
        if entry is None:
            raise refuse(self.file, "xlsx.corrupt", part=part)
        self._prepare()
        reader = _SheetReader(self, name, entry)
        parse_part(self.file, self._archive, entry, reader.start, reader.end, reader.data)
        return reader.rows

    def _prepare(self) -> None:
        if self._strings is not None:
            return
        from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH

        self._epoch = MAC_EPOCH if self._structure.date1904 else WINDOWS_EPOCH
        self._dates = read_date_styles(self.file, self._archive, self._structure.styles)
        self._strings = read_shared_strings(self.file, self._archive, self._structure.strings, MAX_CELLS)

    def value(self, kind: str, text: str, style: int, part: str) -> Any:
        """A cell's value from its type, text and style, as openpyxl reads it in data-only mode."""
        from openpyxl.utils.datetime import from_excel, from_ISO8601

        if kind in ("inlineStr", "str", "e"):
            return text
        if kind == "s":
            try:
                return (self._strings or [])[int(text)]
            except (ValueError, IndexError):
                raise Refused(refuse(self.file, "xlsx.corrupt", part=part)) from None
        if kind == "b":
            return text.strip() in ("1", "true")
        if not text:
            return None
        if kind == "d":
            try:
                return from_ISO8601(text)
            except ValueError:
                return text
        try:
            number: int | float = int(text) if _INTEGER.fullmatch(text) else float(text)
        except ValueError:
            return text
        dates, durations = self._dates or (frozenset(), frozenset())
        if style in dates or style in durations:
            try:
                return from_excel(number, self._epoch, timedelta=style in durations)
            except (OverflowError, ValueError):
                return "#VALUE!"
        return number


def open_workbook(path: Path | str) -> Workbook:
    """Open an .xlsx file within the caps (size, parts, unpacked size, ratio); ValidationError with one problem."""
    path = Path(path)
    data = read_bounded(path, XLSX_MAX_BYTES)
    if not data.strip():
        raise refuse(path.name, "file.empty")
    return Workbook(path.name, data)
