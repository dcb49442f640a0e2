"""`catalog validate`, `catalog import` and `catalog versions`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from inspector import catalog as catalog_mod
from inspector import forms, scoring
from inspector.catalog.messages import ACCEPT_HINT
from inspector.cli.common import Output, add_command, add_group, open_ws, table
from inspector.errors import InspectorError

# catalog


def _default_deductions(args: argparse.Namespace) -> tuple[Any, dict[str, float] | None]:
    """Base catalog and default deductions from the workspace if one is open, else from forms/."""
    try:
        ws = open_ws(args)
    except InspectorError:
        base_path = forms.form_path(forms.CATALOG_FILE)
        rules = scoring.ScoringRules.from_dict(forms.read_yaml_mapping(forms.form_path(forms.SCORING_FILE)))
        return catalog_mod.load_catalog(
            base_path, default_deductions=rules.deduction_by_severity
        ), rules.deduction_by_severity
    with ws:
        return catalog_mod.get_catalog(ws.db), scoring.load_rules(ws.db).deduction_by_severity


def _load(args: argparse.Namespace, base: Any, defaults: dict[str, float] | None) -> catalog_mod.CatalogCheck:
    """Check the file; refuse it with every problem, or with the new definitions unless --accept-new."""
    try:
        return catalog_mod.read_catalog_file(
            args.file, base=base, default_deductions=defaults, accept_new=args.accept_new
        )
    except catalog_mod.NewDefinitionsError as refused:
        raise refused.with_hint(ACCEPT_HINT) from None


def _new_lines(check: catalog_mod.CatalogCheck) -> str:
    if not check.new:
        return ""
    return "\n新增：\n" + "\n".join(f"  {p.where()}：{p.message}" for p in check.new)


def _new_data(check: catalog_mod.CatalogCheck) -> list[dict[str, Any]]:
    return [
        {"kind": p.arguments["kind"], "code": p.arguments["new_code"], "name": p.arguments["name"], **p.as_dict()}
        for p in check.new
    ]


def cmd_catalog_validate(args: argparse.Namespace) -> Output:
    base, defaults = _default_deductions(args)
    check = _load(args, base, defaults)
    cat = check.catalog
    assert cat is not None
    data = {
        "file": str(args.file),
        "valid": True,
        "version": cat.version,
        "items": len(cat.items),
        "site_types": len(cat.site_types),
        "categories": len(cat.categories),
        "new": _new_data(check),
    }
    return data, (
        f"“{Path(args.file).name}”校验通过：{len(cat.items)} 个条目，{len(cat.categories)} 个类别，"
        f"{len(cat.site_types)} 种点位类型{_new_lines(check)}\n版本 {cat.version}"
    )


def cmd_catalog_import(args: argparse.Namespace) -> Output:
    with open_ws(args) as ws:
        base = catalog_mod.get_catalog(ws.db)
        defaults = scoring.load_rules(ws.db).deduction_by_severity
        check = _load(args, base, defaults)
        cat = check.catalog
        assert cat is not None
        known = {v["version"] for v in catalog_mod.list_versions(ws.db)}
        version = catalog_mod.import_catalog(ws.db, cat, source=Path(args.file).name)
    new = version not in known
    data = {"version": version, "items": len(cat.items), "new": new, "current": True, "added": _new_data(check)}
    note = "已导入新版本" if new else "该版本此前已导入，已设为当前版本"
    return data, f"{note}：{len(cat.items)} 个条目{_new_lines(check)}\n版本 {version}"


def cmd_catalog_versions(args: argparse.Namespace) -> Output:
    with open_ws(args) as ws:
        versions = catalog_mod.list_versions(ws.db)
    rows = [
        ("*" if v["current"] else "", v["version"][:12], v["name"], v["item_count"], v["source"], v["imported_at"])
        for v in versions
    ]
    return versions, table(rows, ["当前", "版本", "名称", "条目数", "来源", "导入时间"])


ACCEPT_HELP = "文件用到工作区没有的类别或点位类型时，确认按生成的编码新增（不加则不导入，只列出将新增的内容）"


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the `catalog` commands."""
    group = add_group(sub, "catalog", "负面清单")
    validate = add_command(
        group, "validate", cmd_catalog_validate, "校验负面清单文件（YAML/XLSX/CSV），列出全部问题", common
    )
    validate.add_argument("file")
    validate.add_argument("--accept-new", action="store_true", help=ACCEPT_HELP)
    do_import = add_command(group, "import", cmd_catalog_import, "导入负面清单并设为当前版本", common)
    do_import.add_argument("file")
    do_import.add_argument("--accept-new", action="store_true", help=ACCEPT_HELP)
    add_command(group, "versions", cmd_catalog_versions, "列出已导入的负面清单版本", common)
