"""The format-free document model: what a document says and its structure, rendered by pdf.py and docx.py alike."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROLES = ("fangsong", "song", "hei", "kai", "title")
HEADING_ROLES = {1: "hei", 2: "kai", 3: "fangsong", 4: "fangsong"}
ALIGNS = ("justify", "left", "center", "right")


@dataclass(frozen=True)
class Run:
    """A stretch of text in one font role (仿宋, 宋, 黑, 楷, 标题)."""

    text: str
    role: str = "fangsong"

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"unknown font role {self.role!r}")


@dataclass(frozen=True)
class Paragraph:
    """Body text on the grid; `indent` is the first-line indent in characters, `hanging` indents the other lines.

    `keep_with_next` keeps the paragraph on one page with the start of the next block (a lead-in to photos).
    """

    runs: tuple[Run, ...]
    indent: float = 2.0
    align: str = "justify"
    size: float = 16.0
    hanging: float = 0.0
    red: bool = False
    keep_with_next: bool = False  # a lead-in ("现场照片如下：") that moves to the next page with the block after it

    def __post_init__(self) -> None:
        if self.align not in ALIGNS:
            raise ValueError(f"unknown alignment {self.align!r}")

    @property
    def text(self) -> str:
        """The paragraph's plain text."""
        return "".join(run.text for run in self.runs)


@dataclass(frozen=True)
class Heading:
    """A numbered heading; the text carries its own number (一、 / （一） / 1. / （1）)."""

    level: int
    text: str

    @property
    def role(self) -> str:
        """The font role GB/T 9704 gives this level."""
        return HEADING_ROLES[self.level]


@dataclass(frozen=True)
class Column:
    """A table column: header text, relative width, alignment of its cells."""

    title: str
    width: float = 1.0
    align: str = "left"


@dataclass(frozen=True)
class Table:
    """A ruled table; the header row repeats on every page; `min_row_height` is in mm (for blanks to fill in)."""

    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]
    size: float = 12.0
    min_row_height: float = 0.0
    header: bool = True


@dataclass(frozen=True)
class Picture:
    """One photo (JPEG or PNG bytes) with the caption printed under it."""

    data: bytes
    caption: str = ""


@dataclass(frozen=True)
class Figure:
    """A row of one to three photos side by side, each with its caption; the row never splits across pages."""

    pictures: tuple[Picture, ...]
    aspect: float = 0.75  # height of the photo box as a fraction of its width
    caption_size: float = 12.0
    slots: int = 0  # photo boxes across the 版心 (0: one per picture); fewer pictures are centred

    @property
    def columns(self) -> int:
        """How many photo boxes share the 版心 width."""
        return max(self.slots, len(self.pictures), 1)


@dataclass(frozen=True)
class PageBreak:
    """Continue on a new page."""


@dataclass(frozen=True)
class BlankLine:
    """One empty grid line."""


@dataclass(frozen=True)
class Masthead:
    """The red issuing-office mark, the 发文字号 under it and the red separator."""

    mark: str
    number: str


@dataclass(frozen=True)
class Title:
    """The document title (2号 标题字体, centred); '\n' forces a break, long titles break by themselves."""

    text: str
    gap_lines: int = 2


@dataclass(frozen=True)
class Addressee:
    """The 主送机关 line: no indent, ends with a full-width colon."""

    text: str


@dataclass(frozen=True)
class AttachmentNote:
    """The 附件说明 under the body: 附件：1.name, further names aligned under the first."""

    titles: tuple[str, ...]


@dataclass(frozen=True)
class Signature:
    """Office name and date without seal: name 2 characters from the right, the date 2 characters further right."""

    office: str
    day: date


@dataclass(frozen=True)
class AttachmentStart:
    """An attachment begins on a new page: 附件N in 3号黑体 on line 1, its title centred on line 3."""

    number: int
    title: str
    numbered: bool = True


@dataclass(frozen=True)
class Imprint:
    """The 版记 at the bottom of the last page: 抄送, 印发机关 and 印发日期 between thick and thin lines."""

    copy_to: str
    printed_by: str
    printed_on: date


Block = (
    Paragraph
    | Heading
    | Table
    | Figure
    | PageBreak
    | BlankLine
    | Masthead
    | Title
    | Addressee
    | AttachmentNote
    | Signature
    | AttachmentStart
)


@dataclass
class Document:
    """A whole document: its blocks in reading order and the optional 版记 closing the last page."""

    title: str
    blocks: list[Block] = field(default_factory=list)
    imprint: Imprint | None = None
    author: str = ""
    page_numbers: bool = True
    terms: tuple[str, ...] = ()  # names a line must not break inside where it can help it (units, sites, streets)

    def add(self, *blocks: Block) -> Document:
        """Append blocks; returns the document for chaining."""
        self.blocks.extend(blocks)
        return self


def para(text: str, role: str = "fangsong", **options: object) -> Paragraph:
    """A paragraph of one run."""
    return Paragraph((Run(text, role),), **options)  # type: ignore[arg-type]


_LINE_CONTROLS = str.maketrans({"\r": " ", "\n": " ", "\t": " ", "\v": " ", "\f": " "})


def one_line(text: str) -> str:
    """Paragraph text as both renderers set it: line breaks and tabs from the data become spaces."""
    return text.translate(_LINE_CONTROLS)


CN_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """Chinese numeral for 1–99, as headings count: 一, 十, 十一, 二十三."""
    if not 1 <= n <= 99:
        raise ValueError(f"heading number out of range: {n}")
    tens, ones = divmod(n, 10)
    if tens == 0:
        return CN_DIGITS[ones]
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")


def heading_number(level: int, n: int) -> str:
    """The number prefix of a heading: 一、 / （一） / 1. / （1）."""
    return {1: f"{cn_number(n)}、", 2: f"（{cn_number(n)}）", 3: f"{n}.", 4: f"（{n}）"}[level]


@dataclass(frozen=True)
class Placed:
    """Where a renderer drew something, in points from the page's top-left corner (for the layout tests and previews).

    For text, `top` is the font's ascent line (the top of the box a PDF reader reports) and `height` the font size.
    """

    kind: str
    page: int
    x: float
    top: float
    width: float
    height: float
    text: str = ""
    font: str = ""


@dataclass
class RenderReport:
    """What a renderer wrote: files, page count, the font serving each role, characters no font had, the layout log.

    DOCX and HTML have no fixed pages (`pages` is 0 and 1); only the PDF renderer fills `layout` and `missing_glyphs`.
    """

    path: Path
    format: str
    pages: int = 0
    fonts: dict[str, str] = field(default_factory=dict)
    missing_glyphs: set[str] = field(default_factory=set)
    layout: list[Placed] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)

    def placed(self, kind: str, page: int | None = None) -> list[Placed]:
        """Logged items of one kind, optionally on one page."""
        return [p for p in self.layout if p.kind == kind and (page is None or p.page == page)]
