"""Inspections and findings: each answer committed at once as a new revision; finishing fixes the score."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import sqlite_utils

from inspector import catalog as catalog_mod
from inspector import clock, scoring, voids
from inspector.catalog import Catalog, Item
from inspector.changes import writes
from inspector.errors import InspectorError, NotFoundError, StateError
from inspector.field.checklist import MODES, Checklist, build_checklist, sample_items
from inspector.ids import from_iso, to_iso, utc_now, uuid7
from inspector.store import checkpoint, get_setting, transaction
from inspector.store.queries import current_revision
from inspector.untrusted import printable

OUTCOMES = ("pass", "fail", "na")
OUTCOME_LABELS = {"pass": "合格", "fail": "不合格", "na": "不适用"}


class IncompleteError(StateError):
    """Finishing is blocked: items unanswered or required photos missing."""

    def __init__(self, unanswered: list[str], missing_photos: list[str]):
        self.unanswered = unanswered
        self.missing_photos = missing_photos
        parts = []
        if unanswered:
            parts.append(
                f"{len(unanswered)} 个条目未作答（{'、'.join(unanswered[:5])}{'…' if len(unanswered) > 5 else ''}）"
            )
        if missing_photos:
            parts.append(f"{len(missing_photos)} 个不合格条目缺少必需的照片（{'、'.join(missing_photos[:5])}）")
        super().__init__("不能完成检查：" + "；".join(parts))


@dataclass(frozen=True)
class Inspection:
    """One inspector at one site at one time, under one catalog version."""

    id: str
    site_id: str
    inspector_id: str
    mode: str
    catalog_version: str
    started_at: str
    local_date: str
    place: str
    device_id: str
    recheck_of: str | None
    draw_id: str | None
    sample_draw_id: str | None
    item_codes: list[str] | None
    status: str
    finished_at: str | None
    problem_count: int | None
    deduction_total: float | None
    score: float | None

    def as_dict(self) -> dict[str, Any]:
        """JSON-able form."""
        return asdict(self)


@dataclass(frozen=True)
class Finding:
    """One revision of the answer to one checklist item (the current one unless asked otherwise)."""

    finding_id: str
    inspection_id: str
    item_code: str
    rev: int
    outcome: str
    count: int
    note: str
    photos: list[str] = field(default_factory=list)
    multiplier: float = 1.0
    deduction: float = 0.0
    responsible_unit: str | None = None
    deadline: str | None = None
    reason: str = ""
    recorded_at: str = ""
    device_id: str = ""
    parent_hash: str | None = None
    content_hash: str = ""

    def as_dict(self) -> dict[str, Any]:
        """JSON-able form."""
        return asdict(self)


_INSPECTION_COLUMNS = (
    "id, site_id, inspector_id, mode, catalog_version, started_at, local_date, place, device_id, recheck_of, "
    "draw_id, sample_draw_id, item_codes, status, finished_at, problem_count, deduction_total, score"
)

_REVISION_COLUMNS = (
    "r.finding_id, f.inspection_id, f.item_code, r.rev, r.outcome, r.count, r.note, r.photos, r.multiplier, "
    "r.deduction, r.responsible_unit, r.deadline, r.reason, r.recorded_at, r.device_id, r.parent_hash, r.content_hash"
)

_CURRENT = current_revision()


def _inspection_from_row(row: tuple) -> Inspection:
    values = list(row)
    values[12] = json.loads(values[12]) if values[12] is not None else None
    return Inspection(*values)


def _finding_from_row(row: tuple) -> Finding:
    values = list(row)
    values[7] = json.loads(values[7])
    return Finding(*values)


def content_hash(finding: dict[str, Any]) -> str:
    """SHA-256 of a revision's canonical JSON (every field but the hash itself)."""
    body = {k: v for k, v in finding.items() if k != "content_hash"}
    data = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def get_inspection(db: sqlite_utils.Database, inspection_id: str) -> Inspection:
    """One inspection by id."""
    row = db.execute(f"SELECT {_INSPECTION_COLUMNS} FROM inspections WHERE id = ?", [inspection_id]).fetchone()
    if row is None:
        raise NotFoundError(f"没有编号为“{inspection_id}”的检查记录")
    return _inspection_from_row(row)


def _site_type(db: sqlite_utils.Database, site_id: str) -> str:
    row = db.execute("SELECT site_type FROM sites WHERE id = ?", [site_id]).fetchone()
    if row is None:
        raise NotFoundError(f"没有编号为“{site_id}”的点位")
    return row[0]


