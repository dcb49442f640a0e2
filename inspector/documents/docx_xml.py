"""WordprocessingML details python-docx has no API for: elements in schema order, fonts, borders, fields, tables."""

from __future__ import annotations

from xml.sax.saxutils import escape

from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement

from inspector.documents import layout as L

TWIPS_PER_PT = 20
CELL_MARGIN_TWIPS = 57  # left and right padding inside a table cell


_INVALID_XML = dict.fromkeys(c for c in range(32) if c not in (9, 10, 13))


def clean(text: str) -> str:
    """Text with the control characters XML cannot carry removed."""
    return text.translate(_INVALID_XML)


def twips(points: float) -> int:
    """Points in twentieths of a point (Word's twips)."""
    return round(points * TWIPS_PER_PT)


def _tags(names: str) -> tuple[str, ...]:
    return tuple(f"w:{name}" for name in names.split())


# Child order of the elements we add to (ECMA-376 Part 1: CT_RPr, CT_PPrBase + CT_PPr, CT_SectPr).
SEQUENCES = {
    "w:rPr": _tags(
        "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof snapToGrid "
        "vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd fitText vertAlign rtl cs "
        "em lang eastAsianLayout specVanish oMath"
    ),
    "w:pPr": _tags(
        "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd tabs "
        "suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd "
        "snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment "
        "textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"
    ),
    "w:sectPr": _tags(
        "headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc pgBorders lnNumType "
        "pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi rtlGutter docGrid printerSettings "
        "sectPrChange"
    ),
}


def _prefixed(element: BaseOxmlElement) -> str:
    return element.tag.replace(qn("w:x")[:-1], "w:")


def ordered(parent: BaseOxmlElement, tag: str) -> BaseOxmlElement:
    """The child `tag` of `parent`, created in its schema position when missing (Word rejects misordered children)."""
    found = parent.find(qn(tag))
    if found is not None:
        return found
    child = OxmlElement(tag)
    sequence = SEQUENCES.get(_prefixed(parent), ())
    later = {qn(t) for t in sequence[sequence.index(tag) + 1 :]} if tag in sequence else set()
    for index, existing in enumerate(parent):
        if existing.tag in later:
            parent.insert(index, child)
            break
    else:
        parent.append(child)
    return child


def set_attrs(element: BaseOxmlElement, **attrs: str | int) -> BaseOxmlElement:
    """Set w:-namespaced attributes (keyword names without the prefix)."""
    for name, value in attrs.items():
        element.set(qn(f"w:{name}"), str(value))
    return element


def set_fonts(rpr: BaseOxmlElement, east_asian: str, latin: str = L.DOCX_LATIN_FONT) -> None:
    """Latin and East Asian font names on a w:rPr (python-docx's font.name sets only the Latin ones)."""
    fonts = ordered(rpr, "w:rFonts")
    set_attrs(fonts, ascii=latin, hAnsi=latin, eastAsia=east_asian, cs=latin)


def set_run_format(
    rpr: BaseOxmlElement,
    *,
    role: str | None = None,
    size: float | None = None,
    color: str | None = None,
    spacing: int | None = None,
    latin: str = L.DOCX_LATIN_FONT,
) -> None:
    """Fonts by role, size, colour and character spacing on a w:rPr, each element in schema order."""
    if role is not None:
        set_fonts(rpr, L.DOCX_FONTS[role], latin)
    if color is not None:
        set_attrs(ordered(rpr, "w:color"), val=color)
    if spacing is not None:
        set_attrs(ordered(rpr, "w:spacing"), val=spacing)
    if size is not None:
        half_points = round(size * 2)
        set_attrs(ordered(rpr, "w:sz"), val=half_points)
        set_attrs(ordered(rpr, "w:szCs"), val=half_points)


def set_line_spacing(ppr: BaseOxmlElement, points: float, before: float = 0.0, after: float = 0.0) -> None:
    """Exact line spacing and space before/after in points on a w:pPr."""
    set_attrs(ordered(ppr, "w:spacing"), before=twips(before), after=twips(after), line=twips(points), lineRule="exact")


def set_indent(ppr: BaseOxmlElement, **values: int) -> None:
    """w:ind attributes (left, right, firstLine, hanging, firstLineChars, …) on a w:pPr."""
    set_attrs(ordered(ppr, "w:ind"), **values)


