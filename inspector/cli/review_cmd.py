"""Review and rectification in the office: `problems …`, `rechecks list|draw`, `rankings`."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from inspector import clock, program
from inspector.cli.common import CliError, Output, acting, add_command, add_group, open_ws, points, table
from inspector.errors import NotFoundError
from inspector.field.inspections import OUTCOME_LABELS
from inspector.ids import from_iso
from inspector.letters import short_reference
from inspector.oversight import rankings, rectification, review
from inspector.oversight.references import find_by_reference
from inspector.periods import parse_period
from inspector.register import draw
from inspector.store import get_setting
from inspector.tracking import problems
from inspector.tracking.decisions import Decision, history


def parse_day(text: str) -> date:
    """A date typed as 2026-11-30."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise CliError(f"日期“{text}”应写成 2026-11-30 的形式") from exc


def _today(args: argparse.Namespace) -> date:
    return parse_day(args.today) if getattr(args, "today", None) else clock.today()


def _local(stamp: str) -> str:
    """A stored UTC time as local time, to the minute."""
    return from_iso(stamp).strftime("%Y-%m-%d %H:%M")


def _short(text: str, width: int = 24) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _problem_rows(found: list[problems.Problem]) -> str:
    rows = [
        (
            p.reference,
            p.status_label,
            p.district,
            _short(p.site_name, 14),
            _short(p.description),
            p.responsible_unit,
            p.deadline or "—",
            p.days_overdue or "",
        )
        for p in found
    ]
    return table(rows, ["编号", "状态", "区", "点位", "问题", "责任单位", "整改时限", "逾期天数"])


def cmd_list(args: argparse.Namespace) -> Output:
    flt = problems.ProblemFilter(
        found_in=parse_period(args.period) if args.period else None,
        due_by=parse_day(args.due_by) if args.due_by else None,
        status=tuple(args.status) if args.status else None,
        unit=args.unit,
        district=args.district,
        street=args.street,
        overdue=True if args.overdue else None,
        exposure=True if args.exposure else None,
        search=args.search or "",
    )
    with open_ws(args) as ws:
        found = problems.list_problems(ws.db, flt, today=_today(args))
    overdue = sum(p.overdue for p in found)
    text = _problem_rows(found) + f"\n共 {len(found)} 个问题，其中逾期 {overdue} 个"
    return [p.as_dict() for p in found], text


def cmd_show(args: argparse.Namespace) -> Output:
    with open_ws(args) as ws:
        traces = find_by_reference(ws.db, args.ref, evidence_dir=ws.evidence_dir)
        if not traces:
            raise NotFoundError(f"没有编号为“{args.ref}”的检查结果")
        details = []
        looks: dict[str, dict[str, review.PhotoReview]] = {}
        for trace in traces:
            try:
                problem: problems.Problem | None = problems.get_problem(ws.db, trace.finding_id, today=_today(args))
            except NotFoundError:
                problem = None
            details.append((trace, problem))
            looks[trace.finding_id] = {r.photo: r for r in review.photo_reviews(ws.db, trace.finding_id)}
    lines = []
    for trace, problem in details:
        lines.append(f"编号 {trace.reference}（检查结果 {trace.finding_id}）")
        lines.append(
            f"  {trace.district}{trace.street} {trace.site_name}（{trace.site_code}）"
            f" · {trace.item_code} {trace.item_text}"
        )
        lines.append(f"  督查员 {trace.inspector_name} · {_local(trace.started_at)} · 检查 {trace.inspection_id}")
        if problem is not None:
            lines.append(
                f"  状态：{problem.status_label} · 责任单位 {problem.responsible_unit}"
                f" · 整改时限 {problem.deadline or '—'}"
                f" · 扣分 {points(problem.deduction)}（倍数 {problem.multiplier:g}）"
            )
        lines.append(f"  修订（哈希链{'完整' if trace.chain_ok else '不一致！'}）：")
        lines.extend(
            f"    第{r.rev}版 {OUTCOME_LABELS[r.outcome]} {_local(r.recorded_at)} 设备 {r.device_id[:8]}"
            f" 内容哈希 {r.content_hash}"
            for r in trace.revisions
        )
        lines.append("  照片：" if trace.photos else "  照片：无")
        for p in trace.photos:
            lines.append(f"    {p.sha256}{'' if p.intact is not False else '（文件缺失或已被改动！）'}")
            look = looks[trace.finding_id].get(p.sha256)
            if look is not None:
                by = f"（{look.actor} {_local(look.at)}）" if look.verdict else ""
                lines.append(f"      人脸车牌审看：{look.label}{by}")
            if p.other_devices:
                lines.append(
                    f"      注意：同一照片也由设备 {'、'.join(d[:8] for d in p.other_devices)} 提交"
                    "（可能是拷贝了别人的证据照片）；拍摄时间和文件名以本检查的设备所记为准"
                )
        lines.extend(
            f"  来自数据包 {s['bundle_id']}（设备 {s['device_id'][:8]}，序号 {s['seq']}）" for s in trace.sources
        )
        lines.extend(f"  {_local(d.recorded_at)} {d.actor}：{d.label} {d.reason}".rstrip() for d in trace.decisions)
    data = [
        {
            **trace.as_dict(),
            "problem": problem.as_dict() if problem else None,
            "photo_reviews": [r.as_dict() for r in looks[trace.finding_id].values()],
        }
        for trace, problem in details
    ]
    return data, "\n".join(lines)


