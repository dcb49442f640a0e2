"""Bundles and the office merge: `bundle export|status|verify|extract|verdicts`, `merge`, `workspace digest`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from inspector.cli.common import (
    EXIT_OK,
    EXIT_REFUSED,
    CliError,
    Outcome,
    Output,
    add_command,
    add_group,
    open_ws,
    table,
)
from inspector.cli.keys_cmd import add_passphrase_option, read_passphrase, subgroup
from inspector.exchange import merge
from inspector.exchange.bundle import export
from inspector.exchange.bundle.digest import workspace_digest
from inspector.exchange.bundle.verify import VERDICT_LABELS, Verdict, manifest_summary
from inspector.untrusted import printable


def cmd_bundle_export(args: argparse.Namespace) -> Output:
    with open_ws(args) as ws:
        result = export.export_bundle(ws, args.out, read_passphrase(args), full=args.all)
    c = result.counts
    return result.as_dict(), (
        f"已导出数据包 {result.path}（序号 {result.seq}，{result.size / 1024:.0f} KB）\n"
        f"检查 {c['inspections']} 次，检查结果 {c['findings']} 条，修订 {c['revisions']} 条，照片 {c['photos']} 张"
    )


def cmd_bundle_status(args: argparse.Namespace) -> Output:
    with open_ws(args) as ws:
        pending = export.unexported_count(ws.db)
        history = export.list_exports(ws.db)
    rows = [(h["seq"], h["created_at"], h["inspections"], h["revisions"], h["photos"], h["file_name"]) for h in history]
    text = (
        f"尚未导出：检查 {pending['inspections']} 次，检查结果 {pending['findings']} 条，"
        f"修订 {pending['revisions']} 条\n"
        + (table(rows, ["序号", "导出时间", "检查", "修订", "照片", "文件"]) if rows else "还没有导出过数据包")
    )
    return {"unexported": pending, "exports": history}, text


REFUSED = ("rejected", "quarantined")  # verdicts that make merge and bundle verify exit with EXIT_REFUSED


def _verdict_line(v: Verdict) -> str:
    line = f"{v.label}：{printable(Path(v.file).name, limit=200)}"
    if v.verdict in ("imported", "valid"):
        new = v.counts.get("new", {})
        line += (
            f"（检查 {v.counts.get('inspections')} 次，新增检查结果 {new.get('findings', 0)} 条、"
            f"修订 {new.get('revisions', 0)} 条、照片 {new.get('photos', 0)} 张）"
        )
        if new.get("voids"):
            line += f"\n  作废检查 {new['voids']} 次：它们保留在检查记录中（已作废），不再计入问题、得分和排名"
        if v.gaps:
            line += f"\n  注意：该笔记本缺少序号 {'、'.join(map(str, v.gaps))} 的数据包（不影响本次导入）"
        if new.get("time_flags"):
            line += (
                f"\n  注意：{new['time_flags']} 处检查时间存疑（不在任务期间内、晚于数据包签名时间，"
                "或照片拍摄时间与检查时间相差超过 24 小时），笔记本的时钟可能不准：请在检查记录中核实"
            )
        if new.get("shared_photos"):
            line += (
                f"\n  注意：{new['shared_photos']} 张照片与另一台设备提交的照片完全相同（可能拷贝了别人的证据照片），"
                "各自的拍摄信息分别保留：请在问题详情中核实"
            )
    else:
        line += f"\n  原因：{printable(v.reason, limit=2000)}"
    return line


def cmd_bundle_verify(args: argparse.Namespace) -> Output:
    with open_ws(args) as ws:
        verdict = merge.merge_bundle(ws, args.file, dry_run=True)
    text = manifest_summary(verdict.manifest, verified=verdict.verified) + "\n" + _verdict_line(verdict)
    return Outcome(verdict.as_dict(), text, EXIT_REFUSED if verdict.verdict in REFUSED else EXIT_OK)


def cmd_bundle_extract(args: argparse.Namespace) -> Output:
    out = Path(args.out)
    with open_ws(args) as ws:
        if out.exists():
            raise CliError(f"“{out}”已经存在，请换一个文件名")
        verdict = merge.merge_bundle(ws, args.file, dry_run=True, extract_to=out)
    if verdict.verdict not in ("valid", "duplicate"):
        return Outcome(verdict.as_dict(), f"数据包未通过校验，没有写出：{verdict.reason}", EXIT_REFUSED)
    return {**verdict.as_dict(), "out": str(out)}, f"已校验并写出 SQLite 数据：{out}"


def cmd_bundle_verdicts(args: argparse.Namespace) -> Output:
    with open_ws(args) as ws:
        found = merge.list_verdicts(ws.db, limit=args.limit)
    rows = [
        (
            v["checked_at"],
            VERDICT_LABELS[v["verdict"]],
            printable(Path(v["file_name"]).name, limit=60),
            *_source(v),
            printable(v["reason"], limit=40),
        )
        for v in found
    ]
    return found, table(rows, ["时间", "结论", "文件", "设备", "序号", "原因"])


def _source(record: dict[str, Any]) -> tuple[str, str]:
    """(device, sequence number) of a kept verdict: the device's own when verified, else what the file claimed."""
    if record["device_id"] is not None or record["seq"] is not None:
        return printable(record["device_id"] or "—", limit=40), str(record["seq"] or "—")
    counts = record["counts"] if isinstance(record["counts"], dict) else {}
    claimed = counts.get("claimed") if isinstance(counts.get("claimed"), dict) else {}
    device, seq = claimed.get("device_id"), claimed.get("seq")
    return (
        f"声称的 {printable(device, limit=40)}" if device is not None else "—",
        f"声称的 {printable(seq, limit=20)}" if seq is not None else "—",
    )