def inspection_checklist(db: sqlite_utils.Database, inspection: Inspection) -> Checklist:
    """The checklist an inspection walks (the sampled items when it was sampled)."""
    catalog = catalog_mod.get_catalog(db, inspection.catalog_version)
    return build_checklist(
        catalog,
        _site_type(db, inspection.site_id),
        mode=inspection.mode,
        only=inspection.item_codes,
        sample_draw_id=inspection.sample_draw_id,
    )


@writes("inspections")
def start_inspection(
    db: sqlite_utils.Database,
    *,
    site_id: str,
    inspector_id: str,
    mode: str,
    started_at: datetime | None = None,
    place: str = "",
    catalog_version: str | None = None,
    recheck_of: str | None = None,
    draw_id: str | None = None,
    sample: int | None = None,
    sample_seed: str | None = None,
    task_id: str | None = None,
) -> Inspection:
    """Open an inspection of a site (optionally on a seeded sample of its checklist, or for a task-pack task)."""
    item_codes = None
    sample_draw_id = None
    if sample is not None:
        checklist = _checked_checklist(db, site_id, inspector_id, mode, catalog_version, recheck_of)
        sampled = sample_items(db, checklist, sample, seed=sample_seed, site_id=site_id)
        item_codes, sample_draw_id = sampled.codes, sampled.sample_draw_id
    with transaction(db):
        inspection_id = start_inspection_tx(
            db,
            site_id=site_id,
            inspector_id=inspector_id,
            mode=mode,
            started_at=started_at,
            place=place,
            catalog_version=catalog_version,
            recheck_of=recheck_of,
            draw_id=draw_id,
            item_codes=item_codes,
            sample_draw_id=sample_draw_id,
            task_id=task_id,
        )
    return get_inspection(db, inspection_id)


def _need_transaction(db: sqlite_utils.Database) -> None:
    if not db.conn.in_transaction:
        raise RuntimeError("call inside transaction(db)")


def _checked_checklist(
    db: sqlite_utils.Database,
    site_id: str,
    inspector_id: str,
    mode: str,
    catalog_version: str | None,
    recheck_of: str | None,
) -> Checklist:
    """The full checklist of a new inspection, after checking its mode, site, inspector and recheck link."""
    if mode not in MODES:
        raise InspectorError(f"检查方式应为 announced（明察）或 unannounced（暗访），而不是“{mode}”")
    site_type = _site_type(db, site_id)
    if db.execute("SELECT 1 FROM inspectors WHERE id = ?", [inspector_id]).fetchone() is None:
        raise NotFoundError(f"没有编号为“{inspector_id}”的督查员")
    catalog = catalog_mod.get_catalog(db, catalog_version)
    if recheck_of is not None:
        original = get_inspection(db, recheck_of)
        if original.site_id != site_id:
            raise StateError("复查必须针对原检查的同一点位")
    checklist = build_checklist(catalog, site_type, mode=mode)
    if not checklist.codes:
        raise StateError(f"负面清单中没有适用于点位类型“{checklist.site_type_name}”的条目")
    return checklist


def start_inspection_tx(
    db: sqlite_utils.Database,
    *,
    site_id: str,
    inspector_id: str,
    mode: str,
    started_at: datetime | None = None,
    place: str = "",
    catalog_version: str | None = None,
    recheck_of: str | None = None,
    draw_id: str | None = None,
    item_codes: list[str] | None = None,
    sample_draw_id: str | None = None,
    task_id: str | None = None,
) -> str:
    """`start_inspection` inside the caller's open `transaction(db)`; returns the new inspection's id."""
    _need_transaction(db)
    checklist = _checked_checklist(db, site_id, inspector_id, mode, catalog_version, recheck_of)
    moment = started_at or utc_now()
    inspection_id = uuid7()
    db.conn.execute(
        "INSERT INTO inspections (id, site_id, inspector_id, mode, catalog_version, started_at, local_date, place,"
        " device_id, recheck_of, draw_id, sample_draw_id, item_codes, status, created_at, task_id)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?)",
        [
            inspection_id,
            site_id,
            inspector_id,
            mode,
            checklist.catalog_version,
            to_iso(moment),
            clock.local_date(moment).isoformat(),
            place,
            get_setting(db, "device_id", ""),
            recheck_of,
            draw_id,
            sample_draw_id,
            json.dumps(item_codes) if item_codes is not None else None,
            to_iso(utc_now()),
            task_id,
        ],
    )
    return inspection_id


