"""The stored problem state (problem_state) equals the state computed from the events, after every kind of event.

A quarter of random inspections, rechecks (chains, fails and passes), office decisions (confirm, reject, merge,
reopen, unit, deadline, rectification reports) and a void; after each step the stored state is checked against the
events, and at the end every problem's status, overdue flag and links as listed (SQL over the stored state) are
compared with the derivation from the events, for several days after the last event.
"""

from __future__ import annotations

import random
from dataclasses import asdict
from datetime import date, timedelta

import pytest

from inspector.field import inspections
from inspector.oversight import review
from inspector.oversight.rectification import record_rectification, set_deadline, set_unit
from inspector.register import sites
from inspector.store import transaction
from inspector.tracking import problem_state
from inspector.tracking.problems import ProblemFilter, count_problems, derive_from_events, get_problem, list_problems
from tests.office_kit import BOARD_ITEM, DAY_ITEM, WEEK_ITEM, inspect, photo

START = date(2026, 7, 1)
CODES = ("YX-003", "WL-003", "TW-003")
ITEMS = (WEEK_ITEM, BOARD_ITEM, DAY_ITEM)
COMPARED = (
    "status",
    "overdue",
    "days_overdue",
    "review",
    "responsible_unit",
    "deadline",
    "exposure",
    "rectified_on",
    "unfixed_on",
    "rechecked_on",
    "recheck_id",
    "unfixed_rechecks",
    "closed_on",
    "unfixed_of",
    "repeat_of",
    "primary_id",
    "review_reason",
    "rectification_report",
)


def _stored_matches_events(ws) -> None:
    assert problem_state.check(ws.db) == []


def _compare(ws, today: date) -> int:
    listed = {p.finding_id: p for p in list_problems(ws.db, today=today)}
    derived = {p.finding_id: p for p in derive_from_events(ws.db, today=today)}
    assert listed.keys() == derived.keys()
    counted = count_problems(ws.db, ProblemFilter(overdue=True), today=today)
    assert counted.total == counted.overdue == sum(p.overdue for p in derived.values())
    for finding_id, want in derived.items():
        have = asdict(listed[finding_id])
        assert {k: have[k] for k in COMPARED} == {k: asdict(want)[k] for k in COMPARED}, finding_id
    return len(derived)


@pytest.fixture(scope="module")
def quarter(tmp_path_factory):
    """A quarter of office work at three sites, checked after each step; returns (workspace, last event day)."""
    from tests.conftest import office_workspace

    ws = office_workspace(tmp_path_factory.mktemp("quarter") / "ws")
    rng = random.Random(20261206)
    done: list[inspections.Inspection] = []
    day = START
    for _week in range(12):
        for code in CODES:
            fails = {item: rng.randint(1, 2) for item in ITEMS if rng.random() < 0.5}
            parent = rng.choice([d for d in done if d.site_id == _site(ws, code)] or [None])
            recheck_of = parent.id if parent is not None and rng.random() < 0.4 else None
            mode = "announced" if recheck_of else "unannounced"
            done.append(
                inspect(ws, code, day + timedelta(days=rng.randint(0, 4)), fails, recheck_of=recheck_of, mode=mode)
            )
        pending = [p for p in list_problems(ws.db, ProblemFilter(status="pending"), today=day) if rng.random() < 0.8]
        for problem in pending:
            choice = rng.random()
            if choice < 0.6:
                review.confirm(ws.db, problem.reference)
            elif choice < 0.75:
                review.reject(ws.db, problem.reference, reason="位置不符")
            elif choice < 0.85:
                others = [
                    p
                    for p in list_problems(ws.db, today=day)
                    if p.finding_id != problem.finding_id
                    and (p.site_id, p.item_code) == (problem.site_id, problem.item_code)
                    and p.review in ("pending", "confirmed")
                ]
                if others:
                    review.merge_duplicate(ws.db, problem.reference, into=rng.choice(others).reference)
        confirmed = list_problems(ws.db, ProblemFilter(status=("open", "overdue")), today=day + timedelta(days=6))
        for problem in confirmed:
            choice = rng.random()
            if choice < 0.3:
                reported = problem.found_on + timedelta(days=rng.randint(1, 6))
                if get_problem(ws.db, problem.reference, today=reported).status != "closed":  # else refused
                    record_rectification(ws, problem.reference, report="已整改", reported_on=reported)
            elif choice < 0.4:
                set_deadline(ws.db, problem.reference, day + timedelta(days=20), reason="延期")
            elif choice < 0.5:
                set_unit(ws.db, problem.reference, "城市管理局", reason="职责调整")
            elif choice < 0.55:
                review.reopen(ws.db, problem.reference, reason="重新审核")
        _stored_matches_events(ws)
        day += timedelta(days=7)
    inspections.void_inspection(ws.db, done[3].id, "现场记录有误")
    _stored_matches_events(ws)
    return ws, day + timedelta(days=5)


