"""Office review of failed findings: confirm, reject, merge duplicates, approve for exposure, mask photos.

Each decision is appended to the problem's history in a transaction, one for a whole bulk confirmation (see
`decisions`); the field revisions are never touched: a rejected finding keeps its signed revisions and content
hashes, the office stops counting it.

Nobody is exposed who should not be: a problem is approved for exposure only when a person has looked at each of
its photos for faces and licence plates and either drew masks over them ('masked') or found none ('clear'). Each
look is a row in `photo_reviews` plus a 'masks' decision saying which; changing a photo's masks afterwards, or the
photo leaving the problem's current revision, makes the look stale, and only photos with a current look are
published (`reviewed_photos`).
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlite_utils

from inspector.changes import writes
from inspector.errors import InspectorError
from inspector.ids import to_iso, utc_now
from inspector.letters import short_reference
from inspector.store import transaction
from inspector.tracking.decisions import (
    REVIEW_LABELS,
    Decision,
    Rect,
    ReviewError,
    ReviewState,
    actor_name,
    append,
    current_state,
    failed_finding,
    failed_findings,
    need_reason,
    record_decision,
    resolve_finding,
    resolve_findings,
    review_states,
)

_MERGED_INTO = "SELECT DISTINCT finding_id FROM problem_events WHERE kind = 'merge' AND value = ?"


PROGRESS_EVERY = 200  # problems between two progress calls of a bulk confirmation


@writes("problems")
def confirm(
    db: sqlite_utils.Database,
    refs: str | Sequence[str],
    *,
    reason: str = "",
    actor: str | None = None,
    at: datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Decision]:
    """Confirm failed findings as problems in one transaction; already confirmed ones are left as they are.

    All or nothing: when any reference is unknown or names no reviewable failure, nothing is written and the
    error names each such problem. References, problem rows and states are read a few hundred at a time;
    `progress(done, total)` is called every `PROGRESS_EVERY` problems written and once at the end.
    """
    who, when = actor_name(db, actor), to_iso(at or utc_now())
    wanted = [refs] if isinstance(refs, str) else list(refs)
    made: list[Decision] = []
    with transaction(db) as conn:
        finding_ids = list(dict.fromkeys(resolve_findings(conn, wanted)))
        failed_findings(conn, finding_ids)
        states = review_states(conn, finding_ids)
        todo = [f for f in finding_ids if states.get(f, ReviewState()).review != "confirmed"]
        note = reason.strip()
        for done, finding_id in enumerate(todo, 1):
            made.append(append(conn, finding_id, "confirm", None, note, who, when))
            if progress is not None and done % PROGRESS_EVERY == 0 and done < len(todo):
                progress(done, len(todo))
    if progress is not None:
        progress(len(todo), len(todo))
    return made


@writes("problems")
def reject(
    db: sqlite_utils.Database, ref: str, *, reason: str, actor: str | None = None, at: datetime | None = None
) -> Decision:
    """Reject a finding as no problem (e.g. wrong site); it stops counting, its revisions stay as signed."""

    def check(conn: sqlite3.Connection, finding_id: str, state: ReviewState) -> None:
        failed_finding(conn, finding_id)
        if state.review == "rejected":
            raise ReviewError(f"问题 {short_reference(finding_id)} 已经驳回")

    return record_decision(db, ref, "reject", check, reason=need_reason(reason, "驳回"), actor=actor, at=at)


@writes("problems")
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


@writes("problems")
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


VERDICT_LABELS = {"masked": "已遮挡", "clear": "无人脸和车牌"}


@dataclass(frozen=True)
class Look:
    """What a person decided for one photo: the rectangles to blur, or `clear` (no faces or plates in it).

    `suggested` face rectangles were offered by the detector; `confirmed` of them were kept (moved or not).
    """

    rects: tuple[Rect, ...] = ()
    clear: bool = False
    suggested: int = 0
    confirmed: int = 0


@dataclass(frozen=True)
class PhotoReview:
    """One photo of a problem and the latest look a person took at it for faces and plates."""

    photo: str
    verdict: str | None = None
    rects: tuple[Rect, ...] = ()
    suggested: int = 0
    confirmed: int = 0
    actor: str = ""
    at: str = ""
    stale: bool = False

    @property
    def current(self) -> bool:
        """True when the photo may be published: looked at, and its masks unchanged since."""
        return self.verdict is not None and not self.stale

    @property
    def label(self) -> str:
        """The look in words, e.g. 已遮挡 2 处 / 无人脸和车牌 / 未审看."""
        if self.verdict is None:
            return "未审看人脸和车牌"
        if self.stale:
            return "审看后遮挡区域又有改动，需重新审看"
        if self.verdict == "masked":
            kept = f"，人脸提示 {self.suggested} 处中保留 {self.confirmed} 处" if self.suggested else ""
            return f"已遮挡 {len(self.rects)} 处{kept}"
        return "无人脸和车牌（无需遮挡）"

    def as_dict(self) -> dict[str, object]:
        """JSON-able form."""
        return {**self.__dict__, "rects": [list(r) for r in self.rects], "current": self.current}


def _current_photos(conn: sqlite3.Connection, finding_id: str) -> list[str]:
    row = conn.execute(
        "SELECT photos FROM finding_revisions WHERE finding_id = ? ORDER BY rev DESC LIMIT 1", [finding_id]
    ).fetchone()
    return json.loads(row[0]) if row else []


def _reviews(conn: sqlite3.Connection, finding_id: str, photos: list[str]) -> list[PhotoReview]:
    last_masks: dict[str, int] = {}
    for event_id, value in conn.execute(
        "SELECT id, value FROM problem_events WHERE finding_id = ? AND kind = 'masks' ORDER BY id", [finding_id]
    ):
        last_masks[json.loads(value)["photo"]] = event_id
    looks: dict[str, tuple] = {}
    for row in conn.execute(
        "SELECT photo, verdict, rects, suggested, confirmed, actor, at, event_id FROM photo_reviews"
        " WHERE finding_id = ? ORDER BY id",
        [finding_id],
    ):
        looks[row[0]] = row
    found = []
    for sha in photos:
        if sha not in looks:
            found.append(PhotoReview(sha))
            continue
        _photo, verdict, rects, suggested, confirmed, actor, at, event_id = looks[sha]
        found.append(
            PhotoReview(
                sha,
                verdict,
                tuple(tuple(r) for r in json.loads(rects)),  # type: ignore[misc]
                suggested,
                confirmed,
                actor,
                at,
                stale=last_masks.get(sha) != event_id,
            )
        )
    return found


def photo_reviews(db: sqlite_utils.Database | sqlite3.Connection, ref: str) -> list[PhotoReview]:
    """Each photo of the problem's current revision, in order, with the latest look at it (or none)."""
    conn = db.conn if isinstance(db, sqlite_utils.Database) else db
    finding_id = resolve_finding(conn, ref)
    return _reviews(conn, finding_id, _current_photos(conn, finding_id))


