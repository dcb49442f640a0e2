"""Documents for the clerk: `doc circular|exposure|notice|problems`, `doc numbers`."""

from __future__ import annotations

import argparse
from contextlib import suppress
from pathlib import Path
from typing import Any

from inspector import clock, fonts
from inspector.cli.common import CliError, Output, acting, add_command, add_group, open_ws, table
from inspector.cli.review_cmd import parse_day
from inspector.oversight import issuing, numbering
from inspector.periods import parse_period

SETTLE_WAIT = 2.0  # seconds `doc numbers` waits for a clerk's job before listing without settling


def _format(args: argparse.Namespace, kind: str) -> str:
    """--format as given, else from the --out suffix, else the document's first format."""
    if args.format:
        return args.format
    suffix = Path(args.out).suffix.lower().lstrip(".")
    return suffix if suffix in issuing.FORMATS[kind] else issuing.FORMATS[kind][0]


def _issue(kind: str) -> Any:
    def run(args: argparse.Namespace) -> Output:
        fmt = _format(args, kind)
        if args.format and args.format not in issuing.FORMATS[kind]:
            raise CliError(
                f"{issuing.TITLES[kind]}可以导出为 {'、'.join(issuing.FORMATS[kind])}，不支持“{args.format}”"
            )
        if getattr(args, "unit", None) and kind != "notice":
            raise CliError("--unit 只用于整改通知书（doc notice）")
        issued_on = parse_day(args.date) if args.date else clock.today()
        with open_ws(args) as ws:
            made = issuing.issue(
                ws,
                kind,
                parse_period(args.period),
                fmt=fmt,
                out=Path(args.out),
                unit=getattr(args, "unit", None),
                today=parse_day(args.today) if args.today else issued_on,
                issued_on=issued_on,
                new_number=args.new_number,
                preview=args.preview,
                actor=acting(args),
                addressees=getattr(args, "to", None),
                copy_to=getattr(args, "copy_to", None),
            )
        lines = [f"已生成{issuing.TITLES[kind]}（{fmt}）{'预览，未占用文号' if args.preview else ''}："]
        documents = [path for path in made.files if path.suffix.lower() != ".jpg"]
        if len(documents) > 1 and len(made.numbers) == len(documents):
            lines += [f"  {number}  {path}" for number, path in zip(made.numbers, documents, strict=True)]
        else:
            lines += [f"  {path}" for path in documents]
            if made.numbers:
                lines.append(("预览文号（未占用）：" if args.preview else "文号：") + "、".join(made.numbers))
        counts = made.counts
        if "places" in counts:
            lines.append(
                f"本文书计入经审核确认的问题 {counts['problems']} 个、{counts['places']} 处"
                + (f"；待审核 {counts['pending_excluded']} 个未计入" if counts.get("pending_excluded") else "")
            )
        pictures = len(made.files) - len(documents)
        if pictures:
            lines.append(f"  以及网页配图 {pictures} 张（与网页在同一文件夹）")
        lines += [f"注意：{w}" for w in made.warnings]
        lines += font_notes(made)
        return made.as_dict(), "\n".join(lines)

    return run


def font_notes(made: issuing.IssuedDocument) -> list[str]:
    """Warnings about fonts: characters no installed font has (printed as 〓), and roles served by stand-ins."""
    lines = []
    if made.missing_glyphs:
        chars = "、".join(f"“{ch}”（U+{ord(ch):04X}）" for ch in made.missing_glyphs)
        lines.append(
            f"警告：本机没有任何字体含有 {chars}，文书中这些字印为“〓”。"
            f"请安装含有这些字的 TrueType 字体（或放进 {fonts.FONT_DIRS_ENV} 指向的文件夹）后重新生成。"
        )
    for role, family in made.font_substitutes.items():
        lines.append(f"字体：{fonts.ROLE_LABELS.get(role, role)}由 {family} 代替")
    return lines


def cmd_numbers(args: argparse.Namespace) -> Output:
    with open_ws(args) as ws:
        settled: list[str] = []
        with suppress(numbering.IssuingBusy), numbering.issuing_lock(ws.path, wait=SETTLE_WAIT):
            settled = numbering.settle(ws.db)  # a document interrupted earlier is finished or its number released
        found = numbering.list_numbers(ws.db, year=args.year)
    rows = [
        (n.number, numbering.KINDS[n.kind], n.period, n.unit or "—", n.issued_on, "；".join(n.files) or "—")
        for n in found
    ]
    text = table(rows, ["文号", "文书", "时段", "主送单位", "成文日期", "文件"])
    text += "".join(f"\n注意：上次中断的出文已处理：{line}" for line in settled)
    return [n.as_dict() for n in found], text


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add `doc` and its document commands."""
    group = add_group(sub, "doc", "文书：通报、曝光台、整改通知书、问题清单")
    helps = {
        "circular": "督查情况通报（GB/T 9704 公文格式，附问题清单）",
        "exposure": "曝光台（同意曝光的问题，照片按遮挡区域模糊）",
        "notice": "整改通知书（按责任单位，附整改回执；不给 --unit 时每个单位一个文件）",
        "problems": "问题清单（Excel，可筛选）",
    }
    for kind, help in helps.items():
        p = add_command(group, kind, _issue(kind), help, common, role="office")
        p.add_argument("--period", required=True, help="2026-W48 / 2026-11 / 2026-Q4 / 2026")
        p.add_argument("--format", choices=["pdf", "docx", "html", "xlsx"], help="默认按 --out 的扩展名")
        p.add_argument("--out", required=True, help="输出文件（doc notice 不给 --unit 时为文件夹）")
        if kind == "notice":
            p.add_argument("--unit", help="责任单位")
        if kind == "circular":
            p.add_argument("--to", help="主送机关（默认：各区创文办，市直各有关单位）")
        if kind in ("circular", "notice"):
            p.add_argument("--copy-to", help="抄送（默认取文书版头设置）")
        p.add_argument("--date", help="成文日期（默认今天）")
        p.add_argument("--today", help="按此日期计算问题状态（默认为成文日期）")
        p.add_argument("--preview", action="store_true", help="预览：不占用文号")
        p.add_argument("--new-number", action="store_true", help="重新编号（默认沿用这份文书已有的文号）")
        p.add_argument("--actor", help="同 --user：经办人（记入文号登记；办公室设有用户时须是文员）")
    p = add_command(group, "numbers", cmd_numbers, "已使用的文号（按年）", common, role="office")
    p.add_argument("--year", type=int)
