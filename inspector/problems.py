"""Problems as the office tracks them: every failed finding with its review state and rectification status.

Statuses (as of a `today` the caller gives; tests freeze it):
- pending 待审核, rejected 已驳回, merged 已合并 — review states; no rectification is tracked for them.
- open 待整改: confirmed, deadline not yet passed, not reported fixed.
- overdue 逾期: confirmed, the deadline has passed, neither reported fixed nor verified.
- rectified 已整改待复查: the responsible unit reported it fixed (after any failing recheck); awaits a recheck.
- closed 已销号: the latest recheck (复查) that answered the item passed it.
A recheck is a finished inspection at the same site linked to the problem's inspection, directly
(`recheck_of`) or through a chain of rechecks, or made from a recorded recheck draw (see rectification).
`overdue` is also a flag: a problem reported fixed after its deadline is rectified and overdue.
A voided inspection (作废, see voids) has no problems and rechecks nothing.
"""

from __future__ import annotations

import json
from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

import sqlite_utils

from inspector import clock, scoring, voids
from inspector.decisions import REVIEW_LABELS, Rect, ReviewState, excluded_findings, resolve_finding, review_states
from inspector.documents.data import short_reference
from inspector.errors import NotFoundError
from inspector.periods import Period
from inspector.rechecks import RecheckGraph

STATUSES = ("pending", "open", "overdue", "rectified", "closed", "rejected", "merged")
STATUS_LABELS = {
    "pending": "待审核",
    "open": "待整改",
    "overdue": "逾期",
    "rectified": "已整改待复查",
    "closed": "已销号",
    "rejected": "已驳回",
    "merged": "已合并",
}
TRACKED = ("open", "overdue", "rectified", "closed")  # the statuses of confirmed problems
MODE_LABELS = {"announced": "明察", "unannounced": "暗访"}
_CURRENT = "r.rev = (SELECT MAX(r2.rev) FROM finding_revisions r2 WHERE r2.finding_id = f.id)"

_SQL = f"""
SELECT f.id, f.inspection_id, f.item_code, r.rev, r.content_hash, r.count, r.note, r.photos, r.multiplier,
       r.deduction, r.responsible_unit, r.deadline,
       i.site_id, s.code, s.name, s.site_type, COALESCE(t.name, s.site_type), s.district, s.street, s.address, i.place,
       COALESCE(c.category, ''), COALESCE(g.name, c.category, ''), COALESCE(c.text, f.item_code),
       i.mode, i.inspector_id, COALESCE(p.name, i.inspector_id), i.local_date, i.started_at
FROM findings f
JOIN finding_revisions r ON r.finding_id = f.id AND {_CURRENT}
JOIN inspections i ON i.id = f.inspection_id
JOIN sites s ON s.id = i.site_id
LEFT JOIN catalog_items c ON c.version = i.catalog_version AND c.code = f.item_code
LEFT JOIN catalog_categories g ON g.version = i.catalog_version AND g.code = c.category
LEFT JOIN catalog_site_types t ON t.version = i.catalog_version AND t.code = s.site_type
LEFT JOIN inspectors p ON p.id = i.inspector_id
WHERE +i.status = 'finished' AND r.outcome = 'fail' AND {voids.not_voided("i")}
"""