_NAMED = 20  # references listed one by one in a summary; more are counted


def _decided(made: list, what: str) -> Output:
    refs = list(dict.fromkeys(d.reference for d in made))
    listed = "、".join(refs[:_NAMED]) + (f" 等 {len(refs)} 个问题" if len(refs) > _NAMED else "")
    return [d.as_dict() for d in made], f"已{what}：{listed}" if made else f"没有需要{what}的问题"


def cmd_confirm(args: argparse.Namespace) -> Output:
    def say(done: int, total: int) -> None:
        if not args.json and done < total:
            print(f"正在确认 {done}/{total}……", flush=True)

    with open_ws(args) as ws:
        made = review.confirm(ws.db, args.refs, reason=args.reason or "", actor=acting(args), progress=say)
    return _decided(made, "确认")


def cmd_reject(args: argparse.Namespace) -> Output:
    with open_ws(args) as ws:
        made = review.reject(ws.db, args.ref, reason=args.reason, actor=acting(args))
    return _decided([made], "驳回")


def cmd_merge(args: argparse.Namespace) -> Output:
    with open_ws(args) as ws:
        made = review.merge_duplicate(ws.db, args.ref, into=args.into, reason=args.reason or "", actor=acting(args))
    return made.as_dict(), f"已把 {made.reference} 作为重复问题合并到 {short_reference(made.value)}"


def cmd_reopen(args: argparse.Namespace) -> Output:
    with open_ws(args) as ws:
        made = review.reopen(ws.db, args.ref, reason=args.reason, actor=acting(args))
    return _decided([made], "撤销审核（恢复为待审核）")


def _masks(values: list[str] | None) -> dict[str, list[tuple[int, int, int, int]]]:
    masks: dict[str, list[tuple[int, int, int, int]]] = {}
    for value in values or []:
        photo, _, rect = value.partition(":")
        if not rect:
            raise CliError(f"--mask 应写成 照片哈希前缀:x,y,宽,高，而不是“{value}”")
        masks.setdefault(photo, []).append(review.parse_rect(rect))
    return masks


def cmd_approve(args: argparse.Namespace) -> Output:
    with open_ws(args) as ws:
        made = review.approve_exposure(
            ws.db,
            args.ref,
            masks=_masks(args.mask),
            clear=args.clear or [],
            reason=args.reason or "",
            actor=acting(args),
        )
    return _decided(made, "同意曝光")


def cmd_withdraw(args: argparse.Namespace) -> Output:
    with open_ws(args) as ws:
        made = review.withdraw_exposure(ws.db, args.ref, reason=args.reason or "", actor=acting(args))
    return _decided([made], "撤销曝光")


