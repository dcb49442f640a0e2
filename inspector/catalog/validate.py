"""Validation shared by every format: definitions, items, defaults; all problems are collected, not just the first.

When the site types or categories come from the workspace's list (the file has no sheet or key for them),
values the workspace does not know are proposed as new definitions with generated codes instead of errors.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from inspector.catalog.messages import CatalogValidationError, catalog_problem
from inspector.catalog.model import SEVERITY_LABELS, Catalog, Category, Item, SiteType
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
from inspector.errors import Problem
from inspector.tabular.messages import CodedProblem, group

CATEGORY, SITE_TYPE = "category", "site_type"
_CODE_LIKE = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,15}")


class Problems:
    """Collects the problems of one file (and the new definitions it proposes), grouped when read."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []
        self.new: list[CodedProblem] = []
        self.accepting: dict[tuple[str, str | None], str] = {}

    def add(
        self, code: str, row: int | None = None, column: str | None = None, letter: str = "", **params: Any
    ) -> None:
        """Record one problem by its message code and parameters."""
        self.problems.append(catalog_problem(self.file, code, row=row, column=column, letter=letter, **params))

    def extend(self, problems: Iterable[Problem]) -> None:
        """Record problems found by another reader (e.g. the spreadsheet reader's refusal)."""
        self.problems.extend(problems)

    def grouped(self) -> list[Problem]:
        """The problems with repeats grouped into row ranges and accepted values shown once per column."""
        return group(self.problems, self.accepting)

    def proposals(self) -> list[CodedProblem]:
        """The proposed new definitions (categories first), each with the rows that use it."""
        proposed = [problem for problem in group(self.new) if isinstance(problem, CodedProblem)]
        return sorted(proposed, key=lambda problem: problem.arguments["kind"] != CATEGORY)


class _Lookup:
    """Resolves a site type or category given by code or by name to its code."""

    def __init__(self, entries: Iterable[SiteType | Category]):
        self.codes = {entry.code: entry.code for entry in entries}
        self.folded = {code.casefold(): code for code in self.codes}
        self.names = {entry.name: entry.code for entry in entries}

    def resolve(self, token: str) -> str | None:
        return self.codes.get(token) or self.names.get(token) or self.folded.get(token.casefold())

    def add(self, code: str, name: str) -> None:
        self.codes[code] = code
        self.folded[code.casefold()] = code
        self.names[name] = code


class _Definitions:
    """The site types or categories items may name; unknown names are proposed as new when the list is open."""

    def __init__(self, kind: str, entries: tuple | None, open_list: bool, out: Problems):
        self.kind, self.out = kind, out
        self.entries: list = list(entries or ())
        self.open = open_list and entries is not None
        self.lookup = _Lookup(self.entries) if entries is not None else None
        self.new_names: dict[str, str] = {}
        self.unknown = "catalog.category_unknown" if kind == CATEGORY else "catalog.site_type_unknown"
        self.accepted = "、".join(f"{entry.code} {entry.name}" for entry in self.entries)

    def _new_code(self, value: str) -> str:
        """A stable, readable code: the value itself when it looks like a code, else C01, C02 … (T01 … for types)."""
        taken = {entry.code.casefold() for entry in self.entries}
        if _CODE_LIKE.fullmatch(value) and value.casefold() not in taken:
            return value
        prefix = "C" if self.kind == CATEGORY else "T"
        number = 1
        while f"{prefix}{number:02d}".casefold() in taken:
            number += 1
        return f"{prefix}{number:02d}"

    def resolve(self, value: str, where: tuple[int | None, str | None, str]) -> str | None:
        """The code for a value (known, or newly proposed when the list is open); None after reporting it."""
        if self.lookup is None:
            return value
        row, column, letter = where
        found = self.lookup.resolve(value)
        if found is None and CONTROL.search(value):
            self.out.add("catalog.control_characters", row, column, letter)
            return None
        if found is None and self.open:
            found = self._new_code(value)
            self.entries.append((Category if self.kind == CATEGORY else SiteType)(found, value))
            self.lookup.add(found, value)
            self.new_names[found] = value
        if found is None:
            self.out.add(self.unknown, row, column, letter, value=value)
            self.out.accepting[(self.unknown, column)] = self.accepted
            return None
        if found in self.new_names:
            self.out.new.append(
                catalog_problem(
                    self.out.file,
                    "catalog.new_definition",
                    row=row,
                    column=column,
                    letter=letter,
                    kind=self.kind,
                    name=self.new_names[found],
                    new_code=found,
                )
            )
        return found

    def result(self) -> tuple | None:
        """The definitions with the proposed ones appended; None when there were none to start with."""
        return tuple(self.entries) if self.lookup is not None else None