@dataclass(frozen=True)
class Problem:
    """A failed finding as the office tracks it (current revision, review state, rectification status)."""

    finding_id: str
    reference: str
    inspection_id: str
    item_code: str
    rev: int
    content_hash: str
    count: int
    note: str
    photos: tuple[str, ...]
    multiplier: float
    deduction: float
    catalog_unit: str
    catalog_deadline: date | None
    site_id: str
    site_code: str
    site_name: str
    site_type: str
    site_type_name: str
    district: str
    street: str
    address: str
    place: str
    category: str
    category_name: str
    description: str
    mode: str
    inspector_id: str
    inspector_name: str
    found_on: date
    started_at: str
    responsible_unit: str = ""
    deadline: date | None = None
    review: str = "pending"
    primary_id: str | None = None
    review_reason: str = ""
    exposure: bool = False
    masks: Mapping[str, tuple[Rect, ...]] = field(default_factory=dict)
    rectified_on: date | None = None
    rectification_report: str = ""
    rectification_photos: tuple[str, ...] = ()
    rechecked_on: date | None = None
    recheck_id: str | None = None
    unfixed_rechecks: int = 0
    closed_on: date | None = None
    unfixed_of: str | None = None
    repeat_of: str | None = None
    status: str = "pending"
    overdue: bool = False
    days_overdue: int = 0

    @property
    def status_label(self) -> str:
        """The status in Chinese."""
        return STATUS_LABELS[self.status]

    @property
    def review_label(self) -> str:
        """The review state in Chinese."""
        return REVIEW_LABELS[self.review]

    @property
    def mode_label(self) -> str:
        """明察 or 暗访."""
        return MODE_LABELS.get(self.mode, self.mode)

    @property
    def escalated(self) -> bool:
        """Whether the deduction carries an escalation (unfixed at a recheck, or a repeat)."""
        return self.multiplier > 1

    def as_dict(self) -> dict[str, Any]:
        """JSON-able form with the Chinese labels."""
        data = asdict(self)
        data["masks"] = {sha: [list(r) for r in rects] for sha, rects in self.masks.items()}
        return {**data, "status_label": self.status_label, "review_label": self.review_label}


@dataclass(frozen=True)
class ProblemFilter:
    """Which problems a list shows; None means no restriction. `status` is one status or several."""

    found_in: Period | None = None
    due_in: Period | None = None
    due_by: date | None = None
    status: str | tuple[str, ...] | None = None
    unit: str | None = None
    district: str | None = None
    street: str | None = None
    site_id: str | None = None
    overdue: bool | None = None
    exposure: bool | None = None
    search: str = ""


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


_SITE_FIELDS = (
    "site_id",
    "site_code",
    "site_name",
    "site_type",
    "site_type_name",
    "district",
    "street",
    "address",
    "place",
    "category",
    "category_name",
    "description",
    "mode",
    "inspector_id",
    "inspector_name",
)


def _base(row: tuple) -> dict[str, Any]:
    return {
        "finding_id": row[0],
        "reference": short_reference(row[0]),
        "inspection_id": row[1],
        "item_code": row[2],
        "rev": row[3],
        "content_hash": row[4],
        "count": row[5],
        "note": row[6],
        "photos": tuple(json.loads(row[7])),
        "multiplier": row[8],
        "deduction": row[9],
        "catalog_unit": row[10] or "",
        "catalog_deadline": _day(row[11]),
        **dict(zip(_SITE_FIELDS, row[12:27], strict=True)),
        "found_on": date.fromisoformat(row[27]),
        "started_at": row[28],
    }


# Earlier failed findings at the sites of a view (for repeats): one query per list. The unary `+` on status keeps
# SQLite from probing inspections_status (every finished inspection of the dates) instead of inspections_site.
REPEATS_SQL = f"""
SELECT i.site_id, f.item_code, f.id, i.id, i.local_date, i.started_at
FROM inspections i
JOIN findings f ON f.inspection_id = i.id
JOIN finding_revisions r ON r.finding_id = f.id AND {_CURRENT}
WHERE i.site_id IN (SELECT value FROM json_each(?)) AND i.local_date BETWEEN ? AND ? AND +i.status = 'finished'
  AND f.item_code IN (SELECT value FROM json_each(?)) AND r.outcome = 'fail' AND {voids.not_voided("i")}
"""


