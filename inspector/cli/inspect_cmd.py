"""Checklists, recording inspections and scores: `checklist`, `inspect`, `inspection`, `score`."""

from __future__ import annotations

import argparse
from typing import Any

from inspector import catalog as catalog_mod
from inspector import scoring, timecheck
from inspector.cli.common import CliError, Output, add_command, add_group, open_ws, points, table, warned
from inspector.field import answers, checklist, inspections
from inspector.periods import parse_period
from inspector.register import sites

# checklists, inspections, scores


def cmd_checklist(args: argparse.Namespace) -> Output:
    with open_ws(args) as ws:
        if args.site:
            found = checklist.checklist_for_site(
                ws.db, sites.get_site(ws.db, args.site).id, mode=args.mode, sample=args.sample, seed=args.seed
            )
        elif args.site_type:
            if args.sample:
                raise CliError("抽样条目（--sample）需要指定具体点位（--site）")
            found = checklist.checklist_for_site_type(ws.db, args.site_type, mode=args.mode)
        else:
            raise CliError("请用 --site 或 --site-type 指定点位")
    lines = [
        f"{found.site_type_name} · {checklist.MODE_LABELS[found.mode]} · 共 {len(found.codes)} 项"
        f" · 负面清单 {found.catalog_version[:12]}"
    ]
    labels = catalog_mod.SEVERITY_LABELS
    for group in found.groups:
        lines.append(f"\n{group.name}（{len(group.items)}）")
        for item in group.items:
            photo = " 须拍照" if item.photo_required else ""
            lines.append(
                f"  {item.code}  {item.text}  [{labels[item.severity]} 扣{item.deduction:g}分"
                f" · {item.responsible_unit} · {item.rectify_days}天{photo}]"
            )
    return found.as_dict(), "\n".join(lines)


def cmd_inspect(args: argparse.Namespace) -> Output:
    with open_ws(args) as ws:
        warning = timecheck.check_start(ws.db) if ws.role == "field" else None  # a laptop's clock
        done = answers.record_answers(
            ws.db, ws.evidence_dir, args.file, device_id=ws.device_id, rest=args.rest, finish=not args.no_finish
        )
        rows = []
        for r in done.recorded:
            site = sites.get_site(ws.db, r.inspection.site_id)
            rows.append(
                (
                    site.name,
                    checklist.MODE_LABELS[r.inspection.mode],
                    r.findings,
                    r.photos,
                    points(r.inspection.deduction_total),
                    points(r.inspection.score),
                    "已完成" if r.inspection.status == "finished" else "进行中",
                )
            )
        skipped = []
        for s in done.skipped:
            site = sites.get_site(ws.db, s.inspection.site_id)
            line = f"{s.where}：{site.name} · {s.inspection.inspector_id} · {s.started_text} 已记录过，跳过"
            if s.differs:
                line += (
                    f"（文件中 {len(s.differs)} 个条目的答案与已记录的不同，如 {s.differs[0]}；"
                    "已记录的答案未改动，如需修改请在检查记录中修改）"
                )
            skipped.append(line)
    data = [
        {**r.inspection.as_dict(), "result": "recorded", "findings_in_file": r.findings, "photos": r.photos}
        for r in done.recorded
    ] + [{**s.inspection.as_dict(), "result": "skipped", "differs": s.differs} for s in done.skipped]
    head = f"已记录 {len(done.recorded)} 次检查"
    if done.skipped:
        head += f"，跳过 {len(done.skipped)} 次（已记录过）"
    lines = [head, *skipped]
    if rows:
        lines.append(table(rows, ["点位", "方式", "答案", "照片", "扣分", "得分", "状态"]))
    return data, warned("\n".join(lines), [warning] if warning else [])


def cmd_inspection_discard(args: argparse.Namespace) -> Output:
    with open_ws(args) as ws:
        gone = inspections.discard_inspection(ws.db, args.id)
        site = sites.get_site(ws.db, gone.site_id)
    return {"discarded": gone.as_dict()}, f"已放弃检查 {gone.id}（{site.name}，{gone.local_date}），记录已删除"


def cmd_inspection_void(args: argparse.Namespace) -> Output:
    with open_ws(args) as ws:
        void = inspections.void_inspection(ws.db, args.id, args.reason)
        site = sites.get_site(ws.db, inspections.get_inspection(ws.db, args.id).site_id)
    return {"voided": void.as_dict()}, (
        f"已作废检查 {void.inspection_id}（{site.name}），原因：{void.reason}。"
        "它的检查结果保留，下次导出数据包时会作为“已作废”交给督查科，不再计入问题和得分"
    )


def cmd_score(args: argparse.Namespace) -> Output:
    period = parse_period(args.period)
    with open_ws(args) as ws:
        summary = scoring.period_summary(ws.db, period)
        dims = [args.by] if args.by else ["district"]
        tables = {by: scoring.aggregate(ws.db, period, by) for by in dims}
    lines = [
        f"{summary['label']}（{summary['start']} 至 {summary['end']}）",
        f"检查 {summary['inspections']} 次（明察 {summary['announced']}，暗访 {summary['unannounced']}），"
        f"点位 {summary['sites']} 个，问题 {summary['problems']} 处，扣分 {points(summary['deductions'])}，"
        f"平均得分 {points(summary['average_score'])}",
    ]
    for by, rows in tables.items():
        lines.append(f"\n按{scoring.DIMENSIONS[by]}排名")
        lines.append(
            table(
                [
                    (
                        r["rank"],
                        r["name"] or "—",
                        r["inspections"],
                        r["sites"],
                        r["problems"],
                        points(r["deductions"]),
                        points(r["average_score"]),
                    )
                    for r in rows
                ],
                ["名次", scoring.DIMENSIONS[by], "检查", "点位", "问题", "扣分", "平均得分"],
            )
        )
    return {"summary": summary, "rankings": tables}, "\n".join(lines)


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add `checklist`, `inspect`, `inspection discard|void` and `score`."""
    p = add_command(sub, "checklist", cmd_checklist, "生成检查清单", common)
    p.add_argument("--site")
    p.add_argument("--site-type")
    p.add_argument("--mode", choices=checklist.MODES, default="announced")
    p.add_argument("--sample", type=int)
    p.add_argument("--seed")

    p = add_command(sub, "inspect", cmd_inspect, "从答案文件（JSON/CSV）记录检查", common)
    p.add_argument("file")
    p.add_argument("--rest", choices=["pass", "na"], help="文件中未列出的条目记为此结果")
    p.add_argument("--no-finish", action="store_true", help="记录后不完成检查")

    group = add_group(sub, "inspection", "放弃或作废一次检查")
    help_text = "放弃一次误开的检查（尚未作答、未导出时，记录删除）"
    p = add_command(group, "discard", cmd_inspection_discard, help_text, common, role="field")
    p.add_argument("id", help="检查编号")
    p = add_command(
        group, "void", cmd_inspection_void, "作废一次检查（须写原因；结果保留，导出为已作废）", common, role="field"
    )
    p.add_argument("id", help="检查编号")
    p.add_argument("--reason", required=True, help="作废原因（必填）")

    p = add_command(sub, "score", cmd_score, "统计一个时段的得分与排名", common)
    p.add_argument("--period", required=True, help="2026-11 / 2026-W48 / 2026-Q4 / 2026 / 2026-11-01..2026-11-15")
    p.add_argument("--by", choices=list(scoring.DIMENSIONS))