def cmd_mask(args: argparse.Namespace) -> Output:
    rects = [review.parse_rect(r) for r in args.rect or []]
    if rects and args.clear:
        raise CliError("--rect 和 --clear 只能选一个：照片里有人脸或车牌就画遮挡区域，没有才用 --clear")
    with open_ws(args) as ws:
        if args.clear:
            made = review.mark_clear(ws.db, args.ref, args.photo, actor=acting(args))
        else:
            made = review.set_masks(ws.db, args.ref, args.photo, rects, actor=acting(args))
    if args.clear:
        what = "已审看，无人脸和车牌（无需遮挡）"
    elif rects:
        what = f"已审看，遮挡 {len(rects)} 处"
    else:
        what = "已清除遮挡区域，照片需重新审看（画遮挡区域或 --clear）后才能上曝光台"
    return made.as_dict(), f"问题 {made.reference} 的照片 {made.value['photo'][:12]}：{what}"


def cmd_rectify(args: argparse.Namespace) -> Output:
    day = parse_day(args.date) if args.date else None
    with open_ws(args) as ws:
        made = rectification.record_rectification(
            ws,
            args.ref,
            report=args.report,
            photos=[Path(p) for p in args.photo or []],
            reported_on=day,
            actor=acting(args),
        )
    return (
        made.as_dict(),
        f"已登记问题 {made.reference} 的整改情况（{made.value['on']}，照片 {len(made.value['photos'])} 张），待复查",
    )


def cmd_set_unit(args: argparse.Namespace) -> Output:
    with open_ws(args) as ws:
        made = rectification.set_unit(ws.db, args.ref, args.unit, reason=args.reason, actor=acting(args))
    return made.as_dict(), f"问题 {made.reference} 的责任单位改为 {made.value}"


def cmd_set_deadline(args: argparse.Namespace) -> Output:
    with open_ws(args) as ws:
        made = rectification.set_deadline(
            ws.db, args.ref, parse_day(args.deadline), reason=args.reason, actor=acting(args)
        )
    return made.as_dict(), f"问题 {made.reference} 的整改时限改为 {made.value}"


def cmd_history(args: argparse.Namespace) -> Output:
    with open_ws(args) as ws:
        made = history(ws.db, args.ref)
    rows = [(_local(d.recorded_at), d.actor, d.label, _detail(d), d.reason) for d in made]
    return [d.as_dict() for d in made], table(
        rows, ["时间", "操作人", "操作", "内容", "原因"]
    ) if made else "尚无审核记录"


def _detail(decision: Decision) -> str:
    """What a masks decision said about its photo: masked (how many areas), clear, or masks removed."""
    if decision.kind != "masks":
        return ""
    value = decision.value
    verdict = value.get("verdict")
    if verdict == "clear":
        return f"照片 {value['photo'][:8]} 无人脸和车牌"
    if verdict == "masked" or value["rects"]:
        return f"照片 {value['photo'][:8]} 遮挡 {len(value['rects'])} 处"
    return f"照片 {value['photo'][:8]} 清除遮挡，待重新审看"


def cmd_rechecks_list(args: argparse.Namespace) -> Output:
    with open_ws(args) as ws:
        sites = rectification.recheck_list(ws.db, today=_today(args), days=args.days)
    rows = [
        (s.site_code, s.site_name, s.district, len(s.problems), s.overdue, s.earliest_deadline or "—") for s in sites
    ]
    text = table(rows, ["点位编号", "点位", "区", "问题", "逾期", "最早时限"]) + f"\n共 {len(sites)} 个点位需要复查"
    return [s.as_dict() for s in sites], text


def cmd_rechecks_draw(args: argparse.Namespace) -> Output:
    with open_ws(args) as ws:
        made = rectification.record_recheck_draw(
            ws.db, today=_today(args), days=args.days, seed=args.seed, actor=acting(args)
        )
        team = None
        if args.assign:
            rules = get_setting(ws.db, "draw", {})
            per_site = args.per_site or rules.get("inspectors_per_site", 1)
            team = draw.draw_inspectors(
                ws.db,
                site_draw_id=made.id,
                per_site=per_site,
                seed=made.seed,
                recusal=rules.get("recusal"),
                actor=acting(args),
            )
    signed = team or made
    lines = [f"已记录复查抽签 {made.id}：{len(made.result)} 个点位（种子 {made.seed}）"]
    if team is not None:
        lines.append(f"已按回避规则抽派督查员 {team.id}")
    lines.append(
        f"签发任务包：{program.command('taskpack create')} --draw {signed.id} --mode announced "
        "--period … --expires … --out …"
    )
    data = {"id": made.id, "seed": made.seed, "sites": made.result, "params": made.params}
    if team is not None:
        data["inspector_draw"] = {"id": team.id, "result": team.result}
    return data, "\n".join(lines)


