"""Rankings (红黑榜) for a period by district, street or responsible unit, with the change since the previous period.

Figures per group:
- score: districts and streets only — the average over the period's finished inspections of the site score
  recomputed without the findings the office rejected or merged away (base − deductions, never below the floor).
- problems (occurrences, 处), deductions: failed findings found in the period in the review states asked for:
  by default those the office still counts (pending or confirmed); documents ask for confirmed ones only, so their
  rankings add up to the problems they list (see reports.DocumentScope). Scores leave out the same findings.
- rectification rate = closed ÷ due, where `due` is the confirmed problems whose (current) deadline falls in
  the period and `closed` those of them verified by a recheck on or before `today`; None when nothing fell due.
Districts and streets rank by score (higher is better); responsible units by rectification rate (higher is
better), equal rates by fewer deductions. Equal keys share a rank (1, 2, 2, 4). Units with nothing due are
listed unranked. The red list is the ranked groups with rank ≤ n, the black list those within the last m
places counted from the bottom the same way; ties on the boundary are all listed; nobody is on both lists.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import sqlite_utils

from inspector import clock, forms, scoring, voids
from inspector.decisions import ReviewState, excluded_findings, review_states
from inspector.errors import InspectorError
from inspector.periods import Period, parse_period
from inspector.problems import TRACKED, ProblemFilter, list_problems
from inspector.store import get_setting

DIMENSIONS = {"district": "区", "street": "街道", "unit": "责任单位"}
SETTING_KEY = "rankings"
RANKINGS_FILE = "rankings.yaml"
DEFAULT_SIZES = (5, 3)
COUNTED = ("pending", "confirmed")  # review states a ranking counts unless told otherwise

_INSPECTIONS_SQL = f"""
SELECT i.id, i.site_id, s.district, s.street FROM inspections i JOIN sites s ON s.id = i.site_id
WHERE i.status = 'finished' AND i.local_date BETWEEN ? AND ? AND {voids.not_voided("i")}
"""
_FAILS_SQL = f"""
SELECT f.id, f.inspection_id, r.count, r.deduction, COALESCE(r.responsible_unit, ''), s.district, s.street, s.id
FROM inspections i JOIN sites s ON s.id = i.site_id JOIN findings f ON f.inspection_id = i.id
JOIN finding_revisions r ON r.finding_id = f.id
WHERE i.status = 'finished' AND i.local_date BETWEEN ? AND ? AND {voids.not_voided("i")}
  AND r.rev = (SELECT MAX(r2.rev) FROM finding_revisions r2 WHERE r2.finding_id = f.id) AND r.outcome = 'fail'
