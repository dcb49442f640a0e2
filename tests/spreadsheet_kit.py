"""Building hostile spreadsheets cheaply: XLSX packages written part by part, and a ZIP bomb of repeated blocks."""

from __future__ import annotations

import struct
import tracemalloc
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

try:
    import resource
except ImportError:  # Windows: peak RSS is not available, tracemalloc still measures
    resource = None

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
R_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
).encode()
WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook {NS} {R_NS}>'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
).encode()
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
).encode()
CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/></Types>'
)
SHEET = "xl/worksheets/sheet1.xml"


@dataclass(frozen=True)
class Deflated:
    """An entry's raw deflate data with the size and CRC it unpacks to (as a ZIP writer would record them)."""

    data: bytes
    size: int
    crc: int


def deflate(content: bytes) -> Deflated:
    """Compress bytes as a ZIP entry would be."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    return Deflated(compressor.compress(content) + compressor.flush(), len(content), zlib.crc32(content))


def repeated(head: bytes, body: bytes, times: int, tail: bytes) -> Deflated:
    """head + body * times + tail, compressed once per distinct block: fully flushed blocks can be repeated."""

    def block(data: bytes, final: bool = False) -> bytes:
        compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
        return compressor.compress(data) + compressor.flush(zlib.Z_FINISH if final else zlib.Z_FULL_FLUSH)

    crc = zlib.crc32(head)
    for _ in range(times):
        crc = zlib.crc32(body, crc)
    crc = zlib.crc32(tail, crc)
    data = block(head) + block(body) * times + block(tail, final=True)
    return Deflated(data, len(head) + len(body) * times + len(tail), crc)


def write_zip(path: Path, entries: dict[str, bytes | Deflated], declared: dict[str, int] | None = None) -> Path:
    """A ZIP archive of deflated entries; `declared` overrides the size recorded for an entry (a lying archive)."""
    local, central = bytearray(), bytearray()
    for name, content in entries.items():
        entry = content if isinstance(content, Deflated) else deflate(content)
        size = (declared or {}).get(name, entry.size)
        encoded = name.encode()
        offset = len(local)
        local += struct.pack(
            "<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, entry.crc, len(entry.data), size, len(encoded), 0
        )
        local += encoded + entry.data
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50,
            20,
            20,
            0,
            8,
            0,
            0,
            entry.crc,
            len(entry.data),
            size,
            len(encoded),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        central += encoded
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), len(local), 0)
    path.write_bytes(bytes(local) + bytes(central) + end)
    return path


def workbook(sheet: bytes | Deflated, **extra: bytes | Deflated) -> dict[str, bytes | Deflated]:
    """The parts of a one-sheet workbook around the given sheet XML."""
    return {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": PACKAGE_RELS,
        "xl/workbook.xml": WORKBOOK,
        "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
        SHEET: sheet,
        **extra,
    }


def sheet_head(dimension: str | None = None) -> bytes:
    """The start of a worksheet up to its first row, with a declared dimension if given."""
    declared = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}>{declared}<sheetData>'.encode()


SHEET_TAIL = b"</sheetData></worksheet>"


def numbered_rows(first: int, last: int) -> Iterable[bytes]:
    """Rows first..last, each with its number in column A and a word in column B."""
    for number in range(first, last + 1):
        cells = f'<c r="A{number}"><v>{number}</v></c><c r="B{number}" t="inlineStr"><is><t>x</t></is></c>'
        yield f'<row r="{number}">{cells}</row>'.encode()


def measured(action: Callable[[], object], traced: bool = True) -> tuple[object, int, int]:
    """Run an action; (its result or the exception it raised, peak traced bytes, growth of peak RSS in bytes).

    Tracing allocations slows Python code several times; `traced=False` measures the peak RSS only.
    """
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss if resource else 0
    if traced:
        tracemalloc.start()
    try:
        try:
            outcome: object = action()
        except Exception as error:  # the outcome under test is usually the refusal
            outcome = error
        peak = tracemalloc.get_traced_memory()[1] if traced else 0
    finally:
        if traced:
            tracemalloc.stop()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss if resource else 0
    rss_growth = (rss_after - rss_before) * 1024
    return outcome, peak, rss_growth


_CHILD = """
import json, resource, sys
from inspector import catalog
from inspector.register import inspectors, sites
from inspector.errors import ValidationError
from inspector.tabular import read_table
path, reader = sys.argv[1], sys.argv[2]
base = catalog.load_catalog(sys.argv[3])
readers = {
    "table": lambda: read_table(path),
    "sites": lambda: sites.load_site_register(path, site_types={"market": "农贸市场"}),
    "roster": lambda: inspectors.load_roster(path),
    "catalog": lambda: catalog.load_catalog(path, base=base),
}
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    readers[reader]()
    outcome = {"problems": []}
except ValidationError as error:
    outcome = {"problems": [p.as_dict() for p in error.problems]}
outcome["rss_growth"] = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) * 1024
print(json.dumps(outcome))
"""


def measured_apart(path: Path, reader: str, base_list: Path) -> dict:
    """Read a file in a fresh Python process (no tracing overhead); its problems and the growth of its peak RSS."""
    import json
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path), reader, str(base_list)],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)
