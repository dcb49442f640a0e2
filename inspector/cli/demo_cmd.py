"""`demo`: the headless end-to-end pipeline on the shipped data."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from inspector.cli.common import Output, add_command


def cmd_demo(args: argparse.Namespace) -> Output:
    from inspector.demo import demo

    result = demo.run_demo(Path(args.out), seed=args.seed, progress=None if args.json else print)
    return result, demo.summary_text(result)


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add `demo`."""
    p = add_command(sub, "demo", cmd_demo, "在演示数据上运行完整流程（无需界面）", common)
    p.add_argument("--out", required=True)
    p.add_argument("--seed", default="demo")
