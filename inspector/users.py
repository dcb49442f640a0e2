"""The people of an office workspace: who reviews, rectifies, draws, revokes and issues documents.

An office workspace has users (name, role, active). Every decision, rectification entry, draw, revocation and
document number records the person who made it; a role limits what a person may do (a clerk issues documents; a
supervisor reviews, records rectifications and rechecks, draws and revokes). Users are never deleted, only
deactivated: their names stay in the audit trail.

Managing users is itself a recorded step: the first user of a workspace is added by nobody (created_by is NULL:
there is nobody yet to name) and must be a supervisor, so someone can add the others; from then on only an active
supervisor adds or deactivates a user, and the name is kept in created_by / deactivated_by. The last active
supervisor cannot be deactivated, so the office is never locked out of managing its people.

This is the audit trail the documents promise, not a login: anyone holding the database file can write any name.
A workspace with no users yet works as before: a decision is recorded under the name given, else the workspace's
name (`require` falls back), so old workspaces, the tests and scripts keep working until the office adds people.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import sqlite_utils

from inspector.changes import writes
from inspector.errors import InspectorError, NotFoundError, StateError
from inspector.ids import to_iso, utc_now
from inspector.store import get_setting, transaction
from inspector.untrusted import printable

ROLES = ("supervisor", "clerk")
ROLE_LABELS = {"supervisor": "督查科", "clerk": "文员"}
# action → (the roles that may do it, what it is called in a message)
ACTIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "review": (("supervisor",), "审核问题（确认、驳回、合并、曝光、遮挡）"),
    "rectify": (("supervisor",), "登记整改、调整责任单位或整改时限"),
    "recheck": (("supervisor",), "安排复查"),
    "draw": (("supervisor",), "抽签"),
    "revoke": (("supervisor",), "吊销或恢复笔记本"),
    "issue": (("clerk",), "印发文书（取文号）"),
    "preview": (ROLES, "预览文书或导出问题清单"),
    "import": (ROLES, "导入数据包"),
    "manage_users": (("supervisor",), "添加或停用用户"),
}
MAX_NAME = 40
ENV_VAR = "CWDC_USER"


class UserError(InspectorError):
    """An actor who is not a known, active user allowed to do the action (once the workspace has users)."""


@dataclass(frozen=True)
class User:
    """One person of the office: name, role ('supervisor' or 'clerk'), whether still active."""

    name: str
    role: str
    active: bool
    created_at: str
    deactivated_at: str | None = None
    created_by: str | None = None  # the supervisor who added the user; None for the workspace's first user
    deactivated_by: str | None = None

    @property
    def role_label(self) -> str:
        """The role in Chinese: 督查科 or 文员."""
        return ROLE_LABELS[self.role]

    def as_dict(self) -> dict[str, Any]:
        """JSON-able form."""
        return {**asdict(self), "role_label": self.role_label}


def _clean_name(name: str) -> str:
    text = " ".join((name or "").split())
    if not text:
        raise UserError("请填写用户姓名")
    if printable(text) != text:
        raise UserError("用户姓名不能含控制字符")
    if len(text) > MAX_NAME:
        raise UserError(f"用户姓名太长（最多 {MAX_NAME} 个字）")
    return text


def _check_role(role: str) -> str:
    if role not in ROLES:
        raise UserError(f"角色“{printable(role, limit=40)}”无效，只能是 supervisor（督查科）或 clerk（文员）")
    return role


_COLUMNS = "name, role, active, created_at, deactivated_at, created_by, deactivated_by"


def _row(row: Any) -> User:
    return User(row[0], row[1], bool(row[2]), row[3], row[4], row[5], row[6])


def list_users(db: sqlite_utils.Database, *, active_only: bool = False) -> list[User]:
    """The workspace's users, active first, then by name."""
    where = "WHERE active = 1" if active_only else ""
    rows = db.execute(f"SELECT {_COLUMNS} FROM office_users {where} ORDER BY active DESC, name").fetchall()
    return [_row(r) for r in rows]


def has_users(db: sqlite_utils.Database) -> bool:
    """True once the office has added anybody (from then on every actor must be a known active user)."""
    return db.execute("SELECT 1 FROM office_users LIMIT 1").fetchone() is not None


