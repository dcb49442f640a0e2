"""Item and definition sheets (XLSX worksheets, CSV files) read as a clerk lays them out: header row found, aliases."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from inspector.catalog.layout import DEFINITION_ALIASES, DEFINITION_HEADERS, HEADERS, ITEM_ALIASES, REQUIRED
from inspector.catalog.validate import DefinitionEntry, Locate, Problems, build_definitions
from inspector.catalog.values import cell_text, norm_header
from inspector.tabular import Rows, column_letter
from inspector.tabular.messages import reader_problem


def _blank(values: Iterable[Any]) -> bool:
    return all(cell_text(value) == "" for value in values)


def _find_header(
    rows: Rows, aliases: Mapping[str, tuple[str, ...]]
) -> tuple[int, dict[str, int], dict[str, str], list[tuple[int, str, int]]]:
    """(header row, field -> column index, field -> header as written, duplicate columns) of a sheet."""
    lookup = {norm_header(alias): field for field, names in aliases.items() for alias in names}
    candidates = [(number, values) for number, values in rows if not _blank(values)][:10]
    chosen = None
    for number, values in candidates:
        fields = {lookup.get(norm_header(value)) for value in values} - {None}
        if len(fields) >= 2:
            chosen = (number, values)
            break
    if chosen is None:
        chosen = candidates[0] if candidates else (1, ())
    number, values = chosen
    columns: dict[str, int] = {}
    shown: dict[str, str] = {}
    duplicates: list[tuple[int, str, int]] = []
    for index, value in enumerate(values):
        field = lookup.get(norm_header(value))
        if field is None:
            continue
        if field in columns:
            duplicates.append((number, cell_text(value), index))
            continue
        columns[field] = index
        shown[field] = cell_text(value)
    return number, columns, shown, duplicates


def table_records(
    sheet: str | None, rows: Rows, defaults: Mapping[str, float], out: Problems
) -> list[tuple[Mapping[str, Any], Locate]] | None:
    """Item records from an item sheet (`sheet` None: a CSV file); None when its header is unusable."""
    if _blank(value for _, values in rows for value in values):
        if sheet is None:
            out.extend([reader_problem(out.file, "table.no_content")])
        else:
            out.add("catalog.sheet_empty", sheet=sheet)
        return None
    header_row, columns, shown, duplicates = _find_header(rows, ITEM_ALIASES)
    required = list(REQUIRED) + ([] if defaults else ["deduction"])
    missing = [field for field in required if field not in columns]
    for row, header, index in duplicates:
        out.add("catalog.duplicate_column", row, header, column_letter(index))
    for field in missing:
        if sheet is None:
            out.add("catalog.csv_missing_column", header_row, HEADERS[field], header=HEADERS[field])
        else:
            out.add("catalog.sheet_missing_column", header_row, HEADERS[field], sheet=sheet, header=HEADERS[field])
    if missing or duplicates:
        return None
    letters = {field: column_letter(index) for field, index in columns.items()}
    records: list[tuple[Mapping[str, Any], Locate]] = []
    for number, values in rows:
        if number <= header_row or _blank(values):
            continue
        record = {field: values[index] if index < len(values) else None for field, index in columns.items()}

        def locate(field: str, number: int = number) -> tuple[int | None, str | None, str]:
            return number, shown.get(field, HEADERS[field]), letters.get(field, "")

        records.append((record, locate))
    return records


def table_definitions(sheet: str, rows: Rows, kind: str, make: Callable, out: Problems) -> tuple | None:
    """Site types or categories from a 编码/名称 sheet; None when its header is unusable (problems reported)."""
    header_row, columns, shown, _ = _find_header(rows, DEFINITION_ALIASES)
    missing = [field for field in ("code", "name") if field not in columns]
    for field in missing:
        header = DEFINITION_HEADERS[field]
        out.add("catalog.definition_sheet_missing_column", header_row, header, sheet=sheet, header=header)
    if missing:
        return None
    entries: list[DefinitionEntry] = []
    letters = (column_letter(columns["code"]), column_letter(columns["name"]))
    for number, values in rows:
        if number <= header_row or _blank(values):
            continue
        cells = [values[columns[field]] if columns[field] < len(values) else None for field in ("code", "name")]
        entries.append((number, shown["code"], shown["name"], cells[0], cells[1], *letters))
    return build_definitions(entries, kind, make, out)
