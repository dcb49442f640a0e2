"""Reading an untrusted file once, from one descriptor: a regular file, within a size cap, or one clear refusal."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

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
_CHUNK = 1 << 20

# A sheet as rows of cell values, each with its spreadsheet row number.
Rows = list[tuple[int, tuple[Any, ...]]]


def read_bounded(path: Path | str, cap: int) -> bytes:
    """The bytes of a regular file of at most `cap` bytes, read from one descriptor; ValidationError otherwise."""
    path = Path(path)
    file = path.name
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise refuse(file, "file.missing") from None
    except IsADirectoryError:
        raise refuse(file, "file.directory") from None
    except OSError as error:
        raise refuse(file, "file.unreadable", error=error.strerror or str(error)) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise refuse(file, "file.directory")
        if not stat.S_ISREG(info.st_mode):
            raise refuse(file, "file.not_regular")
        if info.st_size > cap:
            raise refuse(file, "file.too_large", size=format_size(info.st_size), limit=format_size(cap))
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, min(_CHUNK, cap + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > cap:  # the file grew while it was read
                raise refuse(file, "file.too_large", size=f"> {format_size(cap)}", limit=format_size(cap))
    except OSError as error:
        raise refuse(file, "file.unreadable", error=error.strerror or str(error)) from None
    finally:
        os.close(fd)
    return b"".join(chunks)
