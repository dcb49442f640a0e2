"""Rectification (整改): the responsible unit's report, changing a problem's unit or deadline, and rechecks (复查).

A confirmed problem's life is derived in `problems` from the history these functions append to; nothing here
changes a field revision. The recheck list gathers the sites whose problems fall due within the coming week,
and `record_recheck_draw` turns it into a recorded site draw that `taskpack.create_taskpack` can sign.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlite_utils

from inspector import clock, users
from inspector.changes import writes
from inspector.errors import DrawError, InspectorError
from inspector.field import evidence
from inspector.letters import short_reference
from inspector.register import draw as draw_mod
from inspector.store import transaction
from inspector.tracking.decisions import (
    Decision,
    ReviewError,
    ReviewState,
    failed_finding,
    need_reason,
    record_decision,
)
from inspector.tracking.problems import Problem, ProblemFilter, get_problem, list_problems
from inspector.workspace import Workspace

RECHECK_DAYS = 7
UNRESOLVED = ("open", "overdue", "rectified")


def _active(conn: sqlite3.Connection, finding_id: str, state: ReviewState) -> None:
    failed_finding(conn, finding_id)
    if state.review in ("rejected", "merged"):
        raise ReviewError(
            f"问题 {short_reference(finding_id)} 已{'驳回' if state.review == 'rejected' else '合并'}，无需整改"
        )


@writes("problems")
def set_unit(
    db: sqlite_utils.Database,
    ref: str,
    unit: str,
    *,
    reason: str,
    actor: str | None = None,
    at: datetime | None = None,
) -> Decision:
    """Make another unit responsible for a problem (e.g. the district's bureau instead of the city's); reason needed."""
    name = unit.strip()
    if not name:
        raise InspectorError("请填写新的责任单位")
    why = need_reason(reason, "调整责任单位")
    return record_decision(db, ref, "unit", _active, value=name, reason=why, actor=actor, at=at)


@writes("problems")
def set_deadline(
    db: sqlite_utils.Database,
    ref: str,
    deadline: date,
    *,
    reason: str,
    actor: str | None = None,
    at: datetime | None = None,
) -> Decision:
    """Change a problem's rectification deadline; reason needed; not before the day it was found."""
    why = need_reason(reason, "调整整改时限")

    def check(conn: sqlite3.Connection, finding_id: str, state: ReviewState) -> None:
        _active(conn, finding_id, state)
        found = conn.execute(
            "SELECT i.local_date FROM findings f JOIN inspections i ON i.id = f.inspection_id WHERE f.id = ?",
            [finding_id],
        ).fetchone()[0]
        if deadline.isoformat() < found:
            raise ReviewError(f"整改时限不能早于发现问题的日期 {found}")

    return record_decision(db, ref, "deadline", check, value=deadline.isoformat(), reason=why, actor=actor, at=at)


@writes("problems", "photos")
def record_rectification(
    ws: Workspace,
    ref: str,
    *,
    report: str,
    photos: Sequence[Path | bytes] = (),
    reported_on: date | None = None,
    actor: str | None = None,
    at: datetime | None = None,
) -> Decision:
    """Record the unit's report that a confirmed problem is fixed, with optional photos of the fixed site.

    Every photo is checked first (a bad one imports none of them); the photos and the report are then recorded
    in one transaction, and a failure removes the photo files it added. The problem then awaits a recheck.
    """
    text = report.strip()
    if not text:
        raise ReviewError("请填写整改情况")
    users.require(ws.db, actor, "rectify")  # before any photo is staged; recorded by `record_decision`
    day = reported_on or clock.today()
    problem = get_problem(ws.db, ref, today=day)
    if problem.review != "confirmed":
        raise ReviewError(f"问题 {problem.reference} 尚未确认，确认后才能登记整改")
    if problem.status == "closed":
        raise ReviewError(f"问题 {problem.reference} 已于 {problem.closed_on} 复查销号")
    if day < problem.found_on:
        raise ReviewError(f"整改日期不能早于发现问题的日期 {problem.found_on}")
    names = ["整改照片.jpg" if isinstance(photo, bytes) else None for photo in photos]
    with evidence.stage_photos(ws.evidence_dir, photos, device_id=ws.device_id, original_names=names) as staged:
        value = {"report": text, "photos": staged.shas, "on": day.isoformat()}

        def check(conn: sqlite3.Connection, finding_id: str, state: ReviewState) -> None:
            if state.review != "confirmed":
                raise ReviewError(f"问题 {short_reference(finding_id)} 尚未确认，确认后才能登记整改")
            staged.record(conn, now=at)

        return record_decision(ws.db, problem.finding_id, "rectified", check, value=value, actor=actor, at=at)