def _repeats(
    db: sqlite_utils.Database, bases: list[dict], window: int, graph: RecheckGraph, excluded: set[str]
) -> dict[str, str]:
    """Each problem's earlier occurrence (finding id -> the latest earlier failed finding of the same item at the
    same site within the repeat window, not one it rechecks, not rejected or merged), for all `bases` at once."""
    if window <= 0 or not bases:
        return {}
    since = min(b["found_on"] for b in bases) - timedelta(days=window)
    until = max(b["found_on"] for b in bases) + timedelta(days=2)  # a start is before its local date's end
    rows = db.execute(
        REPEATS_SQL,
        [
            json.dumps(sorted({b["site_id"] for b in bases})),
            since.isoformat(),
            until.isoformat(),
            json.dumps(sorted({b["item_code"] for b in bases})),
        ],
    ).fetchall()
    earlier: dict[tuple[str, str], list[tuple[str, str, str, str]]] = {}
    for site_id, item_code, finding_id, inspection_id, day, started in rows:
        if finding_id not in excluded:
            earlier.setdefault((site_id, item_code), []).append((started, day, finding_id, inspection_id))
    for found in earlier.values():  # by start; of two started at once, the one recorded first (uuid7) is taken
        found.sort(key=lambda c: c[3], reverse=True)
        found.sort(key=lambda c: c[0])
    repeats = {}
    for base in bases:
        found = earlier.get((base["site_id"], base["item_code"]), [])
        start = (base["found_on"] - timedelta(days=window)).isoformat()
        skip: set[str] | None = None
        for _started, day, finding_id, inspection_id in reversed(found[: bisect_left(found, (base["started_at"],))]):
            if day < start:
                continue
            if skip is None:
                skip = graph.ancestors(base["inspection_id"]) | {base["inspection_id"]}
            if inspection_id not in skip:
                repeats[base["finding_id"]] = finding_id
                break
    return repeats


def _derive(
    base: dict[str, Any], state: ReviewState, graph: RecheckGraph, today: date, repeat_of: str | None
) -> Problem:
    deadline = _day(state.deadline) if state.deadline else base["catalog_deadline"]
    verdicts = []
    for child, day, _started in graph.descendants(base["inspection_id"]):
        answer = graph.outcome(child, base["item_code"])
        if day <= today.isoformat() and answer and answer[0] in ("pass", "fail"):
            verdicts.append((date.fromisoformat(day), child, answer[0]))
    last_fail = max((d for d, _c, o in verdicts if o == "fail"), default=None)
    closed = bool(verdicts) and verdicts[-1][2] == "pass"
    report = state.rectified or {}
    reported_on = _day(report.get("on"))
    counts = reported_on is not None and reported_on <= today and (last_fail is None or reported_on >= last_fail)
    unfixed_of = None
    for parent in graph.parents.get(base["inspection_id"], ()):
        answer = graph.outcome(parent, base["item_code"])
        if answer and answer[0] == "fail":
            unfixed_of = answer[1]
    overdue = (
        state.review == "confirmed"
        and not closed
        and deadline is not None
        and today > deadline
        and not (counts and reported_on is not None and reported_on <= deadline)
    )
    if state.review != "confirmed":
        status = state.review
    elif closed:
        status = "closed"
    elif counts:
        status = "rectified"
    else:
        status = "overdue" if overdue else "open"
    return Problem(
        **base,
        responsible_unit=state.unit or base["catalog_unit"],
        deadline=deadline,
        review=state.review,
        primary_id=state.primary_id,
        review_reason=state.review_reason,
        exposure=state.exposure and state.review == "confirmed",
        masks=state.masks,
        rectified_on=reported_on,
        rectification_report=str(report.get("report", "")),
        rectification_photos=tuple(report.get("photos", ())),
        rechecked_on=verdicts[-1][0] if verdicts else None,
        recheck_id=verdicts[-1][1] if verdicts else None,
        unfixed_rechecks=sum(o == "fail" for _d, _c, o in verdicts),
        closed_on=verdicts[-1][0] if closed else None,
        unfixed_of=unfixed_of,
        repeat_of=repeat_of,
        status=status,
        overdue=overdue,
        days_overdue=(today - deadline).days if overdue and deadline else 0,
    )


def _linked(graph: RecheckGraph, bases: list[dict[str, Any]]) -> set[str]:
    """The inspections whose answers the problems' statuses read: their rechecks and what they recheck."""
    linked: set[str] = set()
    for base in bases:
        linked.update(child for child, _day, _started in graph.descendants(base["inspection_id"]))
        linked.update(graph.parents.get(base["inspection_id"], ()))
    return linked


