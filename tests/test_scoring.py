import pytest

from inspector import forms
from inspector.errors import ValidationError
from inspector.scoring import ScoringRules, competition_ranks, finding_deduction, site_score


def rules(**overrides):
    data = forms.read_yaml_mapping(forms.form_path(forms.SCORING_FILE))
    data.update(overrides)
    return ScoringRules.from_dict(data)


def test_shipped_rules_load():
    r = rules()
    assert r.base_score == 100
    assert set(r.deduction_by_severity) == {"minor", "major", "severe"}
    assert r.unfixed_at_recheck_multiplier >= 1 and r.repeat_multiplier >= 1


def test_bad_rules_report_every_key():
    with pytest.raises(ValidationError) as info:
        rules(base_score=-1, repeat_multiplier="x", deduction_by_severity={"minor": -2})
    columns = {p.column for p in info.value.problems}
    assert {"base_score", "repeat_multiplier", "deduction_by_severity.minor", "deduction_by_severity.major"} <= columns


def test_finding_deduction_is_exact_in_hundredths():
    assert finding_deduction(0.3, 3, 1.0) == 0.9  # 0.3 * 3 in floats is 0.8999999999999999
    assert finding_deduction(0.5, 2, 2.0) == 2.0
    assert finding_deduction(0.1, 7, 4.0) == 2.8


def test_site_score_floors():
    r = rules()
    assert site_score(r, [0.5, 1.0, 0.3]) == (1.8, 98.2)
    assert site_score(r, [60.0, 70.0]) == (130.0, 0.0)
    assert site_score(r, []) == (0.0, 100.0)


def test_ties_share_a_rank():
    assert competition_ranks([95.0, 90.0, 95.0, 80.0], descending=True) == [1, 3, 1, 4]
    assert competition_ranks([2.0, 1.0, 1.0], descending=False) == [3, 1, 1]
    assert competition_ranks([], descending=True) == []


def _inspect(ws, site, day, fails, mode="announced"):
    from datetime import datetime, time, timedelta, timezone

    from inspector.field import inspections

    started = datetime.combine(day, time(10, 0), tzinfo=timezone(timedelta(hours=8)))
    inspection = inspections.start_inspection(
        ws.db, site_id=site.id, inspector_id="I-001", mode=mode, started_at=started
    )
    items = inspections.inspection_checklist(ws.db, inspection).items
    failing = [i for i in items if not i.photo_required][:fails]
    for item in items:
        outcome = "fail" if item in failing else "pass"
        inspections.record_finding(ws.db, inspection.id, item.code, outcome=outcome)
    return inspections.finish_inspection(ws.db, inspection.id), failing


def test_period_aggregates_and_rankings(ws):
    from datetime import date

    from inspector import scoring
    from inspector.periods import parse_period
    from inspector.register import sites

    all_sites = sites.list_sites(ws.db)
    by_district: dict[str, list] = {}
    for site in all_sites:
        by_district.setdefault(site.district, []).append(site)
    (d1, s1), (d2, s2), (d3, s3) = list(by_district.items())[:3]
    _inspect(ws, s1[0], date(2026, 11, 23), 0)
    _inspect(ws, s2[0], date(2026, 11, 24), 0, mode="unannounced")
    c, fc = _inspect(ws, s3[0], date(2026, 11, 25), 1)
    _inspect(ws, s3[1], date(2026, 12, 1), 1)  # outside the week
    period = parse_period("2026-W48")
    summary = scoring.period_summary(ws.db, period)
    assert summary["inspections"] == 3 and summary["unannounced"] == 1 and summary["sites"] == 3
    assert summary["problems"] == 1
    rows = scoring.aggregate(ws.db, period, "district")
    ranks = {r["name"]: r["rank"] for r in rows}
    assert ranks[d1] == ranks[d2] == 1 and ranks[d3] == 3  # ties share a rank
    third = next(r for r in rows if r["name"] == d3)
    assert third["average_score"] == c.score and third["deductions"] == c.deduction_total
    units = scoring.aggregate(ws.db, period, "finding-unit")
    assert [(u["name"], u["problems"]) for u in units] == [(fc[0].responsible_unit, 1)]
    for by in ("street", "unit", "site-type"):
        assert sum(r["inspections"] for r in scoring.aggregate(ws.db, period, by)) == 3


def test_score_after_a_total_is_the_site_score():
    r = rules()
    from decimal import Decimal

    from inspector.scoring import score_after

    assert score_after(r, Decimal("1.8")) == site_score(r, [0.5, 1.0, 0.3])[1] == 98.2
    assert score_after(r, Decimal("130")) == 0.0  # never below the floor


def test_recompute_totals_reads_only_current_failed_revisions(ws):
    from datetime import date

    from inspector import scoring
    from inspector.field import inspections
    from inspector.store import transaction
    from tests.office_kit import BOARD_ITEM, WEEK_ITEM, inspect

    done = inspect(ws, "YX-003", date(2026, 11, 23), {WEEK_ITEM: 1, BOARD_ITEM: 2})
    assert done.problem_count == 3
    with transaction(ws.db) as conn:  # the stored totals spoiled: recomputing restores them from the revisions
        conn.execute("UPDATE inspections SET problem_count = 9, deduction_total = 9, score = 1 WHERE id = ?", [done.id])
        assert scoring.recompute_totals(conn, scoring.load_rules(ws.db), done.id) == (
            3,
            done.deduction_total,
            done.score,
        )
    stored = inspections.get_inspection(ws.db, done.id)
    assert (stored.problem_count, stored.deduction_total, stored.score) == (3, done.deduction_total, done.score)
    # a later revision that passes an item: its earlier failed revision is superseded and no longer counts
    inspections.record_finding(ws.db, done.id, BOARD_ITEM, outcome="pass", reason="复核后合格")
    again = inspections.get_inspection(ws.db, done.id)
    left = [f for f in inspections.current_findings(ws.db, done.id) if f.outcome == "fail"]
    assert [f.item_code for f in left] == [WEEK_ITEM]
    assert (again.problem_count, again.deduction_total) == (1, left[0].deduction)
    assert again.score == scoring.site_score(scoring.load_rules(ws.db), [left[0].deduction])[1] < 100
