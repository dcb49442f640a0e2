"""The site register and the inspector roster: `sites …` and `inspectors …`."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from typing import Any

from inspector.cli.common import Output, add_command, add_group, open_ws, site_types, table
from inspector.register import inspectors as inspectors_mod
from inspector.register import sites

# sites and inspectors


def cmd_sites_import(args: argparse.Namespace) -> Output:
    with open_ws(args) as ws:
        report = sites.import_sites(
            ws.db, args.file, site_types=site_types(ws.db), deactivate_missing=args.deactivate_missing
        )
    data = {k: getattr(report, k) for k in ("added", "updated", "unchanged", "deactivated")}
    return data, (
        f"点位导入完成：新增 {report.added} 个，更新 {report.updated} 个，未变 {report.unchanged} 个"
        + (f"，停用 {report.deactivated} 个" if report.deactivated else "")
    )


def cmd_sites_list(args: argparse.Namespace) -> Output:
    with open_ws(args) as ws:
        found = sites.list_sites(
            ws.db, district=args.district, street=args.street, site_type=args.site_type, search=args.search
        )
        names = site_types(ws.db)
    rows = [
        (s.code, s.name, names.get(s.site_type, s.site_type), s.district, s.street, s.responsible_unit) for s in found
    ]
    text = table(rows, ["编号", "点位名称", "类型", "区", "街道", "责任单位"]) + f"\n共 {len(found)} 个点位"
    return [asdict(s) for s in found], text


def cmd_sites_add(args: argparse.Namespace) -> Output:
    with open_ws(args) as ws:
        site = sites.add_site(
            ws.db,
            name=args.name,
            site_type=args.site_type,
            district=args.district,
            street=args.street,
            address=args.address,
            responsible_unit=args.unit,
            site_types=site_types(ws.db),
            code=args.code,
        )
    return asdict(site), f"已添加点位“{site.name}”（编号 {site.code}）"


def cmd_inspectors_import(args: argparse.Namespace) -> Output:
    with open_ws(args) as ws:
        added, updated = inspectors_mod.import_roster(ws.db, args.file)
    return {"added": added, "updated": updated}, f"督查员名册导入完成：新增 {added} 人，更新 {updated} 人"


def cmd_inspectors_list(args: argparse.Namespace) -> Output:
    with open_ws(args) as ws:
        people = inspectors_mod.list_inspectors(ws.db)
    rows = [(p.id, p.name, p.district or "—", p.unit or "—") for p in people]
    data = [{"id": p.id, "name": p.name, "district": p.district, "unit": p.unit} for p in people]
    return data, table(rows, ["编号", "姓名", "所属区", "单位"])


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the `sites` and `inspectors` commands."""
    group = add_group(sub, "sites", "点位名册")
    p = add_command(group, "import", cmd_sites_import, "导入点位名册（CSV/XLSX）", common)
    p.add_argument("file")
    p.add_argument("--deactivate-missing", action="store_true", help="停用名册中已不存在的点位")
    p = add_command(group, "list", cmd_sites_list, "列出点位", common)
    for flag in ("--district", "--street", "--site-type", "--search"):
        p.add_argument(flag)
    p = add_command(group, "add", cmd_sites_add, "现场添加点位", common)
    for flag in ("--name", "--site-type", "--district", "--street", "--address", "--unit"):
        p.add_argument(flag, required=True)
    p.add_argument("--code")

    group = add_group(sub, "inspectors", "督查员名册")
    add_command(group, "import", cmd_inspectors_import, "导入督查员名册（CSV/XLSX）", common).add_argument("file")
    add_command(group, "list", cmd_inspectors_list, "列出督查员", common)
