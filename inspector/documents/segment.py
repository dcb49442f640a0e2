"""Word segments for line breaking (词意完整): a rule-based segmenter with no dictionary download.

A line may break only between segments. Segments are, by longest match from the left: a short bracket group
（…）〔…〕《…》“…”, a number with its units (2026年12月4日, 3个, 87.5%, 第2期), a Latin word, a known term (the
documents' own words plus names the document passes in: units, districts, streets, sites), else one character.
Then the 禁则: closing punctuation joins the segment before it and opening punctuation the segment after it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

# The 禁则: characters that never start a line, and characters that never end one.
NO_LINE_START = frozenset("，。、；：？！）》」』】〕〉”’…—·％‰℃,.;:?!)]}>%")
NO_LINE_END = frozenset("（《「『【〔〈“‘([{<")

# Words of the documents themselves: a title never parts them.
KNOWN_TERMS = (
    "全国文明城市",
    "文明城市",
    "文明单位",
    "创文办",
    "文明办",
    "创建",
    "工作",
    "督查",
    "检查",
    "抽查",
    "暗访",
    "明察",
    "情况",
    "通报",
    "通知书",
    "通知",
    "整改",
    "限期",
    "回执",
    "曝光台",
    "问题",
    "清单",
    "发现",
    "关于",
    "全市",
    "全区",
    "各区",
    "责任单位",
    "点位",
    "专项",
    "整治",
    "环境卫生",
    "背街小巷",
    "农贸市场",
    "公益广告",
    "测评",
    "排名",
    "要求",
    "开展",
    "存在",
    "落实",
    "到位",
    "复查",
    "逾期",
    "负面清单",
    "有限公司",
    "管理",
    "服务",
    "中心",
    "委员会",
    "办公室",
    "街道",
    "社区",
    "市场",
    "广场",
    "公园",
)

UNIT_CHARS = "年月日号时分秒个处项次期条家人件天%％"
BRACKETS = {"（": "）", "〔": "〕", "《": "》", "“": "”", "‘": "’", "【": "】", "(": ")", "[": "]", "「": "」"}
MAX_GROUP = 14  # longer bracket groups are segmented inside, their brackets glued to the first and last word
MAX_TERM = 24

# A number and its unit, or a date or time in its parts (2026年12月4日, 12月4日, 10时30分), optionally after 第.
_D = "[0-9０-９]+"
_NUMBER = re.compile(
    rf"第?{_D}(?:[.:：]{_D})*(?:年(?:{_D}月(?:{_D}[日号])?)?|月(?:{_D}[日号])?|时(?:{_D}分(?:{_D}秒)?)?|[{UNIT_CHARS}])?"
)
# Where a number segment too long for a line may part: after each of its units (2026年 / 12月 / 4日).
NUMBER_PIECE = re.compile(rf"第?{_D}(?:[.:：]{_D})*[{UNIT_CHARS}]?|.", re.S)
_LATIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-_./#+@&']*")


@lru_cache(maxsize=64)
def _terms(extra: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """Known terms by first character, longest first."""
    index: dict[str, set[str]] = {}
    for term in (*KNOWN_TERMS, *extra):
        term = term.strip()
        if 2 <= len(term) <= MAX_TERM:
            index.setdefault(term[0], set()).add(term)
    return {ch: tuple(sorted(words, key=len, reverse=True)) for ch, words in index.items()}


def _token_end(text: str, i: int, terms: dict[str, tuple[str, ...]]) -> int:
    """End of the longest segment starting at i (before the 禁则 glue)."""
    ch = text[i]
    close = BRACKETS.get(ch)
    if close is not None:
        j = text.find(close, i + 1)
        if 0 < j - i <= MAX_GROUP + 1:
            return j + 1
    match = _NUMBER.match(text, i)
    if match and any(c.isdigit() for c in match.group()):
        end = match.end()
        latin = _LATIN.match(text, i)
        return max(end, latin.end()) if latin else end
    match = _LATIN.match(text, i)
    if match:
        end = match.end()
        while end > i + 1 and text[end - 1] in ".'/":  # a sentence's full stop is not part of the word
            end -= 1
        if end < len(text) and text[end - 1].isdigit() and text[end] in UNIT_CHARS:
            end += 1
        return end
    for term in terms.get(ch, ()):
        if text.startswith(term, i):
            return i + len(term)
    return i + 1


def segments(text: str, terms: Iterable[str] = ()) -> list[tuple[int, int]]:
    """(start, end) spans covering `text` that a line must not break inside; spaces are segments of their own."""
    index = _terms(tuple(sorted(set(terms))))
    raw: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        j = _token_end(text, i, index)
        raw.append((i, j))
        i = j
    spans: list[tuple[int, int]] = []
    glue_next = False
    for a, b in raw:
        first = text[a]
        if spans and not first.isspace() and (glue_next or first in NO_LINE_START):
            spans[-1] = (spans[-1][0], b)
        else:
            spans.append((a, b))
        glue_next = text[b - 1] in NO_LINE_END
    return spans


def words(text: str, terms: Iterable[str] = ()) -> list[str]:
    """The segments as strings (for tests and for reading what the segmenter did)."""
    return [text[a:b] for a, b in segments(text, terms)]
