"""The command line: `python main.py COMMAND …`; every command has --json, errors exit non-zero.

Each command group lives in its own module with a `register(sub, common)` function.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

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
)

__all__ = ["CliError", "build_parser", "commands", "main"]


def build_parser() -> argparse.ArgumentParser:
    """The argparse tree; the README documents every command it defines."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--workspace", default=argparse.SUPPRESS, help="工作区文件夹（默认 $INSPECTOR_WORKSPACE）")
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="输出 JSON")
    parser = argparse.ArgumentParser(prog="python main.py", description="创文督查 命令行", parents=[common])
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


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    args.workspace = getattr(args, "workspace", None)
    args.json = getattr(args, "json", False)
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return 2
    try:
        data, text = outcome = func(args)
    except ValidationError as exc:
        if args.json:
            print(
                json.dumps(
                    {"error": str(exc).splitlines()[0], "problems": [p.as_dict() for p in exc.problems]},
                    ensure_ascii=False,
                    indent=2,
                )
            )
        else:
            print(f"错误：{exc}", file=sys.stderr)
        return 1
    except InspectorError as exc:
        if args.json:
            print(json.dumps({"error": str(exc)}, ensure_ascii=False))
        else:
            print(f"错误：{exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    else:
        print(text)
    return getattr(outcome, "code", 0)  # a handler's Outcome (cli/common.py) may ask for another exit code
