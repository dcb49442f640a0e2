"""Rankings aggregated in SQL give exactly what the Python fold they replaced gave, on a randomized workspace.

The oracle below is the former `rankings._groups` (every counted failure read into Python, decisions folded per
finding, scores recomputed per inspection), reshaped into the figures `_entries` reads.
"""

from __future__ import annotations

import random
from collections import defaultdict
from contextlib import suppress
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from inspector import scoring, voids
from inspector.field import inspections
from inspector.oversight import rankings, rectification, review
from inspector.periods import Period, parse_period
from inspector.tracking.decisions import ReviewError, ReviewState, excluded_findings, review_states
from inspector.tracking.problems import TRACKED, ProblemFilter, list_problems
from tests.office_kit import BOARD_ITEM, DAY_ITEM, MARKETS, WEEK_ITEM, inspect

TODAY = date(2026, 12, 3)
ITEMS = (WEEK_ITEM, BOARD_ITEM, DAY_ITEM, "NL-ENV-008")
UNITS = ("城市管理局", "属地街道办事处")

_FAILS_SQL = f"""
SELECT f.id, f.inspection_id, r.count, r.deduction, COALESCE(r.responsible_unit, ''), s.district, s.street, s.id
FROM inspections i JOIN sites s ON s.id = i.site_id JOIN findings f ON f.inspection_id = i.id
JOIN finding_revisions r ON r.finding_id = f.id
WHERE i.status = 'finished' AND i.local_date BETWEEN ? AND ? AND {voids.not_voided("i")}
  AND r.rev = (SELECT MAX(r2.rev) FROM finding_revisions r2 WHERE r2.finding_id = f.id) AND r.outcome = 'fail'
"""


