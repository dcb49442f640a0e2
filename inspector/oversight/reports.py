"""Document data from the office database: the circular, the exposure sheet, rectification notices, problem lists.

Builders fill the documents engine's dataclasses (inspector.documents.data) for a period; `issue` writes files.
Every figure of a document comes from one set, its `DocumentScope`: the confirmed problems found in the period
(pending review, rejected and merged duplicates left out). Counts of 问题 are problems (rows of the list); counts of
处 are occurrences (a problem found at 3 spots is 1 problem, 3 处); tables and rankings count 处.
What each document takes from it:
- circular 通报: all of it: counts by mode, problems by category with typical examples and their photos, rankings
  (computed from the same review states) with red and black lists, requirements, and the attached list.
- exposure sheet 曝光台: those approved for exposure, one photo each, masked as the supervisor drew.
- notice 整改通知书: per responsible unit, its problems not yet closed.
- problem list (Excel): all of it, as the circular's attachment.
Every photo is a watermarked copy of the evidence (blurred where masks were drawn); the original never changes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, ClassVar

import sqlite_utils

from inspector import scoring, voids
from inspector.documents import (
    CircularData,
    ExposureEntry,
    ExposureSheet,
    ModeCount,
    NoticeData,
    NoticeProblem,
    ProblemExample,
    ProblemGroup,
    ProblemRow,
    Ranking,
    RankingRow,
    Requirement,
    blur_regions,
)
from inspector.errors import EvidenceError, NotFoundError
from inspector.field import evidence, watermark
from inspector.ids import cn_date, from_iso
from inspector.oversight import review
from inspector.oversight.numbering import letterhead
from inspector.oversight.rankings import rankings
from inspector.periods import Period
from inspector.store import get_setting
from inspector.tracking.problems import MODE_LABELS, Problem, ProblemFilter, list_problems
from inspector.workspace import Workspace

RANKING_TITLES = {"district": "各区综合得分排名", "street": "各街道综合得分排名", "unit": "责任单位整改情况排名"}
EXAMPLES_PER_GROUP = 2
MAX_CIRCULAR_PHOTOS = 8
REPLY_DAYS = 7


PRINT_SIDE = 1024  # long side of document photo copies: 2 per row on A4 prints them at about 340 dpi


class PhotoCopies:
    """Watermarked (and masked) document copies of evidence photos, each made once; unreadable ones are noted.

    Each copy's watermark carries the problem's printed reference. The public copy (exposure sheet) is made only
    from photos a person reviewed for faces and plates (`review.reviewed_photos`), blurred where they masked, and
    its watermark leaves the inspector's name out; the evidence copy (circular, notices) keeps it.
    A photo that cannot be used (missing, altered, not a whole JPEG, too many pixels) is never decoded further: it
    gets a warning, and a problem left with no usable photo gets a placeholder saying so, so the document is
    still made.
    """

    def __init__(self, ws: Workspace):
        self.ws = ws
        self.made: dict[tuple, bytes | None] = {}
        self.warnings: list[str] = []
        self.missing_glyphs: set[str] = set()  # characters of the watermarks no installed font has
        self._devices: dict[str, str | None] = {}

    def _device(self, inspection_id: str) -> str | None:
        """The device that recorded an inspection: its photos' capture facts are that device's claims."""
        if inspection_id not in self._devices:
            row = self.ws.db.execute("SELECT device_id FROM inspections WHERE id = ?", [inspection_id]).fetchone()
            self._devices[inspection_id] = row[0] if row else None
        return self._devices[inspection_id]

    def copy(self, problem: Problem, sha: str, *, public: bool = False) -> bytes | None:
        """The document copy of one of a problem's photos, or None (with a warning) when it cannot be read.

        `public` makes the exposure sheet's copy: watermarked with time, place and reference, no inspector name.
        """
        rects = tuple(problem.masks.get(sha, ()))
        key = (sha, rects, problem.site_id, problem.reference, public or problem.inspector_name)
        if key not in self.made:
            try:
                when = evidence.photo_time(self.ws.db, sha, self._device(problem.inspection_id))
                data = evidence.read_photo(self.ws.evidence_dir, sha)
                if rects:
                    data = blur_regions(data, rects)
                self.made[key] = watermark.render_watermark(
                    data,
                    taken_at=when.moment,
                    captured=when.captured,
                    place=problem.place or f"{problem.district}{problem.street}{problem.address}",
                    site=problem.site_name,
                    inspector="" if public else problem.inspector_name,
                    reference=problem.reference,
                    public=public,
                    max_side=PRINT_SIDE,
                    missing=self.missing_glyphs,
                )
            except (EvidenceError, NotFoundError, ValueError) as exc:
                self.warnings.append(f"问题 {problem.reference} 的照片 {sha[:12]} 未能使用：{exc}")
                self.made[key] = None
        return self.made[key]

    def first(self, problem: Problem, *, public: bool = False) -> tuple[bytes, ...]:
        """The document copy of a problem's first usable photo (masked photos first); a placeholder saying the
        photo cannot be shown when none is usable; nothing when the problem has no photo.

        `public` (exposure sheet) takes only photos a person reviewed for faces and plates, and gives nothing,
        with a warning, when none is.
        """
        photos = list(problem.photos)
        if public:
            reviewed = review.reviewed_photos(self.ws.db, problem.finding_id)
            unreviewed = [sha for sha in photos if sha not in reviewed]
            if unreviewed:
                self.warnings.append(
                    f"问题 {problem.reference} 的照片 {'、'.join(sha[:12] for sha in unreviewed)} "
                    "未经人工审看人脸和车牌（或审看后遮挡有改动），不上曝光台"
                )
            photos = [sha for sha in photos if sha in reviewed]
            if not photos:
                return ()
        for sha in sorted(photos, key=lambda s: s not in problem.masks):
            data = self.copy(problem, sha, public=public)
            if data is not None:
                return (data,)
        if not photos:
            return ()
        key = ("placeholder", problem.reference, tuple(photos))
        if key not in self.made:
            self.warnings.append(f"问题 {problem.reference} 没有可用的照片：文书中以“照片无法显示”的占位图代替")
            self.made[key] = watermark.render_placeholder(
                [
                    "照片无法显示",
                    f"问题 {problem.reference} · 证据照片 {'、'.join(sha[:12] for sha in photos[:3])}",
                    "照片文件缺失、被改动或不是有效的 JPEG，请核查证据库",
                ]
            )
        return (self.made[key],)


def description(problem: Problem) -> str:
    """The problem as printed: the item's text, the inspector's note, and whether it was unfixed or repeated."""
    text = problem.description.rstrip("。")
    if problem.note:
        text += f"（{problem.note.rstrip('。')}）"
    if problem.unfixed_of:
        text += "，复查仍未整改"
    elif problem.repeat_of:
        text += "，同一问题重复出现"
    return text


def period_problems(db: sqlite_utils.Database, period: Period, *, today: date) -> list[Problem]:
    """Problems found in the period that still count (pending or confirmed), by district, street and site."""
    found = list_problems(db, ProblemFilter(found_in=period), today=today)
    counted = [p for p in found if p.review in ("pending", "confirmed")]
    return sorted(counted, key=lambda p: (p.district, p.street, p.site_name, p.found_on, p.reference))


def problem_counts(problems: Iterable[Problem], *, pending_excluded: int = 0) -> dict[str, Any]:
    """What a document counts, for the clerk to check: problems, 处 (occurrences), both by district and by unit."""
    listed = list(problems)
    by_district: dict[str, dict[str, int]] = {}
    by_unit: dict[str, dict[str, int]] = {}
    for p in listed:
        for table, name in ((by_district, p.district), (by_unit, p.responsible_unit)):
            row = table.setdefault(name, {"problems": 0, "places": 0})
            row["problems"] += 1
            row["places"] += p.count
    return {
        "problems": len(listed),
        "places": sum(p.count for p in listed),
        "by_district": dict(sorted(by_district.items())),
        "by_unit": dict(sorted(by_unit.items())),
        "pending_excluded": pending_excluded,
    }


@dataclass(frozen=True)
class DocumentScope:
    """The problems of one document: confirmed problems found in the period, as of `today`.

    Pending review, rejected and merged duplicates are left out; `pending` counts the pending ones for the warning.
    Body, rankings, red and black lists, the attachment and the Excel list of a document all derive from it.
    """

    REVIEWS: ClassVar[tuple[str, ...]] = ("confirmed",)  # the review states a document counts, for rankings too

    period: Period
    today: date
    problems: tuple[Problem, ...]
    pending: int = 0  # how many problems of the period await review (left out, said in a warning)

    @property
    def places(self) -> int:
        """How many 处 (occurrences) the problems add up to."""
        return sum(p.count for p in self.problems)

    def counts(self) -> dict[str, Any]:
        """The document's counts (see problem_counts), with how many pending problems were left out."""
        return problem_counts(self.problems, pending_excluded=self.pending)

    def basis(self) -> str:
        """The 统计口径 sentence printed under the circular's rankings."""
        return (
            f"统计口径：问题数、扣分按{self.period.label}检查发现并经审核确认的问题按处计，不含待审核问题，"
            "与附件清单一致；得分为各次检查点位得分的平均值，整改率为本期到期问题中已复查销号的比例。"
        )


