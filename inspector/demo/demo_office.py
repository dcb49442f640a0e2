"""The demo's month end in the office: review the month's problems, record rectifications, list next week's
rechecks, and write the documents a clerk prints (circular, exposure sheet, notices, Excel list).

Everything here lives in office tables (decisions, document numbers), so the workspace digest of the merged
field content is the same before and after.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from inspector import clock, users
from inspector.oversight import issuing, rectification, review
from inspector.periods import Period, parse_period
from inspector.tracking.problems import Problem, ProblemFilter, list_problems
from inspector.workspace import Workspace

SUPERVISOR = "陈喆"  # the office's people: every decision and document number records one of them
CLERK = "刘堃"
REJECT_REASON = "点位核实有误：照片中为相邻小区大门，不属于本点位，已通知督查员"
PENDING_LEFT = 2
EXPOSED = 6
REPORTS = ("已安排专人清理并建立巡查台账", "已督促商户整改，现场恢复正常", "已更换破损设施并张贴提示")


def document_period(first: date, last: date) -> Period:
    """The calendar month when the demo's weeks lie within one, else the weeks' date range."""
    if (first.year, first.month) == (last.year, last.month):
        return parse_period(f"{first.year}-{first.month:02d}")
    return parse_period(f"{first.isoformat()}..{last.isoformat()}")


def _review(
    ws: Workspace, problems: list[Problem], rng: random.Random, at: datetime, plate: tuple[int, int, int, int]
) -> dict[str, Any]:
    """Reject one (wrong site), leave a couple pending, confirm the rest, approve some for exposure.

    Before approving, the supervisor looks at every photo of each exposed problem: where the demo camera drew a
    parked car, its licence plate (`plate`) is masked; a photo without one is marked clear.
    """
    order = sorted(problems, key=lambda p: (p.found_on, p.reference))
    rejected = rng.choice(order)
    review.reject(ws.db, rejected.finding_id, reason=REJECT_REASON, actor=SUPERVISOR, at=at)
    rest = [p for p in order if p is not rejected]
    pending = rest[-PENDING_LEFT:]  # the last days' findings are still being reviewed
    confirmed = rest[:-PENDING_LEFT]
    review.confirm(ws.db, [p.finding_id for p in confirmed], actor=SUPERVISOR, at=at)
    districts: dict[str, list[Problem]] = {}
    for p in confirmed:
        if p.photos and not p.unfixed_of:
            districts.setdefault(p.district, []).append(p)
    chosen = []
    while len(chosen) < EXPOSED and any(districts.values()):
        for members in districts.values():
            if members and len(chosen) < EXPOSED:
                chosen.append(members.pop(rng.randrange(len(members))))
    looks: dict[str, dict[str, str]] = {}
    for p in chosen:
        given = {sha: _look(ws, sha, plate) for sha in p.photos}
        review.approve_exposure(ws.db, p.finding_id, looks=given, actor=SUPERVISOR, at=at)
        looks[p.reference] = {sha: "clear" if look.clear else "masked" for sha, look in given.items()}
    masked = [ref for ref, verdicts in looks.items() if "masked" in verdicts.values()]
    return {
        "rejected": rejected.reference,
        "pending": [p.reference for p in pending],
        "confirmed": len(confirmed),
        "exposed": [p.reference for p in chosen],
        "masked": masked[0] if masked else None,
        "photo_reviews": looks,
    }


def _look(ws: Workspace, sha: str, plate: tuple[int, int, int, int]) -> review.Look:
    """The supervisor's look at a demo photo: its plate masked when the photo is big enough to show the car."""
    row = ws.db.execute("SELECT width, height FROM photos WHERE sha256 = ?", [sha]).fetchone()
    x, y, w, h = plate
    if row and x + w <= row[0] and y + h <= row[1]:
        return review.Look((plate,))
    return review.Look(clear=True)


