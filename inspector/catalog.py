"""The negative list (负面清单): reading it from YAML/XLSX/CSV, validating, versioning and storing it."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import unicodedata
import weakref
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cached_property
from pathlib import Path
from typing import Any

import openpyxl
import sqlite_utils
import yaml
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from inspector.errors import InspectorError, NotFoundError, Problem, ValidationError
from inspector.ids import to_iso, utc_now
from inspector.store import get_setting, set_setting, transaction

__all__ = [
    "FORMAT",
    "SEVERITIES",
    "SEVERITY_LABELS",
    "Catalog",
    "Category",
    "Item",
    "SiteType",
    "current_version",
    "format_deduction",
    "get_catalog",
    "import_catalog",
    "import_catalog_file",
    "list_versions",
    "load_catalog",
    "parse_severity",
    "set_current_version",
    "validate_catalog_file",
    "write_catalog_csv",
    "write_catalog_xlsx",
    "write_catalog_yaml",
]

SEVERITIES = ("minor", "major", "severe")
SEVERITY_LABELS = {"minor": "一般", "major": "较重", "severe": "严重"}
FORMAT = "inspector-catalog/1"
CURRENT_SETTING = "current_catalog"

ITEM_SHEET = "负面清单"
SITE_TYPE_SHEET = "点位类型"
CATEGORY_SHEET = "类别"

# Column headers as written by this module; the first alias of each field.
HEADERS = {
    "code": "条目编号",
    "category": "类别",
    "text": "问题描述",
    "site_types": "适用点位类型",
    "severity": "严重程度",
    "deduction": "扣分",
    "responsible_unit": "责任单位",
    "rectify_days": "整改时限（天）",
    "photo_required": "需要照片",
}
_ITEM_ALIASES = {
    "code": ("条目编号", "编号", "条目编码", "code"),
    "category": ("类别", "类别编码", "分类", "category"),
    "text": ("问题描述", "问题", "问题表述", "text"),
    "site_types": ("适用点位类型", "点位类型", "适用点位", "site_types"),
    "severity": ("严重程度", "严重性", "severity"),
    "deduction": ("扣分", "扣分(分)", "扣分值", "deduction"),
    "responsible_unit": ("责任单位", "responsible_unit"),
    "rectify_days": ("整改时限(天)", "整改时限", "整改期限(天)", "整改天数", "rectify_days"),
    "photo_required": ("需要照片", "是否需要照片", "需拍照", "photo_required"),
}
_DEFINITION_HEADERS = {"code": "编码", "name": "名称"}
_DEFINITION_ALIASES = {"code": ("编码", "代码", "code"), "name": ("名称", "name")}
_REQUIRED = ("code", "category", "text", "site_types", "severity", "responsible_unit", "rectify_days")

_SEPARATORS = re.compile(r"[、,，;；]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_TRUE = {"是", "true", "1", "y", "yes", "需要", "√"}
_FALSE = {"否", "false", "0", "n", "no", "不需要", "×"}


@dataclass(frozen=True)
class SiteType:
    """A kind of site (点位类型), e.g. `market` 农贸市场."""

    code: str
    name: str


@dataclass(frozen=True)
class Category:
    """A group of items (类别), e.g. `ENV` 环境卫生."""

    code: str
    name: str


@dataclass(frozen=True)
class Item:
    """One observable problem on the negative list (条目)."""

    code: str
    category: str
    text: str
    site_types: tuple[str, ...]
    severity: str
    deduction: float
    responsible_unit: str
    rectify_days: int
    photo_required: bool


@dataclass(frozen=True)
class Catalog:
    """A whole negative list; immutable, identified by the SHA-256 of its canonical form."""

    name: str
    site_types: tuple[SiteType, ...]
    categories: tuple[Category, ...]
    items: tuple[Item, ...]

    def canonical_json(self) -> bytes:
        """The canonical JSON bytes the version is computed from (the name is not part of it)."""
        return self._canonical

    @cached_property
    def _canonical(self) -> bytes:
        order = {site_type.code: index for index, site_type in enumerate(self.site_types)}
        items = [
            {
                "code": item.code,
                "category": item.category,
                "text": item.text,
                "site_types": sorted(item.site_types, key=lambda code: (order.get(code, len(order)), code)),
                "severity": item.severity,
                "deduction": format_deduction(item.deduction),
                "responsible_unit": item.responsible_unit,
                "rectify_days": item.rectify_days,
                "photo_required": item.photo_required,
            }
            for item in sorted(self.items, key=lambda item: item.code)
        ]
        document = {
            "format": FORMAT,
            "site_types": [[site_type.code, site_type.name] for site_type in self.site_types],
            "categories": [[category.code, category.name] for category in self.categories],
            "items": items,
        }
        return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")

    @cached_property
    def version(self) -> str:
        """SHA-256 hex of the canonical form."""
        return hashlib.sha256(self._canonical).hexdigest()

    @cached_property
    def _by_code(self) -> dict[str, Item]:
        return {item.code: item for item in self.items}

    def item(self, code: str) -> Item:
        """The item with this code; NotFoundError when the list has none."""
        try:
            return self._by_code[code]
        except KeyError:
            raise NotFoundError(f"负面清单中没有条目“{code}”") from None

    def site_type_name(self, code: str) -> str:
        """The Chinese name of a site type code."""
        for site_type in self.site_types:
            if site_type.code == code:
                return site_type.name
        raise NotFoundError(f"负面清单中没有点位类型“{code}”")

    def category_name(self, code: str) -> str:
        """The Chinese name of a category code."""
        for category in self.categories:
            if category.code == code:
                return category.name
        raise NotFoundError(f"负面清单中没有类别“{code}”")

    @cached_property
    def _by_site_type(self) -> dict[str, tuple[Item, ...]]:
        position = {category.code: index for index, category in enumerate(self.categories)}
        ordered = sorted(self.items, key=lambda item: (position.get(item.category, len(position)), item.code))
        return {t.code: tuple(item for item in ordered if t.code in item.site_types) for t in self.site_types}

    def items_for_site_type(self, site_type: str) -> list[Item]:
        """The checklist for one site type, ordered by category position, then item code."""
        return list(self._by_site_type.get(site_type, ()))


def format_deduction(value: float) -> str:
    """A deduction as a plain decimal string without exponent or trailing zeros, e.g. 1.0 -> "1"."""
    return format(Decimal(str(value)).normalize(), "f")


def parse_severity(value: Any) -> str | None:
    """A severity code from a code (minor/major/severe) or a Chinese label (一般/较重/严重); None if neither."""
    text = _text(value)
    if text.lower() in SEVERITIES:
        return text.lower()
    for code, label in SEVERITY_LABELS.items():
        if text == label:
            return code
    return None


# ---------------------------------------------------------------- cell values


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _parse_deduction(value: Any) -> tuple[float | None, str | None]:
    """(value, None), (None, None) when blank, or (None, message) when invalid."""
    if isinstance(value, bool):
        return None, f"扣分“{value}”不是数字"
    if isinstance(value, int | float):
        number = Decimal(str(value))
    else:
        text = unicodedata.normalize("NFKC", _text(value))
        if not text:
            return None, None
        try:
            number = Decimal(text)
        except InvalidOperation:
            return None, f"扣分“{text}”不是数字"
    if not number.is_finite():
        return None, f"扣分“{value}”不是有效数字"
    if number < 0:
        return None, f"扣分不能为负数（{_text(value)}）"
    if float(number) == float("inf"):
        return None, f"扣分“{_text(value)}”超出范围"
    return float(number), None


def _parse_days(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, float):
        return int(value) if value.is_integer() and value >= 0 else None
    text = unicodedata.normalize("NFKC", _text(value))
    match = re.fullmatch(r"(\d+)\s*[天日]?", text)
    return int(match.group(1)) if match else None


def _parse_flag(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = unicodedata.normalize("NFKC", _text(value)).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return None


def _norm_header(value: Any) -> str:
    text = unicodedata.normalize("NFKC", _text(value)).lower()
    return re.sub(r"[\s_\-]", "", text)


# ---------------------------------------------------------------- validation core


class _Problems:
    """Collects problems for one file."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []

    def add(self, row: int | None, column: str | None, message: str) -> None:
        self.problems.append(Problem(self.file, row, column, message))