def document_scope(db: sqlite_utils.Database, period: Period, *, today: date) -> DocumentScope:
    """The problems of the period's documents (see DocumentScope)."""
    found = period_problems(db, period, today=today)
    return DocumentScope(
        period=period,
        today=today,
        problems=tuple(p for p in found if p.review in DocumentScope.REVIEWS),
        pending=sum(p.review == "pending" for p in found),
    )


def problem_rows(problems: Iterable[Problem]) -> list[ProblemRow]:
    """The rows of a problem list (the circular's attachment and the Excel workbook)."""
    return [
        ProblemRow(
            reference=p.reference,
            district=p.district,
            street=p.street,
            site=p.site_name,
            site_type=p.site_type_name,
            category=p.category_name,
            description=description(p),
            count=p.count,
            deduction=p.deduction,
            responsible_unit=p.responsible_unit,
            deadline=p.deadline,
            status=p.status_label,
            mode=p.mode_label,
            inspected_at=from_iso(p.started_at),
            inspector=p.inspector_name,
        )
        for p in problems
    ]


def _mode_counts(ws: Workspace, period: Period, confirmed: list[Problem]) -> tuple[ModeCount, ...]:
    rows = ws.db.execute(
        "SELECT mode, COUNT(*), COUNT(DISTINCT site_id) FROM inspections i WHERE status = 'finished'"
        f" AND local_date BETWEEN ? AND ? AND {voids.not_voided('i')} GROUP BY mode",
        [period.start.isoformat(), period.end.isoformat()],
    ).fetchall()
    found = Counter()
    for p in confirmed:
        found[p.mode] += p.count
    by_mode = {mode: (n, sites) for mode, n, sites in rows}
    return tuple(
        ModeCount(MODE_LABELS[mode], by_mode[mode][0], by_mode[mode][1], found[mode])
        for mode in ("announced", "unannounced")
        if mode in by_mode
    )