def current_findings(db: sqlite_utils.Database, inspection_id: str) -> list[Finding]:
    """The current revision of every answered item of an inspection."""
    rows = db.execute(
        f"SELECT {_REVISION_COLUMNS} FROM findings f JOIN finding_revisions r ON r.finding_id = f.id"
        f" WHERE f.inspection_id = ? AND {_CURRENT} ORDER BY f.created_at, f.item_code",
        [inspection_id],
    ).fetchall()
    return [_finding_from_row(row) for row in rows]


def finding_history(db: sqlite_utils.Database, inspection_id: str, item_code: str) -> list[Finding]:
    """Every revision of one item's answer, oldest first."""
    rows = db.execute(
        f"SELECT {_REVISION_COLUMNS} FROM findings f JOIN finding_revisions r ON r.finding_id = f.id"
        " WHERE f.inspection_id = ? AND f.item_code = ? ORDER BY r.rev",
        [inspection_id, item_code],
    ).fetchall()
    return [_finding_from_row(row) for row in rows]


def _current_revision(conn: Any, inspection_id: str, item_code: str) -> Finding | None:
    row = conn.execute(
        f"SELECT {_REVISION_COLUMNS} FROM findings f JOIN finding_revisions r ON r.finding_id = f.id"
        " WHERE f.inspection_id = ? AND f.item_code = ? ORDER BY r.rev DESC LIMIT 1",
        [inspection_id, item_code],
    ).fetchone()
    return None if row is None else _finding_from_row(row)


def _failed_before(conn: Any, inspection: Inspection, item_code: str, since: date) -> bool:
    """Whether the same item failed at the same site in an earlier inspection since `since`.

    The inspection a recheck rechecks does not count: an unfixed problem at its own recheck is escalated by
    the recheck multiplier, not counted again as a repeat.
    """
    row = conn.execute(
        "SELECT 1 FROM inspections i JOIN findings f ON f.inspection_id = i.id"
        " JOIN finding_revisions r ON r.finding_id = f.id"
        " WHERE i.site_id = ? AND i.id != ? AND i.id IS NOT ? AND i.local_date >= ? AND i.started_at < ?"
        f" AND f.item_code = ? AND {_CURRENT} AND r.outcome = 'fail' LIMIT 1",
        [
            inspection.site_id,
            inspection.id,
            inspection.recheck_of,
            since.isoformat(),
            inspection.started_at,
            item_code,
        ],
    ).fetchone()
    return row is not None


def _failed_in(conn: Any, inspection_id: str, item_code: str) -> bool:
    previous = _current_revision(conn, inspection_id, item_code)
    return previous is not None and previous.outcome == "fail"


def _multiplier(conn: Any, rules: scoring.ScoringRules, inspection: Inspection, item: Item) -> float:
    multiplier = 1.0
    if inspection.recheck_of and _failed_in(conn, inspection.recheck_of, item.code):
        multiplier *= rules.unfixed_at_recheck_multiplier
    if rules.repeat_window_days > 0:
        since = date.fromisoformat(inspection.local_date) - timedelta(days=rules.repeat_window_days)
        if _failed_before(conn, inspection, item.code, since):
            multiplier *= rules.repeat_multiplier
    return multiplier


def _checklist_item(db: sqlite_utils.Database, inspection: Inspection, item_code: str) -> Item:
    catalog: Catalog = catalog_mod.get_catalog(db, inspection.catalog_version)
    item = catalog.item(item_code)
    if inspection.item_codes is not None:
        applies = item_code in inspection.item_codes
    else:
        applies = _site_type(db, inspection.site_id) in item.site_types
    if not applies:
        raise StateError(f"条目“{item_code}”不在这次检查的清单中")
    return item


@writes("findings")
def record_finding(
    db: sqlite_utils.Database,
    inspection_id: str,
    item_code: str,
    *,
    outcome: str,
    count: int = 1,
    note: str = "",
    photos: list[str] | None = None,
    reason: str = "",
    recorded_at: datetime | None = None,
) -> Finding:
    """Record (or change) the answer to one item: one committed transaction, a new revision.

    On a finished inspection a change needs a reason and re-fixes the score. An answer identical
    to the current revision writes nothing and returns the current revision.
    """
    with transaction(db):
        return record_finding_tx(
            db,
            inspection_id,
            item_code,
            outcome=outcome,
            count=count,
            note=note,
            photos=photos,
            reason=reason,
            recorded_at=recorded_at,
        )


