"""Catalog versions in the workspace database: import (every version kept), the current one, reading back."""

from __future__ import annotations

import json
import sqlite3
import weakref
from collections.abc import Mapping
from pathlib import Path

import sqlite_utils

from inspector.catalog.model import Catalog, Category, Item, SiteType
from inspector.catalog.readers import load_catalog
from inspector.catalog.validate import normalized
from inspector.changes import writes
from inspector.errors import InspectorError, NotFoundError
from inspector.ids import to_iso, utc_now
from inspector.store import backup, get_setting, set_setting, transaction

CURRENT_SETTING = "current_catalog"

_CACHE: weakref.WeakKeyDictionary[sqlite_utils.Database, dict[str, Catalog]] = weakref.WeakKeyDictionary()


def store_catalog(conn: sqlite3.Connection, catalog: Catalog, *, source: str, imported_at: str) -> bool:
    """Store a catalog version inside an open transaction unless it is already there; True when added."""
    version = catalog.version
    if conn.execute("SELECT 1 FROM catalog_versions WHERE version = ?", [version]).fetchone():
        return False
    conn.execute(
        "INSERT INTO catalog_versions(version, name, source, imported_at, item_count, canonical)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [version, catalog.name, source, imported_at, len(catalog.items), catalog.canonical_json().decode("utf-8")],
    )
    conn.executemany(
        "INSERT INTO catalog_site_types(version, code, name, position) VALUES (?, ?, ?, ?)",
        [(version, s.code, s.name, i) for i, s in enumerate(catalog.site_types)],
    )
    conn.executemany(
        "INSERT INTO catalog_categories(version, code, name, position) VALUES (?, ?, ?, ?)",
        [(version, c.code, c.name, i) for i, c in enumerate(catalog.categories)],
    )
    conn.executemany(
        "INSERT INTO catalog_items(version, code, position, category, text, site_types, severity, deduction,"
        " responsible_unit, rectify_days, photo_required) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                version,
                item.code,
                position,
                item.category,
                item.text,
                json.dumps(list(item.site_types), ensure_ascii=False),
                item.severity,
                item.deduction,
                item.responsible_unit,
                item.rectify_days,
                int(item.photo_required),
            )
            for position, item in enumerate(catalog.items)
        ],
    )
    return True


@writes("catalog")
def import_catalog(db: sqlite_utils.Database, catalog: Catalog, *, source: str, make_current: bool = True) -> str:
    """Store a catalog version (once; re-importing keeps the one row) and optionally make it current."""
    catalog = normalized(catalog, source)
    backup.before_operation(db, "catalog")
    with transaction(db) as conn:
        store_catalog(conn, catalog, source=source, imported_at=to_iso(utc_now()))
        if make_current:
            set_setting(conn, CURRENT_SETTING, catalog.version)
    return catalog.version


@writes("catalog")
def import_catalog_file(
    db: sqlite_utils.Database,
    path: Path | str,
    *,
    base: Catalog | None = None,
    default_deductions: Mapping[str, float] | None = None,
    make_current: bool = True,
    accept_new: bool = False,
) -> str:
    """Load, validate and import a negative-list file in one step; nothing is written if it has problems.

    New categories or site types the file names are imported only with `accept_new` (NewDefinitionsError otherwise).
    """
    catalog = load_catalog(path, base=base, default_deductions=default_deductions, accept_new=accept_new)
    return import_catalog(db, catalog, source=Path(path).name, make_current=make_current)


def current_version(db: sqlite_utils.Database) -> str | None:
    """The version of the catalog new inspections use, or None before any import."""
    return get_setting(db, CURRENT_SETTING)


def _require_version(db: sqlite_utils.Database, version: str) -> str:
    row = db.execute("SELECT name FROM catalog_versions WHERE version = ?", [version]).fetchone()
    if row is None:
        raise NotFoundError(f"没有版本号为 {version[:12]} 的负面清单")
    return row[0]


@writes("catalog")
def set_current_version(db: sqlite_utils.Database, version: str) -> None:
    """Make an already imported catalog version the current one."""
    _require_version(db, version)
    with transaction(db) as conn:
        set_setting(conn, CURRENT_SETTING, version)


def get_catalog(db: sqlite_utils.Database, version: str | None = None) -> Catalog:
    """A stored catalog version (None = the current one), rebuilt exactly as it was imported."""
    if version is None:
        version = current_version(db)
        if version is None:
            raise NotFoundError("工作区还没有导入负面清单")
    cached = _CACHE.get(db, {}).get(version)
    if cached is not None:
        return cached
    name = _require_version(db, version)
    site_types = tuple(
        SiteType(code, label)
        for code, label in db.execute(
            "SELECT code, name FROM catalog_site_types WHERE version = ? ORDER BY position", [version]
        )
    )
    categories = tuple(
        Category(code, label)
        for code, label in db.execute(
            "SELECT code, name FROM catalog_categories WHERE version = ? ORDER BY position", [version]
        )
    )
    items = tuple(
        Item(code, category, text, tuple(json.loads(sites)), severity, deduction, unit, days, bool(photo))
        for code, category, text, sites, severity, deduction, unit, days, photo in db.execute(
            "SELECT code, category, text, site_types, severity, deduction, responsible_unit, rectify_days,"
            " photo_required FROM catalog_items WHERE version = ? ORDER BY position",
            [version],
        )
    )
    catalog = Catalog(name, site_types, categories, items)
    if catalog.version != version:
        raise InspectorError(f"负面清单 {version[:12]} 的存储内容与版本号不符，数据库可能已损坏")
    _CACHE.setdefault(db, {})[version] = catalog
    return catalog


def list_versions(db: sqlite_utils.Database) -> list[dict]:
    """Every catalog version ever imported, newest first, with a flag for the current one."""
    current = current_version(db)
    rows = db.execute(
        "SELECT version, name, source, imported_at, item_count FROM catalog_versions"
        " ORDER BY imported_at DESC, rowid DESC"
    ).fetchall()
    return [
        {
            "version": version,
            "name": name,
            "source": source,
            "imported_at": imported_at,
            "item_count": count,
            "current": version == current,
        }
        for version, name, source, imported_at, count in rows
    ]
