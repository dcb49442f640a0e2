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

import json
from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import sqlite_utils

from inspector import clock, forms, scoring, voids
from inspector.errors import InspectorError
from inspector.periods import Period, parse_period
from inspector.store import get_setting
from inspector.tracking import problem_state
from inspector.tracking import problems as problems_mod

DIMENSIONS = {"district": "区", "street": "街道", "unit": "责任单位"}
SETTING_KEY = "rankings"
RANKINGS_FILE = "rankings.yaml"
DEFAULT_SIZES = (5, 3)
COUNTED = ("pending", "confirmed")  # review states a ranking counts unless told otherwise

# The failed findings a ranking counts, one row each: the problems of the period (the stored problem state: the
# current revision of a finding is a failure, in a finished inspection that is not voided) in the review states
# asked for, with the unit the office last set (else the revision's) — read through the index on (found_on, review),
# so the work grows with the period, not with the years the workspace holds (the `+` keeps SQLite from taking the
# index on review instead, which holds every problem ever found).
# `exact` says the deduction is a whole number of cents (as scoring writes them), so SQL can add it as an integer
# number of cents; any other deduction is added by Python in Decimal, as scoring does.
_COUNTED_SQL = """
SELECT ps.inspection_id AS inspection, ps.site_id AS site, s.district AS district, s.street AS street,
       ps.unit AS unit, ps.count AS count, ps.deduction AS deduction, ps.deduction = ROUND(ps.deduction, 2) AS exact
FROM problem_state ps CROSS JOIN sites s ON s.id = ps.site_id
WHERE ps.found_on BETWEEN :start AND :end AND +ps.review IN (SELECT value FROM json_each(:reviews))
"""
_CENTS = "SUM(CASE WHEN c.exact THEN CAST(ROUND(c.deduction * 100) AS INTEGER) ELSE 0 END), SUM(NOT c.exact)"
# Per inspection with counted failures (districts and streets): its group, problems and deductions. Grouped by
# name first: in inspection-id order alone, SQLite with statistics would rather walk every inspection by its key.
_PER_INSPECTION_SQL = (
    f"SELECT c.inspection, c.{{by}}, SUM(c.count), {_CENTS} FROM ({_COUNTED_SQL}) c GROUP BY c.{{by}}, c.inspection"
)
# Per unit and site (units): inspections, problems and deductions. An inspection is at one site, so the distinct
# inspections of a unit add up over its sites.
_PER_UNIT_SQL = (
    f"SELECT c.unit, c.site, COUNT(DISTINCT c.inspection), SUM(c.count), {_CENTS} FROM ({_COUNTED_SQL}) c"
    " GROUP BY c.unit, c.site"
)
# The deductions that are not whole cents (none when every revision came from scoring), one by one.
_ODD_SQL = f"SELECT c.inspection, c.unit, c.deduction FROM ({_COUNTED_SQL}) c WHERE NOT c.exact"
# Per district or street: finished inspections of the period and their sites.
_INSPECTIONS_SQL = f"""
SELECT s.{{by}}, COUNT(*), COUNT(DISTINCT i.site_id) FROM inspections i CROSS JOIN sites s ON s.id = i.site_id
WHERE i.status = 'finished' AND i.local_date BETWEEN :start AND :end AND {voids.not_voided("i")}
GROUP BY s.{{by}}
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


def _group() -> dict[str, Any]:
    return {
        "inspections": 0,
        "sites": set(),
        "scored": 0,
        "score_sum": Decimal(0),
        "problems": 0,
        "deductions": Decimal(0),
    }


def _groups(
    db: sqlite_utils.Database, period: Period, by: str, today: date, reviews: tuple[str, ...]
) -> dict[str, dict[str, Any]]:
    """Per group: inspections, sites, the sum and number of site scores, problems, deductions, due and closed.

    Aggregated in SQL, a few rows per group or per inspection with counted failures; rejected and merged findings
    never count (the office no longer does), whatever `reviews` says.
    """
    problem_state.ensure_fresh(db)
    rules = scoring.load_rules(db)
    params = {
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "reviews": json.dumps(sorted(set(reviews) & set(COUNTED))),
    }
    groups: dict[str, dict[str, Any]] = defaultdict(_group)
    odd: dict[str, list[tuple[str, float]]] = defaultdict(list)  # inspection → (unit, deduction) not in cents

    def odd_rows() -> None:
        for inspection, unit, deduction in db.execute(_ODD_SQL, params):
            odd[inspection].append((unit, deduction))

    if by == "unit":
        rows = db.execute(_PER_UNIT_SQL, params).fetchall()  # a row per unit and site: a few thousand at most
        if any(row[5] for row in rows):
            odd_rows()
        for unit, site, inspections, problems, cents, _odd in rows:
            group = groups[unit]
            group["inspections"] += inspections
            group["sites"].add(site)
            group["problems"] += problems
            group["deductions"] += Decimal(cents).scaleb(-2)
        for deductions in odd.values():
            for unit, deduction in deductions:
                groups[unit]["deductions"] += Decimal(str(deduction))
    else:
        for name, inspections, sites in db.execute(_INSPECTIONS_SQL.format(by=by), params):
            group = groups[name]
            group["inspections"] += inspections
            group["site_count"] = sites
        rows = db.execute(_PER_INSPECTION_SQL.format(by=by), params)
        for inspection, name, problems, cents, n_odd in rows:
            if n_odd and not odd:
                odd_rows()
            total = Decimal(cents).scaleb(-2) + sum((Decimal(str(d)) for _, d in odd.get(inspection, ())), Decimal(0))
            group = groups[name]
            group["problems"] += problems
            group["deductions"] += total
            group["scored"] += 1
            group["score_sum"] += Decimal(str(scoring.score_after(rules, total)))
        clean = Decimal(str(scoring.score_after(rules, Decimal(0))))  # an inspection without counted problems
        for group in groups.values():
            group["score_sum"] += clean * (group["inspections"] - group["scored"])
    for name, count in problems_mod.due_counts(db, period, by, today=today).items():
        group = groups[name]
        group["due"], group["closed"] = count.due, count.closed
        if by == "unit":
            group["sites"] |= count.sites
    return groups


def _ranks(keys: list[tuple[float, ...]]) -> list[int]:
    """Competition ranks of sort keys (smaller is better); equal keys share a rank."""
    order = {key: float(n) for n, key in enumerate(sorted(set(keys)))}
    return scoring.competition_ranks([order[key] for key in keys], descending=False)


def _entries(groups: dict[str, dict[str, Any]], by: str) -> list[RankingEntry]:
    entries = []
    for name, g in groups.items():
        due = g.get("due", 0)
        entries.append(
            RankingEntry(
                name=name,
                rank=None,
                score=scoring.to_points(g["score_sum"] / g["inspections"])
                if by != "unit" and g["inspections"]
                else None,
                inspections=g["inspections"],
                sites=g.get("site_count", len(g["sites"])),
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
