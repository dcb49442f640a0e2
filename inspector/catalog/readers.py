"""Loading a negative list from .yaml/.yml, .xlsx or .csv and validating it (every problem at once).

PyYAML and openpyxl are imported by the readers that need them, not when the package is imported.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from inspector.catalog.layout import CATEGORY_SHEET, ITEM_SHEET, SITE_TYPE_SHEET
from inspector.catalog.model import Catalog, Category, SiteType
from inspector.catalog.tables import Rows, table_definitions, table_records
from inspector.catalog.validate import (
    DefinitionEntry,
    Locate,
    Problems,
    assemble,
    build_definitions,
    normalize_defaults,
)
from inspector.catalog.values import cell_text
from inspector.errors import Problem, ValidationError

if TYPE_CHECKING:
    import yaml


def _decode(data: bytes, out: Problems) -> str | None:
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
        out.add(None, None, f"{kind}定义应是列表（每项含 code 和 name）")
        return None
    entries: list[DefinitionEntry] = []
    for index, entry in enumerate(data):
        line = lines[index][0] if index < len(lines) else index + 1
        if not isinstance(entry, Mapping):
            out.add(line, None, f"{kind}定义应含 code 和 name")
            continue
        entries.append((line, "code", "name", entry.get("code"), entry.get("name")))
    return build_definitions(entries, kind, make, out)


def _read_yaml(path: Path, base: Catalog | None, defaults: dict[str, float], out: Problems) -> Catalog | None:
    import yaml

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
    defaults = defaults or normalize_defaults(scoring.get("default_deduction_by_severity"))
    name = cell_text(data.get("name")) or cell_text(meta.get("name")) or path.stem

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
    records: list[tuple[Mapping[str, Any], Locate]] = []
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
    return assemble(name, definitions[0], definitions[1], records, defaults, out)


def _read_xlsx(path: Path, base: Catalog | None, defaults: dict[str, float], out: Problems) -> Catalog | None:
    import openpyxl

    sheets: dict[str, Rows] = {}
    title = ""
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:
        out.add(None, None, "无法打开：文件已损坏，或不是 Excel 工作簿（.xlsx）")
        return None
    try:
        for sheet in workbook.worksheets:
            sheets[sheet.title.strip()] = list(enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1))
        title = cell_text(workbook.properties.title)
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
            definitions.append(table_definitions(sheet, sheets[sheet], kind, make, out))
        elif base is not None:
            definitions.append(base.site_types if make is SiteType else base.categories)
        else:
            out.add(None, None, f"缺少“{sheet}”工作表（{kind}定义），也没有指定基础清单")
            definitions.append(None)
    records = table_records(f"工作表“{item_sheet}”", sheets[item_sheet], defaults, out)
    if records is None:
        return None
    return assemble(title or path.stem, definitions[0], definitions[1], records, defaults, out)


def _read_csv(path: Path, base: Catalog | None, defaults: dict[str, float], out: Problems) -> Catalog | None:
    text = _decode(path.read_bytes(), out)
    if text is None:
        return None
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    rows: Rows = []
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
    records = table_records("CSV 文件", rows, defaults, out)
    if records is None:
        return None
    site_types = base.site_types if base is not None else None
    categories = base.categories if base is not None else None
    return assemble(path.stem, site_types, categories, records, defaults, out)


_READERS = {".yaml": _read_yaml, ".yml": _read_yaml, ".xlsx": _read_xlsx, ".csv": _read_csv}


def _load(
    path: Path | str, base: Catalog | None, default_deductions: Mapping[str, float] | None
) -> tuple[Catalog | None, list[Problem]]:
    path = Path(path)
    out = Problems(path.name)
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        hint = "（旧版 .xls 请在 Excel 中另存为 .xlsx）" if path.suffix.lower() == ".xls" else ""
        out.add(None, None, f"不支持的文件类型“{path.suffix or '无扩展名'}”：请使用 .yaml、.xlsx 或 .csv{hint}")
        return None, out.problems
    if not path.is_file():
        out.add(None, None, "文件不存在" if not path.exists() else "这是一个文件夹，不是文件")
        return None, out.problems
    try:
        catalog = reader(path, base, normalize_defaults(default_deductions), out)
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
