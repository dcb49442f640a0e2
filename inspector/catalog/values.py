"""Cell values as a clerk writes them: text, severities, deductions, days, yes/no flags, site type lists."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

from inspector.catalog.model import SEVERITIES, SEVERITY_LABELS

SEPARATORS = re.compile(r"[、,，;；]")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_TRUE = {"是", "true", "1", "y", "yes", "需要", "√"}
_FALSE = {"否", "false", "0", "n", "no", "不需要", "×"}


def cell_text(value: Any) -> str:
    """A cell as stripped text; "" for an empty cell, "3" for a float 3.0."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_severity(value: Any) -> str | None:
    """A severity code from a code (minor/major/severe) or a Chinese label (一般/较重/严重); None if neither."""
    text = cell_text(value)
    if text.lower() in SEVERITIES:
        return text.lower()
    for code, label in SEVERITY_LABELS.items():
        if text == label:
            return code
    return None


def parse_deduction(value: Any) -> tuple[float | None, tuple[str, str] | None]:
    """(value, None), (None, None) when blank, or (None, (message code, value as shown)) when invalid."""
    if isinstance(value, bool):
        return None, ("catalog.deduction_not_number", str(value))
    if isinstance(value, int | float):
        number = Decimal(str(value))
    else:
        text = unicodedata.normalize("NFKC", cell_text(value))
        if not text:
            return None, None
        try:
            number = Decimal(text)
        except InvalidOperation:
            return None, ("catalog.deduction_not_number", text)
    if not number.is_finite():
        return None, ("catalog.deduction_invalid", cell_text(value))
    if number < 0:
        return None, ("catalog.deduction_negative", cell_text(value))
    if float(number) == float("inf"):
        return None, ("catalog.deduction_range", cell_text(value))
    return float(number), None


def parse_days(value: Any) -> int | None:
    """A non-negative whole number of days (3, "3", "3天"); None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, float):
        return int(value) if value.is_integer() and value >= 0 else None
    text = unicodedata.normalize("NFKC", cell_text(value))
    match = re.fullmatch(r"(\d+)\s*[天日]?", text)
    return int(match.group(1)) if match else None


def parse_flag(value: Any) -> bool | None:
    """是/否, yes/no, 1/0 and the like as a bool; None when it is none of them."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = unicodedata.normalize("NFKC", cell_text(value)).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return None


def norm_header(value: Any) -> str:
    """A column header folded for matching: NFKC, lower case, no spaces, underscores or hyphens."""
    text = unicodedata.normalize("NFKC", cell_text(value)).lower()
    return re.sub(r"[\s_\-]", "", text)


def split_site_types(value: Any) -> list[str]:
    """Site type tokens from a list or a text separated by 、,，;；."""
    if isinstance(value, list | tuple):
        return [cell_text(part) for part in value if cell_text(part)]
    return [part.strip() for part in SEPARATORS.split(cell_text(value)) if part.strip()]
