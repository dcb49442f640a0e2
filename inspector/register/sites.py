"""The site register (点位): import from CSV/XLSX with stable ids, field additions, queries."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils

from inspector.changes import NOTHING, OpChanges, writes
from inspector.errors import NotFoundError, Problem, ValidationError
from inspector.ids import to_iso, utc_now, uuid7
from inspector.store import transaction
from inspector.tabular import match_headers, normalize_header, read_table

FIELDS = ("code", "name", "site_type", "district", "street", "address", "responsible_unit")
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "code": ("点位编号", "编号", "点位代码", "code", "site code", "site id"),
    "name": ("点位名称", "名称", "name", "site name"),
    "site_type": ("点位类型", "类型", "site type", "type"),
    "district": ("所属区", "区", "区县", "所属区县", "district"),
    "street": ("街道", "所属街道", "街道（乡镇）", "street"),
    "address": ("地址", "详细地址", "address"),
    "responsible_unit": ("责任单位", "responsible unit", "unit"),
}
REQUIRED_COLUMNS = ("code", "name", "site_type", "district", "street")
REQUIRED_VALUES = ("code", "name", "site_type", "district", "street")
LABELS = {name: aliases[0] for name, aliases in HEADER_ALIASES.items()}

SiteFilter = str | Sequence[str] | None


@dataclass(frozen=True)
class Site:
    """One place on the register: where it is, what kind of place, who answers for it."""

    id: str
    code: str
    name: str
    site_type: str
    district: str
    street: str
    address: str
    responsible_unit: str
    origin: str
    active: bool


@dataclass(frozen=True)
class SiteImportReport:
    """What an import changed in the register."""

    added: int
    updated: int
    unchanged: int
    deactivated: int

    @property
    def changes(self) -> OpChanges:
        """The register when the import added, updated or deactivated a site; NOTHING when all were unchanged."""
        return OpChanges.of("sites") if self.added or self.updated or self.deactivated else NOTHING


def _type_lookup(site_types: Mapping[str, str]) -> dict[str, str]:
    """Every accepted spelling of a site type (code, name, name parts) → code; ambiguous spellings dropped."""
    candidates: dict[str, set[str]] = {}

    def add(text: str, code: str) -> None:
        key = normalize_header(text)
        if key:
            candidates.setdefault(key, set()).add(code)

    for code, name in site_types.items():
        add(code, code)
        add(name, code)
        plain = re.sub(r"[（(][^）)]*[）)]", "", name)
        add(plain, code)
        for part in re.split(r"[/／、]", plain):
            add(part, code)
    exact = {normalize_header(code): code for code in site_types}
    lookup = {key: next(iter(codes)) for key, codes in candidates.items() if len(codes) == 1}
    lookup.update(exact)
    return lookup


def resolve_site_type(text: str, site_types: Mapping[str, str]) -> str | None:
    """The site-type code for a code or Chinese name (e.g. "农贸市场" → market), or None when unknown."""
    return _type_lookup(site_types).get(normalize_header(text))


def load_site_register(path: Path | str, *, site_types: Mapping[str, str]) -> list[dict[str, Any]]:
    """Read and check a site register file; returns one dict per site (FIELDS plus "row") or raises all problems."""
    table = read_table(path)
    mapping, problems = match_headers(table, HEADER_ALIASES, REQUIRED_COLUMNS)
    if problems:
        raise ValidationError(problems)
    if not table.rows:
        raise ValidationError([Problem(table.file, None, None, "文件中没有点位数据")])
    lookup = _type_lookup(site_types)
    seen: dict[str, int] = {}
    sites: list[dict[str, Any]] = []
    for number, cells in table.rows:
        site: dict[str, Any] = {name: cells.get(mapping[name], "") if name in mapping else "" for name in FIELDS}
        site["row"] = number
        for name in REQUIRED_VALUES:
            if not site[name]:
                problems.append(Problem(table.file, number, LABELS[name], f"“{LABELS[name]}”不能为空"))
        if site["site_type"]:
            code = lookup.get(normalize_header(site["site_type"]))
            if code is None:
                problems.append(
                    Problem(table.file, number, LABELS["site_type"], f"未知的点位类型“{site['site_type']}”")
                )
            else:
                site["site_type"] = code
        if site["code"]:
            if site["code"] in seen:
                problems.append(
                    Problem(
                        table.file,
                        number,
                        LABELS["code"],
                        f"点位编号“{site['code']}”与第{seen[site['code']]}行重复",
                    )
                )
            else:
                seen[site["code"]] = number
        sites.append(site)
    if problems:
        raise ValidationError(problems)
    return sites


def _row_to_site(row: Mapping[str, Any]) -> Site:
    return Site(
        id=row["id"],
        code=row["code"],
        name=row["name"],
        site_type=row["site_type"],
        district=row["district"],
        street=row["street"],
        address=row["address"],
        responsible_unit=row["responsible_unit"],
        origin=row["origin"],
        active=bool(row["active"]),
    )


def import_sites(
    db: sqlite_utils.Database,
    path: Path | str,
    *,
    site_types: Mapping[str, str],
    deactivate_missing: bool = False,
) -> SiteImportReport:
    """Import a register file in one transaction: sites matched by code keep their id; nothing written on problems.

    With deactivate_missing, register sites absent from the file are marked inactive (field-added sites are kept).
    """
    incoming = load_site_register(path, site_types=site_types)
    now = to_iso(utc_now())
    added = updated = unchanged = deactivated = 0
    columns = FIELDS[1:]
    with transaction(db) as conn:
        existing = {
            row[0]: row
            for row in conn.execute(f"SELECT code, id, active, origin, {', '.join(columns)} FROM sites").fetchall()
        }
        for site in incoming:
            current = existing.get(site["code"])
            values = [site[name] for name in columns]
            if current is None:
                conn.execute(
                    f"INSERT INTO sites (id, code, {', '.join(columns)}, origin, active, created_at, updated_at)"
                    f" VALUES (?, ?, {', '.join('?' for _ in columns)}, 'register', 1, ?, ?)",
                    [uuid7(), site["code"], *values, now, now],
                )
                added += 1
            elif list(current[4:]) == values and current[2] == 1:
                unchanged += 1
            else:
                conn.execute(
                    f"UPDATE sites SET {', '.join(f'{c} = ?' for c in columns)}, active = 1, updated_at = ?"
                    " WHERE id = ?",
                    [*values, now, current[1]],
                )
                updated += 1
        if deactivate_missing:
            codes = {site["code"] for site in incoming}
            for code, row in existing.items():
                if code not in codes and row[2] == 1 and row[3] == "register":
                    conn.execute("UPDATE sites SET active = 0, updated_at = ? WHERE id = ?", [now, row[1]])
                    deactivated += 1
    return SiteImportReport(added=added, updated=updated, unchanged=unchanged, deactivated=deactivated)


@writes("sites")
def add_site(
    db: sqlite_utils.Database,
    *,
    name: str,
    site_type: str,
    district: str,
    street: str,
    address: str,
    responsible_unit: str,
    site_types: Mapping[str, str],
    code: str | None = None,
) -> Site:
    """Add a site found in the field (origin 'field'); its code defaults to "FLD-" + 8 hex chars of its id."""
    source = "新增点位"
    values = {
        "name": name.strip(),
        "site_type": site_type.strip(),
        "district": district.strip(),
        "street": street.strip(),
        "address": address.strip(),
        "responsible_unit": responsible_unit.strip(),
    }
    problems = [
        Problem(source, None, LABELS[field], f"“{LABELS[field]}”不能为空")
        for field in REQUIRED_VALUES
        if field != "code" and not values[field]
    ]
    if values["site_type"]:
        resolved = resolve_site_type(values["site_type"], site_types)
        if resolved is None:
            problems.append(Problem(source, None, LABELS["site_type"], f"未知的点位类型“{values['site_type']}”"))
        else:
            values["site_type"] = resolved
    new_id = uuid7()
    site_code = (code or "").strip() or "FLD-" + new_id.replace("-", "")[-8:]
    if db.execute("SELECT 1 FROM sites WHERE code = ?", [site_code]).fetchone():
        problems.append(Problem(source, None, LABELS["code"], f"点位编号“{site_code}”已存在"))
    if problems:
        raise ValidationError(problems)
    now = to_iso(utc_now())
    columns = FIELDS[1:]
    with transaction(db) as conn:
        conn.execute(
            f"INSERT INTO sites (id, code, {', '.join(columns)}, origin, active, created_at, updated_at)"
            f" VALUES (?, ?, {', '.join('?' for _ in columns)}, 'field', 1, ?, ?)",
            [new_id, site_code, *(values[c] for c in columns), now, now],
        )
    return get_site(db, new_id)


@writes("sites")
def set_site_active(db: sqlite_utils.Database, id_or_code: str, active: bool) -> Site:
    """Mark a site active or inactive (inactive sites are kept but never drawn)."""
    site = get_site(db, id_or_code)
    with transaction(db) as conn:
        conn.execute(
            "UPDATE sites SET active = ?, updated_at = ? WHERE id = ?", [int(active), to_iso(utc_now()), site.id]
        )
    return get_site(db, site.id)


def get_site(db: sqlite_utils.Database, id_or_code: str) -> Site:
    """The site with this id or code; NotFoundError when there is none."""
    rows = list(db.query("SELECT * FROM sites WHERE id = ? OR code = ? ORDER BY id = ? DESC", [id_or_code] * 3))
    if not rows:
        raise NotFoundError(f"找不到点位“{id_or_code}”")
    return _row_to_site(rows[0])


def as_list(value: SiteFilter) -> list[str] | None:
    """A filter given as one string or several, as a sorted list; None (no filter) when empty."""
    if value is None:
        return None
    values = [value] if isinstance(value, str) else list(value)
    values = sorted({v for v in values if v is not None})
    return values or None


def list_sites(
    db: sqlite_utils.Database,
    *,
    district: SiteFilter = None,
    street: SiteFilter = None,
    site_type: SiteFilter = None,
    search: str | None = None,
    active_only: bool = True,
) -> list[Site]:
    """Sites matching the filters (each one value or several), ordered by district, street and name."""
    clauses: list[str] = []
    params: list[Any] = []
    for column, value in (("district", district), ("street", street), ("site_type", site_type)):
        values = as_list(value)
        if values is not None:
            clauses.append(f"{column} IN ({', '.join('?' for _ in values)})")
            params.extend(values)
    if search and search.strip():
        term = search.strip().lower()
        clauses.append(
            "(" + " OR ".join(f"instr(lower({c}), ?) > 0" for c in ("name", "address", "code", "street")) + ")"
        )
        params.extend([term] * 4)
    if active_only:
        clauses.append("active = 1")
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    sql = f"SELECT * FROM sites {where} ORDER BY district, street, name, code"
    return [_row_to_site(row) for row in db.query(sql, params)]


def districts(db: sqlite_utils.Database) -> list[str]:
    """Districts that have active sites, sorted."""
    rows = db.execute("SELECT DISTINCT district FROM sites WHERE active = 1 AND district != '' ORDER BY district")
    return [row[0] for row in rows]


def streets(db: sqlite_utils.Database, district: str | None = None) -> list[str]:
    """Streets that have active sites (optionally within one district), sorted."""
    sql = "SELECT DISTINCT street FROM sites WHERE active = 1 AND street != ''"
    params: list[Any] = []
    if district is not None:
        sql += " AND district = ?"
        params.append(district)
    return [row[0] for row in db.execute(sql + " ORDER BY street", params)]