def old_groups(db, period: Period, by: str, today: date, reviews: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    """The former Python fold, figures as `rankings._entries` reads them."""
    rules = scoring.load_rules(db)
    bounds = [period.start.isoformat(), period.end.isoformat()]
    groups: dict[str, dict[str, Any]] = defaultdict(
        lambda: {"inspections": set(), "sites": set(), "scores": [], "problems": 0, "deductions": Decimal(0)}
    )
    excluded = excluded_findings(db)
    fails = [row for row in db.execute(_FAILS_SQL, bounds).fetchall() if row[0] not in excluded]
    states = review_states(db, [row[0] for row in fails])
    fails = [row for row in fails if states.get(row[0], ReviewState()).review in reviews]
    overrides = {fid: s.unit for fid, s in states.items() if s.unit}
    per_inspection: dict[str, list[float]] = defaultdict(list)
    for fid, inspection_id, count, deduction, unit, district, street, site_id in fails:
        per_inspection[inspection_id].append(deduction)
        name = {"district": district, "street": street, "unit": overrides.get(fid, unit)}[by]
        groups[name]["problems"] += count
        groups[name]["deductions"] += Decimal(str(deduction))
        if by == "unit":
            groups[name]["inspections"].add(inspection_id)
            groups[name]["sites"].add(site_id)
    if by != "unit":
        sql = f"""SELECT i.id, i.site_id, s.district, s.street FROM inspections i JOIN sites s ON s.id = i.site_id
        WHERE i.status = 'finished' AND i.local_date BETWEEN ? AND ? AND {voids.not_voided("i")}"""
        for inspection_id, site_id, district, street in db.execute(sql, bounds).fetchall():
            group = groups[district if by == "district" else street]
            group["inspections"].add(inspection_id)
            group["sites"].add(site_id)
            group["scores"].append(Decimal(str(scoring.site_score(rules, per_inspection.get(inspection_id, []))[1])))
    due = list_problems(db, ProblemFilter(due_in=period, status=TRACKED), today=today)
    for problem in due:
        group = groups[{"district": problem.district, "street": problem.street, "unit": problem.responsible_unit}[by]]
        group["due"] = group.get("due", 0) + 1
        group["closed"] = group.get("closed", 0) + (problem.status == "closed")
        if by == "unit":
            group["sites"].add(problem.site_id)
    return {
        name: {
            **g,
            "inspections": len(g["inspections"]),
            "score_sum": sum(g["scores"], Decimal(0)),
            **({"site_count": len(g["sites"])} if by != "unit" else {}),
        }
        for name, g in groups.items()
    }


def _try(step) -> None:
    with suppress(ReviewError):  # a step the walk chose that does not fit the problem's state: refused, as it should
        step()


@pytest.fixture
def randomized(ws):
    """Two months of random failures at random sites, reviewed, merged, reassigned, rechecked and voided at random;
    two deductions that are not whole cents (as a device could send)."""
    rng = random.Random(20261203)
    codes = sorted(MARKETS.values())  # markets: every item of ITEMS is on their checklists
    made = []
    for _ in range(22):
        day = date(2026, 10, 1) + timedelta(days=rng.randrange(61))
        fails = {item: rng.randint(1, 3) for item in rng.sample(ITEMS, rng.randint(0, 4))}
        code = rng.choice(codes)
        made.append((code, day, inspect(ws, code, day, fails, hour=rng.randint(8, 17))))
    code, day, first = rng.choice(made)
    inspect(ws, code, day + timedelta(days=2), recheck_of=first.id, mode="announced")
    inspections.void_inspection(ws.db, rng.choice(made)[2].id, "录入错误")
    found = list_problems(ws.db, today=TODAY)
    pair = next(p for p in found if sum(q.inspection_id == p.inspection_id for q in found) >= 2)
    twins = [p for p in found if p.inspection_id == pair.inspection_id][:2]
    odd = [*twins, rng.choice([p for p in found if p not in twins])]
    with ws.db.conn:  # 0.125 twice: 0.25 in Decimal, 0.26 were each rounded to cents first
        for problem, deduction in zip(odd, (0.125, 0.125, 1 / 3), strict=True):
            ws.db.execute(
                "UPDATE finding_revisions SET deduction = ? WHERE finding_id = ?", [deduction, problem.finding_id]
            )
    for problem in found:
        ref = problem.finding_id
        roll = rng.random()
        if roll < 0.55:
            _try(lambda ref=ref: review.confirm(ws.db, [ref]))
        elif roll < 0.7:
            _try(lambda ref=ref: review.reject(ws.db, ref, reason="不属实"))
        if rng.random() < 0.3:
            twins = [
                p for p in found if (p.site_id, p.item_code) == (problem.site_id, problem.item_code) and p != problem
            ]
            if twins:
                into = rng.choice(twins).finding_id
                _try(lambda ref=ref, into=into: review.merge_duplicate(ws.db, ref, into=into))
        if rng.random() < 0.2:
            _try(lambda ref=ref: review.reopen(ws.db, ref, reason="重新审核"))
        if rng.random() < 0.3:
            _try(lambda ref=ref: review.confirm(ws.db, [ref]))
        if rng.random() < 0.4:
            for unit in rng.sample(UNITS, rng.randint(1, 2)):  # sometimes two units: the last decision counts
                _try(lambda ref=ref, unit=unit: rectification.set_unit(ws.db, ref, unit, reason="职责调整"))
    return ws


def _tables(db) -> list[dict[str, Any]]:
    periods = [parse_period(p) for p in ("2026-10", "2026-11", "2026-W44", "2026-Q4", "2026-10-05..2026-11-20")]
    return [
        rankings.rankings(db, period, by, today=TODAY, reviews=reviews).as_dict()
        for by in ("district", "street", "unit")
        for period in periods
        for reviews in (rankings.COUNTED, ("confirmed",), ("pending", "rejected"))
    ]


def test_sql_aggregation_equals_the_python_fold(randomized, monkeypatch):
    db = randomized.db
    states = {s.review for s in review_states(db).values()}
    assert {"confirmed", "rejected", "merged"} <= states  # the walk reached the states that matter
    assert {s.unit for s in review_states(db).values()} - {None}  # and moved some problems to another unit
    new = _tables(db)
    monkeypatch.setattr(rankings, "_groups", old_groups)
    assert new == _tables(db)
    entries = [e for table in new for e in table["entries"]]
    assert any(e["problems"] for e in entries) and any(e["due"] for e in entries)
    assert any(e["score"] is not None and e["score"] % 0.5 for e in entries)  # an odd deduction reached a score