def reviewed_photos(db: sqlite_utils.Database | sqlite3.Connection, finding_id: str) -> dict[str, PhotoReview]:
    """The photos of a problem that may be published: a person looked at them and their masks are unchanged."""
    conn = db.conn if isinstance(db, sqlite_utils.Database) else db
    return {r.photo: r for r in _reviews(conn, finding_id, _current_photos(conn, finding_id)) if r.current}


def _photo_names(photos: list[str], wanted: Iterable[str]) -> str:
    return "、".join(f"第 {photos.index(sha) + 1} 张（{sha[:12]}）" for sha in wanted)


def _record_look(conn: sqlite3.Connection, finding_id: str, sha: str, look: Look, who: str, when: str) -> Decision:
    """Write one look (a 'masks' decision saying which, and its photo_reviews row) inside an open transaction."""
    rects = _check_rects(conn, sha, look.rects)
    if look.clear and rects:
        raise ReviewError(f"照片 {sha[:12]} 画了遮挡区域，就不能同时标为“无人脸和车牌”")
    if not look.clear and not rects:
        raise ReviewError(f"照片 {sha[:12]} 既没有画遮挡区域，也没有标为“无人脸和车牌”，不算审看过")
    if look.suggested < 0 or not 0 <= look.confirmed <= min(look.suggested, len(rects)):
        raise ReviewError(f"照片 {sha[:12]} 的人脸提示数目不对：提示 {look.suggested} 处，保留 {look.confirmed} 处")
    verdict = "clear" if look.clear else "masked"
    value = {
        "photo": sha,
        "rects": rects,
        "verdict": verdict,
        "suggested": look.suggested,
        "confirmed": look.confirmed,
    }
    made = append(conn, finding_id, "masks", value, "", who, when)
    conn.execute(
        "INSERT INTO photo_reviews (finding_id, photo, verdict, rects, suggested, confirmed, event_id, actor, at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [finding_id, sha, verdict, json.dumps(rects), look.suggested, look.confirmed, made.id, who, when],
    )
    return made


@writes("problems")
def review_photos(
    db: sqlite_utils.Database,
    ref: str,
    looks: Mapping[str, Look],
    *,
    actor: str | None = None,
    at: datetime | None = None,
) -> list[Decision]:
    """Record a person's look at some of a problem's photos (photo hash or prefix → Look), in one transaction."""
    who, when = actor_name(db, actor), to_iso(at or utc_now())
    with transaction(db) as conn:
        finding_id = resolve_finding(conn, ref)
        _site, _item, photos = failed_finding(conn, finding_id)
        return [
            _record_look(conn, finding_id, _photo_of(photos, p, finding_id), look, who, when)
            for p, look in looks.items()
        ]