def _where(flt: ProblemFilter) -> tuple[str, list[Any]]:
    clauses, params = [], []
    if flt.found_in is not None:
        # the dates through inspections_status, unless one site is asked for (inspections_site, see _SQL's `+`)
        indexed = "" if flt.site_id else "i.status = 'finished' AND "
        clauses.append(f"{indexed}i.local_date BETWEEN ? AND ?")
        params += [flt.found_in.start.isoformat(), flt.found_in.end.isoformat()]
    moved = "f.id IN (SELECT finding_id FROM problem_events WHERE kind = 'deadline')"
    if flt.due_in is not None:
        clauses.append(f"(r.deadline BETWEEN ? AND ? OR {moved})")
        params += [flt.due_in.start.isoformat(), flt.due_in.end.isoformat()]
    if flt.due_by is not None:
        clauses.append(f"(r.deadline <= ? OR {moved})")
        params.append(flt.due_by.isoformat())
    for column, value in (("s.district", flt.district), ("s.street", flt.street), ("i.site_id", flt.site_id)):
        if value:
            clauses.append(f"{column} = ?")
            params.append(value)
    statuses = _statuses(flt.status)
    if (statuses and set(statuses) <= set(TRACKED)) or flt.exposure:
        clauses.append("f.id IN (SELECT finding_id FROM problem_events WHERE kind = 'confirm')")
    return "".join(f" AND {c}" for c in clauses), params


def _statuses(status: str | Iterable[str] | None) -> tuple[str, ...]:
    if status is None:
        return ()
    return (status,) if isinstance(status, str) else tuple(status)


def _keep(p: Problem, flt: ProblemFilter) -> bool:
    statuses = _statuses(flt.status)
    if statuses and p.status not in statuses:
        return False
    if flt.unit and p.responsible_unit != flt.unit:
        return False
    if flt.due_in is not None and not (p.deadline and flt.due_in.contains(p.deadline)):
        return False
    if flt.due_by is not None and not (p.deadline and p.deadline <= flt.due_by):
        return False
    if flt.overdue is not None and p.overdue != flt.overdue:
        return False
    if flt.exposure is not None and p.exposure != flt.exposure:
        return False
    if flt.search:
        text = flt.search.strip().lower()
        haystack = f"{p.reference} {p.site_name} {p.site_code} {p.description} {p.responsible_unit} {p.note}"
        return text in haystack.lower()
    return True


def sort_key(p: Problem) -> tuple:
    """Overdue first (longest overdue first), then by deadline, place and reference."""
    return (not p.overdue, -p.days_overdue, p.deadline or date.max, p.district, p.street, p.site_name, p.reference)


# Orders a list can be asked for (a table column each); ties keep the default order (overdue first).
ORDERS: dict[str, Callable[[Problem], Any]] = {
    "reference": lambda p: p.reference,
    "status": lambda p: STATUSES.index(p.status),
    "district": lambda p: p.district,
    "site": lambda p: p.site_name,
    "problem": lambda p: p.description,
    "count": lambda p: p.count,
    "deduction": lambda p: p.deduction,
    "unit": lambda p: p.responsible_unit,
    "deadline": lambda p: p.deadline or date.max,
    "days_overdue": lambda p: p.days_overdue,
    "found": lambda p: p.found_on,
}


@dataclass(frozen=True)
class ProblemCount:
    """How many problems a filter matches, and how many of them are overdue."""

    total: int
    overdue: int


@dataclass(frozen=True)
class DueCount:
    """A group's problems whose deadline falls in a period: how many, how many closed by `today`, at which sites."""

    due: int
    closed: int
    sites: frozenset[str]