def _at_row(row: int | None) -> str:
    return f"第{row}行" if row is not None else "前面"


class _Lookup:
    """Resolves a site type or category given by code or by name to its code."""

    def __init__(self, entries: Iterable[SiteType | Category]):
        self.codes = {entry.code: entry.code for entry in entries}
        self.folded = {code.casefold(): code for code in self.codes}
        self.names = {entry.name: entry.code for entry in entries}

    def resolve(self, token: str) -> str | None:
        return self.codes.get(token) or self.names.get(token) or self.folded.get(token.casefold())


# One definition entry as read from a file: (row, code column, name column, code, name).
_DefinitionEntry = tuple[int | None, str, str, Any, Any]


def _definitions(entries: list[_DefinitionEntry], kind: str, make: Callable, out: _Problems) -> tuple:
    seen_codes: dict[str, int | None] = {}
    seen_names: dict[str, int | None] = {}
    result = []
    for row, code_column, name_column, raw_code, raw_name in entries:
        code, name = _text(raw_code), _text(raw_name)
        ok = True
        if not code:
            out.add(row, code_column, f"{kind}编码为空")
            ok = False
        elif code in seen_codes:
            out.add(row, code_column, f"{kind}编码“{code}”重复（{_at_row(seen_codes[code])}已有）")
            ok = False
        elif kind == "点位类型" and (_SEPARATORS.search(code) or re.search(r"\s", code)):
            out.add(row, code_column, f"点位类型编码“{code}”不能含空格或分隔符（、,，;；）")
            ok = False
        if not name:
            out.add(row, name_column, f"{kind}名称为空")
            ok = False
        elif name in seen_names:
            out.add(row, name_column, f"{kind}名称“{name}”重复（{_at_row(seen_names[name])}已有）")
            ok = False
        if code and code not in seen_codes:
            seen_codes[code] = row
        if name and name not in seen_names:
            seen_names[name] = row
        if ok:
            result.append(make(code, name))
    return tuple(result)


