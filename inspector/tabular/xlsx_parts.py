"""The parts of an .xlsx package, checked before anything is decompressed: entries, sizes, ratios, XML without DTDs.

An .xlsx file is a ZIP archive of XML parts. Python's zipfile never yields more than an entry's declared
size, so checking the declared sizes (total, per part, compression ratio) bounds what is decompressed.
XML is parsed with expat by callbacks that keep no tree; a DTD (the door to entity tricks) is refused.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from xml.parsers import expat

from inspector.tabular.messages import format_count, format_size, refuse
from inspector.tabular.source import (
    XLSX_MAX_OTHER_PART,
    XLSX_MAX_PARTS,
    XLSX_MAX_RATIO,
    XLSX_MAX_SHEET,
    XLSX_MAX_STRINGS,
    XLSX_MAX_UNPACKED,
    XLSX_RATIO_FROM,
)

CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted workbooks and old .xls files
EXCEL_CELL_TEXT = 32_767
_READ = 1 << 16

Start = Callable[[str, dict[str, str]], None]
End = Callable[[str], None]
Text = Callable[[str], None]


class Refused(Exception):
    """Raised inside an XML callback to stop parsing with a prepared ValidationError."""

    def __init__(self, error: Exception):
        super().__init__(str(error))
        self.error = error


def local(name: str) -> str:
    """The local part of an expat name "namespace local"."""
    return name.rpartition(" ")[2]


def part_cap(name: str) -> int:
    """The largest declared size accepted for a part of the package."""
    if "worksheets/" in name:
        return XLSX_MAX_SHEET
    if name.endswith("sharedStrings.xml"):
        return XLSX_MAX_STRINGS
    return XLSX_MAX_OTHER_PART


def open_archive(file: str, data: bytes) -> zipfile.ZipFile:
    """The ZIP archive of an .xlsx file after its entries, sizes and compression ratios were checked."""
    if data.startswith(CFB_MAGIC):
        raise refuse(file, "xlsx.encrypted")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except Exception:  # any failure to read an untrusted archive means a bad file, never a crash
        raise refuse(file, "xlsx.invalid") from None
    if len(infos) > XLSX_MAX_PARTS:
        raise refuse(file, "xlsx.too_many_parts", count=format_count(len(infos)), limit=format_count(XLSX_MAX_PARTS))
    total = sum(info.file_size for info in infos)
    if total > XLSX_MAX_UNPACKED:
        raise refuse(file, "xlsx.unpacked_too_large", size=format_size(total), limit=format_size(XLSX_MAX_UNPACKED))
    for info in infos:
        if info.file_size > part_cap(info.filename):
            size, limit = format_size(info.file_size), format_size(part_cap(info.filename))
            raise refuse(file, "xlsx.part_too_large", part=info.filename, size=size, limit=limit)
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > XLSX_RATIO_FROM and ratio > XLSX_MAX_RATIO:
            raise refuse(file, "xlsx.ratio", part=info.filename, ratio=format_count(round(ratio)))
    return archive


def find_part(archive: zipfile.ZipFile, name: str) -> str | None:
    """The entry name of a part, matched exactly or else ignoring case (some tools change the case)."""
    names = archive.namelist()
    if name in names:
        return name
    folded = name.casefold()
    return next((entry for entry in names if entry.casefold() == folded), None)


def _chunks(file: str, archive: zipfile.ZipFile, part: str) -> Iterator[bytes]:
    try:
        with archive.open(part) as stream:
            while chunk := stream.read(_READ):
                yield chunk
    except Exception:  # bad CRC, truncated or lying sizes, unsupported compression: a damaged file
        raise refuse(file, "xlsx.corrupt", part=part) from None


def parse_part(file: str, archive: zipfile.ZipFile, part: str, start: Start, end: End, text: Text) -> None:
    """Stream one XML part through expat callbacks; a DTD, bad XML or a damaged entry is one clear refusal."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True

    def doctype(*_: Any) -> None:
        raise Refused(refuse(file, "xlsx.dtd", part=part))

    parser.StartDoctypeDeclHandler = doctype
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    try:
        for chunk in _chunks(file, archive, part):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except Refused as stop:
        raise stop.error from None
    except (expat.ExpatError, ValueError, RecursionError):
        raise refuse(file, "xlsx.corrupt", part=part) from None


def _no_text(_: str) -> None:
    return None


