"""Office review of failed findings: confirm, reject, merge duplicates, approve for exposure, mask photos.

Each decision is appended to the problem's history in its own transaction (see `decisions`); the field revisions
are never touched: a rejected finding keeps its signed revisions and content hashes, the office stops counting it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

import sqlite_utils

from inspector.decisions import (
    REVIEW_LABELS,
    Decision,
    Rect,
    ReviewError,
    ReviewState,
    actor_name,
    append,
    current_state,
    failed_finding,
    need_reason,
    record_decision,
    resolve_finding,
    review_states,
)
from inspector.documents.data import short_reference
from inspector.errors import InspectorError
from inspector.ids import to_iso, utc_now
from inspector.store import transaction

_MERGED_INTO = "SELECT DISTINCT finding_id FROM problem_events WHERE kind = 'merge' AND value = ?"


def confirm(
    db: sqlite_utils.Database,
    refs: str | Sequence[str],
    *,
    reason: str = "",
    actor: str | None = None,
    at: datetime | None = None,
) -> list[Decision]:
    """Confirm failed findings as problems (one transaction for all); already confirmed ones are left as they are."""
    who, when = actor_name(db, actor), to_iso(at or utc_now())
    made: list[Decision] = []
    with transaction(db) as conn:
        for ref in [refs] if isinstance(refs, str) else refs:
            finding_id = resolve_finding(conn, ref)
            failed_finding(conn, finding_id)
            if current_state(conn, finding_id).review != "confirmed":
                made.append(append(conn, finding_id, "confirm", None, reason.strip(), who, when))
    return made


def reject(
    db: sqlite_utils.Database, ref: str, *, reason: str, actor: str | None = None, at: datetime | None = None
) -> Decision:
    """Reject a finding as no problem (e.g. wrong site); it stops counting, its revisions stay as signed."""

    def check(conn: sqlite3.Connection, finding_id: str, state: ReviewState) -> None:
        failed_finding(conn, finding_id)
        if state.review == "rejected":
            raise ReviewError(f"问题 {short_reference(finding_id)} 已经驳回")

    return record_decision(db, ref, "reject", check, reason=need_reason(reason, "驳回"), actor=actor, at=at)


def merge_duplicate(
    db: sqlite_utils.Database,
    ref: str,
    *,
    into: str,
    reason: str = "",
    actor: str | None = None,
    at: datetime | None = None,
) -> Decision:
    """Merge a duplicate into its primary: the same item at the same site; only the primary counts from then on."""
    primary = resolve_finding(db, into)

    def check(conn: sqlite3.Connection, finding_id: str, state: ReviewState) -> None:
        if finding_id == primary:
            raise ReviewError("不能把问题合并到它自己")
        site, item, _ = failed_finding(conn, finding_id)
        primary_site, primary_item, _ = failed_finding(conn, primary)
        if (site, item) != (primary_site, primary_item):
            raise ReviewError("只能合并同一点位、同一条目的重复问题")
        primary_state = current_state(conn, primary)
        if primary_state.review in ("rejected", "merged"):
            raise ReviewError(
                f"主问题 {short_reference(primary)} 已{REVIEW_LABELS[primary_state.review][1:]}，请另选主问题"
            )
        if state.review == "merged" and state.primary_id == primary:
            raise ReviewError(f"问题 {short_reference(finding_id)} 已经合并到 {short_reference(primary)}")
        merged_here = [r[0] for r in conn.execute(_MERGED_INTO, [json.dumps(finding_id)])]
        if any(s.review == "merged" and s.primary_id == finding_id for s in review_states(conn, merged_here).values()):
            raise ReviewError(f"已有重复问题合并到 {short_reference(finding_id)}，请把它们合并到新的主问题后再操作")

    return record_decision(db, ref, "merge", check, value=primary, reason=reason or "重复问题", actor=actor, at=at)


def reopen(
    db: sqlite_utils.Database, ref: str, *, reason: str, actor: str | None = None, at: datetime | None = None
) -> Decision:
    """Undo a confirmation, rejection or merge: the problem is pending review again."""

    def check(conn: sqlite3.Connection, finding_id: str, state: ReviewState) -> None:
        if state.review == "pending":
            raise ReviewError(f"问题 {short_reference(finding_id)} 尚未审核")

    return record_decision(db, ref, "reopen", check, reason=need_reason(reason, "撤销审核"), actor=actor, at=at)


def _check_rects(conn: sqlite3.Connection, photo: str, rects: Iterable[Sequence[float]]) -> list[list[int]]:
    row = conn.execute("SELECT width, height FROM photos WHERE sha256 = ?", [photo]).fetchone()
    width, height = row if row else (None, None)
    checked = []
    for rect in rects:
        if len(rect) != 4:
            raise ReviewError("遮挡区域应为 x, y, 宽, 高 四个数")
        x, y, w, h = (round(v) for v in rect)
        if x < 0 or y < 0 or w < 1 or h < 1:
            raise ReviewError(f"遮挡区域 {x},{y},{w},{h} 无效：坐标不能为负，宽和高至少为 1")
        if width is not None and (x + w > width or y + h > height):
            raise ReviewError(f"遮挡区域 {x},{y},{w},{h} 超出了照片范围（{width}×{height}）")
        checked.append([x, y, w, h])
    return checked


def _photo_of(photos: list[str], photo: str, finding_id: str) -> str:
    matches = [sha for sha in photos if sha.startswith(photo.strip().lower())] if len(photo.strip()) >= 6 else []
    if len(matches) != 1:
        raise ReviewError(f"问题 {short_reference(finding_id)} 的照片中没有唯一匹配“{photo}”的一张")
    return matches[0]


def set_masks(
    db: sqlite_utils.Database,
    ref: str,
    photo: str,
    rects: Iterable[Sequence[float]],
    *,
    actor: str | None = None,
    at: datetime | None = None,
) -> Decision:
    """Set the rectangles (x, y, width, height in the photo's pixels) blurred in the published copy; [] clears."""
    who, when = actor_name(db, actor), to_iso(at or utc_now())
    with transaction(db) as conn:
        finding_id = resolve_finding(conn, ref)
        _site, _item, photos = failed_finding(conn, finding_id)
        sha = _photo_of(photos, photo, finding_id)
        value = {"photo": sha, "rects": _check_rects(conn, sha, rects)}
        return append(conn, finding_id, "masks", value, "", who, when)


def approve_exposure(
    db: sqlite_utils.Database,
    ref: str,
    *,
    masks: Mapping[str, Iterable[Sequence[float]]] | None = None,
    reason: str = "",
    actor: str | None = None,
    at: datetime | None = None,
) -> list[Decision]:
    """Approve a confirmed problem for the exposure sheet, with optional mask rectangles per photo (one transaction)."""
    who, when = actor_name(db, actor), to_iso(at or utc_now())
    with transaction(db) as conn:
        finding_id = resolve_finding(conn, ref)
        _site, _item, photos = failed_finding(conn, finding_id)
        state = current_state(conn, finding_id)
        if state.review != "confirmed":
            raise ReviewError(f"问题 {short_reference(finding_id)} 尚未确认，确认后才能同意曝光")
        if state.exposure:
            raise ReviewError(f"问题 {short_reference(finding_id)} 已经同意曝光")
        if not photos:
            raise ReviewError(f"问题 {short_reference(finding_id)} 没有照片，不能上曝光台")
        made = [append(conn, finding_id, "approve", None, reason.strip(), who, when)]
        for photo, rects in (masks or {}).items():
            sha = _photo_of(photos, photo, finding_id)
            value = {"photo": sha, "rects": _check_rects(conn, sha, rects)}
            made.append(append(conn, finding_id, "masks", value, "", who, when))
        return made


def withdraw_exposure(
    db: sqlite_utils.Database, ref: str, *, reason: str = "", actor: str | None = None, at: datetime | None = None
) -> Decision:
    """Take a problem off the exposure sheet."""

    def check(conn: sqlite3.Connection, finding_id: str, state: ReviewState) -> None:
        if not state.exposure:
            raise ReviewError(f"问题 {short_reference(finding_id)} 没有同意曝光")

    return record_decision(db, ref, "withdraw", check, reason=reason, actor=actor, at=at)


def parse_rect(text: str) -> Rect:
    """A rectangle typed as x,y,w,h (pixels)."""
    try:
        x, y, w, h = (int(float(part)) for part in text.replace("，", ",").split(","))
    except ValueError as exc:
        raise InspectorError(f"遮挡区域“{text}”应写成 x,y,宽,高（像素），例如 120,340,200,80") from exc
    return x, y, w, h
