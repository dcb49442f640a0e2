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
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, replace
from datetime import date, timedelta
from typing import Any

import sqlite_utils

from inspector import clock, scoring, store, voids
from inspector.errors import NotFoundError
from inspector.letters import short_reference
from inspector.periods import Period
from inspector.store.queries import current_revision
from inspector.tracking.decisions import (
    REVIEW_LABELS,
    Rect,
    ReviewState,
    excluded_among,
    resolve_finding,
    review_states,
)
from inspector.tracking.rechecks import RecheckGraph

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
_CURRENT = current_revision()

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
    unfixed_on: date | None = None
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


# The same candidates for a few problems: those the stored state holds (`problem_state`, one index range per site and
# item) and, by id, the failed findings being computed again (whose stored rows may be stale or missing).
_STORED_REPEATS_SQL = """
SELECT ps.site_id, ps.item_code, ps.finding_id, ps.inspection_id, ps.found_on, i.started_at,
       ps.review IN ('rejected', 'merged')
FROM json_each(:pairs) j
CROSS JOIN problem_state ps ON ps.site_id = json_extract(j.value, '$[0]')
     AND ps.item_code = json_extract(j.value, '$[1]') AND ps.found_on BETWEEN :since AND :until
CROSS JOIN inspections i ON i.id = ps.inspection_id
"""
_REPEATS_BY_ID_SQL = f"""
SELECT i.site_id, f.item_code, f.id, i.id, i.local_date, i.started_at
FROM json_each(?) j
CROSS JOIN findings f ON f.id = j.value
JOIN inspections i ON i.id = f.inspection_id
JOIN finding_revisions r ON r.finding_id = f.id AND {_CURRENT}
WHERE +i.status = 'finished' AND r.outcome = 'fail' AND {voids.not_voided("i")}
"""


def _repeats(
    db: sqlite_utils.Database,
    bases: list[dict],
    window: int,
    graph: RecheckGraph,
    recomputed: set[str] | None = None,
) -> dict[str, str]:
    """Each problem's earlier occurrence (finding id -> the latest earlier failed finding of the same item at the
    same site within the repeat window, not one it rechecks, not rejected or merged), for all `bases` at once.

    `recomputed` (when keeping the stored state: every finding the same write may have changed, `bases` among
    them): the other candidates are read from the stored state, which the write left as it was.
    """
    if window <= 0 or not bases:
        return {}
    since = min(b["found_on"] for b in bases) - timedelta(days=window)
    until = max(b["found_on"] for b in bases) + timedelta(days=2)  # a start is before its local date's end
    if recomputed is None:
        rows = db.execute(
            REPEATS_SQL,
            [
                json.dumps(sorted({b["site_id"] for b in bases})),
                since.isoformat(),
                until.isoformat(),
                json.dumps(sorted({b["item_code"] for b in bases})),
            ],
        ).fetchall()
        excluded = excluded_among(db, [row[2] for row in rows])
    else:
        rows, excluded = _repeat_candidates(db, bases, since, until, recomputed)
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


def _repeat_candidates(
    db: sqlite_utils.Database, bases: list[dict], since: date, until: date, recomputed: set[str]
) -> tuple[list[tuple], set[str]]:
    """The earlier failures `_repeats` chooses from, and which of them are excluded, without reading the events
    of every inspection at the sites: stored problems outside `recomputed`, events for those inside."""
    pairs = sorted({(b["site_id"], b["item_code"]) for b in bases})
    rows, excluded = [], set()
    stored = db.execute(
        _STORED_REPEATS_SQL,
        {"pairs": json.dumps(pairs), "since": since.isoformat(), "until": until.isoformat()},
    )
    for *row, out in stored:
        if row[2] not in recomputed:
            rows.append(tuple(row))
            if out:
                excluded.add(row[2])
    wanted, first, last = set(pairs), since.isoformat(), until.isoformat()
    fresh = [
        row
        for row in db.execute(_REPEATS_BY_ID_SQL, [json.dumps(sorted(recomputed))])
        if (row[0], row[1]) in wanted and first <= row[4] <= last
    ]
    rows += fresh
    excluded |= excluded_among(db, [row[2] for row in fresh])
    return rows, excluded


Verdict = tuple[date, str, str]  # a recheck's answer to a problem's item: (its local date, its id, pass or fail)


