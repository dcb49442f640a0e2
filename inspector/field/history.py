"""The inspection history: filtered, sorted id lists, rows for a page of ids, and one inspection in detail.

Views keep the ordered id list and fetch rows for the ids on screen, so 100,000 inspections
filter and scroll without loading them all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlite_utils

from inspector import catalog as catalog_mod
from inspector import voids
from inspector.errors import InspectorError
from inspector.field import inspections
from inspector.field.inspections import Finding, Inspection
from inspector.register import sites
from inspector.register.sites import Site

# sort key -> SQL expression; every key is a column a history view can sort by
SORT_KEYS: dict[str, str] = {
    "started_at": "i.started_at",
    "site": "s.name",
    "district": "s.district",
    "street": "s.street",
    "site_type": "COALESCE(t.name, s.site_type)",
    "inspector": "COALESCE(p.name, i.inspector_id)",
    "mode": "i.mode",
    "status": voids.shown_status("i"),
    "answered": "(SELECT COUNT(*) FROM findings f WHERE f.inspection_id = i.id)",
    "problems": "i.problem_count",
    "deduction": "i.deduction_total",
    "score": "i.score",
}
STATUSES = ("open", "finished", voids.STATUS)  # voided (作废) shows instead of its stored status
PAGE_LIMIT = 500  # ids per rows query (well under SQLite's variable limit)

_JOINS = {
    "p": "LEFT JOIN inspectors p ON p.id = i.inspector_id",
    "t": "LEFT JOIN catalog_site_types t ON t.version = i.catalog_version AND t.code = s.site_type",
}


@dataclass(frozen=True)
class HistoryFilter:
    """Which inspections a history view shows; None or "" means no restriction."""

    date_from: date | None = None
    date_to: date | None = None
    district: str | None = None
    site_type: str | None = None
    mode: str | None = None
    status: str | None = None
    inspector_id: str | None = None
    search: str = ""


@dataclass(frozen=True)
class HistoryRow:
    """One line of the history table."""

    id: str
    started_at: str
    local_date: str
    finished_at: str | None
    status: str
    mode: str
    site_id: str
    site_code: str
    site_name: str
    district: str
    street: str
    address: str
    site_type: str
    site_type_name: str
    inspector_id: str
    inspector_name: str
    answered: int
    problem_count: int | None
    deduction_total: float | None
    score: float | None


@dataclass(frozen=True)
class FindingLine:
    """A current finding with the checklist item it answers."""

    finding: Finding
    item_text: str
    category: str
    category_name: str
    severity: str
    photo_required: bool


@dataclass(frozen=True)
class InspectionDetail:
    """One inspection as the history's detail pane shows it."""

    inspection: Inspection
    site: Site
    site_type_name: str
    inspector_name: str
    catalog_name: str
    answered: int
    total: int
    findings: list[FindingLine] = field(default_factory=list)
    photos: list[str] = field(default_factory=list)
    void: voids.Void | None = None  # set when the inspection was voided (作废): why and when


def _where(flt: HistoryFilter) -> tuple[list[str], list[Any], set[str]]:
    """WHERE clauses, their parameters and the optional joins they need."""
    clauses: list[str] = []
    params: list[Any] = []
    joins: set[str] = set()
    if flt.date_from is not None:
        clauses.append("i.local_date >= ?")
        params.append(flt.date_from.isoformat())
    if flt.date_to is not None:
        clauses.append("i.local_date <= ?")
        params.append(flt.date_to.isoformat())
    for column, value in (
        ("s.district", flt.district),
        ("i.mode", flt.mode),
        ("i.inspector_id", flt.inspector_id),
    ):
        if value:
            clauses.append(f"{column} = ?")
            params.append(value)
    if flt.site_type:  # through the site list, so the site index finds the inspections (sites are few)
        clauses.append("i.site_id IN (SELECT id FROM sites WHERE site_type = ?)")
        params.append(flt.site_type)
    if flt.status == voids.STATUS:  # the voids drive: few inspections are voided
        clauses.append("i.id IN (SELECT inspection_id FROM inspection_voids)")
    elif flt.status:  # the stored status (indexed), then not voided
        clauses.append(f"i.status = ? AND {voids.not_voided('i')}")
        params.append(flt.status)
    term = flt.search.strip().lower()
    if term:
        columns = ("s.name", "s.address", "s.code", "s.street", "p.name", "i.inspector_id")
        clauses.append("(" + " OR ".join(f"instr(lower({c}), ?) > 0" for c in columns) + ")")
        params.extend([term] * len(columns))
        joins.add("p")
    return clauses, params, joins


