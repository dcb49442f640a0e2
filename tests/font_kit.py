"""Small real fonts for tests, built with fontTools: TrueType (reportlab registers and embeds them) or CFF."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from inspector import fonts
from inspector.documents import fontset

COMMON = "督查整改通报，文明城市创建工作。"
LATIN = "0123456789 ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.,:-"
BASIC = COMMON + LATIN + "〓：、（）—〔〕年月日号第一二三员名字"


def build_font(path: Path, family: str, chars: str, *, cff: bool = False) -> Path:
    """Write a font whose every character is a filled square (a hollow one for ASCII) of full or half width."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.t2CharStringPen import T2CharStringPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    codepoints = sorted({ord(ch) for ch in chars if not ch.isspace()} | {0x20})
    names = {cp: f"uni{cp:04X}" if cp <= 0xFFFF else f"u{cp:05X}" for cp in codepoints}
    order = [".notdef", *names.values()]
    fb = FontBuilder(1000, isTTF=not cff)
    fb.setupGlyphOrder(order)
    fb.setupCharacterMap({cp: names[cp] for cp in codepoints})
    widths = {".notdef": 1000, **{names[cp]: 500 if cp < 0x2E80 else 1000 for cp in codepoints}}

    def draw(pen, name: str) -> None:
        if name == "uni0020":
            return
        width = widths[name]
        pen.moveTo((50, -80))
        pen.lineTo((50, 800))
        pen.lineTo((width - 50, 800))
        pen.lineTo((width - 50, -80))
        pen.closePath()

    if cff:
        charstrings = {}
        for name in order:
            pen = T2CharStringPen(widths[name], None)
            draw(pen, name)
            charstrings[name] = pen.getCharString()
        fb.setupCFF(family.replace(" ", ""), {"FullName": family}, charstrings, {})
    else:
        glyphs = {}
        for name in order:
            pen = TTGlyphPen(None)
            draw(pen, name)
            glyphs[name] = pen.glyph()
        fb.setupGlyf(glyphs)
    fb.setupHorizontalMetrics({name: (widths[name], 50) for name in order})
    fb.setupHorizontalHeader(ascent=880, descent=-120)
    fb.setupNameTable({"familyName": family, "styleName": "Regular"})
    fb.setupOS2(sTypoAscender=880, sTypoDescender=-120, usWinAscent=880, usWinDescent=120, fsType=0)
    fb.setupPost()
    path.parent.mkdir(parents=True, exist_ok=True)
    fb.save(str(path))
    return path


def isolated_fonts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """For a fixture: only the fonts a test puts in the yielded folder exist (INSPECTOR_FONT_DIRS); the shared
    FontSet is reset before and after."""
    folder = tmp_path / "fonts"
    folder.mkdir()
    monkeypatch.setattr(fonts, "SYSTEM_FONT_DIRS", ())
    monkeypatch.setattr(fonts, "USER_FONT_DIRS", ())
    monkeypatch.setattr(fonts, "USE_FC_LIST", False)
    monkeypatch.setenv(fonts.FONT_DIRS_ENV, str(folder))
    fonts.clear_cache()
    fontset.reset_fonts()
    yield folder
    fonts.clear_cache()
    fontset.reset_fonts()


def fonts_without(char: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """For a fixture: this machine's fonts except those that draw `char` (linked into one folder), so a test of
    "no font has it" runs on every machine, whatever it installed (BabelStone Han has even Extension G)."""
    env = fonts.os.environ.get(fonts.FONT_DIRS_ENV, "")
    kept = []
    for path in fonts._discover(env).files:
        charmaps = [fonts._charmap(path, face.index) for face in fonts._faces(path)]
        if not any(cmap is not None and cmap.has_outline(ord(char)) for cmap in charmaps):
            kept.append(Path(path))
    for folder in isolated_fonts(tmp_path, monkeypatch):
        for k, path in enumerate(kept):
            (folder / f"{k:04d}-{path.name}").symlink_to(path)
        fonts.clear_cache()
        fontset.reset_fonts()
        yield folder
