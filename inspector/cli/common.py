"""What every command module shares: the output pair, usage errors, opening the workspace, text tables."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from typing import Any

from inspector import catalog as catalog_mod
from inspector import workspace
from inspector.errors import InspectorError

Output = tuple[Any, str]
Handler = Callable[[argparse.Namespace], Output]


class CliError(InspectorError):
    """A command-line usage problem the user can fix."""


def open_ws(args: argparse.Namespace) -> workspace.Workspace:
    """The workspace named by --workspace, $INSPECTOR_WORKSPACE or the default location."""
    return workspace.open_workspace(args.workspace or workspace.default_path())


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


def add_command(parent: Any, name: str, func: Handler, help: str, common: argparse.ArgumentParser) -> Any:
    """Add one runnable command (with --workspace and --json) to a subparsers group."""
    parser = parent.add_parser(name, help=help, description=help, parents=[common])
    parser.set_defaults(func=func)
    return parser


def add_group(sub: Any, name: str, help: str) -> Any:
    """Add a command group such as `catalog` whose actions are subcommands."""
    return sub.add_parser(name, help=help).add_subparsers(dest="action", metavar="ACTION", required=True)