def _site(ws, code: str) -> str:
    from inspector.register import sites

    return sites.get_site(ws.db, code).id


def test_listed_state_equals_the_events_for_every_problem_of_a_quarter(quarter):
    ws, last = quarter
    for today in (last, last + timedelta(days=3), last + timedelta(days=40)):
        assert _compare(ws, today) > 20
    for today in (START + timedelta(days=n) for n in range(5, 90, 4)):  # before later rechecks and reports
        _compare(ws, today)
    statuses = {p.status for p in list_problems(ws.db, today=last)}
    assert {"pending", "open", "rectified", "closed", "rejected"} <= statuses | {"open"}
    assert any(p.repeat_of for p in list_problems(ws.db, today=last))
    assert any(p.unfixed_of for p in list_problems(ws.db, today=last))


def test_filters_counts_orders_and_pages_agree_with_the_full_list(quarter):
    ws, last = quarter
    everything = list_problems(ws.db, today=last)
    for flt in (
        ProblemFilter(status="overdue"),
        ProblemFilter(status=("rectified", "closed")),
        ProblemFilter(status="pending", district="云栖区"),
        ProblemFilter(unit="城市管理局"),
        ProblemFilter(overdue=True),
        ProblemFilter(due_by=last),
        ProblemFilter(search="城市管理"),
    ):
        want = [p.finding_id for p in everything if _keeps(p, flt)]
        assert [p.finding_id for p in list_problems(ws.db, flt, today=last)] == want, flt
        counted = count_problems(ws.db, flt, today=last)
        assert (counted.total, counted.overdue) == (len(want), sum(p.overdue for p in everything if _keeps(p, flt)))
    by_deadline = list_problems(ws.db, today=last, order=("deadline", True))
    assert [p.deadline or date.max for p in by_deadline] == sorted(
        (p.deadline or date.max for p in everything), reverse=True
    )
    pages = [list_problems(ws.db, today=last, limit=7, offset=n) for n in range(0, len(everything), 7)]
    assert [p.finding_id for page in pages for p in page] == [p.finding_id for p in everything]
    one = everything[5]
    assert get_problem(ws.db, one.reference, today=last) == one


def _keeps(p, flt: ProblemFilter) -> bool:
    statuses = (flt.status,) if isinstance(flt.status, str) else flt.status
    return (
        (not statuses or p.status in statuses)
        and (not flt.district or p.district == flt.district)
        and (not flt.unit or p.responsible_unit == flt.unit)
        and (flt.overdue is None or p.overdue == flt.overdue)
        and (flt.due_by is None or (p.deadline is not None and p.deadline <= flt.due_by))
        and (
            not flt.search
            or flt.search in f"{p.reference} {p.site_name} {p.site_code} {p.description} {p.responsible_unit} {p.note}"
        )
    )


def test_a_rolled_back_write_leaves_the_state_as_it_was(quarter):
    ws, last = quarter
    before = ws.db.execute("SELECT * FROM problem_state ORDER BY finding_id").fetchall()
    pending = list_problems(ws.db, ProblemFilter(status="pending"), today=last)
    assert pending
    with pytest.raises(RuntimeError), transaction(ws.db) as conn:
        conn.execute(
            "INSERT INTO problem_events (finding_id, kind, value, reason, actor, recorded_at)"
            " VALUES (?, 'confirm', 'null', '', 't', '2026-12-01T00:00:00Z')",
            [pending[0].finding_id],
        )
        raise RuntimeError("crash before commit")
    assert ws.db.execute("SELECT * FROM problem_state ORDER BY finding_id").fetchall() == before
    assert ws.db.execute("SELECT count(*) FROM problem_dirty").fetchone()[0] == 0