def _change(value: int | None) -> str:
    if value is None:
        return "—"
    return f"↑{value}" if value > 0 else (f"↓{-value}" if value < 0 else "持平")


def cmd_rankings(args: argparse.Namespace) -> Output:
    period = parse_period(args.period)
    with open_ws(args) as ws:
        made = rankings.rankings(ws.db, period, args.by, today=_today(args), top=args.top, bottom=args.bottom)
    rows = []
    for e in made.entries:
        change = _change(e.rank_change)
        rate = "—" if e.rectification_rate is None else f"{e.rectification_rate * 100:.1f}%（{e.closed}/{e.due}）"
        mark = {"red": "红榜", "black": "黑榜"}.get(e.listed, "")
        rows.append((e.rank or "—", e.name, points(e.score), e.problems, points(e.deductions), rate, change, mark))
    key = "整改率" if made.ranked_by == "rectification" else "平均得分"
    lines = [
        f"{period.label}按{made.label}排名（依据{key}；上期 {made.previous.label}）",
        table(rows, ["名次", made.label, "得分", "问题", "扣分", "整改率", "较上期", ""]),
        f"红榜（前 {made.red_size}）：{'、'.join(made.red_list) or '无'}",
        f"黑榜（后 {made.black_size}）：{'、'.join(made.black_list) or '无'}",
    ]
    return made.as_dict(), "\n".join(lines)


