"""`workspace init`, `workspace info`, and keeping it whole: `workspace check|backup|backups|restore`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from inspector import clock, program, workspace
from inspector.cli.common import EXIT_REFUSED, CliError, Outcome, Output, add_command, add_group, open_ws, table
from inspector.store import backup
from inspector.store import integrity as store_integrity
from inspector.workspace import integrity

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


def _db_path(args: argparse.Namespace) -> Path:
    """The named workspace's database file (the workspace itself is not opened: it may be damaged)."""
    folder = Path(args.workspace or workspace.default_path())
    if not workspace.is_workspace(folder) and not backup.backups_dir(folder / workspace.DB_NAME).is_dir():
        raise CliError(f"“{folder}”不是工作区，也没有备份文件夹")
    return folder / workspace.DB_NAME


def _restore_hint(db_path: Path) -> str:
    latest = backup.latest_backup(db_path)
    if latest is None:
        return "这个工作区还没有备份：请先复制整个工作区文件夹留存，再联系技术人员。"
    return (
        f"恢复最近的备份（{latest.taken:%Y-%m-%d %H:%M}，{latest.label}）："
        f"{program.command('workspace restore --latest')}；"
        f"查看所有备份：{program.command('workspace backups')}"
    )


def cmd_workspace_check(args: argparse.Namespace) -> Output:
    with workspace.open_workspace(
        args.workspace or workspace.default_path(), daily_backup=False, damaged_ok=True
    ) as ws:
        report = integrity.check_workspace(ws, photos=args.photos)
    checked = report.checked
    lines = [
        f"检查了 {checked.get('revisions', 0)} 条修订、{checked.get('inspections', 0)} 次已完成的检查、"
        f"{checked.get('photos', 0)} 张照片（照片：{PHOTO_MODE_LABELS[args.photos]}）",
        report.summary(),
    ]
    for flaw in report.flaws:
        lines.append(f"  [{integrity.KINDS[flaw.kind]}] {flaw}")
    listed = {kind: min(n, integrity.MAX_LISTED) for kind, n in report.counts.items()}
    if sum(report.counts.values()) > sum(listed.values()):
        lines.append(f"  （每类最多列出 {integrity.MAX_LISTED} 处）")
    if report.ok:
        return report.as_dict(), "\n".join(lines)
    db_path = Path(ws.path) / workspace.DB_NAME
    if report.damaged:
        lines.append("工作区已标记为损坏：在恢复之前不能再写入。" + _restore_hint(db_path))
    else:
        lines.append("数据库完好；缺失或被改动的照片请从原始数据包重新导入。")
    return Outcome(report.as_dict(), "\n".join(lines), EXIT_REFUSED)  # the check ran and found something wrong


PHOTO_MODE_LABELS = {"hash": "逐张校验 SHA-256", "exists": "只看文件是否存在", "skip": "不检查"}


def cmd_workspace_backup(args: argparse.Namespace) -> Output:
    db_path = _db_path(args)
    store_integrity.refuse_if_damaged(db_path)
    made = backup.make_backup(db_path, "manual")
    return made.as_dict(), f"已备份并校验：{made.path}（{made.size / 2**20:.1f} MB；证据照片不在备份中，无需备份）"


def cmd_workspace_backups(args: argparse.Namespace) -> Output:
    found = backup.list_backups(_db_path(args))
    if not found:
        return [], "还没有备份"
    rows = [(b.taken.strftime("%Y-%m-%d %H:%M"), b.label, f"{b.size / 2**20:.1f} MB", b.path.name) for b in found]
    return [b.as_dict() for b in found], table(rows, ["时间", "类型", "大小", "文件"])


def cmd_workspace_restore(args: argparse.Namespace) -> Output:
    db_path = _db_path(args)
    if bool(args.file) == bool(args.latest):
        raise CliError(
            f"请给出要恢复的备份文件，或用 --latest 恢复最近的备份（{program.command('workspace backups')} 列出备份）"
        )
    if args.latest:
        latest = backup.latest_backup(db_path)
        if latest is None:
            raise CliError(f"“{backup.backups_dir(db_path)}”中没有备份")
        source = latest.path
    else:
        source = Path(args.file)
    done = backup.restore(db_path, source)
    with workspace.open_workspace(db_path.parent, daily_backup=False) as ws:
        info = workspace.workspace_info(ws)
    aside = f"\n原来的数据库保存在：{done.kept_aside}" if done.kept_aside else ""
    text = (
        f"已用备份“{done.source}”恢复工作区“{info['name']}”（已校验）：检查记录 {info['inspections']} 条。{aside}\n"
        "备份之后记录的内容不在恢复的数据库中；证据照片仍在原处。"
    )
    return {**done.as_dict(), "workspace": info}, text


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
    p = add_command(group, "check", cmd_workspace_check, "检查工作区是否完好（数据库、修订链、扣分合计、照片）", common)
    p.add_argument(
        "--photos", choices=integrity.PHOTO_MODES, default="hash", help="照片：hash 逐张校验（默认）、exists、skip"
    )
    add_command(group, "backup", cmd_workspace_backup, "立即备份工作区数据库（校验后才算数）", common)
    add_command(group, "backups", cmd_workspace_backups, "列出工作区的备份", common)
    p = add_command(group, "restore", cmd_workspace_restore, "用备份恢复工作区数据库（先校验备份）", common)
    p.add_argument("file", nargs="?", help="备份文件（默认不给，用 --latest）")
    p.add_argument("--latest", action="store_true", help="恢复最近的备份")
