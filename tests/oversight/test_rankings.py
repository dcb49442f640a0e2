"""Rankings (红黑榜): ties share a rank, red and black lists, changes since the previous period, rectification rate."""

from __future__ import annotations

from datetime import date

import pytest

from inspector.errors import InspectorError
from inspector.oversight import review
from inspector.oversight.rankings import list_sizes, previous_period, rankings
from inspector.periods import parse_period
from inspector.store import set_setting, transaction
from inspector.tracking.problems import list_problems
from tests.office_kit import BOARD_ITEM, DAY_ITEM, WEEK_ITEM, inspect, problem_of

W45, W46 = parse_period("2026-W45"), parse_period("2026-W46")
TODAY = date(2026, 11, 16)


@pytest.fixture
def two_weeks(ws):
    """W45: 云栖 99.5, 望澜 99, 桐湾 100, 鹭洲 100. W46: 云栖 100, 望澜 99.5, 桐湾 99, 鹭洲 99."""
    inspect(ws, "YX-003", date(2026, 11, 2), {WEEK_ITEM: 1})
    inspect(ws, "WL-003", date(2026, 11, 3), {BOARD_ITEM: 1})
    inspect(ws, "TW-003", date(2026, 11, 4))
    inspect(ws, "LZ-006", date(2026, 11, 5))
    inspect(ws, "YX-003", date(2026, 11, 9))
    inspect(ws, "WL-003", date(2026, 11, 10), {WEEK_ITEM: 1})
    inspect(ws, "TW-003", date(2026, 11, 11), {BOARD_ITEM: 1})
    return inspect(ws, "LZ-006", date(2026, 11, 12), {BOARD_ITEM: 1})


def by_name(table):
    return {e.name: e for e in table.entries}


def test_ties_share_a_rank_and_changes_come_from_the_previous_week(ws, two_weeks):
    before = rankings(ws.db, W45, "district", today=TODAY)
    assert [(e.name, e.rank, e.score) for e in before.entries] == [
        ("桐湾区", 1, 100.0),
        ("鹭洲区", 1, 100.0),
        ("云栖区", 3, 99.5),
        ("望澜区", 4, 99.0),
    ]
    now = rankings(ws.db, W46, "district", today=TODAY)
    assert now.previous == W45
    assert [(e.name, e.rank) for e in now.entries] == [("云栖区", 1), ("望澜区", 2), ("桐湾区", 3), ("鹭洲区", 3)]
    rows = by_name(now)
    assert (rows["云栖区"].rank_change, rows["云栖区"].score_change) == (2, 0.5)
    assert (rows["桐湾区"].rank_change, rows["桐湾区"].score_change, rows["桐湾区"].previous_rank) == (-2, -1.0, 1)
    assert (rows["望澜区"].problems, rows["望澜区"].deductions, rows["望澜区"].inspections) == (1, 0.5, 1)


def test_red_and_black_lists_take_ties_on_the_boundary(ws, two_weeks):
    assert list_sizes(ws.db, "district") == (1, 1)  # forms/rankings.yaml: four districts, one each
    assert list_sizes(ws.db, "unit") == (5, 3)
    now = rankings(ws.db, W46, "district", today=TODAY)
    assert (now.red_list, now.black_list) == (("云栖区",), ("桐湾区", "鹭洲区"))
    assert {e.name: e.listed for e in now.entries}["望澜区"] == ""
    wide = rankings(ws.db, W46, "district", today=TODAY, top=5, bottom=3)
    assert len(wide.red_list) == 4 and wide.black_list == ()  # nobody is on both lists
    with transaction(ws.db) as conn:
        set_setting(conn, "rankings", {"red_list_size": 2, "black_list_size": 0})
    assert list_sizes(ws.db, "district") == (2, 0)
    assert rankings(ws.db, W46, "district", today=TODAY).red_list == ("云栖区", "望澜区")
    with pytest.raises(InspectorError):
        rankings(ws.db, W46, "site-type", today=TODAY)


