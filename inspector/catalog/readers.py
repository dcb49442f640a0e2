"""Loading a negative list from .yaml/.yml, .xlsx or .csv and validating it (every problem at once).

PyYAML and openpyxl are imported by the readers that need them, not when the package is imported.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from inspector.catalog.layout import CATEGORY_SHEET, ITEM_SHEET, SITE_TYPE_SHEET
from inspector.catalog.messages import CatalogValidationError, NewDefinitionsError
from inspector.catalog.model import Catalog, Category, SiteType
from inspector.catalog.tables import table_definitions, table_records
from inspector.catalog.validate import (
    CATEGORY,
    SITE_TYPE,
    DefinitionEntry,
    Locate,
    Problems,
    assemble,
    build_definitions,
    normalize_defaults,
)
from inspector.catalog.values import cell_text
from inspector.errors import Problem, ValidationError
from inspector.tabular import open_workbook, read_bounded, read_csv_rows
from inspector.tabular.messages import CodedProblem, reader_problem

if TYPE_CHECKING:
    import yaml

YAML_MAX_BYTES = 4 << 20
YAML_MAX_DEPTH = 32


@dataclass(frozen=True)
class CatalogCheck:
    """What checking a negative-list file found: the catalog (None when it has problems), problems, new definitions.

    `new` lists the categories and site types the file names that the workspace's list does not know (only
    when the file does not define them itself); the catalog includes them with generated codes.
    """

    file: str
    catalog: Catalog | None
    problems: list[Problem] = field(default_factory=list)
    new: list[CodedProblem] = field(default_factory=list)


def _decode(data: bytes, out: Problems) -> str | None:
    if not data.strip():
        out.extend([reader_problem(out.file, "file.empty")])
        return None
    if b"\x00" in data:
        out.add("catalog.not_text")
        return None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    out.add("catalog.encoding")
    return None


class _YamlRefused(Exception):
    """A YAML construct a negative list never needs (aliases, deep nesting)."""

    def __init__(self, code: str, line: int | None):
        super().__init__(code)
        self.code, self.line = code, line


def _loader(text: str) -> Any:
    """A SafeLoader that refuses aliases (which can multiply content) and nesting deeper than any list needs."""
    import yaml

    class Loader(yaml.SafeLoader):
        depth = 0

        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                raise _YamlRefused("catalog.yaml_alias", self.peek_event().start_mark.line + 1)
            self.depth += 1
            if self.depth > YAML_MAX_DEPTH:
                raise _YamlRefused("catalog.yaml_depth", self.peek_event().start_mark.line + 1)
            try:
                return super().compose_node(parent, index)
            finally:
                self.depth -= 1

    return Loader(text)


def _yaml_key_node(node: yaml.Node | None, key: str) -> yaml.Node | None:
    import yaml

    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
                return value_node
    return None


def _yaml_lines(node: yaml.Node | None) -> list[tuple[int, dict[str, int]]]:
    """For each entry of a YAML sequence: its line and the line of each of its keys (evidence flattened)."""
    import yaml

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
    data: Any, lines: list[tuple[int, dict[str, int]]], kind: str, make: Callable, out: Problems
) -> tuple | None:
    if not isinstance(data, list):
        out.add("catalog.definitions_not_list", kind=kind)
        return None
    entries: list[DefinitionEntry] = []
    for index, entry in enumerate(data):
        line = lines[index][0] if index < len(lines) else index + 1
        if not isinstance(entry, Mapping):
            out.add("catalog.definition_not_mapping", line, kind=kind)
            continue
        entries.append((line, "code", "name", entry.get("code"), entry.get("name"), "", ""))
    return build_definitions(entries, kind, make, out)


def _read_yaml(path: Path, base: Catalog | None, defaults: dict[str, float], out: Problems) -> Catalog | None:
    import yaml

    text = _decode(read_bounded(path, YAML_MAX_BYTES), out)
    if text is None:
        return None
    loader = _loader(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except _YamlRefused as refused:
        if refused.code == "catalog.yaml_depth":
            out.add(refused.code, refused.line, limit=YAML_MAX_DEPTH)
        else:
            out.add(refused.code, refused.line)
        return None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        reason = getattr(error, "problem", None) or str(error)
        out.add("catalog.yaml_syntax", mark.line + 1 if mark else None, reason=reason)
        return None
    finally:
        loader.dispose()
    if not isinstance(data, Mapping) or "items" not in data:
        out.add("catalog.yaml_not_catalog")
        return None
    meta = data.get("meta") if isinstance(data.get("meta"), Mapping) else {}
    scoring = meta.get("scoring") if isinstance(meta.get("scoring"), Mapping) else {}
    defaults = defaults or normalize_defaults(scoring.get("default_deduction_by_severity"))
    name = _text(data.get("name")) or _text(meta.get("name")) or path.stem

    definitions: list[tuple | None] = []
    open_lists: list[str] = []
    for key, kind, make in (("site_types", SITE_TYPE, SiteType), ("categories", CATEGORY, Category)):
        if key in data:
            lines = _yaml_lines(_yaml_key_node(root, key))
            definitions.append(_yaml_definitions(data[key], lines, kind, make, out))
        elif base is not None:
            definitions.append(base.site_types if key == "site_types" else base.categories)
            open_lists.append(kind)
        else:
            out.add("catalog.yaml_definitions_missing", None, key, kind=kind, key=key)
            definitions.append(None)

    raw_items = data["items"] or []
    if not isinstance(raw_items, list):
        out.add("catalog.items_not_list", None, "items")
        raw_items = []
    lines = _yaml_lines(_yaml_key_node(root, "items"))
    records: list[tuple[Mapping[str, Any], Locate]] = []
    for index, entry in enumerate(raw_items):
        line, keys = lines[index] if index < len(lines) else (index + 1, {})
        if not isinstance(entry, Mapping):
            out.add("catalog.item_not_mapping", line)
            continue
        record = dict(entry)
        evidence = entry.get("evidence")
        if "photo_required" not in record and isinstance(evidence, Mapping):
            record["photo_required"] = evidence.get("photo_required")

        def locate(field: str, line: int = line, keys: dict[str, int] = keys) -> tuple[int | None, str | None, str]:
            return keys.get(field, line), field, ""

        records.append((record, locate))
    return assemble(name, definitions[0], definitions[1], records, defaults, out, open_lists=open_lists)


def _text(value: Any) -> str:
    """A YAML scalar as text; "" for anything that is not a scalar (a name is never a list or mapping)."""
    return cell_text(value) if isinstance(value, str | int | float) else ""


def _read_xlsx(path: Path, base: Catalog | None, defaults: dict[str, float], out: Problems) -> Catalog | None:
    book = open_workbook(path)
    names = {name.strip(): name for name in book.sheet_names}
    item_sheet = ITEM_SHEET if ITEM_SHEET in names else None
    if item_sheet is None:
        others = [name for name in names if name not in (SITE_TYPE_SHEET, CATEGORY_SHEET)]
        item_sheet = others[0] if others else None
    if item_sheet is None:
        out.add("catalog.no_item_sheet", sheet=ITEM_SHEET)
        return None

    definitions: list[tuple | None] = []
    open_lists: list[str] = []
    for sheet, kind, make in ((SITE_TYPE_SHEET, SITE_TYPE, SiteType), (CATEGORY_SHEET, CATEGORY, Category)):
        if sheet in names:
            definitions.append(table_definitions(sheet, book.rows(names[sheet]), kind, make, out))
        elif base is not None:
            definitions.append(base.site_types if make is SiteType else base.categories)
            open_lists.append(kind)
        else:
            out.add("catalog.sheet_definitions_missing", sheet=sheet, kind=kind)
            definitions.append(None)
    records = table_records(item_sheet, book.rows(names[item_sheet]), defaults, out)
    if records is None:
        return None
    name = cell_text(book.title) or path.stem
    return assemble(name, definitions[0], definitions[1], records, defaults, out, open_lists=open_lists)


def _read_csv(path: Path, base: Catalog | None, defaults: dict[str, float], out: Problems) -> Catalog | None:
    rows = read_csv_rows(path)
    if base is None:
        out.add("catalog.csv_needs_base")
    records = table_records(None, rows, defaults, out)
    if records is None:
        return None
    site_types = base.site_types if base is not None else None
    categories = base.categories if base is not None else None
    return assemble(path.stem, site_types, categories, records, defaults, out, open_lists=(SITE_TYPE, CATEGORY))


_READERS = {".yaml": _read_yaml, ".yml": _read_yaml, ".xlsx": _read_xlsx, ".csv": _read_csv}


def check_catalog_file(
    path: Path | str, *, base: Catalog | None = None, default_deductions: Mapping[str, float] | None = None
) -> CatalogCheck:
    """Check a negative-list file (.yaml/.yml, .xlsx or .csv): every problem, and the new definitions it names.

    Categories and site types come from the file's own sheets or keys, else from `base` (the workspace's
    list); in that case values `base` does not know are proposed as new definitions, not reported as errors.
    """
    path = Path(path)
    out = Problems(path.name)
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        if path.suffix.lower() == ".xls":
            out.extend([reader_problem(path.name, "file.xls")])
        else:
            out.add("catalog.unsupported", suffix=path.suffix or "—")
        return CatalogCheck(path.name, None, out.grouped())
    try:
        catalog = reader(path, base, normalize_defaults(default_deductions), out)
    except ValidationError as refused:  # the spreadsheet reader refused the file as a whole
        out.extend(refused.problems)
        catalog = None
    if out.problems or catalog is None:
        return CatalogCheck(path.name, None, out.grouped(), out.proposals())
    return CatalogCheck(path.name, catalog, [], out.proposals())


def read_catalog_file(
    path: Path | str,
    *,
    base: Catalog | None = None,
    default_deductions: Mapping[str, float] | None = None,
    accept_new: bool = False,
) -> CatalogCheck:
    """The check of a file that can be imported as it stands; CatalogValidationError lists every problem.

    New categories or site types (see `check_catalog_file`) raise NewDefinitionsError unless `accept_new`,
    in which case the check's catalog includes them and `new` lists them.
    """
    check = check_catalog_file(path, base=base, default_deductions=default_deductions)
    if check.catalog is None:
        raise CatalogValidationError(check.problems, check.new)
    if check.new and not accept_new:
        raise NewDefinitionsError(check.file, check.new)
    return check


def load_catalog(
    path: Path | str,
    *,
    base: Catalog | None = None,
    default_deductions: Mapping[str, float] | None = None,
    accept_new: bool = False,
) -> Catalog:
    """Read and validate a negative list; ValidationError lists every problem (see `read_catalog_file`)."""
    check = read_catalog_file(path, base=base, default_deductions=default_deductions, accept_new=accept_new)
    assert check.catalog is not None
    return check.catalog


def validate_catalog_file(
    path: Path | str,
    *,
    base: Catalog | None = None,
    default_deductions: Mapping[str, float] | None = None,
    accept_new: bool = False,
) -> list[Problem]:
    """What stops a negative-list file from being imported: its problems, else the new definitions not accepted."""
    check = check_catalog_file(path, base=base, default_deductions=default_deductions)
    if check.problems or accept_new:
        return check.problems
    return list(check.new)