def list_problems(
    db: sqlite_utils.Database,
    flt: ProblemFilter | None = None,
    *,
    today: date | None = None,
    repeats: bool = True,
    order: tuple[str, bool] | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[Problem]:
    """Problems matching the filter as of `today` (default: the system date), overdue first.

    `order` is (a key of ORDERS, descending) — ties keep the default order; `limit`/`offset` page the result.
    `repeats=False` skips looking for earlier occurrences (`repeat_of` stays None): faster for counting.
    """
    found = _matching(db, flt, today=today, repeats=repeats)
    if order is not None:
        key, descending = order
        if key not in ORDERS:
            raise ValueError(f"unknown problem order {key!r}")
        found.sort(key=ORDERS[key], reverse=descending)
    return found[offset : None if limit is None else offset + limit]


def count_problems(
    db: sqlite_utils.Database, flt: ProblemFilter | None = None, *, today: date | None = None
) -> ProblemCount:
    """How many problems match the filter as of `today`, and how many of them are overdue."""
    found = _matching(db, flt, today=today, repeats=False)
    return ProblemCount(len(found), sum(p.overdue for p in found))


def due_counts(db: sqlite_utils.Database, period: Period, by: str, *, today: date | None = None) -> dict[str, DueCount]:
    """Per district, street or responsible unit (`by`): confirmed problems whose deadline falls in `period`, and
    how many of them a recheck closed on or before `today`."""
    groups: dict[str, tuple[int, int, set[str]]] = {}
    for p in _matching(db, ProblemFilter(due_in=period, status=TRACKED), today=today, repeats=False):
        name = {"district": p.district, "street": p.street, "unit": p.responsible_unit}[by]
        due, closed, sites = groups.get(name, (0, 0, set()))
        sites.add(p.site_id)
        groups[name] = (due + 1, closed + (p.status == "closed"), sites)
    return {name: DueCount(due, closed, frozenset(sites)) for name, (due, closed, sites) in groups.items()}


def _matching(
    db: sqlite_utils.Database, flt: ProblemFilter | None, *, today: date | None, repeats: bool
) -> list[Problem]:
    flt = flt or ProblemFilter()
    today = today or clock.today()
    where, params = _where(flt)
    rows = db.execute(_SQL + where, params).fetchall()
    states = review_states(db, [row[0] for row in rows])
    graph = RecheckGraph(db)
    window = scoring.load_rules(db).repeat_window_days
    bases = [_base(row) for row in rows]
    graph.preload(_linked(graph, bases))
    found_repeats = _repeats(db, bases, window, graph, excluded_findings(db)) if repeats else {}
    found = []
    for row, base in zip(rows, bases, strict=True):
        problem = _derive(base, states.get(row[0], ReviewState()), graph, today, found_repeats.get(row[0]))
        if _keep(problem, flt):
            found.append(problem)
    return sorted(found, key=sort_key)


def get_problem(db: sqlite_utils.Database, ref: str, *, today: date | None = None) -> Problem:
    """One problem by full id or short reference."""
    finding_id = resolve_finding(db, ref)
    rows = db.execute(_SQL + " AND f.id = ?", [finding_id]).fetchall()
    if not rows:
        voided = db.execute(
            "SELECT v.reason FROM findings f JOIN inspection_voids v ON v.inspection_id = f.inspection_id"
            " WHERE f.id = ?",
            [finding_id],
        ).fetchone()
        if voided is not None:
            reference = short_reference(finding_id)
            raise NotFoundError(f"检查结果 {reference} 所在的检查已作废（原因：{voided[0]}），不再是问题")
        raise NotFoundError(f"检查结果 {short_reference(finding_id)} 不是已完成检查中的不合格项")
    today = today or clock.today()
    base = _base(rows[0])
    graph = RecheckGraph(db)
    repeat = _repeats(db, [base], scoring.load_rules(db).repeat_window_days, graph, excluded_findings(db)).get(
        finding_id
    )
    state = review_states(db, [finding_id]).get(finding_id, ReviewState())
    return _derive(base, state, graph, today, repeat)


def units(db: sqlite_utils.Database) -> list[str]:
    """Every responsible unit named by a problem (catalog units and the office's reassignments), sorted."""
    names = {row[0] for row in db.execute("SELECT DISTINCT responsible_unit FROM finding_revisions") if row[0]}
    names |= {json.loads(row[0]) for row in db.execute("SELECT value FROM problem_events WHERE kind = 'unit'")}
    return sorted(names)
