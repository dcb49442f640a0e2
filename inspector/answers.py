"""Answers files: record whole inspections from JSON or CSV (scripted data entry, tests, the demo)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from inspector import catalog as catalog_mod
from inspector import evidence, inspections, sites
from inspector.checklist import MODES, build_checklist
from inspector.errors import InspectorError, Problem, ValidationError
from inspector.ids import from_iso
from inspector.tabular import match_headers, read_table

_OUTCOME_WORDS = {
    "pass": "pass",
    "合格": "pass",
    "符合": "pass",
    "✓": "pass",
    "fail": "fail",
    "不合格": "fail",
    "不符合": "fail",
    "✗": "fail",
    "na": "na",
    "n/a": "na",
    "不适用": "na",
    "—": "na",
}
_MODE_WORDS = {"announced": "announced", "明察": "announced", "unannounced": "unannounced", "暗访": "unannounced"}

_CSV_ALIASES = {
    "site": ["点位", "点位编号", "site"],
    "inspector": ["督查员", "督查员编号", "inspector"],
    "mode": ["检查方式", "方式", "mode"],
    "started_at": ["开始时间", "检查时间", "started_at"],
    "place": ["地点", "place"],
    "item": ["条目编号", "条目", "item"],
    "outcome": ["结果", "检查结果", "outcome"],
    "count": ["处数", "count"],
    "note": ["备注", "note"],
    "photos": ["照片", "photos"],
}


@dataclass
class PlannedFinding:
    """One answer read from the file, before it is recorded."""

    item: str
    outcome: str
    count: int
    note: str
    photo_files: list[Path]


@dataclass
class PlannedInspection:
    """One inspection read from the file, checked against the workspace, before it is recorded."""

    where: str
    site_id: str
    inspector_id: str
    mode: str
    started_at: datetime | None
    place: str
    recheck_of: str | None
    rest: str | None
    finish: bool
    findings: list[PlannedFinding] = field(default_factory=list)


@dataclass(frozen=True)
class RecordedInspection:
    """What `record_answers` wrote for one inspection."""

    inspection: inspections.Inspection
    findings: int
    photos: int


def _outcome(text: Any) -> str | None:
    return _OUTCOME_WORDS.get(str(text).strip().lower()) if text is not None else None


def _split_photos(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return [part.strip() for part in str(value or "").replace("；", ";").split(";") if part.strip()]


def _from_json(path: Path) -> list[tuple[str, dict[str, Any]]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise ValidationError([Problem(path.name, None, None, f"无法读取文件：{exc.strerror or exc}")]) from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        raise ValidationError([Problem(path.name, line, None, "不是有效的 JSON 文件")]) from exc
    entries = data.get("inspections") if isinstance(data, dict) and "inspections" in data else [data]
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ValidationError([Problem(path.name, None, "inspections", "应为检查记录的列表")])
    return [(f"第{n}条检查", entry) for n, entry in enumerate(entries, start=1)]


def _from_csv(path: Path) -> tuple[list[tuple[str, dict[str, Any]]], list[Problem]]:
    table = read_table(path)
    mapping, problems = match_headers(table, _CSV_ALIASES, ["site", "inspector", "item", "outcome"])
    if problems:
        raise ValidationError(problems)
    groups: dict[tuple[str, str, str], dict[str, Any]] = {}
    for number, row in table.rows:
        values = {name: row.get(header, "") for name, header in mapping.items()}
        key = (values["site"], values["inspector"], values.get("started_at", ""))
        entry = groups.setdefault(
            key,
            {
                "row": number,
                "site": values["site"],
                "inspector": values["inspector"],
                "mode": values.get("mode") or "announced",
                "started_at": values.get("started_at") or None,
                "place": values.get("place", ""),
                "findings": [],
            },
        )
        entry["findings"].append(
            {
                "row": number,
                "item": values["item"],
                "outcome": values["outcome"],
                "count": values.get("count") or 1,
                "note": values.get("note", ""),
                "photos": values.get("photos", ""),
            }
        )
    return [(f"第{entry['row']}行起的检查", entry) for entry in groups.values()], []


def plan_answers(
    db: sqlite_utils.Database, path: Path | str, *, rest: str | None = None, finish: bool = True
) -> list[PlannedInspection]:
    """Read and check an answers file against the workspace; ValidationError lists every problem."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        entries = _from_json(path)
    elif suffix in (".csv", ".xlsx"):
        entries, _ = _from_csv(path)
    else:
        raise ValidationError([Problem(path.name, None, None, "答案文件应为 .json、.csv 或 .xlsx")])
    problems: list[Problem] = []
    catalog = catalog_mod.get_catalog(db)
    planned: list[PlannedInspection] = []

    def bad(where: str, column: str | None, message: str, row: Any = None) -> None:
        problems.append(Problem(path.name, row if isinstance(row, int) else None, column, f"{where}：{message}"))

    for where, entry in entries:
        row = entry.get("row")
        try:
            site = sites.get_site(db, str(entry.get("site", "")))
        except InspectorError as exc:
            bad(where, "site", str(exc), row)
            continue
        inspector_id = str(entry.get("inspector", "")).strip()
        if db.execute("SELECT 1 FROM inspectors WHERE id = ?", [inspector_id]).fetchone() is None:
            bad(where, "inspector", f"没有编号为“{inspector_id}”的督查员", row)
        mode = _MODE_WORDS.get(str(entry.get("mode", "announced")).strip().lower())
        if mode not in MODES:
            bad(where, "mode", f"检查方式“{entry.get('mode')}”应为 明察/暗访", row)
            mode = "announced"
        started: datetime | None = None
        if entry.get("started_at"):
            try:
                started = from_iso(str(entry["started_at"]))
            except ValueError:
                bad(where, "started_at", f"时间“{entry['started_at']}”应写成 2026-11-20T09:30:00+08:00", row)
        entry_rest = entry.get("rest", rest)
        if entry_rest is not None and _outcome(entry_rest) is None:
            bad(where, "rest", f"未列出条目的结果“{entry_rest}”应为 合格/不适用", row)
        checklist = set(build_checklist(catalog, site.site_type, mode=mode).codes)
        plan = PlannedInspection(
            where,
            site.id,
            inspector_id,
            mode,
            started,
            str(entry.get("place") or site.address),
            entry.get("recheck_of"),
            _outcome(entry_rest) if entry_rest is not None else None,
            bool(entry.get("finish", finish)),
        )
        seen: set[str] = set()
        for finding in entry.get("findings") or []:
            frow = finding.get("row", row)
            code = str(finding.get("item", "")).strip()
            if code not in checklist:
                bad(where, "item", f"条目“{code}”不适用于点位类型“{catalog.site_type_name(site.site_type)}”", frow)
                continue
            if code in seen:
                bad(where, "item", f"条目“{code}”重复作答", frow)
                continue
            seen.add(code)
            outcome = _outcome(finding.get("outcome"))
            if outcome is None:
                bad(where, "outcome", f"结果“{finding.get('outcome')}”应为 合格/不合格/不适用", frow)
                continue
            try:
                raw = finding.get("count")
                count = 1 if raw is None or str(raw).strip() == "" else int(raw)
                if count < 1:
                    raise ValueError
            except (TypeError, ValueError):
                bad(where, "count", f"处数“{finding.get('count')}”应为正整数", frow)
                continue
            files = [(path.parent / name) for name in _split_photos(finding.get("photos"))]
            for file in files:
                if not file.is_file():
                    bad(where, "photos", f"找不到照片文件“{file.name}”", frow)
            if outcome == "fail" and not files and catalog.item(code).photo_required and plan.finish:
                bad(where, "photos", f"条目“{code}”不合格时必须附照片", frow)
            plan.findings.append(PlannedFinding(code, outcome, count, str(finding.get("note") or ""), files))
        unanswered = sorted(checklist - seen)
        if plan.finish and plan.rest is None and unanswered:
            bad(
                where,
                None,
                f"还有 {len(unanswered)} 个条目未作答（如 {unanswered[0]}）；"
                "请补全，或用 --rest pass 把未列出的条目记为合格",
                row,
            )
        planned.append(plan)
    if problems:
        raise ValidationError(problems)
    return planned


