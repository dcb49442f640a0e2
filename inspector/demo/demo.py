"""The headless demo: a workspace on the shipped data with a realistic month of inspections."""

from __future__ import annotations

import io
import json
import random
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from inspector import catalog, clock, forms, program, scoring, workspace
from inspector.catalog import Item
from inspector.demo import demo_office
from inspector.exchange import keys, merge, registry, taskpack
from inspector.exchange.bundle import export
from inspector.exchange.bundle.digest import workspace_digest
from inspector.field import evidence, inspections, watermark
from inspector.periods import Period, parse_period
from inspector.register import draw, sites
from inspector.register import inspectors as inspectors_mod
from inspector.store import get_setting

WEEKS = 4
DEMO_PASSPHRASE = "演示口令-demo-2026"
SITES_PER_DISTRICT = 3
PLATE = (1010, 650, 150, 44)  # where the demo photos show a licence plate: x, y, width, height in pixels
_NOTES = {
    "ENV": ["现场可见", "多处", "商户门前"],
    "ORD": ["占道约2米", "早高峰时段", "沿街"],
    "PUB": ["宣传栏内容过期", "无公益广告"],
}


def synthetic_photo(rng: random.Random, taken: datetime, label: int) -> bytes:
    """A synthetic street-scene photo with its capture time in EXIF (stands in for a camera)."""
    width, height = 1600, 1200
    sky = (rng.randint(150, 210), rng.randint(180, 220), rng.randint(200, 240))
    img = Image.new("RGB", (width, height), sky)
    pen = ImageDraw.Draw(img)
    pen.rectangle([0, height * 0.6, width, height], fill=(rng.randint(90, 130),) * 3)
    for _ in range(8):
        x, w = rng.randint(0, width - 200), rng.randint(120, 380)
        top = rng.randint(int(height * 0.15), int(height * 0.45))
        shade = rng.randint(120, 220)
        pen.rectangle([x, top, x + w, height * 0.6], fill=(shade, shade - 20, shade - 40))
    for _ in range(12 + label % 7):
        x, y = rng.randint(0, width), rng.randint(int(height * 0.62), height - 20)
        r = rng.randint(6, 26)
        pen.ellipse([x - r, y - r, x + r, y + r], fill=(rng.randint(0, 255), rng.randint(0, 255), rng.randint(0, 255)))
    _parked_car(pen, label)
    exif = Image.Exif()
    exif_ifd = exif.get_ifd(0x8769)
    exif_ifd[0x9003] = clock.local(taken).strftime("%Y:%m:%d %H:%M:%S")
    out = io.BytesIO()
    img.save(out, "JPEG", quality=88, exif=exif)
    return out.getvalue()


def _parked_car(pen: ImageDraw.ImageDraw, label: int) -> None:
    """A parked car whose licence plate sits at PLATE, so masking it in the published copy can be seen."""
    x, y, w, h = PLATE
    pen.rounded_rectangle([x - 150, y - 150, x + w + 150, y + h + 24], radius=28, fill=(60, 70, 90))
    pen.rectangle([x - 110, y - 125, x + w + 110, y - 60], fill=(170, 195, 215))
    pen.rectangle([x, y, x + w, y + h], fill=(20, 60, 170), outline=(240, 240, 240), width=3)
    font = ImageFont.load_default(size=h - 12)
    pen.text((x + w / 2, y + h / 2), f"A·{label % 90000 + 10000}", fill=(245, 245, 245), font=font, anchor="mm")


def _fail_rate(rng: random.Random) -> float:
    return rng.choice([0.02, 0.04, 0.06, 0.1, 0.16])


def _answer(
    ws: workspace.Workspace,
    inspection: inspections.Inspection,
    items: list[Item],
    rng: random.Random,
    started: datetime,
    fail: Callable[[Item], bool],
) -> int:
    """Answer every item of an inspection the way an inspector would; returns photos attached."""
    photos = 0
    for n, item in enumerate(items):
        moment = started + timedelta(seconds=20 * n + rng.randint(0, 15))
        if fail(item):
            shas = []
            for k in range(1 if rng.random() < 0.8 else 2):
                data = synthetic_photo(rng, moment, n + k)
                shas.append(
                    evidence.import_photo(
                        ws.db,
                        ws.evidence_dir,
                        data,
                        device_id=ws.device_id,
                        original_name=f"IMG_{moment:%Y%m%d_%H%M%S}_{k}.jpg",
                    ).sha256
                )
            photos += len(shas)
            count = rng.choice([1, 1, 1, 2, 3])
            note = rng.choice(_NOTES.get(item.category, ["现场发现"]))
            inspections.record_finding(
                ws.db, inspection.id, item.code, outcome="fail", count=count, note=note, photos=shas, recorded_at=moment
            )
        else:
            outcome = "na" if rng.random() < 0.03 else "pass"
            inspections.record_finding(ws.db, inspection.id, item.code, outcome=outcome, recorded_at=moment)
    return photos


