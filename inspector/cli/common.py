"""What every command module shares: the output pair and exit codes, usage errors, opening the workspace (with
the role a command needs), text tables.

Exit codes: 0 all good; 1 an error (one clear message); 2 a usage error (argparse); 3 the command ran but something
was refused — a bundle rejected or quarantined, a draw that does not match its record. A handler returns
`(data, text)`, or an `Outcome` when it asks for another exit code.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from inspector import catalog as catalog_mod
from inspector import users, workspace
from inspector.errors import InspectorError

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_REFUSED = 3
ROLE_NAMES = {"office": "办公室", "field": "外勤笔记本"}


@dataclass(frozen=True)
class Outcome:
    """A command's output (JSON data and text) with the exit code it asks main() for."""

    data: Any
    text: str
    code: int = EXIT_OK

    def __iter__(self) -> Iterator[Any]:
        """Unpacks as (data, text), like a handler's plain result."""
        return iter((self.data, self.text))


Output = tuple[Any, str] | Outcome
Handler = Callable[[argparse.Namespace], Output]


class CliError(InspectorError):
    """A command-line usage problem the user can fix."""


class RoleError(CliError):
    """A command run on a workspace of the other role (an office command on a laptop, or the reverse)."""


def open_ws(args: argparse.Namespace) -> workspace.Workspace:
    """The workspace named by --workspace, $INSPECTOR_WORKSPACE or the default location.

    A command added with a role opens only a workspace of that role; the other role gets RoleError and nothing runs.
    """
    ws = workspace.open_workspace(args.workspace or workspace.default_path())
    needed = getattr(args, "needs_role", None)
    if needed is not None and ws.role != needed:
        name, path, role = ws.name, ws.path, ws.role
        ws.close()
        raise RoleError(
            f"“{getattr(args, 'command_name', '')}”只能在{ROLE_NAMES[needed]}工作区使用，"
            f"而“{name}”（{path}）是{ROLE_NAMES.get(role, role)}工作区，未做任何改动："
            f"请用 --workspace 指定{ROLE_NAMES[needed]}工作区"
        )
    return ws


def warned(text: str, warnings: Sequence[Any]) -> str:
    """Text output with the clock warnings first (each has a `message`), so nobody misses them."""
    lines = [f"警告：{w['message'] if isinstance(w, dict) else w.message}" for w in warnings]
    return "\n".join([*lines, text])


def site_types(db: Any) -> dict[str, str]:
    """Site type code → name under the current catalog."""
    return {t.code: t.name for t in catalog_mod.get_catalog(db).site_types}


def table(rows: Sequence[Sequence[Any]], headers: Sequence[str]) -> str:
    """Plain aligned text table (CJK characters count double width)."""

    def width(text: str) -> int:
        return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)

    cells = [[str(h) for h in headers]] + [["" if v is None else str(v) for v in row] for row in rows]
    widths = [max(width(r[i]) for r in cells) for i in range(len(headers))]
    lines = ["  ".join(c + " " * (widths[i] - width(c)) for i, c in enumerate(r)).rstrip() for r in cells]
    return "\n".join([lines[0], "  ".join("-" * w for w in widths), *lines[1:]])


def points(value: float | None) -> str:
    """A score or deduction as offices write it (no trailing zeros), or — when there is none."""
    return "—" if value is None else f"{value:g}"


def add_command(
    parent: Any, name: str, func: Handler, help: str, common: argparse.ArgumentParser, *, role: str | None = None
) -> Any:
    """Add one runnable command (with --workspace and --json) to a subparsers group.

    `role` ("office" or "field") makes the command refuse a workspace of the other role (checked by `open_ws`).
    """
    if role is not None and role not in ROLE_NAMES:
        raise ValueError(f"unknown role {role!r}")
    description = help if role is None else f"{help}（只能在{ROLE_NAMES[role]}工作区使用）"
    parser = parent.add_parser(name, help=help, description=description, parents=[common])
    parser.set_defaults(func=func, needs_role=role, command_name=parser.prog.partition(" main.py ")[2] or name)
    return parser


def add_group(sub: Any, name: str, help: str) -> Any:
    """Add a command group such as `catalog` whose actions are subcommands."""
    return sub.add_parser(name, help=help).add_subparsers(dest="action", metavar="ACTION", required=True)


# ---------------------------------------------------------------- the person acting (office users)


def acting(args: argparse.Namespace) -> str | None:
    """The person a command records: --actor, else --user, else $CWDC_USER; None leaves it to the workspace.

    Once an office workspace has users the person must be one of them, active, with a role that allows the
    command (`inspector.users.require` refuses otherwise); without users the workspace's name is recorded.
    """
    for value in (getattr(args, "actor", None), getattr(args, "user", None), os.environ.get(users.ENV_VAR)):
        if value and value.strip():
            return value.strip()
    return None