def test_the_check_finds_a_stored_state_that_disagrees(quarter, tmp_path):
    ws, last = quarter
    problem = list_problems(ws.db, ProblemFilter(status="pending"), today=last)[0]
    ws.db.conn.execute("BEGIN")
    try:
        ws.db.conn.execute("UPDATE problem_state SET review = 'confirmed' WHERE finding_id = ?", [problem.finding_id])
        passed = ws.db.execute(
            "SELECT f.id FROM findings f WHERE f.id NOT IN (SELECT finding_id FROM problem_state) LIMIT 1"
        ).fetchone()[0]
        ws.db.conn.execute(  # a passed answer stored as a problem
            "INSERT INTO problem_state SELECT ?, inspection_id, site_id, item_code, found_on, review, unit, count,"
            " deduction, deadline, exposure, reported_on, last_fail_on, closed_on, rechecked_on, recheck_id,"
            " unfixed_rechecks, unfixed_of, repeat_of, last_verdict_on FROM problem_state WHERE finding_id = ?",
            [passed, problem.finding_id],
        )
        found = problem_state.check(ws.db)
        assert len(found) == 2 and problem.reference in found[0] and "review" in found[0]
        assert passed.replace("-", "")[-8:] in found[1] and "已不是问题" in found[1]
    finally:
        ws.db.conn.execute("ROLLBACK")
    assert problem_state.check(ws.db) == []


def test_a_rejection_ends_a_later_problems_repeat_in_the_same_transaction(ws):
    first = inspect(ws, "YX-003", START, {WEEK_ITEM: 1})
    later = inspect(ws, "YX-003", START + timedelta(days=3), {WEEK_ITEM: 1})
    earlier_problem = next(p for p in list_problems(ws.db, today=START) if p.inspection_id == first.id)
    repeat = next(p for p in list_problems(ws.db, today=START + timedelta(days=3)) if p.inspection_id == later.id)
    assert repeat.repeat_of == earlier_problem.finding_id
    review.reject(ws.db, earlier_problem.reference, reason="位置不符")
    again = get_problem(ws.db, repeat.reference, today=START + timedelta(days=3))
    assert again.repeat_of is None
    _stored_matches_events(ws)


def test_workspace_opened_from_before_the_state_computes_it(tmp_path):
    from inspector import workspace
    from tests.conftest import office_workspace

    path = tmp_path / "ws"
    ws = office_workspace(path)
    inspect(ws, "YX-003", START, {WEEK_ITEM: 1, BOARD_ITEM: 2})
    with transaction(ws.db) as conn:  # as a workspace of the previous version: no state, nothing noted
        conn.execute("DELETE FROM problem_state")
        conn.execute("DELETE FROM problem_dirty")
        conn.execute("DELETE FROM _migrations WHERE id = 14")
        conn.execute("DROP TABLE problem_state")
        conn.execute("DROP TABLE problem_dirty")
        conn.execute("DROP TABLE problem_verdicts")
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'problem_dirty%'"
        ).fetchall():
            conn.execute(f"DROP TRIGGER {name}")
    ws.close()
    reopened = workspace.open_workspace(path)
    try:
        assert len(list_problems(reopened.db, today=START)) == 2
        assert problem_state.check(reopened.db) == []
    finally:
        reopened.close()


def test_workspace_check_reports_a_wrong_state_and_computes_it_again(ws):
    from inspector.workspace import integrity

    inspect(ws, "YX-003", START, {WEEK_ITEM: 1})
    with transaction(ws.db) as conn:  # written as no app step would: no event says so
        conn.execute("UPDATE problem_state SET review = 'rejected'")
    report = integrity.check_workspace(ws, photos="skip", record=False)
    assert report.counts == {"problem_state": 1} and not report.damaged
    assert "问题状态与事件不符" in report.summary()
    assert problem_state.check(ws.db) == []
    assert [p.status for p in list_problems(ws.db, today=START)] == ["pending"]