def _looks_text(looks: dict[str, dict[str, str]]) -> str:
    """Which exposed problems' photos had their plates masked and which were marked clear, as the demo prints it."""
    masked = [f"{ref}×{n}" for ref, v in looks.items() if (n := sum(x == "masked" for x in v.values()))]
    clear = [f"{ref}×{n}" for ref, v in looks.items() if (n := sum(x == "clear" for x in v.values()))]
    text = "每张照片均经人工审看人脸和车牌；遮挡车牌：" + ("、".join(masked) or "无")
    return text + "；无人脸和车牌：" + ("、".join(clear) or "无")


def run_demo(
    out: Path, *, seed: str = "demo", today: date | None = None, progress: Callable[[str], None] | None = None
) -> dict[str, Any]:
    """Four weeks of office inspections and rechecks in `out/workspace`, then a field day of task packs and bundles.

    `today` sets the clock for the whole run (it starts at 08:00 that day, city time); without it the demo ends
    on the clock's today.
    """
    if today is None:
        return _run_demo(out, seed=seed, today=clock.today(), progress=progress)
    with clock.travel(clock.at(today, time(8, 0))):
        return _run_demo(out, seed=seed, today=today, progress=progress)


def _run_demo(out: Path, *, seed: str, today: date, progress: Callable[[str], None] | None) -> dict[str, Any]:
    say = progress or (lambda _text: None)
    rng = random.Random(seed)
    ws = workspace.init_workspace(out / "workspace", role="office", name="演示工作区（云州市创文办）")
    with ws:
        types = {t.code: t.name for t in catalog.get_catalog(ws.db).site_types}
        report = sites.import_sites(ws.db, forms.form_path(forms.DEMO_SITES_FILE), site_types=types)
        inspectors_mod.import_roster(ws.db, forms.form_path(forms.DEMO_INSPECTORS_FILE))
        say(f"已导入演示点位 {report.added} 个、督查员 {len(inspectors_mod.list_inspectors(ws.db))} 人")
        rules = get_setting(ws.db, "draw", {})
        end = today - timedelta(days=1)
        first_monday = end - timedelta(days=end.weekday()) - timedelta(weeks=WEEKS - 1)
        recheck_queue: list[inspections.Inspection] = []
        totals = {"inspections": 0, "rechecks": 0, "photos": 0}
        exported: Path | None = None
        for week in range(WEEKS):
            monday = first_monday + timedelta(weeks=week)
            week_seed = f"{seed}-{monday.isocalendar().year}-W{monday.isocalendar().week:02d}"
            made = draw.draw_sites(ws.db, count=SITES_PER_DISTRICT, per="district", seed=week_seed)
            team = draw.draw_inspectors(
                ws.db,
                site_draw_id=made.id,
                per_site=rules.get("inspectors_per_site", 1),
                seed=week_seed,
                recusal=rules.get("recusal"),
            )
            if exported is None:
                exported = out / "draw-week1.json"
                exported.write_text(json.dumps(draw.export_draw(made), ensure_ascii=False, indent=2), "utf-8")
            days = [monday + timedelta(days=d) for d in range(5) if monday + timedelta(days=d) <= end]
            if not days:
                break
            rechecks, recheck_queue = recheck_queue, []
            for n, site_id in enumerate(made.result):
                day = days[n % len(days)]
                started = clock.at(day, time(9 + (n * 7) % 8, rng.randint(0, 59)))
                site = sites.get_site(ws.db, site_id)
                mode = "unannounced" if rng.random() < 0.65 else "announced"
                inspection = inspections.start_inspection(
                    ws.db,
                    site_id=site_id,
                    inspector_id=team.result[site_id][0],
                    mode=mode,
                    started_at=started,
                    place=f"{site.district}{site.street}{site.address}",
                    draw_id=made.id,
                )
                items = inspections.inspection_checklist(ws.db, inspection).items
                rate = _fail_rate(rng)
                totals["photos"] += _answer(ws, inspection, items, rng, started, lambda _i, r=rate: rng.random() < r)
                done = inspections.finish_inspection(ws.db, inspection.id, finished_at=started + timedelta(minutes=40))
                totals["inspections"] += 1
                if done.problem_count:
                    recheck_queue.append(done)
            for original in rechecks:
                failed = {f.item_code for f in inspections.current_findings(ws.db, original.id) if f.outcome == "fail"}
                day = days[-1]
                started = clock.at(day, time(14, rng.randint(0, 59)))
                inspection = inspections.start_inspection(
                    ws.db,
                    site_id=original.site_id,
                    inspector_id=original.inspector_id,
                    mode="announced",
                    started_at=started,
                    place=original.place,
                    recheck_of=original.id,
                )
                items = inspections.inspection_checklist(ws.db, inspection).items
                totals["photos"] += _answer(
                    ws, inspection, items, rng, started, lambda i, f=failed: i.code in f and rng.random() < 0.25
                )
                inspections.finish_inspection(ws.db, inspection.id, finished_at=started + timedelta(minutes=30))
                totals["rechecks"] += 1
            say(
                f"第{week + 1}周（{monday:%m-%d} 起）：抽取 {len(made.result)} 个点位（种子 {week_seed}），"
                f"复查 {len(rechecks)} 个"
            )
        period = parse_period(f"{first_monday.isoformat()}..{end.isoformat()}")
        verified = draw.verify_record(json.loads(exported.read_text("utf-8"))) if exported else None
        field = field_day(ws, out, seed=seed, day=end + timedelta(days=1), rng=rng)
        say(
            f"外勤：{len(field['laptops'])} 台笔记本按任务包检查 {field['inspections']} 次，"
            f"导出 {len(field['bundles'])} 个数据包，办公室合并完成"
        )
        office = demo_office.office_month(
            ws,
            out,
            first=first_monday,
            last=end,
            today=end + timedelta(days=1),
            seed=seed,
            plate=PLATE,
        )
        reviewed = office["review"]
        say(
            f"审核与整改：确认 {reviewed['confirmed']} 个问题，驳回 1 个，同意曝光 {len(reviewed['exposed'])} 个，"
            f"登记整改 {office['rectification']['reported']} 个；下周复查 {office['recheck_sites']} 个点位"
        )
        sample = _watermark_sample(ws, out)
        result = _result(ws, period, totals, exported, verified, sample)
        result["field"] = field
        result["office"] = office
    (out / "summary.json").write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    return result


