"""Validation shared by every format: definitions, items, defaults; all problems are collected, not just the first."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from inspector.catalog.model import Catalog, Category, Item, SiteType
from inspector.catalog.values import (
    CONTROL,
    SEPARATORS,
    cell_text,
    parse_days,
    parse_deduction,
    parse_flag,
    parse_severity,
    split_site_types,
)
from inspector.errors import Problem, ValidationError


class Problems:
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
DefinitionEntry = tuple[int | None, str, str, Any, Any]


def build_definitions(entries: list[DefinitionEntry], kind: str, make: Callable, out: Problems) -> tuple:
    """Site types or categories (`make` builds one) from code/name entries; empty or repeated ones are problems."""
    seen_codes: dict[str, int | None] = {}
    seen_names: dict[str, int | None] = {}
    result = []
    for row, code_column, name_column, raw_code, raw_name in entries:
        code, name = cell_text(raw_code), cell_text(raw_name)
        ok = True
        if not code:
            out.add(row, code_column, f"{kind}编码为空")
            ok = False
        elif code in seen_codes:
            out.add(row, code_column, f"{kind}编码“{code}”重复（{_at_row(seen_codes[code])}已有）")
            ok = False
        elif kind == "点位类型" and (SEPARATORS.search(code) or re.search(r"\s", code)):
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


# Where a field of an item sits in the file: field -> (row, column).
Locate = Callable[[str], tuple[int | None, str | None]]


def _build_items(
    raw_items: list[tuple[Mapping[str, Any], Locate]],
    site_types: tuple[SiteType, ...] | None,
    categories: tuple[Category, ...] | None,
    defaults: Mapping[str, float],
    out: Problems,
) -> list[Item]:
    """Validate raw item records (from any format) and turn them into Items; problems go to `out`."""
    site_lookup = _Lookup(site_types) if site_types is not None else None
    category_lookup = _Lookup(categories) if categories is not None else None
    order = {site_type.code: index for index, site_type in enumerate(site_types or ())}
    seen: dict[str, int | None] = {}
    items: list[Item] = []
    for raw, locate in raw_items:
        before = len(out.problems)

        def report(field: str, message: str, locate: Locate = locate) -> None:
            row, column = locate(field)
            out.add(row, column, message)

        code = cell_text(raw.get("code"))
        if not code:
            report("code", "条目编号为空")
        elif code in seen:
            report("code", f"条目编号“{code}”重复（{_at_row(seen[code])}已出现）")
        else:
            seen[code] = locate("code")[0]

        category = cell_text(raw.get("category"))
        if not category:
            report("category", "类别为空")
        elif category_lookup is not None:
            resolved = category_lookup.resolve(category)
            if resolved is None:
                report("category", f"未知的类别“{category}”")
            category = resolved or category

        text = cell_text(raw.get("text"))
        if not text:
            report("text", "问题描述为空")

        tokens = split_site_types(raw.get("site_types"))
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
            shown = cell_text(raw.get("severity"))
            report("severity", f"未知的严重程度“{shown}”（应为 一般、较重 或 严重）" if shown else "严重程度为空")

        deduction, error = parse_deduction(raw.get("deduction"))
        if error:
            report("deduction", error)
        elif deduction is None:
            if severity is not None and severity in defaults:
                deduction = defaults[severity]
            elif severity is not None:
                report("deduction", "扣分为空，且没有该严重程度的默认扣分")

        unit = cell_text(raw.get("responsible_unit"))
        if not unit:
            report("responsible_unit", "责任单位为空")

        days = parse_days(raw.get("rectify_days"))
        if days is None:
            shown = cell_text(raw.get("rectify_days"))
            report("rectify_days", f"整改时限“{shown}”不是非负整数天数" if shown else "整改时限为空")

        flag_value = raw.get("photo_required")
        photo = True if flag_value is None or cell_text(flag_value) == "" else parse_flag(flag_value)
        if photo is None:
            report("photo_required", f"“需要照片”应填 是 或 否，不能是“{cell_text(flag_value)}”")

        for field_name, value in (("code", code), ("text", text), ("responsible_unit", unit)):
            if CONTROL.search(value):
                report(field_name, "含有不可见的控制字符")

        complete = severity is not None and deduction is not None and days is not None and photo is not None
        if len(out.problems) == before and complete:
            items.append(Item(code, category, text, tuple(codes), severity, deduction, unit, days, photo))
    return items


def normalize_defaults(mapping: Mapping[Any, Any] | None) -> dict[str, float]:
    """Default deductions by severity code, from keys given as codes or Chinese labels; unusable entries dropped."""
    result: dict[str, float] = {}
    for key, value in (mapping or {}).items():
        severity = parse_severity(key)
        number, error = parse_deduction(value)
        if severity is not None and number is not None and error is None:
            result[severity] = number
    return result


def assemble(
    name: str,
    site_types: tuple[SiteType, ...] | None,
    categories: tuple[Category, ...] | None,
    raw_items: list[tuple[Mapping[str, Any], Locate]],
    defaults: Mapping[str, float],
    out: Problems,
) -> Catalog | None:
    """The Catalog from validated parts, or None when anything (reported to `out`) is wrong or missing."""
    items = _build_items(raw_items, site_types, categories, defaults, out)
    if not raw_items:
        out.add(None, None, "清单中没有任何条目")
    if out.problems or site_types is None or categories is None:
        return None
    return Catalog(name.strip(), site_types, categories, tuple(items))


def normalized(catalog: Catalog, source: str) -> Catalog:
    """Re-validate a Catalog built in code the way a file would be; ValidationError if it is not sound."""
    out = Problems(source)
    site_types = build_definitions(
        [(i + 1, "code", "name", s.code, s.name) for i, s in enumerate(catalog.site_types)], "点位类型", SiteType, out
    )
    categories = build_definitions(
        [(i + 1, "code", "name", c.code, c.name) for i, c in enumerate(catalog.categories)], "类别", Category, out
    )
    records: list[tuple[Mapping[str, Any], Locate]] = []
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
    result = assemble(catalog.name or source, site_types, categories, records, {}, out)
    if result is None:
        raise ValidationError(out.problems)
    return result
