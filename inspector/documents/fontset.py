"""CJK fonts for the PDF renderer: one registered reportlab TrueType font per role, with per-character fallback.

A character the role's font lacks is drawn in the first font that has it: the fonts of related roles first (仿宋,
宋, 楷 stand in for each other), then any installed TrueType font (see fonts.fallback_fonts), registered with
reportlab only when a character needs it. Characters no font has are collected in `FontSet.missing` and drawn
as 〓 (the mark Chinese printing uses for a character it lacks): PDF readers draw nothing for a font's
"missing glyph", and a blank would hide the loss.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from inspector import fonts
from inspector.documents.model import ROLES

MISSING_MARK = "〓"
_LOCK = threading.RLock()
_REGISTERED: dict[tuple[str, int], str] = {}
_UNUSABLE: set[tuple[str, int]] = set()
# Fonts of other roles to try, in order, before any other installed font: a similar look first; never a sans
# face in serif text (黑体 takes its stand-ins from the sans-first search of all fonts).
_NEAR: dict[str, tuple[str, ...]] = {
    "fangsong": ("song", "kai"),
    "song": ("fangsong", "kai"),
    "kai": ("fangsong", "song"),
    "title": ("song", "fangsong", "kai"),
    "hei": (),
}


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap, with characters beyond U+FFFF written as UTF-16 surrogate pairs.

    reportlab writes "<%04X>" of the code point, which PDF readers cut to 16 bits (𠮷 U+20BB7 was copied as ₻).
    """
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo",
            f"<< /Registry ({fontname})",
            f"/Ordering ({fontname})",
            "/Supplement 0",
            ">> def",
            f"/CMapName /{fontname} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>",
            "endcodespacerange",
            f"{len(subset)} beginbfchar",
            *(f"<{i:02X}> <{chr(v).encode('utf-16-be', 'surrogatepass').hex().upper()}>" for i, v in enumerate(subset)),
            "endbfchar",
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


ttfonts.makeToUnicodeCMap = _to_unicode_cmap


def _register(choice: fonts.FontChoice) -> str:
    """Register a font file/subfont with reportlab once per process; returns its reportlab name."""
    key = (str(choice.path), choice.subfont_index)
    with _LOCK:
        name = _REGISTERED.get(key)
        if name is None:
            stem = re.sub(r"[^A-Za-z0-9]+", "", choice.family) or "CJK"
            name = f"{stem}-{len(_REGISTERED)}"
            pdfmetrics.registerFont(TTFont(name, str(choice.path), subfontIndex=choice.subfont_index))
            _REGISTERED[key] = name
        return name


def uncovered(text: str) -> set[str]:
    """The characters of `text` no installed font can draw (checked before rendering; see fonts.uncovered)."""
    return fonts.uncovered(text)


@dataclass
class _Face:
    choice: fonts.FontChoice
    name: str
    widths: dict[int, float]
    default_width: float
    ascent: float
    covered: dict[str, bool] = field(default_factory=dict)

    def has(self, ch: str) -> bool:
        """Whether this font draws the character (looked up once per character)."""
        known = self.covered.get(ch)
        if known is None:
            known = self.covered[ch] = not fonts.covers(self.choice, ch)
        return known