def field_day(office: workspace.Workspace, out: Path, *, seed: str, day: date, rng: random.Random) -> dict[str, Any]:
    """Two inspectors' laptops: register, import a signed task pack, inspect, export bundles; the office merges."""
    keys.init_key(office.db, DEMO_PASSPHRASE)
    rules = get_setting(office.db, "draw", {})
    made = draw.draw_sites(office.db, count=1, per="district", seed=f"{seed}-field-{day.isoformat()}")
    team = draw.draw_inspectors(office.db, site_draw_id=made.id, seed=made.seed, recusal=rules.get("recusal"))
    chosen = list(dict.fromkeys(person for site in team.params["site_ids"] for person in team.result[site]))[:2]
    pack = taskpack.create_taskpack(
        office,
        DEMO_PASSPHRASE,
        draw_id=team.id,
        mode="unannounced",
        period=f"{day.isocalendar().year}-W{day.isocalendar().week:02d}",
        expires=day + timedelta(days=7),
        out=out / "taskpack-v1.itask",
    )
    (out / "bundles").mkdir(exist_ok=True)
    laptops, bundles, done = [], [], 0
    for person_id in chosen:
        person = inspectors_mod.get_inspector(office.db, person_id)
        profile = {"id": person.id, "name": person.name, "district": person.district, "unit": person.unit}
        with workspace.init_workspace(out / "laptops" / person.id, role="field", inspector=profile) as laptop:
            keys.init_key(laptop.db, DEMO_PASSPHRASE)
            registration = out / "laptops" / f"{person.id}-registration.json"
            registry.export_registration(laptop, DEMO_PASSPHRASE, registration)
            trust = registration.with_suffix(".trust.json")
            registry.register_device(office, registration, DEMO_PASSPHRASE, trust_out=trust)
            registry.import_trust(laptop, trust)
            taskpack.import_taskpack(laptop, pack["file"])
            for n, task in enumerate(taskpack.list_tasks(laptop.db)):
                started = clock.at(day, time(9 + 2 * n, rng.randint(0, 59)))
                inspection = taskpack.start_task(laptop.db, task.id, started_at=started, place=task.site_name)
                items = inspections.inspection_checklist(laptop.db, inspection).items
                _answer(laptop, inspection, items, rng, started, lambda _i: rng.random() < 0.08)
                inspections.finish_inspection(laptop.db, inspection.id, finished_at=started + timedelta(minutes=35))
                done += 1
            bundles.append(export.export_bundle(laptop, out / "bundles", DEMO_PASSPHRASE).path)
            laptops.append({"inspector": person.id, "name": person.name, "workspace": str(laptop.path)})
    verdicts = merge.merge_paths(office, [out / "bundles"])
    return {
        "laptops": laptops,
        "taskpack": pack["file"],
        "inspections": done,
        "bundles": [{"file": v.file, "verdict": v.verdict, "counts": v.counts} for v in verdicts],
        "digest": workspace_digest(office.db)["digest"],
        "passphrase": DEMO_PASSPHRASE,
    }