def set_border(ppr: BaseOxmlElement, side: str, eighths: int, color: str = "000000", space: int = 0) -> None:
    """A single paragraph border line: width in eighths of a point, `space` in points from the text."""
    borders = ordered(ppr, "w:pBdr")
    order = ("top", "left", "bottom", "right", "between", "bar")
    line = OxmlElement(f"w:{side}")
    set_attrs(line, val="single", sz=eighths, space=space, color=color)
    later = [qn(f"w:{name}") for name in order[order.index(side) + 1 :]]
    for i, existing in enumerate(borders):
        if existing.tag in later:
            borders.insert(i, line)
            break
    else:
        borders.append(line)


def gb2312_runs(text: str) -> list[tuple[str, bool]]:
    """Split text into runs inside and outside GB2312 (fonts named *_GB2312 lack e.g. 堃 and 喆)."""
    runs: list[tuple[str, bool]] = []
    for ch in text:
        try:
            inside = ch.isascii() or bool(ch.encode("gb2312"))
        except UnicodeEncodeError:
            inside = False
        if runs and runs[-1][1] == inside:
            runs[-1] = (runs[-1][0] + ch, inside)
        else:
            runs.append((ch, inside))
    return runs


def _cell_runs(text: str, fallback: str, size: float | None = None) -> str:
    """Runs for a table cell: line breaks kept, characters outside GB2312 in the fallback font, optional size."""
    sz = f'<w:sz w:val="{round(size * 2)}"/><w:szCs w:val="{round(size * 2)}"/>' if size else ""
    out = []
    for k, line in enumerate(clean(text).split("\n")):
        if k:
            out.append("<w:r><w:br/></w:r>")
        for part, inside in gb2312_runs(line):
            fonts = "" if inside else f'<w:rFonts w:eastAsia="{fallback}" w:hint="eastAsia"/>'
            rpr = f"<w:rPr>{fonts}{sz}</w:rPr>" if fonts or sz else ""
            out.append(f'<w:r>{rpr}<w:t xml:space="preserve">{escape(part)}</w:t></w:r>')
    return "".join(out)


def page_field_runs(role: str, size: float) -> list[BaseOxmlElement]:
    """Runs for '— PAGE —': dashes marked as East Asian text, the page number as a field."""
    half = round(size * 2)
    font = L.DOCX_FONTS[role]
    rpr = (
        f'<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:hint="eastAsia"/>'
        f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/></w:rPr>'
    )
    parts = [
        f'<w:r {nsdecls("w")}>{rpr}<w:t xml:space="preserve">— </w:t></w:r>',
        f'<w:r {nsdecls("w")}>{rpr}<w:fldChar w:fldCharType="begin"/></w:r>',
        f'<w:r {nsdecls("w")}>{rpr}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>',
        f'<w:r {nsdecls("w")}>{rpr}<w:fldChar w:fldCharType="separate"/></w:r>',
        f"<w:r {nsdecls('w')}>{rpr}<w:t>1</w:t></w:r>",
        f'<w:r {nsdecls("w")}>{rpr}<w:fldChar w:fldCharType="end"/></w:r>',
        f'<w:r {nsdecls("w")}>{rpr}<w:t xml:space="preserve"> —</w:t></w:r>',
    ]
    return [parse_xml(p) for p in parts]