def _verdicts(base: dict[str, Any], graph: RecheckGraph) -> list[Verdict]:
    """Every recheck's verdict on a problem, through chains of rechecks, in the order they started."""
    found = []
    for child, day, _started in graph.descendants(base["inspection_id"]):
        answer = graph.outcome(child, base["item_code"])
        if answer and answer[0] in ("pass", "fail"):
            found.append((date.fromisoformat(day), child, answer[0]))
    return found


def _derive(
    base: dict[str, Any],
    state: ReviewState,
    graph: RecheckGraph,
    today: date,
    repeat_of: str | None,
    every: list[Verdict] | None = None,
) -> Problem:
    deadline = _day(state.deadline) if state.deadline else base["catalog_deadline"]
    verdicts = [v for v in (_verdicts(base, graph) if every is None else every) if v[0] <= today]
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
        unfixed_on=last_fail,
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


# ---------------------------------------------------------------- the stored state (table problem_state)

STATE_COLUMNS = (
    "finding_id",
    "inspection_id",
    "site_id",
    "item_code",
    "found_on",
    "review",
    "unit",
    "count",
    "deduction",
    "deadline",
    "exposure",
    "reported_on",
    "last_fail_on",
    "closed_on",
    "rechecked_on",
    "recheck_id",
    "unfixed_rechecks",
    "unfixed_of",
    "repeat_of",
    "last_verdict_on",
)
VERDICT_COLUMNS = ("finding_id", "seq", "day", "recheck_id", "outcome")
EVER = date.max  # "as of every recorded event": the stored state counts every recheck and report, whatever its date


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def state_row(p: Problem, every: list[Verdict]) -> tuple:
    """The stored facts of a problem derived as of every event (see STATE_COLUMNS), with all its verdicts."""
    return (
        p.finding_id,
        p.inspection_id,
        p.site_id,
        p.item_code,
        p.found_on.isoformat(),
        p.review,
        p.responsible_unit,
        p.count,
        p.deduction,
        _iso(p.deadline),
        int(p.exposure),
        _iso(p.rectified_on),
        _iso(p.unfixed_on),
        _iso(p.closed_on),
        _iso(p.rechecked_on),
        p.recheck_id,
        p.unfixed_rechecks,
        p.unfixed_of,
        p.repeat_of,
        max((d for d, _c, _o in every), default=None) and max(d for d, _c, _o in every).isoformat(),
    )


# Problems in id order, a chunk at a time (rebuilding and checking the stored state in bounded memory). CROSS JOIN
# walks the findings by key from `after` and stops at the chunk's end.
_IDS_SQL = f"""
SELECT f.id FROM findings f CROSS JOIN finding_revisions r ON r.finding_id = f.id AND {_CURRENT}
CROSS JOIN inspections i ON i.id = f.inspection_id
WHERE f.id > ? AND r.outcome = 'fail' AND +i.status = 'finished' AND {voids.not_voided("i")}
ORDER BY f.id LIMIT ?
"""


def problem_ids(db: sqlite_utils.Database, *, after: str = "", limit: int = 2000) -> list[str]:
    """The next `limit` problems' finding ids after `after`, in id order (computed from the events)."""
    return [row[0] for row in db.execute(_IDS_SQL, [after, limit])]


def _derive_all(
    db: sqlite_utils.Database,
    *,
    finding_ids: Iterable[str] | None = None,
    found_in: Period | None = None,
    today: date = EVER,
    graph: RecheckGraph | None = None,
    stored: bool = False,
) -> list[tuple[Problem, list[Verdict]]]:
    """Each problem computed from the events as of `today`, with every recheck verdict on it (whatever its date).

    `stored` (with `finding_ids`: every finding a write may have changed): earlier occurrences outside them are
    read from the stored state (see `_repeats`)."""
    where, params = "", []
    ids = None if finding_ids is None else set(finding_ids)
    if ids is not None:
        where += " AND f.id IN (SELECT value FROM json_each(?))"
        params.append(json.dumps(sorted(ids)))
    if found_in is not None:
        where += " AND i.local_date BETWEEN ? AND ?"
        params += [found_in.start.isoformat(), found_in.end.isoformat()]
    rows = db.execute(_SQL + where, params).fetchall()
    if not rows:
        return []
    states = review_states(db, [row[0] for row in rows])
    graph = graph or RecheckGraph(db)
    bases = [_base(row) for row in rows]
    graph.preload(_linked(graph, bases))
    window = scoring.load_rules(db).repeat_window_days
    found_repeats = _repeats(db, bases, window, graph, ids if stored else None)
    found = []
    for base in bases:
        every = _verdicts(base, graph)
        state = states.get(base["finding_id"], ReviewState())
        found.append((_derive(base, state, graph, today, found_repeats.get(base["finding_id"]), every), every))
    return found