def _decision_options(p: Any) -> None:
    p.add_argument("--actor", help="同 --user：记录的操作人（办公室设有用户时须是其中一人）")


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add `problems`, `rechecks` and `rankings`."""
    group = add_group(sub, "problems", "问题审核与整改（办公室）")
    p = add_command(group, "list", cmd_list, "按状态、责任单位、区和时限列出问题（逾期在前）", common, role="office")
    p.add_argument("--period", help="发现问题的时段，如 2026-11、2026-W48")
    p.add_argument("--status", action="append", choices=problems.STATUSES, help="状态（可重复）")
    p.add_argument("--unit", help="责任单位")
    p.add_argument("--district")
    p.add_argument("--street")
    p.add_argument("--due-by", help="整改时限不晚于此日期（2026-11-30）")
    p.add_argument("--overdue", action="store_true", help="只列逾期问题")
    p.add_argument("--exposure", action="store_true", help="只列同意曝光的问题")
    p.add_argument("--search", help="按编号、点位、问题、单位搜索")
    p.add_argument("--today", help="按此日期计算状态（默认今天）")
    p = add_command(
        group, "show", cmd_show, "由文书上的编号查到签名的检查结果、修订哈希、照片哈希和审核记录", common, role="office"
    )
    p.add_argument("ref", help="8 位编号或完整编号")
    p.add_argument("--today", help="按此日期计算状态（默认今天）")
    p = add_command(group, "confirm", cmd_confirm, "确认问题（可一次多个）", common, role="office")
    p.add_argument("refs", nargs="+", metavar="REF")
    p.add_argument("--reason")
    _decision_options(p)
    p = add_command(group, "reject", cmd_reject, "驳回（如点位错误），须写原因", common, role="office")
    p.add_argument("ref")
    p.add_argument("--reason", required=True)
    _decision_options(p)
    p = add_command(group, "merge", cmd_merge, "把同一点位同一问题的重复记录合并到主问题", common, role="office")
    p.add_argument("ref")
    p.add_argument("--into", required=True, help="主问题编号")
    p.add_argument("--reason")
    _decision_options(p)
    p = add_command(group, "reopen", cmd_reopen, "撤销确认、驳回或合并，恢复为待审核", common, role="office")
    p.add_argument("ref")
    p.add_argument("--reason", required=True)
    _decision_options(p)
    p = add_command(
        group,
        "approve",
        cmd_approve,
        "同意曝光：每张照片须先审看人脸和车牌（可同时用 --mask / --clear 审看）",
        common,
        role="office",
    )
    p.add_argument("ref")
    p.add_argument("--mask", action="append", metavar="PHOTO:X,Y,W,H", help="照片哈希前缀:遮挡区域（像素，可重复）")
    p.add_argument("--clear", action="append", metavar="PHOTO", help="照片哈希前缀：已审看，无人脸和车牌（可重复）")
    p.add_argument("--reason")
    _decision_options(p)
    p = add_command(group, "withdraw", cmd_withdraw, "撤销曝光", common, role="office")
    p.add_argument("ref")
    p.add_argument("--reason")
    _decision_options(p)
    p = add_command(
        group,
        "mask",
        cmd_mask,
        "审看照片的人脸和车牌：--rect 画遮挡区域，--clear 标为无人脸和车牌；都不给即清除遮挡（需重新审看）",
        common,
        role="office",
    )
    p.add_argument("ref")
    p.add_argument("--photo", required=True, help="照片哈希（或至少 6 位前缀）")
    p.add_argument("--rect", action="append", metavar="X,Y,W,H")
    p.add_argument("--clear", "--no-faces", action="store_true", help="已审看：照片中没有人脸和车牌，无需遮挡")
    _decision_options(p)
    p = add_command(
        group, "rectify", cmd_rectify, "登记责任单位报来的整改情况（可附整改后照片）", common, role="office"
    )
    p.add_argument("ref")
    p.add_argument("--report", required=True, help="整改情况说明")
    p.add_argument("--photo", action="append", metavar="FILE")
    p.add_argument("--date", help="整改日期（默认今天）")
    _decision_options(p)
    p = add_command(group, "set-unit", cmd_set_unit, "调整责任单位，须写原因", common, role="office")
    p.add_argument("ref")
    p.add_argument("--unit", required=True)
    p.add_argument("--reason", required=True)
    _decision_options(p)
    p = add_command(group, "set-deadline", cmd_set_deadline, "调整整改时限，须写原因", common, role="office")
    p.add_argument("ref")
    p.add_argument("--deadline", required=True, help="新的整改时限（2026-12-05）")
    p.add_argument("--reason", required=True)
    _decision_options(p)
    p = add_command(group, "history", cmd_history, "一个问题的全部审核与整改记录", common, role="office")
    p.add_argument("ref")

    group = add_group(sub, "rechecks", "复查（回头看）")
    for name, func, help in (
        ("list", cmd_rechecks_list, "未来一周需要复查的点位（时限已过或将到、尚未销号的问题）"),
        ("draw", cmd_rechecks_draw, "把复查清单记录为点位抽签，供签发任务包"),
    ):
        p = add_command(group, name, func, help, common, role="office")
        p.add_argument("--days", type=int, default=rectification.RECHECK_DAYS, help="向后看的天数（默认 7）")
        p.add_argument("--today", help="按此日期计算（默认今天）")
        if name == "draw":
            p.add_argument("--seed")
            p.add_argument("--assign", action="store_true", help="同时抽派督查员（按回避规则）")
            p.add_argument("--per-site", type=int, help="每个点位的督查员人数（默认见 forms/draw.yaml）")

    p = add_command(
        sub, "rankings", cmd_rankings, "红黑榜：按区、街道或责任单位排名，含较上期变化", common, role="office"
    )
    p.add_argument("--period", required=True, help="2026-W48 / 2026-11 / 2026-Q4 / 2026")
    p.add_argument("--by", choices=list(rankings.DIMENSIONS), default="district")
    p.add_argument("--top", type=int, help="红榜数量（默认见 forms/rankings.yaml）")
    p.add_argument("--bottom", type=int, help="黑榜数量")
    p.add_argument("--today", help="按此日期计算整改率（默认今天）")