def _sort_sql(sort: str, descending: bool) -> str:
    if sort not in SORT_KEYS:
        raise InspectorError(f"无法按“{sort}”排序，可用：{'、'.join(SORT_KEYS)}")
    direction = "DESC" if descending else "ASC"
    return f"{SORT_KEYS[sort]} {direction}, i.started_at DESC, i.id"


def inspection_ids(
    db: sqlite_utils.Database,
    flt: HistoryFilter | None = None,
    *,
    sort: str = "started_at",
    descending: bool = True,
) -> list[str]:
    """Ids of the inspections matching the filter, in the asked order (ties: newest first)."""
    clauses, params, joins = _where(flt or HistoryFilter())
    if sort == "inspector":
        joins.add("p")
    if sort == "site_type":
        joins.add("t")
    join_sql = " ".join(_JOINS[key] for key in sorted(joins))
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    sql = (
        f"SELECT i.id FROM inspections i JOIN sites s ON s.id = i.site_id {join_sql} {where}"
        f" ORDER BY {_sort_sql(sort, descending)}"
    )
    return [row[0] for row in db.execute(sql, params)]


_ROW_SQL = (
    f"SELECT i.id, i.started_at, i.local_date, i.finished_at, {voids.shown_status('i')}, i.mode, s.id, s.code,"
    " s.name, s.district,"
    " s.street, s.address, s.site_type, COALESCE(t.name, s.site_type), i.inspector_id,"
    " COALESCE(p.name, i.inspector_id), (SELECT COUNT(*) FROM findings f WHERE f.inspection_id = i.id),"
    " i.problem_count, i.deduction_total, i.score"
    f" FROM inspections i JOIN sites s ON s.id = i.site_id {_JOINS['p']} {_JOINS['t']}"
)


def inspection_rows(db: sqlite_utils.Database, ids: Sequence[str]) -> list[HistoryRow]:
    """The history rows of these inspections, in the order of `ids` (unknown ids are skipped)."""
    found: dict[str, HistoryRow] = {}
    for start in range(0, len(ids), PAGE_LIMIT):
        chunk = list(ids[start : start + PAGE_LIMIT])
        sql = f"{_ROW_SQL} WHERE i.id IN ({','.join('?' * len(chunk))})"
        for row in db.execute(sql, chunk):
            found[row[0]] = HistoryRow(*row)
    return [found[i] for i in ids if i in found]


def inspection_detail(db: sqlite_utils.Database, inspection_id: str) -> InspectionDetail:
    """One inspection with its site, inspector, current findings (checklist order) and photos."""
    inspection = inspections.get_inspection(db, inspection_id)
    site = sites.get_site(db, inspection.site_id)
    cat = catalog_mod.get_catalog(db, inspection.catalog_version)
    checklist = inspections.inspection_checklist(db, inspection)
    position = {code: index for index, code in enumerate(checklist.codes)}
    row = db.execute("SELECT name FROM inspectors WHERE id = ?", [inspection.inspector_id]).fetchone()
    categories = {c.code: c.name for c in cat.categories}
    lines: list[FindingLine] = []
    for finding in sorted(
        inspections.current_findings(db, inspection_id),
        key=lambda f: (position.get(f.item_code, len(position)), f.item_code),
    ):
        item = cat.item(finding.item_code)
        lines.append(
            FindingLine(
                finding=finding,
                item_text=item.text,
                category=item.category,
                category_name=categories.get(item.category, item.category),
                severity=item.severity,
                photo_required=item.photo_required,
            )
        )
    photos = list(dict.fromkeys(sha for line in lines for sha in line.finding.photos))
    return InspectionDetail(
        inspection=inspection,
        site=site,
        site_type_name=checklist.site_type_name,
        inspector_name=row[0] if row else inspection.inspector_id,
        catalog_name=cat.name,
        answered=len(lines),
        total=len(checklist.codes),
        findings=lines,
        photos=photos,
        void=voids.void_of(db, inspection_id),
    )
