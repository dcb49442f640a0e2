"""The inspector roster (督查员): who can be drawn to inspect, and where they come from (for recusal)."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils

from inspector.errors import NotFoundError, Problem, ValidationError
from inspector.ids import to_iso, utc_now
from inspector.store import transaction
from inspector.tabular import match_headers, read_table

HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("编号", "督查员编号", "工号", "id"),
    "name": ("姓名", "督查员", "name"),
    "district": ("所属区", "区", "区县", "district"),
    "unit": ("单位", "所在单位", "工作单位", "unit"),
}
FIELDS = ("id", "name", "district", "unit")
LABELS = {name: aliases[0] for name, aliases in HEADER_ALIASES.items()}


@dataclass(frozen=True)
class Inspector:
    """One inspector: their district and unit decide which sites they must not inspect."""

    id: str
    name: str
    district: str
    unit: str
    active: bool


def _row_to_inspector(row: Mapping[str, Any]) -> Inspector:
    return Inspector(
        id=row["id"], name=row["name"], district=row["district"], unit=row["unit"], active=bool(row["active"])
    )


def load_roster(path: Path | str) -> list[dict[str, Any]]:
    """Read and check a roster file; returns one dict per inspector (FIELDS plus "row") or raises all problems."""
    table = read_table(path)
    mapping, problems = match_headers(table, HEADER_ALIASES, ("id", "name"))
    if problems:
        raise ValidationError(problems)
    if not table.rows:
        raise ValidationError([Problem(table.file, None, None, "文件中没有督查员数据")])
    seen: dict[str, int] = {}
    roster: list[dict[str, Any]] = []
    for number, cells in table.rows:
        person: dict[str, Any] = {name: cells.get(mapping[name], "") if name in mapping else "" for name in FIELDS}
        person["row"] = number
        for name in ("id", "name"):
            if not person[name]:
                problems.append(Problem(table.file, number, LABELS[name], f"“{LABELS[name]}”不能为空"))
        if person["id"]:
            if person["id"] in seen:
                message = f"编号“{person['id']}”与第{seen[person['id']]}行重复"
                problems.append(Problem(table.file, number, LABELS["id"], message))
            else:
                seen[person["id"]] = number
        roster.append(person)
    if problems:
        raise ValidationError(problems)
    return roster


def _upsert(conn: sqlite3.Connection, person: Mapping[str, str], now: str) -> str:
    """Insert or update one inspector inside a transaction; returns 'added', 'updated' or 'unchanged'."""
    row = conn.execute("SELECT name, district, unit, active FROM inspectors WHERE id = ?", [person["id"]]).fetchone()
    values = [person["name"], person["district"], person["unit"]]
    if row is None:
        conn.execute(
            "INSERT INTO inspectors (id, name, district, unit, active, created_at) VALUES (?, ?, ?, ?, 1, ?)",
            [person["id"], *values, now],
        )
        return "added"
    if list(row[:3]) == values and row[3] == 1:
        return "unchanged"
    conn.execute(
        "UPDATE inspectors SET name = ?, district = ?, unit = ?, active = 1 WHERE id = ?", [*values, person["id"]]
    )
    return "updated"


def import_roster(db: sqlite_utils.Database, path: Path | str) -> tuple[int, int]:
    """Import a roster file in one transaction; returns (added, updated), unchanged inspectors not counted."""
    roster = load_roster(path)
    now = to_iso(utc_now())
    with transaction(db) as conn:
        outcomes = [_upsert(conn, person, now) for person in roster]
    return outcomes.count("added"), outcomes.count("updated")


def add_inspector(db: sqlite_utils.Database, *, id: str, name: str, district: str = "", unit: str = "") -> Inspector:
    """Add an inspector or update the one with this id (and make them active)."""
    person = {"id": id.strip(), "name": name.strip(), "district": district.strip(), "unit": unit.strip()}
    problems = [
        Problem("督查员", None, LABELS[field], f"“{LABELS[field]}”不能为空")
        for field in ("id", "name")
        if not person[field]
    ]
    if problems:
        raise ValidationError(problems)
    with transaction(db) as conn:
        _upsert(conn, person, to_iso(utc_now()))
    return get_inspector(db, person["id"])


def set_inspector_active(db: sqlite_utils.Database, id: str, active: bool) -> Inspector:
    """Mark an inspector active or inactive (inactive inspectors are never drawn)."""
    get_inspector(db, id)
    with transaction(db) as conn:
        conn.execute("UPDATE inspectors SET active = ? WHERE id = ?", [int(active), id])
    return get_inspector(db, id)


def get_inspector(db: sqlite_utils.Database, id: str) -> Inspector:
    """The inspector with this id; NotFoundError when there is none."""
    rows = list(db.query("SELECT * FROM inspectors WHERE id = ?", [id]))
    if not rows:
        raise NotFoundError(f"找不到督查员“{id}”")
    return _row_to_inspector(rows[0])


def list_inspectors(db: sqlite_utils.Database, active_only: bool = True) -> list[Inspector]:
    """Inspectors ordered by id (active ones only unless asked)."""
    where = "WHERE active = 1" if active_only else ""
    return [_row_to_inspector(row) for row in db.query(f"SELECT * FROM inspectors {where} ORDER BY id")]
