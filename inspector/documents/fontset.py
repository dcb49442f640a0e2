"""CJK fonts for the PDF renderer: one registered reportlab TrueType font per role, with per-character fallback."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from inspector import fonts
from inspector.documents.model import ROLES

_LOCK = threading.RLock()
_REGISTERED: dict[tuple[str, int], str] = {}


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
    """The fonts that serve each role on this machine, registered with reportlab, and the glyph fallback between them.

    `choices` overrides the font of some roles (e.g. a font the city picked). Raises FontNotFoundError (with
    install advice) when no usable CJK TrueType font is installed.
    """

    def __init__(self, choices: dict[str, fonts.FontChoice] | None = None) -> None:
        chosen = choices or {}
        self.choices: dict[str, fonts.FontChoice] = {role: chosen.get(role) or fonts.find_font(role) for role in ROLES}
        faces: dict[tuple[str, int], _Face] = {}
        ordered = list(self.choices.values())
        ordered += [c for c in fonts.font_report().values() if c is not None]
        for choice in ordered:
            key = (str(choice.path), choice.subfont_index)
            if key not in faces:
                name = _register(choice)
                face = pdfmetrics.getFont(name).face
                span = (face.ascent - face.descent) or 1000.0
                faces[key] = _Face(choice, name, dict(face.charWidths), float(face.defaultWidth), face.ascent / span)
        self._faces = faces
        self.chains: dict[str, tuple[_Face, ...]] = {}
        for role, choice in self.choices.items():
            first = faces[(str(choice.path), choice.subfont_index)]
            self.chains[role] = (first, *(f for f in faces.values() if f is not first))
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

    def name(self, role: str) -> str:
        """The reportlab font name serving a role."""
        return self.chains[role][0].name

    def ascent(self, role: str) -> float:
        """Ascent of the role's font as a fraction of the font size (where readers put the top of a word's box)."""
        return self.chains[role][0].ascent

    def face_for(self, role: str, ch: str) -> _Face:
        """The first font in the role's chain that has a glyph for the character."""
        key = (role, ch)
        face = self._font_of.get(key)
        if face is None:
            chain = self.chains[role]
            if ch.isspace() or not ch.isprintable():
                face = chain[0]
            else:
                face = next((f for f in chain if f.has(ch)), None)
                if face is None:
                    self.missing.add(ch)
                    face = chain[0]
            self._font_of[key] = face
        return face

    def advance(self, role: str, ch: str, size: float) -> float:
        """Natural advance width of one character in points."""
        table = self._units[role]
        units = table.get(ch)
        if units is None:
            face = self.face_for(role, ch)
            units = table[ch] = face.widths.get(ord(ch), face.default_width)
        return units * size / 1000.0

    def runs(self, chars: str, roles: list[str] | str) -> list[tuple[str, str]]:
        """Split text into (reportlab font name, text) runs, each character in the first font that has it."""
        runs: list[tuple[str, str]] = []
        for i, ch in enumerate(chars):
            name = self.face_for(roles if isinstance(roles, str) else roles[i], ch).name
            if runs and runs[-1][0] == name:
                runs[-1] = (name, runs[-1][1] + ch)
            else:
                runs.append((name, ch))
        return runs

    def report(self) -> dict[str, str]:
        """Which font served each role, as 'family (file#index)' text."""
        return {role: f"{c.family} ({c.path.name}#{c.subfont_index})" for role, c in self.choices.items()}


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
