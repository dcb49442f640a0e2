"""The office's people: `users add`, `users list`, `users deactivate` (see inspector/users.py).

Adding or deactivating a user is done by a supervisor named with --user / CWDC_USER, like every recorded step;
only the workspace's first user (a supervisor) is added by nobody.
"""

from __future__ import annotations

import argparse
from typing import Any

from inspector import program, users
from inspector.cli.common import Output, acting, add_command, add_group, open_ws, table


def cmd_users_add(args: argparse.Namespace) -> Output:
    with open_ws(args) as ws:
        user = users.add_user(ws.db, args.name, args.role, actor=acting(args))
    by = f"，由{user.created_by}添加" if user.created_by else "（第一位用户）"
    return user.as_dict(), f"已添加用户“{user.name}”（{user.role_label}）{by}：此后每项操作都须写明是谁（--user 姓名）"


def cmd_users_list(args: argparse.Namespace) -> Output:
    with open_ws(args) as ws:
        people = users.list_users(ws.db)
    if not people:
        return [], (
            "此工作区还没有用户：操作记在工作区名称下。"
            f"可用 {program.command('users add')} 姓名 --role supervisor 添加第一位用户（须是督查科人员）"
        )
    rows = [
        (
            u.name,
            u.role_label,
            "在用" if u.active else f"已停用 {u.deactivated_at or ''}",
            u.created_by or "（第一位用户）",
            u.deactivated_by or "",
        )
        for u in people
    ]
    return [u.as_dict() for u in people], table(rows, ["姓名", "角色", "状态", "添加人", "停用人"])


def cmd_users_deactivate(args: argparse.Namespace) -> Output:
    with open_ws(args) as ws:
        user = users.deactivate(ws.db, args.name, actor=acting(args))
    return user.as_dict(), (
        f"已停用用户“{user.name}”（由{user.deactivated_by}停用）：此后不能再以其名义操作，已有记录中的姓名保留"
    )


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add `users` and its actions."""
    group = add_group(sub, "users", "办公室用户（谁在审核、整改、抽签、出文书）")
    added = "添加用户：督查科（supervisor）或文员（clerk）；须由督查科人员（--user）添加，第一位用户除外"
    p = add_command(group, "add", cmd_users_add, added, common, role="office")
    p.add_argument("name", help="姓名（记入每条审核、整改、抽签和文号记录）")
    p.add_argument("--role", required=True, choices=users.ROLES, help="supervisor 督查科 / clerk 文员")
    add_command(group, "list", cmd_users_list, "列出用户（含已停用的）", common, role="office")
    stopped = "停用用户（不删除：姓名留在记录中；须由督查科人员 --user 操作）"
    p = add_command(group, "deactivate", cmd_users_deactivate, stopped, common, role="office")
    p.add_argument("name")
