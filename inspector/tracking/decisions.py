"""The office's decisions about problems: an append-only history in `problem_events`, folded into the current state.

Every review or rectification step is one row (who, when, why, a JSON value); nothing is updated in place, and
the field revisions a decision is about are never touched. References printed on documents resolve here.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

import sqlite_utils

from inspector import users, voids
from inspector.changes import OpChanges
from inspector.errors import NotFoundError, StateError
from inspector.ids import canonical_id, to_iso, utc_now
from inspector.letters import REFERENCE_LENGTH, short_reference
from inspector.store import transaction
from inspector.store.queries import current_revision

REVIEW_KINDS = ("confirm", "reject", "merge", "reopen")
KINDS = (*REVIEW_KINDS, "approve", "withdraw", "masks", "unit", "deadline", "rectified")
KIND_LABELS = {
    "confirm": "确认问题",
    "reject": "驳回",
    "merge": "合并重复",
    "reopen": "撤销审核",
    "approve": "同意曝光",
    "withdraw": "撤销曝光",
    "masks": "设置遮挡区域",
    "unit": "调整责任单位",
    "deadline": "调整整改时限",
    "rectified": "报告已整改",
}
Check = Callable[[sqlite3.Connection, str, "ReviewState"], None]
REVIEW_LABELS = {"pending": "待审核", "confirmed": "已确认", "rejected": "已驳回", "merged": "已合并"}
Rect = tuple[int, int, int, int]
_CHUNK = 500


class ReviewError(StateError):
    """A review or rectification step that does not fit the problem's current state."""


class AmbiguousReferenceError(NotFoundError):
    """A short reference matches more than one finding; the full id is needed."""


@dataclass(frozen=True)
class Decision:
    """One recorded decision about a problem: what, who, when and why."""

    id: int
    finding_id: str
    kind: str
    value: Any
    reason: str
    actor: str
    recorded_at: str

    @property
    def reference(self) -> str:
        """The short reference printed with the problem."""
        return short_reference(self.finding_id)

    @property
    def label(self) -> str:
        """The decision in Chinese, e.g. 驳回."""
        return KIND_LABELS[self.kind]

    @property
    def changes(self) -> OpChanges:
        """What recording a decision changed: the problem it is about."""
        return OpChanges.of("problems")

    def as_dict(self) -> dict[str, Any]:
        """JSON-able form."""
        return {**self.__dict__, "reference": self.reference, "label": self.label}


@dataclass(frozen=True)
class ReviewState:
    """A problem's office state folded from its decisions (defaults: pending, the catalog's unit and deadline)."""

    review: str = "pending"
    primary_id: str | None = None
    review_reason: str = ""
    reviewed_by: str = ""
    reviewed_at: str = ""
    exposure: bool = False
    masks: Mapping[str, tuple[Rect, ...]] = field(default_factory=dict)
    unit: str | None = None
    deadline: str | None = None
    rectified: Mapping[str, Any] | None = None


_EVENT_COLUMNS = "id, finding_id, kind, value, reason, actor, recorded_at"


def _decision(row: Sequence[Any]) -> Decision:
    return Decision(row[0], row[1], row[2], json.loads(row[3]), row[4], row[5], row[6])


def fold(state: ReviewState, decision: Decision) -> ReviewState:
    """The state after one more decision."""
    kind, value = decision.kind, decision.value
    if kind in REVIEW_KINDS:
        review = {"confirm": "confirmed", "reject": "rejected", "merge": "merged", "reopen": "pending"}[kind]
        return replace(
            state,
            review=review,
            primary_id=value if kind == "merge" else None,
            review_reason=decision.reason,
            reviewed_by=decision.actor,
            reviewed_at=decision.recorded_at,
        )
    if kind in ("approve", "withdraw"):
        return replace(state, exposure=kind == "approve")
    if kind == "masks":
        masks = dict(state.masks)
        rects = tuple(tuple(r) for r in value["rects"])
        if rects:
            masks[value["photo"]] = rects  # type: ignore[assignment]
        else:
            masks.pop(value["photo"], None)
        return replace(state, masks=masks)
    if kind == "unit":
        return replace(state, unit=value)
    if kind == "deadline":
        return replace(state, deadline=value)
    return replace(state, rectified=value)


def decisions(
    db: sqlite_utils.Database | sqlite3.Connection, finding_ids: Iterable[str] | None = None
) -> list[Decision]:
    """Recorded decisions in the order they were made, for the given findings (or all)."""
    conn = db.conn if isinstance(db, sqlite_utils.Database) else db
    if finding_ids is None:
        return [_decision(r) for r in conn.execute(f"SELECT {_EVENT_COLUMNS} FROM problem_events ORDER BY id")]
    ids = list(dict.fromkeys(finding_ids))
    found: list[Decision] = []
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        sql = f"SELECT {_EVENT_COLUMNS} FROM problem_events WHERE finding_id IN ({','.join('?' * len(chunk))})"
        found.extend(_decision(r) for r in conn.execute(sql, chunk))
    return sorted(found, key=lambda d: d.id)


