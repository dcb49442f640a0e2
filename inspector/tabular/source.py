"""Reading an untrusted file once, from one descriptor: a regular file, within a size cap, or one clear refusal."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from inspector import untrusted
from inspector.tabular.messages import format_size, refuse

# Caps for what the app reads from outside. A city's lists have hundreds to a few thousand rows;
# the caps leave room for that many times over and keep a hostile file from taking minutes or GBs.
MAX_ROWS = 100_000
EXCEL_MAX_ROWS = 1_048_576
MAX_COLUMNS = 1_000
MAX_CELLS = 2_000_000
CSV_MAX_BYTES = 32 << 20
CSV_MAX_LINE = 1_000_000
XLSX_MAX_BYTES = 32 << 20
XLSX_MAX_PARTS = 1_000
XLSX_MAX_UNPACKED = 256 << 20
XLSX_MAX_SHEET = 128 << 20
XLSX_MAX_STRINGS = 64 << 20
XLSX_MAX_OTHER_PART = 16 << 20
XLSX_MAX_RATIO = 200
XLSX_RATIO_FROM = 1 << 20

# A sheet as rows of cell values, each with its spreadsheet row number.
Rows = list[tuple[int, tuple[Any, ...]]]


def read_bounded(path: Path | str, cap: int) -> bytes:
    """The bytes of a regular file of at most `cap` bytes, read from one descriptor; ValidationError otherwise."""
    file = Path(path).name
    try:
        return untrusted.read_bounded(path, cap)
    except untrusted.Unreadable as exc:
        if exc.reason == "too_large":
            size = format_size(exc.size) if exc.size is not None else f"> {format_size(cap)}"
            raise refuse(file, "file.too_large", size=size, limit=format_size(cap)) from None
        if exc.reason == "unreadable":
            raise refuse(file, "file.unreadable", error=exc.detail) from None
        raise refuse(file, f"file.{exc.reason}") from None