def _split_site_types(value: Any) -> list[str]:
    if isinstance(value, list | tuple):
        return [_text(part) for part in value if _text(part)]
    return [part.strip() for part in _SEPARATORS.split(_text(value)) if part.strip()]


# Where a field of an item sits in the file: field -> (row, column).
_Locate = Callable[[str], tuple[int | None, str | None]]


def _build_items(
    raw_items: list[tuple[Mapping[str, Any], _Locate]],
    site_types: tuple[SiteType, ...] | None,
    categories: tuple[Category, ...] | None,
    defaults: Mapping[str, float],
    out: _Problems,
) -> list[Item]:
    """Validate raw item records (from any format) and turn them into Items; problems go to `out`."""
    site_lookup = _Lookup(site_types) if site_types is not None else None
    category_lookup = _Lookup(categories) if categories is not None else None
    order = {site_type.code: index for index, site_type in enumerate(site_types or ())}
    seen: dict[str, int | None] = {}
    items: list[Item] = []
    for raw, locate in raw_items:
        before = len(out.problems)

        def report(field: str, message: str, locate: _Locate = locate) -> None:
            row, column = locate(field)
            out.add(row, column, message)

        code = _text(raw.get("code"))
        if not code:
            report("code", "条目编号为空")
        elif code in seen:
            report("code", f"条目编号“{code}”重复（{_at_row(seen[code])}已出现）")
        else:
            seen[code] = locate("code")[0]

        category = _text(raw.get("category"))
        if not category:
            report("category", "类别为空")
        elif category_lookup is not None:
            resolved = category_lookup.resolve(category)
            if resolved is None:
                report("category", f"未知的类别“{category}”")
            category = resolved or category

        text = _text(raw.get("text"))
        if not text:
            report("text", "问题描述为空")

        tokens = _split_site_types(raw.get("site_types"))
        codes: list[str] = []
        if not tokens:
            report("site_types", "未填写适用点位类型")
        for token in tokens:
            resolved = site_lookup.resolve(token) if site_lookup is not None else token
            if resolved is None:
                report("site_types", f"未知的点位类型“{token}”")
            elif resolved not in codes:
                codes.append(resolved)
        codes.sort(key=lambda value: (order.get(value, len(order)), value))

        severity = parse_severity(raw.get("severity"))
        if severity is None:
            shown = _text(raw.get("severity"))
            report("severity", f"未知的严重程度“{shown}”（应为 一般、较重 或 严重）" if shown else "严重程度为空")

        deduction, error = _parse_deduction(raw.get("deduction"))
        if error:
            report("deduction", error)
        elif deduction is None:
            if severity is not None and severity in defaults:
                deduction = defaults[severity]
            elif severity is not None:
                report("deduction", "扣分为空，且没有该严重程度的默认扣分")

        unit = _text(raw.get("responsible_unit"))
        if not unit:
            report("responsible_unit", "责任单位为空")

        days = _parse_days(raw.get("rectify_days"))
        if days is None:
            shown = _text(raw.get("rectify_days"))
            report("rectify_days", f"整改时限“{shown}”不是非负整数天数" if shown else "整改时限为空")

        flag_value = raw.get("photo_required")
        photo = True if flag_value is None or _text(flag_value) == "" else _parse_flag(flag_value)
        if photo is None:
            report("photo_required", f"“需要照片”应填 是 或 否，不能是“{_text(flag_value)}”")

        for field_name, value in (("code", code), ("text", text), ("responsible_unit", unit)):
            if _CONTROL.search(value):
                report(field_name, "含有不可见的控制字符")

        complete = severity is not None and deduction is not None and days is not None and photo is not None
        if len(out.problems) == before and complete:
            items.append(Item(code, category, text, tuple(codes), severity, deduction, unit, days, photo))
    return items