def cmd_merge(args: argparse.Namespace) -> Output:
    def say(done: int, total: int, name: str) -> None:
        if not args.json and done < total:
            print(f"[{done + 1}/{total}] {printable(name, limit=200)}", flush=True)

    with open_ws(args) as ws:
        verdicts = merge.merge_paths(ws, args.paths, progress=say)
    if not verdicts:
        raise CliError("没有找到数据包文件（*.ibundle）")
    tally = {label: sum(v.verdict == key for v in verdicts) for key, label in VERDICT_LABELS.items() if key != "valid"}
    text = "\n".join(_verdict_line(v) for v in verdicts) + "\n合计：" + "，".join(f"{k} {n}" for k, n in tally.items())
    refused = any(v.verdict in REFUSED for v in verdicts)
    return Outcome([v.as_dict() for v in verdicts], text, EXIT_REFUSED if refused else EXIT_OK)


def cmd_workspace_digest(args: argparse.Namespace) -> Output:
    with open_ws(args) as ws:
        result = workspace_digest(ws.db)
    counts = "，".join(f"{name} {n}" for name, n in result["counts"].items())
    return result, f"{result['digest']}\n（{counts}）"


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add `bundle`, `merge` and `workspace digest`."""
    group = add_group(sub, "bundle", "数据包（外勤 → 办公室）")
    p = add_command(group, "export", cmd_bundle_export, "导出尚未导出的记录和照片为签名数据包", common, role="field")
    p.add_argument("--out", required=True, help="文件名或文件夹（如 U 盘）")
    p.add_argument("--all", action="store_true", help="重新导出全部记录（办公室会忽略已有的）")
    add_passphrase_option(p)
    add_command(group, "status", cmd_bundle_status, "查看尚未导出的记录和导出历史", common, role="field")
    p = add_command(group, "verify", cmd_bundle_verify, "校验数据包并显示清单和结论（不合并）", common, role="office")
    p.add_argument("file")
    p = add_command(
        group, "extract", cmd_bundle_extract, "校验后把数据包中的 SQLite 数据写成普通文件", common, role="office"
    )
    p.add_argument("file")
    p.add_argument("--out", required=True)
    p = add_command(group, "verdicts", cmd_bundle_verdicts, "列出办公室保存的每个数据包的结论", common, role="office")
    p.add_argument("--limit", type=int)

    p = add_command(
        sub, "merge", cmd_merge, "校验并合并数据包（文件或文件夹），每个数据包一个事务", common, role="office"
    )
    p.add_argument("paths", nargs="+")

    add_command(
        subgroup(sub, "workspace", "创建或查看工作区"),
        "digest",
        cmd_workspace_digest,
        "外勤数据的摘要（与合并顺序无关）",
        common,
    )
