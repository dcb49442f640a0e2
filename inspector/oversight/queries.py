"""What the office screens ask of the core beyond single records: recent periods, ranking trends, duplicate
candidates, the clerk's document defaults and whether a document already carries a number.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

import sqlite_utils

from inspector.documents import CircularData
from inspector.oversight import numbering
from inspector.oversight.rankings import RankingTable, previous_period, rankings
from inspector.periods import Period, parse_period
from inspector.store import get_setting
from inspector.tracking.problems import Problem, ProblemFilter, get_problem, list_problems

PERIOD_KINDS = ("week", "month", "quarter", "year")
DEFAULT_ADDRESSEES = next(f.default for f in fields(CircularData) if f.name == "addressees")


def period_of(kind: str, day: date) -> Period:
    """The week, month, quarter or year that contains a day."""
    if kind == "week":
        year, week, _ = day.isocalendar()
        return parse_period(f"{year}-W{week:02d}")
    if kind == "month":
        return parse_period(f"{day.year}-{day.month:02d}")
    if kind == "quarter":
        return parse_period(f"{day.year}-Q{(day.month - 1) // 3 + 1}")
    if kind == "year":
        return parse_period(str(day.year))
    raise ValueError(f"period kind must be one of {PERIOD_KINDS}, not {kind!r}")


def recent_periods(kind: str, today: date, count: int) -> list[Period]:
    """The period containing `today` and the `count - 1` before it, newest first."""
    found = [period_of(kind, today)]
    while len(found) < count:
        found.append(previous_period(found[-1]))
    return found


def ranking_trend(db: sqlite_utils.Database, period: Period, by: str, *, count: int, today: date) -> list[RankingTable]:
    """The rankings of `count` periods ending with `period`, oldest first (for a trend chart)."""
    periods = [period]
    while len(periods) < count:
        periods.append(previous_period(periods[-1]))
    return [rankings(db, p, by, today=today) for p in reversed(periods)]


def merge_candidates(db: sqlite_utils.Database, ref: str, *, today: date) -> list[Problem]:
    """Problems a duplicate could be merged into: the same item at the same site, pending or confirmed."""
    problem = get_problem(db, ref, today=today)
    same_site = list_problems(db, ProblemFilter(site_id=problem.site_id), today=today)
    return [
        p
        for p in same_site
        if p.item_code == problem.item_code
        and p.finding_id != problem.finding_id
        and p.review in ("pending", "confirmed")
        and p.primary_id is None
    ]


@dataclass(frozen=True)
class DocumentDefaults:
    """What the clerk's form starts with: the circular's addressees and the copy-to list of the letterhead."""

    addressees: str
    copy_to: str


def document_defaults(db: sqlite_utils.Database) -> DocumentDefaults:
    """Addressees (the letterhead setting's "addressees", else the usual ones) and copy-to from the letterhead."""
    setting = get_setting(db, "letterhead") or {}
    addressees = str(setting.get("addressees") or "").strip() or DEFAULT_ADDRESSEES
    return DocumentDefaults(addressees, numbering.letterhead(db).copy_to)


def issued_number(db: sqlite_utils.Database, kind: str, period: Period, unit: str = "") -> str | None:
    """The number a document already carries when it was issued before (re-issuing keeps it), else None."""
    for made in numbering.list_numbers(db):
        if (made.kind, made.period, made.unit) == (kind, period.text, unit):
            return made.number
    return None
