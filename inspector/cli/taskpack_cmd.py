"""Task packs (office → field): `taskpack create|import|list`, `tasks list|start`."""

from __future__ import annotations

import argparse
from typing import Any

from inspector import program, timecheck
from inspector.cli.common import Output, add_command, add_group, open_ws, table, warned
from inspector.cli.keys_cmd import add_passphrase_option, read_passphrase
from inspector.errors import NotFoundError
from inspector.exchange import taskpack
from inspector.field.checklist import MODE_LABELS, MODES


def cmd_taskpack_create(args: argparse.Namespace) -> Output:
    with open_ws(args) as ws:
        made = taskpack.create_taskpack(
            ws,
            read_passphrase(args),
            draw_id=args.draw,
            mode=args.mode,
            period=args.period,
            expires=args.expires,
            out=args.out,
            version=args.version,
        )
    return made, (
        f"已签发任务包 {made['file']}（版本 {made['version']}，{made['counts']['tasks']} 项任务，"
        f"{MODE_LABELS[made['mode']]}，{made['period']}，有效期至 {made['expires_at']}）"
    )


def cmd_taskpack_import(args: argparse.Namespace) -> Output:
    with open_ws(args) as ws:
        result = taskpack.import_taskpack(ws, args.file)
    if result["already"]:
        return result, warned(f"任务包版本 {result['version']} 已经导入过，未做任何改动", result["warnings"])
    text = f"已导入任务包版本 {result['version']}：{result['tasks']} 项任务（{program.command('tasks list')} 查看）"
    return result, warned(text, result["warnings"])


def cmd_taskpack_list(args: argparse.Namespace) -> Output:
    with open_ws(args) as ws:
        issued = taskpack.list_issued(ws.db)
    rows = [
        (p["version"], p["period"], MODE_LABELS[p["mode"]], p["tasks"], p["expires_at"], p["file_name"]) for p in issued
    ]
    return issued, table(rows, ["版本", "时段", "方式", "任务数", "有效期至", "文件"])


def cmd_tasks_list(args: argparse.Namespace) -> Output:
    with open_ws(args) as ws:
        tasks = taskpack.list_tasks(ws.db, everyone=args.everyone)
    rows = [
        (
            t.id[-8:],
            t.site_code,
            t.site_name,
            MODE_LABELS[t.mode],
            t.period,
            t.due_date,
            taskpack.STATUS_LABELS[t.status],
        )
        for t in tasks
    ]
    text = table(rows, ["任务", "点位编号", "点位", "方式", "时段", "截止", "状态"]) + f"\n共 {len(tasks)} 项任务"
    return [t.as_dict() for t in tasks], text


def cmd_tasks_start(args: argparse.Namespace) -> Output:
    with open_ws(args) as ws:
        matches = [
            t for t in taskpack.list_tasks(ws.db, everyone=True) if t.id == args.task or t.id.endswith(args.task)
        ]
        if len(matches) != 1:
            raise NotFoundError(f"没有唯一匹配“{args.task}”的任务（可用 tasks list 查看任务编号）")
        warning = timecheck.check_start(ws.db)
        inspection = taskpack.start_task(ws.db, matches[0].id, place=args.place or "")
    text = f"已开始检查 {inspection.id}（任务 {matches[0].id[-8:]}，点位 {matches[0].site_name}）"
    warnings = [warning] if warning else []
    return {**inspection.as_dict(), "warnings": [w.as_dict() for w in warnings]}, warned(text, warnings)


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add `taskpack` and `tasks`."""
    group = add_group(sub, "taskpack", "任务包（办公室 → 外勤）")
    p = add_command(group, "create", cmd_taskpack_create, "由抽签记录签发任务包", common, role="office")
    p.add_argument("--draw", required=True, help="点位抽签或督查员抽签的编号")
    p.add_argument("--mode", choices=MODES, required=True)
    p.add_argument("--period", required=True, help="如 2026-W48、2026-11")
    p.add_argument("--expires", required=True, help="有效期（日期或时间，如 2026-12-06）")
    p.add_argument("--out", required=True, help="文件名或文件夹")
    p.add_argument("--version", type=int, help="版本号（默认比已签发的最高版本大 1）")
    add_passphrase_option(p)
    p = add_command(
        group,
        "import",
        cmd_taskpack_import,
        "在笔记本上导入任务包（核验办公室签名、版本和有效期）",
        common,
        role="field",
    )
    p.add_argument("file")
    add_command(group, "list", cmd_taskpack_list, "列出办公室已签发的任务包", common, role="office")

    group = add_group(sub, "tasks", "笔记本上的任务")
    p = add_command(group, "list", cmd_tasks_list, "列出本笔记本的任务和状态", common, role="field")
    p.add_argument("--everyone", action="store_true", help="也列出分派给其他督查员的任务")
    p = add_command(group, "start", cmd_tasks_start, "按任务开始一次检查", common, role="field")
    p.add_argument("task", help="任务编号（或其末尾几位）")
    p.add_argument("--place", help="现场位置描述")
