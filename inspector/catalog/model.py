"""The negative list as data: site types, categories, items, and the catalog with its canonical form and version."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from inspector.errors import NotFoundError

SEVERITIES = ("minor", "major", "severe")
SEVERITY_LABELS = {"minor": "一般", "major": "较重", "severe": "严重"}
FORMAT = "inspector-catalog/1"


@dataclass(frozen=True)
class SiteType:
    """A kind of site (点位类型), e.g. `market` 农贸市场."""

    code: str
    name: str


@dataclass(frozen=True)
class Category:
    """A group of items (类别), e.g. `ENV` 环境卫生."""

    code: str
    name: str


@dataclass(frozen=True)
class Item:
    """One observable problem on the negative list (条目)."""

    code: str
    category: str
    text: str
    site_types: tuple[str, ...]
    severity: str
    deduction: float
    responsible_unit: str
    rectify_days: int
    photo_required: bool


@dataclass(frozen=True)
class Catalog:
    """A whole negative list; immutable, identified by the SHA-256 of its canonical form."""

    name: str
    site_types: tuple[SiteType, ...]
    categories: tuple[Category, ...]
    items: tuple[Item, ...]

    def canonical_json(self) -> bytes:
        """The canonical JSON bytes the version is computed from (the name is not part of it)."""
        return self._canonical

    @cached_property
    def _canonical(self) -> bytes:
        order = {site_type.code: index for index, site_type in enumerate(self.site_types)}
        items = [
            {
                "code": item.code,
                "category": item.category,
                "text": item.text,
                "site_types": sorted(item.site_types, key=lambda code: (order.get(code, len(order)), code)),
                "severity": item.severity,
                "deduction": format_deduction(item.deduction),
                "responsible_unit": item.responsible_unit,
                "rectify_days": item.rectify_days,
                "photo_required": item.photo_required,
            }
            for item in sorted(self.items, key=lambda item: item.code)
        ]
        document = {
            "format": FORMAT,
            "site_types": [[site_type.code, site_type.name] for site_type in self.site_types],
            "categories": [[category.code, category.name] for category in self.categories],
            "items": items,
        }
        return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")

    @cached_property
    def version(self) -> str:
        """SHA-256 hex of the canonical form."""
        return hashlib.sha256(self._canonical).hexdigest()

    @cached_property
    def _by_code(self) -> dict[str, Item]:
        return {item.code: item for item in self.items}

    def item(self, code: str) -> Item:
        """The item with this code; NotFoundError when the list has none."""
        try:
            return self._by_code[code]
        except KeyError:
            raise NotFoundError(f"负面清单中没有条目“{code}”") from None

    def site_type_name(self, code: str) -> str:
        """The Chinese name of a site type code."""
        for site_type in self.site_types:
            if site_type.code == code:
                return site_type.name
        raise NotFoundError(f"负面清单中没有点位类型“{code}”")

    def category_name(self, code: str) -> str:
        """The Chinese name of a category code."""
        for category in self.categories:
            if category.code == code:
                return category.name
        raise NotFoundError(f"负面清单中没有类别“{code}”")

    @cached_property
    def _by_site_type(self) -> dict[str, tuple[Item, ...]]:
        position = {category.code: index for index, category in enumerate(self.categories)}
        ordered = sorted(self.items, key=lambda item: (position.get(item.category, len(position)), item.code))
        return {t.code: tuple(item for item in ordered if t.code in item.site_types) for t in self.site_types}

    def items_for_site_type(self, site_type: str) -> list[Item]:
        """The checklist for one site type, ordered by category position, then item code."""
        return list(self._by_site_type.get(site_type, ()))


def format_deduction(value: float) -> str:
    """A deduction as a plain decimal string without exponent or trailing zeros, e.g. 1.0 -> "1"."""
    return format(Decimal(str(value)).normalize(), "f")