def _at_row(row: int | None) -> int | str:
    return row if row is not None else "?"


# One definition entry as read from a file: (row, code column, name column, code, name, code letter, name letter).
DefinitionEntry = tuple[int | None, str, str, Any, Any, str, str]


def build_definitions(entries: list[DefinitionEntry], kind: str, make: Callable, out: Problems) -> tuple:
    """Site types or categories (`make` builds one) from code/name entries; empty or repeated ones are problems."""
    seen_codes: dict[str, int | None] = {}
    seen_names: dict[str, int | None] = {}
    result = []
    for row, code_column, name_column, raw_code, raw_name, code_letter, name_letter in entries:
        code, name = cell_text(raw_code), cell_text(raw_name)
        ok = True
        if not code:
            out.add("catalog.definition_code_empty", row, code_column, code_letter, kind=kind)
            ok = False
        elif code in seen_codes:
            first = _at_row(seen_codes[code])
            out.add(
                "catalog.definition_code_duplicate", row, code_column, code_letter, kind=kind, value=code, first=first
            )
            ok = False
        elif kind == SITE_TYPE and (SEPARATORS.search(code) or re.search(r"\s", code)):
            out.add("catalog.site_type_code_separator", row, code_column, code_letter, value=code)
            ok = False
        if not name:
            out.add("catalog.definition_name_empty", row, name_column, name_letter, kind=kind)
            ok = False
        elif name in seen_names:
            first = _at_row(seen_names[name])
            out.add(
                "catalog.definition_name_duplicate", row, name_column, name_letter, kind=kind, name=name, first=first
            )
            ok = False
        if code and code not in seen_codes:
            seen_codes[code] = row
        if name and name not in seen_names:
            seen_names[name] = row
        if ok:
            result.append(make(code, name))
    return tuple(result)


# Where a field of an item sits in the file: field -> (row, column header, column letter).
Locate = Callable[[str], tuple[int | None, str | None, str]]