class FontSet:
    """The fonts that serve each role on this machine, registered with reportlab, and the per-character fallback.

    `choices` overrides the font of some roles (e.g. a font the city picked). Raises FontNotFoundError (with
    install advice) when no usable CJK TrueType font is installed.
    """

    def __init__(self, choices: dict[str, fonts.FontChoice] | None = None) -> None:
        chosen = choices or {}
        self.choices: dict[str, fonts.FontChoice] = {role: chosen.get(role) or fonts.find_font(role) for role in ROLES}
        self._faces: dict[tuple[str, int], _Face] = {}
        self.chains: dict[str, tuple[_Face, ...]] = {}
        for role, choice in self.choices.items():
            chain: list[_Face] = []
            for face in [self._face(choice)] + [self._face(self.choices[other]) for other in _NEAR[role]]:
                if all(face is not f for f in chain):
                    chain.append(face)
            self.chains[role] = tuple(chain)
        self._near = {role: len(chain) for role, chain in self.chains.items()}
        self._font_of: dict[tuple[str, str], _Face] = {}
        self._units: dict[str, dict[str, float]] = {role: {} for role in ROLES}
        self._rl_fonts: dict[str, TTFont] = {}
        self.missing: set[str] = set()

    def reportlab_font(self, name: str) -> TTFont:
        """The registered reportlab font object of a name from runs()."""
        font = self._rl_fonts.get(name)
        if font is None:
            font = self._rl_fonts[name] = pdfmetrics.getFont(name)
        return font

    def _face(self, choice: fonts.FontChoice) -> _Face:
        """The registered face of a font (registering it on first use)."""
        key = (str(choice.path), choice.subfont_index)
        found = self._faces.get(key)
        if found is None:
            name = _register(choice)
            face = pdfmetrics.getFont(name).face
            span = (face.ascent - face.descent) or 1000.0
            found = _Face(choice, name, dict(face.charWidths), float(face.defaultWidth), face.ascent / span)
            self._faces[key] = found
        return found

    def _fallback(self, role: str, ch: str) -> _Face | None:
        """The first other installed font that draws the character, registered now; None when no font does."""
        for choice in fonts.fallback_fonts(ch, role=role):
            key = (str(choice.path), choice.subfont_index)
            if key in _UNUSABLE:
                continue
            try:
                return self._face(choice)
            except Exception:  # reportlab refuses some fonts (odd tables, subsetting forbidden): try the next one
                with _LOCK:
                    _UNUSABLE.add(key)
        return None

    def name(self, role: str) -> str:
        """The reportlab font name serving a role."""
        return self.chains[role][0].name

    def ascent(self, role: str) -> float:
        """Ascent of the role's font as a fraction of the font size (where readers put the top of a word's box)."""
        return self.chains[role][0].ascent

    def face_for(self, role: str, ch: str) -> _Face:
        """The font that draws the character: the first of the role's own and related fonts that has its glyph,
        else the first installed font that has it (fonts.fallback_fonts); MISSING_MARK's font when none has it."""
        key = (role, ch)
        face = self._font_of.get(key)
        if face is None:
            chain = self.chains[role]
            if ch.isspace() or not ch.isprintable():
                face = chain[0]
            else:
                face = next((f for f in chain[: self._near[role]] if f.has(ch)), None)
                if face is None:
                    face = self._fallback(role, ch)
                    if face is not None and all(face is not f for f in chain):  # the chain lists the fonts used
                        self.chains[role] = (*chain, face)
                if face is None:
                    self.missing.add(ch)
                    # 〓 itself in no font (e.g. Big5-only fonts): the role's font draws its .notdef, still reported
                    face = chain[0] if ch == MISSING_MARK else self.face_for(role, MISSING_MARK)
            self._font_of[key] = face
        return face

    def advance(self, role: str, ch: str, size: float) -> float:
        """Natural advance width of one character in points."""
        table = self._units[role]
        units = table.get(ch)
        if units is None:
            face = self.face_for(role, ch)
            drawn = MISSING_MARK if ch in self.missing else ch
            units = table[ch] = face.widths.get(ord(drawn), face.default_width)
        return units * size / 1000.0

    def runs(self, chars: str, roles: list[str] | str) -> list[tuple[str, str]]:
        """Split text into (reportlab font name, text) runs, each character in the first font that has it.

        A character no font has is given as MISSING_MARK.
        """
        runs: list[tuple[str, str]] = []
        for i, ch in enumerate(chars):
            name = self.face_for(roles if isinstance(roles, str) else roles[i], ch).name
            if ch in self.missing:
                ch = MISSING_MARK
            if runs and runs[-1][0] == name:
                runs[-1] = (name, runs[-1][1] + ch)
            else:
                runs.append((name, ch))
        return runs

    def report(self) -> dict[str, str]:
        """Which font served each role, as 'family (file#index)' text."""
        return {role: f"{c.family} ({c.path.name}#{c.subfont_index})" for role, c in self.choices.items()}

    def substitutes(self) -> dict[str, str]:
        """The roles served by a font of another style (e.g. 标题 by FandolSong Bold), with that font's name."""
        return fonts.substitutes(self.choices)

    def used_fonts(self) -> dict[str, fonts.FontChoice]:
        """Every font registered by this set (role fonts and fallbacks), by reportlab name."""
        return {face.name: face.choice for face in self._faces.values()}


_SHARED: FontSet | None = None


def shared_fonts() -> FontSet:
    """A process-wide FontSet (building one reads font files); call fonts.clear_cache() and reset_fonts() to rescan."""
    global _SHARED
    with _LOCK:
        if _SHARED is None:
            _SHARED = FontSet()
        return _SHARED


def reset_fonts() -> None:
    """Forget the shared FontSet, e.g. after fonts were installed."""
    global _SHARED
    with _LOCK:
        _SHARED = None
