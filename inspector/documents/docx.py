"""The DOCX renderer: the same Document as the PDF, in python-docx, with the standard fonts named for Word."""

from __future__ import annotations

import functools
import hashlib
import itertools
from collections.abc import Callable, Iterable
from datetime import UTC
from pathlib import Path

import docx
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.image.image import Image as DocxImage
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml.ns import qn
from docx.oxml.shape import CT_Inline
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.parts.image import ImagePart
from docx.shared import Emu, Length, Pt
from docx.text.paragraph import Paragraph as DocxParagraph

from inspector import clock
from inspector.atomic import atomic_path
from inspector.documents import docx_xml as X
from inspector.documents import layout as L
from inspector.documents.images import PreparedKey, photo_requests, prepare_many, prepared_key, print_ready
from inspector.documents.linebreak import NO_LINE_START
from inspector.documents.model import (
    Addressee,
    AttachmentNote,
    AttachmentStart,
    BlankLine,
    Document,
    Figure,
    Heading,
    Imprint,
    Masthead,
    PageBreak,
    Paragraph,
    RenderReport,
    Run,
    Signature,
    Table,
    Title,
    one_line,
)
from inspector.documents.segment import NUMBER_PIECE, UNIT_CHARS, segments
from inspector.ids import cn_date

EMU_PER_PT = 12700
CHAR_TWIPS = X.twips(L.CHAR_ADVANCE)
ALIGN = {
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}
# Paragraph styles: name -> (font role, size, colour, first-line indent in characters, alignment, line spacing).
STYLES = {
    "公文正文": ("fangsong", L.BODY_SIZE, None, 2, "justify", L.DOCX_LINE_SPACING),
    "发文机关标志": ("title", L.MARK_SIZE, L.RED_HEX, 0, "center", L.MARK_SIZE * 1.25),
    "发文字号": ("fangsong", L.BODY_SIZE, None, 0, "center", L.DOCX_LINE_SPACING),
    "公文标题": ("title", L.TITLE_SIZE, None, 0, "center", L.DOCX_LINE_SPACING),
    "主送机关": ("fangsong", L.BODY_SIZE, None, 0, "justify", L.DOCX_LINE_SPACING),
    "一级标题": ("hei", L.BODY_SIZE, None, 2, "left", L.DOCX_LINE_SPACING),
    "二级标题": ("kai", L.BODY_SIZE, None, 2, "left", L.DOCX_LINE_SPACING),
    "三级标题": ("fangsong", L.BODY_SIZE, None, 2, "left", L.DOCX_LINE_SPACING),
    "附件标识": ("hei", L.BODY_SIZE, None, 0, "left", L.DOCX_LINE_SPACING),
    "表格文字": ("fangsong", L.TABLE_SIZE, None, 0, "left", L.TABLE_SIZE * L.TABLE_LEADING),
    "表头文字": ("hei", L.TABLE_SIZE, None, 0, "center", L.TABLE_SIZE * L.TABLE_LEADING),
    "图片说明": ("fangsong", L.CAPTION_SIZE, None, 0, "center", L.CAPTION_SIZE * L.TABLE_LEADING),
    "版记": ("fangsong", L.IMPRINT_SIZE, None, 0, "left", L.DOCX_LINE_SPACING),
    "页码": ("song", L.PAGE_NUMBER_SIZE, None, 0, "right", L.PAGE_NUMBER_SIZE * 1.2),
}
HEADING_STYLES = {1: "一级标题", 2: "二级标题", 3: "三级标题", 4: "三级标题"}
TITLE_EMS = L.TEXT_WIDTH / L.TITLE_SIZE


