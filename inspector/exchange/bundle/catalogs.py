"""Catalog versions carried in bundles and task packs: canonical text, checked by hashing before it is stored."""

from __future__ import annotations

import hashlib
from typing import Any

from inspector import catalog as catalog_mod
from inspector import strictjson
from inspector.catalog import Catalog, Category, Item, SiteType
from inspector.envelope import Refusal, describe

CATALOG_DEPTH = 8


def catalog_from_canonical(version: str, name: str, canonical: str) -> Catalog:
    """Rebuild a catalog from its canonical JSON; Refusal unless it hashes to `version` and re-encodes identically."""
    data = canonical.encode("utf-8")
    if hashlib.sha256(data).hexdigest() != version:
        raise Refusal("catalog_hash", f"负面清单 {version[:12]} 的内容与其版本号（SHA-256）不符")
    try:
        doc: Any = strictjson.loads(canonical, what="负面清单", max_depth=CATALOG_DEPTH)
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