def _normalize_defaults(mapping: Mapping[Any, Any] | None) -> dict[str, float]:
    result: dict[str, float] = {}
    for key, value in (mapping or {}).items():
        severity = parse_severity(key)
        number, error = _parse_deduction(value)
        if severity is not None and number is not None and error is None:
            result[severity] = number
    return result


def _assemble(
    name: str,
    site_types: tuple[SiteType, ...] | None,
    categories: tuple[Category, ...] | None,
    raw_items: list[tuple[Mapping[str, Any], _Locate]],
    defaults: Mapping[str, float],
    out: _Problems,
) -> Catalog | None:
    items = _build_items(raw_items, site_types, categories, defaults, out)
    if not raw_items:
        out.add(None, None, "清单中没有任何条目")
    if out.problems or site_types is None or categories is None:
        return None
    return Catalog(name.strip(), site_types, categories, tuple(items))


# ---------------------------------------------------------------- file readers


def _decode(data: bytes, out: _Problems) -> str | None:
    if not data.strip():
        out.add(None, None, "文件是空的")
        return None
    if b"\x00" in data:
        out.add(None, None, "不是文本文件（内容是二进制数据，是否把图片或 Excel 文件改了扩展名？）")
        return None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    out.add(None, None, "无法识别文件编码，请另存为 UTF-8 编码")
    return None