def review_states(
    db: sqlite_utils.Database | sqlite3.Connection, finding_ids: Iterable[str] | None = None
) -> dict[str, ReviewState]:
    """The current office state of each finding that has decisions (absent ones are pending)."""
    states: dict[str, ReviewState] = {}
    for decision in decisions(db, finding_ids):
        states[decision.finding_id] = fold(states.get(decision.finding_id, ReviewState()), decision)
    return states


def excluded_among(db: sqlite_utils.Database | sqlite3.Connection, finding_ids: Iterable[str]) -> set[str]:
    """Which of these findings the office no longer counts (rejected or merged): their last review decision says so."""
    rows = db.execute(
        "SELECT j.value, (SELECT e.kind FROM problem_events e WHERE e.finding_id = j.value"
        " AND e.kind IN ('confirm', 'reject', 'merge', 'reopen') ORDER BY e.id DESC LIMIT 1)"
        " FROM json_each(?) j",
        [json.dumps(sorted(set(finding_ids)))],
    ).fetchall()
    return {row[0] for row in rows if row[1] in ("reject", "merge")}


def excluded_findings(db: sqlite_utils.Database) -> set[str]:
    """Findings the office no longer counts: rejected, or merged into another (their primary counts instead)."""
    rows = db.execute(
        "SELECT e.finding_id, e.kind FROM problem_events e WHERE e.kind IN ('confirm', 'reject', 'merge', 'reopen')"
        " AND e.id = (SELECT MAX(e2.id) FROM problem_events e2 WHERE e2.finding_id = e.finding_id"
        " AND e2.kind IN ('confirm', 'reject', 'merge', 'reopen'))"
    ).fetchall()
    return {row[0] for row in rows if row[1] in ("reject", "merge")}


def history(db: sqlite_utils.Database, ref: str) -> list[Decision]:
    """Every decision about one problem, oldest first."""
    return decisions(db, [resolve_finding(db, ref)])


# ---------------------------------------------------------------- references


BY_ID = "SELECT id FROM findings WHERE id IN ({})"
BY_REFERENCE = "SELECT substr(id, -8), id FROM findings WHERE substr(id, -8) IN ({}) ORDER BY id"
_MAX_NAMED = 10  # problems named one by one in an error about many


def _marks(n: int) -> str:
    return ",".join("?" * n)


