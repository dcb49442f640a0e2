"""Line breaking for Chinese text: any two ideographs may part, Latin words and numbers stay whole, and the
禁则 keep closing punctuation off a line's start and opening punctuation off a line's end."""

from __future__ import annotations

from collections.abc import Sequence

NO_LINE_START = frozenset("，。、；：？！）》」』】〕〉”’…—·％‰℃,.;:?!)]}>%")
NO_LINE_END = frozenset("（《「『【〔〈“‘([{<")
PREFER_BREAK_AFTER = frozenset("的于和及与、")


def _wordish(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in "-_./#+@&'")


def clusters(text: str) -> list[tuple[int, int]]:
    """Unbreakable (start, end) index spans: Latin words and numbers, punctuation glued to its neighbour."""
    spans: list[tuple[int, int]] = []
    i, n = 0, len(text)
    glue_next = False
    while i < n:
        j = i + 1
        if _wordish(text[i]):
            while j < n and _wordish(text[j]):
                j += 1
        ch = text[i]
        if spans and (glue_next or ch in NO_LINE_START) and not ch.isspace():
            spans[-1] = (spans[-1][0], j)
        else:
            spans.append((i, j))
        glue_next = text[j - 1] in NO_LINE_END
        i = j
    return spans


def break_lines(text: str, advances: Sequence[float], widths: Sequence[float]) -> list[tuple[int, int]]:
    """Greedy line breaks: (start, end) spans; line k may be `widths[k]` wide (the last width repeats).

    `advances[i]` is the width of character i including any character spacing. Spaces at a break are dropped.
    """
    lines: list[tuple[int, int]] = []
    spans = clusters(text)
    start, used, limit = 0, 0.0, widths[0] + 0.01
    idx = 0
    while idx < len(spans):
        a, b = spans[idx]
        width = sum(advances[a:b])
        if used + width <= limit or start == a:
            if used + width > limit and b - a > 1:
                # A word wider than the whole line: break it between characters.
                for k in range(a, b):
                    if used + advances[k] > limit and k > start:
                        lines.append((start, k))
                        start, used = k, 0.0
                        limit = widths[min(len(lines), len(widths) - 1)] + 0.01
                    used += advances[k]
            else:
                used += width
            idx += 1
            continue
        lines.append((start, a))
        limit = widths[min(len(lines), len(widths) - 1)] + 0.01
        start, used = a, 0.0
        if text[a:b].isspace():
            start = b
            idx += 1
    if start < len(text) or not lines:
        lines.append((start, len(text)))
    return [(a, _trim_end(text, a, b)) for a, b in lines]


def _trim_end(text: str, a: int, b: int) -> int:
    while b > a and text[b - 1] == " ":
        b -= 1
    return b


def balanced_title_lines(text: str, max_units: float) -> list[str]:
    """Break a title into lines of at most `max_units` full-width characters, upper lines longer (a trapezoid).

    Explicit '\n' breaks are kept. Widths are estimated (half-width characters count 0.5), so both renderers
    break the same title the same way without measuring fonts.
    """
    result: list[str] = []
    for part in text.split("\n"):
        units = [0.5 if ch.isascii() else 1.0 for ch in part]
        total = sum(units)
        if total <= max_units:
            result.append(part)
            continue
        count = int(-(-total // max_units))
        spans = clusters(part)
        lines: list[str] = []
        start = 0
        remaining = total
        for k in range(count - 1):
            target = min(max_units, -(-remaining // (count - k)))
            used = 0.0
            end = start
            preferred: tuple[int, float] | None = None
            for a, b in spans:
                if a < start:
                    continue
                width = sum(units[a:b])
                if used + width > target and end > start:
                    break
                used += width
                end = b
                if part[b - 1] in PREFER_BREAK_AFTER and used >= target - 3:
                    preferred = (end, used)
            if preferred is not None and preferred[0] < end:
                end, used = preferred
            lines.append(part[start:end])
            remaining -= used
            start = end
        lines.append(part[start:])
        result.extend(line for line in lines if line)
    return result