def _watermark_sample(ws: workspace.Workspace, out: Path) -> str | None:
    """Write the watermarked copy of the first failed finding's photo, as documents will use it."""
    row = ws.db.execute(
        "SELECT r.photos, i.started_at, i.place, s.name, p.name FROM finding_revisions r"
        " JOIN findings f ON f.id = r.finding_id JOIN inspections i ON i.id = f.inspection_id"
        " JOIN sites s ON s.id = i.site_id JOIN inspectors p ON p.id = i.inspector_id"
        " WHERE r.photos != '[]' ORDER BY i.started_at LIMIT 1"
    ).fetchone()
    if row is None:
        return None
    sha = json.loads(row[0])[0]
    info = evidence.get_photo(ws.db, sha)
    taken = datetime.fromisoformat((info.captured_at or row[1]).replace("Z", "+00:00"))
    data = watermark.watermarked_copy(
        ws.db, ws.evidence_dir, sha, taken_at=taken, place=row[2], site=row[3], inspector=row[4]
    )
    target = out / "watermarked-sample.jpg"
    target.write_bytes(data)
    return str(target)


def _result(
    ws: workspace.Workspace,
    period: Period,
    totals: dict[str, int],
    exported: Path | None,
    verified: Any,
    sample: str | None,
) -> dict[str, Any]:
    return {
        "workspace": str(ws.path),
        "period": period.text,
        "summary": scoring.period_summary(ws.db, period),
        "by_district": scoring.aggregate(ws.db, period, "district"),
        "by_finding_unit": sorted(
            scoring.aggregate(ws.db, period, "finding-unit"), key=lambda r: (-r["problems"], r["name"])
        )[:5],
        "totals": totals,
        "draw_record": str(exported) if exported else None,
        "draw_verified": bool(verified and verified.matches),
        "watermarked_sample": sample,
    }


def summary_text(result: dict[str, Any]) -> str:
    """The demo's closing summary, in Chinese."""
    s = result["summary"]
    lines = [
        f"演示完成。工作区：{result['workspace']}",
        f"{s['label']}：检查 {s['inspections']} 次（明察 {s['announced']}、暗访 {s['unannounced']}，"
        f"其中复查 {result['totals']['rechecks']} 次），点位 {s['sites']} 个，发现问题 {s['problems']} 处，"
        f"扣分 {s['deductions']:g}，平均得分 {s['average_score']:.2f}，照片 {result['totals']['photos']} 张",
        "各区排名：",
    ]
    for row in result["by_district"]:
        lines.append(
            f"  第{row['rank']}名 {row['name']}  平均 {row['average_score']:.2f} 分  "
            f"检查 {row['inspections']} 次  问题 {row['problems']} 处"
        )
    lines.append("问题最多的责任单位：")
    for row in result["by_finding_unit"]:
        lines.append(f"  {row['name']}  问题 {row['problems']} 处  扣分 {row['deductions']:g}")
    lines.append(f"抽签记录：{result['draw_record']}（复核{'一致' if result['draw_verified'] else '不一致'}）")
    if result["watermarked_sample"]:
        lines.append(f"带水印的证据照片样例：{result['watermarked_sample']}")
    field = result.get("field")
    if field:
        names = "、".join(laptop["name"] for laptop in field["laptops"])
        imported = sum(b["verdict"] == "imported" for b in field["bundles"])
        lines.append(
            f"外勤演示：{names} 的笔记本导入签名任务包 {field['taskpack']}，检查 {field['inspections']} 次，"
            f"导出的 {len(field['bundles'])} 个签名数据包已合并 {imported} 个（演示口令：{field['passphrase']}）"
        )
        lines.append(f"合并后的外勤数据摘要：{field['digest']}")
    office = result.get("office")
    if office:
        r = office["review"]
        lines.append(
            f"{office['period_label']}审核：确认 {r['confirmed']} 个问题，驳回 1 个（{r['rejected']}），"
            f"待审核 {len(r['pending'])} 个，同意曝光 {len(r['exposed'])} 个（{_looks_text(r['photo_reviews'])}）；"
            f"登记整改 {office['rectification']['reported']} 个；下周需复查 {office['recheck_sites']} 个点位"
            f"（{program.command('rechecks draw')} 可记为复查抽签并签发任务包）"
        )
        lines.append("文书：")
        lines.extend(f"  {path}" for path in office["documents"])
    lines.append(f"下一步：{program.name()} --workspace {result['workspace']} score --period {result['period']}")
    return "\n".join(lines)
