"""Catalog versions carried in bundles and task packs: canonical text, checked by hashing, stored on arrival."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from typing import Any

from inspector import catalog as catalog_mod
from inspector.bundle.envelope import Refusal, describe
from inspector.catalog import Catalog, Category, Item, SiteType


def catalog_from_canonical(version: str, name: str, canonical: str) -> Catalog:
    """Rebuild a catalog from its canonical JSON; Refusal unless it hashes to `version` and re-encodes identically."""
    data = canonical.encode("utf-8")
    if hashlib.sha256(data).hexdigest() != version:
        raise Refusal("catalog_hash", f"负面清单 {version[:12]} 的内容与其版本号（SHA-256）不符")
    try:
        doc: Any = json.loads(canonical)
        if doc.get("format") != catalog_mod.FORMAT:
            raise ValueError(f"unknown catalog format {doc.get('format')!r}")
        site_types = tuple(SiteType(str(code), str(label)) for code, label in doc["site_types"])
        categories = tuple(Category(str(code), str(label)) for code, label in doc["categories"])
        items = tuple(
            Item(
                code=entry["code"],
                category=entry["category"],
                text=entry["text"],
                site_types=tuple(entry["site_types"]),
                severity=entry["severity"],
                deduction=float(entry["deduction"]),
                responsible_unit=entry["responsible_unit"],
                rectify_days=int(entry["rectify_days"]),
                photo_required=bool(entry["photo_required"]),
            )
            for entry in doc["items"]
        )
        rebuilt = Catalog(name, site_types, categories, items)
        same = rebuilt.canonical_json() == data
    except Exception as exc:
        raise Refusal("catalog_hash", f"负面清单 {version[:12]} 的内容无法解析（{describe(exc)}）") from None
    if not same:
        raise Refusal("catalog_hash", f"负面清单 {version[:12]} 的内容不是规范格式")
    return rebuilt


def store_catalog(conn: sqlite3.Connection, catalog: Catalog, *, source: str, imported_at: str) -> bool:
    """Store a verified catalog version inside an open transaction unless it is already there; True when added."""
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