def test_rejected_findings_stop_costing_points(ws, two_weeks):
    lz = problem_of(ws, two_weeks, BOARD_ITEM, TODAY)
    review.reject(ws.db, lz.reference, reason="拍到的是相邻单位的宣传栏")
    rows = by_name(rankings(ws.db, W46, "district", today=TODAY))
    assert (rows["鹭洲区"].rank, rows["鹭洲区"].score, rows["鹭洲区"].problems) == (1, 100.0, 0)
    assert rows["云栖区"].rank == 1 and rows["桐湾区"].rank == 4


def test_rectification_rate_ranks_units(ws):
    yx = inspect(ws, "YX-003", date(2026, 11, 9), {DAY_ITEM: 1})  # 城市管理局, due 11-10
    inspect(ws, "WL-003", date(2026, 11, 9), {DAY_ITEM: 1})  # 城市管理局, due 11-10
    inspect(ws, "TW-003", date(2026, 11, 9), {BOARD_ITEM: 1})  # 市文明办, due 11-16: next week
    lz = inspect(ws, "LZ-006", date(2026, 11, 9), {"NL-ENV-008": 1})  # 市场监管局, due 11-12
    review.confirm(ws.db, [p.finding_id for p in list_problems(ws.db, today=TODAY)])
    inspect(ws, "YX-003", date(2026, 11, 11), recheck_of=yx.id, mode="announced")
    inspect(ws, "LZ-006", date(2026, 11, 13), recheck_of=lz.id, mode="announced")
    units = rankings(ws.db, W46, "unit", today=TODAY)
    assert units.ranked_by == "rectification"
    assert [(e.name, e.rank, e.due, e.closed, e.rectification_rate) for e in units.entries] == [
        ("市场监管局", 1, 1, 1, 1.0),
        ("城市管理局", 2, 2, 1, 0.5),
        ("市文明办", None, 0, 0, None),  # nothing fell due this week: listed, not ranked
    ]
    assert all(e.score is None for e in units.entries)
    assert units.red_list == ("市场监管局", "城市管理局") and units.black_list == ()
    early = by_name(rankings(ws.db, W46, "unit", today=date(2026, 11, 12)))  # before the second recheck
    assert early["市场监管局"].rectification_rate == 0.0
    districts = by_name(rankings(ws.db, W46, "district", today=TODAY))
    assert (districts["云栖区"].rectification_rate, districts["望澜区"].rectification_rate) == (1.0, 0.0)
    assert districts["桐湾区"].rectification_rate is None
    streets = rankings(ws.db, W46, "street", today=TODAY)
    assert {e.name for e in streets.entries} == {"明月街道", "观潮街道", "梧桐街道", "芦荻街道"}


@pytest.mark.parametrize(
    ("text", "previous"),
    [
        ("2027-W01", "2026-W53"),
        ("2026-W46", "2026-W45"),
        ("2026-01", "2025-12"),
        ("2026-11", "2026-10"),
        ("2026-Q1", "2025-Q4"),
        ("2026", "2025"),
        ("2026-11-11..2026-11-20", "2026-11-01..2026-11-10"),
    ],
)
def test_previous_period(text, previous):
    assert previous_period(parse_period(text)) == parse_period(previous)


def test_a_document_ranking_counts_only_confirmed_findings(ws, two_weeks):
    lz = problem_of(ws, two_weeks, BOARD_ITEM, TODAY)
    confirmed = [p.finding_id for p in list_problems(ws.db, today=TODAY) if p.finding_id != lz.finding_id]
    review.confirm(ws.db, confirmed)  # 鹭洲区's W46 problem stays pending
    counted = by_name(rankings(ws.db, W46, "district", today=TODAY))
    assert (counted["鹭洲区"].problems, counted["鹭洲区"].score) == (1, 99.0)  # by default pending counts
    only = by_name(rankings(ws.db, W46, "district", today=TODAY, reviews=("confirmed",)))
    assert (only["鹭洲区"].problems, only["鹭洲区"].deductions, only["鹭洲区"].score) == (0, 0.0, 100.0)
    assert only["鹭洲区"].rank == 1 and only["桐湾区"].problems == 1
    units = by_name(rankings(ws.db, W46, "unit", today=TODAY, reviews=("confirmed",)))
    assert units["市文明办"].problems == 1  # 桐湾区's board; 鹭洲区's pending one left out
