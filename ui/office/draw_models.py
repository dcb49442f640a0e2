"""Tables of the draw page: the sites (and inspectors) a draw chose, and the recorded draws."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from inspector import catalog
from inspector.errors import NotFoundError
from inspector.register import draw, sites
from ui.pages import labels
from ui.widgets.table_model import ListColumn, ListTableModel

KINDS = {
    "sites": QT_TRANSLATE_NOOP("DrawsModel", "Sites"),
    "inspectors": QT_TRANSLATE_NOOP("DrawsModel", "Sites and inspectors"),
}
SEED_SOURCES = {
    "given": QT_TRANSLATE_NOOP("DrawsModel", "given"),
    "os": QT_TRANSLATE_NOOP("DrawsModel", "random"),
}


def kind_text(kind: str) -> str:
    """What a draw chose, in words."""
    return QCoreApplication.translate("DrawsModel", KINDS[kind]) if kind in KINDS else kind


def seed_source_text(source: str) -> str:
    """Whether the seed was typed in or generated."""
    return QCoreApplication.translate("DrawsModel", SEED_SOURCES[source]) if source in SEED_SOURCES else source


@dataclass(frozen=True)
class DrawnSite:
    """One site a draw chose, with the inspectors assigned to it (empty for a draw of sites only)."""

    code: str
    name: str
    district: str
    site_type: str
    inspectors: tuple[str, ...]


def drawn_sites(db: object, made: draw.Draw) -> list[DrawnSite]:
    """The sites of a draw in draw order, with inspector names for an inspector draw."""
    types = {t.code: t.name for t in catalog.get_catalog(db).site_types}
    if made.kind == "inspectors":
        site_ids = list(made.params["site_ids"])
        people = made.params.get("inspectors", {})
        assigned = made.result if isinstance(made.result, dict) else {}
    else:
        site_ids, people, assigned = list(made.result), {}, {}
    rows = []
    for sid in site_ids:
        try:
            site = sites.get_site(db, sid)
            code, name, district, kind = site.code, site.name, site.district, types.get(site.site_type, site.site_type)
        except NotFoundError:
            info = made.params.get("sites", {}).get(sid, {})
            code, name, district, kind = info.get("code", sid), info.get("name", ""), info.get("district", ""), ""
        names = tuple(
            QCoreApplication.translate("DrawnSitesModel", "{name} ({id})").format(
                name=people.get(p, {}).get("name", p), id=p
            )
            for p in assigned.get(sid, [])
        )
        rows.append(DrawnSite(code, name, district, kind, names))
    return rows


def candidates_text(made: draw.Draw) -> str:
    """How many candidates the draw chose from: sites, or inspectors for an inspector draw."""
    if made.kind == "inspectors":
        text = QCoreApplication.translate("DrawsModel", "{count} candidate inspector(s)")
    else:
        text = QCoreApplication.translate("DrawsModel", "{count} candidate site(s)")
    return text.format(count=len(made.candidates))


def task_count(made: draw.Draw) -> int:
    """How many tasks a task pack from this draw holds."""
    if made.kind == "inspectors" and isinstance(made.result, dict):
        return sum(len(people) for people in made.result.values())
    return len(made.result)


class DrawnSitesModel(ListTableModel):
    """The sites of one draw (DrawnSite records)."""

    CONTEXT = "DrawnSitesModel"
    COLUMNS = (
        ListColumn(QT_TRANSLATE_NOOP("DrawnSitesModel", "Code"), lambda r: r.code),
        ListColumn(QT_TRANSLATE_NOOP("DrawnSitesModel", "Site"), lambda r: r.name),
        ListColumn(QT_TRANSLATE_NOOP("DrawnSitesModel", "District"), lambda r: r.district),
        ListColumn(QT_TRANSLATE_NOOP("DrawnSitesModel", "Site type"), lambda r: r.site_type),
        ListColumn(
            QT_TRANSLATE_NOOP("DrawnSitesModel", "Inspectors"),
            lambda r: (
                QCoreApplication.translate("DrawnSitesModel", ", ").join(r.inspectors)
                if r.inspectors
                else QCoreApplication.translate("DrawnSitesModel", "Any inspector")
            ),
        ),
    )


class DrawsModel(ListTableModel):
    """Recorded draws of sites and inspectors (Draw records), newest first."""

    CONTEXT = "DrawsModel"
    COLUMNS = (
        ListColumn(QT_TRANSLATE_NOOP("DrawsModel", "Drawn"), lambda d: labels.local_time(d.created_at)),
        ListColumn(QT_TRANSLATE_NOOP("DrawsModel", "Kind"), lambda d: kind_text(d.kind)),
        ListColumn(QT_TRANSLATE_NOOP("DrawsModel", "Tasks"), lambda d: str(task_count(d)), True),
        ListColumn(QT_TRANSLATE_NOOP("DrawsModel", "Seed"), lambda d: d.seed, tooltip=lambda d: d.seed),
    )