def test_answers_in_an_open_inspection_note_nothing_and_finishing_computes_its_problems(ws):
    site = sites.get_site(ws.db, "YX-003")
    started = inspections.start_inspection(ws.db, site_id=site.id, inspector_id="I-003", mode="unannounced")
    codes = inspections.inspection_checklist(ws.db, started).codes
    for code in codes[:5]:
        inspections.record_finding(ws.db, started.id, code, outcome="pass")
        assert ws.db.execute("SELECT count(*) FROM problem_dirty").fetchone()[0] == 0
    statements = []
    ws.db.conn.set_trace_callback(statements.append)
    inspections.record_finding(ws.db, started.id, codes[5], outcome="pass")
    ws.db.conn.set_trace_callback(None)
    assert not [s for s in statements if "problem_state" in s]  # an answer costs the office's state nothing
    for code in codes[6:]:
        inspections.record_finding(ws.db, started.id, code, outcome="pass")
    assert WEEK_ITEM in codes
    inspections.record_finding(ws.db, started.id, WEEK_ITEM, outcome="fail", count=1, photos=[photo(ws)])
    assert ws.db.execute("SELECT count(*) FROM problem_dirty").fetchone()[0] == 0
    assert list_problems(ws.db, ProblemFilter(site_id=site.id)) == []  # open: no problem yet
    finished = inspections.finish_inspection(ws.db, started.id)
    found = list_problems(ws.db, ProblemFilter(site_id=site.id), today=date.fromisoformat(finished.local_date))
    assert [(p.inspection_id, p.item_code) for p in found] == [(started.id, WEEK_ITEM)]
    assert problem_state.check(ws.db) == []


def test_the_check_before_a_merge_leaves_the_derived_state_alone(ws, monkeypatch):
    from inspector.workspace import integrity

    inspect(ws, "YX-003", START, {WEEK_ITEM: 1})

    def never(*_args, **_kwargs):
        raise AssertionError("the problem state is derived data, not damage: a merge does not wait for it")

    monkeypatch.setattr(problem_state, "check", never)
    integrity.check_before(ws, "merge")  # damage only: SQLite's checks, revision chains, totals
    with pytest.raises(AssertionError, match="derived data"):
        integrity.check_workspace(ws, photos="skip", record=False)


@pytest.mark.parametrize("rejected", [False, True], ids=["kept", "rejected"])
def test_merged_bundles_link_repeats_to_stored_problems_and_to_each_other(tmp_path, rejected):
    """A bundle's problems repeat a problem stored by an earlier merge (read from the stored state) and each other
    (both computed in the same transaction); a rejected earlier problem is no occurrence."""
    from datetime import datetime, time

    from inspector.exchange import merge
    from inspector.exchange.bundle import export
    from tests.exchange import test_bundle_kit as kit

    office = kit.office_workspace(tmp_path / "office")
    laptop = kit.field_workspace(tmp_path / "laptop", {"id": "I-001", "name": "张明", "district": "云栖区"})
    kit.register(office, laptop, tmp_path)
    moment = datetime.combine(START, time(9), tzinfo=kit.START.tzinfo)
    days = [kit.inspect(laptop, site_code="YX-003", when=moment, fails=1, seed=1)]
    first = export.export_bundle(laptop, tmp_path / "b1.ibundle", kit.FIELD_PASS).path
    for n in (2, 4):
        days.append(kit.inspect(laptop, site_code="YX-003", when=moment + timedelta(days=n), fails=1, seed=n))
    second = export.export_bundle(laptop, tmp_path / "b2.ibundle", kit.FIELD_PASS).path
    assert merge.merge_bundle(office, first).verdict == "imported"
    if rejected:
        [earliest] = list_problems(office.db, today=START)
        review.reject(office.db, earliest.reference, reason="位置不符")
    assert merge.merge_bundle(office, second).verdict == "imported"
    found = {p.inspection_id: p for p in list_problems(office.db, today=START + timedelta(days=5))}
    [p0], [p2], [p4] = ([p for p in found.values() if p.inspection_id == d.id] for d in days)
    assert p2.repeat_of == (None if rejected else p0.finding_id)
    assert p4.repeat_of == p2.finding_id
    _stored_matches_events(office)
    office.close()
    laptop.close()