def _example_order(p: Problem) -> tuple:
    return (not p.photos, not p.exposure, not p.escalated, -p.deduction, p.reference)


def _groups(confirmed: list[Problem], photos: PhotoCopies, per_group: int, max_photos: int) -> tuple[ProblemGroup, ...]:
    by_category: dict[str, list[Problem]] = {}
    for p in confirmed:
        by_category.setdefault(p.category_name, []).append(p)
    groups, used = [], 0
    for name, members in sorted(by_category.items(), key=lambda kv: (-sum(p.count for p in kv[1]), kv[0])):
        types = Counter()
        for p in members:
            types[p.site_type_name] += p.count
        spread = "、".join(f"{t}{n}处" for t, n in types.most_common(3))
        summary = f"主要分布在{spread}{'等点位' if len(types) > 3 else ''}。"
        unfixed = sum(1 for p in members if p.unfixed_of)
        repeated = sum(1 for p in members if p.repeat_of and not p.unfixed_of)
        if unfixed or repeated:
            parts = [f"复查仍未整改{unfixed}个"] if unfixed else []
            parts += [f"同一点位重复出现{repeated}个"] if repeated else []
            summary += "其中" + "、".join(parts) + "。"
        examples = []
        for p in sorted(members, key=_example_order)[:per_group]:
            pictures = photos.first(p) if used < max_photos else ()
            used += len(pictures)
            examples.append(
                ProblemExample(
                    p.reference, p.district, p.street, p.site_name, description(p), p.responsible_unit, pictures
                )
            )
        groups.append(ProblemGroup(name, sum(p.count for p in members), summary, tuple(examples)))
    return tuple(groups)