def record_finding_tx(
    db: sqlite_utils.Database,
    inspection_id: str,
    item_code: str,
    *,
    outcome: str,
    count: int = 1,
    note: str = "",
    photos: list[str] | None = None,
    reason: str = "",
    recorded_at: datetime | None = None,
) -> Finding:
    """`record_finding` inside the caller's open `transaction(db)`."""
    _need_transaction(db)
    if outcome not in OUTCOMES:
        raise InspectorError(f"检查结果应为 pass（合格）、fail（不合格）或 na（不适用），而不是“{outcome}”")
    if outcome == "fail" and (not isinstance(count, int) or count < 1):
        raise InspectorError("不合格条目的处数应为不小于 1 的整数")
    inspection = get_inspection(db, inspection_id)
    refuse_voided(db, inspection_id)
    if inspection.status == "finished" and not reason.strip():
        raise StateError("修改已完成的检查需要填写修改原因")
    item = _checklist_item(db, inspection, item_code)
    rules = scoring.load_rules(db)
    photo_list = list(dict.fromkeys(photos or []))
    device_id = get_setting(db, "device_id", "")
    moment = to_iso(recorded_at or utc_now())
    conn = db.conn
    if photo_list:
        known = {
            row[0]
            for row in conn.execute(
                f"SELECT sha256 FROM photos WHERE sha256 IN ({','.join('?' * len(photo_list))})", photo_list
            )
        }
        missing = [sha for sha in photo_list if sha not in known]
        if missing:
            raise NotFoundError(f"照片 {missing[0][:12]}… 尚未导入证据库")
    previous = _current_revision(conn, inspection_id, item_code)
    if outcome == "fail":
        multiplier = _multiplier(conn, rules, inspection, item)
        deduction = scoring.finding_deduction(item.deduction, count, multiplier)
        unit: str | None = item.responsible_unit
        deadline: str | None = (
            date.fromisoformat(inspection.local_date) + timedelta(days=item.rectify_days)
        ).isoformat()
    else:
        count, multiplier, deduction, unit, deadline = 0, 1.0, 0.0, None, None
    answer = (outcome, count, note, photo_list)
    if previous is not None and (previous.outcome, previous.count, previous.note, previous.photos) == answer:
        return previous
    finding_id = previous.finding_id if previous else uuid7()
    if previous is None:
        conn.execute(
            "INSERT INTO findings (id, inspection_id, item_code, created_at) VALUES (?, ?, ?, ?)",
            [finding_id, inspection_id, item_code, moment],
        )
    body = {
        "finding_id": finding_id,
        "inspection_id": inspection_id,
        "item_code": item_code,
        "rev": previous.rev + 1 if previous else 1,
        "outcome": outcome,
        "count": count,
        "note": note,
        "photos": photo_list,
        "multiplier": multiplier,
        "deduction": deduction,
        "responsible_unit": unit,
        "deadline": deadline,
        "reason": reason.strip(),
        "recorded_at": moment,
        "device_id": device_id,
        "parent_hash": previous.content_hash if previous else None,
    }
    body["content_hash"] = content_hash(body)
    conn.execute(
        "INSERT INTO finding_revisions (finding_id, rev, outcome, count, note, photos, multiplier, deduction,"
        " responsible_unit, deadline, reason, recorded_at, device_id, parent_hash, content_hash, local_seq)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
        " (SELECT COALESCE(MAX(local_seq), 0) + 1 FROM finding_revisions))",
        [
            finding_id,
            body["rev"],
            outcome,
            count,
            note,
            json.dumps(photo_list),
            multiplier,
            deduction,
            unit,
            deadline,
            body["reason"],
            moment,
            device_id,
            body["parent_hash"],
            body["content_hash"],
        ],
    )
    if inspection.status == "finished":
        _fix_score(conn, rules, inspection_id, inspection.finished_at or moment)
    return Finding(**body)


@writes("findings", "photos")
def add_photos(
    db: sqlite_utils.Database, inspection_id: str, item_code: str, shas: list[str], *, reason: str = ""
) -> Finding:
    """Attach already-imported photos to an answered item (a new revision)."""
    current = _current_revision(db.conn, inspection_id, item_code)
    if current is None:
        raise StateError(f"条目“{item_code}”尚未作答，请先记录检查结果再添加照片")
    return record_finding(
        db,
        inspection_id,
        item_code,
        outcome=current.outcome,
        count=current.count if current.outcome == "fail" else 1,
        note=current.note,
        photos=current.photos + [sha for sha in shas if sha not in current.photos],
        reason=reason,
    )


