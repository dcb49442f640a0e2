"""The strict JSON reader for untrusted input: bounded nesting, no duplicates, finite numbers, no lone surrogates."""

from __future__ import annotations

import json

import pytest

from inspector import strictjson
from inspector.strictjson import JsonRefused, loads, nesting_depth


def _code(data, **options) -> str:
    with pytest.raises(JsonRefused) as refused:
        loads(data, what="测试文件", **options)
    assert str(refused.value).startswith("测试文件不是有效的 JSON（")
    return refused.value.code


def test_ordinary_json_is_read_as_json_would_read_it():
    text = '{"a": [1, 2.5, "x", null, true, {"b": "[[[{"}], "c": -3}'
    assert loads(text) == json.loads(text)
    assert loads(text.encode("utf-8")) == json.loads(text)
    assert loads(b"\xef\xbb\xbf[1]", bom=True) == [1]


def test_nesting_is_counted_without_recursion_and_strings_do_not_count():
    assert nesting_depth('{"a": [[1], {"b": []}]}') == 4
    assert nesting_depth('["[[[[[[", "\\"[[[[", "]]]"]') == 1
    assert nesting_depth("") == 0
    deep = "[" * 30_000 + "]" * 30_000
    assert nesting_depth(deep) == 30_000
    assert _code(deep) == "depth"
    assert _code("[" * 33 + "]" * 33) == "depth"
    assert loads("[" * 32 + "]" * 32, max_depth=32) is not None
    assert _code("[" * 200_000) == "depth"  # unclosed: refused before the parser sees it


def test_what_python_accepts_but_cannot_write_back_is_refused():
    assert _code('{"a": NaN}') == "value"
    assert _code('{"a": -Infinity}') == "value"
    assert _code('{"a": 1e400}') == "value"
    assert _code('{"a": "\\ud800"}') == "surrogate"
    assert _code('{"\\udfff": 1}') == "surrogate"
    assert _code('{"a": 1, "a": 2}') == "value"
    assert _code("[" + "9" * 5000 + "]") == "value"
    assert _code(b"\xff\xfe[]") == "encoding"
    assert _code('{"a": 1') == "syntax"


def test_integer_range_and_the_caller_s_own_duplicate_and_surrogate_handling():
    assert loads("[9007199254740992]", max_int=strictjson.SAFE_INTEGER) == [2**53]
    assert _code("[9007199254740993]", max_int=strictjson.SAFE_INTEGER) == "value"
    assert _code("[-9007199254740993]", max_int=strictjson.SAFE_INTEGER) == "value"
    assert loads("[9007199254740993]") == [2**53 + 1]
    assert loads('{"a": "\\ud800"}', lone_surrogates=True) == {"a": "\ud800"}
    assert loads('{"a": 1, "a": 2}', pairs_hook=lambda pairs: pairs) == [("a", 1), ("a", 2)]


def test_a_syntax_error_says_where():
    with pytest.raises(JsonRefused) as refused:
        loads('{\n  "a": ,\n}', what="文件")
    assert (refused.value.lineno, refused.value.colno) == (2, 8) and "第 2 行" in str(refused.value)


def test_duplicate_key_names_are_printable_in_the_message():
    with pytest.raises(JsonRefused) as refused:
        loads('{"\\u001b[31m": 1, "\\u001b[31m": 2}')
    assert "\x1b" not in str(refused.value) and "?[31m" in str(refused.value)


def test_an_unterminated_string_is_taken_to_the_end_in_one_scan():
    """Each later quote must not start a new scan to the end of the text (quadratic on a 64 KiB header)."""
    text = '"' + '\\"' * 30_000
    assert strictjson._STRING.match(text).end() == len(text)
    assert len(strictjson._STRING.findall(text)) == 1
    with pytest.raises(strictjson.JsonRefused) as refused:
        strictjson.loads(text)
    assert refused.value.code == "syntax"