def _relationships(file: str, archive: zipfile.ZipFile, source: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type, part name) of a part (`source` "" for the package itself)."""
    folder, name = posixpath.split(source)
    rels = find_part(archive, posixpath.join(folder, "_rels", name + ".rels"))
    found: dict[str, tuple[str, str]] = {}
    if rels is None:
        return found

    def start(tag: str, attrs: dict[str, str]) -> None:
        if local(tag) == "Relationship" and attrs.get("TargetMode") != "External":
            target = attrs.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            found[attrs.get("Id", "")] = (attrs.get("Type", ""), path)

    parse_part(file, archive, rels, start, lambda _: None, _no_text)
    return found


def _of_type(relationships: dict[str, tuple[str, str]], kind: str) -> str | None:
    return next((path for rel_type, path in relationships.values() if rel_type.endswith("/" + kind)), None)


@dataclass
class Structure:
    """What a workbook holds: worksheet names and parts, the date system, the shared strings and styles parts."""

    sheets: list[tuple[str, str]] = field(default_factory=list)
    date1904: bool = False
    strings: str | None = None
    styles: str | None = None
    title: str = ""


def read_structure(file: str, archive: zipfile.ZipFile) -> Structure:
    """The workbook's worksheets (name, part), date system, title and where its strings and styles are."""
    package = _relationships(file, archive, "")
    workbook = find_part(archive, _of_type(package, "officeDocument") or "xl/workbook.xml")
    if workbook is None:
        raise refuse(file, "xlsx.invalid")
    relationships = _relationships(file, archive, workbook)
    structure = Structure(strings=_of_type(relationships, "sharedStrings"), styles=_of_type(relationships, "styles"))

    def start(tag: str, attrs: dict[str, str]) -> None:
        name = local(tag)
        if name == "workbookPr":
            structure.date1904 = attrs.get("date1904", "0").lower() in ("1", "true")
        elif name == "sheet":
            rel_id = next((value for key, value in attrs.items() if " " in key and local(key) == "id"), "")
            rel_type, path = relationships.get(rel_id, ("", ""))
            if rel_type.endswith("/worksheet"):
                structure.sheets.append((attrs.get("name", ""), path))

    parse_part(file, archive, workbook, start, lambda _: None, _no_text)
    core = _of_type(package, "core-properties")
    if core is not None and find_part(archive, core) is not None:
        structure.title = _core_title(file, archive, find_part(archive, core) or core)
    return structure


def _core_title(file: str, archive: zipfile.ZipFile, part: str) -> str:
    parts: list[str] = []
    inside = [False]

    def start(tag: str, _attrs: dict[str, str]) -> None:
        inside[0] = local(tag) == "title"

    def end(_tag: str) -> None:
        inside[0] = False

    def text(data: str) -> None:
        if inside[0] and len(parts) < 64:
            parts.append(data[:EXCEL_CELL_TEXT])

    parse_part(file, archive, part, start, end, text)
    return "".join(parts).strip()


def read_shared_strings(file: str, archive: zipfile.ZipFile, part: str | None, limit: int) -> list[str]:
    """The shared string table (phonetic runs left out); more than `limit` strings is refused."""
    strings: list[str] = []
    entry = find_part(archive, part) if part else None
    if entry is None:
        return strings
    state = {"si": False, "t": False, "rph": 0, "length": 0}
    parts: list[str] = []

    def start(tag: str, _attrs: dict[str, str]) -> None:
        name = local(tag)
        if name == "si":
            state["si"] = True
            state["length"] = 0
            parts.clear()
        elif name == "rPh":
            state["rph"] += 1
        elif name == "t" and state["si"] and not state["rph"]:
            state["t"] = True

    def end(tag: str) -> None:
        name = local(tag)
        if name == "t":
            state["t"] = False
        elif name == "rPh":
            state["rph"] -= 1
        elif name == "si":
            state["si"] = False
            if len(strings) >= limit:
                raise Refused(refuse(file, "table.too_many_cells", limit=format_count(limit)))
            strings.append("".join(parts).replace("x005F_", ""))

    def text(data: str) -> None:
        if state["t"]:
            state["length"] += len(data)
            if state["length"] > EXCEL_CELL_TEXT:
                raise Refused(refuse(file, "xlsx.corrupt", part=entry))
            parts.append(data)

    parse_part(file, archive, entry, start, end, text)
    return strings


# Built-in number formats 14-22 and 45-47 are dates and times; 27-36 and 50-58 are East Asian dates.
_DATE_IDS = frozenset([*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)])


def read_date_styles(file: str, archive: zipfile.ZipFile, part: str | None) -> tuple[frozenset[int], frozenset[int]]:
    """The cell style indexes whose number format shows a date, and those that show a duration ([h]:mm)."""
    from openpyxl.styles.numbers import is_date_format, is_timedelta_format

    entry = find_part(archive, part) if part else None
    if entry is None:
        return frozenset(), frozenset()
    custom: dict[int, str] = {}
    formats: list[int] = []
    inside = [False]

    def number(value: str | None) -> int:
        return int(value) if value and value.isdigit() else 0

    def start(tag: str, attrs: dict[str, str]) -> None:
        name = local(tag)
        if name == "numFmt":
            custom[number(attrs.get("numFmtId"))] = attrs.get("formatCode", "")
        elif name == "cellXfs":
            inside[0] = True
        elif name == "xf" and inside[0]:
            formats.append(number(attrs.get("numFmtId")))

    def end(tag: str) -> None:
        if local(tag) == "cellXfs":
            inside[0] = False

    parse_part(file, archive, entry, start, end, _no_text)
    dates, durations = set(), set()
    for index, format_id in enumerate(formats):
        code = custom.get(format_id)
        if (code is not None and is_date_format(code)) or (code is None and format_id in _DATE_IDS):
            dates.add(index)
        if (code is not None and is_timedelta_format(code)) or (code is None and format_id == 46):
            durations.add(index)
    return frozenset(dates), frozenset(durations)