def _item(
    raw: Mapping[str, Any],
    locate: Locate,
    site_types: _Definitions,
    categories: _Definitions,
    seen: dict[str, int | None],
    defaults: Mapping[str, float],
    out: Problems,
) -> Item | None:
    """Validate one raw item record (from any format); the Item, or None after reporting its problems."""
    before = len(out.problems)

    def report(field: str, code: str, **params: Any) -> None:
        row, column, letter = locate(field)
        out.add(code, row, column, letter, **params)

    code = cell_text(raw.get("code"))
    if not code:
        report("code", "catalog.item_code_empty")
    elif code in seen:
        report("code", "catalog.item_code_duplicate", value=code, first=_at_row(seen[code]))
    else:
        seen[code] = locate("code")[0]

    category = cell_text(raw.get("category"))
    if not category:
        report("category", "catalog.category_empty")
    else:
        category = categories.resolve(category, locate("category")) or category

    text = cell_text(raw.get("text"))
    if not text:
        report("text", "catalog.text_empty")

    tokens = split_site_types(raw.get("site_types"))
    codes: list[str] = []
    if not tokens:
        report("site_types", "catalog.site_types_empty")
    for token in tokens:
        resolved = site_types.resolve(token, locate("site_types"))
        if resolved is not None and resolved not in codes:
            codes.append(resolved)

    severity = parse_severity(raw.get("severity"))
    if severity is None:
        shown = cell_text(raw.get("severity"))
        if shown:
            report("severity", "catalog.severity_unknown", value=shown)
            out.accepting[("catalog.severity_unknown", locate("severity")[1])] = "、".join(SEVERITY_LABELS.values())
        else:
            report("severity", "catalog.severity_empty")

    deduction, error = parse_deduction(raw.get("deduction"))
    if error:
        report("deduction", error[0], value=error[1])
    elif deduction is None:
        if severity is not None and severity in defaults:
            deduction = defaults[severity]
        elif severity is not None:
            report("deduction", "catalog.deduction_missing")

    unit = cell_text(raw.get("responsible_unit"))
    if not unit:
        report("responsible_unit", "catalog.unit_empty")

    days = parse_days(raw.get("rectify_days"))
    if days is None:
        shown = cell_text(raw.get("rectify_days"))
        if shown:
            report("rectify_days", "catalog.days_invalid", value=shown)
        else:
            report("rectify_days", "catalog.days_empty")

    flag_value = raw.get("photo_required")
    photo = True if flag_value is None or cell_text(flag_value) == "" else parse_flag(flag_value)
    if photo is None:
        report("photo_required", "catalog.photo_flag_invalid", value=cell_text(flag_value))

    for field_name, value in (("code", code), ("text", text), ("responsible_unit", unit)):
        if CONTROL.search(value):
            report(field_name, "catalog.control_characters")

    complete = severity is not None and deduction is not None and days is not None and photo is not None
    if len(out.problems) > before or not complete:
        return None
    order = {site_type.code: index for index, site_type in enumerate(site_types.entries)}
    codes.sort(key=lambda value: (order.get(value, len(order)), value))
    return Item(code, category, text, tuple(codes), severity, deduction, unit, days, photo)


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
    *,
    open_lists: Iterable[str] = (),
) -> Catalog | None:
    """The Catalog from validated parts, or None when anything (reported to `out`) is wrong or missing.

    `open_lists` names the definitions ("category", "site_type") that came from the workspace's list rather
    than from the file: unknown values there are proposed as new definitions (see `Problems.proposals`).
    """
    opened = set(open_lists)
    site_defs = _Definitions(SITE_TYPE, site_types, SITE_TYPE in opened, out)
    category_defs = _Definitions(CATEGORY, categories, CATEGORY in opened, out)
    seen: dict[str, int | None] = {}
    items = []
    for raw, locate in raw_items:
        item = _item(raw, locate, site_defs, category_defs, seen, defaults, out)
        if item is not None:
            items.append(item)
    if not raw_items:
        out.add("catalog.no_items")
    final_site_types, final_categories = site_defs.result(), category_defs.result()
    if out.problems or final_site_types is None or final_categories is None:
        return None
    return Catalog(name.strip(), final_site_types, final_categories, tuple(items))


def normalized(catalog: Catalog, source: str) -> Catalog:
    """Re-validate a Catalog built in code the way a file would be; ValidationError if it is not sound."""
    out = Problems(source)
    site_types = build_definitions(
        [(i + 1, "code", "name", s.code, s.name, "", "") for i, s in enumerate(catalog.site_types)],
        SITE_TYPE,
        SiteType,
        out,
    )
    categories = build_definitions(
        [(i + 1, "code", "name", c.code, c.name, "", "") for i, c in enumerate(catalog.categories)],
        CATEGORY,
        Category,
        out,
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
        records.append((record, lambda field, row=index + 1: (row, field, "")))
    result = assemble(catalog.name or source, site_types, categories, records, {}, out)
    if result is None:
        raise CatalogValidationError(out.grouped())
    return result