def _ranking(ws: Workspace, scope: DocumentScope, by: str) -> Ranking:
    """A ranking over the scope's review states; groups with nothing to rank by are listed unranked (rank —)."""
    table = rankings(ws.db, scope.period, by, today=scope.today, reviews=DocumentScope.REVIEWS)
    rows = tuple(
        RankingRow(e.rank, e.name, e.score, e.problems, e.deductions, e.rectification_rate, e.rank_change)
        for e in table.entries
        if e.rank is not None or e.problems
    )
    return Ranking(RANKING_TITLES[by], table.label, rows, table.red_list, table.black_list)


def _requirements(
    ws: Workspace, confirmed: list[Problem], rankings_: tuple[Ranking, ...], issued_on: date
) -> tuple[Requirement, ...]:
    rules = scoring.load_rules(ws.db)
    head = letterhead(ws.db)
    unresolved = [p for p in confirmed if p.status in ("open", "overdue", "rectified")]
    overdue = sum(p.overdue for p in unresolved)
    latest = max((p.deadline for p in unresolved if p.deadline), default=None)
    places = sum(p.count for p in confirmed)
    first = (
        f"各责任单位要对照附件问题清单逐项整改。清单所列{len(confirmed)}个问题（{places}处）中"
        f"尚有{len(unresolved)}个未复查销号，"
        f"须在各自整改时限内整改到位，并将整改前后对比照片报送{head.signature}。"
    )
    if overdue:
        first += f"其中{overdue}个问题已超过整改时限，须立即整改。"
    unfixed = sum(1 for p in confirmed if p.unfixed_of)
    second = (
        f"{head.signature}将于{cn_date(issued_on + timedelta(days=1))}起对问题点位开展复查。"
        f"复查时仍未整改的，按原分值{rules.unfixed_at_recheck_multiplier:g}倍扣分"
    )
    second += f"；本期复查发现{unfixed}个问题仍未整改。" if unfixed else "。"
    repeated = sum(1 for p in confirmed if p.repeat_of and not p.unfixed_of)
    third = f"同一点位同一问题{rules.repeat_window_days}天内重复出现的，按原分值{rules.repeat_multiplier:g}倍扣分"
    third += f"（本期{repeated}个）" if repeated else ""
    third += "，并约谈责任单位负责人。"
    black = list(dict.fromkeys(name for r in rankings_ for name in r.black_list))
    if black:
        third += f"对列入黑榜的{'、'.join(black)}，请于一周内书面说明原因和整改措施。"
    deadline = latest if latest and latest > issued_on else issued_on + timedelta(days=REPLY_DAYS)
    return (
        Requirement("立即整改", first, deadline),
        Requirement("跟踪复查", second),
        Requirement("严肃问责", third),
    )


def circular_data(
    ws: Workspace,
    period: Period,
    *,
    year: int,
    serial: int,
    issued_on: date,
    today: date | None = None,
    dimensions: tuple[str, ...] = ("district", "unit"),
    photos: PhotoCopies | None = None,
    scope: DocumentScope | None = None,
) -> CircularData:
    """The period circular's data: overview, problems by category with examples, rankings, requirements, list.

    Every figure comes from `scope` (default: the period's DocumentScope as of `today`).
    """
    today = today or issued_on
    photos = photos or PhotoCopies(ws)
    scope = scope or document_scope(ws.db, period, today=today)
    confirmed = list(scope.problems)
    counts = _mode_counts(ws, period, confirmed)
    ranked = tuple(_ranking(ws, scope, by) for by in dimensions)
    districts, sites = ws.db.execute(
        "SELECT COUNT(DISTINCT s.district), COUNT(DISTINCT s.id) FROM inspections i JOIN sites s ON s.id = i.site_id"
        f" WHERE i.status = 'finished' AND i.local_date BETWEEN ? AND ? AND {voids.not_voided('i')}",
        [period.start.isoformat(), period.end.isoformat()],
    ).fetchone()
    setting = get_setting(ws.db, "letterhead") or {}
    return CircularData(
        period_label=period.label,
        year=year,
        serial=serial,
        issued_on=issued_on,
        counts=counts,
        groups=_groups(confirmed, photos, EXAMPLES_PER_GROUP, MAX_CIRCULAR_PHOTOS),
        rankings=ranked,
        requirements=_requirements(ws, confirmed, ranked, issued_on),
        problems=tuple(problem_rows(confirmed)),
        contact=str(setting.get("contact") or ""),
        districts=districts,
        sites=sites,
        basis=scope.basis() if ranked else "",
    )


