"""Checklists: the catalog items that apply to a site's type, grouped by category in a stable order."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

import sqlite_utils

from inspector import catalog as catalog_mod
from inspector.catalog import Catalog, Item
from inspector.errors import DrawError, NotFoundError
from inspector.register import draw as draw_mod
from inspector.register import sites as sites_mod
from inspector.store import transaction

MODES = ("announced", "unannounced")
MODE_LABELS = {"announced": "明察", "unannounced": "暗访"}


@dataclass(frozen=True)
class ChecklistGroup:
    """One category's items in a checklist."""

    category: str
    name: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Checklist:
    """What an inspector checks at one site: items grouped by category, under one catalog version."""

    catalog_version: str
    site_type: str
    site_type_name: str
    mode: str
    groups: tuple[ChecklistGroup, ...]
    sample_draw_id: str | None = None

    @property
    def items(self) -> list[Item]:
        """All items in display order."""
        return [item for group in self.groups for item in group.items]

    @property
    def codes(self) -> list[str]:
        """Item codes in display order."""
        return [item.code for item in self.items]

    def as_dict(self) -> dict[str, object]:
        """JSON-able form for the command line."""
        return {
            "catalog_version": self.catalog_version,
            "site_type": self.site_type,
            "site_type_name": self.site_type_name,
            "mode": self.mode,
            "sample_draw_id": self.sample_draw_id,
            "groups": [
                {
                    "category": g.category,
                    "name": g.name,
                    "items": [
                        {
                            "code": i.code,
                            "text": i.text,
                            "severity": i.severity,
                            "deduction": i.deduction,
                            "responsible_unit": i.responsible_unit,
                            "rectify_days": i.rectify_days,
                            "photo_required": i.photo_required,
                        }
                        for i in g.items
                    ],
                }
                for g in self.groups
            ],
        }


def _check_mode(mode: str) -> None:
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, not {mode!r}")


def build_checklist(
    catalog: Catalog, site_type: str, *, mode: str, only: list[str] | None = None, sample_draw_id: str | None = None
) -> Checklist:
    """The checklist for a site type (all applicable items, or only the codes in `only`)."""
    _check_mode(mode)
    name = catalog.site_type_name(site_type)
    items = catalog.items_for_site_type(site_type)
    if only is not None:
        wanted = set(only)
        items = [item for item in items if item.code in wanted]
    # items_for_site_type orders by category position, so each category's items are consecutive.
    groups = [
        ChecklistGroup(code, catalog.category_name(code), tuple(members))
        for code, members in groupby(items, key=lambda item: item.category)
    ]
    return Checklist(catalog.version, site_type, name, mode, tuple(groups), sample_draw_id)


def sample_items(
    db: sqlite_utils.Database, checklist: Checklist, count: int, *, seed: str | None = None, site_id: str | None = None
) -> Checklist:
    """A seeded random sample of `count` items from a checklist, recorded like a draw."""
    codes = checklist.codes
    if count < 1 or count > len(codes):
        raise DrawError(f"抽查条目数应在 1 到 {len(codes)} 之间，而不是 {count}")
    seed_value, seed_source = draw_mod.new_seed(seed)
    chosen = draw_mod.pick(seed_value, codes, count)
    with transaction(db) as conn:
        record = draw_mod.record_draw(
            conn,
            kind="items",
            seed=seed_value,
            seed_source=seed_source,
            candidates=sorted(codes),
            params={
                "count": count,
                "catalog_version": checklist.catalog_version,
                "site_type": checklist.site_type,
                "site_id": site_id,
            },
            result=chosen,
        )
    catalog = catalog_mod.get_catalog(db, checklist.catalog_version)
    return build_checklist(catalog, checklist.site_type, mode=checklist.mode, only=chosen, sample_draw_id=record.id)


def checklist_for_site(
    db: sqlite_utils.Database,
    site_id: str,
    *,
    mode: str,
    version: str | None = None,
    sample: int | None = None,
    seed: str | None = None,
) -> Checklist:
    """The checklist for a registered site under the current (or named) catalog version."""
    site = sites_mod.get_site(db, site_id)
    checklist = build_checklist(catalog_mod.get_catalog(db, version), site.site_type, mode=mode)
    if sample is not None:
        checklist = sample_items(db, checklist, sample, seed=seed, site_id=site.id)
    return checklist


def checklist_for_site_type(
    db: sqlite_utils.Database, site_type: str, *, mode: str, version: str | None = None
) -> Checklist:
    """The checklist for a site type, without a particular site."""
    catalog = catalog_mod.get_catalog(db, version)
    if site_type not in {t.code for t in catalog.site_types}:
        raise NotFoundError(f"负面清单中没有点位类型“{site_type}”")
    return build_checklist(catalog, site_type, mode=mode)
