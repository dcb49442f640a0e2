"""inspector.field.session, the core behind the runner: what comes next, per-category progress, the finish summary."""

from __future__ import annotations

from datetime import date, timedelta

from inspector.field import inspections, session
from inspector.field.session import next_unanswered
from inspector.register import sites


def test_next_unanswered_wraps_round_and_ends_when_all_are_answered():
    codes = ["a", "b", "c", "d"]
    assert next_unanswered(codes, set(), None) == "a"
    assert next_unanswered(codes, {"a", "b"}, "a") == "c"
    assert next_unanswered(codes, {"c", "d"}, "c") == "a"
    assert next_unanswered(codes, {"a", "b", "d"}, "d") == "c"
    assert next_unanswered(codes, set(codes), "b") is None
    assert next_unanswered([], set(), None) is None


def test_session_state_progress_and_summary(field_ws):
    db = field_ws.db
    site = sites.list_sites(db, search="幸福路农贸市场")[0]
    inspection = inspections.start_inspection(db, site_id=site.id, inspector_id="I-001", mode="announced")
    assert session.resume_candidate(db).id == inspection.id
    state = session.load_session(db, inspection.id)
    codes = state.checklist.codes
    assert state.first_unanswered() == codes[0] and state.site == site
    failed = state.items[1]
    inspections.record_finding(db, inspection.id, codes[0], outcome="pass")
    inspections.record_finding(db, inspection.id, failed.code, outcome="fail", count=3, note="n")

    state = session.load_session(db, inspection.id)
    assert state.first_unanswered() == codes[2]
    progress = session.category_progress(state.checklist, state.findings)
    assert [p.name for p in progress] == [g.name for g in state.checklist.groups]
    assert sum(p.total for p in progress) == len(codes)
    assert (progress[0].answered, progress[0].failures, progress[0].first_index) == (2, 1, 0)
    assert progress[1].first_index == len(state.checklist.groups[0].items)

    summary = session.finish_summary(db, inspection.id)
    assert (summary.answered, summary.total, summary.problem_count) == (2, len(codes), 3)
    [line] = summary.problems
    assert (line.index, line.item, line.count, line.note, line.photos) == (2, failed, 3, "n", 0)
    assert line.responsible_unit == failed.responsible_unit
    assert line.deadline == date.fromisoformat(inspection.local_date) + timedelta(days=failed.rectify_days)
    assert summary.deduction == line.deduction == failed.deduction * 3
    assert summary.score == state.progress["score"]


def test_no_resume_candidate_without_open_inspections(field_ws):
    assert session.resume_candidate(field_ws.db) is None