def _yaml_key_node(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
                return value_node
    return None


def _yaml_lines(node: yaml.Node | None) -> list[tuple[int, dict[str, int]]]:
    """For each entry of a YAML sequence: its line and the line of each of its keys (evidence flattened)."""
    if not isinstance(node, yaml.SequenceNode):
        return []
    result = []
    for entry in node.value:
        keys: dict[str, int] = {}
        if isinstance(entry, yaml.MappingNode):
            for key_node, value_node in entry.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    continue
                keys[key_node.value] = value_node.start_mark.line + 1
                if key_node.value == "evidence" and isinstance(value_node, yaml.MappingNode):
                    for inner_key, inner_value in value_node.value:
                        if isinstance(inner_key, yaml.ScalarNode):
                            keys[inner_key.value] = inner_value.start_mark.line + 1
        result.append((entry.start_mark.line + 1, keys))
    return result


def _yaml_definitions(
    data: Any, lines: list[tuple[int, dict[str, int]]], kind: str, make: Callable, out: _Problems
) -> tuple | None:
    if not isinstance(data, list):
        out.add(None, None, f"{kind}定义应是列表（每项含 code 和 name）")
        return None
    entries: list[_DefinitionEntry] = []
    for index, entry in enumerate(data):
        line = lines[index][0] if index < len(lines) else index + 1
        if not isinstance(entry, Mapping):
            out.add(line, None, f"{kind}定义应含 code 和 name")
            continue
        entries.append((line, "code", "name", entry.get("code"), entry.get("name")))
    return _definitions(entries, kind, make, out)


def _read_yaml(path: Path, base: Catalog | None, defaults: dict[str, float], out: _Problems) -> Catalog | None:
    text = _decode(path.read_bytes(), out)
    if text is None:
        return None
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        reason = getattr(error, "problem", None) or str(error)
        out.add(mark.line + 1 if mark else None, None, f"YAML 格式错误：{reason}")
        return None
    finally:
        loader.dispose()
    if not isinstance(data, Mapping) or "items" not in data:
        out.add(None, None, "不是负面清单 YAML 文件（顶层应含 site_types、categories 和 items）")
        return None
    meta = data.get("meta") if isinstance(data.get("meta"), Mapping) else {}
    scoring = meta.get("scoring") if isinstance(meta.get("scoring"), Mapping) else {}
    defaults = defaults or _normalize_defaults(scoring.get("default_deduction_by_severity"))
    name = _text(data.get("name")) or _text(meta.get("name")) or path.stem

    definitions: list[tuple | None] = []
    for key, kind, make in (("site_types", "点位类型", SiteType), ("categories", "类别", Category)):
        if key in data:
            lines = _yaml_lines(_yaml_key_node(root, key))
            definitions.append(_yaml_definitions(data[key], lines, kind, make, out))
        elif base is not None:
            definitions.append(base.site_types if key == "site_types" else base.categories)
        else:
            out.add(None, key, f"缺少{kind}定义（{key}）")
            definitions.append(None)

    raw_items = data["items"] or []
    if not isinstance(raw_items, list):
        out.add(None, "items", "items 应是条目列表")
        raw_items = []
    lines = _yaml_lines(_yaml_key_node(root, "items"))
    records: list[tuple[Mapping[str, Any], _Locate]] = []
    for index, entry in enumerate(raw_items):
        line, keys = lines[index] if index < len(lines) else (index + 1, {})
        if not isinstance(entry, Mapping):
            out.add(line, None, "条目应是键值映射（code、text、site_types ……）")
            continue
        record = dict(entry)
        evidence = entry.get("evidence")
        if "photo_required" not in record and isinstance(evidence, Mapping):
            record["photo_required"] = evidence.get("photo_required")

        def locate(field: str, line: int = line, keys: dict[str, int] = keys) -> tuple[int | None, str | None]:
            return keys.get(field, line), field

        records.append((record, locate))
    return _assemble(name, definitions[0], definitions[1], records, defaults, out)


# A sheet as rows of cell values, each with its spreadsheet row number.
_Rows = list[tuple[int, tuple[Any, ...]]]


def _blank(values: Iterable[Any]) -> bool:
    return all(_text(value) == "" for value in values)


def _find_header(
    rows: _Rows, aliases: Mapping[str, tuple[str, ...]]
) -> tuple[int, dict[str, int], dict[str, str], list[tuple[int, str]]]:
    """(header row, field -> column index, field -> header as written, duplicate columns) of a sheet."""
    lookup = {_norm_header(alias): field for field, names in aliases.items() for alias in names}
    candidates = [(number, values) for number, values in rows if not _blank(values)][:10]
    chosen = None
    for number, values in candidates:
        fields = {lookup.get(_norm_header(value)) for value in values} - {None}
        if len(fields) >= 2:
            chosen = (number, values)
            break
    if chosen is None:
        chosen = candidates[0] if candidates else (1, ())
    number, values = chosen
    columns: dict[str, int] = {}
    shown: dict[str, str] = {}
    duplicates: list[tuple[int, str]] = []
    for index, value in enumerate(values):
        field = lookup.get(_norm_header(value))
        if field is None:
            continue
        if field in columns:
            duplicates.append((number, _text(value)))
            continue
        columns[field] = index
        shown[field] = _text(value)
    return number, columns, shown, duplicates


def _table_records(
    sheet: str, rows: _Rows, defaults: Mapping[str, float], out: _Problems
) -> list[tuple[Mapping[str, Any], _Locate]] | None:
    """Item records from an item sheet; None when its header is unusable (problems reported)."""
    if _blank(value for _, values in rows for value in values):
        out.add(None, None, f"{sheet}是空的")
        return None
    header_row, columns, shown, duplicates = _find_header(rows, _ITEM_ALIASES)
    required = list(_REQUIRED) + ([] if defaults else ["deduction"])
    missing = [field for field in required if field not in columns]
    for row, header in duplicates:
        out.add(row, header, "列名重复，请只保留一列")
    for field in missing:
        out.add(header_row, HEADERS[field], f"{sheet}缺少“{HEADERS[field]}”列（是否选错了工作表？）")
    if missing or duplicates:
        return None
    records: list[tuple[Mapping[str, Any], _Locate]] = []
    for number, values in rows:
        if number <= header_row or _blank(values):
            continue
        record = {field: values[index] if index < len(values) else None for field, index in columns.items()}

        def locate(field: str, number: int = number) -> tuple[int | None, str | None]:
            return number, shown.get(field, HEADERS[field])

        records.append((record, locate))
    return records


def _table_definitions(sheet: str, rows: _Rows, kind: str, make: Callable, out: _Problems) -> tuple | None:
    header_row, columns, shown, _ = _find_header(rows, _DEFINITION_ALIASES)
    missing = [field for field in ("code", "name") if field not in columns]
    for field in missing:
        out.add(header_row, _DEFINITION_HEADERS[field], f"工作表“{sheet}”缺少“{_DEFINITION_HEADERS[field]}”列")
    if missing:
        return None
    entries: list[_DefinitionEntry] = []
    for number, values in rows:
        if number <= header_row or _blank(values):
            continue
        cells = [values[columns[field]] if columns[field] < len(values) else None for field in ("code", "name")]
        entries.append((number, shown["code"], shown["name"], cells[0], cells[1]))
    return _definitions(entries, kind, make, out)


def _read_xlsx(path: Path, base: Catalog | None, defaults: dict[str, float], out: _Problems) -> Catalog | None:
    sheets: dict[str, _Rows] = {}
    title = ""
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:
        out.add(None, None, "无法打开：文件已损坏，或不是 Excel 工作簿（.xlsx）")
        return None
    try:
        for sheet in workbook.worksheets:
            sheets[sheet.title.strip()] = list(enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1))
        title = _text(workbook.properties.title)
    except Exception:
        out.add(None, None, "无法读取工作簿内容：文件已损坏")
        return None
    finally:
        workbook.close()
    item_sheet = ITEM_SHEET if ITEM_SHEET in sheets else None
    if item_sheet is None:
        others = [name for name in sheets if name not in (SITE_TYPE_SHEET, CATEGORY_SHEET)]
        item_sheet = others[0] if others else None
    if item_sheet is None:
        out.add(None, None, f"工作簿中没有“{ITEM_SHEET}”工作表")
        return None

    definitions: list[tuple | None] = []
    for sheet, kind, make in ((SITE_TYPE_SHEET, "点位类型", SiteType), (CATEGORY_SHEET, "类别", Category)):
        if sheet in sheets:
            definitions.append(_table_definitions(sheet, sheets[sheet], kind, make, out))
        elif base is not None:
            definitions.append(base.site_types if make is SiteType else base.categories)
        else:
            out.add(None, None, f"缺少“{sheet}”工作表（{kind}定义），也没有指定基础清单")
            definitions.append(None)
    records = _table_records(f"工作表“{item_sheet}”", sheets[item_sheet], defaults, out)
    if records is None:
        return None
    return _assemble(title or path.stem, definitions[0], definitions[1], records, defaults, out)


