"""The command line: `python main.py COMMAND …`; every command has --json, errors exit non-zero.

Each command group lives in its own module with a `register(sub, common)` function.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from inspector import crash, faults, program
from inspector.cli import (
    bundle_cmd,
    catalog_cmd,
    demo_cmd,
    doc_cmd,
    draw_cmd,
    inspect_cmd,
    keys_cmd,
    register_cmd,
    review_cmd,
    taskpack_cmd,
    users_cmd,
    workspace_cmd,
)
from inspector.cli.common import CliError
from inspector.errors import InspectorError, ValidationError

GROUPS = (
    workspace_cmd,
    catalog_cmd,
    register_cmd,
    draw_cmd,
    inspect_cmd,
    demo_cmd,
    keys_cmd,
    bundle_cmd,
    taskpack_cmd,
    review_cmd,
    doc_cmd,
    users_cmd,
)

__all__ = ["CliError", "build_parser", "commands", "main"]


def build_parser() -> argparse.ArgumentParser:
    """The argparse tree; the README documents every command it defines."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--workspace", default=argparse.SUPPRESS, help="工作区文件夹（默认 $INSPECTOR_WORKSPACE）")
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="输出 JSON")
    common.add_argument("--user", default=argparse.SUPPRESS, help="操作人：办公室用户的姓名（默认 $CWDC_USER）")
    parser = argparse.ArgumentParser(prog=program.name(), description="创文督查 命令行", parents=[common])
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for group in GROUPS:
        group.register(sub, common)
    return parser


def commands(parser: argparse.ArgumentParser | None = None) -> list[str]:
    """Every runnable command as typed after `python main.py` (for the README test)."""
    parser = parser or build_parser()
    found: list[str] = []

    def walk(p: argparse.ArgumentParser, prefix: list[str]) -> None:
        if p.get_default("func") is not None:
            found.append(" ".join(prefix))
        for action in p._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, child in action.choices.items():
                    walk(child, [*prefix, name])

    walk(parser, [])
    return found


def _say(args: argparse.Namespace, message: str, **extra: Any) -> None:
    if args.json:
        print(json.dumps({"error": message, **extra}, ensure_ascii=False, indent=2 if extra else None))
    else:
        print(f"错误：{message}", file=sys.stderr)


def _workspace_db(args: argparse.Namespace) -> Path:
    from inspector import workspace

    return Path(args.workspace or workspace.default_path()) / workspace.DB_NAME


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the process exit code.

    Errors the user can cause print one message and return 1; faults of the machine (a damaged, locked or
    read-only database, a full disk) print what to do and return 1; anything else is a defect: one message
    naming a crash report file, exit code 70. No traceback reaches the user.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    args.workspace = getattr(args, "workspace", None)
    args.json = getattr(args, "json", False)
    args.user = getattr(args, "user", None)  # the person acting (cli/common.py `acting`)
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return 2
    try:
        data, text = outcome = func(args)
    except ValidationError as exc:
        if args.json:
            _say(args, str(exc).splitlines()[0], problems=[p.as_dict() for p in exc.problems])
        else:
            _say(args, str(exc))
        return 1
    except InspectorError as exc:
        kind = getattr(exc, "kind", None)
        _say(args, str(exc), **({"kind": kind} if kind else {}))
        return 1
    except KeyboardInterrupt:
        print("已取消。", file=sys.stderr)
        return 130
    except (sqlite3.Error, OSError) as exc:
        fault = faults.explain(exc, path=None if isinstance(exc, OSError) else _workspace_db(args))
        if fault is None:
            _say(args, crash.report(exc, argv))
            return crash.EXIT_CODE
        _say(args, str(fault), kind=fault.kind)
        return 1
    except Exception as exc:  # a defect: a short message and a report file, never a traceback
        _say(args, crash.report(exc, argv))
        return crash.EXIT_CODE
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    else:
        print(text)
    return getattr(outcome, "code", 0)  # a handler's Outcome (cli/common.py) may ask for another exit code
