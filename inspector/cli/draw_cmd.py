"""Random draws (双随机): `draw`, `draw verify`, `draw list`, `draw export`."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from inspector import program, strictjson
from inspector.cli.common import EXIT_OK, EXIT_REFUSED, CliError, Outcome, Output, acting, add_command, open_ws, table
from inspector.register import draw, sites
from inspector.register import inspectors as inspectors_mod
from inspector.store import get_setting
from inspector.untrusted import Unreadable, printable, read_bounded

# draws


def cmd_draw(args: argparse.Namespace) -> Output:
    if args.count is None:
        raise CliError("请用 --count 指定抽取的点位数")
    with open_ws(args) as ws:
        made = draw.draw_sites(
            ws.db,
            count=args.count,
            district=args.district,
            street=args.street,
            site_type=args.site_type,
            per=args.per,
            seed=args.seed,
            actor=acting(args),
        )
        chosen = [sites.get_site(ws.db, sid) for sid in made.result]
        assigned = None
        if args.assign:
            rules = get_setting(ws.db, "draw", {})
            assigned = draw.draw_inspectors(
                ws.db,
                site_draw_id=made.id,
                per_site=args.per_site or rules.get("inspectors_per_site", 1),
                seed=made.seed,
                recusal=rules.get("recusal"),
                actor=acting(args),
            )
            names = {p.id: p.name for p in inspectors_mod.list_inspectors(ws.db)}
    data: dict[str, Any] = {"draw": draw.export_draw(made), "sites": [asdict(s) for s in chosen]}
    rows = [(n, s.code, s.name, s.district, s.street) for n, s in enumerate(chosen, start=1)]
    headers = ["序号", "编号", "点位名称", "区", "街道"]
    if assigned is not None:
        data["inspectors"] = draw.export_draw(assigned)
        rows = [(*row, "、".join(names[i] for i in assigned.result[s.id])) for row, s in zip(rows, chosen, strict=True)]
        headers.append("督查员")
    source = "操作系统随机数" if made.seed_source == "os" else "指定"
    text = (
        f"抽签编号 {made.id}\n算法 {made.algorithm}；种子 {made.seed}（{source}）；"
        f"候选 {len(made.candidates)} 个，散列 {made.candidates_sha256[:16]}…\n" + table(rows, headers)
    )
    return data, text


MAX_RECORD_BYTES = 16 * 1024 * 1024
RECORD_DEPTH = 16


def _read_record(file: str) -> dict[str, Any]:
    """An exported draw record from a file: read once within a cap, parsed strictly; CliError when it is not one."""
    name = printable(file, limit=300)
    try:
        data = read_bounded(file, MAX_RECORD_BYTES)
    except Unreadable as exc:
        raise CliError(f"无法读取抽签记录文件“{name}”：{exc.why(MAX_RECORD_BYTES)}") from None
    try:
        record = strictjson.loads(data, what="抽签记录文件", max_depth=RECORD_DEPTH, bom=True)
    except strictjson.JsonRefused as exc:
        raise CliError(f"无法读取抽签记录文件“{name}”：{exc}") from None
    if isinstance(record, dict) and "draw" in record:
        record = record["draw"]
    if not isinstance(record, dict):
        raise CliError(f"“{name}”不是抽签记录（应为 JSON 对象）")
    return record


def cmd_draw_verify(args: argparse.Namespace) -> Output:
    if args.file:
        record = _read_record(args.file)
        result = draw.verify_record(record)
    elif args.id:
        with open_ws(args) as ws:
            result = draw.verify_draw(ws.db, args.id)
    else:
        raise CliError("请给出抽签编号，或用 --file 指定导出的抽签记录")
    data = {"matches": result.matches, "candidates_match": result.candidates_match, "messages": result.messages}
    head = (
        "复核一致：按记录的种子和候选名单重新抽签，结果相同"
        if result.matches
        else "复核不一致：重新抽签的结果与记录不同"
    )
    return Outcome(data, "\n".join([head, *result.messages]), EXIT_OK if result.matches else EXIT_REFUSED)


def cmd_draw_list(args: argparse.Namespace) -> Output:
    with open_ws(args) as ws:
        made = draw.list_draws(ws.db)
    rows = [(d.id, d.kind, d.seed, len(d.candidates), d.created_at) for d in made]
    return [draw.export_draw(d) for d in made], table(rows, ["编号", "类别", "种子", "候选数", "时间"])


def cmd_draw_export(args: argparse.Namespace) -> Output:
    with open_ws(args) as ws:
        record = draw.export_draw(draw.get_draw(ws.db, args.id))
    if args.out:
        Path(args.out).write_text(json.dumps(record, ensure_ascii=False, indent=2), encoding="utf-8")
        return record, f"抽签记录已导出到 {args.out}，可用 {program.command('draw verify')} --file {args.out} 复核"
    return record, json.dumps(record, ensure_ascii=False, indent=2)


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add `draw` and its actions."""
    p = add_command(sub, "draw", cmd_draw, "随机抽取点位（可同时抽派督查员）", common)
    p.add_argument("--district", action="append")
    p.add_argument("--street", action="append")
    p.add_argument("--site-type", action="append")
    p.add_argument("--count", type=int)
    p.add_argument("--per", choices=["district", "site-type"])
    p.add_argument("--seed")
    p.add_argument("--assign", action="store_true", help="同时抽派督查员（按回避规则）")
    p.add_argument("--per-site", type=int)
    actions = p.add_subparsers(dest="action", metavar="ACTION")
    q = add_command(actions, "verify", cmd_draw_verify, "复核一次抽签", common)
    q.add_argument("id", nargs="?")
    q.add_argument("--file")
    add_command(actions, "list", cmd_draw_list, "列出抽签记录", common)
    q = add_command(actions, "export", cmd_draw_export, "导出抽签记录（JSON）", common)
    q.add_argument("id")
    q.add_argument("--out")