"""


@dataclass(frozen=True)
class RankingEntry:
    """One district, street or unit in a ranking, with its change since the previous period (+ = moved up)."""

    name: str
    rank: int | None
    score: float | None
    inspections: int
    sites: int
    problems: int
    deductions: float
    due: int
    closed: int
    rectification_rate: float | None
    previous_rank: int | None = None
    previous_score: float | None = None
    rank_change: int | None = None
    score_change: float | None = None
    listed: str = ""  # "red", "black" or ""


@dataclass(frozen=True)
class RankingTable:
    """A ranking for one period and dimension, with its red list (红榜) and black list (黑榜)."""

    by: str
    period: Period
    previous: Period
    ranked_by: str  # "score" or "rectification"
    entries: tuple[RankingEntry, ...]
    red_list: tuple[str, ...]
    black_list: tuple[str, ...]
    red_size: int
    black_size: int

    @property
    def label(self) -> str:
        """What the groups are, in Chinese: 区, 街道 or 责任单位."""
        return DIMENSIONS[self.by]

    def as_dict(self) -> dict[str, Any]:
        """JSON-able form."""
        return {
            "by": self.by,
            "label": self.label,
            "period": self.period.text,
            "period_label": self.period.label,
            "previous": self.previous.text,
            "ranked_by": self.ranked_by,
            "red_list": list(self.red_list),
            "black_list": list(self.black_list),
            "red_size": self.red_size,
            "black_size": self.black_size,
            "entries": [asdict(e) for e in self.entries],
        }


def previous_period(period: Period) -> Period:
    """The period just before: the previous week, month, quarter or year; for a range, as many days before it."""
    before = period.start - timedelta(days=1)
    if period.kind == "week":
        year, week, _ = before.isocalendar()
        return parse_period(f"{year}-W{week:02d}")
    if period.kind == "month":
        return parse_period(f"{before.year}-{before.month:02d}")
    if period.kind == "quarter":
        return parse_period(f"{before.year}-Q{(before.month - 1) // 3 + 1}")
    if period.kind == "year":
        return parse_period(str(before.year))
    start = before - (period.end - period.start)
    return parse_period(f"{start.isoformat()}..{before.isoformat()}")


def list_sizes(db: sqlite_utils.Database, by: str) -> tuple[int, int]:
    """(red, black) list sizes for a dimension: the workspace setting "rankings", else forms/rankings.yaml."""
    setting = get_setting(db, SETTING_KEY)
    if setting is None:
        path = forms.form_path(RANKINGS_FILE)
        setting = forms.read_yaml_mapping(path) if path.is_file() else {}
    override = (setting.get("by_dimension") or {}).get(by) or {}
    sizes = []
    for key, default in zip(("red_list_size", "black_list_size"), DEFAULT_SIZES, strict=True):
        value = override.get(key, setting.get(key, default))
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise InspectorError(f"红黑榜设置 {key} 应为不小于 0 的整数，而不是“{value}”")
        sizes.append(value)
    return sizes[0], sizes[1]


def _groups(
    db: sqlite_utils.Database, period: Period, by: str, today: date, reviews: tuple[str, ...]
) -> dict[str, dict[str, Any]]:
    """Per group: inspections, sites, site scores, problems, deductions, due and closed problems."""
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
        for inspection_id, site_id, district, street in db.execute(_INSPECTIONS_SQL, bounds).fetchall():
            group = groups[district if by == "district" else street]
            group["inspections"].add(inspection_id)
            group["sites"].add(site_id)
            group["scores"].append(Decimal(str(scoring.site_score(rules, per_inspection.get(inspection_id, []))[1])))
    due = list_problems(db, ProblemFilter(due_in=period, status=TRACKED), today=today, repeats=False)
    for problem in due:
        name = {"district": problem.district, "street": problem.street, "unit": problem.responsible_unit}[by]
        group = groups[name]
        group["due"] = group.get("due", 0) + 1
        group["closed"] = group.get("closed", 0) + (problem.status == "closed")
        if by == "unit":
            group["sites"].add(problem.site_id)
    return groups


def _ranks(keys: list[tuple[float, ...]]) -> list[int]:
    """Competition ranks of sort keys (smaller is better); equal keys share a rank."""
    order = {key: float(n) for n, key in enumerate(sorted(set(keys)))}
    return scoring.competition_ranks([order[key] for key in keys], descending=False)


def _entries(groups: dict[str, dict[str, Any]], by: str) -> list[RankingEntry]:
    entries = []
    for name, g in groups.items():
        due = g.get("due", 0)
        scores = g["scores"]
        entries.append(
            RankingEntry(
                name=name,
                rank=None,
                score=scoring.to_points(sum(scores) / len(scores)) if scores else None,
                inspections=len(g["inspections"]),
                sites=len(g["sites"]),
                problems=g["problems"],
                deductions=scoring.to_points(g["deductions"]),
                due=due,
                closed=g.get("closed", 0),
                rectification_rate=g.get("closed", 0) / due if due else None,
            )
        )
    if by == "unit":
        ranked = [e for e in entries if e.rectification_rate is not None]
        keys = [(-(e.rectification_rate or 0.0), e.deductions) for e in ranked]
    else:
        ranked = [e for e in entries if e.score is not None]
        keys = [(-(e.score or 0.0),) for e in ranked]
    ranks = dict(zip((e.name for e in ranked), _ranks(keys), strict=True))
    return [RankingEntry(**{**asdict(e), "rank": ranks.get(e.name)}) for e in entries]


def _lists(entries: list[RankingEntry], red: int, black: int) -> tuple[set[str], set[str]]:
    ranked = [e for e in entries if e.rank is not None]
    red_names = {e.name for e in ranked if red and e.rank is not None and e.rank <= red}
    worst = [-(e.rank or 0) for e in ranked]
    from_bottom = scoring.competition_ranks([float(w) for w in worst], descending=False)
    black_names = {e.name for e, k in zip(ranked, from_bottom, strict=True) if black and k <= black} - red_names
    return red_names, black_names


def rankings(
    db: sqlite_utils.Database,
    period: Period,
    by: str = "district",
    *,
    today: date | None = None,
    top: int | None = None,
    bottom: int | None = None,
    reviews: tuple[str, ...] = COUNTED,
) -> RankingTable:
    """The ranking of a period by district, street or unit, with red/black lists and changes since the previous one.

    `reviews` are the review states whose findings count for problems, deductions and scores (in both periods).
    """
    if by not in DIMENSIONS:
        raise InspectorError(f"排名维度应为 district（区）、street（街道）或 unit（责任单位），而不是“{by}”")
    today = today or clock.today()
    red, black = list_sizes(db, by)
    red, black = (red if top is None else top), (black if bottom is None else bottom)
    if red < 0 or black < 0:
        raise InspectorError("红榜、黑榜的数量不能为负数")
    before = previous_period(period)
    current = _entries(_groups(db, period, by, today, reviews), by)
    previous = {e.name: e for e in _entries(_groups(db, before, by, today, reviews), by)}
    red_names, black_names = _lists(current, red, black)
    entries = []
    for e in current:
        old = previous.get(e.name)
        change = None if old is None or old.rank is None or e.rank is None else old.rank - e.rank
        delta = None if old is None or old.score is None or e.score is None else scoring.to_points(e.score - old.score)
        listed = "red" if e.name in red_names else ("black" if e.name in black_names else "")
        entries.append(
            RankingEntry(
                **{
                    **asdict(e),
                    "previous_rank": old.rank if old else None,
                    "previous_score": old.score if old else None,
                    "rank_change": change,
                    "score_change": delta,
                    "listed": listed,
                }
            )
        )
    entries.sort(key=lambda e: (e.rank is None, e.rank or 0, e.name))
    return RankingTable(
        by=by,
        period=period,
        previous=before,
        ranked_by="rectification" if by == "unit" else "score",
        entries=tuple(entries),
        red_list=tuple(e.name for e in entries if e.listed == "red"),
        black_list=tuple(e.name for e in entries if e.listed == "black"),
        red_size=red,
        black_size=black,
    )
