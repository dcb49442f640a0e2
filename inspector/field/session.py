"""An inspection in progress as the checklist runner sees it: state, per-category progress, what comes next."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlite_utils

from inspector.catalog import Item
from inspector.field import inspections
from inspector.field.checklist import Checklist
from inspector.field.inspections import Finding, Inspection
from inspector.ids import to_iso, utc_now
from inspector.register import sites as sites_mod
from inspector.store import transaction

MAX_DRAFT = 10_000  # characters kept of a note draft (far more than a note needs)


@dataclass(frozen=True)
class CategoryProgress:
    """How far one category of a checklist is answered."""

    category: str
    name: str
    answered: int
    total: int
    failures: int
    first_index: int  # position of the category's first item in the checklist


@dataclass(frozen=True)
class SessionState:
    """Everything the runner shows about one inspection, read in one go."""

    inspection: Inspection
    site: sites_mod.Site
    checklist: Checklist
    findings: dict[str, Finding]
    progress: dict[str, Any]

    @property
    def items(self) -> list[Item]:
        """Checklist items in display order."""
        return self.checklist.items

    def first_unanswered(self) -> str | None:
        """Code of the first unanswered item, or None when all are answered."""
        return next_unanswered(self.checklist.codes, self.findings, None)


@dataclass(frozen=True)
class ProblemLine:
    """One failed item in a finish summary."""

    index: int  # 1-based position in the checklist
    item: Item
    count: int
    deduction: float
    responsible_unit: str
    deadline: date | None
    note: str
    photos: int


@dataclass(frozen=True)
class FinishSummary:
    """What finishing will fix: the problems found, the total deduction and the score."""

    problems: list[ProblemLine]
    problem_count: int
    deduction: float
    score: float
    answered: int
    total: int


def load_session(db: sqlite_utils.Database, inspection_id: str) -> SessionState:
    """The inspection, its site, checklist, current answers and progress."""
    inspection = inspections.get_inspection(db, inspection_id)
    checklist = inspections.inspection_checklist(db, inspection)
    findings = {f.item_code: f for f in inspections.current_findings(db, inspection_id)}
    return SessionState(
        inspection=inspection,
        site=sites_mod.get_site(db, inspection.site_id),
        checklist=checklist,
        findings=findings,
        progress=inspections.progress(db, inspection_id),
    )


def next_unanswered(codes: Sequence[str], answered: Collection[str], after: str | None) -> str | None:
    """The first unanswered code after `after` (wrapping round to the start), or None when all are answered."""
    if not codes:
        return None
    start = codes.index(after) + 1 if after in codes else 0
    for offset in range(len(codes)):
        code = codes[(start + offset) % len(codes)]
        if code not in answered:
            return code
    return None


def category_progress(checklist: Checklist, findings: dict[str, Finding]) -> list[CategoryProgress]:
    """Answered / total and the number of failures for each category, in checklist order."""
    result = []
    index = 0
    for group in checklist.groups:
        answered = [findings[item.code] for item in group.items if item.code in findings]
        result.append(
            CategoryProgress(
                category=group.category,
                name=group.name,
                answered=len(answered),
                total=len(group.items),
                failures=sum(1 for f in answered if f.outcome == "fail"),
                first_index=index,
            )
        )
        index += len(group.items)
    return result


def finish_summary(db: sqlite_utils.Database, inspection_id: str) -> FinishSummary:
    """The problems (with responsible units and deadlines), deduction and score that finishing would fix."""
    return summarize(load_session(db, inspection_id))


def summarize(state: SessionState) -> FinishSummary:
    """The finish summary of an already loaded session."""
    problems = []
    for index, item in enumerate(state.items, start=1):
        finding = state.findings.get(item.code)
        if finding is None or finding.outcome != "fail":
            continue
        problems.append(
            ProblemLine(
                index=index,
                item=item,
                count=finding.count,
                deduction=finding.deduction,
                responsible_unit=finding.responsible_unit or item.responsible_unit,
                deadline=date.fromisoformat(finding.deadline) if finding.deadline else None,
                note=finding.note,
                photos=len(finding.photos),
            )
        )
    progress = state.progress
    return FinishSummary(
        problems=problems,
        problem_count=progress["problems"],
        deduction=progress["deduction"],
        score=progress["score"],
        answered=progress["answered"],
        total=progress["total"],
    )


def resume_candidate(db: sqlite_utils.Database) -> Inspection | None:
    """The open inspection to reopen after a restart (the newest one), or None."""
    candidates = inspections.open_inspections(db)
    return candidates[0] if candidates else None


# ---------------------------------------------------------------- note drafts (kept while typing)


def save_note_draft(db: sqlite_utils.Database, inspection_id: str, item_code: str, text: str) -> None:
    """Keep the note being typed for an item, so it survives the app being killed (one row per item)."""
    with transaction(db):
        db.conn.execute(
            "INSERT INTO note_drafts (inspection_id, item_code, text, saved_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (inspection_id, item_code) DO UPDATE SET text = excluded.text, saved_at = excluded.saved_at",
            [inspection_id, item_code, text[:MAX_DRAFT], to_iso(utc_now())],
        )


def note_drafts(db: sqlite_utils.Database, inspection_id: str) -> dict[str, str]:
    """The unsaved note drafts of an inspection, by item code."""
    rows = db.execute(
        "SELECT item_code, text FROM note_drafts WHERE inspection_id = ? ORDER BY saved_at", [inspection_id]
    ).fetchall()
    return {code: text for code, text in rows}


def discard_note_draft(db: sqlite_utils.Database, inspection_id: str, item_code: str) -> None:
    """Forget an item's note draft (its note was saved as an answer, or typed back to the saved note)."""
    if db.execute(
        "SELECT 1 FROM note_drafts WHERE inspection_id = ? AND item_code = ?", [inspection_id, item_code]
    ).fetchone():
        with transaction(db):
            db.conn.execute(
                "DELETE FROM note_drafts WHERE inspection_id = ? AND item_code = ?", [inspection_id, item_code]
            )
