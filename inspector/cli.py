"""The command line: `python main.py COMMAND …`; every command has --json, errors exit non-zero."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from inspector import answers, checklist, draw, scoring, sites, workspace
from inspector import catalog as catalog_mod
from inspector import inspectors as inspectors_mod
from inspector.errors import InspectorError, ValidationError
from inspector.periods import parse_period
from inspector.store import get_setting

Output = tuple[Any, str]


class CliError(InspectorError):
    """A command-line usage problem the user can fix."""


# ---------------------------------------------------------------- helpers


def _open(args: argparse.Namespace) -> workspace.Workspace:
    return workspace.open_workspace(args.workspace or workspace.default_path())


def _site_types(db: Any) -> dict[str, str]:
    return {t.code: t.name for t in catalog_mod.get_catalog(db).site_types}


def _table(rows: Sequence[Sequence[Any]], headers: Sequence[str]) -> str:
    """Plain aligned text table (CJK characters count double width)."""

    def width(text: str) -> int:
        return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)

    cells = [[str(h) for h in headers]] + [["" if v is None else str(v) for v in row] for row in rows]
    widths = [max(width(r[i]) for r in cells) for i in range(len(headers))]
    lines = ["  ".join(c + " " * (widths[i] - width(c)) for i, c in enumerate(r)).rstrip() for r in cells]
    return "\n".join([lines[0], "  ".join("-" * w for w in widths), *lines[1:]])


def _points(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


# ---------------------------------------------------------------- workspace


def cmd_workspace_init(args: argparse.Namespace) -> Output:
    inspector = None
    if args.inspector_id or args.inspector_name:
        if not (args.inspector_id and args.inspector_name):
            raise CliError("请同时给出 --inspector-id 和 --inspector-name")
        inspector = {
            "id": args.inspector_id,
            "name": args.inspector_name,
            "district": args.district or "",
            "unit": args.unit or "",
        }
    ws = workspace.init_workspace(
        args.dir, role=args.role, name=args.name, inspector=inspector, catalog_path=args.catalog
    )
    with ws:
        info = workspace.workspace_info(ws)
    role = "外勤笔记本" if ws.role == "field" else "办公室"
    return info, f"已创建{role}工作区“{info['name']}”：{info['path']}\n负面清单版本 {info['catalog_version'][:12]}"


def cmd_workspace_info(args: argparse.Namespace) -> Output:
    with _open(args) as ws:
        info = workspace.workspace_info(ws)
    text = "\n".join(
        [
            f"工作区：{info['name']}（{'外勤' if info['role'] == 'field' else '办公室'}）",
            f"位置：{info['path']}",
            f"设备编号：{info['device_id']}",
            f"督查员：{(info['inspector'] or {}).get('name', '—')}",
            f"负面清单版本：{info['catalog_version']}",
            f"点位：{info['sites']} 个；检查记录：{info['inspections']} 条",
        ]
    )
    return info, text


# ---------------------------------------------------------------- catalog


def _default_deductions(args: argparse.Namespace) -> tuple[Any, dict[str, float] | None]:
    """Base catalog and default deductions from the workspace if one is open, else from forms/."""
    from inspector import forms

    try:
        ws = _open(args)
    except InspectorError:
        base_path = forms.form_path(forms.CATALOG_FILE)
        rules = scoring.ScoringRules.from_dict(forms.read_yaml_mapping(forms.form_path(forms.SCORING_FILE)))
        return catalog_mod.load_catalog(
            base_path, default_deductions=rules.deduction_by_severity
        ), rules.deduction_by_severity
    with ws:
        return catalog_mod.get_catalog(ws.db), scoring.load_rules(ws.db).deduction_by_severity


def cmd_catalog_validate(args: argparse.Namespace) -> Output:
    base, defaults = _default_deductions(args)
    cat = catalog_mod.load_catalog(args.file, base=base, default_deductions=defaults)
    data = {
        "file": str(args.file),
        "valid": True,
        "version": cat.version,
        "items": len(cat.items),
        "site_types": len(cat.site_types),
        "categories": len(cat.categories),
    }
    return data, (
        f"“{Path(args.file).name}”校验通过：{len(cat.items)} 个条目，{len(cat.categories)} 个类别，"
        f"{len(cat.site_types)} 种点位类型\n版本 {cat.version}"
    )


def cmd_catalog_import(args: argparse.Namespace) -> Output:
    with _open(args) as ws:
        base = catalog_mod.get_catalog(ws.db)
        defaults = scoring.load_rules(ws.db).deduction_by_severity
        cat = catalog_mod.load_catalog(args.file, base=base, default_deductions=defaults)
        known = {v["version"] for v in catalog_mod.list_versions(ws.db)}
        version = catalog_mod.import_catalog(ws.db, cat, source=Path(args.file).name)
    new = version not in known
    data = {"version": version, "items": len(cat.items), "new": new, "current": True}
    note = "已导入新版本" if new else "该版本此前已导入，已设为当前版本"
    return data, f"{note}：{len(cat.items)} 个条目\n版本 {version}"


def cmd_catalog_versions(args: argparse.Namespace) -> Output:
    with _open(args) as ws:
        versions = catalog_mod.list_versions(ws.db)
    rows = [
        ("*" if v["current"] else "", v["version"][:12], v["name"], v["item_count"], v["source"], v["imported_at"])
        for v in versions
    ]
    return versions, _table(rows, ["当前", "版本", "名称", "条目数", "来源", "导入时间"])


# ---------------------------------------------------------------- sites and inspectors


def _site_dict(site: sites.Site) -> dict[str, Any]:
    return {
        k: getattr(site, k)
        for k in (
            "id",
            "code",
            "name",
            "site_type",
            "district",
            "street",
            "address",
            "responsible_unit",
            "origin",
            "active",
        )
    }


def cmd_sites_import(args: argparse.Namespace) -> Output:
    with _open(args) as ws:
        report = sites.import_sites(
            ws.db, args.file, site_types=_site_types(ws.db), deactivate_missing=args.deactivate_missing
        )
    data = {k: getattr(report, k) for k in ("added", "updated", "unchanged", "deactivated")}
    return data, (
        f"点位导入完成：新增 {report.added} 个，更新 {report.updated} 个，未变 {report.unchanged} 个"
        + (f"，停用 {report.deactivated} 个" if report.deactivated else "")
    )


def cmd_sites_list(args: argparse.Namespace) -> Output:
    with _open(args) as ws:
        found = sites.list_sites(
            ws.db, district=args.district, street=args.street, site_type=args.site_type, search=args.search
        )
        names = _site_types(ws.db)
    rows = [
        (s.code, s.name, names.get(s.site_type, s.site_type), s.district, s.street, s.responsible_unit) for s in found
    ]
    text = _table(rows, ["编号", "点位名称", "类型", "区", "街道", "责任单位"]) + f"\n共 {len(found)} 个点位"
    return [_site_dict(s) for s in found], text


def cmd_sites_add(args: argparse.Namespace) -> Output:
    with _open(args) as ws:
        site = sites.add_site(
            ws.db,
            name=args.name,
            site_type=args.site_type,
            district=args.district,
            street=args.street,
            address=args.address,
            responsible_unit=args.unit,
            site_types=_site_types(ws.db),
            code=args.code,
        )
    return _site_dict(site), f"已添加点位“{site.name}”（编号 {site.code}）"


def cmd_inspectors_import(args: argparse.Namespace) -> Output:
    with _open(args) as ws:
        added, updated = inspectors_mod.import_roster(ws.db, args.file)
    return {"added": added, "updated": updated}, f"督查员名册导入完成：新增 {added} 人，更新 {updated} 人"


def cmd_inspectors_list(args: argparse.Namespace) -> Output:
    with _open(args) as ws:
        people = inspectors_mod.list_inspectors(ws.db)
    rows = [(p.id, p.name, p.district or "—", p.unit or "—") for p in people]
    data = [{"id": p.id, "name": p.name, "district": p.district, "unit": p.unit} for p in people]
    return data, _table(rows, ["编号", "姓名", "所属区", "单位"])


# ---------------------------------------------------------------- draws


def cmd_draw(args: argparse.Namespace) -> Output:
    if args.count is None:
        raise CliError("请用 --count 指定抽取的点位数")
    with _open(args) as ws:
        made = draw.draw_sites(
            ws.db,
            count=args.count,
            district=args.district,
            street=args.street,
            site_type=args.site_type,
            per=args.per,
            seed=args.seed,
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
            )
            names = {p.id: p.name for p in inspectors_mod.list_inspectors(ws.db)}
    data: dict[str, Any] = {"draw": draw.export_draw(made), "sites": [_site_dict(s) for s in chosen]}
    rows = [(n, s.code, s.name, s.district, s.street) for n, s in enumerate(chosen, start=1)]
    headers = ["序号", "编号", "点位名称", "区", "街道"]
    if assigned is not None:
        data["inspectors"] = draw.export_draw(assigned)
        rows = [(*row, "、".join(names[i] for i in assigned.result[s.id])) for row, s in zip(rows, chosen, strict=True)]
        headers.append("督查员")
    source = "操作系统随机数" if made.seed_source == "os" else "指定"
    text = (
        f"抽签编号 {made.id}\n算法 {made.algorithm}；种子 {made.seed}（{source}）；"
        f"候选 {len(made.candidates)} 个，散列 {made.candidates_sha256[:16]}…\n" + _table(rows, headers)
    )
    return data, text


def cmd_draw_verify(args: argparse.Namespace) -> Output:
    if args.file:
        try:
            record = json.loads(Path(args.file).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise CliError(f"无法读取抽签记录文件“{args.file}”：{exc}") from exc
        if isinstance(record, dict) and "draw" in record:
            record = record["draw"]
        result = draw.verify_record(record)
    elif args.id:
        with _open(args) as ws:
            result = draw.verify_draw(ws.db, args.id)
    else:
        raise CliError("请给出抽签编号，或用 --file 指定导出的抽签记录")
    data = {"matches": result.matches, "candidates_match": result.candidates_match, "messages": result.messages}
    head = (
        "复核一致：按记录的种子和候选名单重新抽签，结果相同"
        if result.matches
        else "复核不一致：重新抽签的结果与记录不同"
    )
    return data, "\n".join([head, *result.messages])


def cmd_draw_list(args: argparse.Namespace) -> Output:
    with _open(args) as ws:
        made = draw.list_draws(ws.db)
    rows = [(d.id, d.kind, d.seed, len(d.candidates), d.created_at) for d in made]
    return [draw.export_draw(d) for d in made], _table(rows, ["编号", "类别", "种子", "候选数", "时间"])


def cmd_draw_export(args: argparse.Namespace) -> Output:
    with _open(args) as ws:
        record = draw.export_draw(draw.get_draw(ws.db, args.id))
    if args.out:
        Path(args.out).write_text(json.dumps(record, ensure_ascii=False, indent=2), encoding="utf-8")
        return record, f"抽签记录已导出到 {args.out}，可用 python main.py draw verify --file {args.out} 复核"
    return record, json.dumps(record, ensure_ascii=False, indent=2)


# ---------------------------------------------------------------- checklists, inspections, scores


def cmd_checklist(args: argparse.Namespace) -> Output:
    with _open(args) as ws:
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
    with _open(args) as ws:
        done = answers.record_answers(
            ws.db, ws.evidence_dir, args.file, device_id=ws.device_id, rest=args.rest, finish=not args.no_finish
        )
        rows = []
        for r in done:
            site = sites.get_site(ws.db, r.inspection.site_id)
            rows.append(
                (
                    site.name,
                    checklist.MODE_LABELS[r.inspection.mode],
                    r.findings,
                    r.photos,
                    _points(r.inspection.deduction_total),
                    _points(r.inspection.score),
                    "已完成" if r.inspection.status == "finished" else "进行中",
                )
            )
    data = [{**r.inspection.as_dict(), "findings_in_file": r.findings, "photos": r.photos} for r in done]
    return data, f"已记录 {len(done)} 次检查\n" + _table(rows, ["点位", "方式", "答案", "照片", "扣分", "得分", "状态"])


def cmd_score(args: argparse.Namespace) -> Output:
    period = parse_period(args.period)
    with _open(args) as ws:
        summary = scoring.period_summary(ws.db, period)
        dims = [args.by] if args.by else ["district"]
        tables = {by: scoring.aggregate(ws.db, period, by) for by in dims}
    lines = [
        f"{summary['label']}（{summary['start']} 至 {summary['end']}）",
        f"检查 {summary['inspections']} 次（明察 {summary['announced']}，暗访 {summary['unannounced']}），"
        f"点位 {summary['sites']} 个，问题 {summary['problems']} 处，扣分 {_points(summary['deductions'])}，"
        f"平均得分 {_points(summary['average_score'])}",
    ]
    for by, rows in tables.items():
        lines.append(f"\n按{scoring.DIMENSIONS[by]}排名")
        lines.append(
            _table(
                [
                    (
                        r["rank"],
                        r["name"] or "—",
                        r["inspections"],
                        r["sites"],
                        r["problems"],
                        _points(r["deductions"]),
                        _points(r["average_score"]),
                    )
                    for r in rows
                ],
                ["名次", scoring.DIMENSIONS[by], "检查", "点位", "问题", "扣分", "平均得分"],
            )
        )
    return {"summary": summary, "rankings": tables}, "\n".join(lines)


def cmd_demo(args: argparse.Namespace) -> Output:
    from inspector import demo

    result = demo.run_demo(Path(args.out), seed=args.seed, progress=None if args.json else print)
    return result, demo.summary_text(result)


# ---------------------------------------------------------------- parser


def build_parser() -> argparse.ArgumentParser:
    """The argparse tree; the README documents every command it defines."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--workspace", default=argparse.SUPPRESS, help="工作区文件夹（默认 $INSPECTOR_WORKSPACE）")
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="输出 JSON")

    parser = argparse.ArgumentParser(prog="python main.py", description="创文督查 命令行", parents=[common])
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(parent: Any, name: str, func: Callable[[argparse.Namespace], Output], help: str) -> Any:
        p = parent.add_parser(name, help=help, description=help, parents=[common])
        p.set_defaults(func=func)
        return p

    ws = sub.add_parser("workspace", help="创建或查看工作区").add_subparsers(
        dest="action", metavar="ACTION", required=True
    )
    p = command(ws, "init", cmd_workspace_init, "创建工作区")
    p.add_argument("dir")
    p.add_argument("--role", choices=workspace.ROLES, required=True)
    p.add_argument("--name")
    p.add_argument("--inspector-id")
    p.add_argument("--inspector-name")
    p.add_argument("--district")
    p.add_argument("--unit")
    p.add_argument("--catalog", help="负面清单文件（默认 forms/negative-list.yaml）")
    command(ws, "info", cmd_workspace_info, "查看工作区")

    cat = sub.add_parser("catalog", help="负面清单").add_subparsers(dest="action", metavar="ACTION", required=True)
    command(cat, "validate", cmd_catalog_validate, "校验负面清单文件（YAML/XLSX/CSV），列出全部问题").add_argument(
        "file"
    )
    command(cat, "import", cmd_catalog_import, "导入负面清单并设为当前版本").add_argument("file")
    command(cat, "versions", cmd_catalog_versions, "列出已导入的负面清单版本")

    st = sub.add_parser("sites", help="点位名册").add_subparsers(dest="action", metavar="ACTION", required=True)
    p = command(st, "import", cmd_sites_import, "导入点位名册（CSV/XLSX）")
    p.add_argument("file")
    p.add_argument("--deactivate-missing", action="store_true", help="停用名册中已不存在的点位")
    p = command(st, "list", cmd_sites_list, "列出点位")
    for flag in ("--district", "--street", "--site-type", "--search"):
        p.add_argument(flag)
    p = command(st, "add", cmd_sites_add, "现场添加点位")
    for flag in ("--name", "--site-type", "--district", "--street", "--address", "--unit"):
        p.add_argument(flag, required=True)
    p.add_argument("--code")

    ins = sub.add_parser("inspectors", help="督查员名册").add_subparsers(dest="action", metavar="ACTION", required=True)
    command(ins, "import", cmd_inspectors_import, "导入督查员名册（CSV/XLSX）").add_argument("file")
    command(ins, "list", cmd_inspectors_list, "列出督查员")

    p = command(sub, "draw", cmd_draw, "随机抽取点位（可同时抽派督查员）")
    p.add_argument("--district", action="append")
    p.add_argument("--street", action="append")
    p.add_argument("--site-type", action="append")
    p.add_argument("--count", type=int)
    p.add_argument("--per", choices=["district", "site-type"])
    p.add_argument("--seed")
    p.add_argument("--assign", action="store_true", help="同时抽派督查员（按回避规则）")
    p.add_argument("--per-site", type=int)
    dsub = p.add_subparsers(dest="action", metavar="ACTION")
    q = command(dsub, "verify", cmd_draw_verify, "复核一次抽签")
    q.add_argument("id", nargs="?")
    q.add_argument("--file")
    command(dsub, "list", cmd_draw_list, "列出抽签记录")
    q = command(dsub, "export", cmd_draw_export, "导出抽签记录（JSON）")
    q.add_argument("id")
    q.add_argument("--out")

    p = command(sub, "checklist", cmd_checklist, "生成检查清单")
    p.add_argument("--site")
    p.add_argument("--site-type")
    p.add_argument("--mode", choices=checklist.MODES, default="announced")
    p.add_argument("--sample", type=int)
    p.add_argument("--seed")

    p = command(sub, "inspect", cmd_inspect, "从答案文件（JSON/CSV）记录检查")
    p.add_argument("file")
    p.add_argument("--rest", choices=["pass", "na"], help="文件中未列出的条目记为此结果")
    p.add_argument("--no-finish", action="store_true", help="记录后不完成检查")

    p = command(sub, "score", cmd_score, "统计一个时段的得分与排名")
    p.add_argument("--period", required=True, help="2026-11 / 2026-W48 / 2026-Q4 / 2026 / 2026-11-01..2026-11-15")
    p.add_argument("--by", choices=list(scoring.DIMENSIONS))

    p = command(sub, "demo", cmd_demo, "在演示数据上运行完整流程（无需界面）")
    p.add_argument("--out", required=True)
    p.add_argument("--seed", default="demo")
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
        data, text = func(args)
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
    return 0