def _read_csv(path: Path, base: Catalog | None, defaults: dict[str, float], out: _Problems) -> Catalog | None:
    text = _decode(path.read_bytes(), out)
    if text is None:
        return None
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    rows: _Rows = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        start = 1
        for values in reader:
            rows.append((start, tuple(values)))
            start = reader.line_num + 1
    except csv.Error as error:
        out.add(reader.line_num, None, f"CSV 格式错误：{error}")
        return None
    if base is None:
        out.add(None, None, "CSV 文件不含点位类型和类别定义，请指定基础清单")
    records = _table_records("CSV 文件", rows, defaults, out)
    if records is None:
        return None
    site_types = base.site_types if base is not None else None
    categories = base.categories if base is not None else None
    return _assemble(path.stem, site_types, categories, records, defaults, out)


_READERS = {".yaml": _read_yaml, ".yml": _read_yaml, ".xlsx": _read_xlsx, ".csv": _read_csv}


def _load(
    path: Path | str, base: Catalog | None, default_deductions: Mapping[str, float] | None
) -> tuple[Catalog | None, list[Problem]]:
    path = Path(path)
    out = _Problems(path.name)
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        hint = "（旧版 .xls 请在 Excel 中另存为 .xlsx）" if path.suffix.lower() == ".xls" else ""
        out.add(None, None, f"不支持的文件类型“{path.suffix or '无扩展名'}”：请使用 .yaml、.xlsx 或 .csv{hint}")
        return None, out.problems
    if not path.is_file():
        out.add(None, None, "文件不存在" if not path.exists() else "这是一个文件夹，不是文件")
        return None, out.problems
    try:
        catalog = reader(path, base, _normalize_defaults(default_deductions), out)
    except OSError as error:
        out.add(None, None, f"无法读取文件：{error.strerror or error}")
        catalog = None
    if out.problems or catalog is None:
        return None, out.problems
    return catalog, []


def load_catalog(
    path: Path | str, *, base: Catalog | None = None, default_deductions: Mapping[str, float] | None = None
) -> Catalog:
    """Read and validate a negative list from .yaml/.yml, .xlsx or .csv; ValidationError lists every problem."""
    catalog, problems = _load(path, base, default_deductions)
    if catalog is None:
        raise ValidationError(problems)
    return catalog


def validate_catalog_file(
    path: Path | str, *, base: Catalog | None = None, default_deductions: Mapping[str, float] | None = None
) -> list[Problem]:
    """Every problem in a negative-list file; [] when it can be imported."""
    return _load(path, base, default_deductions)[1]


# ---------------------------------------------------------------- storage

_CACHE: weakref.WeakKeyDictionary[sqlite_utils.Database, dict[str, Catalog]] = weakref.WeakKeyDictionary()


