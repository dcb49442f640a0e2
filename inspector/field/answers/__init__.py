"""Answers files: record whole inspections from JSON or CSV (scripted data entry, tests, the demo).

The whole file is checked first (every value strictly typed, counts in range, real dates, existing references,
no unknown keys), then its photos are checked and re-encoded, then everything is written in one transaction.
An inspection already recorded (same site, inspector and start time) is skipped, so re-running a file after a
failure or by mistake never duplicates anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import sqlite_utils

from inspector import catalog as catalog_mod
from inspector import clock
from inspector.catalog import Catalog
from inspector.errors import InspectorError, ValidationError
from inspector.field import evidence, inspections
from inspector.field.answers.files import (
    MAX_COUNT,
    MAX_FILE_BYTES,
    MAX_NOTE,
    MAX_PLACE,
    At,
    RawEntry,
    Report,
    read_entries,
    shown,
)
from inspector.field.checklist import build_checklist
from inspector.ids import from_iso, to_iso
from inspector.register import sites
from inspector.store import checkpoint, transaction

__all__ = [
    "MAX_COUNT",
    "MAX_FILE_BYTES",
    "MAX_NOTE",
    "MAX_PLACE",
    "AnswersImport",
    "PlannedFinding",
    "PlannedInspection",
    "RecordedInspection",
    "SkippedInspection",
    "plan_answers",
    "record_answers",
]

EARLIEST_YEAR = 2000
FUTURE_TOLERANCE = timedelta(minutes=15)

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
    started_at: datetime
    place: str
    recheck_of: str | None
    rest: str | None
    finish: bool
    findings: list[PlannedFinding] = field(default_factory=list)
    started_text: str = ""  # the start time as the file wrote it
    existing: inspections.Inspection | None = None


@dataclass(frozen=True)
class RecordedInspection:
    """What `record_answers` wrote for one inspection."""

    where: str
    inspection: inspections.Inspection
    findings: int
    photos: int


@dataclass(frozen=True)
class SkippedInspection:
    """An inspection of the file that was already recorded (same site, inspector and start time): left alone."""

    where: str
    started_text: str
    inspection: inspections.Inspection
    differs: list[str]


@dataclass(frozen=True)
class AnswersImport:
    """The outcome of importing one answers file."""

    recorded: list[RecordedInspection]
    skipped: list[SkippedInspection]


def _outcome(text: str) -> str | None:
    return _OUTCOME_WORDS.get(text.strip().lower())


# ---------------------------------------------------------------- checking against the workspace


def _moment(text: str, at: At, report: Report, now: datetime) -> datetime | None:
    try:
        moment = from_iso(text)
        moment.astimezone()  # out-of-range offsets and years fail here rather than later
    except (ValueError, OverflowError):
        report.bad(
            at,
            f"开始时间“{shown(text)}”不是有效的日期时间；应写成 2026-11-24T09:30:00+08:00（不写时区则按本市时间）",
        )
        return None
    if moment.year < EARLIEST_YEAR:
        report.bad(at, f"开始时间“{shown(text)}”早于 {EARLIEST_YEAR} 年，请检查年份")
        return None
    if moment > now + FUTURE_TOLERANCE:
        report.bad(at, f"开始时间“{shown(text)}”晚于现在，不能记录尚未开始的检查；请检查日期和时区")
        return None
    return moment


def _check_entry(
    db: sqlite_utils.Database,
    catalog: Catalog,
    entry: RawEntry,
    report: Report,
    base: Path,
    *,
    rest: str | None,
    finish: bool,
    now: datetime,
) -> tuple[PlannedInspection | None, list[tuple[Path, At]]]:
    """Check one entry's values against the workspace (None when it cannot be recorded) and list its photos."""
    before = len(report)
    refs: list[tuple[Path, At]] = []
    site = None
    if entry.site is not None:
        try:
            site = sites.get_site(db, entry.site)
        except InspectorError:
            report.bad(entry.at["site"], f"找不到点位“{shown(entry.site)}”（请写点位编号，如 YX-003）")
    known = db.execute("SELECT 1 FROM inspectors WHERE id = ?", [entry.inspector or ""]).fetchone() is not None
    if entry.inspector is not None and not known:
        report.bad(entry.at["inspector"], f"没有编号为“{shown(entry.inspector)}”的督查员")
    mode = _MODE_WORDS.get(entry.mode.strip().lower()) if entry.mode is not None else "announced"
    if mode is None:
        report.bad(entry.at["mode"], f"检查方式“{shown(entry.mode)}”应为 明察/暗访（announced/unannounced）")
    started = _moment(entry.started_at, entry.at["started_at"], report, now) if entry.started_at else None
    rest_word = entry.rest if entry.rest is not None else rest
    rest_outcome = _outcome(rest_word) if rest_word is not None else None
    if rest_word is not None and rest_outcome not in ("pass", "na"):
        report.bad(entry.at["rest"], f"未列出条目的结果“{shown(rest_word)}”应为 合格/不适用（pass/na）")
    finishing = finish if entry.finish is None else entry.finish
    recheck_of = None
    if entry.recheck_of is not None and site is not None:
        try:
            original = inspections.get_inspection(db, entry.recheck_of)
        except InspectorError:
            report.bad(entry.at["recheck_of"], f"复查的原检查“{shown(entry.recheck_of)}”不存在")
        else:
            if original.site_id != site.id:
                report.bad(
                    entry.at["recheck_of"],
                    f"复查的原检查“{shown(entry.recheck_of)}”是另一个点位的检查；复查必须针对同一点位",
                )
            elif started is not None and to_iso(started) <= original.started_at:
                report.bad(entry.at["started_at"], "复查的开始时间应晚于原检查的开始时间")
            recheck_of = original.id
    if site is None:
        return None, refs
    checklist = build_checklist(catalog, site.site_type, mode=mode or "announced")
    applicable = set(checklist.codes)
    findings: list[PlannedFinding] = []
    seen: dict[str, At] = {}
    for raw in entry.findings:
        outcome = _outcome(raw.outcome) if raw.outcome is not None else None
        if raw.outcome is not None and outcome is None:
            report.bad(raw.at["outcome"], f"结果“{shown(raw.outcome)}”应为 合格/不合格/不适用（pass/fail/na）")
        if raw.count is not None and not 1 <= raw.count <= MAX_COUNT:
            report.bad(raw.at["count"], f"处数应为 1 到 {MAX_COUNT} 之间的整数，而不是 {raw.count}")
        files = [base / name for name in raw.photos]
        for name, file in zip(raw.photos, files, strict=True):
            if file.exists():
                refs.append((file, raw.at["photos"]))
            else:
                report.bad(raw.at["photos"], f"找不到照片文件“{shown(name)}”（相对于答案文件所在的文件夹）")
        code = raw.item
        if code is None:
            continue
        if code not in applicable:
            if code in {item.code for item in catalog.items}:
                message = f"条目“{shown(code)}”不适用于点位类型“{checklist.site_type_name}”"
            else:
                message = f"负面清单中没有条目“{shown(code)}”"
            report.bad(raw.at["item"], message)
            continue
        if code in seen:
            first = seen[code]
            again = f"（第{first.row}行已作答）" if first.row is not None else "（前面已作答）"
            report.bad(raw.at["item"], f"条目“{code}”重复作答{again}")
            continue
        seen[code] = raw.at["item"]
        if outcome == "fail" and not files and catalog.item(code).photo_required and finishing:
            report.bad(raw.at["photos"], f"条目“{code}”不合格时必须附照片")
        if outcome is not None and raw.count is not None:
            findings.append(PlannedFinding(code, outcome, raw.count, raw.note, files))
    unanswered = [code for code in checklist.codes if code not in seen]
    if finishing and rest_outcome is None and unanswered:
        report.bad(
            entry.whole,
            f"还有 {len(unanswered)} 个条目未作答（如 {unanswered[0]}）；"
            "请补全，或用 --rest pass 把未列出的条目记为合格",
        )
    if len(report) > before or started is None or entry.inspector is None or mode is None:
        return None, refs
    plan = PlannedInspection(
        entry.where,
        site.id,
        entry.inspector,
        mode,
        started,
        entry.place or site.address,
        recheck_of,
        rest_outcome,
        finishing,
        findings,
        entry.started_at or "",
    )
    return plan, refs