def _fix_score(conn: Any, rules: scoring.ScoringRules, inspection_id: str, finished_at: str) -> None:
    conn.execute(
        "UPDATE inspections SET status = 'finished', finished_at = ? WHERE id = ?", [finished_at, inspection_id]
    )
    scoring.recompute_totals(conn, rules, inspection_id)


def progress(db: sqlite_utils.Database, inspection_id: str) -> dict[str, Any]:
    """Answered / total, problems, running deduction and score, and what still blocks finishing."""
    inspection = get_inspection(db, inspection_id)
    checklist = inspection_checklist(db, inspection)
    findings = {f.item_code: f for f in current_findings(db, inspection_id)}
    rules = scoring.load_rules(db)
    fails = [f for f in findings.values() if f.outcome == "fail"]
    total, score = scoring.site_score(rules, [f.deduction for f in fails])
    unanswered = [code for code in checklist.codes if code not in findings]
    missing = [
        item.code
        for item in checklist.items
        if item.photo_required
        and item.code in findings
        and findings[item.code].outcome == "fail"
        and not findings[item.code].photos
    ]
    return {
        "answered": len(checklist.codes) - len(unanswered),
        "total": len(checklist.codes),
        "problems": sum(f.count for f in fails),
        "deduction": total,
        "score": score,
        "unanswered": unanswered,
        "missing_photos": missing,
    }


@writes("inspections", "findings")
def finish_inspection(
    db: sqlite_utils.Database, inspection_id: str, *, finished_at: datetime | None = None
) -> Inspection:
    """Finish an inspection and fix its score; blocked while items are unanswered or photos missing.

    The answers are checked and the score computed inside the one write transaction that finishes it, so an
    answer recorded at the same moment by another process cannot leave a wrong stored score. Then the WAL is
    folded into the database file.
    """
    with transaction(db):
        finish_inspection_tx(db, inspection_id, finished_at=finished_at)
    checkpoint(db)
    return get_inspection(db, inspection_id)


def finish_inspection_tx(db: sqlite_utils.Database, inspection_id: str, *, finished_at: datetime | None = None) -> None:
    """`finish_inspection` inside the caller's open `transaction(db)`: answers checked and score fixed together."""
    _need_transaction(db)
    refuse_voided(db, inspection_id)
    if get_inspection(db, inspection_id).status == "finished":
        raise StateError("这次检查已经完成")
    state = progress(db, inspection_id)
    if state["unanswered"] or state["missing_photos"]:
        raise IncompleteError(state["unanswered"], state["missing_photos"])
    _fix_score(db.conn, scoring.load_rules(db), inspection_id, to_iso(finished_at or utc_now()))


def open_inspections(db: sqlite_utils.Database) -> list[Inspection]:
    """Inspections not yet finished (nor voided), newest first (what the app reopens after a crash)."""
    rows = db.execute(
        f"SELECT {_INSPECTION_COLUMNS} FROM inspections i WHERE status = 'open' AND {voids.not_voided('i')}"
        " ORDER BY started_at DESC"
    ).fetchall()
    return [_inspection_from_row(row) for row in rows]


def started_local(inspection: Inspection) -> datetime:
    """The inspection's start in the city's time."""
    return from_iso(inspection.started_at)


# ---------------------------------------------------------------- going back to an earlier answer


def latest_failure(db: sqlite_utils.Database, inspection_id: str, item_code: str) -> Finding | None:
    """The newest revision of an item's answer that was a failure (its count and note), or None."""
    row = db.execute(
        f"SELECT {_REVISION_COLUMNS} FROM findings f JOIN finding_revisions r ON r.finding_id = f.id"
        " WHERE f.inspection_id = ? AND f.item_code = ? AND r.outcome = 'fail' ORDER BY r.rev DESC LIMIT 1",
        [inspection_id, item_code],
    ).fetchone()
    return None if row is None else _finding_from_row(row)