def _rectify(ws: Workspace, today: date, rng: random.Random) -> dict[str, int]:
    """Units report fixes (before the rechecks that verified them, and for some still awaiting a recheck)."""
    confirmed = list_problems(ws.db, ProblemFilter(status=("open", "overdue", "closed")), today=today)
    reported = 0
    for p in confirmed:
        if p.status == "closed" and p.closed_on and rng.random() < 0.6:
            day = max(p.found_on, p.closed_on - timedelta(days=rng.randint(1, 3)))
        elif p.status in ("open", "overdue") and not p.unfixed_rechecks and rng.random() < 0.3:
            day = min(today, p.found_on + timedelta(days=rng.randint(1, 4)))
        else:
            continue
        rectification.record_rectification(
            ws, p.finding_id, report=rng.choice(REPORTS), reported_on=day, actor=SUPERVISOR
        )
        reported += 1
    still = [p for p in confirmed if p.status in ("open", "overdue")]
    if still:
        first = still[0]
        later = max(today, first.deadline or today) + timedelta(days=7)
        rectification.set_deadline(
            ws.db, first.finding_id, later, reason="涉及管线施工，责任单位申请延期，经分管领导同意", actor=SUPERVISOR
        )
    if len(still) > 1:
        second = still[-1]
        unit = f"{second.district}{second.responsible_unit}"
        rectification.set_unit(ws.db, second.finding_id, unit, reason="属地管理，由区级部门负责整改", actor=SUPERVISOR)
    return {"reported": reported, "deadline_changed": int(bool(still)), "unit_changed": int(len(still) > 1)}


def _documents(ws: Workspace, out: Path, period: Period, today: date) -> list[str]:
    """The month's circular (PDF, DOCX), exposure sheet (PDF, DOCX, HTML), notices (PDF) and Excel list."""
    folder = out / "documents"
    stem = period.label
    wanted = [
        ("circular", "pdf", folder / f"督查情况通报-{stem}.pdf"),
        ("circular", "docx", folder / f"督查情况通报-{stem}.docx"),
        ("exposure", "pdf", folder / f"曝光台-{stem}.pdf"),
        ("exposure", "docx", folder / f"曝光台-{stem}.docx"),
        ("exposure", "html", folder / "曝光台-网页" / f"曝光台-{stem}.html"),
        ("notice", "pdf", folder / "整改通知书"),
        ("problems", "xlsx", folder / f"问题清单-{stem}.xlsx"),
    ]
    files: list[str] = []
    for kind, fmt, target in wanted:
        made = issuing.issue(ws, kind, period, fmt=fmt, out=target, today=today, issued_on=today, actor=CLERK)
        files.extend(str(f) for f in made.files if f.suffix != ".jpg")
    return files


def add_people(ws: Workspace) -> list[users.User]:
    """The demo office's people: 陈喆 of the supervision section (督查科) and 刘堃 the clerk (文员), once.

    陈喆 is the first user (added by nobody) and adds 刘堃, as managing users needs a supervisor once there are users.
    """
    known = {u.name for u in users.list_users(ws.db)}
    for name, role in ((SUPERVISOR, "supervisor"), (CLERK, "clerk")):
        if name not in known:
            users.add_user(ws.db, name, role, actor=SUPERVISOR if name != SUPERVISOR else None)
    return users.list_users(ws.db)


def office_month(
    ws: Workspace,
    out: Path,
    *,
    first: date,
    last: date,
    today: date,
    seed: str,
    plate: tuple[int, int, int, int],
) -> dict[str, Any]:
    """Review, rectification, the recheck draw and the documents for the demo's month; returns what was done."""
    rng = random.Random(f"{seed}-office")
    add_people(ws)
    period = document_period(first, last)
    at = clock.at(today, time(9, 30))
    found = [p for p in list_problems(ws.db, ProblemFilter(found_in=period), today=today) if p.review == "pending"]
    reviewed = _review(ws, found, rng, at, plate)
    rectified = _rectify(ws, today, rng)
    sites = rectification.recheck_list(ws.db, today=today)
    return {
        "period": period.text,
        "period_label": period.label,
        "review": reviewed,
        "rectification": rectified,
        "recheck_sites": len(sites),
        "recheck_site_codes": [site.site_code for site in sites],
        "documents": _documents(ws, out, period, today),
    }
