import io
from datetime import date, datetime, timedelta, timezone

import pytest
from PIL import Image

from inspector.errors import InspectorError
from inspector.field import evidence, history, inspections
from inspector.field.history import HistoryFilter
from inspector.register import sites

CST = timezone(timedelta(hours=8))


def photo(ws, shade):
    """A small JPEG imported into the workspace's evidence store; returns its SHA-256."""
    buf = io.BytesIO()
    Image.new("RGB", (64, 48), (shade % 256, 120, 200)).save(buf, "JPEG")
    return evidence.import_photo(ws.db, ws.evidence_dir, buf.getvalue(), device_id=ws.device_id).sha256


def make_inspection(ws, site, *, when, mode="unannounced", inspector="I-001", fails=0, finish=True):
    """A real inspection through the core: every item answered, the first `fails` items failed with a photo each."""
    db = ws.db
    inspection = inspections.start_inspection(db, site_id=site.id, inspector_id=inspector, mode=mode, started_at=when)
    items = inspections.inspection_checklist(db, inspection).items
    for index, item in enumerate(items):
        if index < fails:
            shot = photo(ws, index * 40 + when.day)
            inspections.record_finding(
                db,
                inspection.id,
                item.code,
                outcome="fail",
                count=index + 1,
                note="现场发现",
                photos=[shot],
                recorded_at=when,
            )
        else:
            inspections.record_finding(db, inspection.id, item.code, outcome="pass", recorded_at=when)
    if finish:
        return inspections.finish_inspection(db, inspection.id, finished_at=when + timedelta(minutes=40))
    return inspections.get_inspection(db, inspection.id)


def make_four(ws):
    """Four inspections: three finished, one open, over two districts, both modes and two inspectors."""
    db = ws.db
    return {
        "market": make_inspection(
            ws, sites.get_site(db, "YX-003"), when=datetime(2026, 11, 2, 9, 0, tzinfo=CST), fails=2
        ),
        "road": make_inspection(
            ws, sites.get_site(db, "YX-001"), when=datetime(2026, 11, 5, 10, 0, tzinfo=CST), mode="announced"
        ),
        "other": make_inspection(
            ws,
            sites.list_sites(db, district="望澜区")[0],
            when=datetime(2026, 11, 9, 14, 0, tzinfo=CST),
            fails=1,
            inspector="I-002",
        ),
        "open": make_inspection(
            ws, sites.get_site(db, "YX-002"), when=datetime(2026, 11, 12, 8, 30, tzinfo=CST), finish=False
        ),
    }


@pytest.fixture
def four(ws):
    """The four inspections on the office test workspace."""
    return make_four(ws)


def test_default_order_is_newest_first(ws, four):
    ids = history.inspection_ids(ws.db)
    assert ids == [four[k].id for k in ("open", "other", "road", "market")]


def test_filters_narrow_the_list(ws, four):
    db = ws.db
    assert set(history.inspection_ids(db, HistoryFilter(district="云栖区"))) == {
        four[k].id for k in ("market", "road", "open")
    }
    assert history.inspection_ids(db, HistoryFilter(mode="announced")) == [four["road"].id]
    assert history.inspection_ids(db, HistoryFilter(status="open")) == [four["open"].id]
    assert history.inspection_ids(db, HistoryFilter(site_type="market")) == [four["market"].id]
    window = HistoryFilter(date_from=date(2026, 11, 3), date_to=date(2026, 11, 9))
    assert history.inspection_ids(db, window) == [four["other"].id, four["road"].id]
    both = HistoryFilter(district="云栖区", status="finished", mode="unannounced")
    assert history.inspection_ids(db, both) == [four["market"].id]


def test_search_covers_site_name_address_and_inspector(ws, four):
    db = ws.db
    assert history.inspection_ids(db, HistoryFilter(search="幸福路农贸")) == [four["market"].id]
    assert history.inspection_ids(db, HistoryFilter(search="明月大道1号")) == [four["road"].id]
    assert history.inspection_ids(db, HistoryFilter(search="李静")) == [four["other"].id]
    assert history.inspection_ids(db, HistoryFilter(search="  yx-002 ")) == [four["open"].id]
    assert history.inspection_ids(db, HistoryFilter(search="没有这个点位")) == []