@writes("problems")
def set_masks(
    db: sqlite_utils.Database,
    ref: str,
    photo: str,
    rects: Iterable[Sequence[float]],
    *,
    suggested: int = 0,
    confirmed: int = 0,
    actor: str | None = None,
    at: datetime | None = None,
) -> Decision:
    """Set the rectangles (x, y, width, height in the photo's pixels) blurred in the published copy.

    Drawing rectangles is looking at the photo: it is recorded as reviewed ('masked'). [] removes the masks and
    leaves the photo unreviewed until someone marks it clear (`mark_clear`) or draws masks again.
    """
    boxes = [tuple(r) for r in rects]
    if boxes:
        look = Look(tuple(boxes), suggested=suggested, confirmed=confirmed)  # type: ignore[arg-type]
        return review_photos(db, ref, {photo: look}, actor=actor, at=at)[0]
    who, when = actor_name(db, actor), to_iso(at or utc_now())
    with transaction(db) as conn:
        finding_id = resolve_finding(conn, ref)
        _site, _item, photos = failed_finding(conn, finding_id)
        sha = _photo_of(photos, photo, finding_id)
        return append(conn, finding_id, "masks", {"photo": sha, "rects": []}, "", who, when)


@writes("problems")
def mark_clear(
    db: sqlite_utils.Database,
    ref: str,
    photo: str,
    *,
    suggested: int = 0,
    actor: str | None = None,
    at: datetime | None = None,
) -> Decision:
    """Record that a person looked at the photo and it shows no face or licence plate (any masks are removed)."""
    return review_photos(db, ref, {photo: Look(clear=True, suggested=suggested)}, actor=actor, at=at)[0]


@writes("problems")
def approve_exposure(
    db: sqlite_utils.Database,
    ref: str,
    *,
    masks: Mapping[str, Iterable[Sequence[float]]] | None = None,
    clear: Iterable[str] = (),
    looks: Mapping[str, Look] | None = None,
    reason: str = "",
    actor: str | None = None,
    at: datetime | None = None,
) -> list[Decision]:
    """Approve a confirmed problem for the exposure sheet (one transaction).

    Looks given here are recorded first: `masks` (photo → rectangles), `clear` (photos with no face or plate),
    `looks` (photo → Look). Then every photo of the problem must have a current look, or nothing is recorded and
    ReviewError names the photos still to be looked at.
    """
    who, when = actor_name(db, actor), to_iso(at or utc_now())
    given: list[tuple[str, Look]] = [(p, Look(tuple(tuple(r) for r in rects))) for p, rects in (masks or {}).items()]  # type: ignore[misc]
    given += [(p, Look(clear=True)) for p in clear]
    given += list((looks or {}).items())
    with transaction(db) as conn:
        finding_id = resolve_finding(conn, ref)
        _site, _item, photos = failed_finding(conn, finding_id)
        state = current_state(conn, finding_id)
        reference = short_reference(finding_id)
        if state.review != "confirmed":
            raise ReviewError(f"问题 {reference} 尚未确认，确认后才能同意曝光")
        if state.exposure:
            raise ReviewError(f"问题 {reference} 已经同意曝光")
        if not photos:
            raise ReviewError(f"问题 {reference} 没有照片，不能上曝光台")
        resolved = [(_photo_of(photos, p, finding_id), look) for p, look in given]
        counted = Counter(sha for sha, _look in resolved)
        twice = [sha for sha, n in counted.items() if n > 1]
        if twice:
            numbers = _photo_names(photos, twice)
            raise ReviewError(
                f"问题 {reference} 的{numbers}照片给了不止一个审看结论（例如既画了遮挡又勾选了无人脸和车牌）："
                "每张照片只能给一个结论，请重新选择"
            )
        made = [_record_look(conn, finding_id, sha, look, who, when) for sha, look in resolved]
        unreviewed = [r.photo for r in _reviews(conn, finding_id, photos) if not r.current]
        if unreviewed:
            raise ReviewError(
                f"问题 {reference} 还有 {len(unreviewed)} 张照片没有审看人脸和车牌："
                f"{_photo_names(photos, unreviewed)}。"
                "请逐张查看：有人脸或车牌的画出遮挡区域，没有的勾选“此照片无人脸和车牌”，然后再同意曝光"
                f"（命令行：problems mask {reference} --photo 照片哈希前缀 --rect x,y,宽,高 或 --clear）。"
            )
        made.append(append(conn, finding_id, "approve", None, reason.strip(), who, when))
        return made


@writes("problems")
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
