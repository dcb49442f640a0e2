"""`workspace init` and `workspace info`."""

from __future__ import annotations

import argparse
from typing import Any

from inspector import clock, workspace
from inspector.cli.common import CliError, Output, add_command, add_group, open_ws

# workspace


def cmd_workspace_init(args: argparse.Namespace) -> Output:
    inspector = None
    if args.inspector_id or args.inspector_name:
        if not (args.inspector_id and args.inspector_name):
            raise CliError("请同时给出 --inspector-id 和 --inspector-name")
        inspector = {
            "id": args.inspector_id,
            "name": args.inspector_name,
            "district": args.district or "",
            "unit": args.unit or "",
        }
    ws = workspace.init_workspace(
        args.dir,
        role=args.role,
        name=args.name,
        inspector=inspector,
        catalog_path=args.catalog,
        timezone=args.timezone,
    )
    with ws:
        info = workspace.workspace_info(ws)
    role = "外勤笔记本" if ws.role == "field" else "办公室"
    return info, f"已创建{role}工作区“{info['name']}”：{info['path']}\n负面清单版本 {info['catalog_version'][:12]}"


def cmd_workspace_info(args: argparse.Namespace) -> Output:
    with open_ws(args) as ws:
        info = workspace.workspace_info(ws)
    text = "\n".join(
        [
            f"工作区：{info['name']}（{'外勤' if info['role'] == 'field' else '办公室'}）",
            f"位置：{info['path']}",
            f"设备编号：{info['device_id']}",
            f"时区：{info['timezone']}（检查日期、期间、整改期限和文书日期都按此时区计算）",
            f"督查员：{(info['inspector'] or {}).get('name', '—')}",
            f"负面清单版本：{info['catalog_version']}",
            f"点位：{info['sites']} 个；检查记录：{info['inspections']} 条",
        ]
    )
    return info, text


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the `workspace` commands."""
    group = add_group(sub, "workspace", "创建或查看工作区")
    p = add_command(group, "init", cmd_workspace_init, "创建工作区", common)
    p.add_argument("dir")
    p.add_argument("--role", choices=workspace.ROLES, required=True)
    p.add_argument("--name")
    p.add_argument("--inspector-id")
    p.add_argument("--inspector-name")
    p.add_argument("--district")
    p.add_argument("--unit")
    p.add_argument("--catalog", help="负面清单文件（默认 forms/negative-list.yaml）")
    p.add_argument("--timezone", default=clock.DEFAULT_ZONE, help="城市所在时区（默认 Asia/Shanghai）")
    add_command(group, "info", cmd_workspace_info, "查看工作区", common)
