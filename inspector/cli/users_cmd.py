"""The office's people: `users add`, `users list`, `users deactivate` (see inspector/users.py)."""

from __future__ import annotations

import argparse
from typing import Any

from inspector import users
from inspector.cli.common import Output, add_command, add_group, open_ws, table


def cmd_users_add(args: argparse.Namespace) -> Output:
    with open_ws(args) as ws:
        user = users.add_user(ws.db, args.name, args.role)
    return user.as_dict(), f"已添加用户“{user.name}”（{user.role_label}）：此后每项操作都须写明是谁（--user 姓名）"


def cmd_users_list(args: argparse.Namespace) -> Output:
    with open_ws(args) as ws:
        people = users.list_users(ws.db)
    if not people:
        return [], "此工作区还没有用户：操作记在工作区名称下。可用 python main.py users add 姓名 --role supervisor 添加"
    rows = [(u.name, u.role_label, "在用" if u.active else f"已停用 {u.deactivated_at or ''}") for u in people]
    return [u.as_dict() for u in people], table(rows, ["姓名", "角色", "状态"])


def cmd_users_deactivate(args: argparse.Namespace) -> Output:
    with open_ws(args) as ws:
        user = users.deactivate(ws.db, args.name)
    return user.as_dict(), f"已停用用户“{user.name}”：此后不能再以其名义操作，已有记录中的姓名保留"


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add `users` and its actions."""
    group = add_group(sub, "users", "办公室用户（谁在审核、整改、抽签、出文书）")
    p = add_command(group, "add", cmd_users_add, "添加用户：督查科（supervisor）或文员（clerk）", common, role="office")
    p.add_argument("name", help="姓名（记入每条审核、整改、抽签和文号记录）")
    p.add_argument("--role", required=True, choices=users.ROLES, help="supervisor 督查科 / clerk 文员")
    add_command(group, "list", cmd_users_list, "列出用户（含已停用的）", common, role="office")
    p = add_command(
        group, "deactivate", cmd_users_deactivate, "停用用户（不删除：姓名留在记录中）", common, role="office"
    )
    p.add_argument("name")