def _existing(db: sqlite_utils.Database, plan: PlannedInspection) -> inspections.Inspection | None:
    """The inspection already recorded with this one's site, inspector and start time, if any."""
    row = db.execute(
        "SELECT id FROM inspections WHERE site_id = ? AND inspector_id = ? AND started_at = ? ORDER BY id LIMIT 1",
        [plan.site_id, plan.inspector_id, to_iso(plan.started_at)],
    ).fetchone()
    return None if row is None else inspections.get_inspection(db, row[0])


def _differences(db: sqlite_utils.Database, plan: PlannedInspection, existing: inspections.Inspection) -> list[str]:
    """Items whose answer in the file is not the answer recorded (outcome, count of a failure, note)."""
    recorded = {f.item_code: f for f in inspections.current_findings(db, existing.id)}
    differs = []
    for finding in plan.findings:
        now = recorded.get(finding.item)
        count = finding.count if finding.outcome == "fail" else 0
        if now is None or (now.outcome, now.count, now.note) != (finding.outcome, count, finding.note):
            differs.append(finding.item)
    return differs


def _skipped(db: sqlite_utils.Database, plan: PlannedInspection, existing: inspections.Inspection) -> SkippedInspection:
    return SkippedInspection(plan.where, plan.started_text, existing, _differences(db, plan, existing))