def exposure_sheet(
    ws: Workspace,
    period: Period,
    *,
    issue: int | None,
    issued_on: date,
    today: date | None = None,
    photos: PhotoCopies | None = None,
    scope: DocumentScope | None = None,
) -> ExposureSheet:
    """The exposure sheet: approved problems of the scope, one masked, watermarked photo each, by district.

    A problem not closed or reported fixed whose deadline is before the issue date is printed as overdue.
    """
    photos = photos or PhotoCopies(ws)
    scope = scope or document_scope(ws.db, period, today=today or issued_on)
    entries = []
    for p in scope.problems:
        picture = photos.first(p, public=True) if p.exposure else ()
        if picture:
            entries.append(
                ExposureEntry(
                    reference=p.reference,
                    district=p.district,
                    street=p.street,
                    place=f"{p.district}{p.street}",
                    site=p.site_name,
                    problem=description(p),
                    responsible_unit=p.responsible_unit,
                    deadline=p.deadline,
                    photo=picture[0],
                    status=exposure_status(p, issued_on),
                    count=p.count,
                )
            )
    return ExposureSheet(period_label=period.label, issued_on=issued_on, entries=tuple(entries), issue=issue)


def exposure_status(problem: Problem, issued_on: date) -> str:
    """The status an exposure entry prints: overdue also when the deadline passes before the issue date."""
    late = problem.deadline is not None and problem.deadline < issued_on
    return "overdue" if problem.status == "open" and late else problem.status


def notice_problems(
    db: sqlite_utils.Database, period: Period, *, today: date, scope: DocumentScope | None = None
) -> dict[str, list[Problem]]:
    """Per responsible unit (sorted by name): its problems of the scope not yet closed."""
    scope = scope or document_scope(db, period, today=today)
    by_unit: dict[str, list[Problem]] = {}
    for p in scope.problems:
        if p.status != "closed":
            by_unit.setdefault(p.responsible_unit, []).append(p)
    return dict(sorted(by_unit.items()))


def notice_data(
    ws: Workspace,
    period: Period,
    unit: str,
    problems: list[Problem],
    *,
    year: int,
    serial: int,
    issued_on: date,
    photos: PhotoCopies | None = None,
) -> NoticeData:
    """A rectification notice to one unit: its problems with a photo each and their deadlines, and a reply slip."""
    photos = photos or PhotoCopies(ws)
    items, late, reported = [], [], []
    for n, p in enumerate(problems, start=1):
        if p.status == "rectified":
            reported.append(str(n))
        elif p.deadline and p.deadline < issued_on:
            late.append(str(n))
        place = (p.reference, p.district, p.street, p.site_name)
        items.append(NoticeProblem(*place, p.category_name, description(p), p.deadline, photos.first(p)))
    extra = []
    if late:
        extra.append(f"上述第{'、'.join(late)}项问题已超过整改时限，请立即整改到位，并在回执中说明逾期原因。")
    if reported:
        extra.append(f"第{'、'.join(reported)}项问题你单位已报整改，待复查确认后销号。")
    latest = max((p.deadline for p in problems if p.deadline), default=issued_on)
    setting = get_setting(ws.db, "letterhead") or {}
    return NoticeData(
        unit=unit,
        period_label=period.label,
        year=year,
        serial=serial,
        issued_on=issued_on,
        problems=tuple(items),
        reply_by=max(latest, issued_on + timedelta(days=REPLY_DAYS)),
        contact=str(setting.get("contact") or ""),
        report_to=str(setting.get("report_to") or ""),
        extra=tuple(extra),
    )