@writes("findings")
def restore_revision(
    db: sqlite_utils.Database, inspection_id: str, item_code: str, rev: int, *, reason: str = ""
) -> Finding:
    """Answer an item again as one of its earlier revisions said (outcome, count, note), as a new revision.

    History is never rewritten: the restored answer is revision n+1. Photos attached since stay attached
    (evidence is never dropped by going back). Restoring the answer that is already current writes nothing.
    """
    with transaction(db):
        current = _current_revision(db.conn, inspection_id, item_code)
        row = db.conn.execute(
            f"SELECT {_REVISION_COLUMNS} FROM findings f JOIN finding_revisions r ON r.finding_id = f.id"
            " WHERE f.inspection_id = ? AND f.item_code = ? AND r.rev = ?",
            [inspection_id, item_code, rev],
        ).fetchone()
        if current is None or row is None:
            raise NotFoundError(f"条目“{item_code}”没有第 {rev} 次记录的答案")
        earlier = _finding_from_row(row)
        photos = earlier.photos + [sha for sha in current.photos if sha not in earlier.photos]
        return record_finding_tx(
            db,
            inspection_id,
            item_code,
            outcome=earlier.outcome,
            count=earlier.count if earlier.outcome == "fail" else 1,
            note=earlier.note,
            photos=photos,
            reason=reason,
        )


# ---------------------------------------------------------------- discarding and voiding (作废)


def refuse_voided(db: sqlite_utils.Database, inspection_id: str) -> None:
    """StateError when the inspection is voided: a voided inspection is not answered, finished or changed again."""
    void = voids.void_of(db, inspection_id)
    if void is not None:
        raise StateError(f"这次检查已作废（原因：{void.reason}），不能再作答、完成或修改")


def _own_inspection(db: sqlite_utils.Database, inspection_id: str, what: str) -> Inspection:
    """The inspection, when this workspace's device recorded it (only its own device may discard or void it)."""
    inspection = get_inspection(db, inspection_id)
    if inspection.device_id != get_setting(db, "device_id", ""):
        raise StateError(f"这次检查由另一台设备记录，只有记录它的笔记本可以{what}")
    return inspection


@writes("inspections", "tasks")
def discard_inspection(db: sqlite_utils.Database, inspection_id: str) -> Inspection:
    """Delete an inspection started by mistake: only while it is open, unanswered and never exported.

    Returns the deleted inspection. Anything already answered, finished or exported is voided instead
    (`void_inspection`), so that no record of it is silently lost.
    """
    with transaction(db) as conn:
        inspection = _own_inspection(db, inspection_id, "放弃")
        refuse_voided(db, inspection_id)
        if inspection.status != "open":
            raise StateError("这次检查已经完成，不能放弃；如是误录，请填写原因将其作废")
        answered = conn.execute("SELECT COUNT(*) FROM findings WHERE inspection_id = ?", [inspection_id]).fetchone()
        if answered[0]:
            raise StateError(f"这次检查已有 {answered[0]} 个条目作答，不能放弃；如是误录，请填写原因将其作废")
        if conn.execute("SELECT 1 FROM export_inspections WHERE inspection_id = ?", [inspection_id]).fetchone():
            raise StateError("这次检查已经导出过数据包，不能放弃；如是误录，请填写原因将其作废")
        if conn.execute("SELECT 1 FROM inspections WHERE recheck_of = ?", [inspection_id]).fetchone():
            raise StateError("已有复查指向这次检查，不能放弃")
        conn.execute("DELETE FROM note_drafts WHERE inspection_id = ?", [inspection_id])  # a note typed, never saved
        conn.execute("DELETE FROM inspections WHERE id = ?", [inspection_id])
    return inspection


@writes("inspections", "tasks")
def void_inspection(
    db: sqlite_utils.Database, inspection_id: str, reason: str, at: datetime | None = None
) -> voids.Void:
    """Void an inspection (open or finished) with a reason, in one transaction; final.

    Its findings stay as they are; it is exported as voided and counts nowhere (no problems, scores, rankings).
    """
    reason = printable(" ".join(reason.split())) if isinstance(reason, str) else ""  # one line, no control chars
    if not reason:
        raise InspectorError("作废检查必须填写原因")
    if len(reason) > voids.MAX_REASON:
        raise InspectorError(f"作废原因过长（最多 {voids.MAX_REASON} 个字）")
    moment = to_iso(at or utc_now())
    with transaction(db) as conn:
        inspection = _own_inspection(db, inspection_id, "作废")
        refuse_voided(db, inspection_id)
        void = voids.Void(inspection_id, reason, moment, inspection.device_id, to_iso(utc_now()))
        conn.execute(
            f"INSERT INTO inspection_voids ({', '.join(voids.COLUMNS)}) VALUES (?, ?, ?, ?, ?)",
            [void.inspection_id, void.reason, void.voided_at, void.device_id, void.recorded_at],
        )
    return void