def derive_from_events(
    db: sqlite_utils.Database,
    *,
    finding_ids: Iterable[str] | None = None,
    found_in: Period | None = None,
    today: date = EVER,
    graph: RecheckGraph | None = None,
) -> list[Problem]:
    """Problems computed from the events alone (revisions, rechecks, decisions), as of `today`.

    What the stored state is made from, and the check it is compared against; the office's lists read the stored
    state instead. `finding_ids` or `found_in` narrow the problems computed.
    """
    return [p for p, _every in _derive_all(db, finding_ids=finding_ids, found_in=found_in, today=today, graph=graph)]


def state_rows(db: sqlite_utils.Database, **narrow: Any) -> tuple[list[tuple], list[tuple]]:
    """The rows `problem_state` and `problem_verdicts` hold for the problems `derive_from_events(**narrow)` finds."""
    states, verdicts = [], []
    for problem, every in _derive_all(db, **narrow):
        states.append(state_row(problem, every))
        verdicts += [(problem.finding_id, n, d.isoformat(), child, o) for n, (d, child, o) in enumerate(every)]
    return states, verdicts


# The status and the overdue flag as of a day (the named parameter :today) from the stored facts; mirrors `_derive`.
# A problem is closed if the last recheck up to that day passed it; the rectification report counts from its date
# on, unless a failing recheck up to that day came after it. The stored closed_on/last_fail_on hold every recheck:
# they answer directly when no recheck is dated after :today (`_PAST`, the usual case: today is today); a day
# before a problem's last recheck reads its verdicts (problem_verdicts) as of that day.
_PAST = "(ps.last_verdict_on > :today)"
_CLOSED = (
    f"(CASE WHEN {_PAST} THEN COALESCE((SELECT v.outcome = 'pass' FROM problem_verdicts v"
    " WHERE v.finding_id = ps.finding_id AND v.day <= :today ORDER BY v.seq DESC LIMIT 1), 0)"
    " ELSE COALESCE(ps.closed_on <= :today, 0) END)"
)
_LAST_FAIL = (
    f"(CASE WHEN {_PAST} THEN (SELECT MAX(v.day) FROM problem_verdicts v WHERE v.finding_id = ps.finding_id"
    " AND v.outcome = 'fail' AND v.day <= :today) ELSE ps.last_fail_on END)"
)
_COUNTS = f"COALESCE(ps.reported_on <= :today AND ({_LAST_FAIL} IS NULL OR ps.reported_on >= {_LAST_FAIL}), 0)"
OVERDUE_SQL = (
    f"COALESCE(ps.review = 'confirmed' AND NOT {_CLOSED} AND ps.deadline < :today"
    f" AND NOT ({_COUNTS} AND ps.reported_on <= ps.deadline), 0)"
)
STATUS_SQL = (
    "CASE WHEN ps.review <> 'confirmed' THEN ps.review"
    f" WHEN {_CLOSED} THEN 'closed'"
    f" WHEN {_COUNTS} THEN 'rectified'"
    " WHEN ps.deadline < :today THEN 'overdue' ELSE 'open' END"
)
_DESCRIPTION = "COALESCE(c.text, f.item_code)"
_LIST_SQL = f"""
SELECT f.id, f.inspection_id, f.item_code, r.rev, r.content_hash, r.count, r.note, r.photos, r.multiplier,
       r.deduction, r.responsible_unit, r.deadline,
       i.site_id, s.code, s.name, s.site_type, COALESCE(t.name, s.site_type), s.district, s.street, s.address, i.place,
       COALESCE(c.category, ''), COALESCE(g.name, c.category, ''), {_DESCRIPTION},
       i.mode, i.inspector_id, COALESCE(p.name, i.inspector_id), i.local_date, i.started_at,
       ps.review, ps.unit, ps.deadline, ps.exposure, ps.reported_on, ps.last_fail_on, ps.closed_on, ps.rechecked_on,
       ps.recheck_id, ps.unfixed_rechecks, ps.unfixed_of, ps.repeat_of, {STATUS_SQL} AS problem_status,
       {OVERDUE_SQL} AS problem_overdue, ps.last_verdict_on
FROM problem_state ps
JOIN findings f ON f.id = ps.finding_id
JOIN finding_revisions r ON r.finding_id = f.id AND {_CURRENT}
JOIN inspections i ON i.id = ps.inspection_id
JOIN sites s ON s.id = ps.site_id
LEFT JOIN catalog_items c ON c.version = i.catalog_version AND c.code = f.item_code
LEFT JOIN catalog_categories g ON g.version = i.catalog_version AND g.code = c.category
LEFT JOIN catalog_site_types t ON t.version = i.catalog_version AND t.code = s.site_type
LEFT JOIN inspectors p ON p.id = i.inspector_id
"""
# Columns a list can be ordered by (ORDERS' keys), in SQL; ties keep the default order.
_ORDER_SQL = {
    "reference": "substr(ps.finding_id, -8)",
    "status": "CASE problem_status " + " ".join(f"WHEN '{s}' THEN {n}" for n, s in enumerate(STATUSES)) + " END",
    "district": "s.district",
    "site": "s.name",
    "problem": _DESCRIPTION,
    "count": "r.count",
    "deduction": "r.deduction",
    "unit": "ps.unit",
    "deadline": "COALESCE(ps.deadline, '9999-12-31')",
    "days_overdue": "CASE WHEN problem_overdue THEN julianday(:today) - julianday(ps.deadline) ELSE 0 END",
    "found": "ps.found_on",
}
ORDERS = tuple(_ORDER_SQL)  # the orders a list can be asked for (a table column each)
_ANSWER_ORDERS = ("problem", "count", "deduction")  # orders that read the answer (revision, catalog)
_LIST_FROM = _LIST_SQL[_LIST_SQL.index("FROM problem_state ps") :]
DEFAULT_ORDER = (
    "problem_overdue DESC, COALESCE(ps.deadline, '9999-12-31'), s.district, s.street, s.name,"
    " substr(ps.finding_id, -8), ps.finding_id"
)


