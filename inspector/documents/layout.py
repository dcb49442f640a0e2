"""GB/T 9704-2012 layout numbers in one place: page, 版心, grid, sizes and the positions of the frame's parts.

Lengths are PDF points (1/72 inch). Vertical positions are measured downwards from the top of the 版心 unless the
name says otherwise. The "top edge" of a text line is its font's ascent line, which is what PDF readers report as
the top of a word's box; for a CJK font it is the top of the ideographic em box.
"""

from __future__ import annotations

MM = 72 / 25.4

# Paper and 版心.
PAGE_WIDTH = 210 * MM
PAGE_HEIGHT = 297 * MM
MARGIN_TOP = 37 * MM
MARGIN_LEFT = 28 * MM
TEXT_WIDTH = 156 * MM
TEXT_HEIGHT = 225 * MM
MARGIN_RIGHT = PAGE_WIDTH - MARGIN_LEFT - TEXT_WIDTH  # 26 mm
MARGIN_BOTTOM = PAGE_HEIGHT - MARGIN_TOP - TEXT_HEIGHT  # 35 mm

# The 22-line × 28-character grid.
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
LINE_PITCH = TEXT_HEIGHT / LINES_PER_PAGE  # 28.99 pt; Word templates round it to 579 twips = 28.95 pt
BODY_SIZE = 16.0  # 3号
CHAR_ADVANCE = TEXT_WIDTH / CHARS_PER_LINE  # 15.79 pt: a 16 pt character squeezed onto the grid
CHAR_SPACE = CHAR_ADVANCE - BODY_SIZE  # about -0.21 pt after every character
INDENT_CHARS = 2

# 号 sizes in points.
SIZES = {
    "初号": 42.0,
    "小初": 36.0,
    "一号": 26.0,
    "小一": 24.0,
    "二号": 22.0,
    "小二": 18.0,
    "三号": 16.0,
    "小三": 15.0,
    "四号": 14.0,
    "小四": 12.0,
    "五号": 10.5,
    "小五": 9.0,
}

# The frame on the first page (版头).
RED = (1.0, 0.0, 0.0)
RED_HEX = "FF0000"
MARK_TOP = 35 * MM  # top edge of the issuing-office mark below the 版心 top
MARK_SIZE = 36.0  # largest mark size; long marks shrink to fit the 版心 width
MARK_MIN_SIZE = 22.0
NUMBER_GAP_LINES = 2  # blank lines between the mark and the 发文字号
RED_LINE_GAP = 4 * MM  # from the bottom of the 发文字号 to the red separator
RED_LINE_WIDTH = 0.5 * MM
TITLE_SIZE = SIZES["二号"]
TITLE_GAP_LINES = 2  # blank lines between the red separator and the title
ADDRESSEE_GAP_LINES = 1  # blank lines between the title and the 主送机关

# Page numbers: 4号 半角宋体 "— 1 —", one character in from the side. GB/T 9704 7.5 says "一字线上距版心下边缘
# 7 mm": we read it as the 一字线 (the dashes, and with them the line of the number) lying 7 mm under the 版心's
# bottom edge. A CJK font draws "—" across the middle of its em box (AR PL UMing: 0.38 em above the baseline,
# 0.50 em under the ascent line), so the em box's top goes half the size higher: about 4.5 mm under the 版心.
PAGE_NUMBER_SIZE = SIZES["四号"]
PAGE_NUMBER_GAP = 7 * MM  # from the 版心 bottom down to the 一字线
PAGE_NUMBER_TOP = PAGE_NUMBER_GAP - PAGE_NUMBER_SIZE / 2  # from the 版心 bottom down to the em box's top
PAGE_NUMBER_INSET = PAGE_NUMBER_SIZE

# 版记: 4号仿宋, one character in from each side, rows on the grid, the last line on the 版心 bottom.
IMPRINT_SIZE = SIZES["四号"]
IMPRINT_INSET = IMPRINT_SIZE
IMPRINT_THICK = 0.35 * MM
IMPRINT_THIN = 0.25 * MM

# Tables and figures.
TABLE_SIZE = SIZES["小四"]
TABLE_HEADER_SIZE = SIZES["小四"]
TABLE_LEADING = 1.3
TABLE_PADDING = 1.2 * MM
TABLE_RULE = 0.5
FIGURE_GAP = 4 * MM
FIGURE_MIN_SCALE = 0.75  # a photo row may shrink to this fraction of its size to stay on the page
CAPTION_SIZE = SIZES["小四"]

# DOCX: Word's own units for the same layout.
DOCX_LINE_SPACING = 28.95  # pt, exact
DOCX_LINE_PITCH_TWIPS = 579
DOCX_CHAR_SPACING_TWENTIETHS = -5  # 28 × (16 − 0.25) pt fits the 442.2 pt line
# The footer's distance from the page bottom: its line's top lands PAGE_NUMBER_TOP under the 版心, so the 一字线 lies
# 7 mm under it as in the PDF (22.4 mm put the line's top, not the dashes, 7 mm under it).
DOCX_FOOTER_DISTANCE = 22.4 * MM + PAGE_NUMBER_SIZE / 2
DOCX_FONTS = {
    "fangsong": "仿宋_GB2312",
    "song": "宋体",
    "hei": "黑体",
    "kai": "楷体_GB2312",
    "title": "方正小标宋简体",
}
DOCX_FALLBACK_FONTS = {  # for characters outside GB2312, which the *_GB2312 fonts lack
    "fangsong": "仿宋",
    "song": "宋体",
    "hei": "黑体",
    "kai": "楷体",
    "title": "宋体",
}
DOCX_LATIN_FONT = "Times New Roman"


def mm(value: float) -> float:
    """Millimetres in points."""
    return value * MM


def cell_top(line: int) -> float:
    """Top of grid line `line` (0-based) below the 版心 top."""
    return line * LINE_PITCH


def top_in_cell(size: float) -> float:
    """Offset of a text line's em box from its grid cell's top: the em box is centred in the cell."""
    return (LINE_PITCH - size) / 2


def indent_width(chars: float = INDENT_CHARS) -> float:
    """Width of `chars` body characters on the grid."""
    return chars * CHAR_ADVANCE


def grid_char_space(size: float) -> float:
    """Character spacing that puts 28 characters of this size on a line (only 3号 text is squeezed)."""
    return CHAR_SPACE if size >= BODY_SIZE else 0.0


def figure_box(slots: int, aspect: float) -> tuple[float, float]:
    """Width and height of one photo box when `slots` boxes share the 版心 width."""
    width = (TEXT_WIDTH - FIGURE_GAP * (slots - 1)) / slots
    return width, width * aspect
