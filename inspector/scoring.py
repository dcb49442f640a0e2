"""Scoring: rules as data, finding deductions, site scores and period aggregates with rankings."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import asdict, dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import sqlite_utils

from inspector import voids
from inspector.errors import Problem, ValidationError
from inspector.periods import Period
from inspector.store import get_setting
from inspector.store.queries import current_revision

SETTING_KEY = "scoring"

# Dimensions a period can be broken down by. All but `finding-unit` are attributes of the site;
# `finding-unit` is the responsible unit the negative list names for each problem.
DIMENSIONS = {
    "district": "区",
    "street": "街道",
    "unit": "点位责任单位",
    "site-type": "点位类型",
    "finding-unit": "问题责任单位",
}

_CENT = Decimal("0.01")


@dataclass(frozen=True)
class ScoringRules:
    """The scoring numbers a city sets in forms/scoring.yaml."""

    base_score: float
    floor: float
    deduction_by_severity: dict[str, float]
    unfixed_at_recheck_multiplier: float
    repeat_multiplier: float
    repeat_window_days: int

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, source: str = "scoring.yaml") -> ScoringRules:
        """Validate a mapping read from YAML; ValidationError lists every bad key."""
        problems: list[Problem] = []

        def number(key: str, *, minimum: float = 0.0) -> float:
            value = data.get(key)
            if isinstance(value, bool) or not isinstance(value, int | float) or value < minimum:
                problems.append(Problem(source, None, key, f"应为不小于 {minimum:g} 的数字"))
                return minimum
            return float(value)

        base = number("base_score", minimum=0.0)
        floor = number("floor", minimum=0.0)
        recheck = number("unfixed_at_recheck_multiplier", minimum=1.0)
        repeat = number("repeat_multiplier", minimum=1.0)
        window = data.get("repeat_window_days")
        if isinstance(window, bool) or not isinstance(window, int) or window < 0:
            problems.append(Problem(source, None, "repeat_window_days", "应为不小于 0 的整数"))
            window = 0
        severities = data.get("deduction_by_severity")
        by_severity: dict[str, float] = {}
        if not isinstance(severities, dict):
            problems.append(Problem(source, None, "deduction_by_severity", "应列出 minor、major、severe 的扣分"))
        else:
            for key in ("minor", "major", "severe"):
                value = severities.get(key)
                if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                    problems.append(Problem(source, None, f"deduction_by_severity.{key}", "应为不小于 0 的数字"))
                else:
                    by_severity[key] = float(value)
        if floor > base:
            problems.append(Problem(source, None, "floor", "最低分不能高于基础分"))
        if problems:
            raise ValidationError(problems)
        return cls(base, floor, by_severity, recheck, repeat, int(window))

    def as_dict(self) -> dict[str, Any]:
        """Plain mapping, as stored in the workspace settings."""
        return asdict(self)


def load_rules(db: sqlite_utils.Database) -> ScoringRules:
    """The scoring rules stored in this workspace (copied from forms/ when it was created)."""
    data = get_setting(db, SETTING_KEY)
    if data is None:
        raise ValidationError([Problem("workspace.db", None, SETTING_KEY, "工作区缺少计分规则，请重新初始化工作区")])
    return ScoringRules.from_dict(data, source="workspace.db")


def to_points(value: Decimal | float | int) -> float:
    """Round to hundredths of a point (half up), as the office reports them."""
    return float(Decimal(str(value)).quantize(_CENT, rounding=ROUND_HALF_UP))


def finding_deduction(item_deduction: float, count: int, multiplier: float) -> float:
    """Deduction of one failed finding: item deduction × occurrences × escalation multiplier."""
    return to_points(Decimal(str(item_deduction)) * count * Decimal(str(multiplier)))


def score_after(rules: ScoringRules, total: Decimal) -> float:
    """The score of an inspection whose deductions add up to `total`: base − total, never below the floor."""
    return to_points(max(Decimal(str(rules.floor)), Decimal(str(rules.base_score)) - total))


def site_score(rules: ScoringRules, deductions: list[float]) -> tuple[float, float]:
    """(total deduction, score) for one inspection: base − deductions, never below the floor."""
    total = sum((Decimal(str(d)) for d in deductions), Decimal(0))
    return to_points(total), score_after(rules, total)


_CURRENT_FAILS_SQL = f"""
SELECT r.count, r.deduction FROM findings f JOIN finding_revisions r ON r.finding_id = f.id
WHERE f.inspection_id = ? AND r.outcome = 'fail' AND {current_revision()}
"""


def recompute_totals(conn: sqlite3.Connection, rules: ScoringRules, inspection_id: str) -> tuple[int, float, float]:
    """Store an inspection's problem count, deduction total and score from the current revisions of its failed
    findings (inside the caller's transaction); returns (problem count, deduction total, score)."""
    rows = conn.execute(_CURRENT_FAILS_SQL, [inspection_id]).fetchall()
    total, score = site_score(rules, [row[1] for row in rows])
    count = sum(row[0] for row in rows)
    conn.execute(
        "UPDATE inspections SET problem_count = ?, deduction_total = ?, score = ? WHERE id = ?",
        [count, total, score, inspection_id],
    )
    return count, total, score


def competition_ranks(values: list[float], *, descending: bool) -> list[int]:
    """Ranks where ties share a rank and the next rank skips (1, 2, 2, 4)."""
    order = sorted(range(len(values)), key=lambda i: -values[i] if descending else values[i])
    ranks = [0] * len(values)
    previous: float | None = None
    for position, index in enumerate(order, start=1):
        if previous is None or values[index] != previous:
            rank = position
        ranks[index] = rank
        previous = values[index]
    return ranks


_INSPECTIONS_SQL = f"""
SELECT i.id, i.site_id, i.mode, i.score, i.deduction_total, i.problem_count,
       s.district, s.street, s.responsible_unit, s.site_type
FROM inspections i JOIN sites s ON s.id = i.site_id
WHERE i.status = 'finished' AND i.local_date BETWEEN ? AND ? AND {voids.not_voided("i")}
"""

_FAILS_SQL = f"""
SELECT f.inspection_id, i.site_id, r.responsible_unit, r.count, r.deduction
FROM inspections i
JOIN findings f ON f.inspection_id = i.id
JOIN finding_revisions r ON r.finding_id = f.id
WHERE i.status = 'finished' AND i.local_date BETWEEN ? AND ? AND {voids.not_voided("i")}
  AND {current_revision()}
  AND r.outcome = 'fail'
"""

_SITE_KEYS = {"district": "district", "street": "street", "unit": "responsible_unit", "site-type": "site_type"}


def period_summary(db: sqlite_utils.Database, period: Period) -> dict[str, Any]:
    """Totals for a period: inspections by mode, sites, problems, deductions, average score."""
    rows = list(db.query(_INSPECTIONS_SQL, [period.start.isoformat(), period.end.isoformat()]))
    scores = [row["score"] for row in rows]
    return {
        "period": period.text,
        "label": period.label,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "inspections": len(rows),
        "announced": sum(1 for row in rows if row["mode"] == "announced"),
        "unannounced": sum(1 for row in rows if row["mode"] == "unannounced"),
        "sites": len({row["site_id"] for row in rows}),
        "problems": sum(row["problem_count"] or 0 for row in rows),
        "deductions": to_points(sum((Decimal(str(row["deduction_total"])) for row in rows), Decimal(0))),
        "average_score": to_points(sum(map(Decimal, map(str, scores))) / len(scores)) if scores else None,
    }


def aggregate(db: sqlite_utils.Database, period: Period, by: str) -> list[dict[str, Any]]:
    """Per-group figures for a period with a ranking in which ties share a rank.

    Site dimensions rank by average score (higher is better); `finding-unit` ranks by
    deductions (fewer is better).
    """
    if by not in DIMENSIONS:
        raise ValueError(f"unknown dimension {by!r}")
    bounds = [period.start.isoformat(), period.end.isoformat()]
    groups: dict[str, dict[str, Any]] = defaultdict(
        lambda: {"inspections": set(), "sites": set(), "problems": 0, "deductions": Decimal(0), "scores": []}
    )
    if by == "finding-unit":
        for row in db.query(_FAILS_SQL, bounds):
            group = groups[row["responsible_unit"] or ""]
            group["inspections"].add(row["inspection_id"])
            group["sites"].add(row["site_id"])
            group["problems"] += row["count"]
            group["deductions"] += Decimal(str(row["deduction"]))
    else:
        key = _SITE_KEYS[by]
        for row in db.query(_INSPECTIONS_SQL, bounds):
            group = groups[row[key]]
            group["inspections"].add(row["id"])
            group["sites"].add(row["site_id"])
            group["problems"] += row["problem_count"] or 0
            group["deductions"] += Decimal(str(row["deduction_total"]))
            group["scores"].append(Decimal(str(row["score"])))
    result = []
    for name, group in groups.items():
        scores = group["scores"]
        result.append(
            {
                "dimension": by,
                "name": name,
                "inspections": len(group["inspections"]),
                "sites": len(group["sites"]),
                "problems": group["problems"],
                "deductions": to_points(group["deductions"]),
                "average_score": to_points(sum(scores) / len(scores)) if scores else None,
            }
        )
    if by == "finding-unit":
        ranks = competition_ranks([r["deductions"] for r in result], descending=False)
    else:
        ranks = competition_ranks([r["average_score"] for r in result], descending=True)
    for row, rank in zip(result, ranks, strict=True):
        row["rank"] = rank
    result.sort(key=lambda r: (r["rank"], r["name"]))
    return result
