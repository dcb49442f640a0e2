"""Writing a negative list back out as YAML, XLSX or CSV, in layouts load_catalog reads back.

PyYAML and openpyxl are imported by the writer that needs them, not when the package is imported.
"""

from __future__ import annotations

import csv
import functools
from pathlib import Path
from typing import Any

from inspector.catalog.layout import CATEGORY_SHEET, HEADERS, ITEM_SHEET, SITE_TYPE_SHEET
from inspector.catalog.model import SEVERITY_LABELS, Catalog, Item, format_deduction


class _Flow(list):
    """A list written in YAML flow style: [a, b]."""


class _FlowMap(dict):
    """A mapping written in YAML flow style: {code: x, name: y}."""


@functools.cache
def _dumper() -> type:
    """A SafeDumper that writes _Flow and _FlowMap in flow style (built on first use: PyYAML loads lazily)."""
    import yaml

    class _Dumper(yaml.SafeDumper):
        pass

    _Dumper.add_representer(_Flow, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))
    _Dumper.add_representer(_FlowMap, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v, flow_style=True))
    return _Dumper


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
    import yaml

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
    body = yaml.dump(document, Dumper=_dumper(), allow_unicode=True, sort_keys=False, width=10**6)
    header = f"# 负面清单：{catalog.name}\n# 版本 {catalog.version}（由创文督查导出）\n"
    Path(path).write_text(header + body, encoding="utf-8")


def write_catalog_xlsx(catalog: Catalog, path: Path | str) -> None:
    """Write a catalog as an Excel workbook (sheets 负面清单, 点位类型, 类别) that load_catalog reads back."""
    import openpyxl
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

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