def get_user(db: sqlite_utils.Database, name: str) -> User:
    """The user with this name; NotFoundError when there is none."""
    text = " ".join((name or "").split())
    row = db.execute(f"SELECT {_COLUMNS} FROM office_users WHERE name = ?", [text]).fetchone()
    if row is None:
        raise NotFoundError(f"没有名为“{printable(text, limit=40)}”的用户（可用 users list 查看）")
    return _row(row)


@writes("user")
def add_user(db: sqlite_utils.Database, name: str, role: str, actor: str | None = None) -> User:
    """Add a person to an office workspace, recording the supervisor `actor` who added them.

    The workspace's first user needs no actor (created_by stays NULL) and must be a supervisor; after that `actor`
    must be an active supervisor. A name already taken (even by a deactivated user) is refused. UserError otherwise.
    """
    if get_setting(db, "role") != "office":
        raise UserError("只有办公室工作区设有用户；外勤笔记本的检查记在督查员名下")
    text, role = _clean_name(name), _check_role(role)
    with transaction(db) as conn:
        if has_users(db):
            by: str | None = require(db, actor, "manage_users")
        elif role != "supervisor":
            raise UserError("第一位用户须是督查科人员（supervisor），由其添加和停用其他用户")
        else:
            by = None  # the first user: nobody to name yet
        if conn.execute("SELECT 1 FROM office_users WHERE name = ?", [text]).fetchone():
            raise UserError(f"已有名为“{text}”的用户：姓名在记录中代表一个人，请用全名或加以区分（如“王敏（二科）”）")
        conn.execute(
            "INSERT INTO office_users (name, role, active, created_at, created_by) VALUES (?, ?, 1, ?, ?)",
            [text, role, to_iso(utc_now()), by],
        )
    return get_user(db, text)


@writes("user")
def deactivate(db: sqlite_utils.Database, name: str, actor: str | None = None) -> User:
    """Stop a user from acting from now on, recording the supervisor `actor` who did it.

    The user stays in the list because the name is in the audit trail. `actor` must be an active supervisor; the
    last active supervisor cannot be deactivated (nobody could manage users after). UserError / StateError otherwise.
    """
    with transaction(db) as conn:
        user = get_user(db, name)
        by = require(db, actor, "manage_users")
        if not user.active:
            raise StateError(f"用户“{user.name}”已经停用")
        if user.role == "supervisor":
            left = conn.execute("SELECT COUNT(*) FROM office_users WHERE role = 'supervisor' AND active = 1")
            if left.fetchone()[0] <= 1:
                raise UserError(f"不能停用“{user.name}”：至少要保留一名在岗的督查科人员")
        conn.execute(
            "UPDATE office_users SET active = 0, deactivated_at = ?, deactivated_by = ? WHERE name = ?",
            [to_iso(utc_now()), by, user.name],
        )
    return get_user(db, user.name)


def allowed(role: str, action: str) -> bool:
    """Whether a role may do an action."""
    return role in ACTIONS[action][0]


def refusal(user: User, action: str) -> str | None:
    """Why this user may not do the action (one Chinese sentence), or None when allowed."""
    roles, what = ACTIONS[action]
    if not user.active:
        return f"用户“{user.name}”已停用，不能{what}"
    if user.role not in roles:
        need = "或".join(ROLE_LABELS[r] for r in roles)
        return f"“{user.name}”是{user.role_label}，不能{what}：此操作须由{need}人员进行"
    return None


def require(db: sqlite_utils.Database, name: str | None, action: str) -> str:
    """The name to record for an action, after checking the person may do it; UserError otherwise.

    With no users in the workspace, the name given (else the workspace's name, else 督查科) is recorded as before.
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    given = " ".join((name or "").split())
    if not has_users(db):
        return given or get_setting(db, "name", "") or "督查科"
    what = ACTIONS[action][1]
    if not given:
        raise UserError(
            f"此工作区已设置用户，{what}须写明是谁在操作：在程序中选择当前用户，"
            f"命令行用 --user 姓名 或设置环境变量 {ENV_VAR}"
        )
    try:
        user = get_user(db, given)
    except NotFoundError:
        raise UserError(f"没有名为“{printable(given, limit=40)}”的用户，不能{what}（可用 users list 查看）") from None
    why = refusal(user, action)
    if why:
        raise UserError(why)
    return user.name
