"""One strict JSON reader for files and fields from outside: bounded nesting, no duplicate keys, finite numbers.

Python's json module recurses once per nesting level (30,000 `[` in a 60 KB file exhaust the stack), accepts
NaN, Infinity and 1e400 (which becomes inf and cannot be written back), and lets `"\\ud800"` through as a lone
surrogate (which cannot be encoded as UTF-8). `loads` refuses all of these with one exception type and a
Chinese sentence, and counts the nesting without recursing before the parser sees the text.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from itertools import accumulate
from typing import Any

from inspector.untrusted import printable

DEFAULT_DEPTH = 32
SAFE_INTEGER = 2**53  # the largest magnitude every JSON reader agrees on
_MAX_DIGITS = 400

# A JSON string (escapes included). An unterminated one runs to the end of the text (the parser refuses it):
# requiring the closing quote would make every later quote start a new scan to the end (quadratic time).
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
_SURROGATE = re.compile("[\ud800-\udfff]")


class JsonRefused(ValueError):
    """JSON that is not accepted: `code` (one of CODES), `detail` in Chinese, `lineno`/`colno` for a syntax error."""

    CODES = ("encoding", "depth", "syntax", "value", "surrogate")

    def __init__(self, what: str, code: str, detail: str, *, lineno: int | None = None, colno: int | None = None):
        super().__init__(f"{what}不是有效的 JSON（{detail}）")
        self.code = code
        self.detail = detail
        self.lineno = lineno
        self.colno = colno


def nesting_depth(text: str) -> int:
    """The deepest nesting of arrays and objects in JSON text, counted without recursion (strings skipped)."""
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    return max(accumulate(map(_STEP.__getitem__, brackets)), default=0)


class _Bad(ValueError):
    """A refusal raised from inside a parser hook (its message is already Chinese)."""


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _Bad(f"键“{printable(key, limit=40)}”出现了两次")
        result[key] = value
    return result


def _no_constant(name: str) -> Any:
    raise _Bad(f"{name} 不是 JSON 允许的数值")


def _finite(text: str) -> float:
    if len(text) > _MAX_DIGITS:
        raise _Bad("数字太长")
    value = float(text)
    if not math.isfinite(value):
        raise _Bad(f"数字 {text[:40]} 超出范围")
    return value


def _int_parser(limit: int | None) -> Callable[[str], int]:
    def parse(text: str) -> int:
        if len(text) > _MAX_DIGITS:
            raise _Bad("整数太长")
        value = int(text)
        if limit is not None and abs(value) > limit:
            raise _Bad(f"整数 {text[:40]} 超出范围")
        return value

    return parse


def _has_lone_surrogate(value: Any) -> bool:
    """Whether any string (key or value) anywhere in a parsed value holds a lone surrogate; walks without recursion."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def loads(
    data: bytes | str,
    *,
    what: str = "文件",
    max_depth: int = DEFAULT_DEPTH,
    max_int: int | None = None,
    bom: bool = False,
    pairs_hook: Callable[[list[tuple[str, Any]]], Any] | None = None,
    lone_surrogates: bool = False,
) -> Any:
    """Parse untrusted JSON strictly; JsonRefused (a ValueError) with a Chinese reason when it is not accepted.

    Refused: text that is not UTF-8, nesting deeper than `max_depth`, duplicate keys (unless `pairs_hook`
    collects them itself), NaN and Infinity, numbers that overflow to infinity, integers beyond `max_int`
    in magnitude, and lone surrogates (unless `lone_surrogates`, for a caller that reports them per field).
    `bom` accepts a leading UTF-8 byte order mark, as Windows editors write.
    """
    if isinstance(data, bytes | bytearray):
        try:
            text = bytes(data).decode("utf-8-sig" if bom else "utf-8")
        except UnicodeDecodeError:
            raise JsonRefused(what, "encoding", "不是 UTF-8 编码的文本") from None
    else:
        text = data[1:] if bom and data.startswith("\ufeff") else data
    depth = nesting_depth(text)
    if depth > max_depth:
        raise JsonRefused(what, "depth", f"嵌套 {depth} 层，超过允许的 {max_depth} 层")
    try:
        value = json.loads(
            text,
            object_pairs_hook=pairs_hook or _no_duplicates,
            parse_constant=_no_constant,
            parse_float=_finite,
            parse_int=_int_parser(max_int),
        )
    except json.JSONDecodeError as exc:
        raise JsonRefused(
            what, "syntax", f"第 {exc.lineno} 行第 {exc.colno} 列：{exc.msg}", lineno=exc.lineno, colno=exc.colno
        ) from None
    except _Bad as exc:
        raise JsonRefused(what, "value", str(exc)) from None
    except (ValueError, RecursionError) as exc:  # ValueError: a number Python itself will not convert
        raise JsonRefused(what, "value", f"无法读取的值（{type(exc).__name__}）") from None
    if not lone_surrogates and _has_lone_surrogate(value):
        raise JsonRefused(what, "surrogate", "含有无效的 Unicode 字符（孤立的代理项）")
    return value