def _where(flt: ProblemFilter, today: date) -> tuple[str, dict[str, Any], bool]:
    """SQL conditions on problem_state `ps` and sites `s` (and `f`, `r`, `c` when searching), named parameters, and
    whether the conditions read the answers (a search)."""
    clauses: list[str] = []
    params: dict[str, Any] = {"today": today.isoformat()}
    joined = False
    if flt.found_in is not None:
        clauses.append("ps.found_on BETWEEN :found_from AND :found_to")
        params |= {"found_from": flt.found_in.start.isoformat(), "found_to": flt.found_in.end.isoformat()}
    if flt.due_in is not None:
        clauses.append("ps.deadline BETWEEN :due_from AND :due_to")
        params |= {"due_from": flt.due_in.start.isoformat(), "due_to": flt.due_in.end.isoformat()}
    if flt.due_by is not None:
        clauses.append("ps.deadline <= :due_by")
        params["due_by"] = flt.due_by.isoformat()
    for column, name, value in (
        ("s.district", "district", flt.district),
        ("s.street", "street", flt.street),
        ("ps.site_id", "site_id", flt.site_id),
        ("ps.unit", "unit", flt.unit),
    ):
        if value:
            clauses.append(f"{column} = :{name}")
            params[name] = value
    statuses = _statuses(flt.status)
    if statuses:
        unknown = set(statuses) - set(STATUSES)
        if unknown:
            raise ValueError(f"unknown problem status {sorted(unknown)!r}")
        reviews = {s if s not in TRACKED else "confirmed" for s in statuses}
        clauses.append(f"ps.review IN ({', '.join(repr(r) for r in sorted(reviews))})")  # the index's first column
        if set(statuses) == {"overdue"}:
            clauses.append("ps.deadline < :today")  # implied, and what the (review, deadline) index serves
        if set(statuses) & set(TRACKED) != set(TRACKED) or len(reviews) > 1:
            clauses.append(f"({STATUS_SQL}) IN ({', '.join(repr(s) for s in statuses)})")
    if flt.overdue is not None:
        clauses.append(f"{OVERDUE_SQL} = {int(flt.overdue)}")
    if flt.exposure is not None:
        clauses.append("ps.exposure = :exposure")
        params["exposure"] = int(flt.exposure)
    text = flt.search.strip().lower()
    if text:
        haystack = f"substr(f.id, -8) || ' ' || s.name || ' ' || s.code || ' ' || {_DESCRIPTION} || ' ' || ps.unit"
        clauses.append(f"instr(lower({haystack} || ' ' || r.note), :search) > 0")
        params["search"] = text
        joined = True
    return "".join(f" AND {c}" for c in clauses), params, joined