def imprint_xml(copy_to: str, printed_by: str, printed_on: str, style: str) -> BaseOxmlElement:
    """The 版记 as a table floating on the bottom of the 版心: thick rules first and last, thin between, no sides."""
    width = twips(L.TEXT_WIDTH)
    inset = twips(L.IMPRINT_INSET)
    label = twips(3 * L.IMPRINT_SIZE)
    thick, thin = round(L.IMPRINT_THICK * 8), round(L.IMPRINT_THIN * 8)  # eighths of a point
    rule = '<w:{0} w:val="single" w:sz="{1}" w:space="0" w:color="000000"/>'
    borders = (
        rule.format("top", thick)
        + '<w:left w:val="nil"/>'
        + rule.format("bottom", thick)
        + '<w:right w:val="nil"/>'
        + rule.format("insideH", thin)
        + '<w:insideV w:val="nil"/>'
    )
    height = f'<w:trPr><w:cantSplit/><w:trHeight w:val="{L.DOCX_LINE_PITCH_TWIPS}" w:hRule="atLeast"/></w:trPr>'
    half = width // 2

    def cell(text: str, cell_width: int, span: int, ind: str, jc: str) -> str:
        grid_span = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
        return (
            f'<w:tc><w:tcPr><w:tcW w:w="{cell_width}" w:type="dxa"/>{grid_span}<w:vAlign w:val="center"/></w:tcPr>'
            f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{ind}<w:jc w:val="{jc}"/></w:pPr>'
            f"{_cell_runs(text, L.DOCX_FALLBACK_FONTS['fangsong'])}</w:p></w:tc>"
        )

    rows = []
    if copy_to:
        ind = f'<w:ind w:left="{inset + label}" w:right="{inset}" w:hanging="{label}"/>'
        rows.append(f"<w:tr>{height}{cell(copy_to, width, 2, ind, 'left')}</w:tr>")
    left = cell(printed_by, half, 1, f'<w:ind w:left="{inset}"/>', "left")
    right = cell(printed_on, width - half, 1, f'<w:ind w:right="{inset}"/>', "right")
    rows.append(f"<w:tr>{height}{left}{right}</w:tr>")
    xml = (
        f"<w:tbl {nsdecls('w')}><w:tblPr>"
        # Anchored to the page horizontally: LibreOffice floats such tables even when they fill the 版心 width.
        '<w:tblpPr w:leftFromText="0" w:rightFromText="0" w:topFromText="0" w:bottomFromText="0" '
        f'w:vertAnchor="margin" w:horzAnchor="page" w:tblpX="{twips(L.MARGIN_LEFT)}" w:tblpYSpec="bottom"/>'
        f'<w:tblOverlap w:val="never"/><w:tblW w:w="{width}" w:type="dxa"/><w:tblBorders>{borders}</w:tblBorders>'
        '<w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar>'
        f'</w:tblPr><w:tblGrid><w:gridCol w:w="{half}"/><w:gridCol w:w="{width - half}"/></w:tblGrid>'
        f"{''.join(rows)}</w:tbl>"
    )
    return parse_xml(xml)


def table_xml(
    widths_twips: list[int],
    header: tuple[str, ...] | None,
    rows: tuple[tuple[str, ...], ...],
    aligns: list[str],
    *,
    style: str,
    header_style: str,
    min_height_twips: int = 0,
    size: float | None = None,
) -> BaseOxmlElement:
    """A ruled table built as one XML string (fast for thousands of rows); the header row repeats on each page."""
    jc = {"left": "left", "center": "center", "right": "right", "justify": "both"}
    borders = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths_twips)
    total = sum(widths_twips)

    def row(cells: tuple[str, ...], is_header: bool) -> str:
        tr_pr = "<w:trPr><w:cantSplit/>" + ("<w:tblHeader/>" if is_header else "")
        if min_height_twips and not is_header:
            tr_pr += f'<w:trHeight w:val="{min_height_twips}"/>'
        tr_pr += "</w:trPr>"
        out = [f"<w:tr>{tr_pr}"]
        for text, width, align in zip(cells, widths_twips, aligns, strict=True):
            para_style = header_style if is_header else style
            alignment = "center" if is_header else jc[align]
            runs = _cell_runs(text, L.DOCX_FALLBACK_FONTS["hei" if is_header else "fangsong"], size)
            out.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>'
                f'<w:p><w:pPr><w:pStyle w:val="{para_style}"/><w:jc w:val="{alignment}"/></w:pPr>{runs}</w:p></w:tc>'
            )
        out.append("</w:tr>")
        return "".join(out)

    body = [row(header, True)] if header else []
    body.extend(row(cells, False) for cells in rows)
    xml = (
        f"<w:tbl {nsdecls('w')}><w:tblPr>"
        f'<w:tblW w:w="{total}" w:type="dxa"/><w:jc w:val="center"/><w:tblBorders>{borders}</w:tblBorders>'
        '<w:tblLayout w:type="fixed"/>'
        f'<w:tblCellMar><w:left w:w="{CELL_MARGIN_TWIPS}" w:type="dxa"/>'
        f'<w:right w:w="{CELL_MARGIN_TWIPS}" w:type="dxa"/></w:tblCellMar>'
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{''.join(body)}</w:tbl>"
    )
    return parse_xml(xml)


