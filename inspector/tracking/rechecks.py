"""Which inspections recheck (复查) which: `recheck_of` links, chains of rechecks, and inspections made from a
recorded recheck draw (a task pack does not carry `recheck_of`, so the draw's params name the originals per site).
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import sqlite_utils

from inspector import voids
from inspector.store.queries import current_revision

# The current answer to every item of a set of inspections: one query for all the rechecks a view reads. CROSS
# JOIN fixes the order (the ids, then their findings), whatever statistics say.
OUTCOMES_SQL = f"""
SELECT f.inspection_id, f.item_code, r.outcome, f.id
FROM json_each(?) j CROSS JOIN findings f ON f.inspection_id = j.value
CROSS JOIN finding_revisions r ON r.finding_id = f.id
 AND {current_revision()}
"""


class RecheckGraph:
    """Which inspections recheck which: `recheck_of` links and inspections made from recorded recheck draws."""

    def __init__(self, db: sqlite_utils.Database, *, voided: bool = False, sites: Iterable[str] | None = None):
        """`voided=True` keeps voided inspections' links (to find what a void changes); statuses never use them.
        `sites` reads only the links at those sites (a recheck is at the site it rechecks): all there are there."""
        self.db = db
        self._voided = voided
        # `+`: the links through the index of rechecks (a few per cent of inspections), not every inspection of the
        # sites (a bundle's sites may be most of a small city's)
        self._at = "" if sites is None else " AND +i.site_id IN (SELECT value FROM json_each(?))"
        self._sites = [] if sites is None else [json.dumps(sorted(set(sites)))]
        self.children: dict[str, list[tuple[str, str, str]]] = {}
        self.parents: dict[str, set[str]] = {}
        self._loaded: set[str] = set()
        self._outcomes: dict[tuple[str, str], tuple[str, str]] = {}
        rows = db.execute(
            "SELECT id, recheck_of, local_date, started_at FROM inspections i"
            f" WHERE +status = 'finished' AND recheck_of IS NOT NULL AND {self._not_voided()}{self._at}",
            self._sites,
        ).fetchall()
        for child, parent, day, started in rows:
            self._link(parent, child, day, started)
        for child, parents, day, started in self._drawn():
            for parent in parents:
                self._link(parent, child, day, started)

    def _not_voided(self) -> str:
        return "1" if self._voided else voids.not_voided("i")

    def _link(self, parent: str, child: str, day: str, started: str) -> None:
        parents = self.parents.setdefault(child, set())
        if parent not in parents:
            parents.add(parent)
            self.children.setdefault(parent, []).append((child, day, started))

    def _drawn(self) -> list[tuple[str, list[str], str, str]]:
        """Inspections made from a recorded recheck draw (through task packs): (id, originals, date, start)."""
        draws = {
            row[0]: json.loads(row[1]).get("rechecks", {})
            for row in self.db.execute(
                "SELECT id, params FROM draws WHERE kind = 'sites' AND json_extract(params, '$.purpose') = 'recheck'"
            )
        }
        if not draws:
            return []
        via = {
            row[0]: row[1]
            for row in self.db.execute(
                "SELECT id, json_extract(params, '$.site_draw_id') FROM draws WHERE kind = 'inspectors'"
            )
            if row[1] in draws
        }
        ids = [*draws, *via]
        rows = self.db.execute(
            "SELECT id, draw_id, site_id, local_date, started_at FROM inspections i WHERE +status = 'finished'"
            f" AND {self._not_voided()} AND draw_id IN ({','.join('?' * len(ids))}){self._at}",
            [*ids, *self._sites],
        ).fetchall()
        wanted = {o for _c, d, site, _day, _s in rows for o in draws[via.get(d, d)].get(site, [])}
        starts = dict(
            self.db.execute(
                f"SELECT id, started_at FROM inspections WHERE id IN ({','.join('?' * len(wanted))})", list(wanted)
            ).fetchall()
        )
        found = []
        for child, draw_id, site_id, day, started in rows:
            originals = [
                o for o in draws[via.get(draw_id, draw_id)].get(site_id, []) if starts.get(o, started) < started
            ]
            found.append((child, originals, day, started))
        return found

    def descendants(self, inspection_id: str) -> list[tuple[str, str, str]]:
        """Every recheck after an inspection, through chains of rechecks: (id, local date, start), in time order."""
        seen: dict[str, tuple[str, str, str]] = {}
        todo = [inspection_id]
        while todo:
            for child in self.children.get(todo.pop(), []):
                if child[0] not in seen:
                    seen[child[0]] = child
                    todo.append(child[0])
        return sorted(seen.values(), key=lambda c: c[2])

    def ancestors(self, inspection_id: str) -> set[str]:
        """The inspections this one rechecks, directly or through a chain."""
        seen: set[str] = set()
        todo = [inspection_id]
        while todo:
            for parent in self.parents.get(todo.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return seen

    def preload(self, inspection_ids: Iterable[str]) -> None:
        """Read the current answers of these inspections in one query, for `outcome` to serve from memory."""
        ids = sorted(set(inspection_ids) - self._loaded)
        if not ids:
            return
        for inspection_id, item_code, outcome, finding_id in self.db.execute(OUTCOMES_SQL, [json.dumps(ids)]):
            self._outcomes[(inspection_id, item_code)] = (outcome, finding_id)
        self._loaded.update(ids)

    def outcome(self, inspection_id: str, item_code: str) -> tuple[str, str] | None:
        """(outcome, finding id) of the current answer to an item in an inspection, if it was answered."""
        if inspection_id in self._loaded:
            return self._outcomes.get((inspection_id, item_code))
        row = self.db.execute(
            "SELECT r.outcome, f.id FROM findings f JOIN finding_revisions r ON r.finding_id = f.id"
            " WHERE f.inspection_id = ? AND f.item_code = ? ORDER BY r.rev DESC LIMIT 1",
            [inspection_id, item_code],
        ).fetchone()
        return None if row is None else (row[0], row[1])