def record_answers(
    db: sqlite_utils.Database,
    evidence_dir: Path,
    path: Path | str,
    *,
    device_id: str,
    rest: str | None = None,
    finish: bool = True,
) -> list[RecordedInspection]:
    """Check the whole file, import its photos, then record each inspection answer by answer."""
    planned = plan_answers(db, path, rest=rest, finish=finish)
    photo_shas: dict[Path, str] = {}
    problems: list[Problem] = []
    for plan in planned:
        for finding in plan.findings:
            for file in finding.photo_files:
                if file in photo_shas:
                    continue
                try:
                    photo_shas[file] = evidence.import_photo(db, evidence_dir, file, device_id=device_id).sha256
                except InspectorError as exc:
                    problems.append(Problem(Path(path).name, None, "photos", f"{plan.where}：{exc}"))
    if problems:
        raise ValidationError(problems)
    results = []
    for plan in planned:
        inspection = inspections.start_inspection(
            db,
            site_id=plan.site_id,
            inspector_id=plan.inspector_id,
            mode=plan.mode,
            started_at=plan.started_at,
            place=plan.place,
            recheck_of=plan.recheck_of,
        )
        photos = 0
        for finding in plan.findings:
            shas = [photo_shas[file] for file in finding.photo_files]
            photos += len(shas)
            inspections.record_finding(
                db,
                inspection.id,
                finding.item,
                outcome=finding.outcome,
                count=finding.count,
                note=finding.note,
                photos=shas,
            )
        answered = {f.item for f in plan.findings}
        if plan.rest is not None:
            for code in inspections.inspection_checklist(db, inspection).codes:
                if code not in answered:
                    inspections.record_finding(db, inspection.id, code, outcome=plan.rest)
        if plan.finish:
            inspection = inspections.finish_inspection(db, inspection.id)
        results.append(RecordedInspection(inspection, len(plan.findings), photos))
    return results