def _normalized(catalog: Catalog, source: str) -> Catalog:
    """Re-validate a Catalog built in code the way a file would be; ValidationError if it is not sound."""
    out = _Problems(source)
    site_types = _definitions(
        [(i + 1, "code", "name", s.code, s.name) for i, s in enumerate(catalog.site_types)], "点位类型", SiteType, out
    )
    categories = _definitions(
        [(i + 1, "code", "name", c.code, c.name) for i, c in enumerate(catalog.categories)], "类别", Category, out
    )
    records: list[tuple[Mapping[str, Any], _Locate]] = []
    for index, item in enumerate(catalog.items):
        record = {
            "code": item.code,
            "category": item.category,
            "text": item.text,
            "site_types": list(item.site_types),
            "severity": item.severity,
            "deduction": item.deduction,
            "responsible_unit": item.responsible_unit,
            "rectify_days": item.rectify_days,
            "photo_required": item.photo_required,
        }
        records.append((record, lambda field, row=index + 1: (row, field)))
    result = _assemble(catalog.name or source, site_types, categories, records, {}, out)
    if result is None:
        raise ValidationError(out.problems)
    return result


def import_catalog(db: sqlite_utils.Database, catalog: Catalog, *, source: str, make_current: bool = True) -> str:
    """Store a catalog version (once; re-importing keeps the one row) and optionally make it current."""
    catalog = _normalized(catalog, source)
    version = catalog.version
    canonical = catalog.canonical_json().decode("utf-8")
    with transaction(db) as conn:
        known = conn.execute("SELECT 1 FROM catalog_versions WHERE version = ?", [version]).fetchone()
        if known is None:
            conn.execute(
                "INSERT INTO catalog_versions(version, name, source, imported_at, item_count, canonical)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [version, catalog.name, source, to_iso(utc_now()), len(catalog.items), canonical],
            )
            conn.executemany(
                "INSERT INTO catalog_site_types(version, code, name, position) VALUES (?, ?, ?, ?)",
                [(version, s.code, s.name, i) for i, s in enumerate(catalog.site_types)],
            )
            conn.executemany(
                "INSERT INTO catalog_categories(version, code, name, position) VALUES (?, ?, ?, ?)",
                [(version, c.code, c.name, i) for i, c in enumerate(catalog.categories)],
            )
            conn.executemany(
                "INSERT INTO catalog_items(version, code, position, category, text, site_types, severity,"
                " deduction, responsible_unit, rectify_days, photo_required) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        version,
                        item.code,
                        position,
                        item.category,
                        item.text,
                        json.dumps(list(item.site_types), ensure_ascii=False),
                        item.severity,
                        item.deduction,
                        item.responsible_unit,
                        item.rectify_days,
                        int(item.photo_required),
                    )
                    for position, item in enumerate(catalog.items)
                ],
            )
        if make_current:
            set_setting(conn, CURRENT_SETTING, version)
    return version


def import_catalog_file(
    db: sqlite_utils.Database,
    path: Path | str,
    *,
    base: Catalog | None = None,
    default_deductions: Mapping[str, float] | None = None,
    make_current: bool = True,
) -> str:
    """Load, validate and import a negative-list file in one step; nothing is written if it has problems."""
    catalog = load_catalog(path, base=base, default_deductions=default_deductions)
    return import_catalog(db, catalog, source=Path(path).name, make_current=make_current)


def current_version(db: sqlite_utils.Database) -> str | None:
    """The version of the catalog new inspections use, or None before any import."""
    return get_setting(db, CURRENT_SETTING)


def _require_version(db: sqlite_utils.Database, version: str) -> str:
    row = db.execute("SELECT name FROM catalog_versions WHERE version = ?", [version]).fetchone()
    if row is None:
        raise NotFoundError(f"没有版本号为 {version[:12]} 的负面清单")
    return row[0]


def set_current_version(db: sqlite_utils.Database, version: str) -> None:
    """Make an already imported catalog version the current one."""
    _require_version(db, version)
    with transaction(db) as conn:
        set_setting(conn, CURRENT_SETTING, version)


def get_catalog(db: sqlite_utils.Database, version: str | None = None) -> Catalog:
    """A stored catalog version (None = the current one), rebuilt exactly as it was imported."""
    if version is None:
        version = current_version(db)
        if version is None:
            raise NotFoundError("工作区还没有导入负面清单")
    cached = _CACHE.get(db, {}).get(version)
    if cached is not None:
        return cached
    name = _require_version(db, version)
    site_types = tuple(
        SiteType(code, label)
        for code, label in db.execute(
            "SELECT code, name FROM catalog_site_types WHERE version = ? ORDER BY position", [version]
        )
    )
    categories = tuple(
        Category(code, label)
        for code, label in db.execute(
            "SELECT code, name FROM catalog_categories WHERE version = ? ORDER BY position", [version]
        )
    )
    items = tuple(
        Item(code, category, text, tuple(json.loads(sites)), severity, deduction, unit, days, bool(photo))
        for code, category, text, sites, severity, deduction, unit, days, photo in db.execute(
            "SELECT code, category, text, site_types, severity, deduction, responsible_unit, rectify_days,"
            " photo_required FROM catalog_items WHERE version = ? ORDER BY position",
            [version],
        )
    )
    catalog = Catalog(name, site_types, categories, items)
    if catalog.version != version:
        raise InspectorError(f"负面清单 {version[:12]} 的存储内容与版本号不符，数据库可能已损坏")
    _CACHE.setdefault(db, {})[version] = catalog
    return catalog