def _plan(
    db: sqlite_utils.Database, path: Path, *, rest: str | None, finish: bool, now: datetime
) -> tuple[list[PlannedInspection], Report, list[tuple[Path, At]]]:
    """The file's inspections checked against the workspace, the problems found, and the photos to import."""
    entries, report = read_entries(path)
    catalog = catalog_mod.get_catalog(db)
    planned: list[PlannedInspection] = []
    photos: list[tuple[Path, At]] = []
    keys: dict[tuple[str, str, str], str] = {}
    for entry in entries:
        plan, refs = _check_entry(db, catalog, entry, report, path.parent, rest=rest, finish=finish, now=now)
        if plan is None:
            photos.extend(refs)
            continue
        key = (plan.site_id, plan.inspector_id, to_iso(plan.started_at))
        if key in keys:
            report.bad(entry.at["started_at"], f"与{keys[key]}的点位、督查员和开始时间都相同；同一次检查只能写一次")
            continue
        keys[key] = entry.where
        plan.existing = _existing(db, plan)
        planned.append(plan)
        if plan.existing is None:
            photos.extend(refs)
    return planned, report, photos


def plan_answers(
    db: sqlite_utils.Database,
    path: Path | str,
    *,
    rest: str | None = None,
    finish: bool = True,
    now: datetime | None = None,
) -> list[PlannedInspection]:
    """Read and check an answers file against the workspace; ValidationError lists every problem."""
    planned, report, _ = _plan(db, Path(path), rest=rest, finish=finish, now=now or clock.now())
    if len(report):
        raise ValidationError(report.problems)
    return planned


# ---------------------------------------------------------------- recording


def _record(
    db: sqlite_utils.Database, plan: PlannedInspection, sha_of: dict[Path, str], now: datetime
) -> RecordedInspection:
    """Write one planned inspection inside the open transaction."""
    inspection_id = inspections.start_inspection_tx(
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
        shas = [sha_of[file] for file in finding.photo_files]
        photos += len(shas)
        inspections.record_finding_tx(
            db,
            inspection_id,
            finding.item,
            outcome=finding.outcome,
            count=finding.count,
            note=finding.note,
            photos=shas,
            recorded_at=now,
        )
    if plan.rest is not None:
        answered = {f.item for f in plan.findings}
        inspection = inspections.get_inspection(db, inspection_id)
        for code in inspections.inspection_checklist(db, inspection).codes:
            if code not in answered:
                inspections.record_finding_tx(db, inspection_id, code, outcome=plan.rest, recorded_at=now)
    if plan.finish:
        inspections.finish_inspection_tx(db, inspection_id, finished_at=now)
    return RecordedInspection(plan.where, inspections.get_inspection(db, inspection_id), len(plan.findings), photos)


def record_answers(
    db: sqlite_utils.Database,
    evidence_dir: Path,
    path: Path | str,
    *,
    device_id: str,
    rest: str | None = None,
    finish: bool = True,
    now: datetime | None = None,
) -> AnswersImport:
    """Check the whole file and its photos, then record every new inspection in one transaction.

    ValidationError lists every problem and nothing is written (no row, no photo file). Inspections already
    recorded (same site, inspector and start time) are skipped, so running a file twice records it once.
    """
    path = Path(path)
    moment = now or clock.now()
    planned, report, refs = _plan(db, path, rest=rest, finish=finish, now=moment)
    todo = [plan for plan in planned if plan.existing is None]
    first_use: dict[Path, At] = {}
    for file, at in refs:
        first_use.setdefault(file, at)
    files = list(first_use)
    recorded: list[RecordedInspection] = []
    skipped = [_skipped(db, plan, plan.existing) for plan in planned if plan.existing is not None]
    try:
        with evidence.stage_photos(evidence_dir, files, device_id=device_id) as photo_set:
            if len(report):
                raise ValidationError(report.problems)
            sha_of = dict(zip(files, photo_set.shas, strict=True))
            with transaction(db) as conn:
                photo_set.record(conn, now=moment)
                for plan in todo:
                    existing = _existing(db, plan)  # recorded by someone else since the check
                    if existing is not None:
                        skipped.append(_skipped(db, plan, existing))
                        continue
                    recorded.append(_record(db, plan, sha_of, moment))
    except evidence.PhotoSetError as exc:
        for index, error in exc.failures:
            report.bad(first_use[files[index]], str(error))
        raise ValidationError(report.problems) from None
    if recorded:
        checkpoint(db)  # like finishing in the runner: the recorded file does not live only in the -wal file
    order = {plan.where: n for n, plan in enumerate(planned)}
    skipped.sort(key=lambda s: order[s.where])
    return AnswersImport(recorded, skipped)