# ---------------------------------------------------------------- rechecks


@dataclass(frozen=True)
class RecheckSite:
    """A site to recheck: its unresolved problems due by the end of the coming week, the most urgent first."""

    site_id: str
    site_code: str
    site_name: str
    district: str
    street: str
    address: str
    problems: tuple[Problem, ...]

    @property
    def earliest_deadline(self) -> date | None:
        """The first deadline among its problems."""
        return min((p.deadline for p in self.problems if p.deadline), default=None)

    @property
    def overdue(self) -> int:
        """How many of its problems are overdue."""
        return sum(p.overdue for p in self.problems)

    @property
    def inspections(self) -> list[str]:
        """The inspections a recheck at this site verifies."""
        return list(dict.fromkeys(p.inspection_id for p in self.problems))

    def as_dict(self) -> dict[str, Any]:
        """JSON-able form."""
        return {
            **{k: getattr(self, k) for k in ("site_id", "site_code", "site_name", "district", "street", "address")},
            "earliest_deadline": self.earliest_deadline,
            "overdue": self.overdue,
            "problems": [p.as_dict() for p in self.problems],
        }


def recheck_list(
    db: sqlite_utils.Database, *, today: date | None = None, days: int = RECHECK_DAYS
) -> list[RecheckSite]:
    """Sites to recheck in the coming week: confirmed problems not closed whose deadline is past or within `days`."""
    today = today or clock.today()
    due = list_problems(db, ProblemFilter(status=UNRESOLVED, due_by=today + timedelta(days=days)), today=today)
    by_site: dict[str, list[Problem]] = {}
    for problem in due:
        by_site.setdefault(problem.site_id, []).append(problem)
    sites = [
        RecheckSite(
            ps[0].site_id, ps[0].site_code, ps[0].site_name, ps[0].district, ps[0].street, ps[0].address, tuple(ps)
        )
        for ps in by_site.values()
    ]
    return sorted(sites, key=lambda s: (-s.overdue, s.earliest_deadline or date.max, s.district, s.site_code))


@writes("draws")
def record_recheck_draw(
    db: sqlite_utils.Database,
    *,
    today: date | None = None,
    days: int = RECHECK_DAYS,
    seed: str | None = None,
    actor: str | None = None,
) -> draw_mod.Draw:
    """Record the recheck list as a site draw (every listed site, in seeded order) for `taskpack create --draw`.

    The params name, per site, the inspections the recheck verifies, so inspections made from the task pack
    count as rechecks of them when their bundles are merged. `actor` is the person (a supervisor once the office
    has users) recorded with the draw.
    """
    who = users.require(db, actor, "recheck")
    today = today or clock.today()
    sites = recheck_list(db, today=today, days=days)
    if not sites:
        raise DrawError(f"截至 {today.isoformat()} 没有需要在 {days} 天内复查的点位")
    candidates = sorted(site.site_id for site in sites)
    used_seed, seed_source = draw_mod.new_seed(seed)
    params = {
        "purpose": "recheck",
        "as_of": today.isoformat(),
        "days": days,
        "count": len(candidates),
        "per": None,
        "rechecks": {site.site_id: site.inspections for site in sites},
        "problems": [p.finding_id for site in sites for p in site.problems],
    }
    with transaction(db) as conn:
        return draw_mod.record_draw(
            conn,
            kind="sites",
            seed=used_seed,
            seed_source=seed_source,
            candidates=candidates,
            params=params,
            result=draw_mod.pick(used_seed, candidates, len(candidates)),
            actor=who,
        )


def recheck_sites(db: sqlite_utils.Database, *, today: date | None = None, days: int = RECHECK_DAYS) -> list[str]:
    """The site ids of the recheck list, most urgent first (input for a draw or a task pack)."""
    return [site.site_id for site in recheck_list(db, today=today, days=days)]