def list_versions(db: sqlite_utils.Database) -> list[dict]:
    """Every catalog version ever imported, newest first, with a flag for the current one."""
    current = current_version(db)
    rows = db.execute(
        "SELECT version, name, source, imported_at, item_count FROM catalog_versions"
        " ORDER BY imported_at DESC, rowid DESC"
    ).fetchall()
    return [
        {
            "version": version,
            "name": name,
            "source": source,
            "imported_at": imported_at,
            "item_count": count,
            "current": version == current,
        }
        for version, name, source, imported_at, count in rows
    ]


# ---------------------------------------------------------------- writers


class _Flow(list):
    """A list written in YAML flow style: [a, b]."""


class _FlowMap(dict):
    """A mapping written in YAML flow style: {code: x, name: y}."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(_Flow, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))
_Dumper.add_representer(_FlowMap, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v, flow_style=True))


def _item_row(item: Item) -> list[Any]:
    return [
        item.code,
        item.category,
        item.text,
        "、".join(item.site_types),
        SEVERITY_LABELS.get(item.severity, item.severity),
        float(format_deduction(item.deduction)),
        item.responsible_unit,
        item.rectify_days,
        "是" if item.photo_required else "否",
    ]


def write_catalog_yaml(catalog: Catalog, path: Path | str) -> None:
    """Write a catalog in the forms/negative-list.yaml layout."""
    document = {
        "name": catalog.name,
        "site_types": [_FlowMap(code=s.code, name=s.name) for s in catalog.site_types],
        "categories": [_FlowMap(code=c.code, name=c.name) for c in catalog.categories],
        "items": [
            {
                "code": item.code,
                "category": item.category,
                "text": item.text,
                "site_types": _Flow(item.site_types),
                "severity": SEVERITY_LABELS.get(item.severity, item.severity),
                "deduction": float(format_deduction(item.deduction)),
                "responsible_unit": item.responsible_unit,
                "rectify_days": item.rectify_days,
                "photo_required": item.photo_required,
            }
            for item in catalog.items
        ],
    }
    body = yaml.dump(document, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10**6)
    header = f"# 负面清单：{catalog.name}\n# 版本 {catalog.version}（由创文督查导出）\n"
    Path(path).write_text(header + body, encoding="utf-8")


def write_catalog_xlsx(catalog: Catalog, path: Path | str) -> None:
    """Write a catalog as an Excel workbook (sheets 负面清单, 点位类型, 类别) that load_catalog reads back."""
    workbook = openpyxl.Workbook()
    workbook.properties.title = catalog.name
    items = workbook.active
    items.title = ITEM_SHEET
    sheets = [
        (items, list(HEADERS.values()), [_item_row(item) for item in catalog.items]),
        (workbook.create_sheet(SITE_TYPE_SHEET), ["编码", "名称"], [[s.code, s.name] for s in catalog.site_types]),
        (workbook.create_sheet(CATEGORY_SHEET), ["编码", "名称"], [[c.code, c.name] for c in catalog.categories]),
    ]
    widths = {ITEM_SHEET: [14, 8, 48, 36, 10, 8, 22, 14, 10], SITE_TYPE_SHEET: [18, 36], CATEGORY_SHEET: [10, 20]}
    for sheet, header, rows in sheets:
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row_number, row in enumerate(rows, start=2):
            for column, value in enumerate(row, start=1):
                cell = sheet.cell(row_number, column, value)
                if isinstance(value, str) and value.startswith("="):
                    cell.data_type = "s"  # text, never a formula
        for index, width in enumerate(widths[sheet.title]):
            sheet.column_dimensions[get_column_letter(index + 1)].width = width
        sheet.freeze_panes = "A2"
    for cell in items["C"][1:]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    workbook.save(path)


def write_catalog_csv(catalog: Catalog, path: Path | str) -> None:
    """Write the item sheet as UTF-8 CSV with BOM (opens in Excel); site types and categories are not included."""
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS.values())
        for item in catalog.items:
            row = _item_row(item)
            row[5] = format_deduction(item.deduction)
            writer.writerow(row)