def test_sort_by_any_key_both_ways(ws, four):
    db = ws.db
    by_score = history.inspection_ids(db, HistoryFilter(status="finished"), sort="score", descending=False)
    scores = [row.score for row in history.inspection_rows(db, by_score)]
    assert scores == sorted(scores)
    assert by_score[0] == four["market"].id  # two failures: the lowest score
    by_site = history.inspection_ids(db, sort="site", descending=True)
    names = [row.site_name for row in history.inspection_rows(db, by_site)]
    assert names == sorted(names, reverse=True)
    for key in history.SORT_KEYS:
        for descending in (False, True):
            assert sorted(history.inspection_ids(db, sort=key, descending=descending)) == sorted(
                r.id for r in four.values()
            )
    with pytest.raises(InspectorError):
        history.inspection_ids(db, sort="id; DROP TABLE sites")


def test_rows_follow_the_order_of_the_ids(ws, four):
    ids = [four["road"].id, four["open"].id, "no-such-id", four["market"].id]
    rows = history.inspection_rows(ws.db, ids)
    assert [r.id for r in rows] == [four["road"].id, four["open"].id, four["market"].id]
    road, open_row, market = rows
    assert road.site_name == "明月大道（云栖段）" and road.site_type_name == "主次干道/商业大街"
    assert road.inspector_name == "张明" and road.mode == "announced" and road.status == "finished"
    assert open_row.status == "open" and open_row.score is None and open_row.answered > 0
    assert market.problem_count == 3 and market.deduction_total > 0 and market.score == 100 - market.deduction_total


def test_detail_lists_findings_in_checklist_order_with_items(ws, four):
    detail = history.inspection_detail(ws.db, four["market"].id)
    checklist = inspections.inspection_checklist(ws.db, four["market"])
    assert [line.finding.item_code for line in detail.findings] == checklist.codes
    assert detail.answered == detail.total == len(checklist.codes)
    assert detail.site.code == "YX-003" and detail.inspector_name == "张明"
    failed = [line for line in detail.findings if line.finding.outcome == "fail"]
    assert len(failed) == 2
    assert all(line.item_text and line.category_name and line.finding.responsible_unit for line in failed)
    assert all(line.finding.deadline for line in failed)
    assert len(detail.photos) == 2 and detail.photos == [sha for line in failed for sha in line.finding.photos]


def test_an_edit_shows_up_in_the_rows_and_the_detail(ws, four):
    db = ws.db
    market = four["market"]
    line = next(line for line in history.inspection_detail(db, market.id).findings if line.finding.outcome == "fail")
    inspections.record_finding(db, market.id, line.finding.item_code, outcome="pass", reason="复核后确认已整改")
    [row] = history.inspection_rows(db, [market.id])
    assert row.problem_count == 2
    again = next(
        x for x in history.inspection_detail(db, market.id).findings if x.finding.item_code == line.finding.item_code
    )
    assert again.finding.rev == 2 and again.finding.reason == "复核后确认已整改"


def test_filters_by_inspector_and_ties_keep_the_newest_first(ws, four):
    db = ws.db
    assert history.inspection_ids(db, HistoryFilter(inspector_id="I-002")) == [four["other"].id]
    mine = HistoryFilter(inspector_id="I-001", date_from=date(2026, 11, 3))
    assert history.inspection_ids(db, mine) == [four["open"].id, four["road"].id]
    assert history.inspection_ids(db, HistoryFilter(site_type="market", status="finished")) == [four["market"].id]
    assert history.inspection_ids(db, HistoryFilter(site_type="market", status="open")) == []
    # 云栖区 sorts before 望澜区; its three inspections tie and keep the newest first, whichever way the sort goes
    newest_first = [four[k].id for k in ("open", "road", "market")]
    assert history.inspection_ids(db, sort="district", descending=False) == [*newest_first, four["other"].id]
    assert history.inspection_ids(db, sort="district", descending=True) == [four["other"].id, *newest_first]
