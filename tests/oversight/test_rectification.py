"""Rectification across weeks with a frozen `today`: open → overdue → rectified → closed; escalation; repeats."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from PIL import Image

from inspector import scoring
from inspector.errors import DrawError
from inspector.exchange import keys, taskpack
from inspector.field import evidence, inspections
from inspector.oversight import review
from inspector.oversight.rectification import (
    recheck_list,
    record_recheck_draw,
    record_rectification,
    set_deadline,
    set_unit,
)
from inspector.register import draw
from inspector.store import set_setting, transaction
from inspector.tracking import problem_state
from inspector.tracking.decisions import ReviewError
from inspector.tracking.problems import ProblemFilter, list_problems
from tests.office_kit import BOARD_ITEM, WEEK_ITEM, inspect, problem_of

MONDAY = date(2026, 11, 2)


def no_repeat_window(ws):
    rules = scoring.load_rules(ws.db).as_dict()
    with transaction(ws.db) as conn:
        set_setting(conn, "scoring", {**rules, "repeat_window_days": 0})


def test_life_of_a_problem_across_weeks(ws, tmp_path):
    found = inspect(ws, "YX-003", MONDAY, {WEEK_ITEM: 2})
    problem = problem_of(ws, found, WEEK_ITEM, MONDAY)
    assert (problem.review, problem.status, problem.deadline) == ("pending", "pending", date(2026, 11, 9))
    review.confirm(ws.db, problem.reference)
    assert problem_of(ws, found, WEEK_ITEM, date(2026, 11, 5)).status == "open"
    late = problem_of(ws, found, WEEK_ITEM, date(2026, 11, 10))
    assert (late.status, late.overdue, late.days_overdue) == ("overdue", True, 1)
    after = tmp_path / "after.jpg"
    after.write_bytes(_jpeg())
    report = "已清理并设专人保洁"
    record_rectification(ws, problem.reference, report=report, photos=[after], reported_on=date(2026, 11, 11))
    reported = problem_of(ws, found, WEEK_ITEM, date(2026, 11, 12))
    assert reported.status == "rectified" and reported.overdue  # reported, but after the deadline
    assert reported.rectification_report == report and reported.rectified_on == date(2026, 11, 11)
    evidence.read_photo(ws.evidence_dir, reported.rectification_photos[0])  # the unit's photo is evidence too
    assert problem_of(ws, found, WEEK_ITEM, date(2026, 11, 10)).status == "overdue"  # as of before the report
    recheck = inspect(ws, "YX-003", date(2026, 11, 16), recheck_of=found.id, mode="announced")
    assert problem_of(ws, found, WEEK_ITEM, date(2026, 11, 15)).status == "rectified"
    closed = problem_of(ws, found, WEEK_ITEM, date(2026, 11, 16))
    assert (closed.status, closed.closed_on, closed.recheck_id, closed.overdue) == (
        "closed",
        date(2026, 11, 16),
        recheck.id,
        False,
    )
    with pytest.raises(ReviewError, match="销号"):
        record_rectification(ws, problem.reference, report="再报一次", reported_on=date(2026, 11, 17))


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (80, 60), (10, 200, 30)).save(out, "JPEG")
    return out.getvalue()


def test_unfixed_at_recheck_is_escalated_and_a_later_recheck_closes_the_chain(ws):
    no_repeat_window(ws)
    first = inspect(ws, "WL-003", MONDAY, {BOARD_ITEM: 1})
    problem = problem_of(ws, first, BOARD_ITEM, MONDAY)
    review.confirm(ws.db, problem.reference)
    recheck = inspect(ws, "WL-003", date(2026, 11, 10), {BOARD_ITEM: 1}, recheck_of=first.id, mode="announced")
    unfixed = problem_of(ws, recheck, BOARD_ITEM, date(2026, 11, 11))
    deduction = problem.deduction
    assert unfixed.multiplier == 2.0 and unfixed.deduction == pytest.approx(2 * deduction)
    assert unfixed.unfixed_of == problem.finding_id and unfixed.repeat_of is None and unfixed.escalated
    assert inspections.get_inspection(ws.db, recheck.id).deduction_total == pytest.approx(2 * deduction)
    still = problem_of(ws, first, BOARD_ITEM, date(2026, 11, 11))
    assert (still.status, still.unfixed_rechecks, still.rechecked_on) == ("overdue", 1, date(2026, 11, 10))
    review.confirm(ws.db, unfixed.reference)
    inspect(ws, "WL-003", date(2026, 11, 17), recheck_of=recheck.id, mode="announced")
    for found in (first, recheck):
        done = problem_of(ws, found, BOARD_ITEM, date(2026, 11, 17))
        assert done.status == "closed" and done.closed_on == date(2026, 11, 17)


def test_the_same_problem_again_within_the_window_is_a_repeat(ws):
    window = scoring.load_rules(ws.db).repeat_window_days
    first = inspect(ws, "YX-003", MONDAY, {WEEK_ITEM: 1})
    again = inspect(ws, "YX-003", MONDAY + timedelta(days=window - 1), {WEEK_ITEM: 1})
    later = inspect(ws, "YX-003", MONDAY + timedelta(days=3 * window), {WEEK_ITEM: 1})
    today = MONDAY + timedelta(days=100)
    original = problem_of(ws, first, WEEK_ITEM, today)
    repeat = problem_of(ws, again, WEEK_ITEM, today)
    assert repeat.repeat_of == original.finding_id and repeat.multiplier == 2.0
    assert problem_of(ws, later, WEEK_ITEM, today).repeat_of is None
    review.reject(ws.db, original.reference, reason="误报")
    assert problem_of(ws, again, WEEK_ITEM, today).repeat_of is None  # a rejected finding is no earlier occurrence


def test_unit_and_deadline_changes_need_a_reason_and_move_the_problem(ws):
    found = inspect(ws, "TW-003", MONDAY, {WEEK_ITEM: 1})
    problem = problem_of(ws, found, WEEK_ITEM, MONDAY)
    review.confirm(ws.db, problem.reference)
    with pytest.raises(ReviewError, match="原因"):
        set_deadline(ws.db, problem.reference, date(2026, 11, 30), reason="")
    with pytest.raises(ReviewError, match="不能早于"):
        set_deadline(ws.db, problem.reference, date(2026, 10, 30), reason="笔误")
    today = date(2026, 11, 12)
    assert problem_of(ws, found, WEEK_ITEM, today).status == "overdue"
    set_deadline(ws.db, problem.reference, date(2026, 11, 30), reason="涉及管线施工，申请延期")
    set_unit(ws.db, problem.reference, "桐湾区城市管理局", reason="属地管理")
    moved = problem_of(ws, found, WEEK_ITEM, today)
    assert (moved.status, moved.deadline, moved.responsible_unit) == ("open", date(2026, 11, 30), "桐湾区城市管理局")
    assert list_problems(ws.db, ProblemFilter(unit="城市管理局"), today=today) == []
    assert [p.reference for p in list_problems(ws.db, ProblemFilter(unit="桐湾区城市管理局"), today=today)] == [
        problem.reference
    ]


def test_lists_put_overdue_first_and_filter(ws):
    inspect(ws, "YX-003", MONDAY, {WEEK_ITEM: 1, BOARD_ITEM: 1})
    inspect(ws, "WL-003", date(2026, 11, 9), {WEEK_ITEM: 1})
    review.confirm(ws.db, [p.finding_id for p in list_problems(ws.db, today=MONDAY)])
    today = date(2026, 11, 11)
    found = list_problems(ws.db, today=today)
    assert [(p.site_code, p.overdue) for p in found] == [("YX-003", True), ("YX-003", True), ("WL-003", False)]
    assert [p.site_code for p in list_problems(ws.db, ProblemFilter(district="望澜区"), today=today)] == ["WL-003"]
    assert len(list_problems(ws.db, ProblemFilter(status="overdue"), today=today)) == 2
    assert len(list_problems(ws.db, ProblemFilter(overdue=True, unit="市文明办"), today=today)) == 1
    assert len(list_problems(ws.db, ProblemFilter(due_by=date(2026, 11, 10)), today=today)) == 2
    assert list_problems(ws.db, ProblemFilter(search="观潮"), today=today)[0].site_code == "WL-003"


def test_recheck_list_becomes_a_recorded_draw_and_a_task_pack(ws, tmp_path):
    inspect(ws, "YX-003", MONDAY, {WEEK_ITEM: 1})  # due 11-09: overdue on 11-12
    inspect(ws, "WL-003", date(2026, 11, 10), {WEEK_ITEM: 1})  # due 11-17: within the week
    inspect(ws, "TW-003", date(2026, 11, 10), {"NL-FAC-015": 1})  # due 12-10: not yet
    closed = inspect(ws, "LZ-006", MONDAY, {WEEK_ITEM: 1})
    review.confirm(ws.db, [p.finding_id for p in list_problems(ws.db, today=MONDAY)])
    inspect(ws, "LZ-006", date(2026, 11, 9), recheck_of=closed.id, mode="announced")  # fixed: closed
    inspect(ws, "LZ-006", date(2026, 11, 11), {BOARD_ITEM: 1})  # not reviewed yet: not on the list
    today = date(2026, 11, 12)
    sites = recheck_list(ws.db, today=today)
    assert [(s.site_code, s.overdue) for s in sites] == [("YX-003", 1), ("WL-003", 0)]
    made = record_recheck_draw(ws.db, today=today, seed="复查-W46")
    assert made.kind == "sites" and sorted(made.result) == sorted(s.site_id for s in sites)
    assert made.params["purpose"] == "recheck" and draw.verify_draw(ws.db, made.id).matches
    team = draw.draw_inspectors(ws.db, site_draw_id=made.id, seed=made.seed)
    inspect(ws, "WL-003", date(2026, 11, 18), draw_id=team.id, mode="announced")  # as from a task pack of `team`
    assert [s.site_code for s in recheck_list(ws.db, today=date(2026, 11, 18))] == ["YX-003"]
    assert problem_state.check(ws.db) == []  # the stored state followed the recheck made from the draw
    keys.init_key(ws.db, "口令-pass-2026")
    pack = taskpack.create_taskpack(
        ws, "口令-pass-2026", draw_id=made.id, mode="announced", period="2026-W47", expires="2099-01-01", out=tmp_path
    )
    assert pack["counts"]["tasks"] == 2
    with pytest.raises(DrawError, match="没有需要"):
        record_recheck_draw(ws.db, today=date(2026, 10, 1))
