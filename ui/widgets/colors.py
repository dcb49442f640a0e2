"""State colours (ok, failed, warning, overdue, muted, info, ranking lists) picked for the current palette.

Every colour the UI paints text or a row with comes from here, so a dark desktop palette keeps each state
readable: the light or dark set is chosen from the palette's window lightness, and a text colour is nudged
until it reaches WCAG contrast 4.5 against the background it is drawn on.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QBrush, QColor, QGuiApplication, QPalette

MINIMUM_CONTRAST = 4.5

# state: (text, tinted background) for a light palette and for a dark one
_LIGHT = {
    "ok": ("#1b6b35", "#dff2e3"),
    "failed": ("#a8001c", "#fde2e1"),
    "warning": ("#7a4b00", "#ffedbf"),
    "overdue": ("#a40000", "#fde2e2"),
    "muted": ("#5a6670", "#e8ebee"),
    "info": ("#1a5394", "#e3effa"),
    "red_list": ("#b3000c", "#fde3e1"),
    "black_list": ("#111111", "#d6d6d6"),
}
_DARK = {
    "ok": ("#82d895", "#1d3a25"),
    "failed": ("#ff8f8f", "#4d1c22"),
    "warning": ("#f3c56b", "#463516"),
    "overdue": ("#ffb1a8", "#5c1d1d"),
    "muted": ("#a9b3bc", "#33383d"),
    "info": ("#8fc6ff", "#1b3552"),
    "red_list": ("#ff9d9d", "#4f1e22"),
    "black_list": ("#eeeeee", "#0b0b0b"),
}
STATES = tuple(_LIGHT)


@dataclass(frozen=True)
class StateColours:
    """The colours of one state: text on the view's own background, a tinted background and text for it."""

    text: QColor
    background: QColor
    text_on_background: QColor
    plain_on_background: QColor


_cache: dict[tuple[str, int], StateColours] = {}


def _palette(palette: QPalette | None) -> QPalette:
    return palette if palette is not None else QGuiApplication.palette()


def is_dark(palette: QPalette | None = None) -> bool:
    """Whether the palette is a dark one (its window colour is darker than mid grey)."""
    return _palette(palette).window().color().lightness() < 128


def luminance(colour: QColor) -> float:
    """The WCAG relative luminance of a colour (0 black … 1 white)."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())


def contrast_ratio(first: QColor, second: QColor) -> float:
    """The WCAG contrast ratio of two colours (1 … 21)."""
    a, b = sorted((luminance(first), luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def ensure_contrast(text: QColor, *backgrounds: QColor, minimum: float = MINIMUM_CONTRAST) -> QColor:
    """The text colour, made lighter or darker (keeping its hue) until it reaches the contrast on every background."""
    colour = QColor(text)
    darker = max(luminance(b) for b in backgrounds) > 0.18
    hue, saturation, lightness, _ = colour.getHsl()
    for _ in range(256):
        if min(contrast_ratio(colour, b) for b in backgrounds) >= minimum:
            return colour
        lightness = max(0, lightness - 4) if darker else min(255, lightness + 4)
        colour = QColor.fromHsl(max(hue, 0), saturation, lightness)
        if lightness in (0, 255):
            break
    return colour


def state(name: str, palette: QPalette | None = None) -> StateColours:
    """The colours of a state (see STATES) for a palette (the application's when None)."""
    pal = _palette(palette)
    key = (name, pal.cacheKey())
    if key not in _cache:
        text, background = (_DARK if is_dark(pal) else _LIGHT)[name]
        base, alternate = pal.base().color(), pal.alternateBase().color()
        tint = QColor(background)
        _cache[key] = StateColours(
            text=ensure_contrast(QColor(text), base, alternate, pal.window().color()),
            background=tint,
            text_on_background=ensure_contrast(QColor(text), tint),
            plain_on_background=ensure_contrast(pal.text().color(), tint),
        )
    return _cache[key]


def text(name: str, palette: QPalette | None = None) -> QColor:
    """The text colour of a state on the view's own background."""
    return state(name, palette).text


def text_brush(name: str) -> QBrush:
    """A brush for a model's ForegroundRole: the state's text on the view's own background."""
    return QBrush(state(name).text)


def row_brushes(name: str, highlighted: bool) -> tuple[QBrush, QBrush]:
    """(foreground, background) brushes of a cell in a row tinted with a state; highlighted cells use the state's
    text colour, the others the palette's text colour, both readable on the tint."""
    colours = state(name)
    foreground = colours.text_on_background if highlighted else colours.plain_on_background
    return QBrush(foreground), QBrush(colours.background)


def style(name: str, extra: str = "") -> str:
    """A style sheet setting a widget's text to a state's colour (plus any extra declarations)."""
    return f"color: {text(name).name()}; {extra}".strip()


def banner_style(name: str) -> tuple[str, str]:
    """(background, text) colour names of a banner in a state's tint."""
    colours = state(name)
    return colours.background.name(), colours.text_on_background.name()
