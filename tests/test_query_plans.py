"""The office's queries use indexes, without statistics (the app never ANALYZEs in setup; tests do not either).

Every SELECT an office function runs is captured (with its values) and explained: none may read all of findings
or finding_revisions, nor all of inspections when the statement limits inspection dates.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest

from inspector import workspace
from inspector.field import history
from inspector.oversight import rankings, reports, review
from inspector.periods import parse_period
from inspector.store import checked_rows, optimize, transaction
from inspector.tracking import problems, rechecks
from inspector.tracking.problems import TRACKED, ProblemFilter, list_problems
from inspector.workspace import integrity
from tests.office_kit import BOARD_ITEM, MARKETS, WEEK_ITEM, inspect

TODAY = date(2026, 12, 10)
NOVEMBER = parse_period("2026-11")
ALWAYS_INDEXED = ("findings", "finding_revisions")


@pytest.fixture
def office(ws):
    """Two months at the demo markets: failures, repeats, a recheck chain, confirmed and rejected problems."""
    for month, days in ((10, (6, 20)), (11, (3, 17))):
        for day in days:
            for code in MARKETS.values():
                inspect(ws, code, date(2026, month, day), {WEEK_ITEM: 1, BOARD_ITEM: 2})
    first = inspect(ws, "YX-003", date(2026, 11, 24), {WEEK_ITEM: 1})
    again = inspect(ws, "YX-003", date(2026, 11, 27), {WEEK_ITEM: 1}, recheck_of=first.id, mode="announced")
    inspect(ws, "YX-003", date(2026, 11, 30), recheck_of=again.id, mode="announced")
    found = list_problems(ws.db, ProblemFilter(found_in=NOVEMBER), today=TODAY)
    at = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
    review.confirm(ws.db, [p.reference for p in found[: len(found) // 2]], actor="陈喆", at=at)
    review.reject(ws.db, found[-1].reference, reason="点位错误", actor="陈喆", at=at)
    return ws


def _statements(db, work: Callable[[], object]) -> list[str]:
    """Every SELECT `work` runs on the database, with its values written in."""
    seen: list[str] = []
    db.conn.set_trace_callback(seen.append)
    try:
        work()
    finally:
        db.conn.set_trace_callback(None)
    return list(dict.fromkeys(s for s in seen if re.match(r"\s*(SELECT|WITH)\b", s, re.I)))


def _aliases(sql: str, table: str) -> set[str]:
    """The names a statement gives a table (the table's own name and its aliases)."""
    found = {table}
    for match in re.finditer(rf"\b{table}\s+(?:AS\s+)?(\w+)", sql, re.I):
        if match.group(1).upper() not in {"ON", "WHERE", "JOIN", "LEFT", "USING", "INDEXED", "GROUP", "ORDER"}:
            found.add(match.group(1))
    return found


def _full_scans(db, sql: str) -> list[str]:
    """The plan lines that read a watched table whole (a SCAN not through an index)."""
    plan = [row[3] for row in db.execute("EXPLAIN QUERY PLAN " + sql).fetchall()]
    watched = list(ALWAYS_INDEXED)
    if re.search(r"local_date\s*(BETWEEN|>=|<=|>|<)", sql, re.I):
        watched.append("inspections")
    if re.search(r"(found_on|deadline)\s*(BETWEEN|<=)|ps\.(unit|finding_id|inspection_id|site_id)\s*(=|IN)", sql, re.I):
        watched.append("problem_state")  # the stored state, when the statement narrows it
    names = {name for table in watched for name in _aliases(sql, table)}
    bad = []
    for line in plan:
        match = re.match(r"SCAN (\w+)(.*)", line)
        if match and match.group(1) in names and "INDEX" not in match.group(2):
            bad.append(line)
    return bad


OFFICE_VIEWS: dict[str, Callable] = {
    "problems of a month": lambda db: list_problems(db, ProblemFilter(found_in=NOVEMBER), today=TODAY),
    "a month, by status": lambda db: list_problems(db, ProblemFilter(found_in=NOVEMBER, status="open"), today=TODAY),
    "a month, tracked and district": lambda db: list_problems(
        db, ProblemFilter(found_in=NOVEMBER, status=TRACKED, district="云栖区"), today=TODAY
    ),
    "a month, by unit": lambda db: list_problems(
        db, ProblemFilter(found_in=NOVEMBER, unit="城市管理局", status="pending"), today=TODAY
    ),
    "a month at one site": lambda db: list_problems(
        db, ProblemFilter(found_in=NOVEMBER, site_id=_site(db, "YX-003")), today=TODAY
    ),
    "due in a month": lambda db: list_problems(db, ProblemFilter(due_in=NOVEMBER, status=TRACKED), today=TODAY),
    "every problem": lambda db: list_problems(db, today=TODAY),
    "one problem": lambda db: problems.get_problem(db, list_problems(db, today=TODAY)[0].finding_id, today=TODAY),
    "rankings by district": lambda db: rankings.rankings(db, NOVEMBER, "district", today=TODAY),
    "rankings by unit": lambda db: rankings.rankings(db, NOVEMBER, "unit", today=TODAY),
    "document scope": lambda db: reports.document_scope(db, NOVEMBER, today=TODAY),
    "recheck graph": lambda db: rechecks.RecheckGraph(db),
    "count of a month": lambda db: problems.count_problems(db, ProblemFilter(found_in=NOVEMBER), today=TODAY),
    "count due by a day": lambda db: problems.count_problems(db, ProblemFilter(due_by=TODAY), today=TODAY),
    "a unit's problems": lambda db: problems.count_problems(db, ProblemFilter(unit="城市管理局"), today=TODAY),
    "first page, by deadline": lambda db: list_problems(db, today=TODAY, order=("deadline", True), limit=50),
    "due counts": lambda db: problems.due_counts(db, NOVEMBER, "unit", today=TODAY),
    "confirming (the state kept in the same transaction)": lambda db: review.confirm(
        db, [p.reference for p in list_problems(db, ProblemFilter(status="pending"), today=TODAY)[:3]], actor="陈喆"
    ),
}


def _site(db, code: str) -> str:
    return db.execute("SELECT id FROM sites WHERE code = ?", [code]).fetchone()[0]


def test_office_queries_use_indexes_without_statistics(office):
    assert office.db.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone() is None
    for name, view in OFFICE_VIEWS.items():
        statements = _statements(office.db, lambda view=view: view(office.db))
        assert statements, name
        scans = {sql: bad for sql in statements if (bad := _full_scans(office.db, sql))}
        assert not scans, (name, scans)


def test_queries_stay_indexed_once_statistics_exist(office):
    optimize(office.db)
    office.db.execute("ANALYZE")  # optimize analyses only what this connection used: make sure stats exist
    for name, view in OFFICE_VIEWS.items():
        statements = _statements(office.db, lambda view=view: view(office.db))
        scans = {sql: bad for sql in statements if (bad := _full_scans(office.db, sql))}
        assert not scans, (name, scans)


def test_a_list_takes_as_many_queries_for_a_year_as_for_a_month(office):
    few = _statements(office.db, lambda: list_problems(office.db, ProblemFilter(found_in=NOVEMBER), today=TODAY))
    many = _statements(office.db, lambda: list_problems(office.db, today=TODAY))
    assert len(list_problems(office.db, today=TODAY)) > len(list_problems(office.db, ProblemFilter(found_in=NOVEMBER)))
    assert len(many) == len(few) <= 4  # the page's order, its details, the decisions' details (+ a check for writes)


def test_the_scan_check_sees_a_full_scan(ws):
    assert _full_scans(ws.db, "SELECT f.id FROM findings f WHERE f.item_code = 'X'")
    assert _full_scans(ws.db, "SELECT * FROM inspections i WHERE +i.local_date BETWEEN '2026-11-01' AND '2026-12'")
    assert not _full_scans(ws.db, "SELECT * FROM inspections i WHERE i.local_date BETWEEN '2026-11-01' AND '2026-12'")


def test_closing_a_workspace_gathers_statistics(office):
    list_problems(office.db, ProblemFilter(found_in=NOVEMBER), today=TODAY)
    office.close()
    office.close()  # a second close is harmless
    again = workspace.open_workspace(office.path, daily_backup=False)
    try:
        analysed = {row[0] for row in again.db.execute("SELECT tbl FROM sqlite_stat1")}
        assert {"inspections", "findings", "finding_revisions"} <= analysed
    finally:
        again.close()


def test_optimize_leaves_an_open_transaction_alone(ws):
    ws.db.execute("BEGIN")
    ws.db.execute("SELECT COUNT(*) FROM findings").fetchone()
    optimize(ws.db)
    assert ws.db.conn.in_transaction
    ws.db.execute("ROLLBACK")
    assert ws.db.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone() is None


def test_statistics_are_gathered_again_when_a_table_has_doubled(office):
    list_problems(office.db, ProblemFilter(found_in=NOVEMBER), today=TODAY)
    office.db.execute("ANALYZE")
    rows = office.db.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = 'findings' LIMIT 1").fetchone()[0]
    before = int(rows.split()[0])
    optimize(office.db)  # nothing grew: the statistics stay
    assert (
        int(office.db.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = 'findings' LIMIT 1").fetchone()[0].split()[0])
        == before
    )
    for code in MARKETS.values():  # more than double the findings
        for day in (1, 4, 8, 11, 15, 18):
            inspect(office, code, date(2026, 12, day), {WEEK_ITEM: 1})
    assert office.db.execute("SELECT count(*) FROM findings").fetchone()[0] > 2 * before
    optimize(office.db)
    after = int(
        office.db.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = 'findings' LIMIT 1").fetchone()[0].split()[0]
    )
    assert after > 2 * before  # analysed again (a bounded sample: an estimate of the rows)


RANKING_QUERIES = {
    "counted failures per inspection": rankings._PER_INSPECTION_SQL.format(by="district"),
    "counted failures per unit and site": rankings._PER_UNIT_SQL,
    "deductions not in whole cents": rankings._ODD_SQL,
    "inspections per street": rankings._INSPECTIONS_SQL.format(by="street"),
}


def _ranking_plans(db) -> dict[str, list[str]]:
    """The plan of each ranking query for November, as the app binds it."""
    params = {"start": "2026-11-01", "end": "2026-11-30", "reviews": '["confirmed", "pending"]'}
    return {
        name: [row[3] for row in db.execute("EXPLAIN QUERY PLAN " + sql, params).fetchall()]
        for name, sql in RANKING_QUERIES.items()
    }


@pytest.mark.parametrize("statistics", [False, True])
def test_ranking_queries_reach_the_period_through_indexes(office, statistics):
    if statistics:
        optimize(office.db)
        office.db.execute("ANALYZE")
    for name, plan in _ranking_plans(office.db).items():
        assert not [line for line in plan if re.match(r"SCAN (i|f|r|e|s|ps)\b", line)], (name, plan)
        # the period's inspections or problems by date, whatever statistics say (work grows with the period)
        if name == "inspections per street":
            assert plan[0].startswith("SEARCH i USING INDEX inspections_"), (name, plan)
        else:
            assert plan[0].startswith("SEARCH ps USING INDEX problem_state_found"), (name, plan)


# The inspection history (检查记录): each filter that narrows the list finds its inspections through an index, in
# every sort order; only the unfiltered list, a mode or a search (substring) reads every inspection.
HISTORY_FILTERS: dict[str, history.HistoryFilter] = {
    "a month": history.HistoryFilter(date_from=date(2026, 11, 1), date_to=date(2026, 11, 30)),
    "a district": history.HistoryFilter(district="云栖区"),
    "a site type": history.HistoryFilter(site_type="market"),
    "an inspector": history.HistoryFilter(inspector_id="I-003"),
    "in progress": history.HistoryFilter(status="open"),
    "voided": history.HistoryFilter(status="voided"),
    "a month, a district, finished, searched": history.HistoryFilter(
        date_from=date(2026, 11, 1), date_to=date(2026, 11, 30), district="云栖区", status="finished", search="市场"
    ),
}


def _inspections_read_whole(db, sql: str) -> list[str]:
    """Plan lines that walk the inspections table (or its primary key) from end to end."""
    plan = [row[3] for row in db.execute("EXPLAIN QUERY PLAN " + sql).fetchall()]
    names = _aliases(sql, "inspections")
    return [line for line in plan if (m := re.match(r"SCAN (\w+)", line)) and m.group(1) in names]


def test_history_lists_find_their_inspections_through_indexes(office):
    assert office.db.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone() is None
    for name, flt in HISTORY_FILTERS.items():
        for sort in history.SORT_KEYS:
            found: list[str] = []
            statements = _statements(
                office.db,
                lambda flt=flt, sort=sort, found=found: found.extend(history.inspection_ids(office.db, flt, sort=sort)),
            )
            assert found or name in ("in progress", "voided"), name
            for sql in statements:
                assert not _full_scans(office.db, sql), (name, sort, sql)
                assert not _inspections_read_whole(office.db, sql), (name, sort, sql)
    every = history.inspection_ids(office.db)
    for view in (
        lambda: history.inspection_ids(office.db, sort="answered"),
        lambda: history.inspection_rows(office.db, every[:100]),
        lambda: history.inspection_detail(office.db, every[0]),
    ):
        scans = {sql: bad for sql in _statements(office.db, view) if (bad := _full_scans(office.db, sql))}
        assert not scans


def test_the_check_before_a_merge_reads_only_the_rows_since_the_last_pass(office, monkeypatch):
    """No table of inspection rows is read whole, not even along an index: the check grows with what is new."""
    with transaction(office.db) as conn:  # as if the last pass was a few rows ago
        checked_rows.record(conn, {t: max(0, n - 5) for t, n in checked_rows.current(conn).items()})
    monkeypatch.setattr(integrity, "_passed_at", {})
    statements = _statements(office.db, lambda: integrity.check_before(office, "merge"))
    assert any("rowid >" in sql for sql in statements)
    read_whole = {}
    for sql in statements:
        plan = [row[3] for row in office.db.execute("EXPLAIN QUERY PLAN " + sql)]
        names = {name for table in checked_rows.TABLES for name in _aliases(sql, table)}
        if bad := [line for line in plan if (m := re.match(r"SCAN (\w+)", line)) and m.group(1) in names]:
            read_whole[sql] = bad
    assert not read_whole