def _statuses(status: str | Iterable[str] | None) -> tuple[str, ...]:
    if status is None:
        return ()
    return (status,) if isinstance(status, str) else tuple(status)


def _stored(row: tuple, today: date) -> Problem:
    """A Problem from a row of _LIST_SQL (the review's details are added by the caller)."""
    (review, unit, deadline, exposure, reported, last_fail, closed, rechecked, recheck_id, unfixed, unfixed_of) = row[
        29:40
    ]
    repeat_of, status, overdue = row[40], row[41], bool(row[42])
    due = _day(deadline)
    return Problem(
        **_base(row),
        responsible_unit=unit,
        deadline=due,
        review=review,
        exposure=bool(exposure),
        rectified_on=_day(reported),
        rechecked_on=_day(rechecked),
        recheck_id=recheck_id,
        unfixed_rechecks=unfixed,
        unfixed_on=_day(last_fail),
        closed_on=_day(closed),
        unfixed_of=unfixed_of,
        repeat_of=repeat_of,
        status=status,
        overdue=overdue,
        days_overdue=(today - due).days if overdue and due else 0,
    )


def _problems(rows: list[tuple], db: sqlite_utils.Database, today: date) -> list[Problem]:
    """Problems from rows of _LIST_SQL: the rechecks as of `today` and the details of the office's decisions."""
    found = [_stored(row, today) for row in rows]
    past = {row[0] for row in rows if row[43] and row[43] > today.isoformat()}
    if past:  # a recheck dated after `today`: its verdict is not known yet on that day
        verdicts: dict[str, list[tuple[str, str, str]]] = {}
        for finding_id, day, recheck_id, outcome in db.execute(
            "SELECT finding_id, day, recheck_id, outcome FROM problem_verdicts"
            " WHERE finding_id IN (SELECT value FROM json_each(?)) AND day <= ? ORDER BY finding_id, seq",
            [json.dumps(sorted(past)), today.isoformat()],
        ):
            verdicts.setdefault(finding_id, []).append((day, recheck_id, outcome))
        for n, p in enumerate(found):
            if p.finding_id in past:
                known = verdicts.get(p.finding_id, [])
                fails = [d for d, _c, o in known if o == "fail"]
                last = known[-1] if known else None
                found[n] = replace(
                    p,
                    rechecked_on=_day(last[0]) if last else None,
                    recheck_id=last[1] if last else None,
                    unfixed_rechecks=len(fails),
                    unfixed_on=_day(max(fails)) if fails else None,
                    closed_on=_day(last[0]) if last and last[2] == "pass" else None,
                )
    return _with_review(found, db)


def _with_review(problems: list[Problem], db: sqlite_utils.Database) -> list[Problem]:
    """The problems with the details of their decisions (reasons, primary, masks, the rectification report)."""
    states = review_states(db, [p.finding_id for p in problems])
    found = []
    for p in problems:
        state = states.get(p.finding_id)
        if state is None:
            found.append(p)
            continue
        report = state.rectified or {}
        found.append(
            replace(
                p,
                primary_id=state.primary_id,
                review_reason=state.review_reason,
                masks=state.masks,
                rectification_report=str(report.get("report", "")),
                rectification_photos=tuple(report.get("photos", ())),
            )
        )
    return found


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


def _fresh(db: sqlite_utils.Database) -> None:
    store.settle(db)  # what a write outside `store.transaction` noted is flushed by the problem state before a read