def figure_xml(widths_twips: list[int], captions: list[str], style: str) -> BaseOxmlElement:
    """A borderless, centred table for photos side by side: an empty run per photo, the captions in the row below."""
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/><w:keepNext/><w:spacing w:line="240" w:lineRule="auto"/></w:pPr>'
    photos = "".join(
        f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr><w:p>{ppr}<w:r/></w:p></w:tc>' for w in widths_twips
    )
    texts = "".join(
        f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>'
        f"{_cell_runs(text, L.DOCX_FALLBACK_FONTS['fangsong'])}</w:p></w:tc>"
        for w, text in zip(widths_twips, captions, strict=True)
    )
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths_twips)
    row = "<w:tr><w:trPr><w:cantSplit/></w:trPr>{}</w:tr>"
    return parse_xml(
        f"<w:tbl {nsdecls('w')}><w:tblPr>"
        f'<w:tblW w:w="{sum(widths_twips)}" w:type="dxa"/><w:jc w:val="center"/><w:tblLayout w:type="fixed"/>'
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{row.format(photos)}{row.format(texts)}</w:tbl>"
    )


# Font substitution data for the standard fonts: (alternative names tried first, PANOSE-1, family, pitch,
# signature usb0 usb1 usb2 usb3 csb0 csb1). Charset 86 is GB2312; csb0 bit 18 marks the Simplified Chinese code page.
# When a named font is missing, Word and WPS look for the alternative names before guessing from the metrics, so a PC
# without 仿宋_GB2312 prints with 仿宋 (simfang.ttf) rather than with 宋体 or a Western serif.
_GB2312_ONLY = ("00000001", "080E0000", "00000010", "00000000", "00040000", "00000000")
_GBK = ("800002BF", "38CF7CFA", "00000016", "00000000", "00040001", "00000000")
FONT_TABLE = {
    "仿宋_GB2312": ("仿宋,FangSong,FangSong_GB2312", "02010609030101010101", "modern", "fixed", _GB2312_ONLY),
    "仿宋": ("FangSong,仿宋_GB2312,FangSong_GB2312", "02010609060101010101", "modern", "fixed", _GBK),
    "楷体_GB2312": ("楷体,KaiTi,KaiTi_GB2312", "02010609030101010101", "modern", "fixed", _GB2312_ONLY),
    "楷体": ("KaiTi,楷体_GB2312,KaiTi_GB2312", "02010609060101010101", "modern", "fixed", _GBK),
    "黑体": ("SimHei", "02010609060101010101", "modern", "fixed", _GBK),
    "宋体": ("SimSun", "02010600030101010101", "auto", "variable", _GBK),
    "方正小标宋简体": (
        "方正小标宋_GBK,FZXiaoBiaoSong-B05S,华文中宋,宋体,SimSun",
        "02000000000000000000",
        "auto",
        "variable",
        _GBK,
    ),
}
LATIN_FONTS = {
    "Times New Roman": (
        "02020603050405020304",
        "roman",
        "variable",
        ("E0002AFF", "C0007841", "00000009", "00000000", "000001FF", "00000000"),
    ),
}


def font_table_xml(names: list[str]) -> bytes:
    """word/fontTable.xml listing `names` with substitution data (standard CJK fonts with charset 86 and altName)."""
    entries = []
    for name in names:
        if name in FONT_TABLE:
            alt, panose, family, pitch, sig = FONT_TABLE[name]
            head, charset = f'<w:altName w:val="{escape(alt)}"/>', "86"
        else:
            panose, family, pitch, sig = LATIN_FONTS[name]
            head, charset = "", "00"
        usb0, usb1, usb2, usb3, csb0, csb1 = sig
        entries.append(
            f'<w:font w:name="{escape(name)}">{head}<w:panose1 w:val="{panose}"/><w:charset w:val="{charset}"/>'
            f'<w:family w:val="{family}"/><w:pitch w:val="{pitch}"/>'
            f'<w:sig w:usb0="{usb0}" w:usb1="{usb1}" w:usb2="{usb2}" w:usb3="{usb3}" w:csb0="{csb0}" w:csb1="{csb1}"/>'
            "</w:font>"
        )
    xml = (
        f"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n<w:fonts {nsdecls('w')}>{''.join(entries)}</w:fonts>"
    )
    return xml.encode("utf-8")


def print_settings(ppr: BaseOxmlElement) -> None:
    """No automatic gap between Chinese and Latin letters or digits, no punctuation hanging past the 版心.

    Word and WPS follow both. LibreOffice ignores autoSpaceDE/autoSpaceDN and reads overflowPunct inverted, so
    it keeps both behaviours there (see tests/documents/test_documents_docx_lo.py).
    """
    set_attrs(ordered(ppr, "w:overflowPunct"), val=0)
    set_attrs(ordered(ppr, "w:autoSpaceDE"), val=0)
    set_attrs(ordered(ppr, "w:autoSpaceDN"), val=0)