def _chunks(values: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def _one_error(messages: list[str], what: str) -> str:
    """One message for several problems: all of them when few, else the first ones and how many more."""
    if len(messages) == 1:
        return messages[0]
    shown = "；".join(messages[:_MAX_NAMED])
    more = f"；另有 {len(messages) - _MAX_NAMED} 个" if len(messages) > _MAX_NAMED else ""
    return f"有 {len(messages)} 个{what}：{shown}{more}"


def resolve_findings(db: sqlite_utils.Database | sqlite3.Connection, refs: Sequence[str]) -> list[str]:
    """The finding ids for full ids or printed short references, in order, found by index a few hundred at a time.

    A full id may be typed with or without hyphens, in either case; it is looked up on the primary key in its
    stored form. A short reference is the last 8 hex digits (the `findings_reference` index). When any reference
    is malformed, unknown or ambiguous, NotFoundError (or AmbiguousReferenceError) names every such reference.
    """
    conn = db.conn if isinstance(db, sqlite_utils.Database) else db
    full: dict[str, str | None] = {}
    short: dict[str, str] = {}
    for ref in refs:
        canonical = canonical_id(ref)
        text = ref.strip().lower().replace("-", "")
        if canonical is not None:
            full[ref] = canonical
        elif len(text) == REFERENCE_LENGTH:
            short[ref] = text
        else:
            full[ref] = None
    known: set[str] = set()
    wanted = list(dict.fromkeys(v for v in full.values() if v is not None))
    for chunk in _chunks(wanted):
        known.update(r[0] for r in conn.execute(BY_ID.format(_marks(len(chunk))), chunk))
    tails: dict[str, list[str]] = {}
    for chunk in _chunks(list(dict.fromkeys(short.values()))):
        for tail, finding_id in conn.execute(BY_REFERENCE.format(_marks(len(chunk))), chunk):
            tails.setdefault(tail, []).append(finding_id)
    found: list[str] = []
    problems: list[str] = []
    ambiguous = False
    for ref in refs:
        if ref in short:
            matches = tails.get(short[ref], [])
        else:
            canonical = full[ref]
            if canonical is None:
                problems.append(f"“{ref}”不是问题编号：请输入文书上印的 8 位编号或完整编号")
                continue
            matches = [canonical] if canonical in known else []
        if not matches:
            problems.append(f"没有编号为“{ref}”的检查结果")
        elif len(matches) > 1:
            ambiguous = True
            problems.append(f"编号“{ref}”对应 {len(matches)} 个检查结果，请改用完整编号：" + "、".join(matches))
        else:
            found.append(matches[0])
    if problems:
        error = AmbiguousReferenceError if ambiguous else NotFoundError
        raise error(_one_error(problems, "编号找不到唯一的检查结果"))
    return found


def resolve_finding(db: sqlite_utils.Database | sqlite3.Connection, ref: str) -> str:
    """The finding id for a full id or a printed short reference; NotFoundError or AmbiguousReferenceError."""
    return resolve_findings(db, [ref])[0]


_PROBLEM_ROWS = (
    "SELECT f.id, i.site_id, f.item_code, r.outcome, r.photos, "
    + voids.shown_status("i")
    + " FROM findings f JOIN inspections i ON i.id = f.inspection_id JOIN finding_revisions r ON r.finding_id = f.id"
    + f" AND {current_revision()} WHERE f.id IN ({{}})"
)


def _problem_rows(
    conn: sqlite3.Connection, finding_ids: Sequence[str]
) -> dict[str, tuple[str, str, str, list[str], str]]:
    """finding id → (site id, item code, outcome, photos, inspection status) of its current revision."""
    rows: dict[str, tuple[str, str, str, list[str], str]] = {}
    for chunk in _chunks(list(dict.fromkeys(finding_ids))):
        for row in conn.execute(_PROBLEM_ROWS.format(_marks(len(chunk))), chunk):
            rows[row[0]] = (row[1], row[2], row[3], json.loads(row[4]), row[5])
    return rows


# ---------------------------------------------------------------- appending


RECTIFY_KINDS = ("unit", "deadline", "rectified")


def actor_name(db: sqlite_utils.Database, actor: str | None, action: str = "review") -> str:
    """Who a decision is recorded under: a known active user whose role allows `action` (see `users.require`).

    A workspace without users records the name given, else the workspace's name.
    """
    return users.require(db, actor, action)


def append(
    conn: sqlite3.Connection, finding_id: str, kind: str, value: Any, reason: str, actor: str, at: str
) -> Decision:
    """Insert one decision inside an open transaction."""
    data = json.dumps(value, ensure_ascii=False, sort_keys=True)
    cursor = conn.execute(
        "INSERT INTO problem_events (finding_id, kind, value, reason, actor, recorded_at) VALUES (?, ?, ?, ?, ?, ?)",
        [finding_id, kind, data, reason, actor, at],
    )
    return Decision(int(cursor.lastrowid or 0), finding_id, kind, value, reason, actor, at)


def current_state(conn: sqlite3.Connection, finding_id: str) -> ReviewState:
    """The state of one finding, read inside an open transaction."""
    return review_states(conn, [finding_id]).get(finding_id, ReviewState())


def _failure_problem(finding_id: str, row: tuple[str, str, str, list[str], str] | None) -> str | None:
    """Why a finding is not a failure the office can review, or None when it is one."""
    reference = short_reference(finding_id)
    if row is None or row[2] != "fail":
        return f"检查结果 {reference} 当前不是“不合格”，不是需要审核的问题"
    if row[4] == voids.STATUS:
        return f"检查结果 {reference} 所在的检查已作废，不再审核或整改"
    if row[4] != "finished":
        return f"检查结果 {reference} 所在的检查尚未完成，完成后才能审核"
    return None


def failed_findings(conn: sqlite3.Connection, finding_ids: Sequence[str]) -> dict[str, tuple[str, str, list[str]]]:
    """finding id → (site id, item code, photos) when every one is a failure in a finished inspection.

    Otherwise ReviewError names each finding that is not (one query per few hundred findings).
    """
    rows = _problem_rows(conn, finding_ids)
    problems = [p for p in (_failure_problem(f, rows.get(f)) for f in dict.fromkeys(finding_ids)) if p]
    if problems:
        raise ReviewError(_one_error(problems, "检查结果不能审核"))
    return {f: (rows[f][0], rows[f][1], rows[f][3]) for f in finding_ids}


def failed_finding(conn: sqlite3.Connection, finding_id: str) -> tuple[str, str, list[str]]:
    """(site id, item code, photos) of a failure in a finished inspection; ReviewError otherwise."""
    return failed_findings(conn, [finding_id])[finding_id]


def need_reason(reason: str, what: str) -> str:
    """The reason, stripped; ReviewError when it is blank."""
    text = reason.strip()
    if not text:
        raise ReviewError(f"{what}需要填写原因")
    return text


def record_decision(
    db: sqlite_utils.Database,
    ref: str,
    kind: str,
    check: Check,
    *,
    value: Any = None,
    reason: str = "",
    actor: str | None = None,
    at: datetime | None = None,
) -> Decision:
    """Append one decision in its own transaction after `check(conn, finding_id, state)` accepts it."""
    action = "rectify" if kind in RECTIFY_KINDS else "review"
    who, when = actor_name(db, actor, action), to_iso(at or utc_now())
    with transaction(db) as conn:
        finding_id = resolve_finding(conn, ref)
        check(conn, finding_id, current_state(conn, finding_id))
        return append(conn, finding_id, kind, value, reason.strip(), who, when)
