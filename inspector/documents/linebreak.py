"""Line breaking for Chinese text: any two ideographs may part, Latin words and numbers stay whole, and the
禁则 keep closing punctuation off a line's start and opening punctuation off a line's end."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence

from inspector.documents.segment import NO_LINE_END, NO_LINE_START, NUMBER_PIECE, segments

__all__ = ["NO_LINE_END", "NO_LINE_START", "balanced_title_lines", "break_lines", "clusters", "title_lines"]

PREFER_BREAK_AFTER = frozenset("的于和及与、，；：")
Span = tuple[int, int]


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


def _finer(text: str, a: int, b: int) -> list[Span]:
    """A span too wide for a line in smaller pieces: a date at its units, else its clusters, else characters with the
    禁则 glue, else characters."""
    part = text[a:b]
    if part.lstrip("第")[:1].isdigit() and not part.isascii():
        inner = [(a + m.start(), a + m.end()) for m in NUMBER_PIECE.finditer(part)]
        if len(inner) > 1:
            return inner
    inner = [(a + x, a + y) for x, y in clusters(part)]
    if len(inner) > 1:
        return inner
    glued: list[Span] = []
    for k in range(a, b):
        if glued and (text[k] in NO_LINE_START or text[k - 1] in NO_LINE_END):
            glued[-1] = (glued[-1][0], k + 1)
        else:
            glued.append((k, k + 1))
    if len(glued) > 1:
        return glued
    return [(k, k + 1) for k in range(a, b)]


def break_lines(
    text: str, advances: Sequence[float], widths: Sequence[float], spans: Sequence[Span] | None = None
) -> list[Span]:
    """Greedy line breaks: (start, end) spans; line k may be `widths[k]` wide (the last width repeats).

    `advances[i]` is the width of character i including any character spacing. Lines break only between `spans`
    (default: clusters, so any two ideographs may part); a span wider than a whole line is split into clusters,
    then characters. Spaces at a break are dropped.
    """
    units = list(spans) if spans is not None else clusters(text)
    lines: list[Span] = []
    start, used, idx = 0, 0.0, 0
    while idx < len(units):
        a, b = units[idx]
        width = sum(advances[a:b])
        limit = widths[min(len(lines), len(widths) - 1)] + 0.01
        if used + width <= limit:
            used += width
            idx += 1
        elif text[a:b].isspace():
            if a > start:
                lines.append((start, a))
            start, used = b, 0.0
            idx += 1
        elif b - a > 1 and width > limit:  # wider than a whole line: its pieces fill this line first
            units[idx : idx + 1] = _finer(text, a, b)
        elif a > start:
            lines.append((start, a))
            start, used = a, 0.0
        else:  # one character wider than the line: it stands alone
            used += width
            idx += 1
    if start < len(text) or not lines:
        lines.append((start, len(text)))
    return [(a, _trim_end(text, a, b)) for a, b in lines]


def _trim_end(text: str, a: int, b: int) -> int:
    while b > a and text[b - 1] == " ":
        b -= 1
    return b


def fitting_units(text: str, advances: Sequence[float], width: float, spans: Sequence[Span]) -> list[Span]:
    """The spans, each one wider than `width` split into smaller pieces until every piece fits."""
    units = list(spans)
    idx = 0
    while idx < len(units):
        a, b = units[idx]
        if b - a > 1 and sum(advances[a:b]) > width + 0.01:
            units[idx : idx + 1] = _finer(text, a, b)
        else:
            idx += 1
    return units


def _break_cost(text: str, units: Sequence[Span], k: int) -> float:
    """Cost of breaking before unit k: low after a comma or 的/和, high between two lone ideographs."""
    before, after = units[k - 1], units[k]
    if text[before[1] - 1] in PREFER_BREAK_AFTER:
        return -1.5
    lone = before[1] - before[0] == 1 and after[1] - after[0] == 1
    if lone and not text[before[0]].isascii() and not text[after[0]].isascii():
        return 4.0  # probably inside a word the segmenter does not know
    return 0.0


def balance(text: str, advances: Sequence[float], width: float, spans: Sequence[Span]) -> list[Span]:
    """Lines of at most `width` for a centred text: fewest lines, then lengths closest to each other with the upper
    lines not shorter (a trapezoid), breaking only between spans and preferring breaks after 的/和/、."""
    total = sum(advances)
    if total <= width + 0.01 or not text:
        return [(0, len(text))]
    units = [u for u in fitting_units(text, advances, width, spans) if not text[u[0] : u[1]].isspace()]
    em = max(advances) or 1.0
    cuts = [u[0] for u in units] + [len(text)]
    prefix = [0.0]
    for adv in advances:
        prefix.append(prefix[-1] + adv)

    def line_width(i: int, j: int) -> float:
        a, b = cuts[i], _trim_end(text, cuts[i], cuts[j])
        while a < b and text[a] == " ":
            a += 1
        return prefix[b] - prefix[a]

    count = len(break_lines(text, advances, [width], units))
    m = len(units)
    for lines in range(count, m + 1):
        target = total / lines
        # best[(i, j)]: cost of the best layout whose last line is units i..j-1, with the path to it.
        best: dict[tuple[int, int], tuple[float, tuple[int, ...]]] = {}
        for j in range(1, m + 1):
            w = line_width(0, j)
            if w <= width + 0.01:
                best[(0, j)] = (((w - target) / em) ** 2, (0, j))
        for _ in range(lines - 1):
            step: dict[tuple[int, int], tuple[float, tuple[int, ...]]] = {}
            for (h, i), (cost, path) in best.items():
                if i >= m:
                    continue
                upper = line_width(h, i)
                for j in range(i + 1, m + 1):
                    w = line_width(i, j)
                    if w > width + 0.01:
                        break
                    extra = ((w - target) / em) ** 2 + _break_cost(text, units, i)
                    if w > upper + 0.01:  # an upper line shorter than the one under it
                        extra += 4.0 + 4.0 * (w - upper) / em
                    if j - i == 1 and cuts[j] - cuts[i] == 1:
                        extra += 6.0  # one character alone on a line
                    total_cost = cost + extra
                    if (i, j) not in step or total_cost < step[(i, j)][0]:
                        step[(i, j)] = (total_cost, (*path, j))
            best = step
        finished = [entry for (_, j), entry in best.items() if j == m]
        if finished:
            path = min(finished)[1]
            out = []
            for i, j in itertools.pairwise(path):
                a, b = cuts[i], _trim_end(text, cuts[i], cuts[j])
                while a < b and text[a] == " ":
                    a += 1
                out.append((a, b))
            return out
    return break_lines(text, advances, [width], units)


def title_lines(text: str, advance: Callable[[str], float], width: float, terms: Iterable[str] = ()) -> list[str]:
    """Break a title into balanced lines no wider than `width`, measured with `advance(ch)`; '\n' forces a break.

    Breaks fall between segments (numbers with their units, dates, bracket groups, known terms and `terms`).
    """
    terms = tuple(terms)
    result: list[str] = []
    for part in text.split("\n"):
        part = part.strip()
        if not part:
            continue
        advances = [advance(ch) for ch in part]
        result.extend(part[a:b] for a, b in balance(part, advances, width, segments(part, terms)))
    return result


def balanced_title_lines(text: str, max_units: float, terms: Iterable[str] = ()) -> list[str]:
    """Break a title into lines of at most `max_units` full-width characters, upper lines longer (a trapezoid).

    Explicit '\n' breaks are kept. Widths are estimated: half-width characters count 0.6, as wide as the title
    fonts draw digits (WenQuanYi Zen Hei 0.6 em, Times New Roman 0.5 em), so the DOCX renderer, which uses this,
    breaks where the PDF renderer does after measuring the font with title_lines.
    """
    return title_lines(text, lambda ch: 0.6 if ch.isascii() else 1.0, max_units, terms)