class WordWriter:
    """Builds one .docx: page setup, styles, odd/even page-number footers, then the blocks in order."""

    def __init__(self, document: Document):
        self.document = document
        self.doc = docx.Document()
        self.styles: dict[str, str] = {}
        self.last_was_table = False
        self.prepared: dict[PreparedKey, tuple[bytes, tuple[int, int]]] = {}
        self.image_rels: dict[bytes, str] = {}
        self.keep_next = False
        self.last_paragraph: DocxParagraph | None = None
        self.shape_id = 0
        self._page_setup()
        self._define_styles()
        if document.page_numbers:
            self._footers()

    # ---------------------------------------------------------------- set-up

    def _page_setup(self) -> None:
        section = self.doc.sections[0]
        section.start_type = WD_SECTION.NEW_PAGE
        section.page_width = Emu(round(L.PAGE_WIDTH * EMU_PER_PT))
        section.page_height = Emu(round(L.PAGE_HEIGHT * EMU_PER_PT))
        section.top_margin, section.bottom_margin = Pt(L.MARGIN_TOP), Pt(L.MARGIN_BOTTOM)
        section.left_margin, section.right_margin = Pt(L.MARGIN_LEFT), Pt(L.MARGIN_RIGHT)
        section.header_distance, section.footer_distance = Pt(L.mm(15)), Pt(L.DOCX_FOOTER_DISTANCE)
        grid = X.ordered(section._sectPr, "w:docGrid")
        for attr in ("w:type", "w:charSpace"):
            grid.attrib.pop(qn(attr), None)
        X.set_attrs(grid, linePitch=L.DOCX_LINE_PITCH_TWIPS)

    def _define_styles(self) -> None:
        styles = self.doc.styles
        defaults = styles.element.find(qn("w:docDefaults"))
        rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is not None:  # the template's theme fonts would win over the named ones
            rpr.remove(fonts)
        X.set_run_format(rpr, role="fangsong", size=L.BODY_SIZE)
        X.print_settings(defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")))
        X.set_attrs(X.ordered(rpr, "w:lang"), val="en-US", eastAsia="zh-CN")
        for name, (role, size, color, indent, align, line) in STYLES.items():
            style = styles["Normal"] if name == "公文正文" else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            if name != "公文正文":
                style.base_style = styles["Normal"]
            self.styles[name] = style.style_id
            ppr = style.element.get_or_add_pPr()
            if name == "公文正文":
                X.print_settings(ppr)  # again on Normal, for readers that skip the document defaults
            X.set_line_spacing(ppr, line)
            ind = {"firstLineChars": indent * 100, "firstLine": indent * X.twips(size)}
            X.set_indent(ppr, **ind)
            style.paragraph_format.alignment = ALIGN[align]
            style.paragraph_format.widow_control = False
            rpr = style.element.get_or_add_rPr()
            spacing = L.DOCX_CHAR_SPACING_TWENTIETHS if size == L.BODY_SIZE else 0
            X.set_run_format(rpr, role=role, size=size, color=color, spacing=spacing)
            if name in ("一级标题", "二级标题", "三级标题"):
                style.paragraph_format.keep_with_next = True
        self.styles["Normal"] = styles["Normal"].style_id

    def _footers(self) -> None:
        self.doc.settings.odd_and_even_pages_header_footer = True
        section = self.doc.sections[0]
        inset = X.twips(L.PAGE_NUMBER_INSET)
        for footer, align, side in ((section.footer, "right", "right"), (section.even_page_footer, "left", "left")):
            footer.is_linked_to_previous = False
            paragraph = footer.paragraphs[0]
            paragraph.style = self.doc.styles["页码"]
            paragraph.alignment = ALIGN[align]
            X.set_indent(paragraph._p.get_or_add_pPr(), **{side: inset})
            for run in X.page_field_runs("song", L.PAGE_NUMBER_SIZE):
                paragraph._p.append(run)

    # ---------------------------------------------------------------- paragraphs

    def para(self, style: str = "公文正文", runs: tuple[Run, ...] = (), *, red: bool = False) -> DocxParagraph:
        """A paragraph in a named style; runs in other font roles get their own East Asian font."""
        base_role = STYLES[style][0]
        paragraph = self.doc.add_paragraph()
        if style != "公文正文":
            paragraph._p.style = self.styles[style]
        for run in runs:
            self.add_text(paragraph, run.text, run.role if run.role != base_role else None, base_role, red=red)
        self.last_was_table = False
        if self.keep_next:
            paragraph.paragraph_format.keep_with_next = True
        self.last_paragraph = paragraph
        return paragraph

    def _keep_with_tail(self) -> None:
        """Keep the body's last lines, the 附件说明 and the 落款 on one page (GB/T 9704: no lone signature page)."""
        if self.last_paragraph is not None:
            self.last_paragraph.paragraph_format.keep_with_next = True
        self.keep_next = True

    def add_text(
        self, paragraph: DocxParagraph, text: str, role: str | None, base_role: str, *, red: bool = False
    ) -> None:
        """Append text, switching characters outside GB2312 to a font that has them."""
        effective = role or base_role
        for part, inside in X.gb2312_runs(X.clean(one_line(text))):
            run = paragraph.add_run(part)
            if role is None and inside and not red:
                continue
            rpr = run._r.get_or_add_rPr()
            if role is not None:
                X.set_fonts(rpr, L.DOCX_FONTS[role])
            if not inside:
                X.set_fonts(rpr, L.DOCX_FALLBACK_FONTS[effective])
                X.set_attrs(rpr.find(qn("w:rFonts")), hint="eastAsia")
            if red:
                X.set_run_format(rpr, color=L.RED_HEX)

    def blank(self, count: int = 1) -> None:
        """Empty grid lines."""
        for _ in range(count):
            self.para()

    # ---------------------------------------------------------------- blocks

    def masthead(self, block: Masthead) -> None:
        """Red mark 35 mm below the 版心 top, two blank lines, the number with the red line 4 mm under it."""
        line = STYLES["发文机关标志"][5]
        mark = self.para("发文机关标志", (Run(block.mark, "title"),))
        extra = (line - L.MARK_SIZE) / 2  # the mark's line is taller than the mark: take it off the gaps around it
        mark.paragraph_format.space_before = Pt(L.MARK_TOP - extra)
        self.blank(L.NUMBER_GAP_LINES)
        first_gap = self.doc.paragraphs[-L.NUMBER_GAP_LINES].paragraph_format
        first_gap.line_spacing, first_gap.line_spacing_rule = Pt(L.DOCX_LINE_SPACING - extra), WD_LINE_SPACING.EXACTLY
        number = self.para("发文字号", (Run(block.number),))
        below_text = (L.DOCX_LINE_SPACING - L.BODY_SIZE) / 2
        X.set_border(
            number._p.get_or_add_pPr(),
            "bottom",
            round(L.RED_LINE_WIDTH * 8),
            L.RED_HEX,
            space=max(0, round(L.RED_LINE_GAP - below_text)),
        )

    def title(self, block: Title) -> None:
        """The title centred, broken into the same lines as the PDF."""
        self.blank(block.gap_lines)
        paragraph = self.para("公文标题")
        terms = self.document.terms
        lines = [
            line for part in block.text.split("\n") for line in fit_lines(part, TITLE_EMS, balanced=True, terms=terms)
        ]
        for k, line in enumerate(lines):
            if k:
                paragraph.add_run().add_break(WD_BREAK.LINE)
            self.add_text(paragraph, line, None, "title")

    def addressee(self, block: Addressee) -> None:
        """主送机关 one blank line under the title."""
        self.blank(L.ADDRESSEE_GAP_LINES)
        self.para("主送机关", (Run(block.text.rstrip("：:") + "："),))

    def heading(self, block: Heading) -> None:
        """A heading in its level's style (黑体 / 楷体 / 仿宋)."""
        self.para(HEADING_STYLES[block.level], (Run(block.text, block.role),))

    def paragraph(self, block: Paragraph) -> None:
        """Body text; non-default indents, alignment and sizes are set on the paragraph."""
        paragraph = self.para("公文正文", block.runs, red=block.red)
        ppr = paragraph._p.get_or_add_pPr()
        if block.indent != 2 or block.hanging:
            indent = {"firstLineChars": round(block.indent * 100), "firstLine": round(block.indent * CHAR_TWIPS)}
            if block.hanging:
                indent = {"left": round(block.hanging * CHAR_TWIPS), "hanging": round(block.hanging * CHAR_TWIPS)}
            X.set_indent(ppr, **indent)
        if block.align != "justify":
            paragraph.alignment = ALIGN[block.align]
        if block.size != L.BODY_SIZE:
            for run in paragraph.runs:
                X.set_run_format(run._r.get_or_add_rPr(), size=block.size, spacing=0)

    def attachment_note(self, block: AttachmentNote) -> None:
        """附件说明: 附件：1.name, further names aligned under the first."""
        self._keep_with_tail()
        self.blank()
        numbered = len(block.titles) > 1
        for n, name in enumerate(block.titles, start=1):
            text = ("附件：" if n == 1 else "") + (f"{n}." if numbered else "") + name
            paragraph = self.para("公文正文", (Run(text),))
            left = round(5 * CHAR_TWIPS)
            indent = {"left": left, "hanging": round(3 * CHAR_TWIPS)} if n == 1 else {"left": left, "firstLine": 0}
            X.set_indent(paragraph._p.get_or_add_pPr(), **indent)

    def signature(self, block: Signature) -> None:
        """Office name 2 characters from the right, the date under it 2 characters further right."""
        self._keep_with_tail()
        self.blank()
        day = cn_date(block.day)
        office_units, date_units = _units(block.office), _units(day)
        if date_units > office_units:
            office_right, date_right = 4 + date_units - office_units, 2.0
        else:
            office_right, date_right = 2.0, office_units - date_units
        for text, right in ((block.office, office_right), (day, date_right)):
            self.keep_next = text == block.office
            paragraph = self.para("主送机关", (Run(text),))
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            X.set_indent(paragraph._p.get_or_add_pPr(), right=round(right * CHAR_TWIPS))

    def attachment_start(self, block: AttachmentStart) -> None:
        """附件N on line 1 of a new page, its title on line 3, a blank line before the content."""
        self.keep_next = False
        label = self.para("附件标识", (Run(f"附件{block.number}" if block.numbered else "附件", "hei"),))
        label.paragraph_format.page_break_before = True
        self.title(Title(block.title, gap_lines=1))
        self.blank()

    def table(self, block: Table) -> None:
        """A ruled table; two tables in a row get an empty paragraph between them so Word keeps them apart."""
        if self.last_was_table:
            self.para("表格文字")
        total = sum(c.width for c in block.columns)
        widths = [X.twips(L.TEXT_WIDTH * c.width / total) for c in block.columns]
        style = "表格文字"
        ems = [(w - 2 * X.CELL_MARGIN_TWIPS) / X.TWIPS_PER_PT / block.size for w in widths]
        header = tuple(c.title for c in block.columns) if block.header else None  # short labels: Word wraps them
        element = X.table_xml(
            widths,
            header,
            tuple(_wrap_row(row, ems, self.document.terms) for row in block.rows),
            [c.align for c in block.columns],
            style=self.styles[style],
            header_style=self.styles["表头文字"],
            min_height_twips=X.twips(block.min_row_height * L.MM),
            size=block.size if block.size != L.TABLE_SIZE else None,
        )
        self.doc.element.body.sectPr.addprevious(element)
        self.last_was_table = True

    def figure(self, block: Figure) -> None:
        """Photos side by side in a borderless table, captions under them."""
        if self.last_was_table:
            self.para("表格文字")
        box_w, box_h = L.figure_box(block.columns, block.aspect)
        cell = X.twips(box_w + L.FIGURE_GAP)
        element = X.figure_xml(
            [cell] * len(block.pictures), [p.caption for p in block.pictures], self.styles["图片说明"]
        )
        self.doc.element.body.sectPr.addprevious(element)
        first_row = element.find(qn("w:tr"))
        for run, picture in zip(first_row.iter(qn("w:r")), block.pictures, strict=True):
            key = prepared_key(picture.data, box_w, box_h)
            data, (px_w, px_h) = self.prepared.pop(key, None) or print_ready(picture.data, box_w, box_h)
            scale = min(box_w / px_w, box_h / px_h)
            self._picture(run, data, Pt(px_w * scale), Pt(px_h * scale))
        self.last_was_table = True

    def _picture(self, run: BaseOxmlElement, data: bytes, width: Length, height: Length) -> None:
        """Add a photo to a run, one image part and relationship per distinct photo.

        python-docx's own add_picture looks up parts, part names and relationships linearly, which is quadratic
        for a circular with hundreds of photos.
        """
        digest = hashlib.sha1(data, usedforsecurity=False).digest()
        rel = self.image_rels.get(digest)
        if rel is None:
            image = DocxImage.from_blob(data)
            parts = self.doc.part.package.image_parts
            part = ImagePart.from_image(image, PackURI(f"/word/media/image{len(parts) + 1}.{image.ext}"))
            parts.append(part)
            rels = self.doc.part.rels
            rel = self.image_rels[digest] = rels._next_rId
            rels.add_relationship(RT.IMAGE, part, rel)
        if self.shape_id == 0:
            self.shape_id = self.doc.part.next_id
        self.shape_id += 1
        run.add_drawing(CT_Inline.new_pic_inline(self.shape_id, rel, f"photo{self.shape_id}.jpg", width, height))

    def imprint(self, block: Imprint) -> None:
        """版记 floating on the bottom of the last page: thick, thin and thick rules, 4号仿宋, 1 char from each side."""
        copy_to = "抄送：" + block.copy_to.rstrip("。.") + "。" if block.copy_to else ""
        element = X.imprint_xml(copy_to, block.printed_by, cn_date(block.printed_on) + "印发", self.styles["版记"])
        self.doc.element.body.sectPr.addprevious(element)
        anchor = self.para("版记")  # a floating table needs a paragraph after it; keep it tiny
        anchor.paragraph_format.line_spacing = Pt(1)
        anchor.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY

    def _core_properties(self) -> None:
        """Title, author (the issuing office) and times of this document, nothing left from python-docx's template."""
        props = self.doc.core_properties
        now = clock.now().astimezone(UTC).replace(microsecond=0, tzinfo=None)
        props.title, props.author = self.document.title, self.document.author
        props.last_modified_by = self.document.author
        props.created = props.modified = now
        props.language, props.revision = "zh-CN", 1
        for name in ("category", "comments", "keywords", "subject", "content_status", "identifier", "version"):
            setattr(props, name, "")
        for element in list(props._element):
            if not (element.text or "").strip():  # empty or left over (the template's comment, last printed)
                props._element.remove(element)
        package_rels = self.doc.part.package.rels
        for rid in [rid for rid, rel in package_rels.items() if rel.reltype == RT.THUMBNAIL]:
            del package_rels[rid]  # python-docx's template preview picture

    def _font_table(self) -> None:
        """Replace the template's font table with the fonts the runs name, each with its substitution data."""
        used: set[str] = set()
        parts = [self.doc.element, self.doc.styles.element]
        section = self.doc.sections[0]
        if self.document.page_numbers:
            parts += [section.footer._element, section.even_page_footer._element]
        attrs = [qn(f"w:{a}") for a in ("ascii", "hAnsi", "eastAsia", "cs")]
        for part in parts:
            for fonts in part.iter(qn("w:rFonts")):
                used.update(v for v in map(fonts.get, attrs) if v)
        known = [*X.FONT_TABLE, *X.LATIN_FONTS]
        names = [name for name in known if name in used]
        table = next(r.target_part for r in self.doc.part.rels.values() if r.reltype == RT.FONT_TABLE)
        table._blob = X.font_table_xml(names)

    def save(self, path: Path) -> None:
        """Write the file."""
        self._core_properties()
        self._font_table()
        self.doc.save(str(path))


def _units(text: str) -> float:
    return sum(0.5 if ch.isascii() else 1.0 for ch in text)


def _wrap_row(cells: tuple[str, ...], ems: list[float], terms: Iterable[str] = ()) -> tuple[str, ...]:
    """Table cells with explicit line breaks where a cell's text is wider than its column."""
    return tuple(
        "\n".join(line for part in text.split("\n") for line in fit_lines(part, width, terms=terms))
        for text, width in zip(cells, ems, strict=True)
    )


def _dispatch(writer: WordWriter) -> dict[type, Callable[[object], None]]:
    return {
        Masthead: writer.masthead,
        Title: writer.title,
        Addressee: writer.addressee,
        Heading: writer.heading,
        Paragraph: writer.paragraph,
        AttachmentNote: writer.attachment_note,
        Signature: writer.signature,
        AttachmentStart: writer.attachment_start,
        BlankLine: lambda _block: writer.blank(),
        PageBreak: lambda _block: writer.doc.add_page_break(),
        Table: writer.table,
        Figure: writer.figure,
    }  # type: ignore[dict-item]


def render_docx(document: Document, out: Path) -> RenderReport:
    """Write the document as a .docx at `out` (through a temporary file, so nothing is half-written)."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    _fit_lines.cache_clear()  # the cache serves repeats within one document (and keeps the bench honest)
    writer = WordWriter(document)
    writer.prepared = prepare_many(photo_requests(document.blocks))
    handlers = _dispatch(writer)
    for block in document.blocks:
        handlers[type(block)](block)
    if document.imprint is not None:
        writer.imprint(document.imprint)
    elif writer.last_was_table:
        writer.para()
    with atomic_path(out) as tmp:
        writer.save(tmp)
    return RenderReport(path=out, format="docx", fonts=dict(L.DOCX_FONTS), files=[out])


# ---------------------------------------------------------------- line breaks Word and LibreOffice keep
# Word and LibreOffice break Chinese text between any two characters. Titles and table cells get explicit breaks
# chosen here, so no line parts a number from its unit, a date, a short note like （2处） or a known term.

_GOOD_END = frozenset("的和及与至、，；")
FORBIDDEN, INSIDE_DATE, PLAIN = 1000.0, 200.0, 4.0


def break_costs(text: str, terms: Iterable[str] = ()) -> list[float]:
    """Cost of a line break before each character (index 0 and len(text) cost nothing): free after 的/和/至…,
    forbidden inside a segment of the PDF's segmenter (segment.py: a number with its unit, a Latin word, a short
    bracket group, a known term or one of `terms`, with the 禁则 glue), except between the parts of a long number
    (2026年 / 12月 / 4日), which is only costly."""
    costs = [PLAIN] * (len(text) + 1)
    costs[0] = costs[-1] = 0.0
    for i in range(1, len(text)):
        if text[i - 1] in _GOOD_END:
            costs[i] = 0.0
    for a, b in segments(text, terms):
        for i in range(a + 1, b):
            costs[i] = FORBIDDEN
        piece = text[a:b]
        if b - a > 1 and any(ch.isdigit() for ch in piece):
            at = a
            for part in NUMBER_PIECE.finditer(piece):
                at = a + part.end()
                if at < b and text[at - 1] in UNIT_CHARS and text[at] not in NO_LINE_START:
                    costs[at] = INSIDE_DATE
    return costs


def _severity(cost: float) -> int:
    """Bad breaks counted before lines: one forbidden break outweighs any number of breaks inside dates, and a
    break inside a date is worse than one more line."""
    return 1000 if cost >= FORBIDDEN else 1 if cost >= INSIDE_DATE else 0


def _advances(text: str) -> list[float]:
    """Estimated advance of each character in ems: generous to Latin letters and digits, which LibreOffice may set
    in a wide font and space off from Chinese, so a line measured here fits in Word, WPS and LibreOffice alike."""
    out = []
    for k, ch in enumerate(text):
        width = 0.65 if ch.isascii() else 1.0
        if k and ch.isascii() != text[k - 1].isascii():
            width += 0.25
        out.append(width)
    return out


def text_units(text: str) -> float:
    """Estimated width of `text` in ems (see `_advances`)."""
    return sum(_advances(text))


def fit_lines(text: str, width: float, *, balanced: bool = False, terms: Iterable[str] = ()) -> list[str]:
    """Lines of at most `width` ems, broken where `break_costs` allows, fewest lines first; `balanced` lines form
    a trapezoid of nearly equal lengths, upper lines longer (titles)."""
    return list(_fit_lines(text, width, balanced, tuple(terms)))


@functools.lru_cache(maxsize=4096)  # a list repeats its districts, units and deadlines in every row
def _fit_lines(text: str, width: float, balanced: bool, terms: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(_break_into_lines(text, width, balanced=balanced, terms=terms))


def _break_into_lines(text: str, width: float, *, balanced: bool, terms: tuple[str, ...]) -> list[str]:
    advances = _advances(text)
    total = sum(advances)
    if total <= width or len(text) < 2:
        return [text]
    costs = break_costs(text, terms)
    prefix = [0.0]
    for advance in advances:
        prefix.append(prefix[-1] + advance)
    n = len(text)
    target = total / -(-total // width) if balanced else width
    # best[j]: (bad breaks, lines, cost, last line's width, start of the last line) for text[:j]
    best: list[tuple[int, int, float, float, int] | None] = [None] * (n + 1)
    best[0] = (0, 0, 0.0, 0.0, 0)
    for j in range(1, n + 1):
        for i in range(j - 1, -1, -1):
            used = prefix[j] - prefix[i] - (0.25 if i and text[i].isascii() != text[i - 1].isascii() else 0.0)
            if used > width and j - i > 1:
                break
            entry = best[i]
            if entry is None:
                continue
            forbidden, lines, cost, previous, _ = entry
            shape = 0.0 if j == n and not balanced else (target - used) ** 2
            if balanced and lines and used > previous + 0.5:
                shape += 20.0 * (used - previous)  # a lower line longer than the one above
            candidate = (forbidden + _severity(costs[j]), lines + 1, cost + shape + costs[j], used, i)
            if best[j] is None or candidate[:3] < best[j][:3]:
                best[j] = candidate
    cuts = [n]
    while cuts[-1] > 0:
        cuts.append(best[cuts[-1]][4])
    # A word or number wider than the whole line is left to the application, which measures the real font.
    cuts = [cut for cut in reversed(cuts) if costs[cut] < FORBIDDEN]
    lines = [text[a:b].strip() for a, b in itertools.pairwise(cuts)]
    return [line for line in lines if line]