def list_problems(
    db: sqlite_utils.Database,
    flt: ProblemFilter | None = None,
    *,
    today: date | None = None,
    order: tuple[str, bool] | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[Problem]:
    """Problems matching the filter as of `today` (default: the clock's today), overdue first.

    Read from the stored state with the filter, order and page in SQL. `order` is (a key of ORDERS, descending);
    ties keep the default order. `limit`/`offset` page the result.
    """
    flt = flt or ProblemFilter()
    today = today or clock.today()
    _fresh(db)
    where, params, joined = _where(flt, today)
    ordering = DEFAULT_ORDER
    if order is not None:
        key, descending = order
        if key not in _ORDER_SQL:
            raise ValueError(f"unknown problem order {key!r}")
        ordering = f"{_ORDER_SQL[key]}{' DESC' if descending else ''}, {DEFAULT_ORDER}"
    page = ""
    if limit is not None or offset:
        page = " LIMIT :limit OFFSET :offset"
        params |= {"limit": -1 if limit is None else limit, "offset": offset}
    # The order and the page over the stored state (with the sites, and the answers only when the filter or the
    # order reads them), then the page's details: a first screen never joins every problem's revision.
    heavy = joined or (order is not None and order[0] in _ANSWER_ORDERS)
    source = _LIST_FROM if heavy else "FROM problem_state ps JOIN sites s ON s.id = ps.site_id"
    ids = [
        row[0]
        for row in db.execute(
            f"SELECT ps.finding_id, {STATUS_SQL} AS problem_status, {OVERDUE_SQL} AS problem_overdue {source}"
            f" WHERE 1{where} ORDER BY {ordering}{page}",
            params,
        )
    ]
    rows = db.execute(
        f"{_LIST_SQL} WHERE ps.finding_id IN (SELECT value FROM json_each(:ids))",
        {"ids": json.dumps(ids), "today": today.isoformat()},
    ).fetchall()
    found = {p.finding_id: p for p in _problems(rows, db, today)}
    return [found[finding_id] for finding_id in ids if finding_id in found]  # gone since: a commit in between


def count_problems(
    db: sqlite_utils.Database, flt: ProblemFilter | None = None, *, today: date | None = None
) -> ProblemCount:
    """How many problems match the filter as of `today`, and how many of them are overdue."""
    flt = flt or ProblemFilter()
    today = today or clock.today()
    _fresh(db)
    where, params, joined = _where(flt, today)
    source = _LIST_FROM if joined else "FROM problem_state ps JOIN sites s ON s.id = ps.site_id"
    row = db.execute(f"SELECT count(*), total({OVERDUE_SQL}) {source} WHERE 1{where}", params).fetchone()
    return ProblemCount(int(row[0]), int(row[1]))


def due_counts(db: sqlite_utils.Database, period: Period, by: str, *, today: date | None = None) -> dict[str, DueCount]:
    """Per district, street or responsible unit (`by`): confirmed problems whose deadline falls in `period`, and
    how many of them a recheck closed on or before `today`."""
    group = {"district": "s.district", "street": "s.street", "unit": "ps.unit"}[by]
    today = today or clock.today()
    _fresh(db)
    rows = db.execute(
        f"SELECT {group}, count(*), total({_CLOSED}), json_group_array(DISTINCT ps.site_id)"
        " FROM problem_state ps JOIN sites s ON s.id = ps.site_id"
        " WHERE ps.review = 'confirmed' AND ps.deadline BETWEEN :start AND :end GROUP BY 1",
        {"today": today.isoformat(), "start": period.start.isoformat(), "end": period.end.isoformat()},
    ).fetchall()
    return {name: DueCount(due, int(closed), frozenset(json.loads(sites))) for name, due, closed, sites in rows}


def get_problem(db: sqlite_utils.Database, ref: str, *, today: date | None = None) -> Problem:
    """One problem by full id or short reference."""
    finding_id = resolve_finding(db, ref)
    today = today or clock.today()
    _fresh(db)
    found = db.execute(
        _LIST_SQL + " WHERE ps.finding_id = :id", {"id": finding_id, "today": today.isoformat()}
    ).fetchall()
    if not found:
        voided = db.execute(
            "SELECT v.reason FROM findings f JOIN inspection_voids v ON v.inspection_id = f.inspection_id"
            " WHERE f.id = ?",
            [finding_id],
        ).fetchone()
        if voided is not None:
            reference = short_reference(finding_id)
            raise NotFoundError(f"检查结果 {reference} 所在的检查已作废（原因：{voided[0]}），不再是问题")
        raise NotFoundError(f"检查结果 {short_reference(finding_id)} 不是已完成检查中的不合格项")
    return _problems(found, db, today)[0]


def units(db: sqlite_utils.Database) -> list[str]:
    """Every responsible unit a problem names or the catalog assigns (and the office's reassignments), sorted."""
    _fresh(db)
    names = {row[0] for row in db.execute("SELECT DISTINCT unit FROM problem_state") if row[0]}
    names |= {row[0] for row in db.execute("SELECT DISTINCT responsible_unit FROM catalog_items") if row[0]}
    names |= {json.loads(row[0]) for row in db.execute("SELECT value FROM problem_events WHERE kind = 'unit'")}
    return sorted(names)
